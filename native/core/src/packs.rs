//! Reading objects from pack files with a cache of every delta-chain member.
//!
//! A history walk reads one file's versions one after another, and in a pack those versions are
//! deltas of each other. gix's pack decoder caches only the objects it was asked for, never the
//! undeltified base at the root of a chain, so each version re-inflates that base: most of a
//! whole-repository blame went there. This reader resolves chains itself and keeps every object it
//! decoded on the way (bounded by bytes, least recently used out first), so reading the next
//! version costs one small delta; a large file's versions are kept as pieces of their bases and
//! deltas, not copied out ([`crate::pieces`]). Objects that are not in a pack of the repository's
//! own object folder (loose objects, alternates, a pack written after the reader opened) are read
//! through gix.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock, Weak};
use std::time::SystemTime;

use gix::odb::pack;
use gix::ObjectId;
use rustc_hash::FxHashMap;

use crate::budget::Budget;
use crate::error::{Error, ErrorCode, Result};
use crate::pieces::{delta_ops, DeltaOp, Text, PIECES_MIN};
use crate::repo::{self, RawObject};

/// Deltas followed before a chain is taken for a cycle (git's own default depth is 50).
const MAX_CHAIN: usize = 10_000;
/// Object locations remembered before the memo is emptied: about 50 bytes each, so at most some
/// 13 MiB per reader (history analysis runs one reader per thread).
const MAX_LOCATIONS: usize = 1 << 18;

/// The repository's packs, opened once and shared by every reader of them in the process while
/// any is alive (see [`Packs::open`]).
pub struct Packs {
    bundles: Vec<pack::Bundle>,
    /// Each bundle's index fan-out table, for [`Packs::lookup`] (None: left to gix's lookup).
    fans: Vec<Option<Box<[u32; 256]>>>,
}

/// A pack folder's index files as listed: path, modification time, size. The same listing means
/// the same packs (git never rewrites a pack in place: a repack writes new files).
type Listing = Vec<(PathBuf, Option<SystemTime>, u64)>;

/// Packs open in this process, per pack folder, with the listing they were opened from. Weak: the
/// files stay mapped only while a reader holds them.
type OpenPacks = Mutex<FxHashMap<PathBuf, (Listing, Weak<Packs>)>>;

fn open_packs() -> &'static OpenPacks {
    static OPEN: OnceLock<OpenPacks> = OnceLock::new();
    OPEN.get_or_init(Default::default)
}

impl Packs {
    /// Every pack of the repository's object folder; a pack that does not open is left to gix.
    /// Readers that run at the same time share one mapping of each file: the resident memory of
    /// the process counts a mapped page once per mapping, and a whole-repository analysis has
    /// seven readers (on the generated benchmark repository each mapping its own copy put about
    /// 100 MiB more in its resident memory).
    pub fn open(repo: &gix::Repository) -> Arc<Packs> {
        let dir = repo.objects.store_ref().path().join("pack");
        let mut listing: Listing = std::fs::read_dir(&dir)
            .map(|rd| rd.filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "idx")).collect::<Vec<_>>())
            .unwrap_or_default()
            .into_iter()
            .map(|p| {
                let meta = std::fs::metadata(&p).ok();
                let (modified, len) = (meta.as_ref().and_then(|m| m.modified().ok()), meta.map_or(0, |m| m.len()));
                (p, modified, len)
            })
            .collect();
        // Newest first: recent history, which a walk reads most, lives in recent packs.
        listing.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        // A poisoned lock only means a thread panicked holding it; the map is still whole.
        let mut open = open_packs().lock().unwrap_or_else(|e| e.into_inner());
        open.retain(|_, (_, packs)| packs.strong_count() > 0);
        if let Some(packs) = open.get(&dir).filter(|(was, _)| *was == listing).and_then(|(_, packs)| packs.upgrade()) {
            return packs;
        }
        let bundles: Vec<pack::Bundle> = listing.iter().filter_map(|(p, _, _)| pack::Bundle::at(p, repo.object_hash()).ok()).collect();
        let fans = bundles.iter().map(|b| read_fan(&b.index)).collect();
        let packs = Arc::new(Packs { bundles, fans });
        open.insert(dir, (listing, Arc::downgrade(&packs)));
        packs
    }

    /// The entry of `id` in the index of bundle `p`: the fan-out table narrows the search to the
    /// ids with `id`'s first byte, then a binary search compares the ids' first eight bytes as one
    /// number, and all of them only when those are equal. gix's lookup compares whole ids with
    /// `memcmp`, a call per step: 3-4% of a cold whole-repository blame of express.
    fn lookup(&self, p: usize, id: &gix::oid) -> Option<u32> {
        let index = &self.bundles[p].index;
        let want = id.as_bytes();
        let Some(fan) = self.fans[p].as_ref().filter(|_| want.len() >= 8) else {
            return index.lookup(id);
        };
        let key = prefix_key(want);
        let first = want[0] as usize;
        let (mut lo, mut hi) = (if first == 0 { 0 } else { fan[first - 1] }, fan[first]);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            let have = index.oid_at_index(mid).as_bytes();
            let order = key.cmp(&prefix_key(have)).then_with(|| want.cmp(have));
            match order {
                std::cmp::Ordering::Less => hi = mid,
                std::cmp::Ordering::Greater => lo = mid + 1,
                std::cmp::Ordering::Equal => return Some(mid),
            }
        }
        None
    }
}

/// An id's first eight bytes as a big-endian number: ordered as the ids are.
#[inline(always)]
fn prefix_key(id: &[u8]) -> u64 {
    let mut first = [0u8; 8];
    first.copy_from_slice(&id[..8]);
    u64::from_be_bytes(first)
}

/// The fan-out table of a pack index, read from its file (gix keeps its own private): 256
/// big-endian counts after the 8-byte header of a version 2 index, at the start of a version 1
/// index. None when it cannot be read or does not agree with what gix read.
fn read_fan(index: &pack::index::File) -> Option<Box<[u32; 256]>> {
    use std::io::{Read, Seek, SeekFrom};
    let start = match index.version() {
        pack::index::Version::V2 => 8,
        pack::index::Version::V1 => 0,
    };
    let mut raw = [0u8; 256 * 4];
    let mut file = std::fs::File::open(index.path()).ok()?;
    file.seek(SeekFrom::Start(start)).ok()?;
    file.read_exact(&mut raw).ok()?;
    let mut fan = Box::new([0u32; 256]);
    for (f, c) in fan.iter_mut().zip(raw.chunks_exact(4)) {
        *f = u32::from_be_bytes(c.try_into().ok()?);
    }
    let ascending = fan.windows(2).all(|w| w[0] <= w[1]);
    (ascending && fan[255] == index.num_objects() && index.object_hash().len_in_bytes() >= 8).then_some(fan)
}

/// A decoded object kept by the cache.
struct Cached {
    kind: gix::object::Kind,
    data: Text,
    used: u64,
}

/// Decoded objects keyed by (pack index, entry offset), bounded by bytes, least recently used out
/// first.
struct Decoded {
    objects: FxHashMap<(u32, u64), Cached>,
    bytes: usize,
    budget: Budget<(u32, u64)>,
    clock: u64,
}

impl Decoded {
    fn get(&mut self, key: (u32, u64)) -> Option<(gix::object::Kind, Text)> {
        self.clock += 1;
        let c = self.objects.get_mut(&key)?;
        c.used = self.clock;
        Some((c.kind, c.data.clone()))
    }

    fn remember(&mut self, key: (u32, u64), kind: gix::object::Kind, data: Text) {
        self.budget.stored(&key, data.len());
        // An object bigger than a quarter of the budget would only push everything else out
        // (counted as evicted: needed again, it may make the budget grow).
        if data.len() > self.budget.bytes() / 4 {
            self.budget.evicted(key);
            return;
        }
        self.bytes += data.len();
        self.objects.insert(key, Cached { kind, data, used: self.clock });
        if self.bytes > self.budget.bytes() {
            self.evict();
        }
    }

    /// Drop the least recently used half.
    fn evict(&mut self) {
        let mut uses: Vec<u64> = self.objects.values().map(|c| c.used).collect();
        uses.sort_unstable();
        let cut = uses[uses.len() / 2];
        let mut bytes = 0;
        let budget = &mut self.budget;
        self.objects.retain(|&key, c| {
            let keep = c.used >= cut;
            if keep {
                bytes += c.data.len();
            } else {
                budget.evicted(key);
            }
            keep
        });
        self.bytes = bytes;
    }
}

/// Reads objects, resolving pack deltas with a cache of every object decoded on the way.
pub struct ObjectReader {
    /// Shared with every other reader of the same packs at the time ([`Packs::open`]): borrowed,
    /// never cloned per object (its count would bounce between cores on every read).
    packs: Arc<Packs>,
    cache: Decoded,
    last_pack: usize,
    /// Where objects were found: a walk of many files reads each tree twice (as a commit's and
    /// as its child's parent's), and a binary search of a large pack index costs a cache miss per
    /// step. None when the reader's objects are read once each ([`ObjectReader::read_once`]).
    locations: Option<FxHashMap<ObjectId, (u32, u64)>>,
    inflate: Inflaters,
    /// The delta being applied, reused: deltas are dropped once applied.
    delta: Vec<u8>,
}

impl ObjectReader {
    /// A reader whose cache holds up to `max_bytes` of decoded objects.
    pub fn new(packs: Arc<Packs>, max_bytes: usize) -> Self {
        ObjectReader::with_budget(packs, Budget::fixed(max_bytes))
    }

    /// A reader whose cache holds what `budget` allows (which may grow).
    pub fn with_budget(packs: Arc<Packs>, budget: Budget<(u32, u64)>) -> Self {
        // Sized for the objects the budget holds (up to a limit), so that the table is not
        // rebuilt as it grows: each rebuild wrote a fresh table, a page fault per 4 KiB of it.
        let objects = FxHashMap::with_capacity_and_hasher((budget.ceiling() / 4096).clamp(64, 8192), Default::default());
        ObjectReader {
            packs,
            cache: Decoded { objects, bytes: 0, budget, clock: 0 },
            last_pack: 0,
            locations: Some(FxHashMap::default()),
            inflate: Inflaters::default(),
            delta: Vec::new(),
        }
    }

    /// A reader that does not remember where it found objects, for a walk that reads each object
    /// once: one file's blame looks each root tree up once (express's package.json: 2 of 4,261
    /// locations asked again), so remembering them only cost a table entry each (together with
    /// the other changes of 8365021, 2,787 page faults became 2,524; the time did not change
    /// measurably).
    pub fn read_once(mut self) -> Self {
        self.locations = None;
        self
    }

    /// A blob's bytes; another kind of object is an internal error.
    pub fn blob(&mut self, repo: &gix::Repository, id: ObjectId) -> Result<Arc<Vec<u8>>> {
        of_kind(id, gix::object::Kind::Blob, self.object(repo, id)?)
    }

    /// A commit's bytes; another kind of object is an internal error.
    pub fn commit(&mut self, repo: &gix::Repository, id: ObjectId) -> Result<Arc<Vec<u8>>> {
        of_kind(id, gix::object::Kind::Commit, self.object(repo, id)?)
    }

    /// Any object, from the packs when it is there, otherwise through gix.
    pub fn object(&mut self, repo: &gix::Repository, id: ObjectId) -> Result<(gix::object::Kind, Arc<Vec<u8>>)> {
        self.object_text(repo, id).map(|(kind, text)| (kind, text.flat()))
    }

    /// A blob's bytes as the reader keeps them: a large file's version as pieces of its delta
    /// bases ([`crate::pieces`]); another kind of object is an internal error.
    pub fn text(&mut self, repo: &gix::Repository, id: ObjectId) -> Result<Text> {
        let (kind, text) = self.object_text(repo, id)?;
        if kind != gix::object::Kind::Blob {
            return Err(Error::internal(format!("{id} is a {kind} where a blob was expected")));
        }
        Ok(text)
    }

    /// Any object, its bytes as the reader keeps them.
    fn object_text(&mut self, repo: &gix::Repository, id: ObjectId) -> Result<(gix::object::Kind, Text)> {
        let found = match self.locations.as_ref().and_then(|l| l.get(&id)) {
            Some(&(p, offset)) => Some((p as usize, offset)),
            None => self.locate(&id).inspect(|&(p, offset)| {
                if let Some(locations) = &mut self.locations {
                    if locations.len() >= MAX_LOCATIONS {
                        locations.clear();
                    }
                    locations.insert(id, (p as u32, offset));
                }
            }),
        };
        match found {
            Some((p, offset)) => self.decode(repo, p, offset).map_err(|e| e.context_for(&id)),
            None => {
                let RawObject { kind, data } = repo::find(repo, id)?;
                Ok((kind, Text::Flat(Arc::new(data))))
            }
        }
    }

    /// A commit read whole and not cached, for readers that read each commit once (the details
    /// of the commits a blame names); another kind of object is an internal error.
    pub fn commit_once(&mut self, repo: &gix::Repository, id: ObjectId) -> Result<Arc<Vec<u8>>> {
        of_kind(id, gix::object::Kind::Commit, self.object_start(repo, id, usize::MAX)?)
    }

    /// The start of an object, for readers that need only its first lines (a commit's header):
    /// the whole object when it is no longer than `max` bytes, otherwise the complete lines among
    /// its first `max` bytes (possibly none). Inflating stops there. What is read here is not
    /// cached: a reader of headers keeps what it parsed, and most commits are read once (a blame of
    /// one file reads thousands and asks again for the few it blames; kept, each cold blame of
    /// express's package.json touched about 2 MB more). An object that is deltified, already
    /// cached or outside the packs is read whole (see [`ObjectReader::object`]).
    pub fn object_start(&mut self, repo: &gix::Repository, id: ObjectId, max: usize) -> Result<(gix::object::Kind, Arc<Vec<u8>>)> {
        let Some((p, offset)) = self.locations.as_ref().and_then(|l| l.get(&id)).map(|&(p, o)| (p as usize, o)).or_else(|| self.locate(&id)) else {
            return self.object(repo, id);
        };
        let read_whole = |reader: &mut ObjectReader| reader.decode(repo, p, offset).map(|(kind, text)| (kind, text.flat())).map_err(|e| e.context_for(&id));
        let file = &self.packs.bundles[p].pack;
        let direct = match file.entry(offset) {
            Ok(entry) => match entry.header.as_kind() {
                Some(kind) if self.cache.get((p as u32, offset)).is_none() => {
                    file.entry_slice(entry.data_offset..file.pack_end() as u64).map(|input| (kind, input, entry.decompressed_size))
                }
                _ => None,
            },
            Err(_) => None,
        };
        let Some((kind, input, size)) = direct else {
            return read_whole(self);
        };
        // Zeroed first: libdeflate stops before the first literal or match that does not fit, so
        // a prefix of the buffer holds the object's start and the rest stays zero (no newline).
        let whole = size <= max as u64;
        let mut out = vec![0u8; if whole { size as usize } else { max }];
        match self.inflate.for_stream(input).zlib_decompress(input, &mut out) {
            Ok(n) if whole && n as u64 == size => Ok((kind, Arc::new(out))),
            Err(libdeflater::DecompressionError::InsufficientSpace) if !whole => {
                let complete = memchr::memrchr(b'\n', &out).map_or(0, |i| i + 1);
                out.truncate(complete);
                Ok((kind, Arc::new(out)))
            }
            // Another size than the entry header says, or a damaged stream: the whole read says
            // which.
            _ => read_whole(self),
        }
    }

    fn locate(&mut self, id: &ObjectId) -> Option<(usize, u64)> {
        let bundles = &self.packs.bundles;
        let order = std::iter::once(self.last_pack).chain((0..bundles.len()).filter(|&i| i != self.last_pack));
        for i in order {
            let Some(b) = bundles.get(i) else { continue };
            if let Some(idx) = self.packs.lookup(i, id) {
                self.last_pack = i;
                return Some((i, b.index.pack_offset_at_index(idx)));
            }
        }
        None
    }

    /// The object at `offset` of pack `p`: walk down its delta chain to a cached or undeltified
    /// object, then apply the deltas upwards, caching each result. Inlined into its two callers:
    /// as a call of its own, a cold blame of a long history took 5-7% longer.
    #[inline(always)]
    fn decode(&mut self, repo: &gix::Repository, p: usize, offset: u64) -> std::result::Result<(gix::object::Kind, Text), ChainError> {
        let ObjectReader { packs, cache, inflate, delta, .. } = self;
        let bundle = &packs.bundles[p];
        let file = &bundle.pack;
        let mut chain: Vec<(u64, pack::data::Entry)> = Vec::new();
        let mut at = offset;
        let (kind, mut data) = loop {
            if let Some(found) = cache.get((p as u32, at)) {
                break found;
            }
            // git caps delta chains far below this; a longer one is a cycle of ref-deltas.
            if chain.len() > MAX_CHAIN {
                return Err(ChainError(format!("delta chain at {offset} is longer than {MAX_CHAIN}: a cycle?")));
            }
            let entry = file.entry(at).map_err(|e| ChainError(format!("pack entry at {at}: {e}")))?;
            use pack::data::entry::Header;
            match entry.header {
                Header::OfsDelta { base_distance } => {
                    let base = entry.checked_base_pack_offset(base_distance).ok_or_else(|| ChainError(format!("bad delta base distance at {at}")))?;
                    chain.push((at, entry));
                    at = base;
                }
                Header::RefDelta { base_id } => {
                    chain.push((at, entry));
                    match packs.lookup(p, &base_id) {
                        Some(idx) => at = bundle.index.pack_offset_at_index(idx),
                        None => {
                            // A thin pack's base outside this pack: read it through gix.
                            let RawObject { kind, data } = repo::find(repo, base_id).map_err(|e| ChainError(e.message))?;
                            break (kind, Text::Flat(Arc::new(data)));
                        }
                    }
                }
                header => {
                    let kind = header.as_kind().ok_or_else(|| ChainError(format!("unknown object type at {at}")))?;
                    let mut data = Vec::new();
                    inflate_entry(inflate, file, &entry, &mut data)?;
                    let data = Text::Flat(Arc::new(data));
                    cache.remember((p as u32, at), kind, data.clone());
                    break (kind, data);
                }
            }
        };
        for (at, entry) in chain.into_iter().rev() {
            let bad = |e| ChainError(format!("delta at {at}: {e}"));
            let out = if kind == gix::object::Kind::Blob && data.len() >= PIECES_MIN {
                // A large file's version: pieces of its base and of the delta, which it keeps.
                let mut own = Vec::new();
                inflate_entry(inflate, file, &entry, &mut own)?;
                data.apply_delta(Arc::new(own)).map_err(bad)?
            } else {
                inflate_entry(inflate, file, &entry, delta)?;
                let base = data.flat();
                Text::Flat(Arc::new(apply_delta(&base, delta).map_err(bad)?))
            };
            cache.remember((p as u32, at), kind, out.clone());
            data = out;
        }
        Ok((kind, data))
    }
}

/// The bytes of object `id` read as `(kind, data)`, when it is of kind `want`; another kind is an
/// internal error.
fn of_kind(id: ObjectId, want: gix::object::Kind, (kind, data): (gix::object::Kind, Arc<Vec<u8>>)) -> Result<Arc<Vec<u8>>> {
    if kind != want {
        return Err(Error::internal(format!("{id} is a {kind} where a {want} was expected")));
    }
    Ok(data)
}

/// Two decompressors: one for streams that start with a block of deflate's fixed codes (most trees
/// and small deltas), one for the rest. libdeflate builds the fixed codes' tables once and keeps
/// them until a block with codes of its own overwrites them: with one decompressor for both kinds,
/// each small object after a large one rebuilt them.
struct Inflaters {
    fixed: libdeflater::Decompressor,
    other: libdeflater::Decompressor,
}

impl Default for Inflaters {
    fn default() -> Self {
        Inflaters { fixed: libdeflater::Decompressor::new(), other: libdeflater::Decompressor::new() }
    }
}

impl Inflaters {
    /// The decompressor for the zlib stream `input`: its first block's type is bits 1-2 of the
    /// byte after the two-byte zlib header (01 for fixed codes).
    fn for_stream(&mut self, input: &[u8]) -> &mut libdeflater::Decompressor {
        match input.get(2) {
            Some(b) if (b >> 1) & 3 == 1 => &mut self.fixed,
            _ => &mut self.other,
        }
    }
}

/// Inflate `entry` into `out`, replacing what it held.
fn inflate_entry(
    inflate: &mut Inflaters,
    file: &pack::data::File,
    entry: &pack::data::Entry,
    out: &mut Vec<u8>,
) -> std::result::Result<(), ChainError> {
    let size = usize::try_from(entry.decompressed_size).map_err(|_| ChainError("object too large".into()))?;
    out.clear();
    out.resize(size, 0);
    let cannot = |why: &dyn std::fmt::Display| ChainError(format!("cannot inflate pack entry at {}: {why}", entry.data_offset));
    // The stream ends somewhere before the pack's trailer; libdeflate stops at its end.
    let input = file.entry_slice(entry.data_offset..file.pack_end() as u64).ok_or_else(|| cannot(&"it lies outside the pack"))?;
    let n = inflate.for_stream(input).zlib_decompress(input, out).map_err(|e| cannot(&e))?;
    if n != size {
        return Err(cannot(&format!("{n} bytes where the header says {size}")));
    }
    Ok(())
}

/// A repository handle whose objects are read through an [`ObjectReader`], also for gix code
/// that reads objects through gix's `Find` trait (tree diffs). One per thread: the reader sits
/// behind a `RefCell`, since `Find` takes `&self`.
pub struct SharedObjects {
    repo: gix::Repository,
    reader: std::cell::RefCell<ObjectReader>,
}

impl SharedObjects {
    pub fn new(repo: gix::Repository, cache_bytes: usize) -> Self {
        let reader = ObjectReader::new(Packs::open(&repo), cache_bytes);
        SharedObjects { repo, reader: std::cell::RefCell::new(reader) }
    }

    pub fn repo(&self) -> &gix::Repository {
        &self.repo
    }

    /// Any object (see [`ObjectReader::object`]).
    pub fn object(&self, id: ObjectId) -> Result<(gix::object::Kind, Arc<Vec<u8>>)> {
        self.reader.borrow_mut().object(&self.repo, id)
    }
}

impl gix::objs::Find for SharedObjects {
    fn try_find<'a>(&self, id: &gix::oid, buffer: &'a mut Vec<u8>) -> gix::error::Result<Option<gix::objs::Data<'a>>> {
        found(self.object(id.to_owned()), id, buffer)
    }
}

/// An [`ObjectReader`] lent with its repository to gix code that reads objects through gix's
/// `Find` trait (tree diffs), so that it shares the reader's cache instead of decoding again.
pub struct LentObjects<'r> {
    repo: &'r gix::Repository,
    reader: std::cell::RefCell<&'r mut ObjectReader>,
}

impl<'r> LentObjects<'r> {
    pub fn new(repo: &'r gix::Repository, reader: &'r mut ObjectReader) -> Self {
        LentObjects { repo, reader: std::cell::RefCell::new(reader) }
    }

    pub fn repo(&self) -> &gix::Repository {
        self.repo
    }

    /// Any object (see [`ObjectReader::object`]).
    pub fn object(&self, id: ObjectId) -> Result<(gix::object::Kind, Arc<Vec<u8>>)> {
        self.reader.borrow_mut().object(self.repo, id)
    }
}

impl gix::objs::Find for LentObjects<'_> {
    fn try_find<'a>(&self, id: &gix::oid, buffer: &'a mut Vec<u8>) -> gix::error::Result<Option<gix::objs::Data<'a>>> {
        found(self.object(id.to_owned()), id, buffer)
    }
}

/// An object read by an [`ObjectReader`], as gix's `Find` returns it.
fn found<'a>(
    read: Result<(gix::object::Kind, Arc<Vec<u8>>)>,
    id: &gix::oid,
    buffer: &'a mut Vec<u8>,
) -> gix::error::Result<Option<gix::objs::Data<'a>>> {
    match read {
        Ok((kind, data)) => {
            buffer.clear();
            buffer.extend_from_slice(&data);
            Ok(Some(gix::objs::Data { kind, object_hash: id.kind(), data: buffer }))
        }
        Err(e) if e.code == ErrorCode::MissingObject => Ok(None),
        Err(e) => Err(gix::error::Error::from_error(e)),
    }
}

/// What went wrong inside a pack, before we know which object was asked for.
struct ChainError(String);

impl ChainError {
    fn context_for(self, id: &ObjectId) -> Error {
        Error::new(ErrorCode::Internal, format!("cannot read object {id} from its pack: {}", self.0))
    }
}

/// Apply a git delta (`patch-delta.c`): copy ranges of the base and insert literal bytes.
fn apply_delta(base: &[u8], delta: &[u8]) -> std::result::Result<Vec<u8>, &'static str> {
    let (base_size, result_size, ops) = delta_ops(delta)?;
    if base_size != base.len() {
        return Err("base size does not match");
    }
    let mut out = Vec::with_capacity(result_size);
    for op in ops {
        match op? {
            DeltaOp::Copy { off, len } => out.extend_from_slice(base.get(off..off.checked_add(len).ok_or("copy out of range")?).ok_or("copy out of range")?),
            DeltaOp::Insert { at, len } => out.extend_from_slice(&delta[at..at + len]),
        }
    }
    if out.len() != result_size {
        return Err("result size does not match");
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn applies_copies_and_inserts() {
        let base = b"hello world";
        // base size 11, result size 11: copy "hello " (off 0, len 6), insert "there".
        let delta = [11u8, 11, 0x80 | 0x10, 6, 5, b't', b'h', b'e', b'r', b'e'];
        assert_eq!(apply_delta(base, &delta).unwrap(), b"hello there");
    }

    /// A zlib stream of `data` and the type of its first block (1: fixed codes, 2: its own).
    fn zlib(data: &[u8]) -> (Vec<u8>, u8) {
        let mut c = libdeflater::Compressor::new(libdeflater::CompressionLvl::default());
        let mut out = vec![0; c.zlib_compress_bound(data.len())];
        let n = c.zlib_compress(data, &mut out).unwrap();
        out.truncate(n);
        let btype = (out[2] >> 1) & 3;
        (out, btype)
    }

    #[test]
    fn streams_of_either_kind_inflate_in_any_order() {
        let small = b"100644 a.txt\0abcdefghijklmnopqrst".to_vec();
        let large: Vec<u8> = (0..4000u32).flat_map(|i| format!("line {} of {}\n", i * 7919 % 1000, i % 13).into_bytes()).collect();
        let (fixed, fixed_type) = zlib(&small);
        let (other, other_type) = zlib(&large);
        assert_eq!((fixed_type, other_type), (1, 2), "the test needs one stream of each kind");
        let mut inflaters = Inflaters::default();
        let fixed_inflater = inflaters.for_stream(&fixed) as *const _ as usize;
        assert_ne!(fixed_inflater, inflaters.for_stream(&other) as *const _ as usize);
        for (stream, want) in [(&fixed, &small), (&other, &large), (&fixed, &small), (&fixed, &small), (&other, &large), (&fixed, &small)] {
            let mut out = vec![0; want.len()];
            let n = inflaters.for_stream(stream).zlib_decompress(stream, &mut out).unwrap();
            assert_eq!(&out[..n], &want[..]);
        }
    }

    /// Our lookup in a pack index finds exactly what gix's finds, in indexes of either version:
    /// every packed id at the same entry, and no id that differs from one only after its eighth
    /// byte or only in its last. (A lookup that missed would still read the object, through gix:
    /// only this comparison shows it.)
    #[test]
    fn lookups_agree_with_gix_in_either_index_version() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let git = |args: &[&str]| {
            let out = std::process::Command::new("git").arg("-C").arg(dir.path()).args(args).output().expect("git");
            assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
        };
        git(&["init", "-q"]);
        for i in 0..300 {
            std::fs::write(dir.path().join(format!("f{}.txt", i % 40)), format!("version {i}\n")).expect("write");
            if i % 20 == 19 {
                git(&["add", "-A"]);
                git(&["-c", "user.name=A", "-c", "user.email=a@example.com", "commit", "-q", "-m", &format!("c{i}")]);
            }
        }
        for version in ["1", "2"] {
            git(&["-c", &format!("pack.indexVersion={version}"), "repack", "-a", "-d", "-f", "-q"]);
            let repo = gix::open(dir.path()).expect("open");
            let packs = Packs::open(&repo);
            assert_eq!(packs.bundles.len(), 1);
            assert!(packs.fans[0].is_some(), "the fan-out table of a version {version} index was not read");
            let index = &packs.bundles[0].index;
            assert!(index.num_objects() > 200);
            let mut near_misses = 0;
            for entry in 0..index.num_objects() {
                let id = index.oid_at_index(entry).to_owned();
                assert_eq!(packs.lookup(0, &id), Some(entry), "{id} (version {version})");
                for at in [8, 19] {
                    let mut bytes = id.as_bytes().to_vec();
                    bytes[at] ^= 1;
                    let near = ObjectId::from_bytes_or_panic(&bytes);
                    assert_eq!(packs.lookup(0, &near), index.lookup(near), "{near} (version {version})");
                    near_misses += 1;
                }
            }
            assert!(near_misses > 400);
        }
    }

    #[test]
    fn rejects_a_wrong_base_and_opcode_zero() {
        assert!(apply_delta(b"abc", &[4, 1, 1, b'x']).is_err());
        assert!(apply_delta(b"abc", &[3, 1, 0]).is_err());
    }
}
