//! Greedy arc-hybrid transition parser with labelled transitions, an averaged
//! perceptron and a dynamic oracle (Goldberg & Nivre 2013) for training.
//!
//! Positions: 0 is the root, 1..=n are the words, n+1 stands for "no token".
//! Classes: 0 = SHIFT, 1..=L = LEFT(label), L+1..=2L = RIGHT(label).
//! A single root is enforced: RIGHT onto the root is allowed only once the buffer is empty.

use std::collections::{HashMap, HashSet};

use crate::hash::{feat, feat_code, hash_lower, hash_str, mix, IdentityBuild, Rng};
use crate::io::{Reader, Writer};
use crate::perceptron::{Scores, TrainWeights, Weights};
use crate::ModelError;

/// A sentence for parser training or evaluation.
#[derive(Clone)]
pub struct ParseSent {
    /// Lowercase-form hash per word.
    pub words: Vec<[u64; 2]>,
    /// Tag hashes per word (see [`tags3`]).
    pub tags: Vec<[u64; 3]>,
    /// Gold head per word (0 = root).
    pub heads: Vec<u32>,
    /// Gold label id per word.
    pub labels: Vec<u16>,
}

/// Hash of a word form for the parser.
pub fn word_hash(form: &str) -> [u64; 2] {
    // back-off for words too rare to be features: last three characters and casing
    let n = form.chars().count();
    let suffix = form
        .char_indices()
        .nth(n.saturating_sub(3))
        .and_then(|(i, _)| form.get(i..))
        .unwrap_or(form);
    let cap = form.chars().next().is_some_and(char::is_uppercase) as u64;
    let digit = form.chars().any(|c| c.is_ascii_digit()) as u64;
    [
        hash_lower(form),
        feat(97, hash_lower(suffix), cap | digit << 1, 0),
    ]
}

/// The parser's view of a word's tags: the predicted tag's hashes (see [`tag_hash`]) and
/// the tagger's runner-up tag (the same tag when the tagger had no doubt).
pub fn tags3(tag: [u64; 2], alt: [u64; 2]) -> [u64; 3] {
    [tag[0], tag[1], alt[0] ^ 0x5a5a]
}

/// Hashes of a (UPOS, XPOS) tag for the parser: the pair, and UPOS alone.
pub fn tag_hash(upos: &str, xpos: &str) -> [u64; 2] {
    [
        feat(99, hash_str(upos), hash_str(xpos), 0),
        feat(98, hash_str(upos), 0, 0),
    ]
}

/// The trained parser.
pub struct ParserModel {
    /// Dependency labels.
    pub labels: Vec<String>,
    /// Word hashes frequent enough in training to be features; others are "rare".
    vocab: HashSet<u64, IdentityBuild>,
    weights: Weights,
}

const NO_LABEL: u16 = u16::MAX;
const ROOT_W: u64 = 0x726f_6f74;
const NIL_W: u64 = 0x006e_696c;

#[derive(Default)]
struct State {
    n: u32,
    stack: Vec<u32>,
    b: u32,
    heads: Vec<u32>,
    labels: Vec<u16>,
    l1: Vec<u32>,
    l2: Vec<u32>,
    r1: Vec<u32>,
    r2: Vec<u32>,
    nl: Vec<u8>,
    nr: Vec<u8>,
    lset: Vec<u64>,
    rset: Vec<u64>,
}

impl State {
    fn new(n: usize) -> State {
        let mut st = State::default();
        st.reset(n);
        st
    }

    /// The initial state for a sentence of `n` words, reusing this state's buffers.
    fn reset(&mut self, n: usize) {
        let nil = n as u32 + 1;
        let m = n + 2;
        self.n = n as u32;
        self.b = 1;
        self.stack.clear();
        self.stack.push(0);
        for v in [
            &mut self.heads,
            &mut self.l1,
            &mut self.l2,
            &mut self.r1,
            &mut self.r2,
        ] {
            v.clear();
            v.resize(m, nil);
        }
        self.labels.clear();
        self.labels.resize(m, NO_LABEL);
        for v in [&mut self.nl, &mut self.nr] {
            v.clear();
            v.resize(m, 0);
        }
        for v in [&mut self.lset, &mut self.rset] {
            v.clear();
            v.resize(m, 0);
        }
    }

    #[inline]
    fn nil(&self) -> u32 {
        self.n + 1
    }

    #[inline]
    fn done(&self) -> bool {
        self.b > self.n && self.stack.len() == 1
    }

    /// Whether SHIFT, LEFT and RIGHT are allowed.
    #[inline]
    fn valid(&self) -> [bool; 3] {
        let len = self.stack.len();
        let buf = self.b <= self.n;
        let s1_root = len >= 2 && self.stack[len - 2] == 0;
        [buf, len >= 2 && buf, len >= 2 && (!s1_root || !buf)]
    }

    fn add_arc(&mut self, h: u32, d: u32, l: u16) {
        let (hu, du) = (h as usize, d as usize);
        self.heads[du] = h;
        self.labels[du] = l;
        let nil = self.nil();
        if d < h {
            if self.l1[hu] == nil || d < self.l1[hu] {
                self.l2[hu] = self.l1[hu];
                self.l1[hu] = d;
            } else if self.l2[hu] == nil || d < self.l2[hu] {
                self.l2[hu] = d;
            }
            self.nl[hu] = self.nl[hu].saturating_add(1);
            self.lset[hu] |= 1u64 << (l % 64);
        } else {
            if self.r1[hu] == nil || d > self.r1[hu] {
                self.r2[hu] = self.r1[hu];
                self.r1[hu] = d;
            } else if self.r2[hu] == nil || d > self.r2[hu] {
                self.r2[hu] = d;
            }
            self.nr[hu] = self.nr[hu].saturating_add(1);
            self.rset[hu] |= 1u64 << (l % 64);
        }
    }

    /// Applies class `c` (must be valid) with `nl` labels.
    fn apply(&mut self, c: usize, nl: usize) {
        if c == 0 {
            self.stack.push(self.b);
            self.b += 1;
        } else if c <= nl {
            let s0 = self.stack.pop().unwrap();
            self.add_arc(self.b, s0, (c - 1) as u16);
        } else {
            let s0 = self.stack.pop().unwrap();
            let s1 = *self.stack.last().unwrap();
            self.add_arc(s1, s0, (c - 1 - nl) as u16);
        }
    }

    /// Unlabelled costs of SHIFT, LEFT, RIGHT against projective gold heads
    /// (`gh[d]` for d in 1..=n).
    fn costs(&self, gh: &[u32]) -> [u32; 3] {
        let len = self.stack.len();
        let b = self.b;
        let n = self.n;
        let mut c = [0u32; 3];
        if b <= n {
            // SHIFT: b loses a head below s0 and children anywhere in the stack
            let hb = gh[b as usize];
            for (i, &s) in self.stack.iter().enumerate() {
                if i + 1 < len && s == hb {
                    c[0] += 1;
                }
                if s != 0 && gh[s as usize] == b {
                    c[0] += 1;
                }
            }
        }
        if len >= 2 {
            let s0 = self.stack[len - 1];
            let s1 = self.stack[len - 2];
            let h0 = gh[s0 as usize];
            let kids = (b..=n).filter(|&d| gh[d as usize] == s0).count() as u32;
            // LEFT: s0 gets head b
            c[1] = kids + (h0 != b && (h0 == s1 || (h0 > b && h0 <= n))) as u32;
            // RIGHT: s0 gets head s1
            c[2] = kids + (h0 >= b && h0 <= n) as u32;
        }
        c
    }
}

#[derive(Default)]
struct Ctx {
    w: Vec<u64>,
    p: Vec<u64>,
    /// UPOS-only tag hashes.
    u: Vec<u64>,
    /// Runner-up tag hashes.
    a: Vec<u64>,
    wp: Vec<u64>,
    /// `pc[i]`: commas among positions 1..i (exclusive of i).
    pc: Vec<u32>,
}

impl Ctx {
    /// Commas strictly between positions a and b (capped at 3).
    #[inline]
    fn commas(&self, a: u32, b: u32) -> u64 {
        let (lo, hi) = if a < b { (a, b) } else { (b, a) };
        let lo = (lo as usize + 1).min(self.pc.len() - 1);
        let hi = (hi as usize).min(self.pc.len() - 1);
        (self.pc[hi].saturating_sub(self.pc[lo]) as u64).min(3)
    }
}

#[inline]
fn dist_bin(a: u32, b: u32) -> u64 {
    let d = a.abs_diff(b);
    match d {
        0..=4 => d as u64,
        5..=6 => 5,
        7..=9 => 6,
        _ => 7,
    }
}

/// Number of feature templates: [`features`] writes this many keys.
const N_FEATS: usize = 119;

/// Template groups: which templates [`features`] writes. [`ALL`] (training) writes every
/// template, template `t` (1-based) at `t - 1`; the others write one group, in template
/// order, for the caches of [`ParserModel::parse`]:
///
/// * [`S0`]: the words and tags of s0, s1 and s2, the left children of s0, and the
///   children of s1. In arc-hybrid a token enters the stack once (SHIFT) and leaves it once;
///   while it is on the stack the items below it do not change, nor do the children of
///   the item right below it (only reducing the token itself adds to those), and it gets
///   no new left children (LEFT attaches to the buffer front). So these templates are a
///   function of the s0 token for the whole time it is on the stack.
/// * [`S1`], [`S2`]: the word and tag of s1 (of s2) alone: a function of that token.
/// * [`BUF`]: the words and tags of n0, n1 and n2 alone: they change only on SHIFT.
/// * [`DYN`]: everything else (s0's right children, n0's left children, s0–n0 pairs, …).
const ALL: u8 = 255;
/// See [`ALL`].
const DYN: u8 = 0;
/// See [`ALL`].
const S0: u8 = 1;
/// See [`ALL`].
const S1: u8 = 2;
/// See [`ALL`].
const S2: u8 = 3;
/// See [`ALL`].
const BUF: u8 = 4;

/// The feature codes ([`feat_code`]) of a parser state for the templates of group `G` (see [`ALL`]).
/// Returns the number of keys written.
fn features<const G: u8>(st: &State, cx: &Ctx, out: &mut [u64; N_FEATS]) -> usize {
    let nil = st.nil();
    let len = st.stack.len();
    let s0 = st.stack[len - 1];
    let s1 = if len >= 2 { st.stack[len - 2] } else { nil };
    let s2 = if len >= 3 { st.stack[len - 3] } else { nil };
    let at = |i: u32| if i <= st.n { i } else { nil };
    let n0 = at(st.b);
    let n1 = at(st.b + 1);
    let n2 = at(st.b + 2);
    let (s0u, s1u, n0u) = (s0 as usize, s1 as usize, n0 as usize);
    let s0l = st.l1[s0u];
    let s0l2 = st.l2[s0u];
    let s0r = st.r1[s0u];
    let s0r2 = st.r2[s0u];
    let n0l = st.l1[n0u];
    let n0l2 = st.l2[n0u];
    let s1l = st.l1[s1u];
    let s1r = st.r1[s1u];
    let w = |i: u32| cx.w[i as usize];
    let p = |i: u32| cx.p[i as usize];
    let wp = |i: u32| cx.wp[i as usize];
    let l = |i: u32| st.labels[i as usize] as u64;
    let d0 = if n0 != nil { dist_bin(s0, n0) } else { 8 };
    let d1 = if s1 != nil { dist_bin(s1, s0) } else { 8 };
    let mut t = 0u64;
    let mut k = 0usize;
    // One template: its group, then its values, which are only computed if the group is
    // asked for.
    macro_rules! f {
        ($group:expr, $a:expr, $b:expr, $c:expr) => {
            t += 1;
            if G == ALL || G == $group {
                out[k] = feat_code(t, $a, $b, $c);
                k += 1;
            }
        };
    }
    // unigrams
    f!(S0, w(s0), 0, 0);
    f!(S0, p(s0), 0, 0);
    f!(S0, wp(s0), 0, 0);
    f!(S1, w(s1), 0, 0);
    f!(S1, p(s1), 0, 0);
    f!(S1, wp(s1), 0, 0);
    f!(BUF, w(n0), 0, 0);
    f!(BUF, p(n0), 0, 0);
    f!(BUF, wp(n0), 0, 0);
    f!(BUF, w(n1), 0, 0);
    f!(BUF, p(n1), 0, 0);
    f!(BUF, wp(n1), 0, 0);
    f!(BUF, w(n2), 0, 0);
    f!(BUF, p(n2), 0, 0);
    f!(S2, p(s2), 0, 0);
    f!(S2, w(s2), 0, 0);
    // pairs
    f!(DYN, wp(s0), wp(n0), 0);
    f!(DYN, wp(s0), w(n0), 0);
    f!(DYN, w(s0), wp(n0), 0);
    f!(DYN, wp(s0), p(n0), 0);
    f!(DYN, p(s0), wp(n0), 0);
    f!(DYN, w(s0), w(n0), 0);
    f!(DYN, p(s0), p(n0), 0);
    f!(BUF, p(n0), p(n1), 0);
    f!(S0, p(s1), p(s0), 0);
    f!(S0, w(s1), w(s0), 0);
    f!(S0, wp(s1), p(s0), 0);
    f!(S0, p(s1), wp(s0), 0);
    f!(DYN, p(s1), p(n0), 0);
    f!(DYN, w(s1), w(n0), 0);
    f!(S0, wp(s1), wp(s0), 0);
    // triples
    f!(DYN, p(s1), p(s0), p(n0));
    f!(BUF, p(n0), p(n1), p(n2));
    f!(DYN, p(s0), p(n0), p(n1));
    f!(DYN, p(s0), p(s0l), p(n0));
    f!(DYN, p(s0), p(s0r), p(n0));
    f!(DYN, p(s0), p(n0), p(n0l));
    f!(S0, p(s1), p(s1l), p(s0));
    f!(S0, p(s1), p(s1r), p(s0));
    f!(S0, p(s2), p(s1), p(s0));
    f!(DYN, p(s1), p(s0), p(s0r));
    f!(S0, p(s1), p(s0), p(s0l));
    f!(DYN, w(s0), p(n0), p(n1));
    f!(DYN, p(s0), w(n0), p(n1));
    f!(DYN, p(s1), w(s0), p(n0));
    f!(DYN, p(s1), p(s0), w(n0));
    // distance
    f!(DYN, w(s0), d0, 0);
    f!(DYN, p(s0), d0, 0);
    f!(DYN, w(n0), d0, 0);
    f!(DYN, p(n0), d0, 0);
    f!(DYN, p(s0), p(n0), d0);
    f!(DYN, wp(s0), wp(n0), d0);
    f!(S0, p(s1), p(s0), d1);
    f!(S0, w(s1), w(s0), d1);
    f!(DYN, p(s1), p(n0), d1 * 16 + d0);
    // valency
    f!(DYN, w(s0), st.nr[s0u] as u64, 0);
    f!(DYN, p(s0), st.nr[s0u] as u64, 0);
    f!(S0, w(s0), st.nl[s0u] as u64, 0);
    f!(S0, p(s0), st.nl[s0u] as u64, 0);
    f!(DYN, w(n0), st.nl[n0u] as u64, 0);
    f!(DYN, p(n0), st.nl[n0u] as u64, 0);
    f!(S0, p(s1), st.nl[s1u] as u64, st.nr[s1u] as u64);
    // children
    f!(S0, w(s0l), 0, 0);
    f!(S0, p(s0l), 0, 0);
    f!(S0, l(s0l), 0, 0);
    f!(DYN, w(s0r), 0, 0);
    f!(DYN, p(s0r), 0, 0);
    f!(DYN, l(s0r), 0, 0);
    f!(DYN, w(n0l), 0, 0);
    f!(DYN, p(n0l), 0, 0);
    f!(DYN, l(n0l), 0, 0);
    f!(S0, w(s1l), 0, 0);
    f!(S0, p(s1l), l(s1l), 0);
    f!(S0, w(s1r), 0, 0);
    f!(S0, p(s1r), l(s1r), 0);
    f!(DYN, p(s0), l(s0l), l(s0r));
    f!(DYN, p(n0), l(n0l), p(s0));
    // third order
    f!(S0, w(s0l2), 0, 0);
    f!(S0, p(s0l2), 0, 0);
    f!(S0, l(s0l2), 0, 0);
    f!(DYN, w(s0r2), 0, 0);
    f!(DYN, p(s0r2), 0, 0);
    f!(DYN, l(s0r2), 0, 0);
    f!(DYN, w(n0l2), 0, 0);
    f!(DYN, p(n0l2), 0, 0);
    f!(DYN, l(n0l2), 0, 0);
    f!(S0, p(s0), p(s0l), p(s0l2));
    f!(DYN, p(s0), p(s0r), p(s0r2));
    f!(DYN, p(n0), p(n0l), p(n0l2));
    // label sets
    f!(S0, w(s0), st.lset[s0u], 0);
    f!(S0, p(s0), st.lset[s0u], 0);
    f!(DYN, w(s0), st.rset[s0u], 0);
    f!(DYN, p(s0), st.rset[s0u], 0);
    f!(DYN, w(n0), st.lset[n0u], 0);
    f!(DYN, p(n0), st.lset[n0u], 0);
    f!(S0, p(s1), st.rset[s1u], st.lset[s1u]);
    // commas between, and the s1-n0 distance
    let c0 = if n0 != nil { cx.commas(s0, n0) } else { 4 };
    let c1 = if s1 != nil { cx.commas(s1, s0) } else { 4 };
    f!(DYN, p(s0), p(n0), c0);
    f!(S0, p(s1), p(s0), c1);
    f!(DYN, p(s1), p(n0), c0 * 8 + c1);
    let d2 = if s1 != nil && n0 != nil {
        dist_bin(s1, n0)
    } else {
        8
    };
    f!(DYN, p(s1), p(n0), d2);
    f!(DYN, w(s1), w(n0), d2);
    // UPOS-only (robust to XPOS errors)
    let u = |i: u32| cx.u[i as usize];
    f!(DYN, u(s0), u(n0), 0);
    f!(DYN, u(s1), u(s0), u(n0));
    f!(DYN, w(s0), u(n0), 0);
    f!(DYN, u(s0), w(n0), 0);
    f!(DYN, u(s0), u(n0), d0);
    f!(BUF, u(n0), u(n1), u(n2));
    f!(DYN, u(s0), u(s0l), u(n0));
    f!(DYN, u(s0), u(s0r), u(n0));
    f!(S0, u(s1), u(s0), d1);
    f!(DYN, u(s0), u(n0), u(n1));
    // the tagger's runner-up tags
    let a = |i: u32| cx.a[i as usize];
    f!(S0, p(s0), a(s0), 0);
    f!(BUF, p(n0), a(n0), 0);
    f!(DYN, p(s0), a(s0), p(n0));
    f!(DYN, p(s0), p(n0), a(n0));
    f!(S0, p(s1), a(s1), p(s0));
    f!(BUF, p(n1), a(n1), p(n0));
    f!(S0, w(s0), a(s0), 0);
    f!(BUF, w(n0), a(n0), 0);
    debug_assert_eq!(t as usize, N_FEATS);
    k
}

/// Per-sentence arrays of word, tag and word+tag hashes, with root and nil entries.
fn context(words: &[[u64; 2]], tags: &[[u64; 3]], vocab: &HashSet<u64, IdentityBuild>) -> Ctx {
    let mut cx = Ctx::default();
    fill_context(&mut cx, words, tags, vocab);
    cx
}

/// [`context`] into the buffers of `cx` (no allocation once they are large enough).
fn fill_context(
    cx: &mut Ctx,
    words: &[[u64; 2]],
    tags: &[[u64; 3]],
    vocab: &HashSet<u64, IdentityBuild>,
) {
    let n = words.len();
    let comma = word_hash(",")[0];
    let Ctx { w, p, u, a, wp, pc } = cx;
    for v in [&mut *w, &mut *p, &mut *u, &mut *a, &mut *wp] {
        v.clear();
    }
    pc.clear();
    w.push(ROOT_W);
    p.push(ROOT_W + 1);
    w.extend(
        words
            .iter()
            .map(|h| if vocab.contains(&h[0]) { h[0] } else { h[1] }),
    );
    p.extend(tags.iter().map(|t| t[0]));
    p.resize(n + 1, NIL_W + 2);
    w.push(NIL_W);
    p.push(NIL_W + 1);
    u.push(ROOT_W + 3);
    u.extend(tags.iter().map(|t| t[1]));
    u.resize(n + 1, NIL_W + 4);
    u.push(NIL_W + 5);
    a.push(ROOT_W + 6);
    a.extend(tags.iter().map(|t| t[2]));
    a.resize(n + 1, NIL_W + 7);
    a.push(NIL_W + 8);
    let mut c = 0;
    pc.push(0);
    for h in words {
        pc.push(c);
        c += (h[0] == comma) as u32;
    }
    pc.push(c);
    wp.extend(w.iter().zip(p.iter()).map(|(&a, &b)| mix(a, b)));
}

/// Best valid class. `scores` holds the 1 + 2L labelled classes followed by three
/// unlabelled ones (SHIFT, LEFT, RIGHT) whose weights are shared by all labels: the score of
/// a class is its own plus its kind's. The first class with the highest score wins.
///
/// The kind's score is the same for every class of a kind (a range of classes), so the
/// first maximum of each range is found first and the kind's score added once. With exact
/// sums (integers, or training's floats whose kind scores are zero) this is the class a
/// scan of all classes with their kinds' scores added would pick.
fn best_valid<T>(scores: &[T], valid: [bool; 3], nl: usize) -> usize
where
    T: Copy + Default + PartialOrd + std::ops::Add<Output = T>,
{
    let nc = 1 + 2 * nl;
    let (lab, kinds) = scores.split_at(nc);
    let mut best = usize::MAX;
    let mut bs = T::default();
    for (kind, range) in [0..1, 1..nl + 1, nl + 1..nc].into_iter().enumerate() {
        let Some(&first) = lab.get(range.start) else {
            continue;
        };
        if !valid[kind] || range.is_empty() {
            continue;
        }
        let (mut bi, mut bv) = (range.start, first);
        for (c, &v) in lab[range.clone()].iter().enumerate().skip(1) {
            if v > bv {
                bi = range.start + c;
                bv = v;
            }
        }
        let s = bv + kinds.get(kind).copied().unwrap_or_default();
        if best == usize::MAX || s > bs {
            best = bi;
            bs = s;
        }
    }
    best
}

#[inline]
fn kind_of(c: usize, nl: usize) -> usize {
    if c == 0 {
        0
    } else if c <= nl {
        1
    } else {
        2
    }
}

/// [`ParserModel::parse`]'s buffers, kept between sentences of a thread.
#[derive(Default)]
struct Scratch {
    /// Per-(slot, token) score sums.
    cache: Vec<i32>,
    /// Which rows of `cache` are filled (see [`ParserModel::parse`]).
    filled: Vec<Option<(u32, u32)>>,
    st: State,
    cx: Ctx,
}

thread_local! {
    static SCRATCH: std::cell::Cell<Option<Box<Scratch>>> = const { std::cell::Cell::new(None) };
}

impl ParserModel {
    /// Heads (0 = root) and label ids for a sentence given word and tag hashes.
    pub fn parse(&self, words: &[[u64; 2]], tags: &[[u64; 3]]) -> (Vec<u32>, Vec<u16>) {
        let n = words.len();
        let nl = self.labels.len();
        let mut scratch = SCRATCH.take().unwrap_or_default();
        let Scratch {
            cache,
            filled,
            st,
            cx,
        } = &mut *scratch;
        fill_context(cx, words, tags, &self.vocab);
        st.reset(n);
        let mut scores: Scores = [0; 256];
        let n_classes = self.weights.n_classes();
        // Sums of the weights of the cached template groups (see [`ALL`]), filled on
        // first use: per (slot, token) for the stack groups [`S0`], [`S1`], [`S2`] (a token
        // comes back to a slot over several transitions: on EWT dev 47 % of s0, 66 % of
        // s1 and 77 % of s2 lookups are repeats), and for the buffer group [`BUF`] until
        // the next SHIFT (47 % repeats).
        let stride = self.weights.stride();
        let m = n + 2;
        // The sums live in a per-thread buffer that is reused from sentence to sentence
        // and never cleared (zeroing it per sentence cost as much as the cache saved):
        // a row is read only once `filled` says it was written for this sentence.
        if cache.len() < 3 * m * stride {
            cache.resize(3 * m * stride, 0);
        }
        // Per (slot, token): whether the row is filled, and for s0 the (s1, s2) it was
        // filled with (always the same while the token is on the stack; checked anyway).
        filled.clear();
        filled.resize(3 * m, None);
        let mut buf_sum: Scores = [0; 256];
        let mut buf_at = u32::MAX;
        let mut tmp: Scores = [0; 256];
        let mut keys = [0u64; N_FEATS];
        while !st.done() {
            let valid = st.valid();
            if valid == [true, false, false] {
                // Only SHIFT is allowed (the stack holds just the root): the scores could
                // not change the choice, so none are computed.
                st.apply(0, nl);
                continue;
            }
            if st.b != buf_at {
                let k = features::<BUF>(st, cx, &mut keys);
                self.weights.score(&keys[..k], &mut buf_sum);
                buf_at = st.b;
            }
            let len = st.stack.len();
            let nil = st.nil();
            let item = |k: usize| if len > k { st.stack[len - 1 - k] } else { nil };
            let stack = [item(0), item(1), item(2)];
            let mut rows = [0usize; 3];
            for (slot, row) in rows.iter_mut().enumerate() {
                let idx = slot * m + stack[slot] as usize;
                let below = if slot == 0 {
                    (stack[1], stack[2])
                } else {
                    (0, 0)
                };
                if filled[idx] != Some(below) {
                    let k = match slot {
                        0 => features::<S0>(st, cx, &mut keys),
                        1 => features::<S1>(st, cx, &mut keys),
                        _ => features::<S2>(st, cx, &mut keys),
                    };
                    self.weights.score(&keys[..k], &mut tmp);
                    cache[idx * stride..(idx + 1) * stride].copy_from_slice(&tmp[..stride]);
                    filled[idx] = Some(below);
                }
                *row = idx * stride;
            }
            self.weights.sum4(
                &mut scores,
                [
                    &buf_sum[..stride],
                    &cache[rows[0]..rows[0] + stride],
                    &cache[rows[1]..rows[1] + stride],
                    &cache[rows[2]..rows[2] + stride],
                ],
            );
            let k = features::<DYN>(st, cx, &mut keys);
            self.weights.add_to(&keys[..k], &mut scores);
            let c = best_valid(&scores[..n_classes], valid, nl);
            st.apply(c, nl);
        }
        let heads = st.heads[1..=n].iter().map(|&h| h.min(n as u32)).collect();
        let labels = st.labels[1..=n]
            .iter()
            .map(|&l| if (l as usize) < nl { l } else { 0 })
            .collect();
        SCRATCH.set(Some(scratch));
        (heads, labels)
    }

    pub fn write(&self, w: &mut Writer) {
        w.strs(&self.labels);
        let mut v: Vec<u64> = self.vocab.iter().copied().collect();
        v.sort();
        w.u32(v.len() as u32);
        for h in v {
            w.u64(h);
        }
        self.weights.write(w);
    }

    pub fn read(r: &mut Reader) -> Result<ParserModel, ModelError> {
        let labels = r.strs()?;
        let nv = r.u32()? as usize;
        let mut vocab = HashSet::with_capacity_and_hasher(nv, IdentityBuild);
        for _ in 0..nv {
            vocab.insert(r.u64()?);
        }
        let weights = Weights::read(r)?;
        if weights.n_classes() != 4 + 2 * labels.len() {
            return Err(ModelError::Format("parser class count mismatch".into()));
        }
        Ok(ParserModel {
            labels,
            vocab,
            weights,
        })
    }

    /// (features, weights) counts.
    pub fn sizes(&self) -> (usize, usize) {
        self.weights.sizes()
    }
}

impl ParserModel {
    /// Parameter mixing: the mean of the weights of parsers trained with different seeds.
    pub fn mean(models: &[ParserModel], prune: f32) -> Option<ParserModel> {
        let first = models.first()?;
        let tables: Vec<&Weights> = models.iter().map(|m| &m.weights).collect();
        Some(ParserModel {
            labels: first.labels.clone(),
            vocab: first.vocab.clone(),
            weights: Weights::mean(&tables, prune),
        })
    }
}

/// Makes a tree projective by lifting non-projective arcs (d's head becomes its head's
/// head) until none is left. `heads[i]` is the head of word i+1.
pub fn projectivize(heads: &[u32]) -> Vec<u32> {
    let n = heads.len();
    let mut h: Vec<u32> = std::iter::once(0).chain(heads.iter().copied()).collect();
    let dominates = |h: &[u32], a: u32, mut k: u32| -> bool {
        let mut steps = 0;
        while k != 0 && steps <= n {
            k = h[k as usize];
            if k == a {
                return true;
            }
            steps += 1;
        }
        a == 0
    };
    loop {
        let mut worst: Option<(u32, u32)> = None; // (length, dependent)
        for d in 1..=n as u32 {
            let hd = h[d as usize];
            let (lo, hi) = if hd < d { (hd, d) } else { (d, hd) };
            let nonproj = (lo + 1..hi).any(|k| !dominates(&h, hd, k));
            if nonproj {
                let len = hi - lo;
                if worst.is_none_or(|w| len < w.0) {
                    worst = Some((len, d));
                }
            }
        }
        match worst {
            Some((_, d)) => {
                let hd = h[d as usize];
                if hd == 0 {
                    break;
                }
                h[d as usize] = h[hd as usize];
            }
            None => break,
        }
    }
    h[1..].to_vec()
}

/// Training settings for the parser.
pub struct ParserTrain {
    /// Number of epochs.
    pub epochs: usize,
    /// Seed for shuffling and exploration.
    pub seed: u64,
    /// Follow the model's own (possibly wrong) prediction with this probability...
    pub explore_p: f64,
    /// ...from this epoch on (1-based); 0 disables exploration.
    pub explore_from: usize,
    /// Words seen fewer times than this are replaced by a "rare" word.
    pub min_count: u32,
    /// Averaged weights smaller than this are dropped from the model.
    pub prune: f32,
}

/// (UAS, LAS) of `model` on `sents` (full labels).
pub fn evaluate(model: &ParserModel, sents: &[ParseSent]) -> (f64, f64) {
    let (mut u, mut l, mut n) = (0usize, 0usize, 0usize);
    for s in sents {
        let (h, lab) = model.parse(&s.words, &s.tags);
        for i in 0..h.len() {
            n += 1;
            if h[i] == s.heads[i] {
                u += 1;
                if lab[i] == s.labels[i] {
                    l += 1;
                }
            }
        }
    }
    (u as f64 / n.max(1) as f64, l as f64 / n.max(1) as f64)
}

/// Trains the parser; returns the model of the epoch with the best LAS on `dev`.
pub fn train(
    labels: &[String],
    train: &[ParseSent],
    dev: &[ParseSent],
    cfg: &ParserTrain,
    log: &mut dyn FnMut(String),
) -> ParserModel {
    let nl = labels.len();
    let nc = 1 + 2 * nl;
    let mut tw = TrainWeights::new(nc + 3);
    let mut rng = Rng::new(cfg.seed.wrapping_add(17));
    let mut order: Vec<usize> = (0..train.len()).collect();
    let gold_heads: Vec<Vec<u32>> = train
        .iter()
        .map(|s| {
            let p = projectivize(&s.heads);
            std::iter::once(0).chain(p).collect()
        })
        .collect();
    let mut counts: HashMap<u64, u32, IdentityBuild> = HashMap::with_hasher(IdentityBuild);
    for s in train {
        for w in &s.words {
            *counts.entry(w[0]).or_default() += 1;
        }
    }
    let vocab: HashSet<u64, IdentityBuild> = counts
        .iter()
        .filter(|(_, &c)| c >= cfg.min_count)
        .map(|(&w, _)| w)
        .collect();
    let mut best: Option<(f64, ParserModel)> = None;
    let mut feats = [0u64; N_FEATS];
    let mut scores = vec![0f32; nc + 3];
    for epoch in 1..=cfg.epochs {
        let start = std::time::Instant::now();
        rng.shuffle(&mut order);
        let explore = cfg.explore_from > 0 && epoch >= cfg.explore_from;
        let (mut steps, mut errs) = (0usize, 0usize);
        for &si in &order {
            let s = &train[si];
            let gh = &gold_heads[si];
            let n = s.words.len();
            let cx = context(&s.words, &s.tags, &vocab);
            let mut st = State::new(n);
            while !st.done() {
                features::<ALL>(&st, &cx, &mut feats);
                tw.score(&feats, &mut scores);
                for c in 0..nc {
                    scores[c] += scores[nc + kind_of(c, nl)];
                }
                scores[nc..].iter_mut().for_each(|s| *s = 0.0);
                let valid = st.valid();
                let guess = best_valid(&scores, valid, nl);
                let uc = st.costs(gh);
                let len = st.stack.len();
                let s0 = st.stack[len - 1] as usize;
                let s1 = if len >= 2 {
                    st.stack[len - 2]
                } else {
                    u32::MAX
                };
                let gold_label = if s0 >= 1 {
                    s.labels[s0 - 1] as usize
                } else {
                    0
                };
                let cost = |c: usize| -> u32 {
                    if c == 0 {
                        uc[0]
                    } else if c <= nl {
                        uc[1] + (gh[s0] == st.b && c - 1 != gold_label) as u32
                    } else {
                        uc[2] + (gh[s0] == s1 && c - 1 - nl != gold_label) as u32
                    }
                };
                let kind = |c: usize| {
                    if c == 0 {
                        0
                    } else if c <= nl {
                        1
                    } else {
                        2
                    }
                };
                let mut min_cost = u32::MAX;
                for c in 0..nc {
                    if valid[kind(c)] {
                        min_cost = min_cost.min(cost(c));
                    }
                }
                let mut gold = usize::MAX;
                for c in 0..nc {
                    if valid[kind(c)]
                        && cost(c) == min_cost
                        && (gold == usize::MAX || scores[c] > scores[gold])
                    {
                        gold = c;
                    }
                }
                steps += 1;
                if cost(guess) > min_cost {
                    errs += 1;
                    tw.update(&feats, gold, guess);
                    tw.update(&feats, nc + kind_of(gold, nl), nc + kind_of(guess, nl));
                }
                tw.tick();
                let next = if explore && rng.next_f64() < cfg.explore_p {
                    guess
                } else {
                    gold
                };
                st.apply(next, nl);
            }
        }
        let model = ParserModel {
            labels: labels.to_vec(),
            vocab: vocab.clone(),
            weights: tw.average(cfg.prune),
        };
        let (uas, las) = if dev.is_empty() {
            (0.0, 0.0)
        } else {
            evaluate(&model, dev)
        };
        log(format!(
            "parser epoch {epoch}: train step acc {:.4}, dev UAS {uas:.4} LAS(full) {las:.4}, {} features ({:?} kept), {:.1}s",
            1.0 - errs as f64 / steps.max(1) as f64,
            tw.len(),
            model.sizes(),
            start.elapsed().as_secs_f64()
        ));
        if dev.is_empty() || best.as_ref().is_none_or(|b| las > b.0) {
            best = Some((las, model));
        }
    }
    best.expect("at least one epoch").1
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Following the oracle's zero-cost transitions rebuilds the (projectivized) gold tree.
    pub(crate) fn oracle_rebuilds(heads: &[u32], labels: &[u16], nl: usize) -> bool {
        let n = heads.len();
        let proj = projectivize(heads);
        let gh: Vec<u32> = std::iter::once(0).chain(proj.iter().copied()).collect();
        let mut st = State::new(n);
        while !st.done() {
            let valid = st.valid();
            let uc = st.costs(&gh);
            let len = st.stack.len();
            let s0 = st.stack[len - 1] as usize;
            let mut best = None;
            for (k, &ok) in valid.iter().enumerate() {
                if ok && best.is_none_or(|(_, c)| uc[k] < c) {
                    best = Some((k, uc[k]));
                }
            }
            let (k, c) = best.unwrap();
            assert_eq!(c, 0, "no zero-cost transition");
            let lab = if s0 >= 1 { labels[s0 - 1] as usize } else { 0 };
            let class = match k {
                0 => 0,
                1 => 1 + lab,
                _ => 1 + nl + lab,
            };
            st.apply(class, nl);
        }
        st.heads[1..=n] == proj[..] && st.labels[1..=n] == labels[..]
    }

    /// The template groups partition the templates, in every state of random transition
    /// sequences.
    #[test]
    fn template_groups_partition_the_templates() {
        let mut rng = Rng::new(7);
        for n in [1usize, 2, 3, 7, 20] {
            let (cx, nl) = (random_context(&mut rng, n), 3);
            let mut st = State::new(n);
            let mut states = 0;
            while !st.done() {
                let mut all = [0u64; N_FEATS];
                assert_eq!(features::<ALL>(&st, &cx, &mut all), N_FEATS);
                let mut got = Vec::new();
                let mut keys = [0u64; N_FEATS];
                for group in [DYN, S0, S1, S2, BUF] {
                    let k = match group {
                        DYN => features::<DYN>(&st, &cx, &mut keys),
                        S0 => features::<S0>(&st, &cx, &mut keys),
                        S1 => features::<S1>(&st, &cx, &mut keys),
                        S2 => features::<S2>(&st, &cx, &mut keys),
                        _ => features::<BUF>(&st, &cx, &mut keys),
                    };
                    assert!(k > 0);
                    got.extend_from_slice(&keys[..k]);
                }
                let mut want = all.to_vec();
                want.sort_unstable();
                got.sort_unstable();
                assert_eq!(got, want, "n = {n}, state {states}");
                random_step(&mut rng, &mut st, nl);
                states += 1;
            }
            assert_eq!(states, 2 * n);
        }
    }

    /// A sentence of random word and tag hashes.
    fn random_context(rng: &mut Rng, n: usize) -> Ctx {
        let words: Vec<[u64; 2]> = (0..n).map(|_| [rng.next_u64(), rng.next_u64()]).collect();
        let tags: Vec<[u64; 3]> = (0..n)
            .map(|i| [rng.next_u64() % 5, rng.next_u64() % 3, i as u64 % 4])
            .collect();
        let vocab: HashSet<u64, IdentityBuild> = words.iter().step_by(2).map(|w| w[0]).collect();
        context(&words, &tags, &vocab)
    }

    /// Applies a random valid transition.
    fn random_step(rng: &mut Rng, st: &mut State, nl: usize) {
        let valid = st.valid();
        let kinds: Vec<usize> = (0..3).filter(|&k| valid[k]).collect();
        let kind = kinds[(rng.next_u64() % kinds.len() as u64) as usize];
        let label = (rng.next_u64() % nl as u64) as usize;
        st.apply([0, 1 + label, 1 + nl + label][kind], nl);
    }

    /// The [`S0`] group is a function of the s0 token while it is on the stack (what the
    /// cache in `parse` relies on): along random transition sequences, its keys are the
    /// same every time a token is s0.
    #[test]
    fn s0_group_is_fixed_while_the_token_is_on_the_stack() {
        let mut rng = Rng::new(11);
        for n in [2usize, 5, 12, 30] {
            for _ in 0..20 {
                let cx = random_context(&mut rng, n);
                let mut st = State::new(n);
                let mut seen: HashMap<u32, Vec<u64>> = HashMap::new();
                let mut repeats = 0;
                while !st.done() {
                    let mut keys = [0u64; N_FEATS];
                    let k = features::<S0>(&st, &cx, &mut keys);
                    let s0 = *st.stack.last().unwrap();
                    match seen.get(&s0) {
                        Some(old) => {
                            assert_eq!(old[..], keys[..k]);
                            repeats += 1;
                        }
                        None => {
                            seen.insert(s0, keys[..k].to_vec());
                        }
                    }
                    random_step(&mut rng, &mut st, 3);
                }
                assert!(n < 5 || repeats > 0);
            }
        }
    }

    /// The parse without any cache: every template scored in every state.
    fn parse_uncached(
        model: &ParserModel,
        words: &[[u64; 2]],
        tags: &[[u64; 3]],
    ) -> (Vec<u32>, Vec<u16>) {
        let nl = model.labels.len();
        let cx = context(words, tags, &model.vocab);
        let mut st = State::new(words.len());
        let mut keys = [0u64; N_FEATS];
        let mut scores: Scores = [0; 256];
        while !st.done() {
            features::<ALL>(&st, &cx, &mut keys);
            model.weights.score(&keys, &mut scores);
            let c = best_valid(&scores[..model.weights.n_classes()], st.valid(), nl);
            st.apply(c, nl);
        }
        let n = words.len();
        (st.heads[1..=n].to_vec(), st.labels[1..=n].to_vec())
    }

    /// With the shipped model, the cached parse makes the same transitions as the uncached
    /// one on jumbled sentences of news words.
    #[test]
    fn cached_parse_equals_uncached_parse() {
        let model = crate::Model::embedded();
        let vocab = "the a rebels attacked town on Monday , and said that police \
                     arrested two men in Kabul . who had fled after talks with Iran \
                     will meet 's minister of defense \" ( ) but not was by it";
        let pool: Vec<&str> = vocab.split_whitespace().collect();
        let mut rng = Rng::new(5);
        for len in (1..40).chain([80, 150]) {
            let words: Vec<&str> = (0..len)
                .map(|_| pool[(rng.next_u64() % pool.len() as u64) as usize])
                .collect();
            let (_, th) = model.tag_for_parse(&words);
            let wh: Vec<[u64; 2]> = words.iter().map(|w| word_hash(w)).collect();
            let got = model.parser.parse(&wh, &th);
            assert_eq!(got, parse_uncached(&model.parser, &wh, &th), "{words:?}");
        }
    }

    #[test]
    fn oracle_on_small_trees() {
        // projective, with a right-branching chain and left dependents
        assert!(oracle_rebuilds(&[2, 0, 4, 2, 2], &[0, 1, 2, 3, 4], 5));
        assert!(oracle_rebuilds(&[0, 1, 2, 3], &[1, 2, 3, 4], 5));
        assert!(oracle_rebuilds(&[4, 4, 4, 0], &[1, 2, 3, 0], 5));
        // non-projective: 1 -> 3 crosses 2 -> 4
        let h = [3, 4, 0, 3];
        let p = projectivize(&h);
        assert!(oracle_rebuilds(&h, &[1, 2, 0, 3], 5));
        assert_ne!(p, h.to_vec());
    }

    #[test]
    fn oracle_on_ewt_train() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/data/ud/en_ewt-ud-train.conllu"
        );
        let Ok(text) = std::fs::read_to_string(path) else {
            println!("skipped: {path} not found");
            return;
        };
        let sents = crate::conllu::read(&text).unwrap();
        let (mut ok, mut n) = (0, 0);
        for s in sents.iter().take(3000) {
            let nw = s.words().count();
            let heads: Vec<u32> = s
                .words()
                .map(|w| w.head_index().unwrap_or(0).min(nw) as u32)
                .collect();
            let labels: Vec<u16> = vec![0; nw];
            n += 1;
            ok += oracle_rebuilds(&heads, &labels, 1) as usize;
        }
        assert_eq!(ok, n);
    }
}
