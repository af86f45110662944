//! The addon's allocator: mimalloc, for every Rust allocation. A walk of history allocates and
//! frees many short-lived buffers (decoded objects, line tables), which mimalloc serves faster
//! than glibc (a whole-repository blame took about a fifth less time).
//!
//! The extension host lives for hours, so memory goes back to the system promptly: mimalloc
//! purges freed pages after 1 ms instead of its default 10 ms (a whole report's peak was 25–40 MiB
//! lower, its time a few percent longer; purging at once made a whole-repository blame a fifth
//! slower), and a long call collects what its threads freed.

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` of mimalloc's header (`mi_option_e`, the same in v2 and v3); the Rust
/// crate names no constant for it.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

#[napi_derive::module_init]
fn purge_soon() {
    // SAFETY: setting an option has no preconditions; it is read when memory is next freed.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 1) };
}

/// Return the memory a finished batch call (or a long blame) freed to the system: a
/// whole-repository analysis, or the blame of a file with thousands of commits, frees hundreds of
/// MiB, much of it on threads that have ended, which mimalloc would otherwise keep for reuse.
pub fn release_freed_memory() {
    // SAFETY: mi_collect only frees mimalloc's own unused pages; it has no preconditions.
    unsafe {
        libmimalloc_sys::mi_collect(true);
    }
}
