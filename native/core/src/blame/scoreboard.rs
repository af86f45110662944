//! Blame entries and how a diff passes them from a suspect to its parent.
//!
//! git's `blame_chunk` splits linked lists of entries while walking the hunks; since a final
//! line's fate only depends on the line itself (unchanged lines go to the parent at the mapped
//! line, changed lines stay), the same result is computed here per entry against sorted hunks:
//!
//! ```text
//! target (suspect)  0 1 2 3 4 5 6 7        hunk: parent 2..3 -> target 2..5
//!                   = = # # # = = =        '=' unchanged, '#' changed
//! parent            0 1 2 3 4 5            offset after the hunk: 3 - 5 = -2
//! entry s_lno 1..7  -> [1..2) to parent line 1, [2..5) stays, [5..7) to parent 3..5
//! ```

use crate::diff::Hunk;

use super::ignore::{guess_line_blames, Fingerprint, LineBlame};
use super::{LINE_IGNORED, LINE_UNBLAMABLE};

/// A range of final lines of one blamed file mapped to consecutive source lines of a suspect.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    /// Which blamed file (index into the files of one walk).
    pub file: u32,
    /// First final line, 0-based.
    pub lno: u32,
    /// First source line in the suspect's version, 0-based.
    pub s_lno: u32,
    pub len: u32,
    /// `LINE_IGNORED` / `LINE_UNBLAMABLE`; sticky, as git copies them on every split.
    pub flags: u8,
}

impl Entry {
    fn slice(&self, from_s: u32, to_s: u32, new_s: u32, extra_flags: u8) -> Entry {
        Entry { file: self.file, lno: self.lno + (from_s - self.s_lno), s_lno: new_s, len: to_s - from_s, flags: self.flags | extra_flags }
    }
}

/// Pass the unchanged parts of `entries` to the parent. Returns (passed to parent, kept).
pub fn pass_through(entries: Vec<Entry>, hunks: &[Hunk]) -> (Vec<Entry>, Vec<Entry>) {
    if hunks.is_empty() {
        return (entries, Vec::new());
    }
    let mut to_parent = Vec::with_capacity(entries.len());
    let mut stay = Vec::new();
    for e in entries {
        walk_entry(&e, hunks, |from, to, inside, k| {
            if inside.is_some() {
                stay.push(e.slice(from, to, from, 0));
            } else {
                let off = offset_before(hunks, k);
                to_parent.push(e.slice(from, to, (from as i64 + off) as u32, 0));
            }
        });
    }
    (to_parent, stay)
}

/// How far parent lines are shifted from target lines between hunk `k - 1` and hunk `k`.
fn offset_before(hunks: &[Hunk], k: usize) -> i64 {
    if k == 0 {
        0
    } else {
        hunks[k - 1].before.end as i64 - hunks[k - 1].after.end as i64
    }
}

/// Cut `e`'s source range at hunk boundaries. `f(from, to, Some(k), k)` for a piece inside hunk
/// `k`'s target lines, `f(from, to, None, k)` for an unchanged piece lying before hunk `k`.
fn walk_entry(e: &Entry, hunks: &[Hunk], mut f: impl FnMut(u32, u32, Option<usize>, usize)) {
    let end = e.s_lno + e.len;
    let mut s = e.s_lno;
    let mut k = hunks.partition_point(|h| h.after.end <= s);
    while s < end {
        while k < hunks.len() && hunks[k].after.end <= s {
            k += 1;
        }
        if k < hunks.len() && hunks[k].after.start <= s {
            let to = end.min(hunks[k].after.end);
            f(s, to, Some(k), k);
            s = to;
            k += 1;
        } else {
            let to = if k < hunks.len() { end.min(hunks[k].after.start) } else { end };
            f(s, to, None, k);
            s = to;
        }
    }
}

/// The ignore pass (`pass_blame_to_parent` with `ignore_diffs`): changed lines go to the parent
/// line git's fuzzy matching guesses (flagged ignored) or stay flagged unblamable. `p_fps` are
/// the parent's fingerprints, used up as lines match.
pub fn pass_ignored(
    entries: Vec<Entry>,
    hunks: &[Hunk],
    p_fps: &mut [Fingerprint],
    t_fps: &[Fingerprint],
) -> (Vec<Entry>, Vec<Entry>) {
    // git guesses every hunk in order, entries or not: the parent fingerprints are consumed as it goes.
    let guesses: Vec<Vec<LineBlame>> = hunks
        .iter()
        .map(|h| {
            if h.after.is_empty() {
                Vec::new()
            } else {
                let offset = h.before.start as i64 - h.after.start as i64;
                guess_line_blames(p_fps, t_fps, h.after.start, offset, h.after.end, h.before.len() as u32)
            }
        })
        .collect();
    let mut to_parent = Vec::with_capacity(entries.len());
    let mut stay = Vec::new();
    for e in entries {
        walk_entry(&e, hunks, |from, to, inside, k| match inside {
            None => {
                let off = offset_before(hunks, k);
                to_parent.push(e.slice(from, to, (from as i64 + off) as u32, 0));
            }
            Some(k) => {
                let g = &guesses[k];
                let base = hunks[k].after.start;
                // Carve runs of adjacent lines from the same side (`ignore_blame_entry`).
                let mut run_start = from;
                for t in from..to {
                    let cur = g[(t - base) as usize];
                    let last_of_run = t + 1 == to || {
                        let next = g[(t + 1 - base) as usize];
                        !(cur.is_parent == next.is_parent && cur.s_lno + 1 == next.s_lno)
                    };
                    if last_of_run {
                        let first = g[(run_start - base) as usize];
                        if first.is_parent {
                            to_parent.push(e.slice(run_start, t + 1, first.s_lno, LINE_IGNORED));
                        } else {
                            stay.push(e.slice(run_start, t + 1, run_start, LINE_UNBLAMABLE));
                        }
                        run_start = t + 1;
                    }
                }
            }
        });
    }
    (to_parent, stay)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(s: u32, len: u32) -> Entry {
        Entry { file: 0, lno: s, s_lno: s, len, flags: 0 }
    }

    #[test]
    fn splits_at_hunks() {
        let hunks = vec![Hunk { before: 2..3, after: 2..5 }];
        let (p, s) = pass_through(vec![e(0, 8)], &hunks);
        assert_eq!(p, vec![Entry { file: 0, lno: 0, s_lno: 0, len: 2, flags: 0 }, Entry { file: 0, lno: 5, s_lno: 3, len: 3, flags: 0 }]);
        assert_eq!(s, vec![Entry { file: 0, lno: 2, s_lno: 2, len: 3, flags: 0 }]);
        // a pure deletion before the entry shifts it
        let hunks = vec![Hunk { before: 0..2, after: 0..0 }];
        let (p, s) = pass_through(vec![e(0, 3)], &hunks);
        assert_eq!(p, vec![Entry { file: 0, lno: 0, s_lno: 2, len: 3, flags: 0 }]);
        assert!(s.is_empty());
    }
}
