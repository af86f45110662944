//! Keeping a call's two threads on two cores.
//!
//! A blame that reads ahead (or walks a second group of files) on a second thread gains only when
//! the two threads run at once. Linux's scheduler does not always see to that: on the 2-vCPU
//! virtual machine this project is measured on, a thread woken by the other (a lock they share)
//! was placed on the waker's core and the two took turns on it, 4 ms each, while the other core
//! stayed idle for up to 25 ms (`perf sched timehist`): express's package.json took 26 ms instead
//! of 16. Cache-hot threads are not moved again by the load balancer, so once together they stay
//! together. A call therefore keeps its own thread on the core it runs on, and its second thread
//! on the other cores, until the call ends: the first blame of express's package.json in a fresh
//! process, 60 processes each, p90 20.7 -> 16.4 ms (median 15.6 -> 15.8 ms).
//!
//! Only a call's own threads are placed, only while it runs (a blame: tens to hundreds of
//! milliseconds), and the second thread keeps every other core: another process busy on the
//! calling thread's core shares it with the call rather than moving it, a price paid for as long
//! as one call lasts (with a busy loop on one of the two cores, express's whole-repository blame
//! took 152 ms pinned against 162 ms unpinned, timing example, 12 alternating runs). A core holds
//! one pinned call at a time: a call that starts on a core another call is pinned to (the editor
//! blames two files at once) is left to the scheduler.

#[cfg(target_os = "linux")]
use std::sync::atomic::{AtomicU64, Ordering};

/// Bytes of a CPU mask, as the affinity calls take it.
#[cfg(target_os = "linux")]
const MASK_BYTES: usize = std::mem::size_of::<libc::cpu_set_t>();

/// The CPU a call's thread runs on and the CPUs it may use.
#[derive(Clone, Copy)]
pub struct Placement {
    #[cfg(target_os = "linux")]
    cpu: usize,
    #[cfg(target_os = "linux")]
    allowed: libc::cpu_set_t,
}

/// Restores a pinned thread's CPU mask when dropped (on any thread).
pub struct Pinned {
    #[cfg(target_os = "linux")]
    thread: Option<(libc::pid_t, libc::cpu_set_t, u64)>,
}

/// One bit per CPU (the first 64) that a call's thread is pinned to now.
#[cfg(target_os = "linux")]
static PINNED: AtomicU64 = AtomicU64::new(0);

impl Placement {
    /// Where the calling thread runs, when it may use more than one CPU and no other call is
    /// pinned to its CPU (None off Linux, on one CPU, past the 64th, or when the mask cannot be
    /// read).
    pub fn here() -> Option<Placement> {
        #[cfg(target_os = "linux")]
        {
            // SAFETY: sched_getcpu has no preconditions; the mask is a plain bit set of the size
            // passed, read for the calling thread (pid 0).
            unsafe {
                let mut allowed: libc::cpu_set_t = std::mem::zeroed();
                let cpu = libc::sched_getcpu();
                if !(0..64).contains(&cpu) || PINNED.load(Ordering::Relaxed) & (1 << cpu) != 0 {
                    return None;
                }
                if libc::sched_getaffinity(0, MASK_BYTES, &mut allowed) != 0 || libc::CPU_COUNT(&allowed) < 2 {
                    return None;
                }
                Some(Placement { cpu: cpu as usize, allowed })
            }
        }
        #[cfg(not(target_os = "linux"))]
        None
    }

    /// Keeps the calling thread (the one `here` was asked on) on its CPU until the guard drops.
    /// Called after the second thread is spawned, which would otherwise inherit the pin.
    pub fn pin(&self) -> Pinned {
        #[cfg(target_os = "linux")]
        {
            let bit = 1u64 << self.cpu;
            // Another call took the CPU since `here`: leave this one to the scheduler.
            if PINNED.fetch_or(bit, Ordering::Relaxed) & bit != 0 {
                return Pinned { thread: None };
            }
            // SAFETY: gettid has no preconditions; the mask is a plain bit set of the size passed,
            // set for the calling thread.
            unsafe {
                let mut here: libc::cpu_set_t = std::mem::zeroed();
                libc::CPU_SET(self.cpu, &mut here);
                if libc::sched_setaffinity(0, MASK_BYTES, &here) != 0 {
                    PINNED.fetch_and(!bit, Ordering::Relaxed);
                    return Pinned { thread: None };
                }
                Pinned { thread: Some((libc::gettid(), self.allowed, bit)) }
            }
        }
        #[cfg(not(target_os = "linux"))]
        Pinned {}
    }

    /// Moves the calling thread (the second one) to the other CPUs.
    pub fn take_another(&self) {
        #[cfg(target_os = "linux")]
        {
            let mut others = self.allowed;
            // SAFETY: as in pin.
            unsafe {
                libc::CPU_CLR(self.cpu, &mut others);
                libc::sched_setaffinity(0, MASK_BYTES, &others);
            }
        }
    }
}

impl Drop for Pinned {
    fn drop(&mut self) {
        #[cfg(target_os = "linux")]
        if let Some((thread, allowed, bit)) = self.thread.take() {
            // SAFETY: as in Placement::pin: the pinned thread's mask as it was, of the right size.
            unsafe {
                libc::sched_setaffinity(thread, MASK_BYTES, &allowed);
            }
            PINNED.fetch_and(!bit, Ordering::Relaxed);
        }
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    fn allowed() -> usize {
        std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1)
    }

    #[test]
    fn a_pinned_thread_keeps_its_cpu_until_released_and_the_second_thread_gets_the_others() {
        let before = allowed();
        let Some(placement) = Placement::here() else {
            assert_eq!(before, 1, "a placement is found wherever more than one CPU is allowed");
            return;
        };
        let second = std::thread::spawn(move || {
            placement.take_another();
            // SAFETY: sched_getcpu has no preconditions.
            (allowed(), unsafe { libc::sched_getcpu() } as usize)
        });
        let pinned = placement.pin();
        assert_eq!(allowed(), 1);
        // A second call pinned to the same CPU meanwhile is left to the scheduler.
        let again = placement.pin();
        assert!(again.thread.is_none());
        drop(again);
        assert_ne!(PINNED.load(Ordering::Relaxed) & (1 << placement.cpu), 0);
        // SAFETY: as above.
        assert_eq!(unsafe { libc::sched_getcpu() } as usize, placement.cpu);
        let (others, on) = second.join().unwrap();
        assert_eq!(others, before - 1);
        assert_ne!(on, placement.cpu);
        drop(pinned);
        assert_eq!(allowed(), before);
        assert_eq!(PINNED.load(Ordering::Relaxed) & (1 << placement.cpu), 0);
    }
}
