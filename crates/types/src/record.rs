//! The output record: one JSON object per input document, as `../shared/CONTRACT.md`
//! describes it. Offsets here are **code points** into [`DocumentRecord::text`].
//!
//! ```json
//! {"id": "a.txt", "title": "…", "author": null, "published": "2023-09-05", "url": null,
//!  "text": "…",
//!  "events": [{"source": {"code": "PRKGOV", "name": "Kim Jong Un", "start": 0, "end": 11},
//!              "target": {"code": "RUSGOV", …}, "code": "036", "negated": false,
//!              "modality": "intended", "attribution": {"name": "the United States", "code": "USA"},
//!              "date": {"value": "2023-09"}, "location": null, "sentence": 0,
//!              "evidence": {"start": 0, "end": 120}, "trigger": {"start": 20, "end": 35, "text": "expects to meet"},
//!              "rule": "verbs:036:expect to meet", "quad_class": 1, "goldstein": 4.0, "plover": "CONSULT"}],
//!  "quotes": [], "times": [], "places": [], "actors": [], "sentences": 12}
//! ```
//! A document that failed carries `"error"` and empty lists.

use serde::{Deserialize, Serialize};

/// Maps byte offsets of a text to code-point offsets.
#[derive(Clone, Debug)]
pub struct CharIndex {
    /// For every byte offset that starts a char (and the end), its code-point index; other
    /// bytes map to the index of the char they belong to.
    map: Vec<u32>,
}

impl CharIndex {
    /// Builds the map for `text`.
    pub fn new(text: &str) -> CharIndex {
        let mut map = vec![0u32; text.len() + 1];
        let mut ci = 0u32;
        for (bi, ch) in text.char_indices() {
            for slot in map.iter_mut().skip(bi).take(ch.len_utf8()) {
                *slot = ci;
            }
            ci += 1;
        }
        map[text.len()] = ci;
        CharIndex { map }
    }

    /// The code-point offset of byte offset `byte` (clamped to the text).
    pub fn char_of(&self, byte: usize) -> usize {
        self.map[byte.min(self.map.len() - 1)] as usize
    }
}

/// An actor reference in an event or quote.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ActorRef {
    /// CAMEO actor code.
    pub code: Option<String>,
    /// Readable name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// First code point of the mention.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<usize>,
    /// One past the last code point.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<usize>,
    /// Dictionary entry or rule that produced the code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
}

/// A code-point range.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CharSpan {
    /// First code point.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
    /// The covered text, where useful.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// A resolved date value (`2023-09-04`, `2023-09`, `2023-W35`, `2023`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DateValue {
    /// TIMEX3-style value.
    pub value: String,
    /// How precise the value is: `day`, `week`, `month`, `quarter`, `season`, `year`, `decade`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub granularity: Option<String>,
    /// Where the date came from: `clause`, `governing`, `sentence`, `dateline`, or
    /// `publication` when the text does not date the event and the publication date stands in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// A resolved location.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LocationRef {
    /// Place name.
    pub name: String,
    /// ISO 3166 alpha-3 country.
    pub country: Option<String>,
    /// Latitude.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lat: Option<f64>,
    /// Longitude.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lon: Option<f64>,
}

/// One event in the output.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EventRecord {
    /// Who acted.
    pub source: Option<ActorRef>,
    /// Who was acted on.
    pub target: Option<ActorRef>,
    /// CAMEO code with its leading zero.
    pub code: String,
    /// True when the text says it did or will not happen.
    pub negated: bool,
    /// asserted | intended | hedged | negated | denied | conditional.
    pub modality: String,
    /// Who says so.
    pub attribution: Option<ActorRef>,
    /// When it happened.
    pub date: Option<DateValue>,
    /// Where it happened.
    pub location: Option<LocationRef>,
    /// Sentence index.
    pub sentence: usize,
    /// The sentence's code-point range.
    pub evidence: CharSpan,
    /// The trigger words.
    pub trigger: CharSpan,
    /// The verb pattern or rule that produced the code.
    pub rule: String,
    /// CAMEO QuadClass (1 verbal cooperation … 4 material conflict).
    pub quad_class: u8,
    /// Goldstein value.
    pub goldstein: f32,
    /// PLOVER event type.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub plover: Option<String>,
    /// PLOVER mode, where the map gives one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub plover_mode: Option<String>,
}

/// A quotation with its speaker.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct QuoteRecord {
    /// The quoted words, without quotation marks.
    pub text: String,
    /// First code point.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
    /// Who said it.
    pub speaker: Option<ActorRef>,
}

/// A time expression and its resolved value.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TimeRecord {
    /// The expression as written.
    pub text: String,
    /// First code point.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
    /// TIMEX3-style value.
    pub value: String,
}

/// A geocoded place mention.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PlaceRecord {
    /// The mention as written.
    pub text: String,
    /// First code point.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
    /// Gazetteer name.
    pub name: String,
    /// ISO 3166 alpha-3.
    pub country: String,
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
}

/// An actor mention in the output.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ActorRecord {
    /// The mention as written.
    pub text: String,
    /// First code point.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
    /// CAMEO actor code.
    pub code: String,
    /// Readable name.
    pub name: Option<String>,
    /// Dictionary entry or rule.
    pub rule: String,
}

/// One output line.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DocumentRecord {
    /// The input id or file path.
    pub id: String,
    /// Headline.
    pub title: Option<String>,
    /// Byline author.
    pub author: Option<String>,
    /// Publication date, `YYYY-MM-DD`.
    pub published: Option<String>,
    /// URL.
    pub url: Option<String>,
    /// Clean body text.
    pub text: String,
    /// Number of sentences.
    pub sentences: usize,
    /// Coded events.
    pub events: Vec<EventRecord>,
    /// Quotations.
    pub quotes: Vec<QuoteRecord>,
    /// Time expressions.
    pub times: Vec<TimeRecord>,
    /// Places.
    pub places: Vec<PlaceRecord>,
    /// Actor mentions.
    pub actors: Vec<ActorRecord>,
    /// Present only when the document failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl DocumentRecord {
    /// A record for a document that could not be processed.
    pub fn failed(id: impl Into<String>, error: impl Into<String>) -> DocumentRecord {
        DocumentRecord {
            id: id.into(),
            error: Some(error.into()),
            ..DocumentRecord::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_index_counts_code_points() {
        let t = "a\u{201c}b\u{e9}c";
        let ci = CharIndex::new(t);
        assert_eq!(ci.char_of(0), 0);
        assert_eq!(ci.char_of(1), 1);
        assert_eq!(ci.char_of(4), 2); // after the 3-byte quote
        assert_eq!(ci.char_of(t.len()), 5);
    }
}
