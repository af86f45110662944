//! The analysed files: the head tree's files that pass the path filters, minus what cannot be
//! blamed (binaries, submodules, symlinks, oversized or unreadable blobs), then the `n_files`
//! largest.
//!
//! A file is **binary** as git decides for diffs: a `binary` or `-diff` attribute in the head's
//! `.gitattributes` (or the repository's info/attributes), else a NUL byte in its first 8,000 bytes.

use gix::bstr::ByteSlice;
use gix::ObjectId;

use super::{SkipReason, SkippedFile};
use crate::error::{Error, ErrorCode, Result};
use crate::filters::Filters;
use crate::history::objects::{is_binary, read_blob};

/// Blobs above this size are skipped: blame and line diffs of generated multi-megabyte files
/// (lock files, bundles) cost more than they tell about authorship.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// One analysed file and its content at the head.
pub struct HeadFile {
    pub path: String,
    pub id: ObjectId,
    pub data: Vec<u8>,
}

/// The analysed files (sorted by path) and the skipped ones.
pub fn list_files(repo: &gix::Repository, head_tree: ObjectId, filters: &Filters) -> Result<(Vec<HeadFile>, Vec<SkippedFile>)> {
    let tree = repo
        .find_object(head_tree)
        .map_err(|e| Error::new(ErrorCode::MissingObject, format!("cannot read the head tree {head_tree}: {e}")))?
        .into_tree();
    let mut recorder = gix::traverse::tree::Recorder::default();
    tree.traverse()
        .breadthfirst(&mut recorder)
        .map_err(|e| Error::new(ErrorCode::MissingObject, format!("cannot list the head tree {head_tree}: {e}")))?;
    let mut attributes = BinaryAttributes::new(repo, head_tree);

    let mut candidates = Vec::new();
    let mut skipped = Vec::new();
    for entry in recorder.records {
        if entry.mode.is_tree() {
            continue;
        }
        let path = entry.filepath.to_str_lossy().into_owned();
        if !filters.path_selected(&path) {
            continue;
        }
        let reason = if entry.mode.is_commit() {
            Some(SkipReason::Submodule)
        } else if entry.mode.is_link() {
            Some(SkipReason::Symlink)
        } else {
            None
        };
        if let Some(reason) = reason {
            skipped.push(SkippedFile { path, reason });
            continue;
        }
        let size = match repo.find_header(entry.oid) {
            Ok(h) => h.size(),
            Err(_) => {
                skipped.push(SkippedFile { path, reason: SkipReason::Unreadable });
                continue;
            }
        };
        if size > MAX_FILE_BYTES {
            skipped.push(SkippedFile { path, reason: SkipReason::TooLarge });
            continue;
        }
        candidates.push((path, entry.oid, size));
    }
    // n_files keeps the largest blobs; ties by path so the choice is stable.
    if filters.n_files > 0 {
        candidates.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.cmp(&b.0)));
        candidates.truncate(filters.n_files as usize);
    }
    let mut files = Vec::new();
    for (path, id, _) in candidates {
        if attributes.marks_binary(&path) {
            skipped.push(SkippedFile { path, reason: SkipReason::Binary });
            continue;
        }
        match read_blob(repo, id) {
            Ok(data) if is_binary(&data) => skipped.push(SkippedFile { path, reason: SkipReason::Binary }),
            Ok(data) => files.push(HeadFile { path, id, data }),
            Err(_) => skipped.push(SkippedFile { path, reason: SkipReason::Unreadable }),
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    skipped.sort_by(|a, b| a.path.cmp(&b.path));
    Ok((files, skipped))
}

/// `.gitattributes` of the head tree, asked only about `binary` and `diff`.
struct BinaryAttributes<'repo> {
    stack: Option<(gix::AttributeStack<'repo>, gix::attrs::search::Outcome)>,
}

impl<'repo> BinaryAttributes<'repo> {
    fn new(repo: &'repo gix::Repository, head_tree: ObjectId) -> Self {
        // Attributes are a refinement: if they cannot be loaded, the NUL test still applies.
        let stack = repo.index_from_tree(&head_tree).ok().and_then(|index| {
            let stack = repo
                .attributes_only(&index, gix::worktree::stack::state::attributes::Source::IdMapping)
                .ok()?;
            let outcome = stack.selected_attribute_matches(["binary", "diff"]);
            Some((stack, outcome))
        });
        BinaryAttributes { stack }
    }

    fn marks_binary(&mut self, path: &str) -> bool {
        let Some((stack, outcome)) = self.stack.as_mut() else { return false };
        let Ok(platform) = stack.at_entry(path, Some(gix::index::entry::Mode::FILE)) else { return false };
        platform.matching_attributes(outcome);
        outcome.iter_selected().any(|m| {
            let name = m.assignment.name.as_str();
            match m.assignment.state {
                gix::attrs::StateRef::Set => name == "binary",
                gix::attrs::StateRef::Unset => name == "diff",
                _ => false,
            }
        })
    }
}
