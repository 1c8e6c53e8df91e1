//! Times each stage of the pipeline over a folder of HTML pages (the corpus of
//! `bench/corpus.py`), on one thread and on several, and prints pages/s, sentences/s,
//! tokens/s and MB/s (of raw HTML) per stage.
//!
//! ```text
//! cargo run --release -p dyad --example stages -- DIR [--pages N] [--threads 1,2]
//!     [--chunk N] [--db FILE] [--dump-conllu FILE] [--dump-tokens N]
//! ```
//!
//! Stages, each run over a chunk of pages before the next starts (so each is timed alone,
//! with the chunk's pages spread over the threads by rayon):
//!
//! * `read`: the files into memory;
//! * `ingest/clean`: HTML → clean text and metadata (`dyad::ingest`);
//! * `segment+tokenise`: `dyad::text::segment`;
//! * `tag+parse`: [`Pipeline::analyze`] (tagger, lemmatizer, parser);
//! * `code+resolve`: [`Pipeline::process_analyzed`] (actors, events, times, places, quotes,
//!   the output record);
//! * `json`: the record as a JSON line (what `dyad code` writes);
//! * `store`: content hash and [`Store::ingest`] into a fresh SQLite file, 64 pages per
//!   transaction, on the calling thread (the store has one writer).
//!
//! `--dump-conllu FILE` writes the tokens of the first sentences (up to `--dump-tokens`,
//! default 150,000) as CoNLL-U, for comparing tag+parse speed with other parsers on exactly
//! the tokens the pipeline saw.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use dyad::code::SentenceAnalysis;
use dyad::ingest::{ingest_bytes, InputKind};
use dyad::text::Segmented;
use dyad::types::record::DocumentRecord;
use dyad::types::Article;
use dyad::Pipeline;
use dyad_store::{ContentHash, IngestDoc, Store};
use rayon::prelude::*;

const STAGES: [&str; 7] = [
    "read",
    "ingest/clean",
    "segment+tokenise",
    "tag+parse",
    "code+resolve",
    "json",
    "store",
];

struct Args {
    dir: PathBuf,
    pages: usize,
    threads: Vec<usize>,
    chunk: usize,
    db: Option<PathBuf>,
    dump: Option<PathBuf>,
    dump_tokens: usize,
}

fn args() -> Args {
    let mut a = Args {
        dir: PathBuf::new(),
        pages: usize::MAX,
        threads: vec![
            1,
            std::thread::available_parallelism().map_or(1, |n| n.get()),
        ],
        chunk: 1000,
        db: None,
        dump: None,
        dump_tokens: 150_000,
    };
    let v: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    let usage = || -> ! {
        eprintln!(
            "usage: stages DIR [--pages N] [--threads 1,2] [--chunk N] [--db FILE] \
             [--dump-conllu FILE] [--dump-tokens N]"
        );
        std::process::exit(2)
    };
    while i < v.len() {
        let val = |k: usize| v.get(k + 1).cloned().unwrap_or_else(|| usage());
        let num = |k: usize| val(k).parse::<usize>().unwrap_or_else(|_| usage());
        match v[i].as_str() {
            "--pages" => a.pages = num(i),
            "--chunk" => a.chunk = num(i).max(1),
            "--dump-tokens" => a.dump_tokens = num(i),
            "--db" => a.db = Some(val(i).into()),
            "--dump-conllu" => a.dump = Some(val(i).into()),
            "--threads" => {
                a.threads = val(i)
                    .split(',')
                    .map(|t| t.parse().unwrap_or_else(|_| usage()))
                    .collect()
            }
            s if s.starts_with("--") => usage(),
            s => {
                a.dir = s.into();
                i += 1;
                continue;
            }
        }
        i += 2;
    }
    if a.dir.as_os_str().is_empty() {
        usage();
    }
    a
}

/// The `.html` files under `dir`, sorted.
fn pages(dir: &Path, max: usize) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                todo.push(p);
            } else if p.extension().is_some_and(|x| x == "html") {
                out.push(p);
            }
        }
    }
    out.sort();
    out.truncate(max);
    out
}

#[derive(Default, Clone, Copy)]
struct Totals {
    time: [Duration; STAGES.len()],
    pages: usize,
    failed: usize,
    bytes: usize,
    sentences: usize,
    tokens: usize,
    events: usize,
    json_bytes: usize,
}

fn timed<T>(t: &mut Duration, f: impl FnOnce() -> T) -> T {
    let s = Instant::now();
    let v = f();
    *t += s.elapsed();
    v
}

/// Runs every stage over `paths`, chunk by chunk, with the current rayon pool.
fn run(paths: &[PathBuf], a: &Args, store: &mut Store, dump: &mut Option<Dump>) -> Totals {
    let pipeline = Pipeline::new();
    let mut t = Totals::default();
    for chunk in paths.chunks(a.chunk) {
        let [read, ingest, segment, analyze, code, json, write] = &mut t.time;
        let raw: Vec<Vec<u8>> = timed(read, || {
            chunk
                .par_iter()
                .map(|p| std::fs::read(p).unwrap_or_default())
                .collect()
        });
        let articles: Vec<Option<Article>> = timed(ingest, || {
            chunk
                .par_iter()
                .zip(&raw)
                .map(|(p, b)| ingest_bytes(&p.to_string_lossy(), b, InputKind::Html).ok())
                .collect()
        });
        let segs: Vec<Segmented> = timed(segment, || {
            articles
                .par_iter()
                .map(|a| a.as_ref().map(|a| dyad::text::segment(&a.text)))
                .map(Option::unwrap_or_default)
                .collect()
        });
        let analyses: Vec<Vec<SentenceAnalysis>> = timed(analyze, || {
            segs.par_iter().map(|s| pipeline.analyze(s)).collect()
        });
        let records: Vec<Option<DocumentRecord>> = timed(code, || {
            articles
                .into_par_iter()
                .zip(&segs)
                .zip(&analyses)
                .map(|((a, s), an)| a.map(|a| pipeline.process_analyzed(a, s, an).0))
                .collect()
        });
        let lines: Vec<Vec<u8>> = timed(json, || {
            records
                .par_iter()
                .flatten()
                .map(|r| {
                    let mut v = serde_json::to_vec(r).expect("record serializes");
                    v.push(b'\n');
                    v
                })
                .collect()
        });
        timed(write, || {
            let docs: Vec<IngestDoc<'_>> = records
                .iter()
                .zip(&raw)
                .filter_map(|(r, b)| {
                    let r = r.as_ref()?;
                    Some(IngestDoc {
                        hash: ContentHash::of(None, b),
                        raw: Some(b),
                        url: None,
                        date: None,
                        record: r,
                    })
                })
                .collect();
            for batch in docs.chunks(64) {
                store.ingest(batch, 0).expect("store ingest");
            }
        });
        t.pages += chunk.len();
        t.failed += records.iter().filter(|r| r.is_none()).count();
        t.bytes += raw.iter().map(Vec::len).sum::<usize>();
        t.sentences += segs.iter().map(|s| s.sentences.len()).sum::<usize>();
        t.tokens += segs.iter().map(|s| s.tokens.len()).sum::<usize>();
        t.events += records
            .iter()
            .flatten()
            .map(|r| r.events.len())
            .sum::<usize>();
        t.json_bytes += lines.iter().map(Vec::len).sum::<usize>();
        if let Some(d) = dump {
            d.add(&segs);
        }
        *dump = dump.take().filter(|d| !d.full());
    }
    t
}

/// Writes sentences' tokens as CoNLL-U until `left` tokens have been written.
struct Dump {
    out: std::io::BufWriter<std::fs::File>,
    left: usize,
}

impl Dump {
    fn add(&mut self, segs: &[Segmented]) {
        for seg in segs {
            for s in &seg.sentences {
                if self.full() {
                    return;
                }
                let toks = &seg.tokens[s.first_token..s.end_token];
                for (i, tok) in toks.iter().enumerate() {
                    writeln!(self.out, "{}\t{}\t_\t_\t_\t_\t_\t_\t_\t_", i + 1, tok.form)
                        .expect("write CoNLL-U");
                }
                writeln!(self.out).expect("write CoNLL-U");
                self.left = self.left.saturating_sub(toks.len());
            }
        }
    }

    fn full(&self) -> bool {
        self.left == 0
    }
}

/// Peak resident set size of this process so far (Linux), in MiB.
fn peak_rss_mib() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let kb: f64 = s
        .lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()?;
    Some(kb / 1024.0)
}

fn main() {
    let a = args();
    let paths = pages(&a.dir, a.pages);
    if paths.is_empty() {
        eprintln!("stages: no .html pages under {}", a.dir.display());
        std::process::exit(1);
    }
    // Load the dictionaries, model and gazetteer before timing anything.
    let t0 = Instant::now();
    let warm = Pipeline::new().process(&dyad::Input::text("warm", "Russia met China."));
    drop(warm);
    eprintln!(
        "stages: models loaded in {:.2}s",
        t0.elapsed().as_secs_f64()
    );
    let mut dump = a.dump.as_ref().map(|p| Dump {
        out: std::io::BufWriter::new(std::fs::File::create(p).expect("create dump file")),
        left: a.dump_tokens,
    });
    let db_base = a.db.clone().unwrap_or_else(|| {
        std::env::temp_dir().join(format!("dyad-stages-{}.db", std::process::id()))
    });
    for &threads in &a.threads {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("thread pool");
        let db = db_base.with_extension(format!("{threads}.db"));
        let _ = std::fs::remove_file(&db);
        let mut store = Store::open(&db).expect("open store");
        let wall = Instant::now();
        let t = pool.install(|| run(&paths, &a, &mut store, &mut dump));
        let wall = wall.elapsed().as_secs_f64();
        drop(store);
        for ext in ["", "-wal", "-shm"] {
            let mut p = db.clone().into_os_string();
            p.push(ext);
            let _ = std::fs::remove_file(p);
        }
        let mb = t.bytes as f64 / 1e6;
        println!(
            "stages, {threads} thread(s): {} pages ({} failed), {:.1} MB HTML, {} sentences, \
             {} tokens, {} events; {:.1}s in all",
            t.pages, t.failed, mb, t.sentences, t.tokens, t.events, wall
        );
        println!(
            "  {:<18} {:>9} {:>11} {:>12} {:>13} {:>9}",
            "stage", "seconds", "pages/s", "sentences/s", "tokens/s", "MB/s"
        );
        let row = |name: &str, s: f64| {
            println!(
                "  {name:<18} {s:>9.2} {:>11.0} {:>12.0} {:>13.0} {:>9.1}",
                t.pages as f64 / s,
                t.sentences as f64 / s,
                t.tokens as f64 / s,
                mb / s
            );
        };
        for (name, d) in STAGES.iter().zip(t.time) {
            row(name, d.as_secs_f64());
        }
        let total: f64 = t.time.iter().map(Duration::as_secs_f64).sum();
        row("all stages", total);
        println!(
            "  (MB/s is of raw HTML input; JSON output {:.1} MB)",
            t.json_bytes as f64 / 1e6
        );
    }
    if let Some(rss) = peak_rss_mib() {
        println!("stages: peak RSS {rss:.0} MiB");
    }
}
