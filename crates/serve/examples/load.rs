//! Load generator for `dyad serve`: N clients on keep-alive connections send a mix of
//! filtered requests back to back for a while, then latency percentiles per endpoint.
//!
//! ```text
//! cargo run --release -p dyad-serve --example load -- --addr 127.0.0.1:8080
//!     [--clients 50] [--seconds 60] [--mix filtered|unfiltered|text|mixed] [--seed 1]
//!     [--token-file F]
//! ```
//!
//! * `filtered` (the target: p99 ≤ 50 ms, no errors): event pages for an actor, a country and
//!   QuadClass, or a 90-day window; the time line of a dyad, of a root code per QuadClass; the
//!   network of an actor over 90 days; the map of a root code over 90 days.
//! * `unfiltered`: what the page asks on first load (everything, no filter).
//! * `text`: full-text filters (answered by SQLite FTS5) with an actor and a 90-day window.
//! * `mixed` (issue 10: 200 clients, no errors): 55 % `filtered`, 10 % `text`, 8 % two pages
//!   of an actor's events (the second through `next_cursor`), 8 % one article with its spans,
//!   4 % one event with its mentions, 4 % the article list, 4 % facets of an actor, 4 %
//!   `unfiltered`, and 3 % `POST /api/ingest` of a new generated document (with
//!   `--token-file`; without it those are `filtered` too).
//!
//! Actors, countries, root codes and days come from `/api/facets` of the server under test.
//! Every answer must be 200 with a JSON object (`Content-Type: application/json`, every 16th
//! parsed in full); anything else counts as an error.

#[path = "common/args.rs"]
mod args;
use args::arg;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use dyad_serve::client::Client;
use dyad_serve::days::{epoch_days, iso, parse_day};

/// Days since 1970-01-01 of a `YYYY-MM-DD` answer of the server.
fn day_number(s: &str) -> i64 {
    epoch_days(parse_day(s).unwrap_or_else(|| panic!("not a day: {s:?}")))
}

/// xorshift64*.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[(self.next() % v.len() as u64) as usize]
    }
}

/// What the queries are made of.
struct Vocabulary {
    actors: Vec<String>,
    countries: Vec<String>,
    roots: Vec<String>,
    /// Days since 1970-01-01 of the first and last event.
    first: i64,
    last: i64,
    /// Some article and event ids (for the `mixed` mix).
    articles: Vec<i64>,
    events: Vec<i64>,
}

impl Vocabulary {
    fn fetch(addr: SocketAddr) -> Vocabulary {
        let mut c = Client::connect(addr).expect("connect");
        let f = c
            .get("/api/facets?top=60")
            .expect("GET /api/facets")
            .json()
            .expect("facets JSON");
        let list = |k: &str| -> Vec<String> {
            f[k].as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|x| x[0].as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default()
        };
        let ids = |c: &mut Client, path: &str, key: &str| -> Vec<i64> {
            c.get(path)
                .ok()
                .and_then(|r| r.json().ok())
                .and_then(|v| {
                    v[key]
                        .as_array()
                        .map(|a| a.iter().filter_map(|x| x["id"].as_i64()).collect())
                })
                .unwrap_or_default()
        };
        let v = Vocabulary {
            actors: list("actors"),
            countries: list("countries"),
            roots: list("roots"),
            first: day_number(f["first_day"].as_str().expect("a dated store")),
            last: day_number(f["last_day"].as_str().expect("a dated store")),
            articles: ids(&mut c, "/api/articles?limit=200", "articles"),
            events: ids(&mut c, "/api/events?limit=200", "events"),
        };
        assert!(!v.actors.is_empty(), "the store has no actors");
        v
    }

    /// A 90-day window inside the data.
    fn window(&self, r: &mut Rng) -> String {
        let span = (self.last - self.first - 90).max(1) as u64;
        let a = self.first + (r.next() % span) as i64;
        format!("from={}&to={}", iso(a), iso(a + 89))
    }
}

/// One step of a client: a request, or two (paging).
enum Step {
    /// `GET` a path.
    Get(&'static str, String),
    /// `GET` a page of events, then the next page through its `next_cursor`.
    Pages(&'static str, String),
    /// `POST /api/ingest` with this body.
    Ingest(String),
}

/// The next step of a client in the `mixed` mix; `k` numbers the client's documents.
fn mixed(v: &Vocabulary, r: &mut Rng, ingest: bool, client: usize, k: &mut u64) -> Step {
    let get = |(name, path): (&'static str, String)| Step::Get(name, path);
    match r.next() % 100 {
        0..=54 => get(request("filtered", v, r)),
        55..=64 => get(request("text", v, r)),
        65..=72 => {
            let a = r.pick(&v.actors).clone();
            Step::Pages(
                "events?actor&cursor",
                format!("/api/events?actor={a}&limit=50"),
            )
        }
        73..=80 if !v.articles.is_empty() => {
            let id = r.pick(&v.articles);
            Step::Get("articles/{id}", format!("/api/articles/{id}"))
        }
        81..=84 if !v.events.is_empty() => {
            let id = r.pick(&v.events);
            Step::Get("events/{id}", format!("/api/events/{id}"))
        }
        85..=88 => Step::Get("articles", "/api/articles?limit=50".into()),
        89..=92 => {
            let a = r.pick(&v.actors).clone();
            Step::Get("facets?actor", format!("/api/facets?actor={a}"))
        }
        97..=99 if ingest => {
            *k += 1;
            let (a, b) = (r.pick(&v.countries).clone(), r.pick(&v.countries).clone());
            let body = serde_json::json!({
                "id": format!("load-{client}-{k}"),
                "url": format!("https://load.test/{client}/{k}/{}", r.next()),
                "date": "2024-03-13",
                "text": format!(
                    "Officials of {a} met officials of {b} on Monday to discuss trade, the \
                     ministry said. It was meeting {k} of client {client}."
                ),
            });
            Step::Ingest(body.to_string())
        }
        _ => get(request("unfiltered", v, r)),
    }
}

/// `(endpoint name, path)` of one request of `mix`.
fn request(mix: &str, v: &Vocabulary, r: &mut Rng) -> (&'static str, String) {
    match mix {
        "unfiltered" => match r.next() % 4 {
            0 => ("timeline", "/api/timeline".into()),
            1 => ("network", "/api/network?nodes=40&edges=150".into()),
            2 => ("map", "/api/map?limit=1000".into()),
            _ => ("events", "/api/events?limit=25".into()),
        },
        "text" => {
            let word = *r.pick(&["ceasefire", "sanctions", "border", "election", "drones"]);
            let a = r.pick(&v.actors).clone();
            let w = v.window(r);
            (
                "events?text",
                format!("/api/events?text={word}&actor={a}&{w}&limit=50"),
            )
        }
        _ => match r.next() % 8 {
            0 => {
                let a = r.pick(&v.actors).clone();
                ("events?actor", format!("/api/events?actor={a}&limit=50"))
            }
            1 => {
                let c = r.pick(&v.countries).clone();
                let q = 1 + r.next() % 4;
                (
                    "events?country&quad",
                    format!("/api/events?country={c}&quad={q}&limit=50"),
                )
            }
            2 => {
                let w = v.window(r);
                ("events?window", format!("/api/events?{w}&limit=50"))
            }
            3 => {
                let (a, b) = (r.pick(&v.actors).clone(), r.pick(&v.actors).clone());
                ("timeline?dyad", format!("/api/timeline?dyad={a}:{b}"))
            }
            4 => {
                let root = r.pick(&v.roots).clone();
                let c = r.pick(&v.countries).clone();
                (
                    "timeline?root&by=quad",
                    format!("/api/timeline?root={root}&country={c}&by=quad"),
                )
            }
            5 => {
                let a = r.pick(&v.actors).clone();
                let w = v.window(r);
                (
                    "network?actor&window",
                    format!("/api/network?actor={a}&{w}"),
                )
            }
            6 => {
                let root = r.pick(&v.roots).clone();
                let w = v.window(r);
                ("map?root&window", format!("/api/map?root={root}&{w}"))
            }
            _ => {
                let (a, b) = (r.pick(&v.actors).clone(), r.pick(&v.actors).clone());
                (
                    "events?dyad&undirected",
                    format!("/api/events?dyad={a}:{b}&undirected=true&limit=50"),
                )
            }
        },
    }
}

/// A JSON answer: the content type and an object body; every 16th is parsed in full (parsing
/// all would take the server's CPU on a shared machine).
fn looks_like_json(r: &dyad_serve::client::Response, n: usize) -> bool {
    r.header("content-type") == Some("application/json")
        && r.body.first() == Some(&b'{')
        && (!n.is_multiple_of(16) || r.json().is_ok())
}

fn percentile(sorted: &[u64], p: f64) -> u64 {
    if sorted.is_empty() {
        return 0;
    }
    let i = ((p / 100.0) * (sorted.len() - 1) as f64).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn ms(us: u64) -> String {
    format!("{:.1}", us as f64 / 1000.0)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let addr: SocketAddr = arg(&args, "--addr", "127.0.0.1:8080".parse().unwrap());
    let clients: usize = arg(&args, "--clients", 50);
    let seconds: f64 = arg(&args, "--seconds", 60.0);
    let mix: String = arg(&args, "--mix", "filtered".to_string());
    let seed: u64 = arg(&args, "--seed", 1);
    let token_file: String = arg(&args, "--token-file", String::new());
    let token: Option<String> = (!token_file.is_empty()).then(|| {
        std::fs::read_to_string(&token_file)
            .unwrap_or_else(|e| panic!("--token-file {token_file:?}: {e}"))
            .trim()
            .to_string()
    });
    let vocab = Arc::new(Vocabulary::fetch(addr));
    eprintln!(
        "{clients} clients, {seconds} s, mix {mix}, against {addr} ({} actors, {} countries, {} roots, {} … {})",
        vocab.actors.len(),
        vocab.countries.len(),
        vocab.roots.len(),
        iso(vocab.first),
        iso(vocab.last)
    );
    type Sample = (&'static str, u64);
    let samples: Arc<Mutex<Vec<Sample>>> = Arc::default();
    let errors: Arc<Mutex<Vec<String>>> = Arc::default();
    let start = Instant::now();
    let end = start + Duration::from_secs_f64(seconds);
    let threads: Vec<_> = (0..clients)
        .map(|i| {
            let (v, s, e, mix) = (vocab.clone(), samples.clone(), errors.clone(), mix.clone());
            let auth = token.as_ref().map(|t| format!("Bearer {t}"));
            std::thread::spawn(move || {
                let mut r =
                    Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ (i as u64 + 1) << 17 | 1);
                let mut c = Client::connect(addr).expect("connect");
                let mut mine = Vec::new();
                let mut docs = 0u64;
                while Instant::now() < end {
                    let step = if mix == "mixed" {
                        mixed(&v, &mut r, auth.is_some(), i, &mut docs)
                    } else {
                        let (name, path) = request(&mix, &v, &mut r);
                        Step::Get(name, path)
                    };
                    let t = Instant::now();
                    let (name, path, res) = match step {
                        Step::Get(name, path) => {
                            let res = c.get(&path);
                            (name, path, res)
                        }
                        Step::Pages(name, path) => {
                            // The first page, then the second through its cursor (timed
                            // together: what a reader paging on waits for).
                            let res = c.get(&path).and_then(|first| {
                                let next = first
                                    .json()
                                    .ok()
                                    .and_then(|j| j["next_cursor"].as_str().map(str::to_string));
                                match (first.status, next) {
                                    (200, Some(cur)) => c.get(&format!("{path}&cursor={cur}")),
                                    _ => Ok(first),
                                }
                            });
                            (name, path, res)
                        }
                        Step::Ingest(body) => {
                            let auth = auth.as_deref().unwrap_or("");
                            let headers = [
                                ("Authorization", auth),
                                ("Content-Type", "application/json"),
                            ];
                            let res = c.request("POST", "/api/ingest", &headers, body.as_bytes());
                            ("POST ingest", "/api/ingest".to_string(), res)
                        }
                    };
                    let us = t.elapsed().as_micros() as u64;
                    match res {
                        Ok(resp) if resp.status == 200 && looks_like_json(&resp, mine.len()) => {
                            mine.push((name, us))
                        }
                        Ok(resp) => e.lock().unwrap().push(format!(
                            "{} {path}: {}",
                            resp.status,
                            resp.text()
                        )),
                        Err(err) => {
                            e.lock().unwrap().push(format!("{path}: {err}"));
                            c = match Client::connect(addr) {
                                Ok(c) => c,
                                Err(_) => break,
                            };
                        }
                    }
                }
                s.lock().unwrap().extend(mine);
            })
        })
        .collect();
    for t in threads {
        let _ = t.join();
    }
    let wall = start.elapsed().as_secs_f64();
    let samples = samples.lock().unwrap();
    let errors = errors.lock().unwrap();
    let mut names: Vec<&str> = samples.iter().map(|s| s.0).collect();
    names.sort_unstable();
    names.dedup();
    println!("| endpoint | requests | p50 ms | p90 ms | p99 ms | max ms |");
    println!("|---|---:|---:|---:|---:|---:|");
    for n in &names {
        let mut l: Vec<u64> = samples.iter().filter(|s| s.0 == *n).map(|s| s.1).collect();
        l.sort_unstable();
        println!(
            "| {n} | {} | {} | {} | {} | {} |",
            l.len(),
            ms(percentile(&l, 50.0)),
            ms(percentile(&l, 90.0)),
            ms(percentile(&l, 99.0)),
            ms(*l.last().unwrap_or(&0))
        );
    }
    let mut all: Vec<u64> = samples.iter().map(|s| s.1).collect();
    all.sort_unstable();
    println!(
        "| **all** | {} | {} | {} | {} | {} |",
        all.len(),
        ms(percentile(&all, 50.0)),
        ms(percentile(&all, 90.0)),
        ms(percentile(&all, 99.0)),
        ms(*all.last().unwrap_or(&0))
    );
    println!(
        "\n{} requests in {wall:.1} s = {:.0} requests/s; {} errors",
        all.len(),
        all.len() as f64 / wall,
        errors.len()
    );
    for e in errors.iter().take(10) {
        println!("error: {e}");
    }
    if !errors.is_empty() {
        std::process::exit(1);
    }
}
