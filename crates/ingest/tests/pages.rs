//! Integration tests: every page under `testdata/ingest/` against its `.expected.json`,
//! the bad-input cases, and the seed page when `../shared` is present.

use std::path::{Path, PathBuf};
use std::time::Instant;

use dyad_ingest::{
    ingest_bytes, ingest_str, kind_for_path, Article, InputKind, MAX_DOCUMENT_BYTES,
};
use serde_json::Value;

fn testdata() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/ingest")
}

/// Checks one article against an expectation object; returns the failures.
fn check(name: &str, a: &Article, exp: &Value) -> Vec<String> {
    let mut errs = Vec::new();
    for (field, got) in [
        ("title", &a.title),
        ("author", &a.author),
        ("published", &a.published),
        ("url", &a.url),
    ] {
        if let Some(want) = exp.get(field) {
            let want = want.as_str().map(str::to_string);
            if &want != got {
                errs.push(format!("{name}: {field}: want {want:?}, got {got:?}"));
            }
        }
    }
    if let Some(want) = exp.get("text").and_then(Value::as_str) {
        if a.text != want {
            errs.push(format!(
                "{name}: text differs\n--- want\n{want}\n--- got\n{}",
                a.text
            ));
        }
    }
    if let Some(p) = exp.get("text_starts_with").and_then(Value::as_str) {
        if !a.text.starts_with(p) {
            errs.push(format!("{name}: text does not start with {p:?}"));
        }
    }
    if let Some(p) = exp.get("text_ends_with").and_then(Value::as_str) {
        if !a.text.ends_with(p) {
            errs.push(format!("{name}: text does not end with {p:?}"));
        }
    }
    if let Some(n) = exp.get("paragraphs").and_then(Value::as_u64) {
        let got = a.text.split("\n\n").count() as u64;
        if got != n {
            errs.push(format!("{name}: want {n} paragraphs, got {got}"));
        }
    }
    for s in exp
        .get("must")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
    {
        if !a.text.contains(s) {
            errs.push(format!("{name}: missing {s:?}"));
        }
    }
    for s in exp
        .get("must_not")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
    {
        if a.text.contains(s) {
            errs.push(format!("{name}: must not contain {s:?}"));
        }
    }
    if a.text.contains("\n\n\n")
        || a.text.starts_with(char::is_whitespace)
        || a.text.ends_with(char::is_whitespace)
    {
        errs.push(format!("{name}: stray whitespace in text"));
    }
    if !errs.is_empty() {
        errs.push(format!("{name}: full text was:\n{}\n", a.text));
    }
    errs
}

#[test]
fn golden_pages() {
    let dir = testdata();
    let mut expectations: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("testdata/ingest exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".expected.json"))
        .collect();
    expectations.sort();
    assert!(
        expectations.len() >= 10,
        "want at least ten test pages, found {}",
        expectations.len()
    );
    let mut errs = Vec::new();
    for exp_path in &expectations {
        let stem = exp_path
            .file_name()
            .unwrap()
            .to_string_lossy()
            .trim_end_matches(".expected.json")
            .to_string();
        let input = ["html", "htm", "txt"]
            .iter()
            .map(|ext| dir.join(format!("{stem}.{ext}")))
            .find(|p| p.exists())
            .unwrap_or_else(|| panic!("no input page for {stem}"));
        let bytes = std::fs::read(&input).unwrap();
        let exp: Value = serde_json::from_slice(&std::fs::read(exp_path).unwrap()).unwrap();
        match ingest_bytes(&stem, &bytes, kind_for_path(&input)) {
            Ok(a) => {
                assert_eq!(a.id, stem);
                errs.extend(check(&stem, &a, &exp));
            }
            Err(e) => errs.push(format!("{stem}: error {e}")),
        }
    }
    assert!(
        errs.is_empty(),
        "{} problems:\n{}",
        errs.len(),
        errs.join("\n")
    );
}

#[test]
fn seed_like_wix_page_with_own_text() {
    let page = "top of page\n  • Writer's pictureLakeshore Civic Trust\n\n\
        Ministers Agree To Reopen Ferry Link Before Winter: Officials\n\n\n\
        Transport ministers from both countries agreed on Friday to reopen the lake ferry link before winter, officials said.\n\n\
        \"The crossing matters to thousands of families,\" one official said. \"We expect the first sailing in November.\"\n\n\
        0 views0 comments\n\n\nbottom of page";
    let a = ingest_str("wix", page, InputKind::Page).unwrap();
    assert_eq!(
        a.title.as_deref(),
        Some("Ministers Agree To Reopen Ferry Link Before Winter: Officials")
    );
    assert_eq!(a.author.as_deref(), Some("Lakeshore Civic Trust"));
    assert_eq!(a.published, None);
    assert_eq!(
        a.text,
        "Transport ministers from both countries agreed on Friday to reopen the lake ferry link before winter, officials said.\n\n\
         \"The crossing matters to thousands of families,\" one official said. \"We expect the first sailing in November.\""
    );
}

#[test]
fn seed_page_against_gold() {
    let seed_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seed");
    let page = seed_dir.join("000_200eeabb980a0bd8.txt");
    let gold = seed_dir.join("seed.gold.json");
    if !page.exists() || !gold.exists() {
        println!(
            "skipping: seed page not found at {} (a fresh clone has no ../shared)",
            page.display()
        );
        return;
    }
    let gold: Value = serde_json::from_slice(&std::fs::read(&gold).unwrap()).unwrap();
    let a = ingest_bytes("seed", &std::fs::read(&page).unwrap(), kind_for_path(&page)).unwrap();
    assert_eq!(a.title.as_deref(), gold["title"].as_str());
    assert_eq!(a.author.as_deref(), gold["author"].as_str());
    for s in gold["boilerplate"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
    {
        assert!(!a.text.contains(s), "boilerplate {s:?} left in text");
    }
    for s in gold["body_must_contain"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
    {
        assert!(a.text.contains(s), "body misses {s:?}");
    }
    assert!(
        !a.text.contains(gold["title"].as_str().unwrap()),
        "title left in body"
    );
}

#[test]
fn binary_invalid_empty() {
    let e = ingest_bytes("b", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", InputKind::Html).unwrap_err();
    assert_eq!(e.to_string(), "binary content, not text");
    let e = ingest_bytes("u", b"<p>ok</p>\n<p>caf\xC3</p>", InputKind::Page).unwrap_err();
    assert_eq!(e.to_string(), "invalid UTF-8 at byte offset 16");
    let e = ingest_bytes("e", b"", InputKind::Text).unwrap_err();
    assert_eq!(e.to_string(), "empty document");
    let e = ingest_str("e", "   \n ", InputKind::Page).unwrap_err();
    assert_eq!(e.to_string(), "empty document");
    let e = ingest_str("n", "<html><nav>Home</nav></html>", InputKind::Html).unwrap_err();
    assert_eq!(e.to_string(), "no article text found");
    let _: &dyn std::error::Error = &e;
}

#[test]
fn deep_nesting_10k_divs() {
    for open in ["<div>", "<div><span>", "<table><tr><td>", "<blockquote><p>"] {
        let mut html = String::from("<html><head><title>Deep</title></head><body>");
        html.push_str(&open.repeat(10_000));
        html.push_str("<p>The deepest paragraph says the talks will resume on Monday in the capital city.</p>");
        let a = ingest_str("deep", &html, InputKind::Html).expect("deep page");
        assert!(a.text.contains("talks will resume"), "{open}: {}", a.text);
    }
}

#[test]
fn huge_input_is_a_quick_error() {
    let big = "<p>word</p>".repeat(40 * 1024 * 1024 / 11 + 1);
    assert!(big.len() > MAX_DOCUMENT_BYTES);
    let t = Instant::now();
    let e = ingest_str("big", &big, InputKind::Html).unwrap_err();
    assert!(
        e.to_string().starts_with("document too large: 41943"),
        "{e}"
    );
    let e = ingest_bytes("big", big.as_bytes(), InputKind::Html).unwrap_err();
    assert!(e.to_string().ends_with("limit 32 MB"));
    assert!(t.elapsed().as_secs() < 2);
}

#[test]
fn large_but_allowed_page_is_linear() {
    // ~10 MB of paragraphs: must finish, and quickly.
    let para = "<div class=\"x\"><p>Officials said on Monday that the harbour talks would resume next week, with both sides hopeful.</p></div>\n";
    let html = format!(
        "<html><body><article>{}</article></body></html>",
        para.repeat(10 * 1024 * 1024 / para.len())
    );
    assert!(html.len() <= MAX_DOCUMENT_BYTES);
    let t = Instant::now();
    let a = ingest_str("large", &html, InputKind::Html).unwrap();
    assert!(a.text.len() > 7_000_000);
    assert!(t.elapsed().as_secs() < 60, "took {:?}", t.elapsed());
}

#[test]
fn truncated_pages_never_panic() {
    let dir = testdata();
    for name in [
        "wordpress.html",
        "newsjsonld.html",
        "amp.html",
        "wix_blog.txt",
        "medium.txt",
    ] {
        let text = std::fs::read_to_string(dir.join(name)).unwrap();
        let mut cut = 0;
        while cut < text.len() {
            if text.is_char_boundary(cut) {
                let part = text.get(..cut).unwrap_or("");
                for kind in [InputKind::Html, InputKind::Page] {
                    let _ = ingest_str(name, part, kind);
                }
            }
            cut += 13;
        }
    }
    for junk in [
        "<",
        "</",
        "<!--",
        "<a b=\"",
        "<script>",
        "<p>&#xFFFFFFFF;&",
        "By",
        "•",
        "<title></title>",
        "<br/><br/>",
    ] {
        let _ = ingest_str("junk", junk, InputKind::Html);
        let _ = ingest_str("junk", junk, InputKind::Page);
    }
}
