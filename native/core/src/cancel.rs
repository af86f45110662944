//! Cooperative cancellation. Long loops call [`Cancel::check`] often enough (every commit, every
//! few blob diffs) that an abort stops the work within 100 ms.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use crate::error::{Error, Result};

/// A shared flag; clones observe the same flag.
#[derive(Debug, Clone, Default)]
pub struct Cancel(Arc<AtomicBool>);

impl Cancel {
    pub fn new() -> Self {
        Self::default()
    }
    pub fn cancel(&self) {
        self.0.store(true, Ordering::Relaxed);
    }
    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::Relaxed)
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
