//! Line diffs that give git's answer, not merely *an* answer.
//!
//! Blame passes a line to a parent only where the diff says it is unchanged, so when a diff has
//! several equally short edit scripts (a blank line added between two blank lines, a `}` moved),
//! the script git picks decides which commit gets the line. This module is therefore a port of
//! git's xdiff Myers path, step by step (git 2.39 `xdiff/xprepare.c`, `xdiff/xdiffi.c`):
//!
//! 1. `trim_common_tail` (only for context-free diffs such as blame's, `xdiff-interface.c`);
//! 2. classify lines (equal lines, or equal ignoring all whitespace with `-w`, get one token);
//! 3. `xdl_trim_ends`, `xdl_cleanup_records` (lines with no match on the other side are changed
//!    without entering the search; frequent lines in runs of them too);
//! 4. `xdl_recs_cmp` / `xdl_split`: divide and conquer with git's cost cut-offs (not minimal);
//! 5. `xdl_change_compact` on both sides, with the indent heuristic (`diff.indentHeuristic`, on by
//!    default);
//! 6. `xdl_build_script`: the changed regions, in order.
//!
//! imara-diff's Myers is close to this but not identical (it skips `xdl_trim_ends` and has a
//! different odd/even test in its middle snake), and "close" shows as misattributed lines.

use std::ops::Range;
use std::sync::Arc;


use crate::text::is_git_space;
use crate::pieces::Bytes;

/// A changed region: `before` lines of the old text were replaced by `after` lines of the new one.
/// 0-based, half-open; one side may be empty (pure insertion or deletion).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hunk {
    pub before: Range<u32>,
    pub after: Range<u32>,
}

/// How to diff; the defaults are `git blame`'s.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DiffOptions {
    /// `-w`: lines that differ only in whitespace are equal.
    pub ignore_whitespace: bool,
    /// `diff.indentHeuristic` (default on).
    pub indent_heuristic: bool,
    /// Trim the common tail in 1 KiB blocks first, as git does for diffs without context lines
    /// (blame). `git diff --numstat` keeps context, so it does not trim.
    pub trim_common_tail: bool,
}

impl Default for DiffOptions {
    fn default() -> Self {
        DiffOptions { ignore_whitespace: false, indent_heuristic: true, trim_common_tail: true }
    }
}

/// A line's token: the 64-bit xxh3 hash of its bytes (of its bytes without whitespace, with `-w`),
/// with a seed drawn once per process. Equal lines get equal tokens in any two texts. Two
/// different lines share one with a chance of 2^-64 per pair, about 3 in 10^12 for a diff of
/// 10,000 distinct lines; the seed keeps lines made to collide from doing so in every process.
/// 128-bit tokens made a whole-repository blame 2-5% slower: twice the bytes to copy and probe.
pub type Token = u64;

/// The process's token seed.
fn token_seed() -> u64 {
    static SEED: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    *SEED.get_or_init(|| {
        use std::hash::BuildHasher;
        std::collections::hash_map::RandomState::new().hash_one(0x746f_6b65_6e73_u64)
    })
}

/// Turns lines into tokens. Hashing needs no table shared across texts, so tokenizing stays at the
/// speed of hashing however much history a walk has seen (a shared interner table outgrew the
/// caches and cost a cache miss or two per line).
#[derive(Debug)]
pub struct Tokenizer {
    ignore_whitespace: bool,
    seed: u64,
    scratch: Vec<u8>,
}

/// One text prepared for diffing: its line boundaries, line tokens and indents. The lines are
/// a head of its own and, optionally, a tail shared with another text's lines: a version made
/// from its child by [`Tokenizer::lines_like_shared`] keeps the child's lines after the part
/// the two differ in instead of copying them (express's History.md: 55 KB a version).
#[derive(Debug, Clone, Default)]
pub struct Lines {
    /// Start of each line of the head; then, without a tail, the buffer length (see
    /// [`crate::text::line_offsets`]).
    offsets: Vec<u32>,
    tokens: Vec<Token>,
    /// git's `get_indent` per line (tab = 8 columns, clamped at 200, -1 for a blank line).
    indents: Vec<i16>,
    tail: Option<Tail>,
    /// Every line's tokens and indents in one slice each, made the first time a diff reads past
    /// the head of lines with a tail (then they cost one copy, as without a tail).
    whole: std::sync::OnceLock<(Vec<Token>, Vec<i16>)>,
}

/// Lines `from..` of `root` (which has no tail of its own), each starting `shift` bytes earlier
/// here than there.
#[derive(Debug, Clone)]
struct Tail {
    root: Arc<Lines>,
    from: usize,
    shift: i64,
}

/// A tail is shared when the two texts differ only in their first quarter (a changelog's new
/// entries at its top) and over 256 lines follow; the head keeps this many lines past the last
/// difference. A diff reads its texts' lines up to the common tail it trims (within a kilobyte
/// of the last difference) from one slice, and lines read past their head are copied together,
/// once ([`Lines::whole`]). Express's History.md blamed in 34.9 ms with the quarter rule, 36.5 ms
/// without it (timing example, 15 runs each); the generated repository's scheduler.ts, changed
/// anywhere, took as long with sharing as without (281.0 against 282.7 ms, 12 runs each).
const SHARED_TAIL_AFTER: usize = 64;

impl Lines {
    pub fn len(&self) -> usize {
        self.tokens.len() + self.tail.as_ref().map_or(0, |t| t.root.tokens.len() - t.from)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Where line `i` starts; for `i == len()`, the buffer length.
    fn offset(&self, i: usize) -> u32 {
        match &self.tail {
            Some(t) if i >= self.tokens.len() => (t.root.offsets[t.from + i - self.tokens.len()] as i64 - t.shift) as u32,
            _ => self.offsets[i],
        }
    }

    /// How many line starts (and the final length) are below `x`.
    fn offsets_below(&self, x: usize) -> usize {
        let in_head = self.offsets.partition_point(|&o| (o as usize) < x);
        match &self.tail {
            Some(t) if in_head == self.offsets.len() => in_head + t.root.offsets[t.from..].partition_point(|&o| o as i64 - t.shift < x as i64),
            _ => in_head,
        }
    }

    /// The tokens of lines `..n` in one slice.
    fn tokens_to(&self, n: usize) -> &[Token] {
        if n <= self.tokens.len() { &self.tokens[..n] } else { &self.whole().0[..n] }
    }

    /// The indents of lines `..n` in one slice.
    fn indents_to(&self, n: usize) -> &[i16] {
        if n <= self.indents.len() { &self.indents[..n] } else { &self.whole().1[..n] }
    }

    fn whole(&self) -> &(Vec<Token>, Vec<i16>) {
        self.whole.get_or_init(|| {
            let n = self.len();
            let (mut tokens, mut indents) = (Vec::with_capacity(n), Vec::with_capacity(n));
            self.extend_with(0, n, &self.tokens, |t| &t.root.tokens, &mut tokens);
            self.extend_with(0, n, &self.indents, |t| &t.root.indents, &mut indents);
            (tokens, indents)
        })
    }

    /// The starts of lines `from..to`, each `shift` bytes earlier, appended to `out`.
    fn extend_offsets(&self, from: usize, to: usize, shift: i64, out: &mut Vec<u32>) {
        let h = self.tokens.len();
        if from < h {
            let head = &self.offsets[from..to.min(h)];
            if shift == 0 {
                out.extend_from_slice(head);
            } else {
                out.extend(head.iter().map(|&x| (x as i64 - shift) as u32));
            }
        }
        if to > h {
            let t = self.tail.as_ref().expect("BUG: lines past the head of lines without a tail");
            let shift = t.shift + shift;
            out.extend(t.root.offsets[t.from + from.max(h) - h..t.from + to - h].iter().map(|&x| (x as i64 - shift) as u32));
        }
    }

    /// The items of lines `from..to` (of the head, then of the tail) appended to `out`.
    fn extend_with<'s, T: Copy>(&'s self, from: usize, to: usize, head: &'s [T], of_root: impl Fn(&'s Tail) -> &'s [T], out: &mut Vec<T>) {
        let h = head.len();
        if from < h {
            out.extend_from_slice(&head[from..to.min(h)]);
        }
        if to > h {
            let t = self.tail.as_ref().expect("BUG: lines past the head of lines without a tail");
            out.extend_from_slice(&of_root(t)[t.from + from.max(h) - h..t.from + to - h]);
        }
    }

    /// Whether some of the lines are another's, shared ([`Tokenizer::lines_like_shared`]).
    #[cfg(test)]
    fn shares_tail(&self) -> bool {
        self.tail.is_some()
    }

    /// Line starts, tokens and indents of every line, in three vectors (the starts with the
    /// buffer length at the end).
    #[cfg(test)]
    pub(crate) fn parts(&self) -> (Vec<u32>, Vec<Token>, Vec<i16>) {
        let n = self.len();
        ((0..=n).map(|i| self.offset(i)).collect(), self.tokens_to(n).to_vec(), self.indents_to(n).to_vec())
    }
}

impl Tokenizer {
    pub fn new(ignore_whitespace: bool) -> Self {
        Tokenizer { ignore_whitespace, seed: token_seed(), scratch: Vec::new() }
    }

    pub fn ignore_whitespace(&self) -> bool {
        self.ignore_whitespace
    }

    pub fn token(&mut self, line: &[u8]) -> Token {
        if self.ignore_whitespace {
            self.scratch.clear();
            self.scratch.extend(line.iter().copied().filter(|&b| !is_git_space(b)));
            xxhash_rust::xxh3::xxh3_64_with_seed(&self.scratch, self.seed)
        } else {
            xxhash_rust::xxh3::xxh3_64_with_seed(line, self.seed)
        }
    }

    /// Split `buf` into lines and tokenize them.
    pub fn lines(&mut self, buf: &[u8]) -> Lines {
        let offsets = crate::text::line_offsets(buf);
        let n = offsets.len() - 1;
        let mut tokens = Vec::with_capacity(n);
        let mut indents = Vec::with_capacity(n);
        for w in offsets.windows(2) {
            let line = &buf[w[0] as usize..w[1] as usize];
            tokens.push(self.token(line));
            indents.push(get_indent(line));
        }
        Lines { offsets, tokens, indents, tail: None, whole: Default::default() }
    }
}

impl Tokenizer {
    /// [`Tokenizer::lines`] of `buf`, copying what it shares with `other` (already tokenized,
    /// offsets kept): lines in the common prefix and suffix are byte-equal, so their tokens and
    /// indents are too, and only the lines in between are hashed. A blame walk diffs each version
    /// of a file against the next, which mostly differ in a few lines.
    pub fn lines_like(&mut self, buf: &[u8], other: &[u8], other_lines: &Lines) -> Lines {
        self.lines_like_tail(buf, other, other_lines).0
    }

    /// [`Tokenizer::lines_like`], and how many bytes at the end of `buf` and `other` it found
    /// equal (at least; 0 when it did not look), for [`diff_prepared_tail`].
    pub fn lines_like_tail(&mut self, buf: &[u8], other: &[u8], other_lines: &Lines) -> (Lines, usize) {
        self.lines_like_in(buf, other, other_lines)
    }

    /// [`Tokenizer::lines_like_tail`] of texts in any form ([`Bytes`]): versions kept as pieces
    /// compare equal where they hold the same pieces without reading them.
    pub fn lines_like_in<B: Bytes + ?Sized>(&mut self, buf: &B, other: &B, other_lines: &Lines) -> (Lines, usize) {
        self.like(buf, other, other_lines, None)
    }

    /// [`Tokenizer::lines_like_in`], with the lines after the part the two differ in shared with
    /// `other_lines` instead of copied (see [`Lines`]).
    pub fn lines_like_shared<B: Bytes + ?Sized>(&mut self, buf: &B, other: &B, other_lines: &Arc<Lines>) -> (Lines, usize) {
        self.like(buf, other, other_lines, Some(other_lines))
    }

    fn like<B: Bytes + ?Sized>(&mut self, buf: &B, other: &B, other_lines: &Lines, share: Option<&Arc<Lines>>) -> (Lines, usize) {
        let o = other_lines;
        let on = o.len();
        let (len, other_len) = (buf.size(), other.size());
        // Lines made elsewhere (`Lines::default()`) may have no final length to read.
        let whole_offsets = o.offsets.len() == o.tokens.len() + usize::from(o.tail.is_none());
        if !whole_offsets || o.offset(on) as usize != other_len {
            return (buf.with_range(0, len, |b| self.lines(b)), 0);
        }
        let is_start = |x: &B, i: usize| i == 0 || x.byte(i - 1) == b'\n';
        // Whole lines of the common prefix: up to the last newline in it.
        let p = buf.common_prefix(other);
        let prefix_end = buf.newline_before(p).map_or(0, |i| i + 1);
        let k = o.offsets_below(prefix_end);
        // Whole lines of the common suffix, not overlapping the prefix on either side.
        let room = (len - prefix_end).min(other_len - prefix_end);
        let s = buf.common_suffix(other, room);
        let shift = other_len as i64 - len as i64;
        let mut j = len - s;
        if !(is_start(buf, j) && is_start(other, (j as i64 + shift) as usize)) {
            j = buf.newline_from(j).map_or(len, |i| i + 1);
        }
        let jo = (j as i64 + shift) as usize;
        let k2 = o.offsets_below(jo);
        if k > on || k2 > on || o.offset(k) != prefix_end as u32 || o.offset(k2) != jo as u32 {
            // not line starts after all: cannot happen, but stay exact
            return (buf.with_range(0, len, |b| self.lines(b)), 0);
        }

        // Lines of `other` from k2 that are copied: all of them, or those before the shared tail.
        let shared = share.filter(|_| k2 <= on / 4 && on - k2 > 4 * SHARED_TAIL_AFTER);
        let copy_to = match (shared, &o.tail) {
            (None, _) => on,
            (Some(_), Some(_)) => o.tokens.len().max(k2 + SHARED_TAIL_AFTER),
            (Some(_), None) => k2 + SHARED_TAIL_AFTER,
        };
        let mut lines = Lines::default();
        buf.with_range(prefix_end, j, |mid| {
            let middle = crate::text::line_offsets(mid);
            let n = k + (middle.len() - 1) + (copy_to - k2);
            lines.offsets.reserve_exact(n + 1);
            lines.tokens.reserve_exact(n);
            lines.indents.reserve_exact(n);
            o.extend_offsets(0, k, 0, &mut lines.offsets);
            o.extend_with(0, k, &o.tokens, |t| &t.root.tokens, &mut lines.tokens);
            o.extend_with(0, k, &o.indents, |t| &t.root.indents, &mut lines.indents);
            for w in middle.windows(2) {
                let line = &mid[w[0] as usize..w[1] as usize];
                lines.offsets.push((prefix_end + w[0] as usize) as u32);
                lines.tokens.push(self.token(line));
                lines.indents.push(get_indent(line));
            }
        });
        o.extend_offsets(k2, copy_to, shift, &mut lines.offsets);
        o.extend_with(k2, copy_to, &o.tokens, |t| &t.root.tokens, &mut lines.tokens);
        o.extend_with(k2, copy_to, &o.indents, |t| &t.root.indents, &mut lines.indents);
        lines.tail = match (shared, &o.tail) {
            (None, _) => {
                lines.offsets.push((o.offset(on) as i64 - shift) as u32);
                None
            }
            (Some(_), Some(t)) => Some(Tail { root: t.root.clone(), from: t.from + (copy_to - o.tokens.len()), shift: t.shift + shift }),
            (Some(arc), None) => Some(Tail { root: arc.clone(), from: copy_to, shift }),
        };
        (lines, s)
    }
}

/// Length of the common prefix of two byte strings.
pub(crate) fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    const BIG: usize = 1024;
    const BLOCK: usize = 64;
    let n = a.len().min(b.len());
    let mut i = 0;
    // Kilobytes first: a version mostly shares all but a few lines with the next, and a compare
    // call per 64 bytes of a 100 KB file took a tenth of its blame.
    while i + BIG <= n && a[i..i + BIG] == b[i..i + BIG] {
        i += BIG;
    }
    while i + BLOCK <= n && a[i..i + BLOCK] == b[i..i + BLOCK] {
        i += BLOCK;
    }
    while i < n && a[i] == b[i] {
        i += 1;
    }
    i
}

/// Length of the common suffix of two byte strings.
pub(crate) fn common_suffix(a: &[u8], b: &[u8]) -> usize {
    const BIG: usize = 1024;
    const BLOCK: usize = 64;
    let n = a.len().min(b.len());
    let (la, lb) = (a.len(), b.len());
    let mut i = 0;
    while i + BIG <= n && a[la - i - BIG..la - i] == b[lb - i - BIG..lb - i] {
        i += BIG;
    }
    while i + BLOCK <= n && a[la - i - BLOCK..la - i] == b[lb - i - BLOCK..lb - i] {
        i += BLOCK;
    }
    while i < n && a[la - i - 1] == b[lb - i - 1] {
        i += 1;
    }
    i
}

/// git's `get_indent`.
fn get_indent(line: &[u8]) -> i16 {
    const MAX_INDENT: i16 = 200;
    let mut ret: i16 = 0;
    for &c in line {
        if !is_git_space(c) {
            return ret;
        } else if c == b' ' {
            ret += 1;
        } else if c == b'\t' {
            ret += 8 - ret % 8;
        }
        if ret >= MAX_INDENT {
            return MAX_INDENT;
        }
    }
    -1
}

/// The changed regions between `old` and `new` as `git blame` sees them (Myers, trimmed tail,
/// indent heuristic), in order.
pub fn diff_lines(old: &[u8], new: &[u8], ignore_whitespace: bool) -> Vec<Hunk> {
    let mut tokenizer = Tokenizer::new(ignore_whitespace);
    let a = tokenizer.lines(old);
    let b = tokenizer.lines(new);
    diff_prepared(old, &a, new, &b, DiffOptions { ignore_whitespace, ..Default::default() })
}

/// [`diff_lines`] with explicit options (blame uses this to honour `diff.indentHeuristic`).
pub fn diff_with(old: &[u8], new: &[u8], opts: DiffOptions) -> Vec<Hunk> {
    let mut tokenizer = Tokenizer::new(opts.ignore_whitespace);
    let a = tokenizer.lines(old);
    let b = tokenizer.lines(new);
    diff_prepared(old, &a, new, &b, opts)
}

/// `(insertions, deletions)` as `git diff --numstat` (with `-w` when `ignore_whitespace`) counts them.
pub fn count_changes(old: &[u8], new: &[u8], ignore_whitespace: bool) -> (u32, u32) {
    let mut tokenizer = Tokenizer::new(ignore_whitespace);
    let a = tokenizer.lines(old);
    let b = tokenizer.lines(new);
    count_changes_prepared(old, &a, new, &b)
}

/// [`count_changes`] on tokenized lines.
pub fn count_changes_prepared(old: &[u8], a: &Lines, new: &[u8], b: &Lines) -> (u32, u32) {
    // `xdl_trim_ends` first: when all that is left is on one side (lines only added, or only
    // removed), every one of them is changed, and classifying both whole files would be waste.
    let (n1, n2) = (a.len(), b.len());
    let lim = n1.min(n2);
    let (ta, tb) = (a.tokens_to(n1), b.tokens_to(n2));
    let prefix = ta.iter().zip(tb.iter()).take_while(|(x, y)| x == y).count();
    let suffix = ta[prefix..].iter().rev().zip(tb[prefix..].iter().rev()).take(lim - prefix).take_while(|(x, y)| x == y).count();
    if prefix + suffix == n1 || prefix + suffix == n2 {
        return ((n2 - prefix - suffix) as u32, (n1 - prefix - suffix) as u32);
    }
    let opts = DiffOptions { ignore_whitespace: false, indent_heuristic: false, trim_common_tail: false };
    let (rchg1, rchg2, n1, n2) = run(old, a, new, b, opts, false, 0);
    // Sliding never changes how many lines are marked, so counting before compaction is exact.
    let del = rchg1[1..=n1].iter().filter(|&&c| c != 0).count() as u32;
    let ins = rchg2[1..=n2].iter().filter(|&&c| c != 0).count() as u32;
    (ins, del)
}

/// The changed regions between two tokenized texts.
/// `opts.ignore_whitespace` must match the tokenizer's; it is only recorded here.
pub fn diff_prepared(old: &[u8], a: &Lines, new: &[u8], b: &Lines, opts: DiffOptions) -> Vec<Hunk> {
    diff_prepared_tail(old, a, new, b, opts, 0)
}

/// [`diff_prepared`] of texts whose last `equal_tail` bytes are known to be equal (at least; from
/// [`Tokenizer::lines_like_tail`]): git's trimming of the common tail does not compare them again.
pub fn diff_prepared_tail(old: &[u8], a: &Lines, new: &[u8], b: &Lines, opts: DiffOptions, equal_tail: usize) -> Vec<Hunk> {
    diff_prepared_in(old, a, new, b, opts, equal_tail)
}

/// [`diff_prepared_tail`] of texts in any form ([`Bytes`]).
pub fn diff_prepared_in<B: Bytes + ?Sized>(old: &B, a: &Lines, new: &B, b: &Lines, opts: DiffOptions, equal_tail: usize) -> Vec<Hunk> {
    let (rchg1, rchg2, n1, n2) = run(old, a, new, b, opts, true, equal_tail);
    build_script(&rchg1, n1, &rchg2, n2)
}

/// Steps 1–5; returns the change marks (with a sentinel at each end) and the line counts used.
fn run<B: Bytes + ?Sized>(
    old: &B,
    a: &Lines,
    new: &B,
    b: &Lines,
    opts: DiffOptions,
    compact: bool,
    equal_tail: usize,
) -> (Vec<u8>, Vec<u8>, usize, usize) {
    let (mut n1, mut n2) = (a.len(), b.len());
    if opts.trim_common_tail {
        let lines = trimmed_tail_lines(old, new, a, equal_tail);
        n1 -= lines;
        n2 -= lines;
    }
    let (t1, t2) = (a.tokens_to(n1), b.tokens_to(n2));
    // `xdl_trim_ends`, on tokens (equal tokens are equal classes).
    let lim = n1.min(n2);
    let prefix = t1.iter().zip(t2).take_while(|(x, y)| x == y).count();
    let suffix = t1[prefix..].iter().rev().zip(t2[prefix..].iter().rev()).take(lim - prefix).take_while(|(x, y)| x == y).count();
    // Classes local to this diff (git's `xdlclassifier_t`): dense ids in order of first occurrence,
    // and how often each occurs on either side. Only the lines between the common ends take part
    // in the search, so only they get classes; the common ends (one line on each side apiece) only
    // add to the counts of classes that exist. The table stays small enough for the L1 cache.
    let (ha1, ha2, counts) = CLASS_SCRATCH.with(|cell| {
        let mut table = cell.borrow_mut();
        table.begin(n1 + n2 - 2 * (prefix + suffix));
        let mut counts: Vec<[u32; 2]> = Vec::new();
        let ha1: Vec<u32> = t1[prefix..n1 - suffix].iter().map(|&t| table.class(t, 0, &mut counts)).collect();
        let ha2: Vec<u32> = t2[prefix..n2 - suffix].iter().map(|&t| table.class(t, 1, &mut counts)).collect();
        if !counts.is_empty() {
            for &t in t1[..prefix].iter().chain(&t1[n1 - suffix..]) {
                table.count_both(t, &mut counts);
            }
        }
        table.end();
        (ha1, ha2, counts)
    });

    let (i1, i2) = (a.indents_to(n1), b.indents_to(n2));
    let mut x1 = XdFile::new(t1, ha1, prefix, i1);
    let mut x2 = XdFile::new(t2, ha2, prefix, i2);
    cleanup_records(&counts, &mut x1, &mut x2);
    do_diff(&mut x1, &mut x2);
    if compact {
        change_compact(&mut x1, &x2, opts.indent_heuristic);
        change_compact(&mut x2, &x1, opts.indent_heuristic);
    }
    (x1.rchg, x2.rchg, n1, n2)
}

/// git's `trim_common_tail`, in lines: how many whole lines at the end of both texts are skipped.
/// git compares 1 KiB blocks from the end and then gives back the partial line at the cut.
/// `a_lines` are `a`'s lines: the lines cut are counted from their starts instead of in the bytes
/// (the cut is most of the file when a change is near its top).
fn trimmed_tail_lines<B: Bytes + ?Sized>(a: &B, b: &B, a_lines: &Lines, equal_tail: usize) -> usize {
    const BLK: usize = 1024;
    let (la, lb) = (a.size(), b.size());
    let smaller = la.min(lb);
    // The blocks within the tail known to be equal are equal: the comparing starts after them.
    let mut trimmed = equal_tail.min(smaller) / BLK * BLK;
    while BLK + trimmed <= smaller && a.range_eq(la - trimmed - BLK, b, lb - trimmed - BLK, BLK) {
        trimmed += BLK;
    }
    if trimmed == 0 {
        return 0;
    }
    // The cut region is a[la-trimmed..]; keep bytes up to and including its first '\n'.
    let region = la - trimmed;
    let recovered = match a.newline_from(region) {
        Some(p) => p - region + 1,
        None => trimmed,
    };
    // The cut starts right after a '\n', so it is whole lines: those starting there or later.
    let cut_start = (region + recovered) as u32;
    let n = a_lines.len();
    if a_lines.offset(n) as usize == la {
        n - a_lines.offsets_below(cut_start as usize)
    } else {
        a.with_range(region + recovered, la, crate::text::count_lines)
    }
}

/// Token → class, an open-addressing table reused by every diff of a thread.
#[derive(Default)]
struct ClassTable {
    /// (token, class + 1); class 0 marks an empty slot. Only the first `mask + 1` slots are used.
    slots: Vec<(Token, u32)>,
    mask: usize,
    touched: Vec<usize>,
}

impl ClassTable {
    /// Size the table for `records` tokens, at most half full.
    fn begin(&mut self, records: usize) {
        let size = (records * 2).next_power_of_two().max(16);
        if self.slots.len() < size {
            self.slots.resize(size, (0, 0));
        }
        self.mask = size - 1;
    }

    /// The class of token `t`, counting it on `side`.
    fn class(&mut self, t: Token, side: usize, counts: &mut Vec<[u32; 2]>) -> u32 {
        let mut i = (t as usize) & self.mask;
        loop {
            let slot = &mut self.slots[i];
            if slot.1 == 0 {
                counts.push([0, 0]);
                *slot = (t, counts.len() as u32);
                self.touched.push(i);
            }
            if slot.0 == t {
                let c = slot.1 - 1;
                counts[c as usize][side] += 1;
                return c;
            }
            i = (i + 1) & self.mask;
        }
    }

    /// Count `t` once on each side if it has a class (a line of the common ends).
    fn count_both(&mut self, t: Token, counts: &mut [[u32; 2]]) {
        let mut i = (t as usize) & self.mask;
        loop {
            let (st, c) = self.slots[i];
            if c == 0 {
                return;
            }
            if st == t {
                let k = &mut counts[c as usize - 1];
                k[0] += 1;
                k[1] += 1;
                return;
            }
            i = (i + 1) & self.mask;
        }
    }

    /// Empty the slots used, for the next diff.
    fn end(&mut self) {
        for &i in &self.touched {
            self.slots[i] = (0, 0);
        }
        self.touched.clear();
    }
}

thread_local! {
    static CLASS_SCRATCH: std::cell::RefCell<ClassTable> = std::cell::RefCell::new(ClassTable::default());
}

/// One side of a diff: `tokens` of every record, `ha` the class ids of the records from `dstart`
/// that lie between the common ends; `rchg` marks changed records with a zero sentinel before the
/// first and after the last (index `i + 1` is record `i`).
struct XdFile<'a> {
    tokens: &'a [Token],
    ha: Vec<u32>,
    indents: &'a [i16],
    rchg: Vec<u8>,
    /// Records that take part in the search (`rindex`), and their classes (`ha` in git's `xdfile_t`).
    rindex: Vec<usize>,
    reff_ha: Vec<u32>,
    dstart: usize,
}

impl<'a> XdFile<'a> {
    fn new(tokens: &'a [Token], ha: Vec<u32>, dstart: usize, indents: &'a [i16]) -> Self {
        let n = tokens.len();
        XdFile { tokens, ha, indents, rchg: vec![0; n + 2], rindex: Vec::new(), reff_ha: Vec::new(), dstart }
    }
    fn nrec(&self) -> usize {
        self.tokens.len()
    }
    #[inline]
    fn chg(&self, i: isize) -> bool {
        self.rchg[(i + 1) as usize] != 0
    }
    #[inline]
    fn set(&mut self, i: isize, v: bool) {
        self.rchg[(i + 1) as usize] = v as u8;
    }
}

const XDL_KPDIS_RUN: i64 = 4;
const XDL_MAX_EQLIMIT: i64 = 1024;
const XDL_SIMSCAN_WINDOW: i64 = 100;

fn bogosqrt(mut n: i64) -> i64 {
    let mut i = 1;
    while n > 0 {
        i <<= 1;
        n >>= 2;
    }
    i
}

/// `xdl_cleanup_records`, on the records between the common ends (`xdl_trim_ends` is done).
fn cleanup_records<'a>(counts: &[[u32; 2]], x1: &mut XdFile<'a>, x2: &mut XdFile<'a>) {
    // 0 = no match on the other side, 1 = some, 2 = many; indexed from `dstart`.
    let dis_of = |x: &XdFile, other_side: usize| -> Vec<u8> {
        let mlim = bogosqrt(x.nrec() as i64).min(XDL_MAX_EQLIMIT);
        x.ha.iter()
            .map(|&c| {
                let nm = counts[c as usize][other_side] as i64;
                if nm == 0 { 0 } else if nm >= mlim { 2 } else { 1 }
            })
            .collect()
    };
    let dis1 = dis_of(x1, 1);
    let dis2 = dis_of(x2, 0);
    for (x, dis) in [(x1, dis1), (x2, dis2)] {
        let last = dis.len() as i64 - 1;
        x.rindex.reserve(dis.len());
        x.reff_ha.reserve(dis.len());
        for (k, &d) in dis.iter().enumerate() {
            let i = x.dstart + k;
            if d == 1 || (d == 2 && !clean_mmatch(&dis, k as i64, 0, last)) {
                x.rindex.push(i);
                x.reff_ha.push(x.ha[k]);
            } else {
                x.set(i as isize, true);
            }
        }
    }
}

/// `xdl_clean_mmatch`: discard a frequent line only inside a run of unmatched lines.
fn clean_mmatch(dis: &[u8], i: i64, mut s: i64, mut e: i64) -> bool {
    if i - s > XDL_SIMSCAN_WINDOW {
        s = i - XDL_SIMSCAN_WINDOW;
    }
    if e - i > XDL_SIMSCAN_WINDOW {
        e = i + XDL_SIMSCAN_WINDOW;
    }
    let (mut rdis0, mut rpdis0) = (0i64, 1i64);
    let mut r = 1;
    while i - r >= s {
        match dis[(i - r) as usize] {
            0 => rdis0 += 1,
            2 => rpdis0 += 1,
            _ => break,
        }
        r += 1;
    }
    if rdis0 == 0 {
        return false;
    }
    let (mut rdis1, mut rpdis1) = (0i64, 1i64);
    r = 1;
    while i + r <= e {
        match dis[(i + r) as usize] {
            0 => rdis1 += 1,
            2 => rpdis1 += 1,
            _ => break,
        }
        r += 1;
    }
    if rdis1 == 0 {
        return false;
    }
    rdis1 += rdis0;
    rpdis1 += rpdis0;
    rpdis1 * XDL_KPDIS_RUN < rpdis1 + rdis1
}

const XDL_MAX_COST_MIN: i64 = 256;
const XDL_HEUR_MIN_COST: i64 = 256;
const XDL_LINE_MAX: i64 = i64::MAX;
const XDL_SNAKE_CNT: i64 = 20;
const XDL_K_HEUR: i64 = 4;

/// The forward and backward diagonal vectors, indexed by diagonal `d` around a base offset.
struct Kv {
    v: Vec<i64>,
    fbase: i64,
    bbase: i64,
    mxcost: i64,
}

impl Kv {
    #[inline]
    fn f(&self, d: i64) -> i64 {
        self.v[(self.fbase + d) as usize]
    }
    #[inline]
    fn sf(&mut self, d: i64, x: i64) {
        self.v[(self.fbase + d) as usize] = x;
    }
    #[inline]
    fn b(&self, d: i64) -> i64 {
        self.v[(self.bbase + d) as usize]
    }
    #[inline]
    fn sb(&mut self, d: i64, x: i64) {
        self.v[(self.bbase + d) as usize] = x;
    }
}

/// `xdl_do_diff` for Myers: mark changed records of both sides.
fn do_diff(x1: &mut XdFile, x2: &mut XdFile) {
    let n1 = x1.reff_ha.len() as i64;
    let n2 = x2.reff_ha.len() as i64;
    let ndiags = n1 + n2 + 3;
    let mut kv = Kv {
        v: vec![0; (2 * ndiags + 2) as usize],
        fbase: n2 + 1,
        bbase: ndiags + n2 + 1,
        mxcost: bogosqrt(ndiags).max(XDL_MAX_COST_MIN),
    };
    let ha1 = std::mem::take(&mut x1.reff_ha);
    let ha2 = std::mem::take(&mut x2.reff_ha);
    recs_cmp(&ha1, &ha2, x1, x2, 0, n1, 0, n2, &mut kv, false);
}

#[allow(clippy::too_many_arguments)] // a straight port of xdl_recs_cmp: the box is four numbers
fn recs_cmp(
    ha1: &[u32],
    ha2: &[u32],
    x1: &mut XdFile,
    x2: &mut XdFile,
    mut off1: i64,
    mut lim1: i64,
    mut off2: i64,
    mut lim2: i64,
    kv: &mut Kv,
    mut need_min: bool,
) {
    // The second half is a loop rather than recursion, to bound stack depth on long scripts.
    loop {
        while off1 < lim1 && off2 < lim2 && ha1[off1 as usize] == ha2[off2 as usize] {
            off1 += 1;
            off2 += 1;
        }
        while off1 < lim1 && off2 < lim2 && ha1[(lim1 - 1) as usize] == ha2[(lim2 - 1) as usize] {
            lim1 -= 1;
            lim2 -= 1;
        }
        if off1 == lim1 {
            for i in off2..lim2 {
                let r = x2.rindex[i as usize] as isize;
                x2.set(r, true);
            }
            return;
        } else if off2 == lim2 {
            for i in off1..lim1 {
                let r = x1.rindex[i as usize] as isize;
                x1.set(r, true);
            }
            return;
        }
        let spl = split(ha1, off1, lim1, ha2, off2, lim2, kv, need_min);
        recs_cmp(ha1, ha2, x1, x2, off1, spl.i1, off2, spl.i2, kv, spl.min_lo);
        off1 = spl.i1;
        off2 = spl.i2;
        need_min = spl.min_hi;
    }
}

struct Split {
    i1: i64,
    i2: i64,
    min_lo: bool,
    min_hi: bool,
}

/// `xdl_split`: find a middle snake, or give up on minimality when it gets expensive.
#[allow(clippy::too_many_arguments)]
fn split(ha1: &[u32], off1: i64, lim1: i64, ha2: &[u32], off2: i64, lim2: i64, kv: &mut Kv, need_min: bool) -> Split {
    let h1 = |i: i64| ha1[i as usize];
    let h2 = |i: i64| ha2[i as usize];
    let dmin = off1 - lim2;
    let dmax = lim1 - off2;
    let fmid = off1 - off2;
    let bmid = lim1 - lim2;
    let odd = (fmid - bmid) & 1 != 0;
    let (mut fmin, mut fmax) = (fmid, fmid);
    let (mut bmin, mut bmax) = (bmid, bmid);

    kv.sf(fmid, off1);
    kv.sb(bmid, lim1);

    let mut ec: i64 = 1;
    loop {
        let mut got_snake = false;
        if fmin > dmin {
            fmin -= 1;
            kv.sf(fmin - 1, -1);
        } else {
            fmin += 1;
        }
        if fmax < dmax {
            fmax += 1;
            kv.sf(fmax + 1, -1);
        } else {
            fmax -= 1;
        }
        let mut d = fmax;
        while d >= fmin {
            let mut i1 = if kv.f(d - 1) >= kv.f(d + 1) { kv.f(d - 1) + 1 } else { kv.f(d + 1) };
            let prev1 = i1;
            let mut i2 = i1 - d;
            while i1 < lim1 && i2 < lim2 && h1(i1) == h2(i2) {
                i1 += 1;
                i2 += 1;
            }
            if i1 - prev1 > XDL_SNAKE_CNT {
                got_snake = true;
            }
            kv.sf(d, i1);
            if odd && bmin <= d && d <= bmax && kv.b(d) <= i1 {
                return Split { i1, i2, min_lo: true, min_hi: true };
            }
            d -= 2;
        }

        if bmin > dmin {
            bmin -= 1;
            kv.sb(bmin - 1, XDL_LINE_MAX);
        } else {
            bmin += 1;
        }
        if bmax < dmax {
            bmax += 1;
            kv.sb(bmax + 1, XDL_LINE_MAX);
        } else {
            bmax -= 1;
        }
        let mut d = bmax;
        while d >= bmin {
            let mut i1 = if kv.b(d - 1) < kv.b(d + 1) { kv.b(d - 1) } else { kv.b(d + 1) - 1 };
            let prev1 = i1;
            let mut i2 = i1 - d;
            while i1 > off1 && i2 > off2 && h1(i1 - 1) == h2(i2 - 1) {
                i1 -= 1;
                i2 -= 1;
            }
            if prev1 - i1 > XDL_SNAKE_CNT {
                got_snake = true;
            }
            kv.sb(d, i1);
            if !odd && fmin <= d && d <= fmax && i1 <= kv.f(d) {
                return Split { i1, i2, min_lo: true, min_hi: true };
            }
            d -= 2;
        }

        if need_min {
            ec += 1;
            continue;
        }

        if got_snake && ec > XDL_HEUR_MIN_COST {
            let mut best = 0;
            let mut spl = Split { i1: 0, i2: 0, min_lo: true, min_hi: false };
            let mut d = fmax;
            while d >= fmin {
                let dd = if d > fmid { d - fmid } else { fmid - d };
                let i1 = kv.f(d);
                let i2 = i1 - d;
                let v = (i1 - off1) + (i2 - off2) - dd;
                if v > XDL_K_HEUR * ec
                    && v > best
                    && off1 + XDL_SNAKE_CNT <= i1
                    && i1 < lim1
                    && off2 + XDL_SNAKE_CNT <= i2
                    && i2 < lim2
                {
                    let mut k = 1;
                    while h1(i1 - k) == h2(i2 - k) {
                        if k == XDL_SNAKE_CNT {
                            best = v;
                            spl.i1 = i1;
                            spl.i2 = i2;
                            break;
                        }
                        k += 1;
                    }
                }
                d -= 2;
            }
            if best > 0 {
                return spl;
            }

            let mut spl = Split { i1: 0, i2: 0, min_lo: false, min_hi: true };
            let mut d = bmax;
            while d >= bmin {
                let dd = if d > bmid { d - bmid } else { bmid - d };
                let i1 = kv.b(d);
                let i2 = i1 - d;
                let v = (lim1 - i1) + (lim2 - i2) - dd;
                if v > XDL_K_HEUR * ec
                    && v > best
                    && off1 < i1
                    && i1 <= lim1 - XDL_SNAKE_CNT
                    && off2 < i2
                    && i2 <= lim2 - XDL_SNAKE_CNT
                {
                    let mut k = 0;
                    while h1(i1 + k) == h2(i2 + k) {
                        if k == XDL_SNAKE_CNT - 1 {
                            best = v;
                            spl.i1 = i1;
                            spl.i2 = i2;
                            break;
                        }
                        k += 1;
                    }
                }
                d -= 2;
            }
            if best > 0 {
                return spl;
            }
        }

        if ec >= kv.mxcost {
            let (mut fbest, mut fbest1) = (-1i64, -1i64);
            let mut d = fmax;
            while d >= fmin {
                let mut i1 = kv.f(d).min(lim1);
                let mut i2 = i1 - d;
                if lim2 < i2 {
                    i1 = lim2 + d;
                    i2 = lim2;
                }
                if fbest < i1 + i2 {
                    fbest = i1 + i2;
                    fbest1 = i1;
                }
                d -= 2;
            }
            let (mut bbest, mut bbest1) = (XDL_LINE_MAX, XDL_LINE_MAX);
            let mut d = bmax;
            while d >= bmin {
                let mut i1 = off1.max(kv.b(d));
                let mut i2 = i1 - d;
                if i2 < off2 {
                    i1 = off2 + d;
                    i2 = off2;
                }
                if i1 + i2 < bbest {
                    bbest = i1 + i2;
                    bbest1 = i1;
                }
                d -= 2;
            }
            return if (lim1 + lim2) - bbest < fbest - (off1 + off2) {
                Split { i1: fbest1, i2: fbest - fbest1, min_lo: true, min_hi: false }
            } else {
                Split { i1: bbest1, i2: bbest - bbest1, min_lo: false, min_hi: true }
            };
        }
        ec += 1;
    }
}

/// A group of changed lines (`start..end`), possibly empty, as in git's `struct xdlgroup`.
#[derive(Clone, Copy)]
struct Group {
    start: isize,
    end: isize,
}

fn group_init(x: &XdFile) -> Group {
    let mut g = Group { start: 0, end: 0 };
    while x.chg(g.end) {
        g.end += 1;
    }
    g
}

fn group_next(x: &XdFile, g: &mut Group) -> bool {
    if g.end == x.nrec() as isize {
        return false;
    }
    g.start = g.end + 1;
    g.end = g.start;
    while x.chg(g.end) {
        g.end += 1;
    }
    true
}

fn group_previous(x: &XdFile, g: &mut Group) -> bool {
    if g.start == 0 {
        return false;
    }
    g.end = g.start - 1;
    g.start = g.end;
    while x.chg(g.start - 1) {
        g.start -= 1;
    }
    true
}

fn group_slide_down(x: &mut XdFile, g: &mut Group) -> bool {
    if g.end < x.nrec() as isize && x.tokens[g.start as usize] == x.tokens[g.end as usize] {
        x.set(g.start, false);
        g.start += 1;
        x.set(g.end, true);
        g.end += 1;
        while x.chg(g.end) {
            g.end += 1;
        }
        true
    } else {
        false
    }
}

fn group_slide_up(x: &mut XdFile, g: &mut Group) -> bool {
    if g.start > 0 && x.tokens[(g.start - 1) as usize] == x.tokens[(g.end - 1) as usize] {
        g.start -= 1;
        x.set(g.start, true);
        g.end -= 1;
        x.set(g.end, false);
        while x.chg(g.start - 1) {
            g.start -= 1;
        }
        true
    } else {
        false
    }
}

#[derive(Default)]
struct SplitMeasurement {
    end_of_file: bool,
    indent: i32,
    pre_blank: i32,
    pre_indent: i32,
    post_blank: i32,
    post_indent: i32,
}

#[derive(Clone, Copy, Default)]
struct SplitScore {
    effective_indent: i32,
    penalty: i32,
}

const MAX_BLANKS: i32 = 20;
const START_OF_FILE_PENALTY: i32 = 1;
const END_OF_FILE_PENALTY: i32 = 21;
const TOTAL_BLANK_WEIGHT: i32 = -30;
const POST_BLANK_WEIGHT: i32 = 6;
const RELATIVE_INDENT_PENALTY: i32 = -4;
const RELATIVE_INDENT_WITH_BLANK_PENALTY: i32 = 10;
const RELATIVE_OUTDENT_PENALTY: i32 = 24;
const RELATIVE_OUTDENT_WITH_BLANK_PENALTY: i32 = 17;
const RELATIVE_DEDENT_PENALTY: i32 = 23;
const RELATIVE_DEDENT_WITH_BLANK_PENALTY: i32 = 17;
const INDENT_WEIGHT: i32 = 60;
const INDENT_HEURISTIC_MAX_SLIDING: isize = 100;

fn measure_split(x: &XdFile, split: isize) -> SplitMeasurement {
    let n = x.nrec() as isize;
    let mut m = SplitMeasurement::default();
    if split >= n {
        m.end_of_file = true;
        m.indent = -1;
    } else {
        m.indent = x.indents[split as usize] as i32;
    }
    m.pre_indent = -1;
    let mut i = split - 1;
    while i >= 0 {
        m.pre_indent = x.indents[i as usize] as i32;
        if m.pre_indent != -1 {
            break;
        }
        m.pre_blank += 1;
        if m.pre_blank == MAX_BLANKS {
            m.pre_indent = 0;
            break;
        }
        i -= 1;
    }
    m.post_indent = -1;
    let mut i = split + 1;
    while i < n {
        m.post_indent = x.indents[i as usize] as i32;
        if m.post_indent != -1 {
            break;
        }
        m.post_blank += 1;
        if m.post_blank == MAX_BLANKS {
            m.post_indent = 0;
            break;
        }
        i += 1;
    }
    m
}

fn score_add_split(m: &SplitMeasurement, s: &mut SplitScore) {
    if m.pre_indent == -1 && m.pre_blank == 0 {
        s.penalty += START_OF_FILE_PENALTY;
    }
    if m.end_of_file {
        s.penalty += END_OF_FILE_PENALTY;
    }
    let post_blank = if m.indent == -1 { 1 + m.post_blank } else { 0 };
    let total_blank = m.pre_blank + post_blank;
    s.penalty += TOTAL_BLANK_WEIGHT * total_blank;
    s.penalty += POST_BLANK_WEIGHT * post_blank;
    let indent = if m.indent != -1 { m.indent } else { m.post_indent };
    let any_blanks = total_blank != 0;
    s.effective_indent += indent;
    if indent == -1 || m.pre_indent == -1 {
    } else if indent > m.pre_indent {
        s.penalty += if any_blanks { RELATIVE_INDENT_WITH_BLANK_PENALTY } else { RELATIVE_INDENT_PENALTY };
    } else if indent == m.pre_indent {
    } else if m.post_indent != -1 && m.post_indent > indent {
        s.penalty += if any_blanks { RELATIVE_OUTDENT_WITH_BLANK_PENALTY } else { RELATIVE_OUTDENT_PENALTY };
    } else {
        s.penalty += if any_blanks { RELATIVE_DEDENT_WITH_BLANK_PENALTY } else { RELATIVE_DEDENT_PENALTY };
    }
}

fn score_cmp(s1: &SplitScore, s2: &SplitScore) -> i32 {
    let cmp_indents = (s1.effective_indent > s2.effective_indent) as i32 - (s1.effective_indent < s2.effective_indent) as i32;
    INDENT_WEIGHT * cmp_indents + (s1.penalty - s2.penalty)
}

/// `xdl_change_compact(xdf, xdfo)`: slide each group of `x` up and down as far as it goes, merge
/// groups that touch, then settle it where git would (aligned with the other side's change, or by
/// the indent heuristic). `xo` is only walked in step, never changed.
fn change_compact(x: &mut XdFile, xo: &XdFile, indent_heuristic: bool) {
    let mut g = group_init(x);
    let mut go = group_init(xo);
    // The `BUG()`s of git's version are impossible states (both sides have the same number of
    // groups); we stop compacting rather than panic if they ever happen.
    loop {
        if g.end != g.start {
            let mut groupsize;
            let mut earliest_end;
            let mut end_matching_other;
            loop {
                groupsize = g.end - g.start;
                end_matching_other = -1;
                while group_slide_up(x, &mut g) {
                    if !group_previous(xo, &mut go) {
                        debug_assert!(false, "BUG: group sync broken sliding up");
                        return;
                    }
                }
                earliest_end = g.end;
                if go.end > go.start {
                    end_matching_other = g.end;
                }
                loop {
                    if !group_slide_down(x, &mut g) {
                        break;
                    }
                    if !group_next(xo, &mut go) {
                        debug_assert!(false, "BUG: group sync broken sliding down");
                        return;
                    }
                    if go.end > go.start {
                        end_matching_other = g.end;
                    }
                }
                if groupsize == g.end - g.start {
                    break;
                }
            }

            if g.end == earliest_end {
                // no shifting was possible
            } else if end_matching_other != -1 {
                while go.end == go.start {
                    if !group_slide_up(x, &mut g) || !group_previous(xo, &mut go) {
                        debug_assert!(false, "BUG: match disappeared");
                        return;
                    }
                }
            } else if indent_heuristic {
                let mut shift = earliest_end;
                if g.end - groupsize - 1 > shift {
                    shift = g.end - groupsize - 1;
                }
                if g.end - INDENT_HEURISTIC_MAX_SLIDING > shift {
                    shift = g.end - INDENT_HEURISTIC_MAX_SLIDING;
                }
                let mut best_shift = -1;
                let mut best_score = SplitScore::default();
                while shift <= g.end {
                    let mut score = SplitScore::default();
                    score_add_split(&measure_split(x, shift), &mut score);
                    score_add_split(&measure_split(x, shift - groupsize), &mut score);
                    if best_shift == -1 || score_cmp(&score, &best_score) <= 0 {
                        best_score = score;
                        best_shift = shift;
                    }
                    shift += 1;
                }
                while g.end > best_shift {
                    if !group_slide_up(x, &mut g) || !group_previous(xo, &mut go) {
                        debug_assert!(false, "BUG: best shift unreached");
                        return;
                    }
                }
            }
        }
        if !group_next(x, &mut g) {
            break;
        }
        if !group_next(xo, &mut go) {
            debug_assert!(false, "BUG: group sync broken moving to next group");
            return;
        }
    }
}

/// `xdl_build_script`, in forward order.
fn build_script(rchg1: &[u8], n1: usize, rchg2: &[u8], n2: usize) -> Vec<Hunk> {
    let c1 = |i: isize| rchg1[(i + 1) as usize] != 0;
    let c2 = |i: isize| rchg2[(i + 1) as usize] != 0;
    let mut out = Vec::new();
    let (mut i1, mut i2) = (n1 as isize, n2 as isize);
    while i1 >= 0 || i2 >= 0 {
        if (i1 >= 0 && c1(i1 - 1)) || (i2 >= 0 && c2(i2 - 1)) {
            let l1 = i1;
            while i1 > 0 && c1(i1 - 1) {
                i1 -= 1;
            }
            let l2 = i2;
            while i2 > 0 && c2(i2 - 1) {
                i2 -= 1;
            }
            out.push(Hunk { before: i1 as u32..l1 as u32, after: i2 as u32..l2 as u32 });
        }
        i1 -= 1;
        i2 -= 1;
    }
    out.reverse();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simple_hunks() {
        assert_eq!(diff_lines(b"a\nb\nc\n", b"a\nc\n", false), vec![Hunk { before: 1..2, after: 1..1 }]);
        assert_eq!(diff_lines(b"", b"a\n", false), vec![Hunk { before: 0..0, after: 0..1 }]);
        assert_eq!(diff_lines(b"a\n", b"a\n", false), vec![]);
        assert_eq!(diff_lines(b"a \n", b"a\n", true), vec![]);
        assert_eq!(count_changes(b"a\nb\n", b"a\nc\nd\n", false), (2, 1));
    }

    /// The one-sided shortcut of `count_changes_prepared` counts what the whole diff marks.
    #[test]
    fn counting_shortcut_equals_the_full_diff() {
        let pieces: [&[u8]; 5] = [b"a\n", b"b\n", b"\n", b"}\n", b"c\n"];
        let mut rng = fastrand::Rng::with_seed(11);
        let mut tk = Tokenizer::new(false);
        for _ in 0..3000 {
            let old: Vec<u8> = (0..rng.usize(0..10)).flat_map(|_| pieces[rng.usize(0..pieces.len())].to_vec()).collect();
            // Insert or remove a run of lines somewhere, or both.
            let lines: Vec<&[u8]> = crate::text::split_lines(&old);
            let at = rng.usize(0..=lines.len());
            let cut = rng.usize(0..=lines.len() - at);
            let ins: Vec<u8> = (0..rng.usize(0..4)).flat_map(|_| pieces[rng.usize(0..pieces.len())].to_vec()).collect();
            let new = [lines[..at].concat(), ins, lines[at + cut..].concat()].concat();
            let (a, b) = (tk.lines(&old), tk.lines(&new));
            let opts = DiffOptions { ignore_whitespace: false, indent_heuristic: false, trim_common_tail: false };
            let (r1, r2, n1, n2) = run(old.as_slice(), &a, new.as_slice(), &b, opts, false, 0);
            let want = (r2[1..=n2].iter().filter(|&&c| c != 0).count() as u32, r1[1..=n1].iter().filter(|&&c| c != 0).count() as u32);
            assert_eq!(count_changes_prepared(&old, &a, &new, &b), want, "{old:?} → {new:?}");
        }
    }

    /// Tokenizing from a sibling gives exactly what tokenizing from scratch gives.
    #[test]
    fn lines_like_equals_lines() {
        let pieces: [&[u8]; 8] = [b"a\n", b"b\n", b"  a\n", b"\n", b"x", b"a\r\n", b"}\n", b"\tb \n"];
        let mut rng = fastrand::Rng::with_seed(7);
        let text = |rng: &mut fastrand::Rng| -> Vec<u8> {
            let n = rng.usize(0..12);
            let mut t: Vec<u8> = (0..n).flat_map(|_| pieces[rng.usize(0..pieces.len())].to_vec()).collect();
            if rng.bool() && t.last() == Some(&b'\n') {
                t.pop();
            }
            t
        };
        for ws in [false, true] {
            let mut tk = Tokenizer::new(ws);
            for _ in 0..3000 {
                let base = text(&mut rng);
                // A sibling: the base with a random middle replaced, or an unrelated text.
                let other = if rng.u8(0..4) == 0 {
                    text(&mut rng)
                } else {
                    let (i, j) = (rng.usize(0..=base.len()), rng.usize(0..=base.len()));
                    let (i, j) = (i.min(j), i.max(j));
                    [&base[..i], &text(&mut rng)[..], &base[j..]].concat()
                };
                let other_lines = tk.lines(&other);
                let got = tk.lines_like(&base, &other, &other_lines);
                let want = tk.lines(&base);
                assert_eq!(got.parts(), want.parts(), "{base:?} from {other:?}");
            }
        }
    }

    /// A changelog's versions, each its child with entries added at the top and a line changed
    /// further down, tokenized from its child sharing the child's tail (and so its child's, down
    /// the generations): the lines of every one are those of the text, and diffs of them are the
    /// diffs of plain lines.
    #[test]
    fn shared_tails_down_generations_are_the_texts_lines() {
        let mut rng = fastrand::Rng::with_seed(17);
        let mut tk = Tokenizer::new(false);
        let opts = DiffOptions::default();
        let mut text: Vec<String> = (0..2000).map(|i| format!("  - entry {i}\n")).collect();
        let mut child = text.concat().into_bytes();
        let mut child_lines = Arc::new(tk.lines(&child));
        let mut shared = 0;
        for generation in 0..80 {
            // Older versions: the top entries removed, a line further down changed back.
            text.drain(..rng.usize(1..6));
            if rng.u8(..3) == 0 {
                let at = rng.usize(text.len() / 2..text.len());
                text[at] = format!("  - changed in {generation}\n");
            }
            let parent = text.concat().into_bytes();
            let (lines, tail) = tk.lines_like_shared(parent.as_slice(), child.as_slice(), &child_lines);
            let plain = tk.lines(&parent);
            assert_eq!(lines.parts(), plain.parts(), "generation {generation}");
            shared += lines.shares_tail() as usize;
            let lines = Arc::new(lines);
            assert_eq!(
                diff_prepared_tail(&parent, &lines, &child, &child_lines, opts, tail),
                diff_prepared_tail(&parent, &plain, &child, &tk.lines(&child), opts, 0),
                "generation {generation}"
            );
            (child, child_lines) = (parent, lines);
        }
        assert!(shared > 40, "only {shared} of 80 generations shared a tail");
        // Lines not made by a tokenizer (no final length) are tokenized afresh, not read past.
        let text = b"a\n b\n";
        assert_eq!(tk.lines_like(text, b"", &Lines::default()).parts(), tk.lines(text).parts());
        assert_eq!(tk.lines_like_shared(&text[..], &b""[..], &Arc::new(Lines::default())).0.parts(), tk.lines(text).parts());
    }

    /// The tail `lines_like_tail` finds equal is equal, and a diff told of it (or of any part of it)
    /// gives what a diff that compares everything gives: texts of several KiB, so that git's
    /// trimming of 1 KiB blocks has blocks to skip.
    #[test]
    fn a_known_equal_tail_changes_no_diff() {
        let pieces: [&[u8]; 6] = [b"fn main() {}\n", b"    let x = 1;\n", b"\n", b"}\n", b"// a comment that is longer\n", b"x"];
        let mut rng = fastrand::Rng::with_seed(11);
        let text = |rng: &mut fastrand::Rng, n: usize| -> Vec<u8> { (0..n).flat_map(|_| pieces[rng.usize(0..pieces.len())].to_vec()).collect() };
        let mut tk = Tokenizer::new(false);
        for _ in 0..400 {
            let size = rng.usize(0..400);
            let child = text(&mut rng, size);
            // The parent: the child with a run replaced near its start, middle or end.
            let (i, j) = (rng.usize(0..=child.len()), rng.usize(0..=child.len()));
            let (i, j) = (i.min(j), i.max(j).min(i + 300));
            let run = rng.usize(0..6);
            let replaced = text(&mut rng, run);
            let parent = [&child[..i], &replaced[..], &child[j..]].concat();
            let child_lines = tk.lines(&child);
            let (parent_lines, tail) = tk.lines_like_tail(&parent, &child, &child_lines);
            assert!(tail <= parent.len().min(child.len()) && parent[parent.len() - tail..] == child[child.len() - tail..]);
            let opts = DiffOptions::default();
            let want = diff_prepared(&parent, &parent_lines, &child, &child_lines, opts);
            for known in [tail, tail / 2, tail.saturating_sub(1024)] {
                assert_eq!(diff_prepared_tail(&parent, &parent_lines, &child, &child_lines, opts, known), want);
            }
        }
    }

    /// Tokens are seeded once per process: every tokenizer agrees with every other (walks and
    /// threads diff each other's texts), and lines that differ, also only in whitespace without
    /// `-w`, get different tokens.
    #[test]
    fn tokenizers_of_one_process_agree() {
        let lines: [&[u8]; 5] = [b"a\n", b"a \n", b"\n", b"a", b"\xff\xfe\n"];
        let first: Vec<Token> = lines.iter().map(|l| Tokenizer::new(false).token(l)).collect();
        let on_another_thread = std::thread::spawn(move || lines.iter().map(|l| Tokenizer::new(false).token(l)).collect::<Vec<Token>>());
        assert_eq!(on_another_thread.join().expect("thread"), first);
        let distinct: std::collections::HashSet<Token> = first.iter().copied().collect();
        assert_eq!(distinct.len(), lines.len(), "{first:x?}");
        let mut ws = Tokenizer::new(true);
        assert_eq!(ws.token(b"a\n"), ws.token(b" a \t\n"));
        assert_ne!(ws.token(b"a\n"), ws.token(b"b\n"));
    }
}
