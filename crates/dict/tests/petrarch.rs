//! Loads the public PETRARCH/Phoenix dictionaries from `../shared/data/petrarch/` when
//! they are present (they are never copied into the repository).

use std::path::{Path, PathBuf};

use dyad_dict::{date_key, load_petrarch_dir, Dictionaries, MergeMode};

fn shared(sub: &str) -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/petrarch")
        .join(sub);
    if p.is_dir() {
        Some(p)
    } else {
        println!("skipped: {} is not present", p.display());
        None
    }
}

fn codes(d: &Dictionaries, text: &str, date: &str) -> Vec<String> {
    let date = date_key(date);
    d.actors
        .find(text)
        .iter()
        .filter_map(|m| d.actors.pick(&m.entries, date))
        .map(|e| e.code.to_string())
        .collect()
}

#[test]
fn phoenix_dictionaries_load_and_code() {
    let Some(dir) = shared("dictionaries") else {
        return;
    };
    let p = load_petrarch_dir(&dir).unwrap();
    let file = |name: &str| p.files.iter().find(|f| f.file == name).unwrap();
    assert!(file("Phoenix.Countries.actors.txt").entries > 15_000);
    assert!(file("Phoenix.Countries.actors.txt").dated_codes > 20_000);
    assert!(file("Phoenix.International.actors.txt").entries > 7_000);
    assert!(file("Phoenix.MilNonState.actors.txt").entries > 900);
    assert!(file("Phoenix.agents.txt").entries > 2_000);
    assert!(file("Phoenix.discards.txt").entries > 400);
    assert!(file("CAMEO.2.0.txt").pattern_lines > 3_500);
    assert!(p.verb_patterns.len() > 50_000);
    assert!(p
        .ignored_files
        .iter()
        .any(|f| f == "Phoenix.IssueCoding.txt"));
    // Skips are the exception.
    assert!(p.skipped.len() < 1_000, "{:?}", p.skip_counts());

    let d = p.dictionaries(MergeMode::Replace).unwrap();
    // A dated US president: in office, before, after.
    assert_eq!(
        codes(&d, "President Barack Obama said", "2012-06-01"),
        ["USAGOV"]
    );
    assert_eq!(codes(&d, "George W. Bush said", "2005-03-01"), ["USAGOV"]);
    assert_eq!(codes(&d, "George W. Bush said", "2012-03-01"), ["USAELI"]);
    assert_eq!(codes(&d, "in Afghanistan", "2012-03-01"), ["AFG"]);
    assert_eq!(
        codes(&d, "the Afghan National Army", "2012-03-01"),
        ["AFGMIL"]
    );
    // Agents are roles; verbs carry CAMEO codes.
    assert!(d
        .actors
        .entries()
        .iter()
        .any(|e| e.code.as_str() == "---GOV" && e.name == "ambassador"));
    let ids = d.verbs.triggered_by("condemn");
    assert!(!ids.is_empty());
    assert!(ids
        .iter()
        .all(|&i| d.verbs.pattern(i).id.starts_with("petrarch/")));

    let merged = p.dictionaries(MergeMode::Merge).unwrap();
    assert!(merged.verbs.len() > d.verbs.len());
    assert!(merged.actors.len() > d.actors.len());
    assert!(merged
        .verbs
        .patterns()
        .iter()
        .any(|p| p.id.starts_with("verbs/")));
}

#[test]
fn validation_dictionaries_load() {
    let Some(dir) = shared("validate") else {
        return;
    };
    let p = load_petrarch_dir(&dir).unwrap();
    assert_eq!(p.files.len(), 4);
    assert!(p.actors.len() > 100);
    assert!(p.agents.len() > 80);
    assert!(!p.verb_patterns.is_empty());
    let d = Dictionaries::with_petrarch(&dir, MergeMode::Replace).unwrap();
    assert_eq!(codes(&d, "Israeli troops", "2010-01-01"), ["ISRMIL"]);
}

#[test]
fn missing_directory_is_an_error() {
    let err = load_petrarch_dir(Path::new("/nonexistent/petrarch")).unwrap_err();
    assert!(err.to_string().contains("/nonexistent/petrarch"));
}
