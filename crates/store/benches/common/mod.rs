//! Synthetic coded records shared by the store benchmarks: deterministic (xorshift), skewed
//! toward a few countries, 240 actor codes, 20 CAMEO codes, days over `days` days from
//! 2023-01-01, a place on two thirds of the events.
#![allow(dead_code)] // each bench uses a part

use std::path::PathBuf;
use std::time::Instant;

use dyad_store::{ContentHash, IngestDoc, Store};
use dyad_types::record::{ActorRef, CharSpan, DateValue, DocumentRecord, EventRecord, LocationRef};

/// xorshift64*: deterministic, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    /// Skewed toward small values (news is about a few actors).
    fn skewed(&mut self, n: u64) -> u64 {
        let a = self.below(n);
        let b = self.below(n);
        a.min(b)
    }
}

const COUNTRIES: &[&str] = &[
    "USA", "RUS", "CHN", "UKR", "ISR", "PSE", "IRN", "GBR", "FRA", "DEU", "TUR", "SYR", "IRQ",
    "AFG", "PAK", "IND", "PRK", "KOR", "JPN", "ETH", "ERI", "SDN", "NGA", "EGY", "SAU", "YEM",
    "LBN", "MEX", "BRA", "VEN", "COL", "POL", "BLR", "GEO", "ARM", "AZE", "MLI", "SOM", "KEN",
    "COD",
];
const ROLES: &[&str] = &["", "GOV", "MIL", "COP", "REB", "OPP"];
const CODES: &[(&str, u8, f32)] = &[
    ("010", 1, 0.0),
    ("020", 1, 3.0),
    ("036", 1, 4.0),
    ("040", 1, 1.0),
    ("042", 1, 1.9),
    ("043", 1, 2.8),
    ("046", 1, 7.0),
    ("057", 1, 8.0),
    ("061", 2, 6.4),
    ("071", 2, 7.4),
    ("111", 3, -2.0),
    ("112", 3, -2.0),
    ("120", 3, -4.0),
    ("130", 3, -4.4),
    ("138", 3, -7.0),
    ("163", 4, -8.0),
    ("173", 4, -5.0),
    ("180", 4, -9.0),
    ("190", 4, -10.0),
    ("193", 4, -10.0),
];
const PLACES: &[(&str, &str)] = &[
    ("Kyiv", "UKR"),
    ("Moscow", "RUS"),
    ("Beijing", "CHN"),
    ("Gaza", "PSE"),
    ("Tehran", "IRN"),
    ("Washington", "USA"),
    ("Khartoum", "SDN"),
    ("Asmara", "ERI"),
    ("Kabul", "AFG"),
    ("Damascus", "SYR"),
];

fn actor(r: &mut Rng) -> String {
    let c = COUNTRIES[r.skewed(COUNTRIES.len() as u64) as usize];
    let role = ROLES[r.below(ROLES.len() as u64) as usize];
    format!("{c}{role}")
}

fn random_event(r: &mut Rng, first: u64, days: u64) -> EventRecord {
    let (code, quad, goldstein) = CODES[r.below(CODES.len() as u64) as usize];
    let day = 19_358 + first + r.below(days); // from 2023-01-01 + first
    let place = if r.below(3) == 0 {
        None
    } else {
        let (n, c) = PLACES[r.below(PLACES.len() as u64) as usize];
        Some(LocationRef {
            name: n.into(),
            country: Some(c.into()),
            lat: Some(1.0),
            lon: Some(2.0),
        })
    };
    let (y, m, d) = civil(day as i64);
    EventRecord {
        source: Some(ActorRef {
            code: Some(actor(r)),
            name: Some("Source".into()),
            start: Some(0),
            end: Some(6),
            rule: None,
        }),
        target: Some(ActorRef {
            code: Some(actor(r)),
            name: Some("Target".into()),
            start: Some(20),
            end: Some(26),
            rule: None,
        }),
        code: code.into(),
        negated: false,
        modality: "asserted".into(),
        attribution: None,
        date: Some(DateValue {
            value: format!("{y:04}-{m:02}-{d:02}"),
            ..Default::default()
        }),
        location: place,
        sentence: 0,
        evidence: CharSpan {
            start: 0,
            end: 60,
            text: None,
        },
        trigger: CharSpan {
            start: 7,
            end: 19,
            text: None,
        },
        rule: "bench".into(),
        quad_class: quad,
        goldstein,
        plover: Some("CONSULT".into()),
        plover_mode: None,
    }
}

fn civil(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

const TEXT: &str = "Source officials held talks with Target representatives on Monday, \
    the ministry said in a statement, and both sides agreed to meet again next week.";

/// `docs` documents of `per_doc` events on days spread over `days` days from 2023-01-01;
/// `reprint` in 100 of them repeat an earlier event.
pub fn records(
    seed: u64,
    docs: usize,
    per_doc: usize,
    days: u64,
    reprint: u64,
) -> Vec<DocumentRecord> {
    records_from(seed, docs, per_doc, 0, days, reprint)
}

/// [`records`] on days from 2023-01-01 + `first` days.
pub fn records_from(
    seed: u64,
    docs: usize,
    per_doc: usize,
    first: u64,
    days: u64,
    reprint: u64,
) -> Vec<DocumentRecord> {
    let mut r = Rng(seed);
    let mut earlier: Vec<EventRecord> = Vec::new();
    (0..docs)
        .map(|i| {
            let events = (0..per_doc)
                .map(|_| {
                    if !earlier.is_empty() && r.below(100) < reprint {
                        earlier[r.below(earlier.len() as u64) as usize].clone()
                    } else {
                        let e = random_event(&mut r, first, days);
                        if earlier.len() < 10_000 {
                            earlier.push(e.clone());
                        }
                        e
                    }
                })
                .collect();
            DocumentRecord {
                id: format!("doc-{seed}-{i}"),
                published: Some("2023-06-01".into()),
                url: Some(format!("https://site{}.example/{seed}/{i}", i % 50)),
                text: TEXT.into(),
                sentences: 1,
                events,
                ..Default::default()
            }
        })
        .collect()
}

pub fn ingest_all(store: &mut Store, recs: &[DocumentRecord], batch: usize) {
    for chunk in recs.chunks(batch) {
        let docs: Vec<IngestDoc<'_>> = chunk
            .iter()
            .map(|rec| IngestDoc {
                hash: ContentHash::of(rec.url.as_deref(), rec.id.as_bytes()),
                raw: None,
                url: rec.url.as_deref(),
                date: None,
                record: rec,
            })
            .collect();
        store.ingest(&docs, 1_700_000_000).unwrap();
    }
}

pub fn bench_dir() -> PathBuf {
    let d = std::env::var_os("DYAD_BENCH_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/dyad-store-bench")
        });
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Builds (or reuses) the database of `target` events; returns it with its event count.
pub fn big_store(target: i64) -> (Store, i64) {
    let path = bench_dir().join(format!("events-{target}.db"));
    let mut store = Store::open(&path).unwrap();
    let mut have = store.stats().unwrap().events;
    if have < target {
        let t = Instant::now();
        let mut seed = 1000 + have as u64;
        let mut mentions = 0usize;
        while have < target {
            let docs = (((target - have) as usize) / 10).clamp(1, 20_000);
            let recs = records(seed, docs, 10, 1095, 0);
            mentions += docs * 10;
            ingest_all(&mut store, &recs, 2_000);
            have = store.stats().unwrap().events;
            seed += 1;
            eprintln!(
                "built {have} events ({:.0} mentions/s)",
                mentions as f64 / t.elapsed().as_secs_f64()
            );
        }
        store.checkpoint().unwrap();
    }
    drop(store);
    let bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    eprintln!(
        "aggregate: {have} events in {} ({:.1} MB, {:.1} MB per million events)",
        path.display(),
        bytes as f64 / 1e6,
        bytes as f64 / 1e6 / (have as f64 / 1e6)
    );
    (Store::open_read_only(&path).unwrap(), have)
}
