//! Lines and binary detection, with git's line model.
//!
//! A *line* is a run of bytes ending in `\n`, the `\n` included; a last run without `\n` is a line
//! too. An empty buffer has no lines. `\r` is kept: a CRLF file's lines end in `\r\n`, so a line
//! that only changed its line ending is a changed line, as in `git blame`.

/// How far git looks for a NUL byte to call a buffer binary (`buffer_is_binary`, `FIRST_FEW_BYTES`).
pub const FIRST_FEW_BYTES: usize = 8000;

/// The lines of `buf`, each with its `\n` (see the module docs).
pub fn split_lines(buf: &[u8]) -> Vec<&[u8]> {
    let mut lines = Vec::with_capacity(buf.len() / 32 + 1);
    let mut start = 0;
    for nl in memchr::memchr_iter(b'\n', buf) {
        lines.push(&buf[start..=nl]);
        start = nl + 1;
    }
    if start < buf.len() {
        lines.push(&buf[start..]);
    }
    lines
}

/// Byte offsets where each line starts, plus `buf.len()` at the end: line `i` is
/// `buf[offsets[i]..offsets[i + 1]]`. Cheaper to keep than slices when the buffer is owned.
pub fn line_offsets(buf: &[u8]) -> Vec<u32> {
    let mut offsets = Vec::with_capacity(buf.len() / 32 + 2);
    offsets.push(0);
    for nl in memchr::memchr_iter(b'\n', buf) {
        offsets.push(nl as u32 + 1);
    }
    if buf.last().is_some_and(|&b| b != b'\n') {
        offsets.push(buf.len() as u32);
    }
    offsets
}

/// The number of lines of `buf` in git's model.
pub fn count_lines(buf: &[u8]) -> usize {
    let n = memchr::memchr_iter(b'\n', buf).count();
    if buf.last().is_some_and(|&b| b != b'\n') {
        n + 1
    } else {
        n
    }
}

/// git's `buffer_is_binary`: a NUL byte in the first 8,000 bytes.
pub fn is_binary(buf: &[u8]) -> bool {
    memchr::memchr(0, &buf[..buf.len().min(FIRST_FEW_BYTES)]).is_some()
}

/// git's `isspace` (its own ctype table): space, tab, LF and CR only; not VT or FF.
#[inline]
pub fn is_git_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_follow_git() {
        assert!(split_lines(b"").is_empty());
        assert_eq!(split_lines(b"a\nb"), vec![&b"a\n"[..], b"b"]);
        assert_eq!(split_lines(b"\n\n"), vec![&b"\n"[..], b"\n"]);
        assert_eq!(split_lines(b"a\r\n"), vec![&b"a\r\n"[..]]);
        assert_eq!(line_offsets(b"a\nb"), vec![0, 2, 3]);
        assert_eq!(line_offsets(b"a\n"), vec![0, 2]);
        assert_eq!(line_offsets(b""), vec![0]);
        assert_eq!(count_lines(b"a\nb"), 2);
        assert!(is_binary(b"a\0b"));
        assert!(!is_binary(b"abc"));
    }
}
