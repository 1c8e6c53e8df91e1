//! dyad-store: the embedded event database.
//!
//! The principal type is [`Store`], an SQLite database (WAL journal, no server) holding
//! articles (content hash, raw page, clean text, metadata), their sentences, actors, places,
//! times and quotes, and the **events**: every coded event of every article is a *mention*;
//! mentions with the same dyad, CAMEO base code, negation, day window and place are one
//! *event* that counts its mentions, sources and articles (cross-article deduplication).
//!
//! * Ingest ([`Store::ingest`]) is idempotent by [`ContentHash`]: a page already stored adds
//!   nothing; a changed page at the same locator (URL, or the input id) replaces the old one.
//!   One call is one transaction, so a crash loses at most the batch in flight.
//! * Queries ([`Store::events`], [`Store::aggregate`], [`Store::aggregate_each`]) take an
//!   [`EventFilter`].
//! * Exports ([`Store::export`]) write GDELT 2.0 event rows, POLECAT rows, JSON lines or
//!   Parquet.
//!
//! Only this crate speaks SQL. The schema has a format version ([`STORE_FORMAT_VERSION`]);
//! `docs/store.md` describes tables and export column mappings.
//!
//! ```
//! use dyad_store::{ContentHash, EventFilter, IngestDoc, Store};
//! use dyad_types::record::{ActorRef, DocumentRecord, EventRecord};
//!
//! let mut store = Store::open_in_memory()?;
//! let record = DocumentRecord {
//!     id: "a.txt".into(),
//!     published: Some("2023-09-05".into()),
//!     text: "Russia and China held talks.".into(),
//!     events: vec![EventRecord {
//!         source: Some(ActorRef { code: Some("RUS".into()), ..Default::default() }),
//!         target: Some(ActorRef { code: Some("CHN".into()), ..Default::default() }),
//!         code: "040".into(),
//!         modality: "asserted".into(),
//!         quad_class: 1,
//!         goldstein: 1.0,
//!         ..Default::default()
//!     }],
//!     ..Default::default()
//! };
//! let raw = b"Russia and China held talks.";
//! let doc = IngestDoc { hash: ContentHash::of(None, raw), raw: Some(raw), url: None,
//!                       date: None, record: &record };
//! store.ingest(&[doc.clone()], 0)?;
//! let again = store.ingest(&[doc], 0)?;
//! assert_eq!(again.skipped, 1);
//! let events = store.events(&EventFilter { actor: Some("RUS".into()), ..Default::default() })?;
//! assert_eq!(events.len(), 1);
//! assert_eq!(events[0].num_mentions, 1);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Crate features
//! * `parquet` (default): [`ExportFormat::Parquet`] through the `parquet` crate with only its
//!   `arrow` and `snap` features.
#![deny(missing_docs)]

mod codes;
mod error;
mod explore;
mod export;
mod ingest;
mod query;
mod rollup;
mod schema;

use std::path::Path;

use rusqlite::{Connection, OpenFlags};

pub use error::{Error, InternalError, Result, UserError};
pub use explore::{
    is_interrupted, ActorSpan, ArticleMention, ArticleSummary, ArticleView, EventDigest, EventView,
    MentionActor, MentionView, PlaceSpan, QueryInterrupt, QuoteSpan, SentenceSpan, TimeSpan,
};
pub use export::{ExportFormat, GDELT_COLUMNS, POLECAT_COLUMNS};
pub use ingest::{ContentHash, IngestDoc, IngestReport, DEDUP_WINDOW_DAYS};
pub use query::{AggRef, AggRow, Aggregate, Day, EventFilter, EventRow, MentionRow, StoreStats};
pub use schema::{STORE_FORMAT_OLDEST_SUPPORTED, STORE_FORMAT_VERSION};

/// Memory settings of a connection to a database file.
///
/// Both are ceilings, taken as pages are used: a small store stays small. A writer's
/// transaction touches a page of each index for every new event, at random places, so with a
/// cache smaller than those indexes it re-reads them and spills dirty pages mid-transaction;
/// pages read through `mmap` count in the process's resident memory while they stay mapped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StoreOptions {
    /// SQLite's page cache, MiB.
    pub cache_mib: u32,
    /// How much of the file is read through `mmap`, MiB (0: none; SQLite caps it at its
    /// build's `SQLITE_MAX_MMAP_SIZE`, 2 GB by default).
    pub mmap_mib: u32,
}

impl StoreOptions {
    /// What [`Store::open`] uses: 64 MiB of page cache, 256 MiB of `mmap`. With these the
    /// whole `dyad ingest` of 50,000 pages peaks under 1 GiB (`docs/store.md`).
    pub const WRITER: StoreOptions = StoreOptions {
        cache_mib: 64,
        mmap_mib: 256,
    };
    /// What [`Store::open_read_only`] uses: 64 MiB of page cache, 2 GiB of `mmap` (queries
    /// scan large ranges of the file).
    pub const READER: StoreOptions = StoreOptions {
        cache_mib: 64,
        mmap_mib: 2048,
    };
}

/// The event database. Not `Sync`: one writer per process; readers open their own.
pub struct Store {
    conn: Connection,
    version: u32,
}

impl Store {
    /// Opens (creating or migrating) the database at `path` for reading and writing, with
    /// [`StoreOptions::WRITER`].
    pub fn open(path: impl AsRef<Path>) -> Result<Store> {
        Store::open_with(path, StoreOptions::WRITER)
    }

    /// [`Store::open`] with other memory settings.
    pub fn open_with(path: impl AsRef<Path>, options: StoreOptions) -> Result<Store> {
        let conn = Connection::open(path.as_ref()).map_err(open_error)?;
        Store::setup(conn, true, Some(options))
    }

    /// Opens an existing database read-only (no migration, no file creation), with
    /// [`StoreOptions::READER`].
    pub fn open_read_only(path: impl AsRef<Path>) -> Result<Store> {
        Store::open_read_only_with(path, StoreOptions::READER)
    }

    /// [`Store::open_read_only`] with other memory settings.
    pub fn open_read_only_with(path: impl AsRef<Path>, options: StoreOptions) -> Result<Store> {
        let conn = Connection::open_with_flags(
            path.as_ref(),
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(open_error)?;
        Store::setup(conn, false, Some(options))
    }

    /// A fresh database in memory, for tests.
    pub fn open_in_memory() -> Result<Store> {
        Store::setup(Connection::open_in_memory()?, true, None)
    }

    /// `file` holds the memory settings of a database file; `None` is a database in memory.
    fn setup(mut conn: Connection, write: bool, file: Option<StoreOptions>) -> Result<Store> {
        conn.busy_timeout(std::time::Duration::from_secs(30))?;
        conn.set_prepared_statement_cache_capacity(64);
        if write && file.is_some() {
            // WAL + NORMAL: a killed process never loses a committed transaction.
            let mode: String = conn
                .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
                .map_err(open_error)?;
            if !mode.eq_ignore_ascii_case("wal") {
                log::warn!("Journal mode is {mode}, not WAL.");
            }
            conn.pragma_update(None, "synchronous", "NORMAL")?;
        }
        // Page cache (KiB when negative); see `StoreOptions`.
        let options = file.unwrap_or(StoreOptions::WRITER);
        conn.pragma_update(None, "cache_size", -(i64::from(options.cache_mib) * 1024))?;
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        if file.is_some() {
            // Reads through the OS page cache without copies.
            conn.pragma_update(None, "mmap_size", i64::from(options.mmap_mib) << 20)?;
        }
        let version = schema::prepare(&mut conn, write)?;
        Ok(Store { conn, version })
    }

    /// The format version of the opened database.
    pub fn format_version(&self) -> u32 {
        self.version
    }

    /// Whether a document with this hash is stored (callers skip coding it again).
    pub fn contains(&self, hash: &ContentHash) -> Result<bool> {
        let n: i64 = self
            .conn
            .prepare_cached("SELECT count(*) FROM articles WHERE content_hash = ?1")?
            .query_row([&hash.0[..]], |r| r.get(0))?;
        Ok(n > 0)
    }

    /// Writes coded documents in one transaction. `added` is the ingest time (Unix seconds)
    /// recorded on articles and new events (GDELT's `DATEADDED`).
    pub fn ingest(&mut self, docs: &[IngestDoc<'_>], added: i64) -> Result<IngestReport> {
        let tx = self.conn.transaction()?;
        let rep = ingest::ingest(&tx, docs, added)?;
        tx.commit()?;
        Ok(rep)
    }

    /// Deletes the article stored under `locator` (URL or input id); returns how many.
    pub fn remove(&mut self, locator: &str) -> Result<usize> {
        let tx = self.conn.transaction()?;
        let ids: Vec<i64> = {
            let mut st = tx.prepare("SELECT id FROM articles WHERE locator = ?1")?;
            let v = st
                .query_map([locator], |r| r.get(0))?
                .collect::<rusqlite::Result<Vec<i64>>>()?;
            v
        };
        let mut cells = rollup::Cells::new();
        for id in &ids {
            ingest::delete_article(&tx, *id, &mut cells)?;
        }
        rollup::refresh(&tx, &cells)?;
        tx.commit()?;
        Ok(ids.len())
    }

    /// Checkpoints the WAL into the main file (cheap; also done automatically).
    pub fn checkpoint(&self) -> Result<()> {
        self.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        Ok(())
    }

    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }
}

fn open_error(e: rusqlite::Error) -> Error {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) => {
            UserError::NotAStore("the file is not an SQLite database".into()).into()
        }
        Some(rusqlite::ErrorCode::CannotOpen) => Error::Io(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            format!("cannot open the database: {e}"),
        )),
        _ => e.into(),
    }
}

#[cfg(test)]
mod tests;
