//! An in-memory copy of the events, for filtered aggregates in milliseconds.
//!
//! Every event of the store is kept as a 32-byte [`Row`], sorted by day then id, plus its id
//! (8 bytes), the columns the filters read (17 bytes) and posting lists (16 bytes): about
//! 75 MB per million events. Actor codes, CAMEO codes, PLOVER types and places
//! are interned; actor and CAMEO codes are numbered in sorted order, so a code *prefix* (the
//! store's filter semantics: `RUS` matches `RUSGOV`) is a contiguous range of numbers. Per
//! actor, the rows where it is the source and where it is the target are listed (postings),
//! and per CAMEO code and QuadClass, so an actor or dyad filter only visits its own rows; a
//! date range is a slice of the rows; two broad filters are intersected (bitmaps over the
//! date range) before any row is read.
//!
//! The filters mirror [`dyad_store::EventFilter`] exactly (the tests compare both); the three
//! filters that need SQL (full text, modality, attribution) arrive as a set of event ids.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::ops::Range;

use dyad_store::{EventDigest, EventFilter, Store};
use serde::Serialize;

use crate::days;

/// One event: 32 bytes, two to a cache line (the event id is kept apart, in `Cube::ids`).
#[derive(Clone, Copy, Debug)]
struct Row {
    /// Days since 1970-01-01; [`UNKNOWN_DAY`] when unknown (sorts first).
    day: i32,
    src: u32,
    tgt: u32,
    /// 0 = no place.
    place: u32,
    goldstein: f32,
    mentions: u32,
    code: u16,
    /// 0 = no PLOVER type.
    plover: u16,
    quad: u8,
}

/// The day of an event whose day is unknown.
const UNKNOWN_DAY: i32 = i32::MIN;

/// Days since 1970-01-01 of a `YYYYMMDD` day (0: unknown).
fn epoch(day: u32) -> i32 {
    if day == 0 {
        UNKNOWN_DAY
    } else {
        days::epoch_days(day) as i32
    }
}

/// A place as events name it.
#[derive(Clone, Debug, PartialEq)]
struct Place {
    name: Box<str>,
    country: Box<str>,
    lat: Option<f64>,
    lon: Option<f64>,
}

/// Strings numbered in first-seen order, renumbered in sorted order by [`Interner::sorted`].
#[derive(Default)]
struct Interner {
    ids: HashMap<Box<str>, u32>,
    names: Vec<Box<str>>,
}

impl Interner {
    fn id(&mut self, s: &str) -> u32 {
        if let Some(&i) = self.ids.get(s) {
            return i;
        }
        let i = self.names.len() as u32;
        self.ids.insert(s.into(), i);
        self.names.push(s.into());
        i
    }

    /// The names sorted, and the new number of each old one.
    fn sorted(self) -> (Vec<Box<str>>, Vec<u32>) {
        let mut order: Vec<u32> = (0..self.names.len() as u32).collect();
        order.sort_by(|a, b| self.names[*a as usize].cmp(&self.names[*b as usize]));
        let mut remap = vec![0u32; order.len()];
        for (new, old) in order.iter().enumerate() {
            remap[*old as usize] = new as u32;
        }
        let mut names = self.names;
        let mut sorted = Vec::with_capacity(names.len());
        for old in order {
            sorted.push(std::mem::take(&mut names[old as usize]));
        }
        (sorted, remap)
    }
}

/// Events, mentions and Goldstein sum of a group.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Acc {
    /// Events.
    pub events: u64,
    /// Mentions.
    pub mentions: u64,
    /// Sum of the events' Goldstein values.
    pub goldstein: f64,
}

impl Acc {
    fn add(&mut self, r: &Row) {
        self.events += 1;
        self.mentions += r.mentions as u64;
        self.goldstein += r.goldstein as f64;
    }

    /// Mean Goldstein value (0 for no events).
    pub fn mean(&self) -> f64 {
        if self.events == 0 {
            0.0
        } else {
            self.goldstein / self.events as f64
        }
    }
}

/// The fields the filters read, one array each: a scan of all rows in a date range checks a
/// filter by reading a few bytes of a small array instead of a 32-byte row of a large one.
/// (Visits through posting lists read the row itself: one cache line instead of several.)
struct Cols {
    src: Vec<u32>,
    tgt: Vec<u32>,
    code: Vec<u16>,
    quad: Vec<u8>,
    plover: Vec<u16>,
    place: Vec<u32>,
}

/// The in-memory copy of a store's events.
pub struct Cube {
    rows: Vec<Row>,
    /// Event id of each row.
    ids: Vec<i64>,
    cols: Cols,
    actors: Vec<Box<str>>,
    /// Country (index into `countries`) of each actor.
    actor_country: Vec<u32>,
    countries: Vec<Box<str>>,
    codes: Vec<Box<str>>,
    /// Index 0 is "none".
    plovers: Vec<Box<str>>,
    /// Index 0 is "none".
    places: Vec<Place>,
    /// Rows of each actor as source, as target, and of each CAMEO code (ascending).
    src_post: Vec<Vec<u32>>,
    tgt_post: Vec<Vec<u32>>,
    code_post: Vec<Vec<u32>>,
    /// Rows of each QuadClass 0..=4 (other values are in no list: no filter can ask for them).
    quad_post: Vec<Vec<u32>>,
    /// `(event id, row)` sorted by id.
    by_id: Vec<(i64, u32)>,
    mentions: u64,
}

/// A set of rows (events chosen by SQL: full text, modality, attribution), as a sorted list
/// and a bitmap. Made by [`Cube::row_set`].
pub struct RowSet {
    rows: Vec<u32>,
    bits: Vec<u64>,
}

impl RowSet {
    /// Rows in the set.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    #[inline]
    fn contains(&self, i: usize) -> bool {
        self.bits[i >> 6] & (1u64 << (i & 63)) != 0
    }
}

/// A filter resolved against a cube. Built by [`Cube::select`].
pub struct Selection<'c> {
    cube: &'c Cube,
    actor: Option<Range<u32>>,
    source: Option<Range<u32>>,
    target: Option<Range<u32>>,
    dyad: Option<(Range<u32>, Range<u32>, bool)>,
    country: Option<Option<u32>>,
    code: Option<Range<u32>>,
    root: Option<Range<u32>>,
    quad: Option<u8>,
    plover: Option<Vec<bool>>,
    place: Option<Vec<bool>>,
    rows: Range<usize>,
    ids: Option<std::sync::Arc<RowSet>>,
}

/// Which series a time line is split into.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SeriesBy {
    /// One series.
    All,
    /// One per QuadClass.
    Quad,
    /// One per CAMEO root code.
    Root,
}

/// Time buckets of a time line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bucket {
    /// Days.
    Day,
    /// Weeks starting on Monday.
    Week,
    /// Calendar months.
    Month,
}

/// A time line: one value per bucket for each series (aligned on `dates`).
#[derive(Debug, Serialize)]
pub struct Timeline {
    /// Bucket size: `day`, `week` or `month`.
    pub bucket: &'static str,
    /// First day of each bucket, `YYYY-MM-DD`.
    pub dates: Vec<String>,
    /// The series.
    pub series: Vec<Series>,
    /// Events of the selection with an unknown day (not on the time line).
    pub undated: u64,
}

/// One series of a [`Timeline`].
#[derive(Debug, Serialize)]
pub struct Series {
    /// `all`, the QuadClass (`1`..`4`) or the root code (`01`..`20`).
    pub key: String,
    /// Events per bucket.
    pub events: Vec<u64>,
    /// Mentions per bucket.
    pub mentions: Vec<u64>,
    /// Goldstein sum per bucket.
    pub goldstein: Vec<f64>,
    /// Mean Goldstein per bucket (`null` where there are no events).
    pub goldstein_mean: Vec<Option<f64>>,
}

/// An actor network.
#[derive(Debug, Serialize)]
pub struct Network {
    /// Actors (or countries), heaviest first.
    pub nodes: Vec<Node>,
    /// Directed edges between kept nodes, heaviest first.
    pub edges: Vec<Edge>,
    /// Nodes before the cap.
    pub total_nodes: usize,
    /// Edges before the cap.
    pub total_edges: usize,
}

/// A node of a [`Network`].
#[derive(Debug, Serialize)]
pub struct Node {
    /// Actor code or country code.
    pub id: String,
    /// Events as source or target.
    #[serde(flatten)]
    pub acc: Acc,
}

/// A directed edge of a [`Network`].
#[derive(Debug, Serialize)]
pub struct Edge {
    /// Source node.
    pub source: String,
    /// Target node.
    pub target: String,
    /// Weights.
    #[serde(flatten)]
    pub acc: Acc,
    /// Mean Goldstein value.
    pub goldstein_mean: f64,
}

/// A place on the map.
#[derive(Debug, Serialize)]
pub struct Point {
    /// Place name.
    pub name: String,
    /// ISO alpha-3 country.
    pub country: String,
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
    /// Weights.
    #[serde(flatten)]
    pub acc: Acc,
    /// Mean Goldstein value.
    pub goldstein_mean: f64,
}

/// Counts for the filter bar.
#[derive(Debug, Serialize)]
pub struct Facets {
    /// Events in the selection.
    pub events: u64,
    /// Per QuadClass 1..4.
    pub quad: Vec<(u8, u64)>,
    /// Per root code, most first.
    pub roots: Vec<(String, u64)>,
    /// Most frequent actors (either side).
    pub actors: Vec<(String, u64)>,
    /// Most frequent actor countries (either side).
    pub countries: Vec<(String, u64)>,
    /// First and last known day.
    pub first_day: Option<String>,
    /// Last known day.
    pub last_day: Option<String>,
}

/// Sorted-names range of the names starting with `prefix`.
fn prefix_range(names: &[Box<str>], prefix: &str) -> Range<u32> {
    let lo = names.partition_point(|n| &**n < prefix);
    let hi = lo + names[lo..].partition_point(|n| n.starts_with(prefix));
    lo as u32..hi as u32
}

fn upper(v: &str) -> String {
    v.trim().to_ascii_uppercase()
}

impl Cube {
    /// Reads every event of `store`.
    pub fn load(store: &Store) -> dyad_store::Result<Cube> {
        let mut actors = Interner::default();
        let mut countries = Interner::default();
        let mut codes = Interner::default();
        let mut actor_country: HashMap<u32, u32> = HashMap::new();
        let mut plovers: Vec<Box<str>> = vec!["".into()];
        let mut plover_ids: HashMap<Box<str>, u16> = HashMap::new();
        let mut places: Vec<Place> = vec![Place {
            name: "".into(),
            country: "".into(),
            lat: None,
            lon: None,
        }];
        let mut place_ids: HashMap<(Box<str>, Box<str>, u64, u64), u32> = HashMap::new();
        let mut rows: Vec<(i64, Row)> = Vec::new();
        let mut mentions = 0u64;
        store.scan_events(|e: &EventDigest<'_>| {
            let src = actors.id(e.source);
            let tgt = actors.id(e.target);
            actor_country
                .entry(src)
                .or_insert_with(|| countries.id(e.source_country));
            actor_country
                .entry(tgt)
                .or_insert_with(|| countries.id(e.target_country));
            let plover = match e.plover {
                Some(p) => *plover_ids.entry(p.into()).or_insert_with(|| {
                    plovers.push(p.into());
                    (plovers.len() - 1) as u16
                }),
                None => 0,
            };
            let place = match e.place {
                Some(name) => {
                    let country = e.place_country.unwrap_or("");
                    let key = (
                        Box::<str>::from(name),
                        Box::<str>::from(country),
                        e.lat.unwrap_or(f64::NAN).to_bits(),
                        e.lon.unwrap_or(f64::NAN).to_bits(),
                    );
                    *place_ids.entry(key).or_insert_with(|| {
                        places.push(Place {
                            name: name.into(),
                            country: country.into(),
                            lat: e.lat,
                            lon: e.lon,
                        });
                        (places.len() - 1) as u32
                    })
                }
                None => 0,
            };
            mentions += e.num_mentions.max(0) as u64;
            rows.push((
                e.id,
                Row {
                    day: epoch(e.day),
                    src,
                    tgt,
                    place,
                    goldstein: e.goldstein as f32,
                    mentions: e.num_mentions.clamp(0, u32::MAX as i64) as u32,
                    code: codes.id(e.code) as u16,
                    plover,
                    quad: e.quad_class,
                },
            ));
        })?;
        let (actor_names, actor_map) = actors.sorted();
        let (country_names, country_map) = countries.sorted();
        let (code_names, code_map) = codes.sorted();
        let mut ac = vec![0u32; actor_names.len()];
        for (old, c) in actor_country {
            ac[actor_map[old as usize] as usize] = country_map[c as usize];
        }
        for (_, r) in &mut rows {
            r.src = actor_map[r.src as usize];
            r.tgt = actor_map[r.tgt as usize];
            r.code = code_map[r.code as usize] as u16;
        }
        rows.sort_unstable_by_key(|(id, r)| (r.day, *id));
        let ids: Vec<i64> = rows.iter().map(|x| x.0).collect();
        let rows: Vec<Row> = rows.into_iter().map(|x| x.1).collect();
        let mut src_post = vec![Vec::new(); actor_names.len()];
        let mut tgt_post = vec![Vec::new(); actor_names.len()];
        let mut code_post = vec![Vec::new(); code_names.len()];
        let mut quad_post = vec![Vec::new(); 5];
        for (i, r) in rows.iter().enumerate() {
            src_post[r.src as usize].push(i as u32);
            tgt_post[r.tgt as usize].push(i as u32);
            code_post[r.code as usize].push(i as u32);
            if let Some(q) = quad_post.get_mut(r.quad as usize) {
                q.push(i as u32);
            }
        }
        let mut by_id: Vec<(i64, u32)> = ids
            .iter()
            .enumerate()
            .map(|(i, id)| (*id, i as u32))
            .collect();
        by_id.sort_unstable();
        let cols = Cols {
            src: rows.iter().map(|r| r.src).collect(),
            tgt: rows.iter().map(|r| r.tgt).collect(),
            code: rows.iter().map(|r| r.code).collect(),
            quad: rows.iter().map(|r| r.quad).collect(),
            plover: rows.iter().map(|r| r.plover).collect(),
            place: rows.iter().map(|r| r.place).collect(),
        };
        Ok(Cube {
            rows,
            ids,
            cols,
            actors: actor_names,
            actor_country: ac,
            countries: country_names,
            codes: code_names,
            plovers,
            places,
            src_post,
            tgt_post,
            code_post,
            quad_post,
            by_id,
            mentions,
        })
    }

    /// Events held.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether no event is held.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Mentions of all events held.
    pub fn mentions(&self) -> u64 {
        self.mentions
    }

    /// The rows of these events (ids not held are left out).
    pub fn row_set(&self, ids: &[i64]) -> RowSet {
        let mut rows: Vec<u32> = ids
            .iter()
            .filter_map(|id| {
                self.by_id
                    .binary_search_by_key(id, |x| x.0)
                    .ok()
                    .map(|k| self.by_id[k].1)
            })
            .collect();
        rows.sort_unstable();
        rows.dedup();
        let mut bits = vec![0u64; self.rows.len().div_ceil(64)];
        for &i in &rows {
            bits[i as usize >> 6] |= 1u64 << (i & 63);
        }
        RowSet { rows, bits }
    }

    /// First and last known day, `YYYY-MM-DD`.
    pub fn day_range(&self) -> Option<(String, String)> {
        let first = self
            .rows
            .get(self.rows.partition_point(|r| r.day == UNKNOWN_DAY))?
            .day;
        let last = self.rows.last()?.day;
        Some((days::iso(first as i64), days::iso(last as i64)))
    }

    /// Resolves a filter (already checked with [`EventFilter::check`]). `ids` is the set of
    /// events that passed the SQL-only filters (text, modality, attribution), when any is set
    /// ([`Store::mention_filter_ids`], [`Cube::row_set`]).
    pub fn select(&self, f: &EventFilter, ids: Option<std::sync::Arc<RowSet>>) -> Selection<'_> {
        let actors =
            |v: &Option<String>| v.as_deref().map(|v| prefix_range(&self.actors, &upper(v)));
        let dyad = f.dyad.as_ref().map(|(s, t)| {
            (
                prefix_range(&self.actors, &upper(s)),
                prefix_range(&self.actors, &upper(t)),
                f.undirected,
            )
        });
        let country = f.country.as_deref().map(|c| {
            let c = upper(c);
            self.countries
                .binary_search_by(|n| (**n).cmp(c.as_str()))
                .ok()
                .map(|i| i as u32)
        });
        let code = f
            .code
            .as_deref()
            .map(|c| prefix_range(&self.codes, &upper(c)));
        let root = f
            .root
            .as_deref()
            .map(|c| prefix_range(&self.codes, c.trim()));
        let plover = f.plover.as_deref().map(|p| {
            let p = upper(p);
            self.plovers
                .iter()
                .enumerate()
                .map(|(i, n)| i > 0 && n.to_ascii_uppercase() == p)
                .collect()
        });
        let place = if f.place.is_some() || f.place_country.is_some() {
            let name = f.place.as_deref().map(|p| p.trim().to_ascii_lowercase());
            let country = f.place_country.as_deref().map(upper);
            Some(
                self.places
                    .iter()
                    .enumerate()
                    .map(|(i, p)| {
                        i > 0
                            && name
                                .as_deref()
                                .is_none_or(|n| p.name.to_ascii_lowercase() == n)
                            && country.as_deref().is_none_or(|c| &*p.country == c)
                    })
                    .collect(),
            )
        } else {
            None
        };
        let day = |d: &Option<String>| d.as_deref().and_then(days::parse_day).map(epoch);
        let lo = match day(&f.from) {
            Some(d) => self.rows.partition_point(|r| r.day < d),
            None => 0,
        };
        let hi = match day(&f.to) {
            Some(d) => self.rows.partition_point(|r| r.day <= d),
            None => self.rows.len(),
        };
        Selection {
            cube: self,
            actor: actors(&f.actor),
            source: actors(&f.source),
            target: actors(&f.target),
            dyad,
            country,
            code,
            root,
            quad: f.quad,
            plover,
            place,
            rows: lo..hi.max(lo),
            ids,
        }
    }

    fn country_of(&self, actor: u32) -> u32 {
        self.actor_country[actor as usize]
    }
}

/// Rows of `posting` inside `rows`.
fn clip<'p>(posting: &'p [u32], rows: &Range<usize>) -> &'p [u32] {
    let lo = posting.partition_point(|&i| (i as usize) < rows.start);
    let hi = posting.partition_point(|&i| (i as usize) < rows.end);
    &posting[lo..hi.max(lo)]
}

/// Asks the processor to start loading `p` into the cache (a hint; no effect elsewhere).
#[inline(always)]
fn prefetch<T>(p: &T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: prefetching is a hint: it never faults, and `p` is a valid reference.
    unsafe {
        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        _mm_prefetch::<_MM_HINT_T0>(p as *const T as *const i8);
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

/// How far ahead of the row being read the rows of a posting list are prefetched.
const PREFETCH_AHEAD: usize = 16;

/// Posting lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum List {
    Source,
    Target,
    Code,
    Quad,
}

/// One pass over posting lists: the lists of `ids`, skipping rows whose source actor is
/// marked in `skip_src` (already visited by an earlier pass).
struct Pass {
    list: List,
    ids: Vec<u32>,
    skip_src: Option<Vec<bool>>,
}

/// The passes of one filter that has posting lists, and how many rows they list.
struct Plan {
    rows: usize,
    passes: Vec<Pass>,
}

/// How a selection visits its candidate rows.
enum Driver {
    /// Every row in the date range.
    Rows,
    /// Posting lists.
    Postings(Vec<Pass>),
    /// The rows of the SQL-only filters.
    Set,
    /// The rows in the posting lists of two or more filters (an intersection made with
    /// bitmaps over the date range), ascending.
    List(Vec<u32>),
}

impl Driver {
    /// Whether the rows come in row order (by day, then id).
    fn ordered(&self) -> bool {
        matches!(self, Driver::Rows | Driver::List(_))
    }
}

/// A posting list costs this many times a row of a sequential scan (random memory reads).
const POSTING_COST: usize = 4;

/// Where [`Selection::keep`] reads a row's fields from.
trait Fields {
    fn src(&self, i: usize) -> u32;
    fn tgt(&self, i: usize) -> u32;
    fn code(&self, i: usize) -> u16;
    fn quad(&self, i: usize) -> u8;
    fn plover(&self, i: usize) -> u16;
    fn place(&self, i: usize) -> u32;
}

/// Columns: for scans, where most rows fail a filter on one field.
impl Fields for Cols {
    #[inline(always)]
    fn src(&self, i: usize) -> u32 {
        self.src[i]
    }
    #[inline(always)]
    fn tgt(&self, i: usize) -> u32 {
        self.tgt[i]
    }
    #[inline(always)]
    fn code(&self, i: usize) -> u16 {
        self.code[i]
    }
    #[inline(always)]
    fn quad(&self, i: usize) -> u8 {
        self.quad[i]
    }
    #[inline(always)]
    fn plover(&self, i: usize) -> u16 {
        self.plover[i]
    }
    #[inline(always)]
    fn place(&self, i: usize) -> u32 {
        self.place[i]
    }
}

/// Rows: for visits of scattered rows, which read the whole row anyway when it passes.
impl Fields for [Row] {
    #[inline(always)]
    fn src(&self, i: usize) -> u32 {
        self[i].src
    }
    #[inline(always)]
    fn tgt(&self, i: usize) -> u32 {
        self[i].tgt
    }
    #[inline(always)]
    fn code(&self, i: usize) -> u16 {
        self[i].code
    }
    #[inline(always)]
    fn quad(&self, i: usize) -> u8 {
        self[i].quad
    }
    #[inline(always)]
    fn plover(&self, i: usize) -> u16 {
        self[i].plover
    }
    #[inline(always)]
    fn place(&self, i: usize) -> u32 {
        self[i].place
    }
}

/// A bitmap over the rows `base..base + 64 * bits.len()`.
struct Bits {
    base: usize,
    bits: Vec<u64>,
}

impl Bits {
    fn new(rows: &Range<usize>) -> Bits {
        Bits {
            base: rows.start,
            bits: vec![0u64; rows.len().div_ceil(64)],
        }
    }

    #[inline(always)]
    fn set(&mut self, i: usize) {
        let k = i - self.base;
        self.bits[k >> 6] |= 1u64 << (k & 63);
    }

    #[inline(always)]
    fn has(&self, i: usize) -> bool {
        let k = i - self.base;
        self.bits[k >> 6] & (1u64 << (k & 63)) != 0
    }

    fn count(&self) -> usize {
        self.bits.iter().map(|w| w.count_ones() as usize).sum()
    }

    /// The rows in the set, ascending.
    fn rows(&self) -> Vec<u32> {
        let mut out = Vec::with_capacity(self.count());
        for (k, &w) in self.bits.iter().enumerate() {
            let mut w = w;
            while w != 0 {
                out.push((self.base + k * 64 + w.trailing_zeros() as usize) as u32);
                w &= w - 1;
            }
        }
        out
    }
}

impl Selection<'_> {
    /// Whether row `i` passes every filter. Reads only the fields of the filters in use, from
    /// the columns or from the row.
    #[inline(always)]
    fn keep_in<F: Fields + ?Sized>(&self, k: &F, i: usize) -> bool {
        let c = self.cube;
        if let Some(s) = &self.source {
            if !s.contains(&k.src(i)) {
                return false;
            }
        }
        if let Some(t) = &self.target {
            if !t.contains(&k.tgt(i)) {
                return false;
            }
        }
        if let Some(a) = &self.actor {
            if !a.contains(&k.src(i)) && !a.contains(&k.tgt(i)) {
                return false;
            }
        }
        if let Some((s, t, undirected)) = &self.dyad {
            let (src, tgt) = (k.src(i), k.tgt(i));
            let fwd = s.contains(&src) && t.contains(&tgt);
            let back = *undirected && t.contains(&src) && s.contains(&tgt);
            if !fwd && !back {
                return false;
            }
        }
        if let Some(country) = self.country {
            match country {
                Some(n) if c.country_of(k.src(i)) == n || c.country_of(k.tgt(i)) == n => {}
                _ => return false,
            }
        }
        if let Some(r) = &self.code {
            if !r.contains(&(k.code(i) as u32)) {
                return false;
            }
        }
        if let Some(r) = &self.root {
            if !r.contains(&(k.code(i) as u32)) {
                return false;
            }
        }
        if self.quad.is_some_and(|q| q != k.quad(i)) {
            return false;
        }
        if let Some(mask) = &self.plover {
            if !mask[k.plover(i) as usize] {
                return false;
            }
        }
        if let Some(mask) = &self.place {
            if !mask[k.place(i) as usize] {
                return false;
            }
        }
        if let Some(ids) = &self.ids {
            if !ids.contains(i) {
                return false;
            }
        }
        true
    }

    fn lists(&self, l: List) -> &[Vec<u32>] {
        let c = self.cube;
        match l {
            List::Source => &c.src_post,
            List::Target => &c.tgt_post,
            List::Code => &c.code_post,
            List::Quad => &c.quad_post,
        }
    }

    /// The posting-list plans of the filters that have posting lists, fewest rows first.
    fn plans(&self) -> Vec<Plan> {
        let c = self.cube;
        let ids = |r: &Range<u32>| -> Vec<u32> { r.clone().collect() };
        let mask = |v: &[u32]| -> Vec<bool> {
            let mut m = vec![false; c.actors.len()];
            for &a in v {
                m[a as usize] = true;
            }
            m
        };
        let mut plans: Vec<Plan> = Vec::new();
        let mut consider = |passes: Vec<Pass>| {
            let rows: usize = passes
                .iter()
                .flat_map(|p| p.ids.iter().map(move |&i| (p.list, i)))
                .map(|(l, i)| clip(&self.lists(l)[i as usize], &self.rows).len())
                .sum();
            plans.push(Plan { rows, passes });
        };
        let one = |list: List, ids: Vec<u32>| {
            vec![Pass {
                list,
                ids,
                skip_src: None,
            }]
        };
        // Rows with an actor of `v` on either side: as source, then as target unless also
        // as source.
        let either = |v: Vec<u32>| {
            let m = mask(&v);
            vec![
                Pass {
                    list: List::Source,
                    ids: v.clone(),
                    skip_src: None,
                },
                Pass {
                    list: List::Target,
                    ids: v,
                    skip_src: Some(m),
                },
            ]
        };
        if let Some(s) = &self.source {
            consider(one(List::Source, ids(s)));
        }
        if let Some(t) = &self.target {
            consider(one(List::Target, ids(t)));
        }
        if let Some(a) = &self.actor {
            consider(either(ids(a)));
        }
        if let Some((s, t, undirected)) = &self.dyad {
            if *undirected {
                // Either direction: every row whose source is in s or t (deduplicated).
                let (s, t) = (ids(s), ids(t));
                let m = mask(&s);
                consider(vec![
                    Pass {
                        list: List::Source,
                        ids: s,
                        skip_src: None,
                    },
                    Pass {
                        list: List::Source,
                        ids: t,
                        skip_src: Some(m),
                    },
                ]);
            } else {
                consider(one(List::Source, ids(s)));
                consider(one(List::Target, ids(t)));
            }
        }
        if let Some(Some(k)) = self.country {
            let of: Vec<u32> = (0..c.actors.len() as u32)
                .filter(|&a| c.country_of(a) == k)
                .collect();
            consider(either(of));
        }
        for r in [&self.code, &self.root].into_iter().flatten() {
            consider(one(List::Code, ids(r)));
        }
        if let Some(q) = self.quad {
            if (q as usize) < c.quad_post.len() {
                consider(one(List::Quad, vec![q as u32]));
            }
        }
        plans.sort_by_key(|p| p.rows);
        plans
    }

    /// Calls `f` with every row of the posting lists of `plan` inside the date range (each
    /// row once; ascending within a list).
    fn plan_rows(&self, passes: &[Pass], mut f: impl FnMut(usize)) {
        let rows = &self.cube.rows;
        for pass in passes {
            let lists = self.lists(pass.list);
            for &a in &pass.ids {
                let list = clip(&lists[a as usize], &self.rows);
                for &i in list {
                    let i = i as usize;
                    if pass
                        .skip_src
                        .as_ref()
                        .is_some_and(|m| m[rows[i].src as usize])
                    {
                        continue;
                    }
                    f(i);
                }
            }
        }
    }

    /// The cheapest way to visit the candidates: all rows of the date range, the posting
    /// lists of the most selective filter, or the intersection of the posting lists of the
    /// two (or more) most selective filters.
    fn driver(&self) -> Driver {
        let plans = self.plans();
        let span = self.rows.len();
        let mut best: (usize, u8) = (span, 0);
        if let Some(p) = plans.first() {
            if p.rows * POSTING_COST < best.0 {
                best = (p.rows * POSTING_COST, 1);
            }
        }
        let set_rows = self
            .ids
            .as_ref()
            .map(|set| clip(&set.rows, &self.rows).len());
        if let Some(n) = set_rows {
            if n * POSTING_COST < best.0 {
                best = (n * POSTING_COST, 2);
            }
        }
        if plans.len() >= 2 && span > 0 {
            // Marking the rows of the first plan and testing those of the second reads the
            // lists in order; only the rows in both (estimated as if independent) are read.
            let (a, b) = (plans[0].rows, plans[1].rows);
            let both = (a as f64 * b as f64 / span as f64) as usize;
            let cost = a + b + span / 32 + both * POSTING_COST;
            if cost < best.0 {
                best = (cost, 3);
            }
        }
        match best.1 {
            1 => Driver::Postings(
                plans
                    .into_iter()
                    .next()
                    .map(|p| p.passes)
                    .unwrap_or_default(),
            ),
            2 => Driver::Set,
            3 => Driver::List(self.intersect(&plans)),
            _ => Driver::Rows,
        }
    }

    /// The estimated cost of visiting the selection, in rows of a sequential scan (a row
    /// read through a posting list counts four times). The server answers cheap
    /// selections at once and queues the costly ones.
    pub fn cost(&self) -> usize {
        let plans = self.plans();
        let span = self.rows.len();
        let mut best = span;
        if let Some(p) = plans.first() {
            best = best.min(p.rows * POSTING_COST);
        }
        if let Some(set) = &self.ids {
            best = best.min(clip(&set.rows, &self.rows).len() * POSTING_COST);
        }
        if plans.len() >= 2 && span > 0 {
            let (a, b) = (plans[0].rows, plans[1].rows);
            let both = (a as f64 * b as f64 / span as f64) as usize;
            best = best.min(a + b + span / 32 + both * POSTING_COST);
        }
        best
    }

    /// The rows listed by the first plan and by each following plan while that is cheaper
    /// than checking the rows found so far one by one.
    fn intersect(&self, plans: &[Plan]) -> Vec<u32> {
        let mut found = Bits::new(&self.rows);
        self.plan_rows(&plans[0].passes, |i| found.set(i));
        let mut n = plans[0].rows;
        for p in &plans[1..] {
            if p.rows > n * POSTING_COST {
                break;
            }
            let mut next = Bits::new(&self.rows);
            self.plan_rows(&p.passes, |i| {
                if found.has(i) {
                    next.set(i);
                }
            });
            found = next;
            n = found.count();
        }
        found.rows()
    }

    /// Calls `f` with the number of every selected row: in row order (by day, then id) when
    /// [`Driver::ordered`], else in posting order. Reads only filter columns.
    fn visit_with(&self, driver: &Driver, mut f: impl FnMut(usize)) {
        let rows: &[Row] = &self.cube.rows;
        // Visits scattered rows, reading each row ahead of time.
        let mut scattered = |list: &[u32], skip: Option<&Vec<bool>>| {
            for (k, &i) in list.iter().enumerate() {
                if let Some(&j) = list.get(k + PREFETCH_AHEAD) {
                    prefetch(&rows[j as usize]);
                }
                let i = i as usize;
                if skip.is_some_and(|m| m[rows[i].src as usize]) {
                    continue;
                }
                if self.keep_in(rows, i) {
                    f(i);
                }
            }
        };
        match driver {
            Driver::Set => {
                if let Some(set) = &self.ids {
                    scattered(clip(&set.rows, &self.rows), None);
                }
            }
            Driver::List(list) => scattered(list, None),
            Driver::Postings(plan) => {
                for pass in plan {
                    let lists = self.lists(pass.list);
                    for &a in &pass.ids {
                        scattered(clip(&lists[a as usize], &self.rows), pass.skip_src.as_ref());
                    }
                }
            }
            Driver::Rows => {
                let cols = &self.cube.cols;
                for i in self.rows.clone() {
                    if self.keep_in(cols, i) {
                        f(i);
                    }
                }
            }
        }
    }

    /// Calls `f` with every selected row (order as [`Selection::visit_with`]).
    fn each(&self, mut f: impl FnMut(usize, &Row)) {
        let rows = &self.cube.rows;
        let driver = self.driver();
        self.visit_with(&driver, |i| f(i, &rows[i]));
    }

    /// Whether no filter but the date range is set.
    fn unfiltered(&self) -> bool {
        self.actor.is_none()
            && self.source.is_none()
            && self.target.is_none()
            && self.dyad.is_none()
            && self.country.is_none()
            && self.code.is_none()
            && self.root.is_none()
            && self.quad.is_none()
            && self.plover.is_none()
            && self.place.is_none()
            && self.ids.is_none()
    }

    /// Selected events and their mentions and Goldstein sum.
    pub fn total(&self) -> Acc {
        let mut acc = Acc::default();
        self.each(|_, r| acc.add(r));
        acc
    }

    /// The newest `limit` selected events older than `before` (a `(day, id)` cursor of this
    /// function), newest first, as `(day, id)`; and the number of selected events in all.
    pub fn page(&self, before: Option<(i32, i64)>, limit: usize) -> (Vec<(i32, i64)>, u64) {
        let (rows, ids) = (&self.cube.rows, &self.cube.ids);
        let end = match before {
            Some(key) => {
                // Rows are sorted by (day, id): the first at or after the cursor.
                let (mut lo, mut hi) = (0, rows.len());
                while lo < hi {
                    let mid = lo + (hi - lo) / 2;
                    if (rows[mid].day, ids[mid]) < key {
                        lo = mid + 1;
                    } else {
                        hi = mid;
                    }
                }
                lo
            }
            None => rows.len(),
        };
        let mut total = 0u64;
        let mut below: Vec<u32> = Vec::new();
        let driver = self.driver();
        if self.unfiltered() {
            // Every row of the date range: no need to visit them.
            total = self.rows.len() as u64;
            let stop = end.clamp(self.rows.start, self.rows.end);
            below.extend((stop.saturating_sub(limit).max(self.rows.start)..stop).map(|i| i as u32));
        } else if driver.ordered() {
            // Rows come in order: keep the last `limit` below the cursor in a ring.
            let mut ring = std::collections::VecDeque::with_capacity(limit + 1);
            self.visit_with(&driver, |i| {
                total += 1;
                if i < end && limit > 0 {
                    if ring.len() == limit {
                        ring.pop_front();
                    }
                    ring.push_back(i as u32);
                }
            });
            below.extend(ring);
        } else {
            self.visit_with(&driver, |i| {
                total += 1;
                if i < end {
                    below.push(i as u32);
                }
            });
            // The `limit` largest row numbers.
            if below.len() > limit {
                let cut = below.len() - limit;
                below.select_nth_unstable(cut);
                below.drain(..cut);
            }
        }
        below.sort_unstable_by(|a, b| b.cmp(a));
        (
            below
                .into_iter()
                .map(|i| (rows[i as usize].day, ids[i as usize]))
                .collect(),
            total,
        )
    }

    /// First and last known day of the rows in the date range (days since 1970-01-01).
    fn known_days(&self) -> Option<(i32, i32)> {
        let rows = &self.cube.rows[self.rows.clone()];
        let first = rows
            .get(rows.partition_point(|r| r.day == UNKNOWN_DAY))?
            .day;
        Some((first, rows.last()?.day))
    }

    /// Counts per bucket, split by `by`. `max_buckets` caps the length (the bucket grows from
    /// day to week to month when `bucket` is `None`; an explicit bucket over the cap errs).
    pub fn timeline(
        &self,
        by: SeriesBy,
        bucket: Option<Bucket>,
        max_buckets: usize,
    ) -> Result<Timeline, String> {
        let c = self.cube;
        // Root number of each CAMEO code (0 for codes without two leading digits).
        let roots: Vec<u32> = c
            .codes
            .iter()
            .map(|code| match code.as_bytes() {
                [a, b, ..] if a.is_ascii_digit() && b.is_ascii_digit() => {
                    ((a - b'0') * 10 + (b - b'0')) as u32
                }
                _ => 0,
            })
            .collect();
        let keys = match by {
            SeriesBy::All => 1,
            SeriesBy::Quad => 5,
            SeriesBy::Root => 100,
        };
        let (base, span) = match self.known_days() {
            Some((a, b)) => (a, (b - a) as usize + 1),
            None => (0, 0),
        };
        // Dense: one row of days per series key, made on first use.
        let mut cells: Vec<Vec<Acc>> = vec![Vec::new(); keys];
        let mut undated = 0u64;
        let (mut first, mut last) = (i32::MAX, i32::MIN);
        self.each(|_, r| {
            if r.day == UNKNOWN_DAY {
                undated += 1;
                return;
            }
            first = first.min(r.day);
            last = last.max(r.day);
            let key = match by {
                SeriesBy::All => 0,
                SeriesBy::Quad => (r.quad as usize).min(4),
                SeriesBy::Root => roots[r.code as usize] as usize,
            };
            let row = &mut cells[key];
            if row.is_empty() {
                row.resize(span, Acc::default());
            }
            row[(r.day - base) as usize].add(r);
        });
        let mut bucket = bucket;
        if first > last {
            return Ok(Timeline {
                bucket: bucket_name(bucket.unwrap_or(Bucket::Day)),
                dates: Vec::new(),
                series: Vec::new(),
                undated,
            });
        }
        let (first, last) = (first as i64, last as i64);
        let span = |b: Bucket| days::bucket_index(b, first, last) as usize + 1;
        let chosen = match bucket.take() {
            Some(b) if span(b) > max_buckets => {
                return Err(format!(
                    "{} {}s between the first and the last event: at most {max_buckets}; \
                     narrow the dates or choose a larger bucket",
                    span(b),
                    bucket_name(b)
                ))
            }
            Some(b) => b,
            None => [Bucket::Day, Bucket::Week, Bucket::Month]
                .into_iter()
                .find(|b| span(*b) <= max_buckets)
                .ok_or_else(|| "the events span too many months; narrow the dates".to_string())?,
        };
        let n = span(chosen);
        let dates: Vec<String> = (0..n)
            .map(|i| days::iso(days::bucket_start(chosen, first, i as i64)))
            .collect();
        let mut series = Vec::new();
        for (k, row) in cells.iter().enumerate() {
            if row.is_empty() {
                continue;
            }
            let mut s = Series {
                key: match by {
                    SeriesBy::All => "all".to_string(),
                    SeriesBy::Quad => k.to_string(),
                    SeriesBy::Root => format!("{k:02}"),
                },
                events: vec![0; n],
                mentions: vec![0; n],
                goldstein: vec![0.0; n],
                goldstein_mean: vec![None; n],
            };
            for (off, acc) in row.iter().enumerate() {
                if acc.events == 0 {
                    continue;
                }
                let i = days::bucket_index(chosen, first, base as i64 + off as i64) as usize;
                s.events[i] += acc.events;
                s.mentions[i] += acc.mentions;
                s.goldstein[i] += acc.goldstein;
            }
            for i in 0..n {
                if s.events[i] > 0 {
                    s.goldstein_mean[i] = Some(s.goldstein[i] / s.events[i] as f64);
                }
            }
            series.push(s);
        }
        Ok(Timeline {
            bucket: bucket_name(chosen),
            dates,
            series,
            undated,
        })
    }

    /// The actor network: nodes are actor codes (or their countries with `countries`), edges
    /// source → target weighted by events and Goldstein; events missing a side are left out.
    pub fn network(&self, countries: bool, max_nodes: usize, max_edges: usize) -> Network {
        let c = self.cube;
        let names = if countries { &c.countries } else { &c.actors };
        let n = names.len();
        // A scan of a whole date range meets most pairs: a dense matrix (up to 6 MB) beats
        // hashing there; a selection through posting lists meets few.
        let scan = self.cost() >= self.rows.len();
        let mut edges = if scan && n * n <= WIDE_DENSE_PAIRS {
            PairCounts::Dense(n, vec![Acc::default(); n * n])
        } else {
            PairCounts::new(n)
        };
        self.each(|_, r| {
            let (s, t) = if countries {
                (c.country_of(r.src), c.country_of(r.tgt))
            } else {
                (r.src, r.tgt)
            };
            if !names[s as usize].is_empty() && !names[t as usize].is_empty() {
                edges.add(s, t, r);
            }
        });
        let edges = edges.into_vec();
        let mut nodes = vec![Acc::default(); n];
        for ((s, t), acc) in &edges {
            for x in [*s, *t] {
                let e = &mut nodes[x as usize];
                e.events += acc.events;
                e.mentions += acc.mentions;
                e.goldstein += acc.goldstein;
            }
            if s == t {
                // A self-loop touches its node once.
                let e = &mut nodes[*s as usize];
                e.events -= acc.events;
                e.mentions -= acc.mentions;
                e.goldstein -= acc.goldstein;
            }
        }
        let mut nodes: Vec<(u32, Acc)> = nodes
            .into_iter()
            .enumerate()
            .filter(|(_, a)| a.events > 0)
            .map(|(i, a)| (i as u32, a))
            .collect();
        let (total_nodes, total_edges) = (nodes.len(), edges.len());
        nodes.sort_by(|a, b| {
            b.1.events
                .cmp(&a.1.events)
                .then_with(|| names[a.0 as usize].cmp(&names[b.0 as usize]))
        });
        nodes.truncate(max_nodes);
        let mut kept = vec![false; n];
        for (i, _) in &nodes {
            kept[*i as usize] = true;
        }
        let mut edges: Vec<((u32, u32), Acc)> = edges
            .into_iter()
            .filter(|((s, t), _)| kept[*s as usize] && kept[*t as usize])
            .collect();
        edges.sort_by(|a, b| {
            b.1.events.cmp(&a.1.events).then_with(|| {
                (&names[a.0 .0 as usize], &names[a.0 .1 as usize])
                    .cmp(&(&names[b.0 .0 as usize], &names[b.0 .1 as usize]))
            })
        });
        edges.truncate(max_edges);
        Network {
            nodes: nodes
                .into_iter()
                .map(|(n, acc)| Node {
                    id: names[n as usize].to_string(),
                    acc,
                })
                .collect(),
            edges: edges
                .into_iter()
                .map(|((s, t), acc)| Edge {
                    source: names[s as usize].to_string(),
                    target: names[t as usize].to_string(),
                    goldstein_mean: acc.mean(),
                    acc,
                })
                .collect(),
            total_nodes,
            total_edges,
        }
    }

    /// Event places with coordinates, most events first (at most `max`), and how many
    /// places there were in all.
    pub fn points(&self, max: usize) -> (Vec<Point>, usize) {
        let c = self.cube;
        let mut by_place = vec![Acc::default(); c.places.len()];
        self.each(|_, r| {
            if r.place != 0 {
                by_place[r.place as usize].add(r);
            }
        });
        let mut pts: Vec<(u32, Acc)> = by_place
            .into_iter()
            .enumerate()
            .filter(|(p, acc)| {
                let p = &c.places[*p];
                acc.events > 0
                    && matches!((p.lat, p.lon), (Some(a), Some(b)) if a.is_finite() && b.is_finite())
            })
            .map(|(p, acc)| (p as u32, acc))
            .collect();
        let total = pts.len();
        pts.sort_by(|a, b| b.1.events.cmp(&a.1.events).then(a.0.cmp(&b.0)));
        pts.truncate(max);
        let points = pts
            .into_iter()
            .map(|(p, acc)| {
                let p = &c.places[p as usize];
                Point {
                    name: p.name.to_string(),
                    country: p.country.to_string(),
                    lat: p.lat.unwrap_or(0.0),
                    lon: p.lon.unwrap_or(0.0),
                    goldstein_mean: acc.mean(),
                    acc,
                }
            })
            .collect();
        (points, total)
    }

    /// Counts per QuadClass, root code, actor and country (`top` of each list).
    pub fn facets(&self, top: usize) -> Facets {
        let c = self.cube;
        let mut quad = [0u64; 5];
        let mut codes = vec![0u64; c.codes.len()];
        let mut actors = vec![0u64; c.actors.len()];
        let mut countries = vec![0u64; c.countries.len()];
        let mut events = 0u64;
        let (mut first, mut last) = (i32::MAX, i32::MIN);
        self.each(|_, r| {
            events += 1;
            if (1..=4).contains(&r.quad) {
                quad[r.quad as usize] += 1;
            }
            codes[r.code as usize] += 1;
            actors[r.src as usize] += 1;
            if r.tgt != r.src {
                actors[r.tgt as usize] += 1;
            }
            let (cs, ct) = (c.country_of(r.src), c.country_of(r.tgt));
            countries[cs as usize] += 1;
            if ct != cs {
                countries[ct as usize] += 1;
            }
            if r.day != UNKNOWN_DAY {
                first = first.min(r.day);
                last = last.max(r.day);
            }
        });
        fn top_of(names: &[Box<str>], counts: &[u64], n: usize) -> Vec<(String, u64)> {
            let mut v: Vec<(String, u64)> = counts
                .iter()
                .enumerate()
                .filter(|(k, x)| **x > 0 && !names[*k].is_empty())
                .map(|(k, x)| (names[k].to_string(), *x))
                .collect();
            v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            v.truncate(n);
            v
        }
        let mut roots: HashMap<&str, u64> = HashMap::new();
        for (k, n) in codes.iter().enumerate() {
            if *n > 0 {
                let code = &c.codes[k];
                *roots.entry(code.get(..2).unwrap_or(code)).or_default() += n;
            }
        }
        let mut roots: Vec<(String, u64)> =
            roots.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
        roots.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        Facets {
            events,
            quad: (1..=4u8).map(|q| (q, quad[q as usize])).collect(),
            roots,
            actors: top_of(&c.actors, &actors, top),
            countries: top_of(&c.countries, &countries, top),
            first_day: (first <= last).then(|| days::iso(first as i64)),
            last_day: (first <= last).then(|| days::iso(last as i64)),
        }
    }
}

/// Weights per (source, target) pair: a dense matrix for up to [`DENSE_PAIRS`] cells, else a
/// hash map keyed by the pair (a large dense matrix would be mostly empty, and reading it
/// would cost more than the events do).
enum PairCounts {
    Dense(usize, Vec<Acc>),
    Sparse(HashMap<u64, Acc, BuildHasherDefault<PairHasher>>),
}

/// Largest dense pair matrix (cells; 24 bytes each).
const DENSE_PAIRS: usize = 1 << 12;

/// Largest dense pair matrix for a scan of a whole date range.
const WIDE_DENSE_PAIRS: usize = 1 << 18;

/// A multiplicative hash for pair keys (two `u32` in a `u64`): a few instructions instead of
/// SipHash's few dozen; the keys are our own numbers, not an attacker's.
#[derive(Default)]
struct PairHasher(u64);

impl std::hash::Hasher for PairHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }

    fn write_u64(&mut self, x: u64) {
        let h = (self.0 ^ x).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        self.0 = h ^ (h >> 29);
    }
}

impl PairCounts {
    fn new(n: usize) -> PairCounts {
        if n * n <= DENSE_PAIRS {
            PairCounts::Dense(n, vec![Acc::default(); n * n])
        } else {
            PairCounts::Sparse(HashMap::default())
        }
    }

    #[inline]
    fn add(&mut self, s: u32, t: u32, r: &Row) {
        match self {
            PairCounts::Dense(n, cells) => cells[s as usize * *n + t as usize].add(r),
            PairCounts::Sparse(m) => m
                .entry((u64::from(s) << 32) | u64::from(t))
                .or_default()
                .add(r),
        }
    }

    fn into_vec(self) -> Vec<((u32, u32), Acc)> {
        match self {
            PairCounts::Dense(n, cells) => cells
                .into_iter()
                .enumerate()
                .filter(|(_, a)| a.events > 0)
                .map(|(i, a)| (((i / n) as u32, (i % n) as u32), a))
                .collect(),
            PairCounts::Sparse(m) => m
                .into_iter()
                .map(|(k, a)| (((k >> 32) as u32, k as u32), a))
                .collect(),
        }
    }
}

fn bucket_name(b: Bucket) -> &'static str {
    match b {
        Bucket::Day => "day",
        Bucket::Week => "week",
        Bucket::Month => "month",
    }
}

#[cfg(test)]
#[path = "../tests/common/synth.rs"]
mod synth;

#[cfg(test)]
mod tests {
    use super::*;

    /// Rows selected through `driver`, sorted.
    fn rows_of(sel: &Selection<'_>, driver: &Driver) -> Vec<usize> {
        let mut v = Vec::new();
        sel.visit_with(driver, |i| v.push(i));
        v.sort_unstable();
        v
    }

    /// Every way of visiting a selection (a scan of the date range, each filter's posting
    /// lists, the intersection of all of them, the driver's own choice) selects the same rows,
    /// each once — on random filters combining actors, countries, codes, QuadClass and dates.
    #[test]
    fn drivers_agree() {
        let mut store = Store::open_in_memory().unwrap();
        synth::store_all(&mut store, &synth::documents(5, 400, 6, 120), 200);
        let cube = Cube::load(&store).unwrap();
        assert!(cube.len() > 2000);
        let mut r = synth::Rng(0x5eed);
        let actors = ["RUS", "USA", "UKR", "CHN", "RUSGOV", "USAMIL", "IRN", "ISR"];
        let countries = ["RUS", "USA", "UKR", "CHN", "IRN", "XYZ"];
        let codes = ["0", "04", "042", "19", "1", "05"];
        let (mut chosen_list, mut nonempty) = (0, 0);
        for _ in 0..400 {
            let mut f = EventFilter::default();
            let mut pick = |v: &[&str], p: u64| {
                (r.below(100) < p).then(|| v[r.below(v.len() as u64) as usize].to_string())
            };
            f.actor = pick(&actors, 30);
            f.source = pick(&actors, 20);
            f.target = pick(&actors, 20);
            f.country = pick(&countries, 30);
            f.code = pick(&codes, 25);
            f.root = pick(&codes, 25);
            if let (Some(s), Some(t)) = (pick(&actors, 20), pick(&actors, 100)) {
                f.dyad = Some((s, t));
                f.undirected = r.below(2) == 0;
            }
            if r.below(100) < 40 {
                f.quad = Some(1 + r.below(4) as u8);
            }
            if r.below(100) < 30 {
                let a = synth::iso(19_700 + r.below(100) as i64);
                let b = synth::iso(19_700 + 100 + r.below(100) as i64);
                f.from = Some(a);
                f.to = Some(b);
            }
            let sel = cube.select(&f, None);
            let all = rows_of(&sel, &Driver::Rows);
            let mut seen = all.clone();
            seen.dedup();
            assert_eq!(seen.len(), all.len(), "a row visited twice: {f:?}");
            let plans = sel.plans();
            for p in &plans {
                let via = rows_of(
                    &sel,
                    &Driver::Postings(
                        p.passes
                            .iter()
                            .map(|x| Pass {
                                list: x.list,
                                ids: x.ids.clone(),
                                skip_src: x.skip_src.clone(),
                            })
                            .collect(),
                    ),
                );
                assert_eq!(via, all, "posting lists of one filter: {f:?}");
            }
            if !plans.is_empty() {
                let list = sel.intersect(&plans);
                assert!(list.windows(2).all(|w| w[0] < w[1]), "ascending: {f:?}");
                assert_eq!(
                    rows_of(&sel, &Driver::List(list)),
                    all,
                    "intersection: {f:?}"
                );
            }
            let d = sel.driver();
            chosen_list += usize::from(matches!(d, Driver::List(_)));
            assert_eq!(rows_of(&sel, &d), all, "chosen driver: {f:?}");
            assert_eq!(sel.total().events as usize, all.len());
            nonempty += usize::from(!all.is_empty());
        }
        assert!(nonempty > 100, "the filters select something ({nonempty})");
        assert!(chosen_list > 0, "the intersection was chosen at least once");
    }

    #[test]
    fn pair_counts_dense_and_sparse_agree() {
        let row = Row {
            day: 0,
            src: 0,
            tgt: 0,
            place: 0,
            goldstein: 1.5,
            mentions: 2,
            code: 0,
            plover: 0,
            quad: 1,
        };
        let mut dense = PairCounts::new(3);
        let mut sparse = PairCounts::Sparse(HashMap::default());
        for (s, t) in [(0, 1), (2, 1), (0, 1), (1, 1), (2, 0)] {
            dense.add(s, t, &row);
            sparse.add(s, t, &row);
        }
        assert!(matches!(dense, PairCounts::Dense(..)));
        let (mut a, mut b) = (dense.into_vec(), sparse.into_vec());
        a.sort_by_key(|x| x.0);
        b.sort_by_key(|x| x.0);
        assert_eq!(a, b);
        assert_eq!(
            a[0],
            (
                (0, 1),
                Acc {
                    events: 2,
                    mentions: 4,
                    goldstein: 3.0
                }
            )
        );
        assert_eq!(a.len(), 4);
    }
}
