//! `dyad ingest`, `dyad query`, `dyad export`, `dyad watch`: the event store (`dyad-store`).

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufWriter, ErrorKind, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anyhow::{bail, Context, Result};
use clap::{Args, ValueEnum};
use dyad::types::record::DocumentRecord;
use dyad::{Content, Input, Pipeline, RunStats};
use dyad_store::{
    AggRef, AggRow, Aggregate, ContentHash, EventFilter, EventRow, ExportFormat, IngestDoc,
    IngestReport, Store, StoreOptions,
};
use rayon::prelude::*;

use crate::code_cmd::BATCH_BYTES;
use crate::inputs::{
    batches, date_arg, expand_paths, jsonl_inputs, open_jsonl, path_size, read_path, set_threads,
    InputArgs, Unreadable, MAX_JSONL_LINE_BYTES,
};

/// Documents coded in parallel and written in one transaction. A transaction's cost grows
/// with the index pages it touches, a few per new event wherever its keys fall, so on a large
/// store fewer, bigger transactions write much less (`cargo bench -p dyad-store --bench
/// scale`: 2.2 times the rate at 1M events with 512 documents per transaction than with 64).
const DEFAULT_BATCH: usize = 256;

/// Arguments of `dyad ingest`.
#[derive(Debug, Args)]
pub struct IngestArgs {
    #[command(flatten)]
    input: InputArgs,
    /// The database file (created when missing).
    #[arg(long, value_name = "FILE")]
    db: PathBuf,
    /// Documents per transaction (a batch is also cut once its inputs reach 32 MiB).
    #[arg(long, default_value_t = DEFAULT_BATCH)]
    batch: usize,
    /// The writer's SQLite page cache, MiB.
    #[arg(long, value_name = "MIB", default_value_t = StoreOptions::WRITER.cache_mib)]
    cache_mib: u32,
    /// How much of the database file the writer reads through mmap, MiB (0: none).
    #[arg(long, value_name = "MIB", default_value_t = StoreOptions::WRITER.mmap_mib)]
    mmap_mib: u32,
}

/// Arguments of `dyad watch`.
#[derive(Debug, Args)]
pub struct WatchArgs {
    /// Folder to watch (recursively).
    #[arg(value_name = "DIR")]
    dir: PathBuf,
    /// The database file (created when missing).
    #[arg(long, value_name = "FILE")]
    db: PathBuf,
    /// Publication date (YYYY-MM-DD) for pages that carry none.
    #[arg(long, value_name = "YYYY-MM-DD")]
    date: Option<String>,
    /// Seconds between scans.
    #[arg(long, default_value_t = 2.0)]
    interval: f64,
    /// Scan once, ingest what is there (settled or not) and exit.
    #[arg(long)]
    once: bool,
    /// Worker threads (default: all cores).
    #[arg(long, short = 'j')]
    threads: Option<usize>,
}

/// Filters shared by `query` and `export`.
#[derive(Debug, Args)]
pub struct FilterArgs {
    /// Actor code prefix on either side (RUS, USAGOV, IGOUNO).
    #[arg(long)]
    actor: Option<String>,
    /// Source actor code prefix.
    #[arg(long)]
    source: Option<String>,
    /// Target actor code prefix.
    #[arg(long)]
    target: Option<String>,
    /// Dyad SOURCE:TARGET (prefixes), directed unless --undirected.
    #[arg(long, value_name = "SOURCE:TARGET")]
    dyad: Option<String>,
    /// With --dyad: both directions.
    #[arg(long)]
    undirected: bool,
    /// Actor country on either side (CAMEO/ISO alpha-3).
    #[arg(long)]
    country: Option<String>,
    /// CAMEO event code prefix (036, 19).
    #[arg(long)]
    code: Option<String>,
    /// CAMEO root code (two digits).
    #[arg(long)]
    root: Option<String>,
    /// QuadClass 1..4.
    #[arg(long)]
    quad: Option<u8>,
    /// PLOVER event type (CONSULT, ASSAULT, …).
    #[arg(long)]
    plover: Option<String>,
    /// First day (YYYY-MM-DD).
    #[arg(long)]
    from: Option<String>,
    /// Last day (YYYY-MM-DD).
    #[arg(long)]
    to: Option<String>,
    /// Place name.
    #[arg(long)]
    place: Option<String>,
    /// Place country (ISO alpha-3).
    #[arg(long)]
    place_country: Option<String>,
    /// Modality of a mention (asserted, intended, hedged, negated, denied, conditional).
    #[arg(long)]
    modality: Option<String>,
    /// Attribution: code prefix or name substring ("who says so").
    #[arg(long)]
    attribution: Option<String>,
    /// Full-text query over the articles (SQLite FTS5 syntax).
    #[arg(long)]
    text: Option<String>,
    /// At most N rows.
    #[arg(long)]
    limit: Option<usize>,
}

impl FilterArgs {
    fn filter(&self) -> Result<EventFilter> {
        let dyad = match &self.dyad {
            Some(d) => {
                let (s, t) = d
                    .split_once(':')
                    .with_context(|| format!("--dyad {d:?}: expected SOURCE:TARGET"))?;
                Some((s.to_string(), t.to_string()))
            }
            None => None,
        };
        Ok(EventFilter {
            actor: self.actor.clone(),
            source: self.source.clone(),
            target: self.target.clone(),
            dyad,
            undirected: self.undirected,
            country: self.country.clone(),
            code: self.code.clone(),
            root: self.root.clone(),
            quad: self.quad,
            plover: self.plover.clone(),
            from: self.from.clone(),
            to: self.to.clone(),
            place: self.place.clone(),
            place_country: self.place_country.clone(),
            modality: self.modality.clone(),
            attribution: self.attribution.clone(),
            text: self.text.clone(),
            limit: self.limit,
        })
    }
}

/// `--agg` values.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum AggArg {
    /// Events, mentions and Goldstein sum per source, target and day.
    DyadDay,
    /// Per day.
    Day,
    /// Most frequent actors.
    Actors,
    /// Most frequent source–target pairs.
    Pairs,
}

/// `--format` values of `dyad query`.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum QueryFormat {
    /// Aligned columns (the default on a terminal).
    Table,
    /// One JSON object per line (the default when piped).
    Jsonl,
    /// Comma-separated with a header.
    Csv,
}

/// Arguments of `dyad query`.
#[derive(Debug, Args)]
pub struct QueryArgs {
    /// The database file.
    #[arg(long, value_name = "FILE")]
    db: PathBuf,
    #[command(flatten)]
    filter: FilterArgs,
    /// Aggregate instead of listing events.
    #[arg(long, value_enum)]
    agg: Option<AggArg>,
    /// Output format (default: table on a terminal, JSONL otherwise).
    #[arg(long, value_enum)]
    format: Option<QueryFormat>,
    /// With JSONL: include every mention (article, sentence, spans).
    #[arg(long)]
    mentions: bool,
}

/// `--format` values of `dyad export`.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ExportArg {
    /// GDELT 2.0 event table: 61 columns, tab-separated, no header.
    Gdelt,
    /// POLECAT: 40 columns, tab-separated, with header.
    Polecat,
    /// One JSON object per event with its mentions.
    Jsonl,
    /// Apache Parquet.
    Parquet,
}

/// Arguments of `dyad export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The database file.
    #[arg(long, value_name = "FILE")]
    db: PathBuf,
    /// Output format.
    #[arg(long, value_enum)]
    format: ExportArg,
    /// Write to FILE instead of stdout.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    #[command(flatten)]
    filter: FilterArgs,
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// One input on its way to the store.
struct Pending {
    input: Input,
    hash: ContentHash,
}

fn bytes_of(input: &Input) -> &[u8] {
    match &input.content {
        Content::Bytes(b) => b,
        Content::Text(t) => t.as_bytes(),
    }
}

/// A batch coded and ready to be written in one transaction.
struct Coded {
    docs: Vec<(Pending, DocumentRecord)>,
}

/// Codes (in parallel) the inputs of `jobs` whose hash `stored` does not know. Inputs already
/// stored are counted in `report.skipped`; unreadable ones are reported on stderr and counted
/// in `failed`.
fn code_batch(
    pipeline: &Pipeline,
    stored: &Store,
    jobs: Vec<Result<Input, Unreadable>>,
    stats: &mut RunStats,
    failed: &mut usize,
    report: &mut IngestReport,
) -> Result<Coded> {
    let mut pending = Vec::with_capacity(jobs.len());
    for job in jobs {
        match job {
            Ok(input) => {
                let hash = ContentHash::of(input.url.as_deref(), bytes_of(&input));
                if stored.contains(&hash)? {
                    report.skipped += 1;
                } else {
                    pending.push(Pending { input, hash });
                }
            }
            Err(u) => {
                // A JSONL error already names its line ("line 2: …"); don't name it twice.
                if u.error.starts_with(&format!("{}: ", u.id)) {
                    eprintln!("dyad: {}", u.error);
                } else {
                    eprintln!("dyad: {}: {}", u.id, u.error);
                }
                *failed += 1;
            }
        }
    }
    let coded: Vec<(DocumentRecord, dyad::DocStats)> = pending
        .par_iter()
        .map(|p| pipeline.process_guarded(&p.input))
        .collect();
    let docs = pending
        .into_iter()
        .zip(coded)
        .map(|(p, (rec, st))| {
            stats.add(&st);
            (p, rec)
        })
        .collect();
    Ok(Coded { docs })
}

/// Writes a coded batch in one transaction (a document stored meanwhile is skipped there).
fn write_coded(store: &mut Store, coded: &Coded) -> Result<IngestReport> {
    let docs: Vec<IngestDoc<'_>> = coded
        .docs
        .iter()
        .map(|(p, rec)| IngestDoc {
            hash: p.hash,
            raw: Some(bytes_of(&p.input)),
            url: p.input.url.as_deref(),
            date: p.input.date.as_deref(),
            record: rec,
        })
        .collect();
    store
        .ingest(&docs, now())
        .context("cannot write to the database")
}

/// Codes the inputs not yet stored (in parallel) and writes them in one transaction.
fn write_batch(
    store: &mut Store,
    pipeline: &Pipeline,
    jobs: Vec<Result<Input, Unreadable>>,
    stats: &mut RunStats,
    failed: &mut usize,
) -> Result<IngestReport> {
    let mut report = IngestReport::default();
    let coded = code_batch(pipeline, store, jobs, stats, failed, &mut report)?;
    report += write_coded(store, &coded)?;
    Ok(report)
}

/// The store's writer on its own thread: batch n is written while batch n+1 is coded.
///
/// Batches go through a rendezvous channel, so at most two coded batches are in memory (the
/// one being written and the next, waiting). Order and transactions are those of a
/// sequential run: one transaction per batch, in input order. Hashes are looked up on a
/// second, read-only connection; a page that is in two batches in flight at once is coded
/// twice and written once (the writer skips a hash it has stored).
struct Writer {
    tx: Option<std::sync::mpsc::SyncSender<Coded>>,
    thread: Option<std::thread::JoinHandle<Result<IngestReport>>>,
}

impl Writer {
    fn start(mut store: Store) -> Writer {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Coded>(0);
        let thread = std::thread::Builder::new()
            .name("dyad-store-writer".into())
            .spawn(move || {
                let mut report = IngestReport::default();
                for coded in rx {
                    report += write_coded(&mut store, &coded)?;
                }
                Ok(report)
            })
            .expect("the writer thread starts");
        Writer {
            tx: Some(tx),
            thread: Some(thread),
        }
    }

    /// Hands a batch over (waits while the previous one is being written). An error means
    /// the writer stopped: [`Writer::finish`] tells why.
    fn send(&mut self, coded: Coded) -> std::result::Result<(), ()> {
        match &self.tx {
            Some(tx) => tx.send(coded).map_err(|_| ()),
            None => Err(()),
        }
    }

    /// Waits for the last batch to be written; the writer's report or its error.
    fn finish(mut self) -> Result<IngestReport> {
        drop(self.tx.take());
        match self.thread.take().map(|t| t.join()) {
            Some(Ok(r)) => r,
            Some(Err(p)) => std::panic::resume_unwind(p),
            None => Ok(IngestReport::default()),
        }
    }
}

impl Drop for Writer {
    /// On an early return the batch in flight is still committed (or, killed, rolled back)
    /// before the process ends.
    fn drop(&mut self) {
        drop(self.tx.take());
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn summary(r: &IngestReport, failed: usize, db: &Path) -> String {
    format!(
        "dyad: {}: {} documents added, {} already stored, {} replaced, {} unreadable; \
         {} event mentions, {} new events\n",
        db.display(),
        r.added,
        r.skipped,
        r.replaced,
        failed,
        r.mentions,
        r.new_events
    )
}

fn open(db: &Path) -> Result<Store> {
    Store::open(db).with_context(|| format!("cannot open {}", db.display()))
}

/// Runs `dyad ingest`: inputs are read and coded a batch at a time (in parallel) on this
/// thread while the previous batch is written by [`Writer`].
pub fn run_ingest(args: IngestArgs) -> Result<()> {
    let date = date_arg(&args.input.date)?;
    set_threads(args.input.threads)?;
    if args.batch == 0 {
        bail!("--batch must be at least 1");
    }
    let options = StoreOptions {
        cache_mib: args.cache_mib,
        mmap_mib: args.mmap_mib,
    };
    let store = Store::open_with(&args.db, options)
        .with_context(|| format!("cannot open {}", args.db.display()))?;
    // Hash look-ups only touch the content-hash index: a small cache, no mmap.
    let stored = Store::open_read_only_with(
        &args.db,
        StoreOptions {
            cache_mib: 8,
            mmap_mib: 0,
        },
    )
    .with_context(|| format!("cannot open {}", args.db.display()))?;
    let pipeline = Pipeline::new();
    let mut stats = RunStats::default();
    let mut report = IngestReport::default();
    let mut failed = 0;
    let mut writer = Writer::start(store);
    // False once the writer has stopped (its error comes from `finish`).
    let mut code_and_send = |jobs: Vec<Result<Input, Unreadable>>,
                             stats: &mut RunStats,
                             failed: &mut usize,
                             report: &mut IngestReport|
     -> Result<bool> {
        let coded = code_batch(&pipeline, &stored, jobs, stats, failed, report)?;
        Ok(writer.send(coded).is_ok())
    };
    if let Some(src) = &args.input.jsonl {
        let reader = open_jsonl(src)?;
        let lines = jsonl_inputs(reader, MAX_JSONL_LINE_BYTES, date.as_deref());
        for batch in batches(lines, args.batch, BATCH_BYTES, |j| j.bytes) {
            let jobs = batch.into_iter().map(|j| j.job).collect();
            if !code_and_send(jobs, &mut stats, &mut failed, &mut report)? {
                break;
            }
        }
    } else {
        let paths = expand_paths(&args.input.paths);
        for batch in batches(paths, args.batch, BATCH_BYTES, path_size) {
            let jobs: Vec<Result<Input, Unreadable>> = batch
                .into_par_iter()
                .map(|p| p.and_then(|p| read_path(&p, date.as_deref())))
                .collect();
            if !code_and_send(jobs, &mut stats, &mut failed, &mut report)? {
                break;
            }
        }
    }
    report += writer.finish()?;
    eprint!("{}", summary(&report, failed, &args.db));
    if stats.documents > 0 {
        eprint!("{}", stats.summary());
    }
    Ok(())
}

/// A file's size and modification time, to notice changes between scans.
type Stamp = (u64, Option<SystemTime>);

fn stamp(p: &Path) -> Option<Stamp> {
    let m = std::fs::metadata(p).ok()?;
    Some((m.len(), m.modified().ok()))
}

/// Files being written by the usual atomic writers (`.name`, `*.tmp`, `*.part`) are skipped.
fn is_temporary(p: &Path) -> bool {
    let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
    name.starts_with('.')
        || name.ends_with(".tmp")
        || name.ends_with(".part")
        || name.ends_with('~')
}

/// Runs `dyad watch`: scans DIR, ingests every page whose size and time have settled (the same
/// on two scans in a row), forever. All state is in the database: after a kill, a restart
/// re-reads the folder, skips what is stored (by content hash) and goes on.
pub fn run_watch(args: WatchArgs) -> Result<()> {
    let date = date_arg(&args.date)?;
    set_threads(args.threads)?;
    if !args.dir.is_dir() {
        bail!("{}: not a folder", args.dir.display());
    }
    let mut store = open(&args.db)?;
    let pipeline = Pipeline::new();
    let mut done: HashMap<PathBuf, Stamp> = HashMap::new();
    let mut seen: HashMap<PathBuf, Stamp> = HashMap::new();
    let interval = Duration::from_secs_f64(args.interval.max(0.05));
    eprintln!(
        "dyad: watching {} into {}",
        args.dir.display(),
        args.db.display()
    );
    loop {
        let mut ready = Vec::new();
        for p in expand_paths(std::slice::from_ref(&args.dir))
            .into_iter()
            .flatten()
        {
            if is_temporary(&p) {
                continue;
            }
            let Some(st) = stamp(&p) else { continue };
            if done.get(&p) == Some(&st) {
                continue;
            }
            let settled = seen.get(&p) == Some(&st);
            seen.insert(p.clone(), st);
            if settled || args.once {
                ready.push((p, st));
            }
        }
        for chunk in ready.chunks(DEFAULT_BATCH) {
            let jobs: Vec<Result<Input, Unreadable>> = chunk
                .par_iter()
                .map(|(p, _)| read_path(p, date.as_deref()))
                .collect();
            let mut stats = RunStats::default();
            let mut failed = 0;
            let r = write_batch(&mut store, &pipeline, jobs, &mut stats, &mut failed)?;
            if r.added > 0 || failed > 0 {
                eprint!("{}", summary(&r, failed, &args.db));
            }
            for (p, st) in chunk {
                done.insert(p.clone(), *st);
            }
        }
        if args.once {
            return Ok(());
        }
        std::thread::sleep(interval);
    }
}

/// Runs `dyad query`.
pub fn run_query(args: QueryArgs) -> Result<()> {
    let store = Store::open_read_only(&args.db)
        .with_context(|| format!("cannot open {}", args.db.display()))?;
    let filter = args.filter.filter()?;
    let stdout = std::io::stdout();
    let format = args.format.unwrap_or(if stdout.is_terminal() {
        QueryFormat::Table
    } else {
        QueryFormat::Jsonl
    });
    let mut out = BufWriter::new(stdout.lock());
    if let Some(agg) = args.agg {
        let agg = match agg {
            AggArg::DyadDay => Aggregate::DyadDay,
            AggArg::Day => Aggregate::Day,
            AggArg::Actors => Aggregate::TopActors,
            AggArg::Pairs => Aggregate::TopPairs,
        };
        match format {
            QueryFormat::Table => {
                let rows = store.aggregate(agg, &filter)?;
                write_aggs(&mut out, agg, &rows)?;
            }
            // Streamed: millions of dyad-days go out as they are read, never all in memory.
            QueryFormat::Jsonl | QueryFormat::Csv => {
                let csv = matches!(format, QueryFormat::Csv);
                if csv {
                    writeln!(out, "{}", agg_header(agg).join(","))?;
                }
                let streamed = store.aggregate_each(agg, &filter, |r| {
                    if csv {
                        write_agg_csv(&mut out, r)
                    } else {
                        serde_json::to_writer(&mut out, r)?;
                        out.write_all(b"\n")
                    }
                });
                match streamed {
                    // A reader that stops early (`| head`) is not an error.
                    Err(dyad_store::Error::Io(e)) if e.kind() == ErrorKind::BrokenPipe => {
                        return Ok(())
                    }
                    r => r?,
                };
            }
        }
    } else {
        let rows = store.events(&filter)?;
        match format {
            QueryFormat::Jsonl if args.mentions => {
                for r in &rows {
                    let mut v = serde_json::to_value(r)?;
                    v["mentions"] = serde_json::to_value(store.mentions(r.id)?)?;
                    serde_json::to_writer(&mut out, &v)?;
                    out.write_all(b"\n")?;
                }
            }
            _ => write_events(&mut out, &rows, format)?,
        }
    }
    out.flush()?;
    Ok(())
}

fn csv_field(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\"")).into()
    } else {
        s.into()
    }
}

/// Prints rows of cells as a table, CSV or (for objects) JSON lines.
fn write_cells(
    out: &mut dyn Write,
    header: &[&str],
    cells: &[Vec<String>],
    csv: bool,
) -> Result<()> {
    if csv {
        writeln!(out, "{}", header.join(","))?;
        for row in cells {
            let line: Vec<_> = row.iter().map(|c| csv_field(c)).collect();
            writeln!(out, "{}", line.join(","))?;
        }
        return Ok(());
    }
    let mut w: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in cells {
        for (i, c) in row.iter().enumerate() {
            w[i] = w[i].max(c.chars().count().min(60));
        }
    }
    let line = |row: Vec<String>| -> String {
        row.iter()
            .enumerate()
            .map(|(i, c)| {
                let c: String = c.chars().take(60).collect();
                format!("{c:<width$}", width = w[i])
            })
            .collect::<Vec<_>>()
            .join("  ")
            .trim_end()
            .to_string()
    };
    writeln!(
        out,
        "{}",
        line(header.iter().map(|h| h.to_string()).collect())
    )?;
    for row in cells {
        writeln!(out, "{}", line(row.clone()))?;
    }
    writeln!(out, "({} rows)", cells.len())?;
    Ok(())
}

fn write_events(out: &mut dyn Write, rows: &[EventRow], format: QueryFormat) -> Result<()> {
    if let QueryFormat::Jsonl = format {
        for r in rows {
            serde_json::to_writer(&mut *out, r)?;
            out.write_all(b"\n")?;
        }
        return Ok(());
    }
    let header = [
        "id",
        "date",
        "source",
        "target",
        "code",
        "quad",
        "goldstein",
        "mentions",
        "sources",
        "articles",
        "modality",
        "place",
        "country",
        "url",
    ];
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            vec![
                r.id.to_string(),
                r.date.clone(),
                r.source.clone(),
                r.target.clone(),
                r.code.clone(),
                r.quad_class.to_string(),
                r.goldstein.to_string(),
                r.num_mentions.to_string(),
                r.num_sources.to_string(),
                r.num_articles.to_string(),
                r.modality.clone(),
                r.place.clone().unwrap_or_default(),
                r.place_country.clone().unwrap_or_default(),
                r.source_url.clone(),
            ]
        })
        .collect();
    write_cells(out, &header, &cells, matches!(format, QueryFormat::Csv))
}

/// The key columns of an aggregate's rows, then its values.
fn agg_header(agg: Aggregate) -> Vec<&'static str> {
    let mut h = match agg {
        Aggregate::DyadDay => vec!["source", "target", "date"],
        Aggregate::Day => vec!["date"],
        Aggregate::TopActors => vec!["actor"],
        Aggregate::TopPairs => vec!["source", "target"],
    };
    h.extend(["events", "mentions", "goldstein"]);
    h
}

/// One aggregate row as CSV, in the columns of [`agg_header`].
fn write_agg_csv(out: &mut impl Write, r: &AggRef<'_>) -> std::io::Result<()> {
    for code in [r.source, r.target, r.actor].into_iter().flatten() {
        write!(out, "{},", csv_field(code))?;
    }
    if let Some(d) = r.day {
        write!(out, "{d},")?;
    }
    writeln!(out, "{},{},{}", r.events, r.mentions, r.goldstein)
}

/// Aggregate rows as an aligned table.
fn write_aggs(out: &mut dyn Write, agg: Aggregate, rows: &[AggRow]) -> Result<()> {
    let header = agg_header(agg);
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            let mut c: Vec<String> = [&r.source, &r.target, &r.actor, &r.date]
                .into_iter()
                .flatten()
                .cloned()
                .collect();
            c.push(r.events.to_string());
            c.push(r.mentions.to_string());
            c.push(r.goldstein.to_string());
            c
        })
        .collect();
    write_cells(out, &header, &cells, false)
}

/// Runs `dyad export`.
pub fn run_export(args: ExportArgs) -> Result<()> {
    let store = Store::open_read_only(&args.db)
        .with_context(|| format!("cannot open {}", args.db.display()))?;
    let filter = args.filter.filter()?;
    let format = match args.format {
        ExportArg::Gdelt => ExportFormat::Gdelt,
        ExportArg::Polecat => ExportFormat::Polecat,
        ExportArg::Jsonl => ExportFormat::Jsonl,
        ExportArg::Parquet => ExportFormat::Parquet,
    };
    let n = match &args.output {
        Some(p) => {
            // Write next to the target and rename: a reader never sees half a file.
            let tmp = p.with_extension("partial");
            let f =
                File::create(&tmp).with_context(|| format!("cannot create {}", tmp.display()))?;
            let mut w = BufWriter::new(f);
            let n = store.export(format, &filter, &mut w)?;
            w.into_inner()
                .map_err(|e| e.into_error())
                .and_then(|f| f.sync_all().map(|_| f))
                .with_context(|| format!("cannot write {}", tmp.display()))?;
            std::fs::rename(&tmp, p).with_context(|| format!("cannot write {}", p.display()))?;
            n
        }
        None => {
            let stdout = std::io::stdout();
            if matches!(args.format, ExportArg::Parquet) && stdout.is_terminal() {
                bail!("Parquet is binary: give --output FILE or redirect stdout");
            }
            let mut w = BufWriter::new(stdout);
            let n = store.export(format, &filter, &mut w)?;
            w.flush()?;
            n
        }
    };
    eprintln!("dyad: exported {n} events");
    Ok(())
}
