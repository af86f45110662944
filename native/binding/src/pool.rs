//! The crate's own thread pools. Blame requests (interactive: the editor waits on them) and
//! analyses (long: minutes on a large repository) get separate pools, so a running report never
//! delays the current line's blame. Both are sized to the machine; rayon work inside a job (parallel
//! diffs) runs on the job's own pool.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use napi::bindgen_prelude::*;
use napi::{Env, JsDeferred};

use git_authorship_core::garbage;

use crate::allocator::{quick_purge, release_freed_memory};
use crate::idle_collect;
use crate::outcome::{failure_from_panic, Outcome};

pub enum Pool {
    /// A blame the editor waits for.
    Interactive,
    /// Long work of the editor's report (analysis, commit records): on the batch pool, with
    /// freed memory purged quickly so that the extension host's peak stays low.
    Report,
    /// Other long work (`blameFiles`, which the command line runs): on the batch pool, with
    /// mimalloc's purge delay kept. Purging within 1 ms made a whole-repository blame 6-7% slower
    /// (page faults and TLB flushes) for a peak only 13 MiB lower; what it frees is returned when
    /// it ends, as for a report.
    Batch,
}

fn build(name: &'static str) -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads())
        .thread_name(move |i| format!("git-authorship-{name}-{i}"))
        .build()
        // Failing to start threads at all leaves nothing to fall back to inside the addon.
        .expect("BUG: could not start the git-authorship thread pool")
}

pub fn threads() -> usize {
    std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2)
}

/// Start the pools' threads (and the interactive pool's collector's, and the thread that frees a
/// batch call's garbage) now rather than in the first call, which waits for them: as the addon
/// loads, long before the first file is opened. Each pool thread also runs once, through what a
/// thread does the first time (its allocator's heap). Threads that cannot start here (`build`
/// panics) are left to the first call, which reports it. The batch pool too: the command line's
/// one call is a batch call (express's whole-repository blame, its first call in a fresh
/// process: 88.5 -> 87.4 and 94.8 -> 93.2 ms, bench/addon-ab.mjs --all --engine, 40 processes
/// each; package.json's first blame unchanged).
pub fn start_pools() {
    let _ = catch_unwind(|| {
        crate::allocator::set_purge_delay();
        let interactive = pool(Pool::Interactive);
        idle_collect::start(interactive);
        garbage::start_freer();
        interactive.spawn_broadcast(|_| drop(std::hint::black_box(Vec::<u8>::with_capacity(64))));
        pool(Pool::Batch).spawn_broadcast(|_| drop(std::hint::black_box(Vec::<u8>::with_capacity(64))));
    });
}

fn pool(which: Pool) -> &'static rayon::ThreadPool {
    static INTERACTIVE: OnceLock<rayon::ThreadPool> = OnceLock::new();
    static BATCH: OnceLock<rayon::ThreadPool> = OnceLock::new();
    match which {
        Pool::Interactive => INTERACTIVE.get_or_init(|| build("blame")),
        Pool::Report | Pool::Batch => BATCH.get_or_init(|| build("analysis")),
    }
}

/// Run `work` on a pool and return a Promise that resolves (on the JS thread) with `convert` of
/// its result, or with a failure object. `work` must not touch JavaScript values.
pub fn spawn<T, R, W, C>(env: &Env, which: Pool, work: W, convert: C) -> Result<Object<'_>>
where
    T: Send + 'static,
    R: ToNapiValue + Send + 'static,
    W: FnOnce() -> git_authorship_core::Result<T> + Send + 'static,
    C: FnOnce(T) -> R + Send + 'static,
{
    let (deferred, promise): (JsDeferred<Handed<Outcome<R>>, _>, _) = env.create_deferred()?;
    let batch = !matches!(which, Pool::Interactive);
    let purge_quickly = matches!(which, Pool::Report);
    let pause_freer = matches!(which, Pool::Batch);
    let pool = pool(which);
    // Counted from now: a call waiting for a thread keeps the pool from counting as idle.
    let mut activity = (!batch).then(|| idle_collect::call_started(pool));
    pool.spawn(move || {
        let started = Instant::now();
        let _purge = purge_quickly.then(quick_purge);
        // A whole-repository blame's walks are freed once its answer is handed over, not beside
        // its conversion (the report's calls give the freeing thread nothing).
        let freer_paused = pause_freer.then(garbage::pause_freer);
        // Converted here, off the JS thread: only creating the JavaScript values is left to it.
        let outcome: Outcome<R> = match catch_unwind(AssertUnwindSafe(work)) {
            Ok(Ok(value)) => Either::B(convert(value)),
            Ok(Err(err)) => Either::A(err.into()),
            Err(panic) => Either::A(failure_from_panic(panic)),
        };
        let (handover, watch) = garbage::handover();
        deferred.resolve(move |_env| Ok(Handed { value: outcome, handover }));
        // A batch call's answer is large and the JavaScript thread needs a core to take it:
        // freeing waits until it has (see git_authorship_core::garbage). Freeing beside it,
        // express's whole-repository blame took 1-1.5 ms longer to reach JavaScript (about 6.5
        // ms from the engine's end instead of 5; bench/addon-ab.mjs, fresh processes).
        if batch {
            watch.wait();
        }
        drop(freer_paused);
        // What the call left to free once its answer is handed over, on the thread that
        // allocated it.
        garbage::free_deferred();
        // After handing the answer over, so the caller does not wait for it. A batch call frees
        // hundreds of MiB: returned at once. A long blame (thousands of commits) frees a hundred
        // or so, returned when the editor has stopped blaming (the next blame would otherwise
        // fault its pages in again); a quick one frees little and should not pay for a collection.
        if batch {
            garbage::wait_freed_elsewhere(RELEASE_WAIT_LIMIT);
            release_freed_memory();
        } else if let Some(a) = activity.as_mut() {
            a.heavy = started.elapsed() >= HEAVY_CALL;
        }
        drop(activity);
    });
    Ok(promise)
}

/// A call's answer on its way to JavaScript: the hand-over ends once its values are created.
struct Handed<T> {
    value: T,
    handover: garbage::Handover,
}

impl<T: ToNapiValue> ToNapiValue for Handed<T> {
    unsafe fn to_napi_value(env: napi::sys::napi_env, handed: Self) -> Result<napi::sys::napi_value> {
        let Handed { value, handover } = handed;
        // SAFETY: called by napi on the JavaScript thread with its env, as T's own conversion is.
        let js = unsafe { T::to_napi_value(env, value) };
        drop(handover);
        js
    }
}

/// The longest a batch call's thread waits for its garbage to be freed before it returns the
/// freed memory to the system (whatever is freed later stays with mimalloc for reuse).
const RELEASE_WAIT_LIMIT: Duration = Duration::from_secs(2);

/// An interactive call that ran this long has likely freed enough memory to return it.
const HEAVY_CALL: Duration = Duration::from_millis(100);
