//! git's `find_exact_renames` and `find_identical_files`: a destination whose blob a source has.

use gix::ObjectId;
use rustc_hash::{FxHashMap, FxHashSet};

use super::detect::Tables;
use super::similarity::{basename_same, MAX_SCORE};
use super::EntryKind;

/// Identical sources git looks at per destination before it settles for the best seen.
const MAX_IDENTICAL_TRIED: u32 = 100;

/// Destinations in order each take the best identical source: one not used yet (always, for
/// renames), then one with the same file name, then the first in path order (git's hash table
/// yields identical sources in the order they were registered).
pub(super) fn find_exact_renames(t: &mut Tables<'_>, copies: bool) {
    // Only sources whose blob some destination has can pair here; `--follow` brings one
    // destination and every file of the old tree, so index just those.
    let wanted: FxHashSet<ObjectId> = t.dsts.iter().map(|d| d.entry.id).collect();
    let mut by_blob: FxHashMap<ObjectId, Vec<usize>> = FxHashMap::default();
    for (i, s) in t.srcs.iter().enumerate() {
        if wanted.contains(&s.entry.id) {
            by_blob.entry(s.entry.id).or_default().push(i);
        }
    }
    for d in 0..t.dsts.len() {
        let target = t.dsts[d].entry;
        let Some(candidates) = by_blob.get(&target.id) else { continue };
        let mut best: Option<usize> = None;
        let mut best_score = -1i32;
        let mut tries_left = MAX_IDENTICAL_TRIED;
        for &i in candidates {
            let source = &t.srcs[i];
            // Symlinks and submodules pair only with their own kind.
            let (sk, tk) = (source.entry.kind(), target.kind());
            if (sk != EntryKind::Regular || tk != EntryKind::Regular) && sk != tk {
                continue;
            }
            if source.used > 0 && !copies {
                continue;
            }
            let score = i32::from(source.used == 0) + i32::from(basename_same(&source.entry.path, &target.path));
            if score > best_score {
                best = Some(i);
                best_score = score;
                if score == 2 {
                    break;
                }
            }
            tries_left -= 1;
            if tries_left == 0 {
                break;
            }
        }
        if let Some(i) = best {
            t.record(d, i, MAX_SCORE);
        }
    }
}
