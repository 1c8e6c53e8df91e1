//! Properties that hold for any UTF-8 input: `segment` never panics, spans are
//! in bounds, on char boundaries, ordered and non-overlapping, tokens carry
//! their own text, and sentences cover the tokens exactly once.

use dyad_text::{segment, tokenize, Span};
use quickcheck::{Arbitrary, Gen, QuickCheck};

/// Pieces that exercise the rules: abbreviations, quotes, dashes, clitics,
/// multi-byte punctuation, blank lines, bullets, URLs.
const PIECES: &[&str] = &[
    "U.S.",
    "Gen.",
    "No.",
    " 5",
    "a.m.",
    "e.g.",
    "J.R.R.",
    "W.",
    ".",
    "...",
    "…",
    "?",
    "!",
    "?!",
    "\"",
    "“",
    "”",
    "‘",
    "’",
    "'",
    "'s",
    "n't",
    "don't",
    "can’t",
    "--",
    "—",
    "–",
    "-",
    "•",
    "*",
    "1.",
    " ",
    "  ",
    "\n",
    "\n\n",
    "\r\n",
    "\t",
    "\u{a0}",
    "\u{2028}",
    "\u{2029}",
    "\u{feff}",
    "\u{200b}",
    "(",
    ")",
    "[",
    "]",
    ",",
    ";",
    ":",
    "%",
    "$",
    "#",
    "@",
    "/",
    "www.un.org",
    "http://x.io/a",
    "a@b.co",
    "3.5",
    "1,000",
    "713-853-3989",
    "e-mail",
    "long-term",
    "MOSCOW",
    "Reuters",
    "Putin",
    "said",
    "the",
    "The",
    "é",
    "Zelenskyy",
    "北京",
    "🇺🇦",
    "\u{301}",
    "x",
    ":)",
    "cannot",
    "gonna",
    "O'Brien",
    "Inc.",
    "St.",
    "ext.",
];

#[derive(Clone, Debug)]
struct Newsy(String);

impl Arbitrary for Newsy {
    fn arbitrary(g: &mut Gen) -> Newsy {
        let n = usize::arbitrary(g) % 60;
        let mut s = String::new();
        for _ in 0..n {
            if u8::arbitrary(g) % 8 == 0 {
                s.push(char::arbitrary(g));
            } else {
                s.push_str(g.choose(PIECES).copied().unwrap_or(" "));
            }
        }
        Newsy(s)
    }

    fn shrink(&self) -> Box<dyn Iterator<Item = Newsy>> {
        Box::new(self.0.shrink().map(Newsy))
    }
}

fn check(text: &str) -> bool {
    let seg = segment(text);
    let mut prev_end = 0;
    for t in &seg.tokens {
        let s = t.span;
        let ok = s.start < s.end
            && s.end <= text.len()
            && text.is_char_boundary(s.start)
            && text.is_char_boundary(s.end)
            && s.start >= prev_end
            && s.slice(text) == t.form
            && !t.form.chars().any(char::is_whitespace);
        if !ok {
            eprintln!("bad token {t:?} in {text:?}");
            return false;
        }
        prev_end = s.end;
    }
    // Every non-space character is inside some token.
    let mut covered = vec![false; text.len()];
    for t in &seg.tokens {
        covered[t.span.start..t.span.end]
            .iter_mut()
            .for_each(|c| *c = true);
    }
    for (i, c) in text.char_indices() {
        if !covered[i] && !c.is_whitespace() && !matches!(c, '\u{200B}' | '\u{FEFF}' | '\u{2060}') {
            eprintln!("uncovered {c:?} at {i} in {text:?}");
            return false;
        }
    }
    // Sentences partition the tokens, in order.
    let mut next = 0;
    let mut para = 0;
    for s in &seg.sentences {
        let ok = s.first_token == next
            && s.first_token < s.end_token
            && s.end_token <= seg.tokens.len()
            && s.span.start == seg.tokens[s.first_token].span.start
            && s.span.end == seg.tokens[s.end_token - 1].span.end
            && s.paragraph >= para
            && text.get(s.span.start..s.span.end).is_some();
        if !ok {
            eprintln!("bad sentence {s:?} in {text:?}");
            return false;
        }
        next = s.end_token;
        para = s.paragraph;
    }
    if next != seg.tokens.len() {
        eprintln!(
            "sentences cover {next} of {} tokens in {text:?}",
            seg.tokens.len()
        );
        return false;
    }
    // `tokenize` on each sentence stays inside it.
    seg.sentences.iter().all(|s| {
        tokenize(text, s.span)
            .iter()
            .all(|t| t.span.start >= s.span.start && t.span.end <= s.span.end)
    })
}

#[test]
fn any_string_segments_cleanly() {
    fn prop(s: String) -> bool {
        check(&s)
    }
    QuickCheck::new()
        .tests(3000)
        .quickcheck(prop as fn(String) -> bool);
}

#[test]
fn newsy_strings_segment_cleanly() {
    fn prop(s: Newsy) -> bool {
        check(&s.0)
    }
    QuickCheck::new()
        .tests(5000)
        .rng(Gen::new(80))
        .quickcheck(prop as fn(Newsy) -> bool);
}

#[test]
fn tokenize_any_span_never_panics() {
    fn prop(s: String, a: usize, b: usize) -> bool {
        let span = Span::new(a % (s.len() + 3), b % (s.len() + 3));
        tokenize(&s, span).iter().all(|t| {
            t.span.end <= s.len()
                && s.is_char_boundary(t.span.start)
                && s.is_char_boundary(t.span.end)
        })
    }
    QuickCheck::new()
        .tests(2000)
        .quickcheck(prop as fn(String, usize, usize) -> bool);
}
