use std::collections::{HashMap, HashSet};

use dyad_types::CameoCode;

use crate::inflect::Irregulars;
use crate::{split_tabs, strip_comment, Codebook, DictError};

/// One word of a verb pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PatternWord {
    /// A lemma that must appear (any inflection).
    Word(String),
    /// Where the target actor sits (`*` in the source file).
    Slot,
}

/// A verb or noun pattern with its CAMEO code.
#[derive(Clone, Debug, PartialEq)]
pub struct VerbPattern {
    /// The event code it produces.
    pub code: CameoCode,
    /// The words; the first is the trigger.
    pub words: Vec<PatternWord>,
    /// Stable id: `verbs/FILE:CODE:PATTERN`.
    pub id: String,
    /// The subject undergoes the event; the actor after the pattern performs it.
    pub reverse: bool,
}

impl VerbPattern {
    /// The trigger lemma.
    pub fn trigger(&self) -> &str {
        match self.words.first() {
            Some(PatternWord::Word(w)) => w,
            _ => "",
        }
    }

    /// The pattern as written: its words joined by spaces, `*` for the slot.
    pub fn key(&self) -> String {
        self.words
            .iter()
            .map(|w| match w {
                PatternWord::Word(w) => w.as_str(),
                PatternWord::Slot => "*",
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Number of lexical words (slots not counted): longer patterns are more specific.
    pub fn specificity(&self) -> usize {
        self.words
            .iter()
            .filter(|w| matches!(w, PatternWord::Word(_)))
            .count()
    }
}

/// Builds a [`VerbLexicon`].
#[derive(Debug, Default)]
pub struct VerbLexiconBuilder {
    irregulars: Irregulars,
    patterns: Vec<VerbPattern>,
    seen: HashSet<(CameoCode, String)>,
}

impl VerbLexiconBuilder {
    /// Adds irregular verbs: `base past participle [3sg] [ing]` per line.
    ///
    /// # Errors
    /// A line with fewer than three fields.
    pub fn add_irregular(&mut self, file: &str, text: &str) -> Result<&mut Self, DictError> {
        for (i, raw) in text.lines().enumerate() {
            let line = strip_comment(raw);
            if line.trim().is_empty() {
                continue;
            }
            let f = split_tabs(line);
            if f.len() < 3 {
                return Err(DictError::new(
                    file,
                    i + 1,
                    "expected base, past, participle",
                ));
            }
            let base = f[0].to_lowercase();
            let rest: Vec<String> = f[1..].iter().map(|s| s.to_lowercase()).collect();
            let rest: Vec<&str> = rest.iter().map(String::as_str).collect();
            self.irregulars.add(&base, &rest);
        }
        Ok(self)
    }

    /// Adds `CODE PATTERN` lines. Codes must be in `codebook`.
    ///
    /// # Errors
    /// A malformed line, an unknown code or an empty pattern.
    pub fn add_patterns(
        &mut self,
        file: &str,
        text: &str,
        codebook: &Codebook,
    ) -> Result<&mut Self, DictError> {
        for (i, raw) in text.lines().enumerate() {
            let n = i + 1;
            let line = strip_comment(raw);
            if line.trim().is_empty() {
                continue;
            }
            let f = split_tabs(line);
            if f.len() < 2 {
                return Err(DictError::new(file, n, "expected CODE<TAB>PATTERN"));
            }
            let code: CameoCode = f[0]
                .parse()
                .map_err(|e| DictError::new(file, n, format!("{e}")))?;
            if !codebook.is_empty() && !codebook.contains(code) {
                return Err(DictError::new(
                    file,
                    n,
                    format!("code {code} is not in the codebook"),
                ));
            }
            let words: Vec<PatternWord> = f[1]
                .split_whitespace()
                .map(|w| match w {
                    "*" => PatternWord::Slot,
                    w => PatternWord::Word(w.to_lowercase()),
                })
                .collect();
            if !matches!(words.first(), Some(PatternWord::Word(_))) {
                return Err(DictError::new(file, n, "a pattern must start with a word"));
            }
            let key = f[1].to_lowercase();
            if !self.seen.insert((code, key.clone())) {
                continue;
            }
            let reverse = match f.get(2).copied() {
                None => false,
                Some("reverse") => true,
                Some(other) => {
                    return Err(DictError::new(file, n, format!("unknown flag {other:?}")));
                }
            };
            let id = format!("verbs/{file}:{code}:{key}");
            self.patterns.push(VerbPattern {
                code,
                words,
                id,
                reverse,
            });
        }
        Ok(self)
    }

    /// Adds irregular forms of one verb (any order; `/` separates alternatives).
    pub fn add_irregular_forms(&mut self, base: &str, forms: &[&str]) -> &mut Self {
        self.irregulars.add(base, forms);
        self
    }

    /// Adds one pattern built elsewhere (for loaders of other dictionary formats).
    /// Returns false, and adds nothing, when the same code and words are already
    /// present or the pattern does not start with a word.
    pub fn add_pattern(&mut self, pattern: VerbPattern) -> bool {
        if !matches!(pattern.words.first(), Some(PatternWord::Word(_))) {
            return false;
        }
        if !self.seen.insert((pattern.code, pattern.key())) {
            return false;
        }
        self.patterns.push(pattern);
        true
    }

    /// Number of patterns added so far.
    pub fn len(&self) -> usize {
        self.patterns.len()
    }

    /// True when no pattern has been added.
    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    /// Compiles the lexicon.
    pub fn build(self) -> VerbLexicon {
        let mut by_lemma: HashMap<String, Vec<u32>> = HashMap::new();
        let mut lemmas: HashSet<String> = HashSet::new();
        for (i, p) in self.patterns.iter().enumerate() {
            by_lemma
                .entry(p.trigger().to_string())
                .or_default()
                .push(i as u32);
            for w in &p.words {
                if let PatternWord::Word(w) = w {
                    lemmas.insert(w.clone());
                }
            }
        }
        // Lemmas in sorted order, so that a form shared by two lemmas lists them in the same
        // order on every run (callers take the first that fits; a hash order made the chosen
        // pattern vary between runs).
        let mut lemmas: Vec<String> = lemmas.into_iter().collect();
        lemmas.sort_unstable();
        let mut form_lemmas: HashMap<String, Vec<String>> = HashMap::new();
        for l in &lemmas {
            for f in self.irregulars.forms(l) {
                let e = form_lemmas.entry(f).or_default();
                if !e.contains(l) {
                    e.push(l.clone());
                }
            }
        }
        // Most specific patterns first, so callers can take the first that matches.
        for ids in by_lemma.values_mut() {
            ids.sort_by_key(|&i| std::cmp::Reverse(self.patterns[i as usize].specificity()));
        }
        VerbLexicon {
            patterns: self.patterns,
            by_lemma,
            form_lemmas,
        }
    }
}

/// Verb and noun patterns, indexed by trigger lemma and by surface form.
#[derive(Debug, Default)]
pub struct VerbLexicon {
    patterns: Vec<VerbPattern>,
    by_lemma: HashMap<String, Vec<u32>>,
    form_lemmas: HashMap<String, Vec<String>>,
}

impl VerbLexicon {
    /// A new builder.
    pub fn builder() -> VerbLexiconBuilder {
        VerbLexiconBuilder::default()
    }

    /// Pattern `i`.
    pub fn pattern(&self, i: u32) -> &VerbPattern {
        &self.patterns[i as usize]
    }

    /// Number of patterns.
    pub fn len(&self) -> usize {
        self.patterns.len()
    }

    /// True when there are no patterns.
    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    /// All patterns.
    pub fn patterns(&self) -> &[VerbPattern] {
        &self.patterns
    }

    /// Patterns whose trigger is `lemma`, most specific first.
    pub fn triggered_by(&self, lemma: &str) -> &[u32] {
        self.by_lemma.get(lemma).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The pattern lemmas that the lowercase surface form `form` can be an inflection of.
    pub fn lemmas_of(&self, form: &str) -> &[String] {
        self.form_lemmas.get(form).map(Vec::as_slice).unwrap_or(&[])
    }

    /// True when the lowercase `form` (or its parser `lemma`) realises pattern word `word`.
    pub fn word_matches(&self, form: &str, lemma: Option<&str>, word: &str) -> bool {
        form == word || lemma == Some(word) || self.lemmas_of(form).iter().any(|l| l == word)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_and_indexes_patterns() {
        let mut b = VerbLexicon::builder();
        b.add_irregular("irr", "meet\tmet\tmet\n").unwrap();
        b.add_patterns(
            "p",
            "040\tmeet\n046\tmeet with * on\n111\taccuse * of\n",
            &Codebook::default(),
        )
        .unwrap();
        let lex = b.build();
        assert_eq!(lex.len(), 3);
        let ids = lex.triggered_by("meet");
        assert_eq!(lex.pattern(ids[0]).code.as_str(), "046"); // most specific first
        assert!(lex.lemmas_of("met").iter().any(|l| l == "meet"));
        assert!(lex.word_matches("accused", None, "accuse"));
        assert!(!lex.word_matches("accord", None, "accuse"));
    }

    #[test]
    fn a_form_of_two_lemmas_lists_them_in_one_order() {
        // "meeting" inflects both "meet" and "meeting"; the coder takes the first lemma whose
        // pattern fits, so the order must not depend on a hash seed.
        let lists: Vec<Vec<String>> = (0..16)
            .map(|_| {
                let mut b = VerbLexicon::builder();
                b.add_patterns(
                    "p",
                    "040\tmeet with\n043\tmeeting with\n036\tmeetings with\n",
                    &Codebook::default(),
                )
                .unwrap();
                b.build().lemmas_of("meeting").to_vec()
            })
            .collect();
        assert!(lists[0].len() >= 2, "{:?}", lists[0]);
        assert!(lists[0].windows(2).all(|w| w[0] < w[1]), "{:?}", lists[0]);
        assert!(lists.iter().all(|l| l == &lists[0]));
    }

    #[test]
    fn rejects_bad_lines() {
        let mut b = VerbLexicon::builder();
        assert!(b
            .add_patterns("p", "99\tfoo\n", &Codebook::default())
            .is_err());
        assert!(b
            .add_patterns("p", "040\t* meet\n", &Codebook::default())
            .is_err());
        assert!(b.add_patterns("p", "040\n", &Codebook::default()).is_err());
        assert!(b
            .add_patterns("p", "040\tmeet\tsideways\n", &Codebook::default())
            .is_err());
        let mut b = VerbLexicon::builder();
        b.add_patterns(
            "p",
            "111\tface criticism from\treverse\n",
            &Codebook::default(),
        )
        .unwrap();
        assert!(b.build().patterns()[0].reverse);
    }
}
