//! The interface between dyad's linguistic models and the stages that use them.
//!
//! A [`Tagger`] gives each word of a sentence a universal POS tag ([`Upos`]), a PTB tag
//! and a lemma; a [`Parser`] gives each word its head and dependency relation. Stages
//! such as the event coder depend on these traits only, so they can be tested with a
//! fake tagger and run with whichever model is loaded.

/// Universal POS tags (UD v2).
#[allow(missing_docs)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Upos {
    Adj,
    Adp,
    Adv,
    Aux,
    Cconj,
    Det,
    Intj,
    Noun,
    Num,
    Part,
    Pron,
    Propn,
    Punct,
    Sconj,
    Sym,
    Verb,
    X,
}

impl Upos {
    /// Every tag, in a fixed order (the order of the enum).
    pub const ALL: [Upos; 17] = [
        Upos::Adj,
        Upos::Adp,
        Upos::Adv,
        Upos::Aux,
        Upos::Cconj,
        Upos::Det,
        Upos::Intj,
        Upos::Noun,
        Upos::Num,
        Upos::Part,
        Upos::Pron,
        Upos::Propn,
        Upos::Punct,
        Upos::Sconj,
        Upos::Sym,
        Upos::Verb,
        Upos::X,
    ];

    /// The tag as written in CoNLL-U (`"PROPN"`).
    pub fn as_str(&self) -> &'static str {
        match self {
            Upos::Adj => "ADJ",
            Upos::Adp => "ADP",
            Upos::Adv => "ADV",
            Upos::Aux => "AUX",
            Upos::Cconj => "CCONJ",
            Upos::Det => "DET",
            Upos::Intj => "INTJ",
            Upos::Noun => "NOUN",
            Upos::Num => "NUM",
            Upos::Part => "PART",
            Upos::Pron => "PRON",
            Upos::Propn => "PROPN",
            Upos::Punct => "PUNCT",
            Upos::Sconj => "SCONJ",
            Upos::Sym => "SYM",
            Upos::Verb => "VERB",
            Upos::X => "X",
        }
    }

    /// Parses a CoNLL-U tag.
    pub fn parse(s: &str) -> Option<Upos> {
        Upos::ALL.iter().copied().find(|u| u.as_str() == s)
    }
}

/// What a tagger says about one word.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PosTag {
    /// Universal POS tag.
    pub upos: Upos,
    /// Penn Treebank tag (`"VBD"`). Tag names are interned by the tagger (a model has a
    /// few dozen), so they cost no allocation per word.
    pub xpos: &'static str,
    /// Lemma (`"meet"` for "met").
    pub lemma: String,
}

/// What a parser says about one word.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dependency {
    /// 1-based index of the head word; 0 for the root.
    pub head: usize,
    /// UD relation (`"nsubj"`, `"obl:tmod"`), interned like [`PosTag::xpos`].
    pub deprel: &'static str,
}

/// Assigns POS tags and lemmas to the words of one sentence.
pub trait Tagger: Send + Sync {
    /// One [`PosTag`] per word, in order.
    fn tag(&self, words: &[&str]) -> Vec<PosTag>;
}

/// Assigns heads and relations to the words of one tagged sentence.
pub trait Parser: Send + Sync {
    /// One [`Dependency`] per word, in order. `tags` has one entry per word.
    fn parse(&self, words: &[&str], tags: &[PosTag]) -> Vec<Dependency>;
}
