//! `CancelToken`: the JavaScript side of `git_authorship_core::Cancel`. The TypeScript wrapper
//! creates one per call and cancels it when the caller's AbortSignal fires; the core polls it.

use napi_derive::napi;

#[napi]
pub struct CancelToken {
    pub(crate) inner: git_authorship_core::Cancel,
}

#[napi]
impl CancelToken {
    #[napi(constructor)]
    #[allow(clippy::new_without_default)] // napi constructors take no Default
    pub fn new() -> Self {
        CancelToken { inner: git_authorship_core::Cancel::new() }
    }

    /// Ask the running work to stop; it rejects with code ABORTED within 100 ms.
    #[napi]
    pub fn cancel(&self) {
        self.inner.cancel();
    }
}

pub fn core_cancel(token: Option<&CancelToken>) -> git_authorship_core::Cancel {
    token.map(|t| t.inner.clone()).unwrap_or_default()
}
