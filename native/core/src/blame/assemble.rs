//! From a finished walk's guilty records to each blamed file's columns (origin, source line,
//! flags per final line) and the origins and commits they point to. Shared by [`super::blame_file`]
//! (one file) and [`super::blame_files`] (many files from one walk): commit details are read
//! once per commit however many files it owns lines in.

use std::any::Any;
use std::sync::{Arc, Mutex};

use gix::ObjectId;
use rustc_hash::FxHashMap;

use super::shared::GuiltyCommits;
use super::walk::{Guilty, Walk};
use super::{not_committed_yet, to_blame_commit, BlameCommit, BlameOrigin};
use crate::error::Result;

/// The columns of one blamed file, before the caller adds path, revision, text and warnings.
#[derive(Debug, Default)]
pub struct Columns {
    pub origin: Vec<u32>,
    pub source_line: Vec<u32>,
    pub flags: Vec<u8>,
    pub origins: Vec<BlameOrigin>,
    pub commits: Vec<Arc<BlameCommit>>,
}

/// Commit details read by one walk's assembly, for the others of the same call: walks that blame
/// different files of one revision find many of the same commits guilty.
#[derive(Default)]
pub struct SharedDetails(Mutex<FxHashMap<ObjectId, Arc<BlameCommit>>>);

impl SharedDetails {
    fn get(&self, id: &ObjectId) -> Option<Arc<BlameCommit>> {
        self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).get(id).cloned()
    }

    fn insert(&self, id: ObjectId, bc: Arc<BlameCommit>) {
        self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).insert(id, bc);
    }

    fn contains(&self, id: &ObjectId) -> bool {
        self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).contains_key(id)
    }

    /// Read the details of commits other walks will need, while `wanted` says one still runs: a
    /// walk that finished early does it for those still walking, whose assembly then finds them
    /// here. First the commits `guilty` announced (each owns lines of a file: its details are
    /// needed), then, when none is waiting there, a few of the commits `walk` visited, newest
    /// first (they may yet be found guilty).
    pub fn read_ahead(&self, walk: &mut Walk, mailmap: Option<&gix::mailmap::Snapshot>, guilty: &GuiltyCommits, wanted: &dyn Fn() -> bool) -> Result<()> {
        let mut visited = 0;
        while wanted() {
            let announced = guilty.take();
            if !announced.is_empty() {
                // Newest first: a walk that has finished walking assembles its files in the order
                // its commits were found guilty, so the two readers meet in the middle.
                for (id, boundary) in announced.into_iter().rev() {
                    if !wanted() {
                        break;
                    }
                    self.read(walk, mailmap, id, boundary)?;
                }
            } else if visited < walk.commits.len() {
                let end = (visited + SPECULATIVE_BATCH).min(walk.commits.len());
                for n in visited..end {
                    let (id, boundary) = (walk.commits[n].id, walk.commits[n].is_boundary());
                    self.read(walk, mailmap, id, boundary)?;
                }
                visited = end;
            } else {
                // Nothing left to guess from: wait for the other walks to find more.
                std::thread::sleep(std::time::Duration::from_micros(100));
            }
        }
        Ok(())
    }

    /// Reads the details of the commits `guilty` announced so far, newest first.
    pub fn read_announced(&self, walk: &mut Walk, mailmap: Option<&gix::mailmap::Snapshot>, guilty: &GuiltyCommits) -> Result<()> {
        for (id, boundary) in guilty.take().into_iter().rev() {
            self.read(walk, mailmap, id, boundary)?;
        }
        Ok(())
    }

    /// Reads and keeps the details of `id`, unless they are here already.
    fn read(&self, walk: &mut Walk, mailmap: Option<&gix::mailmap::Snapshot>, id: ObjectId, boundary: bool) -> Result<()> {
        if !id.is_null() && !self.contains(&id) {
            let bc = Arc::new(to_blame_commit(walk.commit_meta(id, mailmap)?, boundary));
            self.insert(id, bc);
        }
        Ok(())
    }
}

/// Commits of its own history [`SharedDetails::read_ahead`] reads between looks at what the
/// other walks found guilty.
const SPECULATIVE_BATCH: usize = 8;

/// Columns for every file of the walk: `lines[f]` final lines for file `f` (the `file` of its
/// entries). `blamed_path` names the uncommitted pseudo-commit's source, as git does. Also
/// returns the walk's guilty records, one per range of lines, for the caller to free where it
/// costs no one time (see [`crate::garbage`]).
pub fn columns(
    walk: &mut Walk,
    lines: &[u32],
    blamed_path: &dyn Fn(usize) -> String,
    mailmap: Option<&gix::mailmap::Snapshot>,
    shared: Option<&SharedDetails>,
) -> Result<(Vec<Columns>, Box<dyn Any + Send>)> {
    let mut files: Vec<Columns> = lines
        .iter()
        .map(|&n| Columns { origin: vec![0; n as usize], source_line: vec![0; n as usize], flags: vec![0; n as usize], ..Columns::default() })
        .collect();
    // Commit details by walk node, read once for all files.
    let mut details: FxHashMap<u32, Arc<BlameCommit>> = FxHashMap::default();
    // Per (file, walk node): the index in the file's commits; per (file, node, path): in its
    // origins. Keys borrow the guilty records' paths: there is one record per range of lines.
    let mut commit_index: FxHashMap<(u32, u32), u32> = FxHashMap::default();
    let mut origin_index: FxHashMap<(u32, u32, &str), u32> = FxHashMap::default();
    let guilty: Vec<Guilty> = std::mem::take(&mut walk.guilty);
    for g in &guilty {
        for e in &g.entries {
            let f = e.file as usize;
            let file = &mut files[f];
            let ci = match commit_index.get(&(e.file, g.commit)) {
                Some(&i) => i,
                None => {
                    let node = &walk.commits[g.commit as usize];
                    let (id, time, boundary) = (node.id, node.time, node.is_boundary());
                    let bc = match details.get(&g.commit) {
                        Some(bc) => bc.clone(),
                        // Its summary names the file, so it is not shared.
                        None if id.is_null() => Arc::new(not_committed_yet(&id, &blamed_path(f), time)),
                        None => {
                            let bc = match shared.and_then(|s| s.get(&id)) {
                                Some(bc) => bc,
                                None => {
                                    let bc = Arc::new(to_blame_commit(walk.commit_meta(id, mailmap)?, boundary));
                                    if let Some(s) = shared {
                                        s.insert(id, bc.clone());
                                    }
                                    bc
                                }
                            };
                            details.insert(g.commit, bc.clone());
                            bc
                        }
                    };
                    let i = file.commits.len() as u32;
                    file.commits.push(bc);
                    commit_index.insert((e.file, g.commit), i);
                    i
                }
            };
            let oi = match origin_index.get(&(e.file, g.commit, g.path.as_str())) {
                Some(&i) => i,
                None => {
                    let previous = g.previous.as_ref().map(|(pc, pp)| (walk.commits[*pc as usize].id.to_string(), pp.clone()));
                    let i = file.origins.len() as u32;
                    file.origins.push(BlameOrigin { commit: ci, path: g.path.clone(), previous });
                    origin_index.insert((e.file, g.commit, g.path.as_str()), i);
                    i
                }
            };
            for k in 0..e.len {
                let l = (e.lno + k) as usize;
                file.origin[l] = oi;
                file.source_line[l] = e.s_lno + k + 1;
                file.flags[l] = e.flags;
            }
        }
    }
    drop((commit_index, origin_index));
    Ok((files, Box::new((guilty, details))))
}
