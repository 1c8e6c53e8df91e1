use dyad_code::Coder;
use dyad_code::SentenceAnalysis;
use dyad_dict::{date_key, Dictionaries};
use dyad_ingest::{ingest_bytes, ingest_str, InputKind};
use dyad_resolve::TimeExpr;
use dyad_tag_api::{Parser, Tagger};
use dyad_types::record::{
    ActorRecord, ActorRef, CharIndex, CharSpan, DateValue, DocumentRecord, EventRecord,
    LocationRef, PlaceRecord, QuoteRecord, TimeRecord,
};
use dyad_types::{ActorMention, Article, Span};

use crate::stats::DocStats;

/// The raw content of an input document.
#[derive(Clone, Debug)]
pub enum Content {
    /// Bytes as read from a file (checked for binary content and UTF-8).
    Bytes(Vec<u8>),
    /// Text already decoded (from JSONL input).
    Text(String),
}

/// One input document.
#[derive(Clone, Debug)]
pub struct Input {
    /// Id (the JSONL id, or the file path as given).
    pub id: String,
    /// Publication date `YYYY-MM-DD` given by the caller; it wins over a date on the page.
    pub date: Option<String>,
    /// URL given by the caller.
    pub url: Option<String>,
    /// Title given by the caller.
    pub title: Option<String>,
    /// How to read the content.
    pub kind: InputKind,
    /// The content.
    pub content: Content,
}

impl Input {
    /// Clean text, taken verbatim.
    pub fn text(id: impl Into<String>, text: impl Into<String>) -> Input {
        Input {
            id: id.into(),
            date: None,
            url: None,
            title: None,
            kind: InputKind::Text,
            content: Content::Text(text.into()),
        }
    }

    /// Sets the publication date.
    pub fn with_date(mut self, date: impl Into<String>) -> Input {
        self.date = Some(date.into());
        self
    }
}

/// How much linguistic analysis the coder gets (see [`Pipeline::with_analysis`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Analysis {
    /// Tags and dependency parse: roles from the tree.
    Full,
    /// Tags only: actors' roles from their positions.
    Tags,
    /// Neither.
    None,
}

/// Wires the stages together. Cheap to clone; safe to share between threads.
#[derive(Clone, Copy)]
pub struct Pipeline {
    dicts: &'static Dictionaries,
    model: Option<&'static dyn TagParser>,
    parse: bool,
}

/// A model that both tags and parses.
pub trait TagParser: Tagger + Parser {}
impl<T: Tagger + Parser> TagParser for T {}

impl std::fmt::Debug for Pipeline {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pipeline")
            .field("tagger", &self.model.is_some())
            .field("parser", &self.parse)
            .finish()
    }
}

impl Default for Pipeline {
    fn default() -> Self {
        Pipeline::new()
    }
}

fn actor_ref(m: &ActorMention, ci: &CharIndex) -> ActorRef {
    ActorRef {
        code: Some(m.code.to_string()),
        name: Some(m.name.clone()),
        start: Some(ci.char_of(m.span.start)),
        end: Some(ci.char_of(m.span.end)),
        rule: Some(m.rule.clone()),
    }
}

/// The date of an event: the time expression of its sentence nearest its trigger.
fn event_date(times: &[TimeExpr], sentence: Span, trigger: usize) -> Option<DateValue> {
    times
        .iter()
        .filter(|t| t.span.start >= sentence.start && t.span.end <= sentence.end)
        .filter(|t| t.is_calendar())
        .min_by_key(|t| t.span.start.abs_diff(trigger))
        .map(|t| DateValue {
            value: t.value.clone(),
        })
}

/// The location of an event: the place of its sentence nearest its trigger (demonyms such as
/// "Russian" are places for geoparsing but not where something happened).
fn event_location(
    places: &[dyad_resolve::PlaceMention],
    sentence: Span,
    trigger: usize,
) -> Option<LocationRef> {
    places
        .iter()
        .filter(|p| p.span.start >= sentence.start && p.span.end <= sentence.end)
        .filter(|p| p.feature != "DEM")
        .min_by_key(|p| p.span.start.abs_diff(trigger))
        .map(|p| LocationRef {
            name: p.name.clone(),
            country: (!p.country.is_empty()).then(|| p.country.clone()),
            lat: Some(p.lat),
            lon: Some(p.lon),
        })
}

/// The reason of an error message without its numbers, for counting
/// ("invalid UTF-8 at byte offset 12" → "invalid UTF-8").
fn failure_kind(msg: &str) -> String {
    let head = msg.split(':').next().unwrap_or(msg);
    let words: Vec<&str> = head
        .split_whitespace()
        .take_while(|w| !w.chars().any(|c| c.is_ascii_digit()) && *w != "at")
        .collect();
    words.join(" ")
}

impl Pipeline {
    /// A pipeline over the embedded dictionaries and the embedded tagger/parser model.
    pub fn new() -> Pipeline {
        Pipeline {
            dicts: Dictionaries::embedded(),
            model: Some(dyad_tag::Model::embedded()),
            parse: true,
        }
    }

    /// Uses `dicts` instead of the embedded dictionaries (for example ours merged with a
    /// user's PETRARCH/Phoenix dictionaries, see [`Dictionaries::with_petrarch`]).
    pub fn with_dictionaries(mut self, dicts: &'static Dictionaries) -> Pipeline {
        self.dicts = dicts;
        self
    }

    /// Sets how much linguistic analysis the coder gets; used to measure what each
    /// layer adds.
    pub fn with_analysis(mut self, level: Analysis) -> Pipeline {
        self.model = match level {
            Analysis::None => None,
            _ => Some(dyad_tag::Model::embedded()),
        };
        self.parse = level == Analysis::Full;
        self
    }

    /// The dictionaries in use.
    pub fn dictionaries(&self) -> &'static Dictionaries {
        self.dicts
    }

    /// Processes one document into its output record. Never panics on bad input: a
    /// document that cannot be read yields a record with `error` set.
    pub fn process(&self, input: &Input) -> (DocumentRecord, DocStats) {
        let article = match &input.content {
            Content::Bytes(b) => ingest_bytes(&input.id, b, input.kind),
            Content::Text(t) => ingest_str(&input.id, t, input.kind),
        };
        let mut article = match article {
            Ok(a) => a,
            Err(e) => {
                let msg = e.to_string();
                let stats = DocStats {
                    failure: Some(failure_kind(&msg)),
                    ..DocStats::default()
                };
                return (DocumentRecord::failed(&input.id, msg), stats);
            }
        };
        if input.date.is_some() {
            article.published = input.date.clone();
        }
        if input.url.is_some() {
            article.url = input.url.clone();
        }
        if input.title.is_some() {
            article.title = input.title.clone();
        }
        self.process_article(article)
    }

    /// Runs the stages after ingest on an [`Article`].
    pub fn process_article(&self, article: Article) -> (DocumentRecord, DocStats) {
        let seg = dyad_text::segment(&article.text);
        let date = article.published.as_deref().and_then(date_key);
        let analyses: Vec<SentenceAnalysis> = match self.model {
            Some(m) => seg
                .sentences
                .iter()
                .map(|s| {
                    let words: Vec<&str> = seg.tokens[s.first_token..s.end_token]
                        .iter()
                        .map(|t| t.form.as_str())
                        .collect();
                    let tags = m.tag(&words);
                    let deps = if self.parse {
                        m.parse(&words, &tags)
                    } else {
                        Vec::new()
                    };
                    SentenceAnalysis { tags, deps }
                })
                .collect(),
            None => Vec::new(),
        };
        let coding = Coder::new(self.dicts).code_article(
            &article.text,
            &seg.tokens,
            &seg.sentences,
            &analyses,
            date,
        );
        let ci = CharIndex::new(&article.text);
        let dct = article
            .published
            .as_deref()
            .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
        let times = dyad_resolve::find_times(&article.text, dct);
        // Places (issue 5): toponyms resolved against the embedded gazetteer.
        let places = dyad_resolve::find_places(
            &article.text,
            dyad_resolve::Gazetteer::embedded(),
            &dyad_resolve::PlaceContext::default(),
        );
        let codebook = &self.dicts.codebook;
        let events: Vec<EventRecord> = coding
            .events
            .iter()
            .map(|e| {
                let entry = codebook.get(e.code);
                let sent = &seg.sentences[e.sentence];
                EventRecord {
                    source: e.source.as_ref().map(|m| actor_ref(m, &ci)),
                    target: e.target.as_ref().map(|m| actor_ref(m, &ci)),
                    code: e.code.to_string(),
                    negated: e.modality.is_negative(),
                    modality: format!("{:?}", e.modality).to_lowercase(),
                    attribution: e.attribution.as_ref().map(|m| ActorRef {
                        code: m.code.has_principal().then(|| m.code.to_string()),
                        ..actor_ref(m, &ci)
                    }),
                    date: event_date(&times, sent.span, e.trigger.start),
                    location: event_location(&places, sent.span, e.trigger.start),
                    sentence: e.sentence,
                    evidence: CharSpan {
                        start: ci.char_of(sent.span.start),
                        end: ci.char_of(sent.span.end),
                        text: None,
                    },
                    trigger: CharSpan {
                        start: ci.char_of(e.trigger.start),
                        end: ci.char_of(e.trigger.end),
                        text: Some(e.trigger.slice(&article.text).to_string()),
                    },
                    rule: e.rule.clone(),
                    quad_class: entry.map(|x| x.quad_class).unwrap_or(0),
                    goldstein: entry.map(|x| x.goldstein).unwrap_or(0.0),
                    plover: entry.and_then(|x| x.plover_type.clone()),
                    plover_mode: entry.and_then(|x| x.plover_mode.clone()),
                }
            })
            .collect();
        let actors: Vec<ActorRecord> = coding
            .mentions
            .iter()
            .map(|m| ActorRecord {
                text: m.span.slice(&article.text).to_string(),
                start: ci.char_of(m.span.start),
                end: ci.char_of(m.span.end),
                code: m.code.to_string(),
                name: Some(m.name.clone()),
                rule: m.rule.clone(),
            })
            .collect();
        let time_records: Vec<TimeRecord> = times
            .iter()
            .map(|t| TimeRecord {
                text: t.span.slice(&article.text).to_string(),
                start: ci.char_of(t.span.start),
                end: ci.char_of(t.span.end),
                value: t.value.clone(),
            })
            .collect();
        let stats = DocStats {
            sentences: seg.sentences.len(),
            events: events.len(),
            actors: actors.len(),
            drops: coding.drops.clone(),
            failure: None,
        };
        let text_ref = article.text.clone();
        let record = DocumentRecord {
            id: article.id,
            title: article.title,
            author: article.author,
            published: article.published,
            url: article.url,
            sentences: seg.sentences.len(),
            text: article.text,
            events,
            quotes: dyad_code::find_quotes(&text_ref, &seg.sentences, &coding.speakers)
                .iter()
                .map(|q| QuoteRecord {
                    text: q.span.slice(&text_ref).to_string(),
                    start: ci.char_of(q.span.start),
                    end: ci.char_of(q.span.end),
                    speaker: q.speaker.as_ref().map(|m| ActorRef {
                        code: m.code.has_principal().then(|| m.code.to_string()),
                        ..actor_ref(m, &ci)
                    }),
                })
                .collect(),
            times: time_records,
            places: places
                .iter()
                .map(|p| PlaceRecord {
                    text: p.span.slice(&text_ref).to_string(),
                    start: ci.char_of(p.span.start),
                    end: ci.char_of(p.span.end),
                    name: p.name.clone(),
                    country: p.country.clone(),
                    lat: p.lat,
                    lon: p.lon,
                })
                .collect(),
            actors,
            error: None,
        };
        (record, stats)
    }
}
