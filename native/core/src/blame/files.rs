//! [`blame_files`]: many files of one revision blamed together, each answer the same as
//! [`super::blame_file`]'s for that path. A walk of history visits each commit once for all its
//! files instead of once per file, which is what makes blaming a whole repository cheap; the
//! files are shared out between one walk per core.

use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Instant;

use rustc_hash::FxHashMap;

use super::assemble::SharedDetails;
use super::shared::{GuiltyCommits, SharedChanges, SharedRenames};
use super::walk::{CacheBudget, Counters, Walk};
use super::origin::TreeLookup;
use super::{assemble, collect_ignore_revs, file_version, indent_heuristic, origin, refuse_binary, BinaryAttributes};
use super::{BlameOptions, BlameStats, FileBlame, ManyProgress};
use crate::cancel::Cancel;
use crate::diff::DiffOptions;
use crate::error::{Error, ErrorCode, Result, Warning};
use crate::garbage::free_elsewhere;
use crate::packs::{ObjectReader, Packs};
use crate::repo;

/// Bytes of decoded objects each reader of the blamed versions keeps (trees, delta bases).
const TARGET_READER_BYTES: usize = 32 * 1024 * 1024;
/// Bytes of tree diffs one walk may hold for the others before the oldest are dropped.
const SHARED_CHANGES_BYTES: usize = 64 << 20;
/// The same for renames (most commits have none: their answers are a few bytes).
const SHARED_RENAMES_BYTES: usize = 8 << 20;
/// Below this many paths per core, reading them on one thread is quicker than starting others.
const PATHS_PER_READER: usize = 64;

/// One blamed path of [`blame_files`]: its version at the revision, text and line count.
struct Target {
    path: String,
    version: origin::FileVersion,
    /// Shared with the walk, which starts from this version.
    text: Arc<Vec<u8>>,
    lines: u32,
}

/// [`blame_files`]' answer: one entry per path asked, and what belongs to the whole call, which
/// is known even when every path failed.
#[derive(Debug)]
pub struct FilesBlame {
    pub files: Vec<Result<FileBlame>>,
    /// The starting revision, resolved (40 hex).
    pub rev: String,
    pub warnings: Vec<Warning>,
    pub stats: BlameStats,
}

/// Blame every path of `paths` at `opts.rev` (default HEAD), one walk per core (`opts.walks`).
/// The answer has one entry per path, in order: its blame, or why it has none (not in the
/// revision, a directory, binary…); one path's problem does not stop the others. Problems of the
/// whole call (no repository, a bad revision, an abort, `contents`, which belongs to one file) are
/// the call's error. Every result carries the call's stats and warnings, as does the answer.
pub fn blame_files(
    repo_path: &Path,
    paths: &[String],
    opts: &BlameOptions,
    cancel: &Cancel,
    progress: &mut dyn FnMut(ManyProgress),
) -> Result<FilesBlame> {
    let started = Instant::now();
    if opts.detect_moves || opts.detect_copies > 0 {
        return Err(Error::new(ErrorCode::InvalidOption, "move and copy detection (-M/-C) are not supported yet"));
    }
    if opts.contents.is_some() {
        return Err(Error::new(ErrorCode::InvalidOption, "contents blames one file: use blame_file for it"));
    }
    let repo = repo::open(repo_path)?;
    let rev_name = opts.rev.clone().unwrap_or_else(|| "HEAD".into());
    let start = repo::resolve_commit(&repo, &rev_name)?;

    // Each distinct path once: a path asked twice would otherwise own its lines twice in one suspect.
    let mut asked_distinct: Vec<Result<usize>> = Vec::with_capacity(paths.len());
    let mut distinct: Vec<String> = Vec::new();
    let mut seen: FxHashMap<String, usize> = FxHashMap::default();
    let work_tree_path = repo::work_tree_paths(&repo, repo_path);
    for asked in paths {
        asked_distinct.push(work_tree_path(asked).map(|path| {
            *seen.entry(path).or_insert_with_key(|path| {
                distinct.push(path.clone());
                distinct.len() - 1
            })
        }));
    }
    // The second core's thread starts now, before anything is read, and stays for the whole
    // call: it reads files beside this thread, then walks the second group. A thread started
    // later, for the second walk, began 1-5 ms after it was spawned in about half the calls
    // on this virtual machine, and the call waited for it.
    // Counted before this thread is pinned to one of them, which available_parallelism would see.
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    let helping = helper_wanted(distinct.len(), opts.walks, cores);
    let reading = Reading::new(distinct.len());
    let plan: OnceLock<Plan> = OnceLock::new();
    let shared = repo.clone().into_sync();
    let mut warnings = Vec::new();
    let mut answers: Vec<Result<usize>> = Vec::new();
    let walked = std::thread::scope(|scope| -> Result<Vec<Walked>> {
        // The helper on a core of its own, this thread on the one it has (see crate::cpus).
        let placement = if helping { crate::cpus::Placement::here() } else { None };
        let helper = helping.then(|| {
            let (repo, reading, plan, distinct, rev_name) = (shared.to_thread_local(), &reading, &plan, &distinct, &rev_name);
            scope.spawn(move || {
                if let Some(p) = placement {
                    p.take_another();
                }
                help(&repo, start, distinct, rev_name, cancel, reading, plan)
            })
        });
        let pinned = placement.map(|p| p.pin());
        // Whatever ends this closure lets the helper go.
        let _release = Release(&reading.released);
        read_claimed(&repo, start, &distinct, &rev_name, cancel, &reading, true);
        cancel.check()?;
        let read = reading.take_read();
        let mut targets: Vec<Target> = Vec::with_capacity(read.len());
        let slots: Vec<Result<usize>> = read
            .into_iter()
            .map(|r| {
                r.map(|t| {
                    targets.push(t);
                    targets.len() - 1
                })
            })
            .collect();
        answers = asked_distinct.drain(..).map(|a| a.and_then(|d| slots[d].clone())).collect();

        let (mailmap, mm_warnings) = if opts.mailmap { let (m, w) = repo::load_mailmap(&repo); (Some(m), w) } else { (None, Vec::new()) };
        warnings.extend(mm_warnings);
        let ignore = collect_ignore_revs(&repo, opts, &mut warnings);
        let diff = DiffOptions { ignore_whitespace: opts.ignore_whitespace, indent_heuristic: indent_heuristic(&repo), trim_common_tail: true };
        // Groups of files, each walked on its own thread: a walk is one thread's work (its diffs
        // only go parallel when large), and files' histories are independent.
        let groups = groups(&targets, opts.walks, cores);
        let n = groups.len();
        let plan = plan.get_or_init(|| Plan {
            start,
            targets,
            unfinished: AtomicUsize::new(n),
            groups,
            diff,
            ignore,
            mailmap,
            changes: SharedChanges::new(n, SHARED_CHANGES_BYTES),
            renames: SharedRenames::new(n, SHARED_RENAMES_BYTES),
            details: SharedDetails::default(),
            guilty: GuiltyCommits::default(),
            files_done: AtomicUsize::new(0),
            walks: cancel.child(),
        });
        let total = plan.targets.len();
        progress(ManyProgress { commits_done: 0, files_done: 0, files_total: total });
        let call = plan.call();
        // Progress follows the first walk's commits (the walks pass the same commits) and every
        // walk's finished files.
        let files_done = &plan.files_done;
        let mut report = |c: u64| progress(ManyProgress { commits_done: c, files_done: files_done.load(Ordering::Relaxed), files_total: total });
        if plan.groups.len() == 1 {
            // The reading-ahead thread places itself and this thread.
            drop(pinned);
            // The commit-graph the walk reads, opened once: it also decides on reading ahead.
            let graph = crate::commitgraph::Graph::for_repo(&repo);
            let _prefetch = (total > 0 && graph.is_none()).then(|| super::prefetch::Prefetch::start(&repo, start));
            let walked = walk_group(&repo, &call, &plan.groups[0], graph, cancel, &mut report);
            // A helper that panicked while reading left nothing undone: this thread read its paths.
            drop(_release);
            if let Some(h) = helper {
                let _ = h.join();
            }
            return Ok(vec![walked]);
        }
        // Groups the helper does not take get threads of their own: more walks than two were
        // asked, or there was no helper (few paths, but lines enough for two walks).
        let others: Vec<_> = plan.groups[1 + helper.is_some() as usize..]
            .iter()
            .map(|group| {
                let repo = shared.to_thread_local();
                scope.spawn(move || {
                    if let Some(p) = placement {
                        p.take_another();
                    }
                    plan.stop_walks_on_error(walk_group(&repo, &plan.call(), group, crate::commitgraph::Graph::for_repo(&repo), &plan.walks, &mut |_| {}))
                })
            })
            .collect();
        let mut all = vec![plan.stop_walks_on_error(walk_group(&repo, &call, &plan.groups[0], crate::commitgraph::Graph::for_repo(&repo), &plan.walks, &mut report))];
        if let Some(h) = helper {
            all.push(h.join().ok().flatten().unwrap_or_else(|| Err(Error::internal("a blame thread panicked"))));
        }
        all.extend(others.into_iter().map(|h| h.join().unwrap_or_else(|_| Err(Error::internal("a blame thread panicked")))));
        Ok(all)
    });
    let plan = plan.into_inner();
    let walked = walked?;
    let Some(Plan { targets, groups, changes, renames, details, .. }) = plan else {
        return Err(Error::internal("BUG: walked without a plan"));
    };
    free_elsewhere((changes, renames));
    let total = targets.len();
    // The error that stopped the walks, not the aborts it caused (unless the caller aborted).
    cancel.check()?;
    if let Some(Err(e)) = walked.iter().find(|r| r.as_ref().is_err_and(|e| e.code != ErrorCode::Aborted)) {
        return Err(e.clone());
    }
    let mut columns: Vec<Option<assemble::Columns>> = (0..total).map(|_| None).collect();
    let mut stats = BlameStats::default();
    for (group, result) in groups.iter().zip(walked) {
        let (cols, counters) = result?;
        stats.commits_visited = stats.commits_visited.max(counters.commits_visited);
        stats.blobs_diffed += counters.blobs_diffed;
        for (&t, c) in group.iter().zip(cols) {
            columns[t] = Some(c);
        }
    }
    free_elsewhere(details);
    stats.elapsed_ms = started.elapsed().as_secs_f64() * 1000.0;
    progress(ManyProgress { commits_done: stats.commits_visited, files_done: total, files_total: total });
    let rev = start.to_string();
    let mut unused_texts = Vec::new();
    let mut blames: Vec<Option<FileBlame>> = targets
        .into_iter()
        .zip(columns)
        .map(|(t, c)| (t, c.expect("BUG: every target is in a group")))
        .map(|(t, c)| FileBlame {
            path: t.path,
            rev: rev.clone(),
            origin: c.origin,
            source_line: c.source_line,
            flags: c.flags,
            origins: c.origins,
            commits: c.commits,
            text: if opts.with_text {
                Some(Arc::try_unwrap(t.text).unwrap_or_else(|shared| (*shared).clone()))
            } else {
                unused_texts.push(t.text);
                None
            },
            warnings: warnings.clone(),
            stats,
        })
        .map(Some)
        .collect();
    free_elsewhere(unused_texts);
    // Moved to the last answer that names it; a path asked more than once is cloned for the others.
    let mut uses = vec![0usize; blames.len()];
    for &t in answers.iter().flatten() {
        uses[t] += 1;
    }
    let files = answers
        .into_iter()
        .map(|a| {
            a.map(|t| {
                uses[t] -= 1;
                if uses[t] == 0 { blames[t].take() } else { blames[t].clone() }.expect("BUG: a blame taken before its last use")
            })
        })
        .collect();
    Ok(FilesBlame { files, rev, warnings, stats })
}

/// Whether a second thread reads the files with this one and then walks a group: when the
/// machine has a second core, and more walks were asked or there are paths enough for two
/// readers ([`PATHS_PER_READER`]).
fn helper_wanted(paths: usize, walks: Option<usize>, cores: usize) -> bool {
    match walks {
        Some(n) => n > 1 && cores > 1,
        None => cores > 1 && paths > PATHS_PER_READER,
    }
}

/// Paths a reading thread claims at once: neighbours share folders, whose trees its reader then
/// reads once.
const PATHS_PER_CLAIM: usize = 8;

/// One walk's answer: its files' columns, in its group's order, and its counters.
type Walked = Result<(Vec<assemble::Columns>, Counters)>;

/// What the two threads of a call share while they read, before the plan exists: the paths left
/// to claim, each path's answer once read, and whether the helper may go.
struct Reading {
    next: AtomicUsize,
    read: Mutex<Vec<Option<Result<Target>>>>,
    filled: AtomicUsize,
    /// The calling thread is done with the helper (it has the plan, or the call failed).
    released: AtomicBool,
}

impl Reading {
    fn new(paths: usize) -> Self {
        Reading { next: AtomicUsize::new(0), read: Mutex::new((0..paths).map(|_| None).collect()), filled: AtomicUsize::new(0), released: AtomicBool::new(false) }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Option<Result<Target>>>> {
        // A reading thread that panicked left the slots whole: each is set in one step.
        self.read.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Every path's answer, once the calling thread's [`read_claimed`] has returned: it read
    /// whatever was still unanswered, so nothing is left to wait for.
    fn take_read(&self) -> Vec<Result<Target>> {
        self.lock().iter_mut().map(|r| r.take().expect("BUG: the calling thread answers every path")).collect()
    }
}

/// Spin, then sleep in short steps, until `done`: the other core's thread is about to finish
/// something short (the plan), and a thread put to sleep wakes up late.
fn wait_until(done: impl Fn() -> bool) {
    let spinning = Instant::now();
    while !done() {
        if spinning.elapsed() < std::time::Duration::from_millis(5) {
            std::hint::spin_loop();
        } else {
            std::thread::sleep(std::time::Duration::from_micros(50));
        }
    }
}

/// Sets its flag when dropped.
struct Release<'a>(&'a AtomicBool);

impl Drop for Release<'_> {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Release);
    }
}

/// Read paths of `paths` claimed from `reading` until none is left: each one's version and text
/// at `start`, or why it cannot be blamed. Reading thousands of blobs and their attributes is a
/// good part of a whole-repository blame, and every walk waits for it. With `take_over` (the
/// calling thread), then also the paths claimed but not read yet, last first: a helper whose core
/// stalls does not hold the call up (whichever thread reads a path first answers it).
fn read_claimed(repo: &gix::Repository, start: gix::ObjectId, paths: &[String], rev_name: &str, cancel: &Cancel, reading: &Reading, take_over: bool) {
    let mut attributes: Option<BinaryAttributes> = None;
    // Each blob is read once: the reader's cache only holds trees and delta bases meanwhile.
    let mut reader = ObjectReader::new(Packs::open(repo), TARGET_READER_BYTES);
    let mut trees = TreeLookup::default();
    let tree = repo::tree_of(repo, start);
    let mut read = |i: usize| {
        if reading.lock()[i].is_some() {
            return; // the other thread took it over
        }
        let path = &paths[i];
        let target = (|| {
            cancel.check()?;
            let tree = tree.clone()?;
            let entry = trees.entry_at(repo, &mut reader, tree, path.as_bytes())?;
            let version = file_version(entry, path, rev_name)?
                .ok_or_else(|| Error::new(ErrorCode::PathNotInRevision, format!("'{path}' does not exist in {rev_name}")))?;
            let text = reader.blob(repo, version.blob)?;
            refuse_binary(attributes.get_or_insert_with(|| BinaryAttributes::new(repo)), path, &text)?;
            let lines = crate::text::count_lines(&text) as u32;
            Ok(Target { path: path.clone(), version, text, lines })
        })();
        let mut slots = reading.lock();
        if slots[i].is_none() {
            slots[i] = Some(target);
            reading.filled.fetch_add(1, Ordering::Release);
        }
    };
    loop {
        let first = reading.next.fetch_add(PATHS_PER_CLAIM, Ordering::Relaxed);
        if first >= paths.len() {
            break;
        }
        (first..(first + PATHS_PER_CLAIM).min(paths.len())).for_each(&mut read);
    }
    if take_over {
        for i in (0..paths.len()).rev() {
            if reading.filled.load(Ordering::Acquire) >= paths.len() {
                break;
            }
            read(i);
        }
    }
}

/// The helper thread: reads paths beside the calling thread, then walks the second group of the
/// plan (None when there is no second group, or the call ended first).
fn help(
    repo: &gix::Repository,
    start: gix::ObjectId,
    paths: &[String],
    rev_name: &str,
    cancel: &Cancel,
    reading: &Reading,
    plan: &OnceLock<Plan>,
) -> Option<Walked> {
    read_claimed(repo, start, paths, rev_name, cancel, reading, false);
    wait_until(|| plan.get().is_some() || reading.released.load(Ordering::Acquire));
    let plan = plan.get()?;
    let group = plan.groups.get(1)?;
    let call = plan.call();
    Some(plan.stop_walks_on_error(walk_group(repo, &call, group, crate::commitgraph::Graph::for_repo(repo), &plan.walks, &mut |_| {})))
}

/// Everything the walks of a call share, made once the files are read. The helper thread was
/// started before it existed, so it is owned here and lent to the walks (see [`Call`]).
struct Plan {
    start: gix::ObjectId,
    targets: Vec<Target>,
    groups: Vec<Vec<usize>>,
    diff: DiffOptions,
    ignore: Vec<gix::ObjectId>,
    mailmap: Option<gix::mailmap::Snapshot>,
    /// Tree diffs and renames, shared when there is more than one walk.
    changes: SharedChanges,
    renames: SharedRenames,
    details: SharedDetails,
    guilty: GuiltyCommits,
    unfinished: AtomicUsize,
    files_done: AtomicUsize,
    /// A failed walk stops the others, whose answers would be thrown away, through a token of
    /// their own: the caller's token still says whether the caller cancelled.
    walks: Cancel,
}

impl Plan {
    fn call(&self) -> Call<'_> {
        Call {
            start: self.start,
            targets: &self.targets,
            diff: self.diff,
            ignore: &self.ignore,
            mailmap: self.mailmap.as_ref(),
            shared: (self.groups.len() > 1).then_some((&self.changes, &self.renames)),
            details: &self.details,
            guilty: &self.guilty,
            unfinished: &self.unfinished,
            files_done: &self.files_done,
        }
    }

    fn stop_walks_on_error(&self, r: Walked) -> Walked {
        if r.is_err() {
            self.walks.cancel();
        }
        r
    }
}

/// Targets split into at most `walks` groups of about equal line counts (largest first, each to
/// the lightest group). By default one group per core, but few or small files stay in one: a
/// second walk costs its own pass over the commits, worth it only when there are diffs to share.
fn groups(targets: &[Target], walks: Option<usize>, cores: usize) -> Vec<Vec<usize>> {
    let lines: u64 = targets.iter().map(|t| t.lines as u64).sum();
    let n = match walks {
        Some(n) => n.max(1),
        None if targets.len() < 8 || lines < 20_000 => 1,
        None => cores,
    };
    let mut order: Vec<usize> = (0..targets.len()).collect();
    order.sort_by_key(|&t| std::cmp::Reverse(targets[t].lines));
    let mut groups: Vec<(u64, Vec<usize>)> = vec![(0, Vec::new()); n];
    for t in order {
        let lightest = groups.iter_mut().min_by_key(|g| g.0).expect("BUG: no groups");
        lightest.0 += targets[t].lines as u64;
        lightest.1.push(t);
    }
    let mut groups: Vec<Vec<usize>> = groups.into_iter().map(|(_, g)| g).filter(|g| !g.is_empty()).collect();
    for g in &mut groups {
        g.sort_unstable();
    }
    // At least one group, possibly empty (no paths to blame): the caller walks groups[0].
    if groups.is_empty() {
        groups.push(Vec::new());
    }
    groups
}

/// What the walks of one call share.
struct Call<'a> {
    start: gix::ObjectId,
    targets: &'a [Target],
    diff: DiffOptions,
    ignore: &'a [gix::ObjectId],
    mailmap: Option<&'a gix::mailmap::Snapshot>,
    /// Tree diffs and renames, when there is more than one walk.
    shared: Option<(&'a SharedChanges, &'a SharedRenames)>,
    details: &'a SharedDetails,
    /// Commits the walks found guilty, for the details' reading ahead.
    guilty: &'a GuiltyCommits,
    /// Walks not done yet with their files (walking, or assembling their answers).
    unfinished: &'a AtomicUsize,
    files_done: &'a AtomicUsize,
}

/// One walk of history for the targets of `group`: their columns, in the group's order.
/// `graph` is the repository's commit-graph as [`crate::commitgraph::Graph::for_repo`] opens it.
fn walk_group(
    repo: &gix::Repository,
    call: &Call,
    group: &[usize],
    graph: Option<crate::commitgraph::Graph>,
    cancel: &Cancel,
    on_commits: &mut dyn FnMut(u64),
) -> Walked {
    let Call { start, targets, diff, ignore, mailmap, shared, details, guilty, unfinished, files_done } = *call;
    let text_bytes = group.iter().map(|&t| targets[t].text.len()).sum();
    let mut walk = Walk::with_graph(repo, diff, ignore, CacheBudget::many_files(text_bytes), graph);
    walk.track_previous = true;
    if let Some((changes, renames)) = shared {
        // Each walk has a core of its own: a commit's large diffs on the rayon pool started its
        // threads, which then spun beside both walks (express: one commit of 33 files, 20,374
        // lines, in the second walk; the call took 2-4% longer and switched threads 99 times
        // instead of 22).
        walk.parallel_diffs = false;
        walk.share_changes(changes, renames);
        walk.announce_guilty(guilty);
    }
    if group.iter().any(|&t| targets[t].lines > 0) {
        let root = walk.node(start)?;
        for &t in group {
            walk.seed_blob(targets[t].version.blob, Arc::clone(&targets[t].text));
        }
        walk.start_files(root, group.iter().map(|&t| (targets[t].path.clone(), targets[t].version, targets[t].lines)).collect());
    } else {
        walk.files_done = group.len();
    }
    files_done.fetch_add(walk.files_done, Ordering::Relaxed);
    let mut last_report = Instant::now();
    let mut done_here = walk.files_done;
    walk.run(cancel, &mut |w| {
        if w.files_done > done_here {
            files_done.fetch_add(w.files_done - done_here, Ordering::Relaxed);
            done_here = w.files_done;
        }
        if last_report.elapsed().as_millis() >= 50 {
            last_report = Instant::now();
            on_commits(w.counters.commits_visited);
        }
    })?;
    cancel.check()?;
    // Another walk still running will assemble its answers after this one: the details of the
    // commits found guilty so far (its and this walk's) are read for both first.
    if unfinished.load(Ordering::Relaxed) > 1 {
        details.read_announced(&mut walk, mailmap, guilty)?;
    }
    let lines: Vec<u32> = group.iter().map(|&t| targets[t].lines).collect();
    let (columns, spent) = assemble::columns(&mut walk, &lines, &|f| targets[group[f]].path.clone(), mailmap, Some(details))?;
    let others_unfinished = unfinished.fetch_sub(1, Ordering::Relaxed) - 1;

    let counters = walk.counters;
    // Until the last walk has assembled its answers: they wait on the commits' details.
    if others_unfinished > 0 {
        details.read_ahead(&mut walk, mailmap, guilty, &|| unfinished.load(Ordering::Relaxed) > 0 && !cancel.is_cancelled())?;
    }
    free_elsewhere((walk.into_garbage(), spent));
    Ok((columns, counters))
}
