//! Returning a long blame's memory once the editor is idle, not right after the blame.
//!
//! The blame of a file with thousands of commits frees a hundred MiB or more. Collected at once
//! (`mi_collect`), the next long blame touches fresh pages again, and page faults made it about
//! 13% slower (the generated repository's scheduler.ts, five calls in a row: 340 ms each without
//! the collection, 390 ms with it), which is what moving between files in the editor does. Left
//! alone, mimalloc keeps the memory while its threads are idle (188 MiB of RSS seconds later, with
//! nothing to ever collect it). So a heavy interactive call asks for a collection [`IDLE`] after
//! the last call, and a thread of its own runs it on every thread of the interactive pool if no
//! call has run meanwhile (`bench/idle-memory.mjs` measures both sides).

use std::sync::{Condvar, Mutex, Once, OnceLock};
use std::time::{Duration, Instant};

/// How long the interactive pool must have been idle before its freed memory is returned.
const IDLE: Duration = Duration::from_millis(1500);

#[derive(Default)]
struct State {
    /// Calls queued or running on the pool.
    running: usize,
    /// A heavy call ended and its memory has not been collected yet.
    pending: bool,
    /// When the last call started or ended.
    last_activity: Option<Instant>,
    /// The collecting thread runs (if it could not start, each heavy call collects at its end).
    collector_running: bool,
}

struct Collector {
    state: Mutex<State>,
    wake: Condvar,
}

impl Collector {
    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        // A poisoned lock only means a thread panicked holding it; the counters are still usable.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

static COLLECTOR: OnceLock<Collector> = OnceLock::new();

/// Start the collector of the interactive `pool` (otherwise started by its first call).
pub fn start(pool: &'static rayon::ThreadPool) {
    collector(pool);
}

/// The collector of the interactive `pool`, its thread started on first use.
fn collector(pool: &'static rayon::ThreadPool) -> &'static Collector {
    static THREAD: Once = Once::new();
    let c = COLLECTOR.get_or_init(|| Collector { state: Mutex::new(State::default()), wake: Condvar::new() });
    THREAD.call_once(|| {
        let started = std::thread::Builder::new().name("git-authorship-collect".into()).spawn(move || run(c, pool)).is_ok();
        c.state().collector_running = started;
    });
    c
}

fn run(c: &'static Collector, pool: &'static rayon::ThreadPool) {
    let mut state = c.state();
    loop {
        let due = match (state.pending, state.last_activity) {
            (true, Some(at)) => at + IDLE,
            _ => {
                state = c.wake.wait(state).unwrap_or_else(|e| e.into_inner());
                continue;
            }
        };
        let now = Instant::now();
        if now < due || state.running > 0 {
            let wait = due.saturating_duration_since(now).max(Duration::from_millis(50));
            state = c.wake.wait_timeout(state, wait).unwrap_or_else(|e| e.into_inner()).0;
            continue;
        }
        state.pending = false;
        drop(state);
        // On every thread: each keeps what it freed in its own heap.
        pool.broadcast(|_| crate::allocator::release_freed_memory());
        state = c.state();
    }
}

/// A call queued or running on the interactive pool, until dropped (on the pool's thread); set
/// `heavy` before it drops to have the pool's memory collected once it is idle.
pub struct Activity {
    collector: &'static Collector,
    pub heavy: bool,
}

/// A call is queued on the interactive `pool`.
pub fn call_started(pool: &'static rayon::ThreadPool) -> Activity {
    let c = collector(pool);
    let mut state = c.state();
    state.running += 1;
    state.last_activity = Some(Instant::now());
    Activity { collector: c, heavy: false }
}

impl Drop for Activity {
    fn drop(&mut self) {
        let c = self.collector;
        let mut state = c.state();
        state.running -= 1;
        state.last_activity = Some(Instant::now());
        state.pending |= self.heavy;
        let collector_running = state.collector_running;
        drop(state);
        if collector_running {
            c.wake.notify_one();
        } else if self.heavy {
            crate::allocator::release_freed_memory();
        }
    }
}
