//! Loads a PETRARCH/Phoenix dictionary directory and prints what was read, what was
//! skipped and how long it took.
//!
//! ```text
//! cargo run --release -p dyad-dict --example petrarch_stats -- DIR [DIR…]
//! ```
//! With `PETRARCH_SKIPPED=1` in the environment, every skipped line is listed.
use std::path::Path;
use std::time::Instant;

use dyad_dict::{load_petrarch_dir, Dictionaries, MergeMode};

/// CPU time of this thread in ms (Linux; `None` elsewhere): wall time on a busy machine
/// overstates the cost.
fn cpu_ms() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = s.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e6)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dirs: Vec<String> = std::env::args().skip(1).collect();
    if dirs.is_empty() {
        eprintln!("usage: petrarch_stats DIR [DIR…]");
        std::process::exit(2);
    }
    let t = Instant::now();
    let ours = Dictionaries::from_embedded_sources()?;
    println!(
        "embedded: {} actor entries, {} verb patterns ({:.0} ms)",
        ours.actors.len(),
        ours.verbs.len(),
        t.elapsed().as_secs_f64() * 1e3
    );
    for dir in &dirs {
        let dir = Path::new(dir);
        println!("\n== {}", dir.display());
        let t = Instant::now();
        let p = load_petrarch_dir(dir)?;
        let read_ms = t.elapsed().as_secs_f64() * 1e3;
        println!(
            "{:<36} {:>7} {:>7} {:>7} {:>6} {:>6} {:>7} {:>8} {:>7}",
            "file",
            "lines",
            "entries",
            "phrases",
            "dated",
            "merged",
            "patlns",
            "patterns",
            "skipped"
        );
        for f in &p.files {
            println!(
                "{:<36} {:>7} {:>7} {:>7} {:>6} {:>6} {:>7} {:>8} {:>7}",
                f.file,
                f.lines,
                f.entries,
                f.phrases,
                f.dated_codes,
                f.merged_headwords,
                f.pattern_lines,
                f.patterns,
                f.skipped
            );
        }
        if !p.ignored_files.is_empty() {
            println!("not read: {}", p.ignored_files.join(", "));
        }
        println!(
            "actor blocks {}, agents {}, verb patterns {}, irregular verbs {}, discards {}, \
             synset expansions dropped by the cap {}",
            p.actors.len(),
            p.agents.len(),
            p.verb_patterns.len(),
            p.verb_forms.len(),
            p.discards.len(),
            p.truncated_expansions
        );
        println!("skipped by reason:");
        for (reason, n) in p.skip_counts() {
            println!("  {n:>6}  {reason}");
        }
        if std::env::var_os("PETRARCH_SKIPPED").is_some() {
            for s in &p.skipped {
                println!("  skipped {}:{}: {}", s.file, s.line, s.reason);
            }
        }
        for mode in [MergeMode::Merge, MergeMode::Replace] {
            let t = Instant::now();
            let d = p.dictionaries(mode)?;
            println!(
                "{mode:?}: {} actor entries, {} verb patterns (build {:.0} ms)",
                d.actors.len(),
                d.verbs.len(),
                t.elapsed().as_secs_f64() * 1e3
            );
        }
        for mode in [MergeMode::Merge, MergeMode::Replace] {
            let (t, c) = (Instant::now(), cpu_ms());
            let d = Dictionaries::with_petrarch(dir, mode)?;
            let (wall, cpu) = (t.elapsed().as_secs_f64() * 1e3, cpu_ms());
            drop(d);
            let cpu = match (c, cpu) {
                (Some(a), Some(b)) => format!(", {:.0} ms CPU", b - a),
                _ => String::new(),
            };
            println!("Dictionaries::with_petrarch({mode:?}): {wall:.0} ms wall{cpu}");
        }
        println!("read alone: {read_ms:.0} ms wall");
    }
    Ok(())
}
