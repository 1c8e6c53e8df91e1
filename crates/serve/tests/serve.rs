//! The server over loopback: API answers on small stores built here, the token, body limits,
//! path traversal, CORS; and the in-memory events against the store's own queries.

#[path = "common/synth.rs"]
mod synth;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use dyad::{Input, Pipeline};
use dyad_serve::client::{Client, Response};
use dyad_serve::cube::{Cube, SeriesBy};
use dyad_serve::{start, Config, Running};
use dyad_store::{Aggregate, ContentHash, EventFilter, IngestDoc, Store};
use serde_json::Value;

const EXAMPLE: &str = include_str!("../../../examples/ceasefire-talks.txt");
const TOKEN: &str = "test-token-0123456789";

/// A store with the example page (coded by the pipeline) and 40 synthetic documents.
fn build_store(dir: &Path) -> PathBuf {
    let db = dir.join("events.db");
    let mut store = Store::open(&db).unwrap();
    let input = Input::text("examples/ceasefire-talks.txt", EXAMPLE).with_date("2024-03-12");
    let input = Input {
        kind: dyad::ingest::InputKind::Page,
        ..input
    };
    let (rec, _) = Pipeline::new().process(&input);
    assert!(rec.events.len() >= 3, "the example page codes events");
    let doc = IngestDoc {
        hash: ContentHash::of(None, EXAMPLE.as_bytes()),
        raw: Some(EXAMPLE.as_bytes()),
        url: None,
        date: Some("2024-03-12"),
        record: &rec,
    };
    store.ingest(&[doc], 1_700_000_000).unwrap();
    synth::store_all(&mut store, &synth::documents(7, 40, 5, 60), 20);
    db
}

fn serve(db: &Path, adjust: impl FnOnce(&mut Config)) -> Running {
    let mut c = Config::new(db);
    c.bind = "127.0.0.1:0".parse().unwrap();
    c.refresh = Duration::from_millis(100);
    adjust(&mut c);
    start(c).unwrap()
}

fn get(c: &mut Client, path: &str) -> Response {
    c.get(path).unwrap_or_else(|e| panic!("GET {path}: {e}"))
}

fn get_json(c: &mut Client, path: &str) -> Value {
    let r = get(c, path);
    assert_eq!(r.status, 200, "GET {path}: {}", r.text());
    assert_eq!(r.header("content-type"), Some("application/json"), "{path}");
    r.json().unwrap()
}

#[test]
fn api_answers() {
    let dir = tempfile::tempdir().unwrap();
    let db = build_store(dir.path());
    let stats = Store::open_read_only(&db).unwrap().stats().unwrap();
    let server = serve(&db, |_| {});
    let mut c = Client::connect(server.addr()).unwrap();

    let info = get_json(&mut c, "/api/info");
    assert_eq!(info["events"], stats.events);
    assert_eq!(info["mentions"], stats.mentions);
    assert_eq!(info["articles"], stats.articles);
    assert_eq!(info["read_only"], true);

    // The example's ETHGOV → ERIGOV meeting on 2024-03-11.
    let t = get_json(&mut c, "/api/timeline?dyad=ETHGOV:ERIGOV");
    assert_eq!(t["bucket"], "day");
    assert_eq!(t["dates"], serde_json::json!(["2024-03-11"]));
    assert_eq!(t["series"][0]["events"], serde_json::json!([1]));
    assert_eq!(t["series"][0]["goldstein_mean"][0], 1.0);
    // Per QuadClass over everything: the series add up to all dated events.
    let t = get_json(&mut c, "/api/timeline?by=quad");
    let sum: u64 = t["series"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| {
            s["events"]
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_u64().unwrap())
        })
        .sum();
    assert_eq!(sum + t["undated"].as_u64().unwrap(), stats.events as u64);

    let n = get_json(&mut c, "/api/network?actor=ETH");
    let ids: HashSet<&str> = n["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["id"].as_str().unwrap())
        .collect();
    assert!(ids.contains("ETHGOV") && ids.contains("ERIGOV"), "{n}");
    assert!(n["edges"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["source"] == "ETHGOV" && e["target"] == "ERIGOV" && e["events"] == 1));
    let n = get_json(&mut c, "/api/network?level=country&nodes=5&edges=3");
    assert!(n["nodes"].as_array().unwrap().len() <= 5);
    assert!(n["edges"].as_array().unwrap().len() <= 3);

    let m = get_json(&mut c, "/api/map?actor=ERI&from=2024-03-01&to=2024-03-31");
    let asmara = m["points"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "Asmara")
        .expect("Asmara on the map");
    assert!((asmara["lat"].as_f64().unwrap() - 15.338).abs() < 0.01);
    assert!(asmara["events"].as_u64().unwrap() >= 2);

    // Paging: every event once, newest first, across pages of 7.
    let mut seen = HashSet::new();
    let mut cursor = String::new();
    let mut last: Option<String> = None;
    loop {
        let page = get_json(&mut c, &format!("/api/events?limit=7{cursor}"));
        assert_eq!(page["total"], stats.events);
        for e in page["events"].as_array().unwrap() {
            assert!(seen.insert(e["id"].as_i64().unwrap()), "duplicate {e}");
            let d = e["date"].as_str().unwrap().to_string();
            if let Some(l) = &last {
                assert!(d <= *l, "{d} after {l}");
            }
            last = Some(d);
        }
        match page["next_cursor"].as_str() {
            Some(n) => cursor = format!("&cursor={n}"),
            None => break,
        }
    }
    assert_eq!(seen.len() as i64, stats.events);

    // Filters that need SQL: text, modality.
    let page = get_json(&mut c, "/api/events?text=Badme&limit=200");
    assert!(page["total"].as_u64().unwrap() >= 3);
    assert!(page["events"]
        .as_array()
        .unwrap()
        .iter()
        .all(|e| e["source_url"] == "examples/ceasefire-talks.txt"));
    let denied = get_json(&mut c, "/api/events?modality=denied&actor=ERIMIL");
    assert_eq!(denied["total"], 1);
    let e = &denied["events"][0];
    assert_eq!(e["code"], "190");

    // One event, then its article with highlights.
    let ev = get_json(&mut c, &format!("/api/events/{}", e["id"]));
    assert_eq!(ev["mentions"].as_array().unwrap().len(), 1);
    assert_eq!(ev["code_name"].as_str().map(|s| !s.is_empty()), Some(true));
    let a = get_json(&mut c, &format!("/api/articles/{}", e["article_id"]));
    assert_eq!(
        a["title"],
        "Ethiopia and Eritrea Agree to Resume Border Talks"
    );
    let text: Vec<char> = a["text"].as_str().unwrap().chars().collect();
    let span = |s: &Value, e: &Value| -> String {
        text[s.as_u64().unwrap() as usize..e.as_u64().unwrap() as usize]
            .iter()
            .collect()
    };
    let meet = a["mentions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["code"] == "040")
        .expect("the meeting");
    assert_eq!(
        span(&meet["source"]["start"], &meet["source"]["end"]),
        "Ethiopian Prime Minister Abiy Ahmed"
    );
    assert_eq!(span(&meet["trigger"][0], &meet["trigger"][1]), "met with");
    let links = &meet["links"];
    assert_eq!(
        span(&links["time"]["start"], &links["time"]["end"]),
        "Monday"
    );
    assert_eq!(
        span(&links["place"]["start"], &links["place"]["end"]),
        "Asmara"
    );
    assert!(links["source_rule"]
        .as_str()
        .unwrap()
        .starts_with("people.txt:Abiy Ahmed"));
    assert_eq!(
        span(&links["attribution"]["start"], &links["attribution"]["end"]),
        "Ethiopia's foreign ministry"
    );
    assert!(meet["rule"].as_str().unwrap().contains("040"));
    assert_eq!(a["quotes"][0]["speaker_code"], "ETHGOV");

    // A repeated aggregate comes from the cache, identical.
    let once = get(&mut c, "/api/network?actor=ETH&nodes=7").body;
    let hits = get_json(&mut c, "/api/info")["cache"]["hits"]
        .as_u64()
        .unwrap();
    assert_eq!(get(&mut c, "/api/network?actor=ETH&nodes=7").body, once);
    assert_eq!(get_json(&mut c, "/api/info")["cache"]["hits"], hits + 1);

    let f = get_json(&mut c, "/api/facets?top=3");
    assert_eq!(f["events"], stats.events);
    assert_eq!(f["actors"].as_array().unwrap().len(), 3);

    let arts = get_json(&mut c, "/api/articles?q=Eritrea");
    assert_eq!(arts["articles"].as_array().unwrap().len(), 1);

    // OpenAPI: JSON, and every route is in it.
    let spec = get_json(&mut c, "/api/openapi.json");
    for p in [
        "/api/info",
        "/api/timeline",
        "/api/network",
        "/api/map",
        "/api/facets",
        "/api/events",
        "/api/events/{id}",
        "/api/articles",
        "/api/articles/{id}",
        "/api/ingest",
    ] {
        assert!(spec["paths"].get(p).is_some(), "{p} not in openapi.json");
    }

    // Mistakes are 400/404 with a JSON error.
    for (path, status) in [
        ("/api/events?quad=9", 400),
        ("/api/events?actor=R%2AS", 400),
        ("/api/events?from=2024-02-30", 400),
        ("/api/events?from=2024-03-02&to=2024-03-01", 400),
        ("/api/events?limit=100000", 400),
        ("/api/events?colour=red", 400),
        ("/api/events?text=%22unbalanced", 400),
        ("/api/events?cursor=nonsense", 400),
        ("/api/timeline?bucket=year", 400),
        ("/api/events/12345", 404),
        ("/api/events/abc", 404),
        ("/api/articles/999999", 404),
        ("/api/nothing", 404),
    ] {
        let r = get(&mut c, path);
        assert_eq!(r.status, status, "{path}: {}", r.text());
        assert!(r.json().unwrap()["error"].is_string(), "{path}");
    }
    server.stop();
}

#[test]
fn page_and_no_traversal() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("e.db");
    synth::store_all(
        &mut Store::open(&db).unwrap(),
        &synth::documents(1, 5, 2, 10),
        5,
    );
    let server = serve(&db, |_| {});
    let mut c = Client::connect(server.addr()).unwrap();
    let r = get(&mut c, "/");
    assert_eq!(r.status, 200);
    assert!(r.header("content-type").unwrap().starts_with("text/html"));
    assert!(r
        .header("content-security-policy")
        .unwrap()
        .contains("default-src 'self'"));
    assert!(r.text().contains("app.js"));
    let r = get(&mut c, "/assets/app.js");
    assert_eq!(r.status, 200);
    assert!(r
        .header("content-type")
        .unwrap()
        .starts_with("text/javascript"));
    // The libraries are served, vendored or as stubs.
    for lib in [
        "uplot.js",
        "cytoscape.js",
        "topojson-client.js",
        "countries-110m.json",
    ] {
        assert_eq!(
            get(&mut c, &format!("/assets/vendor/{lib}")).status,
            200,
            "{lib}"
        );
    }
    for path in [
        "/assets/../Cargo.toml",
        "/assets/..%2f..%2fCargo.toml",
        "/assets/%2e%2e/%2e%2e/Cargo.toml",
        "/assets/vendor/../../build.rs",
        "/assets//etc/passwd",
        "/assets/%2Fetc%2Fpasswd",
        "/../../../../etc/passwd",
        "/..%2f..%2fetc%2fpasswd",
        "/assets/..\\..\\Cargo.toml",
        "/Cargo.toml",
        "/src/lib.rs",
        "/web/src/app.js",
    ] {
        let r = get(&mut c, path);
        assert_eq!(r.status, 404, "{path}: {}", r.text());
        assert!(!r.text().contains("[package]"), "{path}");
    }
    // No CORS unless asked.
    let r = get(&mut c, "/api/info");
    assert!(r.header("access-control-allow-origin").is_none());
    assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(r.header("cache-control"), Some("no-store"));
    let r = c
        .request(
            "OPTIONS",
            "/api/info",
            &[
                ("Origin", "http://evil.example"),
                ("Access-Control-Request-Method", "GET"),
            ],
            &[],
        )
        .unwrap();
    assert!(r.header("access-control-allow-origin").is_none());
    server.stop();

    let server = serve(&db, |c| c.cors = Some("http://localhost:3000".into()));
    let mut c = Client::connect(server.addr()).unwrap();
    let r = get(&mut c, "/api/info");
    assert_eq!(
        r.header("access-control-allow-origin"),
        Some("http://localhost:3000")
    );
    let r = c
        .request(
            "OPTIONS",
            "/api/ingest",
            &[
                ("Origin", "http://localhost:3000"),
                ("Access-Control-Request-Method", "POST"),
            ],
            &[],
        )
        .unwrap();
    assert_eq!(r.status, 204);
    assert!(r
        .header("access-control-allow-headers")
        .unwrap()
        .contains("authorization"));
    server.stop();
}

fn post(c: &mut Client, token: Option<&str>, body: &[u8]) -> Response {
    let auth = token.map(|t| format!("Bearer {t}"));
    let mut h = vec![("Content-Type", "application/json")];
    if let Some(a) = &auth {
        h.push(("Authorization", a.as_str()));
    }
    c.request("POST", "/api/ingest", &h, body).unwrap()
}

#[test]
fn ingest_needs_the_token_and_a_small_body() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("w.db");
    synth::store_all(
        &mut Store::open(&db).unwrap(),
        &synth::documents(2, 5, 2, 10),
        5,
    );
    let doc = serde_json::json!({
        "id": "api-1",
        "date": "2024-03-12",
        "page": EXAMPLE,
    })
    .to_string();

    // Read-only server: 403 for POST, 405 for GET.
    let server = serve(&db, |_| {});
    let mut c = Client::connect(server.addr()).unwrap();
    assert_eq!(post(&mut c, None, doc.as_bytes()).status, 403);
    assert_eq!(post(&mut c, Some(TOKEN), doc.as_bytes()).status, 403);
    assert_eq!(get(&mut c, "/api/ingest").status, 405);
    server.stop();

    let server = serve(&db, |c| {
        c.token = Some(TOKEN.into());
        c.max_body = 64 * 1024;
    });
    let mut c = Client::connect(server.addr()).unwrap();
    let before = get_json(&mut c, "/api/info");
    assert_eq!(before["read_only"], false);
    let r = post(&mut c, None, doc.as_bytes());
    assert_eq!(r.status, 401, "{}", r.text());
    assert_eq!(r.header("www-authenticate"), Some("Bearer"));
    assert_eq!(
        post(&mut c, Some("test-token-012345678"), doc.as_bytes()).status,
        401
    );
    assert_eq!(
        post(&mut c, Some("test-token-01234567890"), doc.as_bytes()).status,
        401
    );
    let mut c = Client::connect(server.addr()).unwrap();
    let r = c
        .request(
            "POST",
            "/api/ingest",
            &[("Authorization", TOKEN)],
            doc.as_bytes(),
        )
        .unwrap();
    assert_eq!(r.status, 401, "a token without the Bearer scheme");

    // Too large: 413, before anything is stored.
    let big = serde_json::json!({"id": "big", "text": "x".repeat(100 * 1024)}).to_string();
    let mut c = Client::connect(server.addr()).unwrap();
    let r = post(&mut c, Some(TOKEN), big.as_bytes());
    assert_eq!(r.status, 413, "{}", r.text());
    let many: Vec<Value> = (0..101)
        .map(|i| serde_json::json!({"id": i, "text": "Russia met China."}))
        .collect();
    let mut c = Client::connect(server.addr()).unwrap();
    let r = post(
        &mut c,
        Some(TOKEN),
        serde_json::to_string(&many).unwrap().as_bytes(),
    );
    assert_eq!(r.status, 413, "{}", r.text());
    assert_eq!(post(&mut c, Some(TOKEN), b"{\"id\": 1}").status, 400);

    // Authorised: stored, and the events reload.
    let r = post(&mut c, Some(TOKEN), doc.as_bytes());
    assert_eq!(r.status, 200, "{}", r.text());
    let j = r.json().unwrap();
    assert_eq!(j["added"], 1);
    assert!(j["new_events"].as_u64().unwrap() >= 3);
    let again = post(&mut c, Some(TOKEN), doc.as_bytes()).json().unwrap();
    assert_eq!(again["added"], 0);
    assert_eq!(again["skipped"], 1);
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let info = get_json(&mut c, "/api/info");
        if info["events"].as_u64() > before["events"].as_u64() {
            assert_eq!(info["articles"], before["articles"].as_u64().unwrap() + 1);
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the events never reloaded: {info}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let t = get_json(&mut c, "/api/timeline?dyad=ETHGOV:ERIGOV");
    assert_eq!(t["dates"], serde_json::json!(["2024-03-11"]));
    server.stop();
}

#[test]
fn refuses_a_missing_database_and_weak_tokens() {
    let dir = tempfile::tempdir().unwrap();
    let mut c = Config::new(dir.path().join("missing.db"));
    c.bind = "127.0.0.1:0".parse().unwrap();
    assert!(start(c.clone()).is_err());
    c.token = Some("short".into());
    assert!(start(c).is_err());
}

/// The in-memory events answer every filter exactly as the store's SQL does.
#[test]
fn cube_matches_the_store() {
    let mut store = Store::open_in_memory().unwrap();
    synth::store_all(&mut store, &synth::documents(11, 300, 6, 90), 100);
    let cube = Cube::load(&store).unwrap();
    assert_eq!(cube.len() as i64, store.stats().unwrap().events);
    let s = |v: &str| Some(v.to_string());
    let mut filters = vec![
        EventFilter::default(),
        EventFilter {
            actor: s("RUS"),
            ..Default::default()
        },
        EventFilter {
            actor: s("usa"),
            quad: Some(4),
            ..Default::default()
        },
        EventFilter {
            source: s("CHN"),
            target: s("RUSGOV"),
            ..Default::default()
        },
        EventFilter {
            dyad: Some(("RUS".into(), "UKR".into())),
            ..Default::default()
        },
        EventFilter {
            dyad: Some(("RUS".into(), "UKR".into())),
            undirected: true,
            ..Default::default()
        },
        EventFilter {
            dyad: Some(("USA".into(), "USA".into())),
            undirected: true,
            ..Default::default()
        },
        EventFilter {
            country: s("irn"),
            ..Default::default()
        },
        EventFilter {
            country: s("XYZ"),
            ..Default::default()
        },
        EventFilter {
            code: s("19"),
            ..Default::default()
        },
        EventFilter {
            root: s("04"),
            from: s("2023-01-20"),
            to: s("2023-02-10"),
            ..Default::default()
        },
        EventFilter {
            plover: s("consult"),
            ..Default::default()
        },
        EventFilter {
            place: s("kyiv"),
            ..Default::default()
        },
        EventFilter {
            place_country: s("RUS"),
            actor: s("USA"),
            ..Default::default()
        },
        EventFilter {
            to: s("2023-01-31"),
            ..Default::default()
        },
        EventFilter {
            actor: s("ZZZ"),
            ..Default::default()
        },
    ];
    // Random combinations too.
    let mut r = synth::Rng(99);
    for _ in 0..200 {
        let pick = |r: &mut synth::Rng, v: &[&str]| -> Option<String> {
            (r.below(3) == 0).then(|| v[r.below(v.len() as u64) as usize].to_string())
        };
        let d0 = r.below(90) as i64;
        let d1 = d0 + r.below(40) as i64;
        filters.push(EventFilter {
            actor: pick(&mut r, &["RUS", "USAGOV", "C", "IRQMIL", "UKR"]),
            source: pick(&mut r, &["USA", "RUSMIL", "I"]),
            target: pick(&mut r, &["CHN", "UKRGOV", "P"]),
            dyad: pick(&mut r, &["USA:RUS", "RUS:UKR", "CHN:USA"]).map(|d| {
                let (a, b) = d.split_once(':').unwrap();
                (a.to_string(), b.to_string())
            }),
            undirected: r.below(2) == 0,
            country: pick(&mut r, &["USA", "RUS", "ETH"]),
            code: pick(&mut r, &["0", "04", "190", "1"]),
            root: pick(&mut r, &["01", "19", "04"]),
            quad: (r.below(3) == 0).then(|| 1 + r.below(4) as u8),
            plover: pick(&mut r, &["ASSAULT", "consult"]),
            from: (r.below(3) == 0).then(|| synth::iso(synth::FIRST_DAY + d0)),
            to: (r.below(3) == 0).then(|| synth::iso(synth::FIRST_DAY + d1)),
            place: pick(&mut r, &["Moscow", "washington"]),
            place_country: pick(&mut r, &["RUS", "USA"]),
            ..Default::default()
        });
    }
    for f in &filters {
        let want = store.events(f).unwrap();
        let sel = cube.select(f, None);
        let total = sel.total();
        assert_eq!(total.events as usize, want.len(), "{f:?}");
        let mentions: i64 = want.iter().map(|e| e.num_mentions).sum();
        assert_eq!(total.mentions as i64, mentions, "{f:?}");
        let g: f64 = want.iter().map(|e| e.goldstein).sum();
        assert!(
            (total.goldstein - g).abs() < 1e-6 * (1.0 + g.abs()),
            "{f:?}"
        );
        // The newest page is the store's last rows.
        let (page, n) = sel.page(None, 10);
        assert_eq!(n as usize, want.len());
        let newest: Vec<i64> = want.iter().rev().take(10).map(|e| e.id).collect();
        assert_eq!(
            page.iter().map(|k| k.1).collect::<Vec<_>>(),
            newest,
            "{f:?}"
        );
        // The time line agrees with the store's per-day aggregate.
        let days = store.aggregate(Aggregate::Day, f).unwrap();
        let t = sel.timeline(SeriesBy::All, None, 4000).unwrap();
        let on_line: u64 = t.series.iter().flat_map(|s| s.events.iter()).sum();
        let dated: i64 = days
            .iter()
            .filter(|d| d.date.as_deref() != Some(""))
            .map(|d| d.events)
            .sum();
        assert_eq!(
            on_line as i64 + t.undated as i64,
            want.len() as i64,
            "{f:?}"
        );
        assert_eq!(on_line as i64, dated, "{f:?}");
    }
    // The filters only SQL answers (text, modality, attribution), as the server combines them.
    let sql_filters = [
        EventFilter {
            text: s("ceasefire"),
            ..Default::default()
        },
        EventFilter {
            text: s("border OR drones"),
            actor: s("RUS"),
            ..Default::default()
        },
        EventFilter {
            modality: s("hedged"),
            quad: Some(3),
            ..Default::default()
        },
        EventFilter {
            attribution: s("usa"),
            from: s("2023-02-01"),
            ..Default::default()
        },
        EventFilter {
            attribution: s("ministry"),
            modality: s("denied"),
            ..Default::default()
        },
        EventFilter {
            text: s("sanctions"),
            modality: s("intended"),
            attribution: s("USAGOV"),
            ..Default::default()
        },
    ];
    for f in &sql_filters {
        let want = store.events(f).unwrap();
        let ids = store.mention_filter_ids(f, 1_000_000).unwrap().unwrap();
        let set = std::sync::Arc::new(cube.row_set(&ids));
        let sel = cube.select(f, Some(set));
        assert_eq!(sel.total().events as usize, want.len(), "{f:?}");
        let (page, _) = sel.page(None, 5);
        let newest: Vec<i64> = want.iter().rev().take(5).map(|e| e.id).collect();
        assert_eq!(
            page.iter().map(|k| k.1).collect::<Vec<_>>(),
            newest,
            "{f:?}"
        );
        assert!(!want.is_empty(), "{f:?} selects something");
    }

    // The network's edges are the store's top pairs.
    let f = EventFilter {
        actor: s("RUS"),
        limit: Some(10),
        ..Default::default()
    };
    let pairs = store.aggregate(Aggregate::TopPairs, &f).unwrap();
    let net = cube.select(&f, None).network(false, 300, 10);
    for (p, e) in pairs.iter().zip(&net.edges) {
        assert_eq!(p.events as u64, e.acc.events);
        assert_eq!(p.source.as_deref(), Some(e.source.as_str()));
        assert_eq!(p.target.as_deref(), Some(e.target.as_str()));
    }
}

/// The event table answers the same bytes whether its rows come from SQLite or from the
/// JSON kept of events served before (the server without any cache is the reference).
#[test]
fn event_pages_same_with_and_without_kept_events() {
    let dir = tempfile::tempdir().unwrap();
    let db = build_store(dir.path());
    let cached = serve(&db, |_| {});
    let plain = serve(&db, |c| c.cache_entries = 0);
    let mut a = Client::connect(cached.addr()).unwrap();
    let mut b = Client::connect(plain.addr()).unwrap();
    // Overlapping pages under different URIs: the later ones reuse the events of the first.
    let paths = [
        "/api/events?limit=40",
        "/api/events?limit=10",
        "/api/events?limit=25&actor=",
        "/api/events?limit=40&quad=1",
        "/api/events?limit=7",
    ];
    for _ in 0..2 {
        for p in paths {
            let (x, y) = (get(&mut a, p), get(&mut b, p));
            assert_eq!(x.status, 200, "{p}: {}", x.text());
            assert_eq!(x.body, y.body, "{p}");
            let v: Value = x.json().unwrap();
            assert!(!v["events"].as_array().unwrap().is_empty(), "{p}");
        }
    }
    let first = get_json(&mut a, "/api/events?limit=40");
    let cursor = first["next_cursor"].as_str().unwrap().to_string();
    let next = format!("/api/events?limit=40&cursor={cursor}");
    assert_eq!(get(&mut a, &next).body, get(&mut b, &next).body);
}
