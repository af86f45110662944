//! Expected failures are data: a call resolves with `Failure` instead of rejecting, so the error
//! code survives the crossing. The TypeScript wrapper throws it as an `EngineError`.

use napi::bindgen_prelude::Either;
use napi_derive::napi;

/// A failed call: `errorCode` is one of the core's `ErrorCode` strings.
#[napi(object)]
pub struct Failure {
    pub error_code: String,
    pub message: String,
}

pub type Outcome<T> = Either<Failure, T>;

impl From<git_authorship_core::Error> for Failure {
    fn from(err: git_authorship_core::Error) -> Self {
        Failure { error_code: err.code.as_str().to_string(), message: err.message }
    }
}

/// A panic is our bug, never the user's: say so, with what the panic said.
pub fn failure_from_panic(panic: Box<dyn std::any::Any + Send>) -> Failure {
    let what = panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into());
    Failure {
        error_code: "INTERNAL".into(),
        message: format!("internal error in the native engine (a bug in Git Authorship, please report it): {what}"),
    }
}

#[napi(object)]
pub struct JsWarning {
    pub code: String,
    pub message: String,
}

impl From<git_authorship_core::Warning> for JsWarning {
    fn from(w: git_authorship_core::Warning) -> Self {
        JsWarning { code: w.code.to_string(), message: w.message }
    }
}
