//! Store tests on the in-memory backend.

use dyad_types::record::{
    ActorRecord, ActorRef, CharSpan, DateValue, DocumentRecord, EventRecord, LocationRef,
    PlaceRecord, QuoteRecord, TimeRecord,
};

use crate::query::AggSource;
use crate::*;

const TEXT: &str =
    "Russian troops attacked Kyiv on Monday. China and Russia held talks in Beijing.";

fn actor(code: &str, name: &str, start: usize, end: usize) -> Option<ActorRef> {
    Some(ActorRef {
        code: Some(code.into()),
        name: Some(name.into()),
        start: Some(start),
        end: Some(end),
        rule: None,
    })
}

struct Ev<'a> {
    src: &'a str,
    tgt: &'a str,
    code: &'a str,
    date: Option<&'a str>,
    place: Option<(&'a str, &'a str)>,
}

fn event(e: &Ev<'_>) -> EventRecord {
    let quad = match e.code.get(..2).unwrap_or("") {
        "01" | "02" | "03" | "04" | "05" => 1,
        "06" | "07" | "08" => 2,
        "09" | "10" | "11" | "12" | "13" | "14" | "15" | "16" => 3,
        _ => 4,
    };
    EventRecord {
        source: actor(e.src, e.src, 0, 7),
        target: actor(e.tgt, e.tgt, 24, 28),
        code: e.code.into(),
        negated: false,
        modality: "asserted".into(),
        attribution: None,
        date: e.date.map(|d| DateValue {
            value: d.into(),
            ..Default::default()
        }),
        location: e.place.map(|(n, c)| LocationRef {
            name: n.into(),
            country: Some(c.into()),
            lat: Some(50.45),
            lon: Some(30.52),
        }),
        sentence: 0,
        evidence: CharSpan {
            start: 0,
            end: 39,
            text: None,
        },
        trigger: CharSpan {
            start: 15,
            end: 23,
            text: None,
        },
        rule: "test".into(),
        quad_class: quad,
        goldstein: if quad > 2 { -10.0 } else { 4.0 },
        plover: Some(if quad > 2 { "ASSAULT" } else { "CONSULT" }.into()),
        plover_mode: None,
    }
}

fn doc(id: &str, published: &str, events: Vec<EventRecord>) -> DocumentRecord {
    DocumentRecord {
        id: id.into(),
        title: Some(format!("Title of {id}")),
        author: None,
        published: Some(published.into()),
        url: None,
        text: TEXT.into(),
        sentences: 2,
        events,
        quotes: vec![QuoteRecord {
            text: "We will".into(),
            start: 1,
            end: 8,
            speaker: Some(ActorRef {
                code: Some("RUSGOV".into()),
                ..Default::default()
            }),
        }],
        times: vec![TimeRecord {
            text: "Monday".into(),
            start: 32,
            end: 38,
            value: "2023-09-04".into(),
        }],
        places: vec![PlaceRecord {
            text: "Kyiv".into(),
            start: 24,
            end: 28,
            name: "Kyiv".into(),
            country: "UKR".into(),
            lat: 50.45,
            lon: 30.52,
        }],
        actors: vec![ActorRecord {
            text: "Russian troops".into(),
            start: 0,
            end: 14,
            code: "RUSMIL".into(),
            name: None,
            rule: "r".into(),
        }],
        error: None,
    }
}

fn put(store: &mut Store, url: Option<&str>, raw: &str, rec: &DocumentRecord) -> IngestReport {
    let d = IngestDoc {
        hash: ContentHash::of(url, raw.as_bytes()),
        raw: Some(raw.as_bytes()),
        url,
        date: None,
        record: rec,
    };
    store.ingest(&[d], 1_700_000_000).unwrap()
}

fn attack() -> EventRecord {
    event(&Ev {
        src: "RUSMIL",
        tgt: "UKR",
        code: "190",
        date: Some("2023-09-04"),
        place: Some(("Kyiv", "UKR")),
    })
}

fn talks() -> EventRecord {
    event(&Ev {
        src: "CHN",
        tgt: "RUS",
        code: "040",
        date: None,
        place: Some(("Beijing", "CHN")),
    })
}

#[test]
fn round_trip() {
    let mut s = Store::open_in_memory().unwrap();
    assert_eq!(s.format_version(), STORE_FORMAT_VERSION);
    let rec = doc("a.txt", "2023-09-05", vec![attack(), talks()]);
    let r = put(&mut s, None, "page a", &rec);
    assert_eq!((r.added, r.mentions, r.new_events), (1, 2, 2));
    let evs = s.events(&EventFilter::default()).unwrap();
    assert_eq!(evs.len(), 2);
    let a = evs.iter().find(|e| e.code == "190").unwrap();
    assert_eq!(a.date, "2023-09-04");
    assert_eq!((a.source.as_str(), a.target.as_str()), ("RUSMIL", "UKR"));
    assert_eq!(a.root, "19");
    assert_eq!(a.quad_class, 4);
    assert_eq!(a.place.as_deref(), Some("Kyiv"));
    assert_eq!(a.source_url, "a.txt");
    // Undated events take the publication day.
    let t = evs.iter().find(|e| e.code == "040").unwrap();
    assert_eq!(t.date, "2023-09-05");
    let m = s.mentions(a.id).unwrap();
    assert_eq!(m.len(), 1);
    assert_eq!(m[0].doc_id, "a.txt");
    assert_eq!(m[0].source_text.as_deref(), Some("Russian"));
    assert_eq!(m[0].trigger_text.as_deref(), Some("attacked"));
    assert_eq!(m[0].evidence, (0, 39));
    let st = s.stats().unwrap();
    assert_eq!((st.articles, st.events, st.mentions), (1, 2, 2));
    for (table, n) in [
        ("actors", 1),
        ("places", 1),
        ("times", 1),
        ("quotes", 1),
        ("sentences", 1),
    ] {
        let c: i64 = s
            .conn()
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .unwrap();
        assert_eq!(c, n, "{table}");
    }
    let raw: Vec<u8> = s
        .conn()
        .query_row("SELECT raw FROM articles", [], |r| r.get(0))
        .unwrap();
    assert_eq!(raw, b"page a");
}

#[test]
fn ingest_is_idempotent() {
    let mut s = Store::open_in_memory().unwrap();
    let rec = doc("a.txt", "2023-09-05", vec![attack(), talks()]);
    put(&mut s, None, "page a", &rec);
    let mut before = Vec::new();
    s.dump_events(&mut before).unwrap();
    let r = put(&mut s, None, "page a", &rec);
    assert_eq!((r.added, r.skipped, r.mentions), (0, 1, 0));
    // The same page under another path is the same content: still nothing.
    let other = doc("copy/a.txt", "2023-09-05", vec![attack()]);
    assert_eq!(put(&mut s, None, "page a", &other).skipped, 1);
    let mut after = Vec::new();
    s.dump_events(&mut after).unwrap();
    assert_eq!(before, after);
    assert_eq!(s.stats().unwrap().mentions, 2);
    assert!(s.contains(&ContentHash::of(None, b"page a")).unwrap());
    assert!(!s.contains(&ContentHash::of(None, b"page b")).unwrap());
}

#[test]
fn changed_page_at_same_url_replaces() {
    let mut s = Store::open_in_memory().unwrap();
    let url = "https://news.example/story";
    let v1 = doc("v1", "2023-09-05", vec![attack(), talks()]);
    put(&mut s, Some(url), "version 1", &v1);
    let v2 = doc("v2", "2023-09-05", vec![talks()]);
    let r = put(&mut s, Some(url), "version 2", &v2);
    assert_eq!((r.added, r.replaced), (1, 1));
    let st = s.stats().unwrap();
    assert_eq!((st.articles, st.events, st.mentions), (1, 1, 1));
    assert_eq!(s.events(&EventFilter::default()).unwrap()[0].code, "040");
    let fts: i64 = s
        .conn()
        .query_row(
            "SELECT count(*) FROM article_fts WHERE article_fts MATCH 'Kyiv'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(fts, 1);
    for table in ["actors", "places", "times", "quotes"] {
        let c: i64 = s
            .conn()
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .unwrap();
        assert_eq!(c, 1, "{table}");
    }
    // Removing the page leaves nothing.
    assert_eq!(s.remove(url).unwrap(), 1);
    let st = s.stats().unwrap();
    assert_eq!((st.articles, st.events, st.mentions), (0, 0, 0));
}

#[test]
fn reprints_cluster_into_one_event() {
    let mut s = Store::open_in_memory().unwrap();
    // One wire story on three sites (two pages from site a), one page mentions it twice.
    let twice = doc("p1", "2023-09-05", vec![attack(), attack()]);
    put(&mut s, Some("https://a.example/1"), "p1", &twice);
    // Created by one article with two mentions: one article, one source.
    let e = &s.events(&EventFilter::default()).unwrap()[0];
    assert_eq!((e.num_mentions, e.num_articles, e.num_sources), (2, 1, 1));
    put(
        &mut s,
        Some("https://a.example/2"),
        "p2",
        &doc("p2", "2023-09-05", vec![attack()]),
    );
    let mut finer = attack();
    finer.code = "1902".into(); // same family 190
    put(
        &mut s,
        Some("https://www.b.example/x"),
        "p3",
        &doc("p3", "2023-09-06", vec![finer]),
    );
    let evs = s.events(&EventFilter::default()).unwrap();
    assert_eq!(evs.len(), 1, "{evs:?}");
    let e = &evs[0];
    assert_eq!((e.num_mentions, e.num_articles, e.num_sources), (4, 3, 2));
    assert_eq!(e.code, "190", "the earliest article is the representative");
    assert_eq!(s.mentions(e.id).unwrap().len(), 4);

    // A different day, place, family or direction is another event.
    let mut other_day = attack();
    other_day.date = Some(DateValue {
        value: "2023-09-01".into(),
        ..Default::default()
    });
    let mut other_place = attack();
    other_place.location = Some(LocationRef {
        name: "Odesa".into(),
        country: Some("UKR".into()),
        lat: None,
        lon: None,
    });
    let mut other_code = attack();
    other_code.code = "180".into();
    let mut reverse = attack();
    std::mem::swap(&mut reverse.source, &mut reverse.target);
    let mut negated = attack();
    negated.negated = true;
    put(
        &mut s,
        None,
        "p4",
        &doc(
            "p4",
            "2023-09-05",
            vec![other_day, other_place, other_code, reverse, negated],
        ),
    );
    assert_eq!(s.events(&EventFilter::default()).unwrap().len(), 6);
}

#[test]
fn clustering_does_not_depend_on_order() {
    let pages: Vec<(String, String, DocumentRecord)> = (0..6)
        .map(|i| {
            let url = format!("https://s{}.example/{i}", i % 3);
            let mut evs = vec![attack()];
            if i % 2 == 0 {
                evs.push(talks());
            }
            let d = format!("2023-09-0{}", 4 + i % 2);
            (url, format!("page {i}"), doc(&format!("d{i}"), &d, evs))
        })
        .collect();
    let dump = |order: &mut dyn Iterator<Item = &(String, String, DocumentRecord)>| {
        let mut s = Store::open_in_memory().unwrap();
        for (u, raw, rec) in order {
            put(&mut s, Some(u), raw, rec);
        }
        let mut out = Vec::new();
        s.dump_events(&mut out).unwrap();
        String::from_utf8(out).unwrap()
    };
    let a = dump(&mut pages.iter());
    let b = dump(&mut pages.iter().rev());
    assert_eq!(a, b);
    assert_eq!(a.lines().count(), 2);
}

fn filter_store() -> Store {
    let mut s = Store::open_in_memory().unwrap();
    let mut hedged = talks();
    hedged.modality = "hedged".into();
    hedged.attribution = Some(ActorRef {
        name: Some("the United States".into()),
        code: Some("USA".into()),
        ..Default::default()
    });
    put(
        &mut s,
        Some("https://a.example/1"),
        "p1",
        &doc("p1", "2023-09-05", vec![attack(), hedged]),
    );
    let mut rec = doc(
        "p2",
        "2023-10-01",
        vec![event(&Ev {
            src: "USAGOV",
            tgt: "IGOUNO",
            code: "0311",
            date: None,
            place: None,
        })],
    );
    rec.text = "The White House asked the United Nations for food aid.".into();
    rec.title = Some("Aid appeal".into());
    put(&mut s, Some("https://b.example/2"), "p2", &rec);
    s
}

#[test]
fn each_filter_narrows() {
    let s = filter_store();
    let n = |f: EventFilter| {
        let mut v = s
            .events(&f)
            .unwrap()
            .iter()
            .map(|e| e.code.clone())
            .collect::<Vec<_>>();
        v.sort();
        v
    };
    let f = EventFilter::default;
    assert_eq!(n(f()).len(), 3);
    assert_eq!(
        n(EventFilter {
            actor: Some("rus".into()),
            ..f()
        }),
        vec!["040", "190"]
    );
    assert_eq!(
        n(EventFilter {
            source: Some("RUS".into()),
            ..f()
        }),
        vec!["190"]
    );
    assert_eq!(
        n(EventFilter {
            target: Some("IGO".into()),
            ..f()
        }),
        vec!["0311"]
    );
    assert_eq!(
        n(EventFilter {
            dyad: Some(("RUS".into(), "CHN".into())),
            ..f()
        }),
        Vec::<String>::new()
    );
    assert_eq!(
        n(EventFilter {
            dyad: Some(("RUS".into(), "CHN".into())),
            undirected: true,
            ..f()
        }),
        vec!["040"]
    );
    assert_eq!(
        n(EventFilter {
            country: Some("USA".into()),
            ..f()
        }),
        vec!["0311"]
    );
    assert_eq!(
        n(EventFilter {
            code: Some("03".into()),
            ..f()
        }),
        vec!["0311"]
    );
    assert_eq!(
        n(EventFilter {
            root: Some("19".into()),
            ..f()
        }),
        vec!["190"]
    );
    assert_eq!(
        n(EventFilter {
            quad: Some(1),
            ..f()
        }),
        vec!["0311", "040"]
    );
    assert_eq!(
        n(EventFilter {
            plover: Some("assault".into()),
            ..f()
        }),
        vec!["190"]
    );
    assert_eq!(
        n(EventFilter {
            from: Some("2023-09-05".into()),
            ..f()
        }),
        vec!["0311", "040"]
    );
    assert_eq!(
        n(EventFilter {
            to: Some("2023-09-04".into()),
            ..f()
        }),
        vec!["190"]
    );
    assert_eq!(
        n(EventFilter {
            place: Some("beijing".into()),
            ..f()
        }),
        vec!["040"]
    );
    assert_eq!(
        n(EventFilter {
            place_country: Some("ukr".into()),
            ..f()
        }),
        vec!["190"]
    );
    assert_eq!(
        n(EventFilter {
            modality: Some("hedged".into()),
            ..f()
        }),
        vec!["040"]
    );
    assert_eq!(
        n(EventFilter {
            attribution: Some("USA".into()),
            ..f()
        }),
        vec!["040"]
    );
    assert_eq!(
        n(EventFilter {
            attribution: Some("united states".into()),
            ..f()
        }),
        vec!["040"]
    );
    assert_eq!(
        n(EventFilter {
            text: Some("food AND aid".into()),
            ..f()
        }),
        vec!["0311"]
    );
    assert_eq!(
        n(EventFilter {
            limit: Some(1),
            ..f()
        })
        .len(),
        1
    );
    for bad in [
        EventFilter {
            actor: Some("R*".into()),
            ..f()
        },
        EventFilter {
            from: Some("yesterday".into()),
            ..f()
        },
        EventFilter {
            quad: Some(7),
            ..f()
        },
        EventFilter {
            root: Some("1".into()),
            ..f()
        },
        EventFilter {
            text: Some("\"unbalanced".into()),
            ..f()
        },
    ] {
        match s.events(&bad) {
            Err(Error::User(UserError::BadFilter { .. })) => {}
            other => panic!("{bad:?}: {other:?}"),
        }
    }
}

#[test]
fn aggregates() {
    let s = filter_store();
    let f = EventFilter::default();
    let dd = s.aggregate(Aggregate::DyadDay, &f).unwrap();
    assert_eq!(dd.len(), 3);
    let r = dd
        .iter()
        .find(|r| r.source.as_deref() == Some("RUSMIL"))
        .unwrap();
    assert_eq!(
        (r.date.as_deref(), r.events, r.goldstein),
        (Some("2023-09-04"), 1, -10.0)
    );
    let days = s.aggregate(Aggregate::Day, &f).unwrap();
    assert_eq!(days.len(), 3);
    let top = s.aggregate(Aggregate::TopActors, &f).unwrap();
    assert_eq!(top[0].actor.as_deref(), Some("CHN"));
    assert_eq!(top.iter().map(|r| r.events).sum::<i64>(), 6);
    let pairs = s
        .aggregate(Aggregate::TopPairs, &EventFilter { quad: Some(1), ..f })
        .unwrap();
    assert_eq!(pairs.len(), 2);
    assert_eq!(pairs.iter().map(|r| r.goldstein).sum::<f64>(), 8.0);
    // Goldstein values read back as written (f32 in the record, no binary noise).
    let mut s = Store::open_in_memory().unwrap();
    let mut e = attack();
    e.goldstein = -4.4;
    put(&mut s, None, "p", &doc("p", "2023-09-05", vec![e]));
    assert_eq!(
        s.events(&EventFilter::default()).unwrap()[0].goldstein,
        -4.4
    );
}

#[test]
fn export_column_counts() {
    let s = filter_store();
    let f = EventFilter::default();
    let mut g = Vec::new();
    assert_eq!(s.export(ExportFormat::Gdelt, &f, &mut g).unwrap(), 3);
    let g = String::from_utf8(g).unwrap();
    assert_eq!(g.lines().count(), 3);
    for l in g.lines() {
        let cols: Vec<&str> = l.split('\t').collect();
        assert_eq!(cols.len(), 61, "{l}");
        assert_eq!(cols.len(), GDELT_COLUMNS.len());
    }
    let line = g.lines().find(|l| l.contains("\t190\t")).unwrap();
    let cols: Vec<&str> = line.split('\t').collect();
    let col = |name: &str| cols[GDELT_COLUMNS.iter().position(|c| *c == name).unwrap()];
    assert_eq!(col("Day"), "20230904");
    assert_eq!(col("MonthYear"), "202309");
    assert_eq!(col("Actor1CountryCode"), "RUS");
    assert_eq!(col("Actor1Type1Code"), "MIL");
    assert_eq!(col("EventBaseCode"), "190");
    assert_eq!(col("EventRootCode"), "19");
    assert_eq!(col("QuadClass"), "4");
    assert_eq!(col("ActionGeo_CountryCode"), "UP");
    assert_eq!(col("ActionGeo_Type"), "4");
    assert_eq!(col("DATEADDED"), "20231114221320");
    assert_eq!(col("SOURCEURL"), "https://a.example/1");
    let un = g.lines().find(|l| l.contains("IGOUNO")).unwrap();
    assert!(un.split('\t').nth(18) == Some("UNO"), "{un}");

    let mut p = Vec::new();
    s.export(ExportFormat::Polecat, &f, &mut p).unwrap();
    let p = String::from_utf8(p).unwrap();
    assert_eq!(p.lines().count(), 4);
    assert_eq!(p.lines().next().unwrap(), POLECAT_COLUMNS.join("\t"));
    for l in p.lines() {
        assert_eq!(l.split('\t').count(), 40, "{l}");
    }

    let mut j = Vec::new();
    s.export(ExportFormat::Jsonl, &f, &mut j).unwrap();
    let j = String::from_utf8(j).unwrap();
    for l in j.lines() {
        let v: serde_json::Value = serde_json::from_str(l).unwrap();
        assert!(!v["mentions"].as_array().unwrap().is_empty());
        assert!(v["base_code"].is_string());
    }
    assert_eq!(j.lines().count(), 3);
}

#[cfg(feature = "parquet")]
#[test]
fn parquet_export_reads_back() {
    use parquet::file::reader::{FileReader, SerializedFileReader};
    let s = filter_store();
    let mut buf = Vec::new();
    assert_eq!(
        s.export(ExportFormat::Parquet, &EventFilter::default(), &mut buf)
            .unwrap(),
        3
    );
    assert_eq!(&buf[..4], b"PAR1");
    let r = SerializedFileReader::new(bytes::Bytes::from(buf)).unwrap();
    assert_eq!(r.metadata().file_metadata().num_rows(), 3);
    assert_eq!(
        r.metadata().file_metadata().schema_descr().num_columns(),
        26
    );
}

#[test]
fn failed_documents_are_stored_once() {
    let mut s = Store::open_in_memory().unwrap();
    let rec = DocumentRecord::failed("bad.bin", "binary content");
    assert_eq!(put(&mut s, None, "\u{0}\u{1}", &rec).added, 1);
    assert_eq!(put(&mut s, None, "\u{0}\u{1}", &rec).skipped, 1);
    assert_eq!(s.stats().unwrap().events, 0);
}

#[test]
fn newer_format_is_refused() {
    let dir = std::env::temp_dir().join(format!("dyad-store-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("new.db");
    let _ = std::fs::remove_file(&path);
    drop(Store::open(&path).unwrap());
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.pragma_update(None, "user_version", 99).unwrap();
    }
    match Store::open(&path) {
        Err(Error::User(UserError::FormatTooNew { found: 99, .. })) => {}
        Err(e) => panic!("{e}"),
        Ok(_) => panic!("opened a newer store"),
    }
    std::fs::write(
        dir.join("junk.db"),
        b"this is not a database at all, not at all....",
    )
    .unwrap();
    assert!(matches!(
        Store::open(dir.join("junk.db")),
        Err(Error::User(UserError::NotAStore(_)))
    ));
    let _ = std::fs::remove_dir_all(&dir);
}

/// Both rollups give exactly the rows of the scan of `events` (bit for bit, Goldstein sums
/// included) under filters they can answer; `dyad_day` holds one row per cell of the scan and
/// `dyad_month` packs exactly those cells (no stale or empty cells or months).
fn assert_rollup_matches(s: &Store) {
    assert!(s.format_version() >= 3);
    let filters = [
        EventFilter::default(),
        EventFilter {
            actor: Some("RUS".into()),
            ..Default::default()
        },
        EventFilter {
            dyad: Some(("RUS".into(), "UKR".into())),
            undirected: true,
            from: Some("2023-09-04".into()),
            to: Some("2023-09-06".into()),
            ..Default::default()
        },
        EventFilter {
            to: Some("2023-09-04".into()),
            ..Default::default()
        },
        EventFilter {
            from: Some("2023-09-05".into()),
            ..Default::default()
        },
        EventFilter {
            source: Some("CHN".into()),
            limit: Some(1),
            ..Default::default()
        },
        EventFilter {
            limit: Some(2),
            ..Default::default()
        },
    ];
    for f in &filters {
        assert!(f.rollup_ok());
        let scan = s
            .aggregate_via(Aggregate::DyadDay, f, AggSource::Scan)
            .unwrap();
        for from in [AggSource::DyadDay, AggSource::DyadMonth] {
            let rollup = s.aggregate_via(Aggregate::DyadDay, f, from).unwrap();
            assert_eq!(rollup, scan, "{from:?} {f:?}");
            let bits = |v: &[AggRow]| v.iter().map(|r| r.goldstein.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(&rollup), bits(&scan));
        }
        // The public entry points read dyad_month, and agree with each other.
        assert_eq!(s.aggregate(Aggregate::DyadDay, f).unwrap(), scan);
    }
    let count = |sql: &str| -> i64 { s.conn().query_row(sql, [], |r| r.get(0)).unwrap() };
    let scan = s
        .aggregate_via(Aggregate::DyadDay, &EventFilter::default(), AggSource::Scan)
        .unwrap();
    assert_eq!(count("SELECT count(*) FROM dyad_day") as usize, scan.len());
    assert_eq!(count("SELECT count(*) FROM dyad_day WHERE events <= 0"), 0);
    let months: std::collections::BTreeSet<(String, String, u32)> = scan
        .iter()
        .map(|r| {
            let day = r.date.as_deref().unwrap_or("");
            let month = day
                .get(..7)
                .map_or(0, |m| m.replace('-', "").parse().unwrap());
            (r.source.clone().unwrap(), r.target.clone().unwrap(), month)
        })
        .collect();
    assert_eq!(
        count("SELECT count(*) FROM dyad_month") as usize,
        months.len()
    );
    assert_eq!(
        count("SELECT count(*) FROM dyad_month WHERE length(cells) = 0"),
        0
    );
}

#[test]
fn dyad_day_rollup_equals_scan() {
    let mut s = Store::open_in_memory().unwrap();
    let mut shelling = attack();
    shelling.code = "195".into();
    shelling.goldstein = -9.5;
    let mut threat = attack();
    threat.code = "138".into();
    threat.goldstein = -7.0;
    threat.date = Some(DateValue {
        value: "2023-09-05".into(),
        ..Default::default()
    });
    let (a, b) = ("https://a.example/1", "https://b.example/2");
    put(
        &mut s,
        Some(a),
        "a1",
        &doc("a1", "2023-09-05", vec![attack(), talks(), threat.clone()]),
    );
    assert_rollup_matches(&s);
    // A reprint joining existing events, and a new event in an existing cell.
    put(
        &mut s,
        Some(b),
        "b1",
        &doc("b1", "2023-09-04", vec![attack(), shelling, talks()]),
    );
    assert_rollup_matches(&s);
    let before = s
        .aggregate(Aggregate::DyadDay, &EventFilter::default())
        .unwrap();
    // Re-ingesting adds nothing and changes nothing.
    let r = put(
        &mut s,
        Some(a),
        "a1",
        &doc("a1", "2023-09-05", vec![attack(), talks(), threat]),
    );
    assert_eq!(r.skipped, 1);
    assert_eq!(
        s.aggregate(Aggregate::DyadDay, &EventFilter::default())
            .unwrap(),
        before
    );
    assert_rollup_matches(&s);
    // Replacing the first page: its events leave (or are recounted), new ones arrive.
    let mut talks2 = talks();
    talks2.goldstein = 1.9;
    talks2.code = "042".into();
    let r = put(
        &mut s,
        Some(a),
        "a2",
        &doc("a2", "2023-09-06", vec![talks2, attack()]),
    );
    assert_eq!((r.added, r.replaced), (1, 1));
    assert_rollup_matches(&s);
    assert_ne!(
        s.aggregate(Aggregate::DyadDay, &EventFilter::default())
            .unwrap(),
        before
    );
    // Removing a page.
    assert_eq!(s.remove(b).unwrap(), 1);
    assert_rollup_matches(&s);
    assert_eq!(s.remove(a).unwrap(), 1);
    assert_rollup_matches(&s);
    assert!(s
        .aggregate(Aggregate::DyadDay, &EventFilter::default())
        .unwrap()
        .is_empty());
}

#[test]
fn rollups_with_unknown_days_and_inexact_sums() {
    let mut s = Store::open_in_memory().unwrap();
    // Goldstein values whose float sum depends on the order of addition.
    let with = |code: &str, g: f32, date: Option<&str>| {
        let mut e = event(&Ev {
            src: "IRN",
            tgt: "ISR",
            code,
            date,
            place: None,
        });
        e.goldstein = g;
        e
    };
    let day = Some("2023-09-05");
    let mut pages = vec![
        doc(
            "p1",
            "2023-09-05",
            vec![with("111", 0.1, day), with("120", 0.2, day)],
        ),
        doc(
            "p2",
            "2023-09-05",
            vec![with("130", 0.7, day), with("173", -4.4, day)],
        ),
    ];
    // No publication date and no event date: the unknown day (0), its own cell and month.
    let mut undated = doc(
        "p3",
        "",
        vec![with("040", 1.9, None), with("036", 2.8, None)],
    );
    undated.published = None;
    pages.push(undated);
    for (i, p) in pages.iter().enumerate() {
        put(&mut s, Some(&format!("https://x.example/{i}")), &p.id, p);
    }
    assert_rollup_matches(&s);
    let all = s
        .aggregate(Aggregate::DyadDay, &EventFilter::default())
        .unwrap();
    assert_eq!(all.len(), 2, "{all:?}");
    assert_eq!(
        all[0].date.as_deref(),
        Some(""),
        "the unknown day sorts first"
    );
    assert_eq!((all[0].events, all[1].events), (2, 4));
    // `--to` keeps the unknown day (as the scan's `day <= to` does), `--from` drops it.
    let to = EventFilter {
        to: Some("2023-09-04".into()),
        ..Default::default()
    };
    assert_eq!(s.aggregate(Aggregate::DyadDay, &to).unwrap(), all[..1]);
    let from = EventFilter {
        from: Some("2023-09-05".into()),
        ..Default::default()
    };
    assert_eq!(s.aggregate(Aggregate::DyadDay, &from).unwrap(), all[1..]);
    // Streaming gives the same rows, and an error from the callback stops it.
    let mut streamed = Vec::new();
    let n = s
        .aggregate_each(Aggregate::DyadDay, &EventFilter::default(), |r| {
            streamed.push(r.to_row());
            Ok(())
        })
        .unwrap();
    assert_eq!((n, &streamed), (2, &all));
    let mut calls = 0;
    let err = s.aggregate_each(Aggregate::DyadDay, &EventFilter::default(), |_| {
        calls += 1;
        Err(std::io::ErrorKind::BrokenPipe.into())
    });
    assert!(matches!(err, Err(Error::Io(_))), "{err:?}");
    assert_eq!(calls, 1);
    // JSON of a streamed row is the JSON of the collected one.
    s.aggregate_each(Aggregate::DyadDay, &EventFilter::default(), |r| {
        assert_eq!(
            serde_json::to_string(r).unwrap(),
            serde_json::to_string(&r.to_row()).unwrap()
        );
        Ok(())
    })
    .unwrap();
    for agg in [Aggregate::Day, Aggregate::TopActors, Aggregate::TopPairs] {
        let mut rows = Vec::new();
        s.aggregate_each(agg, &EventFilter::default(), |r| {
            rows.push(r.to_row());
            Ok(())
        })
        .unwrap();
        assert_eq!(rows, s.aggregate(agg, &EventFilter::default()).unwrap());
        assert!(!rows.is_empty());
    }
}

#[test]
fn day_displays_as_iso() {
    assert_eq!(Day(20230905).to_string(), "2023-09-05");
    assert_eq!(Day(0).to_string(), "");
    assert_eq!(
        serde_json::to_string(&Day(19991231)).unwrap(),
        "\"1999-12-31\""
    );
}

/// A format-2 file (as the previous dyad left it: no `dyad_month`, `events_target`) is
/// migrated to the current format when opened for writing: the month rollup is packed from
/// `dyad_day` and equals the scan; read-only opens leave it at format 2 and still aggregate.
#[test]
fn migrates_format_2() {
    let dir = std::env::temp_dir().join(format!("dyad-store-mig-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("v2.db");
    let _ = std::fs::remove_file(&path);
    let mut s = Store::open(&path).unwrap();
    put(
        &mut s,
        Some("https://a.example/1"),
        "a",
        &doc("a", "2023-09-05", vec![attack(), talks()]),
    );
    put(
        &mut s,
        Some("https://b.example/1"),
        "b",
        &doc("b", "2023-10-05", vec![attack(), talks()]),
    );
    let expected = s
        .aggregate(Aggregate::DyadDay, &EventFilter::default())
        .unwrap();
    drop(s);
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch(
            "DROP TABLE dyad_month; DROP INDEX events_target_day; \
             CREATE INDEX events_target ON events(target_code); \
             UPDATE meta SET value = '2' WHERE key = 'format_version'; \
             PRAGMA user_version = 2;",
        )
        .unwrap();
    }
    let ro = Store::open_read_only(&path).unwrap();
    assert_eq!(ro.format_version(), 2);
    assert_eq!(
        ro.aggregate(Aggregate::DyadDay, &EventFilter::default())
            .unwrap(),
        expected
    );
    drop(ro);
    let mut s = Store::open(&path).unwrap();
    assert_eq!(s.format_version(), STORE_FORMAT_VERSION);
    let months: i64 = s
        .conn()
        .query_row("SELECT count(*) FROM dyad_month", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        months, 3,
        "RUSMIL→UKR and CHN→RUS in September, CHN→RUS in October"
    );
    let indexes: Vec<String> = s
        .conn()
        .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert!(
        indexes.contains(&"events_target_day".to_string()),
        "{indexes:?}"
    );
    assert!(
        !indexes.contains(&"events_target".to_string()),
        "{indexes:?}"
    );
    assert_rollup_matches(&s);
    assert_eq!(
        s.aggregate(Aggregate::DyadDay, &EventFilter::default())
            .unwrap(),
        expected
    );
    // And it keeps both rollups up to date from there on.
    put(
        &mut s,
        Some("https://c.example/1"),
        "c",
        &doc("c", "2023-10-06", vec![attack()]),
    );
    assert_rollup_matches(&s);
    drop(s);
    let _ = std::fs::remove_dir_all(&dir);
}

/// Every event carries exactly the values of its representative mention (a new event binds
/// them at insert; a change of representative reads them back from `mentions`).
#[test]
fn events_carry_their_representative() {
    use crate::ingest::{REP_COLS, REP_SELECT};
    let mut s = filter_store();
    // An earlier-published reprint becomes the representative of two clusters (the code
    // family of 1901 is 190).
    let mut early = attack();
    early.code = "1901".into();
    early.goldstein = -9.5;
    let mut talks = talks();
    talks.date = Some(DateValue {
        value: "2023-09-05".into(),
        ..Default::default()
    });
    put(
        &mut s,
        Some("https://c.example/3"),
        "p3",
        &doc("p3", "2023-09-01", vec![early, talks]),
    );
    let c = s.conn();
    let n: i64 = c
        .query_row("SELECT count(*) FROM events", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 3);
    let cols = REP_COLS.split(',').count();
    let mut st = c
        .prepare(&format!(
            "SELECT {REP_COLS}, (SELECT json_array({REP_SELECT}) FROM mentions m \
             WHERE m.id = e.rep_mention) FROM events e"
        ))
        .unwrap();
    let mut rows = st.query([]).unwrap();
    let mut codes = Vec::new();
    while let Some(r) = rows.next().unwrap() {
        let mine: Vec<serde_json::Value> = (0..cols)
            .map(|i| match r.get_ref(i).unwrap() {
                rusqlite::types::ValueRef::Null => serde_json::Value::Null,
                rusqlite::types::ValueRef::Integer(x) => x.into(),
                rusqlite::types::ValueRef::Real(x) => x.into(),
                rusqlite::types::ValueRef::Text(t) => {
                    String::from_utf8_lossy(t).into_owned().into()
                }
                rusqlite::types::ValueRef::Blob(_) => panic!("no blobs"),
            })
            .collect();
        let rep: Vec<serde_json::Value> =
            serde_json::from_str(&r.get::<_, String>(cols).unwrap()).unwrap();
        assert_eq!(mine, rep);
        codes.push(mine[3].as_str().unwrap().to_string());
    }
    codes.sort();
    assert_eq!(codes, ["0311", "040", "1901"]);
}

/// An event created by one document of a batch and joined by the next ones of the same
/// transaction counts each article once and each site once.
#[test]
fn counts_within_one_transaction() {
    let mut s = Store::open_in_memory().unwrap();
    let recs = [
        (
            "https://a.example/1",
            doc("q1", "2023-09-05", vec![attack(), attack()]),
        ),
        (
            "https://a.example/2",
            doc("q2", "2023-09-05", vec![attack()]),
        ),
        (
            "https://b.example/3",
            doc("q3", "2023-09-05", vec![attack(), talks()]),
        ),
    ];
    let docs: Vec<IngestDoc<'_>> = recs
        .iter()
        .map(|(url, rec)| IngestDoc {
            hash: ContentHash::of(Some(url), rec.id.as_bytes()),
            raw: None,
            url: Some(url),
            date: None,
            record: rec,
        })
        .collect();
    let r = s.ingest(&docs, 0).unwrap();
    assert_eq!((r.added, r.mentions, r.new_events), (3, 5, 2));
    let evs = s.events(&EventFilter::default()).unwrap();
    let counts: Vec<(String, i64, i64, i64)> = evs
        .iter()
        .map(|e| {
            (
                e.code.clone(),
                e.num_mentions,
                e.num_articles,
                e.num_sources,
            )
        })
        .collect();
    assert!(counts.contains(&("190".into(), 4, 3, 2)), "{counts:?}");
    assert!(counts.contains(&("040".into(), 1, 1, 1)), "{counts:?}");
}
