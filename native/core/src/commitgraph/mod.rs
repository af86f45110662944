//! Reading git's commit-graph (`objects/info/commit-graph` or the split chain in
//! `objects/info/commit-graphs/`), as described in git's `gitformat-commit-graph`: parents, root
//! tree and commit time of a commit without decoding the commit object, and the changed-path
//! Bloom filters (chunks `BIDX`/`BDAT`, see [`bloom`]).
//!
//! Everything is optional: a missing, unreadable or unfamiliar file means "no graph" (or a layer
//! less), and callers fall back to reading objects. Positions are global across the layers of a
//! chain, as in git (the base layer first).

pub mod bloom;

use std::path::Path;

use gix::ObjectId;

pub use bloom::{BloomKey, BloomSettings};

const SIGNATURE: &[u8; 4] = b"CGPH";
const NO_PARENT: u32 = 0x7000_0000;
const EXTRA_EDGES: u32 = 0x8000_0000;
const LAST_EDGE: u32 = 0x8000_0000;

/// One commit-graph file.
struct Layer {
    data: Vec<u8>,
    /// Commits in this layer.
    num: u32,
    /// Commits in the layers below.
    base: u32,
    fanout: usize,
    lookup: usize,
    cdat: usize,
    edges: Option<(usize, usize)>,
    bidx: Option<usize>,
    /// Start of the filter bytes (after the `BDAT` header), their length, the settings.
    bdat: Option<(usize, usize, BloomSettings)>,
}

/// What the graph records about one commit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GraphCommit {
    pub tree: ObjectId,
    /// The committer time, as git's commit-graph stores it (34 bits, seconds).
    pub time: i64,
}

/// A commit-graph with all its layers.
pub struct Graph {
    layers: Vec<Layer>,
    hash_len: usize,
    kind: gix::hash::Kind,
}

fn be32(d: &[u8], at: usize) -> u32 {
    u32::from_be_bytes(d[at..at + 4].try_into().expect("4 bytes"))
}

fn be64(d: &[u8], at: usize) -> u64 {
    u64::from_be_bytes(d[at..at + 8].try_into().expect("8 bytes"))
}

impl Layer {
    /// Parse one file; `None` if it is not a commit-graph we can read.
    fn parse(data: Vec<u8>, hash_len: usize, base: u32) -> Option<Layer> {
        if data.len() < 8 + 12 || &data[..4] != SIGNATURE || data[4] != 1 {
            return None;
        }
        let hash_version = data[5];
        let expected = if hash_len == 20 { 1 } else { 2 };
        if hash_version != expected {
            return None;
        }
        let chunks = data[6] as usize;
        let toc_end = 8 + 12 * (chunks + 1);
        if data.len() < toc_end + hash_len {
            return None;
        }
        let mut table = Vec::with_capacity(chunks);
        for i in 0..=chunks {
            let at = 8 + 12 * i;
            let id: [u8; 4] = data[at..at + 4].try_into().ok()?;
            let off = be64(&data, at + 4) as usize;
            table.push((id, off));
        }
        let file_end = data.len() - hash_len;
        let get = |name: &[u8; 4]| -> Option<(usize, usize)> {
            let i = table[..chunks].iter().position(|(id, _)| id == name)?;
            let (start, end) = (table[i].1, table[i + 1].1);
            (start <= end && end <= file_end && start >= toc_end).then_some((start, end - start))
        };
        let (fanout, flen) = get(b"OIDF")?;
        if flen != 256 * 4 {
            return None;
        }
        let num = be32(&data, fanout + 255 * 4);
        let (lookup, llen) = get(b"OIDL")?;
        let (cdat, clen) = get(b"CDAT")?;
        if llen != num as usize * hash_len || clen != num as usize * (hash_len + 16) {
            return None;
        }
        let edges = get(b"EDGE");
        let bidx = get(b"BIDX").filter(|&(_, len)| len == num as usize * 4).map(|(s, _)| s);
        let bdat = get(b"BDAT").and_then(|(s, len)| {
            if len < 12 {
                return None;
            }
            let settings = BloomSettings { version: be32(&data, s), num_hashes: be32(&data, s + 4), bits_per_entry: be32(&data, s + 8) };
            Some((s + 12, len - 12, settings))
        });
        let (bidx, bdat) = match (bidx, bdat) {
            (Some(i), Some(d)) if d.2.usable() => (Some(i), Some(d)),
            _ => (None, None),
        };
        Some(Layer { data, num, base, fanout, lookup, cdat, edges, bidx, bdat })
    }

    fn oid(&self, local: u32, hash_len: usize) -> &[u8] {
        let at = self.lookup + local as usize * hash_len;
        &self.data[at..at + hash_len]
    }

    fn find(&self, id: &[u8], hash_len: usize) -> Option<u32> {
        let first = id[0] as usize;
        let lo = if first == 0 { 0 } else { be32(&self.data, self.fanout + (first - 1) * 4) };
        let hi = be32(&self.data, self.fanout + first * 4);
        let (mut lo, mut hi) = (lo, hi.min(self.num));
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match self.oid(mid, hash_len).cmp(id) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(mid),
            }
        }
        None
    }
}

impl Graph {
    /// Open the commit-graph of the repository whose object directory is `objects`.
    /// `None` if there is none (or none we can read).
    pub fn open(objects: &Path, kind: gix::hash::Kind) -> Option<Graph> {
        let hash_len = kind.len_in_bytes();
        let info = objects.join("info");
        let mut layers = Vec::new();
        if let Ok(chain) = std::fs::read_to_string(info.join("commit-graphs").join("commit-graph-chain")) {
            let mut base = 0u32;
            for line in chain.lines().map(str::trim).filter(|l| !l.is_empty()) {
                let path = info.join("commit-graphs").join(format!("graph-{line}.graph"));
                // A layer missing or unreadable makes every layer above it unusable (positions shift).
                let Some(layer) = std::fs::read(&path).ok().and_then(|d| Layer::parse(d, hash_len, base)) else { break };
                base += layer.num;
                layers.push(layer);
            }
        }
        if layers.is_empty() {
            let data = std::fs::read(info.join("commit-graph")).ok()?;
            layers.push(Layer::parse(data, hash_len, 0)?);
        }
        Some(Graph { layers, hash_len, kind })
    }

    /// The commit-graph of `repo`, unless git would not use one either: `core.commitGraph=false`,
    /// a shallow clone, grafts or replace refs (their parents differ from the objects').
    pub fn for_repo(repo: &gix::Repository) -> Option<Graph> {
        let config = repo.config_snapshot();
        if config.boolean("core.commitGraph") == Some(false) {
            return None;
        }
        let shallow = repo.shallow_commits().ok().flatten().is_some_and(|s| !s.is_empty());
        if shallow || repo.common_dir().join("info").join("grafts").exists() {
            return None;
        }
        if let Ok(refs) = repo.references() {
            if let Ok(mut replace) = refs.prefixed("refs/replace/") {
                if replace.next().is_some() {
                    return None;
                }
            }
        }
        Graph::open(repo.objects.store_ref().path(), repo.object_hash())
    }

    /// The number of commits in all layers.
    pub fn len(&self) -> u32 {
        self.layers.last().map_or(0, |l| l.base + l.num)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether any layer has changed-path Bloom filters.
    pub fn has_bloom(&self) -> bool {
        self.layers.iter().any(|l| l.bdat.is_some())
    }

    /// The settings of the Bloom filters (those of the topmost layer that has filters, as git uses).
    pub fn bloom_settings(&self) -> Option<BloomSettings> {
        self.layers.iter().rev().find_map(|l| l.bdat.map(|b| b.2))
    }

    fn layer(&self, pos: u32) -> (&Layer, u32) {
        let i = self.layers.partition_point(|l| l.base + l.num <= pos);
        let l = &self.layers[i];
        (l, pos - l.base)
    }

    /// The position of commit `id`, if the graph has it.
    pub fn lookup(&self, id: &gix::oid) -> Option<u32> {
        let bytes = id.as_bytes();
        if bytes.len() != self.hash_len {
            return None;
        }
        // Newest layers first: recent commits are looked up most.
        self.layers.iter().rev().find_map(|l| l.find(bytes, self.hash_len).map(|p| p + l.base))
    }

    /// The id of the commit at `pos`.
    pub fn id_at(&self, pos: u32) -> ObjectId {
        let (l, local) = self.layer(pos);
        ObjectId::from_bytes_or_panic(l.oid(local, self.hash_len))
    }

    /// Root tree and commit time of the commit at `pos`.
    pub fn commit(&self, pos: u32) -> GraphCommit {
        let (l, local) = self.layer(pos);
        let at = l.cdat + local as usize * (self.hash_len + 16);
        let tree = ObjectId::from_bytes_or_panic(&l.data[at..at + self.hash_len]);
        let gen_time = be64(&l.data, at + self.hash_len + 8);
        let time = (gen_time & ((1u64 << 34) - 1)) as i64;
        GraphCommit { tree, time }
    }

    /// The parents' positions of the commit at `pos`, in order, appended to `out`.
    /// `false` if the graph is inconsistent (the caller should read the commit instead).
    pub fn parents(&self, pos: u32, out: &mut Vec<u32>) -> bool {
        let (l, local) = self.layer(pos);
        let at = l.cdat + local as usize * (self.hash_len + 16) + self.hash_len;
        let (p1, p2) = (be32(&l.data, at), be32(&l.data, at + 4));
        let total = self.len();
        if p1 == NO_PARENT {
            return true;
        }
        if p1 >= total {
            return false;
        }
        out.push(p1);
        if p2 == NO_PARENT {
            return true;
        }
        if p2 & EXTRA_EDGES == 0 {
            if p2 >= total {
                return false;
            }
            out.push(p2);
            return true;
        }
        let Some((start, len)) = l.edges else { return false };
        let mut i = (p2 & !EXTRA_EDGES) as usize * 4;
        loop {
            if i + 4 > len {
                return false;
            }
            let e = be32(&l.data, start + i);
            let p = e & !LAST_EDGE;
            if p >= total {
                return false;
            }
            out.push(p);
            if e & LAST_EDGE != 0 {
                return true;
            }
            i += 4;
        }
    }

    /// The changed-path Bloom filter of the commit at `pos` (against its first parent), if its
    /// layer has filters. An empty filter (git's "too many changes" in older versions) is `None`.
    pub fn bloom(&self, pos: u32) -> Option<bloom::Filter<'_>> {
        let (l, local) = self.layer(pos);
        let (bidx, (bdat, bdat_len, settings)) = (l.bidx?, l.bdat?);
        let end = be32(&l.data, bidx + local as usize * 4) as usize;
        let start = if local == 0 { 0 } else { be32(&l.data, bidx + (local as usize - 1) * 4) as usize };
        if start >= end || end > bdat_len {
            return None;
        }
        Some(bloom::Filter { data: &l.data[bdat + start..bdat + end], settings })
    }

    /// The object hash of the graph.
    pub fn hash_kind(&self) -> gix::hash::Kind {
        self.kind
    }
}
