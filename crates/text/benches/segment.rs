//! Throughput of `segment` on a news sample written for this bench.
//!
//! `news.txt` (about 5 KB) is repeated to about 1 MB so per-call overhead
//! does not dominate. The assertion inside the loop makes sure a broken
//! splitter (no tokens, one sentence) cannot pass as fast.

use criterion::{black_box, criterion_main, Criterion, Throughput};
use dyad_text::segment;

const NEWS: &str = include_str!("news.txt");
const REPEAT: usize = 200;
/// Tokens and sentences in one copy of `news.txt`.
const TOKENS: usize = 865;
const SENTENCES: usize = 40;

fn corpus() -> String {
    let mut s = String::with_capacity(NEWS.len() * REPEAT + 2 * REPEAT);
    for _ in 0..REPEAT {
        s.push_str(NEWS);
        s.push_str("\n\n");
    }
    s
}

fn bench(c: &mut Criterion) {
    let text = corpus();
    let mut g = c.benchmark_group("segment");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.sample_size(20);
    g.bench_function("news", |b| {
        b.iter(|| {
            let seg = segment(black_box(&text));
            assert_eq!(seg.tokens.len(), TOKENS * REPEAT);
            assert_eq!(seg.sentences.len(), SENTENCES * REPEAT);
            seg
        })
    });
    g.finish();
}

/// The criterion group (its generated function has no docs of its own).
#[allow(missing_docs)]
mod group {
    criterion::criterion_group!(benches, super::bench);
}
criterion_main!(group::benches);
