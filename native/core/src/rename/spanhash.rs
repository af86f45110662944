//! git's content fingerprint for similarity (`diffcore-delta.c`): the blob is cut into spans that
//! end at a newline or after 64 bytes, each span is hashed, and the bytes per hash value are
//! counted. Two fingerprints give how many bytes of the source survive in the destination.

/// git's `HASHBASE`: a prime between 2^16 and 2^17; span hashes are taken modulo it.
pub(crate) const HASHBASE: u32 = 107_927;

/// Longest span: a span ends at a newline or once it holds this many bytes.
const MAX_SPAN: u32 = 64;

/// (span hash, bytes in spans with that hash), sorted by hash, every hash once: what git's
/// `hash_chars` leaves in its sorted `spanhash_top` table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SpanHashes(Vec<(u32, u32)>, u64);

impl SpanHashes {
    /// git's `hash_chars`. In text (`is_text`), a CR right before an LF is skipped, so that CRLF
    /// and LF versions of a file look alike. Bytes after the last newline, if fewer than 64, end
    /// no span and are not counted: git's loop only hashes a span when it closes.
    pub fn of(data: &[u8], is_text: bool) -> SpanHashes {
        let mut spans: Vec<(u32, u32)> = Vec::with_capacity(data.len() / 24 + 1);
        let (mut accum1, mut accum2, mut n) = (0u32, 0u32, 0u32);
        for (i, &c) in data.iter().enumerate() {
            if is_text && c == b'\r' && data.get(i + 1) == Some(&b'\n') {
                continue;
            }
            let old_1 = accum1;
            accum1 = (accum1 << 7) ^ (accum2 >> 25);
            accum2 = (accum2 << 7) ^ (old_1 >> 25);
            accum1 = accum1.wrapping_add(u32::from(c));
            n += 1;
            if n < MAX_SPAN && c != b'\n' {
                continue;
            }
            let hash = accum1.wrapping_add(accum2.wrapping_mul(0x61)) % HASHBASE;
            spans.push((hash, n));
            n = 0;
            accum1 = 0;
            accum2 = 0;
        }
        // git adds equal hashes up in one table slot, then sorts the slots by hash.
        spans.sort_unstable_by_key(|&(hash, _)| hash);
        let mut merged: Vec<(u32, u32)> = Vec::with_capacity(spans.len());
        for (hash, count) in spans {
            match merged.last_mut() {
                Some(last) if last.0 == hash => last.1 = last.1.wrapping_add(count),
                _ => merged.push((hash, count)),
            }
        }
        let total = merged.iter().map(|&(_, count)| u64::from(count)).sum();
        SpanHashes(merged, total)
    }

    /// Bytes in all spans (what a destination could copy at most).
    pub fn total(&self) -> u64 {
        self.1
    }

    /// (hash, bytes) pairs, sorted by hash.
    pub fn entries(&self) -> &[(u32, u32)] {
        &self.0
    }

    /// Distinct span hashes (for memory accounting).
    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// git's `diffcore_count_changes`: (bytes of `src` copied to `dst`, bytes `dst` adds), counted
/// per span hash: a hash with more bytes in the destination than in the source counts the
/// source's bytes as copied and the rest as added.
pub fn count_changes(src: &SpanHashes, dst: &SpanHashes) -> (u64, u64) {
    let (mut copied, mut added) = (0u64, 0u64);
    let mut d = dst.0.iter().peekable();
    for &(hash, src_count) in &src.0 {
        while let Some(&&(dh, dc)) = d.peek() {
            if dh >= hash {
                break;
            }
            added += u64::from(dc);
            d.next();
        }
        let mut dst_count = 0;
        if let Some(&&(dh, dc)) = d.peek() {
            if dh == hash {
                dst_count = dc;
                d.next();
            }
        }
        if src_count < dst_count {
            added += u64::from(dst_count - src_count);
            copied += u64::from(src_count);
        } else {
            copied += u64::from(dst_count);
        }
    }
    added += d.map(|&(_, c)| u64::from(c)).sum::<u64>();
    (copied, added)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_end_at_newlines_and_after_64_bytes() {
        let h = SpanHashes::of(b"a\nb\na\n", true);
        // "a\n" twice (4 bytes under one hash), "b\n" once.
        let total: u32 = h.0.iter().map(|&(_, c)| c).sum();
        assert_eq!(total, 6);
        assert_eq!(h.len(), 2);
        let long = vec![b'x'; 130];
        // Two full 64-byte spans; the 2 bytes after them close no span.
        let h = SpanHashes::of(&long, true);
        assert_eq!(h.0, vec![(h.0[0].0, 128)]);
    }

    #[test]
    fn an_unterminated_last_line_is_not_counted() {
        assert!(SpanHashes::of(b"no newline", true).is_empty());
        assert_eq!(SpanHashes::of(b"one\ntwo", true).0.iter().map(|&(_, c)| c).sum::<u32>(), 4);
    }

    #[test]
    fn cr_before_lf_is_ignored_in_text_only() {
        assert_eq!(SpanHashes::of(b"a\r\nb\r\n", true), SpanHashes::of(b"a\nb\n", true));
        assert_ne!(SpanHashes::of(b"a\r\nb\r\n", false), SpanHashes::of(b"a\nb\n", false));
        // A lone CR is content.
        assert_ne!(SpanHashes::of(b"a\rb\n", true), SpanHashes::of(b"ab\n", true));
    }

    #[test]
    fn counting_copied_and_added_bytes() {
        let src = SpanHashes::of(b"one\ntwo\nthree\n", true);
        let dst = SpanHashes::of(b"one\ntwo\nfour\nfour\n", true);
        assert_eq!(count_changes(&src, &dst), (8, 10));
        assert_eq!(count_changes(&src, &src), (14, 0));
        assert_eq!(count_changes(&SpanHashes::default(), &dst), (0, 18));
    }
}
