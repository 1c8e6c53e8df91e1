//! Lemmatizer: an exception table of (form, XPOS) seen in training plus suffix rules
//! learned from training for unseen forms.

use std::collections::HashMap;

use crate::hash::{feat, hash_lower, hash_str, IdentityBuild};
use crate::io::{Reader, Writer};
use crate::ModelError;

/// Edit that turns a form into its lemma.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct Rule {
    lower: bool,
    strip: u8,
    append: String,
}

impl Rule {
    fn derive(form: &str, lemma: &str) -> Rule {
        let cand = |lower: bool| {
            let f = if lower {
                form.to_lowercase()
            } else {
                form.to_string()
            };
            let fc: Vec<char> = f.chars().collect();
            let lc: Vec<char> = lemma.chars().collect();
            let p = fc.iter().zip(&lc).take_while(|(a, b)| a == b).count();
            Rule {
                lower,
                strip: (fc.len() - p).min(255) as u8,
                append: lc[p..].iter().collect(),
            }
        };
        let a = cand(false);
        let b = cand(true);
        if b.strip < a.strip {
            b
        } else {
            a
        }
    }

    fn apply(&self, form: &str) -> String {
        let f = if self.lower {
            form.to_lowercase()
        } else {
            form.to_string()
        };
        let n = f.chars().count();
        if (self.strip as usize) > n {
            return form.to_string();
        }
        let keep = n - self.strip as usize;
        let end = f.char_indices().nth(keep).map_or(f.len(), |(i, _)| i);
        let mut s = f.get(..end).unwrap_or("").to_string();
        s.push_str(&self.append);
        if s.is_empty() {
            form.to_string()
        } else {
            s
        }
    }
}

const MAX_SUFFIX: usize = 6;

/// The lemmatizer.
pub struct Lemmatizer {
    rules: Vec<Rule>,
    /// (form or lowercase form, XPOS) → rule.
    table: HashMap<u64, u16, IdentityBuild>,
    /// (lowercase suffix, length, XPOS) → rule.
    suffixes: HashMap<u64, u16, IdentityBuild>,
}

fn exact_key(form: &str, xpos: &str) -> u64 {
    feat(1, hash_str(form), hash_str(xpos), 0)
}
fn lower_key(form: &str, xpos: &str) -> u64 {
    feat(2, hash_lower(form), hash_str(xpos), 0)
}
fn suffix_key(suffix: &str, k: usize, xpos: &str) -> u64 {
    feat(3, hash_lower(suffix), hash_str(xpos), k as u64)
}

fn suffix(form: &str, k: usize) -> Option<&str> {
    if k == 0 {
        return Some("");
    }
    let n = form.chars().count();
    if k >= n {
        return None; // keep at least one char before the suffix
    }
    form.char_indices()
        .nth(n - k)
        .and_then(|(i, _)| form.get(i..))
}

impl Lemmatizer {
    /// Learns from (form, XPOS, lemma) triples.
    pub fn train<'a>(data: impl Iterator<Item = (&'a str, &'a str, &'a str)>) -> Lemmatizer {
        let mut rule_ids: HashMap<Rule, u16> = HashMap::new();
        let mut rules: Vec<Rule> = Vec::new();
        let mut counts: HashMap<u64, HashMap<u16, u32>, IdentityBuild> =
            HashMap::with_hasher(IdentityBuild);
        let mut scounts: HashMap<u64, HashMap<u16, u32>, IdentityBuild> =
            HashMap::with_hasher(IdentityBuild);
        for (form, xpos, lemma) in data {
            if lemma == "_" {
                continue;
            }
            let r = Rule::derive(form, lemma);
            let id = *rule_ids.entry(r.clone()).or_insert_with(|| {
                rules.push(r);
                (rules.len() - 1) as u16
            });
            *counts
                .entry(exact_key(form, xpos))
                .or_default()
                .entry(id)
                .or_default() += 1;
            *counts
                .entry(lower_key(form, xpos))
                .or_default()
                .entry(id)
                .or_default() += 1;
            for k in 0..=MAX_SUFFIX {
                if let Some(s) = suffix(form, k) {
                    *scounts
                        .entry(suffix_key(s, k, xpos))
                        .or_default()
                        .entry(id)
                        .or_default() += 1;
                }
            }
        }
        let best = |m: &HashMap<u16, u32>| -> u16 {
            *m.iter()
                .max_by_key(|(id, n)| (**n, std::cmp::Reverse(**id)))
                .unwrap()
                .0
        };
        let suffixes: HashMap<u64, u16, IdentityBuild> =
            scounts.iter().map(|(k, m)| (*k, best(m))).collect();
        let mut lem = Lemmatizer {
            rules,
            table: HashMap::with_hasher(IdentityBuild),
            suffixes,
        };
        // keep only the table entries the suffix rules get wrong
        let mut table = HashMap::with_hasher(IdentityBuild);
        for (k, m) in &counts {
            table.insert(*k, best(m));
        }
        lem.table = table;
        lem
    }

    fn suffix_rule(&self, form: &str, xpos: &str) -> Option<&Rule> {
        for k in (0..=MAX_SUFFIX).rev() {
            if let Some(s) = suffix(form, k) {
                if let Some(&r) = self.suffixes.get(&suffix_key(s, k, xpos)) {
                    return self.rules.get(r as usize);
                }
            }
        }
        None
    }

    /// The lemma of `form` tagged `xpos`.
    pub fn lemma(&self, form: &str, xpos: &str) -> String {
        if let Some(r) = self.table.get(&exact_key(form, xpos)) {
            if let Some(r) = self.rules.get(*r as usize) {
                return r.apply(form);
            }
        }
        // lemmas of words other than proper nouns are lowercase in UD English
        // ("Rebels" at the start of a sentence -> "rebel")
        let lowered;
        let form = if !xpos.starts_with("NNP") && form.chars().any(char::is_uppercase) {
            lowered = form.to_lowercase();
            lowered.as_str()
        } else {
            form
        };
        if let Some(r) = self.table.get(&lower_key(form, xpos)) {
            if let Some(r) = self.rules.get(*r as usize) {
                return r.apply(form);
            }
        }
        match self.suffix_rule(form, xpos) {
            Some(r) => r.apply(form),
            None => form.to_string(),
        }
    }

    pub fn write(&self, w: &mut Writer) {
        w.u32(self.rules.len() as u32);
        for r in &self.rules {
            w.u8(r.lower as u8);
            w.u8(r.strip);
            w.str(&r.append);
        }
        for m in [&self.table, &self.suffixes] {
            let mut v: Vec<(u64, u16)> = m.iter().map(|(&k, &v)| (k, v)).collect();
            v.sort();
            w.u32(v.len() as u32);
            for (k, r) in v {
                w.u64(k);
                w.u16(r);
            }
        }
    }

    pub fn read(r: &mut Reader) -> Result<Lemmatizer, ModelError> {
        let n = r.u32()? as usize;
        let mut rules = Vec::with_capacity(n);
        for _ in 0..n {
            let lower = r.u8()? != 0;
            let strip = r.u8()?;
            let append = r.str()?;
            rules.push(Rule {
                lower,
                strip,
                append,
            });
        }
        let mut maps = Vec::new();
        for _ in 0..2 {
            let len = r.u32()? as usize;
            let mut m = HashMap::with_capacity_and_hasher(len, IdentityBuild);
            for _ in 0..len {
                let k = r.u64()?;
                let v = r.u16()?;
                if v as usize >= n {
                    return Err(ModelError::Format("lemma rule out of range".into()));
                }
                m.insert(k, v);
            }
            maps.push(m);
        }
        let suffixes = maps.pop().unwrap();
        let table = maps.pop().unwrap();
        Ok(Lemmatizer {
            rules,
            table,
            suffixes,
        })
    }
}
