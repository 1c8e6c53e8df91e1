//! dyad: news in, structured event data out.
//!
//! This crate is the facade. It re-exports the stage crates and wires them into a
//! [`Pipeline`]: ingest → text → actors/coder → records. Front ends (the `dyad` CLI,
//! the server, the Python module) use this crate only.
//!
//! ```
//! use dyad::{Input, Pipeline};
//!
//! let pipeline = Pipeline::new();
//! let input = Input::text("doc-1", "Russia and China held talks in Beijing on Monday.")
//!     .with_date("2023-09-05");
//! let (record, _stats) = pipeline.process(&input);
//! assert!(record.error.is_none());
//! assert_eq!(record.text, "Russia and China held talks in Beijing on Monday.");
//! ```
#![deny(missing_docs)]

pub use dyad_code as code;
pub use dyad_dict as dict;
pub use dyad_ingest as ingest;
pub use dyad_resolve as resolve;
pub use dyad_tag as tag;
pub use dyad_tag_api as tag_api;
pub use dyad_text as text;
pub use dyad_types as types;

mod front;
mod pipeline;
mod stats;

pub use front::{normalize_date, INTERNAL_ERROR};
pub use pipeline::{Analysis, Content, Input, Pipeline, TagParser};
pub use stats::{DocStats, RunStats};
