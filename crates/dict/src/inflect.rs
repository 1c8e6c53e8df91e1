//! English inflection: the surface forms a lemma can take.
//!
//! Verb patterns are written with lemmas ("meet"); before a parser supplies lemmas,
//! the coder matches surface forms, so every pattern word is expanded into its
//! regular verb and noun forms plus the irregular forms listed in
//! `data/verbs/irregular.txt`. Over-generation is harmless ("visitted" never occurs
//! in text), so both doubled and undoubled consonant forms are produced.

use std::collections::HashMap;

fn is_vowel(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u')
}

/// Regular forms of `w` as a verb and as a noun, including `w` itself.
pub fn regular_forms(w: &str) -> Vec<String> {
    let mut out = vec![w.to_string()];
    let b = w.as_bytes();
    let n = b.len();
    if n < 2 || !w.bytes().all(|c| c.is_ascii_alphabetic()) {
        return out;
    }
    let last = b[n - 1];
    let prev = b[n - 2];
    let stem = w.get(..n - 1).unwrap_or(w);
    if last == b'e' {
        out.push(format!("{w}s"));
        out.push(format!("{w}d"));
        if prev == b'e' || prev == b'y' || prev == b'o' {
            out.push(format!("{w}ing"));
        } else if prev == b'i' {
            // die → dying, tie → tying
            out.push(format!("{}ying", w.get(..n - 2).unwrap_or(w)));
        } else {
            out.push(format!("{stem}ing"));
        }
    } else if last == b'y' && !is_vowel(prev) {
        out.push(format!("{stem}ies"));
        out.push(format!("{stem}ied"));
        out.push(format!("{w}ing"));
    } else if matches!(last, b's' | b'x' | b'z') || w.ends_with("ch") || w.ends_with("sh") {
        out.push(format!("{w}es"));
        out.push(format!("{w}ed"));
        out.push(format!("{w}ing"));
        if last == b's' && n >= 3 && is_vowel(prev) && !is_vowel(b[n - 3]) {
            // focus → focussed; bus → bussed
            out.push(format!("{w}sed"));
            out.push(format!("{w}sing"));
        }
    } else {
        out.push(format!("{w}s"));
        out.push(format!("{w}ed"));
        out.push(format!("{w}ing"));
        let cvc = !is_vowel(last)
            && !matches!(last, b'w' | b'x' | b'y')
            && is_vowel(prev)
            && (n < 3 || !is_vowel(b[n - 3]));
        if cvc {
            let c = last as char;
            out.push(format!("{w}{c}ed"));
            out.push(format!("{w}{c}ing"));
        }
        if last == b'c' {
            // panic → panicked
            out.push(format!("{w}ked"));
            out.push(format!("{w}king"));
        }
    }
    if w.ends_with("man") {
        out.push(format!("{}men", w.get(..n - 3).unwrap_or(w)));
    }
    if w.ends_with("f") {
        out.push(format!("{stem}ves"));
    }
    if w.ends_with("fe") {
        out.push(format!("{}ves", w.get(..n - 2).unwrap_or(w)));
    }
    out
}

/// Irregular verb forms, from `base past participle [3sg] [ing]` lines.
#[derive(Clone, Debug, Default)]
pub struct Irregulars {
    forms: HashMap<String, Vec<String>>,
}

impl Irregulars {
    /// Adds a verb's irregular forms.
    pub fn add(&mut self, base: &str, forms: &[&str]) {
        let e = self.forms.entry(base.to_string()).or_default();
        for f in forms {
            for v in f.split('/') {
                let v = v.trim();
                if !v.is_empty() && !e.iter().any(|x| x == v) {
                    e.push(v.to_string());
                }
            }
        }
    }

    /// All forms of `lemma`: regular ones plus its irregular ones.
    pub fn forms(&self, lemma: &str) -> Vec<String> {
        let mut out = regular_forms(lemma);
        if let Some(extra) = self.forms.get(lemma) {
            for f in extra {
                if !out.contains(f) {
                    out.push(f.clone());
                }
                // "withdrawn" → also inflect nothing further; "fought" is final.
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn has(forms: &[String], f: &str) -> bool {
        forms.iter().any(|x| x == f)
    }

    #[test]
    fn regular_verbs() {
        let f = regular_forms("visit");
        assert!(has(&f, "visited") && has(&f, "visits") && has(&f, "visiting"));
        let f = regular_forms("stop");
        assert!(has(&f, "stopped") && has(&f, "stopping"));
        let f = regular_forms("agree");
        assert!(has(&f, "agreed") && has(&f, "agreeing") && has(&f, "agrees"));
        let f = regular_forms("supply");
        assert!(has(&f, "supplied") && has(&f, "supplies"));
        let f = regular_forms("urge");
        assert!(has(&f, "urged") && has(&f, "urging"));
        let f = regular_forms("accuse");
        assert!(has(&f, "accused") && has(&f, "accusing"));
        let f = regular_forms("impose");
        assert!(has(&f, "imposes"));
        let f = regular_forms("spokesman");
        assert!(has(&f, "spokesmen"));
    }

    #[test]
    fn irregulars_are_added() {
        let mut irr = Irregulars::default();
        irr.add("meet", &["met", "met"]);
        let f = irr.forms("meet");
        assert!(has(&f, "met") && has(&f, "meets") && has(&f, "meeting"));
        assert!(!has(&irr.forms("visit"), "met"));
    }
}
