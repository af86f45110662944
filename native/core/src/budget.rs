//! A cache's byte budget that can start small and grow when the cache thrashes.
//!
//! A walk's caches (decoded pack objects, blob versions) pay for every byte they hold: each fresh
//! page is a fault, about as costly as using what it holds. Some histories need a large cache
//! (a file whose versions form long delta chains re-decodes each chain from its base once the
//! cache has dropped the middle); most do not. So a growing budget starts small and grows
//! fourfold, up to its ceiling, each time what was read again after being evicted exceeds a
//! quarter of it: a history that needs the most gets there in a few steps (the generated
//! benchmark repository's scheduler.ts took 2% longer than starting at the most, where doubling
//! at a half took 4% longer; express's History.md 27% and 31% less).

use std::hash::Hash;

use rustc_hash::FxHashSet;

/// Evicted keys remembered at most (16-24 bytes each), so that the bookkeeping stays small.
const MAX_REMEMBERED: usize = 1 << 20;

pub struct Budget<K> {
    bytes: usize,
    ceiling: usize,
    /// Keys evicted since the budget last grew: reading one again means the cache was too small.
    evicted: FxHashSet<K>,
    read_again: usize,
}

impl<K: Hash + Eq> Budget<K> {
    /// A budget of `bytes` that never changes.
    pub fn fixed(bytes: usize) -> Self {
        Budget::growing(bytes, bytes)
    }

    /// A budget of `start` bytes that grows to `ceiling` while the cache thrashes.
    pub fn growing(start: usize, ceiling: usize) -> Self {
        Budget { bytes: start.min(ceiling), ceiling, evicted: FxHashSet::default(), read_again: 0 }
    }

    /// The most the cache may ever hold.
    pub fn ceiling(&self) -> usize {
        self.ceiling
    }

    /// The bytes the cache may hold now.
    pub fn bytes(&self) -> usize {
        self.bytes
    }

    /// The cache dropped `key`.
    pub fn evicted(&mut self, key: K) {
        if self.bytes >= self.ceiling {
            return;
        }
        if self.evicted.len() >= MAX_REMEMBERED {
            self.evicted.clear();
        }
        self.evicted.insert(key);
    }

    /// The cache stores `key`, of `bytes`: if it had dropped it before, the budget may grow.
    pub fn stored(&mut self, key: &K, bytes: usize) {
        if self.bytes >= self.ceiling || !self.evicted.remove(key) {
            return;
        }
        self.read_again += bytes;
        if self.read_again > self.bytes / 4 {
            self.bytes = self.bytes.saturating_mul(4).min(self.ceiling);
            self.read_again = 0;
            if self.bytes >= self.ceiling {
                self.evicted = FxHashSet::default();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grows_only_while_evicted_entries_are_read_again_and_stops_at_its_ceiling() {
        let mut b: Budget<u32> = Budget::growing(100, 1000);
        // New entries, and evicted ones never read again: no growth.
        for k in 0..50 {
            b.stored(&k, 10);
            b.evicted(k);
        }
        assert_eq!(b.bytes(), 100);
        // Read again: 25 bytes is a quarter of the budget, not more; the next one makes it grow.
        for k in 0..5 {
            b.stored(&k, 5);
        }
        assert_eq!(b.bytes(), 100);
        b.stored(&5, 10);
        assert_eq!(b.bytes(), 400);
        // A key counts once per eviction.
        b.stored(&5, 1000);
        assert_eq!(b.bytes(), 400);
        for k in 100..120 {
            b.evicted(k);
        }
        for k in 100..120 {
            b.stored(&k, 10);
        }
        assert_eq!(b.bytes(), 1000, "grows to its ceiling, not fourfold past it");
        for k in 200..300 {
            b.evicted(k);
            b.stored(&k, 1000);
        }
        assert_eq!(b.bytes(), 1000, "grew past its ceiling");
        let mut fixed: Budget<u32> = Budget::fixed(64);
        fixed.evicted(1);
        fixed.stored(&1, 1000);
        assert_eq!(fixed.bytes(), 64);
    }
}
