//! [`blame_files`]: many files of one revision blamed together, each answer the same as
//! [`super::blame_file`]'s for that path. A walk of history visits each commit once for all its
//! files instead of once per file, which is what makes blaming a whole repository cheap; the
//! files are shared out between one walk per core.

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
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
    for asked in paths {
        asked_distinct.push(repo::work_tree_path(&repo, repo_path, asked).map(|path| {
            *seen.entry(path).or_insert_with_key(|path| {
                distinct.push(path.clone());
                distinct.len() - 1
            })
        }));
    }
    let read = read_targets(&repo, start, &distinct, &rev_name, cancel);
    cancel.check()?;
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
    let answers: Vec<Result<usize>> = asked_distinct.into_iter().map(|a| a.and_then(|d| slots[d].clone())).collect();

    let mut warnings = Vec::new();
    let (mailmap, mm_warnings) = if opts.mailmap { let (m, w) = repo::load_mailmap(&repo); (Some(m), w) } else { (None, Vec::new()) };
    warnings.extend(mm_warnings);
    let ignore = collect_ignore_revs(&repo, opts, &mut warnings);

    let diff = DiffOptions { ignore_whitespace: opts.ignore_whitespace, indent_heuristic: indent_heuristic(&repo), trim_common_tail: true };
    let total = targets.len();
    progress(ManyProgress { commits_done: 0, files_done: 0, files_total: total });
    // Groups of files, each walked on its own thread: a walk is one thread's work (its diffs
    // only go parallel when large), and files' histories are independent.
    let groups = groups(&targets, opts.walks);
    let files_done = AtomicUsize::new(0);
    let details = SharedDetails::default();
    let guilty = GuiltyCommits::default();
    let unfinished = AtomicUsize::new(groups.len());
    let mut call = Call { start, targets: &targets, diff, ignore: &ignore, mailmap: mailmap.as_ref(), shared: None, details: &details, guilty: &guilty, unfinished: &unfinished, files_done: &files_done };
    // Progress follows the first walk's commits (the walks pass the same commits) and every
    // walk's finished files.
    let mut report = |c: u64| progress(ManyProgress { commits_done: c, files_done: files_done.load(Ordering::Relaxed), files_total: total });
    let walked: Vec<Result<(Vec<assemble::Columns>, Counters)>> = if groups.len() == 1 {
        // The commit-graph the walk reads, opened once: it also decides on reading ahead.
        let graph = crate::commitgraph::Graph::for_repo(&repo);
        let _prefetch = (!targets.is_empty() && graph.is_none()).then(|| super::prefetch::Prefetch::start(&repo, start));
        vec![walk_group(&repo, &call, &groups[0], graph, cancel, &mut report)]
    } else {
        let shared = repo.clone().into_sync();
        let changes = SharedChanges::new(groups.len(), SHARED_CHANGES_BYTES);
        let renames = SharedRenames::new(groups.len(), SHARED_RENAMES_BYTES);
        call.shared = Some((&changes, &renames));
        let call = &call;
        // A failed walk stops the others, whose answers would be thrown away, through a token of
        // their own: the caller's token still says whether the caller cancelled.
        let walks = &cancel.child();
        let stop_others_on_error = |r: Result<(Vec<assemble::Columns>, Counters)>| {
            if r.is_err() {
                walks.cancel();
            }
            r
        };
        let walked = std::thread::scope(|scope| {
            let others: Vec<_> = groups[1..]
                .iter()
                .map(|group| {
                    let repo = shared.to_thread_local();
                    scope.spawn(move || {
                        stop_others_on_error(walk_group(&repo, call, group, crate::commitgraph::Graph::for_repo(&repo), walks, &mut |_| {}))
                    })
                })
                .collect();
            let mut all = vec![stop_others_on_error(walk_group(&repo, call, &groups[0], crate::commitgraph::Graph::for_repo(&repo), walks, &mut report))];
            all.extend(others.into_iter().map(|h| h.join().unwrap_or_else(|_| Err(Error::internal("a blame thread panicked")))));
            all
        });
        free_elsewhere((changes, renames));
        walked
    };
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

/// The version and text of each path at `start`, or why it cannot be blamed, in order. The paths
/// are shared out between the cores: reading thousands of blobs and their attributes is a good
/// part of a whole-repository blame, and every walk waits for it.
fn read_targets(repo: &gix::Repository, start: gix::ObjectId, paths: &[String], rev_name: &str, cancel: &Cancel) -> Vec<Result<Target>> {
    let read = |repo: &gix::Repository, chunk: &[String]| -> Vec<Result<Target>> {
        let mut attributes = BinaryAttributes::new(repo);
        // Each blob is read once: the reader's cache only holds trees and delta bases meanwhile.
        let mut reader = ObjectReader::new(Packs::open(repo), TARGET_READER_BYTES);
        let mut trees = TreeLookup::default();
        let tree = repo::tree_of(repo, start);
        chunk
            .iter()
            .map(|path| {
                cancel.check()?;
                let tree = tree.clone()?;
                let entry = trees.entry_at(repo, &mut reader, tree, path.as_bytes())?;
                let version = file_version(entry, path, rev_name)?
                    .ok_or_else(|| Error::new(ErrorCode::PathNotInRevision, format!("'{path}' does not exist in {rev_name}")))?;
                let text = reader.blob(repo, version.blob)?;
                refuse_binary(&mut attributes, path, &text)?;
                let lines = crate::text::count_lines(&text) as u32;
                Ok(Target { path: path.clone(), version, text, lines })
            })
            .collect()
    };
    let threads = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1).min(paths.len().div_ceil(PATHS_PER_READER));
    if threads <= 1 {
        return read(repo, paths);
    }
    let shared = repo.clone().into_sync();
    let read = &read;
    std::thread::scope(|scope| {
        let chunks: Vec<_> = paths
            .chunks(paths.len().div_ceil(threads))
            .map(|chunk| {
                let repo = shared.to_thread_local();
                scope.spawn(move || read(&repo, chunk))
            })
            .collect();
        chunks
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|_| vec![Err(Error::internal("a blame thread panicked"))]))
            .collect()
    })
}

/// Targets split into at most `walks` groups of about equal line counts (largest first, each to
/// the lightest group). By default one group per core, but few or small files stay in one: a
/// second walk costs its own pass over the commits, worth it only when there are diffs to share.
fn groups(targets: &[Target], walks: Option<usize>) -> Vec<Vec<usize>> {
    let lines: u64 = targets.iter().map(|t| t.lines as u64).sum();
    let n = match walks {
        Some(n) => n.max(1),
        None if targets.len() < 8 || lines < 20_000 => 1,
        None => std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1),
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
) -> Result<(Vec<assemble::Columns>, Counters)> {
    let Call { start, targets, diff, ignore, mailmap, shared, details, guilty, unfinished, files_done } = *call;
    let text_bytes = group.iter().map(|&t| targets[t].text.len()).sum();
    let mut walk = Walk::with_graph(repo, diff, ignore, CacheBudget::many_files(text_bytes), graph);
    walk.track_previous = true;
    if let Some((changes, renames)) = shared {
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
