//! blameFile: converts core::blame results (written once the core API lands).
