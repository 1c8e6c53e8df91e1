//! The malformed-input generator: deterministic hostile documents, made at test time.
//!
//! [`small_cases`] gives over a thousand documents of at most a few hundred KB each (binary,
//! invalid UTF-8, NULs, control characters, BOMs and mixed encodings, broken HTML, entity
//! soup, right-to-left, CJK, zero-width and combining characters, quote and bracket storms,
//! odd dates…); [`big_cases`] gives the few large ones (a 100 MB page, 100,000-deep nesting,
//! a million-token sentence, 10,000 quotations, …); [`broken_jsonl_lines`] gives JSONL lines
//! that are not valid input objects. Nothing is committed: every byte comes from here.

/// One generated document.
pub struct Case {
    /// Unique name; also the file name stem and the JSONL id.
    pub name: String,
    /// File extension, which sets the input kind in path mode: `html` (raw page), `txt`
    /// (scraped page text) or `bin`.
    pub ext: &'static str,
    /// The document's bytes.
    pub bytes: Vec<u8>,
}

impl Case {
    fn new(name: impl Into<String>, ext: &'static str, bytes: impl Into<Vec<u8>>) -> Case {
        Case {
            name: name.into(),
            ext,
            bytes: bytes.into(),
        }
    }

    /// The file name in path mode.
    pub fn file_name(&self) -> String {
        format!("{}.{}", self.name, self.ext)
    }
}

/// xorshift64*: a small deterministic generator, so every run makes the same corpus.
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed (0 is replaced).
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    /// The next 64 random bits.
    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number below `n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// One of `items`.
    pub fn pick<'a, T: ?Sized>(&mut self, items: &[&'a T]) -> &'a T {
        items[self.below(items.len())]
    }

    /// `n` random bytes.
    pub fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next() as u8).collect()
    }
}

const SENTENCES: &[&str] = &[
    "Russia and China held talks in Beijing on Monday.",
    "Ukraine accused Russia of shelling Kharkiv, the ministry said.",
    "Israeli troops attacked a village near Gaza on Tuesday.",
    "Egypt condemned the attack and called for a ceasefire.",
    "President Biden met Japan's prime minister in Tokyo.",
    "\u{201c}We will not yield,\u{201d} said Ukraine\u{2019}s president.",
    "The UN Security Council praised the agreement signed last week.",
    "Rebels fired rockets at government troops near the border.",
    "Iran's foreign minister said Tehran would not negotiate under pressure.",
    "France and Germany signed an agreement on energy cooperation.",
];

const FOREIGN: &[&str] = &[
    "اتفقت مصر وإسرائيل على وقف إطلاق النار يوم الاثنين.",
    "הממשלה הודיעה על הפסקת אש בגבול הצפוני.",
    "中国和日本于周一在北京举行会谈。外交部发言人表示欢迎。",
    "東京で首脳会談が行われた。両国は合意に署名した。",
    "북한은 월요일 미사일을 발사했다고 합참이 밝혔다.",
    "Президент России встретился с главой Китая в Москве.",
    "Ο πρωθυπουργός συναντήθηκε με τον πρόεδρο της Τουρκίας.",
    "भारत और पाकिस्तान ने सीमा पर बातचीत की।",
    "ประเทศไทยและกัมพูชาลงนามข้อตกลงชายแดน",
];

/// Characters that are legal UTF-8 but hostile to text code.
const ODD_CHARS: &[&str] = &[
    "\u{200b}",
    "\u{200c}",
    "\u{200d}",
    "\u{feff}",
    "\u{2060}",
    "\u{00ad}",
    "\u{202e}",
    "\u{202d}",
    "\u{2066}",
    "\u{2069}",
    "\u{061c}",
    "\u{200f}",
    "\u{0301}",
    "\u{0336}",
    "\u{fffd}",
    "\u{e000}",
    "\u{10ffff}",
    "\u{1f600}",
    "\u{1f468}\u{200d}\u{1f469}\u{200d}\u{1f467}",
    "\u{00a0}",
    "\u{3000}",
    "\u{2028}",
    "\u{2029}",
    "\u{0085}",
    "\u{000b}",
    "\u{000c}",
    "\u{001b}",
    "\u{007f}",
    "\u{0000}",
    "\r",
    "\t",
    "İ",
    "ß",
    "ǅ",
    "ﬁ",
    "Ⅻ",
    "٣",
    "𝟘",
];

fn prose(rng: &mut Rng, n: usize) -> String {
    let mut s = String::new();
    for i in 0..n {
        if i > 0 {
            s.push_str(if rng.below(4) == 0 { "\n\n" } else { " " });
        }
        s.push_str(rng.pick(SENTENCES));
    }
    s
}

fn html_page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{title}</title></head>\
         <body><article><h1>{title}</h1>{body}</article></body></html>"
    )
}

fn paragraphs_html(text: &str) -> String {
    text.split("\n\n").map(|p| format!("<p>{p}</p>")).collect()
}

/// Inserts `what` at `count` random char boundaries of `s`.
fn sprinkle(rng: &mut Rng, s: &str, what: &[&str], count: usize) -> String {
    let mut out: Vec<String> = s.chars().map(String::from).collect();
    for _ in 0..count {
        let at = rng.below(out.len().max(1));
        let w = rng.pick(what).to_string();
        if out.is_empty() {
            out.push(w);
        } else {
            out[at].push_str(&w);
        }
    }
    out.concat()
}

/// Replaces `count` random bytes of `b` with bytes that break UTF-8.
fn break_utf8(rng: &mut Rng, mut b: Vec<u8>, count: usize) -> Vec<u8> {
    const BAD: &[&[u8]] = &[
        b"\xff",
        b"\xfe",
        b"\x80",
        b"\xbf",
        b"\xc0\x80",
        b"\xc1\xbf",
        b"\xe0\x80\x80",
        b"\xed\xa0\x80",
        b"\xed\xbf\xbf",
        b"\xf4\x90\x80\x80",
        b"\xf5\x80\x80\x80",
        b"\xf8\x88\x80\x80\x80",
        b"\xe2\x82",
        b"\xf0\x9f\x98",
    ];
    for _ in 0..count {
        let at = rng.below(b.len().max(1)).min(b.len());
        let bad = BAD[rng.below(BAD.len())];
        b.splice(at..at, bad.iter().copied());
    }
    b
}

fn latin1(s: &str) -> Vec<u8> {
    s.chars()
        .map(|c| if (c as u32) < 256 { c as u8 } else { b'?' })
        .collect()
}

fn utf16(s: &str, big_endian: bool, bom: bool) -> Vec<u8> {
    let mut out = Vec::new();
    if bom {
        out.extend_from_slice(if big_endian { b"\xfe\xff" } else { b"\xff\xfe" });
    }
    for u in s.encode_utf16() {
        out.extend_from_slice(&if big_endian {
            u.to_be_bytes()
        } else {
            u.to_le_bytes()
        });
    }
    out
}

/// Over a thousand small hostile documents (each well under 1 MB).
pub fn small_cases() -> Vec<Case> {
    let mut rng = Rng::new(0x00d1_ad5e_ed00_0001);
    let mut cases = Vec::new();
    let mut add = |name: String, ext: &'static str, bytes: Vec<u8>| {
        cases.push(Case::new(name, ext, bytes));
    };

    // 1. Binary: random bytes of many sizes, and real file-format headers.
    for (i, len) in [1, 2, 3, 7, 64, 511, 4096, 65_535, 65_537, 200_000]
        .into_iter()
        .enumerate()
    {
        for ext in ["bin", "txt", "html"] {
            add(format!("binary_{i}_{ext}"), ext, rng.bytes(len));
        }
    }
    let headers: &[&[u8]] = &[
        b"\x7fELF\x02\x01\x01\x00",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        b"\x1f\x8b\x08\x00\x00\x00\x00\x00",
        b"PK\x03\x04\x14\x00\x00\x00",
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n",
        b"GIF89a\x01\x00\x01\x00\x80\x00\x00",
        b"\xff\xd8\xff\xe0\x00\x10JFIF\x00",
        b"SQLite format 3\x00",
    ];
    for (i, h) in headers.iter().enumerate() {
        let mut b = h.to_vec();
        b.extend(rng.bytes(2000));
        add(format!("header_{i}"), "txt", b.clone());
        add(format!("header_{i}"), "html", b);
    }

    // 2. Invalid UTF-8 at random places (1..50 breaks), in pages and in HTML.
    for i in 0..120 {
        let text = prose(&mut rng, 1 + i % 12);
        let ext = if i.is_multiple_of(2) { "txt" } else { "html" };
        let base = if ext == "html" {
            html_page("Talks", &paragraphs_html(&text))
        } else {
            format!("Talks resume\n\n{text}")
        };
        let breaks = 1 + rng.below(50);
        add(
            format!("bad_utf8_{i}"),
            ext,
            break_utf8(&mut rng, base.into_bytes(), breaks),
        );
    }
    // Truncated in the middle of a multi-byte character.
    for (i, tail) in ["\u{201c}", "中", "\u{1f600}", "é"].iter().enumerate() {
        let mut b = format!("Russia and China held talks. {tail}").into_bytes();
        b.pop();
        add(format!("truncated_char_{i}"), "txt", b);
    }

    // 3. NULs and control characters, including past the 64 KB binary sniff window.
    for (i, at) in [0usize, 1, 100, 5_000, 65_535, 65_536, 70_000]
        .iter()
        .enumerate()
    {
        let mut text = prose(&mut rng, 400).into_bytes();
        let at = (*at).min(text.len());
        text.insert(at, 0);
        add(format!("nul_{i}"), "txt", text.clone());
        add(format!("nul_{i}"), "html", text);
    }
    for (i, pct) in [1usize, 5, 9, 11, 20, 50].iter().enumerate() {
        let text = prose(&mut rng, 20);
        let n = text.len() * pct / 100;
        let b = sprinkle(
            &mut rng,
            &text,
            &["\u{1}", "\u{2}", "\u{7}", "\u{8}", "\u{1f}"],
            n,
        );
        add(format!("controls_{i}"), "txt", b.into_bytes());
    }

    // 4. BOMs and other encodings.
    let sample = "Café talks: Iran and Iraq met in Baghdad. Über-diplomacy, naïve résumé — 5 €.";
    let encodings: Vec<(&str, Vec<u8>)> = vec![
        (
            "bom_utf8",
            [b"\xef\xbb\xbf".as_slice(), sample.as_bytes()].concat(),
        ),
        (
            "bom_utf8_twice",
            [b"\xef\xbb\xbf\xef\xbb\xbf".as_slice(), sample.as_bytes()].concat(),
        ),
        ("bom_only", b"\xef\xbb\xbf".to_vec()),
        ("utf16le_bom", utf16(sample, false, true)),
        ("utf16be_bom", utf16(sample, true, true)),
        ("utf16le", utf16(sample, false, false)),
        ("utf32le_bom", {
            let mut v = b"\xff\xfe\x00\x00".to_vec();
            for c in sample.chars() {
                v.extend_from_slice(&(c as u32).to_le_bytes());
            }
            v
        }),
        ("latin1", latin1(sample)),
        (
            "shift_jis",
            b"\x93\x8c\x8b\x9e\x82\xc5\x89\xef\x92\x6b".to_vec(),
        ),
        ("gbk", b"\xd6\xd0\xb9\xfa\xba\xcd\xc8\xd5\xb1\xbe".to_vec()),
        (
            "koi8r",
            b"\xf0\xd2\xc5\xda\xc9\xc4\xc5\xce\xd4 \xf2\xcf\xd3\xd3\xc9\xc9".to_vec(),
        ),
        ("utf7", b"Hi Mom -+Jjo--!".to_vec()),
        (
            "mixed_utf8_latin1",
            [
                sample.as_bytes(),
                latin1(sample).as_slice(),
                sample.as_bytes(),
            ]
            .concat(),
        ),
        (
            "cesu8_surrogates",
            b"Smile \xed\xa0\xbd\xed\xb8\x80 please.".to_vec(),
        ),
    ];
    for (name, b) in encodings {
        add(format!("enc_{name}"), "txt", b.clone());
        add(format!("enc_{name}"), "html", b);
    }
    // HTML declaring a legacy charset, truthfully or not.
    for (i, cs) in [
        "windows-1252",
        "iso-8859-1",
        "latin1",
        "us-ascii",
        "shift_jis",
        "utf-8",
        "x-user-defined",
        "utf-16",
    ]
    .iter()
    .enumerate()
    {
        let page = html_page("Caf\u{e9} talks", &paragraphs_html(&prose(&mut rng, 4)));
        let page = page.replace("charset=\"utf-8\"", &format!("charset=\"{cs}\""));
        add(
            format!("charset_{i}_utf8"),
            "html",
            page.clone().into_bytes(),
        );
        add(format!("charset_{i}_latin1"), "html", latin1(&page));
        let mut mixed = latin1(&page);
        mixed.extend_from_slice("Straße \u{201c}quoted\u{201d}".as_bytes());
        add(format!("charset_{i}_mixed"), "html", mixed);
    }

    // 5. Broken HTML.
    let broken_html: Vec<String> = vec![
        "<".into(),
        "<html".into(),
        "<html><body><p>Iran and Iraq held talks in Bagh".into(),
        "<!-- never closed <p>Russia attacked Ukraine.</p>".into(),
        "<p>Before</p><!-- a --><!--> <!---> <!-- -- --!> <p>After the talks, France protested.</p>".into(),
        "<script>document.write('<p>not text</p>')".into(),
        "<style>p{}</style><p>Japan protested.</p><script><!--</script>".into(),
        "<![CDATA[ Russia attacked ]]><p>Text after CDATA.</p>".into(),
        "<p class=\"a b\" id='c' data-x=unquoted title=\"never closed>Egypt condemned the attack.</p>".into(),
        "<p a=\"1\" a=\"2\" a=\"3\" =\"\" \"x\"=y ///>Attribute soup here, said China.</p>".into(),
        "<P><B><I>Mis</B>nested</I> tags</P><td><tr><table>Cells out of place".into(),
        "</p></div></body></html></p>Closing tags only, Russia said.".into(),
        "<div hidden><p>hidden</p></div><nav><p>nav</p><div aria-hidden=true>x</div>".into(),
        "<title></title><title>Second</title><meta property=og:title content=><h1></h1>".into(),
        "<meta name=\"date\" content=\"9999-99-99\"><meta property=\"article:published_time\" content=\"0000-00-00T00:00\"><p>Iran met Iraq on Monday.</p>".into(),
        "<meta name=\"date\" content=\"2023-02-30\"><time datetime=\"2023-13-45T99:99\">x</time><p>Syria and Turkey held talks on Friday.</p>".into(),
        "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"headline\":".into(),
        "<script type=\"application/ld+json\">{\"author\":{\"name\":[[[[{}]]]]},\"datePublished\":12345,\"headline\":null}</script><p>Cuba and Venezuela agreed.</p>".into(),
        "<script type=\"application/ld+json\">[{\"@graph\":[{\"@graph\":[{\"datePublished\":\"2023-09-05\",\"author\":[\"\",null,1.5e308,{\"name\":\"\\ud800\"}]}]}]}]</script><p>Chile and Peru met.</p>".into(),
        "<p>&amp;&lt;&gt;&quot;&#39;&#x27;&#0;&#x0;&#xD800;&#xDFFF;&#x110000;&#99999999999999999999;&#;&#x;&amp &lt &nbsp&nbsp;&unknown;&NotEqualTilde;&#x1F600;</p>".into(),
        "<p>&#65&#66&#67 &#x41&#x42 &#X43; &#9&#10&#13 &#128;&#150;&#159;</p>".into(),
        "<a href=\"javascript:alert(1)\">link</a><p>Link-only page.</p><a>a</a><a>b</a>".into(),
        "<html><body><p>Text</p></body></html><p>After the end, Iran protested.</p><html><body>".into(),
        "<svg><p>inside svg</p></svg><math><mi>x</mi></math><template><p>t</p></template><p>Out, said Iraq.</p>".into(),
        "<textarea><p>Not markup</p></textarea><xmp><b>raw</b></xmp><plaintext><p>all text now".into(),
        "<base href=\"/\"><link rel=canonical href=\"\"><link rel=canonical href=\"javascript:x\"><meta property=og:url content=\"http://\"><p>Canonical soup, China said.</p>".into(),
    ];
    for (i, h) in broken_html.iter().enumerate() {
        add(format!("html_broken_{i}"), "html", h.clone().into_bytes());
        add(
            format!("html_broken_{i}_as_page"),
            "txt",
            h.clone().into_bytes(),
        );
    }
    // Random tag soup.
    const TAGS: &[&str] = &[
        "<p>",
        "</p>",
        "<div>",
        "</div>",
        "<div class=\"nav-menu\">",
        "<article>",
        "</article>",
        "<script>",
        "</script>",
        "<!--",
        "-->",
        "<br>",
        "<br/>",
        "<h1>",
        "</h1>",
        "<li>",
        "<ul>",
        "<table>",
        "<td>",
        "</td>",
        "<a href=x>",
        "</a>",
        "<span>",
        "<em>",
        "&amp;",
        "&#",
        "<",
        ">",
        "\"",
        "'",
        "=",
        "<p class=\"byline\">By Jane Roe</p>",
        "<time datetime=\"2023-09-05\">",
        "<meta name=author content=\"X\">",
        "\n",
        " ",
    ];
    for i in 0..150 {
        let mut s = String::new();
        let parts = 5 + rng.below(400);
        for _ in 0..parts {
            if rng.below(3) == 0 {
                s.push_str(rng.pick(SENTENCES));
            } else {
                s.push_str(rng.pick(TAGS));
            }
        }
        add(format!("tag_soup_{i}"), "html", s.into_bytes());
    }
    // Moderately deep nesting (the big cases have 100,000).
    for (i, depth) in [100usize, 1_000, 5_000].iter().enumerate() {
        for (j, (open, close)) in [
            ("<div>", "</div>"),
            ("<p>", ""),
            ("<b><i>", "</b></i>"),
            ("<table><tr><td>", ""),
        ]
        .iter()
        .enumerate()
        {
            let s = format!(
                "<html><body>{}<p>France condemned the attack.</p>{}</body></html>",
                open.repeat(*depth),
                close.repeat(*depth)
            );
            add(format!("nest_{i}_{j}"), "html", s.into_bytes());
        }
    }

    // 6. Scripts and odd characters.
    for (i, f) in FOREIGN.iter().enumerate() {
        let t = format!("{f}\n\n{}\n\n{f} {f}", rng.pick(SENTENCES));
        add(format!("foreign_{i}"), "txt", t.clone().into_bytes());
        add(
            format!("foreign_{i}_only"),
            "txt",
            f.repeat(50).into_bytes(),
        );
        add(
            format!("foreign_{i}"),
            "html",
            html_page(f, &paragraphs_html(&t)).into_bytes(),
        );
    }
    for i in 0..150 {
        let text = prose(&mut rng, 1 + i % 8);
        let n = 1 + rng.below(text.len());
        let t = sprinkle(&mut rng, &text, ODD_CHARS, n);
        let ext = if i.is_multiple_of(3) { "html" } else { "txt" };
        let t = if ext == "html" {
            html_page("Odd", &paragraphs_html(&t))
        } else {
            t
        };
        add(format!("odd_chars_{i}"), ext, t.into_bytes());
    }
    // Each odd character repeated, alone.
    for (i, c) in ODD_CHARS.iter().enumerate() {
        add(
            format!("only_char_{i}"),
            "txt",
            c.repeat(2_000).into_bytes(),
        );
    }
    // Combining-mark stacks (Zalgo), bidi overrides, RTL/LTR mixes.
    for i in 0..10 {
        let marks: String = (0..(10 << i).min(20_000))
            .map(|k| char::from_u32(0x300 + (k % 0x70) as u32).unwrap())
            .collect();
        add(
            format!("zalgo_{i}"),
            "txt",
            format!("Russia{marks} attacked Ukraine{marks}.").into_bytes(),
        );
    }
    for i in 0..10 {
        let t = format!(
            "\u{202e}{}\u{202c} \u{2067}{}\u{2069} {} \u{200f}{}",
            rng.pick(SENTENCES),
            rng.pick(FOREIGN),
            rng.pick(SENTENCES),
            rng.pick(FOREIGN)
        );
        add(
            format!("bidi_{i}"),
            "txt",
            t.repeat(1 + i * 10).into_bytes(),
        );
    }

    // 7. Punctuation storms and shapes.
    let storms: Vec<String> = vec![
        "\"".repeat(5_000),
        "\u{201c}".repeat(5_000),
        "\u{201c}\u{201d}".repeat(2_000),
        "'".repeat(5_000),
        "(".repeat(5_000) + &")".repeat(5_000),
        "[".repeat(3_000),
        ".".repeat(20_000),
        "...".repeat(3_000),
        "!?".repeat(5_000),
        "-".repeat(10_000),
        "\n".repeat(20_000),
        "\r".repeat(20_000),
        "\r\n".repeat(10_000),
        " ".repeat(50_000),
        "\t".repeat(20_000),
        "\u{a0}".repeat(10_000),
        "a".repeat(200_000),
        "Russia".repeat(30_000),
        "U.S.".repeat(20_000),
        "Mr. ".repeat(20_000),
        "said ".repeat(20_000),
        "Russia's ".repeat(10_000),
        "President Putin ".repeat(5_000),
        "the North ".repeat(5_000),
        "met with ".repeat(5_000),
        "1".repeat(100_000),
        "2023-09-05 ".repeat(5_000),
        "Monday ".repeat(5_000),
        "http://a.b/".repeat(5_000),
        "@".repeat(10_000),
        "#hashtag ".repeat(5_000),
        "By Jane Roe\n".repeat(5_000),
        "Updated: Sep 6, 2023 10:32 am EDT\n".repeat(3_000),
        "Share\nTweet\nEmail\n".repeat(3_000),
        "0 views0 comments\n".repeat(3_000),
        "\"We will,\" said Iran. ".repeat(1_000),
        "\u{201c}Talks\u{201d} \u{2018}now\u{2019} \u{00ab}ok\u{00bb} \u{300c}ja\u{300d} "
            .repeat(1_000),
        "On 31 February 2023, on 0 January 0000 and on 99/99/9999 Russia met China. ".repeat(200),
        "Three days before last Monday next week, two years ago yesterday, Iran met Iraq. "
            .repeat(200),
    ];
    for (i, s) in storms.iter().enumerate() {
        add(format!("storm_{i}"), "txt", s.clone().into_bytes());
        if i.is_multiple_of(3) {
            add(
                format!("storm_{i}"),
                "html",
                html_page("Storm", &format!("<p>{s}</p>")).into_bytes(),
            );
        }
    }
    // Whitespace-only and near-empty documents.
    for (i, s) in [
        "",
        " ",
        "\n",
        "\n\n\n",
        "\t \r\n",
        ".",
        "a",
        "A.",
        "<p></p>",
        "<html></html>",
        "\u{feff}",
        "\u{200b}",
    ]
    .iter()
    .enumerate()
    {
        add(format!("tiny_{i}"), "txt", s.as_bytes().to_vec());
        add(format!("tiny_{i}"), "html", s.as_bytes().to_vec());
    }

    // 8. Random mixes: prose with random hostile fragments spliced in, as page or HTML.
    let frags: Vec<&str> = [ODD_CHARS, FOREIGN, TAGS].concat();
    for i in 0..300usize {
        let n_sent = 1 + rng.below(30);
        let text = prose(&mut rng, n_sent);
        let n = rng.below(60);
        let t = sprinkle(&mut rng, &text, &frags, n);
        let ext = if i.is_multiple_of(2) { "txt" } else { "html" };
        let mut b = t.into_bytes();
        if i.is_multiple_of(7) {
            let k = 1 + rng.below(3);
            b = break_utf8(&mut rng, b, k);
        }
        if i.is_multiple_of(11) {
            let at = rng.below(b.len().max(1)).min(b.len());
            let n_junk = 1 + rng.below(64);
            let junk = rng.bytes(n_junk);
            b.splice(at..at, junk);
        }
        add(format!("mix_{i}"), ext, b);
    }
    cases
}

/// The large cases: a 100 MB page, 100,000-deep nesting (several shapes), a million-token
/// sentence, 250,000 commas in one sentence, 10,000 quotations, a 2 MB page of prose.
pub fn big_cases() -> Vec<Case> {
    let mut v = Vec::new();
    let mut page = String::with_capacity(101 << 20);
    while page.len() < 100 << 20 {
        page.push_str("Officials met in Geneva on Monday to discuss the ceasefire plan.\n\n");
    }
    v.push(Case::new("big_100mb_page", "txt", page.clone()));
    let html = format!(
        "<html><body><p>{}</p></body></html>",
        page.replace("\n\n", "</p><p>")
    );
    drop(page);
    v.push(Case::new("big_100mb_html", "html", html));
    let d = 100_000;
    let text = "<p>France condemned the attack on Monday.</p>";
    v.push(Case::new(
        "big_deep_div",
        "html",
        format!(
            "<html><body>{}{text}{}</body></html>",
            "<div>".repeat(d),
            "</div>".repeat(d)
        ),
    ));
    v.push(Case::new(
        "big_deep_unclosed",
        "html",
        format!("<html><body>{}{text}", "<div><span>".repeat(d)),
    ));
    v.push(Case::new(
        "big_deep_misnested",
        "html",
        format!(
            "<html><body>{}{text}{}",
            "<b><i><p>".repeat(d),
            "</b></i>".repeat(d)
        ),
    ));
    v.push(Case::new(
        "big_deep_jsonld",
        "html",
        format!(
            "<html><head><script type=\"application/ld+json\">{}{}</script></head><body>{text}</body></html>",
            "[".repeat(d),
            "]".repeat(d)
        ),
    ));
    v.push(Case::new(
        "big_deep_brackets",
        "txt",
        format!("{}Iran met Iraq.{}", "(".repeat(d), ")".repeat(d)),
    ));
    v.push(Case::new(
        "big_deep_quotes",
        "txt",
        format!(
            "{}Iran met Iraq.{}",
            "\u{201c}".repeat(d),
            "\u{201d}".repeat(d)
        ),
    ));
    // A million tokens, no sentence end: mostly plain words, an actor now and then.
    let mut s = String::with_capacity(8 << 20);
    let words = [
        "the", "talks", "went", "on", "and", "on", "for", "days", ",", "while",
    ];
    for i in 0..1_000_000usize {
        s.push_str(if i.is_multiple_of(500) {
            "Russia"
        } else {
            words[i % words.len()]
        });
        s.push(' ');
    }
    v.push(Case::new("big_million_token_sentence", "txt", s));
    // 100,000 tokens of nothing but actors and verbs: ~25,000 events in one document.
    let mut s = String::with_capacity(1 << 20);
    let words = [
        "Russia", "attacked", "Ukraine", ",", "and", "China", "met", "Iran",
    ];
    for i in 0..100_000 {
        s.push_str(words[i % words.len()]);
        s.push(' ');
    }
    v.push(Case::new("big_dense_100k_tokens", "txt", s));
    v.push(Case::new(
        "big_250k_commas",
        "txt",
        format!("Russia said{} Ukraine.", ", x".repeat(250_000)),
    ));
    // 10,000 quotations, balanced and not.
    let q = "\u{201c}We will not allow this,\u{201d} said President Putin. ".repeat(10_000);
    v.push(Case::new("big_10k_quotes", "txt", q));
    v.push(Case::new(
        "big_10k_open_quotes",
        "txt",
        "\u{201c}Russia attacked Ukraine, ".repeat(10_000),
    ));
    v.push(Case::new(
        "big_10k_straight_quotes",
        "txt",
        "\"Talks will go on,\" Iran said. \"".repeat(10_000),
    ));
    // A 2 MB page of real-looking prose, fully processed (memory grows with a document's
    // events: see docs/reliability.md for larger ones).
    let mut rng = Rng::new(7);
    let mut p = String::new();
    while p.len() < 2 << 20 {
        p.push_str(&prose(&mut rng, 50));
        p.push_str("\n\n");
    }
    v.push(Case::new("big_2mb_prose", "txt", p));
    v
}

/// JSONL lines that are not valid input objects, each meant to give one error record.
pub fn broken_jsonl_lines() -> Vec<Vec<u8>> {
    let mut v: Vec<Vec<u8>> = [
        "{",
        "}",
        "[]",
        "[{\"id\":\"a\",\"text\":\"x\"}]",
        "null",
        "true",
        "42",
        "-0.0e-999",
        "\"just a string\"",
        "{\"id\": \"a\"}",
        "{\"id\": \"a\", \"text\": \"Iran met Iraq.\"",
        "{\"id\": \"a\", \"text\": \"Iran met Iraq.\"}}",
        "{\"id\": \"a\", \"text\": \"Iran met Iraq.\"} trailing",
        "{\"id\": \"a\", \"text\": 5}",
        "{\"id\": \"a\", \"text\": null}",
        "{\"id\": \"a\", \"text\": [\"x\"]}",
        "{\"id\": \"a\", \"text\": \"x\", \"page\": \"y\"}",
        "{\"id\": \"a\", \"text\": \"x\", \"html\": \"y\", \"page\": \"z\"}",
        "{\"id\": \"a\", \"text\": \"x\", \"date\": \"yesterday\"}",
        "{\"id\": \"a\", \"text\": \"x\", \"date\": \"2023-13-45\"}",
        "{\"id\": \"a\", \"text\": \"x\", \"date\": \"2023/09/05\"}",
        "{\"id\": \"a\", \"text\": \"x\", \"date\": \"\u{0662}\u{0660}\u{0662}\u{0663}-\u{0660}\u{0669}-\u{0660}\u{0665}\"}",
        "{\"id\": \"a\", \"text\": \"x\", \"date\": 20230905}",
        "{\"id\": \"a\", \"text\": \"x\", \"url\": 5}",
        "{\"text\": \"no id\"}",
        "{\"id\": null, \"text\": \"x\"}",
        "{\"id\": {\"nested\": [1, 2, {\"deep\": true}]}, \"text\": \"x\"}",
        "{\"id\": 1e400, \"text\": \"x\"}",
        "{\"id\": 123456789012345678901234567890, \"text\": \"x\"}",
        "{\"id\": \"a\", \"id\": \"b\", \"text\": \"x\"}",
        "{\"id\": \"a\", \"text\": \"\\ud800 lone surrogate\"}",
        "{\"id\": \"a\", \"text\": \"\\u0000 NUL inside\"}",
        "{\"id\": \"a\", \"text\": \"bad escape \\q\"}",
        "{\"id\": \"a\", \"text\": \"raw\ttab and \u{1} control\"}",
        "{'id': 'a', 'text': 'single quotes'}",
        "{id: \"a\", text: \"unquoted keys\"}",
        "{\"id\": \"a\", \"text\": \"x\",}",
        "\u{feff}{\"id\": \"bom\", \"text\": \"Iran met Iraq.\"}",
        "{\"id\": \"a\", \"text\": \"\"}",
        "{\"id\": \"a\", \"text\": \"   \"}",
        "{\"id\": \"a\", \"html\": \"\"}",
        "{\"id\": \"a\", \"page\": \"\\n\\n\\n\"}",
    ]
    .iter()
    .map(|s| s.as_bytes().to_vec())
    .collect();
    v.push(format!("{}{}", "[".repeat(10_000), "]".repeat(10_000)).into_bytes());
    v.push(
        format!(
            "{{\"id\": \"a\", \"text\": \"x\", \"extra\": {}{}}}",
            "{\"a\":".repeat(5_000),
            "}".repeat(5_000)
        )
        .into_bytes(),
    );
    v.push(b"{\"id\": \"a\", \"text\": \"invalid \xff\xfe utf-8\"}".to_vec());
    v.push(b"\xff\xfe{\"id\": \"utf16\"}".to_vec());
    v.push(b"{\"id\": \"a\", \"text\": \"x\"}\r".to_vec());
    v.push(b"{\"id\": \"a\", \"text\": \"NUL byte \x00 raw\"}".to_vec());
    v
}

const ACTORS: &[&str] = &[
    "Russia",
    "Ukraine",
    "China",
    "Japan",
    "Iran",
    "Iraq",
    "Israel",
    "Egypt",
    "France",
    "Germany",
    "Turkey",
    "Syria",
    "India",
    "Pakistan",
    "Brazil",
    "Mexico",
    "Nigeria",
    "Kenya",
    "President Putin",
    "President Xi Jinping",
    "the United Nations",
    "NATO",
    "the European Union",
    "Hamas",
    "the Taliban",
    "police",
    "rebels",
    "government troops",
    "the foreign ministry",
    "Prime Minister Modi",
    "Chancellor Scholz",
    "protesters",
    "the African Union",
];
const VERBS: &[&str] = &[
    "met with",
    "held talks with",
    "accused",
    "condemned",
    "attacked",
    "praised",
    "signed an agreement with",
    "threatened",
    "called on",
    "rejected a proposal from",
    "sent aid to",
    "imposed sanctions on",
    "arrested members of",
    "negotiated with",
    "expressed concern about",
    "visited",
    "warned",
    "fired rockets at",
    "hosted",
];
const WHEN: &[&str] = &[
    "on Monday",
    "on Tuesday",
    "last week",
    "yesterday",
    "on Sept. 5",
    "earlier this month",
    "on 12 March 2024",
    "two days ago",
    "late on Friday",
    "",
];
const PLACES: &[&str] = &[
    "in Geneva",
    "in Beijing",
    "near the border",
    "in Kyiv",
    "in Cairo",
    "in Paris",
    "at the UN",
    "in Nairobi",
    "in Islamabad",
    "",
];

/// One plausible news document for the memory soak: `(kind, content)` with kind `html`,
/// `page` or `text`; page `i` differs from every other.
pub fn news_page(i: usize) -> (&'static str, String) {
    let mut rng = Rng::new(0x5eed_0000 + i as u64);
    let mut paras = Vec::new();
    for _ in 0..3 + rng.below(10) {
        let mut p = String::new();
        for _ in 0..1 + rng.below(4) {
            let s = format!(
                "{} {} {} {} {}, {} officials said.",
                rng.pick(ACTORS),
                rng.pick(VERBS),
                rng.pick(ACTORS),
                rng.pick(PLACES),
                rng.pick(WHEN),
                rng.below(1000) + i,
            );
            let s = if rng.below(5) == 0 {
                format!(
                    "\u{201c}{s}\u{201d} said a spokesman for {}.",
                    rng.pick(ACTORS)
                )
            } else {
                s
            };
            p.push_str(&s.replace("  ", " "));
            p.push(' ');
        }
        paras.push(p.trim_end().to_string());
    }
    let title = format!(
        "{} and {} talks, report {i}",
        rng.pick(ACTORS),
        rng.pick(ACTORS)
    );
    match i % 3 {
        0 => {
            let body: String = paras.iter().map(|p| format!("<p>{p}</p>\n")).collect();
            let html = format!(
                "<!DOCTYPE html><html><head><title>{title} | Example News</title>\
                 <meta property=\"article:published_time\" content=\"2024-03-{:02}T10:00:00Z\">\
                 </head><body><nav class=\"main-nav\"><a href=\"/\">Home</a><a href=\"/world\">World</a></nav>\
                 <article><h1>{title}</h1><p class=\"byline\">By Jane Roe</p>\n{body}</article>\
                 <footer>Copyright 2024 Example News. All rights reserved.</footer></body></html>",
                1 + i % 28
            );
            ("html", html)
        }
        1 => {
            let page = format!(
                "Skip to content\nHome | World | Politics\n{title}\nBy Jane Roe\nMarch {}, 2024\n\n{}\n\nShare\n0 views0 comments\nRecent Posts",
                1 + i % 28,
                paras.join("\n\n")
            );
            ("page", page)
        }
        _ => ("text", paras.join("\n\n")),
    }
}
