//! Turning command-line inputs (paths, stdin, JSONL lines) into [`dyad::Input`]s.

use std::io::Read;
use std::path::{Path, PathBuf};

use dyad::ingest::{kind_for_path, InputKind, MAX_DOCUMENT_BYTES};
use dyad::{Content, Input};
use serde::Deserialize;

/// The inputs and run settings `dyad code` and `dyad ingest` share.
#[derive(Debug, clap::Args)]
pub struct InputArgs {
    /// Files or folders (recursive); `-` reads one document from stdin.
    #[arg(
        value_name = "PATH",
        required_unless_present = "jsonl",
        conflicts_with = "jsonl"
    )]
    pub paths: Vec<PathBuf>,
    /// Read input objects, one per line, from FILE (or `-` for stdin).
    #[arg(long, value_name = "FILE")]
    pub jsonl: Option<PathBuf>,
    /// Publication date (YYYY-MM-DD) that relative dates resolve against; wins over a page's own date.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
    /// Worker threads (default: all cores).
    #[arg(long, short = 'j')]
    pub threads: Option<usize>,
}

/// An input that could not even be read: it becomes an error record.
#[derive(Debug)]
pub struct Unreadable {
    pub id: String,
    pub error: String,
}

/// Expands paths: files as given, folders recursively (sorted), `-` for stdin.
pub fn expand_paths(paths: &[PathBuf]) -> Vec<Result<PathBuf, Unreadable>> {
    let mut out = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" || p.is_file() {
            out.push(Ok(p.clone()));
        } else if p.is_dir() {
            let walker = walkdir::WalkDir::new(p).sort_by_file_name();
            for entry in walker {
                match entry {
                    Ok(e) if e.file_type().is_file() => out.push(Ok(e.into_path())),
                    Ok(_) => {}
                    Err(e) => out.push(Err(Unreadable {
                        id: e
                            .path()
                            .map(|x| x.display().to_string())
                            .unwrap_or_else(|| p.display().to_string()),
                        error: format!("cannot read: {e}"),
                    })),
                }
            }
        } else {
            out.push(Err(Unreadable {
                id: p.display().to_string(),
                error: "no such file or folder".into(),
            }));
        }
    }
    out
}

/// Reads one path (or stdin for `-`) into an input; oversized files are not read whole.
pub fn read_path(path: &Path, date: Option<&str>) -> Result<Input, Unreadable> {
    let id = path.display().to_string();
    let fail = |error: String| Unreadable {
        id: id.clone(),
        error,
    };
    let mut bytes = Vec::new();
    let kind = if path.as_os_str() == "-" {
        std::io::stdin()
            .take(MAX_DOCUMENT_BYTES as u64 + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| fail(format!("cannot read stdin: {e}")))?;
        InputKind::Page
    } else {
        let len = std::fs::metadata(path)
            .map_err(|e| fail(format!("cannot read: {e}")))?
            .len();
        if len > MAX_DOCUMENT_BYTES as u64 {
            return Err(fail(format!(
                "document too large: {len} bytes, limit {} MB",
                MAX_DOCUMENT_BYTES / (1024 * 1024)
            )));
        }
        let mut f = std::fs::File::open(path).map_err(|e| fail(format!("cannot read: {e}")))?;
        f.read_to_end(&mut bytes)
            .map_err(|e| fail(format!("cannot read: {e}")))?;
        kind_for_path(path)
    };
    Ok(Input {
        id,
        date: date.map(str::to_string),
        url: None,
        title: None,
        kind,
        content: Content::Bytes(bytes),
    })
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonlInput {
    id: serde_json::Value,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    html: Option<String>,
    #[serde(default)]
    page: Option<String>,
    #[serde(default)]
    text: Option<String>,
}

/// Parses one JSONL line (1-based `n`) into an input.
pub fn parse_jsonl_line(
    line: &str,
    n: usize,
    default_date: Option<&str>,
) -> Result<Input, Unreadable> {
    let guess_id = || {
        serde_json::from_str::<serde_json::Value>(line)
            .ok()
            .and_then(|v| v.get("id").map(id_string))
            .unwrap_or_else(|| format!("line {n}"))
    };
    let mut v: JsonlInput = match serde_json::from_str(line) {
        Ok(v) => v,
        Err(e) => {
            // Unknown extra fields are tolerated; only broken JSON or wrong types fail.
            match serde_json::from_str::<serde_json::Value>(line) {
                Ok(serde_json::Value::Object(mut o)) => {
                    o.retain(|k, _| {
                        matches!(
                            k.as_str(),
                            "id" | "date" | "url" | "title" | "html" | "page" | "text"
                        )
                    });
                    serde_json::from_value(serde_json::Value::Object(o)).map_err(|e| {
                        Unreadable {
                            id: guess_id(),
                            error: format!("line {n}: bad input object: {e}"),
                        }
                    })?
                }
                _ => {
                    return Err(Unreadable {
                        id: guess_id(),
                        error: format!("line {n}: not a JSON object: {e}"),
                    })
                }
            }
        }
    };
    let id = id_string(&v.id);
    let fail = |error: String| Unreadable {
        id: id.clone(),
        error,
    };
    let given = [v.html.is_some(), v.page.is_some(), v.text.is_some()]
        .iter()
        .filter(|x| **x)
        .count();
    if given != 1 {
        return Err(fail(format!(
            "line {n}: exactly one of \"html\", \"page\", \"text\" is required, found {given}"
        )));
    }
    let (kind, content) = if let Some(h) = v.html.take() {
        (InputKind::Html, h)
    } else if let Some(p) = v.page.take() {
        (InputKind::Page, p)
    } else {
        (InputKind::Text, v.text.take().unwrap_or_default())
    };
    let date = match v.date.filter(|d| !d.trim().is_empty()) {
        Some(d) => Some(
            normalize_date(&d)
                .ok_or_else(|| fail(format!("line {n}: bad date {d:?}, expected YYYY-MM-DD")))?,
        ),
        None => default_date.map(str::to_string),
    };
    Ok(Input {
        id,
        date,
        url: v.url,
        title: v.title,
        kind,
        content: Content::Text(content),
    })
}

fn id_string(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The `--date` flag, checked: `YYYY-MM-DD` (or `YYYYMMDD`).
pub fn date_arg(d: &Option<String>) -> anyhow::Result<Option<String>> {
    use anyhow::Context as _;
    match d {
        Some(d) => {
            Ok(Some(normalize_date(d).with_context(|| {
                format!("--date {d:?}: expected YYYY-MM-DD")
            })?))
        }
        None => Ok(None),
    }
}

/// The `--threads` flag: sizes rayon's global pool.
pub fn set_threads(n: Option<usize>) -> anyhow::Result<()> {
    if let Some(n) = n {
        anyhow::ensure!(n >= 1, "--threads must be at least 1");
        rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global()
            .ok();
    }
    Ok(())
}

/// Accepts `YYYY-MM-DD` (and `YYYYMMDD`), returns `YYYY-MM-DD`.
pub fn normalize_date(d: &str) -> Option<String> {
    let d = d.trim();
    let digits: String = d.chars().filter(|c| c.is_ascii_digit()).collect();
    let ok_shape =
        (d.len() == 10 && d.as_bytes()[4] == b'-' && d.as_bytes()[7] == b'-') || d.len() == 8;
    if digits.len() != 8 || !ok_shape {
        return None;
    }
    let d: Vec<char> = digits.chars().collect();
    let part = |a: usize, b: usize| d[a..b].iter().collect::<String>();
    let s = format!("{}-{}-{}", part(0, 4), part(4, 6), part(6, 8));
    dyad::dict::date_key(&s).map(|_| s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jsonl_lines() {
        let i = parse_jsonl_line(
            r#"{"id": "a", "text": "Hi.", "date": "2023-09-05"}"#,
            1,
            None,
        )
        .unwrap();
        assert_eq!(i.id, "a");
        assert_eq!(i.kind, InputKind::Text);
        assert_eq!(i.date.as_deref(), Some("2023-09-05"));
        let e = parse_jsonl_line(r#"{"id": 7, "text": "x", "html": "y"}"#, 2, None).unwrap_err();
        assert_eq!(e.id, "7");
        assert!(e.error.contains("exactly one"));
        let e = parse_jsonl_line(r#"{"id": "b", "text": "#, 3, None).unwrap_err();
        assert_eq!(e.id, "line 3");
        let i = parse_jsonl_line(
            r#"{"id": "c", "page": "p", "extra": 1}"#,
            4,
            Some("2020-01-02"),
        )
        .unwrap();
        assert_eq!(i.date.as_deref(), Some("2020-01-02"));
        assert!(
            parse_jsonl_line(r#"{"id": "d", "text": "t", "date": "yesterday"}"#, 5, None).is_err()
        );
        assert_eq!(normalize_date("20080806").as_deref(), Some("2008-08-06"));
        assert_eq!(normalize_date("2023-13-01"), None);
        assert_eq!(normalize_date("Sept 5"), None);
    }
}
