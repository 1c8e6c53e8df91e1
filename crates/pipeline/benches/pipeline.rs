#![allow(missing_docs)] // criterion macros generate undocumented items
//! Per-stage throughput on a fixed news sample: segmentation, tagging+parsing, coding
//! (given the parse), and the whole pipeline. Prints sentences/s for each stage.
//!
//! `cargo bench -p dyad --bench pipeline`. For throughput over a large corpus, stage by
//! stage and end to end, see `bench/run.sh` and `docs/performance.md`.

use std::time::Instant;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use dyad::code::{Coder, SentenceAnalysis};
use dyad::dict::{date_key, Dictionaries};
use dyad::tag::Model;
use dyad::{Input, Pipeline};

/// Our own news sentences: the example page and the golden coding sentences.
fn corpus() -> String {
    let mut text = String::from(include_str!("../../../examples/ceasefire-talks.txt"));
    for toml in [
        include_str!("../../../testdata/coding/roots.toml"),
        include_str!("../../../testdata/coding/features.toml"),
        include_str!("../../../testdata/coding/wire.toml"),
    ] {
        for line in toml.lines() {
            if let Some(t) = line
                .strip_prefix("text = \"")
                .and_then(|t| t.strip_suffix('"'))
            {
                text.push_str("\n\n");
                text.push_str(&t.replace("\\\"", "\""));
            }
        }
    }
    text
}

fn bench(c: &mut Criterion) {
    let text = corpus();
    let dicts = Dictionaries::embedded();
    let model = Model::embedded();
    let seg = dyad::text::segment(&text);
    let n_sent = seg.sentences.len() as u64;
    assert!(n_sent > 60, "corpus has {n_sent} sentences");
    let words: Vec<Vec<&str>> = seg
        .sentences
        .iter()
        .map(|s| {
            seg.tokens[s.first_token..s.end_token]
                .iter()
                .map(|t| t.form.as_str())
                .collect()
        })
        .collect();
    let analyses: Vec<SentenceAnalysis> = words
        .iter()
        .map(|w| {
            let (tags, deps) = model.analyze(w);
            SentenceAnalysis { tags, deps }
        })
        .collect();
    let date = date_key("2024-05-07");
    let coder = Coder::new(dicts);

    let mut g = c.benchmark_group("stages");
    g.throughput(Throughput::Elements(n_sent));
    g.bench_function("segment", |b| {
        b.iter(|| {
            let s = dyad::text::segment(&text);
            assert_eq!(s.sentences.len() as u64, n_sent);
        })
    });
    g.bench_function("tag+parse", |b| {
        b.iter(|| {
            // as the pipeline does it: one tagging, the parser reusing its output
            let mut n = 0;
            for w in &words {
                n += model.analyze(w).1.len();
            }
            assert_eq!(n, seg.tokens.len());
        })
    });
    g.bench_function("code", |b| {
        b.iter(|| {
            let out = coder.code_article(&text, &seg.tokens, &seg.sentences, &analyses, date);
            assert!(out.events.len() > 20, "{} events", out.events.len());
        })
    });
    let pipeline = Pipeline::new();
    let input = Input::text("bench", text.clone()).with_date("2024-05-07");
    g.bench_function("process", |b| {
        b.iter(|| {
            let (rec, _) = pipeline.process(&input);
            assert!(rec.events.len() > 20);
        })
    });
    g.finish();

    // A plain sentences/s line per stage, for scripts and the closing note.
    let reps = 20;
    let time = |f: &dyn Fn()| {
        let t = Instant::now();
        for _ in 0..reps {
            f();
        }
        (n_sent * reps) as f64 / t.elapsed().as_secs_f64()
    };
    let seg_rate = time(&|| drop(dyad::text::segment(&text)));
    let tp_rate = time(&|| {
        for w in &words {
            drop(model.analyze(w));
        }
    });
    let code_rate =
        time(&|| drop(coder.code_article(&text, &seg.tokens, &seg.sentences, &analyses, date)));
    let all_rate = time(&|| drop(pipeline.process(&input)));
    println!(
        "sentences/s on one thread: segment {seg_rate:.0}, tag+parse {tp_rate:.0}, code {code_rate:.0}, whole pipeline {all_rate:.0} ({n_sent} sentences, {} tokens)",
        seg.tokens.len()
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
