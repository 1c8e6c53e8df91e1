//! dyad-serve: `dyad serve`, a JSON API over the event store and a web page to explore it.
//!
//! The principal entry points are [`run`] (serve until Ctrl-C, for the command line) and
//! [`start`] (serve on a background thread, for tests and benchmarks), both configured by a
//! [`Config`]. The API (`/api/…`, described by `/api/openapi.json`, see `docs/serve.md`):
//!
//! * aggregates over filtered events — time lines (`/api/timeline`), the actor network
//!   (`/api/network`), map points (`/api/map`), counts for the filter bar (`/api/facets`) —
//!   answered from an in-memory copy of the events ([`cube::Cube`]) refreshed when the database
//!   changes;
//! * the event table (`/api/events`, keyset-paged), one event (`/api/events/{id}`), articles
//!   (`/api/articles`) and one article with its spans (`/api/articles/{id}`), read from SQLite;
//! * `POST /api/ingest`: codes pages with the [`dyad`] pipeline and stores them; it needs the
//!   token ([`Config::token`]), and without a token the server is read-only (403).
//!
//! Limits: request bodies ([`Config::max_body`], 413 beyond), page sizes and caps on every
//! list, a time limit per request ([`Config::timeout`], 503 beyond; a running SQLite query is
//! interrupted), a bounded number of concurrent queries. The page and its libraries are
//! embedded in the binary (`build.rs`); no file is read from disk to serve them. No CORS
//! header is sent unless [`Config::cors`] names an origin.
//!
//! ```no_run
//! let mut config = dyad_serve::Config::new("events.db");
//! config.bind = "127.0.0.1:0".parse()?;
//! let server = dyad_serve::start(config)?;
//! let mut client = dyad_serve::client::Client::connect(server.addr())?;
//! let info = client.get("/api/info")?.json()?;
//! assert!(info["events"].as_u64().is_some());
//! server.stop();
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]

mod api;
mod article;
mod assets;
pub mod client;
pub mod cube;
pub mod days;
mod ingest;
mod state;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

/// How to serve.
#[derive(Clone, Debug)]
pub struct Config {
    /// The database file. Without a token it must exist; with one it is created when missing.
    pub db: PathBuf,
    /// Address to listen on (default `127.0.0.1:8080`: loopback only).
    pub bind: SocketAddr,
    /// Bearer token that `POST /api/ingest` requires. `None`: read-only server.
    pub token: Option<String>,
    /// Origin allowed to call the API from another site (CORS). `None`: no CORS headers.
    pub cors: Option<String>,
    /// Largest request body in bytes (413 beyond).
    pub max_body: usize,
    /// Time limit of one request's work (503 beyond).
    pub timeout: Duration,
    /// Read-only SQLite connections (and so SQL queries at a time).
    pub readers: usize,
    /// Requests computed at a time; more wait in line (within their time limit).
    pub workers: usize,
    /// How often to look for changes made by other processes (`dyad ingest`, `dyad watch`).
    pub refresh: Duration,
    /// Runtime threads (default: the number of cores).
    pub threads: Option<usize>,
    /// Answers of the aggregate endpoints kept for repeated requests (0: no cache). They
    /// are valid until the events reload.
    pub cache_entries: usize,
}

impl Config {
    /// Defaults for `db`: loopback port 8080, read-only, 8 MiB bodies, 10 s per request.
    pub fn new(db: impl Into<PathBuf>) -> Config {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Config {
            db: db.into(),
            bind: SocketAddr::from(([127, 0, 0, 1], 8080)),
            token: None,
            cors: None,
            max_body: 8 << 20,
            timeout: Duration::from_secs(10),
            readers: 4,
            workers: cores.max(2),
            refresh: Duration::from_secs(2),
            threads: None,
            cache_entries: 4096,
        }
    }
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ServeError {
    /// The database could not be opened or read.
    #[error("{path}: {source}")]
    Store {
        /// The database file.
        path: PathBuf,
        /// What went wrong.
        source: dyad_store::Error,
    },
    /// The address could not be bound, or the runtime could not start.
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// A setting is out of range.
    #[error("{0}")]
    Config(String),
}

/// A server running on a background thread ([`start`]).
pub struct Running {
    addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Running {
    /// The address it listens on (the real port when the configuration asked for port 0).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops accepting connections, finishes the requests in flight and waits.
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.shutdown();
    }
}

fn runtime(config: &Config) -> std::io::Result<tokio::runtime::Runtime> {
    let mut b = tokio::runtime::Builder::new_multi_thread();
    if let Some(n) = config.threads {
        b.worker_threads(n.max(1));
    }
    b.enable_io()
        .enable_time()
        .thread_name("dyad-serve")
        .build()
}

fn check(config: &Config) -> Result<(), ServeError> {
    if config.readers == 0 || config.workers == 0 {
        return Err(ServeError::Config(
            "--readers and --workers must be at least 1".into(),
        ));
    }
    if config.token.as_deref().is_some_and(|t| t.trim().len() < 8) {
        return Err(ServeError::Config(
            "the token must have at least 8 characters".into(),
        ));
    }
    Ok(())
}

/// Serves on a background thread; returns once the address is bound and the events are loaded.
pub fn start(config: Config) -> Result<Running, ServeError> {
    check(&config)?;
    let (ready_tx, ready_rx) = std::sync::mpsc::channel();
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let thread = std::thread::Builder::new()
        .name("dyad-serve".into())
        .spawn(move || {
            let rt = match runtime(&config) {
                Ok(rt) => rt,
                Err(e) => {
                    let _ = ready_tx.send(Err(ServeError::Io(e)));
                    return;
                }
            };
            rt.block_on(async move {
                let (listener, app) = match state::prepare(&config).await {
                    Ok(x) => x,
                    Err(e) => {
                        let _ = ready_tx.send(Err(e));
                        return;
                    }
                };
                let addr = listener.local_addr().unwrap_or(config.bind);
                let _ = ready_tx.send(Ok(addr));
                let _ = api::serve(listener, app, async {
                    let _ = stop_rx.await;
                })
                .await;
            });
        })?;
    match ready_rx.recv() {
        Ok(Ok(addr)) => Ok(Running {
            addr,
            stop: Some(stop_tx),
            thread: Some(thread),
        }),
        Ok(Err(e)) => {
            let _ = thread.join();
            Err(e)
        }
        Err(_) => {
            let _ = thread.join();
            Err(ServeError::Config("the server thread ended early".into()))
        }
    }
}

/// Serves until Ctrl-C (SIGINT) or SIGTERM. `ready` is called once the events are loaded and
/// the address is bound, with that address and a summary of what was loaded.
pub fn run(config: Config, ready: impl FnOnce(SocketAddr, &str)) -> Result<(), ServeError> {
    check(&config)?;
    let rt = runtime(&config)?;
    rt.block_on(async move {
        let (listener, app) = state::prepare(&config).await?;
        let addr = listener.local_addr()?;
        ready(addr, &app.summary());
        api::serve(listener, app, shutdown_signal()).await?;
        Ok(())
    })
}

async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let mut term = match signal(SignalKind::terminate()) {
            Ok(s) => s,
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
                return;
            }
        };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
