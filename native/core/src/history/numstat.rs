//! Insertions and deletions between two versions of a file, as `git diff --numstat [-w]` counts
//! them. One call site for the history walk and the commit list, so both agree; the counting is
//! the git-compatible line diff of [`crate::diff`].
//!
//! [`BlobCounter`] is the fast path: every version of a file is the new side of one diff and the
//! old side of the next, so a worker keeps what a blob yields (binary verdict, line count, line
//! tokens) by blob id, per file, and reads and tokenizes each blob about once instead of twice.
//! Tokens are all a numstat needs (no indent heuristic, no tail trimming), so the cache holds no
//! blob bytes. Memory is bounded by a budget over all files, least recently used first.

use std::sync::Arc;

use gix::ObjectId;
use rustc_hash::FxHashMap;

use super::objects::{is_binary, line_count};
use crate::diff::{Lines, Tokenizer};
use crate::error::{Error, Result};
use crate::packs::{ObjectReader, Packs};

/// (insertions, deletions) turning `old` into `new`; `ignore_whitespace` is git's `-w`.
#[allow(dead_code)]
pub(crate) fn count_changes(old: &[u8], new: &[u8], ignore_whitespace: bool) -> (u32, u32) {
    if old == new {
        return (0, 0);
    }
    crate::diff::count_changes(old, new, ignore_whitespace)
}

/// What one blob yields for numstats.
#[derive(Clone)]
enum BlobInfo {
    Binary,
    Text {
        lines: u32,
        /// Offsets, tokens and indents; `None` until a diff needed them.
        tokens: Option<Arc<Lines>>,
    },
}

/// Decoded pack objects a counter keeps (the delta chains of the files it counts) when it
/// shares the machine with a blame walk (the analysis), and when it runs alone (the commit list,
/// whose workers meet every file of the repository in turn).
pub(crate) const READER_BYTES_SHARED: usize = 32 * 1024 * 1024;
pub(crate) const READER_BYTES_ALONE: usize = 96 * 1024 * 1024;

/// What a counter may keep, in cached lines (22 bytes each: token, indent and offset). Past it,
/// the least recently used files go.
const BUDGET: usize = 1_000_000;

/// The blobs of one file (a head file of the history walk, a path of the commit list).
struct FileCache {
    blobs: FxHashMap<ObjectId, BlobInfo>,
    weight: usize,
    used: u64,
}

/// Counts numstats of blob pairs with a per-thread cache of tokenized blobs, per file. Not
/// `Sync`: one per worker thread, fed the pairs of the same files so that the cache hits.
pub(crate) struct BlobCounter {
    repo: gix::Repository,
    reader: ObjectReader,
    tokenizer: Tokenizer,
    files: FxHashMap<u64, FileCache>,
    clock: u64,
    weight: usize,
    /// Blob pairs counted (calls of [`BlobCounter::count`] with two different sides).
    pub pairs: u64,
}

impl BlobCounter {
    /// `repo` should be a thread-local handle of its own; blobs are read through the counter's
    /// pack reader (`reader_bytes` of decoded objects), gix only for objects outside the packs.
    pub fn new(repo: gix::Repository, ignore_whitespace: bool, reader_bytes: usize) -> Self {
        let reader = ObjectReader::new(Packs::open(&repo), reader_bytes);
        BlobCounter { repo, reader, tokenizer: Tokenizer::new(ignore_whitespace), files: FxHashMap::default(), clock: 0, weight: 0, pairs: 0 }
    }

    /// (insertions, deletions) from blob `old` to blob `new` (`None`: the missing side of an
    /// addition or deletion) of the file `file` (any stable key: blobs of one key share a cache);
    /// binary blobs count nothing, as `git log --numstat` prints `-`.
    pub fn count(&mut self, file: u64, old: Option<ObjectId>, new: Option<ObjectId>) -> Result<(u32, u32)> {
        if old == new {
            return Ok((0, 0));
        }
        self.pairs += 1;
        self.clock += 1;
        let both = old.is_some() && new.is_some();
        let before = self.files.get(&file).map_or(0, |f| f.weight);
        let entry = self.files.entry(file).or_insert_with(|| FileCache {
            blobs: FxHashMap::default(),
            weight: 0,
            used: 0,
        });
        entry.used = self.clock;
        // The new side first: walking history backwards, it is usually the old side of the pair
        // before, so its tokens are cached and the old side is tokenized from it.
        let b = new.map(|id| info(&self.repo, &mut self.reader, &mut self.tokenizer, entry, id, both, None)).transpose()?;
        let sibling = match (&b, new) {
            (Some(BlobInfo::Text { tokens: Some(t), .. }), Some(id)) => Some((id, t.clone())),
            _ => None,
        };
        let a = old.map(|id| info(&self.repo, &mut self.reader, &mut self.tokenizer, entry, id, both, sibling)).transpose()?;
        self.weight = self.weight + entry.weight - before;
        let counts = match (a, b) {
            (Some(BlobInfo::Binary), _) | (_, Some(BlobInfo::Binary)) => (0, 0),
            (Some(BlobInfo::Text { tokens: Some(a), .. }), Some(BlobInfo::Text { tokens: Some(b), .. })) => {
                crate::diff::count_changes_prepared(&[], &a, &[], &b)
            }
            (None, Some(BlobInfo::Text { lines, .. })) => (lines, 0),
            (Some(BlobInfo::Text { lines, .. }), None) => (0, lines),
            _ => return Err(Error::internal("BUG: a blob pair was not tokenized")),
        };
        if self.weight > BUDGET {
            self.evict(file);
        }
        Ok(counts)
    }

    /// Drop the least recently used files (`keep` last) until a quarter of the budget is free.
    fn evict(&mut self, keep: u64) {
        let mut by_age: Vec<(u64, u64)> = self.files.iter().filter(|(&k, _)| k != keep).map(|(&k, f)| (f.used, k)).collect();
        by_age.sort_unstable();
        for (_, k) in by_age {
            if self.weight <= BUDGET / 4 * 3 {
                break;
            }
            if let Some(f) = self.files.remove(&k) {
                self.weight -= f.weight;
            }
        }
        if self.weight > BUDGET {
            // One file alone is over budget: start it over.
            if let Some(f) = self.files.remove(&keep) {
                self.weight -= f.weight;
            }
        }
    }
}

/// Binary verdict, line count and (when `tokens`) tokens of blob `id`, cached in `file`.
/// `sibling`: a blob of the same file whose tokens are known, to tokenize from (see
/// [`Tokenizer::lines_like`]).
fn info(
    repo: &gix::Repository,
    reader: &mut ObjectReader,
    tokenizer: &mut Tokenizer,
    file: &mut FileCache,
    id: ObjectId,
    tokens: bool,
    sibling: Option<(ObjectId, Arc<Lines>)>,
) -> Result<BlobInfo> {
    if let Some(info) = file.blobs.get(&id) {
        match info {
            BlobInfo::Text { tokens: None, .. } if tokens => {}
            _ => return Ok(info.clone()),
        }
    }
    let object = reader.blob(repo, id)?;
    let data: &[u8] = &object;
    let info = if is_binary(data) {
        BlobInfo::Binary
    } else if tokens {
        let lines = match sibling {
            Some((sid, slines)) => tokenizer.lines_like(data, &reader.blob(repo, sid)?, &slines),
            None => tokenizer.lines(data),
        };
        BlobInfo::Text { lines: lines.len() as u32, tokens: Some(Arc::new(lines)) }
    } else {
        BlobInfo::Text { lines: line_count(data), tokens: None }
    };
    drop(object);
    file.weight += weight(&info);
    if let Some(previous) = file.blobs.insert(id, info.clone()) {
        file.weight -= weight(&previous);
    }
    Ok(info)
}

fn weight(info: &BlobInfo) -> usize {
    match info {
        BlobInfo::Text { tokens: Some(t), .. } => t.len() + 1,
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Tokens from one long-lived tokenizer give the counts of a fresh one per pair.
    #[test]
    fn shared_tokenizer_counts_agree() {
        let texts: [&[u8]; 6] = [
            b"a\nb\nc\n",
            b"a\n b\nc",
            b"a\nb\r\nc\n\n\n",
            b"",
            b"x\n\ta  b\nc\nb\na\n",
            b"  \n\n}\n}\nfoo(1)\n}\n",
        ];
        for ws in [false, true] {
            let mut shared = Tokenizer::new(ws);
            for old in texts {
                for new in texts {
                    let (a, b) = (shared.lines(old), shared.lines(new));
                    let got = crate::diff::count_changes_prepared(&[], &a, &[], &b);
                    assert_eq!(got, crate::diff::count_changes(old, new, ws), "{old:?} → {new:?} (-w: {ws})");
                }
            }
        }
    }
}
