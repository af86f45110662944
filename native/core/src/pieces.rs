//! A file's version kept as the pieces of other buffers it is made of.
//!
//! A pack stores most versions of a file as a delta of another version: ranges copied from that
//! base and a few bytes of its own. A blame walk reads every version of a file, and for a large
//! file with a long history (express's History.md: 1,135 versions of up to 127 KB, 126 MB in all)
//! copying each version out of its delta took a fifth of the file's blame, and comparing it with
//! the next version (to reuse that version's line tokens) another tenth. [`Text::Pieces`] keeps a
//! version as its list of ranges: applying a delta copies no text, and two versions that hold the
//! same range of the same buffer are known equal there without reading it, which is most of two
//! neighbouring versions however their deltas were chained (a line written once stays a range of
//! the buffer it was first inserted in).
//!
//! [`Bytes`] is what the tokenizer and the diff need of a text; `[u8]` and [`Text`] both have it.

use std::sync::Arc;

/// Below this many bytes of its base, a version is copied out of its delta as before: the copy is
/// cheap and a flat text is quicker to read.
pub const PIECES_MIN: usize = 16 << 10;

/// A range of a shared buffer.
#[derive(Clone, Debug)]
struct Piece {
    buf: Arc<Vec<u8>>,
    start: usize,
    len: usize,
}

/// A text as the ranges of other buffers it is made of, in order.
#[derive(Debug, Default)]
pub struct Pieces {
    pieces: Vec<Piece>,
    /// Where each piece ends in the text: `ends[i]` is the length of pieces `0..=i`.
    ends: Vec<usize>,
}

impl Pieces {
    /// Append `len` bytes of `buf` from `start`, joined to the last piece when they continue it.
    fn push(&mut self, buf: &Arc<Vec<u8>>, start: usize, len: usize) {
        if len == 0 {
            return;
        }
        let end = self.ends.last().copied().unwrap_or(0) + len;
        if let Some(last) = self.pieces.last_mut() {
            if Arc::ptr_eq(&last.buf, buf) && last.start + last.len == start {
                last.len += len;
                *self.ends.last_mut().expect("BUG: a piece without its end") = end;
                return;
            }
        }
        self.pieces.push(Piece { buf: buf.clone(), start, len });
        self.ends.push(end);
    }
}

/// The bytes of a blob: one buffer, or pieces of several ([`Pieces`]).
#[derive(Clone, Debug)]
pub enum Text {
    Flat(Arc<Vec<u8>>),
    Pieces(Arc<Pieces>),
}

/// A contiguous run of a text's bytes: `buf[start..end]`, at `at` in the text. `buf` is the whole
/// buffer that holds it, so that two runs can be told to be the same bytes by where they lie.
#[derive(Clone, Copy)]
struct Run<'a> {
    buf: &'a [u8],
    start: usize,
    end: usize,
    at: usize,
}

impl<'a> Run<'a> {
    fn len(&self) -> usize {
        self.end - self.start
    }
    fn bytes(&self) -> &'a [u8] {
        &self.buf[self.start..self.end]
    }
    /// The run without its first `k` bytes, or the next of `rest` when that leaves none.
    fn after(self, k: usize, rest: &mut impl Iterator<Item = Run<'a>>) -> Option<Run<'a>> {
        if self.len() > k { Some(Run { start: self.start + k, at: self.at + k, ..self }) } else { rest.next() }
    }

    /// The run without its last `k` bytes, or the next of `rest` when that leaves none.
    fn before(self, k: usize, rest: &mut impl Iterator<Item = Run<'a>>) -> Option<Run<'a>> {
        if self.len() > k { Some(Run { end: self.end - k, ..self }) } else { rest.next() }
    }

    /// The same bytes of the same buffer (so equal without comparing them).
    fn same_as(&self, other: &Run) -> bool {
        std::ptr::eq(self.buf.as_ptr(), other.buf.as_ptr()) && self.start == other.start
    }
}

impl Text {
    pub fn len(&self) -> usize {
        match self {
            Text::Flat(b) => b.len(),
            Text::Pieces(p) => p.ends.last().copied().unwrap_or(0),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// How many pieces the text is made of (1 for a flat text).
    pub fn piece_count(&self) -> usize {
        match self {
            Text::Flat(_) => 1,
            Text::Pieces(p) => p.pieces.len(),
        }
    }

    /// The text in one buffer: itself when it is flat, otherwise its pieces copied together.
    pub fn flat(&self) -> Arc<Vec<u8>> {
        match self {
            Text::Flat(b) => b.clone(),
            Text::Pieces(p) => {
                let mut out = Vec::with_capacity(self.len());
                for piece in &p.pieces {
                    out.extend_from_slice(&piece.buf[piece.start..piece.start + piece.len]);
                }
                Arc::new(out)
            }
        }
    }

    fn piece(&self, i: usize) -> (&Arc<Vec<u8>>, usize, usize, usize) {
        match self {
            Text::Flat(b) => (b, 0, 0, b.len()),
            Text::Pieces(p) => {
                let piece = &p.pieces[i];
                (&piece.buf, piece.start, if i == 0 { 0 } else { p.ends[i - 1] }, p.ends[i])
            }
        }
    }

    /// The piece that holds byte `pos` (`pos < len`).
    fn piece_at(&self, pos: usize) -> usize {
        match self {
            Text::Flat(_) => 0,
            Text::Pieces(p) => p.ends.partition_point(|&e| e <= pos),
        }
    }

    /// The runs of bytes `from..to`, first to last.
    fn runs(&self, from: usize, to: usize) -> impl Iterator<Item = Run<'_>> {
        let mut i = if from < to { self.piece_at(from) } else { 0 };
        let mut pos = from;
        std::iter::from_fn(move || {
            if pos >= to {
                return None;
            }
            let (buf, start, text_start, text_end) = self.piece(i);
            let end = text_end.min(to);
            let run = Run { buf: buf.as_slice(), start: start + (pos - text_start), end: start + (end - text_start), at: pos };
            pos = end;
            i += 1;
            Some(run)
        })
    }

    /// The runs of bytes `from..to`, last to first.
    fn runs_back(&self, from: usize, to: usize) -> impl Iterator<Item = Run<'_>> {
        let mut i = if from < to { self.piece_at(to - 1) } else { 0 };
        let mut pos = to;
        std::iter::from_fn(move || {
            if pos <= from {
                return None;
            }
            let (buf, start, text_start, _) = self.piece(i);
            let begin = text_start.max(from);
            let run = Run { buf: buf.as_slice(), start: start + (begin - text_start), end: start + (pos - text_start), at: begin };
            pos = begin;
            i = i.saturating_sub(1);
            Some(run)
        })
    }

    /// Apply a git delta (`patch-delta.c`) to this text, as pieces of it and of the delta: no
    /// byte is copied. A result that is small or in many small pieces is made flat.
    pub fn apply_delta(&self, delta: Arc<Vec<u8>>) -> Result<Text, &'static str> {
        let (base_size, result_size, ops) = delta_ops(&delta)?;
        if base_size != self.len() {
            return Err("base size does not match");
        }
        // A version is mostly its base's pieces and a few of its own.
        let room = self.piece_count() + 8;
        let mut out = Pieces { pieces: Vec::with_capacity(room), ends: Vec::with_capacity(room) };
        for op in ops {
            match op? {
                DeltaOp::Copy { off, len } => {
                    let end = off.checked_add(len).filter(|&e| e <= self.len()).ok_or("copy out of range")?;
                    let mut p = self.piece_at(off);
                    let mut pos = off;
                    while pos < end {
                        let (buf, start, text_start, text_end) = self.piece(p);
                        let upto = text_end.min(end);
                        out.push(buf, start + (pos - text_start), upto - pos);
                        pos = upto;
                        p += 1;
                    }
                }
                DeltaOp::Insert { at, len } => out.push(&delta, at, len),
            }
        }
        if out.ends.last().copied().unwrap_or(0) != result_size {
            return Err("result size does not match");
        }
        let text = Text::Pieces(Arc::new(out));
        // Pieces multiply down a chain of deltas, and each one is handled again in every version
        // made from it: made flat when they are under a kilobyte on average, express's History.md
        // blamed in 36.2 ms where it took 38.1 ms with a cut at 256 bytes and 55.8 ms at 64
        // (timing example, alternating processes); the flat copy starts the next versions afresh.
        if result_size < PIECES_MIN || text.piece_count() > 16 + result_size / 1024 {
            return Ok(Text::Flat(text.flat()));
        }
        Ok(text)
    }
}

/// One instruction of a git delta (`patch-delta.c`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeltaOp {
    /// `len` bytes of the base from `off`.
    Copy { off: usize, len: usize },
    /// `len` bytes of the delta itself from `at`.
    Insert { at: usize, len: usize },
}

/// A delta's base size, result size and instructions (each checked to lie within the delta; a
/// copy's range is the applier's to check against its base).
pub fn delta_ops(d: &[u8]) -> Result<(usize, usize, impl Iterator<Item = Result<DeltaOp, &'static str>> + '_), &'static str> {
    let mut i = 0;
    let base_size = delta_size(d, &mut i).ok_or("truncated header")?;
    let result_size = delta_size(d, &mut i).ok_or("truncated header")?;
    let mut failed = false;
    let ops = std::iter::from_fn(move || {
        if i >= d.len() || failed {
            return None;
        }
        let cmd = d[i];
        i += 1;
        let op = if cmd & 0x80 != 0 {
            let mut field = |bits: &[(u8, u32)]| -> Result<usize, &'static str> {
                let mut v = 0usize;
                for &(bit, shift) in bits {
                    if cmd & bit != 0 {
                        v |= (*d.get(i).ok_or("truncated copy")? as usize) << shift;
                        i += 1;
                    }
                }
                Ok(v)
            };
            field(&[(0x01, 0), (0x02, 8), (0x04, 16), (0x08, 24)])
                .and_then(|off| field(&[(0x10, 0), (0x20, 8), (0x40, 16)]).map(|len| DeltaOp::Copy { off, len: if len == 0 { 0x10000 } else { len } }))
        } else if cmd != 0 {
            let (at, len) = (i, cmd as usize);
            i += len;
            if i <= d.len() { Ok(DeltaOp::Insert { at, len }) } else { Err("truncated insert") }
        } else {
            Err("reserved delta opcode 0")
        };
        failed = op.is_err();
        Some(op)
    });
    Ok((base_size, result_size, ops))
}

/// A size of git's delta header: 7 bits per byte, least significant first.
fn delta_size(d: &[u8], i: &mut usize) -> Option<usize> {
    let (mut size, mut shift) = (0usize, 0u32);
    loop {
        let b = *d.get(*i)?;
        *i += 1;
        size |= ((b & 0x7f) as usize).checked_shl(shift)?;
        shift += 7;
        if b & 0x80 == 0 {
            return Some(size);
        }
    }
}

/// What the tokenizer and the diff read of a text, in whatever form it is kept.
pub trait Bytes {
    fn size(&self) -> usize;
    /// The byte at `at`.
    fn byte(&self, at: usize) -> u8;
    /// Length of the common prefix of the two texts.
    fn common_prefix(&self, other: &Self) -> usize;
    /// Length of the common suffix of the last `room` bytes of each text (`room` at most the
    /// shorter length).
    fn common_suffix(&self, other: &Self, room: usize) -> usize;
    /// Whether `n` bytes from `at` equal `n` bytes of `other` from `other_at`.
    fn range_eq(&self, at: usize, other: &Self, other_at: usize, n: usize) -> bool;
    /// The last `\n` before `end`.
    fn newline_before(&self, end: usize) -> Option<usize>;
    /// The first `\n` at `start` or after.
    fn newline_from(&self, start: usize) -> Option<usize>;
    /// `f` of bytes `from..to` in one slice (copied together when they lie in several pieces).
    fn with_range<R>(&self, from: usize, to: usize, f: impl FnOnce(&[u8]) -> R) -> R;
}

impl Bytes for [u8] {
    fn size(&self) -> usize {
        self.len()
    }
    fn byte(&self, at: usize) -> u8 {
        self[at]
    }
    fn common_prefix(&self, other: &Self) -> usize {
        crate::diff::common_prefix(self, other)
    }
    fn common_suffix(&self, other: &Self, room: usize) -> usize {
        crate::diff::common_suffix(&self[self.len() - room..], &other[other.len() - room..])
    }
    fn range_eq(&self, at: usize, other: &Self, other_at: usize, n: usize) -> bool {
        self[at..at + n] == other[other_at..other_at + n]
    }
    fn newline_before(&self, end: usize) -> Option<usize> {
        memchr::memrchr(b'\n', &self[..end])
    }
    fn newline_from(&self, start: usize) -> Option<usize> {
        memchr::memchr(b'\n', &self[start..]).map(|i| start + i)
    }
    fn with_range<R>(&self, from: usize, to: usize, f: impl FnOnce(&[u8]) -> R) -> R {
        f(&self[from..to])
    }
}

impl Bytes for Text {
    fn size(&self) -> usize {
        self.len()
    }

    fn byte(&self, at: usize) -> u8 {
        let (buf, start, text_start, _) = self.piece(self.piece_at(at));
        buf[start + at - text_start]
    }

    fn common_prefix(&self, other: &Self) -> usize {
        let max = self.len().min(other.len());
        let (mut xs, mut ys) = (self.runs(0, max), other.runs(0, max));
        let (mut x, mut y) = (xs.next(), ys.next());
        let mut n = 0;
        while let (Some(a), Some(b)) = (x, y) {
            let k = a.len().min(b.len());
            let equal = if a.same_as(&b) { k } else { crate::diff::common_prefix(&a.bytes()[..k], &b.bytes()[..k]) };
            n += equal;
            if equal < k {
                break;
            }
            (x, y) = (a.after(k, &mut xs), b.after(k, &mut ys));
        }
        n
    }

    fn common_suffix(&self, other: &Self, room: usize) -> usize {
        let (mut xs, mut ys) = (self.runs_back(self.len() - room, self.len()), other.runs_back(other.len() - room, other.len()));
        let (mut x, mut y) = (xs.next(), ys.next());
        let mut n = 0;
        while let (Some(a), Some(b)) = (x, y) {
            let k = a.len().min(b.len());
            let (ta, tb) = (&a.buf[a.end - k..a.end], &b.buf[b.end - k..b.end]);
            let equal = if std::ptr::eq(ta.as_ptr(), tb.as_ptr()) { k } else { crate::diff::common_suffix(ta, tb) };
            n += equal;
            if equal < k {
                break;
            }
            (x, y) = (a.before(k, &mut xs), b.before(k, &mut ys));
        }
        n
    }

    fn range_eq(&self, at: usize, other: &Self, other_at: usize, n: usize) -> bool {
        let (mut xs, mut ys) = (self.runs(at, at + n), other.runs(other_at, other_at + n));
        let (mut x, mut y) = (xs.next(), ys.next());
        while let (Some(a), Some(b)) = (x, y) {
            let k = a.len().min(b.len());
            if !a.same_as(&b) && a.bytes()[..k] != b.bytes()[..k] {
                return false;
            }
            (x, y) = (a.after(k, &mut xs), b.after(k, &mut ys));
        }
        true
    }

    fn newline_before(&self, end: usize) -> Option<usize> {
        self.runs_back(0, end).find_map(|r| memchr::memrchr(b'\n', r.bytes()).map(|i| r.at + i))
    }

    fn newline_from(&self, start: usize) -> Option<usize> {
        self.runs(start, self.len()).find_map(|r| memchr::memchr(b'\n', r.bytes()).map(|i| r.at + i))
    }

    fn with_range<R>(&self, from: usize, to: usize, f: impl FnOnce(&[u8]) -> R) -> R {
        let mut runs = self.runs(from, to);
        match (runs.next(), runs.next()) {
            (None, _) => f(&[]),
            (Some(one), None) => f(one.bytes()),
            (Some(first), Some(second)) => {
                let mut joined = Vec::with_capacity(to - from);
                joined.extend_from_slice(first.bytes());
                joined.extend_from_slice(second.bytes());
                runs.for_each(|r| joined.extend_from_slice(r.bytes()));
                f(&joined)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::{diff_prepared_in, diff_prepared_tail, DiffOptions, Tokenizer};

    /// git's delta header size encoding.
    fn size(out: &mut Vec<u8>, mut n: usize) {
        loop {
            let b = (n & 0x7f) as u8;
            n >>= 7;
            if n == 0 {
                out.push(b);
                return;
            }
            out.push(b | 0x80);
        }
    }

    /// A random delta of `base` and the text it makes: copies of its ranges (lines mostly, as
    /// git's deltas of text files are) and inserted lines.
    fn random_delta(rng: &mut fastrand::Rng, base: &[u8]) -> (Vec<u8>, Vec<u8>) {
        let (mut ops, mut want) = (Vec::new(), Vec::new());
        for _ in 0..rng.usize(1..12) {
            if !base.is_empty() && rng.u8(..4) != 0 {
                let off = rng.usize(..base.len());
                let len = rng.usize(1..=(base.len() - off).min(0x10000));
                let mut cmd = 0x80u8;
                let mut args = Vec::new();
                for (i, byte) in (off as u32).to_le_bytes().into_iter().enumerate() {
                    if byte != 0 {
                        cmd |= 1 << i;
                        args.push(byte);
                    }
                }
                let stored = if len == 0x10000 { 0 } else { len };
                for (i, byte) in (stored as u32).to_le_bytes().into_iter().take(3).enumerate() {
                    if byte != 0 {
                        cmd |= 0x10 << i;
                        args.push(byte);
                    }
                }
                ops.push(cmd);
                ops.extend(args);
                want.extend_from_slice(&base[off..off + len]);
            } else {
                let line = format!("inserted {} {}\n", rng.u32(..50), "x".repeat(rng.usize(..40)));
                for chunk in line.as_bytes().chunks(127) {
                    ops.push(chunk.len() as u8);
                    ops.extend_from_slice(chunk);
                }
                want.extend_from_slice(line.as_bytes());
            }
        }
        let mut delta = Vec::new();
        size(&mut delta, base.len());
        size(&mut delta, want.len());
        delta.extend(ops);
        (delta, want)
    }

    fn random_text(rng: &mut fastrand::Rng, lines: usize) -> Vec<u8> {
        (0..lines).flat_map(|_| format!("{}line {}\n", " ".repeat(rng.usize(..6)), rng.u32(..200)).into_bytes()).collect()
    }

    /// A chain of versions, each a delta of an earlier one, as pieces and as plain bytes.
    fn chain(rng: &mut fastrand::Rng, n: usize) -> Vec<(Text, Vec<u8>)> {
        let first = random_text(rng, 3000);
        let mut versions = vec![(Text::Flat(Arc::new(first.clone())), first)];
        for _ in 0..n {
            let (base, base_bytes) = versions[rng.usize(..versions.len())].clone();
            let (delta, want) = random_delta(rng, &base_bytes);
            let text = base.apply_delta(Arc::new(delta)).expect("a well-formed delta");
            assert_eq!(*text.flat(), want);
            versions.push((text, want));
        }
        versions
    }

    #[test]
    fn deltas_applied_as_pieces_give_the_bytes_of_a_copy() {
        let mut rng = fastrand::Rng::with_seed(7);
        let versions = chain(&mut rng, 300);
        let pieced = versions.iter().filter(|(t, _)| matches!(t, Text::Pieces(_))).count();
        assert!(pieced > 100, "only {pieced} of the versions were kept as pieces");
        let base = &versions[0].0;
        assert_eq!(base.apply_delta(Arc::new(vec![1, 1, 1, b'x'])).unwrap_err(), "base size does not match");
        let mut zero = Vec::new();
        size(&mut zero, base.len());
        zero.extend([1, 0]);
        assert_eq!(base.apply_delta(Arc::new(zero)).unwrap_err(), "reserved delta opcode 0");
        let mut past_end = Vec::new();
        size(&mut past_end, base.len());
        size(&mut past_end, 2);
        past_end.extend([0x80 | 0x01 | 0x02 | 0x04 | 0x10, 0xff, 0xff, 0xff, 2]);
        assert_eq!(base.apply_delta(Arc::new(past_end)).unwrap_err(), "copy out of range");
        let mut header = Vec::new();
        size(&mut header, base.len());
        size(&mut header, 3);
        let short_insert = [header.clone(), vec![3, b'a', b'b']].concat();
        assert_eq!(base.apply_delta(Arc::new(short_insert)).unwrap_err(), "truncated insert");
        let short_copy = [header, vec![0x80 | 0x01 | 0x10, 5]].concat();
        assert_eq!(base.apply_delta(Arc::new(short_copy)).unwrap_err(), "truncated copy");
        assert_eq!(base.apply_delta(Arc::new(vec![0x80])).unwrap_err(), "truncated header");
    }

    #[test]
    fn pieces_read_as_their_bytes() {
        let mut rng = fastrand::Rng::with_seed(11);
        let versions = chain(&mut rng, 120);
        for _ in 0..400 {
            let (a, ab) = &versions[rng.usize(..versions.len())];
            let (b, bb) = &versions[rng.usize(..versions.len())];
            let (ab, bb) = (ab.as_slice(), bb.as_slice());
            assert_eq!(a.common_prefix(b), ab.common_prefix(bb));
            let room = rng.usize(..=ab.len().min(bb.len()));
            assert_eq!(a.common_suffix(b, room), ab.common_suffix(bb, room));
            let at = rng.usize(..=ab.len());
            assert_eq!(a.newline_before(at), ab.newline_before(at));
            assert_eq!(a.newline_from(at), ab.newline_from(at));
            if at < ab.len() {
                assert_eq!(a.byte(at), ab[at]);
            }
            let to = rng.usize(at..=ab.len());
            assert_eq!(a.with_range(at, to, |r| r.to_vec()), ab[at..to].to_vec());
            let n = rng.usize(..=(ab.len() - at).min(bb.len()));
            let other_at = rng.usize(..=bb.len() - n);
            assert_eq!(a.range_eq(at, b, other_at, n), ab.range_eq(at, bb, other_at, n));
            // A text against itself and against its own copy: the same answers, by identity or not.
            let copy = Text::Flat(a.flat());
            assert_eq!(a.common_suffix(&copy, ab.len()), ab.len());
            assert_eq!(copy.common_prefix(a), ab.len());
        }
    }

    #[test]
    fn tokens_and_diffs_of_pieces_are_those_of_the_bytes() {
        let mut rng = fastrand::Rng::with_seed(13);
        let versions = chain(&mut rng, 80);
        for ws in [false, true] {
            let mut tokenizer = Tokenizer::new(ws);
            let opts = DiffOptions { ignore_whitespace: ws, ..DiffOptions::default() };
            for _ in 0..60 {
                let (child, cb) = &versions[rng.usize(..versions.len())];
                let (parent, pb) = &versions[rng.usize(..versions.len())];
                let (grandparent, gb) = &versions[rng.usize(..versions.len())];
                let child_lines = Arc::new(tokenizer.lines(cb));
                let (lines, tail) = tokenizer.lines_like_in(parent, child, &child_lines);
                let (flat_lines, flat_tail) = tokenizer.lines_like_tail(pb, cb, &child_lines);
                let (shared, shared_tail) = tokenizer.lines_like_shared(parent, child, &child_lines);
                let plain = tokenizer.lines(pb);
                assert_eq!(lines.parts(), plain.parts());
                assert_eq!(flat_lines.parts(), plain.parts());
                assert_eq!(shared.parts(), plain.parts());
                assert_eq!((tail, shared_tail), (flat_tail, flat_tail));
                // A generation further: lines sharing a tail with lines that share one.
                let shared = Arc::new(shared);
                let (further, _) = tokenizer.lines_like_shared(grandparent, parent, &shared);
                assert_eq!(further.parts(), tokenizer.lines(gb).parts());
                let hunks = diff_prepared_in(parent, &lines, child, &child_lines, opts, tail);
                assert_eq!(hunks, diff_prepared_tail(pb, &plain, cb, &child_lines, opts, 0));
                assert_eq!(diff_prepared_in(parent, &shared, child, &child_lines, opts, tail), hunks);
                assert_eq!(diff_prepared_in(grandparent, &further, parent, &shared, opts, 0), diff_prepared_tail(gb, &tokenizer.lines(gb), pb, &plain, opts, 0));
            }
        }
    }
}
