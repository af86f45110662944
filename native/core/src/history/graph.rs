//! The commits reachable from the head, read once: parents, tree, mailmapped author, times and
//! subject, in a compact table the history walk and the analysis share.
//!
//! Terms:
//! - **reachable**: every commit reachable from the head (a shallow clone's missing parents are
//!   left out).
//! - **walked**: reachable from the head without passing through a commit older than `since`
//!   (git log stops there: such commits are neither shown nor expanded).
//! - **counted**: walked, inside the date window, and not an excluded commit.

use std::collections::{BinaryHeap, HashMap};

use gix::ObjectId;

use super::objects::{read_commit, read_commit_with, CommitInfo};
use crate::cancel::Cancel;
use crate::error::{Error, ErrorCode, Result};
use crate::identity::Alias;
use crate::packs::{ObjectReader, Packs};

/// Bytes of decoded objects the commit reader keeps.
const COMMIT_READER_BYTES: usize = 4 * 1024 * 1024;

/// One commit of the table.
#[derive(Debug, Clone)]
pub struct CommitNode {
    pub id: ObjectId,
    /// Indices into [`CommitGraph::commits`]; parents missing from a shallow clone are left out.
    pub parents: Vec<u32>,
    /// Number of parents the commit object names (a merge has 2 or more, even when shallow).
    pub parent_count: u32,
    pub tree: ObjectId,
    /// Index into [`CommitGraph::aliases`] (mailmapped author).
    pub author: u32,
    pub author_time: i64,
    pub committer_time: i64,
    pub subject: String,
    /// See the module docs.
    pub walked: bool,
    /// See the module docs; set by [`CommitGraph::mark_counted`].
    pub counted: bool,
}

/// The commits reachable from a head.
#[derive(Debug, Clone, Default)]
pub struct CommitGraph {
    /// `commits[0]` is the head.
    pub commits: Vec<CommitNode>,
    /// Distinct mailmapped authors.
    pub aliases: Vec<Alias>,
}

impl CommitGraph {
    /// Read every commit reachable from `head`; `since` limits which are *walked*.
    pub fn collect(
        repo: &gix::Repository,
        head: ObjectId,
        mailmap: Option<&gix::mailmap::Snapshot>,
        since: Option<i64>,
        cancel: &Cancel,
    ) -> Result<CommitGraph> {
        Self::collect_with(repo, head, mailmap, since, cancel, &mut |_, _| {})
    }

    /// [`CommitGraph::collect`], handing every commit's full record to `keep` (with its index in
    /// [`CommitGraph::commits`]) so that callers needing more than the table do not read it again.
    pub(crate) fn collect_with(
        repo: &gix::Repository,
        head: ObjectId,
        mailmap: Option<&gix::mailmap::Snapshot>,
        since: Option<i64>,
        cancel: &Cancel,
        keep: &mut dyn FnMut(u32, CommitInfo),
    ) -> Result<CommitGraph> {
        let shallow: Vec<ObjectId> = repo
            .shallow_commits()
            .ok()
            .flatten()
            .map(|s| s.iter().copied().collect())
            .unwrap_or_default();
        let mut aliases = Vec::new();
        let mut alias_index: HashMap<Alias, u32> = HashMap::new();
        // Commits are numbered when discovered; `slots[n]` is filled when commit `n` is read.
        let mut ids = vec![head];
        let mut index: HashMap<ObjectId, u32> = HashMap::from([(head, 0)]);
        let mut slots: Vec<Option<CommitNode>> = vec![None];
        let mut stack = vec![0u32];
        let mut read = 0usize;
        // Commits are read once each, not cached: the reader's cache only holds the odd deltified
        // one's base.
        let mut reader = ObjectReader::new(Packs::open(repo), COMMIT_READER_BYTES);
        while let Some(n) = stack.pop() {
            read += 1;
            if read.is_multiple_of(256) {
                cancel.check()?;
            }
            let id = ids[n as usize];
            let info: CommitInfo = read_commit_with(repo, &mut reader, id, mailmap)?;
            let author = *alias_index.entry(info.author.clone()).or_insert_with(|| {
                aliases.push(info.author.clone());
                (aliases.len() - 1) as u32
            });
            let mut parents = Vec::with_capacity(info.parents.len());
            for &p in &info.parents {
                // A shallow clone's boundary names parents that are not in the repository.
                if shallow.contains(&id) && !repo.has_object(p) {
                    continue;
                }
                let pn = *index.entry(p).or_insert_with(|| {
                    ids.push(p);
                    slots.push(None);
                    stack.push((ids.len() - 1) as u32);
                    (ids.len() - 1) as u32
                });
                parents.push(pn);
            }
            slots[n as usize] = Some(CommitNode {
                id,
                parents,
                parent_count: info.parents.len() as u32,
                tree: info.tree,
                author,
                author_time: info.author_time,
                committer_time: info.committer_time,
                subject: info.subject().to_string(),
                walked: false,
                counted: false,
            });
            keep(n, info);
        }
        let commits = slots
            .into_iter()
            .map(|s| s.ok_or_else(|| Error::internal("BUG: a discovered commit was never read")))
            .collect::<Result<Vec<_>>>()?;
        let mut graph = CommitGraph { commits, aliases };
        graph.mark_walked(since);
        Ok(graph)
    }

    fn mark_walked(&mut self, since: Option<i64>) {
        let mut stack = vec![0u32];
        while let Some(i) = stack.pop() {
            let node = &mut self.commits[i as usize];
            if node.walked || since.is_some_and(|s| node.committer_time < s) {
                continue;
            }
            node.walked = true;
            stack.extend(node.parents.iter().copied());
        }
    }

    /// Set `counted` from the date window and an exclusion test (true = excluded commit).
    pub fn mark_counted(&mut self, in_window: impl Fn(i64) -> bool, excluded: impl Fn(&CommitNode) -> bool) {
        for i in 0..self.commits.len() {
            let node = &self.commits[i];
            let counted = node.walked && in_window(node.committer_time) && !excluded(node);
            self.commits[i].counted = counted;
        }
    }

    /// Walked commits, every one after all its walked children, newest commit time first among
    /// the ready ones (git log's default order when dates are sane).
    pub fn topological_order(&self) -> Vec<u32> {
        let mut children = vec![0u32; self.commits.len()];
        for node in self.commits.iter().filter(|n| n.walked) {
            for &p in &node.parents {
                children[p as usize] += 1;
            }
        }
        let mut ready = BinaryHeap::new();
        if self.commits.first().is_some_and(|n| n.walked) {
            ready.push((self.commits[0].committer_time, std::cmp::Reverse(0u32)));
        }
        let mut order = Vec::with_capacity(self.commits.len());
        while let Some((_, std::cmp::Reverse(i))) = ready.pop() {
            order.push(i);
            for &p in &self.commits[i as usize].parents {
                let left = &mut children[p as usize];
                *left -= 1;
                if *left == 0 && self.commits[p as usize].walked {
                    ready.push((self.commits[p as usize].committer_time, std::cmp::Reverse(p)));
                }
            }
        }
        order
    }
}

/// The last commit on the first-parent chain from `head` whose committer time is `<= until`.
pub fn head_at(repo: &gix::Repository, head: ObjectId, until: i64) -> Result<ObjectId> {
    let mut id = head;
    loop {
        let info = read_commit(repo, id, None)?;
        if info.committer_time <= until {
            return Ok(id);
        }
        match info.parents.first() {
            Some(&p) if repo.has_object(p) => id = p,
            _ => {
                return Err(Error::new(
                    ErrorCode::BadRevision,
                    format!("no commit on the first-parent chain of {head} is as old as `until`"),
                ))
            }
        }
    }
}
