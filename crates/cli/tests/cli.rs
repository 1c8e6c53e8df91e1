//! End-to-end tests of the `dyad` binary: bad input costs one document, never the run.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

fn dyad() -> Command {
    Command::new(env!("CARGO_BIN_EXE_dyad"))
}

fn records(stdout: &[u8]) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("every output line is JSON"))
        .collect()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    std::fs::write(dir.join(name), bytes).unwrap();
}

/// See issue 2: a folder of hostile files gives one record per file, no panic, exit 0.
#[test]
fn hostile_folder_gives_one_record_per_file() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // a random-looking binary file (deterministic bytes)
    let mut x: u32 = 12345;
    let bin: Vec<u8> = (0..4096)
        .map(|_| {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
            (x >> 16) as u8
        })
        .collect();
    write(d, "a_binary.bin", &bin);
    write(
        d,
        "b_invalid_utf8.txt",
        b"Russia said \xff\xfe it would talk.\n",
    );
    write(d, "c_empty.txt", b"");
    let deep = format!(
        "<html><body>{}<p>France condemned the attack.</p>{}</body></html>",
        "<div>".repeat(10_000),
        "</div>".repeat(10_000)
    );
    write(d, "d_deep.html", deep.as_bytes());
    let mut huge = String::with_capacity(41 * 1024 * 1024);
    while huge.len() < 40 * 1024 * 1024 {
        huge.push_str("Officials met in Geneva on Monday to discuss the ceasefire plan.\n\n");
    }
    write(d, "e_huge.txt", huge.as_bytes());
    write(
        d,
        "f_truncated.html",
        b"<html><head><title>Talks</title></head><body><p>Iran and Iraq held talks in Bagh",
    );
    write(
        d,
        "g_good.txt",
        b"Ministers meet\n\nFrance and Germany signed an agreement on Monday.\n",
    );
    let out = dyad()
        .args(["code", "--date", "2023-09-05"])
        .arg(d)
        .output()
        .unwrap();
    assert!(out.status.success(), "exit status {:?}", out.status);
    let recs = records(&out.stdout);
    assert_eq!(recs.len(), 7, "one record per file");
    let by_name = |n: &str| {
        recs.iter()
            .find(|r| r["id"].as_str().unwrap().ends_with(n))
            .unwrap()
    };
    assert!(by_name("a_binary.bin")["error"]
        .as_str()
        .unwrap()
        .contains("binary"));
    assert!(by_name("b_invalid_utf8.txt")["error"]
        .as_str()
        .unwrap()
        .contains("UTF-8"));
    assert!(by_name("c_empty.txt")["error"].is_string());
    assert!(by_name("e_huge.txt")["error"]
        .as_str()
        .unwrap()
        .contains("too large"));
    assert!(by_name("g_good.txt")["error"].is_null());
    // the deep and truncated pages are read, or fail with a message; either way they have a record
    for n in ["d_deep.html", "f_truncated.html"] {
        let r = by_name(n);
        assert!(
            r["error"].is_string() || r["text"].as_str().is_some_and(|t| !t.is_empty()),
            "{n}: {r}"
        );
    }
    // records come in input (sorted path) order
    let ids: Vec<&str> = recs.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(ids, sorted);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("7 documents"), "summary on stderr: {err}");
}

/// See issue 2: a broken JSONL line gives an error record; the other lines are coded.
#[test]
fn broken_jsonl_line_costs_one_record() {
    let input = concat!(
        "{\"id\": \"one\", \"text\": \"Russia and China held talks on Monday.\", \"date\": \"2023-09-05\"}\n",
        "{\"id\": \"two\", \"text\": \"broken\n",
        "{\"id\": \"three\", \"page\": \"Top of page\\n\\nIran condemned the strike.\"}\n",
        "\n",
        "{\"id\": \"four\", \"text\": \"x\", \"html\": \"<p>y</p>\"}\n",
        "{\"id\": \"five\", \"html\": \"<html><body><p>Japan protested.</p></body></html>\"}\n",
    );
    let mut child = dyad()
        .args(["code", "--jsonl", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let recs = records(&out.stdout);
    let ids: Vec<&str> = recs.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, vec!["one", "line 2", "three", "four", "five"]);
    assert!(recs[0]["error"].is_null());
    assert_eq!(recs[0]["text"], "Russia and China held talks on Monday.");
    assert!(recs[1]["error"].as_str().unwrap().contains("line 2"));
    assert!(recs[2]["error"].is_null());
    assert!(recs[3]["error"].as_str().unwrap().contains("exactly one"));
    assert!(recs[4]["error"].is_null());
}

#[test]
fn text_is_verbatim_and_offsets_are_code_points() {
    let text = "\u{201c}We will not yield,\u{201d} said Ukraine\u{2019}s president. Russia attacked Ukraine on Monday.";
    let line = serde_json::json!({"id": "u", "text": text, "date": "2023-09-05"}).to_string();
    let mut child = dyad()
        .args(["code", "--jsonl", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(line.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let recs = records(&out.stdout);
    assert_eq!(recs[0]["text"], text);
    let chars: Vec<char> = text.chars().collect();
    let actors = recs[0]["actors"].as_array().unwrap();
    assert!(!actors.is_empty());
    for a in actors {
        let (s, e) = (
            a["start"].as_u64().unwrap() as usize,
            a["end"].as_u64().unwrap() as usize,
        );
        let slice: String = chars[s..e].iter().collect();
        assert_eq!(slice, a["text"].as_str().unwrap());
    }
}

#[test]
fn bad_command_lines_fail() {
    assert!(!dyad()
        .args(["code", "--date", "yesterday", "x.txt"])
        .output()
        .unwrap()
        .status
        .success());
    assert!(!dyad().args(["code"]).output().unwrap().status.success());
    assert!(!dyad()
        .args(["frobnicate"])
        .output()
        .unwrap()
        .status
        .success());
}

#[test]
fn missing_file_is_an_error_record() {
    let out = dyad()
        .args(["code", "/nonexistent/dyad-test-file.txt"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let recs = records(&out.stdout);
    assert_eq!(recs.len(), 1);
    assert!(recs[0]["error"].as_str().unwrap().contains("no such file"));
}
