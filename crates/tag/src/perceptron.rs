//! Averaged perceptron over hashed sparse features: a growable training form and a
//! compact open-addressing runtime form.

use std::collections::HashMap;
use std::mem::MaybeUninit;

use crate::hash::{key_of, unfinish, IdentityBuild};
use crate::io::{Reader, Writer};
use crate::ModelError;

#[derive(Clone, Copy)]
struct Cell {
    class: u16,
    ts: u32,
    w: i32,
    total: i64,
}

/// Weights during training: integer weights with lazily updated sums for averaging.
/// Takes feature codes ([`crate::hash::feat_code`]) and keeps them by their stored key
/// ([`key_of`]).
pub struct TrainWeights {
    n_classes: usize,
    map: HashMap<u64, u32, IdentityBuild>,
    rows: Vec<Vec<Cell>>,
    now: u32,
}

impl TrainWeights {
    pub fn new(n_classes: usize) -> Self {
        TrainWeights {
            n_classes,
            map: HashMap::with_hasher(IdentityBuild),
            rows: Vec::new(),
            now: 1,
        }
    }

    /// Adds the current (unaveraged) weights of `feats` into `scores`.
    #[inline]
    pub fn score(&self, feats: &[u64], scores: &mut [f32]) {
        scores.iter_mut().for_each(|s| *s = 0.0);
        for f in feats {
            if let Some(&r) = self.map.get(&key_of(*f)) {
                for c in &self.rows[r as usize] {
                    scores[c.class as usize] += c.w as f32;
                }
            }
        }
    }

    /// One more training instance has been seen.
    #[inline]
    pub fn tick(&mut self) {
        self.now += 1;
    }

    /// Standard perceptron update: +1 for `truth`, -1 for `guess`.
    pub fn update(&mut self, feats: &[u64], truth: usize, guess: usize) {
        if truth == guess {
            return;
        }
        let now = self.now;
        for &f in feats {
            let next = self.rows.len() as u32;
            let r = *self.map.entry(key_of(f)).or_insert(next);
            if r == next {
                self.rows.push(Vec::with_capacity(2));
            }
            let row = &mut self.rows[r as usize];
            for (class, d) in [(truth, 1i32), (guess, -1i32)] {
                let cell = match row.iter_mut().position(|c| c.class as usize == class) {
                    Some(i) => &mut row[i],
                    None => {
                        row.push(Cell {
                            class: class as u16,
                            ts: now,
                            w: 0,
                            total: 0,
                        });
                        row.last_mut().unwrap()
                    }
                };
                cell.total += (now - cell.ts) as i64 * cell.w as i64;
                cell.ts = now;
                cell.w += d;
            }
        }
    }

    /// Number of features with any weight.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// The averaged weights, dropping those with |w| < `prune`.
    pub fn average(&self, prune: f32) -> Weights {
        let now = self.now;
        let mut feats: Vec<(u64, Vec<(u16, f32)>)> = Vec::with_capacity(self.rows.len());
        for (&key, &r) in &self.map {
            let mut row: Vec<(u16, f32)> = self.rows[r as usize]
                .iter()
                .filter_map(|c| {
                    let total = c.total + (now - c.ts) as i64 * c.w as i64;
                    let w = (total as f64 / now as f64) as f32;
                    (w.abs() >= prune && w != 0.0).then_some((c.class, w))
                })
                .collect();
            if !row.is_empty() {
                row.sort_by_key(|e| e.0);
                feats.push((key, row));
            }
        }
        feats.sort_by_key(|f| f.0);
        Weights::build(self.n_classes, &feats)
    }
}

/// Asks Linux to back a large, not yet touched allocation with transparent huge pages:
/// lookups are random over tens of MB, so with 4 KiB pages nearly every one is a TLB miss.
fn huge_pages<T>(v: &Vec<T>) {
    #[cfg(target_os = "linux")]
    {
        const HUGE: usize = 2 << 20;
        let bytes = v.capacity() * std::mem::size_of::<T>();
        let start = v.as_ptr() as usize;
        let aligned = (start + HUGE - 1) & !(HUGE - 1);
        let end = (start + bytes) & !(HUGE - 1);
        if end > aligned {
            // SAFETY: the range lies inside `v`'s allocation; madvise only sets a hint.
            unsafe {
                libc::madvise(
                    aligned as *mut libc::c_void,
                    end - aligned,
                    libc::MADV_HUGEPAGE,
                );
            }
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = v;
}

#[inline(always)]
fn prefetch<T>(p: &T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: prefetching is a hint; it never faults, and `p` is a valid reference.
    unsafe {
        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        _mm_prefetch::<_MM_HINT_T0>(p as *const T as *const i8);
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

/// Prefetches the cache line holding `p`, which need not point into an allocation
/// (a prefetch is a hint and never faults; the pointer is not dereferenced).
#[inline(always)]
fn prefetch_ptr(p: *const u8) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: `_mm_prefetch` does not access memory architecturally; it cannot fault.
    unsafe {
        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        _mm_prefetch::<_MM_HINT_T0>(p as *const i8);
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

#[derive(Clone, Copy, Default)]
#[repr(C)]
struct Slot {
    /// Low half of the feature code, never 0 (0 marks an empty slot); the home slot
    /// comes from the high bits, so together they identify the feature.
    fp: u32,
    /// Dense row number if `DENSE` is set, else the index in `entries` of the row's
    /// header (whose `class` is the row length), the row following it.
    start: u32,
}

/// The fingerprint of a feature code: its low half (the home slot comes from the high
/// bits), never 0.
#[inline(always)]
fn fingerprint(code: u64) -> u32 {
    (code as u32) | 1
}

#[derive(Clone, Copy)]
#[repr(C)]
struct Entry {
    class: u16,
    w: i16,
}

/// Averaged weights for prediction: an open-addressing table from feature code
/// ([`crate::hash::feat_code`]) to a sparse or dense row of (class, weight). Model files
/// store the finished keys ([`key_of`]); the table is laid out by code, so a lookup needs
/// no avalanche step.
pub struct Weights {
    n_classes: usize,
    mask: usize,
    /// `64 - log2(slots.len())`: the home slot of code `c` is `c >> shift`.
    shift: u32,
    slots: Vec<Slot>,
    /// (full key, slot) of every feature, for writing and merging (not used to score).
    index: Vec<(u64, u32)>,
    entries: Vec<Entry>,
    /// Rows with many classes, stored densely: `stride` weights each, the `n_classes` weights
    /// of the row then zeros (so that every row is whole SIMD blocks of 16 classes).
    dense: Vec<i16>,
    /// `n_classes` rounded up to a multiple of 16.
    stride: usize,
    /// Whether this CPU runs the AVX2 kernel for dense rows (checked once, at build time).
    avx2: bool,
    /// Weights are stored as i16 multiples of this.
    scale: f32,
    n_feats: usize,
}

/// Score accumulator of [`Weights::score`]: one exact integer sum per class. The weights are
/// i16 and a sum of fewer than 65,536 of them fits an i32, so the sums do not depend on the
/// order of the additions (the f32 sums this replaced were exact integers too: same argmax).
/// It has room for 256 classes (class ids are stored as one byte), so a class read from the
/// table indexes it without a bounds check.
pub type Scores = [i32; 256];

/// Most classes a table can have (class ids are one byte on disk).
const MAX_CLASSES: usize = 256;

/// Marks a slot whose row is dense; `start` then indexes `dense`.
const DENSE: u32 = 1 << 31;

impl Weights {
    fn build(n_classes: usize, feats: &[(u64, Vec<(u16, f32)>)]) -> Weights {
        let max = feats
            .iter()
            .flat_map(|f| f.1.iter().map(|e| e.1.abs()))
            .fold(0f32, f32::max);
        let scale = if max > 0.0 { max / 32767.0 } else { 1.0 };
        let mut rows = FlatRows::default();
        for (key, row) in feats {
            for &(c, w) in row {
                let v = (w / scale).round().clamp(-32767.0, 32767.0) as i16;
                if v != 0 {
                    rows.flat.push((c, v));
                }
            }
            rows.end_row(*key);
        }
        Self::from_rows(n_classes, &rows, scale)
    }

    fn from_rows(n_classes: usize, rows: &FlatRows, scale: f32) -> Weights {
        let n = rows.keys.len();
        let cap = (n * 3 / 2 + 16).next_power_of_two();
        let mask = cap - 1;
        let shift = 64 - cap.trailing_zeros();
        let mut slots: Vec<Slot> = Vec::with_capacity(cap);
        huge_pages(&slots);
        slots.resize(cap, Slot::default());
        let row = |i: usize| &rows.flat[rows.ends[i] as usize..rows.ends[i + 1] as usize];
        // Dense rows are added with SIMD at a cost of about 1.5 sparse entries per 16
        // classes, but take `stride` weights of memory: rows of 8 or more entries, or of a
        // quarter of the classes, are stored densely. (Sparse rows scatter their weights
        // into `scores` with read-modify-writes that wait on each other; from 8 entries
        // on, the dense add was faster in same-process A/B runs on EWT dev, for 3.4 MB more
        // memory with the shipped model. Threshold 16: 8–12 % slower; 6: about the same as
        // 8 for 16 MB more; 2: 244 MB resident.)
        let is_dense = |len: usize| len >= 8 || len * 4 >= n_classes;
        let stride = n_classes.next_multiple_of(16).max(16);
        let (mut n_sparse, mut n_dense) = (0, 0);
        for i in 0..n {
            let len = row(i).len();
            if is_dense(len) {
                n_dense += stride;
            } else {
                n_sparse += len + 1;
            }
        }
        let mut entries: Vec<Entry> = Vec::with_capacity(n_sparse);
        huge_pages(&entries);
        let mut dense: Vec<i16> = Vec::with_capacity(n_dense);
        huge_pages(&dense);
        let mut index = Vec::with_capacity(n);
        for (i, &key) in rows.keys.iter().enumerate() {
            let r = row(i);
            let code = unfinish(key);
            let fp = fingerprint(code);
            let mut j = (code >> shift) as usize;
            while slots[j].fp != 0 {
                j = (j + 1) & mask;
            }
            index.push((key, j as u32));
            slots[j] = if is_dense(r.len()) {
                let k = dense.len() / stride;
                dense.resize(dense.len() + stride, 0);
                for &(c, w) in r {
                    dense[k * stride + c as usize] = w;
                }
                Slot {
                    fp,
                    start: DENSE | k as u32,
                }
            } else {
                let start = entries.len() as u32;
                entries.push(Entry {
                    class: r.len() as u16,
                    w: 0,
                });
                entries.extend(r.iter().map(|&(class, w)| Entry { class, w }));
                Slot { fp, start }
            };
        }
        Weights {
            n_classes,
            mask,
            shift,
            slots,
            index,
            entries,
            dense,
            stride,
            avx2: has_avx2(),
            scale,
            n_feats: n,
        }
    }

    /// The mean of several tables over the same classes (parameter mixing of models
    /// trained with different seeds); weights below `prune` are dropped.
    pub fn mean(tables: &[&Weights], prune: f32) -> Weights {
        let n_classes = tables.first().map_or(0, |t| t.n_classes);
        let k = tables.len().max(1) as f32;
        let mut acc: HashMap<u64, Vec<(u16, f32)>, IdentityBuild> =
            HashMap::with_hasher(IdentityBuild);
        for t in tables {
            for &(key, slot) in &t.index {
                let row = acc.entry(key).or_default();
                for (c, q) in t.row_of(t.slots[slot as usize].start) {
                    let w = q as f32 * t.scale / k;
                    match row.iter_mut().find(|e| e.0 as u32 == c) {
                        Some(e) => e.1 += w,
                        None => row.push((c as u16, w)),
                    }
                }
            }
        }
        let mut feats: Vec<(u64, Vec<(u16, f32)>)> = acc
            .into_iter()
            .map(|(key, mut row)| {
                row.retain(|e| e.1.abs() >= prune && e.1 != 0.0);
                row.sort_by_key(|e| e.0);
                (key, row)
            })
            .filter(|f| !f.1.is_empty())
            .collect();
        feats.sort_by_key(|f| f.0);
        Weights::build(n_classes, &feats)
    }

    /// The (class, quantized weight) pairs of a slot's row.
    fn row_of(&self, start: u32) -> Vec<(u32, i16)> {
        if start & DENSE != 0 {
            let k = (start & !DENSE) as usize * self.stride;
            self.dense[k..k + self.n_classes]
                .iter()
                .enumerate()
                .filter(|(_, &w)| w != 0)
                .map(|(c, &w)| (c as u32, w))
                .collect()
        } else {
            let len = self.entries[start as usize].class as usize;
            self.entries[start as usize + 1..start as usize + 1 + len]
                .iter()
                .map(|e| (e.class as u32, e.w))
                .collect()
        }
    }

    /// Length of the score vectors this table fills: `n_classes` rounded up to a
    /// multiple of 16 (the classes past `n_classes` always score 0).
    pub fn stride(&self) -> usize {
        self.stride
    }

    /// Sets `scores[..stride]` to the sum of four vectors of `stride` sums each (cached
    /// [`Weights::score`] results).
    #[inline]
    pub fn sum4(&self, scores: &mut Scores, parts: [&[i32]; 4]) {
        let n = self.stride;
        assert!(parts.iter().all(|p| p.len() == n));
        #[cfg(target_arch = "x86_64")]
        if self.avx2 {
            // SAFETY: the CPU has AVX2 (checked when the table was built); every part has
            // `stride` elements (asserted) and `stride <= 256` is a multiple of 16.
            unsafe { simd::sum4_avx2(scores, parts, n) };
            return;
        }
        let [a, b, c, d] = parts;
        for i in 0..n {
            scores[i] = a[i] + b[i] + c[i] + d[i];
        }
    }

    /// Number of classes.
    pub fn n_classes(&self) -> usize {
        self.n_classes
    }

    /// Number of features and of stored weights.
    pub fn sizes(&self) -> (usize, usize) {
        let dense_rows = self.dense.len() / self.stride;
        (
            self.n_feats,
            self.entries.len() - (self.n_feats - dense_rows) + dense_rows * self.n_classes,
        )
    }

    /// Sets `scores[..n_classes]` to the sum of the weights of the feature codes `feats`
    /// ([`crate::hash::feat_code`]), in units of the
    /// quantization scale (argmax is unaffected).
    ///
    /// Memory-bound: the table is far larger than the caches, so lookups are done in
    /// passes (prefetch every home slot, resolve rows and prefetch them, then add) to
    /// overlap the cache misses instead of taking them one after another. Dense rows are
    /// added last, all at once, with the sums held in SIMD registers.
    #[inline]
    pub fn score(&self, feats: &[u64], scores: &mut Scores) {
        scores[..self.stride].fill(0);
        self.add_to(feats, scores);
    }

    /// Adds the weights of `feats` to `scores[..n_classes]` (see [`Weights::score`]).
    /// The sums are exact integers, so the order of additions does not change them.
    #[inline]
    pub fn add_to(&self, feats: &[u64], scores: &mut Scores) {
        const CHUNK: usize = 128;
        // Row lists: only the first `ns` / `nd` entries are ever read, so they need no
        // zeroing (zeroing 1 KiB per call was ≈ 3 % of tag+parse).
        let mut sparse = [MaybeUninit::<u32>::uninit(); CHUNK];
        let mut dense = [MaybeUninit::<u32>::uninit(); CHUNK];
        let slots = self.slots.as_ptr();
        let mask = self.mask;
        let shift = self.shift;
        let row_bytes = self.stride * 2;
        for chunk in feats.chunks(CHUNK) {
            for &f in chunk {
                // SAFETY: `slots.len() == 1 << (64 - shift)` (built so), so `f >> shift`
                // is in range.
                prefetch(unsafe { &*slots.add((f >> shift) as usize) });
            }
            let (mut ns, mut nd) = (0, 0);
            for &f in chunk {
                let fp = fingerprint(f);
                let mut i = (f >> shift) as usize;
                let start = loop {
                    // SAFETY: as above, `i <= mask`.
                    let s = unsafe { *slots.add(i) };
                    if s.fp == fp {
                        break s.start;
                    }
                    if s.fp == 0 {
                        break u32::MAX;
                    }
                    i = (i + 1) & mask;
                };
                if start == u32::MAX {
                    continue;
                }
                if start & DENSE != 0 {
                    let k = (start & !DENSE) as usize;
                    // SAFETY: dense row numbers stored in slots index whole rows of `dense`.
                    let row = unsafe { self.dense.as_ptr().add(k * self.stride) } as *const u8;
                    if row_bytes <= 256 {
                        // the usual case (≤ 128 classes), unrolled
                        for o in [0, 64, 128, 192] {
                            prefetch_ptr(row.wrapping_add(o));
                        }
                    } else {
                        let mut o = 0;
                        while o < row_bytes {
                            prefetch_ptr(row.wrapping_add(o));
                            o += 64;
                        }
                    }
                    dense[nd] = MaybeUninit::new(k as u32);
                    nd += 1;
                } else {
                    // SAFETY: sparse starts stored in slots index a header in `entries`.
                    prefetch(unsafe { &*self.entries.as_ptr().add(start as usize) });
                    sparse[ns] = MaybeUninit::new(start);
                    ns += 1;
                }
            }
            let entries = self.entries.as_ptr();
            for s in &sparse[..ns] {
                // SAFETY: the first `ns` entries were written above.
                let start = unsafe { s.assume_init() } as usize;
                // SAFETY: a header and its row lie inside `entries` (built so).
                let row = unsafe {
                    let len = (*entries.add(start)).class as usize;
                    std::slice::from_raw_parts(entries.add(start + 1), len)
                };
                for e in row {
                    // class < n_classes <= 256 (checked when loading)
                    scores[(e.class & 0xff) as usize] += e.w as i32;
                }
            }
            // SAFETY: the first `nd` entries were written above; MaybeUninit<u32> has the
            // layout of u32.
            let rows = unsafe { &*(&dense[..nd] as *const [MaybeUninit<u32>] as *const [u32]) };
            self.add_dense(rows, scores);
        }
    }

    /// Adds the dense rows `rows` to `scores`.
    #[inline]
    fn add_dense(&self, rows: &[u32], scores: &mut Scores) {
        #[cfg(target_arch = "x86_64")]
        if self.avx2 {
            // SAFETY: the CPU has AVX2 (checked when the table was built); every row index
            // comes from a slot of this table, so the row lies inside `dense`.
            unsafe {
                match self.stride / 16 {
                    7 => simd::add_rows_avx2::<7>(&self.dense, rows, scores),
                    1 => simd::add_rows_avx2::<1>(&self.dense, rows, scores),
                    2 => simd::add_rows_avx2::<2>(&self.dense, rows, scores),
                    3 => simd::add_rows_avx2::<3>(&self.dense, rows, scores),
                    4 => simd::add_rows_avx2::<4>(&self.dense, rows, scores),
                    5 => simd::add_rows_avx2::<5>(&self.dense, rows, scores),
                    6 => simd::add_rows_avx2::<6>(&self.dense, rows, scores),
                    8 => simd::add_rows_avx2::<8>(&self.dense, rows, scores),
                    _ => self.add_dense_portable(rows, scores),
                }
            }
            return;
        }
        self.add_dense_portable(rows, scores);
    }

    fn add_dense_portable(&self, rows: &[u32], scores: &mut Scores) {
        let stride = self.stride;
        for &k in rows {
            let k = k as usize * stride;
            for (s, &w) in scores[..stride].iter_mut().zip(&self.dense[k..k + stride]) {
                *s += w as i32;
            }
        }
    }

    /// Serializes (weights as the stored i16 values and the scale).
    pub fn write(&self, w: &mut Writer) {
        let scale = self.scale;
        let mut feats: Vec<(u64, u32)> = self.index.clone();
        feats.sort_by_key(|f| f.0);
        w.u32(self.n_classes as u32);
        w.u32(feats.len() as u32);
        w.f32(scale);
        let mut prev = 0u64;
        for (key, slot) in feats {
            let start = self.slots[slot as usize].start;
            let q: Vec<(u32, i16)> = self
                .row_of(start)
                .into_iter()
                .filter(|e| e.1 != 0)
                .collect();
            // keys are sorted: store the delta as a varint
            let mut d = key - prev;
            prev = key;
            loop {
                let b = (d & 0x7f) as u8;
                d >>= 7;
                if d == 0 {
                    w.u8(b);
                    break;
                }
                w.u8(b | 0x80);
            }
            w.u8(q.len() as u8);
            for (c, v) in q {
                w.u8(c as u8);
                w.u16(v as u16);
            }
        }
    }

    /// Reads what [`Weights::write`] wrote.
    pub fn read(r: &mut Reader) -> Result<Weights, ModelError> {
        let n_classes = r.u32()? as usize;
        if n_classes > MAX_CLASSES {
            return Err(ModelError::Format("too many classes".into()));
        }
        let n = r.u32()? as usize;
        let scale = r.f32()?;
        let mut rows = FlatRows::default();
        rows.keys.reserve(n);
        rows.ends.reserve(n);
        let mut prev = 0u64;
        for _ in 0..n {
            let mut d = 0u64;
            let mut shift = 0;
            loop {
                let b = r.u8()?;
                d |= ((b & 0x7f) as u64) << shift;
                shift += 7;
                if b & 0x80 == 0 || shift >= 64 {
                    break;
                }
            }
            prev = prev.wrapping_add(d);
            if prev == 0 || d == 0 && !rows.keys.is_empty() {
                return Err(ModelError::Format("bad feature key".into()));
            }
            let len = r.u8()? as usize;
            let bytes = r.bytes(len * 3)?;
            for e in bytes.chunks_exact(3) {
                let c = e[0] as u16;
                if c as usize >= n_classes {
                    return Err(ModelError::Format("class out of range".into()));
                }
                rows.flat.push((c, i16::from_le_bytes([e[1], e[2]])));
            }
            rows.end_row(prev);
        }
        Ok(Weights::from_rows(n_classes, &rows, scale))
    }
}

/// Rows of (class, quantized weight), back to back.
struct FlatRows {
    keys: Vec<u64>,
    /// `ends[i]..ends[i + 1]` is row i in `flat`.
    ends: Vec<u32>,
    flat: Vec<(u16, i16)>,
}

impl Default for FlatRows {
    fn default() -> Self {
        FlatRows {
            keys: Vec::new(),
            ends: vec![0],
            flat: Vec::new(),
        }
    }
}

impl FlatRows {
    fn end_row(&mut self, key: u64) {
        if self.flat.len() as u32 == *self.ends.last().unwrap_or(&0) {
            return; // empty row: drop the feature
        }
        self.keys.push(key);
        self.ends.push(self.flat.len() as u32);
    }
}

fn has_avx2() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        std::arch::is_x86_feature_detected!("avx2")
    }
    #[cfg(not(target_arch = "x86_64"))]
    false
}

#[cfg(target_arch = "x86_64")]
mod simd {
    use std::arch::x86_64::*;

    use super::Scores;

    /// `scores[..n] = a + b + c + d` over `n` i32 lanes.
    ///
    /// # Safety
    /// The CPU must support AVX2; `n` must be a multiple of 8, at most 256, and every part
    /// must have at least `n` elements.
    #[target_feature(enable = "avx2")]
    pub(super) unsafe fn sum4_avx2(scores: &mut Scores, parts: [&[i32]; 4], n: usize) {
        let [a, b, c, d] = parts.map(|p| p.as_ptr() as *const __m256i);
        let out = scores.as_mut_ptr() as *mut __m256i;
        for j in 0..n / 8 {
            let x = _mm256_add_epi32(_mm256_loadu_si256(a.add(j)), _mm256_loadu_si256(b.add(j)));
            let y = _mm256_add_epi32(_mm256_loadu_si256(c.add(j)), _mm256_loadu_si256(d.add(j)));
            _mm256_storeu_si256(out.add(j), _mm256_add_epi32(x, y));
        }
    }

    /// Adds dense rows of `16 * B` i16 weights (row `k` at `dense[16 * B * k..]`) to
    /// `scores[..16 * B]`, keeping the `16 * B` i32 sums in registers across the rows.
    ///
    /// # Safety
    /// The CPU must support AVX2, and every row must lie inside `dense`.
    #[target_feature(enable = "avx2")]
    pub(super) unsafe fn add_rows_avx2<const B: usize>(
        dense: &[i16],
        rows: &[u32],
        scores: &mut Scores,
    ) {
        let stride = 16 * B;
        let mut acc = [[_mm256_setzero_si256(); 2]; B];
        for &k in rows {
            let row = dense.as_ptr().add(k as usize * stride);
            for (j, a) in acc.iter_mut().enumerate() {
                let lo = _mm_loadu_si128(row.add(16 * j) as *const __m128i);
                let hi = _mm_loadu_si128(row.add(16 * j + 8) as *const __m128i);
                a[0] = _mm256_add_epi32(a[0], _mm256_cvtepi16_epi32(lo));
                a[1] = _mm256_add_epi32(a[1], _mm256_cvtepi16_epi32(hi));
            }
        }
        let out = scores.as_mut_ptr();
        for (j, a) in acc.iter().enumerate() {
            for (h, v) in a.iter().enumerate() {
                let p = out.add(16 * j + 8 * h) as *mut __m256i;
                _mm256_storeu_si256(p, _mm256_add_epi32(_mm256_loadu_si256(p), *v));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hash::Rng;

    /// Every dense-row kernel the CPU has gives the sums of a plain scan of the rows, and
    /// so do the cached-sum helpers.
    #[test]
    fn kernels_agree_with_a_plain_sum() {
        let mut rng = Rng::new(3);
        for n_classes in [3usize, 17, 102, 106, 130] {
            // rows of every length, so that both sparse and dense rows occur
            let feats: Vec<(u64, Vec<(u16, f32)>)> = (1..400u64)
                .map(|i| {
                    let len = 1 + (rng.next_u64() % n_classes as u64) as usize;
                    let mut row: Vec<(u16, f32)> = (0..len)
                        .map(|_| {
                            let c = (rng.next_u64() % n_classes as u64) as u16;
                            (c, (rng.next_u64() % 2001) as f32 - 1000.0)
                        })
                        .collect();
                    row.sort_by_key(|e| e.0);
                    row.dedup_by_key(|e| e.0);
                    (i.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1, row)
                })
                .collect();
            let mut sorted = feats.clone();
            sorted.sort_by_key(|f| f.0);
            let mut w = Weights::build(n_classes, &sorted);
            // the same keys plus some absent ones
            let keys: Vec<u64> = feats
                .iter()
                .map(|f| unfinish(f.0))
                .chain([2, 4, 6])
                .collect();
            let mut want = vec![0i64; n_classes];
            for (_, row) in &feats {
                for &(c, v) in row {
                    want[c as usize] += (v / w.scale).round() as i64;
                }
            }
            for avx2 in [false, w.avx2] {
                w.avx2 = avx2;
                let mut scores: Scores = [0; 256];
                w.score(&keys, &mut scores);
                let got: Vec<i64> = scores[..n_classes].iter().map(|&s| s as i64).collect();
                assert_eq!(got, want, "{n_classes} classes, avx2 {avx2}");
                assert!(scores[n_classes..w.stride()].iter().all(|&s| s == 0));
                // four cached sums add up to the sum of all keys
                let parts: Vec<Scores> = keys
                    .chunks(keys.len().div_ceil(4))
                    .map(|part| {
                        let mut s: Scores = [0; 256];
                        w.score(part, &mut s);
                        s
                    })
                    .collect();
                let mut total: Scores = [0; 256];
                let st = w.stride();
                w.sum4(
                    &mut total,
                    [
                        &parts[0][..st],
                        &parts[1][..st],
                        &parts[2][..st],
                        &parts[3][..st],
                    ],
                );
                assert_eq!(total[..st], scores[..st]);
            }
        }
    }
}
