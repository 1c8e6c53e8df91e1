//! Tokenization close to Universal Dependencies English-EWT.
//!
//! The text is cut at whitespace into chunks; each chunk loses leading and
//! trailing punctuation (kept as tokens), then its core is split at inner
//! dashes, slashes between letters, hyphens (EWT-style, see [`joins_hyphen`])
//! and clitics (`n't`, `'s`, …).

use dyad_types::{Span, Token};

use crate::lexicon::abbrev_kind;

/// The text of `text[a..b]`, or `""` off char boundaries (never panics).
#[inline]
pub(crate) fn sl(text: &str, a: usize, b: usize) -> &str {
    text.get(a..b).unwrap_or("")
}

/// Whitespace for chunking: Unicode white space plus zero-width space and BOM.
#[inline]
pub(crate) fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200B}' | '\u{FEFF}' | '\u{2060}')
}

/// Tokenizes `text[start..end]` (char boundaries) and appends to `out`.
pub(crate) fn tokenize_into(text: &str, start: usize, end: usize, out: &mut Vec<Token>) {
    let mut tk = Tokenizer {
        text,
        end,
        out,
        stack: Vec::new(),
    };
    let mut chunk_start: Option<usize> = None;
    for (i, c) in sl(text, start, end).char_indices() {
        let at = start + i;
        if is_space(c) {
            if let Some(s) = chunk_start.take() {
                tk.chunk(s, at);
            }
        } else if chunk_start.is_none() {
            chunk_start = Some(at);
        }
    }
    if let Some(s) = chunk_start {
        tk.chunk(s, end);
    }
}

struct Tokenizer<'a, 'o> {
    text: &'a str,
    /// End of the tokenized range (for look-ahead past a chunk).
    end: usize,
    out: &'o mut Vec<Token>,
    /// Trailing punctuation peeled off the current chunk, innermost last.
    stack: Vec<(usize, usize)>,
}

const EMOTICONS: &[&str] = &[
    ":)", ":-)", ":(", ":-(", ";)", ";-)", ":D", ":-D", ":P", ":p", ":-P", "=)", "=(", "^_^", ":/",
    ":-/", "<3", ":'(", ":o", ":O", "XD", ":]", ":[",
];

fn first(s: &str) -> Option<char> {
    s.chars().next()
}

fn last(s: &str) -> Option<char> {
    s.chars().next_back()
}

/// Length in bytes of the run of `c` at the start of `s`.
fn run_len(s: &str, c: char) -> usize {
    s.chars().take_while(|&x| x == c).count() * c.len_utf8()
}

/// Length in bytes of the run of `c` at the end of `s`.
fn run_len_back(s: &str, c: char) -> usize {
    s.chars().rev().take_while(|&x| x == c).count() * c.len_utf8()
}

fn is_url_or_email(s: &str) -> bool {
    let b = s.as_bytes();
    let starts = |p: &str| b.len() > p.len() && b[..p.len()].eq_ignore_ascii_case(p.as_bytes());
    if starts("http://") || starts("https://") || starts("ftp://") || starts("www.") {
        return true;
    }
    if b.first().is_some_and(|c| c.is_ascii_alphanumeric()) && s.contains("://") {
        return true;
    }
    // user@host.tld
    if let Some(at) = s.find('@') {
        let (user, host) = (sl(s, 0, at), sl(s, at + 1, s.len()));
        return user
            .bytes()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric())
            && user
                .bytes()
                .all(|c| c.is_ascii_alphanumeric() || b"._%+-'".contains(&c))
            && host.contains('.')
            && host
                .bytes()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'-'));
    }
    false
}

/// Characters peeled off the end of a URL or e-mail address.
const URL_TRAILERS: &[char] = &[
    '.', ',', ')', ']', '}', '"', '\'', ';', ':', '!', '?', '>', '”', '’', '»',
];

/// Hyphen prefixes that EWT keeps attached (`e-mail`, `non-profit`, `co-workers`).
const HYPHEN_PREFIXES: &[&str] = &[
    "e", "non", "anti", "pre", "re", "mid", "post", "co", "over", "ex", "pro", "multi", "counter",
    "semi", "sub", "inter", "intra", "micro", "mini", "neo", "pseudo", "quasi", "ultra", "bi",
    "tri", "un", "de", "mis", "trans", "cyber", "socio", "geo", "meh",
];

/// Whether the hyphen between `left` and `right` (alphanumeric neighbours)
/// stays inside the token, following EWT: known prefixes and phone numbers
/// stay joined, everything else (`long-term`, `al-Qaeda`, `3-4`) is split.
fn joins_hyphen(left: &str, right: &str) -> bool {
    if left.len() <= 7
        && HYPHEN_PREFIXES.iter().any(|p| p.eq_ignore_ascii_case(left))
        && right.chars().next().is_some_and(|c| c.is_alphabetic())
    {
        return true;
    }
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|c| c.is_ascii_digit());
    if digits(left) {
        let r = right.bytes().take_while(|c| c.is_ascii_digit()).count();
        return matches!(left.len(), 1 | 3) && matches!(r, 3 | 4);
    }
    false
}

/// Byte length of a clitic ending `word` (`n't`, `'s`, `'ll`, …), if it splits off.
fn clitic_len(word: &str) -> Option<usize> {
    let b = word.as_bytes();
    // Find the apostrophe nearest the end: ASCII ' or U+2019 (E2 80 99).
    let (apos, alen) = {
        let mut found = None;
        for i in (0..b.len()).rev() {
            if b[i] == b'\'' {
                found = Some((i, 1));
                break;
            }
            if b[i] == 0xE2 && b.get(i + 1) == Some(&0x80) && b.get(i + 2) == Some(&0x99) {
                found = Some((i, 3));
                break;
            }
            if b.len() - i > 6 {
                break;
            }
        }
        found?
    };
    let after = &b[apos + alen..];
    let lower = |s: &[u8], t: &str| s.eq_ignore_ascii_case(t.as_bytes());
    // n't
    if lower(after, "t") && apos >= 2 && (b[apos - 1] == b'n' || b[apos - 1] == b'N') {
        let before = sl(word, 0, apos - 1);
        if before
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphabetic())
        {
            return Some(b.len() - (apos - 1));
        }
        return None;
    }
    if ["s", "re", "ve", "ll", "d", "m"]
        .iter()
        .any(|t| lower(after, t))
    {
        let before = sl(word, 0, apos);
        if before
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric())
        {
            return Some(b.len() - apos);
        }
    }
    None
}

/// A clitic standing alone (`'s`, `’re`, `n't`), as in `Jones 's`.
fn is_bare_clitic(s: &str) -> bool {
    let rest = s.strip_prefix('\'').or_else(|| s.strip_prefix('’'));
    rest.is_some_and(|r| {
        ["s", "re", "ve", "ll", "d", "m"]
            .iter()
            .any(|t| t.eq_ignore_ascii_case(r))
    })
}

/// Whole words EWT splits without an apostrophe: (word, length of the first part).
fn fused_split(word: &str) -> Option<usize> {
    const FUSED: &[(&str, usize)] = &[
        ("cannot", 3),
        ("gonna", 3),
        ("wanna", 3),
        ("gotta", 3),
        ("gimme", 3),
    ];
    FUSED
        .iter()
        .find(|(w, _)| w.eq_ignore_ascii_case(word))
        .map(|&(_, n)| n)
}

/// Opening punctuation peeled off the front of a chunk, one token each.
fn is_opening(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '“'
            | '‘'
            | '„'
            | '‚'
            | '«'
            | '‹'
            | '('
            | '['
            | '{'
            | '¿'
            | '¡'
            | '$'
            | '£'
            | '€'
            | '¥'
            | '#'
            | '•'
            | '·'
            | '▪'
            | '●'
            | '◦'
            | '‣'
            | '…'
            | ','
            | ';'
            | ':'
            | ')'
            | ']'
            | '}'
            | '”'
            | '’'
            | '»'
            | '›'
            | '/'
            | '&'
    )
}

/// Closing punctuation peeled off the end of a chunk, one token each.
fn is_closing(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '”'
            | '’'
            | '»'
            | '›'
            | ')'
            | ']'
            | '}'
            | ','
            | ';'
            | ':'
            | '%'
            | '…'
            | '“'
            | '‘'
            | '('
            | '['
            | '/'
    )
}

/// Characters whose runs form one token (`--`, `***`, `>>`, `===`).
fn is_run_char(c: char) -> bool {
    matches!(
        c,
        '-' | '—' | '–' | '*' | '=' | '<' | '>' | '~' | '|' | '_' | '+' | '!' | '?'
    )
}

impl Tokenizer<'_, '_> {
    fn push(&mut self, a: usize, b: usize) {
        if a < b {
            self.out.push(Token {
                span: Span::new(a, b),
                form: sl(self.text, a, b).to_string(),
            });
        }
    }

    /// First non-space character after byte `i` within the tokenized range.
    fn next_char_after(&self, i: usize) -> Option<char> {
        sl(self.text, i, self.end).chars().find(|&c| !is_space(c))
    }

    fn chunk(&mut self, s: usize, e: usize) {
        let text = self.text;
        let whole = sl(text, s, e);
        if EMOTICONS.contains(&whole) {
            self.push(s, e);
            return;
        }
        let (mut lo, mut hi) = (s, e);

        // Leading punctuation.
        while lo < hi {
            let rest = sl(text, lo, hi);
            if is_url_or_email(rest) || is_bare_clitic(rest) {
                break;
            }
            let Some(c) = first(rest) else { break };
            let n = match c {
                '-' | '+' if rest.len() > 1 && rest.as_bytes()[1].is_ascii_digit() => break,
                '.' if rest.len() > 1 && rest.as_bytes()[1].is_ascii_digit() => break,
                '.' => run_len(rest, '.'),
                '#' if sl(rest, 1, rest.len()).starts_with(|c: char| c.is_alphabetic()) => break,
                '!' | '?' => rest.len() - rest.trim_start_matches(['!', '?']).len(),
                c if is_run_char(c) => run_len(rest, c),
                c if is_opening(c) => c.len_utf8(),
                _ => break,
            };
            if n >= rest.len() {
                break;
            }
            self.push(lo, lo + n);
            lo += n;
        }

        // Trailing punctuation, collected innermost-last.
        self.stack.clear();
        while lo < hi {
            let rest = sl(text, lo, hi);
            if is_url_or_email(rest) && !rest.ends_with(URL_TRAILERS) {
                break;
            }
            let Some(c) = last(rest) else { break };
            let n = match c {
                '.' => {
                    let dots = run_len_back(rest, '.');
                    if dots > 1 {
                        dots
                    } else if self.is_abbrev(rest, hi) || self.is_list_marker(lo, rest) {
                        break;
                    } else {
                        1
                    }
                }
                ')' if sl(rest, 0, rest.len() - 1).contains('(') => break,
                ']' if sl(rest, 0, rest.len() - 1).contains('[') => break,
                '\'' | '’' if clitic_len(rest).is_some() => break,
                '!' | '?' => rest.len() - rest.trim_end_matches(['!', '?']).len(),
                c if is_run_char(c) => run_len_back(rest, c),
                c if is_closing(c) => c.len_utf8(),
                _ => break,
            };
            if n >= rest.len() {
                break;
            }
            self.stack.push((hi - n, hi));
            hi -= n;
        }

        let core = sl(text, lo, hi);
        if is_url_or_email(core) || EMOTICONS.contains(&core) {
            self.push(lo, hi);
        } else {
            self.core(lo, hi);
        }
        while let Some((a, b)) = self.stack.pop() {
            self.push(a, b);
        }
    }

    /// Whether `rest` (ending at byte `hi`, with its final period) is an
    /// abbreviation, alone or after a hyphen (`D-N.Y.`).
    fn is_abbrev(&self, rest: &str, hi: usize) -> bool {
        let next = self.next_char_after(hi);
        if abbrev_kind(rest, next).is_some() {
            return true;
        }
        match rest.rfind(['-', '/']) {
            Some(i) => abbrev_kind(sl(rest, i + 1, rest.len()), next).is_some(),
            None => false,
        }
    }

    /// `1.` starting a line: a list marker, kept whole.
    fn is_list_marker(&self, lo: usize, rest: &str) -> bool {
        let stem = sl(rest, 0, rest.len() - 1);
        if stem.is_empty() || stem.len() > 3 || !stem.bytes().all(|c| c.is_ascii_digit()) {
            return false;
        }
        // Only at the start of a line (or of the range).
        let before = sl(self.text, 0, lo);
        match before
            .char_indices()
            .rev()
            .find(|&(_, c)| !matches!(c, ' ' | '\t'))
        {
            None => true,
            Some((_, c)) => c == '\n' || c == '\r',
        }
    }

    /// Splits the core of a chunk at inner dashes, quotes, slashes and hyphens.
    fn core(&mut self, lo: usize, hi: usize) {
        let text = self.text;
        let core = sl(text, lo, hi);
        let mut piece = lo; // start of the pending piece
        let mut seg = lo; // start of the current hyphen segment
        let mut prev: Option<char> = None;
        let mut iter = core.char_indices().peekable();
        while let Some((i, c)) = iter.next() {
            let at = lo + i;
            let next = iter.peek().map(|&(_, n)| n);
            let split_len = match c {
                '-' => {
                    let run = run_len(sl(text, at, hi), '-');
                    if run >= 2 {
                        Some(run)
                    } else if prev.is_some_and(|p| p.is_alphanumeric())
                        && next.is_some_and(|n| n.is_alphanumeric())
                    {
                        if joins_hyphen(sl(text, seg, at), sl(text, at + 1, hi)) {
                            seg = at + 1;
                            None
                        } else {
                            Some(1)
                        }
                    } else if at > piece && next.is_some() {
                        Some(1)
                    } else {
                        None
                    }
                }
                '—' | '–' => Some(run_len(sl(text, at, hi), c)),
                '…' | '"' | '“' | '”' | ';' => Some(c.len_utf8()),
                // `...` inside a word, unless it is a masked e-mail (`joh...@x.com`).
                '.' if next == Some('.') && !sl(text, at, hi).contains('@') => {
                    Some(run_len(sl(text, at, hi), '.'))
                }
                ',' if !(prev.is_some_and(|p| p.is_ascii_digit())
                    && next.is_some_and(|n| n.is_ascii_digit())) =>
                {
                    Some(1)
                }
                '/' if prev.is_some_and(|p| p.is_alphabetic())
                    && next.is_some_and(|n| n.is_alphabetic()) =>
                {
                    Some(1)
                }
                _ => None,
            };
            if let Some(n) = split_len {
                self.word(piece, at);
                self.push(at, at + n);
                piece = at + n;
                seg = piece;
                // Skip the rest of the run.
                while iter.peek().is_some_and(|&(j, _)| lo + j < at + n) {
                    iter.next();
                }
                prev = sl(text, lo, at + n).chars().next_back();
                continue;
            }
            prev = Some(c);
        }
        self.word(piece, hi);
    }

    /// Emits one word, splitting clitics and fused forms.
    fn word(&mut self, a: usize, b: usize) {
        if a >= b {
            return;
        }
        let w = sl(self.text, a, b);
        if let Some(n) = fused_split(w) {
            self.push(a, a + n);
            self.push(a + n, b);
            return;
        }
        match clitic_len(w) {
            Some(n) if n < w.len() => {
                self.push(a, b - n);
                self.push(b - n, b);
            }
            _ => self.push(a, b),
        }
    }
}

/// Tokenizes `text[span]`, clamping the span to the text and to char boundaries.
pub(crate) fn tokenize_span(text: &str, span: Span) -> Vec<Token> {
    let mut end = span.end.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let mut start = span.start.min(end);
    while !text.is_char_boundary(start) {
        start += 1;
    }
    let mut out = Vec::with_capacity((end - start) / 5 + 1);
    if start < end {
        tokenize_into(text, start, end, &mut out);
    }
    out
}
