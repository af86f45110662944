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

use std::any::Any;
use std::cell::RefCell;
use std::sync::mpsc::{channel, Sender};
use std::sync::OnceLock;

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
    static FREER: OnceLock<Option<Sender<Box<dyn Any + Send>>>> = OnceLock::new();
    let freer = FREER.get_or_init(|| {
        let (send, receive) = channel::<Box<dyn Any + Send>>();
        let spawned = std::thread::Builder::new().name("git-authorship-free".into()).spawn(move || receive.into_iter().for_each(drop));
        spawned.ok().map(|_| send)
    });
    if let Some(send) = freer {
        // A freer that is gone hands the garbage back, to be freed here.
        let _ = send.send(Box::new(garbage));
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
}
