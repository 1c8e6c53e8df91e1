//! The bodies of dyad's fuzz targets, one public function per target, each taking the raw
//! bytes libFuzzer hands it.
//!
//! Every function must not panic on any input; most also check properties that a crash-free
//! run could still break (spans on char boundaries, sentences covering every token once, a
//! parse that is a tree, record offsets inside the text, a record that survives JSON). A
//! failed check panics, so libFuzzer reports it like a crash.
//!
//! The functions live in a library (not in the `fuzz_targets/` files) so that
//! `tests/regressions.rs` can replay every saved input of `regressions/TARGET/` and
//! `seeds/TARGET/` through exactly the code the fuzzer ran.

use std::cell::RefCell;

use arbitrary::{Arbitrary, Unstructured};
use dyad::{Content, Input, Pipeline};
use dyad_ingest::{ingest_bytes, ingest_str, InputKind};
use dyad_tag_api::{Parser, Tagger};
use dyad_types::record::DocumentRecord;

/// The CLI's input reading, compiled here as it is: `parse_jsonl_line` is private to the
/// `dyad` binary, and this way the fuzzer runs the very code `dyad code --jsonl` runs.
#[allow(dead_code, missing_docs, unused_imports)]
#[path = "../../crates/cli/src/inputs.rs"]
mod inputs;

/// A target's name and its function, for the replay test.
pub type Target = (&'static str, fn(&[u8]));

/// Every target, by name (the names of `fuzz_targets/*.rs`).
pub const TARGETS: &[Target] = &[
    ("ingest_html", ingest_html),
    ("ingest_page", ingest_page),
    ("text_segment", text_segment),
    ("tag_parse", tag_parse),
    ("tag_conllu", tag_conllu),
    ("jsonl_line", jsonl_line),
    ("pipeline", pipeline),
    ("petrarch", petrarch),
    ("store_query", store_query),
];

fn is_iso_day(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
}

fn check_article(a: &dyad_types::Article, kind: InputKind) {
    if kind != InputKind::Text {
        assert!(!a.text.trim().is_empty(), "an Ok article has text");
    }
    if let Some(p) = &a.published {
        assert!(is_iso_day(p), "published is YYYY-MM-DD: {p:?}");
    }
}

/// `dyad_ingest::ingest_bytes` with [`InputKind::Html`]: no panic; an `Ok` article has text
/// and a `YYYY-MM-DD` date; valid UTF-8 read as bytes or as `&str` gives the same article.
pub fn ingest_html(data: &[u8]) {
    ingest_both(data, InputKind::Html);
}

/// `dyad_ingest::ingest_bytes` with [`InputKind::Page`] (scraped page text, cleaned), with
/// the checks of [`ingest_html`].
pub fn ingest_page(data: &[u8]) {
    ingest_both(data, InputKind::Page);
}

fn ingest_both(data: &[u8], kind: InputKind) {
    let from_bytes = ingest_bytes("fuzz", data, kind);
    if let Ok(a) = &from_bytes {
        check_article(a, kind);
    }
    if let Ok(s) = std::str::from_utf8(data) {
        let from_str = ingest_str("fuzz", s, kind);
        if let (Ok(a), Ok(b)) = (&from_bytes, &from_str) {
            assert_eq!(a, b, "bytes and str ingest agree");
        }
    }
}

/// `dyad_text::segment` and `dyad_text::tokenize` on any UTF-8 text: spans in order, inside
/// the text, on char boundaries, non-empty and non-overlapping; sentences cover every token
/// exactly once, in order, span their tokens and hold at most
/// [`dyad_text::MAX_SENTENCE_TOKENS`] tokens.
pub fn text_segment(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let seg = dyad_text::segment(&text);
    check_tokens(&text, &seg.tokens, 0, text.len());
    let mut next = 0;
    let mut para = 0;
    for s in &seg.sentences {
        assert_eq!(s.first_token, next, "sentences cover tokens in order");
        assert!(s.end_token > s.first_token, "a sentence has tokens");
        assert!(s.end_token <= seg.tokens.len());
        assert!(
            s.end_token - s.first_token <= dyad_text::MAX_SENTENCE_TOKENS,
            "sentence of {} tokens",
            s.end_token - s.first_token
        );
        assert!(s.paragraph >= para, "paragraph numbers never go back");
        para = s.paragraph;
        assert_eq!(s.span.start, seg.tokens[s.first_token].span.start);
        assert_eq!(s.span.end, seg.tokens[s.end_token - 1].span.end);
        next = s.end_token;
    }
    assert_eq!(next, seg.tokens.len(), "every token is in a sentence");
    // An arbitrary (possibly out-of-range, mid-character) span for `tokenize`.
    if data.len() >= 4 {
        let a = u16::from_le_bytes([data[0], data[1]]) as usize;
        let b = u16::from_le_bytes([data[2], data[3]]) as usize;
        let toks = dyad_text::tokenize(&text, dyad_text::Span::new(a.min(b), a.max(b)));
        check_tokens(&text, &toks, 0, text.len());
    }
}

fn check_tokens(text: &str, tokens: &[dyad_text::Token], lo: usize, hi: usize) {
    let mut prev_end = lo;
    for t in tokens {
        assert!(t.span.start >= prev_end, "tokens in order, not overlapping");
        assert!(t.span.start < t.span.end, "tokens are not empty");
        assert!(t.span.end <= hi, "token inside the text");
        assert!(text.is_char_boundary(t.span.start) && text.is_char_boundary(t.span.end));
        assert!(!t.form.is_empty(), "a token has a form");
        prev_end = t.span.end;
    }
}

/// Words for the tagger: the input split at newlines (so words may hold spaces, be empty,
/// or be anything else the tokenizer would never produce), at most 256 of them (long lists only slow the fuzzer down).
fn words_of(data: &[u8]) -> (String, usize) {
    let text = String::from_utf8_lossy(data).into_owned();
    let n = text.split('\n').count().min(256);
    (text, n)
}

fn check_parse(n: usize, deps: &[dyad_tag_api::Dependency]) {
    assert_eq!(deps.len(), n, "one dependency per word");
    for (i, d) in deps.iter().enumerate() {
        assert!(d.head <= n, "head {} out of range (n = {n})", d.head);
        assert_ne!(d.head, i + 1, "word {} is its own head", i + 1);
    }
    // A tree: from every word the heads reach the root (0) in at most n steps.
    for i in 0..n {
        let mut at = i + 1;
        let mut steps = 0;
        while at != 0 {
            at = deps[at - 1].head;
            steps += 1;
            assert!(steps <= n, "cycle in the parse through word {}", i + 1);
        }
    }
}

/// The embedded tagger and parser (`dyad_tag::Model`) on arbitrary word lists: one tag and
/// one dependency per word, and the dependencies form a tree; `Parser::parse` also takes a
/// tag list of the wrong length.
pub fn tag_parse(data: &[u8]) {
    let model = dyad_tag::Model::embedded();
    let (text, n) = words_of(data);
    let words: Vec<&str> = text.split('\n').take(n).collect();
    let (tags, deps) = model.analyze(&words);
    assert_eq!(tags.len(), words.len(), "one tag per word");
    check_parse(words.len(), &deps);
    // Tags of other words, fewer of them than words.
    let short: Vec<_> = tags.iter().rev().take(words.len() / 2).cloned().collect();
    let deps2 = model.parse(&words, &short);
    check_parse(words.len(), &deps2);
    // The other entry points agree (on short lists only: each is a full pass).
    if n <= 40 {
        assert_eq!(model.tag(&words), tags, "tag() agrees with analyze()");
        let (classes, heads, labels) = model.analyze_ids(&words);
        assert_eq!((classes.len(), heads.len(), labels.len()), (n, n, n));
        let heads2: Vec<usize> = heads.iter().map(|&h| h as usize).collect();
        let heads1: Vec<usize> = deps.iter().map(|d| d.head).collect();
        assert_eq!(heads1, heads2, "analyze_ids() agrees with analyze()");
    }
}

/// `dyad parse --conllu`'s reader and writer (`dyad_tag::try_annotate_conllu`) on arbitrary
/// text: no panic, and what it writes reads back with the same number of sentences.
pub fn tag_conllu(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let model = dyad_tag::Model::embedded();
    if let Ok(out) = dyad_tag::try_annotate_conllu(model, text) {
        let again = dyad_tag::conllu::read(&out).expect("our own CoNLL-U output reads back");
        let first = dyad_tag::conllu::read(text).expect("it read the first time");
        assert_eq!(again.len(), first.len(), "same sentences after annotation");
    }
}

fn pipeline_instance() -> &'static Pipeline {
    static P: std::sync::OnceLock<Pipeline> = std::sync::OnceLock::new();
    P.get_or_init(Pipeline::new)
}

/// Properties every output record has: offsets are code points inside the text, and each
/// quoted text equals its slice; events point at existing sentences; numbers are finite;
/// the record survives a JSON round trip.
pub fn check_record(rec: &DocumentRecord) {
    let chars: Vec<char> = rec.text.chars().collect();
    let n = chars.len();
    let slice = |s: usize, e: usize| -> String {
        assert!(s <= e && e <= n, "span {s}..{e} inside {n} chars");
        chars[s..e].iter().collect()
    };
    if rec.error.is_some() {
        assert!(rec.events.is_empty() && rec.actors.is_empty() && rec.text.is_empty());
    }
    for a in &rec.actors {
        assert_eq!(slice(a.start, a.end), a.text, "actor text is its slice");
    }
    for t in &rec.times {
        assert_eq!(slice(t.start, t.end), t.text, "time text is its slice");
    }
    for q in &rec.quotes {
        assert_eq!(slice(q.start, q.end), q.text, "quote text is its slice");
    }
    for p in &rec.places {
        assert_eq!(slice(p.start, p.end), p.text, "place text is its slice");
        assert!(p.lat.is_finite() && p.lon.is_finite());
    }
    for e in &rec.events {
        assert!(e.sentence < rec.sentences.max(1), "event sentence exists");
        slice(e.evidence.start, e.evidence.end);
        let trig = slice(e.trigger.start, e.trigger.end);
        if let Some(t) = &e.trigger.text {
            assert_eq!(&trig, t, "trigger text is its slice");
        }
        assert!(e.goldstein.is_finite());
        for a in [&e.source, &e.target, &e.attribution].into_iter().flatten() {
            if let (Some(s), Some(x)) = (a.start, a.end) {
                slice(s, x);
            }
        }
        if let Some(l) = &e.location {
            assert!(l.lat.is_none_or(f64::is_finite) && l.lon.is_none_or(f64::is_finite));
        }
    }
    let json = serde_json::to_string(rec).expect("a record serializes");
    let back: DocumentRecord = serde_json::from_str(&json).expect("a record reads back");
    assert_eq!(back.text, rec.text);
    assert_eq!(back.events.len(), rec.events.len());
}

/// `dyad code --jsonl`: one input line through the CLI's own line parser
/// (`crates/cli/src/inputs.rs`, `parse_jsonl_line`), then, when it is an input, through the
/// whole pipeline ([`Pipeline::process`]); the record passes [`check_record`].
pub fn jsonl_line(data: &[u8]) {
    // The CLI splits at '\n' and rejects lines that are not UTF-8 before parsing.
    let Ok(line) = std::str::from_utf8(data) else {
        return;
    };
    if line.contains('\n') {
        return;
    }
    match inputs::parse_jsonl_line(line, 7, Some("2023-09-05")) {
        Ok(input) => {
            if let Some(d) = &input.date {
                assert!(is_iso_day(d), "normalised date: {d:?}");
            }
            let (rec, _) = pipeline_instance().process(&input);
            assert_eq!(rec.id, input.id);
            check_record(&rec);
        }
        Err(u) => assert!(!u.error.is_empty()),
    }
}

/// [`Pipeline::process`] on arbitrary bytes. The first byte picks the input kind (html,
/// page, text as bytes, text as a `&str`) and whether a publication date is given; the
/// record passes [`check_record`].
pub fn pipeline(data: &[u8]) {
    let Some((&sel, rest)) = data.split_first() else {
        return;
    };
    let kind = match sel % 3 {
        0 => InputKind::Html,
        1 => InputKind::Page,
        _ => InputKind::Text,
    };
    let content = if sel & 0x10 != 0 {
        match std::str::from_utf8(rest) {
            Ok(s) => Content::Text(s.to_string()),
            Err(_) => Content::Bytes(rest.to_vec()),
        }
    } else {
        Content::Bytes(rest.to_vec())
    };
    let input = Input {
        id: "fuzz".into(),
        date: (sel & 0x20 != 0).then(|| "2023-09-05".to_string()),
        url: None,
        title: None,
        kind,
        content,
    };
    let (rec, _) = pipeline_instance().process(&input);
    check_record(&rec);
}

fn codebook() -> &'static dyad_dict::Codebook {
    static CB: std::sync::OnceLock<dyad_dict::Codebook> = std::sync::OnceLock::new();
    CB.get_or_init(|| {
        dyad_dict::Codebook::parse("codebook.tsv", dyad_dict::sources::CODEBOOK).expect("codebook")
    })
}

/// The PETRARCH/Phoenix dictionary reader (`dyad_dict::PetrarchDictionaries`) on arbitrary
/// file text. The first byte picks the file kind (actors, agents, verbs, discards); when its
/// high bit is set, what was read is also compiled into dictionaries of its own (as
/// [`dyad_dict::MergeMode::Replace`] does, less dyad's embedded files) and a short text is
/// coded with them.
pub fn petrarch(data: &[u8]) {
    use dyad_dict::PetrarchDictionaries;
    let Some((&sel, rest)) = data.split_first() else {
        return;
    };
    // The directory loader reads files lossily too.
    let text = String::from_utf8_lossy(rest);
    let mut d = PetrarchDictionaries::default();
    let r = match sel % 4 {
        0 => d.read_actors("fuzz.actors.txt", &text),
        1 => d.read_agents("fuzz.agents.txt", &text),
        2 => d.read_verbs("fuzz.verbs.txt", &text, codebook()),
        _ => d.read_discards("fuzz.discards.txt", &text),
    };
    if r.is_err() {
        return;
    }
    assert_eq!(d.files.len(), 1, "one report per file read");
    for s in &d.skipped {
        assert!(s.line >= 1, "skips name a line");
    }
    if sel & 0x80 == 0 {
        return;
    }
    // The user's part alone, compiled as `combine` does it (without dyad's embedded files,
    // which would cost 200 ms per input), then used on a text.
    let mut actors = dyad_dict::ActorDictionary::builder();
    d.add_actors_to(&mut actors);
    d.add_agents_to(&mut actors);
    let Ok(actors) = actors.build() else {
        return;
    };
    let mut verbs = dyad_dict::VerbLexicon::builder();
    d.add_verbs_to(&mut verbs);
    let dicts = dyad_dict::Dictionaries {
        codebook: codebook().clone(),
        actors,
        verbs: verbs.build(),
    };
    let sample = "President Putin met Chinese President Xi Jinping in Moscow on Monday. \
                  The UN condemned the attack on the village. Rebels fired rockets at troops.";
    let sample = format!("{sample} {}", text.chars().take(400).collect::<String>());
    for m in dicts.actors.find(&sample) {
        let _ = dicts.actors.pick(&m.entries, Some(20230905));
    }
    let seg = dyad_text::segment(&sample);
    let coding = dyad::code::Coder::new(&dicts).code_article(
        &sample,
        &seg.tokens,
        &seg.sentences,
        &[],
        Some(20230905),
    );
    for e in &coding.events {
        assert!(e.sentence < seg.sentences.len());
        assert!(sample.is_char_boundary(e.trigger.start) && sample.is_char_boundary(e.trigger.end));
    }
}

/// The query filter of `dyad query` (and of the server to come), built from arbitrary
/// strings.
#[derive(Debug, Arbitrary)]
struct FuzzFilter {
    actor: Option<String>,
    source: Option<String>,
    target: Option<String>,
    dyad: Option<(String, String)>,
    undirected: bool,
    country: Option<String>,
    code: Option<String>,
    root: Option<String>,
    quad: Option<u8>,
    plover: Option<String>,
    from: Option<String>,
    to: Option<String>,
    place: Option<String>,
    place_country: Option<String>,
    modality: Option<String>,
    attribution: Option<String>,
    text: Option<String>,
    limit: Option<u32>,
}

fn seeded_store() -> dyad_store::Store {
    use dyad_store::{ContentHash, IngestDoc, Store};
    let mut store = Store::open_in_memory().expect("in-memory store");
    let p = pipeline_instance();
    let docs = [
        ("a", "2023-09-05", "Russia and China held talks in Beijing on Monday. Ukraine accused Russia of shelling Kharkiv, the ministry said."),
        ("b", "2023-09-06", "Israeli troops attacked a village near Gaza. Egypt condemned the attack and called for a ceasefire."),
        ("c", "2024-02-29", "President Biden met Japan's prime minister in Tokyo. The UN praised the agreement."),
    ];
    for (id, date, text) in docs {
        let (rec, _) = p.process(&Input::text(id, text).with_date(date));
        let doc = IngestDoc {
            hash: ContentHash::of(None, text.as_bytes()),
            raw: Some(text.as_bytes()),
            url: None,
            date: Some(date),
            record: &rec,
        };
        store.ingest(&[doc], 0).expect("seed ingest");
    }
    store
}

/// `dyad_store::Store::events` and `aggregate` (all four aggregates) on an in-memory store
/// of three coded articles, with an `EventFilter` built from arbitrary strings: no panic, no
/// internal (SQLite) error — a bad value must be a user error — and `limit` is honoured.
pub fn store_query(data: &[u8]) {
    use dyad_store::{Aggregate, Error, EventFilter, Store};
    thread_local! {
        static STORE: RefCell<Option<Store>> = const { RefCell::new(None) };
    }
    let Ok(f) = FuzzFilter::arbitrary_take_rest(Unstructured::new(data)) else {
        return;
    };
    let filter = EventFilter {
        actor: f.actor,
        source: f.source,
        target: f.target,
        dyad: f.dyad,
        undirected: f.undirected,
        country: f.country,
        code: f.code,
        root: f.root,
        quad: f.quad,
        plover: f.plover,
        from: f.from,
        to: f.to,
        place: f.place,
        place_country: f.place_country,
        modality: f.modality,
        attribution: f.attribution,
        text: f.text,
        limit: f.limit.map(|n| n as usize),
    };
    let check = |what: &str, r: Result<usize, Error>| match r {
        Ok(n) => {
            if let Some(l) = filter.limit {
                assert!(n <= l, "{what}: {n} rows over limit {l}");
            }
        }
        Err(Error::User(_)) => {}
        Err(e) => panic!("{what}: internal error for filter {filter:?}: {e}"),
    };
    STORE.with(|cell| {
        let mut cell = cell.borrow_mut();
        let store = cell.get_or_insert_with(seeded_store);
        check("events", store.events(&filter).map(|v| v.len()));
        for agg in [
            Aggregate::DyadDay,
            Aggregate::Day,
            Aggregate::TopActors,
            Aggregate::TopPairs,
        ] {
            check(
                &format!("{agg:?}"),
                store.aggregate(agg, &filter).map(|v| v.len()),
            );
        }
    });
}
