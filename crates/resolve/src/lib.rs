//! Resolution of time expressions and toponyms.
//!
//! * [`find_times`] finds expressions such as "Monday", "last week", "later this month",
//!   "Sept. 5", "5 September 2023", "in 2022", "two days ago" and gives each a
//!   TIMEX3-style value (`2023-09-04`, `2023-W35`, `2023-09`, `2022`). Relative
//!   expressions need the publication date; without one only absolute dates resolve.
//!   The clock is never read: "yesterday" means the day before the article's date.
//! * [`find_places`] finds toponyms and resolves each against the embedded GeoNames
//!   gazetteer ([`Gazetteer::embedded`]), using the rest of the article as context.
//! * [`find_dateline`] reads a news dateline ("MOSCOW, Sept 4 (Reuters) -").
//! * [`event_date`] and [`event_place`] give one event its date (its clause's, else the
//!   governing clause's, else the dateline's, else the publication date, flagged) with its
//!   [`Granularity`], and its place (its clause's, else the most salient of its sentence, else
//!   the dateline's).
//!
//! ```
//! use chrono::NaiveDate;
//! let dct = NaiveDate::from_ymd_opt(2023, 9, 5).unwrap(); // a Tuesday
//! let t = dyad_resolve::find_times("Putin said Monday that talks ended last month.", Some(dct));
//! let vals: Vec<&str> = t.iter().map(|x| x.value.as_str()).collect();
//! assert_eq!(vals, ["2023-09-04", "2023-08"]);
//!
//! use dyad_resolve::{find_places, Gazetteer, PlaceContext};
//! let text = "Kim arrived in Vladivostok on Monday.";
//! let p = find_places(text, Gazetteer::embedded(), &PlaceContext::default());
//! assert_eq!((p[0].name.as_str(), p[0].country.as_str()), ("Vladivostok", "RUS"));
//! ```
#![deny(missing_docs)]

mod attach;
mod dateline;
mod places;
mod times;

pub use attach::{
    event_date, event_date_indexed, event_place, event_place_indexed, EventAnchor, EventDate,
    EventPlace, Granularity, ParsedWord, PlacesBySpan, Source, TimesBySpan,
};
pub use dateline::{find_dateline, Dateline};
pub use places::{find_places, normalize, Feature, Gazetteer, Place, PlaceContext, PlaceMention};
pub use times::{find_times, TimeExpr};
