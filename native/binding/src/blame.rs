//! `blameFile(repo, path, options, token)` and `blameFiles(repo, paths, options, token)`: convert
//! options in and the columnar results out.

use std::sync::Arc;

use napi::bindgen_prelude::*;
use napi::Env;
use napi_derive::napi;

use git_authorship_core::blame::{self, BlameCommit, BlameOptions, BlameStats, FileBlame, IgnoreRevsFile};

use crate::blame_batch::to_js_batch;
use crate::cancel::{core_cancel, CancelToken};
use crate::outcome::JsWarning;
use crate::pool::{spawn, Pool};

#[napi(object)]
#[derive(Default)]
pub struct JsBlameOptions {
    pub rev: Option<String>,
    pub contents: Option<Buffer>,
    pub ignore_whitespace: Option<bool>,
    pub ignore_revs: Option<Vec<String>>,
    pub ignore_revs_file: Option<String>,
    pub no_ignore_revs_file: Option<bool>,
    pub mailmap: Option<bool>,
    pub with_text: Option<bool>,
    pub detect_moves: Option<bool>,
    pub detect_copies: Option<u32>,
}

#[napi(object)]
pub struct JsPrevious {
    pub commit: String,
    pub path: String,
}

#[napi(object)]
pub struct JsBlameOrigin {
    pub commit: u32,
    pub path: String,
    pub previous: Option<JsPrevious>,
}

/// One commit of `blameFile`'s answer (`blameFiles` sends its commits as one table of columns:
/// `commit_table.rs`).
#[napi(object)]
pub struct JsBlameCommit {
    pub id: String,
    pub author_name: String,
    pub author_email: String,
    pub author_time: i64,
    pub author_tz: String,
    pub committer_name: String,
    pub committer_email: String,
    pub committer_time: i64,
    pub committer_tz: String,
    pub summary: String,
    pub boundary: bool,
}

#[napi(object)]
pub struct JsBlameStats {
    pub commits_visited: f64,
    pub blobs_diffed: f64,
    pub elapsed_ms: f64,
}

#[napi(object)]
pub struct JsBlameResult {
    pub path: String,
    pub rev: String,
    pub line_count: u32,
    pub origin: Uint32Array,
    pub source_line: Uint32Array,
    pub flags: Uint8Array,
    pub origins: Vec<JsBlameOrigin>,
    pub commits: Vec<JsBlameCommit>,
    pub text: Option<Buffer>,
    pub warnings: Vec<JsWarning>,
    pub stats: JsBlameStats,
}

fn core_options(o: JsBlameOptions) -> BlameOptions {
    let ignore_revs_file = if o.no_ignore_revs_file.unwrap_or(false) {
        IgnoreRevsFile::None
    } else if let Some(path) = o.ignore_revs_file {
        IgnoreRevsFile::Path(path.into())
    } else {
        IgnoreRevsFile::FromConfig
    };
    BlameOptions {
        rev: o.rev,
        contents: o.contents.map(|b| b.to_vec()),
        ignore_whitespace: o.ignore_whitespace.unwrap_or(false),
        ignore_revs: o.ignore_revs.unwrap_or_default(),
        ignore_revs_file,
        mailmap: o.mailmap.unwrap_or(true),
        with_text: o.with_text.unwrap_or(false),
        detect_moves: o.detect_moves.unwrap_or(false),
        // Saturate: any level above 3 means "hardest" to git too.
        detect_copies: o.detect_copies.unwrap_or(0).min(u8::MAX as u32) as u8,
        walks: None,
    }
}

fn to_js(b: FileBlame) -> JsBlameResult {
    JsBlameResult {
        path: b.path,
        rev: b.rev,
        line_count: b.origin.len() as u32,
        origin: Uint32Array::new(b.origin),
        source_line: Uint32Array::new(b.source_line),
        flags: Uint8Array::new(b.flags),
        origins: b
            .origins
            .into_iter()
            .map(|o| JsBlameOrigin {
                commit: o.commit,
                path: o.path,
                previous: o.previous.map(|(commit, path)| JsPrevious { commit, path }),
            })
            .collect(),
        commits: b.commits.into_iter().map(to_js_commit).collect(),
        text: b.text.map(Buffer::from),
        warnings: b.warnings.into_iter().map(Into::into).collect(),
        stats: b.stats.into(),
    }
}

fn to_js_commit(c: Arc<BlameCommit>) -> JsBlameCommit {
    // One file's commits are its own unless a batch shares them: moved out, not copied.
    let c = Arc::unwrap_or_clone(c);
    JsBlameCommit {
        id: c.id,
        author_name: c.author_name,
        author_email: c.author_email,
        author_time: c.author_time,
        author_tz: c.author_tz,
        committer_name: c.committer_name,
        committer_email: c.committer_email,
        committer_time: c.committer_time,
        committer_tz: c.committer_tz,
        summary: c.summary,
        boundary: c.boundary,
    }
}

impl From<BlameStats> for JsBlameStats {
    fn from(s: BlameStats) -> Self {
        JsBlameStats { commits_visited: s.commits_visited as f64, blobs_diffed: s.blobs_diffed as f64, elapsed_ms: s.elapsed_ms }
    }
}

/// Blame one file at a revision (default HEAD) or of uncommitted `contents`, off the JS thread.
/// Resolves with the columnar result or a `{ errorCode, message }` failure.
#[napi(ts_return_type = "Promise<JsBlameResult | Failure>")]
pub fn blame_file<'env>(
    env: &'env Env,
    repo: String,
    path: String,
    options: Option<JsBlameOptions>,
    token: Option<&CancelToken>,
) -> Result<Object<'env>> {
    let cancel = core_cancel(token);
    let options = core_options(options.unwrap_or_default());
    spawn(
        env,
        Pool::Interactive,
        move || blame::blame_file(std::path::Path::new(&repo), &path, &options, &cancel),
        to_js,
    )
}

/// Blame many files of one revision, one walk of history per core over a share of the files, off
/// the JS thread. Resolves with a batch holding one answer per path, in order (its columnar
/// result, or the failure of that path alone), or with a failure of the whole call.
#[napi(ts_return_type = "Promise<JsBlameBatch | Failure>")]
pub fn blame_files<'env>(
    env: &'env Env,
    repo: String,
    paths: Vec<String>,
    options: Option<JsBlameOptions>,
    token: Option<&CancelToken>,
) -> Result<Object<'env>> {
    let cancel = core_cancel(token);
    let options = core_options(options.unwrap_or_default());
    spawn(
        env,
        // Many files are an analysis-sized job: it must not hold up the editor's blames.
        Pool::Batch,
        move || blame::blame_files(std::path::Path::new(&repo), &paths, &options, &cancel, &mut |_| {}),
        to_js_batch,
    )
}
