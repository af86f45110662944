//! `blameFiles`' answer as one batch with shared tables. Blaming a whole repository gives each
//! file its own list of commits, and the same commit comes back for file after file (25,000
//! commit records for 2,000 files of a generated repository, 15,600 distinct). Building each as
//! a JavaScript object through napi took longer than a fifth of the blame itself, so every
//! distinct commit crosses once, in a table of columns (`commit_table`), origins cross as numbers
//! into tables of paths and ids, and the files' columns cross as one typed array each for all
//! files (a typed array per column per file was ten thousand buffers for V8 to create and track).
//! The TypeScript wrapper (`src/engine/native/batch.ts`) gives each file back its own columns
//! (views into the batch's), `commits` and `origins`.

use napi::bindgen_prelude::*;
use napi_derive::napi;

use git_authorship_core::blame::{CommitTable, FilesBlame, StringTable};

use crate::blame::JsBlameStats;
use crate::commit_table::JsCommitTable;
use crate::outcome::{Failure, JsWarning};

/// In `JsBatchFile::origins`: the origin has no previous version.
pub const NO_PREVIOUS: u32 = u32::MAX;

#[napi(object)]
pub struct JsBlameBatch {
    /// The revision the blame started from (40 hex).
    pub rev: String,
    /// Every commit that owns lines, once.
    pub commit_table: JsCommitTable,
    /// Blamed paths, origin paths and previous paths, once each.
    pub paths: Vec<String>,
    /// Previous commits' ids, once each.
    pub previous_ids: Vec<String>,
    pub warnings: Vec<JsWarning>,
    pub stats: JsBlameStats,
    /// Per path asked, in order: why it has no blame, or null when it has one.
    pub failures: Vec<Option<Failure>>,
    /// Per path asked: the path blamed, as git names it (into `paths`; 0 for a failure).
    pub file_path: Uint32Array,
    /// Per path asked, and one more at the end: where its lines start in `origin`, `sourceLine`
    /// and `flags` (a failure has none).
    pub line_start: Uint32Array,
    /// Likewise, where its commits start in `commits`.
    pub commit_start: Uint32Array,
    /// Likewise, where its origins start in `origins` (four numbers per origin).
    pub origin_start: Uint32Array,
    /// Per line of every file, in order: its origin (into the file's origins), source line, flags.
    pub origin: Uint32Array,
    pub source_line: Uint32Array,
    pub flags: Uint8Array,
    /// Per file, its commits: indexes into the batch's `commits`.
    pub commits: Uint32Array,
    /// Per file, four numbers per origin: its commit (an index into the file's commits), its path
    /// (into `paths`), its previous commit (into `previousIds`, or `NO_PREVIOUS`) and previous path.
    pub origins: Uint32Array,
    /// Per path asked, when the texts were asked for: its bytes (empty for a failure); else empty.
    pub texts: Vec<Buffer>,
}

pub fn to_js_batch(answer: FilesBlame) -> JsBlameBatch {
    let FilesBlame { files: answers, rev, warnings, stats } = answer;
    let mut commits = CommitTable::default();
    let origin_count: usize = answers.iter().flatten().map(|b| b.origins.len()).sum();
    let mut paths = StringTable::with_capacity(answers.len());
    let mut previous_ids = StringTable::with_capacity(origin_count);
    let warnings: Vec<JsWarning> = warnings.into_iter().map(Into::into).collect();
    let with_texts = answers.iter().flatten().any(|b| b.text.is_some());
    let n = answers.len();
    let lines: usize = answers.iter().flatten().map(|b| b.origin.len()).sum();
    let mut failures = Vec::with_capacity(n);
    let mut file_path = Vec::with_capacity(n);
    let (mut line_start, mut commit_start, mut origin_start) = (Vec::with_capacity(n + 1), Vec::with_capacity(n + 1), Vec::with_capacity(n + 1));
    let (mut origin, mut source_line, mut flags) = (Vec::with_capacity(lines), Vec::with_capacity(lines), Vec::with_capacity(lines));
    let (mut file_commits, mut origins) = (Vec::new(), Vec::new());
    let mut texts = Vec::new();
    // What the answers held and the batch no longer needs: freed off the call's path.
    let mut spent = Vec::with_capacity(n);
    for answer in answers {
        line_start.push(origin.len() as u32);
        commit_start.push(file_commits.len() as u32);
        origin_start.push(origins.len() as u32);
        match answer {
            Err(e) => {
                failures.push(Some(Failure::from(e)));
                file_path.push(0);
                if with_texts {
                    texts.push(Buffer::from(Vec::new()));
                }
            }
            Ok(mut b) => {
                failures.push(None);
                let own_path = paths.intern(&b.path);
                file_path.push(own_path);
                // Most origins are the file under its own path: compared, not looked up.
                let path_index = |paths: &mut StringTable, path: &str| if path == b.path { own_path } else { paths.intern(path) };
                origin.extend_from_slice(&b.origin);
                source_line.extend_from_slice(&b.source_line);
                flags.extend_from_slice(&b.flags);
                file_commits.extend(b.commits.iter().map(|c| commits.index_of(c)));
                for o in &b.origins {
                    origins.push(o.commit);
                    origins.push(path_index(&mut paths, &o.path));
                    match &o.previous {
                        Some((id, path)) => {
                            origins.push(previous_ids.intern(id));
                            origins.push(path_index(&mut paths, path));
                        }
                        None => origins.extend([NO_PREVIOUS, NO_PREVIOUS]),
                    }
                }
                if with_texts {
                    texts.push(Buffer::from(b.text.take().unwrap_or_default()));
                }
                spent.push(b);
            }
        }
    }
    line_start.push(origin.len() as u32);
    commit_start.push(file_commits.len() as u32);
    origin_start.push(origins.len() as u32);
    git_authorship_core::garbage::free_elsewhere(spent);
    JsBlameBatch {
        rev,
        commit_table: commits.into(),
        paths: paths.into_items(),
        previous_ids: previous_ids.into_items(),
        warnings,
        stats: stats.into(),
        failures,
        file_path: Uint32Array::new(file_path),
        line_start: Uint32Array::new(line_start),
        commit_start: Uint32Array::new(commit_start),
        origin_start: Uint32Array::new(origin_start),
        origin: Uint32Array::new(origin),
        source_line: Uint32Array::new(source_line),
        flags: Uint8Array::new(flags),
        commits: Uint32Array::new(file_commits),
        origins: Uint32Array::new(origins),
        texts,
    }
}
