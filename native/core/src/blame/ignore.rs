//! Ignored revisions: reading the lists, and guessing which parent line an ignored commit's line
//! came from (git's `guess_line_blames` and `fuzzy_find_matching_lines`, ported line by line from
//! git 2.39 `blame.c` so that the guesses are git's).
//!
//! A *fingerprint* is the multiset of lower-cased byte pairs of a line, whitespace turned into NUL
//! and pairs of whitespace skipped; two lines are as similar as the size of the intersection.

use std::path::Path;

use gix::ObjectId;

use crate::error::Warning;
use crate::text::is_git_space;

/// A line's byte-pair multiset as (pair, count), sorted by pair.
#[derive(Debug, Clone, Default)]
pub struct Fingerprint(Vec<(u16, u32)>);

impl Fingerprint {
    /// git's `get_fingerprint` on one line (its `\n` included).
    pub fn of(line: &[u8]) -> Self {
        let mut pairs: Vec<u16> = Vec::with_capacity(line.len() + 1);
        let mut c0: u16 = 0;
        for p in 0..=line.len() {
            let c1: u16 = if p == line.len() || is_git_space(line[p]) { 0 } else { line[p].to_ascii_lowercase() as u16 };
            let hash = c0 | (c1 << 8);
            c0 = c1;
            if hash == 0 {
                continue;
            }
            pairs.push(hash);
        }
        pairs.sort_unstable();
        let mut out: Vec<(u16, u32)> = Vec::with_capacity(pairs.len());
        for h in pairs {
            match out.last_mut() {
                Some((k, n)) if *k == h => *n += 1,
                _ => out.push((h, 1)),
            }
        }
        Fingerprint(out)
    }

    /// `fingerprint_similarity`: the size of the multiset intersection.
    pub fn similarity(&self, other: &Fingerprint) -> i64 {
        let (a, b) = (&self.0, &other.0);
        let (mut i, mut j, mut sum) = (0, 0, 0i64);
        while i < a.len() && j < b.len() {
            match a[i].0.cmp(&b[j].0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    sum += a[i].1.min(b[j].1) as i64;
                    i += 1;
                    j += 1;
                }
            }
        }
        sum
    }

    /// `fingerprint_subtract`: remove `other`'s pairs from `self` (a pair whose count would drop
    /// to zero or below disappears).
    pub fn subtract(&mut self, other: &Fingerprint) {
        let b = &other.0;
        let mut j = 0;
        self.0.retain_mut(|(k, n)| {
            while j < b.len() && b[j].0 < *k {
                j += 1;
            }
            if j < b.len() && b[j].0 == *k {
                if *n <= b[j].1 {
                    return false;
                }
                *n -= b[j].1;
            }
            true
        });
    }
}

/// Fingerprints of every line of `buf`.
pub fn line_fingerprints(buf: &[u8]) -> Vec<Fingerprint> {
    crate::text::split_lines(buf).into_iter().map(Fingerprint::of).collect()
}

/// Where one target line of an ignored hunk goes: to a parent line, or it stays (unblamable).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineBlame {
    pub is_parent: bool,
    /// Parent line when `is_parent`, else the target line.
    pub s_lno: u32,
}

const FINGERPRINT_FILE_THRESHOLD: i64 = 10;
const CERTAIN_NOTHING_MATCHES: i64 = -2;
const CERTAINTY_NOT_CALCULATED: i64 = -1;

/// `scan_parent_range`: the most similar parent line anywhere, ties to the closest line number.
fn scan_parent_range(p_fps: &[Fingerprint], t_fps: &[Fingerprint], t_idx: usize, from: usize, nr_lines: usize) -> i64 {
    let mut best_sim_val = FINGERPRINT_FILE_THRESHOLD;
    let mut best_sim_idx: i64 = -1;
    for (p_idx, p_fp) in p_fps.iter().enumerate().skip(from).take(nr_lines) {
        let sim = t_fps[t_idx].similarity(p_fp);
        if sim < best_sim_val {
            continue;
        }
        if sim == best_sim_val && best_sim_idx != -1 && (best_sim_idx - t_idx as i64).abs() < (p_idx as i64 - t_idx as i64).abs() {
            continue;
        }
        best_sim_val = sim;
        best_sim_idx = p_idx as i64;
    }
    best_sim_idx
}

/// `guess_line_blames` for target lines `tlno..same` whose parent chunk starts at `tlno + offset`
/// and is `parent_len` lines long. `p_fps` is changed (matched pairs are used up), as in git.
pub fn guess_line_blames(
    p_fps: &mut [Fingerprint],
    t_fps: &[Fingerprint],
    tlno: u32,
    offset: i64,
    same: u32,
    parent_len: u32,
) -> Vec<LineBlame> {
    let parent_slno = tlno as i64 + offset;
    let fuzzy = fuzzy_find_matching_lines(p_fps, t_fps, tlno as i64, parent_slno, same as i64, parent_len as i64);
    let mut out = Vec::with_capacity((same - tlno) as usize);
    for i in 0..(same - tlno) as usize {
        let target_idx = tlno as usize + i;
        let best = match &fuzzy {
            Some(m) if m[i] >= 0 => m[i],
            _ => scan_parent_range(p_fps, t_fps, target_idx, 0, p_fps.len()),
        };
        out.push(if best >= 0 {
            LineBlame { is_parent: true, s_lno: best as u32 }
        } else {
            LineBlame { is_parent: false, s_lno: target_idx as u32 }
        });
    }
    out
}

struct Mapping {
    destination_start: i64,
    destination_length: i64,
    source_start: i64,
    source_length: i64,
}

fn map_line_number(line_number: i64, m: &Mapping) -> i64 {
    ((line_number - m.source_start) * 2 + 1) * m.destination_length / (m.source_length * 2) + m.destination_start
}

/// Shared state of one `fuzzy_find_matching_lines` call; b-side arrays are indexed from the
/// chunk's first target line, a-side fingerprints by absolute parent line.
struct Fuzzy<'a> {
    fa: &'a mut [Fingerprint],
    fb: &'a [Fingerprint],
    similarities: Vec<i64>,
    certainties: Vec<i64>,
    second_best_result: Vec<i64>,
    result: Vec<i64>,
    msd_a: i64,
    msd_b: i64,
    map: Mapping,
    top_start_b: i64,
}

impl Fuzzy<'_> {
    /// `get_similarity`: index of (line_a, local_line_b) relative to the row's closest a-line.
    fn sim_index(&self, line_a: i64, global_b: i64, closest_line_a: i64) -> usize {
        (line_a - closest_line_a + self.msd_a + global_b * (self.msd_a * 2 + 1)) as usize
    }

    fn find_best_line_matches(&mut self, start_a: i64, length_a: i64, start_b: i64, local_line_b: i64) {
        let gb = start_b - self.top_start_b + local_line_b;
        if self.certainties[gb as usize] != CERTAINTY_NOT_CALCULATED {
            return;
        }
        let closest = map_line_number(local_line_b + start_b, &self.map) - start_a;
        let search_start = (closest - self.msd_a).max(0);
        let search_end = (closest + self.msd_a + 1).min(length_a);
        let (mut best, mut second, mut best_i, mut second_i) = (0i64, 0i64, 0i64, 0i64);
        for i in search_start..search_end {
            let idx = self.sim_index(i, gb, closest);
            if self.similarities[idx] == -1 {
                let s = self.fb[(start_b + local_line_b) as usize].similarity(&self.fa[(start_a + i) as usize]);
                self.similarities[idx] = s * (1000 - (i - closest).abs());
            }
            let sim = self.similarities[idx];
            if sim > best {
                second = best;
                second_i = best_i;
                best = sim;
                best_i = i;
            } else if sim > second {
                second = sim;
                second_i = i;
            }
        }
        if best == 0 {
            self.certainties[gb as usize] = CERTAIN_NOTHING_MATCHES;
            self.result[gb as usize] = -1;
        } else {
            self.certainties[gb as usize] = best * 2 - second;
            self.result[gb as usize] = start_a + best_i;
            self.second_best_result[gb as usize] = start_a + second_i;
        }
    }

    fn recurse(&mut self, start_a: i64, start_b: i64, length_a: i64, length_b: i64) {
        let base = start_b - self.top_start_b;
        let mut most_certain_local_b: i64 = -1;
        let mut most_certain_certainty: i64 = -1;
        for i in 0..length_b {
            self.find_best_line_matches(start_a, length_a, start_b, i);
            let c = self.certainties[(base + i) as usize];
            if c > most_certain_certainty {
                most_certain_certainty = c;
                most_certain_local_b = i;
            }
        }
        if most_certain_local_b == -1 {
            return;
        }
        let most_certain_a = self.result[(base + most_certain_local_b) as usize];
        if most_certain_a < 0 {
            // Only CERTAIN_NOTHING_MATCHES (-2) lines: certainty -2 never beats -1, so this is unreachable.
            return;
        }
        let b_fp = self.fb[(start_b + most_certain_local_b) as usize].clone();
        self.fa[most_certain_a as usize].subtract(&b_fp);

        let invalidate_min = (most_certain_local_b - self.msd_b).max(0);
        let invalidate_max = (most_certain_local_b + self.msd_b + 1).min(length_b);
        for i in invalidate_min..invalidate_max {
            let closest = map_line_number(i + start_b, &self.map) - start_a;
            if (most_certain_a - start_a - closest).abs() > self.msd_a {
                continue;
            }
            let idx = self.sim_index(most_certain_a - start_a, base + i, closest);
            self.similarities[idx] = -1;
        }
        let mut i = most_certain_local_b - 1;
        while i >= invalidate_min {
            let g = (base + i) as usize;
            if self.certainties[g] >= 0 && (self.result[g] >= most_certain_a || self.second_best_result[g] >= most_certain_a) {
                self.certainties[g] = CERTAINTY_NOT_CALCULATED;
            }
            i -= 1;
        }
        for i in most_certain_local_b + 1..invalidate_max {
            let g = (base + i) as usize;
            if self.certainties[g] >= 0 && (self.result[g] <= most_certain_a || self.second_best_result[g] <= most_certain_a) {
                self.certainties[g] = CERTAINTY_NOT_CALCULATED;
            }
        }
        if most_certain_local_b > 0 {
            self.recurse(start_a, start_b, most_certain_a + 1 - start_a, most_certain_local_b);
        }
        if most_certain_local_b + 1 < length_b {
            let second_half_start_a = most_certain_a;
            let offset_b = most_certain_local_b + 1;
            let second_half_start_b = start_b + offset_b;
            let second_half_length_a = length_a + start_a - second_half_start_a;
            let second_half_length_b = length_b + start_b - second_half_start_b;
            self.recurse(second_half_start_a, second_half_start_b, second_half_length_a, second_half_length_b);
        }
    }
}

fn fuzzy_find_matching_lines(
    p_fps: &mut [Fingerprint],
    t_fps: &[Fingerprint],
    tlno: i64,
    parent_slno: i64,
    same: i64,
    parent_len: i64,
) -> Option<Vec<i64>> {
    let (start_a, length_a, start_b, length_b) = (parent_slno, parent_len, tlno, same - tlno);
    if length_a <= 0 {
        return None;
    }
    let mut msd_a = 10;
    if msd_a >= length_a {
        msd_a = length_a - 1;
    }
    let msd_b = ((2 * msd_a + 1) * length_b - 1) / length_a;
    let n = length_b as usize;
    let mut f = Fuzzy {
        fa: p_fps,
        fb: t_fps,
        similarities: vec![-1; n * (msd_a as usize * 2 + 1)],
        certainties: vec![CERTAINTY_NOT_CALCULATED; n],
        second_best_result: vec![-1; n],
        result: vec![-1; n],
        msd_a,
        msd_b,
        map: Mapping { destination_start: start_a, destination_length: length_a, source_start: start_b, source_length: length_b },
        top_start_b: start_b,
    };
    f.recurse(start_a, start_b, length_a, length_b);
    Some(f.result)
}

/// Parse an ignore-revs file as git's `oidset_parse_file_carefully` does: `#` starts a comment,
/// blank lines are skipped, every other line must be a full object id naming a commit. Lines git
/// would reject or skip become warnings here.
pub fn parse_ignore_revs_file(repo: &gix::Repository, path: &Path, out: &mut Vec<ObjectId>, warnings: &mut Vec<Warning>) {
    let buf = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            warnings.push(Warning {
                code: "IGNORE_REVS_FILE_UNREADABLE",
                message: format!("the ignore-revs file '{}' cannot be read: {e}", path.display()),
            });
            return;
        }
    };
    for (no, raw) in buf.split(|&b| b == b'\n').enumerate() {
        let line = match raw.iter().position(|&b| b == b'#') {
            Some(p) => &raw[..p],
            None => raw,
        };
        let line = String::from_utf8_lossy(line);
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let where_ = format!("'{}' line {}", path.display(), no + 1);
        match ObjectId::from_hex(line.as_bytes()) {
            Ok(id) => match peel_to_commit(repo, id) {
                Some(c) => out.push(c),
                None => warnings.push(Warning {
                    code: "IGNORE_REV_UNKNOWN",
                    message: format!("{where_}: {line} is not a commit in this repository; skipped"),
                }),
            },
            Err(_) => warnings.push(Warning {
                code: "IGNORE_REV_MALFORMED",
                message: format!("{where_}: '{line}' is not a full object id; skipped"),
            }),
        }
    }
}

/// `--ignore-rev <rev>`: any committish.
pub fn resolve_ignore_rev(repo: &gix::Repository, rev: &str, out: &mut Vec<ObjectId>, warnings: &mut Vec<Warning>) {
    let peeled = repo.rev_parse_single(rev).ok().and_then(|id| peel_to_commit(repo, id.detach()));
    match peeled {
        Some(c) => out.push(c),
        None => warnings.push(Warning {
            code: "IGNORE_REV_UNKNOWN",
            message: format!("cannot find revision '{rev}' to ignore; skipped"),
        }),
    }
}

fn peel_to_commit(repo: &gix::Repository, id: ObjectId) -> Option<ObjectId> {
    let object = repo.try_find_object(id).ok()??;
    object.peel_to_commit().ok().map(|c| c.id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_follow_git_examples() {
        // "cat mat" vs "father rather": "at" twice in both.
        assert_eq!(Fingerprint::of(b"cat mat").similarity(&Fingerprint::of(b"father rather")), 2);
        assert_eq!(Fingerprint::of(b"tim").similarity(&Fingerprint::of(b"mit")), 0);
        let mut a = Fingerprint::of(b"abab");
        a.subtract(&Fingerprint::of(b"ab"));
        assert_eq!(a.similarity(&Fingerprint::of(b"abab")), 2); // {ab:1, ba:1} left
    }
}
