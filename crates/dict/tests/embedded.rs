//! The dictionaries the binary embeds: they compile, and they hold what issue 2 promises.

use std::collections::HashSet;

use dyad_dict::{ActorKind, Dictionaries};

#[test]
fn embedded_dictionaries_compile_and_are_complete() {
    let d = Dictionaries::from_embedded_sources().expect("embedded dictionaries are valid");
    // Every CAMEO code, with QuadClass from its root.
    assert!(
        d.codebook.len() >= 300,
        "codebook has {} codes",
        d.codebook.len()
    );
    for e in d.codebook.iter() {
        let want = match e.code.root() {
            1..=5 => 1,
            6..=9 => 2,
            10..=14 => 3,
            _ => 4,
        };
        assert_eq!(e.quad_class, want, "quad class of {}", e.code);
    }
    // Verb patterns for all 20 roots.
    let roots: HashSet<u8> = d.verbs.patterns().iter().map(|p| p.code.root()).collect();
    assert_eq!(roots.len(), 20, "roots covered: {roots:?}");
    assert!(d.verbs.len() >= 2000, "{} patterns", d.verbs.len());
    // Countries, organisations, roles and people.
    let count = |k: ActorKind| {
        d.actors
            .entries()
            .iter()
            .filter(|e| e.kind == k)
            .map(|e| e.code.principal().to_string())
            .collect::<HashSet<_>>()
            .len()
    };
    assert!(
        count(ActorKind::Country) >= 250,
        "{} countries",
        count(ActorKind::Country)
    );
    let orgs = d
        .actors
        .entries()
        .iter()
        .filter(|e| e.kind == ActorKind::Organization)
        .count();
    assert!(orgs >= 80, "{orgs} organisations");
    let roles = d
        .actors
        .entries()
        .iter()
        .filter(|e| e.kind == ActorKind::Role)
        .count();
    assert!(roles >= 300, "{roles} role nouns");
    assert!(
        count(ActorKind::Person) >= 60,
        "people from {} countries",
        count(ActorKind::Person)
    );
}

#[test]
fn metonyms_and_demonyms_resolve() {
    let d = Dictionaries::embedded();
    let code_of = |text: &str| {
        let m = d.actors.find(text);
        assert_eq!(m.len(), 1, "{text}: {m:?}");
        d.actors
            .pick(&m[0].entries, dyad_dict::date_key("2023-09-05"))
            .unwrap()
            .code
            .to_string()
    };
    assert_eq!(code_of("the Kremlin"), "RUSGOV");
    assert_eq!(code_of("the White House"), "USAGOV");
    assert_eq!(code_of("Pyongyang"), "PRKGOV");
    assert_eq!(code_of("DPRK"), "PRK");
    assert_eq!(code_of("North Korean"), "PRK");
    assert_eq!(code_of("NATO"), "IGOWSTNAT");
    assert_eq!(code_of("Vladimir Putin"), "RUSGOV");
    // "us" the pronoun is not the United States.
    assert!(d.actors.find("let us go").is_empty());
}
