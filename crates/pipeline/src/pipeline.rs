use dyad_code::Coder;
use dyad_code::SentenceAnalysis;
use dyad_dict::{date_key, Dictionaries};
use dyad_ingest::{ingest_bytes, ingest_str, InputKind};
use dyad_tag_api::{Parser, Tagger};
use dyad_text::Segmented;
use dyad_types::record::{
    ActorRecord, ActorRef, CharIndex, CharSpan, DateValue, DocumentRecord, EventRecord,
    LocationRef, PlaceRecord, QuoteRecord, TimeRecord,
};
use dyad_types::{ActorMention, Article};

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
    model: Option<&'static dyad_tag::Model>,
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

/// [`actor_ref`] of a mention no longer needed: its strings are moved, not copied.
fn actor_ref_owned(m: ActorMention, ci: &CharIndex) -> ActorRef {
    ActorRef {
        code: Some(m.code.to_string()),
        start: Some(ci.char_of(m.span.start)),
        end: Some(ci.char_of(m.span.end)),
        name: Some(m.name),
        rule: Some(m.rule),
    }
}

/// The date of an event (issue 5): a date of its clause, else of the clause governing it, else
/// the dateline's, else the publication date flagged `source: "publication"`
/// (`dyad_resolve::event_date`), each with its granularity.
fn event_date(
    times: &dyad_resolve::TimesBySpan,
    anchor: &dyad_resolve::EventAnchor,
    dateline: Option<&dyad_resolve::Dateline>,
    dct: Option<chrono::NaiveDate>,
) -> Option<DateValue> {
    dyad_resolve::event_date_indexed(times, anchor, dateline, dct).map(|d| DateValue {
        value: d.value,
        granularity: Some(d.granularity.as_str().to_string()),
        source: Some(d.source.as_str().to_string()),
    })
}

/// The location of an event (issue 5): a place of its clause, else the most salient place of its
/// sentence, else the dateline's (`dyad_resolve::event_place`); never a demonym ("Russian") nor a
/// name inside a larger one ("Washington Post").
fn event_location(
    text: &str,
    places: &dyad_resolve::PlacesBySpan,
    anchor: &dyad_resolve::EventAnchor,
    dateline: Option<&dyad_resolve::Dateline>,
) -> Option<LocationRef> {
    dyad_resolve::event_place_indexed(text, places, anchor, dateline).map(|e| LocationRef {
        name: e.place.name.clone(),
        country: (!e.place.country.is_empty()).then(|| e.place.country.clone()),
        lat: Some(e.place.lat),
        lon: Some(e.place.lon),
    })
}

/// The words of sentence `i` with their dependencies, for attaching dates and places to clauses;
/// empty when the sentence was not parsed.
fn parsed_words<'a>(
    seg: &'a dyad_text::Segmented,
    analyses: &'a [SentenceAnalysis],
    i: usize,
) -> Vec<dyad_resolve::ParsedWord<'a>> {
    let (Some(s), Some(a)) = (seg.sentences.get(i), analyses.get(i)) else {
        return Vec::new();
    };
    let tokens = &seg.tokens[s.first_token..s.end_token];
    if a.deps.len() != tokens.len() {
        return Vec::new();
    }
    tokens
        .iter()
        .zip(&a.deps)
        .enumerate()
        .map(|(k, (t, d))| dyad_resolve::ParsedWord {
            span: t.span,
            head: d.head,
            deprel: d.deprel,
            verb: a.tags.get(k).is_some_and(|g| {
                matches!(g.upos, dyad_tag_api::Upos::Verb | dyad_tag_api::Upos::Aux)
            }),
        })
        .collect()
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
    ///
    /// The first call loads the dictionaries, the model and the gazetteer (about a second
    /// of start-up), each on its own thread, so that a run starts in the time of the
    /// slowest of them rather than of all three.
    pub fn new() -> Pipeline {
        static LOADED: std::sync::Once = std::sync::Once::new();
        LOADED.call_once(|| {
            std::thread::scope(|s| {
                s.spawn(dyad_resolve::Gazetteer::embedded);
                s.spawn(Dictionaries::embedded);
                dyad_tag::Model::embedded();
            })
        });
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
        let analyses = self.analyze(&seg);
        self.process_analyzed(article, &seg, &analyses)
    }

    /// Tags and parses every sentence of `seg`, as far as [`Pipeline::with_analysis`] says
    /// (empty without a model): the stage between [`dyad_text::segment`] and
    /// [`Pipeline::process_analyzed`]. Each sentence is tagged once; the parser reuses the
    /// tagger's output (the same result as [`Tagger::tag`] then [`Parser::parse`]).
    pub fn analyze(&self, seg: &Segmented) -> Vec<SentenceAnalysis> {
        let Some(m) = self.model else {
            return Vec::new();
        };
        let mut words: Vec<&str> = Vec::new();
        seg.sentences
            .iter()
            .map(|s| {
                words.clear();
                words.extend(
                    seg.tokens[s.first_token..s.end_token]
                        .iter()
                        .map(|t| t.form.as_str()),
                );
                if self.parse {
                    let (tags, deps) = m.analyze(&words);
                    SentenceAnalysis { tags, deps }
                } else {
                    SentenceAnalysis {
                        tags: m.tag(&words),
                        deps: Vec::new(),
                    }
                }
            })
            .collect()
    }

    /// The stages after tagging and parsing: actors and events, times, places, quotes and the
    /// output record. `seg` is [`dyad_text::segment`] of `article.text` and `analyses` is
    /// [`Pipeline::analyze`] of `seg`; [`Pipeline::process_article`] runs all three.
    pub fn process_analyzed(
        &self,
        article: Article,
        seg: &Segmented,
        analyses: &[SentenceAnalysis],
    ) -> (DocumentRecord, DocStats) {
        let date = article.published.as_deref().and_then(date_key);
        let mut coding = Coder::new(self.dicts).code_article(
            &article.text,
            &seg.tokens,
            &seg.sentences,
            analyses,
            date,
        );
        let ci = CharIndex::new(&article.text);
        let dct = article
            .published
            .as_deref()
            .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
        let times = dyad_resolve::find_times(&article.text, dct);
        // Places (issue 5): toponyms resolved against the embedded gazetteer; the dateline
        // ("MOSCOW, Sept 4 (Reuters) -") gives events without a place or date of their own one.
        let gazetteer = dyad_resolve::Gazetteer::embedded();
        let places = dyad_resolve::find_places(
            &article.text,
            gazetteer,
            &dyad_resolve::PlaceContext::default(),
        );
        let dateline = dyad_resolve::find_dateline(&article.text, gazetteer, dct);
        // Each event finds the times and places of its sentence by binary search (issue 10:
        // scanning all of them per event was quadratic in the length of the article).
        let times_by_span = dyad_resolve::TimesBySpan::new(&times);
        let places_by_span = dyad_resolve::PlacesBySpan::new(&places);
        let codebook = &self.dicts.codebook;
        // The parsed words of one sentence at a time (events come in sentence order), rather
        // than of every sentence at once (issue 10: memory on event-dense text).
        let mut words: (usize, Vec<dyad_resolve::ParsedWord>) = (usize::MAX, Vec::new());
        let mut events: Vec<EventRecord> = Vec::with_capacity(coding.events.len());
        // The events are consumed: their mentions' strings move into the records.
        for e in std::mem::take(&mut coding.events) {
            events.push({
                let entry = codebook.get(e.code);
                let sent = &seg.sentences[e.sentence];
                let actors: Vec<dyad_types::Span> =
                    e.source.iter().chain(&e.target).map(|m| m.span).collect();
                if words.0 != e.sentence {
                    words = (e.sentence, parsed_words(seg, analyses, e.sentence));
                }
                let anchor = dyad_resolve::EventAnchor {
                    sentence: sent.span,
                    trigger: e.trigger,
                    words: &words.1,
                    actors: &actors,
                };
                let date = event_date(&times_by_span, &anchor, dateline.as_ref(), dct);
                let location =
                    event_location(&article.text, &places_by_span, &anchor, dateline.as_ref());
                EventRecord {
                    source: e.source.map(|m| actor_ref_owned(m, &ci)),
                    target: e.target.map(|m| actor_ref_owned(m, &ci)),
                    code: e.code.to_string(),
                    negated: e.modality.is_negative(),
                    modality: format!("{:?}", e.modality).to_lowercase(),
                    attribution: e.attribution.map(|m| ActorRef {
                        code: m.code.has_principal().then(|| m.code.to_string()),
                        ..actor_ref_owned(m, &ci)
                    }),
                    date,
                    location,
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
                    rule: e.rule,
                    quad_class: entry.map(|x| x.quad_class).unwrap_or(0),
                    goldstein: entry.map(|x| x.goldstein).unwrap_or(0.0),
                    plover: entry.and_then(|x| x.plover_type.clone()),
                    plover_mode: entry.and_then(|x| x.plover_mode.clone()),
                }
            });
        }
        drop(words);
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
        drop(times_by_span);
        let time_records: Vec<TimeRecord> = times
            .into_iter()
            .map(|t| TimeRecord {
                text: t.span.slice(&article.text).to_string(),
                start: ci.char_of(t.span.start),
                end: ci.char_of(t.span.end),
                value: t.value,
            })
            .collect();
        let stats = DocStats {
            sentences: seg.sentences.len(),
            events: events.len(),
            actors: actors.len(),
            drops: coding.drops.clone(),
            failure: None,
        };
        // Quotes and place records read the text before the record takes it (no copy of it).
        let text = &article.text;
        let quotes: Vec<QuoteRecord> =
            dyad_code::find_quotes(text, &seg.sentences, &coding.speakers)
                .iter()
                .map(|q| QuoteRecord {
                    text: q.span.slice(text).to_string(),
                    start: ci.char_of(q.span.start),
                    end: ci.char_of(q.span.end),
                    speaker: q.speaker.as_ref().map(|m| ActorRef {
                        code: m.code.has_principal().then(|| m.code.to_string()),
                        ..actor_ref(m, &ci)
                    }),
                })
                .collect();
        drop(places_by_span);
        let places: Vec<PlaceRecord> = places
            .into_iter()
            .map(|p| PlaceRecord {
                text: p.span.slice(text).to_string(),
                start: ci.char_of(p.span.start),
                end: ci.char_of(p.span.end),
                name: p.name,
                country: p.country,
                lat: p.lat,
                lon: p.lon,
            })
            .collect();
        let record = DocumentRecord {
            id: article.id,
            title: article.title,
            author: article.author,
            published: article.published,
            url: article.url,
            sentences: seg.sentences.len(),
            text: article.text,
            events,
            quotes,
            times: time_records,
            places,
            actors,
            error: None,
        };
        (record, stats)
    }
}

#[cfg(test)]
mod when_where {
    use super::*;

    /// Issue 5: each event takes the date and place of its own clause, else the governing
    /// clause's date and the dateline's place; an actor is never the place.
    #[test]
    fn events_take_the_date_and_place_of_their_clause() {
        let text = "MOSCOW, Sept 4 (Reuters) - Russian President Vladimir Putin met Chinese \
                    President Xi Jinping in Beijing on Monday, and Russian forces attacked \
                    Ukrainian troops in Kharkiv on Tuesday.\n\nUkraine accused Russia of war \
                    crimes. Officials said on Friday that Russian troops shelled the town.\n";
        let input = Input::text("t", text).with_date("2023-09-06");
        let (rec, _) = Pipeline::new().process(&input);
        let by_trigger = |w: &str| {
            rec.events
                .iter()
                .find(|e| e.trigger.text.as_deref().is_some_and(|t| t.starts_with(w)))
                .unwrap_or_else(|| panic!("an event triggered by {w}: {:?}", rec.events))
        };
        let when = |w: &str| by_trigger(w).date.as_ref().map(|d| d.value.clone());
        let place = |w: &str| by_trigger(w).location.as_ref().map(|l| l.name.clone());
        assert_eq!(when("met").as_deref(), Some("2023-09-04"));
        assert_eq!(place("met").as_deref(), Some("Beijing"));
        assert_eq!(when("attacked").as_deref(), Some("2023-09-05"));
        assert_eq!(place("attacked").as_deref(), Some("Kharkiv"));
        // "shelled" has no date in its clause: the governing "said on Friday" dates it.
        assert_eq!(when("shelled").as_deref(), Some("2023-09-01"));
        // No place of its own (Russia is its target): the dateline's Moscow.
        assert_eq!(place("accused").as_deref(), Some("Moscow"));
        assert_eq!(when("accused").as_deref(), Some("2023-09-04"));
    }
}
