//! dyad's dictionaries.
//!
//! The team's own dictionary files under `data/` (formats in `docs/FORMATS.md`) are
//! embedded in the binary with `include_str!` and compiled once, on first use, into
//! matchers:
//!
//! * [`Codebook`] — every CAMEO event code with its name, QuadClass, Goldstein value
//!   and PLOVER type/mode;
//! * [`ActorDictionary`] — countries (names, adjectives, demonyms, capitals, seats of
//!   power), organisations, role nouns and dated people, behind one
//!   Aho–Corasick automaton;
//! * [`VerbLexicon`] — verb and noun patterns with their CAMEO codes, matched on
//!   inflected forms.
//!
//! [`Dictionaries::embedded`] returns all three, built from the embedded files;
//! [`Dictionaries::with_petrarch`] adds (or substitutes) a user's PETRARCH/Phoenix
//! dictionaries read at run time ([`petrarch`]).
//!
//! ```
//! let d = dyad_dict::Dictionaries::embedded();
//! let code: dyad_types::CameoCode = "036".parse()?;
//! assert_eq!(d.codebook.get(code).map(|e| e.quad_class), Some(1));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]

mod actors;
mod codebook;
mod error;
pub mod inflect;
pub mod petrarch;
mod verbs;

use std::sync::OnceLock;

pub use actors::{
    date_key, ActorDictionary, ActorDictionaryBuilder, ActorEntry, ActorKind, DateKey, PhraseMatch,
};
pub use codebook::{Codebook, CodebookEntry};
pub use error::DictError;
pub use petrarch::{load_petrarch_dir, MergeMode, PetrarchDictionaries};
pub use verbs::VerbLexiconBuilder;
pub use verbs::{PatternWord, VerbLexicon, VerbPattern};

/// The embedded source files, by name.
pub mod sources {
    /// `data/actors/countries.txt`.
    pub const COUNTRIES: &str = include_str!("../../../data/actors/countries.txt");
    /// `data/actors/organizations.txt`.
    pub const ORGANIZATIONS: &str = include_str!("../../../data/actors/organizations.txt");
    /// `data/actors/roles.txt`.
    pub const ROLES: &str = include_str!("../../../data/actors/roles.txt");
    /// `data/actors/groups.txt`: ethnic and religious groups.
    pub const GROUPS: &str = include_str!("../../../data/actors/groups.txt");
    /// `data/actors/people.txt`.
    pub const PEOPLE: &str = include_str!("../../../data/actors/people.txt");
    /// `data/cameo/codebook.tsv`.
    pub const CODEBOOK: &str = include_str!("../../../data/cameo/codebook.tsv");
    /// `data/verbs/irregular.txt`.
    pub const IRREGULAR: &str = include_str!("../../../data/verbs/irregular.txt");
    /// `data/verbs/*.txt`, one file per CAMEO root: (file name, contents).
    pub const VERBS: &[(&str, &str)] = &[
        (
            "01_statement.txt",
            include_str!("../../../data/verbs/01_statement.txt"),
        ),
        (
            "02_appeal.txt",
            include_str!("../../../data/verbs/02_appeal.txt"),
        ),
        (
            "03_intent.txt",
            include_str!("../../../data/verbs/03_intent.txt"),
        ),
        (
            "04_consult.txt",
            include_str!("../../../data/verbs/04_consult.txt"),
        ),
        (
            "05_diplomatic.txt",
            include_str!("../../../data/verbs/05_diplomatic.txt"),
        ),
        (
            "06_material_coop.txt",
            include_str!("../../../data/verbs/06_material_coop.txt"),
        ),
        ("07_aid.txt", include_str!("../../../data/verbs/07_aid.txt")),
        (
            "08_yield.txt",
            include_str!("../../../data/verbs/08_yield.txt"),
        ),
        (
            "09_investigate.txt",
            include_str!("../../../data/verbs/09_investigate.txt"),
        ),
        (
            "10_demand.txt",
            include_str!("../../../data/verbs/10_demand.txt"),
        ),
        (
            "11_disapprove.txt",
            include_str!("../../../data/verbs/11_disapprove.txt"),
        ),
        (
            "12_reject.txt",
            include_str!("../../../data/verbs/12_reject.txt"),
        ),
        (
            "13_threaten.txt",
            include_str!("../../../data/verbs/13_threaten.txt"),
        ),
        (
            "14_protest.txt",
            include_str!("../../../data/verbs/14_protest.txt"),
        ),
        (
            "15_force_posture.txt",
            include_str!("../../../data/verbs/15_force_posture.txt"),
        ),
        (
            "16_reduce_relations.txt",
            include_str!("../../../data/verbs/16_reduce_relations.txt"),
        ),
        (
            "17_coerce.txt",
            include_str!("../../../data/verbs/17_coerce.txt"),
        ),
        (
            "18_assault.txt",
            include_str!("../../../data/verbs/18_assault.txt"),
        ),
        (
            "19_fight.txt",
            include_str!("../../../data/verbs/19_fight.txt"),
        ),
        (
            "20_mass_violence.txt",
            include_str!("../../../data/verbs/20_mass_violence.txt"),
        ),
    ];
}

/// All of dyad's dictionaries, compiled.
#[derive(Debug)]
pub struct Dictionaries {
    /// The CAMEO codebook.
    pub codebook: Codebook,
    /// Actor phrases.
    pub actors: ActorDictionary,
    /// Verb patterns.
    pub verbs: VerbLexicon,
}

impl Dictionaries {
    /// Compiles the embedded dictionary files.
    ///
    /// # Errors
    /// A [`DictError`] naming the file and line of the first malformed entry.
    pub fn from_embedded_sources() -> Result<Dictionaries, DictError> {
        let codebook = Codebook::parse("codebook.tsv", sources::CODEBOOK)?;
        let mut actors = ActorDictionary::builder();
        actors.add_countries("countries.txt", sources::COUNTRIES)?;
        actors.add_organizations("organizations.txt", sources::ORGANIZATIONS)?;
        actors.add_groups("groups.txt", sources::GROUPS)?;
        actors.add_roles("roles.txt", sources::ROLES)?;
        actors.add_people("people.txt", sources::PEOPLE)?;
        let actors = actors.build()?;
        let mut verbs = VerbLexicon::builder();
        verbs.add_irregular("irregular.txt", sources::IRREGULAR)?;
        for (name, text) in sources::VERBS {
            verbs.add_patterns(name, text, &codebook)?;
        }
        Ok(Dictionaries {
            codebook,
            actors,
            verbs: verbs.build(),
        })
    }

    /// The embedded dictionaries, compiled on first use.
    ///
    /// # Panics
    /// If the embedded files are malformed — the crate's tests make sure they are not.
    pub fn embedded() -> &'static Dictionaries {
        static CELL: OnceLock<Dictionaries> = OnceLock::new();
        CELL.get_or_init(|| {
            Dictionaries::from_embedded_sources().expect("embedded dictionaries are valid")
        })
    }
}

/// Splits a line into its content, dropping a `#` comment.
pub(crate) fn strip_comment(line: &str) -> &str {
    match line.find('#') {
        Some(i) => line.get(..i).unwrap_or(line),
        None => line,
    }
}

/// Splits a ` | `-separated list into trimmed, non-empty items.
pub(crate) fn split_list(s: &str) -> impl Iterator<Item = &str> {
    s.split('|').map(str::trim).filter(|x| !x.is_empty())
}

/// Splits a line on runs of TABs.
pub(crate) fn split_tabs(s: &str) -> Vec<&str> {
    s.split('\t')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .collect()
}
