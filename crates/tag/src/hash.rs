//! Small, fast, deterministic hashing for feature ids (FxHash-style mixing).

const K: u64 = 0x517c_c1b7_2722_0a95;

/// Mixes `x` into the running hash `h`.
#[inline(always)]
pub fn mix(h: u64, x: u64) -> u64 {
    (h.rotate_left(5) ^ x).wrapping_mul(K)
}

/// Final avalanche (murmur3 fmix64), so low and high bits are both usable.
#[inline(always)]
pub fn finish(mut x: u64) -> u64 {
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    x ^= x >> 33;
    x
}

/// Hash of a string's characters.
#[inline]
pub fn hash_str(s: &str) -> u64 {
    let mut h = 0x9e37_79b9_7f4a_7c15u64;
    for c in s.chars() {
        h = mix(h, c as u64);
    }
    finish(mix(h, s.len() as u64))
}

/// Hash of a string's characters, lowercased (no allocation).
#[inline]
pub fn hash_lower(s: &str) -> u64 {
    let mut h = 0x9e37_79b9_7f4a_7c15u64;
    for c in s.chars() {
        if c.is_ascii() {
            h = mix(h, c.to_ascii_lowercase() as u64);
        } else {
            for l in c.to_lowercase() {
                h = mix(h, l as u64);
            }
        }
    }
    finish(mix(h, s.len() as u64))
}

/// Inverse of [`finish`]: `unfinish(finish(x)) == x` (each step of `finish` is a
/// bijection: a shift-xor by ≥ 32 bits is its own inverse, a multiplication by an odd
/// constant is undone by its inverse modulo 2^64).
#[inline]
pub fn unfinish(mut x: u64) -> u64 {
    const I1: u64 = inverse_odd(0xff51_afd7_ed55_8ccd);
    const I2: u64 = inverse_odd(0xc4ce_b9fe_1a85_ec53);
    x ^= x >> 33;
    x = x.wrapping_mul(I2);
    x ^= x >> 33;
    x = x.wrapping_mul(I1);
    x ^= x >> 33;
    x
}

/// The inverse of odd `c` modulo 2^64 (Newton's iteration; each step doubles the number
/// of correct low bits, from 3).
const fn inverse_odd(c: u64) -> u64 {
    let mut y = c;
    let mut i = 0;
    while i < 6 {
        y = y.wrapping_mul(2u64.wrapping_sub(c.wrapping_mul(y)));
        i += 1;
    }
    y
}

/// The unfinished hash of a template id and up to three values: the *feature code* the
/// taggers and parsers compute per lookup. Its high bits are well mixed (the last step is
/// a multiplication), its low 32 bits depend only on the low bits of the inputs; the
/// prediction table ([`crate::perceptron::Weights`]) uses it directly, which saves the
/// avalanche of [`feat`] on every lookup. [`key_of`] turns it into the stored key.
#[inline(always)]
pub fn feat_code(t: u64, a: u64, b: u64, c: u64) -> u64 {
    mix(mix(mix(t.wrapping_mul(K), a), b), c)
}

/// The stored feature key (as written in model files) of a feature code. Never 0.
#[inline(always)]
pub fn key_of(code: u64) -> u64 {
    let h = finish(code);
    if h == 0 {
        1
    } else {
        h
    }
}

/// Feature key from a template id and up to three values. Never 0.
#[inline(always)]
pub fn feat(t: u64, a: u64, b: u64, c: u64) -> u64 {
    key_of(feat_code(t, a, b, c))
}

/// A `BuildHasher` that passes through already-mixed u64 keys.
#[derive(Clone, Copy, Default)]
pub struct IdentityBuild;

/// Hasher for [`IdentityBuild`].
#[derive(Default)]
pub struct IdentityHasher(u64);

impl std::hash::Hasher for IdentityHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = mix(self.0, b as u64);
        }
    }
    fn write_u64(&mut self, i: u64) {
        self.0 = i;
    }
}

impl std::hash::BuildHasher for IdentityBuild {
    type Hasher = IdentityHasher;
    fn build_hasher(&self) -> IdentityHasher {
        IdentityHasher(0)
    }
}

/// Deterministic pseudo-random numbers (SplitMix64).
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x2545_f491_4f6c_dd1d)
    }
    /// Next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    /// Fisher–Yates shuffle.
    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next_u64() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unfinish_inverts_finish() {
        let mut rng = Rng::new(7);
        for x in [0, 1, u64::MAX, 1 << 63, 0x1234_5678] {
            assert_eq!(unfinish(finish(x)), x);
            assert_eq!(finish(unfinish(x)), x);
        }
        for _ in 0..10_000 {
            let x = rng.next_u64();
            assert_eq!(unfinish(finish(x)), x);
        }
    }

    #[test]
    fn a_feature_key_is_the_finished_code() {
        let code = feat_code(3, 11, 22, 33);
        assert_eq!(feat(3, 11, 22, 33), key_of(code));
        assert_eq!(unfinish(feat(3, 11, 22, 33)), code);
        assert_ne!(feat_code(3, 11, 22, 33), feat_code(4, 11, 22, 33));
    }
}
