//! Reading events back: filters, rows, mentions and aggregates.

use rusqlite::types::Value;
use rusqlite::{params_from_iter, Row};
use serde::Serialize;

use crate::codes::{day_of, iso_day, write_iso_day};
use crate::error::{Error, Result, UserError};
use crate::Store;

/// Which events to read. Every field narrows the set; `Default` selects everything.
/// Actor and code values are prefixes (`RUS` matches `RUSGOV`, `03` matches `036`).
#[derive(Clone, Debug, Default)]
pub struct EventFilter {
    /// Actor code prefix on either side.
    pub actor: Option<String>,
    /// Source actor code prefix.
    pub source: Option<String>,
    /// Target actor code prefix.
    pub target: Option<String>,
    /// Source and target prefixes, as a directed dyad (see `undirected`).
    pub dyad: Option<(String, String)>,
    /// With `dyad`: also match the reverse direction.
    pub undirected: bool,
    /// Actor country (first block of the actor code) on either side.
    pub country: Option<String>,
    /// CAMEO event code prefix.
    pub code: Option<String>,
    /// CAMEO root code (two digits).
    pub root: Option<String>,
    /// QuadClass 1..=4.
    pub quad: Option<u8>,
    /// PLOVER event type (case-insensitive).
    pub plover: Option<String>,
    /// First day, `YYYY-MM-DD`.
    pub from: Option<String>,
    /// Last day, `YYYY-MM-DD`.
    pub to: Option<String>,
    /// Place name (case-insensitive).
    pub place: Option<String>,
    /// Place country, ISO 3166 alpha-3.
    pub place_country: Option<String>,
    /// A mention with this modality (`asserted`, `intended`, `hedged`, …).
    pub modality: Option<String>,
    /// A mention attributed to this code prefix or name substring.
    pub attribution: Option<String>,
    /// FTS5 query over the articles' titles and texts.
    pub text: Option<String>,
    /// At most this many rows.
    pub limit: Option<usize>,
}

/// One event (a cluster of mentions) as read back.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EventRow {
    /// Event id (stable: derived from the cluster key).
    pub id: i64,
    /// Day, `YYYY-MM-DD` (empty when unknown).
    pub date: String,
    /// Source actor code.
    pub source: String,
    /// Source name.
    pub source_name: Option<String>,
    /// Target actor code.
    pub target: String,
    /// Target name.
    pub target_name: Option<String>,
    /// CAMEO code of the representative mention.
    pub code: String,
    /// CAMEO root code.
    pub root: String,
    /// QuadClass.
    pub quad_class: i64,
    /// Goldstein value.
    pub goldstein: f64,
    /// PLOVER type.
    pub plover: Option<String>,
    /// True for negated events.
    pub negated: bool,
    /// Modality of the representative mention.
    pub modality: String,
    /// Place name.
    pub place: Option<String>,
    /// Place country.
    pub place_country: Option<String>,
    /// Latitude.
    pub lat: Option<f64>,
    /// Longitude.
    pub lon: Option<f64>,
    /// Mentions.
    pub num_mentions: i64,
    /// Distinct sources (sites).
    pub num_sources: i64,
    /// Distinct articles.
    pub num_articles: i64,
    /// URL (or input id) of the representative article.
    pub source_url: String,
}

/// One mention of an event, with its article and spans (code points into the article text).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MentionRow {
    /// The event it belongs to.
    pub event_id: i64,
    /// Input id of the article.
    pub doc_id: String,
    /// Article URL.
    pub url: Option<String>,
    /// Source site.
    pub site: String,
    /// Index among the article's events.
    pub idx: i64,
    /// CAMEO code as coded in this mention.
    pub code: String,
    /// Date value as resolved in this mention.
    pub date: Option<String>,
    /// Source mention text.
    pub source_text: Option<String>,
    /// Target mention text.
    pub target_text: Option<String>,
    /// Modality.
    pub modality: String,
    /// Attribution name.
    pub attribution: Option<String>,
    /// Attribution code.
    pub attribution_code: Option<String>,
    /// Sentence index.
    pub sentence: i64,
    /// Sentence span.
    pub evidence: (i64, i64),
    /// Trigger span.
    pub trigger: (i64, i64),
    /// Trigger text.
    pub trigger_text: Option<String>,
    /// Rule that coded it.
    pub rule: String,
}

/// Aggregations over the filtered events.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Aggregate {
    /// Events, mentions and Goldstein sum per (source, target, day).
    DyadDay,
    /// Per day.
    Day,
    /// Per actor (either side), most events first.
    TopActors,
    /// Per (source, target), most events first.
    TopPairs,
}

/// One aggregate row; keys not grouped on are `None`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AggRow {
    /// Source actor code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Target actor code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// Actor code (either side).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actor: Option<String>,
    /// Day, `YYYY-MM-DD`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Events.
    pub events: i64,
    /// Mentions.
    pub mentions: i64,
    /// Sum of Goldstein values of the events.
    pub goldstein: f64,
}

/// A day as stored: `YYYYMMDD` as a number, 0 when unknown. Displays as `YYYY-MM-DD`
/// (nothing for the unknown day) without allocating.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(pub u32);

impl std::fmt::Display for Day {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write_iso_day(self.0, f)
    }
}

impl Serialize for Day {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// One aggregate row as read, borrowing its codes from the database row: what
/// [`Store::aggregate_each`] hands to its callback. Same fields as [`AggRow`], and the same
/// JSON (`date` as `YYYY-MM-DD`, keys not grouped on left out).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct AggRef<'a> {
    /// Source actor code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<&'a str>,
    /// Target actor code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<&'a str>,
    /// Actor code (either side).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actor: Option<&'a str>,
    /// Day (grouped by day: `Some`, `Day(0)` for the unknown day).
    #[serde(rename = "date", skip_serializing_if = "Option::is_none")]
    pub day: Option<Day>,
    /// Events.
    pub events: i64,
    /// Mentions.
    pub mentions: i64,
    /// Sum of Goldstein values of the events.
    pub goldstein: f64,
}

impl AggRef<'_> {
    /// The owned row.
    pub fn to_row(&self) -> AggRow {
        AggRow {
            source: self.source.map(str::to_string),
            target: self.target.map(str::to_string),
            actor: self.actor.map(str::to_string),
            date: self.day.map(|d| iso_day(d.0)),
            events: self.events,
            mentions: self.mentions,
            goldstein: self.goldstein,
        }
    }
}

/// Where an aggregate is read from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum AggSource {
    /// The grouped scan of `events` (any filter).
    Scan,
    /// The `dyad_day` rollup (format 2 on; dyad-by-day under actor and day filters only).
    DyadDay,
    /// The `dyad_month` rollup (format 3 on; same).
    DyadMonth,
}

/// Counts for a whole store.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StoreStats {
    /// Articles.
    pub articles: i64,
    /// Events (clusters).
    pub events: i64,
    /// Event mentions.
    pub mentions: i64,
}

pub(crate) const EVENT_COLS: &str = "e.id, e.day, e.source_code, e.source_name, e.target_code, \
     e.target_name, e.code, e.root, e.quad_class, e.goldstein, e.plover, e.negated, e.modality, \
     e.place_name, e.place_country, e.lat, e.lon, e.num_mentions, e.num_sources, \
     e.num_articles, coalesce(a.url, a.doc_id)";

pub(crate) const EVENT_FROM: &str =
    "events e JOIN mentions rm ON rm.id = e.rep_mention JOIN articles a ON a.id = rm.article_id";

pub(crate) fn event_row(r: &Row<'_>) -> rusqlite::Result<EventRow> {
    Ok(EventRow {
        id: r.get(0)?,
        date: iso_day(r.get::<_, u32>(1)?),
        source: r.get(2)?,
        source_name: r.get(3)?,
        target: r.get(4)?,
        target_name: r.get(5)?,
        code: r.get(6)?,
        root: r.get(7)?,
        quad_class: r.get(8)?,
        goldstein: r.get(9)?,
        plover: r.get(10)?,
        negated: r.get(11)?,
        modality: r.get(12)?,
        place: r.get(13)?,
        place_country: r.get(14)?,
        lat: r.get(15)?,
        lon: r.get(16)?,
        num_mentions: r.get(17)?,
        num_sources: r.get(18)?,
        num_articles: r.get(19)?,
        source_url: r.get(20)?,
    })
}

fn code_prefix(name: &'static str, v: &str) -> Result<String> {
    let up = v.trim().to_ascii_uppercase();
    if up.is_empty() || !up.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(UserError::BadFilter {
            name,
            value: v.to_string(),
            reason: "expected letters and digits, e.g. RUS or 03",
        }
        .into());
    }
    Ok(format!("{up}*"))
}

fn day_filter(name: &'static str, v: &str) -> Result<u32> {
    day_of(v.trim()).ok_or_else(|| {
        UserError::BadFilter {
            name,
            value: v.to_string(),
            reason: "expected YYYY-MM-DD",
        }
        .into()
    })
}

impl EventFilter {
    /// `WHERE` clause (over `events e`) and its parameters.
    pub(crate) fn sql(&self) -> Result<(String, Vec<Value>)> {
        let mut w: Vec<String> = Vec::new();
        let mut p: Vec<Value> = Vec::new();
        self.actor_clauses(&mut w, &mut p)?;
        self.other_clauses(&mut w, &mut p)?;
        Ok((where_clause(w), p))
    }

    /// The `WHERE` clause of the actor filters only (`actor`, `source`, `target`, `dyad`),
    /// over `e.source_code` and `e.target_code`.
    pub(crate) fn actor_sql(&self) -> Result<(String, Vec<Value>)> {
        let mut w: Vec<String> = Vec::new();
        let mut p: Vec<Value> = Vec::new();
        self.actor_clauses(&mut w, &mut p)?;
        Ok((where_clause(w), p))
    }

    /// `from` and `to` as `YYYYMMDD`.
    pub(crate) fn day_range(&self) -> Result<(Option<u32>, Option<u32>)> {
        let from = self
            .from
            .as_deref()
            .map(|d| day_filter("from", d))
            .transpose()?;
        let to = self
            .to
            .as_deref()
            .map(|d| day_filter("to", d))
            .transpose()?;
        Ok((from, to))
    }

    fn actor_clauses(&self, w: &mut Vec<String>, p: &mut Vec<Value>) -> Result<()> {
        let mut add = |clause: &str, vals: Vec<Value>, w: &mut Vec<String>| {
            w.push(clause.to_string());
            p.extend(vals);
        };
        if let Some(a) = &self.actor {
            let g = code_prefix("actor", a)?;
            add(
                "(e.source_code GLOB ? OR e.target_code GLOB ?)",
                vec![g.clone().into(), g.into()],
                w,
            );
        }
        if let Some(a) = &self.source {
            add(
                "e.source_code GLOB ?",
                vec![code_prefix("source", a)?.into()],
                w,
            );
        }
        if let Some(a) = &self.target {
            add(
                "e.target_code GLOB ?",
                vec![code_prefix("target", a)?.into()],
                w,
            );
        }
        if let Some((s, t)) = &self.dyad {
            let (s, t) = (code_prefix("dyad", s)?, code_prefix("dyad", t)?);
            if self.undirected {
                add(
                    "((e.source_code GLOB ? AND e.target_code GLOB ?) OR (e.source_code GLOB ? AND e.target_code GLOB ?))",
                    vec![s.clone().into(), t.clone().into(), t.into(), s.into()],
                    w,
                );
            } else {
                add(
                    "(e.source_code GLOB ? AND e.target_code GLOB ?)",
                    vec![s.into(), t.into()],
                    w,
                );
            }
        }
        Ok(())
    }

    fn other_clauses(&self, w: &mut Vec<String>, p: &mut Vec<Value>) -> Result<()> {
        let mut add = |clause: &str, vals: Vec<Value>, w: &mut Vec<String>| {
            w.push(clause.to_string());
            p.extend(vals);
        };
        if let Some(c) = &self.country {
            let c = c.trim().to_ascii_uppercase();
            add(
                "(e.source_country = ? OR e.target_country = ?)",
                vec![c.clone().into(), c.into()],
                w,
            );
        }
        if let Some(c) = &self.code {
            add("e.code GLOB ?", vec![code_prefix("code", c)?.into()], w);
        }
        if let Some(r) = &self.root {
            let r = r.trim();
            if r.len() != 2 || !r.bytes().all(|b| b.is_ascii_digit()) {
                return Err(UserError::BadFilter {
                    name: "root",
                    value: r.to_string(),
                    reason: "expected two digits, 01..20",
                }
                .into());
            }
            add("e.root = ?", vec![r.to_string().into()], w);
        }
        if let Some(q) = self.quad {
            if !(1..=4).contains(&q) {
                return Err(UserError::BadFilter {
                    name: "quad",
                    value: q.to_string(),
                    reason: "expected 1, 2, 3 or 4",
                }
                .into());
            }
            add("e.quad_class = ?", vec![(q as i64).into()], w);
        }
        if let Some(t) = &self.plover {
            add(
                "upper(e.plover) = ?",
                vec![t.trim().to_ascii_uppercase().into()],
                w,
            );
        }
        if let Some(d) = &self.from {
            add(
                "e.day >= ?",
                vec![(day_filter("from", d)? as i64).into()],
                w,
            );
        }
        if let Some(d) = &self.to {
            add("e.day <= ?", vec![(day_filter("to", d)? as i64).into()], w);
        }
        if let Some(pl) = &self.place {
            add(
                "lower(e.place_name) = lower(?)",
                vec![pl.trim().to_string().into()],
                w,
            );
        }
        if let Some(c) = &self.place_country {
            add(
                "e.place_country = ?",
                vec![c.trim().to_ascii_uppercase().into()],
                w,
            );
        }
        for c in self.mention_clauses() {
            let clause = if c.by_article {
                // Few articles match a text query: their mentions, then their events.
                format!(
                    "e.id IN (SELECT m.event_id FROM mentions m WHERE {})",
                    c.sql
                )
            } else {
                format!(
                    "EXISTS (SELECT 1 FROM mentions m WHERE m.event_id = e.id AND {})",
                    c.sql
                )
            };
            add(&clause, c.params, w);
        }
        Ok(())
    }

    /// The filters on mentions and their articles (`text`, `modality`, `attribution`, in
    /// this order), each a condition over `mentions m` with its parameters (`?`). An event
    /// passes a filter when one of its mentions meets the condition.
    pub(crate) fn mention_clauses(&self) -> Vec<MentionClause> {
        let mut v = Vec::new();
        if let Some(t) = &self.text {
            v.push(MentionClause {
                sql: "m.article_id IN (SELECT rowid FROM article_fts WHERE article_fts MATCH ?)",
                params: vec![t.clone().into()],
                by_article: true,
            });
        }
        if let Some(m) = &self.modality {
            v.push(MentionClause {
                sql: "m.modality = ?",
                params: vec![m.trim().to_ascii_lowercase().into()],
                by_article: false,
            });
        }
        if let Some(a) = &self.attribution {
            let a = a.trim();
            let code = a.to_ascii_uppercase().replace(['*', '?', '['], "");
            v.push(MentionClause {
                sql: "(m.attribution_code GLOB ? OR m.attribution_name LIKE ?)",
                params: vec![
                    format!("{code}*").into(),
                    format!("%{}%", a.replace(['%', '_'], "")).into(),
                ],
                by_article: false,
            });
        }
        v
    }

    /// Whether the `dyad_day` rollup answers the dyad-by-day aggregate under this filter: only
    /// actor codes (either side, source, target, dyad) and days, the rollup's own columns.
    pub(crate) fn rollup_ok(&self) -> bool {
        let EventFilter {
            actor: _,
            source: _,
            target: _,
            dyad: _,
            undirected: _,
            country,
            code,
            root,
            quad,
            plover,
            from: _,
            to: _,
            place,
            place_country,
            modality,
            attribution,
            text,
            limit: _,
        } = self;
        country.is_none()
            && code.is_none()
            && root.is_none()
            && quad.is_none()
            && plover.is_none()
            && place.is_none()
            && place_country.is_none()
            && modality.is_none()
            && attribution.is_none()
            && text.is_none()
    }

    fn limit_sql(&self) -> String {
        match self.limit {
            Some(n) => format!(" LIMIT {n}"),
            None => String::new(),
        }
    }
}

/// One filter on mentions: see [`EventFilter::mention_clauses`].
pub(crate) struct MentionClause {
    /// The condition over `mentions m`, with `?` parameters.
    pub(crate) sql: &'static str,
    /// Its parameters, in order.
    pub(crate) params: Vec<Value>,
    /// The condition is on the mention's article (the full-text index), not on the mention.
    pub(crate) by_article: bool,
}

fn where_clause(w: Vec<String>) -> String {
    if w.is_empty() {
        String::from("1")
    } else {
        w.join(" AND ")
    }
}

/// Turns an FTS5 syntax error into a user error.
pub(crate) fn fts_error(f: &EventFilter, e: rusqlite::Error) -> Error {
    // The SQL around it is ours: a plain SQLITE_ERROR with a text filter is the FTS5 query.
    let generic = matches!(&e, rusqlite::Error::SqliteFailure(x, _) if x.extended_code == 1);
    if f.text.is_some() && generic {
        return UserError::BadFilter {
            name: "text",
            value: f.text.clone().unwrap_or_default(),
            reason: "not a valid full-text query (FTS5 syntax: words, \"phrases\", AND, OR, NOT)",
        }
        .into();
    }
    e.into()
}

impl Store {
    /// Events matching `f`, by day then id.
    pub fn events(&self, f: &EventFilter) -> Result<Vec<EventRow>> {
        let (w, p) = f.sql()?;
        let sql = format!(
            "SELECT {EVENT_COLS} FROM {EVENT_FROM} WHERE {w} ORDER BY e.day, e.id{}",
            f.limit_sql()
        );
        let mut st = self.conn().prepare(&sql)?;
        let rows = st
            .query_map(params_from_iter(p), event_row)
            .map_err(|e| fts_error(f, e))?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| fts_error(f, e))?;
        Ok(rows)
    }

    /// Every mention of an event, with its article.
    pub fn mentions(&self, event_id: i64) -> Result<Vec<MentionRow>> {
        let mut st = self.conn().prepare_cached(
            "SELECT m.event_id, a.doc_id, a.url, m.site, m.idx, m.code, m.date_value, \
             m.source_text, m.target_text, m.modality, m.attribution_name, m.attribution_code, \
             m.sentence, m.evidence_start, m.evidence_end, m.trigger_start, m.trigger_end, \
             m.trigger_text, m.rule \
             FROM mentions m JOIN articles a ON a.id = m.article_id \
             WHERE m.event_id = ?1 ORDER BY m.rank, m.id",
        )?;
        let rows = st
            .query_map([event_id], |r| {
                Ok(MentionRow {
                    event_id: r.get(0)?,
                    doc_id: r.get(1)?,
                    url: r.get(2)?,
                    site: r.get(3)?,
                    idx: r.get(4)?,
                    code: r.get(5)?,
                    date: r.get(6)?,
                    source_text: r.get(7)?,
                    target_text: r.get(8)?,
                    modality: r.get(9)?,
                    attribution: r.get(10)?,
                    attribution_code: r.get(11)?,
                    sentence: r.get(12)?,
                    evidence: (r.get(13)?, r.get(14)?),
                    trigger: (r.get(15)?, r.get(16)?),
                    trigger_text: r.get(17)?,
                    rule: r.get(18)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Aggregates the events matching `f` (`f.limit` caps the rows; top lists default to 20).
    /// The dyad-by-day aggregate reads the `dyad_day` rollup when the filter allows it
    /// (format 2 and later); it gives exactly the rows of the scan of `events`.
    ///
    /// For millions of rows prefer [`Store::aggregate_each`], which hands each row to a
    /// callback without building it: making the [`AggRow`]s (three `String`s each) costs more
    /// than reading them. Here this thread reads compact rows (codes interned) and a second one
    /// builds the `AggRow`s.
    pub fn aggregate(&self, agg: Aggregate, f: &EventFilter) -> Result<Vec<AggRow>> {
        /// A row with its codes as indexes into the names sent so far (`NONE`: no code).
        type Compact = (u32, u32, u32, Option<u32>, i64, i64, f64);
        /// A batch of rows; `names` are the codes first seen in it, in index order.
        struct Chunk {
            names: Vec<String>,
            rows: Vec<Compact>,
        }
        const CHUNK: usize = 16_384;
        const NONE: u32 = u32::MAX;
        std::thread::scope(|scope| {
            let (send, recv) = std::sync::mpsc::sync_channel::<Chunk>(16);
            let builder = scope.spawn(move || {
                let mut names: Vec<String> = Vec::new();
                let mut out: Vec<AggRow> = Vec::new();
                for c in recv {
                    names.extend(c.names);
                    out.reserve(c.rows.len());
                    let name = |i: u32| (i != NONE).then(|| names[i as usize].clone());
                    for &(s, t, a, day, events, mentions, goldstein) in &c.rows {
                        out.push(AggRow {
                            source: name(s),
                            target: name(t),
                            actor: name(a),
                            date: day.map(iso_day),
                            events,
                            mentions,
                            goldstein,
                        });
                    }
                }
                out
            });
            let mut ids: std::collections::HashMap<String, u32> = Default::default();
            let mut chunk = Chunk {
                names: Vec::new(),
                rows: Vec::with_capacity(CHUNK),
            };
            // Consecutive rows mostly share their codes: look them up only on a change.
            let mut last: [(String, u32); 3] = Default::default();
            let mut intern = |code: Option<&str>, slot: usize, chunk: &mut Chunk| -> u32 {
                let Some(code) = code else { return NONE };
                let (prev, prev_id) = &mut last[slot];
                if *prev_id != 0 && prev == code {
                    return *prev_id - 1;
                }
                let id = match ids.get(code) {
                    Some(&id) => id,
                    None => {
                        let id = ids.len() as u32;
                        ids.insert(code.to_string(), id);
                        chunk.names.push(code.to_string());
                        id
                    }
                };
                prev.clear();
                prev.push_str(code);
                *prev_id = id + 1;
                id
            };
            let read = self.aggregate_each(agg, f, |r| {
                let row = (
                    intern(r.source, 0, &mut chunk),
                    intern(r.target, 1, &mut chunk),
                    intern(r.actor, 2, &mut chunk),
                    r.day.map(|d| d.0),
                    r.events,
                    r.mentions,
                    r.goldstein,
                );
                chunk.rows.push(row);
                if chunk.rows.len() == CHUNK {
                    let full = std::mem::replace(
                        &mut chunk,
                        Chunk {
                            names: Vec::new(),
                            rows: Vec::with_capacity(CHUNK),
                        },
                    );
                    // The builder only hangs up when it panicked; join() reports that.
                    send.send(full)
                        .map_err(|_| std::io::ErrorKind::BrokenPipe)?;
                }
                Ok(())
            });
            let _ = send.send(chunk);
            drop(send); // ends the builder's loop
            let out = builder
                .join()
                .unwrap_or_else(|e| std::panic::resume_unwind(e));
            read.map(|_| out)
        })
    }

    /// Aggregates the events matching `f` like [`Store::aggregate`] (same rows, same order), but
    /// hands each row to `each` as it is read, borrowing its codes: no allocation per row, no
    /// list in memory. For writing millions of rows (`dyad query --agg dyad-day` streams them
    /// to its output). An error from `each` stops the reading and is returned. Returns the
    /// number of rows.
    pub fn aggregate_each<F>(&self, agg: Aggregate, f: &EventFilter, each: F) -> Result<usize>
    where
        F: FnMut(&AggRef<'_>) -> std::io::Result<()>,
    {
        let from = match agg {
            Aggregate::DyadDay if f.rollup_ok() && self.version >= 3 => AggSource::DyadMonth,
            Aggregate::DyadDay if f.rollup_ok() && self.version >= 2 => AggSource::DyadDay,
            _ => AggSource::Scan,
        };
        self.aggregate_from(agg, f, from, each)
    }

    /// [`Store::aggregate_each`] from the given table (the caller checked it can answer).
    pub(crate) fn aggregate_from<F>(
        &self,
        agg: Aggregate,
        f: &EventFilter,
        from: AggSource,
        mut each: F,
    ) -> Result<usize>
    where
        F: FnMut(&AggRef<'_>) -> std::io::Result<()>,
    {
        if from == AggSource::DyadMonth {
            return self.dyad_months(f, each);
        }
        let rollup = from == AggSource::DyadDay;
        let (w, p) = f.sql()?;
        let top = format!(" LIMIT {}", f.limit.unwrap_or(20));
        // Every query selects source, target, actor, day, events, mentions, Goldstein sum.
        let sql = match agg {
            // Format 2: the rollup holds the values of the grouped scan below, cell by cell.
            Aggregate::DyadDay if rollup => format!(
                "SELECT e.source_code, e.target_code, NULL, e.day, e.events, e.mentions, \
                 e.goldstein FROM dyad_day e WHERE {w} \
                 ORDER BY e.source_code, e.target_code, e.day{}",
                f.limit_sql()
            ),
            Aggregate::DyadDay => format!(
                "SELECT e.source_code, e.target_code, NULL, e.day, count(*), sum(e.num_mentions), \
                 total(e.goldstein) FROM events e WHERE {w} \
                 GROUP BY e.source_code, e.target_code, e.day \
                 ORDER BY e.source_code, e.target_code, e.day{}",
                f.limit_sql()
            ),
            Aggregate::Day => format!(
                "SELECT NULL, NULL, NULL, e.day, count(*), sum(e.num_mentions), total(e.goldstein) \
                 FROM events e WHERE {w} GROUP BY e.day ORDER BY e.day{}",
                f.limit_sql()
            ),
            Aggregate::TopActors => format!(
                "SELECT NULL, NULL, actor, NULL, count(*), sum(n), total(g) FROM ( \
                 SELECT e.source_code AS actor, e.num_mentions AS n, e.goldstein AS g FROM events e \
                 WHERE {w} AND e.source_code <> '' UNION ALL \
                 SELECT e.target_code, e.num_mentions, e.goldstein FROM events e \
                 WHERE {w} AND e.target_code <> '' AND e.target_code <> e.source_code) \
                 GROUP BY actor ORDER BY count(*) DESC, actor{top}"
            ),
            Aggregate::TopPairs => format!(
                "SELECT e.source_code, e.target_code, NULL, NULL, count(*), sum(e.num_mentions), \
                 total(e.goldstein) FROM events e WHERE {w} \
                 GROUP BY e.source_code, e.target_code ORDER BY count(*) DESC, 1, 2{top}"
            ),
        };
        let params: Vec<Value> = if agg == Aggregate::TopActors {
            p.iter().cloned().chain(p.iter().cloned()).collect()
        } else {
            p
        };
        let mut st = self.conn().prepare(&sql)?;
        let mut rows = st
            .query(params_from_iter(params))
            .map_err(|e| fts_error(f, e))?;
        let mut n = 0;
        while let Some(r) = rows.next().map_err(|e| fts_error(f, e))? {
            let text = |i: usize| -> rusqlite::Result<Option<&str>> {
                Ok(r.get_ref(i)?.as_str_or_null()?)
            };
            let row = AggRef {
                source: text(0)?,
                target: text(1)?,
                actor: text(2)?,
                day: r.get::<_, Option<u32>>(3)?.map(Day),
                events: r.get(4)?,
                mentions: r.get(5)?,
                goldstein: r.get(6)?,
            };
            each(&row)?;
            n += 1;
        }
        Ok(n)
    }

    /// The aggregate read from the given table, collected (the tests compare them).
    #[cfg(test)]
    pub(crate) fn aggregate_via(
        &self,
        agg: Aggregate,
        f: &EventFilter,
        from: AggSource,
    ) -> Result<Vec<AggRow>> {
        let mut rows = Vec::new();
        self.aggregate_from(agg, f, from, |r| {
            rows.push(r.to_row());
            Ok(())
        })?;
        Ok(rows)
    }

    /// Counts of articles, events and mentions.
    pub fn stats(&self) -> Result<StoreStats> {
        let c = |t: &str| -> Result<i64> {
            Ok(self
                .conn()
                .query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0))?)
        };
        Ok(StoreStats {
            articles: c("articles")?,
            events: c("events")?,
            mentions: c("mentions")?,
        })
    }

    /// Every event row with every column, ordered by id, as tab-separated text (timestamps
    /// left out): for comparing two stores (the crash test does).
    pub fn dump_events(&self, out: &mut dyn std::io::Write) -> Result<usize> {
        let mut st = self.conn().prepare(
            "SELECT id, day, source_code, source_country, source_name, target_code, \
             target_country, target_name, family, code, root, quad_class, goldstein, plover, \
             plover_mode, negated, modality, place_name, place_country, lat, lon, num_mentions, \
             num_sources, num_articles, rep_rank FROM events ORDER BY id",
        )?;
        let n = st.column_count();
        let mut rows = st.query([])?;
        let mut count = 0;
        while let Some(r) = rows.next()? {
            let mut line = String::new();
            for i in 0..n {
                if i > 0 {
                    line.push('\t');
                }
                let v: Value = r.get(i)?;
                match v {
                    Value::Null => {}
                    Value::Integer(x) => line.push_str(&x.to_string()),
                    Value::Real(x) => line.push_str(&x.to_string()),
                    Value::Text(s) => line.push_str(&s),
                    Value::Blob(b) => line.push_str(&format!("{b:?}")),
                }
            }
            line.push('\n');
            out.write_all(line.as_bytes())?;
            count += 1;
        }
        Ok(count)
    }
}
