//! End-to-end tests of `dyad ingest`, `query`, `export` and `watch` (issue 6).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn dyad(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dyad"))
        .args(args)
        .output()
        .expect("dyad runs")
}

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/ceasefire-talks.txt")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn ingest_query_export_watch() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("events.db");
    let db = db.to_str().unwrap();
    let page = example();
    let page = page.to_str().unwrap();

    let o = dyad(&["ingest", page, "--db", db, "--date", "2024-03-11"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(
        text(&o.stderr).contains("1 documents added"),
        "{}",
        text(&o.stderr)
    );
    // Idempotent: the same page again adds nothing.
    let o = dyad(&["ingest", page, "--db", db, "--date", "2024-03-11"]);
    assert!(
        text(&o.stderr).contains("0 documents added, 1 already stored"),
        "{}",
        text(&o.stderr)
    );

    // Piped: JSON lines.
    let o = dyad(&["query", "--db", db]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let events: Vec<serde_json::Value> = text(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(!events.is_empty(), "the example page codes to events");
    let o = dyad(&["query", "--db", db, "--format", "csv", "--agg", "dyad-day"]);
    assert!(text(&o.stdout).starts_with("source,target,date,events,mentions,goldstein\n"));
    let o = dyad(&["query", "--db", db, "--from", "last week"]);
    assert!(!o.status.success());
    assert!(
        text(&o.stderr).contains("expected YYYY-MM-DD"),
        "{}",
        text(&o.stderr)
    );

    let o = dyad(&["export", "--db", db, "--format", "gdelt"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let g = text(&o.stdout);
    assert_eq!(g.lines().count(), events.len());
    assert!(g.lines().all(|l| l.split('\t').count() == 61));
    let o = dyad(&["export", "--db", db, "--format", "polecat"]);
    assert!(text(&o.stdout).lines().all(|l| l.split('\t').count() == 40));
    let pq = dir.path().join("events.parquet");
    let o = dyad(&[
        "export",
        "--db",
        db,
        "--format",
        "parquet",
        "-o",
        pq.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert_eq!(&std::fs::read(&pq).unwrap()[..4], b"PAR1");

    // watch --once picks up a new page and skips the stored one.
    let inbox = dir.path().join("inbox");
    std::fs::create_dir(&inbox).unwrap();
    std::fs::copy(example(), inbox.join("a.txt")).unwrap();
    let changed = std::fs::read_to_string(example())
        .unwrap()
        .replace("Asmara", "Massawa");
    std::fs::write(inbox.join("b.txt"), changed).unwrap();
    std::fs::write(inbox.join(".c.txt.tmp"), "half written").unwrap();
    let o = dyad(&[
        "watch",
        inbox.to_str().unwrap(),
        "--db",
        db,
        "--once",
        "--date",
        "2024-03-11",
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(
        text(&o.stderr).contains("1 documents added, 1 already stored"),
        "{}",
        text(&o.stderr)
    );
}

/// A store holding the example page (6 events: ETHGOV→ERIGOV 040 in Asmara attributed to
/// Ethiopia's foreign ministry, IGOAFRAFU 020, IGOUNO 020 and 051, ERIMIL→ETH 190 denied in
/// Asmara, ERIGOV 154 negated) and a short text about Kharkiv (RUSMIL→UKRMIL 190 in Kharkiv, UKRGOV→RUS 1124).
fn filter_store(dir: &Path) -> String {
    let db = dir.join("filters.db").to_str().unwrap().to_string();
    let page = example();
    let o = dyad(&[
        "ingest",
        page.to_str().unwrap(),
        "--db",
        &db,
        "--date",
        "2024-03-12",
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let jsonl = dir.join("k.jsonl");
    std::fs::write(
        &jsonl,
        r#"{"id":"kharkiv-1","date":"2024-03-14","text":"Russian troops attacked Ukrainian soldiers near Kharkiv on Tuesday. The Ukrainian government accused Russia of war crimes."}"#,
    )
    .unwrap();
    let o = dyad(&["ingest", "--jsonl", jsonl.to_str().unwrap(), "--db", &db]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    db
}

fn jsonl(o: &Output) -> Vec<serde_json::Value> {
    assert!(o.status.success(), "{}", text(&o.stderr));
    text(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON lines when piped"))
        .collect()
}

/// Every filter of the issue, from the command line: the CAMEO codes of the events it keeps.
#[test]
fn query_filters_end_to_end() {
    let dir = tempfile::tempdir().unwrap();
    let db = filter_store(dir.path());
    let codes = |filters: &[&str]| -> Vec<String> {
        let mut args = vec!["query", "--db", db.as_str()];
        args.extend(filters);
        let mut v: Vec<String> = jsonl(&dyad(&args))
            .iter()
            .map(|e| e["code"].as_str().unwrap().to_string())
            .collect();
        v.sort();
        v
    };
    assert_eq!(
        codes(&[]),
        ["020", "020", "040", "051", "1124", "154", "190", "190"]
    );
    let cases: &[(&[&str], &[&str])] = &[
        // Actors: either side, source, target, a directed and an undirected dyad.
        (&["--actor", "ETH"], &["040", "190"]),
        (&["--actor", "ukr"], &["1124", "190"]),
        (&["--source", "ERI"], &["154", "190"]),
        (&["--target", "ERI"], &["040"]),
        (&["--dyad", "ERI:ETH"], &["190"]),
        (&["--dyad", "ERI:ETH", "--undirected"], &["040", "190"]),
        // Countries: either side, and as a dyad (codes start with the country).
        (&["--country", "ERI"], &["040", "154", "190"]),
        (&["--country", "RUS"], &["1124", "190"]),
        (&["--dyad", "RUS:UKR"], &["190"]),
        // CAMEO code prefix, root, QuadClass, PLOVER type.
        (&["--code", "11"], &["1124"]),
        (&["--code", "05"], &["051"]),
        (&["--root", "19"], &["190", "190"]),
        (&["--quad", "4"], &["154", "190", "190"]),
        (&["--quad", "1"], &["020", "020", "040", "051"]),
        (&["--plover", "consult"], &["040"]),
        // Dates.
        (&["--from", "2024-03-13"], &["1124"]),
        (&["--to", "2024-03-11"], &["040"]),
        (
            &["--from", "2024-03-12", "--to", "2024-03-12", "--quad", "1"],
            &["020", "020", "051"],
        ),
        // Place and place country.
        (&["--place", "asmara"], &["040", "190"]),
        (&["--place-country", "UKR"], &["190"]),
        // Modality and attribution (code prefix or name).
        (&["--modality", "denied"], &["190"]),
        (&["--modality", "negated"], &["154"]),
        (&["--attribution", "ETH"], &["040"]),
        (&["--attribution", "foreign ministry"], &["040"]),
        // Full text (FTS5) over the articles.
        (&["--text", "Kharkiv"], &["1124", "190"]),
        (
            &["--text", "Asmara AND Eritrea"],
            &["020", "020", "040", "051", "154", "190"],
        ),
        (&["--text", "\"war crimes\""], &["1124", "190"]),
        (&["--text", "Kharkiv", "--actor", "UKRGOV"], &["1124"]),
    ];
    for (filters, want) in cases {
        assert_eq!(codes(filters), *want, "{filters:?}");
    }
    assert_eq!(codes(&["--limit", "3"]).len(), 3);
    // Bad values are the user's error, with the reason.
    for (bad, why) in [
        (&["--quad", "7"][..], "expected 1, 2, 3 or 4"),
        (&["--text", "\"unbalanced"], "not a valid full-text query"),
        (&["--dyad", "RUS"], "expected SOURCE:TARGET"),
        (&["--actor", "R*"], "expected letters and digits"),
    ] {
        let mut args = vec!["query", "--db", db.as_str()];
        args.extend(bad);
        let o = dyad(&args);
        assert!(!o.status.success(), "{bad:?}");
        assert!(
            text(&o.stderr).contains(why),
            "{bad:?}: {}",
            text(&o.stderr)
        );
    }
}

/// Aggregates from the command line: events per dyad per day, per day, Goldstein sums, top
/// actors and pairs; JSONL and CSV carry the same rows, filters apply to aggregates too.
#[test]
fn query_aggregates_end_to_end() {
    let dir = tempfile::tempdir().unwrap();
    let db = filter_store(dir.path());
    let q = |args: &[&str]| -> Output {
        let mut a = vec!["query", "--db", db.as_str()];
        a.extend(args);
        dyad(&a)
    };
    let rows = jsonl(&q(&["--agg", "dyad-day"]));
    let keys: Vec<String> = rows
        .iter()
        .map(|r| format!("{}>{}@{}", r["source"], r["target"], r["date"]))
        .map(|k| k.replace('"', ""))
        .collect();
    assert_eq!(
        keys,
        [
            "ERIGOV>@2024-03-12",
            "ERIMIL>ETH@2024-03-12",
            "ETHGOV>ERIGOV@2024-03-11",
            "IGOAFRAFU>@2024-03-12",
            "IGOUNO>@2024-03-12",
            "RUSMIL>UKRMIL@2024-03-12",
            "UKRGOV>RUS@2024-03-14",
        ],
        "ordered by source, target, day"
    );
    let un = &rows[4];
    assert_eq!(
        (un["events"].as_i64(), un["mentions"].as_i64()),
        (Some(2), Some(2))
    );
    assert!(
        (un["goldstein"].as_f64().unwrap() - 6.4).abs() < 1e-9,
        "{un}"
    );
    // CSV: a header for the aggregate, then the same rows.
    let csv = text(&q(&["--agg", "dyad-day", "--format", "csv"]).stdout);
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("source,target,date,events,mentions,goldstein")
    );
    assert_eq!(lines.clone().count(), rows.len());
    assert_eq!(lines.nth(4), Some("IGOUNO,,2024-03-12,2,2,6.4"));
    // Filters narrow aggregates: days and actors (the rollup), and the others (the scan).
    let dd = |args: &[&str]| {
        let mut a = vec!["--agg", "dyad-day"];
        a.extend(args);
        jsonl(&q(&a)).len()
    };
    assert_eq!(dd(&["--from", "2024-03-12", "--to", "2024-03-12"]), 5);
    assert_eq!(dd(&["--actor", "ERI"]), 3);
    assert_eq!(dd(&["--dyad", "UKR:RUS"]), 1);
    assert_eq!(dd(&["--limit", "2"]), 2);
    assert_eq!(dd(&["--quad", "4"]), 3);
    assert_eq!(dd(&["--text", "Kharkiv"]), 2);
    // Per day, with Goldstein sums.
    let days = jsonl(&q(&["--agg", "day"]));
    let per_day: Vec<(String, i64, f64)> = days
        .iter()
        .map(|r| {
            (
                r["date"].as_str().unwrap().to_string(),
                r["events"].as_i64().unwrap(),
                r["goldstein"].as_f64().unwrap(),
            )
        })
        .collect();
    assert_eq!(per_day.len(), 3);
    assert_eq!((per_day[1].0.as_str(), per_day[1].1), ("2024-03-12", 6));
    assert!((per_day[1].2 - -17.8).abs() < 1e-9, "{per_day:?}");
    let day_csv = text(&q(&["--agg", "day", "--format", "csv"]).stdout);
    assert!(day_csv.starts_with("date,events,mentions,goldstein\n2024-03-11,1,1,1\n"));
    // Top actors (either side) and pairs, most events first.
    let actors = jsonl(&q(&["--agg", "actors"]));
    assert_eq!(actors[0]["actor"], "ERIGOV");
    assert_eq!(actors[0]["events"], 2);
    assert_eq!(actors.len(), 10);
    assert_eq!(jsonl(&q(&["--agg", "actors", "--limit", "2"])).len(), 2);
    let pairs = jsonl(&q(&["--agg", "pairs", "--quad", "4"]));
    assert_eq!(pairs.len(), 3);
    assert!(pairs.iter().all(|p| p["events"] == 1));
    assert_eq!(pairs[0]["source"], "ERIGOV");
    let pairs_csv = text(&q(&["--agg", "pairs", "--format", "csv", "--limit", "1"]).stdout);
    assert_eq!(
        pairs_csv,
        "source,target,events,mentions,goldstein\nIGOUNO,,2,2,6.4\n"
    );
    // The table.
    let table = text(&q(&["--agg", "actors", "--format", "table", "--limit", "3"]).stdout);
    let mut lines = table.lines();
    assert_eq!(
        lines
            .next()
            .map(|l| l.split_whitespace().collect::<Vec<_>>()),
        Some(vec!["actor", "events", "mentions", "goldstein"])
    );
    assert!(table.ends_with("(3 rows)\n"), "{table}");
}

/// On a terminal `dyad query` prints a table; piped, JSON lines (`script` gives it a terminal).
#[test]
fn query_table_on_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let db = filter_store(dir.path());
    let cmd = format!("{} query --db {} --quad 4", env!("CARGO_BIN_EXE_dyad"), db);
    let o = match Command::new("script")
        .args(["-qec", &cmd, "/dev/null"])
        .output()
    {
        Ok(o) => o,
        Err(e) => {
            eprintln!("skipped: no `script` to make a terminal ({e})");
            return;
        }
    };
    assert!(o.status.success(), "{}", text(&o.stderr));
    let out = text(&o.stdout).replace('\r', "");
    let mut lines = out.lines();
    let header: Vec<&str> = lines.next().unwrap().split_whitespace().collect();
    assert_eq!(&header[..5], ["id", "date", "source", "target", "code"]);
    assert!(out.contains("(3 rows)"), "{out}");
    // The same command piped: JSON lines.
    let piped = dyad(&["query", "--db", &db, "--quad", "4"]);
    assert_eq!(jsonl(&piped).len(), 3);
}
