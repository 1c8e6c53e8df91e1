//! Every store format version keeps a tiny database written by the dyad of that version in
//! `tests/compat/store_vN/store.db`; this build must open each one (migrating it when written
//! to) and read the same events back.
//!
//! The fixture of the current version is written by
//! `cargo test -p dyad-store --test compat -- --ignored write_fixture`.

use std::path::{Path, PathBuf};

use dyad_store::{
    Aggregate, ContentHash, EventFilter, ExportFormat, IngestDoc, Store,
    STORE_FORMAT_OLDEST_SUPPORTED, STORE_FORMAT_VERSION,
};
use dyad_types::record::{ActorRef, CharSpan, DateValue, DocumentRecord, EventRecord, LocationRef};

fn fixture(version: u32) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/compat/store_v{version}/store.db"))
}

fn records() -> Vec<(String, DocumentRecord)> {
    let ev = |src: &str, tgt: &str, code: &str, quad: u8, g: f32| EventRecord {
        source: Some(ActorRef {
            code: Some(src.into()),
            name: Some(src.into()),
            start: Some(0),
            end: Some(8),
            rule: None,
        }),
        target: Some(ActorRef {
            code: Some(tgt.into()),
            name: Some(tgt.into()),
            start: Some(30),
            end: Some(38),
            rule: None,
        }),
        code: code.into(),
        modality: "asserted".into(),
        date: Some(DateValue {
            value: "2024-03-11".into(),
            ..Default::default()
        }),
        location: Some(LocationRef {
            name: "Asmara".into(),
            country: Some("ERI".into()),
            lat: Some(15.34),
            lon: Some(38.93),
        }),
        evidence: CharSpan {
            start: 0,
            end: 60,
            text: None,
        },
        trigger: CharSpan {
            start: 9,
            end: 17,
            text: None,
        },
        rule: "fixture".into(),
        quad_class: quad,
        goldstein: g,
        plover: Some("CONSULT".into()),
        ..Default::default()
    };
    let text = "Ethiopian leaders met Eritrean leaders in Asmara on Monday to resume talks.";
    (0..3)
        .map(|i| {
            let url = format!("https://site{}.example/story", i % 2 + i / 2 * 10);
            let rec = DocumentRecord {
                id: format!("page-{i}.txt"),
                title: Some("Ethiopia and Eritrea Agree to Resume Border Talks".into()),
                published: Some("2024-03-11".into()),
                url: Some(url.clone()),
                text: text.into(),
                sentences: 1,
                events: vec![
                    ev("ETHGOV", "ERIGOV", "036", 1, 4.0),
                    ev("ETHGOV", "ERIGOV", "040", 1, 1.0),
                ],
                ..Default::default()
            };
            (url, rec)
        })
        .collect()
}

/// Writes the current version's fixture (run by hand when the format version changes).
#[test]
#[ignore]
fn write_fixture() {
    let path = fixture(STORE_FORMAT_VERSION);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    for ext in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{ext}", path.display()));
    }
    let mut store = Store::open(&path).unwrap();
    let recs = records();
    for (url, rec) in &recs {
        let raw = rec.text.as_bytes();
        let doc = IngestDoc {
            hash: ContentHash::of(Some(url), raw),
            raw: Some(raw),
            url: Some(url),
            date: None,
            record: rec,
        };
        store.ingest(&[doc], 1_710_000_000).unwrap();
    }
    store.checkpoint().unwrap();
    drop(store);
    // A small, single file: rollback journal, 1 KiB pages.
    let c = rusqlite::Connection::open(&path).unwrap();
    c.pragma_update(None, "journal_mode", "DELETE").unwrap();
    c.pragma_update(None, "page_size", 1024).unwrap();
    c.execute_batch("VACUUM").unwrap();
}

fn check(store: &Store) {
    let all = store.events(&EventFilter::default()).unwrap();
    assert_eq!(all.len(), 2, "{all:?}");
    for e in &all {
        assert_eq!((e.num_mentions, e.num_articles, e.num_sources), (3, 3, 3));
        assert_eq!(e.date, "2024-03-11");
        assert_eq!(e.place.as_deref(), Some("Asmara"));
    }
    let f = EventFilter {
        code: Some("036".into()),
        text: Some("Asmara".into()),
        ..Default::default()
    };
    assert_eq!(store.events(&f).unwrap().len(), 1);
    // The dyad-by-day aggregate (from the rollup from format 2 on) equals the scan (a filter
    // the rollup cannot answer but that every fixture event passes).
    let dd = store
        .aggregate(Aggregate::DyadDay, &EventFilter::default())
        .unwrap();
    assert_eq!(dd.len(), 1);
    assert_eq!((dd[0].events, dd[0].mentions, dd[0].goldstein), (2, 6, 5.0));
    let scan = EventFilter {
        plover: Some("CONSULT".into()),
        ..Default::default()
    };
    assert_eq!(store.aggregate(Aggregate::DyadDay, &scan).unwrap(), dd);
    let mut g = Vec::new();
    store
        .export(ExportFormat::Gdelt, &EventFilter::default(), &mut g)
        .unwrap();
    for l in String::from_utf8(g).unwrap().lines() {
        assert_eq!(l.split('\t').count(), 61);
    }
}

#[test]
fn every_supported_version_opens() {
    for v in STORE_FORMAT_OLDEST_SUPPORTED..=STORE_FORMAT_VERSION {
        let src = fixture(v);
        assert!(src.exists(), "missing fixture {}", src.display());
        // Read-only, in place.
        let ro = Store::open_read_only(&src).unwrap();
        assert_eq!(ro.format_version(), v);
        check(&ro);
        drop(ro);
        // Writable (migrating) on a copy.
        let dir = std::env::temp_dir().join(format!("dyad-compat-{}-{v}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let copy = dir.join("store.db");
        std::fs::copy(&src, &copy).unwrap();
        let mut rw = Store::open(&copy).unwrap();
        assert_eq!(rw.format_version(), STORE_FORMAT_VERSION);
        check(&rw);
        // Re-ingesting the fixture's pages adds nothing.
        let recs = records();
        let docs: Vec<IngestDoc<'_>> = recs
            .iter()
            .map(|(url, rec)| IngestDoc {
                hash: ContentHash::of(Some(url), rec.text.as_bytes()),
                raw: None,
                url: Some(url),
                date: None,
                record: rec,
            })
            .collect();
        assert_eq!(rw.ingest(&docs, 0).unwrap().skipped, 3);
        drop(rw);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
