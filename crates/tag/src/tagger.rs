//! Greedy averaged-perceptron POS tagger predicting joint (UPOS, XPOS) classes.

use std::collections::HashMap;

use dyad_tag_api::Upos;

use crate::hash::{feat_code, hash_lower, hash_str, mix, IdentityBuild, Rng};
use crate::io::{Reader, Writer};
use crate::perceptron::{Scores, TrainWeights, Weights};
use crate::ModelError;

/// A training sentence for the tagger: forms and gold class ids.
pub struct TagSent {
    pub forms: Vec<String>,
    pub gold: Vec<u16>,
    /// First-pass tags, for training a second pass.
    pub pre: Option<Vec<u16>>,
}

/// The trained tagger.
pub struct TaggerModel {
    /// Joint classes: (UPOS, XPOS).
    pub classes: Vec<(Upos, String)>,
    tagdict: HashMap<u64, u16, IdentityBuild>,
    /// Lowercase-word hash of frequent words → hash of their ambiguity class.
    vocab: HashMap<u64, u64, IdentityBuild>,
    /// First-pass tagger whose tags are features of this one.
    pub first: Option<Box<TaggerModel>>,
    /// Tags right to left (the sentence is reversed before and after).
    pub reverse: bool,
    weights: Weights,
}

#[derive(Clone, Copy, Default)]
struct Tok {
    form: u64,
    low: u64,
    pre: [u64; 4],
    suf: [u64; 4],
    shape: u64,
    flags: u64,
    amb: u64,
    fp: u64,
    /// `hash_str` of the form (the tag dictionary's key); not a feature.
    h_str: u64,
    /// `hash_lower` of the form (the vocabulary's key); not a feature.
    h_low: u64,
}

const NONE: u64 = 0x1234_5678;
const RARE: u64 = 0x8765_4321;

fn tok_feats(s: &str, first: bool, vocab: &HashMap<u64, u64, IdentityBuild>) -> Tok {
    let mut t = tok_spelling(s, first);
    apply_vocab(&mut t, vocab);
    t
}

/// Sets the word-identity features of `t` (form, lowercase form, ambiguity class), which
/// depend on the pass's vocabulary.
#[inline]
fn apply_vocab(t: &mut Tok, vocab: &HashMap<u64, u64, IdentityBuild>) {
    (t.form, t.low, t.amb) = match vocab.get(&t.h_low) {
        Some(&a) => (t.h_str, t.h_low, a),
        None => (RARE, RARE, RARE),
    };
}

/// The features of a word that come from its spelling alone (the same in every pass).
fn tok_spelling(s: &str, first: bool) -> Tok {
    let mut t = Tok {
        h_str: hash_str(s),
        h_low: hash_lower(s),
        ..Tok::default()
    };
    // prefixes and suffixes of 1..4 chars, hashed lowercase
    // (no allocation: byte offsets of the first and last four characters)
    let n = s.chars().count();
    let mut ends = [s.len(); 4];
    for (k, (i, _)) in s.char_indices().skip(1).take(4).enumerate() {
        ends[k] = i;
    }
    let mut starts = [0usize; 4];
    for (k, (i, _)) in s.char_indices().rev().take(4).enumerate() {
        starts[k] = i;
    }
    for k in 1..=4 {
        if k <= n {
            t.pre[k - 1] = hash_lower(s.get(..ends[k - 1]).unwrap_or(s));
            t.suf[k - 1] = hash_lower(s.get(starts[k - 1]..).unwrap_or(s));
        } else {
            t.pre[k - 1] = NONE + k as u64;
            t.suf[k - 1] = NONE + 8 + k as u64;
        }
    }
    // shape: X x d or the char; runs longer than 2 collapsed
    let mut h = 7u64;
    let mut last = '\0';
    let mut run = 0;
    let (mut digit, mut upper, mut lower, mut hyphen) = (false, false, false, false);
    for c in s.chars() {
        let m = if c.is_uppercase() {
            upper = true;
            'X'
        } else if c.is_lowercase() {
            lower = true;
            'x'
        } else if c.is_ascii_digit() {
            digit = true;
            'd'
        } else {
            if c == '-' {
                hyphen = true;
            }
            c
        };
        if m == last {
            run += 1;
            if run > 2 {
                continue;
            }
        } else {
            run = 1;
            last = m;
        }
        h = mix(h, m as u64);
    }
    t.shape = h;
    let init_cap = s.chars().next().is_some_and(char::is_uppercase);
    t.flags = (digit as u64)
        | (upper as u64) << 1
        | (lower as u64) << 2
        | (hyphen as u64) << 3
        | ((upper && !lower) as u64) << 4
        | ((first && init_cap) as u64) << 5
        | (init_cap as u64) << 6;
    t
}

const PAD: Tok = Tok {
    form: NONE,
    low: NONE,
    pre: [NONE; 4],
    suf: [NONE; 4],
    shape: NONE,
    flags: 1 << 20,
    amb: NONE,
    fp: NONE + 77,
    h_str: NONE,
    h_low: NONE,
};

/// Room for the keys [`features`] writes (51 at most).
const MAX_FEATS: usize = 64;

/// The feature codes ([`feat_code`]) of word `i` given the two previous tags; returns how many were written.
#[inline]
fn features(toks: &[Tok], i: usize, p1: u64, p2: u64, out: &mut [u64; MAX_FEATS]) -> usize {
    let get = |j: isize| -> &Tok {
        if j < 0 || j as usize >= toks.len() {
            &PAD
        } else {
            &toks[j as usize]
        }
    };
    let ii = i as isize;
    let w = get(ii);
    let (m1, m2, n1, n2) = (get(ii - 1), get(ii - 2), get(ii + 1), get(ii + 2));
    let mut t = 0u64;
    let mut add = |a: u64, b: u64, c: u64| {
        t += 1;
        out[t as usize - 1] = feat_code(t, a, b, c);
    };
    add(0, 0, 0);
    add(w.form, 0, 0);
    add(w.low, 0, 0);
    for k in 0..4 {
        add(w.suf[k], 0, 0);
        add(w.pre[k], 0, 0);
    }
    add(w.shape, 0, 0);
    add(w.flags, 0, 0);
    add(p1, 0, 0);
    add(p2, 0, 0);
    add(p1, p2, 0);
    add(p1, w.low, 0);
    add(p1, w.suf[2], 0);
    add(m1.low, 0, 0);
    add(m1.suf[2], 0, 0);
    add(m1.shape, 0, 0);
    add(m2.low, 0, 0);
    add(n1.low, 0, 0);
    add(n1.suf[2], 0, 0);
    add(n1.suf[1], 0, 0);
    add(n1.shape, 0, 0);
    add(n2.low, 0, 0);
    add(n2.suf[2], 0, 0);
    add(m1.low, w.low, 0);
    add(w.low, n1.low, 0);
    add(p1, n1.low, 0);
    add(w.shape, n1.shape, 0);
    add(m1.shape, w.shape, 0);
    add(w.flags, w.suf[2], 0);
    add(w.amb, 0, 0);
    add(n1.amb, 0, 0);
    add(p1, w.amb, 0);
    add(w.amb, n1.amb, 0);
    add(m1.low, w.amb, 0);
    add(n2.amb, 0, 0);
    if w.fp != 0 {
        add(w.fp, 0, 0);
        add(n1.fp, 0, 0);
        add(n2.fp, 0, 0);
        add(n1.fp, n2.fp, 0);
        add(p1, n1.fp, 0);
        add(w.fp, n1.fp, 0);
        add(w.low, n1.fp, 0);
        add(w.fp, w.low, 0);
        add(p1, w.fp, n1.fp);
        add(m1.fp, w.fp, 0);
        add(w.suf[2], n1.fp, 0);
    }
    t as usize
}

fn set_first(toks: &mut [Tok], pre: Option<&[u16]>) {
    if let Some(pre) = pre {
        for (t, &c) in toks.iter_mut().zip(pre) {
            t.fp = c as u64 + 1000;
        }
    }
}

fn argmax<T: Copy + PartialOrd>(scores: &[T]) -> usize {
    let mut best = 0;
    for (i, &s) in scores.iter().enumerate() {
        if s > scores[best] {
            best = i;
        }
    }
    best
}

/// The first index of the highest score, and the first index of the highest score among
/// the other classes (0 if there is only one class).
fn top2(scores: &[i32]) -> (usize, usize) {
    let Some(&first) = scores.first() else {
        return (0, 0);
    };
    let (mut c, mut m1) = (0, first);
    let (mut a, mut m2) = (usize::MAX, i32::MIN);
    for (k, &v) in scores.iter().enumerate().skip(1) {
        if v > m1 {
            // the old best is the first maximum of everything seen but the new best
            (a, m2) = (c, m1);
            (c, m1) = (k, v);
        } else if a == usize::MAX || v > m2 {
            (a, m2) = (k, v);
        }
    }
    (c, if a == usize::MAX { 0 } else { a })
}

impl TaggerModel {
    /// Predicted class ids for `words`.
    pub fn predict(&self, words: &[&str], out: &mut Vec<u16>) {
        let mut alt = Vec::new();
        self.predict_alt(words, out, &mut alt);
    }

    /// Like [`TaggerModel::predict`], and also the runner-up class of each word in `alt`
    /// (the predicted class itself for dictionary words).
    pub fn predict_alt(&self, words: &[&str], out: &mut Vec<u16>, alt: &mut Vec<u16>) {
        if self.reverse {
            let rev: Vec<&str> = words.iter().rev().copied().collect();
            self.predict_fwd(&rev, out, alt);
            out.reverse();
            alt.reverse();
        } else {
            self.predict_fwd(words, out, alt);
        }
    }

    fn predict_fwd(&self, words: &[&str], out: &mut Vec<u16>, alt: &mut Vec<u16>) {
        match &self.first {
            // The usual two-pass model: the spelling features of each word are computed
            // once for both passes; only the vocabulary features are looked up again.
            Some(first) if !first.reverse && first.first.is_none() => {
                let mut toks: Vec<Tok> = words
                    .iter()
                    .enumerate()
                    .map(|(i, w)| tok_spelling(w, i == 0))
                    .collect();
                for t in &mut toks {
                    apply_vocab(t, &first.vocab);
                }
                let mut pre = Vec::with_capacity(words.len());
                first.run::<false>(&toks, &mut pre, &mut Vec::new());
                for t in &mut toks {
                    apply_vocab(t, &self.vocab);
                }
                set_first(&mut toks, Some(&pre));
                self.run::<true>(&toks, out, alt);
            }
            Some(first) => {
                let mut pre = Vec::with_capacity(words.len());
                first.predict(words, &mut pre);
                self.predict_with(words, Some(&pre), out, alt);
            }
            None => self.predict_with(words, None, out, alt),
        }
    }

    fn predict_with(
        &self,
        words: &[&str],
        pre: Option<&[u16]>,
        out: &mut Vec<u16>,
        alt: &mut Vec<u16>,
    ) {
        let mut toks: Vec<Tok> = words
            .iter()
            .enumerate()
            .map(|(i, w)| tok_feats(w, i == 0, &self.vocab))
            .collect();
        set_first(&mut toks, pre);
        self.run::<true>(&toks, out, alt);
    }

    /// Tags `toks` greedily left to right into `out`; with `ALT`, also the runner-up class
    /// of each word into `alt` (left empty without).
    fn run<const ALT: bool>(&self, toks: &[Tok], out: &mut Vec<u16>, alt: &mut Vec<u16>) {
        out.clear();
        alt.clear();
        let mut feats = [0u64; MAX_FEATS];
        let mut buf: Scores = [0; 256];
        let nc = self.classes.len();
        let (mut p1, mut p2) = (NONE, NONE + 1);
        for (i, tok) in toks.iter().enumerate() {
            let (c, a) = match self.tagdict.get(&tok.h_str) {
                Some(&c) => (c as usize, c as usize),
                None => {
                    let k = features(toks, i, p1, p2, &mut feats);
                    self.weights.score(&feats[..k], &mut buf);
                    let scores = &buf[..nc];
                    if ALT {
                        top2(scores)
                    } else {
                        (argmax(scores), 0)
                    }
                }
            };
            out.push(c as u16);
            if ALT {
                alt.push(a as u16);
            }
            p2 = p1;
            p1 = c as u64 + 100;
        }
    }

    pub fn write(&self, w: &mut Writer) {
        w.u8(self.first.is_some() as u8 | (self.reverse as u8) << 1);
        if let Some(f) = &self.first {
            f.write(w);
        }
        w.u32(self.classes.len() as u32);
        for (u, x) in &self.classes {
            w.str(u.as_str());
            w.str(x);
        }
        let mut td: Vec<(u64, u16)> = self.tagdict.iter().map(|(&k, &v)| (k, v)).collect();
        td.sort();
        w.u32(td.len() as u32);
        for (k, v) in td {
            w.u64(k);
            w.u16(v);
        }
        let mut vc: Vec<(u64, u64)> = self.vocab.iter().map(|(&k, &v)| (k, v)).collect();
        vc.sort();
        w.u32(vc.len() as u32);
        for (k, v) in vc {
            w.u64(k);
            w.u64(v);
        }
        self.weights.write(w);
    }

    pub fn read(r: &mut Reader) -> Result<TaggerModel, ModelError> {
        Self::read_depth(r, 0)
    }

    fn read_depth(r: &mut Reader, depth: usize) -> Result<TaggerModel, ModelError> {
        let flags = r.u8()?;
        let reverse = flags & 2 != 0;
        let first = match flags & 1 {
            0 => None,
            _ if depth < 2 => Some(Box::new(Self::read_depth(r, depth + 1)?)),
            _ => return Err(ModelError::Format("tagger passes nested too deep".into())),
        };
        let n = r.u32()? as usize;
        let mut classes = Vec::with_capacity(n);
        for _ in 0..n {
            let u = r.str()?;
            let u = Upos::parse(&u).ok_or_else(|| ModelError::Format(format!("bad UPOS {u}")))?;
            classes.push((u, r.str()?));
        }
        let nt = r.u32()? as usize;
        let mut tagdict = HashMap::with_capacity_and_hasher(nt, IdentityBuild);
        for _ in 0..nt {
            let k = r.u64()?;
            let v = r.u16()?;
            if v as usize >= n {
                return Err(ModelError::Format(
                    "tag dictionary class out of range".into(),
                ));
            }
            tagdict.insert(k, v);
        }
        let nv = r.u32()? as usize;
        let mut vocab = HashMap::with_capacity_and_hasher(nv, IdentityBuild);
        for _ in 0..nv {
            let k = r.u64()?;
            vocab.insert(k, r.u64()?);
        }
        let weights = Weights::read(r)?;
        if let Some(f) = &first {
            if f.classes != classes {
                return Err(ModelError::Format(
                    "tagger passes disagree on classes".into(),
                ));
            }
        }
        Ok(TaggerModel {
            first,
            reverse,
            classes,
            tagdict,
            vocab,
            weights,
        })
    }

    /// (features, weights) counts.
    pub fn sizes(&self) -> (usize, usize) {
        self.weights.sizes()
    }

    /// Parameter mixing: the mean of the weights of taggers trained on the same data
    /// with different seeds (same classes, dictionary and vocabulary).
    pub fn mean(models: Vec<TaggerModel>) -> Option<TaggerModel> {
        let tables: Vec<&Weights> = models.iter().map(|m| &m.weights).collect();
        let weights = Weights::mean(&tables, 0.0);
        let first = models.into_iter().next()?;
        Some(TaggerModel { weights, ..first })
    }
}

/// Accuracy of `model` on `sents`.
pub fn accuracy(model: &TaggerModel, sents: &[TagSent]) -> (f64, f64) {
    let (mut ok, mut n, mut uok) = (0usize, 0usize, 0usize);
    let mut out = Vec::new();
    for s in sents {
        let words: Vec<&str> = s.forms.iter().map(|f| f.as_str()).collect();
        let mut alt = Vec::new();
        match &s.pre {
            Some(p) => model.predict_with(&words, Some(p), &mut out, &mut alt),
            None => model.predict(&words, &mut out),
        }
        ok += out.iter().zip(&s.gold).filter(|(a, b)| a == b).count();
        uok += out
            .iter()
            .zip(&s.gold)
            .filter(|(a, b)| model.classes[**a as usize].0 == model.classes[**b as usize].0)
            .count();
        n += s.gold.len();
    }
    (ok as f64 / n.max(1) as f64, uok as f64 / n.max(1) as f64)
}

/// Trains the tagger; returns the model of the epoch with the best accuracy on `dev`
/// (or of the last epoch if `dev` is empty).
pub fn train(
    classes: &[(Upos, String)],
    train: &[TagSent],
    dev: &[TagSent],
    epochs: usize,
    seed: u64,
    min_count: u32,
    log: &mut dyn FnMut(String),
) -> TaggerModel {
    // tag dictionary: frequent, unambiguous words
    let mut counts: HashMap<u64, HashMap<u16, u32>, IdentityBuild> =
        HashMap::with_hasher(IdentityBuild);
    for s in train {
        for (f, &g) in s.forms.iter().zip(&s.gold) {
            *counts.entry(hash_str(f)).or_default().entry(g).or_default() += 1;
        }
    }
    let mut tagdict = HashMap::with_hasher(IdentityBuild);
    for (w, cs) in &counts {
        let total: u32 = cs.values().sum();
        let (&best, &bc) = cs
            .iter()
            .max_by_key(|(c, n)| (**n, std::cmp::Reverse(**c)))
            .unwrap();
        if total >= 20 && bc as f64 / total as f64 >= 0.995 {
            tagdict.insert(*w, best);
        }
    }
    // vocabulary of frequent words with their ambiguity classes
    let mut lcounts: HashMap<u64, HashMap<u16, u32>, IdentityBuild> =
        HashMap::with_hasher(IdentityBuild);
    for s in train {
        for (f, &g) in s.forms.iter().zip(&s.gold) {
            *lcounts
                .entry(hash_lower(f))
                .or_default()
                .entry(g)
                .or_default() += 1;
        }
    }
    let mut vocab = HashMap::with_hasher(IdentityBuild);
    for (w, cs) in &lcounts {
        let total: u32 = cs.values().sum();
        if total >= min_count {
            let mut amb: Vec<u16> = cs
                .iter()
                .filter(|(_, &n)| n as f64 >= 0.05 * total as f64)
                .map(|(&c, _)| c)
                .collect();
            amb.sort();
            let h = amb.iter().fold(0xabcdu64, |h, &c| mix(h, c as u64));
            vocab.insert(*w, h);
        }
    }
    let nc = classes.len();
    let mut tw = TrainWeights::new(nc);
    let mut order: Vec<usize> = (0..train.len()).collect();
    let mut rng = Rng::new(seed);
    let mut best: Option<(f64, TaggerModel)> = None;
    let mut feats = [0u64; MAX_FEATS];
    let mut scores = vec![0f32; nc];
    for epoch in 1..=epochs {
        rng.shuffle(&mut order);
        let (mut ok, mut n) = (0usize, 0usize);
        for &si in &order {
            let s = &train[si];
            let mut toks: Vec<Tok> = s
                .forms
                .iter()
                .enumerate()
                .map(|(i, w)| tok_feats(w, i == 0, &vocab))
                .collect();
            set_first(&mut toks, s.pre.as_deref());
            let (mut p1, mut p2) = (NONE, NONE + 1);
            for i in 0..toks.len() {
                let gold = s.gold[i] as usize;
                let guess = match tagdict.get(&hash_str(&s.forms[i])) {
                    Some(&c) => c as usize,
                    None => {
                        let k = features(&toks, i, p1, p2, &mut feats);
                        let feats = &feats[..k];
                        tw.score(feats, &mut scores);
                        let g = argmax(&scores);
                        tw.update(feats, gold, g);
                        tw.tick();
                        g
                    }
                };
                ok += (guess == gold) as usize;
                n += 1;
                p2 = p1;
                p1 = guess as u64 + 100;
            }
        }
        let model = TaggerModel {
            first: None,
            reverse: false,
            classes: classes.to_vec(),
            tagdict: tagdict.clone(),
            vocab: vocab.clone(),
            weights: tw.average(0.0),
        };
        let (acc, uacc) = if dev.is_empty() {
            (0.0, 0.0)
        } else {
            accuracy(&model, dev)
        };
        log(format!(
            "tagger epoch {epoch}: train acc {:.4}, dev acc {:.4} (UPOS {:.4}), {} features",
            ok as f64 / n as f64,
            acc,
            uacc,
            tw.len()
        ));
        if dev.is_empty() || best.as_ref().is_none_or(|b| acc > b.0) {
            best = Some((acc, model));
        }
    }
    best.expect("at least one epoch").1
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `top2` picks what the two scans it replaced picked: the first maximum, and the first
    /// maximum among the other classes (ties are frequent with small integer scores).
    #[test]
    fn top2_matches_two_scans() {
        let mut rng = Rng::new(9);
        for len in 1..40 {
            for _ in 0..200 {
                let scores: Vec<i32> = (0..len).map(|_| (rng.next_u64() % 5) as i32 - 2).collect();
                let c = argmax(&scores);
                let mut a = if c == 0 { 1 } else { 0 };
                for (k, &s) in scores.iter().enumerate() {
                    if k != c && s > scores[a] {
                        a = k;
                    }
                }
                assert_eq!(top2(&scores), (c, a.min(len - 1)), "{scores:?}");
            }
        }
    }
}
