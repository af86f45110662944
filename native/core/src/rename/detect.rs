//! git's `diffcore_rename_extended`, the steps in git's order, on one set of sources and
//! destinations.

use gix::ObjectId;

use super::similarity::{Blobs, SimilarityCache, MAX_SCORE};
use super::{basename, exact, matrix, Entry, Options, Pairing, Source, SourceState};
use crate::error::Result;

/// A source still in play (git's `rename_src` entry).
pub(super) struct Src<'a> {
    pub entry: &'a Entry,
    /// Index into the caller's sources.
    pub index: usize,
    /// git's `rename_used`: destinations it serves, plus one if the file still exists (copies).
    pub used: u32,
    /// git's `diff_unmodified_pair`: a copy source whose file did not change.
    pub unmodified: bool,
}

/// A destination (git's `rename_dst` entry).
pub(super) struct Dst<'a> {
    pub entry: &'a Entry,
    /// Index into the caller's destinations.
    pub index: usize,
    /// git's `is_rename`, with the pairing.
    pub found: Option<Pairing>,
}

/// The rename tables of one `diffcore_rename` call.
pub(super) struct Tables<'a> {
    pub srcs: Vec<Src<'a>>,
    pub dsts: Vec<Dst<'a>>,
}

impl Tables<'_> {
    /// git's `record_rename_pair`.
    pub fn record(&mut self, dst: usize, src: usize, score: u16) {
        let s = &mut self.srcs[src];
        s.used += 1;
        self.dsts[dst].found = Some(Pairing { source: s.index, score });
    }

    /// git's `remove_unneeded_paths_from_src` (renames only): sources already used are done.
    pub fn drop_used_sources(&mut self) {
        self.srcs.retain(|s| s.used == 0);
    }

    pub fn found(&self) -> usize {
        self.dsts.iter().filter(|d| d.found.is_some()).count()
    }
}

/// Pair `destinations` (created files, in git's path order) with `sources` (in path order) as
/// git's `diffcore_rename` does with `options`. Returns, per destination, its source if any.
///
/// Every destination given competes for the sources: to reproduce git's `single_follow` (blame,
/// `log --follow`), call this with the one followed destination.
pub fn detect(
    sources: &[Source],
    destinations: &[Entry],
    options: &Options,
    cache: &mut SimilarityCache,
    blobs: &impl Blobs,
) -> Result<Vec<Option<Pairing>>> {
    let mut out = vec![None; destinations.len()];
    let empty = |id: &ObjectId| *id == ObjectId::empty_blob(id.kind());
    // The setup loop of `diffcore_rename_extended`: which pairs become destinations and sources.
    let dsts: Vec<Dst> = destinations
        .iter()
        .enumerate()
        .filter(|(_, e)| options.rename_empty || !empty(&e.id))
        .map(|(index, entry)| Dst { entry, index, found: None })
        .collect();
    let srcs: Vec<Src> = sources
        .iter()
        .enumerate()
        .filter(|(_, s)| options.rename_empty || !empty(&s.entry.id))
        .filter(|(_, s)| options.copies || s.state == SourceState::Deleted)
        .map(|(index, s)| Src {
            entry: &s.entry,
            index,
            used: u32::from(s.state != SourceState::Deleted),
            unmodified: s.state == SourceState::Unmodified,
        })
        .collect();
    if dsts.is_empty() || srcs.is_empty() {
        return Ok(out);
    }
    let mut t = Tables { srcs, dsts };

    exact::find_exact_renames(&mut t, options.copies);
    if options.min_score < MAX_SCORE {
        if !options.copies {
            // Renames only: what exact renames used is gone; then names unique on both sides.
            t.drop_used_sources();
            basename::find_basename_matches(&mut t, basename::min_basename_score(options.min_score), cache, blobs)?;
            t.drop_used_sources();
        }
        matrix::find_inexact_renames(&mut t, options, cache, blobs)?;
    }
    for d in &t.dsts {
        out[d.index] = d.found;
    }
    Ok(out)
}
