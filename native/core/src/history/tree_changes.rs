//! The file-level changes of one commit: a tree diff against a parent, with git's default rename
//! detection (`diff.renames`: renames only, 50% similarity, rename limit 1000) when asked for.
//!
//! Only regular and executable files count as *files*: trees, symlinks and submodules are not.
//! A path that turns from a symlink into a file is an addition of that file, and the reverse a
//! deletion, as `git diff --numstat` counts them.

use gix::bstr::ByteSlice;
use gix::diff::tree_with_rewrites::ChangeRef;
use gix::objs::TreeRefIter;
use gix::ObjectId;

use crate::error::{Error, ErrorCode, Result};

/// One changed file between a parent tree and a commit's tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum FileChange {
    Added { path: String, id: ObjectId },
    Deleted { path: String, id: ObjectId },
    Modified { path: String, old: ObjectId, new: ObjectId },
    /// A rename detected by similarity (or identity), possibly with edits.
    Renamed { from: String, to: String, old: ObjectId, new: ObjectId },
    /// A submodule (gitlink) added, removed or moved to another commit. git's diff shows it as the
    /// one line `Subproject commit <id>`, so numstat counts it 1/0, 0/1 or 1/1.
    Gitlink { path: String, old: Option<ObjectId>, new: Option<ObjectId> },
}

/// A reusable tree differ: keeps the blob cache and diff state between commits. Owns its
/// (thread-local) repository handle, so a worker thread can keep one for its whole life.
pub(crate) struct TreeDiffer {
    repo: gix::Repository,
    resource_cache: gix::diff::blob::Platform,
    state: gix::diff::tree::State,
    old_buf: Vec<u8>,
    new_buf: Vec<u8>,
}

/// A thread-local handle for tree diffs: trees are read again and again (a commit's tree is its
/// child's parent tree), so a small object cache pays for itself.
pub(crate) fn tree_repo(shared: &gix::ThreadSafeRepository) -> gix::Repository {
    let mut repo = shared.to_thread_local();
    repo.object_cache_size_if_unset(8 * 1024 * 1024);
    repo
}

impl TreeDiffer {
    pub fn new(repo: gix::Repository) -> Result<Self> {
        let resource_cache = repo
            .diff_resource_cache_for_tree_diff()
            .map_err(|e| Error::internal(format!("cannot prepare tree diffs: {e}")))?;
        Ok(TreeDiffer {
            repo,
            resource_cache,
            state: Default::default(),
            old_buf: Vec::new(),
            new_buf: Vec::new(),
        })
    }

    /// The file changes from `old_tree` (`None` = the empty tree, for root commits) to `new_tree`.
    pub fn changes(&mut self, old_tree: Option<ObjectId>, new_tree: ObjectId, renames: bool) -> Result<Vec<FileChange>> {
        let old = match old_tree {
            Some(id) => {
                load_tree(&self.repo, id, &mut self.old_buf)?;
                TreeRefIter::from_bytes(&self.old_buf, id.kind())
            }
            None => TreeRefIter::from_bytes(&[], new_tree.kind()),
        };
        load_tree(&self.repo, new_tree, &mut self.new_buf)?;
        let new = TreeRefIter::from_bytes(&self.new_buf, new_tree.kind());
        let mut out = Vec::new();
        let options = gix::diff::tree_with_rewrites::Options {
            location: Some(gix::diff::tree::recorder::Location::Path),
            rewrites: renames.then(gix::diff::Rewrites::default),
        };
        gix::diff::tree_with_rewrites(
            old,
            new,
            &mut self.resource_cache,
            &mut self.state,
            &self.repo.objects,
            |change| {
                push_change(&mut out, change);
                Ok(std::ops::ControlFlow::Continue(()))
            },
            options,
        )
        .map_err(|e| {
            Error::new(ErrorCode::MissingObject, format!("cannot diff tree {new_tree} against its parent: {e}"))
        })?;
        // The cache holds blobs read for similarity; it is not bounded, so empty it per commit.
        self.resource_cache.clear_resource_cache_keep_allocation();
        Ok(out)
    }
}

fn load_tree(repo: &gix::Repository, id: ObjectId, buf: &mut Vec<u8>) -> Result<()> {
    let object = repo
        .find_object(id)
        .map_err(|e| Error::new(ErrorCode::MissingObject, format!("cannot read tree {id}: {e}")))?;
    buf.clear();
    buf.extend_from_slice(&object.data);
    Ok(())
}

fn push_change(out: &mut Vec<FileChange>, change: ChangeRef<'_>) {
    let path = |p: &gix::bstr::BStr| p.to_str_lossy().into_owned();
    // Symlinks are blobs to git's numstat (their content is the target); gitlinks are one line.
    let file = |mode: gix::objs::tree::EntryMode| mode.is_blob_or_symlink();
    match change {
        ChangeRef::Addition { location, entry_mode, id, .. } if file(entry_mode) => {
            out.push(FileChange::Added { path: path(location), id })
        }
        ChangeRef::Addition { location, entry_mode, id, .. } if entry_mode.is_commit() => {
            out.push(FileChange::Gitlink { path: path(location), old: None, new: Some(id) })
        }
        ChangeRef::Deletion { location, entry_mode, id, .. } if file(entry_mode) => {
            out.push(FileChange::Deleted { path: path(location), id })
        }
        ChangeRef::Deletion { location, entry_mode, id, .. } if entry_mode.is_commit() => {
            out.push(FileChange::Gitlink { path: path(location), old: Some(id), new: None })
        }
        ChangeRef::Modification { location, previous_entry_mode, previous_id, entry_mode, id } => {
            let p = path(location);
            // A type change (file ↔ symlink ↔ submodule) cannot be diffed: git shows the old side
            // removed and the new side added.
            let (old_file, new_file) = (file(previous_entry_mode), file(entry_mode));
            let (old_link, new_link) = (previous_entry_mode.is_commit(), entry_mode.is_commit());
            let same_kind = previous_entry_mode.is_link() == entry_mode.is_link();
            if old_file && new_file && same_kind {
                out.push(FileChange::Modified { path: p, old: previous_id, new: id });
            } else if old_link && new_link {
                out.push(FileChange::Gitlink { path: p, old: Some(previous_id), new: Some(id) });
            } else {
                if old_file {
                    out.push(FileChange::Deleted { path: p.clone(), id: previous_id });
                } else if old_link {
                    out.push(FileChange::Gitlink { path: p.clone(), old: Some(previous_id), new: None });
                }
                if new_file {
                    out.push(FileChange::Added { path: p, id });
                } else if new_link {
                    out.push(FileChange::Gitlink { path: p, old: None, new: Some(id) });
                }
            }
        }
        ChangeRef::Rewrite { source_location, source_entry_mode, source_id, entry_mode, id, location, copy, .. } => {
            match (file(source_entry_mode), file(entry_mode)) {
                (true, true) if !copy => out.push(FileChange::Renamed {
                    from: path(source_location),
                    to: path(location),
                    old: source_id,
                    new: id,
                }),
                (_, true) => out.push(FileChange::Added { path: path(location), id }),
                _ => {}
            }
        }
        _ => {}
    }
}
