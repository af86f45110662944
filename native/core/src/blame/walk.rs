//! The walk: a queue of commits by commit date, each holding its suspects as a map
//! path → (file version, blame entries), passing blame to parents as git's `pass_blame` does.
//!
//! One walk serves any number of blamed files. Per commit, suspects whose path did not change
//! against the first parent move there as a whole map (no per-path work); only changed paths are
//! looked up in the parents, renamed, diffed (in parallel) and split.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::sync::Arc;

use gix::ObjectId;
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::cancel::Cancel;
use crate::commit_cache;
use crate::commitgraph::{BloomKey, Graph};
use crate::diff::{DiffOptions, Hunk, Lines, Tokenizer};
use crate::error::Result;
use crate::budget::Budget;
use crate::packs::{LentObjects, ObjectReader, Packs};
use crate::pieces::{Bytes, Text};
use crate::repo;

use super::changed::changed_files;
use super::shared::{GuiltyCommits, SharedChanges, SharedRenames};
use super::ignore::line_fingerprints;
use super::origin::{self, FileVersion, Renames, TreeLookup};
use super::scoreboard::{pass_ignored, pass_through, Entry};

/// Below this many suspects in a commit, looking each path up in the parent trees is cheaper
/// than diffing whole trees.
const FEW_SUSPECTS: usize = 8;
/// What a walk keeps in memory: decoded pack objects (the object reader: trees, and the delta
/// chains of the files being walked) and blob bytes (a parent's blob is the next suspect's).
/// Each starts at its `_start` and grows to its `_bytes` while the walk reads again what it
/// dropped ([`Budget`]).
#[derive(Debug, Clone, Copy)]
pub struct CacheBudget {
    pub reader_bytes: usize,
    pub blob_bytes: usize,
    /// Whether the object reader remembers where it found objects (see
    /// [`ObjectReader::read_once`]): a walk of many files reads each tree twice, one file's once.
    pub locations: bool,
    pub reader_start: usize,
    pub blob_start: usize,
}

impl CacheBudget {
    /// One file: a version is needed again soon or never, and every fresh page costs a fault.
    /// The most, 48 and 8 MiB, is what the generated repository's 14,000-commit blame of
    /// scheduler.ts needs: its versions' delta chains are read again up to 64 MiB of decoding
    /// later (3–10% faster with half the page faults than with [`CacheBudget::many_files`]'s
    /// most). Most files need far less: a small file's versions and the root trees are read
    /// again within a few hundred KiB (express's package.json: all but 28 of 3,580 reuses within
    /// 256 KiB). So the caches start at 512 and 256 KiB and grow only while the walk reads again
    /// what they dropped ([`Budget`]). First blame in a fresh process against starting at the
    /// most (bench/addon-ab.mjs): package.json 17.9 against 19.0 ms (300 processes each),
    /// lib/response.js 24.2 against 28.8 ms (100 each), History.md (127 KB) 81.7 against
    /// 104.9 ms, scheduler.ts 302.5 against 303.7 ms (20 each).
    pub const ONE_FILE: CacheBudget =
        CacheBudget { reader_bytes: 48 << 20, blob_bytes: 8 << 20, reader_start: 512 << 10, blob_start: 256 << 10, locations: false };
    /// Many files at once, `text_bytes` in all at the starting revision: each file's current
    /// version waits while the walk passes commits that touch the others, and delta bases wait
    /// for the next version, so the budget grows with the files (the generated repository's
    /// 2,000 files, 9 MB a walk, took 19% longer with a third of the most), but no further: every
    /// fresh page costs a fault, and express's 213 files (0.35 MB a walk) took 20% longer with
    /// the most than with this. Its least, 4 and 2 MiB, is what served express best: 7% quicker
    /// than 8 and 4 MiB, and no better below (bench/addon-ab.mjs, fresh processes).
    pub fn many_files(text_bytes: usize) -> CacheBudget {
        let reader_bytes = text_bytes.saturating_mul(12).clamp(4 << 20, 96 << 20);
        let blob_bytes = text_bytes.saturating_mul(8).clamp(2 << 20, 64 << 20);
        CacheBudget { reader_bytes, blob_bytes, reader_start: reader_bytes, blob_start: blob_bytes, locations: true }
    }
}
/// Up to this many suspects in a commit, each is checked against the commit's Bloom filter.
const BLOOM_MAX_PATHS: usize = 32;
/// Below this many lines in a commit's first diffs, they run on this thread: waking rayon's
/// workers and having them spin for the next job costs more CPU than such diffs take.
const PARALLEL_MIN_LINES: usize = 20_000;
/// Commits a walk has room for before its tables grow (express's package.json visits 3,475).
const COMMITS_RESERVED: usize = 4096;
/// `Node::by_pos` marker for "no node yet".
const NO_NODE: u32 = u32::MAX;

/// A commit of the walk. Index 0.. in `Walk::commits`.
pub struct Node {
    /// All zeros for the uncommitted contents of `--contents`.
    pub id: ObjectId,
    /// `None` for the uncommitted contents (its tree does not exist).
    pub tree: Option<ObjectId>,
    pub time: i64,
    /// Position in the commit-graph, if the node was read from there.
    pos: Option<u32>,
    /// Parent ids, for commits read from their object.
    parent_ids: Vec<ObjectId>,
    /// Parent positions, for commits read from the commit-graph.
    graph_parents: Vec<u32>,
    root: bool,
    parents: Option<Vec<u32>>,
}

impl Node {
    /// No parents: a root commit or a shallow clone's edge, a boundary in git's output.
    pub fn is_boundary(&self) -> bool {
        !self.id.is_null() && self.root
    }
}

/// A suspect path of one commit: its file version there and the entries it is suspected for.
pub struct PathState {
    pub version: FileVersion,
    pub entries: Vec<Entry>,
}

type SuspectMap = FxHashMap<String, PathState>;
/// A parent that takes part in diffing: (parent commit, path there, file version there).
/// Two blobs to diff: (parent's, suspect's).
/// Old text and lines, new text and lines, and how many bytes at their ends are known equal.
type DiffJob = (Text, Arc<Lines>, Text, Arc<Lines>, usize);
type Scapegoat = Option<(u32, String, FileVersion)>;

/// Entries that stayed with a suspect: the final answer for their lines.
pub struct Guilty {
    pub commit: u32,
    pub path: String,
    /// The first parent origin found (git's `previous`), when asked to track it.
    pub previous: Option<(u32, String)>,
    pub entries: Vec<Entry>,
}

/// Counters, returned as `BlameStats`.
#[derive(Debug, Default, Clone, Copy)]
pub struct Counters {
    pub commits_visited: u64,
    pub blobs_diffed: u64,
}

pub struct Walk<'r> {
    repo: &'r gix::Repository,
    pub commits: Vec<Node>,
    index: FxHashMap<ObjectId, u32>,
    states: FxHashMap<u32, SuspectMap>,
    queue: BinaryHeap<(i64, Reverse<u64>, u32)>,
    ctr: u64,
    shallow: FxHashSet<ObjectId>,
    ignore: FxHashSet<ObjectId>,
    diff: DiffOptions,
    blobs: FxHashMap<ObjectId, (Text, u64)>,
    blob_bytes: usize,
    blob_budget: Budget<ObjectId>,
    pub guilty: Vec<Guilty>,
    pub track_previous: bool,
    /// Whether a commit's first diffs may run on the rayon pool when they are large. Not while
    /// other walks keep the cores busy: the pool's idle threads then spin for a core beside them.
    pub parallel_diffs: bool,
    pub counters: Counters,
    /// Lines not yet blamed, per file; for progress.
    pub lines_left: Vec<u64>,
    pub files_done: usize,
    trees: TreeLookup,
    reader: ObjectReader,
    /// The commit-graph, when the repository has one git would use.
    graph: Option<Graph>,
    /// Node per graph position (`NO_NODE` if none yet).
    by_pos: Vec<u32>,
    /// Bloom keys per suspect path.
    bloom_keys: FxHashMap<String, BloomKey>,
    /// Each blob's tokens, kept while its bytes are (a blob is diffed as the new side and again
    /// as the old side).
    tokenizer: Tokenizer,
    lines: FxHashMap<ObjectId, Arc<Lines>>,
    /// Tree diffs shared with other walks of the same history, if any.
    shared_changes: Option<&'r SharedChanges>,
    /// Renames shared likewise (a merge's parent that lacks a path is searched for renames).
    shared_renames: Option<&'r SharedRenames>,
    /// Where each commit found guilty is announced once, for a walk that has finished.
    guilty_feed: Option<&'r GuiltyCommits>,
    /// Nodes announced there.
    announced: FxHashSet<u32>,
}

impl<'r> Walk<'r> {
    pub fn new(repo: &'r gix::Repository, diff: DiffOptions, ignore: &[ObjectId], budget: CacheBudget) -> Self {
        Walk::with_graph(repo, diff, ignore, budget, Graph::for_repo(repo))
    }

    /// [`Walk::new`] with the repository's commit-graph as [`Graph::for_repo`] opened it, for a
    /// caller that needed it first: opening it takes about a millisecond (the generated
    /// benchmark repository's), not to be paid twice per blame.
    pub fn with_graph(repo: &'r gix::Repository, diff: DiffOptions, ignore: &[ObjectId], budget: CacheBudget, graph: Option<Graph>) -> Self {
        Walk {
            repo,
            // Room for the commits of a long history from the start: grown by doubling, the
            // table and the nodes were copied to fresh pages each time (page faults).
            commits: Vec::with_capacity(COMMITS_RESERVED),
            index: FxHashMap::with_capacity_and_hasher(COMMITS_RESERVED, Default::default()),
            states: FxHashMap::default(),
            queue: BinaryHeap::new(),
            ctr: 0,
            shallow: repo::shallow_commits(repo).into_iter().collect(),
            ignore: ignore.iter().copied().collect(),
            diff,
            blobs: FxHashMap::default(),
            blob_bytes: 0,
            blob_budget: Budget::growing(budget.blob_start, budget.blob_bytes),
            guilty: Vec::new(),
            track_previous: false,
            parallel_diffs: true,
            counters: Counters::default(),
            lines_left: Vec::new(),
            files_done: 0,
            trees: TreeLookup::default(),
            reader: {
                let reader = ObjectReader::with_budget(Packs::open(repo), Budget::growing(budget.reader_start, budget.reader_bytes));
                if budget.locations { reader } else { reader.read_once() }
            },
            graph: None,
            by_pos: Vec::new(),
            bloom_keys: FxHashMap::default(),
            tokenizer: Tokenizer::new(diff.ignore_whitespace),
            lines: FxHashMap::default(),
            shared_changes: None,
            shared_renames: None,
            guilty_feed: None,
            announced: FxHashSet::default(),
        }
        .using_graph(graph)
    }

    fn using_graph(mut self, graph: Option<Graph>) -> Self {
        if self.shallow.is_empty() {
            self.graph = graph;
        }
        if let Some(g) = &self.graph {
            self.by_pos = vec![NO_NODE; g.len() as usize];
        }
        self
    }

    /// The walk's caches and tables (tens of thousands of objects), to free where it costs no
    /// one time (see [`crate::garbage`]).
    pub fn into_garbage(self) -> impl Send + 'static {
        (self.reader, self.blobs, self.lines, self.commits, self.index, self.states, self.trees, self.by_pos, self.bloom_keys, self.announced)
    }

    /// Share tree diffs and renames with the other walks of the same history (see [`super::shared`]).
    pub fn share_changes(&mut self, changes: &'r SharedChanges, renames: &'r SharedRenames) {
        self.shared_changes = Some(changes);
        self.shared_renames = Some(renames);
    }

    /// Announce each commit found guilty in `feed`, once.
    pub fn announce_guilty(&mut self, feed: &'r GuiltyCommits) {
        self.guilty_feed = Some(feed);
    }

    /// The node of the commit at commit-graph position `pos`.
    fn node_at(&mut self, pos: u32) -> Result<u32> {
        let i = self.by_pos[pos as usize];
        if i != NO_NODE {
            return Ok(i);
        }
        let g = self.graph.as_ref().expect("BUG: graph position without a graph");
        let id = g.id_at(pos);
        if let Some(&i) = self.index.get(&id) {
            self.by_pos[pos as usize] = i;
            return Ok(i);
        }
        let mut parents = Vec::new();
        if !g.parents(pos, &mut parents) {
            // An inconsistent graph: read the object instead.
            return self.node_from_object(id);
        }
        let c = g.commit(pos);
        let i = self.commits.len() as u32;
        let root = parents.is_empty();
        self.commits.push(Node { id, tree: Some(c.tree), time: c.time, pos: Some(pos), parent_ids: Vec::new(), graph_parents: parents, root, parents: None });
        self.index.insert(id, i);
        self.by_pos[pos as usize] = i;
        Ok(i)
    }

    /// The node of commit `id`, read on first use.
    pub fn node(&mut self, id: ObjectId) -> Result<u32> {
        if let Some(&i) = self.index.get(&id) {
            return Ok(i);
        }
        if let Some(pos) = self.graph.as_ref().and_then(|g| g.lookup(&id)) {
            return self.node_at(pos);
        }
        self.node_from_object(id)
    }

    fn node_from_object(&mut self, id: ObjectId) -> Result<u32> {
        let header = commit_cache::header(self.repo, &mut self.reader, id, true)?;
        // Shallow is this repository's view of the commit, not part of it: applied after the cache.
        let parent_ids = if self.shallow.contains(&id) { Vec::new() } else { header.parents.to_vec() };
        let i = self.commits.len() as u32;
        let root = parent_ids.is_empty();
        self.commits.push(Node { id, tree: Some(header.tree), time: header.time, pos: None, parent_ids, graph_parents: Vec::new(), root, parents: None });
        self.index.insert(id, i);
        Ok(i)
    }

    /// The uncommitted contents as a pseudo-commit whose parent is `parent`.
    pub fn fake_node(&mut self, parent: ObjectId, contents: Vec<u8>) -> Result<u32> {
        let i = self.commits.len() as u32;
        let time = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0);
        self.commits.push(Node {
            id: ObjectId::null(self.repo.object_hash()),
            tree: None,
            time,
            pos: None,
            parent_ids: vec![parent],
            graph_parents: Vec::new(),
            root: false,
            parents: None,
        });
        let null = ObjectId::null(self.repo.object_hash());
        self.blob_bytes += contents.len();
        self.blobs.insert(null, (Text::Flat(Arc::new(contents)), u64::MAX));
        Ok(i)
    }

    fn parents(&mut self, c: u32) -> Result<Vec<u32>> {
        if let Some(p) = &self.commits[c as usize].parents {
            return Ok(p.clone());
        }
        let node = &mut self.commits[c as usize];
        let (ids, positions) = (std::mem::take(&mut node.parent_ids), std::mem::take(&mut node.graph_parents));
        let mut out = Vec::with_capacity(ids.len() + positions.len());
        for id in ids {
            out.push(self.node(id)?);
        }
        for pos in positions {
            out.push(self.node_at(pos)?);
        }
        self.commits[c as usize].parents = Some(out.clone());
        Ok(out)
    }

    /// Start a walk of many files at `root`: file `f` of `files` is (path, version there, lines),
    /// all its lines suspected; the entries' file numbers, `lines_left` and `files_done` follow
    /// that order (a file of no lines is done already).
    pub fn start_files(&mut self, root: u32, files: Vec<(String, FileVersion, u32)>) {
        self.lines_left = files.iter().map(|f| f.2 as u64).collect();
        self.files_done = files.iter().filter(|f| f.2 == 0).count();
        for (f, (path, version, len)) in files.into_iter().enumerate() {
            if len > 0 {
                self.give(root, path, version, vec![Entry { file: f as u32, lno: 0, s_lno: 0, len, flags: 0 }]);
            }
        }
    }

    /// Make `commit` suspected of `entries` of `path` (at `version`).
    pub fn give(&mut self, commit: u32, path: String, version: FileVersion, entries: Vec<Entry>) {
        if entries.is_empty() {
            return;
        }
        let map = self.states.entry(commit).or_default();
        let was_empty = map.is_empty();
        match map.entry(path) {
            std::collections::hash_map::Entry::Occupied(mut o) => o.get_mut().entries.extend(entries),
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(PathState { version, entries });
            }
        }
        if was_empty {
            self.enqueue(commit);
        }
    }

    fn give_map(&mut self, commit: u32, map: SuspectMap) {
        if map.is_empty() {
            return;
        }
        match self.states.get_mut(&commit) {
            Some(existing) if !existing.is_empty() => {
                let (mut big, small) = if existing.len() >= map.len() { (std::mem::take(existing), map) } else { (map, std::mem::take(existing)) };
                for (path, st) in small {
                    match big.entry(path) {
                        std::collections::hash_map::Entry::Occupied(mut o) => o.get_mut().entries.extend(st.entries),
                        std::collections::hash_map::Entry::Vacant(v) => {
                            v.insert(st);
                        }
                    }
                }
                *self.states.get_mut(&commit).expect("BUG: state vanished") = big;
            }
            _ => {
                self.states.insert(commit, map);
                self.enqueue(commit);
            }
        }
    }

    fn enqueue(&mut self, commit: u32) {
        self.ctr += 1;
        self.queue.push((self.commits[commit as usize].time, Reverse(self.ctr), commit));
    }

    /// Run until every line is blamed. `on_commit` is called after each commit processed.
    pub fn run(&mut self, cancel: &Cancel, on_commit: &mut dyn FnMut(&Walk)) -> Result<()> {
        while let Some((_, _, c)) = self.queue.pop() {
            cancel.check()?;
            let Some(map) = self.states.remove(&c) else { continue };
            if map.is_empty() {
                continue;
            }
            self.counters.commits_visited += 1;
            self.process(c, map, cancel)?;
            on_commit(self);
            if self.blob_bytes > self.blob_budget.bytes() {
                self.evict_blobs();
            }
        }
        Ok(())
    }

    fn blame_on(&mut self, commit: u32, path: String, previous: Option<(u32, String)>, entries: Vec<Entry>) {
        if entries.is_empty() {
            return;
        }
        for e in &entries {
            if let Some(left) = self.lines_left.get_mut(e.file as usize) {
                *left -= e.len as u64;
                if *left == 0 {
                    self.files_done += 1;
                }
            }
        }
        if let Some(feed) = self.guilty_feed {
            let node = &self.commits[commit as usize];
            if !node.id.is_null() && self.announced.insert(commit) {
                feed.push(node.id, node.is_boundary());
            }
        }
        self.guilty.push(Guilty { commit, path, previous, entries });
    }

    /// git's `pass_blame` for every suspect path of commit `c`.
    fn process(&mut self, c: u32, mut map: SuspectMap, cancel: &Cancel) -> Result<()> {
        let parents = self.parents(c)?;
        if parents.is_empty() {
            for (path, st) in map {
                self.blame_on(c, path, None, st.entries);
            }
            return Ok(());
        }
        let tree = self.commits[c as usize].tree;
        let p1 = parents[0];
        let p1_tree = self.commits[p1 as usize].tree;
        if tree.is_some() && tree == p1_tree {
            // Nothing changed against the first parent: it takes everything.
            self.give_map(p1, map);
            return Ok(());
        }
        // Paths the changed-path Bloom filter rules out did not change against the first parent:
        // it takes them whole, no tree read (git's `maybe_changed_path`).
        if let (Some(pos), Some(graph)) = (self.commits[c as usize].pos, self.graph.as_ref()) {
            if let (Some(filter), Some(settings)) = (graph.bloom(pos), graph.bloom_settings()) {
                if map.len() <= BLOOM_MAX_PATHS {
                    let keys = &mut self.bloom_keys;
                    let mut maybe = |p: &String| -> bool {
                        if let Some(k) = keys.get(p) {
                            return filter.maybe_contains(k);
                        }
                        let k = BloomKey::new(p.as_bytes(), settings);
                        let r = filter.maybe_contains(&k);
                        keys.insert(p.clone(), k);
                        r
                    };
                    if map.len() == 1 {
                        if !maybe(map.keys().next().expect("one key")) {
                            self.give_map(p1, map);
                            return Ok(());
                        }
                    } else {
                        let unchanged: Vec<String> = map.keys().filter(|p| !maybe(p)).cloned().collect();
                        if unchanged.len() == map.len() {
                            self.give_map(p1, map);
                            return Ok(());
                        }
                        if !unchanged.is_empty() {
                            let mut moved = SuspectMap::default();
                            for p in unchanged {
                                let st = map.remove(&p).expect("BUG: key just listed");
                                moved.insert(p, st);
                            }
                            self.give_map(p1, moved);
                        }
                    }
                }
            }
        }
        // Each path to look at, with its file in the first parent when the tree diff found it.
        let work: Vec<(String, PathState, Option<Option<FileVersion>>)> = match (tree, p1_tree) {
            (Some(t), Some(pt)) if map.len() > FEW_SUSPECTS => {
                let (repo, reader) = (self.repo, &mut self.reader);
                let changed = match self.shared_changes {
                    Some(shared) => shared.get_or(pt, t, || changed_files(repo, reader, pt, t))?,
                    None => Arc::new(changed_files(repo, reader, pt, t)?),
                };
                let mut work = Vec::new();
                if changed.len() < map.len() {
                    for (p, before) in changed.iter() {
                        if let Some((p, st)) = map.remove_entry(p) {
                            work.push((p, st, Some(*before)));
                        }
                    }
                } else {
                    let keys: Vec<String> = map.keys().filter(|k| changed.contains_key(*k)).cloned().collect();
                    for k in keys {
                        let st = map.remove(&k).expect("BUG: key just listed");
                        let before = changed[&k];
                        work.push((k, st, Some(before)));
                    }
                }
                // Unchanged against the first parent: identical blob there, so it takes them whole.
                self.give_map(p1, map);
                work
            }
            (_, Some(pt)) => {
                // Few suspects: each is looked up in the first parent's tree instead. Those with
                // the same file there pass there whole, as the tree diff's unchanged ones do:
                // usually all of them, and the map then moves as it is.
                let mut changed = Vec::new();
                for (path, st) in &map {
                    let before = self.trees.file_at(self.repo, &mut self.reader, pt, path)?;
                    if before != Some(st.version) {
                        changed.push((path.clone(), before));
                    }
                }
                let mut work = Vec::with_capacity(changed.len());
                for (path, before) in changed {
                    let (path, st) = map.remove_entry(&path).expect("BUG: key just listed");
                    work.push((path, st, Some(before)));
                }
                self.give_map(p1, map);
                work
            }
            _ => map.into_iter().map(|(p, st)| (p, st, None)).collect(),
        };
        if work.is_empty() {
            return Ok(());
        }

        // Decide, per path, which parents are scapegoats (sequential: reads trees).
        let mut renames: Vec<Option<Arc<Renames>>> = vec![None; parents.len()];
        let mut plans: Vec<(String, PathState, Vec<Scapegoat>)> = Vec::new();
        'paths: for (path, st, in_first_parent) in work {
            let mut sg: Vec<Scapegoat> = vec![None; parents.len()];
            let mut present = vec![false; parents.len()];
            for pass in 0..2 {
                for (i, &p) in parents.iter().enumerate() {
                    if sg[i].is_some() || (pass == 1 && present[i]) {
                        continue;
                    }
                    let Some(ptree) = self.commits[p as usize].tree else { continue };
                    let found = if pass == 0 {
                        let v = match in_first_parent {
                            Some(known) if i == 0 => known,
                            _ => self.trees.file_at(self.repo, &mut self.reader, ptree, &path)?,
                        };
                        v.map(|v| (path.clone(), v))
                    } else {
                        let Some(t) = tree else { continue };
                        if renames[i].is_none() {
                            let (repo, reader) = (self.repo, &mut self.reader);
                            let mut compute = move || origin::renames(&LentObjects::new(repo, reader), ptree, t);
                            renames[i] = Some(match self.shared_renames {
                                Some(shared) => shared.get_or(ptree, t, compute)?,
                                None => Arc::new(compute()?),
                            });
                        }
                        renames[i].as_ref().and_then(|r| r.get(&path)).cloned()
                    };
                    let Some((ppath, pv)) = found else { continue };
                    if pass == 0 {
                        present[i] = true;
                    }
                    if pv.is_link != st.version.is_link {
                        continue; // type change: no origin (git's 'T')
                    }
                    if pv.blob == st.version.blob {
                        self.give(p, ppath, pv, st.entries);
                        continue 'paths;
                    }
                    let dup = sg[..i].iter().flatten().any(|(_, _, v)| v.blob == pv.blob);
                    if !dup {
                        sg[i] = Some((p, ppath, pv));
                    }
                }
            }
            plans.push((path, st, sg));
        }

        // First diffs in parallel: each path against its first scapegoat.
        let mut jobs: Vec<DiffJob> = Vec::new();
        let mut job_of: Vec<Option<usize>> = Vec::with_capacity(plans.len());
        for (_, st, sg) in &plans {
            match sg.iter().flatten().next() {
                Some((_, _, pv)) => {
                    let (new, b) = self.prepared(st.version.blob)?;
                    let (old, a, tail) = self.prepared_like(pv.blob, &new, &b)?;
                    job_of.push(Some(jobs.len()));
                    jobs.push((old, a, new, b, tail));
                }
                None => job_of.push(None),
            }
        }
        cancel.check()?;
        let opts = self.diff;
        let lines: usize = jobs.iter().map(|(_, a, _, b, _)| a.len() + b.len()).sum();
        let diff = |(old, a, new, b, tail): &DiffJob| crate::diff::diff_prepared_in(old, a, new, b, opts, *tail);
        let mut first_hunks: Vec<Vec<Hunk>> = if self.parallel_diffs && jobs.len() > 1 && lines >= PARALLEL_MIN_LINES {
            jobs.par_iter().map(|job| if cancel.is_cancelled() { Vec::new() } else { diff(job) }).collect()
        } else {
            jobs.iter().map(diff).collect()
        };
        cancel.check()?;
        self.counters.blobs_diffed += jobs.len() as u64;
        drop(jobs);

        let ignored = self.ignore.contains(&self.commits[c as usize].id);
        for ((path, st, sg), job) in plans.into_iter().zip(job_of) {
            let mut entries = st.entries;
            let previous = if self.track_previous { sg.iter().flatten().next().map(|(p, pp, _)| (*p, pp.clone())) } else { None };
            let mut hunks_of: Vec<Option<Vec<Hunk>>> = vec![None; sg.len()];
            let mut first = job.map(|j| std::mem::take(&mut first_hunks[j]));
            for (i, s) in sg.iter().enumerate() {
                let Some((p, ppath, pv)) = s else { continue };
                let hunks = match first.take() {
                    Some(h) => h,
                    None => {
                        cancel.check()?;
                        let (new, b) = self.prepared(st.version.blob)?;
                        let (old, a, tail) = self.prepared_like(pv.blob, &new, &b)?;
                        self.counters.blobs_diffed += 1;
                        crate::diff::diff_prepared_in(&old, &a, &new, &b, opts, tail)
                    }
                };
                let (to_parent, stay) = pass_through(std::mem::take(&mut entries), &hunks);
                hunks_of[i] = Some(hunks);
                self.give(*p, ppath.clone(), *pv, to_parent);
                entries = stay;
                if entries.is_empty() {
                    break;
                }
            }
            if ignored && !entries.is_empty() {
                let target = self.blob(st.version.blob)?;
                let t_fps = line_fingerprints(&target);
                for (i, s) in sg.iter().enumerate() {
                    let Some((p, ppath, pv)) = s else { continue };
                    let parent = self.blob(pv.blob)?;
                    let hunks = match hunks_of[i].take() {
                        Some(h) => h,
                        None => {
                            self.counters.blobs_diffed += 1;
                            crate::diff::diff_with(&parent, &target, opts)
                        }
                    };
                    // Fresh parent fingerprints per pass, as git drops them after each.
                    let mut p_fps = line_fingerprints(&parent);
                    let (to_parent, stay) = pass_ignored(std::mem::take(&mut entries), &hunks, &mut p_fps, &t_fps);
                    self.give(*p, ppath.clone(), *pv, to_parent);
                    entries = stay;
                    if entries.is_empty() {
                        break;
                    }
                }
            }
            self.blame_on(c, path, previous, entries);
        }
        Ok(())
    }

    /// What blame shows of commit `id`, read through the walk's object reader.
    pub fn commit_meta(&mut self, id: ObjectId, mailmap: Option<&gix::mailmap::Snapshot>) -> Result<repo::CommitMeta> {
        repo::commit_meta(self.repo, &mut self.reader, id, mailmap)
    }

    /// A blob's bytes in one buffer, from the cache or the object database.
    pub fn blob(&mut self, id: ObjectId) -> Result<Arc<Vec<u8>>> {
        Ok(self.text(id)?.flat())
    }

    /// A blob's bytes as the reader keeps them (a large file's versions as pieces of their delta
    /// bases), from the cache or the object database.
    fn text(&mut self, id: ObjectId) -> Result<Text> {
        self.ctr += 1;
        let now = self.ctr;
        if let Some((b, used)) = self.blobs.get_mut(&id) {
            if *used != u64::MAX {
                *used = now;
            }
            return Ok(b.clone());
        }
        let data = self.reader.text(self.repo, id)?;
        self.blob_budget.stored(&id, data.len());
        self.blob_bytes += data.len();
        self.blobs.insert(id, (data.clone(), now));
        Ok(data)
    }

    /// Hands the walk a blob its caller has read already (the starting version of a file).
    pub fn seed_blob(&mut self, id: ObjectId, data: Arc<Vec<u8>>) {
        self.ctr += 1;
        if let std::collections::hash_map::Entry::Vacant(v) = self.blobs.entry(id) {
            self.blob_bytes += data.len();
            v.insert((Text::Flat(data), self.ctr));
        }
    }

    /// A blob's bytes and lines, tokenized once.
    fn prepared(&mut self, id: ObjectId) -> Result<(Text, Arc<Lines>)> {
        let data = self.text(id)?;
        if let Some(l) = self.lines.get(&id) {
            return Ok((data, l.clone()));
        }
        let tokenizer = &mut self.tokenizer;
        let l = Arc::new(data.with_range(0, data.len(), |bytes| tokenizer.lines(bytes)));
        self.lines.insert(id, l.clone());
        Ok((data, l))
    }

    /// [`Walk::prepared`] for a parent's blob, tokenizing only what differs from the child's; and
    /// how many bytes at the ends of the two texts that found equal (0 when the parent's lines
    /// were cached), which the diff of the two need not compare again.
    fn prepared_like(&mut self, id: ObjectId, child: &Text, child_lines: &Arc<Lines>) -> Result<(Text, Arc<Lines>, usize)> {
        let data = self.text(id)?;
        if let Some(l) = self.lines.get(&id) {
            return Ok((data, l.clone(), 0));
        }
        let (l, tail) = self.tokenizer.lines_like_shared(&data, child, child_lines);
        let l = Arc::new(l);
        self.lines.insert(id, l.clone());
        Ok((data, l, tail))
    }

    /// Drop the least recently used half of the cached blobs.
    fn evict_blobs(&mut self) {
        let mut uses: Vec<u64> = self.blobs.values().map(|(_, u)| *u).collect();
        uses.sort_unstable();
        let cut = uses[uses.len() / 2];
        let mut bytes = 0;
        let budget = &mut self.blob_budget;
        self.blobs.retain(|&id, (b, u)| {
            let keep = *u >= cut;
            if keep {
                bytes += b.len();
            } else {
                budget.evicted(id);
            }
            keep
        });
        self.blob_bytes = bytes;
        let blobs = &self.blobs;
        self.lines.retain(|id, _| blobs.contains_key(id));
    }
}

