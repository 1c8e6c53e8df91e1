//! Annotates a CoNLL-U file with a dyad-tag model, keeping its tokens.
//!
//! ```text
//! cargo run --release -p dyad-tag --example eval_conllu -- INPUT.conllu [--model MODEL] > OUT.conllu
//! python3 score_conllu.py INPUT.conllu OUT.conllu
//! ```
//! Without `--model` the embedded model is used. Prints tokens/s to stderr.

use std::process::ExitCode;
use std::time::Instant;

use dyad_tag::{try_annotate_conllu, Model};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (input, model_path) = match args.as_slice() {
        [i] => (i.clone(), None),
        [i, flag, m] if flag == "--model" => (i.clone(), Some(m.clone())),
        _ => {
            eprintln!("usage: eval_conllu INPUT.conllu [--model MODEL]");
            return ExitCode::from(2);
        }
    };
    let text = match std::fs::read_to_string(&input) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{input}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let t = Instant::now();
    let owned;
    let model: &Model = match model_path {
        Some(p) => {
            let bytes = match std::fs::read(&p) {
                Ok(b) => b,
                Err(e) => {
                    eprintln!("{p}: {e}");
                    return ExitCode::FAILURE;
                }
            };
            owned = match Model::from_bytes(&bytes) {
                Ok(m) => m,
                Err(e) => {
                    eprintln!("{p}: {e}");
                    return ExitCode::FAILURE;
                }
            };
            &owned
        }
        None => Model::embedded(),
    };
    eprintln!("model loaded in {:.3}s", t.elapsed().as_secs_f64());
    let t = Instant::now();
    let out = match try_annotate_conllu(model, &text) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("{input}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let secs = t.elapsed().as_secs_f64();
    let words = out
        .lines()
        .filter(|l| {
            l.split('\t')
                .next()
                .is_some_and(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()))
        })
        .count();
    eprintln!(
        "{words} words in {secs:.3}s ({:.0} tokens/s, one thread, including CoNLL-U I/O)",
        words as f64 / secs
    );
    print!("{out}");
    ExitCode::SUCCESS
}
