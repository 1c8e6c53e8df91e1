//! dyad's event coder.
//!
//! The coder reads one article's tokens and sentences (from `dyad-text`) and produces
//! * actor mentions ([`mentions`]): dictionary phrases composed into CAMEO actor codes
//!   ("Russian" + "Defense Minister" + "Sergei Shoigu" → `RUSGOV`), names learned from
//!   appositives ("NSC spokeswoman Adrienne Watson" → later "Watson"), and "the North"
//!   resolved to a country named earlier;
//! * events ([`Coder::code_article`]): verb and noun patterns matched in each sentence,
//!   with source, target, negation, modality and the reporting source (attribution).
//!
//! Every drop — a sentence without a pattern, a pattern without a source actor — is
//! counted under a [`DropReason`] so that coverage can be reported for every run.
#![deny(missing_docs)]

mod coder;
mod drops;
pub mod lexical;
pub mod mentions;
pub mod quotes;
mod roles;

pub use coder::{ArticleCoding, Coder, SentenceAnalysis};
pub use drops::{DropReason, Drops};
pub use quotes::{find_quotes, Quote};
