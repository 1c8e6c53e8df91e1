//! The schema, its format version and the migrations between versions.
//!
//! The version lives in SQLite's `PRAGMA user_version` and, readable by people, in
//! `meta.format_version`. A database newer than [`STORE_FORMAT_VERSION`] is refused; an older
//! one (not older than [`STORE_FORMAT_OLDEST_SUPPORTED`]) is migrated in one transaction when it
//! is opened for writing. `docs/store.md` describes every table.

use rusqlite::{Connection, OptionalExtension, Transaction};

use crate::error::{Error, Result, UserError};

/// The format this build writes. Bump it with every schema change, add a migration to
/// [`MIGRATIONS`] and a fixture `tests/compat/store_vN/`.
pub const STORE_FORMAT_VERSION: u32 = 3;

/// The oldest format this build still opens (migrating it forward).
pub const STORE_FORMAT_OLDEST_SUPPORTED: u32 = 1;

/// A step of a migration written in Rust, run after the version's SQL in its transaction.
type Step = fn(&Transaction<'_>) -> Result<()>;

/// `(version, SQL, step)`: running the SQL and then the step on a database at `version - 1`
/// brings it to `version`. Version 1 creates everything; version 2 adds the `dyad_day` rollup
/// (built from the events already stored); version 3 adds the `dyad_month` rollup (packed from
/// `dyad_day`) and indexes `events` by (target, day) instead of target alone.
const MIGRATIONS: &[(u32, &str, Option<Step>)] = &[
    (1, V1, None),
    (2, V2, None),
    (3, V3, Some(crate::rollup::build_months)),
];

const V1: &str = r#"
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE articles (
    id           INTEGER PRIMARY KEY,
    content_hash BLOB NOT NULL UNIQUE,
    locator      TEXT NOT NULL,
    doc_id       TEXT NOT NULL,
    url          TEXT,
    site         TEXT NOT NULL,
    title        TEXT,
    author       TEXT,
    published    TEXT,
    date_given   TEXT,
    raw          BLOB,
    text         TEXT NOT NULL,
    sentences    INTEGER NOT NULL,
    error        TEXT,
    added        INTEGER NOT NULL
);
CREATE INDEX articles_locator ON articles(locator);

CREATE TABLE sentences (
    article_id INTEGER NOT NULL,
    idx        INTEGER NOT NULL,
    start      INTEGER NOT NULL,
    end        INTEGER NOT NULL,
    PRIMARY KEY (article_id, idx)
) WITHOUT ROWID;

CREATE TABLE actors (
    article_id INTEGER NOT NULL,
    start      INTEGER NOT NULL,
    end        INTEGER NOT NULL,
    text       TEXT NOT NULL,
    code       TEXT NOT NULL,
    name       TEXT,
    rule       TEXT NOT NULL
);
CREATE INDEX actors_article ON actors(article_id);

CREATE TABLE places (
    article_id INTEGER NOT NULL,
    start      INTEGER NOT NULL,
    end        INTEGER NOT NULL,
    text       TEXT NOT NULL,
    name       TEXT NOT NULL,
    country    TEXT NOT NULL,
    lat        REAL NOT NULL,
    lon        REAL NOT NULL
);
CREATE INDEX places_article ON places(article_id);

CREATE TABLE times (
    article_id INTEGER NOT NULL,
    start      INTEGER NOT NULL,
    end        INTEGER NOT NULL,
    text       TEXT NOT NULL,
    value      TEXT NOT NULL
);
CREATE INDEX times_article ON times(article_id);

CREATE TABLE quotes (
    article_id   INTEGER NOT NULL,
    start        INTEGER NOT NULL,
    end          INTEGER NOT NULL,
    text         TEXT NOT NULL,
    speaker_name TEXT,
    speaker_code TEXT
);
CREATE INDEX quotes_article ON quotes(article_id);

CREATE TABLE events (
    id             INTEGER PRIMARY KEY,
    day            INTEGER NOT NULL,
    source_code    TEXT NOT NULL,
    source_country TEXT NOT NULL,
    source_name    TEXT,
    target_code    TEXT NOT NULL,
    target_country TEXT NOT NULL,
    target_name    TEXT,
    family         TEXT NOT NULL,
    code           TEXT NOT NULL,
    root           TEXT NOT NULL,
    quad_class     INTEGER NOT NULL,
    goldstein      REAL NOT NULL,
    plover         TEXT,
    plover_mode    TEXT,
    negated        INTEGER NOT NULL,
    modality       TEXT NOT NULL,
    place_name     TEXT,
    place_country  TEXT,
    lat            REAL,
    lon            REAL,
    num_mentions   INTEGER NOT NULL,
    num_sources    INTEGER NOT NULL,
    num_articles   INTEGER NOT NULL,
    rep_mention    INTEGER NOT NULL,
    rep_rank       INTEGER NOT NULL,
    first_added    INTEGER NOT NULL
);
-- Covering the dyad-by-day aggregate: no table lookups.
CREATE INDEX events_dyad_day ON events(source_code, target_code, day, goldstein, num_mentions);
CREATE INDEX events_target ON events(target_code);
CREATE INDEX events_day ON events(day);

CREATE TABLE mentions (
    id                 INTEGER PRIMARY KEY,
    event_id           INTEGER NOT NULL,
    article_id         INTEGER NOT NULL,
    idx                INTEGER NOT NULL,
    rank               INTEGER NOT NULL,
    site               TEXT NOT NULL,
    day                INTEGER NOT NULL,
    date_value         TEXT,
    source_code        TEXT,
    source_name        TEXT,
    source_text        TEXT,
    source_start       INTEGER,
    source_end         INTEGER,
    target_code        TEXT,
    target_name        TEXT,
    target_text        TEXT,
    target_start       INTEGER,
    target_end         INTEGER,
    code               TEXT NOT NULL,
    quad_class         INTEGER NOT NULL,
    goldstein          REAL NOT NULL,
    plover             TEXT,
    plover_mode        TEXT,
    negated            INTEGER NOT NULL,
    modality           TEXT NOT NULL,
    attribution_name   TEXT,
    attribution_code   TEXT,
    place_name         TEXT,
    place_country      TEXT,
    lat                REAL,
    lon                REAL,
    sentence           INTEGER NOT NULL,
    evidence_start     INTEGER NOT NULL,
    evidence_end       INTEGER NOT NULL,
    trigger_start      INTEGER NOT NULL,
    trigger_end        INTEGER NOT NULL,
    trigger_text       TEXT,
    rule               TEXT NOT NULL
);
CREATE INDEX mentions_article ON mentions(article_id);
CREATE INDEX mentions_event_site ON mentions(event_id, site);

CREATE VIRTUAL TABLE article_fts USING fts5(
    title, text, content='articles', content_rowid='id'
);
"#;

/// The `dyad_day` rollup: one row per (source, target, day) with the values of the grouped scan
/// of `events` (events, mentions, Goldstein sum). Ingest and replacement recompute the cells
/// they touch from `events` in the same transaction, so it always equals the scan.
const V2: &str = r#"
CREATE TABLE dyad_day (
    source_code TEXT NOT NULL,
    target_code TEXT NOT NULL,
    day         INTEGER NOT NULL,
    events      INTEGER NOT NULL,
    mentions    INTEGER NOT NULL,
    goldstein   REAL NOT NULL,
    PRIMARY KEY (source_code, target_code, day)
) WITHOUT ROWID;
INSERT INTO dyad_day (source_code, target_code, day, events, mentions, goldstein)
    SELECT source_code, target_code, day, count(*), sum(num_mentions), total(goldstein)
    FROM events GROUP BY source_code, target_code, day;
"#;

/// The `dyad_month` rollup: the cells of `dyad_day` packed by (source, target, month) —
/// `month` is `YYYYMM`, 0 for the unknown day; `cells` as described in `rollup.rs` — which the
/// dyad-by-day aggregate reads (a fifth of the rows to step through on the 10M-event
/// benchmark store). `events_target_day` replaces `events_target`: the same prefix searches on
/// the target, and new events of recent days land at the end of each target's range instead of
/// at random places.
const V3: &str = r#"
CREATE TABLE dyad_month (
    source_code TEXT NOT NULL,
    target_code TEXT NOT NULL,
    month       INTEGER NOT NULL,
    cells       BLOB NOT NULL,
    PRIMARY KEY (source_code, target_code, month)
) WITHOUT ROWID;
DROP INDEX IF EXISTS events_target;
CREATE INDEX events_target_day ON events(target_code, day);
"#;

/// Opens (creating or migrating when `write`) the schema on `conn`; returns the version.
pub(crate) fn prepare(conn: &mut Connection, write: bool) -> Result<u32> {
    let found: u32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let tables: i64 = conn.query_row(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table'",
        [],
        |r| r.get(0),
    )?;
    if found == 0 && tables > 0 {
        return Err(UserError::NotAStore(
            "the file holds tables but no dyad store format version".into(),
        )
        .into());
    }
    if found > STORE_FORMAT_VERSION {
        return Err(UserError::FormatTooNew {
            found,
            oldest: STORE_FORMAT_OLDEST_SUPPORTED,
            current: STORE_FORMAT_VERSION,
        }
        .into());
    }
    if found != 0 && found < STORE_FORMAT_OLDEST_SUPPORTED {
        return Err(UserError::FormatTooOld {
            found,
            oldest: STORE_FORMAT_OLDEST_SUPPORTED,
            current: STORE_FORMAT_VERSION,
        }
        .into());
    }
    if found == STORE_FORMAT_VERSION {
        check_meta(conn, found)?;
        return Ok(found);
    }
    if !write {
        // Reading an old (or empty) file: never change it behind the reader's back.
        if found == 0 {
            return Err(UserError::NotAStore("the database is empty".into()).into());
        }
        return Ok(found);
    }
    let tx = conn.transaction()?;
    for (version, sql, step) in MIGRATIONS {
        if *version > found {
            log::info!("Migrating the store to format {version}.");
            tx.execute_batch(sql)?;
            if let Some(step) = step {
                step(&tx)?;
            }
        }
    }
    tx.execute(
        "INSERT OR REPLACE INTO meta(key, value) VALUES ('format_version', ?1)",
        [STORE_FORMAT_VERSION.to_string()],
    )?;
    tx.execute(
        "INSERT OR IGNORE INTO meta(key, value) VALUES ('created_by', ?1)",
        [concat!("dyad-store ", env!("CARGO_PKG_VERSION"))],
    )?;
    tx.pragma_update(None, "user_version", STORE_FORMAT_VERSION)?;
    tx.commit()?;
    Ok(STORE_FORMAT_VERSION)
}

fn check_meta(conn: &Connection, version: u32) -> Result<()> {
    let v: Option<String> = conn
        .query_row(
            "SELECT value FROM meta WHERE key = 'format_version'",
            [],
            |r| r.get(0),
        )
        .optional()
        .map_err(|_| -> Error { UserError::NotAStore("no meta table".into()).into() })?;
    match v {
        Some(v) if v == version.to_string() => Ok(()),
        Some(v) => Err(crate::error::InternalError::corrupt(format!(
            "meta.format_version {v} disagrees with user_version {version}"
        ))
        .into()),
        None => Err(UserError::NotAStore("no format_version in meta".into()).into()),
    }
}
