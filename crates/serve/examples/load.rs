//! Load generator for `dyad serve`: N clients on keep-alive connections send a mix of
//! filtered requests back to back for a while, then latency percentiles per endpoint.
//!
//! ```text
//! cargo run --release -p dyad-serve --example load -- --addr 127.0.0.1:8080
//!     [--clients 50] [--seconds 60] [--mix filtered|unfiltered|text] [--seed 1]
//! ```
//!
//! * `filtered` (the target: p99 ≤ 50 ms, no errors): event pages for an actor, a country and
//!   QuadClass, or a 90-day window; the time line of a dyad, of a root code per QuadClass; the
//!   network of an actor over 90 days; the map of a root code over 90 days.
//! * `unfiltered`: what the page asks on first load (everything, no filter).
//! * `text`: full-text filters (answered by SQLite FTS5) with an actor and a 90-day window.
//!
//! Actors, countries, root codes and days come from `/api/facets` of the server under test.
//! Every answer must be 200 with a JSON object (`Content-Type: application/json`, every 16th
//! parsed in full); anything else counts as an error.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use dyad_serve::client::Client;

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

fn arg<T: std::str::FromStr>(args: &[String], name: &str, default: T) -> T {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .map(|v| {
            v.parse()
                .unwrap_or_else(|_| panic!("{name}: cannot parse {v:?}"))
        })
        .unwrap_or(default)
}

/// What the queries are made of.
struct Vocabulary {
    actors: Vec<String>,
    countries: Vec<String>,
    roots: Vec<String>,
    /// Days since 1970-01-01 of the first and last event.
    first: i64,
    last: i64,
}

fn epoch_days(iso: &str) -> i64 {
    let p: Vec<i64> = iso.split('-').map(|x| x.parse().unwrap_or(1)).collect();
    let (y, m, d) = (p[0], p[1], p[2]);
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * ((m + 9) % 12) + 2) / 5 + d - 1;
    era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468
}

fn iso(z: i64) -> String {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    format!("{:04}-{m:02}-{d:02}", yoe + era * 400 + i64::from(m <= 2))
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
        let v = Vocabulary {
            actors: list("actors"),
            countries: list("countries"),
            roots: list("roots"),
            first: epoch_days(f["first_day"].as_str().expect("a dated store")),
            last: epoch_days(f["last_day"].as_str().expect("a dated store")),
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
            std::thread::spawn(move || {
                let mut r =
                    Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ (i as u64 + 1) << 17 | 1);
                let mut c = Client::connect(addr).expect("connect");
                let mut mine = Vec::new();
                while Instant::now() < end {
                    let (name, path) = request(&mix, &v, &mut r);
                    let t = Instant::now();
                    let res = c.get(&path);
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
