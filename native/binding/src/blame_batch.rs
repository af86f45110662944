//! `blameFiles`' answer as one batch with shared tables. Blaming a whole repository gives each
//! file its own list of commits, and the same commit comes back for file after file (25,000
//! commit records for 2,000 files of a generated repository, 15,600 distinct). Building each as
//! a JavaScript object through napi took longer than a fifth of the blame itself, so every
//! distinct commit crosses once, as JSON (V8 parses it into objects several times faster than
//! napi sets their properties one by one), origins cross as numbers into tables of paths and
//! ids, and the files' columns cross as one typed array each for all files (a typed array per
//! column per file was ten thousand buffers for V8 to create and track). The TypeScript wrapper
//! (`src/engine/native/batch.ts`) gives each file back its own columns (views into the batch's),
//! `commits` and `origins`.

use napi::bindgen_prelude::*;
use napi_derive::napi;
use rustc_hash::FxHashMap;

use git_authorship_core::blame::{BlameCommit, FilesBlame};

use crate::blame::{to_js_commit, JsBlameCommit, JsBlameStats};
use crate::outcome::{Failure, JsWarning};

/// In `JsBatchFile::origins`: the origin has no previous version.
pub const NO_PREVIOUS: u32 = u32::MAX;

#[napi(object)]
pub struct JsBlameBatch {
    /// The revision the blame started from (40 hex).
    pub rev: String,
    /// Every commit that owns lines, once: a JSON array of `BlameCommit` objects, in ASCII (other
    /// characters escaped, so V8 keeps the text one byte per character).
    pub commits_json: String,
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

pub fn to_js_batch(answer: FilesBlame) -> JsBlameBatch {
    let mut commit_index: FxHashMap<String, u32> = FxHashMap::default();
    let mut commits: Vec<JsBlameCommit> = Vec::new();
    let mut paths = Table::default();
    let mut previous_ids = Table::default();
    let FilesBlame { files: answers, rev, warnings, stats } = answer;
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
                file_path.push(paths.intern(std::mem::take(&mut b.path)));
                origin.extend_from_slice(&b.origin);
                source_line.extend_from_slice(&b.source_line);
                flags.extend_from_slice(&b.flags);
                file_commits.extend(b.commits.drain(..).map(|c| shared_commit(&mut commit_index, &mut commits, c)));
                for o in b.origins.drain(..) {
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
    // Strings and numbers only: serializing cannot fail.
    let commits_json = ascii_json(serde_json::to_string(&commits).expect("BUG: commits do not serialize"));
    git_authorship_core::garbage::free_elsewhere((spent, commits, commit_index));
    JsBlameBatch {
        rev,
        commits_json,
        paths: paths.items,
        previous_ids: previous_ids.items,
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

/// JSON text with every character outside ASCII written as a `\u` escape (two for one beyond the
/// Basic Multilingual Plane), which JSON.parse reads back as the same string. V8 stores a string
/// with any other character two bytes per character, and the commits of a whole repository come
/// to megabytes: escaping the few names and summaries that need it is cheaper than that.
fn ascii_json(json: String) -> String {
    if json.is_ascii() {
        return json;
    }
    let mut out = String::with_capacity(json.len() + json.len() / 8);
    for c in json.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            let mut units = [0u16; 2];
            for u in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{u:04x}"));
            }
        }
    }
    out
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

#[cfg(test)]
mod tests {
    use super::ascii_json;

    #[test]
    fn json_outside_ascii_is_escaped_and_reads_back_the_same() {
        let texts = vec!["Zoë", "日本語", "🙂 smile", "quote \" and \\ backslash", "plain"];
        let json = serde_json::to_string(&texts).expect("serializes");
        let ascii = ascii_json(json.clone());
        assert!(ascii.is_ascii());
        assert!(ascii.contains(r"Zo\u00eb") && ascii.contains(r"\ud83d\ude42"), "{ascii}");
        let back: Vec<String> = serde_json::from_str(&ascii).expect("parses");
        assert_eq!(back, texts);
        let plain = serde_json::to_string(&["plain"]).expect("serializes");
        assert_eq!(ascii_json(plain.clone()), plain);
    }
}
