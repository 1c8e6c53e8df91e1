//! Read-only queries for interactive exploration (the `dyad serve` API).
//!
//! * [`Store::scan_events`] streams every event in a compact form, so that a server can keep
//!   an in-memory copy and answer filtered aggregates (time series, networks, maps) without
//!   scanning the database for each request.
//! * [`Store::mention_filter_ids`] gives the ids of the events passing the filters that only
//!   SQL can answer (full text, modality, attribution).
//! * [`Store::event_views`], [`Store::event_mentions`], [`Store::article`] and
//!   [`Store::articles`] read events, mentions and articles back by id, for display.
//! * [`Store::data_version`] tells whether another connection changed the file;
//!   [`Store::interrupt_handle`] stops a query that runs too long.

use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, OptionalExtension, Row};
use serde::Serialize;

use crate::codes::iso_day;
use crate::error::{Error, Result};
use crate::query::{
    event_row, fts_error, EventFilter, EventRow, MentionClause, EVENT_COLS, EVENT_FROM,
};
use crate::Store;

/// One event as streamed by [`Store::scan_events`]; the strings borrow from the current row.
#[derive(Clone, Debug, PartialEq)]
pub struct EventDigest<'a> {
    /// Event id.
    pub id: i64,
    /// Day as `YYYYMMDD` (0 when unknown).
    pub day: u32,
    /// Source actor code (`""` when missing).
    pub source: &'a str,
    /// Country block of the source code.
    pub source_country: &'a str,
    /// Target actor code (`""` when missing).
    pub target: &'a str,
    /// Country block of the target code.
    pub target_country: &'a str,
    /// CAMEO code of the representative mention.
    pub code: &'a str,
    /// QuadClass.
    pub quad_class: u8,
    /// Goldstein value.
    pub goldstein: f64,
    /// PLOVER type.
    pub plover: Option<&'a str>,
    /// Place name.
    pub place: Option<&'a str>,
    /// Place country (ISO alpha-3).
    pub place_country: Option<&'a str>,
    /// Latitude.
    pub lat: Option<f64>,
    /// Longitude.
    pub lon: Option<f64>,
    /// Mentions of the event.
    pub num_mentions: i64,
}

/// An event with the article of its representative mention.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EventView {
    /// The event.
    #[serde(flatten)]
    pub event: EventRow,
    /// Id of the representative article ([`Store::article`]).
    pub article_id: i64,
    /// Its title.
    pub title: Option<String>,
}

/// One mention of an event, with its article id and title.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MentionView {
    /// Mention id.
    pub id: i64,
    /// Article id ([`Store::article`]).
    pub article_id: i64,
    /// Article title.
    pub title: Option<String>,
    /// Article publication date.
    pub published: Option<String>,
    /// Article URL, else its input id.
    pub locator: String,
    /// Source site.
    pub site: String,
    /// CAMEO code as coded in this mention.
    pub code: String,
    /// Modality.
    pub modality: String,
    /// Verb-pattern rule that coded it.
    pub rule: String,
    /// Trigger text.
    pub trigger_text: Option<String>,
}

/// A summary line of an article ([`Store::articles`]).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ArticleSummary {
    /// Article id.
    pub id: i64,
    /// Input id.
    pub doc_id: String,
    /// URL.
    pub url: Option<String>,
    /// Title.
    pub title: Option<String>,
    /// Publication date.
    pub published: Option<String>,
    /// Event mentions coded in it.
    pub mentions: i64,
}

/// A sentence span (code points into the article text).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SentenceSpan {
    /// Sentence index.
    pub idx: i64,
    /// First code point.
    pub start: i64,
    /// End (exclusive).
    pub end: i64,
}

/// An actor mention with the dictionary entry or rule that coded it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ActorSpan {
    /// First code point.
    pub start: i64,
    /// End (exclusive).
    pub end: i64,
    /// The text.
    pub text: String,
    /// CAMEO actor code.
    pub code: String,
    /// Normalised name.
    pub name: Option<String>,
    /// Dictionary entry / rule id.
    pub rule: String,
}

/// A resolved place mention.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PlaceSpan {
    /// First code point.
    pub start: i64,
    /// End (exclusive).
    pub end: i64,
    /// The text.
    pub text: String,
    /// Gazetteer name.
    pub name: String,
    /// ISO alpha-3 country (empty for regions).
    pub country: String,
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
}

/// A time expression with its resolved value.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TimeSpan {
    /// First code point.
    pub start: i64,
    /// End (exclusive).
    pub end: i64,
    /// The text.
    pub text: String,
    /// TIMEX3 value.
    pub value: String,
}

/// A quotation with its speaker.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct QuoteSpan {
    /// First code point.
    pub start: i64,
    /// End (exclusive).
    pub end: i64,
    /// The quoted text.
    pub text: String,
    /// Speaker name.
    pub speaker_name: Option<String>,
    /// Speaker actor code.
    pub speaker_code: Option<String>,
}

/// An actor side of a stored mention.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MentionActor {
    /// Actor code (`""` when missing).
    pub code: String,
    /// Name.
    pub name: Option<String>,
    /// The text of the span.
    pub text: Option<String>,
    /// First code point.
    pub start: Option<i64>,
    /// End (exclusive).
    pub end: Option<i64>,
}

/// One coded event of an article, as stored (offsets are code points into the text).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ArticleMention {
    /// Mention id.
    pub id: i64,
    /// The event (cluster) it belongs to.
    pub event_id: i64,
    /// Position among the article's events.
    pub idx: i64,
    /// Day used for clustering, `YYYY-MM-DD` (empty when unknown).
    pub day: String,
    /// Date value resolved in this mention.
    pub date_value: Option<String>,
    /// Source actor.
    pub source: MentionActor,
    /// Target actor.
    pub target: MentionActor,
    /// CAMEO code.
    pub code: String,
    /// QuadClass.
    pub quad_class: i64,
    /// Goldstein value.
    pub goldstein: f64,
    /// PLOVER type.
    pub plover: Option<String>,
    /// PLOVER mode.
    pub plover_mode: Option<String>,
    /// Negated.
    pub negated: bool,
    /// Modality.
    pub modality: String,
    /// Attribution name.
    pub attribution_name: Option<String>,
    /// Attribution code.
    pub attribution_code: Option<String>,
    /// Place name.
    pub place_name: Option<String>,
    /// Place country.
    pub place_country: Option<String>,
    /// Latitude.
    pub lat: Option<f64>,
    /// Longitude.
    pub lon: Option<f64>,
    /// Sentence index.
    pub sentence: i64,
    /// Sentence span.
    pub evidence: (i64, i64),
    /// Trigger span.
    pub trigger: (i64, i64),
    /// Trigger text.
    pub trigger_text: Option<String>,
    /// Verb-pattern rule that gave the code.
    pub rule: String,
}

/// Everything stored about one article (the raw page is left out).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ArticleView {
    /// Article id.
    pub id: i64,
    /// Input id.
    pub doc_id: String,
    /// URL.
    pub url: Option<String>,
    /// Site.
    pub site: String,
    /// Title.
    pub title: Option<String>,
    /// Author.
    pub author: Option<String>,
    /// Publication date.
    pub published: Option<String>,
    /// Date given at ingest (`--date`).
    pub date_given: Option<String>,
    /// Clean text.
    pub text: String,
    /// Sentences in the text.
    pub sentence_count: i64,
    /// Error, for a page that could not be read.
    pub error: Option<String>,
    /// Ingest time (Unix seconds).
    pub added: i64,
    /// Sentences that carry events.
    pub sentences: Vec<SentenceSpan>,
    /// Actor mentions.
    pub actors: Vec<ActorSpan>,
    /// Places.
    pub places: Vec<PlaceSpan>,
    /// Time expressions.
    pub times: Vec<TimeSpan>,
    /// Quotations.
    pub quotes: Vec<QuoteSpan>,
    /// Coded events, in record order.
    pub mentions: Vec<ArticleMention>,
}

/// Stops the query running on a [`Store`] from another thread ([`Store::interrupt_handle`]).
pub struct QueryInterrupt(rusqlite::InterruptHandle);

impl QueryInterrupt {
    /// Makes the running query (if any) fail with an "interrupted" error.
    pub fn interrupt(&self) {
        self.0.interrupt();
    }
}

impl std::fmt::Debug for QueryInterrupt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("QueryInterrupt")
    }
}

impl EventFilter {
    /// Checks every value (codes, days, QuadClass, root) as a query would, without running one.
    pub fn check(&self) -> Result<()> {
        self.sql().map(|_| ())
    }
}

/// A text cell borrowed from the row (`None` for NULL).
fn opt_str<'r>(r: &'r Row<'_>, i: usize) -> rusqlite::Result<Option<&'r str>> {
    Ok(r.get_ref(i)?.as_str_or_null()?)
}

fn mention_actor(r: &Row<'_>, first: usize) -> rusqlite::Result<MentionActor> {
    Ok(MentionActor {
        code: r.get::<_, Option<String>>(first)?.unwrap_or_default(),
        name: r.get(first + 1)?,
        text: r.get(first + 2)?,
        start: r.get(first + 3)?,
        end: r.get(first + 4)?,
    })
}

impl Store {
    /// Streams every event (in storage order) to `visit`; returns how many.
    pub fn scan_events(&self, mut visit: impl FnMut(&EventDigest<'_>)) -> Result<usize> {
        let mut st = self.conn().prepare(
            "SELECT id, day, source_code, source_country, target_code, target_country, code, \
             quad_class, goldstein, plover, place_name, place_country, lat, lon, num_mentions \
             FROM events",
        )?;
        let mut rows = st.query([])?;
        let mut n = 0;
        while let Some(r) = rows.next()? {
            visit(&EventDigest {
                id: r.get(0)?,
                day: r.get(1)?,
                source: opt_str(r, 2)?.unwrap_or(""),
                source_country: opt_str(r, 3)?.unwrap_or(""),
                target: opt_str(r, 4)?.unwrap_or(""),
                target_country: opt_str(r, 5)?.unwrap_or(""),
                code: opt_str(r, 6)?.unwrap_or(""),
                quad_class: r.get(7)?,
                goldstein: r.get(8)?,
                plover: opt_str(r, 9)?,
                place: opt_str(r, 10)?,
                place_country: opt_str(r, 11)?,
                lat: r.get(12)?,
                lon: r.get(13)?,
                num_mentions: r.get(14)?,
            });
            n += 1;
        }
        Ok(n)
    }

    /// Ids of the events passing the filters of `f` that are about mentions and articles —
    /// `text` (FTS5 over the articles), `modality`, `attribution`, with the conditions of
    /// [`Store::events`] — read from `mentions` and the full-text index alone (no lookups in
    /// `events`), sorted. `None` when `f` has none of the three; otherwise at most `max + 1`
    /// ids per filter, so that the caller can tell that `max` was exceeded.
    pub fn mention_filter_ids(&self, f: &EventFilter, max: usize) -> Result<Option<Vec<i64>>> {
        let mut result: Option<Vec<i64>> = None;
        for MentionClause {
            sql: clause,
            params,
            ..
        } in f.mention_clauses()
        {
            let sql = format!(
                "SELECT DISTINCT m.event_id FROM mentions m WHERE {clause} LIMIT {}",
                max + 1
            );
            let mut st = self.conn().prepare(&sql)?;
            let mut ids = st
                .query_map(params_from_iter(params), |r| r.get(0))
                .map_err(|e| fts_error(f, e))?
                .collect::<rusqlite::Result<Vec<i64>>>()
                .map_err(|e| fts_error(f, e))?;
            if ids.len() > max {
                return Ok(Some(ids));
            }
            ids.sort_unstable();
            result = Some(match result {
                None => ids,
                Some(prev) => prev
                    .into_iter()
                    .filter(|x| ids.binary_search(x).is_ok())
                    .collect(),
            });
        }
        Ok(result)
    }

    /// The events with these ids, in the order given (ids no longer stored are left out).
    pub fn event_views(&self, ids: &[i64]) -> Result<Vec<EventView>> {
        let mut st = self.conn().prepare_cached(&format!(
            "SELECT {EVENT_COLS}, a.id, a.title FROM {EVENT_FROM} WHERE e.id = ?1"
        ))?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            let v = st
                .query_row([id], |r| {
                    Ok(EventView {
                        event: event_row(r)?,
                        article_id: r.get(21)?,
                        title: r.get(22)?,
                    })
                })
                .optional()?;
            out.extend(v);
        }
        Ok(out)
    }

    /// Every mention of an event with its article, earliest-published first.
    pub fn event_mentions(&self, event_id: i64) -> Result<Vec<MentionView>> {
        let mut st = self.conn().prepare_cached(
            "SELECT m.id, a.id, a.title, a.published, coalesce(a.url, a.doc_id), m.site, m.code, \
             m.modality, m.rule, m.trigger_text \
             FROM mentions m JOIN articles a ON a.id = m.article_id \
             WHERE m.event_id = ?1 ORDER BY m.rank, m.id",
        )?;
        let rows = st
            .query_map([event_id], |r| {
                Ok(MentionView {
                    id: r.get(0)?,
                    article_id: r.get(1)?,
                    title: r.get(2)?,
                    published: r.get(3)?,
                    locator: r.get(4)?,
                    site: r.get(5)?,
                    code: r.get(6)?,
                    modality: r.get(7)?,
                    rule: r.get(8)?,
                    trigger_text: r.get(9)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Articles, newest id first: `before` pages (ids below it), `text` is an FTS5 query over
    /// titles and texts, `limit` caps the rows.
    pub fn articles(
        &self,
        text: Option<&str>,
        before: Option<i64>,
        limit: usize,
    ) -> Result<Vec<ArticleSummary>> {
        let mut sql = String::from(
            "SELECT a.id, a.doc_id, a.url, a.title, a.published, \
             (SELECT count(*) FROM mentions m WHERE m.article_id = a.id) \
             FROM articles a WHERE a.id < ?1",
        );
        let mut p: Vec<Value> = vec![before.unwrap_or(i64::MAX).into()];
        if let Some(t) = text {
            sql.push_str(" AND a.id IN (SELECT rowid FROM article_fts WHERE article_fts MATCH ?2)");
            p.push(t.to_string().into());
        }
        sql.push_str(&format!(" ORDER BY a.id DESC LIMIT {limit}"));
        let f = EventFilter {
            text: text.map(str::to_string),
            ..Default::default()
        };
        let mut st = self.conn().prepare(&sql)?;
        let rows = st
            .query_map(params_from_iter(p), |r| {
                Ok(ArticleSummary {
                    id: r.get(0)?,
                    doc_id: r.get(1)?,
                    url: r.get(2)?,
                    title: r.get(3)?,
                    published: r.get(4)?,
                    mentions: r.get(5)?,
                })
            })
            .map_err(|e| fts_error(&f, e))?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| fts_error(&f, e))?;
        Ok(rows)
    }

    /// One article with its sentences, actors, places, times, quotes and coded events.
    pub fn article(&self, id: i64) -> Result<Option<ArticleView>> {
        let c = self.conn();
        let head = c
            .prepare_cached(
                "SELECT id, doc_id, url, site, title, author, published, date_given, text, \
                 sentences, error, added FROM articles WHERE id = ?1",
            )?
            .query_row([id], |r| {
                Ok(ArticleView {
                    id: r.get(0)?,
                    doc_id: r.get(1)?,
                    url: r.get(2)?,
                    site: r.get(3)?,
                    title: r.get(4)?,
                    author: r.get(5)?,
                    published: r.get(6)?,
                    date_given: r.get(7)?,
                    text: r.get(8)?,
                    sentence_count: r.get(9)?,
                    error: r.get(10)?,
                    added: r.get(11)?,
                    sentences: Vec::new(),
                    actors: Vec::new(),
                    places: Vec::new(),
                    times: Vec::new(),
                    quotes: Vec::new(),
                    mentions: Vec::new(),
                })
            })
            .optional()?;
        let Some(mut a) = head else {
            return Ok(None);
        };
        a.sentences = c
            .prepare_cached(
                "SELECT idx, start, end FROM sentences WHERE article_id = ?1 ORDER BY idx",
            )?
            .query_map([id], |r| {
                Ok(SentenceSpan {
                    idx: r.get(0)?,
                    start: r.get(1)?,
                    end: r.get(2)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        a.actors = c
            .prepare_cached(
                "SELECT start, end, text, code, name, rule FROM actors WHERE article_id = ?1 \
                 ORDER BY start, end",
            )?
            .query_map([id], |r| {
                Ok(ActorSpan {
                    start: r.get(0)?,
                    end: r.get(1)?,
                    text: r.get(2)?,
                    code: r.get(3)?,
                    name: r.get(4)?,
                    rule: r.get(5)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        a.places = c
            .prepare_cached(
                "SELECT start, end, text, name, country, lat, lon FROM places \
                 WHERE article_id = ?1 ORDER BY start, end",
            )?
            .query_map([id], |r| {
                Ok(PlaceSpan {
                    start: r.get(0)?,
                    end: r.get(1)?,
                    text: r.get(2)?,
                    name: r.get(3)?,
                    country: r.get(4)?,
                    lat: r.get(5)?,
                    lon: r.get(6)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        a.times = c
            .prepare_cached(
                "SELECT start, end, text, value FROM times WHERE article_id = ?1 \
                 ORDER BY start, end",
            )?
            .query_map([id], |r| {
                Ok(TimeSpan {
                    start: r.get(0)?,
                    end: r.get(1)?,
                    text: r.get(2)?,
                    value: r.get(3)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        a.quotes = c
            .prepare_cached(
                "SELECT start, end, text, speaker_name, speaker_code FROM quotes \
                 WHERE article_id = ?1 ORDER BY start, end",
            )?
            .query_map([id], |r| {
                Ok(QuoteSpan {
                    start: r.get(0)?,
                    end: r.get(1)?,
                    text: r.get(2)?,
                    speaker_name: r.get(3)?,
                    speaker_code: r.get(4)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        a.mentions = c
            .prepare_cached(
                "SELECT id, event_id, idx, day, date_value, \
                 source_code, source_name, source_text, source_start, source_end, \
                 target_code, target_name, target_text, target_start, target_end, \
                 code, quad_class, goldstein, plover, plover_mode, negated, modality, \
                 attribution_name, attribution_code, place_name, place_country, lat, lon, \
                 sentence, evidence_start, evidence_end, trigger_start, trigger_end, \
                 trigger_text, rule FROM mentions WHERE article_id = ?1 ORDER BY idx, id",
            )?
            .query_map(params![id], |r| {
                Ok(ArticleMention {
                    id: r.get(0)?,
                    event_id: r.get(1)?,
                    idx: r.get(2)?,
                    day: iso_day(r.get(3)?),
                    date_value: r.get(4)?,
                    source: mention_actor(r, 5)?,
                    target: mention_actor(r, 10)?,
                    code: r.get(15)?,
                    quad_class: r.get(16)?,
                    goldstein: r.get(17)?,
                    plover: r.get(18)?,
                    plover_mode: r.get(19)?,
                    negated: r.get(20)?,
                    modality: r.get(21)?,
                    attribution_name: r.get(22)?,
                    attribution_code: r.get(23)?,
                    place_name: r.get(24)?,
                    place_country: r.get(25)?,
                    lat: r.get(26)?,
                    lon: r.get(27)?,
                    sentence: r.get(28)?,
                    evidence: (r.get(29)?, r.get(30)?),
                    trigger: (r.get(31)?, r.get(32)?),
                    trigger_text: r.get(33)?,
                    rule: r.get(34)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(Some(a))
    }

    /// Articles stored.
    pub fn article_count(&self) -> Result<i64> {
        Ok(self
            .conn()
            .query_row("SELECT count(*) FROM articles", [], |r| r.get(0))?)
    }

    /// SQLite's `PRAGMA data_version`: changes when *another* connection commits to the file,
    /// so a reader can poll it to notice new data.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self
            .conn()
            .query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }

    /// A handle that interrupts this store's running query from another thread.
    pub fn interrupt_handle(&self) -> QueryInterrupt {
        QueryInterrupt(self.conn().get_interrupt_handle())
    }
}

/// Whether `e` is the error of a query stopped by [`QueryInterrupt::interrupt`].
pub fn is_interrupted(e: &Error) -> bool {
    use std::error::Error as _;
    let Error::Internal(inner) = e else {
        return false;
    };
    inner
        .source()
        .and_then(|s| s.downcast_ref::<rusqlite::Error>())
        .and_then(rusqlite::Error::sqlite_error_code)
        == Some(rusqlite::ErrorCode::OperationInterrupted)
}
