//! dyad stage: sentence splitting and tokenization of clean article text.
//!
//! [`segment`] turns an article's clean text into [`Token`]s and
//! [`Sentence`]s, keeping **byte** offsets into that text (every
//! [`Span`] falls on char boundaries, so `span.slice(text)` is the token's
//! original characters). [`tokenize`] tokenizes one already-split sentence.
//!
//! Paragraphs are separated by blank lines; a paragraph break is always a
//! sentence break. Tokens follow Universal Dependencies English-EWT, on which
//! the tagger and parser are trained: punctuation and clitics are split
//! (`don't` → `do` `n't`, `Putin's` → `Putin` `'s`), abbreviations keep their
//! period (`U.S.`, `Gen.`), numbers, URLs and e-mail addresses stay whole.
//! `docs/text.md` has the rules and the figures measured on EWT.
//!
//! ```
//! use dyad_text::segment;
//!
//! let text = "MOSCOW, Sept. 5 (Reuters) - Russia's Gen. Ivanov arrived at 3 p.m. Tuesday. \
//!             \"It is a failure,\" Putin said Monday. \"At least today.\"";
//! let seg = segment(text);
//! assert_eq!(seg.sentences.len(), 3);
//! let first = &seg.sentences[0];
//! assert!(first.span.slice(text).starts_with("MOSCOW, Sept. 5"));
//! let forms: Vec<&str> = seg.tokens[first.first_token..first.end_token]
//!     .iter()
//!     .map(|t| t.form.as_str())
//!     .collect();
//! assert_eq!(forms[..4], ["MOSCOW", ",", "Sept.", "5"]);
//! assert!(forms.contains(&"'s"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]

mod lexicon;
mod split;
mod tokenize;

#[cfg(test)]
mod tests;

pub use dyad_types::{Sentence, Span, Token};

/// The most tokens a sentence has. A longer run without a sentence end (a flattened list or
/// table, a page of punctuation, hostile input) is cut: after the last `;`, `:` or `,` of its
/// second half when there is one, else after this many tokens. The tagger, parser and coder
/// work sentence by sentence and some of their work grows with the square of its length, so
/// without the cap one million-token "sentence" held a worker for many minutes (issue 10).
/// The longest sentence of UD English-EWT has 159 tokens.
pub const MAX_SENTENCE_TOKENS: usize = 256;

/// The tokens and sentences of one text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Segmented {
    /// Every token of the text, in order.
    pub tokens: Vec<Token>,
    /// The sentences, in order; each names its tokens by index into `tokens`
    /// and together they cover every token exactly once.
    pub sentences: Vec<Sentence>,
}

/// Splits `text` into paragraphs (blank lines), sentences and tokens.
///
/// Never panics, on any UTF-8 input. Spans are byte offsets into `text`, in
/// order, non-overlapping and on char boundaries; each sentence's span runs
/// from its first token's start to its last token's end, and holds at most
/// [`MAX_SENTENCE_TOKENS`] tokens.
pub fn segment(text: &str) -> Segmented {
    let tokens = tokenize(text, Span::new(0, text.len()));
    let sentences = split::split(text, &tokens);
    Segmented { tokens, sentences }
}

/// Tokenizes the part of `text` under `span` (one already-split sentence).
///
/// Returned spans are byte offsets into the whole `text`. A span reaching
/// past the text is clamped to it, and ends that fall inside a character
/// are moved inwards to the nearest char boundary.
pub fn tokenize(text: &str, span: Span) -> Vec<Token> {
    tokenize::tokenize_span(text, span)
}
