//! Routes, request parameters, errors and the middleware (token, CORS, headers).

use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{DefaultBodyLimit, Path, Query, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use dyad_store::{EventFilter, UserError};
use serde::Deserialize;
use serde_json::{json, Value};
use tokio::net::TcpListener;

use crate::cube::{Bucket, SeriesBy};
use crate::state::{App, QUICK_COST};

/// Rows of one page of `/api/events` (default and largest).
pub const EVENTS_PAGE: (usize, usize) = (50, 200);
/// Nodes and edges of `/api/network` (default and largest).
pub const NETWORK_NODES: (usize, usize) = (40, 300);
/// Edges of `/api/network` (default and largest).
pub const NETWORK_EDGES: (usize, usize) = (150, 2_000);
/// Points of `/api/map` (default and largest).
pub const MAP_POINTS: (usize, usize) = (500, 5_000);
/// Buckets of a time line (largest).
pub const TIMELINE_BUCKETS: usize = 4_000;
/// Events the SQL-only filters (text, modality, attribution) may select.
pub const SQL_FILTER_EVENTS: usize = 1_000_000;
/// Longest filter value in characters.
const MAX_VALUE_CHARS: usize = 200;

/// An error answer: `{"error": "..."}` with its status.
#[derive(Debug)]
pub(crate) struct ApiError {
    status: StatusCode,
    message: String,
}

impl ApiError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            message: message.into(),
        }
    }

    pub fn bad(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, message)
    }

    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, message)
    }

    pub fn internal(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, message)
    }

    pub fn timeout(limit: Duration) -> ApiError {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            format!(
                "the request needed more than {} ms; narrow the filters or try again",
                limit.as_millis()
            ),
        )
    }
}

impl From<dyad_store::Error> for ApiError {
    fn from(e: dyad_store::Error) -> ApiError {
        match e {
            dyad_store::Error::User(u @ UserError::BadFilter { .. }) => {
                ApiError::bad(u.to_string())
            }
            other => {
                log::error!("Store error: {other}.");
                ApiError::internal(format!("store error: {other}"))
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut r = (self.status, Json(json!({ "error": self.message }))).into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            r.headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        r
    }
}

type ApiResult = Result<Response, ApiError>;

/// Query parameters of the API; every endpoint takes the filters, and some their own options.
/// Empty values count as absent. Unknown names are refused (400), so typos do not pass
/// silently as "no filter".
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Params {
    actor: Option<String>,
    source: Option<String>,
    target: Option<String>,
    dyad: Option<String>,
    undirected: Option<String>,
    country: Option<String>,
    code: Option<String>,
    root: Option<String>,
    quad: Option<String>,
    plover: Option<String>,
    from: Option<String>,
    to: Option<String>,
    place: Option<String>,
    place_country: Option<String>,
    modality: Option<String>,
    attribution: Option<String>,
    text: Option<String>,
    limit: Option<String>,
    cursor: Option<String>,
    by: Option<String>,
    bucket: Option<String>,
    level: Option<String>,
    nodes: Option<String>,
    edges: Option<String>,
    top: Option<String>,
    q: Option<String>,
    before: Option<String>,
}

fn given(v: &Option<String>) -> Option<String> {
    v.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

fn flag(name: &str, v: &Option<String>) -> Result<bool, ApiError> {
    match given(v).as_deref() {
        None | Some("0" | "false" | "no") => Ok(false),
        Some("1" | "true" | "yes") => Ok(true),
        Some(x) => Err(ApiError::bad(format!(
            "{name}={x:?}: expected true or false"
        ))),
    }
}

/// A number in `1..=max` (default `default`).
fn count(
    name: &str,
    v: &Option<String>,
    (default, max): (usize, usize),
) -> Result<usize, ApiError> {
    match given(v) {
        None => Ok(default),
        Some(x) => match x.parse::<usize>() {
            Ok(n) if (1..=max).contains(&n) => Ok(n),
            _ => Err(ApiError::bad(format!(
                "{name}={x:?}: expected a number from 1 to {max}"
            ))),
        },
    }
}

impl Params {
    fn parse(q: Result<Query<Params>, QueryRejection>) -> Result<Params, ApiError> {
        match q {
            Ok(Query(p)) => Ok(p),
            Err(e) => Err(ApiError::bad(format!(
                "bad query string: {}",
                e.body_text()
            ))),
        }
    }

    /// The store filter (checked); its `limit` is left unset.
    fn filter(&self) -> Result<EventFilter, ApiError> {
        let all = [
            &self.actor,
            &self.source,
            &self.target,
            &self.dyad,
            &self.country,
            &self.code,
            &self.root,
            &self.plover,
            &self.from,
            &self.to,
            &self.place,
            &self.place_country,
            &self.modality,
            &self.attribution,
            &self.text,
        ];
        if all.iter().any(|v| {
            v.as_deref()
                .is_some_and(|s| s.chars().count() > MAX_VALUE_CHARS)
        }) {
            return Err(ApiError::bad(format!(
                "a filter value is longer than {MAX_VALUE_CHARS} characters"
            )));
        }
        let dyad = match given(&self.dyad) {
            Some(d) => {
                let (s, t) = d
                    .split_once(':')
                    .ok_or_else(|| ApiError::bad(format!("dyad={d:?}: expected SOURCE:TARGET")))?;
                Some((s.to_string(), t.to_string()))
            }
            None => None,
        };
        let quad = match given(&self.quad) {
            Some(q) => Some(
                q.parse::<u8>()
                    .ok()
                    .filter(|q| (1..=4).contains(q))
                    .ok_or_else(|| ApiError::bad(format!("quad={q:?}: expected 1, 2, 3 or 4")))?,
            ),
            None => None,
        };
        let f = EventFilter {
            actor: given(&self.actor),
            source: given(&self.source),
            target: given(&self.target),
            dyad,
            undirected: flag("undirected", &self.undirected)?,
            country: given(&self.country),
            code: given(&self.code),
            root: given(&self.root),
            quad,
            plover: given(&self.plover),
            from: given(&self.from),
            to: given(&self.to),
            place: given(&self.place),
            place_country: given(&self.place_country),
            modality: given(&self.modality),
            attribution: given(&self.attribution),
            text: given(&self.text),
            limit: None,
        };
        f.check()?;
        if let (Some(a), Some(b)) = (&f.from, &f.to) {
            if a.trim() > b.trim() {
                return Err(ApiError::bad(format!("from={a} is after to={b}")));
            }
        }
        Ok(f)
    }
}

/// Whether the filter needs SQL (the in-memory events do not hold these).
fn needs_sql(f: &EventFilter) -> bool {
    f.text.is_some() || f.modality.is_some() || f.attribution.is_some()
}

/// The rows passing the SQL-only filters, when there are any (kept for the current events:
/// the same text search with other filters reuses them).
fn sql_ids(
    job: &crate::state::Job<'_>,
    f: &EventFilter,
) -> Result<Option<Arc<crate::cube::RowSet>>, ApiError> {
    if !needs_sql(f) {
        return Ok(None);
    }
    let snap = job.snapshot();
    let key = format!(
        "{:?}\u{1f}{:?}\u{1f}{:?}",
        f.text, f.modality, f.attribution
    );
    if let Some(set) = job.app().row_sets.get(&key, snap.generation) {
        return Ok(Some(set));
    }
    let ids = job
        .with_reader(|s| s.mention_filter_ids(f, SQL_FILTER_EVENTS))?
        .unwrap_or_default();
    if ids.len() > SQL_FILTER_EVENTS {
        return Err(ApiError::bad(format!(
            "the text, modality or attribution filter matches more than {SQL_FILTER_EVENTS} \
             events; make it narrower"
        )));
    }
    let set = Arc::new(snap.cube.row_set(&ids));
    job.app().row_sets.put(key, snap.generation, set.clone());
    Ok(Some(set))
}

fn json_response(v: &impl serde::Serialize) -> Response {
    Json(v).into_response()
}

fn json_body(v: &impl serde::Serialize) -> Result<Bytes, ApiError> {
    serde_json::to_vec(v)
        .map(Bytes::from)
        .map_err(|e| ApiError::internal(format!("cannot write JSON: {e}")))
}

fn json_bytes(b: Bytes) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], b).into_response()
}

impl App {
    /// [`App::cached`] for answers drawn from the cube: the selection of `f` (narrowed by the
    /// SQL-only filters, when `f` has any) on one snapshot, handed to `answer` with the job
    /// and that snapshot.
    async fn cached_selection(
        self: &Arc<Self>,
        uri: &axum::http::Uri,
        f: EventFilter,
        answer: impl FnOnce(
                &crate::state::Job<'_>,
                &crate::state::Snapshot,
                crate::cube::Selection<'_>,
            ) -> Result<Bytes, ApiError>
            + Send
            + 'static,
    ) -> ApiResult {
        self.cached(uri, &f.clone(), move |job| {
            let ids = sql_ids(job, &f)?;
            let snap = job.snapshot();
            answer(job, &snap, snap.cube.select(&f, ids))
        })
        .await
    }

    /// Answers from the cache when the same URI was answered for the current events, else
    /// runs `job` ([`App::compute`]) and keeps its answer.
    ///
    /// A filter answered from memory alone over few rows ([`QUICK_COST`]) is computed at
    /// once on the runtime thread; others wait for a place in [`App::compute`].
    async fn cached(
        self: &Arc<Self>,
        uri: &axum::http::Uri,
        f: &EventFilter,
        job: impl FnOnce(&crate::state::Job<'_>) -> Result<Bytes, ApiError> + Send + 'static,
    ) -> ApiResult {
        let key = uri.path_and_query().map_or("", |p| p.as_str()).to_string();
        let snap = self.snapshot();
        let generation = snap.generation;
        if let Some(b) = self.cache.get(&key, generation) {
            return Ok(json_bytes(b));
        }
        // (The event table also reads 50 rows from SQLite: only when a connection is free,
        // so that the runtime thread never waits for one.)
        let quick = !needs_sql(f)
            && snap.cube.select(f, None).cost() <= QUICK_COST
            && self.readers_free() > 0;
        drop(snap);
        let body = if quick {
            self.compute_now(job)?
        } else {
            self.compute(job).await?
        };
        self.cache.put(key, generation, body.clone());
        Ok(json_bytes(body))
    }
}

async fn info(State(app): State<Arc<App>>) -> Response {
    let s = app.snapshot();
    let range = s.cube.day_range();
    let cache = app.cache.stats();
    json_response(&json!({
        "name": "dyad",
        "version": env!("CARGO_PKG_VERSION"),
        "events": s.cube.len(),
        "mentions": s.cube.mentions(),
        "articles": s.articles,
        "first_day": range.as_ref().map(|r| &r.0),
        "last_day": range.as_ref().map(|r| &r.1),
        "generation": s.generation,
        "loaded_ms": s.loaded_ms,
        "read_only": app.writer.is_none(),
        "cache": {
            "entries": cache.0,
            "hits": cache.1,
            "misses": cache.2,
        },
        "vendored": app.vendored(),
        "limits": {
            "max_body": app.config.max_body,
            "timeout_ms": app.config.timeout.as_millis() as u64,
            "events_page": EVENTS_PAGE.1,
            "network_nodes": NETWORK_NODES.1,
            "network_edges": NETWORK_EDGES.1,
            "map_points": MAP_POINTS.1,
            "timeline_buckets": TIMELINE_BUCKETS,
            "sql_filter_events": SQL_FILTER_EVENTS,
        },
    }))
}

async fn timeline(
    State(app): State<Arc<App>>,
    uri: axum::http::Uri,
    q: Result<Query<Params>, QueryRejection>,
) -> ApiResult {
    let p = Params::parse(q)?;
    let f = p.filter()?;
    let by = match given(&p.by).as_deref() {
        None | Some("all") => SeriesBy::All,
        Some("quad") => SeriesBy::Quad,
        Some("root") => SeriesBy::Root,
        Some(x) => {
            return Err(ApiError::bad(format!(
                "by={x:?}: expected all, quad or root"
            )))
        }
    };
    let bucket = match given(&p.bucket).as_deref() {
        None | Some("auto") => None,
        Some("day") => Some(Bucket::Day),
        Some("week") => Some(Bucket::Week),
        Some("month") => Some(Bucket::Month),
        Some(x) => {
            return Err(ApiError::bad(format!(
                "bucket={x:?}: expected auto, day, week or month"
            )))
        }
    };
    app.cached_selection(&uri, f, move |_, _, sel| {
        let t = sel
            .timeline(by, bucket, TIMELINE_BUCKETS)
            .map_err(ApiError::bad)?;
        json_body(&t)
    })
    .await
}

async fn network(
    State(app): State<Arc<App>>,
    uri: axum::http::Uri,
    q: Result<Query<Params>, QueryRejection>,
) -> ApiResult {
    let p = Params::parse(q)?;
    let f = p.filter()?;
    let countries = match given(&p.level).as_deref() {
        None | Some("actor") => false,
        Some("country") => true,
        Some(x) => {
            return Err(ApiError::bad(format!(
                "level={x:?}: expected actor or country"
            )))
        }
    };
    let nodes = count("nodes", &p.nodes, NETWORK_NODES)?;
    let edges = count("edges", &p.edges, NETWORK_EDGES)?;
    app.cached_selection(&uri, f, move |_, _, sel| {
        let n = sel.network(countries, nodes, edges);
        json_body(&n)
    })
    .await
}

async fn map(
    State(app): State<Arc<App>>,
    uri: axum::http::Uri,
    q: Result<Query<Params>, QueryRejection>,
) -> ApiResult {
    let p = Params::parse(q)?;
    let f = p.filter()?;
    let max = count("limit", &p.limit, MAP_POINTS)?;
    app.cached_selection(&uri, f, move |_, _, sel| {
        let (points, total) = sel.points(max);
        #[derive(serde::Serialize)]
        struct Points {
            points: Vec<crate::cube::Point>,
            total_points: usize,
        }
        json_body(&Points {
            points,
            total_points: total,
        })
    })
    .await
}

async fn facets(
    State(app): State<Arc<App>>,
    uri: axum::http::Uri,
    q: Result<Query<Params>, QueryRejection>,
) -> ApiResult {
    let p = Params::parse(q)?;
    let f = p.filter()?;
    let top = count("top", &p.top, (30, 200))?;
    app.cached_selection(&uri, f, move |_, _, sel| json_body(&sel.facets(top)))
        .await
}

/// `day.id` of the last row of a page (days since 1970-01-01; opaque to clients).
fn parse_cursor(c: &str) -> Option<(i32, i64)> {
    let (d, id) = c.split_once('.')?;
    Some((d.parse().ok()?, id.parse().ok()?))
}

async fn events(
    State(app): State<Arc<App>>,
    uri: axum::http::Uri,
    q: Result<Query<Params>, QueryRejection>,
) -> ApiResult {
    let p = Params::parse(q)?;
    let f = p.filter()?;
    let limit = count("limit", &p.limit, EVENTS_PAGE)?;
    let cursor = match given(&p.cursor) {
        Some(c) => Some(
            parse_cursor(&c)
                .ok_or_else(|| ApiError::bad(format!("cursor={c:?}: not a cursor of this API")))?,
        ),
        None => None,
    };
    app.cached_selection(&uri, f, move |job, snap, sel| {
        let (keys, total) = sel.page(cursor, limit);
        let next = if keys.len() == limit {
            keys.last().map(|(d, id)| format!("{d}.{id}"))
        } else {
            None
        };
        let ids: Vec<i64> = keys.iter().map(|k| k.1).collect();
        let mut have = job.app().event_json.get(&ids, snap.generation);
        let missing: Vec<i64> = ids
            .iter()
            .zip(&have)
            .filter(|(_, b)| b.is_none())
            .map(|(id, _)| *id)
            .collect();
        if !missing.is_empty() {
            let rows = job.with_reader(|s| s.event_views(&missing))?;
            let mut read = Vec::with_capacity(rows.len());
            for row in &rows {
                // Written straight from the struct (no `Value` tree in between).
                read.push((row.event.id, json_body(row)?));
            }
            for (id, b) in &read {
                for (slot, want) in have.iter_mut().zip(&ids) {
                    if want == id && slot.is_none() {
                        *slot = Some(b.clone());
                    }
                }
            }
            job.app().event_json.put(snap.generation, read);
        }
        // `{"events": [...], "next_cursor": ..., "total": N}`; events no longer stored are
        // left out.
        let events: Vec<Bytes> = have.into_iter().flatten().collect();
        let mut out = Vec::with_capacity(64 + events.iter().map(|b| b.len() + 1).sum::<usize>());
        out.extend_from_slice(b"{\"events\":[");
        for (k, b) in events.iter().enumerate() {
            if k > 0 {
                out.push(b',');
            }
            out.extend_from_slice(b);
        }
        out.extend_from_slice(b"],\"next_cursor\":");
        out.extend_from_slice(&json_body(&next)?);
        out.extend_from_slice(format!(",\"total\":{total}}}").as_bytes());
        Ok(Bytes::from(out))
    })
    .await
}

fn path_id(v: &str) -> Result<i64, ApiError> {
    v.parse::<i64>()
        .map_err(|_| ApiError::not_found(format!("no such id: {v:?}")))
}

async fn event(State(app): State<Arc<App>>, Path(id): Path<String>) -> ApiResult {
    let id = path_id(&id)?;
    app.compute(move |job| {
        let (ev, mentions) = job.with_reader(|s| {
            let ev = s.event_views(&[id])?;
            let m = if ev.is_empty() {
                Vec::new()
            } else {
                s.event_mentions(id)?
            };
            Ok((ev, m))
        })?;
        let ev = ev
            .into_iter()
            .next()
            .ok_or_else(|| ApiError::not_found(format!("no event {id}")))?;
        let mut v = serde_json::to_value(&ev).map_err(|e| ApiError::internal(e.to_string()))?;
        v["mentions"] = serde_json::to_value(&mentions).unwrap_or(Value::Null);
        v["code_name"] = json!(crate::article::code_name(&ev.event.code));
        Ok(json_response(&v))
    })
    .await
}

async fn articles(
    State(app): State<Arc<App>>,
    q: Result<Query<Params>, QueryRejection>,
) -> ApiResult {
    let p = Params::parse(q)?;
    let limit = count("limit", &p.limit, EVENTS_PAGE)?;
    let text = given(&p.q);
    if text
        .as_deref()
        .is_some_and(|t| t.chars().count() > MAX_VALUE_CHARS)
    {
        return Err(ApiError::bad("q is too long"));
    }
    let before = match given(&p.before) {
        Some(b) => Some(
            b.parse::<i64>()
                .map_err(|_| ApiError::bad(format!("before={b:?}: expected an article id")))?,
        ),
        None => None,
    };
    app.compute(move |job| {
        let rows = job.with_reader(|s| s.articles(text.as_deref(), before, limit))?;
        let next = (rows.len() == limit)
            .then(|| rows.last().map(|a| a.id))
            .flatten();
        Ok(json_response(
            &json!({ "articles": rows, "next_before": next }),
        ))
    })
    .await
}

async fn article(State(app): State<Arc<App>>, Path(id): Path<String>) -> ApiResult {
    let id = path_id(&id)?;
    app.compute(move |job| {
        let a = job
            .with_reader(|s| s.article(id))?
            .ok_or_else(|| ApiError::not_found(format!("no article {id}")))?;
        Ok(json_response(&crate::article::view(&a)))
    })
    .await
}

async fn ingest(State(app): State<Arc<App>>, body: Result<Bytes, BytesRejection>) -> ApiResult {
    let body = body.map_err(|e| {
        let status = e.status();
        if status == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::new(status, "the request body is too large")
        } else {
            ApiError::new(status, e.body_text())
        }
    })?;
    crate::ingest::handle(&app, body).await
}

async fn openapi() -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        include_str!("openapi.json"),
    )
        .into_response()
}

async fn api_not_found() -> ApiError {
    ApiError::not_found("no such API endpoint; see /api/openapi.json")
}

/// Compares in time independent of where the strings differ.
pub(crate) fn same_secret(a: &[u8], b: &[u8]) -> bool {
    let mut diff = (a.len() ^ b.len()) as u8 | u8::from(a.len() != b.len());
    for i in 0..a.len().max(b.len()) {
        let x = a.get(i).copied().unwrap_or(0);
        let y = b.get(i).copied().unwrap_or(0);
        diff |= x ^ y;
    }
    diff == 0
}

/// `POST /api/ingest` needs `Authorization: Bearer <token>`; 403 when no token is configured.
async fn require_token(State(app): State<Arc<App>>, req: Request, next: Next) -> Response {
    let Some(token) = &app.config.token else {
        return ApiError::new(
            StatusCode::FORBIDDEN,
            "this server is read-only: start it with --token to allow ingest",
        )
        .into_response();
    };
    let given = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    match given {
        Some(g) if same_secret(g.as_bytes(), token.as_bytes()) => next.run(req).await,
        _ => ApiError::new(StatusCode::UNAUTHORIZED, "a valid bearer token is required")
            .into_response(),
    }
}

/// CORS for the one origin given with `--cors` (preflight included).
async fn cors(State(app): State<Arc<App>>, req: Request, next: Next) -> Response {
    let Some(origin) = app.config.cors.clone() else {
        return next.run(req).await;
    };
    let Ok(value) = HeaderValue::from_str(&origin) else {
        return next.run(req).await;
    };
    let preflight = req.method() == Method::OPTIONS
        && req
            .headers()
            .contains_key(header::ACCESS_CONTROL_REQUEST_METHOD);
    let mut r = if preflight {
        let mut r = StatusCode::NO_CONTENT.into_response();
        let h = r.headers_mut();
        h.insert(
            header::ACCESS_CONTROL_ALLOW_METHODS,
            HeaderValue::from_static("GET, POST"),
        );
        h.insert(
            header::ACCESS_CONTROL_ALLOW_HEADERS,
            HeaderValue::from_static("authorization, content-type"),
        );
        h.insert(
            header::ACCESS_CONTROL_MAX_AGE,
            HeaderValue::from_static("600"),
        );
        r
    } else {
        next.run(req).await
    };
    let h = r.headers_mut();
    h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, value);
    h.insert(header::VARY, HeaderValue::from_static("Origin"));
    r
}

/// Headers on every answer: no sniffing, no framing, no referrer; API answers are not cached.
async fn headers(req: Request, next: Next) -> Response {
    let api = req.uri().path().starts_with("/api/");
    let mut r = next.run(req).await;
    let h: &mut HeaderMap = r.headers_mut();
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    if api {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    r
}

/// The router over `app`.
pub(crate) fn router(app: Arc<App>) -> Router {
    // The token is checked before the body is read; other methods get 405.
    let ingest_route = post(ingest)
        .layer(DefaultBodyLimit::max(app.config.max_body))
        .route_layer(middleware::from_fn_with_state(app.clone(), require_token));
    Router::new()
        .route("/api/info", get(info))
        .route("/api/openapi.json", get(openapi))
        .route("/api/timeline", get(timeline))
        .route("/api/network", get(network))
        .route("/api/map", get(map))
        .route("/api/facets", get(facets))
        .route("/api/events", get(events))
        .route("/api/events/{id}", get(event))
        .route("/api/articles", get(articles))
        .route("/api/articles/{id}", get(article))
        .route("/api/ingest", ingest_route)
        .route("/api/{*rest}", axum::routing::any(api_not_found))
        .merge(crate::assets::router())
        .layer(DefaultBodyLimit::max(app.config.max_body))
        .layer(middleware::from_fn_with_state(app.clone(), cors))
        .layer(middleware::from_fn(headers))
        .with_state(app)
}

/// Serves `app` on `listener` until `stop` completes.
pub(crate) async fn serve(
    listener: TcpListener,
    app: Arc<App>,
    stop: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(app))
        .with_graceful_shutdown(stop)
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_compare() {
        assert!(same_secret(b"abcdefgh", b"abcdefgh"));
        assert!(!same_secret(b"abcdefgh", b"abcdefgx"));
        assert!(!same_secret(b"abcdefgh", b"abcdefg"));
        assert!(!same_secret(b"", b"a"));
        assert!(same_secret(b"", b""));
    }

    #[test]
    fn cursors() {
        assert_eq!(parse_cursor("19793.42"), Some((19793, 42)));
        assert_eq!(parse_cursor("-2147483648.7"), Some((i32::MIN, 7)));
        assert_eq!(parse_cursor("x.1"), None);
        assert_eq!(parse_cursor("20240311"), None);
    }
}
