//! The file-level changes of one commit: a tree diff against a parent (gix), with git's own
//! rename detection ([`crate::rename`]) when asked for:
//! - [`TreeDiffer::changes`] with `renames`: `git log --numstat`'s pairing (`diff.renames`:
//!   renames only, 50% similarity, rename limit 1000, every created file competing);
//! - [`TreeDiffer::following`]: `git log --follow`'s pairing for the followed paths.
//!
//! Only regular and executable files count as *files*: trees, symlinks and submodules are not.
//! A path that turns from a symlink into a file is an addition of that file, and the reverse a
//! deletion, as `git diff --numstat` counts them.

use gix::bstr::ByteSlice;
use gix::objs::TreeRefIter;
use gix::ObjectId;

use crate::error::{Error, ErrorCode, Result};
use crate::packs::SharedObjects;
use crate::rename::{self, Entry, FilePair, Pairing, SimilarityCache, Source};

/// One changed file between a parent tree and a commit's tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum FileChange {
    Added { path: String, id: ObjectId },
    Deleted { path: String, id: ObjectId },
    Modified { path: String, old: ObjectId, new: ObjectId },
    /// A rename detected by similarity (or identity), possibly with edits. From
    /// [`TreeDiffer::following`] it can also be a copy: then `from` is still listed with
    /// its own change (or none, if it did not change).
    Renamed { from: String, to: String, old: ObjectId, new: ObjectId },
    /// A submodule (gitlink) added, removed or moved to another commit. git's diff shows it as the
    /// one line `Subproject commit <id>`, so numstat counts it 1/0, 0/1 or 1/1.
    Gitlink { path: String, old: Option<ObjectId>, new: Option<ObjectId> },
}

/// One tree diff before rename detection ([`TreeDiffer::diff`]).
pub(crate) struct TreeDiff {
    pub old_tree: Option<ObjectId>,
    pub pairs: Vec<FilePair>,
    pub changes: Vec<FileChange>,
}

impl FileChange {
    /// The path at the commit (a deletion's or a rename's destination path).
    pub fn path(&self) -> &str {
        match self {
            FileChange::Added { path, .. }
            | FileChange::Deleted { path, .. }
            | FileChange::Modified { path, .. }
            | FileChange::Gitlink { path, .. } => path,
            FileChange::Renamed { to, .. } => to,
        }
    }
}

/// A reusable tree differ: keeps the similarity cache and diff state between commits. Owns its
/// (thread-local) repository handle, so a worker thread can keep one for its whole life.
pub(crate) struct TreeDiffer {
    objects: SharedObjects,
    similarity: SimilarityCache,
    state: gix::diff::tree::State,
    old_buf: Vec<u8>,
    new_buf: Vec<u8>,
}

/// Decoded objects a differ keeps: trees are read again and again (a commit's tree is its child's
/// parent tree), and a tree's versions are deltas of each other in a pack. Less beside a blame
/// walk (the analysis) than alone (the commit list).
pub(crate) const TREE_READER_BYTES_SHARED: usize = 16 * 1024 * 1024;
pub(crate) const TREE_READER_BYTES_ALONE: usize = 32 * 1024 * 1024;

impl TreeDiffer {
    pub fn new(repo: gix::Repository, reader_bytes: usize) -> Result<Self> {
        Ok(TreeDiffer {
            objects: SharedObjects::new(repo, reader_bytes),
            similarity: SimilarityCache::default(),
            state: Default::default(),
            old_buf: Vec::new(),
            new_buf: Vec::new(),
        })
    }

    /// The file changes from `old_tree` (`None` = the empty tree, for root commits) to `new_tree`;
    /// with `renames`, created files paired with deleted ones as `git log --numstat` pairs them.
    pub fn changes(&mut self, old_tree: Option<ObjectId>, new_tree: ObjectId, renames: bool) -> Result<Vec<FileChange>> {
        let pairs = self.file_pairs(old_tree, new_tree)?;
        if !renames {
            return Ok(to_changes(&pairs, &[], &[]));
        }
        let (sources, renamed) = rename::log_renames(&pairs, &rename::Options::renames(), &mut self.similarity, &self.objects)?;
        Ok(to_changes(&pairs, &sources, &renamed))
    }

    /// The tree diff from `old_tree` to `new_tree` before rename detection, as file pairs and as
    /// plain changes: [`TreeDiffer::following`] can then pair the followed paths later without
    /// diffing the trees again.
    pub fn diff(&mut self, old_tree: Option<ObjectId>, new_tree: ObjectId) -> Result<TreeDiff> {
        let pairs = self.file_pairs(old_tree, new_tree)?;
        let changes = to_changes(&pairs, &[], &[]);
        Ok(TreeDiff { old_tree, pairs, changes })
    }

    /// The file changes of a diff from `old_tree` (its `pairs`, from [`TreeDiffer::diff`]) as
    /// `git log --follow -- <path>` sees them for every created path that `followed` accepts: such
    /// a path is [`FileChange::Renamed`] from the source git's `try_to_follow_renames` finds
    /// (renames *and copies* from any file of the old tree, each followed path on its own, as
    /// `single_follow` does). Sources keep their own changes: a copy's source may be unchanged,
    /// and a deleted source stays a deletion.
    pub fn following(&mut self, old_tree: Option<ObjectId>, pairs: &[FilePair], followed: &dyn Fn(&str) -> bool) -> Result<Vec<FileChange>> {
        let mut changes = to_changes(pairs, &[], &[]);
        let Some(old_tree) = old_tree else { return Ok(changes) };
        let objects = &self.objects;
        let mut old_files = || rename::list_files_cached(objects, old_tree);
        let (sources, renamed) = rename::follow_renames(objects, &mut old_files, pairs, followed, &mut self.similarity)?;
        // Only the followed creations change: they become renames (or copies) of their source.
        for (i, p) in renamed {
            let (src, dst) = (&sources[p.source].entry, rename::created_entry(&pairs[i]));
            let Some(change) = renamed_change(src, dst) else { continue };
            let added = |c: &FileChange| matches!(c, FileChange::Added { path, .. } if path.as_bytes() == dst.path.as_slice());
            if let Some(slot) = changes.iter_mut().find(|c| added(c)) {
                *slot = change;
            }
        }
        Ok(changes)
    }

    fn file_pairs(&mut self, old_tree: Option<ObjectId>, new_tree: ObjectId) -> Result<Vec<FilePair>> {
        let old = match old_tree {
            Some(id) => {
                load_tree(&self.objects, id, &mut self.old_buf)?;
                TreeRefIter::from_bytes(&self.old_buf, id.kind())
            }
            None => TreeRefIter::from_bytes(&[], new_tree.kind()),
        };
        load_tree(&self.objects, new_tree, &mut self.new_buf)?;
        let new = TreeRefIter::from_bytes(&self.new_buf, new_tree.kind());
        rename::diff_trees(&self.objects, old, new, &mut self.state).map_err(|e| {
            Error::new(ErrorCode::MissingObject, format!("cannot diff tree {new_tree} against its parent: {e}"))
        })
    }
}

fn load_tree(objects: &SharedObjects, id: ObjectId, buf: &mut Vec<u8>) -> Result<()> {
    let (kind, data) = objects.object(id)?;
    if kind != gix::object::Kind::Tree {
        return Err(Error::internal(format!("{id} is a {kind} where a tree was expected")));
    }
    buf.clear();
    buf.extend_from_slice(&data);
    Ok(())
}

fn path(e: &Entry) -> String {
    e.path.to_str_lossy().into_owned()
}

/// Symlinks are blobs to git's numstat (their content is the target); gitlinks are one line.
fn is_file(e: &Entry) -> bool {
    e.mode.is_blob_or_symlink()
}

/// A rename pair as a change: files and symlinks are renamed; a submodule moved as it was shows
/// `0 0` in git's numstat, so it is no change at all.
fn renamed_change(src: &Entry, dst: &Entry) -> Option<FileChange> {
    (is_file(src) && is_file(dst)).then(|| FileChange::Renamed { from: path(src), to: path(dst), old: src.id, new: dst.id })
}

/// `pairs` as changes; `renamed` pairs created files (by index) with `sources`, whose deletions
/// the renames then replace.
fn to_changes(pairs: &[FilePair], sources: &[Source], renamed: &[(usize, Pairing)]) -> Vec<FileChange> {
    let mut out = Vec::with_capacity(pairs.len());
    let used: rustc_hash::FxHashSet<&[u8]> = renamed.iter().map(|(_, p)| sources[p.source].entry.path.as_slice()).collect();
    let renamed: rustc_hash::FxHashMap<usize, Pairing> = renamed.iter().copied().collect();
    for (i, pair) in pairs.iter().enumerate() {
        match pair {
            FilePair::Created(e) => {
                if let Some(p) = renamed.get(&i) {
                    out.extend(renamed_change(&sources[p.source].entry, e));
                } else if is_file(e) {
                    out.push(FileChange::Added { path: path(e), id: e.id });
                } else if e.mode.is_commit() {
                    out.push(FileChange::Gitlink { path: path(e), old: None, new: Some(e.id) });
                }
            }
            FilePair::Deleted(e) => {
                if used.contains(e.path.as_slice()) {
                    continue;
                } else if is_file(e) {
                    out.push(FileChange::Deleted { path: path(e), id: e.id });
                } else if e.mode.is_commit() {
                    out.push(FileChange::Gitlink { path: path(e), old: Some(e.id), new: None });
                }
            }
            FilePair::Changed { old, new } => {
                // A type change (file ↔ symlink ↔ submodule) cannot be diffed: git shows the old
                // side removed and the new side added.
                let p = path(new);
                let (old_file, new_file) = (is_file(old), is_file(new));
                let (old_link, new_link) = (old.mode.is_commit(), new.mode.is_commit());
                let same_kind = old.mode.is_link() == new.mode.is_link();
                if old_file && new_file && same_kind {
                    out.push(FileChange::Modified { path: p, old: old.id, new: new.id });
                } else if old_link && new_link {
                    out.push(FileChange::Gitlink { path: p, old: Some(old.id), new: Some(new.id) });
                } else {
                    if old_file {
                        out.push(FileChange::Deleted { path: p.clone(), id: old.id });
                    } else if old_link {
                        out.push(FileChange::Gitlink { path: p.clone(), old: Some(old.id), new: None });
                    }
                    if new_file {
                        out.push(FileChange::Added { path: p, id: new.id });
                    } else if new_link {
                        out.push(FileChange::Gitlink { path: p, old: None, new: Some(new.id) });
                    }
                }
            }
        }
    }
    out
}
