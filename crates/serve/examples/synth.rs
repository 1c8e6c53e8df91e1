//! Builds a synthetic event database for load runs, through the store's ingest API.
//!
//! ```text
//! cargo run --release -p dyad-serve --example synth -- --db /tmp/events-1m.db [--events 1000000]
//!     [--days 1095] [--per-doc 10] [--batch 2000]
//! ```
//!
//! Documents of `--per-doc` random events (40 countries × 6 roles, skewed toward a few; 20
//! CAMEO codes; capitals as places; 3 years of days) are added until the store holds at least
//! `--events` events. Re-running on the same file tops it up.

#[path = "../tests/common/synth.rs"]
mod synth;

#[path = "common/args.rs"]
mod args;
use args::arg;

use std::time::Instant;

use dyad_store::Store;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let db: String = arg(&args, "--db", String::new());
    if db.is_empty() {
        eprintln!("usage: synth --db FILE [--events N] [--days D] [--per-doc K] [--batch B]");
        std::process::exit(2);
    }
    let target: i64 = arg(&args, "--events", 1_000_000);
    let days: u64 = arg(&args, "--days", 1095);
    let per_doc: usize = arg(&args, "--per-doc", 10);
    let batch: usize = arg(&args, "--batch", 2000);
    let mut store = Store::open(&db).expect("open the database");
    let mut have = store.stats().expect("count").events;
    let t = Instant::now();
    let mut seed = 1 + have as u64;
    let mut mentions = 0usize;
    while have < target {
        let docs = (((target - have) as usize).div_ceil(per_doc)).clamp(1, 20_000);
        let recs = synth::documents(seed, docs, per_doc, days);
        synth::store_all(&mut store, &recs, batch);
        mentions += docs * per_doc;
        have = store.stats().expect("count").events;
        seed += 1;
        eprintln!(
            "{have} events ({:.0} mentions/s)",
            mentions as f64 / t.elapsed().as_secs_f64()
        );
    }
    store.checkpoint().expect("checkpoint");
    let st = store.stats().expect("count");
    println!(
        "{db}: {} events, {} mentions, {} articles ({:.1} s)",
        st.events,
        st.mentions,
        st.articles,
        t.elapsed().as_secs_f64()
    );
}
