//! The addon's allocator: mimalloc, for every Rust allocation. A walk of history allocates and
//! frees many short-lived buffers (decoded objects, line tables), which mimalloc serves faster
//! than glibc (a whole-repository blame took about a fifth less time).
//!
//! mimalloc's v2 line (the `v2` feature in Cargo.toml), not v3: v3 reused freed memory less
//! within a walk, so more of it was fresh pages, each a fault. express's whole-repository blame
//! faulted about 13,300 pages with v2 against 17,500 with v3 (resident peak 101 against 118 MiB)
//! and took 6% less time (97.0 against 103.5 ms, `bench/addon-ab.mjs`, 40 alternating fresh
//! processes); the generated benchmark repository's engine time was 1% lower, the one-file
//! blames the same.
//!
//! The extension host lives for hours, so memory goes back to the system promptly. While a
//! report's call runs (a whole-repository analysis, hundreds of MiB), mimalloc purges freed pages
//! after 1 ms: a whole report's peak was 25–40 MiB lower, its time a few percent longer. Other
//! calls keep them for 1 s (v3's default, which these figures were measured with; v2's is 10 ms):
//! with 1 ms, the blame of one file with thousands of commits took 12–20% longer, and a
//! whole-repository `blameFiles` (run by the command line, not the editor) 6–7% longer for a
//! peak 13 MiB lower. What a batch call freed is collected when it ends, what a long blame freed
//! once no blame has run for a moment (`idle_collect`).
//!
//! mimalloc is built without transparent huge pages (`no_thp` in Cargo.toml): it would advise the
//! kernel to back its arenas with 2 MiB pages, and where THP is `madvise` (Debian's and Ubuntu's
//! default) every first touch of such a page then zeroes, and may compact, 2 MiB synchronously.
//! The first blame of a process paid for that: a 2,800-commit file's cold blame took 807 ms
//! instead of 464 ms, a whole generated repository's 2.6 s instead of 1.9 s, and the peak of a
//! whole report was 70 MiB higher. Warm calls lose a little (fewer TLB hits: 409 → 445 ms).

use std::sync::Mutex;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` of mimalloc's header (`mi_option_e`, the same in v2 and v3); the Rust
/// crate names no constant for it.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
/// Milliseconds before freed pages are purged while a report's call runs.
const REPORT_PURGE_DELAY_MS: std::ffi::c_long = 1;

/// Report calls running, and the purge delay to restore when none is.
static REPORT_CALLS: Mutex<(usize, std::ffi::c_long)> = Mutex::new((0, 0));

/// While alive, freed pages are purged soon; the last one dropped restores mimalloc's delay.
pub struct QuickPurge(());

/// Purge freed memory soon until the returned guard is dropped (calls may overlap).
pub fn quick_purge() -> QuickPurge {
    let mut calls = REPORT_CALLS.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    if calls.0 == 0 {
        // SAFETY: reading and setting an option have no preconditions; the delay is read when
        // memory is next freed.
        unsafe {
            calls.1 = libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY);
            libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, REPORT_PURGE_DELAY_MS);
        }
    }
    calls.0 += 1;
    QuickPurge(())
}

impl Drop for QuickPurge {
    fn drop(&mut self) {
        let mut calls = REPORT_CALLS.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        calls.0 -= 1;
        if calls.0 == 0 {
            // SAFETY: as above.
            unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, calls.1) };
        }
    }
}

/// Milliseconds before freed pages are purged outside a report's call.
const PURGE_DELAY_MS: std::ffi::c_long = 1000;

/// Set mimalloc's purge delay for the calls other than a report's (see the module's comment); the
/// addon's load calls it, before any allocation of its own matters.
pub fn set_purge_delay() {
    // SAFETY: as above.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, PURGE_DELAY_MS) };
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
