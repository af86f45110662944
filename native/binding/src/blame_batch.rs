//! `blameFiles`' answer as one batch with shared tables. Blaming a whole repository gives each
//! file its own list of commits, and the same commit comes back for file after file (25,000
//! commit records for 2,000 files of a generated repository, 15,600 distinct). Building each as
//! a JavaScript object through napi took longer than a fifth of the blame itself, so every
//! distinct commit crosses once, as JSON (V8 parses it into objects several times faster than
//! napi sets their properties one by one), and origins cross as numbers into tables of paths and
//! ids. The TypeScript wrapper (`src/engine/native/batch.ts`) gives each file back its own
//! `commits` and `origins`.

use napi::bindgen_prelude::*;
use napi_derive::napi;
use rustc_hash::FxHashMap;

use git_authorship_core::blame::{BlameCommit, FileBlame};

use crate::blame::{to_js_commit, JsBlameCommit, JsBlameStats};
use crate::outcome::{Failure, JsWarning};

/// In `JsBatchFile::origins`: the origin has no previous version.
pub const NO_PREVIOUS: u32 = u32::MAX;

#[napi(object)]
pub struct JsBlameBatch {
    /// The revision the blame started from (40 hex); empty when no path could be blamed.
    pub rev: String,
    /// Every commit that owns lines, once: a JSON array of `BlameCommit` objects.
    pub commits_json: String,
    /// Origin paths and previous paths, once each.
    pub paths: Vec<String>,
    /// Previous commits' ids, once each.
    pub previous_ids: Vec<String>,
    pub warnings: Vec<JsWarning>,
    pub stats: JsBlameStats,
    /// One answer per path asked, in order.
    pub files: Vec<Either<Failure, JsBatchFile>>,
}

#[napi(object)]
pub struct JsBatchFile {
    pub path: String,
    pub line_count: u32,
    pub origin: Uint32Array,
    pub source_line: Uint32Array,
    pub flags: Uint8Array,
    /// This file's commits: indexes into the batch's `commits`.
    pub commits: Uint32Array,
    /// Four numbers per origin: its commit (an index into this file's `commits`), its path (into
    /// `paths`), its previous commit (into `previousIds`, or `NO_PREVIOUS`) and previous path.
    pub origins: Uint32Array,
    pub text: Option<Buffer>,
}

/// Interns strings into a table: the index of each distinct one.
#[derive(Default)]
struct Table {
    index: FxHashMap<String, u32>,
    items: Vec<String>,
}

impl Table {
    fn intern(&mut self, s: String) -> u32 {
        if let Some(&i) = self.index.get(&s) {
            return i;
        }
        let i = self.items.len() as u32;
        self.items.push(s.clone());
        self.index.insert(s, i);
        i
    }
}

pub fn to_js_batch(answers: Vec<git_authorship_core::Result<FileBlame>>) -> JsBlameBatch {
    let mut commit_index: FxHashMap<String, u32> = FxHashMap::default();
    let mut commits: Vec<JsBlameCommit> = Vec::new();
    let mut paths = Table::default();
    let mut previous_ids = Table::default();
    let first = answers.iter().flatten().next();
    let rev = first.map(|b| b.rev.clone()).unwrap_or_default();
    let warnings: Vec<JsWarning> = first.map(|b| b.warnings.iter().cloned().map(Into::into).collect()).unwrap_or_default();
    let stats = first.map(|b| b.stats).unwrap_or_default();
    let files = answers
        .into_iter()
        .map(|answer| match answer {
            Err(e) => Either::A(Failure::from(e)),
            Ok(b) => {
                let file_commits: Vec<u32> = b.commits.into_iter().map(|c| shared_commit(&mut commit_index, &mut commits, c)).collect();
                let mut origins = Vec::with_capacity(b.origins.len() * 4);
                for o in b.origins {
                    origins.push(o.commit);
                    origins.push(paths.intern(o.path));
                    match o.previous {
                        Some((id, path)) => {
                            origins.push(previous_ids.intern(id));
                            origins.push(paths.intern(path));
                        }
                        None => origins.extend([NO_PREVIOUS, NO_PREVIOUS]),
                    }
                }
                Either::B(JsBatchFile {
                    path: b.path,
                    line_count: b.origin.len() as u32,
                    origin: Uint32Array::new(b.origin),
                    source_line: Uint32Array::new(b.source_line),
                    flags: Uint8Array::new(b.flags),
                    commits: Uint32Array::new(file_commits),
                    origins: Uint32Array::new(origins),
                    text: b.text.map(Buffer::from),
                })
            }
        })
        .collect();
    JsBlameBatch {
        rev,
        // Strings and numbers only: serializing cannot fail.
        commits_json: serde_json::to_string(&commits).expect("BUG: commits do not serialize"),
        paths: paths.items,
        previous_ids: previous_ids.items,
        warnings,
        stats: stats.into(),
        files,
    }
}

/// The index of commit `c` in the shared table. The all-zero commit (uncommitted lines) names its
/// file in its summary, so it is never shared.
fn shared_commit(index: &mut FxHashMap<String, u32>, commits: &mut Vec<JsBlameCommit>, c: BlameCommit) -> u32 {
    let uncommitted = c.id.bytes().all(|b| b == b'0');
    if !uncommitted {
        if let Some(&i) = index.get(&c.id) {
            return i;
        }
    }
    let i = commits.len() as u32;
    if !uncommitted {
        index.insert(c.id.clone(), i);
    }
    commits.push(to_js_commit(c));
    i
}
