//! Changed-path Bloom filters of the commit-graph (git's `bloom.c`): for each commit, a filter
//! of the paths (and their leading directories) that differ from its first parent. A filter never
//! says "absent" for a changed path, so "absent" lets blame pass a file to the first parent whole
//! without reading a tree.
//!
//! Keys: `murmur3_32(seed 0x293ae76f)` and `murmur3_32(seed 0x7e646e2c)` of the path, combined as
//! `h0 + i * h1` for `i < num_hashes`; bit `k mod (8 * filter bytes)` is bit `k % 8` of byte `k / 8`.

const SEED0: u32 = 0x293a_e76f;
const SEED1: u32 = 0x7e64_6e2c;
/// The most hashes we accept per key (git writes 7).
const MAX_HASHES: usize = 32;

/// The `BDAT` header: hash version (1: git's original murmur3 with signed chars, 2: fixed),
/// hashes per key, bits per entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BloomSettings {
    pub version: u32,
    pub num_hashes: u32,
    pub bits_per_entry: u32,
}

impl BloomSettings {
    pub(crate) fn usable(&self) -> bool {
        (self.version == 1 || self.version == 2) && self.num_hashes >= 1 && self.num_hashes as usize <= MAX_HASHES
    }
}

/// Murmur3 (x86, 32 bits) as git's `murmur3_seeded_v2`: bytes taken as unsigned.
pub fn murmur3(seed: u32, data: &[u8]) -> u32 {
    const C1: u32 = 0xcc9e_2d51;
    const C2: u32 = 0x1b87_3593;
    let mut h = seed;
    let mut chunks = data.chunks_exact(4);
    for c in &mut chunks {
        let mut k = u32::from_le_bytes([c[0], c[1], c[2], c[3]]);
        k = k.wrapping_mul(C1).rotate_left(15).wrapping_mul(C2);
        h ^= k;
        h = h.rotate_left(13).wrapping_mul(5).wrapping_add(0xe654_6b64);
    }
    let tail = chunks.remainder();
    let mut k1: u32 = 0;
    if tail.len() >= 3 {
        k1 ^= (tail[2] as u32) << 16;
    }
    if tail.len() >= 2 {
        k1 ^= (tail[1] as u32) << 8;
    }
    if !tail.is_empty() {
        k1 ^= tail[0] as u32;
        k1 = k1.wrapping_mul(C1).rotate_left(15).wrapping_mul(C2);
        h ^= k1;
    }
    h ^= data.len() as u32;
    h ^= h >> 16;
    h = h.wrapping_mul(0x85eb_ca6b);
    h ^= h >> 13;
    h = h.wrapping_mul(0xc2b2_ae35);
    h ^= h >> 16;
    h
}

/// The hashes of one path under some settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BloomKey {
    settings: BloomSettings,
    /// `None`: this path cannot be checked under these settings (version 1 filters hash bytes
    /// above 0x7f as signed chars; such paths are always "maybe changed").
    hashes: Option<Vec<u32>>,
}

impl BloomKey {
    pub fn new(path: &[u8], settings: BloomSettings) -> Self {
        if !settings.usable() || (settings.version == 1 && path.iter().any(|&b| b >= 0x80)) {
            return BloomKey { settings, hashes: None };
        }
        let h0 = murmur3(SEED0, path);
        let h1 = murmur3(SEED1, path);
        let hashes = (0..settings.num_hashes).map(|i| h0.wrapping_add(i.wrapping_mul(h1))).collect();
        BloomKey { settings, hashes: Some(hashes) }
    }
}

/// One commit's filter.
#[derive(Debug, Clone, Copy)]
pub struct Filter<'a> {
    pub(crate) data: &'a [u8],
    pub(crate) settings: BloomSettings,
}

impl Filter<'_> {
    /// `false` only if the key's path certainly did not change (git's `bloom_filter_contains`).
    pub fn maybe_contains(&self, key: &BloomKey) -> bool {
        let Some(hashes) = &key.hashes else { return true };
        if key.settings != self.settings || self.data.is_empty() {
            return true;
        }
        let bits = self.data.len() as u64 * 8;
        hashes.iter().all(|&h| {
            let k = h as u64 % bits;
            self.data[(k / 8) as usize] & (1u8 << (k % 8)) != 0
        })
    }

    /// The filter's bytes.
    pub fn bytes(&self) -> &[u8] {
        self.data
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn murmur3_vectors() {
        // git's t0095-bloom.sh and the reference implementation's vectors.
        assert_eq!(murmur3(0, b""), 0x0000_0000);
        assert_eq!(murmur3(0, b"Hello world!"), 0x627b_0c2c);
        assert_eq!(murmur3(0, b"The quick brown fox jumps over the lazy dog"), 0x2e4f_f723);
        assert_eq!(murmur3(1, b""), 0x514e_28b7);
    }

    #[test]
    fn filter_check() {
        let settings = BloomSettings { version: 1, num_hashes: 7, bits_per_entry: 10 };
        let key = BloomKey::new(b"src/lib.rs", settings);
        let hashes = key.hashes.clone().unwrap();
        let mut data = vec![0u8; 4];
        let bits = 32u64;
        for h in &hashes {
            let k = *h as u64 % bits;
            data[(k / 8) as usize] |= 1 << (k % 8);
        }
        assert!(Filter { data: &data, settings }.maybe_contains(&key));
        assert!(Filter { data: &[0xff], settings }.maybe_contains(&key));
        assert!(!Filter { data: &[0], settings }.maybe_contains(&key));
        // a non-ASCII path under version 1 is never ruled out
        let odd = BloomKey::new("é".as_bytes(), settings);
        assert!(Filter { data: &[0], settings }.maybe_contains(&odd));
    }
}
