//! Helpers for front ends (the `dyad` CLI, the Python module): the date rule of
//! `--date` and of the JSONL `date` field, and a [`Pipeline::process`] that a bug in one
//! document cannot turn into a crash of the whole run.

use dyad_types::record::DocumentRecord;

use crate::{DocStats, Input, Pipeline};

/// The error of the record a panicking document gets from [`Pipeline::process_guarded`].
pub const INTERNAL_ERROR: &str = "internal error while processing this document";

/// Accepts `YYYY-MM-DD` (and `YYYYMMDD`), surrounding blanks allowed, and returns
/// `YYYY-MM-DD`; `None` for any other shape or an impossible date.
///
/// ```
/// assert_eq!(dyad::normalize_date("20080806").as_deref(), Some("2008-08-06"));
/// assert_eq!(dyad::normalize_date(" 2023-09-05 ").as_deref(), Some("2023-09-05"));
/// assert_eq!(dyad::normalize_date("2023-13-01"), None);
/// assert_eq!(dyad::normalize_date("Sept 5"), None);
/// ```
pub fn normalize_date(d: &str) -> Option<String> {
    let d = d.trim();
    let digits: String = d.chars().filter(|c| c.is_ascii_digit()).collect();
    let ok_shape =
        (d.len() == 10 && d.as_bytes()[4] == b'-' && d.as_bytes()[7] == b'-') || d.len() == 8;
    if digits.len() != 8 || !ok_shape {
        return None;
    }
    let d: Vec<char> = digits.chars().collect();
    let part = |a: usize, b: usize| d[a..b].iter().collect::<String>();
    let s = format!("{}-{}-{}", part(0, 4), part(4, 6), part(6, 8));
    dyad_dict::date_key(&s).map(|_| s)
}

impl Pipeline {
    /// [`Pipeline::process`], with a panic caught: the document then gets a record whose
    /// `error` is [`INTERNAL_ERROR`] and whose stats count an `"internal error"` failure,
    /// and the caller goes on with the next document.
    pub fn process_guarded(&self, input: &Input) -> (DocumentRecord, DocStats) {
        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.process(input))) {
            Ok(r) => r,
            Err(_) => (
                DocumentRecord::failed(input.id.clone(), INTERNAL_ERROR),
                DocStats {
                    failure: Some("internal error".into()),
                    ..DocStats::default()
                },
            ),
        }
    }
}
