//! git's `estimate_similarity` (`diffcore-rename.c`): how much of a destination file comes from
//! a source file, as a score from 0 to [`MAX_SCORE`], from the blobs' sizes and span counts.

use gix::ObjectId;
use rustc_hash::FxHashMap;

use super::spanhash::{count_changes, SpanHashes};
use super::{Entry, EntryKind};
use crate::error::Result;

/// git's `MAX_SCORE`: 100% similarity. git computes in `double` with it; so do we.
pub const MAX_SCORE: u16 = 60_000;

/// Where the similarity estimate gets blob sizes and contents. `size` should not read the blob
/// (git only reads object headers before the size check).
pub trait Blobs {
    fn size(&self, id: &ObjectId) -> Result<u64>;
    fn read(&self, id: &ObjectId) -> Result<Vec<u8>>;
}

impl Blobs for gix::Repository {
    fn size(&self, id: &ObjectId) -> Result<u64> {
        self.find_header(*id).map(|h| h.size()).map_err(|e| missing(id, e))
    }

    fn read(&self, id: &ObjectId) -> Result<Vec<u8>> {
        self.find_object(*id).map(|o| o.detach().data).map_err(|e| missing(id, e))
    }
}

/// Sizes from object headers, as gix reads them; contents through the reader's cache.
impl Blobs for crate::packs::SharedObjects {
    fn size(&self, id: &ObjectId) -> Result<u64> {
        self.repo().size(id)
    }

    fn read(&self, id: &ObjectId) -> Result<Vec<u8>> {
        self.object(*id).map(|(_, data)| data.to_vec())
    }
}

fn missing(id: &ObjectId, e: impl std::fmt::Display) -> crate::Error {
    crate::Error::new(crate::ErrorCode::MissingObject, format!("cannot read blob {id} for rename detection: {e}"))
}

/// Sizes and span counts of the blobs compared so far (git keeps them in each filespec's
/// `cnt_data`). Sizes are cheap and kept until [`SimilarityCache::clear`]; span counts too, but
/// they are dropped once they weigh too much.
#[derive(Default)]
pub struct SimilarityCache {
    sizes: FxHashMap<ObjectId, u64>,
    spans: FxHashMap<ObjectId, SpanHashes>,
    spans_weight: usize,
    /// The destination compared last, spread out by hash: one destination meets every source in
    /// turn, so looking each source hash up here beats merging two sorted lists per pair.
    dense: DenseSpans,
    /// The size of that destination, for the same reason.
    dst_size: Option<(ObjectId, u64)>,
}

/// Bytes per span hash of one blob, indexed by hash.
#[derive(Default)]
struct DenseSpans {
    of: Option<ObjectId>,
    bytes: Vec<u32>,
    /// The hashes set, to clear only those.
    set: Vec<u32>,
}

impl DenseSpans {
    fn load(&mut self, id: ObjectId, spans: &SpanHashes) {
        if self.of == Some(id) {
            return;
        }
        if self.bytes.is_empty() {
            self.bytes = vec![0; super::spanhash::HASHBASE as usize];
        }
        for &h in &self.set {
            self.bytes[h as usize] = 0;
        }
        self.set.clear();
        for &(hash, count) in spans.entries() {
            self.bytes[hash as usize] = count;
            self.set.push(hash);
        }
        self.of = Some(id);
    }

    /// git's `diffcore_count_changes`' copied bytes: per hash, the smaller of the two counts.
    /// Stops early, returning some count below `needed`, once `needed` is out of reach: what
    /// is left of `src` could not make up the difference.
    fn copied_from(&self, src: &SpanHashes, needed: u64) -> u64 {
        let mut copied = 0u64;
        let mut left = src.total();
        for chunk in src.entries().chunks(16) {
            if copied + left < needed {
                return copied + left;
            }
            for &(hash, count) in chunk {
                copied += u64::from(count.min(self.bytes[hash as usize]));
                left -= u64::from(count);
            }
        }
        copied
    }
}

/// Span hashes kept before the cache is emptied (about 8 bytes each).
const SPANS_BUDGET: usize = 1 << 20;
/// Sizes kept before that cache is emptied.
const SIZES_MAX: usize = 1 << 20;

impl SimilarityCache {
    pub fn clear(&mut self) {
        self.spans.clear();
        self.spans_weight = 0;
        if self.sizes.len() > SIZES_MAX {
            self.sizes.clear();
        }
    }

    fn size(&mut self, blobs: &impl Blobs, id: &ObjectId) -> Result<u64> {
        if let Some(&s) = self.sizes.get(id) {
            return Ok(s);
        }
        let s = blobs.size(id)?;
        self.sizes.insert(*id, s);
        Ok(s)
    }

    /// Computes the span counts of `id` unless known; making room never drops `keep`.
    fn load_spans(&mut self, blobs: &impl Blobs, id: &ObjectId, keep: &ObjectId) -> Result<()> {
        if self.spans.contains_key(id) {
            return Ok(());
        }
        let data = blobs.read(id)?;
        let hashes = SpanHashes::of(&data, !is_binary(&data));
        if self.spans_weight + hashes.len() > SPANS_BUDGET {
            self.spans.retain(|k, _| k == keep);
            self.spans_weight = self.spans.values().map(SpanHashes::len).sum();
        }
        self.spans_weight += hashes.len();
        self.spans.insert(*id, hashes);
        Ok(())
    }

    /// git's `estimate_similarity`: 0 unless both are regular files whose sizes are close enough
    /// for `min_score` to be reachable; otherwise the bytes of `src` found in `dst`, scaled by the
    /// larger size.
    pub fn estimate(&mut self, blobs: &impl Blobs, src: &Entry, dst: &Entry, min_score: u16) -> Result<u16> {
        self.estimate_with(blobs, src, dst, min_score, false)
    }

    /// [`SimilarityCache::estimate`], exact from `min_score` up; below it, only known to be below
    /// (the count stops once `min_score` is out of reach). Callers that drop such pairs lose
    /// nothing, except where git lets a low score decide something (the matrix's ties).
    pub fn estimate_at_least(&mut self, blobs: &impl Blobs, src: &Entry, dst: &Entry, min_score: u16) -> Result<u16> {
        self.estimate_with(blobs, src, dst, min_score, true)
    }

    fn estimate_with(&mut self, blobs: &impl Blobs, src: &Entry, dst: &Entry, min_score: u16, stop_early: bool) -> Result<u16> {
        // Symlinks and submodules are renamed only when they are identical (the exact step).
        if src.kind() != EntryKind::Regular || dst.kind() != EntryKind::Regular {
            return Ok(0);
        }
        let dst_size = match self.dst_size {
            Some((id, size)) if id == dst.id => size,
            _ => {
                let size = self.size(blobs, &dst.id)?;
                self.dst_size = Some((dst.id, size));
                size
            }
        };
        let src_size = self.size(blobs, &src.id)?;
        let max_size = src_size.max(dst_size);
        let delta_size = max_size - src_size.min(dst_size);
        let max_score = f64::from(MAX_SCORE);
        // An edit that changes the size this much cannot reach `min_score` (also rules out an
        // empty side, so no division by zero below).
        if (max_size as f64) * (max_score - f64::from(min_score)) < (delta_size as f64) * max_score {
            return Ok(0);
        }
        if dst_size == 0 {
            return Ok(0); // git: "should not happen"
        }
        self.load_spans(blobs, &src.id, &dst.id)?;
        self.load_spans(blobs, &dst.id, &src.id)?;
        self.dense.load(dst.id, &self.spans[&dst.id]);
        // Fewer copied bytes than this score below `min_score` (one byte of slack for the
        // rounding of the division below).
        let needed = if stop_early { (u64::from(min_score) * max_size / u64::from(MAX_SCORE)).saturating_sub(1) } else { 0 };
        let copied = self.dense.copied_from(&self.spans[&src.id], needed);
        debug_assert!(copied < needed || copied == count_changes(&self.spans[&src.id], &self.spans[&dst.id]).0);
        // git: `(int)(src_copied * MAX_SCORE / max_size)`, in double.
        Ok((copied as f64 * max_score / max_size as f64) as u16)
    }
}

/// git's binary test for similarity (`diff_filespec_is_binary` without attributes): a NUL in the
/// first 8000 bytes (`buffer_is_binary`), or bigger than `core.bigFileThreshold` (512 MiB).
fn is_binary(data: &[u8]) -> bool {
    data.len() > 512 << 20 || memchr::memchr(0, &data[..data.len().min(8000)]).is_some()
}

/// git's `basename_same`: the paths end in the same file name.
pub fn basename_same(a: &[u8], b: &[u8]) -> bool {
    basename(a) == basename(b)
}

/// The part of a path after its last `/` (git's `get_basename`).
pub fn basename(path: &[u8]) -> &[u8] {
    match memchr::memrchr(b'/', path) {
        Some(i) => &path[i + 1..],
        None => path,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gix::objs::tree::EntryKind as Mode;

    /// Blobs held in memory, by their git ids.
    struct Memory(FxHashMap<ObjectId, Vec<u8>>);

    impl Blobs for Memory {
        fn size(&self, id: &ObjectId) -> Result<u64> {
            Ok(self.0[id].len() as u64)
        }
        fn read(&self, id: &ObjectId) -> Result<Vec<u8>> {
            Ok(self.0[id].clone())
        }
    }

    fn percent(src: &[u8], dst: &[u8]) -> u32 {
        let id = |data: &[u8]| gix::objs::compute_hash(gix::hash::Kind::Sha1, gix::objs::Kind::Blob, data).unwrap();
        let blobs = Memory([(id(src), src.to_vec()), (id(dst), dst.to_vec())].into_iter().collect());
        let entry = |path: &str, data: &[u8]| Entry { path: path.into(), mode: Mode::Blob.into(), id: id(data) };
        let score = SimilarityCache::default().estimate(&blobs, &entry("a", src), &entry("b", dst), 600).unwrap();
        (f64::from(score) * 100.0 / f64::from(MAX_SCORE)) as u32
    }

    /// Percentages `git diff-tree -r -M1%` (git 2.39.5) prints for these pairs.
    #[test]
    fn scores_of_git() {
        // expressjs/express 97359cb: the last line has no newline, so it counts for nothing.
        let layout = b"<html>\n  <head>\n    <title>{title}</title>\n  </head>\n  <body>\n    {body}\n  </body>\n</html>";
        let ejs = b"<html>\n  <head>\n    <title><%= title %></title>\n  </head>\n  <body>\n    <%= body %>\n  </body>\n</html>";
        assert_eq!(percent(layout, ejs), 45);
        // CR before LF does not count in text...
        assert_eq!(percent(b"alpha\nbeta\ngamma\ndelta\n", b"alpha\r\nbeta\r\ngamma\r\nomega\r\n"), 62);
        // ...but does in binary files.
        assert_eq!(percent(b"\0head\nalpha\r\nbeta\r\ngamma\r\n", b"\0head\nalpha\nbeta\ngamma\r\n"), 50);
        // A long line is cut into 64-byte spans.
        let (mut a, mut b) = (vec![b'x'; 70], [vec![b'x'; 64], vec![b'y'; 6]].concat());
        a.extend_from_slice(b"\nshort\n");
        b.extend_from_slice(b"\nshort\n");
        assert_eq!(percent(&a, &b), 90);
    }

    #[test]
    fn sizes_too_far_apart_score_nothing() {
        let id = |data: &[u8]| gix::objs::compute_hash(gix::hash::Kind::Sha1, gix::objs::Kind::Blob, data).unwrap();
        let (small, big) = (b"one\n".to_vec(), b"one\ntwo\nthree\n".to_vec());
        let blobs = Memory([(id(&small), small.clone()), (id(&big), big.clone())].into_iter().collect());
        let entry = |data: &[u8]| Entry { path: "f".into(), mode: Mode::Blob.into(), id: id(data) };
        let mut cache = SimilarityCache::default();
        assert_eq!(cache.estimate(&blobs, &entry(&small), &entry(&big), 30_000).unwrap(), 0);
        // With a low enough minimum, the size check passes: 4 of 14 bytes.
        assert_eq!(cache.estimate(&blobs, &entry(&small), &entry(&big), 600).unwrap(), (4.0 * 60000.0 / 14.0) as u16);
    }
}
