//! Times the in-memory queries of `dyad serve` over a database, one thread, no HTTP:
//! the fastest of `--runs` runs of each query (what the machine's other load cannot inflate).
//!
//! ```text
//! cargo run --release -p dyad-serve --example cube -- --db /tmp/events-1m.db [--runs 20]
//! ```

use std::time::{Duration, Instant};

use dyad_serve::cube::{Cube, SeriesBy};
use dyad_store::{EventFilter, Store};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let get = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
    };
    let db = get("--db").expect("--db FILE");
    let runs: usize = get("--runs").and_then(|v| v.parse().ok()).unwrap_or(20);
    let store = Store::open_read_only(db).expect("open");
    let t = Instant::now();
    let cube = Cube::load(&store).expect("load");
    println!(
        "loaded {} events in {:.0} ms",
        cube.len(),
        t.elapsed().as_secs_f64() * 1e3
    );
    let s = |v: &str| Some(v.to_string());
    let cases: Vec<(&str, EventFilter)> = vec![
        ("everything", EventFilter::default()),
        (
            "actor=RUS",
            EventFilter {
                actor: s("RUS"),
                ..Default::default()
            },
        ),
        (
            "actor=KEN",
            EventFilter {
                actor: s("KEN"),
                ..Default::default()
            },
        ),
        (
            "dyad=RUS:UKR",
            EventFilter {
                dyad: Some(("RUS".into(), "UKR".into())),
                ..Default::default()
            },
        ),
        (
            "country=USA quad=4",
            EventFilter {
                country: s("USA"),
                quad: Some(4),
                ..Default::default()
            },
        ),
        (
            "90 days",
            EventFilter {
                from: s("2024-01-01"),
                to: s("2024-03-30"),
                ..Default::default()
            },
        ),
        (
            "actor=USA 90 days",
            EventFilter {
                actor: s("USA"),
                from: s("2024-01-01"),
                to: s("2024-03-30"),
                ..Default::default()
            },
        ),
    ];
    let best = |f: &mut dyn FnMut()| -> Duration {
        (0..runs)
            .map(|_| {
                let t = Instant::now();
                f();
                t.elapsed()
            })
            .min()
            .unwrap_or_default()
    };
    println!("| filter | events | page of 50 | time line | network | map |");
    println!("|---|---:|---:|---:|---:|---:|");
    for (name, f) in &cases {
        let sel = cube.select(f, None);
        let n = sel.total().events;
        let page = best(&mut || {
            std::hint::black_box(sel.page(None, 50));
        });
        let line = best(&mut || {
            std::hint::black_box(sel.timeline(SeriesBy::All, None, 4000).ok());
        });
        let net = best(&mut || {
            std::hint::black_box(sel.network(false, 40, 150));
        });
        let map = best(&mut || {
            std::hint::black_box(sel.points(500));
        });
        let ms = |d: Duration| format!("{:.2}", d.as_secs_f64() * 1e3);
        println!(
            "| {name} | {n} | {} | {} | {} | {} |",
            ms(page),
            ms(line),
            ms(net),
            ms(map)
        );
    }
}
