//! Averaged perceptron over hashed sparse features: a growable training form and a
//! compact open-addressing runtime form.

use std::collections::HashMap;

use crate::hash::IdentityBuild;
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
            if let Some(&r) = self.map.get(f) {
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
            let r = *self.map.entry(f).or_insert(next);
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
                libc::madvise(aligned as *mut libc::c_void, end - aligned, libc::MADV_HUGEPAGE);
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

#[derive(Clone, Copy, Default)]
#[repr(C)]
struct Slot {
    key: u64,
    start: u32,
    len: u32,
}

#[derive(Clone, Copy)]
#[repr(C)]
struct Entry {
    w: f32,
    class: u32,
}

/// Averaged weights for prediction: an open-addressing table from feature key to a
/// sparse row of (class, weight).
pub struct Weights {
    n_classes: usize,
    mask: usize,
    slots: Vec<Slot>,
    entries: Vec<Entry>,
    n_feats: usize,
}

impl Weights {
    fn build(n_classes: usize, feats: &[(u64, Vec<(u16, f32)>)]) -> Weights {
        let cap = (feats.len() * 3 / 2 + 16).next_power_of_two();
        let mask = cap - 1;
        let mut slots: Vec<Slot> = Vec::with_capacity(cap);
        huge_pages(&slots);
        slots.resize(cap, Slot::default());
        let mut entries: Vec<Entry> = Vec::with_capacity(feats.iter().map(|f| f.1.len()).sum());
        huge_pages(&entries);
        for (key, row) in feats {
            let mut i = (*key as usize) & mask;
            while slots[i].key != 0 {
                i = (i + 1) & mask;
            }
            slots[i] = Slot {
                key: *key,
                start: entries.len() as u32,
                len: row.len() as u32,
            };
            entries.extend(row.iter().map(|&(c, w)| Entry { w, class: c as u32 }));
        }
        Weights {
            n_classes,
            mask,
            slots,
            entries,
            n_feats: feats.len(),
        }
    }

    /// Number of classes.
    pub fn n_classes(&self) -> usize {
        self.n_classes
    }

    /// Number of features and of stored weights.
    pub fn sizes(&self) -> (usize, usize) {
        (self.n_feats, self.entries.len())
    }

    /// Sets `scores` to the sum of the weights of `feats`.
    ///
    /// Memory-bound: the table is far larger than the caches, so lookups are done in
    /// passes (prefetch every home slot, resolve rows and prefetch them, then add) to
    /// overlap the cache misses instead of taking them one after another.
    #[inline]
    pub fn score(&self, feats: &[u64], scores: &mut [f32]) {
        scores.iter_mut().for_each(|s| *s = 0.0);
        const CHUNK: usize = 128;
        let mut rows = [(0u32, 0u32); CHUNK];
        for chunk in feats.chunks(CHUNK) {
            for &f in chunk {
                prefetch(&self.slots[(f as usize) & self.mask]);
            }
            for (r, &f) in rows.iter_mut().zip(chunk) {
                let mut i = (f as usize) & self.mask;
                *r = loop {
                    let s = &self.slots[i];
                    if s.key == f {
                        break (s.start, s.len);
                    }
                    if s.key == 0 {
                        break (0, 0);
                    }
                    i = (i + 1) & self.mask;
                };
                if r.1 > 0 {
                    prefetch(&self.entries[r.0 as usize]);
                }
            }
            for &(start, len) in &rows[..chunk.len()] {
                for e in &self.entries[start as usize..(start + len) as usize] {
                    // class < n_classes is checked when loading
                    if let Some(s) = scores.get_mut(e.class as usize) {
                        *s += e.w;
                    }
                }
            }
        }
    }

    /// Serializes with weights quantized to i16 (one scale for the table).
    pub fn write(&self, w: &mut Writer) {
        let max = self.entries.iter().fold(0f32, |m, e| m.max(e.w.abs()));
        let scale = if max > 0.0 { max / 32767.0 } else { 1.0 };
        let mut feats: Vec<&Slot> = self.slots.iter().filter(|s| s.key != 0).collect();
        feats.sort_by_key(|s| s.key);
        w.u32(self.n_classes as u32);
        w.u32(feats.len() as u32);
        w.f32(scale);
        let mut prev = 0u64;
        for s in feats {
            let row = &self.entries[s.start as usize..(s.start + s.len) as usize];
            let q: Vec<(u32, i16)> = row
                .iter()
                .map(|e| (e.class, (e.w / scale).round() as i16))
                .filter(|e| e.1 != 0)
                .collect();
            // keys are sorted: store the delta as a varint
            let mut d = s.key - prev;
            prev = s.key;
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
        let n = r.u32()? as usize;
        let scale = r.f32()?;
        let mut feats = Vec::with_capacity(n);
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
            let len = r.u8()? as usize;
            let mut row = Vec::with_capacity(len);
            for _ in 0..len {
                let c = r.u8()? as u16;
                let v = r.u16()? as i16;
                if c as usize >= n_classes {
                    return Err(ModelError::Format("class out of range".into()));
                }
                row.push((c, v as f32 * scale));
            }
            if prev == 0 {
                return Err(ModelError::Format("zero feature key".into()));
            }
            if !row.is_empty() {
                feats.push((prev, row));
            }
        }
        Ok(Weights::build(n_classes, &feats))
    }
}
