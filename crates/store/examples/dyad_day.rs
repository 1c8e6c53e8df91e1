//! Times the dyad-by-day aggregate over an existing store, once per mode, printing wall-clock
//! and CPU time (the machine it runs on may be busy: CPU time is the steadier figure).
//!
//! ```text
//! cargo run --release -p dyad-store --example dyad_day -- DB [each|csv|collect]...
//! ```
//!
//! The store is first opened for writing (timed: that migrates an older format), then
//! read-only. `each`: every row handed to a callback ([`dyad_store::Store::aggregate_each`]); `csv`: the
//! same, each row written as CSV to a sink; `collect`: a `Vec<AggRow>`
//! ([`dyad_store::Store::aggregate`]). Default: all three.

use std::io::Write;
use std::time::Instant;

use dyad_store::{Aggregate, Day, EventFilter, Store};

mod common;
use common::cpu;

fn main() {
    let mut args = std::env::args().skip(1);
    let db = args
        .next()
        .expect("usage: dyad_day DB [each|csv|collect]...");
    let mut modes: Vec<String> = args.collect();
    if modes.is_empty() {
        modes = vec!["each".into(), "csv".into(), "collect".into()];
    }
    {
        // Opening for writing migrates an older store to the current format: timed too.
        let (t, c) = (Instant::now(), cpu());
        let store = Store::open(&db).expect("opens the store");
        println!(
            "open (format {}): wall {:.2?}, CPU {:.2?}",
            store.format_version(),
            t.elapsed(),
            cpu() - c
        );
    }
    let store = Store::open_read_only(&db).expect("opens the store");
    let all = EventFilter::default();
    for mode in &modes {
        let (t, c) = (Instant::now(), cpu());
        let (rows, events) = match mode.as_str() {
            "each" => {
                let mut events = 0;
                let n = store
                    .aggregate_each(Aggregate::DyadDay, &all, |r| {
                        events += r.events;
                        Ok(())
                    })
                    .unwrap();
                (n, events)
            }
            "csv" => {
                let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::sink());
                let mut events = 0;
                let n = store
                    .aggregate_each(Aggregate::DyadDay, &all, |r| {
                        events += r.events;
                        writeln!(
                            out,
                            "{},{},{},{},{},{}",
                            r.source.unwrap_or(""),
                            r.target.unwrap_or(""),
                            r.day.unwrap_or(Day(0)),
                            r.events,
                            r.mentions,
                            r.goldstein
                        )
                    })
                    .unwrap();
                (n, events)
            }
            "collect" => {
                let rows = store.aggregate(Aggregate::DyadDay, &all).unwrap();
                (rows.len(), rows.iter().map(|r| r.events).sum())
            }
            other => panic!("unknown mode {other}"),
        };
        println!(
            "{mode}: {rows} dyad-days, {events} events: wall {:.2?}, CPU {:.2?}",
            t.elapsed(),
            cpu() - c
        );
    }
}
