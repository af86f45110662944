//! Cooperative cancellation. Long loops call [`Cancel::check`] often enough (every commit, every
//! few blob diffs) that an abort stops the work within 100 ms.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use crate::error::{Error, Result};

/// A shared flag; clones observe the same flag. A child also reads as cancelled when its parent
/// is, but cancelling the child leaves the parent alone.
#[derive(Debug, Clone, Default)]
pub struct Cancel {
    flag: Arc<AtomicBool>,
    parent: Option<Arc<Cancel>>,
}

impl Cancel {
    pub fn new() -> Self {
        Self::default()
    }
    /// A token for part of a job: the part can be stopped on its own (when a sibling failed)
    /// without the caller's token saying the caller cancelled.
    pub fn child(&self) -> Cancel {
        Cancel { flag: Arc::new(AtomicBool::new(false)), parent: Some(Arc::new(self.clone())) }
    }
    pub fn cancel(&self) {
        self.flag.store(true, Ordering::Relaxed);
    }
    pub fn is_cancelled(&self) -> bool {
        self.flag.load(Ordering::Relaxed) || self.parent.as_ref().is_some_and(|p| p.is_cancelled())
    }
    /// `Err(Aborted)` once cancelled; `?` it inside loops.
    pub fn check(&self) -> Result<()> {
        if self.is_cancelled() {
            Err(Error::aborted())
        } else {
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Cancel;

    #[test]
    fn a_child_follows_its_parent_but_not_the_other_way_round() {
        let parent = Cancel::new();
        let child = parent.child();
        child.cancel();
        assert!(child.is_cancelled());
        assert!(!parent.is_cancelled());
        let other = parent.child();
        assert!(!other.is_cancelled());
        let grandchild = other.child();
        parent.cancel();
        assert!(other.is_cancelled() && other.check().is_err());
        assert!(grandchild.is_cancelled());
    }
}
