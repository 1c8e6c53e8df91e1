//! Store benchmarks (criterion):
//!
//! * `ingest/coded_records`: writing coded records (20,000 event mentions in 2,000 documents,
//!   a quarter of them reprints that join existing events) into a fresh file database;
//!   throughput in events (mentions) per second. Target: ≥ 50k/s. With the writer's default
//!   memory settings ([`StoreOptions::WRITER`]); `ingest/coded_records_cache256_mmap2048` with
//!   the former 256 MiB page cache and 2 GiB of mmap, for comparison.
//! * `aggregate/dyad_day_10m/*`: events per (source, target, day) with mention counts and
//!   Goldstein sums over ≥ 10M synthetic events. Target: ≤ 2 s. `each`: every row handed to a
//!   callback ([`Store::aggregate_each`], what `dyad query --agg dyad-day` does); `each_csv`:
//!   the same, writing each row as CSV to a sink; `collect`: a `Vec<AggRow>`
//!   ([`Store::aggregate`]). The database is built once through the same ingest path and kept
//!   in `$DYAD_BENCH_DIR` (default `target/dyad-store-bench/`); its size per million events is
//!   printed.
//!
//! `DYAD_BENCH_EVENTS` changes the 10M (e.g. for a quick run).
#![allow(missing_docs)] // criterion_group! generates an undocumented `pub fn`

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use dyad_store::{Aggregate, EventFilter, Store, StoreOptions};

mod common;

use common::{bench_dir, big_store, ingest_all, records};

fn ingest(c: &mut Criterion) {
    let recs = records(1, 2_000, 10, 365, 25);
    let events: usize = recs.iter().map(|r| r.events.len()).sum();
    let dir = bench_dir();
    let mut g = c.benchmark_group("ingest");
    g.throughput(Throughput::Elements(events as u64));
    g.sample_size(10);
    let mut n = 0;
    // The writer's default memory settings, and the former ones (256 MiB of page cache,
    // 2 GiB of mmap) for comparison in the same run.
    let former = StoreOptions {
        cache_mib: 256,
        mmap_mib: 2048,
    };
    for (name, options) in [
        ("coded_records", StoreOptions::WRITER),
        ("coded_records_cache256_mmap2048", former),
    ] {
        g.bench_function(name, |b| {
            b.iter_batched(
                || {
                    n += 1;
                    let p = dir.join(format!("ingest-{}-{n}.db", std::process::id()));
                    for ext in ["", "-wal", "-shm"] {
                        let _ = std::fs::remove_file(format!("{}{ext}", p.display()));
                    }
                    (Store::open_with(&p, options).unwrap(), p)
                },
                |(mut store, p)| {
                    ingest_all(&mut store, &recs, 500);
                    let st = store.stats().unwrap();
                    assert_eq!(st.mentions as usize, events);
                    drop(store);
                    for ext in ["", "-wal", "-shm"] {
                        let _ = std::fs::remove_file(format!("{}{ext}", p.display()));
                    }
                },
                BatchSize::PerIteration,
            )
        });
    }
    g.finish();
}

fn aggregate(c: &mut Criterion) {
    let target: i64 = std::env::var("DYAD_BENCH_EVENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000_000);
    let mut g = c.benchmark_group("aggregate");
    g.sample_size(10);
    let name = format!("dyad_day_{}m", target / 1_000_000);
    // Built on first use only, so `cargo bench -- ingest` does not build it.
    let mut big: Option<(Store, i64)> = None;
    let all = EventFilter::default();
    // Every row handed to a callback as it is read (what `dyad query --agg dyad-day` does).
    g.bench_function(format!("{name}/each"), |b| {
        let (store, have) = big.get_or_insert_with(|| big_store(target));
        let have = *have;
        b.iter(|| {
            let (mut total, mut check) = (0i64, 0usize);
            let rows = store
                .aggregate_each(Aggregate::DyadDay, &all, |r| {
                    total += r.events;
                    check += r.source.map_or(0, str::len)
                        + r.target.map_or(0, str::len)
                        + r.day.map_or(0, |d| d.0 as usize);
                    Ok(())
                })
                .unwrap();
            assert_eq!(total, have);
            (rows, check)
        })
    });
    // The same rows written as CSV (to a sink): the cost of formatting them.
    g.bench_function(format!("{name}/each_csv"), |b| {
        let (store, have) = big.get_or_insert_with(|| big_store(target));
        let have = *have;
        b.iter(|| {
            use std::io::Write;
            let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::sink());
            let mut total = 0i64;
            let rows = store
                .aggregate_each(Aggregate::DyadDay, &all, |r| {
                    total += r.events;
                    writeln!(
                        out,
                        "{},{},{},{},{},{}",
                        r.source.unwrap_or(""),
                        r.target.unwrap_or(""),
                        r.day.unwrap_or(dyad_store::Day(0)),
                        r.events,
                        r.mentions,
                        r.goldstein
                    )
                })
                .unwrap();
            assert_eq!(total, have);
            rows
        })
    });
    // Collected into a `Vec<AggRow>` (three `String`s per row).
    g.bench_function(format!("{name}/collect"), |b| {
        let (store, have) = big.get_or_insert_with(|| big_store(target));
        let have = *have;
        b.iter(|| {
            let rows = store.aggregate(Aggregate::DyadDay, &all).unwrap();
            let total: i64 = rows.iter().map(|r| r.events).sum();
            assert_eq!(total, have);
            rows.len()
        })
    });
    g.finish();
}

criterion_group!(benches, ingest, aggregate);
criterion_main!(benches);
