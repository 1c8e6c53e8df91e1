//! News datelines: "MOSCOW, Sept 4 (Reuters) -", "WASHINGTON (AP) —", "Paris, France, 5 May 2023 –".

use std::sync::OnceLock;

use chrono::NaiveDate;
use dyad_types::Span;
use regex::Regex;

use crate::places::{find_places, Gazetteer, PlaceContext, PlaceMention};
use crate::times::{find_times, TimeExpr};

/// `s[a..b]`, or "" where that is not on character boundaries.
fn sub(s: &str, a: usize, b: usize) -> &str {
    s.get(a..b).unwrap_or("")
}

/// A dateline at the start of an article.
#[derive(Clone, Debug, PartialEq)]
pub struct Dateline {
    /// The whole dateline, up to and including its dash (bytes).
    pub span: Span,
    /// Its place, resolved.
    pub place: Option<PlaceMention>,
    /// Its date, resolved against the publication date.
    pub date: Option<TimeExpr>,
}

fn regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"^\s*(?P<place>[A-Z][A-Za-z.'\- ]{1,40}?(?:, [A-Z][A-Za-z.'\- ]{1,30}?)?)(?:,|\s*\()(?P<rest>[^\n]{0,60}?)\s*(?:-|–|—|--)\s",
        )
        .expect("dateline regex compiles")
    })
}

/// Reads the dateline at the start of `text` (after leading space), if there is one. The place
/// must be written in capitals ("MOSCOW") or be followed by an agency in brackets.
pub fn find_dateline(text: &str, gaz: &Gazetteer, dct: Option<NaiveDate>) -> Option<Dateline> {
    let c = regex().captures(text)?;
    let all = c.get(0)?;
    let place = c.name("place")?;
    let rest = c.name("rest").map(|r| r.as_str()).unwrap_or("");
    let head = place.as_str().split(',').next().unwrap_or("");
    let caps = head
        .chars()
        .filter(|c| c.is_alphabetic())
        .all(|c| c.is_uppercase());
    if !caps && !rest.contains('(') && !all.as_str().contains('(') {
        return None;
    }
    let span = Span::new(0, all.end());
    let places = find_places(sub(text, 0, all.end()), gaz, &PlaceContext::default());
    let place = places
        .into_iter()
        .find(|p| p.span.start >= place.start() && p.span.end <= place.end());
    let date = find_times(sub(text, 0, all.end()), dct).into_iter().next();
    Some(Dateline { span, place, date })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reuters_dateline() {
        let text = "MOSCOW, Sept 4 (Reuters) - Russia said on Monday that talks would go on.";
        let dct = NaiveDate::from_ymd_opt(2023, 9, 5);
        let d = find_dateline(text, Gazetteer::embedded(), dct).expect("dateline");
        let p = d.place.expect("place");
        assert_eq!((p.name.as_str(), p.country.as_str()), ("Moscow", "RUS"));
        assert_eq!(d.date.expect("date").value, "2023-09-04");
    }

    #[test]
    fn no_dateline_in_plain_text() {
        let text = "Russia said on Monday - again - that talks would go on.";
        assert!(find_dateline(text, Gazetteer::embedded(), None).is_none());
    }
}
