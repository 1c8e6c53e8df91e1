//! Runs the team's golden coding sentences in `testdata/coding/*.toml`.
//!
//! Each case names a sentence, its publication date and the events it must yield
//! (source and target code prefixes, a CAMEO root or code, optionally a modality).
//! Cases listed in `KNOWN_FAILURES` are reported but not asserted; every other case
//! must pass.

use std::path::PathBuf;

use dyad::types::record::EventRecord;
use dyad::{Input, Pipeline};
use serde::Deserialize;

/// Cases the coder does not get right yet, with the reason. Keep this list short.
const KNOWN_FAILURES: &[(&str, &str)] = &[];

#[derive(Debug, Deserialize)]
struct File {
    case: Vec<Case>,
}

#[derive(Debug, Deserialize)]
struct Case {
    name: String,
    text: String,
    date: Option<String>,
    #[serde(default)]
    events: Vec<Expected>,
    #[serde(default)]
    negated: Vec<Expected>,
    #[serde(default)]
    only: bool,
}

#[derive(Debug, Deserialize)]
struct Expected {
    #[serde(default)]
    source: String,
    #[serde(default)]
    target: String,
    root: Option<String>,
    code: Option<String>,
    modality: Option<String>,
}

fn actor_ok(want: &str, got: Option<&dyad::types::record::ActorRef>) -> bool {
    want.is_empty()
        || got
            .and_then(|a| a.code.as_deref())
            .is_some_and(|c| c.starts_with(want))
}

fn matches(x: &Expected, e: &EventRecord) -> bool {
    actor_ok(&x.source, e.source.as_ref())
        && actor_ok(&x.target, e.target.as_ref())
        && x.root
            .as_ref()
            .is_none_or(|r| e.code.starts_with(r.as_str()))
        && x.code
            .as_ref()
            .is_none_or(|c| e.code.starts_with(c.as_str()))
        && x.modality.as_ref().is_none_or(|m| &e.modality == m)
}

fn check(p: &Pipeline, c: &Case) -> Result<(), String> {
    let mut input = Input::text(c.name.clone(), c.text.clone());
    input.date = c.date.clone();
    let (rec, _) = p.process(&input);
    let show = || {
        rec.events
            .iter()
            .map(|e| {
                format!(
                    "{}->{} {} {}{}",
                    e.source
                        .as_ref()
                        .and_then(|a| a.code.clone())
                        .unwrap_or_default(),
                    e.target
                        .as_ref()
                        .and_then(|a| a.code.clone())
                        .unwrap_or_default(),
                    e.code,
                    e.modality,
                    e.trigger
                        .text
                        .as_ref()
                        .map(|t| format!(" [{t}]"))
                        .unwrap_or_default()
                )
            })
            .collect::<Vec<_>>()
            .join("; ")
    };
    let asserted: Vec<&EventRecord> = rec.events.iter().filter(|e| !e.negated).collect();
    let negated: Vec<&EventRecord> = rec.events.iter().filter(|e| e.negated).collect();
    for x in &c.events {
        if !asserted.iter().any(|e| matches(x, e)) {
            return Err(format!("missing {x:?}; got: {}", show()));
        }
    }
    for x in &c.negated {
        if !negated.iter().any(|e| matches(x, e)) {
            return Err(format!("missing negated {x:?}; got: {}", show()));
        }
    }
    // A negated event must not also be asserted.
    for x in &c.negated {
        if asserted.iter().any(|e| matches(x, e)) {
            return Err(format!("negated {x:?} was also asserted; got: {}", show()));
        }
    }
    // A case that lists no events at all expects none.
    let only = c.only || c.events.is_empty() && c.negated.is_empty();
    if only
        && asserted
            .iter()
            .any(|e| !c.events.iter().any(|x| matches(x, e)))
    {
        return Err(format!("unexpected events; got: {}", show()));
    }
    Ok(())
}

#[test]
fn golden_coding_sentences() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../testdata/coding");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("testdata/coding exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    let p = Pipeline::new();
    let (mut failed, mut total) = (Vec::new(), 0);
    for f in files {
        let file: File = toml::from_str(&std::fs::read_to_string(&f).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        for c in &file.case {
            total += 1;
            let known = KNOWN_FAILURES.iter().find(|(n, _)| *n == c.name);
            match (check(&p, c), known) {
                (Ok(()), Some(_)) => {
                    eprintln!("{}: passes now; remove it from KNOWN_FAILURES", c.name)
                }
                (Ok(()), None) => {}
                (Err(e), Some((_, why))) => eprintln!("{}: known failure ({why}): {e}", c.name),
                (Err(e), None) => failed.push(format!("{}: {e}", c.name)),
            }
        }
    }
    assert!(
        total >= 30,
        "expected at least 30 golden cases, found {total}"
    );
    assert!(
        failed.is_empty(),
        "{} of {total} golden cases failed:\n{}",
        failed.len(),
        failed.join("\n")
    );
}
