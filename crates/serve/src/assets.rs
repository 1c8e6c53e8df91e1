//! The page and its libraries, embedded at build time (`build.rs`). Only names in the table
//! are served: there is no file system path to traverse.

use axum::extract::Path;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

/// One embedded file.
pub(crate) struct Asset {
    /// Name under `/assets/` (`index.html` is also `/`).
    pub name: &'static str,
    /// Its `Content-Type`.
    pub content_type: &'static str,
    /// The bytes.
    pub bytes: &'static [u8],
    /// True for a library from `web/node_modules`, false for our files and for stubs.
    pub vendored: bool,
}

include!(concat!(env!("OUT_DIR"), "/assets.rs"));

/// The asset called `name`, if embedded.
pub(crate) fn find(name: &str) -> Option<&'static Asset> {
    ASSETS.iter().find(|a| a.name == name)
}

/// Content-Security-Policy of the page: only our own origin; inline styles for the libraries.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
                   img-src 'self' data:; connect-src 'self'; object-src 'none'; \
                   base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

fn respond(a: &Asset) -> Response {
    let mut r = ([(header::CONTENT_TYPE, a.content_type)], a.bytes).into_response();
    let h = r.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    if a.name.ends_with(".html") {
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP),
        );
    }
    r
}

async fn index() -> Response {
    match find("index.html") {
        Some(a) => respond(a),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

async fn asset(Path(name): Path<String>) -> Response {
    match find(&name) {
        Some(a) => respond(a),
        None => (StatusCode::NOT_FOUND, "not found\n").into_response(),
    }
}

async fn not_found() -> Response {
    (StatusCode::NOT_FOUND, "not found\n").into_response()
}

/// `/`, `/assets/{name}` and a plain 404 for everything else outside `/api/`.
pub(crate) fn router<S: Clone + Send + Sync + 'static>() -> Router<S> {
    Router::new()
        .route("/", get(index))
        .route("/index.html", get(index))
        .route("/assets/{*name}", get(asset))
        .fallback(not_found)
}
