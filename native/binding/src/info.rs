//! `engineInfo()`: what runs, on what, built from what.

use std::collections::BTreeMap;

use napi_derive::napi;

#[napi(object)]
pub struct JsEngineInfo {
    pub name: String,
    pub version: String,
    pub backend: String,
    pub platform: String,
    pub threads: u32,
    /// By name, so that the order is the same on every call.
    pub libraries: BTreeMap<String, String>,
}

/// The napi-rs platform triple this binary was built for, e.g. `linux-x64-gnu`.
fn platform() -> String {
    let os = match std::env::consts::OS {
        "macos" => "darwin",
        "windows" => "win32",
        other => other,
    };
    let arch = match std::env::consts::ARCH {
        "x86_64" => "x64",
        "aarch64" => "arm64",
        "arm" => "arm",
        other => other,
    };
    let abi = if cfg!(target_env = "musl") {
        "-musl"
    } else if cfg!(target_env = "gnu") {
        "-gnu"
    } else if cfg!(target_env = "msvc") {
        "-msvc"
    } else if cfg!(target_arch = "arm") && cfg!(target_os = "linux") {
        "-gnueabihf"
    } else {
        ""
    };
    format!("{os}-{arch}{abi}")
}

#[napi]
pub fn engine_info() -> JsEngineInfo {
    let libraries = BTreeMap::from([
        ("gix".to_string(), env!("GA_GIX_VERSION").to_string()),
        ("libdeflater".to_string(), env!("GA_LIBDEFLATER_VERSION").to_string()),
        ("mimalloc".to_string(), env!("GA_MIMALLOC_VERSION").to_string()),
        ("napi".to_string(), env!("GA_NAPI_VERSION").to_string()),
        ("xxhash-rust".to_string(), env!("GA_XXHASH_VERSION").to_string()),
    ]);
    JsEngineInfo {
        name: "git-authorship-native".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        backend: "native".into(),
        platform: platform(),
        threads: crate::pool::threads() as u32,
        libraries,
    }
}
