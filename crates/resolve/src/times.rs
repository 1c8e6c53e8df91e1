use std::sync::OnceLock;

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use dyad_types::Span;
use regex::Regex;

/// A time expression found in a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimeExpr {
    /// Where it is (bytes).
    pub span: Span,
    /// TIMEX3-style value: `YYYY-MM-DD`, `YYYY-MM`, `YYYY-Www`, `YYYY`.
    pub value: String,
}

const MONTHS: &[(&str, u32)] = &[
    ("january", 1),
    ("jan", 1),
    ("february", 2),
    ("feb", 2),
    ("march", 3),
    ("mar", 3),
    ("april", 4),
    ("apr", 4),
    ("may", 5),
    ("june", 6),
    ("jun", 6),
    ("july", 7),
    ("jul", 7),
    ("august", 8),
    ("aug", 8),
    ("september", 9),
    ("sept", 9),
    ("sep", 9),
    ("october", 10),
    ("oct", 10),
    ("november", 11),
    ("nov", 11),
    ("december", 12),
    ("dec", 12),
];

const DAYS: &[(&str, Weekday)] = &[
    ("monday", Weekday::Mon),
    ("tuesday", Weekday::Tue),
    ("wednesday", Weekday::Wed),
    ("thursday", Weekday::Thu),
    ("friday", Weekday::Fri),
    ("saturday", Weekday::Sat),
    ("sunday", Weekday::Sun),
];

const NUMBERS: &[(&str, i64)] = &[
    ("a", 1),
    ("an", 1),
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("eleven", 11),
    ("twelve", 12),
    ("several", 3),
    ("a few", 3),
];

fn month_of(s: &str) -> Option<u32> {
    let s = s.trim_end_matches('.').to_lowercase();
    MONTHS.iter().find(|(n, _)| *n == s).map(|(_, m)| *m)
}

fn number_of(s: &str) -> Option<i64> {
    let l = s.to_lowercase();
    l.parse()
        .ok()
        .or_else(|| NUMBERS.iter().find(|(n, _)| *n == l).map(|(_, v)| *v))
}

fn week(d: NaiveDate) -> String {
    let w = d.iso_week();
    format!("{}-W{:02}", w.year(), w.week())
}

fn month(d: NaiveDate) -> String {
    format!("{}-{:02}", d.year(), d.month())
}

fn add_months(d: NaiveDate, n: i32) -> NaiveDate {
    let total = d.year() * 12 + d.month0() as i32 + n;
    NaiveDate::from_ymd_opt(total.div_euclid(12), total.rem_euclid(12) as u32 + 1, 1).unwrap_or(d)
}

fn regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        let month = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)";
        let day = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)";
        let num = r"(?i:\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|a few)";
        let pats = [
            r"(?P<iso>\b(?:19|20)\d\d-[01]\d-[0-3]\d\b)".to_string(),
            format!(r"(?P<mdy>\b{month} [0-3]?\d(?:st|nd|rd|th)?(?:,? (?:19|20)\d\d)?\b)"),
            format!(r"(?P<dmy>\b[0-3]?\d(?:st|nd|rd|th)? {month}(?:,? (?:19|20)\d\d)?\b)"),
            format!(r"(?P<my>\b{month},? (?:19|20)\d\d\b)"),
            r"(?P<rel>\b(?i:last|next|this|later this|earlier this|early next|late last|earlier|later|past) (?i:week|month|year)\b)".to_string(),
            format!(r"(?P<ago>\b{num} (?i:days?|weeks?|months?|years?) (?i:ago|earlier|later)\b)"),
            format!(r"(?P<dayrel>\b(?i:last|next|this) {day}\b)"),
            format!(r"(?P<day>\b{day}\b)"),
            r"(?P<deictic>\b(?i:yesterday|today|tomorrow|tonight)\b)".to_string(),
            format!(r"(?P<monthonly>\b(?:in|since|by|until|last|next|this|early|late|mid-) ?{month}(?:,? (?P<my2>(?:19|20)\d\d))?\b)"),
            r"(?P<year>\b(?:in|since|by|until|of|from|during|for|before|after) (?:early |late |mid-)?(?P<y>(?:19|20)\d\d)\b)".to_string(),
        ];
        Regex::new(&pats.join("|")).expect("time regex compiles")
    })
}

/// Finds and resolves time expressions in `text` against the publication date `dct`.
pub fn find_times(text: &str, dct: Option<NaiveDate>) -> Vec<TimeExpr> {
    let mut out = Vec::new();
    for c in regex().captures_iter(text) {
        let Some(m) = c.get(0) else { continue };
        let s = m.as_str();
        let mut span = Span::new(m.start(), m.end());
        let value = if let Some(x) = c.name("iso") {
            Some(x.as_str().to_string())
        } else if c.name("mdy").is_some() || c.name("dmy").is_some() {
            explicit_date(s, dct)
        } else if c.name("my").is_some() {
            let parts: Vec<&str> = s.split([' ', ',']).filter(|p| !p.is_empty()).collect();
            match (
                parts.first().and_then(|p| month_of(p)),
                parts.last().and_then(|y| y.parse::<i32>().ok()),
            ) {
                (Some(mo), Some(y)) => Some(format!("{y}-{mo:02}")),
                _ => None,
            }
        } else if c.name("rel").is_some() {
            dct.and_then(|d| relative_period(&s.to_lowercase(), d))
        } else if c.name("ago").is_some() {
            dct.and_then(|d| ago(&s.to_lowercase(), d))
        } else if c.name("dayrel").is_some() || c.name("day").is_some() {
            dct.and_then(|d| weekday(&s.to_lowercase(), d))
        } else if c.name("deictic").is_some() {
            dct.map(|d| {
                let off = match s.to_lowercase().as_str() {
                    "yesterday" => -1,
                    "tomorrow" => 1,
                    _ => 0,
                };
                (d + Duration::days(off)).to_string()
            })
        } else if c.name("monthonly").is_some() {
            let head = c
                .name("my2")
                .and_then(|y| s.get(..y.start() - m.start()))
                .unwrap_or(s);
            let words: Vec<&str> = head
                .split([' ', '-', ','])
                .filter(|w| !w.is_empty())
                .collect();
            let lead = words.first().map(|w| w.to_lowercase()).unwrap_or_default();
            let mo = words.last().and_then(|w| month_of(w));
            // Keep only the month (and year) as the expression, not the preposition.
            if let Some(last) = words.last() {
                if let Some(pos) = head.rfind(last) {
                    span = Span::new(m.start() + pos, m.end());
                }
            }
            let given_year = c.name("my2").and_then(|y| y.as_str().parse::<i32>().ok());
            match (mo, given_year, dct) {
                (Some(mo), Some(y), _) => Some(format!("{y}-{mo:02}")),
                (Some(mo), None, Some(d)) => {
                    let y = match lead.as_str() {
                        "next" => {
                            if mo <= d.month() {
                                d.year() + 1
                            } else {
                                d.year()
                            }
                        }
                        "last" | "since" => {
                            if mo >= d.month() {
                                d.year() - 1
                            } else {
                                d.year()
                            }
                        }
                        _ => {
                            if mo > d.month() + 1 {
                                d.year() - 1
                            } else {
                                d.year()
                            }
                        }
                    };
                    Some(format!("{y}-{mo:02}"))
                }
                _ => None,
            }
        } else if let Some(y) = c.name("y") {
            span = Span::new(y.start(), y.end());
            Some(y.as_str().to_string())
        } else {
            None
        };
        if let Some(value) = value {
            out.push(TimeExpr { span, value });
        }
    }
    out
}

fn explicit_date(s: &str, dct: Option<NaiveDate>) -> Option<String> {
    let parts: Vec<&str> = s.split([' ', ',']).filter(|p| !p.is_empty()).collect();
    let mut mo = None;
    let mut day = None;
    let mut year = None;
    for p in parts {
        if let Some(m) = month_of(p) {
            mo = Some(m);
        } else {
            let digits: String = p.chars().take_while(|c| c.is_ascii_digit()).collect();
            if digits.len() == 4 {
                year = digits.parse::<i32>().ok();
            } else if !digits.is_empty() {
                day = digits.parse::<u32>().ok();
            }
        }
    }
    let (mo, day) = (mo?, day?);
    let year = match (year, dct) {
        (Some(y), _) => y,
        // Without a year, news dates are recent: the latest such date not far after the dct.
        (None, Some(d)) => {
            if mo > d.month() + 1 {
                d.year() - 1
            } else {
                d.year()
            }
        }
        (None, None) => return Some(format!("XXXX-{mo:02}-{day:02}")),
    };
    NaiveDate::from_ymd_opt(year, mo, day).map(|d| d.to_string())
}

fn relative_period(s: &str, d: NaiveDate) -> Option<String> {
    let unit = s.rsplit(' ').next()?;
    let shift: i32 = if s.starts_with("last")
        || s.starts_with("late last")
        || s.starts_with("past")
        || s.starts_with("earlier ") && !s.starts_with("earlier this")
    {
        -1
    } else if s.starts_with("next")
        || s.starts_with("early next")
        || s.starts_with("later ") && !s.starts_with("later this")
    {
        1
    } else {
        0
    };
    Some(match unit {
        "week" => week(d + Duration::weeks(shift as i64)),
        "month" => month(add_months(d, shift)),
        "year" => format!("{}", d.year() + shift),
        _ => return None,
    })
}

fn ago(s: &str, d: NaiveDate) -> Option<String> {
    let words: Vec<&str> = s.split(' ').collect();
    let (num, unit, dir) = if words.len() == 4 {
        (format!("{} {}", words[0], words[1]), words[2], words[3])
    } else {
        (words.first()?.to_string(), *words.get(1)?, *words.get(2)?)
    };
    let n = number_of(&num)?;
    let n = if dir == "later" { n } else { -n };
    Some(match unit.trim_end_matches('s') {
        "day" => (d + Duration::days(n)).to_string(),
        "week" => week(d + Duration::weeks(n)),
        "month" => month(add_months(d, n as i32)),
        "year" => format!("{}", d.year() as i64 + n),
        _ => return None,
    })
}

fn weekday(s: &str, d: NaiveDate) -> Option<String> {
    let name = s.rsplit(' ').next()?;
    let wd = DAYS.iter().find(|(n, _)| *n == name)?.1;
    let cur = d.weekday().num_days_from_monday() as i64;
    let want = wd.num_days_from_monday() as i64;
    let date = if s.starts_with("next") {
        let diff = (want - cur).rem_euclid(7);
        d + Duration::days(if diff == 0 { 7 } else { diff })
    } else if s.starts_with("this") {
        d + Duration::days(want - cur)
    } else {
        // A bare weekday in news is the most recent one (the dct's own day counts).
        let diff = (cur - want).rem_euclid(7);
        d - Duration::days(if s.starts_with("last") && diff == 0 {
            7
        } else {
            diff
        })
    };
    Some(date.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vals(text: &str) -> Vec<(String, String)> {
        let dct = NaiveDate::from_ymd_opt(2023, 9, 5).unwrap(); // Tuesday
        find_times(text, Some(dct))
            .into_iter()
            .map(|t| (t.span.slice(text).to_string(), t.value))
            .collect()
    }

    #[test]
    fn relative_expressions() {
        assert_eq!(
            vals("talks last week"),
            vec![("last week".into(), "2023-W35".into())]
        );
        assert_eq!(
            vals("later this month"),
            vec![("later this month".into(), "2023-09".into())]
        );
        assert_eq!(
            vals("traveled last month"),
            vec![("last month".into(), "2023-08".into())]
        );
        assert_eq!(
            vals("said Monday"),
            vec![("Monday".into(), "2023-09-04".into())]
        );
        assert_eq!(
            vals("on Tuesday"),
            vec![("Tuesday".into(), "2023-09-05".into())]
        );
        assert_eq!(
            vals("next Friday"),
            vec![("next Friday".into(), "2023-09-08".into())]
        );
        assert_eq!(
            vals("yesterday"),
            vec![("yesterday".into(), "2023-09-04".into())]
        );
        assert_eq!(
            vals("two days ago"),
            vec![("two days ago".into(), "2023-09-03".into())]
        );
        assert_eq!(vals("next year"), vec![("next year".into(), "2024".into())]);
    }

    #[test]
    fn absolute_expressions() {
        assert_eq!(
            vals("missiles to Russia in 2022 for use"),
            vec![("2022".into(), "2022".into())]
        );
        assert_eq!(
            vals("on Sept. 5, 2021"),
            vec![("Sept. 5, 2021".into(), "2021-09-05".into())]
        );
        assert_eq!(
            vals("on 12 August"),
            vec![("12 August".into(), "2023-08-12".into())]
        );
        assert_eq!(
            vals("since December"),
            vec![("December".into(), "2022-12".into())]
        );
        assert_eq!(
            vals("in March 2020"),
            vec![("March 2020".into(), "2020-03".into())]
        );
        assert_eq!(
            vals("on 2023-01-02"),
            vec![("2023-01-02".into(), "2023-01-02".into())]
        );
        assert!(vals("Kim may travel").is_empty());
        assert!(vals("the 2022 budget").is_empty());
    }

    #[test]
    fn no_dct_no_relative_values() {
        assert!(find_times("Monday", None).is_empty());
        assert_eq!(find_times("on March 3, 2020", None)[0].value, "2020-03-03");
    }
}
