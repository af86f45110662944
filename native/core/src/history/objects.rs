//! Reading the objects the history walk needs: commits (with `.mailmap` applied to their
//! signatures) and blobs, plus git's binary test and line counting. Private to our modules;
//! the repository layer (`repo`) offers the public equivalents.

use gix::bstr::ByteSlice;
use gix::ObjectId;

use crate::error::{Error, ErrorCode, Result};
use crate::identity::Alias;
use crate::packs::ObjectReader;

/// The fields of a commit the walks use, signatures already mapped through `.mailmap`.
#[derive(Debug, Clone)]
pub(crate) struct CommitInfo {
    pub tree: ObjectId,
    pub parents: Vec<ObjectId>,
    pub author: Alias,
    /// Unix seconds.
    pub author_time: i64,
    /// Minutes east of UTC.
    pub author_offset: i32,
    pub committer: Alias,
    pub committer_time: i64,
    pub committer_offset: i32,
    /// The whole message, lossily decoded as UTF-8.
    pub message: String,
}

impl CommitInfo {
    /// The first line of the message (git's `%s` for single-line subjects).
    pub fn subject(&self) -> &str {
        self.message.lines().next().unwrap_or("").trim_end()
    }
}

pub(crate) fn read_commit(
    repo: &gix::Repository,
    id: ObjectId,
    mailmap: Option<&gix::mailmap::Snapshot>,
) -> Result<CommitInfo> {
    let object = repo
        .find_object(id)
        .map_err(|e| Error::new(ErrorCode::MissingObject, format!("cannot read commit {id}: {e}")))?;
    parse_commit(id, &object.data, mailmap)
}

/// [`read_commit`] through `reader`, for walks that read every commit (it inflates faster).
pub(crate) fn read_commit_with(
    repo: &gix::Repository,
    reader: &mut ObjectReader,
    id: ObjectId,
    mailmap: Option<&gix::mailmap::Snapshot>,
) -> Result<CommitInfo> {
    parse_commit(id, &reader.commit_once(repo, id)?, mailmap)
}

fn parse_commit(id: ObjectId, data: &[u8], mailmap: Option<&gix::mailmap::Snapshot>) -> Result<CommitInfo> {
    let commit = gix::objs::CommitRef::from_bytes(data, id.kind())
        .map_err(|e| Error::internal(format!("commit {id} does not parse: {e}")))?;
    let author = commit
        .author()
        .map_err(|e| Error::internal(format!("commit {id} has a malformed author: {e}")))?;
    let committer = commit
        .committer()
        .map_err(|e| Error::internal(format!("commit {id} has a malformed committer: {e}")))?;
    let (author_alias, author_time, author_offset) = signature(author, mailmap);
    let (committer_alias, committer_time, committer_offset) = signature(committer, mailmap);
    Ok(CommitInfo {
        tree: commit.tree(),
        parents: commit.parents().collect(),
        author: author_alias,
        author_time,
        author_offset,
        committer: committer_alias,
        committer_time,
        committer_offset,
        message: commit.message.to_str_lossy().into_owned(),
    })
}

fn signature(sig: gix::actor::SignatureRef<'_>, mailmap: Option<&gix::mailmap::Snapshot>) -> (Alias, i64, i32) {
    let sig = sig.trim();
    // A malformed date reads as the epoch, as git shows it, rather than failing the whole walk.
    let time = sig.time().unwrap_or_default();
    let (mut name, mut email) = (sig.name.to_str_lossy().into_owned(), sig.email.to_str_lossy().into_owned());
    if let Some(resolved) = mailmap.and_then(|m| m.try_resolve_ref(sig)) {
        if let Some(n) = resolved.name {
            name = n.to_str_lossy().into_owned();
        }
        if let Some(e) = resolved.email {
            email = e.to_str_lossy().into_owned();
        }
    }
    (Alias { name, email }, time.seconds, time.offset / 60)
}

pub(crate) fn read_blob(repo: &gix::Repository, id: ObjectId) -> Result<Vec<u8>> {
    let object = repo
        .find_object(id)
        .map_err(|e| Error::new(ErrorCode::MissingObject, format!("cannot read blob {id}: {e}")))?;
    Ok(object.detach().data)
}

/// git's `buffer_is_binary`: a NUL byte in the first 8,000 bytes.
pub(crate) fn is_binary(data: &[u8]) -> bool {
    data[..data.len().min(8000)].contains(&0)
}

/// Lines as git counts them: every `\n` ends one, and text after the last `\n` is one more.
pub(crate) fn line_count(data: &[u8]) -> u32 {
    let newlines = data.iter().filter(|&&b| b == b'\n').count();
    let tail = usize::from(!data.is_empty() && data.last() != Some(&b'\n'));
    u32::try_from(newlines + tail).unwrap_or(u32::MAX)
}
