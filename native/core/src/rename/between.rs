//! Rename detection between two trees, for each git caller: `git log -M` (every created file
//! competes for the deleted ones) and `git log --follow` / `git blame` (one followed path at a
//! time: git's `single_follow`).

use gix::bstr::ByteSlice;
use gix::ObjectId;

use super::tree::{copy_sources, diff_sources, diff_trees, list_files, FilePair};
use super::{detect, Blobs, Entry, Options, Pairing, SimilarityCache, Source};
use crate::error::{Error, ErrorCode, Result};

/// A rename or copy as git reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rename {
    pub from: String,
    pub to: String,
    /// Similarity out of [`super::MAX_SCORE`].
    pub score: u16,
}

impl Rename {
    /// The percentage `git diff --raw` prints after `R` or `C` (git's `similarity_index`).
    pub fn percent(&self) -> u32 {
        Pairing { source: 0, score: self.score }.percent()
    }
}

/// The sources a diff's created files were paired with, and each pairing (by index into the
/// diff's file pairs).
pub(crate) type SourcesAndPairings = (Vec<Source>, Vec<(usize, Pairing)>);

/// `git log -M`'s pairing of a diff's file pairs: created files (by index into `pairs`) paired
/// with deleted files (by index into the returned sources); with `options.copies` (`-C`), changed
/// files are sources too.
pub(crate) fn log_renames(
    pairs: &[FilePair],
    options: &Options,
    cache: &mut SimilarityCache,
    blobs: &impl Blobs,
) -> Result<SourcesAndPairings> {
    let sources = diff_sources(pairs, options.copies);
    let created: Vec<usize> = (0..pairs.len()).filter(|&i| matches!(pairs[i], FilePair::Created(_))).collect();
    if sources.is_empty() || created.is_empty() {
        return Ok((sources, Vec::new()));
    }
    let destinations: Vec<_> = created.iter().map(|&i| created_entry(&pairs[i]).clone()).collect();
    let found = detect(&sources, &destinations, options, cache, blobs)?;
    let renamed = created.iter().zip(found).filter_map(|(&i, f)| f.map(|p| (i, p))).collect();
    Ok((sources, renamed))
}

/// `git log --follow`'s pairing (`try_to_follow_renames`) for each created file `followed`
/// accepts, each on its own: copies too, from every file of `old_tree`.
///
/// `old_files` lists the files of the old tree ([`list_files`]); it is called only when a
/// followed file was created.
pub(crate) fn follow_renames(
    blobs: &impl Blobs,
    old_files: &mut dyn FnMut() -> Result<Vec<Entry>>,
    pairs: &[FilePair],
    followed: &dyn Fn(&str) -> bool,
    cache: &mut SimilarityCache,
) -> Result<SourcesAndPairings> {
    let created: Vec<usize> = (0..pairs.len())
        .filter(|&i| matches!(&pairs[i], FilePair::Created(e) if followed(&e.path.to_str_lossy())))
        .collect();
    if created.is_empty() {
        return Ok((Vec::new(), Vec::new()));
    }
    let sources = copy_sources(old_files()?, pairs);
    let mut renamed = Vec::new();
    for i in created {
        let found = detect(&sources, std::slice::from_ref(created_entry(&pairs[i])), &Options::follow(), cache, blobs)?;
        if let Some(Some(p)) = found.first() {
            renamed.push((i, *p));
        }
    }
    Ok((sources, renamed))
}

/// The entry of a created file.
pub(crate) fn created_entry(pair: &FilePair) -> &super::Entry {
    match pair {
        FilePair::Created(e) | FilePair::Deleted(e) | FilePair::Changed { new: e, .. } => e,
    }
}

fn tree_pairs(repo: &gix::Repository, old_tree: Option<ObjectId>, new_tree: ObjectId) -> Result<Vec<FilePair>> {
    let read = |id: ObjectId| {
        repo.find_object(id)
            .map(|o| o.detach().data)
            .map_err(|e| Error::new(ErrorCode::MissingObject, format!("cannot read tree {id}: {e}")))
    };
    let old = old_tree.map(read).transpose()?.unwrap_or_default();
    let new = read(new_tree)?;
    let (old, new) = (
        gix::objs::TreeRefIter::from_bytes(&old, new_tree.kind()),
        gix::objs::TreeRefIter::from_bytes(&new, new_tree.kind()),
    );
    diff_trees(&repo.objects, old, new, &mut Default::default())
        .map_err(|e| Error::new(ErrorCode::MissingObject, format!("cannot diff tree {new_tree}: {e}")))
}

fn to_renames(pairs: &[FilePair], sources: &[Source], renamed: Vec<(usize, Pairing)>) -> Vec<Rename> {
    renamed
        .into_iter()
        .map(|(i, p)| Rename {
            from: sources[p.source].entry.path.to_str_lossy().into_owned(),
            to: created_entry(&pairs[i]).path.to_str_lossy().into_owned(),
            score: p.score,
        })
        .collect()
}

/// The renames `git diff-tree -r -M <old> <new>` reports with `options` ([`Options::renames`]
/// for git's defaults), in git's path order of the destinations. `old_tree` `None` is the empty
/// tree.
pub fn renames_between(repo: &gix::Repository, old_tree: Option<ObjectId>, new_tree: ObjectId, options: &Options) -> Result<Vec<Rename>> {
    let pairs = tree_pairs(repo, old_tree, new_tree)?;
    let (sources, renamed) = log_renames(&pairs, options, &mut SimilarityCache::default(), repo)?;
    Ok(to_renames(&pairs, &sources, renamed))
}

/// Where `git log --follow -- <path>` goes from a commit that creates `path`: the rename or copy
/// source git's `try_to_follow_renames` finds in `old_tree`, if any.
pub fn follow_source(repo: &gix::Repository, old_tree: ObjectId, new_tree: ObjectId, path: &str) -> Result<Option<Rename>> {
    let pairs = tree_pairs(repo, Some(old_tree), new_tree)?;
    let mut old_files = || list_files(repo, old_tree);
    let (sources, renamed) = follow_renames(repo, &mut old_files, &pairs, &|p| p == path, &mut SimilarityCache::default())?;
    Ok(to_renames(&pairs, &sources, renamed).pop())
}
