//! Errors: what the caller got wrong ([`UserError`]) versus what went wrong inside
//! ([`InternalError`]: SQLite failures, corruption, bugs), plus I/O.

use std::fmt;

/// Any error of the store.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The request cannot be served as asked: fix the command or the database path.
    #[error(transparent)]
    User(#[from] UserError),
    /// SQLite failed, the database is damaged, or dyad has a bug.
    #[error(transparent)]
    Internal(#[from] InternalError),
    /// Reading or writing a file failed.
    #[error("i/o error: {0}")]
    Io(#[from] std::io::Error),
}

/// Mistakes of the caller.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum UserError {
    /// The database was written by a newer dyad.
    #[error(
        "the database has store format {found}, newer than this build of dyad reads \
         ({oldest}..={current}); upgrade dyad"
    )]
    FormatTooNew {
        /// Version found in the file.
        found: u32,
        /// Oldest version this build reads.
        oldest: u32,
        /// Version this build writes.
        current: u32,
    },
    /// The database was written by a dyad too old to migrate from.
    #[error(
        "the database has store format {found}, older than this build can migrate \
         ({oldest}..={current}); re-ingest into a new database"
    )]
    FormatTooOld {
        /// Version found in the file.
        found: u32,
        /// Oldest version this build reads.
        oldest: u32,
        /// Version this build writes.
        current: u32,
    },
    /// The file is an SQLite database but not a dyad store.
    #[error("not a dyad store: {0}")]
    NotAStore(String),
    /// A query filter value is malformed.
    #[error("bad filter {name}: {value:?}: {reason}")]
    BadFilter {
        /// Filter name (`--actor`, `--from`, …).
        name: &'static str,
        /// The value given.
        value: String,
        /// What is expected.
        reason: &'static str,
    },
}

/// Failures inside the store.
#[derive(Debug)]
pub struct InternalError {
    kind: InternalKind,
}

#[derive(Debug)]
enum InternalKind {
    Sqlite(rusqlite::Error),
    #[cfg(feature = "parquet")]
    Parquet(String),
    Corrupt(String),
}

impl InternalError {
    pub(crate) fn corrupt(msg: impl Into<String>) -> InternalError {
        InternalError {
            kind: InternalKind::Corrupt(msg.into()),
        }
    }

    #[cfg(feature = "parquet")]
    pub(crate) fn parquet(msg: impl fmt::Display) -> InternalError {
        InternalError {
            kind: InternalKind::Parquet(msg.to_string()),
        }
    }
}

impl fmt::Display for InternalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            InternalKind::Sqlite(e) => write!(f, "database error: {e}"),
            #[cfg(feature = "parquet")]
            InternalKind::Parquet(e) => write!(f, "parquet writer error: {e}"),
            InternalKind::Corrupt(e) => write!(f, "database damaged: {e}"),
        }
    }
}

impl std::error::Error for InternalError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            InternalKind::Sqlite(e) => Some(e),
            _ => None,
        }
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Error {
        Error::Internal(InternalError {
            kind: InternalKind::Sqlite(e),
        })
    }
}

impl From<rusqlite::types::FromSqlError> for Error {
    fn from(e: rusqlite::types::FromSqlError) -> Error {
        rusqlite::Error::from(e).into()
    }
}

/// Result alias of the store.
pub type Result<T, E = Error> = std::result::Result<T, E>;
