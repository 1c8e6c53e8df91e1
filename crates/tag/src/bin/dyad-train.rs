//! Trains a dyad-tag model from UD CoNLL-U files.
//!
//! ```text
//! dyad-train --train TRAIN.conllu [--dev DEV.conllu] --out MODEL [--seed N]
//!            [--tagger-epochs N] [--parser-epochs N] [--folds N] [--threads N]
//!            [--explore-p P] [--explore-from EPOCH] [--min-count N] [--parser-min-count N]
//!            [--prune W] [--two-pass 0|1] [--reverse-first 0|1] [--parser-ensemble N]
//!            [--tagger-ensemble N]
//! ```
//!
//! Prints dev figures per epoch to stderr and keeps the best epoch on dev (dev is used
//! for model selection only). The shipped model: `--seed 1 --parser-ensemble 2`.

use std::path::PathBuf;
use std::process::ExitCode;

use dyad_tag::{train, TrainConfig};

fn usage() -> ExitCode {
    eprintln!(
        "usage: dyad-train --train TRAIN.conllu [--dev DEV.conllu] --out MODEL [--seed N] \
         [--tagger-epochs N] [--parser-epochs N] [--folds N] [--threads N] \
         [--explore-p P] [--explore-from EPOCH] [--min-count N] [--parser-min-count N] \
         [--prune W] [--two-pass 0|1] [--reverse-first 0|1] [--parser-ensemble N] [--tagger-ensemble N]"
    );
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let mut cfg = TrainConfig::default();
    let mut out: Option<PathBuf> = None;
    let mut have_train = false;
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--help" || a == "-h") {
        usage();
        return ExitCode::SUCCESS;
    }
    let mut i = 0;
    while i < args.len() {
        let Some(v) = args.get(i + 1) else {
            return usage();
        };
        let num = |v: &str| v.parse::<u64>().ok();
        match args[i].as_str() {
            "--train" => {
                cfg.train = PathBuf::from(v);
                have_train = true;
            }
            "--dev" => cfg.dev = Some(PathBuf::from(v)),
            "--out" => out = Some(PathBuf::from(v)),
            "--seed" => match num(v) {
                Some(n) => cfg.seed = n,
                None => return usage(),
            },
            "--tagger-epochs" => match num(v) {
                Some(n) => cfg.tagger_epochs = n as usize,
                None => return usage(),
            },
            "--parser-epochs" => match num(v) {
                Some(n) => cfg.parser_epochs = n as usize,
                None => return usage(),
            },
            "--folds" => match num(v) {
                Some(n) => cfg.folds = n as usize,
                None => return usage(),
            },
            "--threads" => match num(v) {
                Some(n) => cfg.threads = n as usize,
                None => return usage(),
            },
            "--min-count" => match num(v) {
                Some(n) => cfg.min_count = n as u32,
                None => return usage(),
            },
            "--parser-min-count" => match num(v) {
                Some(n) => cfg.parser_min_count = n as u32,
                None => return usage(),
            },
            "--prune" => match v.parse::<f32>() {
                Ok(p) => cfg.prune = p,
                Err(_) => return usage(),
            },
            "--two-pass" => cfg.two_pass = v == "1",
            "--tagger-ensemble" => match num(v) {
                Some(n) => cfg.tagger_ensemble = n as usize,
                None => return usage(),
            },
            "--parser-ensemble" => match num(v) {
                Some(n) => cfg.parser_ensemble = n as usize,
                None => return usage(),
            },
            "--reverse-first" => cfg.reverse_first = v == "1",
            "--explore-from" => match num(v) {
                Some(n) => cfg.explore_from = n as usize,
                None => return usage(),
            },
            "--explore-p" => match v.parse::<f64>() {
                Ok(p) => cfg.explore_p = p,
                Err(_) => return usage(),
            },
            _ => return usage(),
        }
        i += 2;
    }
    let (true, Some(out)) = (have_train, out) else {
        return usage();
    };
    let model = match train(&cfg) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("dyad-train: {e}");
            return ExitCode::FAILURE;
        }
    };
    let bytes = model.to_bytes();
    if let Err(e) = std::fs::write(&out, &bytes) {
        eprintln!("dyad-train: {}: {e}", out.display());
        return ExitCode::FAILURE;
    }
    eprintln!("wrote {} ({} bytes)", out.display(), bytes.len());
    ExitCode::SUCCESS
}
