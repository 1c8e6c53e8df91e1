//! `dyad code`.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::Args;
use dyad::dict::{Dictionaries, MergeMode};
use dyad::types::record::DocumentRecord;
use dyad::{Analysis, DocStats, Input, Pipeline, RunStats};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

use crate::inputs::{
    batches, date_arg, expand_paths, jsonl_inputs, open_jsonl, path_size, read_path, set_threads,
    InputArgs, Unreadable, MAX_JSONL_LINE_BYTES,
};

/// Arguments of `dyad code`.
#[derive(Debug, Args)]
pub struct CodeArgs {
    #[command(flatten)]
    input: InputArgs,
    /// Write records to FILE instead of stdout.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Linguistic analysis for the coder: `full` (tags and parse), `tags` (roles from
    /// positions) or `none` (no model). For measuring what each layer adds.
    #[arg(long, value_enum, default_value = "full")]
    analysis: AnalysisArg,
    /// Also read PETRARCH/Phoenix dictionaries (actors, agents, CAMEO verbs) from DIR.
    #[arg(long, value_name = "DIR")]
    dictionaries: Option<PathBuf>,
    /// With --dictionaries: `merge` them with ours (ours win ties) or `replace` ours.
    #[arg(long, value_enum, default_value = "merge", requires = "dictionaries")]
    dictionaries_mode: DictMode,
    /// Print a readable account of each event (sentence, actors, trigger, and the
    /// dictionary entries and rules behind every code) instead of JSON.
    #[arg(long)]
    explain: bool,
}

/// A readable account of one record's events.
fn explain(rec: &DocumentRecord) -> String {
    use std::fmt::Write as _;
    let mut s = String::new();
    let _ = writeln!(s, "== {}", rec.id);
    if let Some(e) = &rec.error {
        let _ = writeln!(s, "   error: {e}\n");
        return s;
    }
    let chars: Vec<char> = rec.text.chars().collect();
    let slice = |a: usize, b: usize| {
        chars
            .get(a..b.min(chars.len()))
            .map(|c| c.iter().collect::<String>())
            .unwrap_or_default()
    };
    let actor = |a: &Option<dyad::types::record::ActorRef>| match a {
        Some(a) => format!(
            "{} \"{}\" [{}]",
            a.code.as_deref().unwrap_or("?"),
            match (a.start, a.end) {
                (Some(x), Some(y)) => slice(x, y),
                _ => a.name.clone().unwrap_or_default(),
            },
            a.rule.as_deref().unwrap_or("")
        ),
        None => "-".to_string(),
    };
    for e in &rec.events {
        let _ = writeln!(
            s,
            "-- sentence {}: {}",
            e.sentence,
            slice(e.evidence.start, e.evidence.end).trim()
        );
        let _ = writeln!(
            s,
            "   event  {} (QuadClass {}, Goldstein {:+.1}{}) {}{}",
            e.code,
            e.quad_class,
            e.goldstein,
            e.plover
                .as_ref()
                .map(|p| format!(", PLOVER {p}"))
                .unwrap_or_default(),
            e.modality,
            if e.negated && e.modality != "negated" {
                " (not asserted)"
            } else {
                ""
            }
        );
        let _ = writeln!(
            s,
            "   trigger \"{}\" [{}]",
            e.trigger.text.as_deref().unwrap_or(""),
            e.rule
        );
        let _ = writeln!(s, "   source {}", actor(&e.source));
        let _ = writeln!(s, "   target {}", actor(&e.target));
        if let Some(a) = &e.attribution {
            let _ = writeln!(
                s,
                "   says   {} ({})",
                a.name.as_deref().unwrap_or(""),
                a.code.as_deref().unwrap_or("unknown")
            );
        }
        if let Some(d) = &e.date {
            let _ = writeln!(s, "   when   {}", d.value);
        }
        if let Some(l) = &e.location {
            let _ = writeln!(
                s,
                "   where  {} ({})",
                l.name,
                l.country.as_deref().unwrap_or("?")
            );
        }
    }
    s.push('\n');
    s
}

/// `--dictionaries-mode` values.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum DictMode {
    /// Ours and theirs; ours win ties.
    Merge,
    /// Theirs instead of ours, part by part.
    Replace,
}

/// `--analysis` values.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum AnalysisArg {
    /// Tags and dependency parse.
    Full,
    /// Tags only.
    Tags,
    /// No tagger or parser.
    None,
}

/// How many documents are read and processed before their records are written.
const BATCH: usize = 64;

/// A batch is also cut when its inputs (JSONL lines, files) reach this many bytes, so that a
/// run of large documents is not held 64 at a time (each is at most
/// [`MAX_JSONL_LINE_BYTES`] long).
pub(crate) const BATCH_BYTES: usize = 32 * 1024 * 1024;

pub(crate) type Job = Result<Input, Unreadable>;

/// The record of one job: the pipeline's (a panic costs this document only, see
/// [`Pipeline::process_guarded`]), or an error record for an input that could not be read.
pub(crate) fn process(pipeline: &Pipeline, job: Job) -> (DocumentRecord, DocStats) {
    match job {
        Ok(input) => pipeline.process_guarded(&input),
        Err(u) => unreadable(u),
    }
}

/// The error record of an unreadable input; its stats name the kind of failure (the error
/// without line numbers and figures).
fn unreadable(u: Unreadable) -> (DocumentRecord, DocStats) {
    let kind: String = u
        .error
        .split(':')
        .map(str::trim)
        .find(|p| !p.starts_with("line "))
        .unwrap_or("unreadable")
        .split_whitespace()
        .take_while(|w| !w.chars().any(|c| c.is_ascii_digit()))
        .collect::<Vec<_>>()
        .join(" ");
    (
        DocumentRecord::failed(u.id, u.error),
        DocStats {
            failure: Some(kind),
            ..DocStats::default()
        },
    )
}

/// Runs `dyad code`.
pub fn run(args: CodeArgs) -> Result<()> {
    let date = date_arg(&args.input.date)?;
    set_threads(args.input.threads)?;
    let out: Box<dyn Write> = match &args.output {
        Some(p) => {
            Box::new(File::create(p).with_context(|| format!("cannot create {}", p.display()))?)
        }
        None => Box::new(std::io::stdout().lock()),
    };
    let mut out = BufWriter::new(out);
    let mut pipeline = Pipeline::new().with_analysis(match args.analysis {
        AnalysisArg::Full => Analysis::Full,
        AnalysisArg::Tags => Analysis::Tags,
        AnalysisArg::None => Analysis::None,
    });
    if let Some(dir) = &args.dictionaries {
        let mode = match args.dictionaries_mode {
            DictMode::Merge => MergeMode::Merge,
            DictMode::Replace => MergeMode::Replace,
        };
        let dicts = Dictionaries::with_petrarch(dir, mode)
            .with_context(|| format!("cannot load dictionaries from {}", dir.display()))?;
        // Lives for the whole run.
        pipeline = pipeline.with_dictionaries(Box::leak(Box::new(dicts)));
    }
    let mut stats = RunStats::default();
    let bar = ProgressBar::new_spinner();
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} {pos} documents ({per_sec}) {elapsed_precise} {msg}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );

    let flush = |batch: Vec<Job>,
                 stats: &mut RunStats,
                 out: &mut BufWriter<Box<dyn Write>>|
     -> Result<()> {
        let results: Vec<(DocumentRecord, DocStats)> = batch
            .into_par_iter()
            .map(|job| process(&pipeline, job))
            .collect();
        for (rec, st) in results {
            if args.explain {
                out.write_all(explain(&rec).as_bytes())
                    .context("cannot write output")?;
            } else {
                serde_json::to_writer(&mut *out, &rec).context("cannot write output")?;
                out.write_all(b"\n").context("cannot write output")?;
            }
            stats.add(&st);
            bar.inc(1);
        }
        Ok(())
    };

    if let Some(src) = &args.input.jsonl {
        let reader = open_jsonl(src)?;
        let lines = jsonl_inputs(reader, MAX_JSONL_LINE_BYTES, date.as_deref());
        for batch in batches(lines, BATCH, BATCH_BYTES, |j| j.bytes) {
            let jobs = batch.into_iter().map(|j| j.job).collect();
            flush(jobs, &mut stats, &mut out)?;
        }
    } else {
        let paths = expand_paths(&args.input.paths);
        bar.set_length(paths.len() as u64);
        for batch in batches(paths, BATCH, BATCH_BYTES, path_size) {
            let jobs: Vec<Job> = batch
                .into_par_iter()
                .map(|p| p.and_then(|p| read_path(&p, date.as_deref())))
                .collect();
            flush(jobs, &mut stats, &mut out)?;
        }
    }
    out.flush().context("cannot write output")?;
    bar.finish_and_clear();
    eprint!("{}", stats.summary());
    Ok(())
}
