//! napi's linker setup, plus the versions of the libraries we build on, read from Cargo.lock so
//! `engineInfo()` reports what is really linked in.
fn main() {
    napi_build::setup();
    let lock = std::fs::read_to_string("../Cargo.lock").unwrap_or_default();
    for (krate, var) in [("gix", "GA_GIX_VERSION"), ("napi", "GA_NAPI_VERSION"), ("xxhash-rust", "GA_XXHASH_VERSION"), ("mimalloc", "GA_MIMALLOC_VERSION"), ("libdeflater", "GA_LIBDEFLATER_VERSION")] {
        let version = locked_version(&lock, krate).unwrap_or_else(|| "unknown".into());
        println!("cargo:rustc-env={var}={version}");
    }
    println!("cargo:rerun-if-changed=../Cargo.lock");
}

fn locked_version(lock: &str, krate: &str) -> Option<String> {
    let needle = format!("name = \"{krate}\"\nversion = \"");
    let start = lock.find(&needle)? + needle.len();
    let end = lock[start..].find('"')? + start;
    Some(lock[start..end].to_string())
}
