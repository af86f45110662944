//! `extractCommits(repo, options, token)`: GitFleet's commit records, for timelines.

use napi::bindgen_prelude::*;
use napi::Env;
use napi_derive::napi;

use git_authorship_core::commits::{self, CommitRecord, CommitsOptions};

use crate::cancel::{core_cancel, CancelToken};
use crate::pool::{spawn, Pool};

#[napi(object)]
#[derive(Default)]
pub struct JsCommitsOptions {
    pub since: Option<String>,
    pub until: Option<String>,
    pub rev: Option<String>,
    pub mailmap: Option<bool>,
}

#[napi(object)]
pub struct JsCommitRecord {
    pub sha: String,
    pub message: String,
    pub author_name: String,
    pub author_email: String,
    pub author_time: i64,
    pub author_offset: i32,
    pub committer_name: String,
    pub committer_email: String,
    pub committer_time: i64,
    pub committer_offset: i32,
    pub additions: u32,
    pub deletions: u32,
    pub is_merge: bool,
}

fn to_js(records: Vec<CommitRecord>) -> Vec<JsCommitRecord> {
    records
        .into_iter()
        .map(|c| JsCommitRecord {
            sha: c.sha,
            message: c.message,
            author_name: c.author_name,
            author_email: c.author_email,
            author_time: c.author_time,
            author_offset: c.author_offset,
            committer_name: c.committer_name,
            committer_email: c.committer_email,
            committer_time: c.committer_time,
            committer_offset: c.committer_offset,
            additions: c.additions,
            deletions: c.deletions,
            is_merge: c.is_merge,
        })
        .collect()
}

/// Every commit reachable from `rev` (default HEAD), newest first, with numstat totals.
#[napi(ts_return_type = "Promise<JsCommitRecord[] | Failure>")]
pub fn extract_commits<'env>(
    env: &'env Env,
    repo: String,
    options: Option<JsCommitsOptions>,
    token: Option<&CancelToken>,
) -> Result<Object<'env>> {
    let cancel = core_cancel(token);
    let o = options.unwrap_or_default();
    let options = CommitsOptions {
        since: o.since.filter(|v| !v.is_empty()),
        until: o.until.filter(|v| !v.is_empty()),
        rev: o.rev.filter(|v| !v.is_empty()),
        mailmap: o.mailmap.unwrap_or(true),
    };
    spawn(
        env,
        Pool::Report,
        move || commits::extract_commits(std::path::Path::new(&repo), &options, &cancel),
        to_js,
    )
}
