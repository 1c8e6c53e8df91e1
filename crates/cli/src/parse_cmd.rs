//! `dyad parse`: the linguistic layer on its own (tokens, POS tags, lemmas, dependencies).

use std::io::{Read, Write};
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::Args;
use dyad::tag::conllu::{self, Line, Sentence, Word};
use dyad::tag::Model;

/// Arguments of `dyad parse`.
#[derive(Debug, Args)]
pub struct ParseArgs {
    /// Keep the tokens of this CoNLL-U file and fill in lemma, UPOS, XPOS, HEAD and DEPREL.
    #[arg(long, value_name = "FILE", conflicts_with = "input")]
    conllu: Option<PathBuf>,
    /// Raw text to split, tokenize, tag and parse (`-` or nothing for stdin).
    #[arg(value_name = "FILE")]
    input: Option<PathBuf>,
    /// Worker threads (default: all cores).
    #[arg(long, short = 'j')]
    threads: Option<usize>,
}

/// Sentences per parallel work unit.
const CHUNK: usize = 256;

/// Annotates CoNLL-U in parallel chunks of whole sentences; the output is the same as
/// annotating it in one piece.
fn annotate_parallel(model: &Model, text: &str) -> Result<String> {
    use rayon::prelude::*;
    let mut blocks: Vec<&str> = Vec::new();
    let mut start = 0;
    let mut count = 0;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i + 1 < bytes.len() {
        if bytes[i] == b'\n' && bytes[i + 1] == b'\n' {
            count += 1;
            if count == CHUNK {
                blocks.push(text.get(start..i + 2).unwrap_or(""));
                start = i + 2;
                count = 0;
            }
            i += 2;
            continue;
        }
        i += 1;
    }
    if start < text.len() {
        blocks.push(text.get(start..).unwrap_or(""));
    }
    let parts: Vec<Result<String, String>> = blocks
        .par_iter()
        .map(|b| dyad::tag::try_annotate_conllu(model, b).map_err(|e| e.to_string()))
        .collect();
    let mut out = String::with_capacity(text.len() * 2);
    for p in parts {
        out.push_str(&p.map_err(|e| anyhow::anyhow!(e))?);
    }
    Ok(out)
}

fn read_input(path: Option<&PathBuf>) -> Result<String> {
    let mut s = String::new();
    match path {
        Some(p) if p.as_os_str() != "-" => {
            s = std::fs::read_to_string(p)
                .with_context(|| format!("cannot read {}", p.display()))?
        }
        _ => {
            std::io::stdin()
                .read_to_string(&mut s)
                .context("cannot read stdin")?;
        }
    }
    Ok(s)
}

/// Runs `dyad parse`.
pub fn run(args: ParseArgs) -> Result<()> {
    crate::inputs::set_threads(args.threads)?;
    let model = Model::embedded();
    let out = match &args.conllu {
        Some(p) => {
            let text = read_input(Some(p))?;
            annotate_parallel(model, &text).with_context(|| p.display().to_string())?
        }
        None => raw_text_to_conllu(model, &read_input(args.input.as_ref())?),
    };
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(out.as_bytes())
        .context("cannot write output")?;
    Ok(())
}

/// Splits, tokenizes and analyses raw text into CoNLL-U.
pub fn raw_text_to_conllu(model: &Model, text: &str) -> String {
    let seg = dyad::text::segment(text);
    let mut sentences = Vec::with_capacity(seg.sentences.len());
    for (n, s) in seg.sentences.iter().enumerate() {
        let toks = &seg.tokens[s.first_token..s.end_token];
        if toks.is_empty() {
            continue;
        }
        let words: Vec<&str> = toks.iter().map(|t| t.form.as_str()).collect();
        let (tags, deps) = model.analyze(&words);
        let mut lines = Vec::with_capacity(toks.len());
        for (i, t) in toks.iter().enumerate() {
            let glued = toks
                .get(i + 1)
                .is_some_and(|next| next.span.start == t.span.end);
            lines.push(Line::Word(Word {
                id: i + 1,
                form: t.form.replace(['\t', '\n', '\r'], " "),
                lemma: tags[i].lemma.clone(),
                upos: tags[i].upos.as_str().to_string(),
                xpos: tags[i].xpos.to_string(),
                feats: "_".into(),
                head: deps[i].head.to_string(),
                deprel: deps[i].deprel.to_string(),
                deps: "_".into(),
                misc: if glued {
                    "SpaceAfter=No".into()
                } else {
                    "_".into()
                },
            }));
        }
        let sent_text = s
            .span
            .slice(text)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        sentences.push(Sentence {
            comments: vec![
                format!("# sent_id = {}", n + 1),
                format!("# text = {sent_text}"),
            ],
            lines,
        });
    }
    conllu::write(&sentences)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A deterministic stream of awkward strings: mixed scripts, quotes, dashes, control
    /// characters, lone combining marks, emoji and long runs without spaces.
    fn awkward_strings(n: usize) -> Vec<String> {
        let pieces = [
            "Russia",
            "U.S.",
            "n't",
            "'s",
            "\u{201c}",
            "\u{201d}",
            "--",
            "\u{2014}",
            "-",
            ".",
            "...",
            "?!",
            " ",
            "  ",
            "\n",
            "\n\n",
            "\t",
            "\r\n",
            "\u{0301}",
            "\u{200b}",
            "\u{feff}",
            "日本",
            "Москва",
            "عربي",
            "🙂",
            "a",
            "1,000",
            "3.5",
            "http://x.y/z?a=b",
            "e-mail",
            "\u{0000}",
            "(",
            ")",
            "\"",
            "'",
            "Mr.",
            "Sept.",
            "KYIV, May 6 (Wire) -",
        ];
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        (0..n)
            .map(|_| {
                let mut s = String::new();
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                let len = (x % 40) as usize;
                for _ in 0..len {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    s.push_str(pieces[(x % pieces.len() as u64) as usize]);
                }
                s
            })
            .collect()
    }

    /// Raw-text mode runs on any UTF-8 without a panic, and every word line it writes is a
    /// well-formed CoNLL-U line whose head points inside its sentence.
    #[test]
    fn raw_text_mode_survives_any_utf8() {
        let model = Model::embedded();
        for text in awkward_strings(1500) {
            let out = raw_text_to_conllu(model, &text);
            let sentences = conllu::read(&out).unwrap_or_else(|e| panic!("{text:?}: {e}"));
            for s in &sentences {
                let n = s.words().count();
                for w in s.words() {
                    let h = w
                        .head_index()
                        .unwrap_or_else(|| panic!("{text:?}: head {:?}", w.head));
                    assert!(h <= n, "{text:?}: head {h} of {n}");
                    assert!(
                        !w.form.is_empty() && !w.form.contains('\t'),
                        "{text:?}: form {:?}",
                        w.form
                    );
                }
            }
        }
    }
}
