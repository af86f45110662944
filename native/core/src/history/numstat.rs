//! Insertions and deletions between two versions of a file, as `git diff --numstat [-w]` counts
//! them. One call site for the history walk and the commit list, so both agree; the counting is
//! the git-compatible line diff of [`crate::diff`].

/// (insertions, deletions) turning `old` into `new`; `ignore_whitespace` is git's `-w`.
pub(crate) fn count_changes(old: &[u8], new: &[u8], ignore_whitespace: bool) -> (u32, u32) {
    if old == new {
        return (0, 0);
    }
    crate::diff::count_changes(old, new, ignore_whitespace)
}
