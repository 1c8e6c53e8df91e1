//! The server's state: the in-memory events, the SQLite connections, the writer and the
//! pipeline; running work off the async threads within a time limit; refreshing the events
//! when the database changes.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, RwLock};
use std::time::{Duration, Instant};

use dyad_store::{QueryInterrupt, Store};
use serde::Serialize;
use tokio::net::TcpListener;
use tokio::sync::{Notify, Semaphore};

use crate::api::ApiError;
use crate::cube::Cube;
use crate::{Config, ServeError};

/// In-memory selections up to this cost ([`crate::cube::Selection::cost`], rows of a scan)
/// are answered on the runtime thread at once ([`App::compute_now`]): about a millisecond.
pub(crate) const QUICK_COST: usize = 200_000;

/// Which JavaScript libraries are really embedded (the rest are stubs; see `build.rs`).
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Vendored {
    /// uPlot (time line).
    pub uplot: bool,
    /// Cytoscape (network).
    pub cytoscape: bool,
    /// topojson-client and world-atlas (map outlines).
    pub world: bool,
}

/// A snapshot of the events with the counts shown in `/api/info`.
pub(crate) struct Snapshot {
    pub cube: Cube,
    pub articles: i64,
    pub generation: u64,
    pub loaded_ms: u64,
}

/// Recent answers of the aggregate endpoints, by request URI, valid for one generation of
/// the events (a reload empties it in effect). First in, first out; bounded in entries and
/// bytes.
pub(crate) struct ResponseCache {
    inner: Mutex<CacheInner>,
    max_entries: usize,
}

#[derive(Default)]
struct CacheInner {
    map: std::collections::HashMap<String, (u64, axum::body::Bytes)>,
    order: std::collections::VecDeque<String>,
    bytes: usize,
    hits: u64,
    misses: u64,
}

/// Bytes the cache may hold, and the largest answer it keeps.
const CACHE_BYTES: usize = 64 << 20;
const CACHE_ENTRY_BYTES: usize = 1 << 20;

impl ResponseCache {
    fn new(max_entries: usize) -> ResponseCache {
        ResponseCache {
            inner: Mutex::new(CacheInner::default()),
            max_entries,
        }
    }

    /// The cached answer to `key` for `generation`.
    pub fn get(&self, key: &str, generation: u64) -> Option<axum::body::Bytes> {
        if self.max_entries == 0 {
            return None;
        }
        let mut c = lock(&self.inner);
        match c.map.get(key) {
            Some((g, b)) if *g == generation => {
                let b = b.clone();
                c.hits += 1;
                Some(b)
            }
            _ => {
                c.misses += 1;
                None
            }
        }
    }

    /// Keeps `body` as the answer to `key` for `generation`.
    pub fn put(&self, key: String, generation: u64, body: axum::body::Bytes) {
        if self.max_entries == 0 || body.len() > CACHE_ENTRY_BYTES {
            return;
        }
        let mut c = lock(&self.inner);
        let c = &mut *c;
        if let Some((_, old)) = c.map.insert(key.clone(), (generation, body.clone())) {
            c.bytes -= old.len();
        } else {
            c.order.push_back(key);
        }
        c.bytes += body.len();
        while c.map.len() > self.max_entries || c.bytes > CACHE_BYTES {
            let Some(k) = c.order.pop_front() else { break };
            if let Some((_, b)) = c.map.remove(&k) {
                c.bytes -= b.len();
            }
        }
    }

    /// Entries, hits and misses so far.
    pub fn stats(&self) -> (usize, u64, u64) {
        let c = lock(&self.inner);
        (c.map.len(), c.hits, c.misses)
    }
}

/// The JSON of recently served events (`/api/events` rows), by event id, for the current
/// generation of the events: a page of the event table reads from SQLite only the events not
/// served lately. Bounded in entries; the oldest go first; emptied by a reload.
pub(crate) struct EventJson {
    inner: Mutex<EventJsonInner>,
    max_entries: usize,
}

#[derive(Default)]
struct EventJsonInner {
    generation: u64,
    map: std::collections::HashMap<i64, axum::body::Bytes>,
    order: std::collections::VecDeque<i64>,
}

impl EventJson {
    fn new(max_entries: usize) -> EventJson {
        EventJson {
            inner: Mutex::new(EventJsonInner::default()),
            max_entries,
        }
    }

    /// The JSON kept for each of `ids` in `generation` (`None`: not kept).
    pub fn get(&self, ids: &[i64], generation: u64) -> Vec<Option<axum::body::Bytes>> {
        let c = lock(&self.inner);
        if self.max_entries == 0 || c.generation != generation {
            return vec![None; ids.len()];
        }
        ids.iter().map(|id| c.map.get(id).cloned()).collect()
    }

    /// Keeps the JSON of events read in `generation`.
    pub fn put(&self, generation: u64, events: impl IntoIterator<Item = (i64, axum::body::Bytes)>) {
        if self.max_entries == 0 {
            return;
        }
        let mut c = lock(&self.inner);
        let c = &mut *c;
        if c.generation != generation {
            if generation < c.generation {
                return;
            }
            c.generation = generation;
            c.map.clear();
            c.order.clear();
        }
        for (id, b) in events {
            if c.map.insert(id, b).is_none() {
                c.order.push_back(id);
            }
        }
        while c.map.len() > self.max_entries {
            let Some(id) = c.order.pop_front() else { break };
            c.map.remove(&id);
        }
    }
}

/// Events whose JSON [`EventJson`] keeps (about 1 KB each).
const EVENT_JSON_ENTRIES: usize = 50_000;

/// The row sets of recent SQL-only filters (full text, modality, attribution), for the
/// current generation of the events; the oldest goes first.
pub(crate) struct RowSets {
    inner: Mutex<std::collections::VecDeque<(u64, String, Arc<crate::cube::RowSet>)>>,
}

/// Row sets kept.
const ROW_SETS: usize = 16;

impl RowSets {
    /// The set of `key` for `generation`.
    pub fn get(&self, key: &str, generation: u64) -> Option<Arc<crate::cube::RowSet>> {
        lock(&self.inner)
            .iter()
            .find(|(g, k, _)| *g == generation && k == key)
            .map(|x| x.2.clone())
    }

    /// Keeps a set.
    pub fn put(&self, key: String, generation: u64, set: Arc<crate::cube::RowSet>) {
        let mut v = lock(&self.inner);
        v.retain(|(g, k, _)| *g == generation && *k != key);
        v.push_back((generation, key, set));
        while v.len() > ROW_SETS {
            v.pop_front();
        }
    }
}

/// Read-only connections handed out one at a time.
struct Readers {
    free: Mutex<Vec<Store>>,
    available: Condvar,
}

pub(crate) struct App {
    pub config: Config,
    snapshot: RwLock<Arc<Snapshot>>,
    readers: Readers,
    work: Arc<Semaphore>,
    pub writer: Option<Mutex<Store>>,
    pub pipeline: Option<dyad::Pipeline>,
    pub refresh_now: Notify,
    pub cache: ResponseCache,
    pub event_json: EventJson,
    pub row_sets: RowSets,
    generation: AtomicU64,
}

/// What a job may interrupt: the query it runs, or the job before it starts one.
#[derive(Default)]
struct Cancel {
    cancelled: bool,
    running: Option<QueryInterrupt>,
}

/// Context of one request's work on a blocking thread.
pub(crate) struct Job<'a> {
    app: &'a App,
    cancel: &'a Mutex<Cancel>,
    deadline: Instant,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Job<'_> {
    /// The server.
    pub fn app(&self) -> &App {
        self.app
    }

    /// The current events.
    pub fn snapshot(&self) -> Arc<Snapshot> {
        self.app.snapshot()
    }

    /// Runs `f` on a free read-only connection; it is interrupted at the request's deadline.
    pub fn with_reader<T>(
        &self,
        f: impl FnOnce(&Store) -> dyad_store::Result<T>,
    ) -> Result<T, ApiError> {
        let r = &self.app.readers;
        let mut free = lock(&r.free);
        let store = loop {
            if let Some(s) = free.pop() {
                break s;
            }
            let left = self.deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(ApiError::timeout(self.app.config.timeout));
            }
            free = r
                .available
                .wait_timeout(free, left)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        };
        drop(free);
        {
            let mut c = lock(self.cancel);
            if c.cancelled {
                lock(&r.free).push(store);
                r.available.notify_one();
                return Err(ApiError::timeout(self.app.config.timeout));
            }
            c.running = Some(store.interrupt_handle());
        }
        let result = f(&store);
        lock(self.cancel).running = None;
        lock(&r.free).push(store);
        r.available.notify_one();
        result.map_err(|e| {
            if dyad_store::is_interrupted(&e) {
                ApiError::timeout(self.app.config.timeout)
            } else {
                ApiError::from(e)
            }
        })
    }
}

impl App {
    pub fn snapshot(&self) -> Arc<Snapshot> {
        self.snapshot
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// One line about what is served.
    pub fn summary(&self) -> String {
        let s = self.snapshot();
        format!(
            "{} events, {} mentions, {} articles loaded in {} ms; {}",
            s.cube.len(),
            s.cube.mentions(),
            s.articles,
            s.loaded_ms,
            if self.writer.is_some() {
                "POST /api/ingest needs the token"
            } else {
                "read-only (no token)"
            }
        )
    }

    /// Runs `job` on a blocking thread, at most `workers` at a time, within the time limit;
    /// a query still running at the limit is interrupted and the answer is 503.
    pub async fn compute<T: Send + 'static>(
        self: &Arc<Self>,
        job: impl FnOnce(&Job<'_>) -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        let limit = self.config.timeout;
        let deadline = tokio::time::Instant::now() + limit;
        let permit = tokio::time::timeout_at(deadline, self.work.clone().acquire_owned())
            .await
            .map_err(|_| ApiError::timeout(limit))?
            .map_err(|_| ApiError::internal("the server is shutting down"))?;
        let cancel = Arc::new(Mutex::new(Cancel::default()));
        let (app, c) = (self.clone(), cancel.clone());
        let std_deadline = deadline.into_std();
        let handle = tokio::task::spawn_blocking(move || {
            let _permit = permit;
            job(&Job {
                app: &app,
                cancel: &c,
                deadline: std_deadline,
            })
        });
        match tokio::time::timeout_at(deadline, handle).await {
            Ok(Ok(result)) => result,
            Ok(Err(e)) => {
                log::error!("A request handler failed: {e}.");
                Err(ApiError::internal("the request failed"))
            }
            Err(_) => {
                let mut c = lock(&cancel);
                c.cancelled = true;
                if let Some(q) = &c.running {
                    q.interrupt();
                }
                Err(ApiError::timeout(limit))
            }
        }
    }

    /// Runs `job` at once on the calling (runtime) thread, for work known to be short: an
    /// in-memory answer over few rows ([`QUICK_COST`]). It takes no place in the queue of
    /// [`App::compute`], so a cheap request never waits behind costly ones; the runtime has
    /// one thread per core, which bounds these too.
    pub fn compute_now<T>(
        self: &Arc<Self>,
        job: impl FnOnce(&Job<'_>) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        let cancel = Mutex::new(Cancel::default());
        job(&Job {
            app: self,
            cancel: &cancel,
            deadline: Instant::now() + self.config.timeout,
        })
    }

    /// Read-only connections not in use at the moment.
    pub fn readers_free(&self) -> usize {
        lock(&self.readers.free).len()
    }

    /// Which libraries the page really has.
    pub fn vendored(&self) -> Vendored {
        let real =
            |n: &str| crate::assets::find(&format!("vendor/{n}")).is_some_and(|a| a.vendored);
        Vendored {
            uplot: real("uplot.js"),
            cytoscape: real("cytoscape.js"),
            world: real("topojson-client.js") && real("countries-110m.json"),
        }
    }
}

fn store_error(config: &Config, e: dyad_store::Error) -> ServeError {
    ServeError::Store {
        path: config.db.clone(),
        source: e,
    }
}

fn load(store: &Store, generation: u64) -> dyad_store::Result<Snapshot> {
    let t = Instant::now();
    let cube = Cube::load(store)?;
    let articles = store.article_count()?;
    Ok(Snapshot {
        cube,
        articles,
        generation,
        loaded_ms: t.elapsed().as_millis() as u64,
    })
}

/// Opens the database, loads the events, binds the address and starts the refresher.
pub(crate) async fn prepare(config: &Config) -> Result<(TcpListener, Arc<App>), ServeError> {
    let cfg = config.clone();
    let (writer, poll, readers, snapshot, pipeline) = tokio::task::spawn_blocking(move || {
        let err = |e| store_error(&cfg, e);
        let writer = match &cfg.token {
            Some(_) => Some(Store::open(&cfg.db).map_err(err)?),
            None => {
                if !cfg.db.is_file() {
                    return Err(ServeError::Config(format!(
                        "{}: no such database (a server without --token only reads)",
                        cfg.db.display()
                    )));
                }
                None
            }
        };
        let poll = Store::open_read_only(&cfg.db).map_err(err)?;
        let version = poll.data_version().map_err(err)?;
        let readers = (0..cfg.readers)
            .map(|_| Store::open_read_only(&cfg.db))
            .collect::<dyad_store::Result<Vec<_>>>()
            .map_err(err)?;
        let snapshot = load(&poll, 1).map_err(err)?;
        // Compiling the dictionaries and loading the model takes a moment: do it now.
        let pipeline = writer.as_ref().map(|_| dyad::Pipeline::new());
        Ok((writer, (poll, version), readers, snapshot, pipeline))
    })
    .await
    .map_err(|e| ServeError::Config(format!("loading failed: {e}")))??;
    let listener = TcpListener::bind(config.bind).await?;
    let app = Arc::new(App {
        config: config.clone(),
        snapshot: RwLock::new(Arc::new(snapshot)),
        readers: Readers {
            free: Mutex::new(readers),
            available: Condvar::new(),
        },
        work: Arc::new(Semaphore::new(config.workers)),
        writer: writer.map(Mutex::new),
        pipeline,
        refresh_now: Notify::new(),
        cache: ResponseCache::new(config.cache_entries),
        // `--cache 0` turns this off too (no answer is kept).
        event_json: EventJson::new(if config.cache_entries == 0 {
            0
        } else {
            EVENT_JSON_ENTRIES
        }),
        row_sets: RowSets {
            inner: Mutex::new(Default::default()),
        },
        generation: AtomicU64::new(1),
    });
    tokio::spawn(refresher(app.clone(), poll.0, poll.1));
    Ok((listener, app))
}

/// Reloads the events when another connection (our writer, `dyad ingest`, `dyad watch`)
/// committed, checking every `refresh` or at once when asked. Ends with the runtime.
///
/// A reload reads every event (seconds for millions): after one that took `t`, the next waits
/// at least `2 t`, so that steady writes (one ingest request after another) cost at most a
/// third of a core in reloads, not all of it; the answers lag the writes by that much.
async fn refresher(app: Arc<App>, poll: Store, mut version: i64) {
    let poll = Arc::new(Mutex::new(poll));
    let every = app.config.refresh.max(Duration::from_millis(50));
    let mut rest = Duration::ZERO;
    loop {
        tokio::time::sleep(rest).await;
        rest = Duration::ZERO;
        tokio::select! {
            _ = app.refresh_now.notified() => {}
            _ = tokio::time::sleep(every) => {}
        }
        let generation = app.generation.load(Ordering::Relaxed) + 1;
        let p = poll.clone();
        let seen = version;
        let result = tokio::task::spawn_blocking(move || {
            let store = lock(&p);
            let now = store.data_version()?;
            if now == seen {
                return Ok((now, None));
            }
            load(&store, generation).map(|s| (now, Some(s)))
        })
        .await;
        match result {
            Ok(Ok((now, fresh))) => {
                version = now;
                if let Some(s) = fresh {
                    rest = Duration::from_millis(s.loaded_ms.saturating_mul(2));
                    app.generation.store(generation, Ordering::Relaxed);
                    log::info!("Reloaded {} events in {} ms.", s.cube.len(), s.loaded_ms);
                    *app.snapshot.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(s);
                }
            }
            Ok(Err(e)) => log::warn!("Cannot reload the events: {e}."),
            Err(e) => log::warn!("The reload failed: {e}."),
        }
    }
}
