use std::sync::OnceLock;

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use dyad_types::Span;
use regex::Regex;

/// `s[a..b]`, or "" where that is not on character boundaries.
fn sub(s: &str, a: usize, b: usize) -> &str {
    s.get(a..b).unwrap_or("")
}

/// `s[a..]`, or "" where `a` is not on a character boundary.
fn sub_from(s: &str, a: usize) -> &str {
    s.get(a..).unwrap_or("")
}

/// A time expression found in a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimeExpr {
    /// Where it is (bytes).
    pub span: Span,
    /// TIMEX3-style value: a date or period (`YYYY-MM-DD`, `YYYY-MM`, `YYYY-Www`, `YYYY-Qn`,
    /// `YYYY-SU`, `YYYY`, `199` for a decade), a duration (`P2Y`, `PT4H`, `PXY`), a set
    /// (`P1D` for "daily") or a reference (`PRESENT_REF`, `PAST_REF`, `FUTURE_REF`).
    pub value: String,
}

impl TimeExpr {
    /// Whether the value is a calendar date or period (`2023-09-04`, `2023-09`, `2023-W35`,
    /// `2023-Q3`, `2023-SU`, `2023`), as opposed to a duration (`P2Y`), a set, or a vague
    /// reference (`PRESENT_REF`). Only calendar values can date an event.
    pub fn is_calendar(&self) -> bool {
        self.value.starts_with(|c: char| c.is_ascii_digit())
    }
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
    ("fifteen", 15),
    ("eighteen", 18),
    ("twenty", 20),
    ("thirty", 30),
    ("forty", 40),
    ("fifty", 50),
    ("hundred", 100),
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
        let num = r"(?i:\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|eighteen|twenty|thirty|forty|fifty|several|a few)";
        let dnum = r"(?i:\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|eighteen|twenty|thirty|forty|fifty|hundred|several|a few|few|many)";
        let pats = [
            r"(?P<iso>\b(?:19|20)\d\d-[01]\d-[0-3]\d\b)".to_string(),
            format!(r"(?P<mdy>\b{month} [0-3]?\d(?:st|nd|rd|th)?(?:,? (?:19|20)\d\d)?\b)"),
            format!(r"(?P<dmy>\b[0-3]?\d(?:st|nd|rd|th)? {month}(?:,? (?:19|20)\d\d)?\b)"),
            format!(r"(?P<my>\b{month},? (?:19|20)\d\d\b)"),
            r"(?P<quarter>\b(?i:(?:the |this year's |last year's |next year's |the (?P<qy>(?:19|20)\d\d) )?(?:fiscal |latest |current |same |year-earlier |year-ago |previous |prior )*(?P<qn>first|second|third|fourth)[- ]quarter(?: of (?P<qy2>(?:19|20)\d\d))?|the (?:latest |current |year-earlier |year-ago )?quarter|the (?:latest|year-earlier|year-ago|same) period)\b)".to_string(),
            format!(r"(?P<monyear>\b{month} (?P<myr>this|last|next) year\b)"),
            r"(?P<spelled>\b(?i:(?:the year )?(?:nineteen|twenty)[- ](?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)|the year two thousand(?:[- ](?:and )?(?:one|two|three|four|five|six|seven|eight|nine|ten))?)\b)".to_string(),
            format!(r"(?P<clock>\b(?:(?:[01]?\d(?::[0-5]\d)? ?(?i:a\.m\.|p\.m\.|am\b|pm\b)|(?i:noon|midnight))(?: [A-Z][DS]T,?)? )(?P<cday>{day}|(?i:today|yesterday|tomorrow)|{month} [0-3]?\d\b(?:,? (?:19|20)\d\d)?))"),
            r"(?P<current>\b(?i:the )?(?i:current|this) (?:fiscal )?year\b)".to_string(),
            r"(?P<partday>\b(?i:this (?:morning|afternoon|evening)|last night)\b)".to_string(),
            r"(?P<rel>\b(?i:(?:the )?(?:last|past)|next|this|later this|earlier this|early next|late last|earlier|later) (?i:week|month|year)\b)".to_string(),
            format!(r"(?P<ago>\b{num} (?i:days?|weeks?|months?|years?) (?i:ago|earlier|later)\b)"),
            format!(r"(?P<dayrel>\b(?i:last|next|this) {day}\b)"),
            format!(r"(?P<day>\b{day}\b)"),
            r"(?P<deictic>\b(?i:yesterday|today|tomorrow|tonight)\b)".to_string(),
            format!(r"(?P<monthonly>\b(?:in|since|by|until|last|next|this|early|late|mid-) ?{month}(?:,? (?P<my2>(?:19|20)\d\d))?\b)"),
            r"(?P<year>\b(?:in|since|by|until|of|from|during|for|before|after) (?:early |late |mid-)?(?P<y>(?:19|20)\d\d)\b)".to_string(),
            format!(r"(?P<dur>\b(?i:(?:the )?(?:(?:past|last|next|first|previous|coming|following|final|latest) )?)(?P<dn>{dnum})(?P<half> 1/2)?[- ](?P<du>(?i:second|minute|hour|day|week|month|quarter|year|decade|century))s?\b)"),
            r"(?P<ref>\b(?i:now|currently|current|recently|nowadays|the future|the past|these days|recent (?:years|months|weeks|days))\b)".to_string(),
            r"(?P<season>\b(?i:(?P<sm>last|this|next|early|late|this past|the|in) )(?P<sn>(?i:spring|summer|fall|autumn|winter))\b)".to_string(),
            r"(?P<set>\b(?i:daily|weekly|monthly|annually|yearly|(?:every|each|per) (?:day|week|month|year))\b)".to_string(),
            r"(?P<vague>\b(?i:for|in|over|within) (?P<vu>(?i:years|months|weeks|days|decades))\b)".to_string(),
            r"(?P<yadj>\b(?i:year-earlier|year-ago)\b)".to_string(),
            r"(?P<decade>\b(?P<dthe>(?i:the )(?:(?i:early|late|mid)[- ])?)?(?P<dec>(?:19|20)\d)0s\b)".to_string(),
            r"(?P<bare>\b(?:19|20)\d\d\b)".to_string(),
        ];
        Regex::new(&pats.join("|")).expect("time regex compiles")
    })
}

/// Words, one of which every match of [`regex`] contains (ASCII case aside): the month names
/// and their abbreviations, the weekday names (all in "day"), the units and the other keywords
/// of each alternative. With the ASCII digits they are the pre-check of [`find_times`]: a
/// stretch of text with none of them cannot hold a time expression. Keep this list in step with
/// the patterns of [`regex`].
const ANCHORS: &[&str] = &[
    // months ("sep" also "sept", "dec" also "decade")
    "jan",
    "feb",
    "mar",
    "apr",
    "may",
    "jun",
    "jul",
    "aug",
    "sep",
    "oct",
    "nov",
    "dec",
    // units ("day" also the weekdays, "today", "yesterday", "days ago"; not "daily")
    "second",
    "minute",
    "hour",
    "day",
    "week",
    "month",
    "quarter",
    "year",
    "century",
    // quarters, spelled years, clock times, parts of the day, deictic words
    "period",
    "nineteen",
    "twenty",
    "noon",
    "midnight",
    "morning",
    "afternoon",
    "evening",
    "night",
    "tomorrow",
    // references ("now" also "nowadays", "current" also "currently"), seasons, sets
    "now",
    "current",
    "recent",
    "future",
    "past",
    "spring",
    "summer",
    "fall",
    "autumn",
    "winter",
    "daily",
    "annually",
    // digits
    "0",
    "1",
    "2",
    "3",
    "4",
    "5",
    "6",
    "7",
    "8",
    "9",
];

fn anchors() -> &'static aho_corasick::AhoCorasick {
    static AC: OnceLock<aho_corasick::AhoCorasick> = OnceLock::new();
    AC.get_or_init(|| {
        // A DFA without prefilter: the anchors start with too many different bytes for one to
        // pay, and the DFA scans a few instructions per byte.
        aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .prefilter(false)
            .build(ANCHORS)
            .expect("time anchors compile")
    })
}

/// Whether a character can never be part of a match of [`regex`] and is not a word character
/// for `\b`: the regex only matches letters, digits, spaces and `.,-/:'`, so a match never
/// crosses such a character, and a search of the text between two of them sees the same word
/// boundaries at its ends as a search of the whole text.
const fn separates(c: char) -> bool {
    if c.is_ascii() {
        !(c.is_ascii_alphanumeric() || matches!(c, '_' | ' ' | '.' | ',' | '-' | '/' | ':' | '\''))
    } else {
        // Punctuation and spaces common in news text (no-break space, guillemets, dashes,
        // curly quotes, bullet, ellipsis): not letters, digits or connectors.
        matches!(c, '\u{a0}' | '\u{ab}' | '\u{bb}' | '\u{2010}'..='\u{2015}'
            | '\u{2018}'..='\u{201f}' | '\u{2022}' | '\u{2026}')
    }
}

/// [`separates`] of each ASCII byte.
const ASCII_SEPARATES: [bool; 128] = {
    let mut t = [false; 128];
    let mut b = 0;
    while b < 128 {
        t[b] = separates(b as u8 as char);
        b += 1;
    }
    t
};

/// The stretches of `text` (byte ranges between [`separates`] characters) that may hold a
/// time expression: those with an [`ANCHORS`] word or digit, and, to be safe with Unicode
/// digits and case folding, those with any other non-ASCII character. Each match of [`regex`]
/// on the whole text lies inside one stretch, and searching the stretches in order finds the
/// same matches as searching the whole text.
fn candidate_stretches(text: &str) -> Vec<(usize, usize)> {
    // (start, end, may hold a match, has a non-ASCII character) of every stretch.
    let mut stretches: Vec<(usize, usize, bool, bool)> = Vec::new();
    let mut start = 0;
    let mut other = false;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        // ASCII bytes by table; a multi-byte character is decoded at its first byte.
        let (sep, len, wide) = if b < 0x80 {
            (ASCII_SEPARATES[b as usize], 1, false)
        } else {
            let c = sub_from(text, i).chars().next().unwrap_or(' ');
            (separates(c), c.len_utf8(), true)
        };
        if sep {
            if i > start {
                stretches.push((start, i, other, other));
            }
            start = i + len;
            other = false;
        } else if wide {
            other = true;
        }
        i += len;
    }
    if text.len() > start {
        stretches.push((start, text.len(), other, other));
    }
    // Anchors are letters or digits, so each lies inside one stretch.
    let mut k = 0;
    for m in anchors().find_iter(text) {
        while k < stretches.len() && stretches[k].1 <= m.start() {
            k += 1;
        }
        if let Some(s) = stretches.get_mut(k) {
            s.2 = true;
        }
    }
    // Candidates a short ASCII gap apart are searched as one range: one search costs more
    // than scanning a few bytes, and the gap holds no match (its stretches have no anchor,
    // its separators are never matched). ASCII-only ranges keep the regex on its fast DFA
    // (a Unicode `\b` makes it fall back to a slower engine on non-ASCII text).
    let mut out: Vec<(usize, usize)> = Vec::new();
    let mut open: Option<(usize, usize, bool)> = None;
    for (a, b, _, wide) in stretches.into_iter().filter(|s| s.2) {
        match open {
            Some((oa, ob, false))
                if !wide && a - ob <= MERGE_GAP && text.as_bytes()[ob..a].is_ascii() =>
            {
                open = Some((oa, b, false));
            }
            _ => {
                out.extend(open.map(|(oa, ob, _)| (oa, ob)));
                open = Some((a, b, wide));
            }
        }
    }
    out.extend(open.map(|(oa, ob, _)| (oa, ob)));
    out
}

/// Candidate stretches at most this many bytes apart are searched together.
const MERGE_GAP: usize = 200;

/// A match of [`regex`] in a stretch of the text, with offsets into the whole text.
#[derive(Clone, Copy)]
struct At<'t> {
    m: regex::Match<'t>,
    offset: usize,
}

impl<'t> At<'t> {
    fn start(&self) -> usize {
        self.m.start() + self.offset
    }
    fn end(&self) -> usize {
        self.m.end() + self.offset
    }
    fn as_str(&self) -> &'t str {
        self.m.as_str()
    }
}

/// The captures of a match of [`regex`] in a stretch, with offsets into the whole text.
struct Caps<'t> {
    c: regex::Captures<'t>,
    offset: usize,
}

impl<'t> Caps<'t> {
    fn get(&self, i: usize) -> Option<At<'t>> {
        self.c.get(i).map(|m| At {
            m,
            offset: self.offset,
        })
    }
    fn name(&self, name: &str) -> Option<At<'t>> {
        self.c.name(name).map(|m| At {
            m,
            offset: self.offset,
        })
    }
}

/// Finds and resolves time expressions in `text` against the publication date `dct`.
///
/// The regular expression runs only on the stretches of text that may hold an expression
/// (`candidate_stretches`: a digit, a month or weekday name, a unit or another keyword of the
/// patterns); most sentences have none and cost one byte scan. The result is the same as
/// running it on the whole text.
pub fn find_times(text: &str, dct: Option<NaiveDate>) -> Vec<TimeExpr> {
    let mut out: Vec<TimeExpr> = Vec::new();
    let matches = candidate_stretches(text).into_iter().flat_map(|(a, b)| {
        regex()
            .captures_iter(sub(text, a, b))
            .map(move |c| Caps { c, offset: a })
    });
    for c in matches {
        let Some(m) = c.get(0) else { continue };
        if out.last().is_some_and(|t| m.start() < t.span.end) {
            continue; // taken by the previous expression ("Monday, Oct. 26")
        }
        let s = m.as_str();
        let mut span = Span::new(m.start(), m.end());
        let future = future_cue(text, m.start());
        let value = if let Some(x) = c.name("iso") {
            Some(x.as_str().to_string())
        } else if c.name("mdy").is_some() || c.name("dmy").is_some() {
            explicit_date(s, dct, future)
        } else if c.name("my").is_some() {
            let parts: Vec<&str> = s.split([' ', ',']).filter(|p| !p.is_empty()).collect();
            match (
                parts.first().and_then(|p| month_of(p)),
                parts.last().and_then(|y| y.parse::<i32>().ok()),
            ) {
                (Some(mo), Some(y)) => Some(format!("{y}-{mo:02}")),
                _ => None,
            }
        } else if let Some(r) = c.name("myr") {
            // "June last year": the month of the year named.
            let mo = s.split(' ').next().and_then(month_of);
            let shift = match r.as_str() {
                "last" => -1,
                "next" => 1,
                _ => 0,
            };
            match (mo, dct) {
                (Some(mo), Some(d)) => Some(format!("{}-{mo:02}", d.year() + shift)),
                _ => None,
            }
        } else if c.name("spelled").is_some() {
            spelled_year(&s.to_lowercase()).map(|y| {
                // "January nineteen ninety-seven": the month belongs to it.
                let head = text.get(..m.start()).unwrap_or("");
                let prev = head.split_whitespace().next_back().unwrap_or("");
                match month_of(prev).filter(|_| head.ends_with(char::is_whitespace)) {
                    Some(mo) => {
                        let gap = head.len() - head.trim_end().len();
                        span = Span::new(m.start() - gap - prev.len(), m.end());
                        format!("{y}-{mo:02}")
                    }
                    None => y.to_string(),
                }
            })
        } else if let Some(day) = c.name("cday") {
            // "10 p.m. Wednesday", "noon Thursday", "5 p.m. EST Nov. 9": the day at that hour.
            let ds = day.as_str();
            let date = if ds.starts_with(|c: char| c.is_ascii_uppercase())
                && month_of(ds.split(' ').next().unwrap_or("")).is_some()
            {
                explicit_date(ds, dct, future)
            } else if let Some(d) = dct {
                match ds.to_lowercase().as_str() {
                    "today" => Some(d.to_string()),
                    "yesterday" => Some((d - Duration::days(1)).to_string()),
                    "tomorrow" => Some((d + Duration::days(1)).to_string()),
                    l => weekday(l, d, future),
                }
            } else {
                None
            };
            date.and_then(|date| {
                clock(sub(text, m.start(), day.start())).map(|t| format!("{date}T{t}"))
            })
        } else if c.name("current").is_some() {
            dct.map(|d| d.year().to_string())
        } else if c.name("partday").is_some() {
            let l = s.to_lowercase();
            dct.map(|d| {
                let (d, code) = if l == "last night" {
                    (d - Duration::days(1), "NI")
                } else {
                    (
                        d,
                        part_of_day(l.rsplit(' ').next().unwrap_or("")).unwrap_or("MO"),
                    )
                };
                format!("{d}T{code}")
            })
        } else if c.name("rel").is_some() {
            dct.and_then(|d| relative_period(&s.to_lowercase(), d))
        } else if c.name("ago").is_some() {
            dct.and_then(|d| ago(&s.to_lowercase(), d))
        } else if c.name("dayrel").is_some() || c.name("day").is_some() {
            if let Some((end, date)) = date_after_weekday(text, m.end(), dct, future) {
                // "Monday, Oct. 26": the date says which Monday.
                span = Span::new(m.start(), end);
                Some(date)
            } else {
                let date = dct.and_then(|d| weekday(&s.to_lowercase(), d, future));
                with_part_of_day(text, &mut span, date)
            }
        } else if c.name("deictic").is_some() {
            let date = dct.map(|d| {
                let off = match s.to_lowercase().as_str() {
                    "yesterday" => -1,
                    "tomorrow" => 1,
                    _ => 0,
                };
                (d + Duration::days(off)).to_string()
            });
            if s.eq_ignore_ascii_case("tonight") {
                date
            } else {
                with_part_of_day(text, &mut span, date)
            }
        } else if let Some(day) = c
            .name("monthonly")
            .filter(|_| c.name("my2").is_none())
            .and_then(|_| day_after(text, m.end()))
        {
            // "in Jan. 14": the preposition took the month; read the date.
            let words: Vec<&str> = s.split([' ', '-', ',']).filter(|w| !w.is_empty()).collect();
            let last = words.last().copied().unwrap_or("");
            let start = m.start() + s.rfind(last).unwrap_or(0);
            span = Span::new(start, day);
            explicit_date(sub(text, start, day), dct, future)
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
            let mut given_year = c.name("my2").and_then(|y| y.as_str().parse::<i32>().ok());
            // "in June last year": the year named after the month.
            // Lowercase only the next few characters: lowercasing the rest of the text for
            // every month named was quadratic in the length of the article (issue 10).
            let after: String = sub_from(text, m.end()).chars().take(16).collect();
            let after = after.to_lowercase();
            if let (None, Some(d)) = (given_year, dct) {
                for (w, shift) in [(" this year", 0), (" last year", -1), (" next year", 1)] {
                    if after.starts_with(w) {
                        given_year = Some(d.year() + shift);
                        span = Span::new(span.start, m.end() + w.len());
                    }
                }
            }
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
                        _ => year_of_month(mo, 1, d, future),
                    };
                    Some(format!("{y}-{mo:02}"))
                }
                _ => None,
            }
        } else if let Some(y) = c.name("y") {
            span = Span::new(y.start(), y.end());
            Some(y.as_str().to_string())
        } else if c.name("quarter").is_some() {
            let year = c
                .name("qy")
                .or(c.name("qy2"))
                .and_then(|y| y.as_str().parse::<i32>().ok());
            dct.and_then(|d| {
                quarter(
                    &s.to_lowercase(),
                    c.name("qn").map(|q| q.as_str()),
                    d,
                    year,
                    future,
                )
            })
        } else if c.name("dur").is_some() {
            let after = text.get(m.end()..).unwrap_or("");
            let unit = c.name("du").map_or("", |x| x.as_str());
            let is_quarter = unit.eq_ignore_ascii_case("quarter");
            // An age ("30-year-old"), or a fraction ("a quarter of", "three-quarters").
            let age = after.starts_with("-old") || after.starts_with(" old");
            let fraction = is_quarter
                && (!s.to_lowercase().ends_with("quarters")
                    || s.contains('-')
                    || c.name("dn")
                        .is_some_and(|n| matches!(n.as_str().to_lowercase().as_str(), "a" | "an")));
            if age || fraction {
                None
            } else {
                duration(
                    c.name("dn").map_or("", |x| x.as_str()),
                    c.name("du").map_or("", |x| x.as_str()),
                    c.name("half").is_some(),
                )
            }
        } else if c.name("ref").is_some() {
            Some(
                match s.to_lowercase().as_str() {
                    "recently" | "the past" | "recent years" | "recent months" | "recent weeks"
                    | "recent days" => "PAST_REF",
                    "the future" => "FUTURE_REF",
                    _ => "PRESENT_REF",
                }
                .to_string(),
            )
        } else if let Some(sn) = c.name("sn") {
            let lead = c.name("sm").map_or("", |x| x.as_str()).to_lowercase();
            if lead == "the" || lead == "in" {
                span = Span::new(sn.start(), sn.end());
            }
            dct.map(|d| season(&lead, &sn.as_str().to_lowercase(), d))
        } else if c.name("set").is_some() {
            let l = s.to_lowercase();
            Some(
                if l.contains("day") || l == "daily" {
                    "P1D"
                } else if l.contains("week") {
                    "P1W"
                } else if l.contains("month") {
                    "P1M"
                } else {
                    "P1Y"
                }
                .to_string(),
            )
        } else if let Some(vu) = c.name("vu") {
            // "for years": a duration of unstated length.
            span = Span::new(vu.start(), vu.end());
            let u = match vu.as_str().to_lowercase().as_str() {
                "years" => "Y",
                "months" => "M",
                "weeks" => "W",
                "days" => "D",
                _ => "DE",
            };
            Some(format!("PX{u}"))
        } else if c.name("yadj").is_some() {
            dct.map(|d| format!("{}", d.year() - 1))
        } else if let Some(dec) = c.name("dec") {
            // "the 1990s" is the decade; a bare "1990s" is some year in it (TimeML `199X`).
            Some(if c.name("dthe").is_some() {
                dec.as_str().to_string()
            } else {
                format!("{}X", dec.as_str())
            })
        } else if c.name("bare").is_some() {
            bare_year(text, m.start(), m.end())
        } else {
            None
        };
        if let Some(value) = value {
            out.push(TimeExpr { span, value });
        }
    }
    quarterly_comparisons(text, &mut out);
    out
}

/// In a quarterly report, "a year ago", "a year earlier" and "year-earlier" compare with the
/// same quarter of the year before the last quarter mentioned.
fn quarterly_comparisons(text: &str, times: &mut [TimeExpr]) {
    let mut last_quarter: Option<(i32, String)> = None;
    for t in times.iter_mut() {
        if let Some((y, q)) = t.value.split_once("-Q") {
            if let Ok(y) = y.parse::<i32>() {
                last_quarter = Some((y, q.to_string()));
            }
            continue;
        }
        let s = t.span.slice(text).to_lowercase();
        let comparison = matches!(
            s.as_str(),
            "a year ago" | "a year earlier" | "year-earlier" | "year-ago" | "the year before"
        );
        if let (true, Some((y, q))) = (comparison, &last_quarter) {
            t.value = format!("{}-Q{q}", y - 1);
        }
    }
}

fn explicit_date(s: &str, dct: Option<NaiveDate>, future: bool) -> Option<String> {
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
        (None, Some(d)) => year_of_month(mo, day, d, future),
        (None, None) => return Some(format!("XXXX-{mo:02}-{day:02}")),
    };
    NaiveDate::from_ymd_opt(year, mo, day).map(|d| d.to_string())
}

fn relative_period(s: &str, d: NaiveDate) -> Option<String> {
    let s = s.strip_prefix("the ").unwrap_or(s);
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

fn weekday(s: &str, d: NaiveDate, future: bool) -> Option<String> {
    let name = s.rsplit(' ').next()?;
    let wd = DAYS.iter().find(|(n, _)| *n == name)?.1;
    let cur = d.weekday().num_days_from_monday() as i64;
    let want = wd.num_days_from_monday() as i64;
    let date = if s.starts_with("next") {
        let diff = (want - cur).rem_euclid(7);
        d + Duration::days(if diff == 0 { 7 } else { diff })
    } else if s.starts_with("this") {
        d + Duration::days(want - cur)
    } else if future && !s.starts_with("last") {
        // "will meet Tuesday": the coming one.
        d + Duration::days((want - cur).rem_euclid(7))
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

/// The year of a month (and day) written without one: the next such date when the clause
/// speaks of the future, else the latest one not more than a month ahead of the reference date
/// (news mostly reports what happened).
fn year_of_month(mo: u32, day: u32, d: NaiveDate, future: bool) -> i32 {
    if future {
        if (mo, day) >= (d.month(), d.day()) {
            d.year()
        } else {
            d.year() + 1
        }
    } else {
        nearest_year(mo, day, d)
    }
}

/// The year that puts month `mo` (day `day`) nearest the reference date ("January" written in
/// November is next January, "March" last March); near-ties go to the past.
fn nearest_year(mo: u32, day: u32, d: NaiveDate) -> i32 {
    let day = day.clamp(1, 28);
    [d.year() - 1, d.year(), d.year() + 1]
        .into_iter()
        .filter_map(|y| NaiveDate::from_ymd_opt(y, mo, day).map(|x| (y, (x - d).num_days())))
        .min_by_key(|(_, diff)| if *diff > 0 { diff * 3 / 2 } else { -diff })
        .map_or(d.year(), |(y, _)| y)
}

/// Whether the clause before `at` speaks of the future ("will meet Tuesday", "is scheduled
/// for March").
fn future_cue(text: &str, at: usize) -> bool {
    let head = text.get(..at).unwrap_or("");
    // The clause starts after the last sentence or clause mark, at most 80 bytes back (the
    // marks are ASCII, so a byte search over those 80 bytes finds the same one).
    let floor = head.len().saturating_sub(80);
    let from = head.as_bytes()[floor..]
        .iter()
        .rposition(|b| matches!(b, b'.' | b'!' | b'?' | b'\n' | b';'))
        .map_or(floor, |i| floor + i + 1);
    let Some(clause) = head.get(from..) else {
        return false;
    };
    let clause = clause.to_lowercase();
    // "had been scheduled to expire Friday": a plan in the past.
    if clause.contains("had been") {
        return false;
    }
    clause
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .any(|w| {
            matches!(
                w,
                "will"
                    | "'ll"
                    | "shall"
                    | "scheduled"
                    | "expected"
                    | "planned"
                    | "plans"
                    | "upcoming"
                    | "resume"
                    | "postponed"
            )
        })
        || clause.contains("going to")
        || clause.contains("due to")
        || clause.contains("as soon as")
        || clause.contains("as early as")
        || clause.contains("set to")
}

/// The end of a day number right after a month ("Jan. 14"), if there is one.
fn day_after(text: &str, end: usize) -> Option<usize> {
    let rest = text.get(end..)?;
    let rest2 = rest.strip_prefix('.').unwrap_or(rest);
    let skip = rest.len() - rest2.len();
    let rest3 = rest2.strip_prefix(' ')?;
    let digits: usize = rest3.chars().take_while(|c| c.is_ascii_digit()).count();
    if digits == 0 || digits > 2 {
        return None;
    }
    let tail = sub_from(rest3, digits);
    if tail.chars().next().is_some_and(|c| c.is_alphanumeric()) {
        return None;
    }
    let end = end + skip + 1 + digits;
    // ", 1994": the year belongs to the date.
    let year = tail.strip_prefix(", ").filter(|y| {
        y.len() >= 4
            && (y.starts_with("19") || y.starts_with("20"))
            && sub(y, 0, 4).chars().all(|c| c.is_ascii_digit())
            && !sub_from(y, 4).starts_with(|c: char| c.is_ascii_digit())
    });
    Some(if year.is_some() { end + 6 } else { end })
}

/// A year spelled out: "nineteen ninety-six", "the year two thousand".
fn spelled_year(s: &str) -> Option<i32> {
    let s = s.strip_prefix("the year ").unwrap_or(s);
    let words: Vec<&str> = s.split([' ', '-']).filter(|w| *w != "and").collect();
    let small = |w: &str| {
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
        ]
        .iter()
        .position(|x| *x == w)
        .map(|v| v as i32)
    };
    let tens = |w: &str| {
        [
            "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
        ]
        .iter()
        .position(|x| *x == w)
        .map(|v| v as i32 * 10 + 20)
    };
    match words.as_slice() {
        ["two", "thousand"] => Some(2000),
        ["two", "thousand", u] => small(u).map(|u| 2000 + u),
        [c, rest @ ..] => {
            let century = match *c {
                "nineteen" => 1900,
                "twenty" => 2000,
                _ => return None,
            };
            let rest = match rest {
                [t] => tens(t).or_else(|| small(t).filter(|v| *v >= 10))?,
                [t, u] => tens(t)? + small(u).filter(|v| (1..10).contains(v))?,
                _ => return None,
            };
            Some(century + rest)
        }
        _ => None,
    }
}

/// "10 p.m.", "9:30 a.m. EST", "noon", "midnight" → `22:00`, `09:30`, `12:00`, `24:00`.
fn clock(s: &str) -> Option<String> {
    let l = s.trim().trim_end_matches(',').to_lowercase();
    let l = l.split(' ').next()?.to_string() + " " + l.split(' ').nth(1).unwrap_or("");
    if l.starts_with("noon") {
        return Some("12:00".into());
    }
    if l.starts_with("midnight") {
        return Some("24:00".into());
    }
    let digits: String = l
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == ':')
        .collect();
    let (h, mi) = match digits.split_once(':') {
        Some((h, mi)) => (h.parse::<u32>().ok()?, mi.parse::<u32>().ok()?),
        None => (digits.parse::<u32>().ok()?, 0),
    };
    let pm = l.contains("p.m") || l.contains("pm");
    let h = match (h, pm) {
        (12, false) => 0,
        (12, true) => 12,
        (h, true) => h + 12,
        (h, false) => h,
    };
    (h <= 24 && mi < 60).then(|| format!("{h:02}:{mi:02}"))
}

/// TIMEX3 part-of-day code.
fn part_of_day(w: &str) -> Option<&'static str> {
    match w {
        "morning" => Some("MO"),
        "afternoon" => Some("AF"),
        "evening" => Some("EV"),
        "night" => Some("NI"),
        _ => None,
    }
}

/// "Wednesday night", "yesterday afternoon": the date with its part of day, the span
/// extended over it.
fn with_part_of_day(text: &str, span: &mut Span, date: Option<String>) -> Option<String> {
    let date = date?;
    let rest = sub_from(text, span.end);
    let Some(rest) = rest.strip_prefix(' ') else {
        return Some(date);
    };
    let word: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect();
    match part_of_day(&word.to_lowercase()) {
        Some(code) => {
            span.end += 1 + word.len();
            Some(format!("{date}T{code}"))
        }
        None => Some(date),
    }
}

/// A date right after a weekday ("Monday, Oct. 26", "Friday Oct. 13"): its end and value.
fn date_after_weekday(
    text: &str,
    end: usize,
    dct: Option<NaiveDate>,
    future: bool,
) -> Option<(usize, String)> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"^,? (?:(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.? [0-3]?\d|[0-3]?\d (?:January|February|March|April|May|June|July|August|September|October|November|December))\b(?:,? (?:19|20)\d\d\b)?")
            .expect("date regex compiles")
    });
    let m = re.find(sub_from(text, end))?;
    let date = explicit_date(m.as_str().trim_start_matches([',', ' ']), dct, future)?;
    Some((end + m.end(), date))
}

fn quarter(
    s: &str,
    qn: Option<&str>,
    d: NaiveDate,
    year: Option<i32>,
    future: bool,
) -> Option<String> {
    let current = d.month0() / 3 + 1;
    let back = s.contains("year-earlier") || s.contains("year-ago") || s.starts_with("last year's");
    let ahead = s.starts_with("next year's");
    let (mut y, q) = match qn {
        Some(q) => (
            d.year(),
            match q.to_lowercase().as_str() {
                "first" => 1,
                "second" => 2,
                "third" => 3,
                _ => 4,
            },
        ),
        // "the quarter": the last one reported, i.e. the one before the current one.
        None if current == 1 => (d.year() - 1, 4),
        None => (d.year(), current - 1),
    };
    if let Some(year) = year {
        return Some(format!("{year}-Q{q}"));
    }
    let named_this_year = s.starts_with("this year's");
    if back {
        y -= 1;
    } else if ahead {
        y += 1;
    } else if qn.is_some() && q > current && !future && !named_this_year {
        // "the fourth quarter" written in January is last year's, unless the clause looks ahead.
        y -= 1;
    }
    Some(format!("{y}-Q{q}"))
}

fn duration(n: &str, unit: &str, half: bool) -> Option<String> {
    if half {
        // "2 1/2 years" = P2Y6M, "5 1/2 hours" = PT5H30M.
        let k: u32 = n.parse().ok()?;
        return Some(match unit.to_lowercase().as_str() {
            "hour" => format!("PT{k}H30M"),
            "minute" => format!("PT{k}M30S"),
            "day" => format!("P{k}DT12H"),
            "month" => format!("P{k}M15D"),
            "year" => format!("P{k}Y6M"),
            _ => return None,
        });
    }
    let n = match n.to_lowercase().as_str() {
        "several" | "a few" | "few" | "many" => "X".to_string(),
        x => x
            .parse::<f64>()
            .map(|v| v.to_string())
            .ok()
            .or_else(|| number_of(x).map(|v| v.to_string()))?,
    };
    Some(match unit.to_lowercase().as_str() {
        "second" => format!("PT{n}S"),
        "minute" => format!("PT{n}M"),
        "hour" => format!("PT{n}H"),
        "day" => format!("P{n}D"),
        "week" => format!("P{n}W"),
        "month" => format!("P{n}M"),
        "year" => format!("P{n}Y"),
        "decade" => match n.parse::<u32>() {
            Ok(k) => format!("P{}Y", k * 10),
            Err(_) => format!("P{n}DE"),
        },
        "quarter" => format!("P{n}Q"),
        "century" => format!("P{n}CE"),
        _ => return None,
    })
}

fn season(lead: &str, name: &str, d: NaiveDate) -> String {
    let (code, idx) = match name {
        "spring" => ("SP", 1),
        "summer" => ("SU", 2),
        "fall" | "autumn" => ("FA", 3),
        _ => ("WI", 0),
    };
    let now = match d.month() {
        3..=5 => 1,
        6..=8 => 2,
        9..=11 => 3,
        _ => 0,
    };
    let y = match lead {
        "last" | "this past" if idx >= now => d.year() - 1,
        "next" if idx <= now => d.year() + 1,
        _ => d.year(),
    };
    format!("{y}-{code}")
}

/// A year standing alone ("in fiscal 1989", "1990 was"), but not an amount ("$1990", "1990
/// shares") and not a year used as a modifier after "the" ("the 2022 budget").
fn bare_year(text: &str, start: usize, end: usize) -> Option<String> {
    let before = text.get(..start).unwrap_or("");
    let after = text.get(end..).unwrap_or("");
    let prev = before.chars().next_back();
    if prev.is_some_and(|c| c == '$' || c == '#' || c == '.' || c == ',' || c.is_ascii_digit()) {
        return None;
    }
    // The last few characters decide (lowercasing all of `before` was quadratic).
    let tail = before.len()
        - before
            .chars()
            .rev()
            .take(8)
            .map(char::len_utf8)
            .sum::<usize>();
    if sub_from(before, tail).to_lowercase().ends_with("the ") || before.ends_with("No. ") {
        return None;
    }
    let next = after.chars().next();
    if next.is_some_and(|c| {
        c.is_ascii_digit()
            || c == '%'
            || c == ',' && sub_from(after, 1).starts_with(|c: char| c.is_ascii_digit())
    }) {
        return None;
    }
    let word: String = after
        .trim_start()
        .chars()
        .take_while(|c| c.is_alphabetic())
        .collect();
    if matches!(
        word.to_lowercase().as_str(),
        "percent"
            | "shares"
            | "people"
            | "points"
            | "dollars"
            | "tons"
            | "feet"
            | "miles"
            | "units"
    ) {
        return None;
    }
    Some(sub(text, start, end).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The matches of the regex searched stretch by stretch: what `find_times` reads.
    fn stretch_matches(text: &str) -> Vec<(usize, usize)> {
        candidate_stretches(text)
            .into_iter()
            .flat_map(|(a, b)| {
                regex()
                    .find_iter(sub(text, a, b))
                    .map(move |m| (m.start() + a, m.end() + a))
            })
            .collect()
    }

    /// The pre-check changes nothing: searching the candidate stretches finds exactly the
    /// matches of a search of the whole text, on text with every kind of expression, with
    /// expressions against separators, non-ASCII words and digits, and with none at all.
    #[test]
    fn stretches_find_what_the_whole_text_search_finds() {
        let pieces = [
            "Putin met Xi on Monday, Oct. 26",
            "in the third quarter of 2022",
            "the year-earlier period",
            "nineteen ninety-seven",
            "at 10 p.m. EST Nov. 9, 2021",
            "this morning",
            "later this month",
            "three weeks ago",
            "since March 2020",
            "for decades",
            "the 1990s",
            "recently",
            "last summer",
            "weekly",
            "DAILY",
            "twice daily",
            "half a century",
            "2023-09-04",
            "the talks went on",
            "nobody said anything",
            "\"Monday\"",
            "(in 2022)",
            "«2021»",
            "\u{201c}today\u{201d}",
            "caf\u{e9} 2023",
            "2023\u{5e74}",
            "\u{663} days ago",
            "\u{17f}ince 1999",
            "its \u{212a}ey date was Sept. 5",
            "a.m.Monday",
            "2020;2021",
            "yesterday\ntomorrow",
            "on_Monday",
            "x7 May",
            "and the talks went on as planned while both sides kept their positions and the \
             delegations left the hall without a word to the press or to anyone else there",
        ];
        let mut checked = 0;
        for (i, a) in pieces.iter().enumerate() {
            for (j, b) in pieces.iter().enumerate() {
                for sep in [
                    " ",
                    ". ",
                    "; ",
                    "\n\n",
                    "\"",
                    " \u{2014} ",
                    "",
                    "-",
                    "\u{e9}",
                ] {
                    let text = format!("{a}{sep}{b}");
                    let whole: Vec<(usize, usize)> = regex()
                        .find_iter(&text)
                        .map(|m| (m.start(), m.end()))
                        .collect();
                    assert_eq!(stretch_matches(&text), whole, "{text:?}");
                    checked += usize::from(!whole.is_empty() && i != j);
                }
            }
        }
        assert!(checked > 500);
        // Stretches without a candidate are skipped.
        assert!(
            candidate_stretches("The talks went on (as planned) \u{201c}quietly\u{201d}.")
                .is_empty()
        );
        assert_eq!(candidate_stretches("He left (on Monday)."), vec![(9, 18)]);
        // Nearby candidates are searched together, distant ones and non-ASCII ones apart.
        let near = "Talks (on Monday) and (in 2022).";
        assert_eq!(candidate_stretches(near), vec![(7, 30)]);
        let far = format!("On Monday ({}) in 2022.", "x".repeat(MERGE_GAP));
        assert_eq!(candidate_stretches(&far).len(), 2);
        let wide = "On Monday (caf\u{e9}) in 2022.";
        assert_eq!(candidate_stretches(wide).len(), 3);
        let quoted = "On Monday \u{201c}yes\u{201d} in 2022.";
        assert_eq!(candidate_stretches(quoted).len(), 2);
    }

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
    fn clock_times_and_parts_of_day() {
        // dct 2023-09-05 is a Tuesday.
        assert_eq!(
            vals("The shop was robbed at 10 p.m. Sunday, police said."),
            vec![("10 p.m. Sunday".into(), "2023-09-03T22:00".into())]
        );
        assert_eq!(
            vals("Talks broke off at noon Monday."),
            vec![("noon Monday".into(), "2023-09-04T12:00".into())]
        );
        assert_eq!(
            vals("The offer expires at 5 p.m. EDT Sept. 12."),
            vec![("5 p.m. EDT Sept. 12".into(), "2023-09-12T17:00".into())]
        );
        assert_eq!(
            vals("Crowds gathered Sunday night outside."),
            vec![("Sunday night".into(), "2023-09-03TNI".into())]
        );
        assert_eq!(
            vals("He spoke this morning and left last night."),
            vec![
                ("this morning".into(), "2023-09-05TMO".into()),
                ("last night".into(), "2023-09-04TNI".into())
            ]
        );
    }

    #[test]
    fn weekday_with_its_date() {
        assert_eq!(
            vals("an editorial on Friday, Aug. 25, said"),
            vec![("Friday, Aug. 25".into(), "2023-08-25".into())]
        );
        assert_eq!(
            vals("Talks are set to resume Monday in Paris."),
            vec![("Monday".into(), "2023-09-11".into())]
        );
        assert_eq!(
            vals("The deal had been scheduled to close Friday."),
            vec![("Friday".into(), "2023-09-01".into())]
        );
    }

    #[test]
    fn months_and_years_named_together() {
        assert_eq!(
            vals("In June last year the plant closed."),
            vec![("June last year".into(), "2022-06".into())]
        );
        assert_eq!(
            vals("Prices rose in February this year."),
            vec![("February this year".into(), "2023-02".into())]
        );
        assert_eq!(
            vals("sales in the current fiscal year"),
            vec![("the current fiscal year".into(), "2023".into())]
        );
        assert_eq!(
            vals("a tax review over the past year"),
            vec![("the past year".into(), "2022".into())]
        );
    }

    #[test]
    fn spelled_out_years() {
        assert_eq!(
            vals("It opened in nineteen eighty-four."),
            vec![("nineteen eighty-four".into(), "1984".into())]
        );
        assert_eq!(
            vals("the year two thousand"),
            vec![("the year two thousand".into(), "2000".into())]
        );
        assert_eq!(
            vals("March nineteen ninety-two"),
            vec![("March nineteen ninety-two".into(), "1992-03".into())]
        );
        assert!(vals("twenty-one people").is_empty());
    }

    #[test]
    fn quarters_with_years_and_directions() {
        assert_eq!(
            vals("a loss in the third quarter of 2019"),
            vec![("the third quarter of 2019".into(), "2019-Q3".into())]
        );
        assert_eq!(
            vals("compared with the 2021 second quarter"),
            vec![("the 2021 second quarter".into(), "2021-Q2".into())]
        );
        assert_eq!(
            vals("effective as early as next year's first quarter"),
            vec![("next year's first quarter".into(), "2024-Q1".into())]
        );
        // Written in Q3: the fourth quarter not yet begun is last year's unless looking ahead.
        assert_eq!(
            vals("Profits fell in the fourth quarter."),
            vec![("the fourth quarter".into(), "2022-Q4".into())]
        );
        assert_eq!(
            vals("Profits will rise in the fourth quarter."),
            vec![("the fourth quarter".into(), "2023-Q4".into())]
        );
        assert_eq!(
            vals("losses in the past two quarters"),
            vec![("the past two quarters".into(), "P2Q".into())]
        );
        assert!(vals("about three-quarters of its food").is_empty());
        assert!(vals("more than a quarter of the market").is_empty());
    }

    #[test]
    fn durations_decades_and_references() {
        assert_eq!(
            vals("lived in camps for 2 1/2 years"),
            vec![("2 1/2 years".into(), "P2Y6M".into())]
        );
        assert_eq!(
            vals("about 4 1/2 hours in Nairobi"),
            vec![("4 1/2 hours".into(), "PT4H30M".into())]
        );
        assert_eq!(
            vals("the issue in the 1980s"),
            vec![("the 1980s".into(), "198".into())]
        );
        assert_eq!(
            vals("relaxed in early 1990s"),
            vec![("1990s".into(), "199X".into())]
        );
        assert_eq!(
            vals("given current market conditions"),
            vec![("current".into(), "PRESENT_REF".into())]
        );
    }

    #[test]
    fn no_dct_no_relative_values() {
        assert!(find_times("Monday", None).is_empty());
        assert_eq!(find_times("on March 3, 2020", None)[0].value, "2020-03-03");
    }
}
