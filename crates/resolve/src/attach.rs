//! Which time and which place an event gets: the ones of its own clause, else of the clause that
//! governs it (date) or the most salient of its sentence (place), else the article's dateline,
//! else (date) the publication date, flagged as such.
//!
//! Clauses come from the dependency parse of the sentence: a clause is a predicate and the words
//! that depend on it, less the clauses embedded in it (complement, adverbial, relative and
//! coordinated clauses, parataxis). In "Putin met Xi on Monday and they will sign a deal in
//! March", "met" has Monday and "sign" has March; an event of a clause without a date of its own
//! takes the date of the clause it depends on. Without a parse the sentence is the clause.

use chrono::NaiveDate;
use dyad_types::Span;

use crate::dateline::Dateline;
use crate::places::PlaceMention;
use crate::times::TimeExpr;

/// One word of a parsed sentence, as attachment needs it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ParsedWord<'a> {
    /// Where the word is (bytes of the article).
    pub span: Span,
    /// 1-based index of its head word in the sentence; 0 for the root.
    pub head: usize,
    /// Universal Dependencies relation to its head (`"nsubj"`, `"advcl"`).
    pub deprel: &'a str,
    /// Whether the word is a verb or auxiliary (a coordinated verb starts a clause of its own;
    /// a coordinated noun does not).
    pub verb: bool,
}

/// Where an event sits: its sentence, its trigger and, where the sentence was parsed, its words.
#[derive(Clone, Copy, Debug)]
pub struct EventAnchor<'a> {
    /// The sentence (bytes of the article).
    pub sentence: Span,
    /// The trigger words.
    pub trigger: Span,
    /// The words of the sentence with their dependencies; empty when it was not parsed.
    pub words: &'a [ParsedWord<'a>],
    /// The event's actor mentions (source, target): a place inside one is an actor ("Ukraine
    /// accused Russia"), not where the event happened.
    pub actors: &'a [Span],
}

/// Where an event's date or place was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// In the event's own clause.
    Clause,
    /// In a clause that governs the event's clause (date only).
    Governing,
    /// Elsewhere in the event's sentence (place; or date when the sentence has no parse).
    Sentence,
    /// The article's dateline.
    Dateline,
    /// The publication date: the text does not date the event.
    Publication,
}

impl Source {
    /// Lowercase name: `clause`, `governing`, `sentence`, `dateline`, `publication`.
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Clause => "clause",
            Source::Governing => "governing",
            Source::Sentence => "sentence",
            Source::Dateline => "dateline",
            Source::Publication => "publication",
        }
    }
}

/// How precise a TIMEX3 date value is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Granularity {
    /// A clock time or part of a day (`2023-09-04T15:00`, `2023-09-04TNI`).
    Time,
    /// A day (`2023-09-04`).
    Day,
    /// A week (`2023-W36`) or weekend.
    Week,
    /// A month (`2023-09`).
    Month,
    /// A season (`2023-SU`).
    Season,
    /// A quarter (`2023-Q3`) or half year.
    Quarter,
    /// A year (`2023`).
    Year,
    /// A decade (`202`).
    Decade,
    /// A century (`20`).
    Century,
}

impl Granularity {
    /// The granularity of a TIMEX3 date value; `None` for values that are not dates
    /// (durations `P2Y`, references `PRESENT_REF`).
    pub fn of(value: &str) -> Option<Granularity> {
        let b = value.as_bytes();
        let digits = b
            .iter()
            .take_while(|c| c.is_ascii_digit() || **c == b'X')
            .count();
        if digits == 0 || value.starts_with('P') {
            return None;
        }
        let rest = value.get(digits..).unwrap_or("");
        Some(match (digits, rest) {
            (2, "") => Granularity::Century,
            (3, "") => Granularity::Decade,
            (4, "") => Granularity::Year,
            (4, r) if r.starts_with("-Q") || r.starts_with("-H") => Granularity::Quarter,
            (4, r) if r.starts_with("-W") => {
                if r.contains('T') {
                    Granularity::Time
                } else {
                    Granularity::Week
                }
            }
            (4, "-SP" | "-SU" | "-FA" | "-WI") => Granularity::Season,
            (4, r) if r.len() == 3 => Granularity::Month,
            (4, r) if r.contains('T') => Granularity::Time,
            (4, r) if r.len() == 6 => Granularity::Day,
            _ => return None,
        })
    }

    /// Lowercase name: `time`, `day`, `week`, `month`, `season`, `quarter`, `year`, `decade`,
    /// `century`.
    pub fn as_str(self) -> &'static str {
        match self {
            Granularity::Time => "time",
            Granularity::Day => "day",
            Granularity::Week => "week",
            Granularity::Month => "month",
            Granularity::Season => "season",
            Granularity::Quarter => "quarter",
            Granularity::Year => "year",
            Granularity::Decade => "decade",
            Granularity::Century => "century",
        }
    }
}

/// The date of one event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventDate {
    /// TIMEX3 value (`2023-09-04`, `2023-09`, `2023-W36`, `2023`).
    pub value: String,
    /// How precise the value is.
    pub granularity: Granularity,
    /// Where it was found; [`Source::Publication`] when the text does not date the event.
    pub source: Source,
    /// The time expression it came from (bytes of the article); `None` for the publication date.
    pub span: Option<Span>,
}

/// The place of one event: an index into the article's places, or the dateline's place.
#[derive(Clone, Debug, PartialEq)]
pub struct EventPlace {
    /// The place.
    pub place: PlaceMention,
    /// Where it was found.
    pub source: Source,
}

/// Relations that start a clause of their own under their head.
fn starts_clause(w: &ParsedWord) -> bool {
    let rel = w.deprel.split(':').next().unwrap_or("");
    match rel {
        "root" | "ccomp" | "advcl" | "acl" | "parataxis" | "csubj" | "list" => true,
        "conj" => w.verb,
        _ => w.head == 0,
    }
}

/// Clause structure of one parsed sentence.
struct Clauses<'a> {
    words: &'a [ParsedWord<'a>],
    /// For each word (0-based), the 0-based index of the predicate that heads its clause.
    root: Vec<usize>,
}

impl<'a> Clauses<'a> {
    fn new(words: &'a [ParsedWord<'a>]) -> Clauses<'a> {
        let n = words.len();
        let root = (0..n)
            .map(|i| {
                let mut k = i;
                // At most n steps: a malformed parse with a cycle ends here too.
                for _ in 0..n {
                    let w = &words[k];
                    if starts_clause(w) || w.head == 0 || w.head > n {
                        break;
                    }
                    k = w.head - 1;
                }
                k
            })
            .collect();
        Clauses { words, root }
    }

    /// The word that a byte span starts in (or the first word after it).
    fn word_at(&self, span: Span) -> Option<usize> {
        self.words
            .iter()
            .position(|w| w.span.end > span.start && w.span.start < span.end.max(span.start + 1))
    }

    /// The clause (its predicate) that a span belongs to.
    fn clause_of(&self, span: Span) -> Option<usize> {
        self.word_at(span).map(|i| self.root[i])
    }

    /// Edges between a span's word and the nearest word of another span in the parse tree.
    fn tree_distance(&self, a: Span, b: Span) -> usize {
        let n = self.words.len();
        let Some(x) = self.word_at(a) else {
            return usize::MAX;
        };
        // Ancestors of x with their depth below x.
        let mut up = vec![usize::MAX; n];
        let (mut k, mut d) = (x, 0);
        for _ in 0..=n {
            up[k] = up[k].min(d);
            let h = self.words[k].head;
            if h == 0 || h > n {
                break;
            }
            k = h - 1;
            d += 1;
        }
        let mut best = usize::MAX;
        for (y, w) in self.words.iter().enumerate() {
            if !(w.span.start < b.end && b.start < w.span.end) {
                continue;
            }
            let (mut k, mut d) = (y, 0);
            for _ in 0..=n {
                if up[k] != usize::MAX {
                    best = best.min(up[k] + d);
                    break;
                }
                let h = self.words[k].head;
                if h == 0 || h > n {
                    break;
                }
                k = h - 1;
                d += 1;
            }
        }
        best
    }

    /// The clause that governs clause `c` (the clause of its predicate's head), if any.
    fn governing(&self, c: usize) -> Option<usize> {
        let h = self.words[c].head;
        (h != 0 && h <= self.words.len()).then(|| self.root[h - 1])
    }
}

fn inside(outer: Span, inner: Span) -> bool {
    inner.start >= outer.start && inner.end <= outer.end
}

/// The items of a slice ordered by where their spans start, for finding those inside a span
/// by binary search.
#[derive(Debug)]
struct SpanOrder {
    /// `(span start, span end, index into the slice)`, sorted.
    order: Vec<(usize, usize, u32)>,
}

impl SpanOrder {
    fn new(spans: impl Iterator<Item = Span>) -> SpanOrder {
        let mut order: Vec<(usize, usize, u32)> = spans
            .enumerate()
            .map(|(i, s)| (s.start, s.end, i as u32))
            .collect();
        order.sort_unstable();
        SpanOrder { order }
    }

    /// Indices of the spans inside `outer`, ascending (the slice's own order).
    fn within(&self, outer: Span) -> Vec<usize> {
        let lo = self.order.partition_point(|&(s, _, _)| s < outer.start);
        let hi = self.order.partition_point(|&(s, _, _)| s <= outer.end);
        let mut found: Vec<usize> = self.order[lo..hi.max(lo)]
            .iter()
            .filter(|&&(_, e, _)| e <= outer.end)
            .map(|&(_, _, i)| i as usize)
            .collect();
        found.sort_unstable();
        found
    }
}

/// An article's time expressions indexed by position, built once per article for
/// [`event_date_indexed`].
#[derive(Debug)]
pub struct TimesBySpan<'a> {
    times: &'a [TimeExpr],
    order: SpanOrder,
}

impl<'a> TimesBySpan<'a> {
    /// Indexes `times` (in any order; ties keep the order of the slice).
    pub fn new(times: &'a [TimeExpr]) -> TimesBySpan<'a> {
        TimesBySpan {
            times,
            order: SpanOrder::new(times.iter().map(|t| t.span)),
        }
    }

    /// The times inside `outer`, in the order of the slice.
    pub fn within(&self, outer: Span) -> Vec<&'a TimeExpr> {
        let times = self.times;
        self.order
            .within(outer)
            .into_iter()
            .map(|i| &times[i])
            .collect()
    }
}

/// An article's place mentions indexed by position, built once per article for
/// [`event_place_indexed`].
#[derive(Debug)]
pub struct PlacesBySpan<'a> {
    places: &'a [PlaceMention],
    order: SpanOrder,
}

impl<'a> PlacesBySpan<'a> {
    /// Indexes `places` (in any order; ties keep the order of the slice).
    pub fn new(places: &'a [PlaceMention]) -> PlacesBySpan<'a> {
        PlacesBySpan {
            places,
            order: SpanOrder::new(places.iter().map(|p| p.span)),
        }
    }

    /// The places inside `outer`, in the order of the slice.
    pub fn within(&self, outer: Span) -> Vec<&'a PlaceMention> {
        let places = self.places;
        self.order
            .within(outer)
            .into_iter()
            .map(|i| &places[i])
            .collect()
    }
}

/// The date of an event: a calendar time expression of its clause (the nearest to the trigger),
/// else of the clauses governing it, nearest first; without a parse, of its sentence. Else the
/// dateline's date, else the publication date (`Source::Publication`).
///
/// This scans all of `times`; for many events of one article, index the times once with
/// [`TimesBySpan`] and call [`event_date_indexed`], which gives the same result.
pub fn event_date(
    times: &[TimeExpr],
    anchor: &EventAnchor,
    dateline: Option<&Dateline>,
    published: Option<NaiveDate>,
) -> Option<EventDate> {
    let in_sentence: Vec<&TimeExpr> = times
        .iter()
        .filter(|t| inside(anchor.sentence, t.span))
        .collect();
    date_of(in_sentence, anchor, dateline, published)
}

/// [`event_date`] over times indexed once per article: the times of the event's sentence are
/// found by binary search, so that dating E events among T times costs O((E + T) log T)
/// instead of O(E × T). The same result as [`event_date`] over the same times.
pub fn event_date_indexed(
    times: &TimesBySpan,
    anchor: &EventAnchor,
    dateline: Option<&Dateline>,
    published: Option<NaiveDate>,
) -> Option<EventDate> {
    date_of(times.within(anchor.sentence), anchor, dateline, published)
}

/// [`event_date`] given the times inside the event's sentence, in their article order.
fn date_of(
    in_sentence: Vec<&TimeExpr>,
    anchor: &EventAnchor,
    dateline: Option<&Dateline>,
    published: Option<NaiveDate>,
) -> Option<EventDate> {
    let found = |t: &TimeExpr, source: Source| {
        Granularity::of(&t.value).map(|granularity| EventDate {
            value: t.value.clone(),
            granularity,
            source,
            span: Some(t.span),
        })
    };
    let in_sentence: Vec<&TimeExpr> = in_sentence
        .into_iter()
        .filter(|t| t.is_calendar() && Granularity::of(&t.value).is_some())
        .collect();
    let nearest = |ts: &[&TimeExpr]| -> Option<usize> {
        (0..ts.len()).min_by_key(|&i| ts[i].span.start.abs_diff(anchor.trigger.start))
    };
    if anchor.words.is_empty() {
        if let Some(i) = nearest(&in_sentence) {
            return found(in_sentence[i], Source::Sentence);
        }
    } else {
        let cl = Clauses::new(anchor.words);
        if let Some(mut c) = cl.clause_of(anchor.trigger) {
            let mut source = Source::Clause;
            for _ in 0..anchor.words.len() {
                let here: Vec<&TimeExpr> = in_sentence
                    .iter()
                    .copied()
                    .filter(|t| cl.clause_of(t.span) == Some(c))
                    .collect();
                if let Some(i) = nearest(&here) {
                    return found(here[i], source);
                }
                match cl.governing(c) {
                    Some(g) if g != c => {
                        c = g;
                        source = Source::Governing;
                    }
                    _ => break,
                }
            }
        }
    }
    if let Some(t) = dateline.and_then(|d| d.date.as_ref()) {
        if let Some(d) = found(t, Source::Dateline) {
            return Some(d);
        }
    }
    published.map(|d| EventDate {
        value: d.format("%Y-%m-%d").to_string(),
        granularity: Granularity::Day,
        source: Source::Publication,
        span: None,
    })
}

/// Prepositions that say where ("in Kyiv", "near the border town of ...").
const LOCATIVE: &[&str] = &[
    "in", "at", "near", "outside", "inside", "into", "across", "from", "to", "on",
];

/// The place of an event: a place of its clause (the nearest to the trigger), else the most
/// salient place of its sentence, else the dateline's place. Demonyms ("Russian") and names
/// inside larger names ("Washington Post") are never an event's place.
///
/// This scans all of `places`; for many events of one article, index the places once with
/// [`PlacesBySpan`] and call [`event_place_indexed`], which gives the same result.
pub fn event_place(
    text: &str,
    places: &[PlaceMention],
    anchor: &EventAnchor,
    dateline: Option<&Dateline>,
) -> Option<EventPlace> {
    let in_sentence: Vec<&PlaceMention> = places
        .iter()
        .filter(|p| inside(anchor.sentence, p.span))
        .collect();
    place_of(text, in_sentence, anchor, dateline)
}

/// [`event_place`] over places indexed once per article: the places of the event's sentence
/// are found by binary search, so that placing E events among P places costs
/// O((E + P) log P) instead of O(E × P). The same result as [`event_place`] over the same
/// places.
pub fn event_place_indexed(
    text: &str,
    places: &PlacesBySpan,
    anchor: &EventAnchor,
    dateline: Option<&Dateline>,
) -> Option<EventPlace> {
    place_of(text, places.within(anchor.sentence), anchor, dateline)
}

/// [`event_place`] given the places inside the event's sentence, in their article order.
fn place_of(
    text: &str,
    in_sentence: Vec<&PlaceMention>,
    anchor: &EventAnchor,
    dateline: Option<&Dateline>,
) -> Option<EventPlace> {
    // Whether a place is introduced by a locative preposition ("in Kyiv", "to the Crimea").
    let locative = |p: &PlaceMention| {
        let before = text.get(..p.span.start).unwrap_or("").trim_end();
        let before = before.strip_suffix(" the").unwrap_or(before).trim_end();
        let prev = before
            .rsplit(|c: char| !c.is_alphanumeric())
            .next()
            .unwrap_or("")
            .to_lowercase();
        LOCATIVE.contains(&prev.as_str())
    };
    // A place inside an actor mention of the event is an actor ("Ukraine accused Russia"),
    // unless a preposition makes it a destination or setting ("travelled to North Korea").
    let candidates: Vec<&PlaceMention> = in_sentence
        .into_iter()
        .filter(|p| p.feature != "DEM" && !p.embedded)
        .filter(|p| dateline.is_none_or(|d| !inside(d.span, p.span)))
        .filter(|p| {
            locative(p)
                || !anchor
                    .actors
                    .iter()
                    .any(|a| a.start < p.span.end && p.span.start < a.end)
        })
        .collect();
    let specific = |p: &PlaceMention| match p.feature.as_str() {
        "PPL" | "PPLC" => 3,
        "ADM2" => 2,
        "ADM1" => 1,
        _ => 0,
    };
    if !anchor.words.is_empty() && !candidates.is_empty() {
        let cl = Clauses::new(anchor.words);
        if let Some(c) = cl.clause_of(anchor.trigger) {
            // In the clause: a place after a locative preposition first, then the one closest to
            // the trigger in the parse tree, then the most specific; a place that is the
            // subject is an actor ("Russia shelled ...") and the last choice.
            let subject = |p: &PlaceMention| {
                cl.word_at(p.span)
                    .is_some_and(|i| cl.words[i].deprel.starts_with("nsubj"))
            };
            if let Some(p) = candidates
                .iter()
                .filter(|p| cl.clause_of(p.span) == Some(c))
                .min_by_key(|p| {
                    (
                        subject(p),
                        !locative(p),
                        cl.tree_distance(p.span, anchor.trigger),
                        -specific(p),
                    )
                })
            {
                return Some(EventPlace {
                    place: (*p).clone(),
                    source: Source::Clause,
                });
            }
        }
    }
    // Salience in the sentence: after a locative preposition, then the most specific (a town
    // before a division before a country), then the nearest to the trigger.
    let salience = |p: &PlaceMention| {
        (
            !locative(p),
            -specific(p),
            p.span.start.abs_diff(anchor.trigger.start),
        )
    };
    // Else the most salient place of the sentence.
    if let Some(p) = candidates.iter().min_by_key(|p| salience(p)) {
        return Some(EventPlace {
            place: (*p).clone(),
            source: Source::Sentence,
        });
    }
    dateline.and_then(|d| d.place.as_ref()).map(|p| EventPlace {
        place: p.clone(),
        source: Source::Dateline,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{find_places, find_times, Gazetteer, PlaceContext};

    /// Words of `text` split at spaces (punctuation kept on its word), with the given heads and
    /// relations.
    fn parse<'a>(text: &str, deps: &[(usize, &'a str)]) -> Vec<ParsedWord<'a>> {
        let mut out = Vec::new();
        let mut start = 0;
        for (k, w) in text.split(' ').enumerate() {
            let (head, deprel) = deps[k];
            let verb = matches!(deprel, "root" | "conj" | "advcl" | "ccomp" | "aux")
                && !w.starts_with(char::is_uppercase);
            out.push(ParsedWord {
                span: Span::new(start, start + w.len()),
                head,
                deprel,
                verb,
            });
            start += w.len() + 1;
        }
        out
    }

    fn span_of(text: &str, w: &str) -> Span {
        let s = text.find(w).expect("word in text");
        Span::new(s, s + w.len())
    }

    // "Putin met Xi on Monday and they will sign a deal in March ."
    //  1     2   3  4  5      6   7    8    9    10 11  12 13    14
    const SENT: &str = "Putin met Xi on Monday and they will sign a deal in March .";
    const DEPS: &[(usize, &str)] = &[
        (2, "nsubj"),
        (0, "root"),
        (2, "obj"),
        (5, "case"),
        (2, "obl"),
        (9, "cc"),
        (9, "nsubj"),
        (9, "aux"),
        (2, "conj"),
        (11, "det"),
        (9, "obj"),
        (13, "case"),
        (9, "obl"),
        (2, "punct"),
    ];

    #[test]
    fn each_clause_keeps_its_own_date() {
        let dct = NaiveDate::from_ymd_opt(2023, 9, 5);
        let times = find_times(SENT, dct);
        let words = parse(SENT, DEPS);
        let sentence = Span::new(0, SENT.len());
        let met = EventAnchor {
            sentence,
            trigger: span_of(SENT, "met"),
            words: &words,
            actors: &[],
        };
        let sign = EventAnchor {
            trigger: span_of(SENT, "sign"),
            ..met
        };
        let d = event_date(&times, &met, None, dct).expect("date");
        assert_eq!((d.value.as_str(), d.source), ("2023-09-04", Source::Clause));
        assert_eq!(d.granularity, Granularity::Day);
        let d = event_date(&times, &sign, None, dct).expect("date");
        assert_eq!((d.value.as_str(), d.source), ("2024-03", Source::Clause));
        assert_eq!(d.granularity, Granularity::Month);
        // Without a parse both take the time nearest their trigger in the sentence.
        let flat = EventAnchor { words: &[], ..sign };
        assert_eq!(
            event_date(&times, &flat, None, dct).map(|d| d.source),
            Some(Source::Sentence)
        );
    }

    #[test]
    fn undated_clause_takes_the_governing_date_else_the_publication_date() {
        // "Officials said on Friday that troops attacked the town ."
        //  1         2    3  4      5    6      7        8   9    10
        let text = "Officials said on Friday that troops attacked the town .";
        let deps = [
            (2, "nsubj"),
            (0, "root"),
            (4, "case"),
            (2, "obl"),
            (7, "mark"),
            (7, "nsubj"),
            (2, "ccomp"),
            (9, "det"),
            (7, "obj"),
            (2, "punct"),
        ];
        let dct = NaiveDate::from_ymd_opt(2023, 9, 5);
        let times = find_times(text, dct);
        let words = parse(text, &deps);
        let attacked = EventAnchor {
            sentence: Span::new(0, text.len()),
            trigger: span_of(text, "attacked"),
            words: &words,
            actors: &[],
        };
        let d = event_date(&times, &attacked, None, dct).expect("date");
        assert_eq!(
            (d.value.as_str(), d.source),
            ("2023-09-01", Source::Governing)
        );
        // No time at all: the publication date, flagged.
        let d = event_date(&[], &attacked, None, dct).expect("date");
        assert_eq!(
            (d.value.as_str(), d.source),
            ("2023-09-05", Source::Publication)
        );
        assert!(d.span.is_none());
        assert!(event_date(&[], &attacked, None, None).is_none());
    }

    #[test]
    fn place_of_the_clause_else_the_salient_one_else_the_dateline() {
        let gaz = Gazetteer::embedded();
        // "Russia shelled Kharkiv and Ukraine struck Belgorod ."
        //  1      2       3       4   5       6      7        8
        let text = "Russia shelled Kharkiv and Ukraine struck Belgorod .";
        let deps = [
            (2, "nsubj"),
            (0, "root"),
            (2, "obj"),
            (6, "cc"),
            (6, "nsubj"),
            (2, "conj"),
            (6, "obj"),
            (2, "punct"),
        ];
        let places = find_places(text, gaz, &PlaceContext::default());
        let words = parse(text, &deps);
        let shelled = EventAnchor {
            sentence: Span::new(0, text.len()),
            trigger: span_of(text, "shelled"),
            words: &words,
            actors: &[],
        };
        let struck = EventAnchor {
            trigger: span_of(text, "struck"),
            ..shelled
        };
        let p = event_place(text, &places, &shelled, None).expect("place");
        assert_eq!(
            (p.place.name.as_str(), p.source),
            ("Kharkiv", Source::Clause)
        );
        let p = event_place(text, &places, &struck, None).expect("place");
        assert_eq!(
            (p.place.name.as_str(), p.source),
            ("Belgorod", Source::Clause)
        );

        // A place that is an actor of the event is not its place.
        let actors = [span_of(text, "Ukraine")];
        let struck_by = EventAnchor {
            actors: &actors,
            ..struck
        };
        let p = event_place(text, &places, &struck_by, None).expect("place");
        assert_eq!(p.place.name, "Belgorod");
        let only_actor = [span_of(text, "Belgorod")];
        let on = EventAnchor {
            actors: &only_actor,
            trigger: span_of(text, "struck"),
            ..shelled
        };
        let p = event_place(text, &places, &on, None).expect("place");
        assert_ne!(p.place.name, "Belgorod");
        // ... unless a preposition makes the actor a destination.
        let text = "Shoigu travelled last month to North Korea.";
        let places = find_places(text, gaz, &PlaceContext::default());
        let actors = [span_of(text, "North Korea")];
        let travelled = EventAnchor {
            sentence: Span::new(0, text.len()),
            trigger: span_of(text, "travelled"),
            words: &[],
            actors: &actors,
        };
        let p = event_place(text, &places, &travelled, None).expect("place");
        assert_eq!(p.place.country, "PRK");

        // No place in the clause: the town after "in" beats the country named first.
        let text = "France said talks would resume, officials in Lyon added.";
        let places = find_places(text, gaz, &PlaceContext::default());
        let said = EventAnchor {
            sentence: Span::new(0, text.len()),
            trigger: span_of(text, "said"),
            words: &[],
            actors: &[],
        };
        let p = event_place(text, &places, &said, None).expect("place");
        assert_eq!(
            (p.place.name.as_str(), p.source),
            ("Lyon", Source::Sentence)
        );

        // No place in the sentence: the dateline's.
        let text = "MOSCOW, Sept 4 (Reuters) - The talks went on. Both sides met again.";
        let dct = NaiveDate::from_ymd_opt(2023, 9, 5);
        let d = crate::find_dateline(text, gaz, dct).expect("dateline");
        let places = find_places(text, gaz, &PlaceContext::default());
        let times = find_times(text, dct);
        let s = text.find("Both").expect("second sentence");
        let met = EventAnchor {
            sentence: Span::new(s, text.len()),
            trigger: span_of(text, "met"),
            words: &[],
            actors: &[],
        };
        let p = event_place(text, &places, &met, Some(&d)).expect("place");
        assert_eq!(
            (p.place.name.as_str(), p.source),
            ("Moscow", Source::Dateline)
        );
        let date = event_date(&times, &met, Some(&d), dct).expect("date");
        assert_eq!(
            (date.value.as_str(), date.source),
            ("2023-09-04", Source::Dateline)
        );
    }

    /// The indexed functions give what the scanning ones give, for every word of every
    /// sentence as the trigger, with and without actors and dateline, whatever the order of
    /// the slices.
    #[test]
    fn indexed_lookups_match_the_scans() {
        let gaz = Gazetteer::embedded();
        let text = "MOSCOW, Sept 4 (Reuters) - Putin met Xi in Beijing on Monday. Troops \
                    shelled Kharkiv last week and Ukraine struck Belgorod on Sept. 1, 2023. \
                    Talks in Geneva and Paris resume next month. Nothing happened. In March \
                    2022 officials in Lyon and Kyiv said Russia attacked Odesa yesterday.";
        let dct = NaiveDate::from_ymd_opt(2023, 9, 5);
        let d = crate::find_dateline(text, gaz, dct);
        let mut times = find_times(text, dct);
        let mut places = find_places(text, gaz, &PlaceContext::default());
        assert!(
            times.len() >= 6 && places.len() >= 8,
            "{times:?} {places:?}"
        );
        // Sentence-like spans: split at ". " (also after "Sept.", which does no harm here).
        let mut sentences = Vec::new();
        let mut start = 0;
        for (i, _) in text.match_indices(". ") {
            sentences.push(Span::new(start, i + 1));
            start = i + 2;
        }
        sentences.push(Span::new(start, text.len()));
        assert!(sentences.len() >= 5);
        let mut checked = 0;
        for round in 0..2 {
            if round == 1 {
                // Not in article order, with a duplicate span: ties keep the slice's order.
                times.reverse();
                places.reverse();
                let dup = places[0].clone();
                places.push(PlaceMention {
                    name: "Elsewhere".into(),
                    ..dup
                });
            }
            let ti = TimesBySpan::new(&times);
            let pi = PlacesBySpan::new(&places);
            for &sentence in &sentences {
                let inside_times: Vec<&TimeExpr> =
                    times.iter().filter(|t| inside(sentence, t.span)).collect();
                assert_eq!(ti.within(sentence), inside_times);
                let words: Vec<Span> = sentence
                    .slice(text)
                    .split(' ')
                    .scan(sentence.start, |at, w| {
                        let s = Span::new(*at, *at + w.len());
                        *at += w.len() + 1;
                        Some(s)
                    })
                    .collect();
                for &trigger in &words {
                    for actors in [&[][..], &words[..1]] {
                        let anchor = EventAnchor {
                            sentence,
                            trigger,
                            words: &[],
                            actors,
                        };
                        for dl in [None, d.as_ref()] {
                            assert_eq!(
                                event_date(&times, &anchor, dl, dct),
                                event_date_indexed(&ti, &anchor, dl, dct)
                            );
                            assert_eq!(
                                event_place(text, &places, &anchor, dl),
                                event_place_indexed(text, &pi, &anchor, dl)
                            );
                            checked += 1;
                        }
                    }
                }
            }
        }
        assert!(checked > 200);
    }

    #[test]
    fn granularity_of_values() {
        let g = |v: &str| Granularity::of(v);
        assert_eq!(g("2023-09-04"), Some(Granularity::Day));
        assert_eq!(g("2023-09-04T15:00"), Some(Granularity::Time));
        assert_eq!(g("2023-09-04TNI"), Some(Granularity::Time));
        assert_eq!(g("2023-W36"), Some(Granularity::Week));
        assert_eq!(g("2023-09"), Some(Granularity::Month));
        assert_eq!(g("2023-SU"), Some(Granularity::Season));
        assert_eq!(g("2023-Q3"), Some(Granularity::Quarter));
        assert_eq!(g("2023"), Some(Granularity::Year));
        assert_eq!(g("199"), Some(Granularity::Decade));
        assert_eq!(g("20"), Some(Granularity::Century));
        assert_eq!(g("P2Y"), None);
        assert_eq!(g("PRESENT_REF"), None);
    }
}
