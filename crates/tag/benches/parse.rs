//! Tag+parse throughput of the embedded model on generated news-like sentences.
//! Prints tokens/s (one thread); asserts inside the timed loop that every word gets a
//! tag and a head.
#![allow(missing_docs)] // criterion's macros generate undocumented items

use std::time::Instant;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use dyad_tag::Model;

/// Deterministic news-like sentences built from small word lists.
fn sentences(n: usize) -> Vec<Vec<String>> {
    let actors = [
        "The government",
        "Rebel forces",
        "The United Nations",
        "Police",
        "Protesters",
        "The prime minister",
        "Officials in Kabul",
        "The army",
        "Opposition leaders",
        "A spokesman for the ministry",
        "Chinese diplomats",
        "The European Union",
    ];
    let verbs = [
        "accused",
        "met",
        "attacked",
        "criticized",
        "praised",
        "signed an agreement with",
        "arrested",
        "called on",
        "threatened",
        "negotiated with",
        "rejected demands from",
        "sent aid to",
    ];
    let targets = [
        "the opposition",
        "local officials",
        "the rebels",
        "neighbouring countries",
        "the central bank",
        "several journalists",
        "the United States",
        "aid workers",
        "the new president",
        "militants near the border",
    ];
    let tails = [
        "on Tuesday",
        "after talks in Geneva",
        "despite international pressure",
        "for the second time this year",
        "",
        "in a statement released late on Friday",
        "because of the crisis",
        "while the talks continued",
    ];
    let mut seed = 0x1234_5678_9abc_def0u64;
    let mut pick = |k: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % k as u64) as usize
    };
    (0..n)
        .map(|_| {
            let s = format!(
                "{} {} {} {} .",
                actors[pick(actors.len())],
                verbs[pick(verbs.len())],
                targets[pick(targets.len())],
                tails[pick(tails.len())]
            );
            s.split_whitespace().map(str::to_string).collect()
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let model = Model::embedded();
    let sents = sentences(2000);
    let owned: Vec<Vec<&str>> = sents
        .iter()
        .map(|s| s.iter().map(|w| w.as_str()).collect())
        .collect();
    let tokens: usize = owned.iter().map(|s| s.len()).sum();

    // a plain timed run, printed as tokens/s
    let t = Instant::now();
    let mut n = 0;
    for _ in 0..3 {
        for s in &owned {
            let (tags, deps) = model.analyze(s);
            assert!(tags.len() == s.len() && deps.len() == s.len());
            n += s.len();
        }
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "dyad-tag analyze: {n} tokens in {secs:.3}s = {:.0} tokens/s (one thread)",
        n as f64 / secs
    );

    let mut g = c.benchmark_group("tag+parse");
    g.throughput(Throughput::Elements(tokens as u64));
    g.sample_size(10);
    g.bench_function("analyze 2000 sentences", |b| {
        b.iter(|| {
            for s in &owned {
                let (tags, deps) = model.analyze(s);
                assert!(tags.len() == s.len() && deps.iter().all(|d| d.head <= s.len()));
            }
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
