//! git's `find_basename_matches` (git ≥ 2.33, renames only): a file moved to another folder
//! under the same name is paired without the full matrix, if the name is unique among the
//! remaining sources and among the remaining destinations and the pair is similar enough.

use std::collections::HashMap;

use super::detect::Tables;
use super::similarity::{basename, Blobs, SimilarityCache, MAX_SCORE};
use crate::error::Result;

/// git's `min_basename_score`: halfway from the minimum score to 100% (`GIT_BASENAME_FACTOR`
/// 50, the default): 75% with the default 50%.
pub(super) fn min_basename_score(min_score: u16) -> u16 {
    min_score + (0.5 * f64::from(MAX_SCORE - min_score)) as u16
}

/// Where a file name occurs: at one index, or at several (git stores -1).
#[derive(Clone, Copy)]
enum Seen {
    Once(usize),
    Several,
}

fn index_names<'a>(names: impl Iterator<Item = (usize, &'a [u8])>) -> HashMap<&'a [u8], Seen> {
    let mut map = HashMap::new();
    for (i, name) in names {
        map.entry(name).and_modify(|s| *s = Seen::Several).or_insert(Seen::Once(i));
    }
    map
}

pub(super) fn find_basename_matches(t: &mut Tables<'_>, min_score: u16, cache: &mut SimilarityCache, blobs: &impl Blobs) -> Result<()> {
    let srcs: Vec<_> = t.srcs.iter().map(|s| s.entry).collect();
    let sources = index_names(srcs.iter().enumerate().map(|(i, e)| (i, basename(&e.path))));
    let dsts: Vec<_> = t.dsts.iter().map(|d| (d.entry, d.found.is_some())).collect();
    let dests = index_names(
        dsts.iter()
            .enumerate()
            .filter(|(_, (_, done))| !done)
            .map(|(i, (e, _))| (i, basename(&e.path))),
    );
    for (i, src) in srcs.iter().enumerate() {
        let name = basename(&src.path);
        let Some(&dest) = dests.get(name) else { continue };
        // Names that are not unique would need git's directory-rename guesses, which only merges
        // set up (`idx_possible_rename` gives nothing to diff and log).
        let (Some(Seen::Once(s)), Seen::Once(d)) = (sources.get(name).copied(), dest) else { continue };
        debug_assert_eq!(s, i);
        if t.dsts[d].found.is_some() {
            continue;
        }
        let score = cache.estimate_at_least(blobs, src, dsts[d].0, min_score)?;
        if score >= min_score {
            t.record(d, s, score);
        }
    }
    Ok(())
}
