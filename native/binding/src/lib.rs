//! napi entry points of Git Authorship. Conversion only: every bit of git work lives in
//! `git_authorship_core`, which knows nothing of Node.
//!
//! Every async entry point runs on the crate's own thread pools ([`pool`]), never on libuv's, and
//! resolves with either its value or an [`outcome::Failure`] (`{ errorCode, message }`); the
//! TypeScript wrapper (`src/engine/native.ts`) turns a failure into an `EngineError` with `code`.
//! Panics are caught at the pool boundary and reported as INTERNAL failures.

mod allocator;
mod analysis;
mod blame;
mod blame_batch;
mod cancel;
mod commit_table;
mod commits;
mod health;
mod idle_collect;
mod info;
mod outcome;
mod pool;

/// Runs as Node loads the addon.
#[napi_derive::napi(module_exports)]
pub fn on_load(_exports: napi::bindgen_prelude::Object) -> napi::Result<()> {
    pool::start_pools();
    Ok(())
}
