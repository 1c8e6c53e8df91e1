//! Sentence boundaries, decided between tokens.
//!
//! The splitter never looks inside a token: abbreviations (`U.S.`), numbers
//! (`3.5`) and URLs are whole tokens by the time it runs, so a boundary can
//! only fall in the whitespace (or the adjacency) between two tokens.

use dyad_types::{Sentence, Span, Token};

use crate::lexicon::{abbrev_kind, is_starter, is_time_word, AbbrevKind};
use crate::tokenize::sl;
use crate::MAX_SENTENCE_TOKENS;

/// Line breaks in the gap between two tokens: 0, 1, or 2 for a paragraph break.
fn breaks(text: &str, a: usize, b: usize) -> u8 {
    let g = sl(text, a, b);
    let mut lf = 0u8;
    let mut cr = 0u8;
    let mut wide = false;
    for &c in g.as_bytes() {
        match c {
            b'\n' => lf = lf.saturating_add(1),
            b'\r' => cr = cr.saturating_add(1),
            c if c >= 0x80 => wide = true,
            _ => {}
        }
    }
    let mut n = if lf == 0 { cr } else { lf };
    if wide {
        if g.contains('\u{2029}') {
            return 2;
        }
        n = n.saturating_add(g.matches(['\u{2028}', '\u{85}']).count().min(2) as u8);
    }
    n.min(2)
}

fn first_char(s: &str) -> Option<char> {
    s.chars().next()
}

fn is_dash(form: &str) -> bool {
    !form.is_empty() && form.chars().all(|c| matches!(c, '-' | '—' | '–'))
}

/// `.`, `...`, `…`, `!`, `?`, `?!`.
fn is_terminal(form: &str) -> bool {
    !form.is_empty() && form.chars().all(|c| matches!(c, '.' | '!' | '?' | '…'))
}

fn is_bullet(form: &str) -> bool {
    matches!(
        form,
        "•" | "·" | "▪" | "●" | "◦" | "‣" | "*" | "-" | "–" | "—" | "‐" | "○" | "■"
    )
}

/// `1.` as a list marker (the tokenizer keeps it whole only at a line start).
fn is_list_marker(form: &str) -> bool {
    form.strip_suffix('.')
        .is_some_and(|d| !d.is_empty() && d.bytes().all(|c| c.is_ascii_digit()))
}

fn is_opening_quote(form: &str) -> bool {
    matches!(
        form,
        "\"" | "'" | "“" | "‘" | "„" | "«" | "(" | "[" | "{" | "¿" | "¡"
    )
}

/// Whether a token may open a sentence after a full stop.
fn can_start(form: &str) -> bool {
    let Some(c) = first_char(form) else {
        return false;
    };
    (c.is_alphabetic() && !c.is_lowercase())
        || c.is_ascii_digit()
        || is_opening_quote(form)
        || is_bullet(form)
        || matches!(c, '$' | '£' | '€' | '¥' | '#' | '@')
}

/// True when `tokens[j]` closes what the terminal before it ended (a quote or bracket).
fn is_closer(text: &str, tokens: &[Token], j: usize) -> bool {
    let form = tokens[j].form.as_str();
    let adjacent = tokens[j - 1].span.end == tokens[j].span.start;
    match form {
        "”" | "’" | "»" | "›" | ")" | "]" | "}" => {
            breaks(text, tokens[j - 1].span.end, tokens[j].span.start) == 0
        }
        "\"" | "'" => adjacent,
        _ => false,
    }
}

/// A line that looks like a headline: no final punctuation, mostly capitalised
/// words, not all capitals (an all-capitals line is a dateline).
fn is_headline(tokens: &[Token]) -> bool {
    let Some(last) = tokens.last() else {
        return false;
    };
    if tokens.len() > 30 || !first_char(&last.form).is_some_and(|c| c.is_alphanumeric()) {
        return false;
    }
    let (mut long, mut cap, mut lower_letters) = (0, 0, false);
    for t in tokens {
        let mut chars = t.form.chars();
        let Some(c) = chars.next() else { continue };
        lower_letters |= t.form.chars().any(|c| c.is_lowercase());
        if c.is_alphabetic() && t.form.chars().count() >= 4 {
            long += 1;
            if c.is_uppercase() {
                cap += 1;
            }
        }
    }
    lower_letters && long > 0 && cap * 4 >= long * 3
}

/// Whether a sentence ends after terminal token `i`, given the next real token `j`.
fn ends_sentence(tokens: &[Token], i: usize, j: usize) -> bool {
    let f = tokens[i].form.as_str();
    let g = tokens[j].form.as_str();
    if is_terminal(f) {
        if can_start(g) {
            return true;
        }
        // A lower-case word after a bare full stop, `?` or `!` (not after a
        // closing quote: `"Why?" he asked`) still starts a sentence.
        let lower = first_char(g).is_some_and(|c| c.is_lowercase());
        let stop = f == "." || f.chars().all(|c| matches!(c, '!' | '?'));
        return lower && stop && j == i + 1;
    }
    if f.len() < 2 || !f.ends_with('.') {
        return false;
    }
    match abbrev_kind(f, first_char(g)) {
        Some(AbbrevKind::NeverFinal) | None => false,
        Some(AbbrevKind::LowerFinal) => {
            first_char(g).is_some_and(|c| c.is_uppercase()) && !is_time_word(g)
        }
        Some(AbbrevKind::Ambiguous) => is_starter(g),
    }
}

/// Groups `tokens` (the whole text's) into sentences.
pub(crate) fn split(text: &str, tokens: &[Token]) -> Vec<Sentence> {
    let mut out = Vec::with_capacity(tokens.len() / 20 + 1);
    if tokens.is_empty() {
        return out;
    }
    let mut start = 0;
    let mut para = 0;
    let mut start_para = 0;
    let mut line_start = 0;
    let mut forced: Option<usize> = None;
    for i in 0..tokens.len() {
        if i > 0 {
            let br = breaks(text, tokens[i - 1].span.end, tokens[i].span.start);
            let form = tokens[i].form.as_str();
            let mut cut = forced == Some(i);
            let mut new_para = false;
            if br >= 2 {
                // A paragraph that ends in a dash is a dateline ("MOSCOW (Reuters) -").
                if !(is_dash(&tokens[i - 1].form) && i - start <= 12) {
                    cut = true;
                    new_para = true;
                }
            } else if br == 1 {
                let bullet = (is_bullet(form) || is_list_marker(form))
                    && tokens
                        .get(i + 1)
                        .is_some_and(|n| n.span.start > tokens[i].span.end);
                if bullet || (is_headline(&tokens[line_start..i]) && can_start(form)) {
                    cut = true;
                }
            } else if matches!(form, "•" | "▪" | "●" | "■")
                && tokens[i - 1].span.end < tokens[i].span.start
            {
                cut = true;
            }
            if br >= 1 {
                line_start = i;
            }
            if new_para {
                para += 1;
            }
            if !cut && i - start >= MAX_SENTENCE_TOKENS {
                // Too long: cut after the last `;`, `:` or `,` of the second half, or here.
                let soft = (start + MAX_SENTENCE_TOKENS / 2..i)
                    .rev()
                    .find(|&k| matches!(tokens[k].form.as_str(), ";" | ":" | ","));
                match soft {
                    Some(k) => {
                        out.push(sentence(tokens, start, k + 1, start_para));
                        start = k + 1;
                        start_para = para;
                    }
                    None => cut = true,
                }
            }
            if cut {
                out.push(sentence(tokens, start, i, start_para));
                start = i;
                start_para = para;
            }
        }
        let f = tokens[i].form.as_str();
        if f.ends_with(['.', '!', '?', '…']) {
            let mut j = i + 1;
            while j < tokens.len() && is_closer(text, tokens, j) {
                j += 1;
            }
            if j < tokens.len() && ends_sentence(tokens, i, j) {
                forced = Some(j);
            }
        }
    }
    out.push(sentence(tokens, start, tokens.len(), start_para));
    out
}

fn sentence(tokens: &[Token], a: usize, b: usize, paragraph: usize) -> Sentence {
    Sentence {
        span: Span::new(tokens[a].span.start, tokens[b - 1].span.end),
        first_token: a,
        end_token: b,
        paragraph,
    }
}
