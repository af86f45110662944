//! Freeing what a finished call no longer needs without making its caller wait.
//!
//! A walk leaves tens of thousands of small objects behind (decoded trees, blobs, tokens, commit
//! nodes): 30-50 ms to free after a whole-repository blame, about 2 ms after a cold blame of
//! express's package.json. Two ways, by where the call ran:
//! - [`free_later`] keeps it on the calling thread until [`free_deferred`], which the Node
//!   binding calls once the answer is handed over (or until the thread's next call): the memory
//!   goes back to the thread that allocated it, ready for its next blame. Freeing every one-file
//!   blame's walk on another thread made 400 ordinary files 6-7% slower to blame one by one.
//! - [`free_elsewhere`] hands it to one thread kept for that: for `blame_files`, whose walks
//!   mostly run on threads that end with the call, and whose shared tables outlive the walks.
//!
//! [`handover`] lets a thread wait until the caller has its answer before freeing: freeing takes
//! a core, returning memory to the system can interrupt the others (TLB flushes), and the
//! JavaScript thread creating a large answer's values needs one. [`pause_freer`] holds the kept
//! thread's freeing back the same way while a call builds its answer: freeing a whole-repository
//! walk beside the conversion of its answer made that conversion take twice as long (generated
//! repository with mimalloc v2: 20-32 ms alone, 43-54 ms beside it, timed by code not kept).
//! [`wait_freed_elsewhere`] waits until what was handed over so far is freed, so that memory can
//! then be returned to the system at once.

use std::any::Any;
use std::cell::RefCell;
use std::sync::mpsc::{channel, Sender};
use std::sync::{Arc, Condvar, Mutex, OnceLock};
use std::time::{Duration, Instant};

thread_local! {
    static LATER: RefCell<Vec<Box<dyn Any>>> = const { RefCell::new(Vec::new()) };
}

/// Keep `garbage` until this thread calls [`free_deferred`].
pub fn free_later<T: 'static>(garbage: T) {
    LATER.with(|later| later.borrow_mut().push(Box::new(garbage)));
}

/// Free what [`free_later`] kept on this thread. The calls that keep garbage call it first too,
/// so a thread holds at most one call's.
pub fn free_deferred() {
    let garbage = LATER.with(|later| std::mem::take(&mut *later.borrow_mut()));
    drop(garbage);
}

/// Free `garbage` on a thread kept for it (here, when none can start).
pub fn free_elsewhere<T: Send + 'static>(garbage: T) {
    if let Some(send) = freer() {
        // A freer that is gone hands the garbage back, to be freed here.
        let _ = send.send(Box::new(garbage));
    }
}

/// Start the thread that [`free_elsewhere`] hands garbage to, if it has not started: otherwise
/// the first call to give it garbage starts it, at the end of a whole-repository blame, where
/// the walks that end together waited for it (about 0.8 ms).
pub fn start_freer() {
    freer();
}

fn freer() -> &'static Option<Sender<Box<dyn Any + Send>>> {
    static FREER: OnceLock<Option<Sender<Box<dyn Any + Send>>>> = OnceLock::new();
    FREER.get_or_init(|| {
        let (send, receive) = channel::<Box<dyn Any + Send>>();
        let spawned = std::thread::Builder::new().name("git-authorship-free".into()).spawn(move || {
            for garbage in receive {
                PAUSES.wait_until_none();
                drop(garbage);
            }
        });
        spawned.ok().map(|_| send)
    })
}

/// The longest the freeing thread waits for pauses to end before it frees anyway: memory is not
/// held back for a call that runs long.
pub const PAUSE_LIMIT: Duration = Duration::from_secs(2);

/// Pauses of the freeing thread in force ([`pause_freer`]).
struct Pauses {
    count: Mutex<usize>,
    ended: Condvar,
}

static PAUSES: Pauses = Pauses { count: Mutex::new(0), ended: Condvar::new() };

impl Pauses {
    fn change(&self, by: isize) {
        // A poisoned lock only means a thread panicked while holding it; the count is still whole.
        let mut count = self.count.lock().unwrap_or_else(|e| e.into_inner());
        *count = count.saturating_add_signed(by);
        if *count == 0 {
            self.ended.notify_all();
        }
    }

    /// Until no pause is in force, or [`PAUSE_LIMIT`] has passed.
    fn wait_until_none(&self) {
        wait_until(&self.count, &self.ended, PAUSE_LIMIT, |&count| count == 0);
    }
}

/// Until `done` holds of what `lock` guards (`changed` is notified when it may), or `limit` has
/// passed. A poisoned lock only means a thread panicked while holding it; the value is still whole.
fn wait_until<T>(lock: &Mutex<T>, changed: &Condvar, limit: Duration, done: impl Fn(&T) -> bool) {
    let deadline = Instant::now() + limit;
    let mut value = lock.lock().unwrap_or_else(|e| e.into_inner());
    while !done(&value) {
        let Some(left) = deadline.checked_duration_since(Instant::now()).filter(|d| !d.is_zero()) else { return };
        value = changed.wait_timeout(value, left).unwrap_or_else(|e| e.into_inner()).0;
    }
}

/// While alive, the thread that [`free_elsewhere`] hands garbage to frees nothing (for at most
/// [`PAUSE_LIMIT`] per piece of garbage).
pub struct FreerPause(());

/// Hold the freeing thread back until the returned pause is dropped (pauses may overlap).
pub fn pause_freer() -> FreerPause {
    PAUSES.change(1);
    FreerPause(())
}

impl Drop for FreerPause {
    fn drop(&mut self) {
        PAUSES.change(-1);
    }
}

/// Until everything handed to [`free_elsewhere`] before this call is freed, or `limit` has passed.
pub fn wait_freed_elsewhere(limit: Duration) {
    /// Sends when dropped: the channel is in order, so everything handed over before it is freed.
    struct Marker(Sender<()>);
    impl Drop for Marker {
        fn drop(&mut self) {
            let _ = self.0.send(());
        }
    }
    let (send, receive) = channel();
    free_elsewhere(Marker(send));
    let _ = receive.recv_timeout(limit);
}

/// The longest [`HandoverWatch::wait`] waits: a caller slow to take its answer does not keep the
/// memory or the thread any longer.
pub const HANDOVER_LIMIT: Duration = Duration::from_secs(1);

/// One answer on its way to the caller, until dropped.
pub struct Handover {
    done: Arc<(Mutex<bool>, Condvar)>,
}

/// The other end of a [`Handover`], for the thread that frees once it has ended.
pub struct HandoverWatch {
    done: Arc<(Mutex<bool>, Condvar)>,
}

/// Start a hand-over: the answer is on its way until the returned [`Handover`] is dropped.
pub fn handover() -> (Handover, HandoverWatch) {
    let done = Arc::new((Mutex::new(false), Condvar::new()));
    (Handover { done: Arc::clone(&done) }, HandoverWatch { done })
}

impl Drop for Handover {
    fn drop(&mut self) {
        // A poisoned lock only means a thread panicked while holding it; the flag is still whole.
        *self.done.0.lock().unwrap_or_else(|e| e.into_inner()) = true;
        self.done.1.notify_all();
    }
}

impl HandoverWatch {
    /// Until the answer is handed over, or [`HANDOVER_LIMIT`] has passed.
    pub fn wait(&self) {
        let (done, changed) = &*self.done;
        wait_until(done, changed, HANDOVER_LIMIT, |&done| done);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    struct Counted(Arc<AtomicUsize>);
    impl Drop for Counted {
        fn drop(&mut self) {
            self.0.fetch_add(1, Ordering::SeqCst);
        }
    }

    #[test]
    fn kept_garbage_is_freed_when_asked_and_handed_garbage_soon() {
        let dropped = Arc::new(AtomicUsize::new(0));
        free_later(Counted(Arc::clone(&dropped)));
        free_later(Counted(Arc::clone(&dropped)));
        assert_eq!(dropped.load(Ordering::SeqCst), 0);
        free_deferred();
        assert_eq!(dropped.load(Ordering::SeqCst), 2);
        free_elsewhere(Counted(Arc::clone(&dropped)));
        let waited = std::time::Instant::now();
        while dropped.load(Ordering::SeqCst) < 3 && waited.elapsed().as_secs() < 10 {
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
        assert_eq!(dropped.load(Ordering::SeqCst), 3);
    }

    #[test]
    fn a_paused_freer_frees_once_the_pause_ends_and_can_be_waited_for() {
        let dropped = Arc::new(AtomicUsize::new(0));
        let pause = pause_freer();
        free_elsewhere(Counted(Arc::clone(&dropped)));
        std::thread::sleep(Duration::from_millis(100));
        assert_eq!(dropped.load(Ordering::SeqCst), 0, "freed during a pause");
        drop(pause);
        wait_freed_elsewhere(Duration::from_secs(10));
        assert_eq!(dropped.load(Ordering::SeqCst), 1, "not freed once the pause ended");
    }

    #[test]
    fn a_watch_waits_for_its_handover_and_no_longer_than_the_limit() {
        let (answer, watch) = handover();
        let watcher = std::thread::spawn(move || {
            watch.wait();
            Instant::now()
        });
        std::thread::sleep(Duration::from_millis(100));
        assert!(!watcher.is_finished(), "the watch did not wait for the hand-over");
        let handed = Instant::now();
        drop(answer);
        let woke = watcher.join().unwrap();
        assert!(woke >= handed && woke - handed < HANDOVER_LIMIT / 2, "woke {:?} after the hand-over", woke.checked_duration_since(handed));

        let (_never_handed, watch) = handover();
        let waited = Instant::now();
        watch.wait();
        assert!(waited.elapsed() >= HANDOVER_LIMIT, "stopped waiting before the limit");
    }
}
