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

#[test]
fn ethnic_and_religious_groups_have_cameo_codes() {
    let d = Dictionaries::embedded();
    let entry = |text: &str| {
        let m = d.actors.find(text);
        assert_eq!(m.len(), 1, "{text}: {m:?}");
        d.actors
            .pick(&m[0].entries, dyad_dict::date_key("2023-09-05"))
            .unwrap()
            .clone()
    };
    // A group not tied to one country has its own principal; its entry id names the file,
    // which is how the coder composes "Iraqi Kurds" into IRQKUR.
    let kurds = entry("Kurds");
    assert_eq!(kurds.code.to_string(), "KUR");
    assert_eq!(kurds.kind, ActorKind::People);
    assert!(kurds.id.starts_with("groups.txt:"), "{}", kurds.id);
    assert_eq!(entry("Shiite").code.to_string(), "MOSSHI");
    assert_eq!(entry("Shiite").kind, ActorKind::Adjective);
    assert_eq!(entry("Tamils").code.to_string(), "TAM");
    assert_eq!(entry("ethnic Albanians").code.to_string(), "ABN");
    // A group of one country keeps that country first.
    assert_eq!(entry("Yoruba").code.principal(), "NGA");
    // Ambiguous words are left out: "Christian" is also a first name, "Tamil Nadu" a state.
    assert!(d
        .actors
        .find("Christian Lindner")
        .iter()
        .all(|m| m
            .entries
            .iter()
            .all(|&e| !d.actors.entries()[e as usize].id.starts_with("groups.txt:"))));
    assert!(d.actors.find("Tamil Nadu").is_empty());
}
