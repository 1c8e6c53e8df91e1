//! Clients for the restart test of `dyad serve` (`scripts/serve_restart.sh`, issue 10): no
//! acknowledged write may be lost when the server is killed and started again.
//!
//! ```text
//! restart run --addr 127.0.0.1:18095 --token-file F --out acked.tsv
//!     [--writers 4] [--readers 4] [--seconds 40] [--seed 1]
//! restart check --db FILE --acked acked.tsv
//! ```
//!
//! `run`: writer clients POST distinct generated documents to `/api/ingest`, each until it is
//! acknowledged (a 2xx answer) or the time is up — a document whose answer was lost (the
//! server died) is sent again, as a client would, and must still be stored once; reader
//! clients load the time line, the network and the article list meanwhile. Connection errors
//! (the server is down) are waited out. At the end, `--out` lists one line per document:
//! `acked|unacked <TAB> id <TAB> url`.
//!
//! `check`: reads every article of the store and prints `PASS` when each acknowledged
//! document is there exactly once (by URL and input id) and no document of the run is there
//! twice, else `FAIL` with the documents at fault; the exit status is 1 on `FAIL`.

#[path = "common/args.rs"]
mod args;
use args::arg;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use dyad_serve::client::Client;

/// Actors of the generated sentences (they code to events, so each write changes the store's
/// aggregates too).
const SIDES: &[(&str, &str)] = &[
    (
        "Russian President Vladimir Putin",
        "Chinese President Xi Jinping",
    ),
    ("Kenyan police", "protesters in Nairobi"),
    ("The Ethiopian government", "Eritrean officials"),
    (
        "French President Emmanuel Macron",
        "German Chancellor Olaf Scholz",
    ),
    ("Ukrainian forces", "Russian troops"),
];
const VERBS: &[&str] = &["met", "criticized", "praised", "accused", "thanked"];

/// The `k`-th document of writer `w` in run `seed`: `(id, url, JSON body)`.
fn document(seed: u64, w: usize, k: usize) -> (String, String, String) {
    let id = format!("restart-{seed}-{w}-{k}");
    let url = format!("https://restart.test/{seed}/{w}/{k}");
    let (a, b) = SIDES[(w + k) % SIDES.len()];
    let verb = VERBS[(k / SIDES.len()) % VERBS.len()];
    let text = format!(
        "{a} {verb} {b} on Monday, officials said. The meeting was number {k} of writer {w} \
         in run {seed}."
    );
    let body = serde_json::json!({
        "id": id, "url": url, "date": "2024-03-13", "title": format!("Run {seed} document {k}"),
        "text": text,
    })
    .to_string();
    (id, url, body)
}

/// Whether an ingest answer acknowledges the document: 2xx, and the document stored now or
/// already (its earlier answer was lost).
fn acknowledged(r: &dyad_serve::client::Response) -> bool {
    if !(200..300).contains(&r.status) {
        return false;
    }
    let Ok(v) = r.json() else { return false };
    v["documents"][0]["stored"].as_bool() == Some(true)
        || v["documents"][0]["reason"].as_str() == Some("already stored")
}

fn run(args: &[String]) {
    let addr: SocketAddr = arg(args, "--addr", "127.0.0.1:18095".parse().unwrap());
    let token_file: String = arg(args, "--token-file", String::new());
    let token = std::fs::read_to_string(&token_file)
        .unwrap_or_else(|e| panic!("--token-file {token_file:?}: {e}"))
        .trim()
        .to_string();
    let out: String = arg(args, "--out", "acked.tsv".to_string());
    let writers: usize = arg(args, "--writers", 4);
    let readers: usize = arg(args, "--readers", 4);
    let seconds: f64 = arg(args, "--seconds", 40.0);
    let seed: u64 = arg(args, "--seed", 1);
    let end = Instant::now() + Duration::from_secs_f64(seconds);
    let lines: Arc<Mutex<Vec<String>>> = Arc::default();
    let (sent, errors, reads, again) = (
        Arc::new(AtomicU64::new(0)),
        Arc::new(AtomicU64::new(0)),
        Arc::new(AtomicU64::new(0)),
        Arc::new(AtomicU64::new(0)),
    );
    let mut threads = Vec::new();
    for w in 0..writers {
        let (lines, sent, errors, token, again) = (
            lines.clone(),
            sent.clone(),
            errors.clone(),
            token.clone(),
            again.clone(),
        );
        threads.push(std::thread::spawn(move || {
            let auth = format!("Bearer {token}");
            let headers = [
                ("Authorization", auth.as_str()),
                ("Content-Type", "application/json"),
            ];
            let mut client: Option<Client> = None;
            let mut mine = Vec::new();
            let mut k = 0;
            while Instant::now() < end {
                let (id, url, body) = document(seed, w, k);
                let mut acked = false;
                while Instant::now() < end {
                    let Some(c) = connected(&mut client, addr) else {
                        continue;
                    };
                    sent.fetch_add(1, Ordering::Relaxed);
                    match c.request("POST", "/api/ingest", &headers, body.as_bytes()) {
                        Ok(r) if acknowledged(&r) => {
                            if r.json().is_ok_and(|v| v["skipped"].as_u64() == Some(1)) {
                                // Stored before, its answer lost to a kill.
                                again.fetch_add(1, Ordering::Relaxed);
                            }
                            acked = true;
                            break;
                        }
                        Ok(r) => {
                            errors.fetch_add(1, Ordering::Relaxed);
                            eprintln!("{id}: {} {}", r.status, r.text());
                            std::thread::sleep(Duration::from_millis(50));
                        }
                        Err(_) => {
                            // The server is down or died mid-request: send it again.
                            errors.fetch_add(1, Ordering::Relaxed);
                            client = None;
                            std::thread::sleep(Duration::from_millis(50));
                        }
                    }
                }
                let state = if acked { "acked" } else { "unacked" };
                mine.push(format!("{state}\t{id}\t{url}"));
                k += 1;
            }
            lines.lock().unwrap().extend(mine);
        }));
    }
    for r in 0..readers {
        let (reads, errors) = (reads.clone(), errors.clone());
        threads.push(std::thread::spawn(move || {
            let paths = [
                "/api/info",
                "/api/timeline?actor=RUS",
                "/api/network?level=country",
                "/api/articles?limit=20",
                "/api/events?limit=20",
            ];
            let mut client: Option<Client> = None;
            let mut i = r;
            while Instant::now() < end {
                let Some(c) = connected(&mut client, addr) else {
                    continue;
                };
                match c.get(paths[i % paths.len()]) {
                    Ok(resp) if resp.status == 200 => {
                        reads.fetch_add(1, Ordering::Relaxed);
                    }
                    Ok(_) => {
                        errors.fetch_add(1, Ordering::Relaxed);
                    }
                    Err(_) => {
                        errors.fetch_add(1, Ordering::Relaxed);
                        client = None;
                        std::thread::sleep(Duration::from_millis(50));
                    }
                }
                i += 1;
            }
        }));
    }
    for t in threads {
        let _ = t.join();
    }
    let lines = lines.lock().unwrap();
    let acked = lines.iter().filter(|l| l.starts_with("acked")).count();
    std::fs::write(&out, lines.join("\n") + "\n").expect("write --out");
    println!(
        "run: {} documents, {acked} acknowledged ({} of them as already stored: committed \
         before a kill took the answer), {} not; {} POSTs, {} reads, {} failed requests \
         (server down or killed)",
        lines.len(),
        again.load(Ordering::Relaxed),
        lines.len() - acked,
        sent.load(Ordering::Relaxed),
        reads.load(Ordering::Relaxed),
        errors.load(Ordering::Relaxed)
    );
}

fn check(args: &[String]) {
    let db: String = arg(args, "--db", String::new());
    let acked_file: String = arg(args, "--acked", String::new());
    let store = dyad_store::Store::open_read_only(&db).expect("open --db");
    let mut stored: HashMap<String, Vec<String>> = HashMap::new();
    let mut before = None;
    let mut articles = 0usize;
    loop {
        let page = store.articles(None, before, 200).expect("read articles");
        let Some(last) = page.last() else { break };
        before = Some(last.id);
        articles += page.len();
        for a in page {
            if let Some(u) = a.url {
                stored.entry(u).or_default().push(a.doc_id);
            }
        }
    }
    let text = std::fs::read_to_string(&acked_file).expect("read --acked");
    let (mut acked, mut unacked, mut unacked_stored) = (0usize, 0usize, 0usize);
    let mut faults = Vec::new();
    for line in text.lines().filter(|l| !l.is_empty()) {
        let mut f = line.split('\t');
        let (state, id, url) = (
            f.next().unwrap_or(""),
            f.next().unwrap_or(""),
            f.next().unwrap_or(""),
        );
        let copies = stored.get(url).map_or(&[][..], |v| v.as_slice());
        let ours = copies.iter().filter(|d| *d == id).count();
        if copies.len() > 1 {
            faults.push(format!("{id}: stored {} times", copies.len()));
        }
        if state == "acked" {
            acked += 1;
            if ours != 1 {
                faults.push(format!(
                    "{id}: acknowledged, stored {ours} times under its id"
                ));
            }
        } else {
            unacked += 1;
            unacked_stored += usize::from(ours > 0);
        }
    }
    let verdict = if faults.is_empty() && acked > 0 {
        "PASS"
    } else {
        "FAIL"
    };
    println!(
        "{verdict}: {acked} acknowledged documents, {} missing or duplicated; {unacked} sent \
         without an answer at the end ({unacked_stored} of them stored); {articles} articles \
         in the store",
        faults.len()
    );
    for f in faults.iter().take(20) {
        println!("  {f}");
    }
    if verdict == "FAIL" {
        std::process::exit(1);
    }
}

/// The open connection, or a new one; `None` (after a short pause) while the server is down.
fn connected(client: &mut Option<Client>, addr: SocketAddr) -> Option<&mut Client> {
    if client.is_none() {
        match Client::connect(addr) {
            Ok(c) => *client = Some(c),
            Err(_) => {
                std::thread::sleep(Duration::from_millis(50));
                return None;
            }
        }
    }
    client.as_mut()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("run") => run(&args),
        Some("check") => check(&args),
        _ => {
            eprintln!("usage: restart run --addr A --token-file F --out FILE [--writers N] [--readers N] [--seconds S] [--seed N]\n       restart check --db FILE --acked FILE");
            std::process::exit(2);
        }
    }
}
