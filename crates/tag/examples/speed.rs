//! Measures tag+parse speed over the sentences of a CoNLL-U file, on one thread, and with
//! `--threads N` also on N threads (the sentences split into N equal parts).
//!
//! ```text
//! cargo run --release -p dyad-tag --example speed -- FILE.conllu [--model MODEL] [--rounds N]
//!     [--threads N]
//! ```

use std::time::Instant;

use dyad_tag::{conllu, Model};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: speed FILE.conllu [--model MODEL] [--rounds N]");
        std::process::exit(2);
    };
    let mut model_path = None;
    let mut rounds = 3usize;
    let mut threads = 1usize;
    let mut i = 1;
    while i + 1 < args.len() {
        match args[i].as_str() {
            "--model" => model_path = Some(args[i + 1].clone()),
            "--rounds" => rounds = args[i + 1].parse().expect("rounds"),
            "--threads" => threads = args[i + 1].parse().expect("threads"),
            _ => {}
        }
        i += 2;
    }
    let text = std::fs::read_to_string(path).expect("read input");
    let sents = conllu::read(&text).expect("CoNLL-U");
    let forms: Vec<Vec<String>> = sents
        .iter()
        .map(|s| s.words().map(|w| w.form.clone()).collect())
        .collect();
    let t = Instant::now();
    let owned;
    let model = match model_path {
        Some(p) => {
            owned = Model::from_bytes(&std::fs::read(p).expect("read model")).expect("model");
            &owned
        }
        None => Model::embedded(),
    };
    println!("load: {:.3}s ({})", t.elapsed().as_secs_f64(), huge());
    for full in [false, true] {
        let t = Instant::now();
        let c0 = cpu_seconds();
        let mut n = 0usize;
        for _ in 0..rounds {
            for f in &forms {
                let words: Vec<&str> = f.iter().map(|s| s.as_str()).collect();
                if full {
                    let (tags, deps) = model.analyze(&words);
                    n += tags.len().min(deps.len());
                } else {
                    let (c, h, _) = model.analyze_ids(&words);
                    n += c.len().min(h.len());
                }
            }
        }
        let s = t.elapsed().as_secs_f64();
        let cpu = cpu_seconds() - c0;
        println!(
            "{}: {n} tokens in {s:.3}s wall = {:.0} tokens/s; {cpu:.2}s CPU = {:.0} tokens/s per core",
            if full { "analyze (with lemmas and strings)" } else { "analyze_ids" },
            n as f64 / s,
            n as f64 / cpu
        );
    }
    if threads > 1 {
        // Whole command on N threads: each takes a contiguous share of the sentences.
        let t = Instant::now();
        let per = forms.len().div_ceil(threads).max(1);
        let n: usize = std::thread::scope(|sc| {
            let jobs: Vec<_> = forms
                .chunks(per)
                .map(|part| {
                    sc.spawn(move || {
                        let mut n = 0usize;
                        for _ in 0..rounds {
                            for f in part {
                                let words: Vec<&str> = f.iter().map(|s| s.as_str()).collect();
                                let (tags, deps) = model.analyze(&words);
                                n += tags.len().min(deps.len());
                            }
                        }
                        n
                    })
                })
                .collect();
            jobs.into_iter().map(|j| j.join().expect("worker")).sum()
        });
        let s = t.elapsed().as_secs_f64();
        println!(
            "analyze on {threads} threads: {n} tokens in {s:.3}s wall = {:.0} tokens/s",
            n as f64 / s
        );
    }
}

/// User+system CPU time of this process (Linux `/proc/self/stat`, 100 ticks/s), or NaN.
fn cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return f64::NAN;
    };
    // fields after the parenthesised command name; utime and stime are fields 14 and 15
    let rest = stat.rsplit_once(')').map_or("", |r| r.1);
    let f: Vec<&str> = rest.split_whitespace().collect();
    let tick = |i: usize| {
        f.get(i)
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(f64::NAN)
    };
    (tick(11) + tick(12)) / 100.0
}

fn huge() -> String {
    std::fs::read_to_string("/proc/self/smaps_rollup")
        .unwrap_or_default()
        .lines()
        .filter(|l| l.starts_with("AnonHugePages") || l.starts_with("Rss"))
        .collect::<Vec<_>>()
        .join("; ")
}
