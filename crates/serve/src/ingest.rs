//! `POST /api/ingest`: pages in, coded by the pipeline, stored; the events reload.
//!
//! The body is JSON: one input object, an array of them, or `{"documents": [...]}`. An input
//! object is that of `dyad code --jsonl`: `{"id", "date"?, "url"?, "title"?}` plus exactly one
//! of `"html"` (a raw page), `"page"` (scraped page text) or `"text"` (clean text). Pages are
//! identified as by `dyad ingest` (SHA-256 of URL and content): sending one twice stores it
//! once.

use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use axum::body::Bytes;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use dyad::ingest::InputKind;
use dyad::types::record::DocumentRecord;
use dyad::{Content, Input};
use dyad_store::{ContentHash, IngestDoc};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::api::ApiError;
use crate::state::App;

/// Documents in one request (at most).
pub const MAX_DOCUMENTS: usize = 100;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Doc {
    id: Value,
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

fn input_of(d: Doc, n: usize) -> Result<Input, ApiError> {
    let id = match d.id {
        Value::String(s) if !s.trim().is_empty() => s,
        Value::Number(x) => x.to_string(),
        _ => {
            return Err(ApiError::bad(format!(
                "document {n}: \"id\" must be a non-empty string or a number"
            )))
        }
    };
    let (kind, content) = match (d.html, d.page, d.text) {
        (Some(h), None, None) => (InputKind::Html, h),
        (None, Some(p), None) => (InputKind::Page, p),
        (None, None, Some(t)) => (InputKind::Text, t),
        _ => {
            return Err(ApiError::bad(format!(
                "document {n} ({id}): exactly one of \"html\", \"page\", \"text\" is required"
            )))
        }
    };
    let date = match d.date.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(x) => {
            if crate::days::parse_day(x).is_none() {
                return Err(ApiError::bad(format!(
                    "document {n} ({id}): bad date {x:?}, expected YYYY-MM-DD"
                )));
            }
            Some(x.to_string())
        }
        None => None,
    };
    Ok(Input {
        id,
        date,
        url: d.url.filter(|u| !u.trim().is_empty()),
        title: d.title,
        kind,
        content: Content::Text(content),
    })
}

fn parse(body: &[u8]) -> Result<Vec<Input>, ApiError> {
    let v: Value = serde_json::from_slice(body)
        .map_err(|e| ApiError::bad(format!("the body is not JSON: {e}")))?;
    let list = match v {
        Value::Array(a) => a,
        Value::Object(mut o) if o.contains_key("documents") => match o.remove("documents") {
            Some(Value::Array(a)) if o.is_empty() => a,
            _ => {
                return Err(ApiError::bad(
                    "expected {\"documents\": [...]} with nothing else",
                ))
            }
        },
        obj @ Value::Object(_) => vec![obj],
        _ => {
            return Err(ApiError::bad(
                "expected a document object or an array of them",
            ))
        }
    };
    if list.is_empty() {
        return Err(ApiError::bad("no documents"));
    }
    if list.len() > MAX_DOCUMENTS {
        return Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!(
                "{} documents: at most {MAX_DOCUMENTS} per request",
                list.len()
            ),
        ));
    }
    list.into_iter()
        .enumerate()
        .map(|(i, d)| {
            let d: Doc = serde_json::from_value(d)
                .map_err(|e| ApiError::bad(format!("document {}: {e}", i + 1)))?;
            input_of(d, i + 1)
        })
        .collect()
}

/// Codes one input; a panic in the pipeline becomes an error record (as in `dyad code`).
fn code(pipeline: &dyad::Pipeline, input: &Input) -> DocumentRecord {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| pipeline.process(input))) {
        Ok((rec, _)) => rec,
        Err(_) => DocumentRecord::failed(&input.id, "internal error while coding".to_string()),
    }
}

/// Handles an authorised ingest request.
pub(crate) async fn handle(app: &Arc<App>, body: Bytes) -> Result<Response, ApiError> {
    let inputs = parse(&body)?;
    let a = app.clone();
    // Writing is not interrupted at the time limit (a transaction is all or nothing), but it
    // runs on its own blocking thread and holds the one writer.
    let result = tokio::task::spawn_blocking(move || -> Result<Value, ApiError> {
        let (Some(writer), Some(pipeline)) = (&a.writer, &a.pipeline) else {
            return Err(ApiError::new(
                StatusCode::FORBIDDEN,
                "this server is read-only",
            ));
        };
        let mut store = writer.lock().unwrap_or_else(|e| e.into_inner());
        let mut todo = Vec::new();
        let mut documents = Vec::new();
        for input in &inputs {
            let Content::Text(t) = &input.content else {
                continue;
            };
            let hash = ContentHash::of(input.url.as_deref(), t.as_bytes());
            if store.contains(&hash)? {
                documents
                    .push(json!({"id": input.id, "stored": false, "reason": "already stored"}));
            } else {
                todo.push((input, hash));
            }
        }
        let coded: Vec<DocumentRecord> = todo.iter().map(|(i, _)| code(pipeline, i)).collect();
        let docs: Vec<IngestDoc<'_>> = todo
            .iter()
            .zip(&coded)
            .map(|((input, hash), rec)| IngestDoc {
                hash: *hash,
                raw: match &input.content {
                    Content::Text(t) => Some(t.as_bytes()),
                    Content::Bytes(b) => Some(b.as_slice()),
                },
                url: input.url.as_deref(),
                date: input.date.as_deref(),
                record: rec,
            })
            .collect();
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64);
        let report = store.ingest(&docs, now)?;
        for rec in &coded {
            documents.push(json!({
                "id": rec.id,
                "stored": true,
                "events": rec.events.len(),
                "error": rec.error,
            }));
        }
        Ok(json!({
            "added": report.added,
            "skipped": report.skipped + (inputs.len() - todo.len()),
            "replaced": report.replaced,
            "mentions": report.mentions,
            "new_events": report.new_events,
            "documents": documents,
        }))
    })
    .await
    .map_err(|e| ApiError::internal(format!("ingest failed: {e}")))??;
    app.refresh_now.notify_one();
    Ok((StatusCode::OK, Json(result)).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies() {
        let one =
            parse(br#"{"id": "a", "text": "Russia met China.", "date": "2024-03-11"}"#).unwrap();
        assert_eq!(one.len(), 1);
        assert_eq!(one[0].kind, InputKind::Text);
        let two =
            parse(br#"{"documents": [{"id": 1, "page": "x"}, {"id": "b", "html": "<p>y</p>"}]}"#)
                .unwrap();
        assert_eq!(two[0].id, "1");
        assert_eq!(two[1].kind, InputKind::Html);
        assert!(parse(br#"[{"id": "a"}]"#).is_err());
        assert!(parse(br#"[{"id": "a", "text": "t", "date": "yesterday"}]"#).is_err());
        assert!(parse(br#"[{"id": "a", "text": "t", "extra": 1}]"#).is_err());
        assert!(parse(b"[]").is_err());
        assert!(parse(b"not json").is_err());
    }
}
