//! Resolution of time expressions against the publication date.
//!
//! [`find_times`] finds expressions such as "Monday", "last week", "later this month",
//! "Sept. 5", "5 September 2023", "in 2022", "two days ago" and gives each a
//! TIMEX3-style value (`2023-09-04`, `2023-W35`, `2023-09`, `2022`). Relative
//! expressions need the publication date; without one only absolute dates resolve.
//! The clock is never read: "yesterday" means the day before the article's date.
//!
//! ```
//! use chrono::NaiveDate;
//! let dct = NaiveDate::from_ymd_opt(2023, 9, 5).unwrap(); // a Tuesday
//! let t = dyad_resolve::find_times("Putin said Monday that talks ended last month.", Some(dct));
//! let vals: Vec<&str> = t.iter().map(|x| x.value.as_str()).collect();
//! assert_eq!(vals, ["2023-09-04", "2023-08"]);
//! ```
#![deny(missing_docs)]

mod times;

pub use times::{find_times, TimeExpr};
