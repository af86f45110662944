//! Rename and copy detection exactly as git 2.39 does it: a port of `diffcore-rename.c` and
//! `diffcore-delta.c`, so that the pairs we find are the pairs (and scores) of `git log -M`,
//! `git log --follow` and `git blame`.
//!
//! gix finds what changed between two trees; this module only decides which source file a
//! created file comes from ([`detect`]):
//! 1. exact renames, the same blob ([`exact`], git's `find_exact_renames`);
//! 2. renames only: files whose name is unique among the sources and among the destinations,
//!    moved to another folder with at least 75% similarity ([`basename`], git's
//!    `find_basename_matches`, new in git 2.33);
//! 3. the rest by similarity: the best four sources per destination, all sorted by score, at least
//!    50% ([`matrix`]), unless sources × destinations exceed the rename limit squared.
//!
//! Similarity is git's estimate ([`similarity`]) over span counts ([`spanhash`]): it differs from
//! a line diff, and near 50% only git's own estimate gives git's answer.
//!
//! The three git callers we reproduce differ in their options ([`Options`]) and in how many
//! destinations compete for the sources:
//! - `git log --numstat` / `git diff -M` (`diff.renames`): renames only, every created file is a
//!   destination, rename limit 1000 ([`Options::renames`] with [`detect`]);
//! - `git blame`'s `find_rename`: renames only, the blamed path alone is the destination
//!   (`single_follow`), so it never loses its source to another file;
//! - `git log --follow`'s `try_to_follow_renames`: copies too, from any file of the parent tree
//!   (`find_copies_harder`), the followed path alone ([`Options::follow`]).
//!
//! Empty files are paired too (git's `rename_empty` is on by default), but only by identity: an
//! empty destination scores 0 against anything.

mod basename;
mod between;
mod detect;
mod exact;
mod matrix;
pub mod similarity;
pub mod spanhash;
mod tree;

use gix::bstr::BString;
use gix::objs::tree::EntryMode;
use gix::ObjectId;

pub use between::{follow_source, renames_between, Rename};
pub(crate) use between::{created_entry, follow_renames, log_renames};
pub(crate) use tree::list_files_cached;
pub use detect::detect;
pub use similarity::{Blobs, SimilarityCache, MAX_SCORE};
pub(crate) use tree::{diff_sources, diff_trees, FilePair};

/// git's `DEFAULT_RENAME_SCORE`: 50% similarity.
pub const DEFAULT_MIN_SCORE: u16 = 30_000;
/// git's `diff.renameLimit` default (`diff_rename_limit_default`); `git blame` always uses it.
pub const DEFAULT_RENAME_LIMIT: usize = 1000;

/// A file on one side of a tree diff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub path: BString,
    pub mode: EntryMode,
    pub id: ObjectId,
}

/// What git's mode tests (`S_ISREG`, `S_ISLNK`, `S_ISGITLINK`) see in an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    /// A file, executable or not.
    Regular,
    Symlink,
    /// A submodule.
    Gitlink,
}

impl Entry {
    pub fn kind(&self) -> EntryKind {
        if self.mode.is_link() {
            EntryKind::Symlink
        } else if self.mode.is_commit() {
            EntryKind::Gitlink
        } else {
            EntryKind::Regular
        }
    }
}

/// What happened to a source file in the diff. Only deleted files are rename sources; with
/// copies, files that still exist are sources too (git registers them as already used once).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceState {
    Deleted,
    Modified,
    /// Unchanged (or only its mode changed): a source only with `find_copies_harder`.
    Unmodified,
}

/// A candidate source: a file of the old tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub entry: Entry,
    pub state: SourceState,
}

/// git's options for `diffcore_rename`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// `DIFF_DETECT_COPY`: existing files are sources, and a source may serve several destinations.
    pub copies: bool,
    /// Minimum similarity, out of [`MAX_SCORE`] (`-M<n>`).
    pub min_score: u16,
    /// `diff.renameLimit` / `-l`: no similarity matrix when destinations × sources (left after
    /// exact and basename matches) exceed its square; 0 = unlimited.
    pub rename_limit: usize,
    /// git's `rename_empty` (on by default): empty files can be paired (by identity only).
    pub rename_empty: bool,
}

impl Options {
    /// `git log` / `git diff` with `diff.renames` (the default) and `git blame`'s `find_rename`.
    pub const fn renames() -> Self {
        Options { copies: false, min_score: DEFAULT_MIN_SCORE, rename_limit: DEFAULT_RENAME_LIMIT, rename_empty: true }
    }

    /// `git log --follow`: `find_copies_harder` (copies from any file of the parent tree).
    pub const fn follow() -> Self {
        Options { copies: true, ..Options::renames() }
    }
}

/// The source a destination was paired with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pairing {
    /// Index into the sources given to [`detect`].
    pub source: usize,
    /// Similarity out of [`MAX_SCORE`] (git prints `score * 100 / MAX_SCORE`, e.g. `R087`).
    pub score: u16,
}

impl Pairing {
    /// git's `similarity_index`: the percentage `git diff --raw` prints after `R` or `C`.
    pub fn percent(&self) -> u32 {
        (f64::from(self.score) * 100.0 / f64::from(MAX_SCORE)) as u32
    }
}
