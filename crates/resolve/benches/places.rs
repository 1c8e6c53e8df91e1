//! Lookup speed of place mentions: name → resolved gazetteer entry.
#![allow(missing_docs)] // criterion_group! generates an undocumented `pub fn`
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use dyad_resolve::Gazetteer;

const NAMES: &[&str] = &[
    "Moscow",
    "U.S.",
    "Alexandria",
    "Louisiana",
    "Pyongyang",
    "Vladivostok",
    "Paris",
    "Georgia",
    "London",
    "Springfield",
    "Edmonton",
    "Russia",
    "China",
    "Aleppo",
    "Texas",
    "Dublin",
];

fn lookup(c: &mut Criterion) {
    let gaz = Gazetteer::embedded();
    let mut g = c.benchmark_group("places");
    g.throughput(Throughput::Elements(NAMES.len() as u64));
    g.bench_function("resolve_one", |b| {
        b.iter(|| {
            for n in NAMES {
                let p = gaz.resolve_one(std::hint::black_box(n));
                assert!(p.is_some(), "{n} resolves");
            }
        })
    });
    g.finish();
}

criterion_group!(benches, lookup);
criterion_main!(benches);
