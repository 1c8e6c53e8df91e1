//! Measures `dyad-text` against UD English-EWT.
//!
//! ```text
//! cargo run --release -p dyad-text --example ewt_eval -- [FILE.conllu ...] [--errors]
//! ```
//!
//! Without files it reads EWT dev and test from `../shared/data/ud/` beside the
//! project, and exits with a message when that directory is absent (a fresh
//! clone has no `../shared`). It prints:
//!
//! * token precision/recall/F1: `tokenize` on each `# text =` line, scored by
//!   exact byte span against EWT's syntactic words (multi-word tokens such as
//!   `don't` give the words `do` `n't`, which is what `dyad-text` emits);
//! * sentence-boundary precision/recall on each document's `# text` lines
//!   joined (a) by single spaces and (b) with a blank line at each `# newpar`
//!   and spaces inside paragraphs; for (b) also on the boundaries inside
//!   paragraphs only.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use dyad_text::{segment, tokenize, Span};

struct Sent {
    text: String,
    newpar: bool,
    /// Gold word spans (byte offsets into `text`).
    words: Vec<(usize, usize)>,
    forms: Vec<String>,
}

struct Doc {
    sents: Vec<Sent>,
}

/// Finds `form` in `text` at or after `cur`, skipping spaces.
fn locate(text: &str, cur: usize, form: &str) -> Option<usize> {
    let rest = text.get(cur..)?;
    let skipped = rest.len() - rest.trim_start().len();
    if rest.get(skipped..)?.starts_with(form) {
        return Some(cur + skipped);
    }
    rest.find(form).map(|i| cur + i)
}

fn parse(path: &Path) -> Vec<Doc> {
    let data = std::fs::read_to_string(path).expect("read conllu");
    let mut docs: Vec<Doc> = Vec::new();
    let mut text = String::new();
    let mut newpar = false;
    let mut lines: Vec<Vec<String>> = Vec::new();
    let flush = |docs: &mut Vec<Doc>,
                 text: &mut String,
                 newpar: &mut bool,
                 lines: &mut Vec<Vec<String>>| {
        if lines.is_empty() {
            return;
        }
        let mut words = Vec::new();
        let mut forms = Vec::new();
        let mut cur = 0;
        let mut skip_until = 0usize;
        for cols in lines.iter() {
            let id = &cols[0];
            if id.contains('.') {
                continue;
            }
            if let Some((a, b)) = id.split_once('-') {
                let (a, b): (usize, usize) = (a.parse().unwrap(), b.parse().unwrap());
                skip_until = b;
                let surface = &cols[1];
                let Some(at) = locate(text, cur, surface) else {
                    continue;
                };
                cur = at + surface.len();
                // Words of the multi-word token, aligned inside the surface.
                let parts: Vec<&Vec<String>> = lines
                    .iter()
                    .filter(|c| c[0].parse::<usize>().is_ok_and(|n| n >= a && n <= b))
                    .collect();
                let mut off = at;
                for (k, p) in parts.iter().enumerate() {
                    let f = &p[1];
                    let end = if k + 1 == parts.len() {
                        at + surface.len()
                    } else {
                        let ok = text
                            .get(off..off + f.len())
                            .is_some_and(|s| s.eq_ignore_ascii_case(f));
                        if ok {
                            off + f.len()
                        } else {
                            at + surface.len()
                        }
                    };
                    words.push((off, end));
                    forms.push(f.clone());
                    off = end;
                }
                continue;
            }
            let n: usize = id.parse().unwrap();
            if n <= skip_until {
                continue;
            }
            let f = &cols[1];
            let Some(at) = locate(text, cur, f) else {
                continue;
            };
            cur = at + f.len();
            words.push((at, cur));
            forms.push(f.clone());
        }
        if let Some(d) = docs.last_mut() {
            d.sents.push(Sent {
                text: std::mem::take(text),
                newpar: *newpar,
                words,
                forms,
            });
        }
        *newpar = false;
        lines.clear();
    };
    for line in data.lines() {
        if let Some(rest) = line.strip_prefix("# newdoc") {
            let _ = rest;
            flush(&mut docs, &mut text, &mut newpar, &mut lines);
            docs.push(Doc { sents: Vec::new() });
        } else if line.starts_with("# newpar") {
            newpar = true;
        } else if let Some(t) = line.strip_prefix("# text = ") {
            text = t.to_string();
        } else if line.is_empty() {
            flush(&mut docs, &mut text, &mut newpar, &mut lines);
        } else if !line.starts_with('#') {
            lines.push(line.split('\t').map(str::to_string).collect());
        }
    }
    flush(&mut docs, &mut text, &mut newpar, &mut lines);
    docs
}

#[derive(Default)]
struct Prf {
    tp: usize,
    sys: usize,
    gold: usize,
}

impl Prf {
    fn line(&self, name: &str) -> String {
        let p = self.tp as f64 / self.sys.max(1) as f64;
        let r = self.tp as f64 / self.gold.max(1) as f64;
        let f = 2.0 * p * r / (p + r).max(f64::MIN_POSITIVE);
        format!(
            "{name:<44} P {p:.4}  R {r:.4}  F1 {f:.4}  (gold {}, system {})",
            self.gold, self.sys
        )
    }
}

fn boundaries(docs: &[Doc], paragraphs: bool, errors: bool) -> (Prf, Prf) {
    let mut all = Prf::default();
    let mut inner = Prf::default();
    for d in docs {
        let mut text = String::new();
        let mut gold = HashSet::new();
        let mut par_starts = HashSet::new();
        for (k, s) in d.sents.iter().enumerate() {
            if k > 0 {
                text.push_str(if paragraphs && s.newpar { "\n\n" } else { " " });
                gold.insert(text.len());
                if paragraphs && s.newpar {
                    par_starts.insert(text.len());
                }
            }
            text.push_str(&s.text);
        }
        let seg = segment(&text);
        let sys: HashSet<usize> = seg.sentences.iter().skip(1).map(|s| s.span.start).collect();
        let tp = sys.intersection(&gold).count();
        all.tp += tp;
        all.sys += sys.len();
        all.gold += gold.len();
        inner.tp += sys
            .intersection(&gold)
            .filter(|b| !par_starts.contains(b))
            .count();
        inner.sys += sys.iter().filter(|b| !par_starts.contains(b)).count();
        inner.gold += gold.iter().filter(|b| !par_starts.contains(b)).count();
        if errors && paragraphs {
            let ctx = |b: usize| {
                let lo = (b.saturating_sub(40)..=b)
                    .find(|&i| text.is_char_boundary(i))
                    .unwrap_or(b);
                let hi = (b..=(b + 40).min(text.len()))
                    .rev()
                    .find(|&i| text.is_char_boundary(i))
                    .unwrap_or(b);
                format!(
                    "{}|{}",
                    text.get(lo..b).unwrap_or(""),
                    text.get(b..hi).unwrap_or("")
                )
                .replace('\n', "¶")
            };
            let mut fp: Vec<_> = sys.difference(&gold).copied().collect();
            fp.sort();
            for b in fp {
                println!("FP-SENT  {}", ctx(b));
            }
            let mut fnn: Vec<_> = gold.difference(&sys).copied().collect();
            fnn.sort();
            for b in fnn {
                println!("FN-SENT  {}", ctx(b));
            }
        }
    }
    (all, inner)
}

fn tokens(docs: &[Doc], errors: bool) -> (Prf, usize, usize) {
    let mut prf = Prf::default();
    let (mut exact, mut n) = (0, 0);
    for s in docs.iter().flat_map(|d| &d.sents) {
        let sys: Vec<(usize, usize)> = tokenize(&s.text, Span::new(0, s.text.len()))
            .iter()
            .map(|t| (t.span.start, t.span.end))
            .collect();
        let sys_set: HashSet<_> = sys.iter().copied().collect();
        let gold_set: HashSet<_> = s.words.iter().copied().collect();
        let tp = sys_set.intersection(&gold_set).count();
        prf.tp += tp;
        prf.sys += sys_set.len();
        prf.gold += gold_set.len();
        n += 1;
        if tp == sys_set.len() && tp == gold_set.len() {
            exact += 1;
        } else if errors {
            let show = |v: &[(usize, usize)]| {
                v.iter()
                    .map(|&(a, b)| s.text.get(a..b).unwrap_or("?"))
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            let _ = &s.forms;
            println!("TOK-GOLD {}", show(&s.words));
            println!("TOK-SYS  {}", show(&sys));
        }
    }
    (prf, exact, n)
}

fn main() {
    let mut errors = false;
    let mut files: Vec<PathBuf> = Vec::new();
    for a in std::env::args().skip(1) {
        if a == "--errors" {
            errors = true;
        } else {
            files.push(a.into());
        }
    }
    if files.is_empty() {
        let ud = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/ud");
        if !ud.is_dir() {
            println!(
                "skipped: {} not found (EWT lives in ../shared beside the project)",
                ud.display()
            );
            return;
        }
        files = vec![
            ud.join("en_ewt-ud-dev.conllu"),
            ud.join("en_ewt-ud-test.conllu"),
        ];
    }
    for f in &files {
        let docs = parse(f);
        let nsent: usize = docs.iter().map(|d| d.sents.len()).sum();
        println!(
            "== {} ({} documents, {} sentences)",
            f.display(),
            docs.len(),
            nsent
        );
        let (tok, exact, n) = tokens(&docs, errors);
        println!("{}", tok.line("tokens (exact span)"));
        println!(
            "{:<44} {exact}/{n} = {:.4}",
            "sentences tokenized exactly",
            exact as f64 / n as f64
        );
        let (spaces, _) = boundaries(&docs, false, false);
        println!("{}", spaces.line("boundaries, joined by spaces"));
        let (paras, inner) = boundaries(&docs, true, errors);
        println!("{}", paras.line("boundaries, blank line at # newpar"));
        println!("{}", inner.line("  of which inside paragraphs"));
    }
}
