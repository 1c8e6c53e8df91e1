//! Turning command-line inputs (paths, stdin, JSONL lines) into [`dyad::Input`]s.

use std::io::{BufRead, Read};
use std::path::{Path, PathBuf};

use dyad::ingest::{kind_for_path, InputKind, MAX_DOCUMENT_BYTES};
use dyad::normalize_date;
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

/// Groups `items` into batches of at most `max_items`, a batch being cut early once the
/// `size` of its items reaches `max_bytes` (so that large documents are not held many at a
/// time). The last batch may be shorter; no batch is empty.
pub fn batches<T>(
    items: impl IntoIterator<Item = T>,
    max_items: usize,
    max_bytes: usize,
    size: impl Fn(&T) -> usize,
) -> impl Iterator<Item = Vec<T>> {
    let mut items = items.into_iter();
    std::iter::from_fn(move || {
        let mut batch = Vec::new();
        let mut bytes = 0usize;
        for x in items.by_ref() {
            bytes = bytes.saturating_add(size(&x));
            batch.push(x);
            if batch.len() >= max_items || bytes >= max_bytes {
                break;
            }
        }
        (!batch.is_empty()).then_some(batch)
    })
}

/// The bytes a path's document will take once read (its file size, up to the most that is
/// read); 0 for stdin and for what cannot be read.
pub fn path_size(p: &Result<PathBuf, Unreadable>) -> usize {
    match p {
        Ok(p) if p.as_os_str() != "-" => std::fs::metadata(p)
            .map(|m| m.len().min(MAX_DOCUMENT_BYTES as u64) as usize)
            .unwrap_or(0),
        _ => 0,
    }
}

/// The JSONL source of `--jsonl FILE` (`-` for stdin), buffered.
pub fn open_jsonl(src: &Path) -> anyhow::Result<Box<dyn BufRead>> {
    use anyhow::Context as _;
    const CAPACITY: usize = 256 * 1024;
    Ok(if src.as_os_str() == "-" {
        Box::new(std::io::BufReader::with_capacity(
            CAPACITY,
            std::io::stdin(),
        ))
    } else {
        Box::new(std::io::BufReader::with_capacity(
            CAPACITY,
            std::fs::File::open(src).with_context(|| format!("cannot open {}", src.display()))?,
        ))
    })
}

/// The longest JSONL line that is read: the largest document ingest takes
/// ([`MAX_DOCUMENT_BYTES`]) plus 1 MiB for the object's other fields. A longer line gets an
/// error record without being held: its bytes are read and dropped up to the newline. (A
/// document near the limit whose JSON escapes make the line longer than this must be given
/// by path.)
pub const MAX_JSONL_LINE_BYTES: usize = MAX_DOCUMENT_BYTES + 1024 * 1024;

/// How much of an over-long line is kept to find its `"id"`.
const ID_PREFIX_BYTES: usize = 4096;

/// One input of a JSONL stream and the bytes its line took (for bounding batches by size).
pub struct JsonlJob {
    /// The input, or why the line is unusable.
    pub job: Result<Input, Unreadable>,
    /// Length of the line in bytes (0 for a line that was not held).
    pub bytes: usize,
}

/// The inputs of a JSONL stream, one per non-blank line (numbered from 1, blank lines
/// counted). A line that is not UTF-8, is not an input object, or is longer than `max_line`
/// bytes gives an error for that line only; a read error gives one error and ends the
/// stream. No more than `max_line` bytes of a line are ever held.
pub fn jsonl_inputs<'a, R: BufRead + 'a>(
    mut reader: R,
    max_line: usize,
    date: Option<&'a str>,
) -> impl Iterator<Item = JsonlJob> + 'a {
    let mut n = 0usize;
    let mut done = false;
    let mut buf = Vec::new();
    std::iter::from_fn(move || loop {
        if done {
            return None;
        }
        n += 1;
        buf.clear();
        let len = match read_line_bounded(&mut reader, max_line, &mut buf) {
            Ok(None) => return None,
            Ok(Some(len)) => len,
            Err(e) => {
                done = true;
                return Some(JsonlJob {
                    job: Err(Unreadable {
                        id: format!("line {n}"),
                        error: format!("line {n}: cannot read: {e}"),
                    }),
                    bytes: 0,
                });
            }
        };
        if len > max_line as u64 {
            let id = id_of_prefix(&buf).unwrap_or_else(|| format!("line {n}"));
            buf = Vec::new();
            return Some(JsonlJob {
                job: Err(Unreadable {
                    id,
                    error: format!(
                        "line {n}: document too large: {len} bytes on one line, limit {} MB",
                        max_line / (1024 * 1024)
                    ),
                }),
                bytes: 0,
            });
        }
        let line = match std::str::from_utf8(&buf) {
            Ok(l) if l.trim().is_empty() => continue,
            Ok(l) => l,
            Err(e) => {
                return Some(JsonlJob {
                    job: Err(Unreadable {
                        id: format!("line {n}"),
                        error: format!("line {n}: invalid UTF-8 at byte {}", e.valid_up_to()),
                    }),
                    bytes: buf.len(),
                })
            }
        };
        let job = parse_jsonl_line(line, n, date);
        let bytes = buf.len();
        if buf.capacity() > 1024 * 1024 {
            // Do not keep a big line's buffer for the small ones that follow.
            buf = Vec::new();
        }
        return Some(JsonlJob { job, bytes });
    })
}

/// Reads one line (without its `\n` and trailing `\r`s) into `buf`, keeping at most `max`
/// bytes of it (of a longer line only the first [`ID_PREFIX_BYTES`] stay); returns the
/// line's length, or `None` at the end of the input.
fn read_line_bounded<R: BufRead>(
    r: &mut R,
    max: usize,
    buf: &mut Vec<u8>,
) -> std::io::Result<Option<u64>> {
    // One byte more than `max` may be a `\r` before the newline.
    let hold = max as u64 + 1;
    let mut total = 0u64;
    let mut any = false;
    loop {
        let avail = match r.fill_buf() {
            Ok(a) => a,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if avail.is_empty() {
            break;
        }
        any = true;
        let (part, newline) = match avail.iter().position(|&b| b == b'\n') {
            Some(i) => (&avail[..i], true),
            None => (avail, false),
        };
        total += part.len() as u64;
        if total <= hold {
            buf.extend_from_slice(part);
        } else if buf.len() > ID_PREFIX_BYTES {
            buf.truncate(ID_PREFIX_BYTES);
            buf.shrink_to_fit();
        }
        let used = part.len() + usize::from(newline);
        r.consume(used);
        if newline {
            break;
        }
    }
    if !any {
        return Ok(None);
    }
    if total <= hold {
        while buf.last() == Some(&b'\r') {
            buf.pop();
        }
        total = buf.len() as u64;
        if total > max as u64 {
            buf.truncate(ID_PREFIX_BYTES);
            buf.shrink_to_fit();
        }
    }
    Ok(Some(total))
}

/// The `"id"` of a JSON object whose first member is its id, read from the start of a line.
fn id_of_prefix(prefix: &[u8]) -> Option<String> {
    use serde::Deserialize as _;
    let s = prefix.trim_ascii_start().strip_prefix(b"{")?;
    let s = s.trim_ascii_start().strip_prefix(b"\"id\"")?;
    let s = s.trim_ascii_start().strip_prefix(b":")?;
    let mut de = serde_json::Deserializer::from_slice(s);
    match serde_json::Value::deserialize(&mut de).ok()? {
        v @ (serde_json::Value::String(_) | serde_json::Value::Number(_)) => Some(id_string(&v)),
        _ => None,
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

    #[test]
    fn jsonl_lines_are_bounded() {
        let ok = r#"{"id": "a", "text": "Hi."}"#;
        let long = format!(r#"{{"id": "b", "text": "{}"}}"#, "x".repeat(100));
        let long_no_id = format!(r#"{{"text": "{}", "id": 1}}"#, "x".repeat(100));
        let input = format!(
            "{ok}\r\n\n{long}\n\u{ff}\n{long_no_id}\r\n{}\n{ok}",
            &ok.replace('a', "c")
        );
        let mut bytes = input.into_bytes();
        // An invalid UTF-8 line: replace the marker with a lone 0xFF byte.
        let pos = bytes.windows(2).position(|w| w == [0xc3, 0xbf]).unwrap();
        bytes.splice(pos..pos + 2, [0xff]);
        let max = ok.len() + 1;
        // Read a few bytes at a time, so that lines cross buffer ends.
        let reader = std::io::BufReader::with_capacity(7, &bytes[..]);
        let got: Vec<JsonlJob> = jsonl_inputs(reader, max, None).collect();
        let ids: Vec<&str> = got
            .iter()
            .map(|j| match &j.job {
                Ok(i) => i.id.as_str(),
                Err(u) => u.id.as_str(),
            })
            .collect();
        assert_eq!(ids, ["a", "b", "line 4", "line 5", "c", "a"]);
        assert_eq!(got[0].bytes, ok.len(), "the \\r is not part of the line");
        let err = |k: usize| got[k].job.as_ref().unwrap_err().error.as_str();
        assert_eq!(
            err(1),
            format!(
                "line 3: document too large: {} bytes on one line, limit 0 MB",
                long.len()
            )
        );
        assert_eq!(got[1].bytes, 0);
        assert!(err(2).starts_with("line 4: invalid UTF-8"), "{}", err(2));
        assert!(err(3).contains("too large"), "{}", err(3));
        assert!(got[4].job.is_ok() && got[5].job.is_ok());
        // A line of exactly the limit is read.
        let reader = std::io::BufReader::with_capacity(3, ok.as_bytes());
        let got: Vec<JsonlJob> = jsonl_inputs(reader, ok.len(), None).collect();
        assert_eq!(got.len(), 1);
        assert!(got[0].job.is_ok());
    }

    #[test]
    fn batches_are_cut_by_count_and_by_size() {
        let sizes = [1, 1, 1, 1, 1, 10, 1, 5, 5, 1];
        let got: Vec<Vec<usize>> = batches(sizes, 3, 10, |x| *x).collect();
        assert_eq!(got, [vec![1, 1, 1], vec![1, 1, 10], vec![1, 5, 5], vec![1]]);
        assert_eq!(batches(Vec::<usize>::new(), 3, 10, |x| *x).count(), 0);
    }
}
