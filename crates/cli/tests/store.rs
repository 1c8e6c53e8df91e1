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
