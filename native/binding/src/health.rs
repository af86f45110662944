//! `healthCheck(repo?)`: whether a repository opens and what it offers. Never fails: a bad
//! repository is `{ ok: false, error }`.

use napi::bindgen_prelude::*;
use napi::Env;
use napi_derive::napi;

use git_authorship_core::health::{self, HealthReport};

use crate::pool::{spawn, Pool};

#[napi(object)]
pub struct JsHealthError {
    pub code: String,
    pub message: String,
}

#[napi(object)]
pub struct JsHealthReport {
    pub ok: bool,
    pub path: Option<String>,
    pub head: Option<String>,
    pub branch: Option<String>,
    pub empty: bool,
    pub shallow: bool,
    pub partial: bool,
    pub commit_graph: bool,
    pub bloom_filters: bool,
    pub error: Option<JsHealthError>,
}

fn to_js(h: HealthReport) -> JsHealthReport {
    JsHealthReport {
        ok: h.ok,
        path: h.path,
        head: h.head,
        branch: h.branch,
        empty: h.empty,
        shallow: h.shallow,
        partial: h.partial,
        commit_graph: h.commit_graph,
        bloom_filters: h.bloom_filters,
        error: h.error.map(|(code, message)| JsHealthError { code: code.as_str().to_string(), message }),
    }
}

#[napi(ts_return_type = "Promise<JsHealthReport | Failure>")]
pub fn health_check<'env>(env: &'env Env, repo: Option<String>) -> Result<Object<'env>> {
    spawn(
        env,
        Pool::Interactive,
        move || {
            let path = repo.map(std::path::PathBuf::from);
            Ok(health::health_check(path.as_deref()))
        },
        to_js,
    )
}
