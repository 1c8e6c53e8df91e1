//! `dyad serve`: the JSON API and the web page over a store (`dyad-serve`).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{bail, Context, Result};
use clap::Args;

/// Arguments of `dyad serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The database file (must exist unless a token allows ingest).
    #[arg(long, value_name = "FILE")]
    db: PathBuf,
    /// Address to listen on. The default is loopback only; anything else exposes the data.
    #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:8080")]
    bind: SocketAddr,
    /// Bearer token that POST /api/ingest requires (without one the server is read-only).
    /// Visible to other local users in the process list: prefer --token-file.
    #[arg(long, value_name = "T", conflicts_with = "token_file")]
    token: Option<String>,
    /// Read the token from the first line of FILE.
    #[arg(long, value_name = "FILE")]
    token_file: Option<PathBuf>,
    /// Allow this origin to call the API from its pages (CORS); none by default.
    #[arg(long, value_name = "ORIGIN")]
    cors: Option<String>,
    /// Largest request body in bytes (413 beyond).
    #[arg(long, value_name = "BYTES", default_value_t = 8 << 20)]
    max_body: usize,
    /// Time limit of one request in milliseconds (503 beyond).
    #[arg(long, value_name = "MS", default_value_t = 10_000)]
    timeout_ms: u64,
    /// Read-only database connections.
    #[arg(long, default_value_t = 4)]
    readers: usize,
    /// Seconds between checks for changes made by other processes (dyad ingest, dyad watch).
    #[arg(long, value_name = "SECS", default_value_t = 2.0)]
    refresh: f64,
    /// Answers of the aggregate endpoints kept for repeated requests until the data change
    /// (0: no cache).
    #[arg(long, value_name = "N", default_value_t = 4096)]
    cache: usize,
    /// Runtime threads (default: all cores).
    #[arg(long, short = 'j')]
    threads: Option<usize>,
}

/// Runs `dyad serve` until Ctrl-C.
pub fn run(args: ServeArgs) -> Result<()> {
    let token = match (&args.token, &args.token_file) {
        (Some(t), _) => Some(t.trim().to_string()),
        (None, Some(f)) => {
            let s = std::fs::read_to_string(f)
                .with_context(|| format!("cannot read {}", f.display()))?;
            Some(s.lines().next().unwrap_or("").trim().to_string())
        }
        (None, None) => None,
    };
    if !(args.refresh.is_finite() && args.refresh > 0.0) {
        bail!("--refresh must be a positive number of seconds");
    }
    let mut config = dyad_serve::Config::new(&args.db);
    config.bind = args.bind;
    config.token = token;
    config.cors = args.cors;
    config.max_body = args.max_body;
    config.timeout = Duration::from_millis(args.timeout_ms.max(1));
    config.readers = args.readers;
    config.refresh = Duration::from_secs_f64(args.refresh);
    config.threads = args.threads;
    config.cache_entries = args.cache;
    if !config.bind.ip().is_loopback() {
        eprintln!(
            "dyad: warning: listening on {}, not loopback: anyone who can reach it reads the data",
            config.bind
        );
    }
    dyad_serve::run(config, |addr, summary| {
        eprintln!(
            "dyad: serving {} on http://{addr}/ ({summary})",
            args.db.display()
        );
    })
    .with_context(|| format!("cannot serve {}", args.db.display()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Debug, Parser)]
    struct Cli {
        #[command(flatten)]
        serve: ServeArgs,
    }

    fn args(extra: &[&str]) -> ServeArgs {
        let mut v = vec!["serve"];
        v.extend_from_slice(extra);
        Cli::try_parse_from(v).unwrap().serve
    }

    #[test]
    fn defaults_and_refusals() {
        let a = args(&["--db", "x.db"]);
        assert_eq!(a.bind.to_string(), "127.0.0.1:8080");
        assert!(a.token.is_none() && a.cors.is_none());
        assert!(
            Cli::try_parse_from(["serve", "--db", "x", "--token", "a", "--token-file", "f"])
                .is_err()
        );
        assert!(Cli::try_parse_from(["serve", "--db", "x", "--bind", "localhost"]).is_err());

        let dir = tempfile::tempdir().unwrap();
        // A read-only server needs an existing database.
        let missing = dir.path().join("missing.db");
        let e = run(args(&[
            "--db",
            missing.to_str().unwrap(),
            "--bind",
            "127.0.0.1:0",
        ]))
        .unwrap_err();
        assert!(format!("{e:#}").contains("no such database"), "{e:#}");
        // The token file's first line is the token; a short one is refused.
        let tf = dir.path().join("token");
        std::fs::write(&tf, "short\nrest\n").unwrap();
        let db = dir.path().join("new.db");
        let e = run(args(&[
            "--db",
            db.to_str().unwrap(),
            "--bind",
            "127.0.0.1:0",
            "--token-file",
            tf.to_str().unwrap(),
        ]))
        .unwrap_err();
        assert!(format!("{e:#}").contains("at least 8 characters"), "{e:#}");
        let e = run(args(&["--db", "x.db", "--refresh", "0"])).unwrap_err();
        assert!(e.to_string().contains("--refresh"));
    }
}
