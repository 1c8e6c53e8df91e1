//! The `dyad` command line: flags in, [`dyad::Pipeline`] runs, JSON lines out.
//!
//! ```text
//! dyad code [--date YYYY-MM-DD] [--output FILE] PATH...   # files or folders (recursive); - for stdin
//! dyad code --jsonl FILE [--output FILE]                  # FILE or -; one input object per line
//! dyad parse --conllu FILE                                # keep tokens; fill tags, heads, relations
//! dyad parse [FILE|-]                                     # raw text in, CoNLL-U out
//! dyad ingest PATH... --db FILE [--date D]                # code and store (idempotent)
//! dyad query --db FILE [filters] [--agg dyad-day|day|actors|pairs]
//! dyad export --db FILE --format gdelt|polecat|jsonl|parquet [--output F]
//! dyad watch DIR --db FILE                                # ingest pages as they land
//! dyad serve --db FILE [--bind 127.0.0.1:8080] [--token T] # JSON API + web page
//! ```

mod code_cmd;
mod inputs;
mod parse_cmd;
mod serve_cmd;
mod store_cmds;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// dyad: news in, who did what to whom out.
#[derive(Debug, Parser)]
#[command(name = "dyad", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Code news documents into events: one JSON record per document.
    Code(code_cmd::CodeArgs),
    /// Tag and parse: CoNLL-U in (keeping its tokens) or raw text in, CoNLL-U out.
    Parse(parse_cmd::ParseArgs),
    /// Code documents and store their events in a database (idempotent; see docs/store.md).
    Ingest(store_cmds::IngestArgs),
    /// Query stored events: filters, aggregates; a table on a terminal, JSONL when piped.
    Query(store_cmds::QueryArgs),
    /// Export stored events as GDELT 2.0 / POLECAT TSV, JSONL or Parquet.
    Export(store_cmds::ExportArgs),
    /// Watch a folder and ingest pages as they land (restart-safe).
    Watch(store_cmds::WatchArgs),
    /// Serve a JSON API and a web page over a store (loopback by default; see docs/serve.md).
    Serve(serve_cmd::ServeArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Code(args) => code_cmd::run(args),
        Command::Parse(args) => parse_cmd::run(args),
        Command::Ingest(args) => store_cmds::run_ingest(args),
        Command::Query(args) => store_cmds::run_query(args),
        Command::Export(args) => store_cmds::run_export(args),
        Command::Watch(args) => store_cmds::run_watch(args),
        Command::Serve(args) => serve_cmd::run(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("dyad: error: {e:#}");
            ExitCode::from(2)
        }
    }
}
