//! Synthetic coded documents for tests, benchmarks and load runs: deterministic (xorshift),
//! news-like skew (a few actors dominate), real capital coordinates so that maps look right.
//! Shared by `tests/` and `examples/` (`#[path]`), not part of the library.
#![allow(dead_code)]

use dyad::types::record::{
    ActorRef, CharSpan, DateValue, DocumentRecord, EventRecord, LocationRef,
};
use dyad_store::{ContentHash, IngestDoc, Store};

/// xorshift64*.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    /// Skewed toward small values.
    pub fn skewed(&mut self, n: u64) -> u64 {
        self.below(n).min(self.below(n))
    }
}

/// Countries with their capital and its coordinates.
pub const COUNTRIES: &[(&str, &str, f64, f64)] = &[
    ("USA", "Washington", 38.90, -77.04),
    ("RUS", "Moscow", 55.76, 37.62),
    ("CHN", "Beijing", 39.90, 116.41),
    ("UKR", "Kyiv", 50.45, 30.52),
    ("ISR", "Jerusalem", 31.77, 35.22),
    ("PSE", "Gaza", 31.50, 34.47),
    ("IRN", "Tehran", 35.69, 51.39),
    ("GBR", "London", 51.51, -0.13),
    ("FRA", "Paris", 48.86, 2.35),
    ("DEU", "Berlin", 52.52, 13.40),
    ("TUR", "Ankara", 39.93, 32.86),
    ("SYR", "Damascus", 33.51, 36.29),
    ("IRQ", "Baghdad", 33.32, 44.36),
    ("AFG", "Kabul", 34.53, 69.17),
    ("PAK", "Islamabad", 33.69, 73.05),
    ("IND", "New Delhi", 28.61, 77.21),
    ("PRK", "Pyongyang", 39.04, 125.76),
    ("KOR", "Seoul", 37.57, 126.98),
    ("JPN", "Tokyo", 35.68, 139.69),
    ("ETH", "Addis Ababa", 9.03, 38.74),
    ("ERI", "Asmara", 15.34, 38.93),
    ("SDN", "Khartoum", 15.50, 32.56),
    ("NGA", "Abuja", 9.08, 7.40),
    ("EGY", "Cairo", 30.04, 31.24),
    ("SAU", "Riyadh", 24.71, 46.68),
    ("YEM", "Sanaa", 15.37, 44.19),
    ("LBN", "Beirut", 33.89, 35.50),
    ("MEX", "Mexico City", 19.43, -99.13),
    ("BRA", "Brasilia", -15.79, -47.88),
    ("VEN", "Caracas", 10.48, -66.90),
    ("COL", "Bogota", 4.71, -74.07),
    ("POL", "Warsaw", 52.23, 21.01),
    ("BLR", "Minsk", 53.90, 27.57),
    ("GEO", "Tbilisi", 41.72, 44.78),
    ("ARM", "Yerevan", 40.18, 44.51),
    ("AZE", "Baku", 40.41, 49.87),
    ("MLI", "Bamako", 12.64, -8.00),
    ("SOM", "Mogadishu", 2.05, 45.32),
    ("KEN", "Nairobi", -1.29, 36.82),
    ("COD", "Kinshasa", -4.44, 15.27),
];

pub const ROLES: &[&str] = &["", "GOV", "MIL", "COP", "REB", "OPP"];

/// (code, QuadClass, Goldstein, PLOVER).
pub const CODES: &[(&str, u8, f32, &str)] = &[
    ("010", 1, 0.0, "OTHER"),
    ("020", 1, 3.0, "APPEAL"),
    ("036", 1, 4.0, "CONSULT"),
    ("040", 1, 1.0, "CONSULT"),
    ("042", 1, 1.9, "CONSULT"),
    ("043", 1, 2.8, "CONSULT"),
    ("046", 1, 7.0, "CONSULT"),
    ("057", 1, 8.0, "AGREE"),
    ("061", 2, 6.4, "COOPERATE"),
    ("071", 2, 7.4, "AID"),
    ("111", 3, -2.0, "REJECT"),
    ("112", 3, -2.0, "ACCUSE"),
    ("120", 3, -4.0, "REJECT"),
    ("130", 3, -4.4, "THREATEN"),
    ("138", 3, -7.0, "THREATEN"),
    ("163", 4, -8.0, "SANCTION"),
    ("173", 4, -5.0, "COERCE"),
    ("180", 4, -9.0, "ASSAULT"),
    ("190", 4, -10.0, "ASSAULT"),
    ("193", 4, -10.0, "ASSAULT"),
];

pub const TOPICS: &[&str] = &[
    "ceasefire",
    "sanctions",
    "border",
    "election",
    "aid",
    "drones",
];

pub const MODALITIES: &[&str] = &[
    "asserted", "asserted", "asserted", "hedged", "intended", "denied",
];

/// Days since 1970-01-01 → `YYYY-MM-DD`.
pub fn iso(z: i64) -> String {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    format!("{:04}-{m:02}-{d:02}", yoe + era * 400 + i64::from(m <= 2))
}

/// 2023-01-01.
pub const FIRST_DAY: i64 = 19_358;

fn actor(r: &mut Rng) -> (String, usize) {
    let c = r.skewed(COUNTRIES.len() as u64) as usize;
    let role = ROLES[r.below(ROLES.len() as u64) as usize];
    (format!("{}{role}", COUNTRIES[c].0), c)
}

/// One random event over `days` days from [`FIRST_DAY`].
pub fn event(r: &mut Rng, days: u64) -> EventRecord {
    let (code, quad, goldstein, plover) = CODES[r.below(CODES.len() as u64) as usize];
    let (src, sc) = actor(r);
    let (mut tgt, _) = actor(r);
    if tgt == src {
        tgt = format!("{}MIL", &COUNTRIES[(sc + 1) % COUNTRIES.len()].0);
    }
    let location = if r.below(4) == 0 {
        None
    } else {
        let p = &COUNTRIES[r.skewed(COUNTRIES.len() as u64) as usize];
        Some(LocationRef {
            name: p.1.into(),
            country: Some(p.0.into()),
            lat: Some(p.2),
            lon: Some(p.3),
        })
    };
    let modality = MODALITIES[r.below(MODALITIES.len() as u64) as usize];
    EventRecord {
        source: Some(ActorRef {
            code: Some(src),
            name: Some("Source".into()),
            start: Some(0),
            end: Some(6),
            rule: None,
        }),
        target: Some(ActorRef {
            code: Some(tgt),
            name: Some("Target".into()),
            start: Some(20),
            end: Some(26),
            rule: None,
        }),
        code: code.into(),
        negated: modality == "denied",
        modality: modality.into(),
        attribution: (r.below(3) == 0).then(|| ActorRef {
            code: Some("USAGOV".into()),
            name: Some("the ministry".into()),
            ..Default::default()
        }),
        date: Some(DateValue {
            value: iso(FIRST_DAY + r.below(days) as i64),
            ..Default::default()
        }),
        location,
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
        rule: "synthetic".into(),
        quad_class: quad,
        goldstein,
        plover: Some(plover.into()),
        plover_mode: None,
    }
}

/// `docs` documents of `per_doc` events over `days` days; `seed` makes them distinct.
pub fn documents(seed: u64, docs: usize, per_doc: usize, days: u64) -> Vec<DocumentRecord> {
    let mut r = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    (0..docs)
        .map(|i| {
            let topic = TOPICS[r.below(TOPICS.len() as u64) as usize];
            DocumentRecord {
                id: format!("synth-{seed}-{i}"),
                title: Some(format!("Talks on {topic} ({seed}-{i})")),
                published: Some(iso(FIRST_DAY + r.below(days) as i64)),
                url: Some(format!("https://site{}.example/{seed}/{i}", i % 50)),
                text: format!(
                    "Source officials held talks with Target representatives about {topic} \
                     on Monday, the ministry said."
                ),
                sentences: 1,
                events: (0..per_doc).map(|_| event(&mut r, days)).collect(),
                ..Default::default()
            }
        })
        .collect()
}

/// Stores `recs` in transactions of `batch` documents.
pub fn store_all(store: &mut Store, recs: &[DocumentRecord], batch: usize) {
    for chunk in recs.chunks(batch.max(1)) {
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
        store
            .ingest(&docs, 1_700_000_000)
            .expect("ingest synthetic documents");
    }
}
