//! The `dyad` command line: flags in, [`dyad::Pipeline`] runs, JSON lines out.
//!
//! ```text
//! dyad code [--date YYYY-MM-DD] [--output FILE] PATH...   # files or folders (recursive); - for stdin
//! dyad code --jsonl FILE [--output FILE]                  # FILE or -; one input object per line
//! ```

mod code_cmd;
mod inputs;

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
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Code(args) => code_cmd::run(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("dyad: error: {e:#}");
            ExitCode::from(2)
        }
    }
}
