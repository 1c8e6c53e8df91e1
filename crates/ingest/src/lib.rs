//! dyad stage: ingest. Turns one news document into an [`Article`]: clean body
//! text plus title, author, publication date and canonical URL.
//!
//! Three kinds of input ([`InputKind`]):
//!
//! * [`InputKind::Html`]: a raw web page. An iterative tokenizer (no DOM tree, no
//!   recursion, so 10,000-deep nesting is harmless) cuts the page into text blocks,
//!   drops boilerplate elements (scripts, styles, navigation, footers, share widgets,
//!   comment sections, cookie banners), picks the main-content container by paragraph
//!   density and reads metadata from meta tags, JSON-LD, `<time>` and bylines.
//! * [`InputKind::Page`]: text scraped from a web page, still carrying site furniture
//!   ("top of page", "Writer's picture", "0 views0 comments"). General line rules
//!   remove the furniture and find the headline, byline and date.
//! * [`InputKind::Text`]: clean text, kept verbatim so offsets can be scored.
//!
//! The body text keeps paragraph breaks as blank lines (`"\n\n"`).
//!
//! ```
//! use dyad_ingest::{ingest_str, InputKind};
//!
//! let page = "top of page\nBy Jane Roe\n\nHarbour Talks Resume In Port City\n\n\
//!             Negotiators met on Monday to resume talks over the harbour dispute, officials said.\n\n\
//!             0 views0 comments\nbottom of page";
//! let article = ingest_str("doc-1", page, InputKind::Page)?;
//! assert_eq!(article.title.as_deref(), Some("Harbour Talks Resume In Port City"));
//! assert_eq!(article.author.as_deref(), Some("Jane Roe"));
//! assert!(article.text.starts_with("Negotiators met on Monday"));
//! assert!(!article.text.contains("views"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]

mod clean;
mod date;
mod decode;
mod html;
mod meta;

use std::fmt;
use std::path::Path;

pub use dyad_types::Article;

/// Largest accepted input, in bytes (32 MiB). Bigger documents are an error, not a stall.
pub const MAX_DOCUMENT_BYTES: usize = 32 * 1024 * 1024;

/// What an input document is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum InputKind {
    /// A raw web page (HTML markup).
    Html,
    /// Text scraped from a web page, which may still carry site furniture.
    Page,
    /// Clean text, taken verbatim as the article text.
    Text,
}

/// Why a document could not be ingested. `Display` gives a one-line reason.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IngestError {
    kind: ErrorKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum ErrorKind {
    Empty,
    Binary,
    InvalidUtf8 { offset: usize },
    TooLarge { len: usize },
    NoText,
}

impl IngestError {
    pub(crate) fn new(kind: ErrorKind) -> IngestError {
        IngestError { kind }
    }
}

impl fmt::Display for IngestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ErrorKind::Empty => f.write_str("empty document"),
            ErrorKind::Binary => f.write_str("binary content, not text"),
            ErrorKind::InvalidUtf8 { offset } => {
                write!(f, "invalid UTF-8 at byte offset {offset}")
            }
            ErrorKind::TooLarge { len } => write!(
                f,
                "document too large: {len} bytes, limit {} MB",
                MAX_DOCUMENT_BYTES / (1024 * 1024)
            ),
            ErrorKind::NoText => f.write_str("no article text found"),
        }
    }
}

impl std::error::Error for IngestError {}

/// The input kind a file path implies: `.html`/`.htm` (any case) is [`InputKind::Html`],
/// anything else [`InputKind::Page`].
pub fn kind_for_path(path: &Path) -> InputKind {
    match path.extension().and_then(|e| e.to_str()) {
        Some(ext) if ext.eq_ignore_ascii_case("html") || ext.eq_ignore_ascii_case("htm") => {
            InputKind::Html
        }
        _ => InputKind::Page,
    }
}

/// Ingests raw bytes.
///
/// # Errors
///
/// Empty input, input over [`MAX_DOCUMENT_BYTES`], binary content and invalid UTF-8
/// (with its byte offset) are errors. An HTML page that is not UTF-8 but declares a
/// Windows-1252 / ISO-8859-1 charset is decoded as Windows-1252. Html and Page inputs
/// that leave no text after cleaning are an error too.
pub fn ingest_bytes(id: &str, bytes: &[u8], kind: InputKind) -> Result<Article, IngestError> {
    let text = decode::decode(bytes, kind == InputKind::Html)?;
    ingest_checked(id, &text, kind)
}

/// Ingests text that is already a `str`.
///
/// # Errors
///
/// As [`ingest_bytes`], less the encoding errors.
pub fn ingest_str(id: &str, text: &str, kind: InputKind) -> Result<Article, IngestError> {
    decode::check_size(text.len())?;
    if text.trim().is_empty() {
        return Err(IngestError::new(ErrorKind::Empty));
    }
    decode::sniff_binary(text.as_bytes())?;
    let text = match kind {
        InputKind::Text => text,
        _ => text.strip_prefix('\u{FEFF}').unwrap_or(text),
    };
    ingest_checked(id, text, kind)
}

fn ingest_checked(id: &str, text: &str, kind: InputKind) -> Result<Article, IngestError> {
    let mut article = match kind {
        InputKind::Text => Article {
            text: text.to_string(),
            ..Article::default()
        },
        InputKind::Page => clean::clean_page(text),
        InputKind::Html => html::extract(text),
    };
    if kind != InputKind::Text && article.text.trim().is_empty() {
        return Err(IngestError::new(ErrorKind::NoText));
    }
    article.id = id.to_string();
    Ok(article)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_from_extension() {
        assert_eq!(kind_for_path(Path::new("a/b.html")), InputKind::Html);
        assert_eq!(kind_for_path(Path::new("b.HTM")), InputKind::Html);
        assert_eq!(kind_for_path(Path::new("b.txt")), InputKind::Page);
        assert_eq!(kind_for_path(Path::new("noext")), InputKind::Page);
    }

    #[test]
    fn text_is_verbatim() {
        let raw = "  Line one.\r\n\nLine  two.  \n";
        let a = ingest_str("t", raw, InputKind::Text).unwrap();
        assert_eq!(a.text, raw);
        assert_eq!(a.title, None);
        assert_eq!(a.id, "t");
        let b = ingest_bytes("t", raw.as_bytes(), InputKind::Text).unwrap();
        assert_eq!(b.text, raw);
    }

    #[test]
    fn too_large_is_an_error_message() {
        let e = IngestError::new(ErrorKind::TooLarge { len: 41_943_040 });
        assert_eq!(
            e.to_string(),
            "document too large: 41943040 bytes, limit 32 MB"
        );
    }
}
