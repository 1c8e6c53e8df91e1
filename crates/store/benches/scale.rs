//! Ingest rate as the store grows (issue 6): coded records written into a store that already
//! holds 0, 1M and 10M events.
//!
//! ```text
//! cargo bench -p dyad-store --bench scale
//! DYAD_SCALE_SIZES=0,1000000 DYAD_SCALE_DOCS=5000 DYAD_SCALE_BATCH=64 cargo bench -p dyad-store --bench scale
//! ```
//!
//! For each size the database of that many synthetic events (`events-N.db` in
//! `$DYAD_BENCH_DIR`, built on first use by the generator of the `store` bench and shared
//! with its `aggregate` benchmark) is copied to a scratch file, and `DYAD_SCALE_DOCS`
//! (default 10,000) new documents of 10 mentions each — a quarter of them reprints of
//! earlier ones, days spread over three years like the database's — are ingested in
//! transactions of `DYAD_SCALE_BATCH` documents (default 64, `dyad ingest`'s default).
//! `DYAD_SCALE_DAYS=spread` (default) puts their events on random days of those three years,
//! the worst case for the day-ordered indexes; `DYAD_SCALE_DAYS=new` on the week after them,
//! as a live feed does.
//! Printed: mentions per second over the whole run and over its second half (warm cache).
//! Plain `main`, not criterion: each run changes the database, and one run is long enough.
#![allow(missing_docs)]

use std::time::Instant;

use dyad_store::Store;

mod common;

use common::{bench_dir, big_store, ingest_all, records, records_from};

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn remove_db(p: &std::path::Path) {
    for ext in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{ext}", p.display()));
    }
}

fn main() {
    let sizes: Vec<i64> = std::env::var("DYAD_SCALE_SIZES")
        .unwrap_or_else(|_| "0,1000000,10000000".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let docs: usize = env_or("DYAD_SCALE_DOCS", 10_000);
    let batch: usize = env_or("DYAD_SCALE_BATCH", 64);
    let live = std::env::var("DYAD_SCALE_DAYS").is_ok_and(|v| v == "new");
    let recs = if live {
        records_from(7_777_777, docs, 10, 1095, 7, 25)
    } else {
        records(7_777_777, docs, 10, 1095, 25)
    };
    let mentions: usize = recs.iter().map(|r| r.events.len()).sum();
    for size in sizes {
        let scratch = bench_dir().join(format!("scale-{size}.db"));
        remove_db(&scratch);
        let have = if size > 0 {
            let (store, have) = big_store(size);
            drop(store);
            let src = bench_dir().join(format!("events-{size}.db"));
            let t = Instant::now();
            std::fs::copy(&src, &scratch).unwrap();
            eprintln!("scale: copied {} in {:.1?}", src.display(), t.elapsed());
            have
        } else {
            0
        };
        let mut store = Store::open(&scratch).unwrap();
        let before = store.stats().unwrap().mentions as usize;
        let half = recs.len() / 2;
        let t = Instant::now();
        ingest_all(&mut store, &recs[..half], batch);
        let first = t.elapsed();
        ingest_all(&mut store, &recs[half..], batch);
        let all = t.elapsed();
        let second = all - first;
        let after = store.stats().unwrap();
        assert_eq!(after.mentions as usize, before + mentions);
        let second_mentions: usize = recs[half..].iter().map(|r| r.events.len()).sum();
        println!(
            "scale: {have} events + {mentions} mentions in {docs} documents ({} days), {batch} \
             per transaction: {:.2?} = {:.0} mentions/s (second half {:.0}/s)",
            if live { "new" } else { "spread" },
            all,
            mentions as f64 / all.as_secs_f64(),
            second_mentions as f64 / second.as_secs_f64()
        );
        drop(store);
        remove_db(&scratch);
    }
}
