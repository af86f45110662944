//! The distinct commits of a [`super::FilesBlame`], as columns, for callers that hand a whole
//! batch across a boundary in one piece (the addon: `native/binding/src/commit_table.rs`). The
//! commit records of a whole repository's blame (15,600 on the generated benchmark repository)
//! repeat their names, emails and time zones from commit to commit: those are kept once each, and
//! the ids and summaries are concatenated, to be sliced by the receiver.

use rustc_hash::FxHashMap;

use super::BlameCommit;

/// Commits as columns; commit `i` is the `i`th pushed.
#[derive(Debug, Default)]
pub struct CommitTable {
    /// Every commit's id (40 or 64 hex digits, all of one length), one after another.
    pub ids: String,
    /// Names, emails and time zones, each distinct one once.
    pub strings: StringTable,
    /// Six per commit, into `strings`: author name, email, time zone; committer name, email,
    /// time zone.
    pub people: Vec<u32>,
    /// Two per commit: author time, committer time (seconds since the epoch; far inside f64's
    /// exact integers).
    pub times: Vec<f64>,
    /// Every commit's summary, one after another.
    pub summaries: String,
    /// Where each summary starts in `summaries`, then where the last one ends (empty when there
    /// are no commits), in UTF-16 code units: a JavaScript string's indexes.
    pub summary_start: Vec<u32>,
    /// Per commit: 1 for a boundary commit, else 0.
    pub boundary: Vec<u8>,
    /// The table's commits by id, except the uncommitted one's (see [`CommitTable::index_of`]).
    by_id: FxHashMap<String, u32>,
}

impl CommitTable {
    pub fn len(&self) -> usize {
        self.boundary.len()
    }

    pub fn is_empty(&self) -> bool {
        self.boundary.is_empty()
    }

    /// The index of `c` in the table, adding it the first time its id comes. The all-zero commit
    /// (uncommitted lines) names its file in its summary, so each file gets its own.
    pub fn index_of(&mut self, c: &BlameCommit) -> u32 {
        let uncommitted = c.id.bytes().all(|b| b == b'0');
        if !uncommitted {
            if let Some(&i) = self.by_id.get(&c.id) {
                return i;
            }
            self.by_id.insert(c.id.clone(), self.len() as u32);
        }
        self.push(c);
        self.len() as u32 - 1
    }

    fn push(&mut self, c: &BlameCommit) {
        self.ids.push_str(&c.id);
        let author = [&c.author_name, &c.author_email, &c.author_tz].map(|s| self.strings.intern(s));
        // Most commits are committed by their author, in the same zone: compared, not looked up.
        let committer = [(&c.committer_name, &c.author_name), (&c.committer_email, &c.author_email), (&c.committer_tz, &c.author_tz)];
        let committer: [u32; 3] = std::array::from_fn(|k| if committer[k].0 == committer[k].1 { author[k] } else { self.strings.intern(committer[k].0) });
        self.people.extend(author);
        self.people.extend(committer);
        self.times.extend([c.author_time as f64, c.committer_time as f64]);
        let start = match self.summary_start.last() {
            Some(&end) => end,
            None => {
                self.summary_start.push(0);
                0
            }
        };
        self.summaries.push_str(&c.summary);
        self.summary_start.push(start + utf16_len(&c.summary));
        self.boundary.push(c.boundary as u8);
    }
}

/// Strings, each distinct one once: [`StringTable::into_items`]`[i]` is the string interned as `i`.
#[derive(Debug, Default)]
pub struct StringTable {
    /// Each string with its index: kept once, and put in order when the table is done (a
    /// whole-repository batch interns some 50,000 paths and ids, most of them more than once).
    index: FxHashMap<String, u32>,
}

impl StringTable {
    /// A table with room for `n` distinct strings.
    pub fn with_capacity(n: usize) -> Self {
        StringTable { index: FxHashMap::with_capacity_and_hasher(n, Default::default()) }
    }

    /// The index of `s`, adding it the first time it comes.
    pub fn intern(&mut self, s: &str) -> u32 {
        if let Some(&i) = self.index.get(s) {
            return i;
        }
        let i = self.index.len() as u32;
        self.index.insert(s.to_owned(), i);
        i
    }

    /// The strings, in the order they were first interned.
    pub fn into_items(self) -> Vec<String> {
        let mut items = vec![String::new(); self.index.len()];
        for (s, i) in self.index {
            items[i as usize] = s;
        }
        items
    }
}

/// The length of `s` in UTF-16 code units, as JavaScript counts a string's length.
fn utf16_len(s: &str) -> u32 {
    if s.is_ascii() { s.len() as u32 } else { s.encode_utf16().count() as u32 }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn commit(id: char, author: &str, summary: &str) -> BlameCommit {
        BlameCommit {
            id: id.to_string().repeat(40),
            author_name: author.into(),
            author_email: "a@example.com".into(),
            author_time: 1_700_000_000,
            author_tz: "+0100".into(),
            committer_name: "C".into(),
            committer_email: "a@example.com".into(),
            committer_time: 1_700_000_001,
            committer_tz: "+0100".into(),
            summary: summary.into(),
            boundary: id == 'b',
        }
    }

    #[test]
    fn commits_once_each_and_summaries_by_utf16_offsets() {
        let mut table = CommitTable::default();
        let order: Vec<u32> = [commit('a', "Zoë", "🙂 smile"), commit('b', "Bo", "plain"), commit('a', "Zoë", "🙂 smile"), commit('0', "N", "x"), commit('0', "N", "y")]
            .iter()
            .map(|c| table.index_of(c))
            .collect();
        assert_eq!(order, [0, 1, 0, 2, 3], "one entry per id; the uncommitted one is never shared");
        let t = table;
        assert_eq!(t.ids, ["a", "b", "0", "0"].map(|c| c.repeat(40)).concat());
        // "🙂 smile" is 8 UTF-16 units (the emoji takes two): the next summary starts there.
        assert_eq!(t.summaries, "🙂 smileplainxy");
        assert_eq!(t.summary_start, [0, 8, 13, 14, 15]);
        // Zoë, the shared email and zone, C, Bo, N: each once.
        assert_eq!(t.people[..12], [0, 1, 2, 3, 1, 2, 4, 1, 2, 3, 1, 2]);
        assert_eq!(t.times[..2], [1_700_000_000.0, 1_700_000_001.0]);
        assert_eq!(t.boundary, [0, 1, 0, 0]);
        assert_eq!(t.strings.into_items(), ["Zoë", "a@example.com", "+0100", "C", "Bo", "N"]);
    }
}
