//! The `dyad` command line: flags in, [`dyad::Pipeline`] runs, JSON lines out.
//!
//! ```text
//! dyad code [--date YYYY-MM-DD] [--output FILE] PATH...   # files or folders (recursive); - for stdin
//! dyad code --jsonl FILE [--output FILE]                  # FILE or -; one input object per line
//! dyad parse --conllu FILE                                # keep tokens; fill tags, heads, relations
//! dyad parse [FILE|-]                                     # raw text in, CoNLL-U out
//! ```

mod code_cmd;
mod inputs;
mod parse_cmd;

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
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Code(args) => code_cmd::run(args),
        Command::Parse(args) => parse_cmd::run(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("dyad: error: {e:#}");
            ExitCode::from(2)
        }
    }
}
