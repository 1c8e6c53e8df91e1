//! Writing coded documents: idempotent by content hash, replacement by locator, and
//! cross-article deduplication of events.

use std::collections::BTreeSet;

use dyad_types::record::{DocumentRecord, EventRecord};
use rusqlite::{params, CachedStatement, OptionalExtension, Transaction};
use sha2::{Digest, Sha256};

use crate::codes::{actor_country, day_of, epoch_days, site_of};
use crate::error::Result;
use crate::rollup::{self, Cells};

/// Days per deduplication window: mentions whose days fall in the same window (counted from
/// 1970-01-01) can be one event. One day, as GDELT's `Day` field.
pub const DEDUP_WINDOW_DAYS: i64 = 1;

/// SHA-256 of a page's bytes (and its URL, when the caller gives one): the identity that makes
/// ingest idempotent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ContentHash(pub [u8; 32]);

impl ContentHash {
    /// The hash of `bytes` as fetched from `url` (a wire story reprinted on two sites is two
    /// pages; the same file read twice is one).
    pub fn of(url: Option<&str>, bytes: &[u8]) -> ContentHash {
        let mut h = Sha256::new();
        if let Some(u) = url {
            h.update(u.as_bytes());
        }
        h.update([0u8]);
        h.update(bytes);
        ContentHash(h.finalize().into())
    }

    /// Lowercase hex.
    pub fn to_hex(&self) -> String {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut s = String::with_capacity(64);
        for b in self.0 {
            s.push(char::from(HEX[usize::from(b >> 4)]));
            s.push(char::from(HEX[usize::from(b & 15)]));
        }
        s
    }
}

/// One coded document to store.
#[derive(Clone, Debug)]
pub struct IngestDoc<'a> {
    /// Identity of the raw input ([`ContentHash::of`]).
    pub hash: ContentHash,
    /// The raw page as read (kept in `articles.raw`), if any.
    pub raw: Option<&'a [u8]>,
    /// URL given by the caller; the record's own URL is used when this is `None`.
    pub url: Option<&'a str>,
    /// Publication date given by the caller (`--date`), `YYYY-MM-DD`.
    pub date: Option<&'a str>,
    /// What the pipeline produced.
    pub record: &'a DocumentRecord,
}

/// What one [`crate::Store::ingest`] call did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IngestReport {
    /// Documents written.
    pub added: usize,
    /// Documents already in the store (same content hash): nothing written.
    pub skipped: usize,
    /// Older versions deleted because a changed page arrived at the same locator.
    pub replaced: usize,
    /// Event mentions written.
    pub mentions: usize,
    /// Events (clusters) created.
    pub new_events: usize,
}

impl std::ops::AddAssign for IngestReport {
    fn add_assign(&mut self, o: IngestReport) {
        self.added += o.added;
        self.skipped += o.skipped;
        self.replaced += o.replaced;
        self.mentions += o.mentions;
        self.new_events += o.new_events;
    }
}

/// Columns of `events` taken from the representative mention.
pub(crate) const REP_COLS: &str =
    "day, source_name, target_name, code, root, quad_class, goldstein, \
                        plover, plover_mode, modality, place_name, lat, lon";
pub(crate) const REP_SELECT: &str =
    "m.day, m.source_name, m.target_name, m.code, substr(m.code, 1, 2), \
                          m.quad_class, m.goldstein, m.plover, m.plover_mode, m.modality, \
                          m.place_name, m.lat, m.lon";

/// Writes `docs` inside `tx`.
pub(crate) fn ingest(
    tx: &Transaction<'_>,
    docs: &[IngestDoc<'_>],
    added: i64,
) -> Result<IngestReport> {
    let mut rep = IngestReport::default();
    let mut cells = Cells::new();
    let mut w = Writes::prepare(tx)?;
    for doc in docs {
        let exists: Option<i64> = w
            .exists
            .query_row([&doc.hash.0[..]], |r| r.get(0))
            .optional()?;
        if exists.is_some() {
            rep.skipped += 1;
            continue;
        }
        let rec = doc.record;
        let url = doc.url.or(rec.url.as_deref());
        let locator = url.unwrap_or(&rec.id).to_string();
        let old: Vec<i64> = w
            .by_locator
            .query_map([&locator], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<i64>>>()?;
        for id in old {
            delete_article(tx, id, &mut cells)?;
            rep.replaced += 1;
        }
        let site = url
            .and_then(site_of)
            .unwrap_or_else(|| format!("doc:{}", doc.hash.to_hex()));
        let article_id = insert_article(tx, &mut w, doc, &locator, url, &site, added)?;
        rep.added += 1;
        let (m, n) = insert_mentions(tx, &mut w, doc, article_id, &site, added, &mut cells)?;
        rep.mentions += m;
        rep.new_events += n;
    }
    drop(w);
    rollup::refresh(tx, &cells)?;
    Ok(rep)
}

/// The statements of [`ingest`], prepared (taken from the connection's cache) once per call
/// rather than once per document.
struct Writes<'c> {
    exists: CachedStatement<'c>,
    by_locator: CachedStatement<'c>,
    article: CachedStatement<'c>,
    fts: CachedStatement<'c>,
    actor: CachedStatement<'c>,
    place: CachedStatement<'c>,
    time: CachedStatement<'c>,
    quote: CachedStatement<'c>,
    sentence: CachedStatement<'c>,
    mention: CachedStatement<'c>,
    get_rank: CachedStatement<'c>,
    new_event: CachedStatement<'c>,
    new_rep: CachedStatement<'c>,
    bump: CachedStatement<'c>,
    other_site: CachedStatement<'c>,
    counts: CachedStatement<'c>,
}

impl<'c> Writes<'c> {
    fn prepare(tx: &'c Transaction<'_>) -> Result<Writes<'c>> {
        Ok(Writes {
            exists: tx.prepare_cached("SELECT id FROM articles WHERE content_hash = ?1")?,
            by_locator: tx.prepare_cached("SELECT id FROM articles WHERE locator = ?1")?,
            article: tx.prepare_cached(
                "INSERT INTO articles (content_hash, locator, doc_id, url, site, title, author, \
                 published, date_given, raw, text, sentences, error, added) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
            )?,
            fts: tx.prepare_cached(
                "INSERT INTO article_fts (rowid, title, text) VALUES (?1, ?2, ?3)",
            )?,
            actor: tx.prepare_cached(
                "INSERT INTO actors (article_id, start, end, text, code, name, rule) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?,
            place: tx.prepare_cached(
                "INSERT INTO places (article_id, start, end, text, name, country, lat, lon) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?,
            time: tx.prepare_cached(
                "INSERT INTO times (article_id, start, end, text, value) \
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?,
            quote: tx.prepare_cached(
                "INSERT INTO quotes (article_id, start, end, text, speaker_name, speaker_code) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?,
            sentence: tx.prepare_cached(
                "INSERT OR IGNORE INTO sentences (article_id, idx, start, end) \
                 VALUES (?1, ?2, ?3, ?4)",
            )?,
            mention: tx.prepare_cached(
                "INSERT INTO mentions (event_id, article_id, idx, rank, site, day, date_value, \
                 source_code, source_name, source_text, source_start, source_end, \
                 target_code, target_name, target_text, target_start, target_end, \
                 code, quad_class, goldstein, plover, plover_mode, negated, modality, \
                 attribution_name, attribution_code, place_name, place_country, lat, lon, \
                 sentence, evidence_start, evidence_end, trigger_start, trigger_end, \
                 trigger_text, rule) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, \
                 ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, \
                 ?32, ?33, ?34, ?35, ?36, ?37)",
            )?,
            get_rank: tx.prepare_cached("SELECT rep_rank, day FROM events WHERE id = ?1")?,
            // A new event's representative is the mention just written: its values are bound
            // (the same as REP_SELECT reads back from `mentions` when the representative
            // changes). It has one article and one source: the document being written.
            new_event: tx.prepare_cached(&format!(
                "INSERT INTO events (id, source_code, source_country, target_code, \
                 target_country, family, negated, place_country, {REP_COLS}, num_mentions, \
                 num_sources, num_articles, rep_mention, rep_rank, first_added) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, \
                 ?17, ?18, ?19, ?20, ?21, 1, 1, 1, ?22, ?23, ?24)"
            ))?,
            new_rep: tx.prepare_cached(&format!(
                "UPDATE events SET ({REP_COLS}) = (SELECT {REP_SELECT} FROM mentions m \
                 WHERE m.id = ?2), rep_mention = ?2, rep_rank = ?3, \
                 num_mentions = num_mentions + 1 WHERE id = ?1"
            ))?,
            bump: tx.prepare_cached(
                "UPDATE events SET num_mentions = num_mentions + 1 WHERE id = ?1",
            )?,
            other_site: tx.prepare_cached(
                "SELECT 1 FROM mentions WHERE event_id = ?1 AND site = ?2 AND article_id <> ?3 \
                 LIMIT 1",
            )?,
            counts: tx.prepare_cached(
                "UPDATE events SET num_articles = num_articles + 1, \
                 num_sources = num_sources + ?2 WHERE id = ?1",
            )?,
        })
    }
}

/// Adds the current cell of each event in `events` (those that exist) to `cells`.
fn note_cells(tx: &Transaction<'_>, events: &BTreeSet<i64>, cells: &mut Cells) -> Result<()> {
    let mut st =
        tx.prepare_cached("SELECT source_code, target_code, day FROM events WHERE id = ?1")?;
    for ev in events {
        if let Some(c) = st
            .query_row([ev], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?
        {
            cells.insert(c);
        }
    }
    Ok(())
}

fn insert_article(
    tx: &Transaction<'_>,
    w: &mut Writes<'_>,
    doc: &IngestDoc<'_>,
    locator: &str,
    url: Option<&str>,
    site: &str,
    added: i64,
) -> Result<i64> {
    let rec = doc.record;
    w.article.execute(params![
        &doc.hash.0[..],
        locator,
        rec.id,
        url,
        site,
        rec.title,
        rec.author,
        rec.published,
        doc.date,
        doc.raw,
        rec.text,
        rec.sentences as i64,
        rec.error,
        added,
    ])?;
    let id = tx.last_insert_rowid();
    w.fts.execute(params![id, rec.title, rec.text])?;
    for a in &rec.actors {
        w.actor.execute(params![
            id,
            a.start as i64,
            a.end as i64,
            a.text,
            a.code,
            a.name,
            a.rule
        ])?;
    }
    for p in &rec.places {
        w.place.execute(params![
            id,
            p.start as i64,
            p.end as i64,
            p.text,
            p.name,
            p.country,
            p.lat,
            p.lon
        ])?;
    }
    for t in &rec.times {
        w.time
            .execute(params![id, t.start as i64, t.end as i64, t.text, t.value])?;
    }
    for q in &rec.quotes {
        let (name, code) = match &q.speaker {
            Some(s) => (s.name.as_deref(), s.code.as_deref()),
            None => (None, None),
        };
        w.quote.execute(params![
            id,
            q.start as i64,
            q.end as i64,
            q.text,
            name,
            code
        ])?;
    }
    // A sentence's row is that of its first event (later ones would be ignored by the
    // primary key anyway): skip the statements for sentences already written.
    let mut written: Vec<usize> = Vec::with_capacity(rec.events.len());
    for e in &rec.events {
        if written.contains(&e.sentence) {
            continue;
        }
        written.push(e.sentence);
        w.sentence.execute(params![
            id,
            e.sentence as i64,
            e.evidence.start as i64,
            e.evidence.end as i64
        ])?;
    }
    Ok(id)
}

/// The parts of an event mention that decide which event it belongs to.
pub(crate) struct ClusterKey {
    pub source: String,
    pub target: String,
    pub family: String,
    pub negated: bool,
    pub window: i64,
    pub place_country: String,
    pub place: String,
}

impl ClusterKey {
    pub(crate) fn of(e: &EventRecord, day: u32) -> ClusterKey {
        let code = |a: &Option<dyad_types::record::ActorRef>| {
            a.as_ref().and_then(|a| a.code.clone()).unwrap_or_default()
        };
        let family: String = e.code.chars().take(3).collect();
        let (place_country, place) = match &e.location {
            Some(l) => (l.country.clone().unwrap_or_default(), l.name.to_lowercase()),
            None => (String::new(), String::new()),
        };
        ClusterKey {
            source: code(&e.source),
            target: code(&e.target),
            family,
            negated: e.negated,
            window: if day == 0 {
                -1
            } else {
                epoch_days(day).div_euclid(DEDUP_WINDOW_DAYS)
            },
            place_country,
            place,
        }
    }

    /// The event id: 63 bits of SHA-256 of the key, so that the same event gets the same id
    /// whatever order its articles arrive in.
    pub(crate) fn id(&self) -> i64 {
        let s = format!(
            "{}\u{1f}{}\u{1f}{}\u{1f}{}\u{1f}{}\u{1f}{}\u{1f}{}",
            self.source,
            self.target,
            self.family,
            self.negated as u8,
            self.window,
            self.place_country,
            self.place
        );
        let d = Sha256::digest(s.as_bytes());
        let mut b = [0u8; 8];
        b.copy_from_slice(&d[..8]);
        let id = (u64::from_be_bytes(b) & (i64::MAX as u64)) as i64;
        id.max(1)
    }
}

/// Orders mentions for choosing an event's representative: earliest publication day, then
/// content hash, then position in the article. Independent of arrival order.
fn rank(published: Option<u32>, hash: &ContentHash, idx: usize) -> i64 {
    // Days since 1900-01-01 in 17 bits (to 2258); unknown publication sorts last.
    let day = match published {
        Some(d) => (epoch_days(d) + 25_567).clamp(0, (1 << 17) - 2),
        None => (1 << 17) - 1,
    };
    let h = u32::from_be_bytes([hash.0[0], hash.0[1], hash.0[2], hash.0[3]]) as i64;
    (day << 46) | ((idx.min(16_383) as i64) << 32) | h
}

/// Code-point offsets → text.
struct Chars<'t> {
    text: &'t str,
    /// Byte offset of every code point and of the end; empty for an ASCII text, whose
    /// code-point offsets are byte offsets (no table to build for most pages).
    starts: Vec<usize>,
}

impl<'t> Chars<'t> {
    fn new(text: &'t str) -> Chars<'t> {
        let starts = if text.is_ascii() {
            Vec::new()
        } else {
            let mut starts: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
            starts.push(text.len());
            starts
        };
        Chars { text, starts }
    }

    fn slice(&self, start: Option<usize>, end: Option<usize>) -> Option<&'t str> {
        let (s, e) = (start?, end?);
        if self.starts.is_empty() {
            // ASCII: the same bounds as the table would give (it would hold len + 1 entries).
            if s >= e || e > self.text.len() {
                return None;
            }
            return self.text.get(s..e);
        }
        if s >= e || e >= self.starts.len() {
            return None;
        }
        self.text.get(self.starts[s]..self.starts[e])
    }
}

fn insert_mentions(
    tx: &Transaction<'_>,
    w: &mut Writes<'_>,
    doc: &IngestDoc<'_>,
    article_id: i64,
    site: &str,
    added: i64,
    cells: &mut Cells,
) -> Result<(usize, usize)> {
    let rec = doc.record;
    if rec.events.is_empty() {
        return Ok((0, 0));
    }
    let published = rec
        .published
        .as_deref()
        .and_then(day_of)
        .or_else(|| doc.date.and_then(day_of));
    let chars = Chars::new(&rec.text);
    // Events that existed before this document (their article and source counts are
    // updated below); an event created here starts with one article and one source.
    let mut touched = BTreeSet::new();
    let mut created = std::collections::HashSet::new();
    let mut new_events = 0;
    for (idx, e) in rec.events.iter().enumerate() {
        let day = e
            .date
            .as_ref()
            .and_then(|d| day_of(&d.value))
            .or(published)
            .unwrap_or(0);
        let key = ClusterKey::of(e, day);
        let event_id = key.id();
        let mrank = rank(published, &doc.hash, idx);
        let (sname, sstart, send) = actor_fields(&e.source);
        let (tname, tstart, tend) = actor_fields(&e.target);
        let (pname, pcountry, lat, lon) = match &e.location {
            Some(l) => (Some(l.name.as_str()), l.country.as_deref(), l.lat, l.lon),
            None => (None, None, None, None),
        };
        let (aname, acode) = match &e.attribution {
            Some(a) => (a.name.as_deref(), a.code.as_deref()),
            None => (None, None),
        };
        let goldstein = f32_to_f64(e.goldstein);
        let trig_text = e
            .trigger
            .text
            .as_deref()
            .or_else(|| chars.slice(Some(e.trigger.start), Some(e.trigger.end)));
        w.mention.execute(params![
            event_id,
            article_id,
            idx as i64,
            mrank,
            site,
            day,
            e.date.as_ref().map(|d| d.value.as_str()),
            key.source,
            sname,
            chars.slice(sstart, send),
            sstart.map(|x| x as i64),
            send.map(|x| x as i64),
            key.target,
            tname,
            chars.slice(tstart, tend),
            tstart.map(|x| x as i64),
            tend.map(|x| x as i64),
            e.code,
            e.quad_class,
            goldstein,
            e.plover,
            e.plover_mode,
            e.negated,
            e.modality,
            aname,
            acode,
            pname,
            pcountry,
            lat,
            lon,
            e.sentence as i64,
            e.evidence.start as i64,
            e.evidence.end as i64,
            e.trigger.start as i64,
            e.trigger.end as i64,
            trig_text,
            e.rule,
        ])?;
        let mention_id = tx.last_insert_rowid();
        let current: Option<(i64, i64)> = w
            .get_rank
            .query_row([event_id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        // The event's day after this mention: the mention's when it becomes the
        // representative (new event, or an earlier-ranked mention), else unchanged.
        let after = match current {
            None => {
                let root: String = e.code.chars().take(2).collect();
                w.new_event.execute(params![
                    event_id,
                    key.source,
                    actor_country(&key.source),
                    key.target,
                    actor_country(&key.target),
                    key.family,
                    key.negated,
                    key.place_country,
                    day,
                    sname,
                    tname,
                    e.code,
                    root,
                    e.quad_class,
                    goldstein,
                    e.plover,
                    e.plover_mode,
                    e.modality,
                    pname,
                    lat,
                    lon,
                    mention_id,
                    mrank,
                    added,
                ])?;
                new_events += 1;
                created.insert(event_id);
                i64::from(day)
            }
            Some((r, _)) if mrank < r => {
                w.new_rep.execute(params![event_id, mention_id, mrank])?;
                i64::from(day)
            }
            Some((_, d)) => {
                w.bump.execute([event_id])?;
                d
            }
        };
        if !created.contains(&event_id) {
            touched.insert(event_id);
        }
        // The rollup cells the event leaves and joins.
        if let Some((_, before)) = current.filter(|&(_, d)| d != after) {
            cells.insert((key.source.clone(), key.target.clone(), before));
        }
        cells.insert((key.source, key.target, after));
    }
    for ev in &touched {
        let seen: Option<i64> = w
            .other_site
            .query_row(params![ev, site, article_id], |r| r.get(0))
            .optional()?;
        w.counts
            .execute(params![ev, if seen.is_some() { 0 } else { 1 }])?;
    }
    Ok((rec.events.len(), new_events))
}

/// The f64 that prints like the f32 (`-4.4`, not `-4.400000095367432`): the f64 nearest to
/// the f32's shortest decimal form.
fn f32_to_f64(x: f32) -> f64 {
    // Goldstein values are tenths. When `x` is the f32 nearest to k/10 (|k/10| < 10^5, where
    // f32 values are less than 0.01 apart) its shortest decimal form is k/10 itself, and
    // `k / 10.0` is the f64 nearest to it, which is what parsing that form gives. Anything
    // else goes through the text.
    let k = (f64::from(x) * 10.0).round();
    if k.abs() < 1e6 && ((k / 10.0) as f32).to_bits() == x.to_bits() {
        return k / 10.0;
    }
    x.to_string().parse().unwrap_or(f64::from(x))
}

fn actor_fields(
    a: &Option<dyad_types::record::ActorRef>,
) -> (Option<&str>, Option<usize>, Option<usize>) {
    match a {
        Some(a) => (a.name.as_deref(), a.start, a.end),
        None => (None, None, None),
    }
}

/// Deletes an article and everything derived from it; events that lose mentions are recounted
/// (and deleted when none are left). The rollup cells of those events are added to `cells`
/// (the caller refreshes them with [`rollup::refresh`]).
pub(crate) fn delete_article(tx: &Transaction<'_>, id: i64, cells: &mut Cells) -> Result<()> {
    let affected: BTreeSet<i64> = {
        let mut st =
            tx.prepare_cached("SELECT DISTINCT event_id FROM mentions WHERE article_id = ?1")?;
        let v = st
            .query_map([id], |r| r.get(0))?
            .collect::<rusqlite::Result<BTreeSet<i64>>>()?;
        v
    };
    note_cells(tx, &affected, cells)?;
    tx.execute(
        "INSERT INTO article_fts (article_fts, rowid, title, text) \
         SELECT 'delete', id, title, text FROM articles WHERE id = ?1",
        [id],
    )?;
    for table in [
        "mentions",
        "actors",
        "places",
        "times",
        "quotes",
        "sentences",
    ] {
        tx.prepare_cached(&format!("DELETE FROM {table} WHERE article_id = ?1"))?
            .execute([id])?;
    }
    tx.execute("DELETE FROM articles WHERE id = ?1", [id])?;
    for ev in &affected {
        recount(tx, *ev)?;
    }
    note_cells(tx, &affected, cells)?;
    Ok(())
}

/// Recomputes an event's counts and representative from its mentions.
pub(crate) fn recount(tx: &Transaction<'_>, event_id: i64) -> Result<()> {
    let best: Option<(i64, i64)> = tx
        .prepare_cached(
            "SELECT id, rank FROM mentions WHERE event_id = ?1 ORDER BY rank, id LIMIT 1",
        )?
        .query_row([event_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    match best {
        None => {
            tx.prepare_cached("DELETE FROM events WHERE id = ?1")?
                .execute([event_id])?;
        }
        Some((mid, mrank)) => {
            tx.prepare_cached(&format!(
                "UPDATE events SET ({REP_COLS}) = (SELECT {REP_SELECT} FROM mentions m WHERE m.id = ?2), \
                 rep_mention = ?2, rep_rank = ?3, \
                 num_mentions = (SELECT count(*) FROM mentions WHERE event_id = ?1), \
                 num_articles = (SELECT count(DISTINCT article_id) FROM mentions WHERE event_id = ?1), \
                 num_sources = (SELECT count(DISTINCT site) FROM mentions WHERE event_id = ?1) \
                 WHERE id = ?1"
            ))?
            .execute(params![event_id, mid, mrank])?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fast path gives the f64 of the shortest decimal form, as the text round trip does.
    #[test]
    fn f32_to_f64_matches_the_text_round_trip() {
        let slow = |x: f32| -> f64 { x.to_string().parse().unwrap() };
        let mut xs: Vec<f32> = (-1000..=1000).map(|k| k as f32 / 10.0).collect();
        xs.extend((-200..=200).map(|k| k as f32 / 100.0));
        xs.extend([
            0.0,
            -0.0,
            1e-7,
            3.3333333,
            12345.6,
            99999.9,
            123456.7,
            1e9,
            f32::MAX,
        ]);
        xs.extend([f32::MIN_POSITIVE, -7.25, 0.15, 2.675]);
        for x in xs {
            let (fast, want) = (f32_to_f64(x), slow(x));
            assert_eq!(fast.to_bits(), want.to_bits(), "{x}: {fast} vs {want}");
        }
        assert_eq!(f32_to_f64(-4.4), -4.4);
        assert!(f32_to_f64(f32::NAN).is_nan());
    }

    /// ASCII and non-ASCII texts slice code-point ranges alike, bounds included.
    #[test]
    fn chars_slices_code_points() {
        let ascii = Chars::new("Russia and China");
        assert!(ascii.starts.is_empty());
        assert_eq!(ascii.slice(Some(0), Some(6)), Some("Russia"));
        assert_eq!(ascii.slice(Some(11), Some(16)), Some("China"));
        assert_eq!(ascii.slice(Some(11), Some(17)), None);
        assert_eq!(ascii.slice(Some(3), Some(3)), None);
        assert_eq!(ascii.slice(None, Some(3)), None);
        let wide = Chars::new("Zürich and Köln");
        assert!(!wide.starts.is_empty());
        assert_eq!(wide.slice(Some(0), Some(6)), Some("Zürich"));
        assert_eq!(wide.slice(Some(11), Some(15)), Some("Köln"));
        assert_eq!(wide.slice(Some(11), Some(16)), None);
    }
}
