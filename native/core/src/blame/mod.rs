//! git's blame, on one file ([`blame_file`], with `git blame --line-porcelain`'s fields), on many
//! files with the same fields, one walk of history per core ([`blame_files`], `blameFiles` and the
//! CLI), or on many files in one walk, owner commits only ([`blame_many`], for the authorship report).
//!
//! The algorithm is git's `blame.c` (see [`walk`] and [`scoreboard`]); the line diff is a port of
//! git's xdiff ([`crate::diff`]) so that ambiguous diffs resolve as git resolves them. Not
//! supported yet: `-M` / `-C` (moves and copies), revision ranges, `--reverse`.

mod assemble;
mod changed;
mod commit_table;
mod files;
mod ignore;
mod origin;
mod prefetch;
mod scoreboard;
mod shared;
mod walk;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use gix::ObjectId;
use rustc_hash::FxHashMap;

use crate::cancel::Cancel;
use crate::diff::DiffOptions;
use crate::error::{Error, ErrorCode, Result, Warning};
use crate::repo;

pub use commit_table::{CommitTable, StringTable};
pub use files::{blame_files, FilesBlame};
use scoreboard::Entry;
use walk::{CacheBudget, Walk};

/// Where ignored revisions come from, besides [`BlameOptions::ignore_revs`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum IgnoreRevsFile {
    /// The files named by `blame.ignoreRevsFile` (relative paths from the work tree's root).
    #[default]
    FromConfig,
    /// No file, even if configured (`--no-ignore-revs-file`).
    None,
    /// This file (`--ignore-revs-file <path>`), instead of the configured ones.
    Path(PathBuf),
}

/// Options of [`blame_file`], named after `git blame`'s.
#[derive(Debug, Clone)]
pub struct BlameOptions {
    /// Starting revision; `None` is `HEAD`.
    pub rev: Option<String>,
    /// `--contents`: blame this text instead of the file in `rev`; lines not in `rev` belong to
    /// the all-zero commit "Not Committed Yet".
    pub contents: Option<Vec<u8>>,
    /// `-w`.
    pub ignore_whitespace: bool,
    /// `--ignore-rev` (any committish; unknown ones become warnings).
    pub ignore_revs: Vec<String>,
    pub ignore_revs_file: IgnoreRevsFile,
    /// Map authors and committers through `.mailmap` (git blame always does).
    pub mailmap: bool,
    /// Return the blamed text too.
    pub with_text: bool,
    /// `-M` (not supported yet: an `InvalidOption` error).
    pub detect_moves: bool,
    /// `-C` count (not supported yet: an `InvalidOption` error when non-zero).
    pub detect_copies: u8,
    /// [`blame_files`]: walks of history at most, each on its own thread over a share of the files.
    /// `None`: one per core, and one alone when the files are few or small.
    pub walks: Option<usize>,
}

impl Default for BlameOptions {
    fn default() -> Self {
        BlameOptions {
            rev: None,
            contents: None,
            ignore_whitespace: false,
            ignore_revs: Vec::new(),
            ignore_revs_file: IgnoreRevsFile::FromConfig,
            mailmap: true,
            with_text: false,
            detect_moves: false,
            detect_copies: 0,
            walks: None,
        }
    }
}

/// A commit that final lines are blamed on, with `git blame --porcelain`'s fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlameCommit {
    /// 40 hex digits; all zeros for uncommitted contents.
    pub id: String,
    pub author_name: String,
    /// Without the angle brackets.
    pub author_email: String,
    pub author_time: i64,
    pub author_tz: String,
    pub committer_name: String,
    pub committer_email: String,
    pub committer_time: i64,
    pub committer_tz: String,
    pub summary: String,
    /// A root commit or the edge of a shallow clone: git prints `boundary`.
    pub boundary: bool,
}

/// A suspect that kept lines: a commit and the path the file had there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlameOrigin {
    /// Index into [`FileBlame::commits`].
    pub commit: u32,
    pub path: String,
    /// git's `previous`: the first parent's (commit id, path) the lines were compared with.
    pub previous: Option<(String, String)>,
}

/// Work done, to make performance visible.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct BlameStats {
    pub commits_visited: u64,
    pub blobs_diffed: u64,
    pub elapsed_ms: f64,
}

/// The line was passed through an ignored revision to a guessed parent line.
pub const LINE_IGNORED: u8 = 1;
/// The line was changed by an ignored revision and no parent line matched: it stays on it.
pub const LINE_UNBLAMABLE: u8 = 2;

/// The blame of one file, one entry per final line in the `origin`, `source_line`, `flags` columns.
#[derive(Debug, Clone)]
pub struct FileBlame {
    pub path: String,
    /// The starting revision, resolved (40 hex).
    pub rev: String,
    /// Per final line: index into `origins`.
    pub origin: Vec<u32>,
    /// Per final line: the line number in the origin's version, from 1.
    pub source_line: Vec<u32>,
    /// Per final line: `LINE_IGNORED` | `LINE_UNBLAMABLE`.
    pub flags: Vec<u8>,
    pub origins: Vec<BlameOrigin>,
    /// Shared: the files of one `blame_files` call hold the same details of a commit, not copies.
    pub commits: Vec<Arc<BlameCommit>>,
    pub text: Option<Vec<u8>>,
    pub warnings: Vec<Warning>,
    pub stats: BlameStats,
}

/// Blame `path` (relative to the work tree's root, `/`-separated) in the repository containing
/// `repo_path`, as `git blame --line-porcelain` would.
pub fn blame_file(repo_path: &Path, path: &str, opts: &BlameOptions, cancel: &Cancel) -> Result<FileBlame> {
    // What this thread's last blame left for its caller to free, if the caller did not.
    crate::garbage::free_deferred();
    let started = Instant::now();
    if opts.detect_moves || opts.detect_copies > 0 {
        return Err(Error::new(ErrorCode::InvalidOption, "move and copy detection (-M/-C) are not supported yet"));
    }
    // Commits, trees and blobs go through the walk's own pack reader (`crate::packs`); gix reads
    // only rename candidates and the starting blob, with its default caches.
    let repo = repo::open(repo_path)?;
    let path = repo::work_tree_path(&repo, repo_path, path)?;
    let rev_name = opts.rev.clone().unwrap_or_else(|| "HEAD".into());
    let start = repo::resolve_commit(&repo, &rev_name)?;
    // Commits read from their objects: another core reads them ahead of the walk. Started before
    // the set-up below (the file's version, its attributes, the mailmap), which takes about as
    // long as a virtual machine's idle core takes to start running a new thread (0.2-1 ms):
    // until that thread is ahead, the walk reads commits itself.
    let graph = crate::commitgraph::Graph::for_repo(&repo);
    let _prefetch = graph.is_none().then(|| prefetch::Prefetch::start(&repo, start));
    let mut warnings = Vec::new();

    let (version, committed) = match committed_version(&repo, start, &path, &rev_name)? {
        Some((v, bytes)) => (Some(v), Some(bytes)),
        // git blame --contents blames a path missing from the revision only when it is staged
        // (`verify_working_tree_path`): then every line is uncommitted.
        None if opts.contents.is_some() && in_index(&repo, &path) => (None, None),
        None if opts.contents.is_some() => {
            return Err(Error::new(
                ErrorCode::PathNotInRevision,
                format!("'{path}' does not exist in {rev_name} and is not staged (git blame refuses it too)"),
            ))
        }
        None => return Err(Error::new(ErrorCode::PathNotInRevision, format!("'{path}' does not exist in {rev_name}"))),
    };
    let final_text: Vec<u8> = match (&opts.contents, committed) {
        (Some(c), _) => c.clone(),
        (None, Some(b)) => b,
        (None, None) => unreachable!("BUG: checked above"),
    };
    refuse_binary(&mut BinaryAttributes::new(&repo), &path, &final_text)?;

    let (mailmap, mm_warnings) = if opts.mailmap { let (m, w) = repo::load_mailmap(&repo); (Some(m), w) } else { (None, Vec::new()) };
    warnings.extend(mm_warnings);
    let ignore = collect_ignore_revs(&repo, opts, &mut warnings);

    let diff = DiffOptions { ignore_whitespace: opts.ignore_whitespace, indent_heuristic: indent_heuristic(&repo), trim_common_tail: true };
    let mut walk = Walk::with_graph(&repo, diff, &ignore, CacheBudget::ONE_FILE, graph);
    walk.track_previous = true;
    let n = crate::text::count_lines(&final_text) as u32;
    walk.lines_left = vec![n as u64];
    let initial = vec![Entry { file: 0, lno: 0, s_lno: 0, len: n, flags: 0 }];
    if n > 0 {
        match &opts.contents {
            Some(c) => {
                let fake = walk.fake_node(start, c.clone())?;
                let v = origin::FileVersion { blob: ObjectId::null(repo.object_hash()), is_link: version.is_some_and(|v| v.is_link) };
                walk.give(fake, path.clone(), v, initial);
            }
            None => {
                let c = walk.node(start)?;
                let v = version.expect("BUG: committed file has a version");
                walk.give(c, path.clone(), v, initial);
            }
        }
        walk.run(cancel, &mut |_| {})?;
    }
    cancel.check()?;

    let blamed = path.clone();
    let (mut columns, spent) = assemble::columns(&mut walk, &[n], &|_| blamed.clone(), mailmap.as_ref(), None)?;
    let c = columns.pop().expect("BUG: one file, one set of columns");
    let stats = BlameStats {
        commits_visited: walk.counters.commits_visited,
        blobs_diffed: walk.counters.blobs_diffed,
        elapsed_ms: started.elapsed().as_secs_f64() * 1000.0,
    };
    crate::garbage::free_later((walk.into_garbage(), spent));
    Ok(FileBlame {
        path,
        rev: start.to_string(),
        origin: c.origin,
        source_line: c.source_line,
        flags: c.flags,
        origins: c.origins,
        commits: c.commits,
        text: if opts.with_text { Some(final_text) } else { None },
        warnings,
        stats,
    })
}

/// The version of `path` in commit `start` and its bytes; `None` when the revision has no such
/// path. A directory, a submodule or an unknown mode is an error that says so.
fn committed_version(repo: &gix::Repository, start: ObjectId, path: &str, rev_name: &str) -> Result<Option<(origin::FileVersion, Vec<u8>)>> {
    match file_version(repo::entry_at_path(repo, start, path)?, path, rev_name)? {
        Some(v) => Ok(Some((v, repo::read_blob(repo, v.blob)?))),
        None => Ok(None),
    }
}

/// The file version of a tree entry found at `path` (`None`: no entry). A directory, a submodule
/// or an unknown mode is an error that says so.
fn file_version(entry: Option<(gix::objs::tree::EntryMode, ObjectId)>, path: &str, rev_name: &str) -> Result<Option<origin::FileVersion>> {
    match entry {
        Some((mode, _)) if mode.is_tree() => {
            Err(Error::new(ErrorCode::IsDirectory, format!("'{path}' is a directory in {rev_name}, not a file")))
        }
        Some((mode, _)) if mode.is_commit() => {
            Err(Error::new(ErrorCode::IsSubmodule, format!("'{path}' is a submodule in {rev_name}, not a file")))
        }
        Some((mode, id)) => match origin::FileVersion::from_mode(mode, id) {
            Some(v) => Ok(Some(v)),
            None => Err(Error::internal(format!("'{path}' has an unknown mode in {rev_name}"))),
        },
        None => Ok(None),
    }
}

/// Binary as git decides (a NUL in the first 8,000 bytes, or `binary` / `-diff` attributes).
fn refuse_binary(attributes: &mut BinaryAttributes, path: &str, text: &[u8]) -> Result<()> {
    if crate::text::is_binary(text) || attributes.binary(path) {
        return Err(Error::new(ErrorCode::BinaryFile, format!("'{path}' is a binary file")));
    }
    Ok(())
}

fn to_blame_commit(meta: repo::CommitMeta, boundary: bool) -> BlameCommit {
    BlameCommit {
        id: meta.id.to_string(),
        author_name: meta.author.name,
        author_email: meta.author.email,
        author_time: meta.author.time,
        author_tz: meta.author.tz,
        committer_name: meta.committer.name,
        committer_email: meta.committer.email,
        committer_time: meta.committer.time,
        committer_tz: meta.committer.tz,
        summary: meta.summary,
        boundary,
    }
}

/// git's fake commit for `--contents` (`fake_working_tree_commit`); the text comes from the
/// caller, so it is described as git describes `--contents -`.
fn not_committed_yet(id: &ObjectId, path: &str, now: i64) -> BlameCommit {
    BlameCommit {
        id: id.to_string(),
        author_name: "Not Committed Yet".into(),
        author_email: "not.committed.yet".into(),
        author_time: now,
        author_tz: "+0000".into(),
        committer_name: "Not Committed Yet".into(),
        committer_email: "not.committed.yet".into(),
        committer_time: now,
        committer_tz: "+0000".into(),
        // git says "from <path>" when it blames the working tree file, which is what an editor's
        // unsaved buffer stands for; the CLI rewrites it for `--contents FILE|-` as git would.
        summary: format!("Version of {path} from {path}"),
        boundary: false,
    }
}

/// The path has an entry in the index (staged, possibly unmerged).
fn in_index(repo: &gix::Repository, path: &str) -> bool {
    let Ok(index) = repo.index_or_empty() else { return false };
    // Entries are sorted by path, then stage: the range covers a staged path and an unmerged one.
    index.entry_range(path.into()).is_some()
}

/// `diff.indentHeuristic`, on unless configured off.
fn indent_heuristic(repo: &gix::Repository) -> bool {
    repo.config_snapshot().boolean("diff.indentHeuristic").unwrap_or(true)
}

/// `binary` or `-diff` in `.gitattributes` (work tree files, `info/attributes`, global/system).
/// The `binary` and `-diff` attributes of paths. The attribute stack is built once: reading the
/// index for it costs more than looking up a path, and `blame_files` looks up thousands.
struct BinaryAttributes<'repo> {
    /// `None` when the attributes cannot be read: nothing is binary by attribute then.
    stack: Option<(gix::AttributeStack<'repo>, gix::attrs::search::Outcome)>,
}

impl<'repo> BinaryAttributes<'repo> {
    fn new(repo: &'repo gix::Repository) -> Self {
        let stack = repo
            .index_or_empty()
            .ok()
            .and_then(|index| repo.attributes_only(&index, gix::worktree::stack::state::attributes::Source::WorktreeThenIdMapping).ok())
            .map(|stack| {
                let outcome = stack.attribute_matches();
                (stack, outcome)
            });
        BinaryAttributes { stack }
    }

    fn binary(&mut self, path: &str) -> bool {
        let Some((stack, outcome)) = &mut self.stack else { return false };
        let Ok(platform) = stack.at_entry(path, Some(gix::index::entry::Mode::FILE)) else { return false };
        if !platform.matching_attributes(outcome) {
            return false;
        }
        outcome.iter().any(|m| {
            let name = m.assignment.name.as_str();
            (name == "binary" && matches!(m.assignment.state, gix::attrs::StateRef::Set))
                || (name == "diff" && matches!(m.assignment.state, gix::attrs::StateRef::Unset))
        })
    }
}

fn work_tree_or_git_dir(repo: &gix::Repository) -> PathBuf {
    repo.workdir().map(Path::to_path_buf).unwrap_or_else(|| repo.git_dir().to_path_buf())
}

/// `--ignore-rev`s and the ignore-revs files, resolved to commits; problems become warnings.
fn collect_ignore_revs(repo: &gix::Repository, opts: &BlameOptions, warnings: &mut Vec<Warning>) -> Vec<ObjectId> {
    let mut out = Vec::new();
    let files: Vec<PathBuf> = match &opts.ignore_revs_file {
        IgnoreRevsFile::None => Vec::new(),
        // Relative paths are relative to the work tree, as in the config; the CLI resolves its own
        // arguments against its working directory first.
        IgnoreRevsFile::Path(p) if p.is_relative() => vec![work_tree_or_git_dir(repo).join(p)],
        IgnoreRevsFile::Path(p) => vec![p.clone()],
        IgnoreRevsFile::FromConfig => {
            let snapshot = repo.config_snapshot();
            let base = work_tree_or_git_dir(repo);
            snapshot
                .strings("blame.ignoreRevsFile")
                .unwrap_or_default()
                .into_iter()
                .map(|v| {
                    let p = PathBuf::from(v.to_string());
                    if p.is_absolute() {
                        p
                    } else {
                        base.join(p)
                    }
                })
                .collect()
        }
    };
    for f in files {
        ignore::parse_ignore_revs_file(repo, &f, &mut out, warnings);
    }
    for r in &opts.ignore_revs {
        ignore::resolve_ignore_rev(repo, r, &mut out, warnings);
    }
    out
}

/// Options of [`blame_many`].
#[derive(Debug, Clone, Default)]
pub struct ManyOptions {
    pub ignore_whitespace: bool,
    pub ignore_revs: Vec<ObjectId>,
}

/// Progress of [`blame_many`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ManyProgress {
    pub commits_done: u64,
    pub files_done: usize,
    pub files_total: usize,
}

/// The owner commit of every final line of one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineOwners {
    pub path: String,
    /// Per final line: index into [`BlameMany::commits`].
    pub line_commit: Vec<u32>,
}

/// The blame of many files from one walk.
#[derive(Debug, Clone)]
pub struct BlameMany {
    pub commits: Vec<ObjectId>,
    pub files: Vec<LineOwners>,
    pub stats: BlameStats,
}

/// Blame every path of `paths` at commit `start` in one walk of history. Paths must be text files
/// in `start` (binary files are the caller's to skip); a missing path is `PathNotInRevision`.
pub fn blame_many(
    repo: &gix::Repository,
    start: ObjectId,
    paths: &[String],
    opts: &ManyOptions,
    cancel: &Cancel,
    progress: &mut dyn FnMut(ManyProgress),
) -> Result<BlameMany> {
    let started = Instant::now();
    let diff = DiffOptions { ignore_whitespace: opts.ignore_whitespace, indent_heuristic: indent_heuristic(repo), trim_common_tail: true };
    // The files' sizes are known only once this walk's reader has read them: the most.
    let mut walk = Walk::new(repo, diff, &opts.ignore_revs, CacheBudget::many_files(usize::MAX));
    let root = walk.node(start)?;
    let tree = repo::tree_of(repo, start)?;
    let mut buf = Vec::new();
    let mut lines = Vec::with_capacity(paths.len());
    let mut initial = Vec::with_capacity(paths.len());
    for path in paths {
        cancel.check()?;
        let version = origin::file_at(repo, tree, path, &mut buf)?
            .ok_or_else(|| Error::new(ErrorCode::PathNotInRevision, format!("'{path}' does not exist in {start}")))?;
        let n = crate::text::count_lines(&walk.blob(version.blob)?) as u32;
        lines.push(n);
        initial.push((path.clone(), version, n));
    }
    walk.start_files(root, initial);
    let total = paths.len();
    progress(ManyProgress { commits_done: 0, files_done: walk.files_done, files_total: total });
    let mut last_report = Instant::now();
    walk.run(cancel, &mut |w| {
        if last_report.elapsed().as_millis() >= 50 {
            last_report = Instant::now();
            progress(ManyProgress { commits_done: w.counters.commits_visited, files_done: w.files_done, files_total: total });
        }
    })?;
    cancel.check()?;

    let mut commits: Vec<ObjectId> = Vec::new();
    let mut commit_index: FxHashMap<u32, u32> = FxHashMap::default();
    let mut files: Vec<LineOwners> =
        paths.iter().zip(&lines).map(|(p, &n)| LineOwners { path: p.clone(), line_commit: vec![0; n as usize] }).collect();
    for g in std::mem::take(&mut walk.guilty) {
        let ci = *commit_index.entry(g.commit).or_insert_with(|| {
            commits.push(walk.commits[g.commit as usize].id);
            (commits.len() - 1) as u32
        });
        for e in g.entries {
            let col = &mut files[e.file as usize].line_commit;
            for k in e.lno..e.lno + e.len {
                col[k as usize] = ci;
            }
        }
    }
    progress(ManyProgress { commits_done: walk.counters.commits_visited, files_done: total, files_total: total });
    Ok(BlameMany {
        commits,
        files,
        stats: BlameStats {
            commits_visited: walk.counters.commits_visited,
            blobs_diffed: walk.counters.blobs_diffed,
            elapsed_ms: started.elapsed().as_secs_f64() * 1000.0,
        },
    })
}
