//! Writes a copy of the embedded model whose parser weights below a magnitude are dropped
//! (a smaller, faster parser; score it before shipping it).
//!
//! ```text
//! cargo run --release -p dyad-tag --example prune -- MIN_ABS OUT.dyadmodel
//! ```

use std::process::ExitCode;

use dyad_tag::Model;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [min_abs, out] = args.as_slice() else {
        eprintln!("usage: prune MIN_ABS OUT.dyadmodel");
        return ExitCode::from(2);
    };
    let Ok(min_abs) = min_abs.parse::<f32>() else {
        eprintln!("MIN_ABS must be a number");
        return ExitCode::from(2);
    };
    let mut model = Model::from_bytes(&Model::embedded().to_bytes()).expect("embedded model");
    let (feats, weights) = model.prune_parser(min_abs);
    eprintln!("parser after pruning |w| < {min_abs}: {feats} features, {weights} weights");
    if let Err(e) = std::fs::write(out, model.to_bytes()) {
        eprintln!("{out}: {e}");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
