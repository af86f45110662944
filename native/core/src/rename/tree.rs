//! The rename candidates of a tree diff as git's diff queue holds them: gix finds the changes
//! (breadth first); we keep the files (not trees) and sort them into git's path order, which the
//! tie rules of rename detection depend on.

use gix::bstr::BString;
use gix::diff::tree::recorder::Change;
use gix::ObjectId;

use super::{Entry, Source, SourceState};
use crate::error::{Error, ErrorCode, Result};

/// One file pair of git's diff queue (`diff_queued_diff`) for a tree diff without renames.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum FilePair {
    /// Not in the old tree as a file: a rename destination.
    Created(Entry),
    /// Not in the new tree as a file: a rename source.
    Deleted(Entry),
    /// In both, with another blob or mode (git's `M` or, between kinds, `T`): never a rename
    /// destination; a copy source with its old side.
    Changed { old: Entry, new: Entry },
}

impl FilePair {
    pub fn path(&self) -> &BString {
        match self {
            FilePair::Created(e) | FilePair::Deleted(e) | FilePair::Changed { new: e, .. } => &e.path,
        }
    }
}

/// The file pairs of gix's recorded tree changes, in git's order (bytewise by full path: a file
/// turned into a folder is deleted before the folder's files are created).
fn file_pairs(changes: Vec<Change>) -> Vec<FilePair> {
    let mut pairs: Vec<FilePair> = changes
        .into_iter()
        .filter_map(|c| match c {
            Change::Addition { entry_mode, oid, path, .. } if !entry_mode.is_tree() => {
                Some(FilePair::Created(Entry { path, mode: entry_mode, id: oid }))
            }
            Change::Deletion { entry_mode, oid, path, .. } if !entry_mode.is_tree() => {
                Some(FilePair::Deleted(Entry { path, mode: entry_mode, id: oid }))
            }
            Change::Modification { previous_entry_mode, previous_oid, entry_mode, oid, path }
                if !previous_entry_mode.is_tree() && !entry_mode.is_tree() =>
            {
                Some(FilePair::Changed {
                    old: Entry { path: path.clone(), mode: previous_entry_mode, id: previous_oid },
                    new: Entry { path, mode: entry_mode, id: oid },
                })
            }
            _ => None,
        })
        .collect();
    // A path is deleted (as a file) and created (as a file) only together with a folder, never
    // both: the sort is total.
    pairs.sort_by(|a, b| a.path().cmp(b.path()));
    pairs
}

/// The rename sources of `pairs`, in order: the deleted files and, for copies (`-C` without
/// `--find-copies-harder`), the old sides of changed files too.
pub(crate) fn diff_sources(pairs: &[FilePair], copies: bool) -> Vec<Source> {
    pairs
        .iter()
        .filter_map(|p| match p {
            FilePair::Deleted(e) => Some(Source { entry: e.clone(), state: SourceState::Deleted }),
            FilePair::Changed { old, new } if copies => {
                let state = if old.id == new.id { SourceState::Unmodified } else { SourceState::Modified };
                Some(Source { entry: old.clone(), state })
            }
            _ => None,
        })
        .collect()
}

/// Every file (not folder) of `tree`, in git's path order: the sources of `find_copies_harder`.
pub(crate) fn list_files(repo: &gix::Repository, tree: ObjectId) -> Result<Vec<Entry>> {
    let tree = repo
        .find_tree(tree)
        .map_err(|e| Error::new(ErrorCode::MissingObject, format!("cannot read tree {tree}: {e}")))?;
    let mut recorder = gix::traverse::tree::Recorder::default();
    tree.traverse()
        .breadthfirst(&mut recorder)
        .map_err(|e| Error::new(ErrorCode::MissingObject, format!("cannot list tree {}: {e}", tree.id)))?;
    let mut files: Vec<Entry> = recorder
        .records
        .into_iter()
        .filter(|e| !e.mode.is_tree())
        .map(|e| Entry { path: e.filepath, mode: e.mode, id: e.oid })
        .collect();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// [`list_files`] reading trees through `objects`, whose cache keeps the trees that consecutive
/// commits share.
pub(crate) fn list_files_cached(objects: &crate::packs::SharedObjects, tree: ObjectId) -> Result<Vec<Entry>> {
    fn walk(objects: &crate::packs::SharedObjects, tree: ObjectId, prefix: &mut Vec<u8>, out: &mut Vec<Entry>) -> Result<()> {
        let (kind, data) = objects.object(tree)?;
        if kind != gix::object::Kind::Tree {
            return Err(Error::internal(format!("{tree} is a {kind} where a tree was expected")));
        }
        for entry in gix::objs::TreeRefIter::from_bytes(&data, tree.kind()) {
            let entry = entry.map_err(|e| Error::internal(format!("tree {tree} cannot be parsed: {e}")))?;
            let len = prefix.len();
            prefix.extend_from_slice(entry.filename);
            if entry.mode.is_tree() {
                prefix.push(b'/');
                walk(objects, entry.oid.to_owned(), prefix, out)?;
            } else {
                out.push(Entry { path: prefix.clone().into(), mode: entry.mode, id: entry.oid.to_owned() });
            }
            prefix.truncate(len);
        }
        Ok(())
    }
    let mut files = Vec::new();
    walk(objects, tree, &mut Vec::new(), &mut files)?;
    // Tree order (folders compare as `name/`) already is path order, unless a tree is malformed.
    if !files.windows(2).all(|w| w[0].path <= w[1].path) {
        files.sort_by(|a, b| a.path.cmp(&b.path));
    }
    Ok(files)
}

/// The sources of `git log --follow` (`find_copies_harder`): every file of the old tree, with
/// what `pairs` (the diff from it) did to it.
pub(crate) fn copy_sources(old_files: Vec<Entry>, pairs: &[FilePair]) -> Vec<Source> {
    let mut state: std::collections::HashMap<&BString, SourceState> = std::collections::HashMap::new();
    for p in pairs {
        match p {
            FilePair::Deleted(e) => {
                state.insert(&e.path, SourceState::Deleted);
            }
            // git's `diff_unmodified_pair` looks at blob ids only: a mode change is unmodified.
            FilePair::Changed { old, new } if old.id != new.id => {
                state.insert(&old.path, SourceState::Modified);
            }
            FilePair::Changed { .. } => {}
            FilePair::Created(_) => {}
        }
    }
    let states: Vec<SourceState> = old_files.iter().map(|e| state.get(&e.path).copied().unwrap_or(SourceState::Unmodified)).collect();
    old_files.into_iter().zip(states).map(|(entry, state)| Source { entry, state }).collect()
}

/// gix's tree diff between two raw trees (`old` empty for a root commit), as git's file pairs.
pub(crate) fn diff_trees(
    objects: &impl gix::objs::Find,
    old: gix::objs::TreeRefIter<'_>,
    new: gix::objs::TreeRefIter<'_>,
    state: &mut gix::diff::tree::State,
) -> std::result::Result<Vec<FilePair>, gix::diff::tree::Error> {
    let mut recorder = gix::diff::tree::Recorder::default();
    gix::diff::tree(old, new, state, objects, &mut recorder)?;
    Ok(file_pairs(recorder.records))
}
