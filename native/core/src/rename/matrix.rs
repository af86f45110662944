//! The inexact step of git's `diffcore_rename_extended`: every remaining destination is scored
//! against every remaining source, the best [`CANDIDATES_PER_DST`] are kept per destination, and
//! all kept pairs are taken best first (`find_renames`).

use std::cmp::Ordering;

use super::detect::Tables;
use super::similarity::{basename_same, Blobs, SimilarityCache};
use super::Options;
use crate::error::Result;

/// git's `NUM_CANDIDATE_PER_DST`.
const CANDIDATES_PER_DST: usize = 4;

/// git's `struct diff_score`; `dst: None` is an unused slot (git's `dst = -1`).
#[derive(Debug, Clone, Copy)]
struct Candidate {
    src: usize,
    dst: Option<usize>,
    score: u16,
    /// 1 if source and destination have the same file name.
    name_score: i16,
}

const UNUSED: Candidate = Candidate { src: 0, dst: None, score: 0, name_score: 0 };

/// git's `score_compare`: unused slots last, then higher score, then same file name first.
/// `Greater` means `a` sorts after `b`.
fn score_compare(a: &Candidate, b: &Candidate) -> Ordering {
    match (a.dst, b.dst) {
        (None, None) => Ordering::Equal,
        (None, Some(_)) => Ordering::Greater,
        (Some(_), None) => Ordering::Less,
        _ if a.score == b.score => b.name_score.cmp(&a.name_score),
        _ => b.score.cmp(&a.score),
    }
}

/// git's `record_if_better`: replace the worst kept candidate (the first of equally bad ones) if
/// the new one sorts strictly before it.
fn record_if_better(kept: &mut [Candidate; CANDIDATES_PER_DST], new: Candidate) {
    let mut worst = 0;
    for i in 1..CANDIDATES_PER_DST {
        if score_compare(&kept[i], &kept[worst]) == Ordering::Greater {
            worst = i;
        }
    }
    if score_compare(&kept[worst], &new) == Ordering::Greater {
        kept[worst] = new;
    }
}

/// git's `too_many_rename_candidates`: `None` to skip the matrix; `Some(true)` when only
/// modified sources fit under the limit (`-C -C` degraded to `-C`).
fn within_limit(num_dsts: usize, t: &Tables<'_>, options: &Options) -> Option<bool> {
    let limit = options.rename_limit;
    let fits = |sources: usize| limit == 0 || (num_dsts as u128) * (sources as u128) <= (limit as u128) * (limit as u128);
    if fits(t.srcs.len()) {
        return Some(false);
    }
    // Unmodified sources exist only under `find_copies_harder`.
    let has_unmodified = t.srcs.iter().any(|s| s.unmodified);
    if !options.copies || !has_unmodified {
        return None;
    }
    fits(t.srcs.iter().filter(|s| !s.unmodified).count()).then_some(true)
}

pub(super) fn find_inexact_renames(t: &mut Tables<'_>, options: &Options, cache: &mut SimilarityCache, blobs: &impl Blobs) -> Result<()> {
    let num_dsts = t.dsts.len() - t.found();
    if num_dsts == 0 || t.srcs.is_empty() {
        return Ok(());
    }
    let Some(skip_unmodified) = within_limit(num_dsts, t, options) else { return Ok(()) };

    let mut matrix: Vec<Candidate> = Vec::with_capacity(num_dsts * CANDIDATES_PER_DST);
    for (d, dst) in t.dsts.iter().enumerate() {
        if dst.found.is_some() {
            continue;
        }
        // Scores below the minimum are never taken, so a first pass may stop counting early;
        // but they decide which slot a good candidate lands in, and slots order equal
        // candidates: when two kept ones tie, the pass is redone with every score exact.
        let mut kept = best_sources(t, d, skip_unmodified, options.min_score, true, cache, blobs)?;
        if ties_at_or_above(&kept, options.min_score) {
            kept = best_sources(t, d, skip_unmodified, options.min_score, false, cache, blobs)?;
        }
        matrix.extend_from_slice(&kept);
    }
    // git's STABLE_QSORT: equal pairs keep their order (destination order, then slot order).
    matrix.sort_by(score_compare);

    find_renames(t, &matrix, options.min_score, false);
    if options.copies {
        find_renames(t, &matrix, options.min_score, true);
    }
    Ok(())
}

/// git's candidates of one destination: the best [`CANDIDATES_PER_DST`] sources, in git's slots.
#[allow(clippy::too_many_arguments)]
fn best_sources(
    t: &Tables<'_>,
    d: usize,
    skip_unmodified: bool,
    min_score: u16,
    stop_early: bool,
    cache: &mut SimilarityCache,
    blobs: &impl Blobs,
) -> Result<[Candidate; CANDIDATES_PER_DST]> {
    let dst = t.dsts[d].entry;
    let mut kept = [UNUSED; CANDIDATES_PER_DST];
    for (s, src) in t.srcs.iter().enumerate() {
        if skip_unmodified && src.unmodified {
            continue;
        }
        let score = if stop_early {
            cache.estimate_at_least(blobs, src.entry, dst, min_score)?
        } else {
            cache.estimate(blobs, src.entry, dst, min_score)?
        };
        let name_score = i16::from(basename_same(&src.entry.path, &dst.path));
        record_if_better(&mut kept, Candidate { src: s, dst: Some(d), score, name_score });
    }
    Ok(kept)
}

/// Two kept candidates that could be taken compare equal: their order is their slots'.
fn ties_at_or_above(kept: &[Candidate; CANDIDATES_PER_DST], min_score: u16) -> bool {
    let good: Vec<&Candidate> = kept.iter().filter(|c| c.dst.is_some() && c.score >= min_score).collect();
    good.iter().enumerate().any(|(i, a)| good[i + 1..].iter().any(|b| score_compare(a, b) == Ordering::Equal))
}

/// git's `find_renames`: take the pairs best first; a destination takes one source, and for
/// renames (the first pass) a source serves one destination, files that still exist none.
fn find_renames(t: &mut Tables<'_>, matrix: &[Candidate], min_score: u16, copies: bool) {
    for c in matrix {
        let Some(d) = c.dst else { break };
        if c.score < min_score {
            break;
        }
        if t.dsts[d].found.is_some() {
            continue;
        }
        if !copies && t.srcs[c.src].used > 0 {
            continue;
        }
        t.record(d, c.src, c.score);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cand(src: usize, score: u16, name: i16) -> Candidate {
        Candidate { src, dst: Some(0), score, name_score: name }
    }

    #[test]
    fn keeps_the_best_four_and_the_first_of_equals() {
        let mut kept = [UNUSED; CANDIDATES_PER_DST];
        for (s, score) in [(0, 100), (1, 100), (2, 100), (3, 100), (4, 100)] {
            record_if_better(&mut kept, cand(s, score, 0));
        }
        assert_eq!(kept.iter().map(|c| c.src).collect::<Vec<_>>(), vec![0, 1, 2, 3]);
        // A better one replaces the first of the equally worst.
        record_if_better(&mut kept, cand(5, 200, 0));
        assert_eq!(kept.iter().map(|c| c.src).collect::<Vec<_>>(), vec![5, 1, 2, 3]);
        // Same score, same file name: sorts before, so replaces a worse-named one.
        record_if_better(&mut kept, cand(6, 100, 1));
        assert_eq!(kept.iter().map(|c| c.src).collect::<Vec<_>>(), vec![5, 6, 2, 3]);
        let mut sorted = kept.to_vec();
        sorted.sort_by(score_compare);
        assert_eq!(sorted.iter().map(|c| c.src).collect::<Vec<_>>(), vec![5, 6, 2, 3]);
    }
}
