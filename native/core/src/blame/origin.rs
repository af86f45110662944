//! Finding a suspect's path in a parent commit: the same path (git's `find_origin`), or the
//! source of a rename (git's `find_rename`: a tree diff with rename detection, 50% similarity).

use gix::objs::tree::EntryMode;
use gix::ObjectId;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::error::{Error, Result};
use crate::repo;

/// A file version a suspect can have: blob id and whether it is a symlink (git treats a change
/// between file and symlink as a type change: no origin in the parent).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileVersion {
    pub blob: ObjectId,
    pub is_link: bool,
}

impl FileVersion {
    pub fn from_mode(mode: EntryMode, id: ObjectId) -> Option<Self> {
        if mode.is_blob() {
            Some(FileVersion { blob: id, is_link: false })
        } else if mode.is_link() {
            Some(FileVersion { blob: id, is_link: true })
        } else {
            None
        }
    }
}

/// The file at `path` in `tree`, if it is a file (not a directory or submodule).
pub fn file_at(repo: &gix::Repository, tree: ObjectId, path: &str, buf: &mut Vec<u8>) -> Result<Option<FileVersion>> {
    Ok(repo::lookup_path(repo, tree, path.as_bytes(), buf)?.and_then(|(mode, id)| FileVersion::from_mode(mode, id)))
}

fn tree(repo: &gix::Repository, id: ObjectId) -> Result<gix::Tree<'_>> {
    repo.find_tree(id).map_err(|e| Error::internal(format!("cannot read tree {id}: {e}")))
}

/// Paths of files that differ between two trees (added, deleted, modified), without renames.
/// One diff serves every suspect path of a commit.
pub fn changed_paths(repo: &gix::Repository, old: ObjectId, new: ObjectId) -> Result<FxHashSet<String>> {
    let (a, b) = (tree(repo, old)?, tree(repo, new)?);
    let opts = gix::diff::Options::default().with_rewrites(None);
    let changes = repo
        .diff_tree_to_tree(&a, &b, opts)
        .map_err(|e| Error::internal(format!("cannot diff trees {old} and {new}: {e}")))?;
    let mut out = FxHashSet::default();
    for c in changes {
        use gix::object::tree::diff::ChangeDetached as C;
        let (loc, mode) = match &c {
            C::Addition { location, entry_mode, .. } | C::Deletion { location, entry_mode, .. } => (location, *entry_mode),
            C::Modification { location, entry_mode, .. } => (location, *entry_mode),
            C::Rewrite { location, entry_mode, .. } => (location, *entry_mode),
        };
        if !mode.is_tree() {
            out.insert(String::from_utf8_lossy(loc).into_owned());
        }
        // A modification that turned a file into a directory lists the old file too.
        if let C::Modification { previous_entry_mode, .. } = &c {
            if !previous_entry_mode.is_tree() {
                out.insert(String::from_utf8_lossy(loc).into_owned());
            }
        }
    }
    Ok(out)
}

/// Renames from a parent tree to a child tree: destination path → (source path, source version).
pub type Renames = FxHashMap<String, (String, FileVersion)>;

/// git's `find_rename` for all destinations at once: tree diff with rename detection (copies off,
/// 50% similarity, rename limit 1000, empty files not paired), as `diff.renames` defaults.
pub fn renames(repo: &gix::Repository, parent_tree: ObjectId, tree_id: ObjectId) -> Result<Renames> {
    let (a, b) = (tree(repo, parent_tree)?, tree(repo, tree_id)?);
    let rewrites = gix::diff::Rewrites { copies: None, percentage: Some(0.5), limit: 1000, track_empty: false };
    let opts = gix::diff::Options::default().with_rewrites(Some(rewrites));
    let changes = repo
        .diff_tree_to_tree(&a, &b, opts)
        .map_err(|e| Error::internal(format!("cannot diff trees {parent_tree} and {tree_id}: {e}")))?;
    let mut out = Renames::default();
    for c in changes {
        if let gix::object::tree::diff::ChangeDetached::Rewrite {
            source_location, source_entry_mode, source_id, location, entry_mode, ..
        } = c
        {
            if entry_mode.is_tree() {
                continue;
            }
            if let Some(v) = FileVersion::from_mode(source_entry_mode, source_id) {
                out.insert(String::from_utf8_lossy(&location).into_owned(), (String::from_utf8_lossy(&source_location).into_owned(), v));
            }
        }
    }
    Ok(out)
}
