//! Plain data shared by every dyad stage.
//!
//! Stages pass these types along the pipeline
//! (ingest → text → parse → actors → code → resolve → store). Nothing here does I/O
//! or stage logic. Offsets inside the engine are **byte** offsets into an
//! [`Article::text`]; the output [`record`] module converts them to code-point
//! offsets, which is what the JSON contract promises.

pub mod record;

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A half-open byte range `start..end` into an article's clean text.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`.
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    /// True for an empty span.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The text of this span, or `""` when it does not fall on char boundaries of `text`.
    pub fn slice<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.start..self.end).unwrap_or("")
    }

    /// The smallest span covering both.
    pub fn cover(&self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
}

/// A news document after ingest: clean body text plus metadata.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Article {
    /// The input id, or the file path as given.
    pub id: String,
    /// Headline, if one was found.
    pub title: Option<String>,
    /// Byline author, if one was found.
    pub author: Option<String>,
    /// Publication date as `YYYY-MM-DD`.
    pub published: Option<String>,
    /// Canonical URL.
    pub url: Option<String>,
    /// Clean body text: paragraphs separated by blank lines.
    pub text: String,
}

/// One token of the clean text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Token {
    /// Where the token sits in the article text.
    pub span: Span,
    /// The token's form; usually `span.slice(text)`, but normalised where the
    /// tokenizer splits a form (`n't`) or maps typographic quotes.
    pub form: String,
}

/// One sentence: a span of the text and the range of its tokens in the article's token list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sentence {
    /// Where the sentence sits in the article text.
    pub span: Span,
    /// Index of the first token (into the article's token vector).
    pub first_token: usize,
    /// One past the index of the last token.
    pub end_token: usize,
    /// Index of the paragraph this sentence belongs to (0-based).
    pub paragraph: usize,
}

/// Error for codes that do not parse.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodeError {
    what: &'static str,
    input: String,
}

impl fmt::Display for CodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid {}: {:?}", self.what, self.input)
    }
}

impl std::error::Error for CodeError {}

/// A CAMEO event code: two to four digits, root first (`"04"`, `"036"`, `"0311"`).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CameoCode {
    digits: [u8; 4],
    len: u8,
}

impl CameoCode {
    /// The code as text, with its leading zero.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.digits[..self.len as usize]).unwrap_or("")
    }

    /// The root: the first two digits as a number (1..=20).
    pub fn root(&self) -> u8 {
        (self.digits[0] - b'0') * 10 + (self.digits[1] - b'0')
    }

    /// The code's parent (`"0311"` → `"031"`, `"031"` → `"03"`), or `None` for a root.
    pub fn parent(&self) -> Option<CameoCode> {
        if self.len <= 2 {
            return None;
        }
        let mut p = *self;
        p.len -= 1;
        p.digits[p.len as usize] = 0;
        Some(p)
    }

    /// True when `self` is `other` or one of its descendants.
    pub fn is_within(&self, other: CameoCode) -> bool {
        self.len >= other.len
            && self.digits[..other.len as usize] == other.digits[..other.len as usize]
    }
}

impl FromStr for CameoCode {
    type Err = CodeError;
    fn from_str(s: &str) -> Result<CameoCode, CodeError> {
        let s = s.trim();
        let bad = || CodeError {
            what: "CAMEO code",
            input: s.to_string(),
        };
        if !(2..=4).contains(&s.len()) || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let mut digits = [0u8; 4];
        digits[..s.len()].copy_from_slice(s.as_bytes());
        let code = CameoCode {
            digits,
            len: s.len() as u8,
        };
        if !(1..=20).contains(&code.root()) {
            return Err(bad());
        }
        Ok(code)
    }
}

impl fmt::Display for CameoCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for CameoCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CameoCode({})", self.as_str())
    }
}

impl Serialize for CameoCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for CameoCode {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<CameoCode, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// A CAMEO actor code: a three-letter country or `IGO…` prefix followed by
/// three-letter role codes (`"PRKGOV"`, `"USAMIL"`, `"IGOUNO"`, `"---REB"`).
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ActorCode(String);

impl ActorCode {
    /// The code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The principal: the first three letters (a country, `---`) or, for an
    /// international organisation, the first six (`IGOUNO`).
    pub fn principal(&self) -> &str {
        let n = if self.0.starts_with("IGO") { 6 } else { 3 };
        self.0.get(..n.min(self.0.len())).unwrap_or(&self.0)
    }

    /// The role codes after the principal, three letters each.
    pub fn roles(&self) -> impl Iterator<Item = &str> {
        let rest = self.0.get(self.principal().len()..).unwrap_or("");
        (0..rest.len() / 3).filter_map(move |i| rest.get(i * 3..i * 3 + 3))
    }

    /// True when the code has a real country or IGO principal (not `---`).
    pub fn has_principal(&self) -> bool {
        !self.0.starts_with("---")
    }

    /// This code with `role` appended unless it already carries it.
    pub fn with_role(&self, role: &str) -> ActorCode {
        if self.roles().any(|r| r == role) {
            return self.clone();
        }
        ActorCode(format!("{}{}", self.0, role))
    }

    /// A code whose principal is replaced by `principal`, keeping the roles.
    pub fn with_principal(&self, principal: &str) -> ActorCode {
        let rest = self.0.get(self.principal().len()..).unwrap_or("");
        ActorCode(format!("{principal}{rest}"))
    }
}

impl FromStr for ActorCode {
    type Err = CodeError;
    fn from_str(s: &str) -> Result<ActorCode, CodeError> {
        let s = s.trim();
        let ok = s.len() >= 3
            && s.len().is_multiple_of(3)
            && s.bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-');
        if !ok {
            return Err(CodeError {
                what: "actor code",
                input: s.to_string(),
            });
        }
        Ok(ActorCode(s.to_string()))
    }
}

impl fmt::Display for ActorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for ActorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ActorCode({})", self.0)
    }
}

/// How the text presents an event.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Modality {
    /// Stated as fact.
    #[default]
    Asserted,
    /// Planned, expected or intended ("will meet", "plans to visit").
    Intended,
    /// Possible or uncertain ("could", "may", "is likely to").
    Hedged,
    /// Said not to happen ("did not", "will not").
    Negated,
    /// Denied by someone ("denied supplying").
    Denied,
    /// Depends on a condition ("if …", "would … unless").
    Conditional,
}

impl Modality {
    /// True when the text says the event did or will not happen.
    pub fn is_negative(&self) -> bool {
        matches!(self, Modality::Negated | Modality::Denied)
    }
}

/// An actor mention found in the text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActorMention {
    /// Where the mention sits (bytes into the article text).
    pub span: Span,
    /// Its CAMEO actor code.
    pub code: ActorCode,
    /// A readable name (dictionary headword or the phrase itself).
    pub name: String,
    /// The id of the dictionary entry or rule that produced the code.
    pub rule: String,
    /// Index of the first token covered.
    pub first_token: usize,
    /// One past the last token covered.
    pub end_token: usize,
}

/// One coded event.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// Who acted.
    pub source: Option<ActorMention>,
    /// Who was acted on.
    pub target: Option<ActorMention>,
    /// The CAMEO event code.
    pub code: CameoCode,
    /// How the text presents it.
    pub modality: Modality,
    /// Who says so, if the sentence reports someone's claim.
    pub attribution: Option<ActorMention>,
    /// Index of the sentence in the article.
    pub sentence: usize,
    /// The trigger words (verb or noun phrase) that produced the code.
    pub trigger: Span,
    /// The id of the verb pattern that produced the code.
    pub rule: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cameo_code_parses_and_knows_its_root() {
        let c: CameoCode = "0311".parse().unwrap();
        assert_eq!(c.root(), 3);
        assert_eq!(c.parent().unwrap().as_str(), "031");
        assert!(c.is_within("03".parse().unwrap()));
        assert!(!c.is_within("04".parse().unwrap()));
        assert!("21".parse::<CameoCode>().is_err());
        assert!("0a".parse::<CameoCode>().is_err());
        assert_eq!(serde_json::to_string(&c).unwrap(), "\"0311\"");
    }

    #[test]
    fn actor_code_principal_and_roles() {
        let a: ActorCode = "PRKGOVMIL".parse().unwrap();
        assert_eq!(a.principal(), "PRK");
        assert_eq!(a.roles().collect::<Vec<_>>(), vec!["GOV", "MIL"]);
        let igo: ActorCode = "IGOUNOMIL".parse().unwrap();
        assert_eq!(igo.principal(), "IGOUNO");
        assert_eq!(a.with_role("GOV").as_str(), "PRKGOVMIL");
        assert_eq!(
            "---REB"
                .parse::<ActorCode>()
                .unwrap()
                .with_principal("SYR")
                .as_str(),
            "SYRREB"
        );
        assert!("prk".parse::<ActorCode>().is_err());
    }
}
