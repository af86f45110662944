//! Our pack reader (`packs::ObjectReader`) gives every object exactly as git does: read back each
//! object of a repository packed with deep delta chains (and with a loose object beside the
//! pack), once with a cache large enough for everything and once with one so small that chains
//! are rebuilt from their base again and again.

mod common;

use common::Fixture;
use git_authorship_core::packs::{ObjectReader, Packs};

/// A file that grows and changes over many commits, so that `git repack` stores its versions as
/// a chain of deltas; plus a second file and a binary one.
fn packed_repository() -> Fixture {
    let mut fx = Fixture::new();
    let mut rng = common::rng(3);
    let mut lines: Vec<String> = (0..40).map(|i| format!("line {i} of the first version")).collect();
    for round in 0..60 {
        for _ in 0..3 {
            let at = rng.usize(0..=lines.len());
            lines.insert(at, format!("added in round {round}: {}", rng.u32(..)));
        }
        if lines.len() > 10 {
            let at = rng.usize(0..lines.len());
            lines.remove(at);
        }
        fx.write("src/grows.txt", lines.join("\n") + "\n");
        fx.write("other.txt", format!("round {round}\n").repeat(round % 7 + 1));
        if round % 10 == 0 {
            fx.write("data.bin", (0..2000usize).map(|i| (i * (round + 1)) as u8).collect::<Vec<u8>>());
        }
        fx.commit(&format!("round {round}"));
    }
    fx.git(&["repack", "-a", "-d", "-f", "--depth=50", "--window=50"]);
    // One object written after the pack: the reader must fall back to gix for it.
    fx.write("late.txt", "written after the repack\n");
    fx.commit("late");
    fx
}

fn all_objects(fx: &Fixture) -> Vec<gix::ObjectId> {
    fx.git(&["cat-file", "--batch-all-objects", "--batch-check=%(objectname)"])
        .lines()
        .map(|l| gix::ObjectId::from_hex(l.trim().as_bytes()).expect("an object id"))
        .collect()
}

fn check_every_object(cache_bytes: usize) {
    let fx = packed_repository();
    let repo = gix::open(fx.path()).expect("open");
    let mut reader = ObjectReader::new(Packs::open(&repo), cache_bytes);
    let ids = all_objects(&fx);
    assert!(ids.len() > 200, "the fixture has {} objects", ids.len());
    let deltas = fx.git(&["verify-pack", "-v", &pack_index(&fx)]).lines().filter(|l| l.split_whitespace().count() >= 7).count();
    assert!(deltas > 50, "the pack holds only {deltas} deltas: the test would not exercise chains");
    // Twice, in two orders, so that both cold and cached paths run.
    for pass in 0..2 {
        let order: Vec<_> = if pass == 0 { ids.clone() } else { ids.iter().rev().copied().collect() };
        for id in order {
            let (kind, data) = reader.object(&repo, id).expect("our reader");
            let want = repo.find_object(id).expect("gix");
            assert_eq!(kind, want.kind, "kind of {id}");
            assert_eq!(&data[..], &want.data[..], "bytes of {id} (pass {pass})");
        }
    }
}

fn pack_index(fx: &Fixture) -> String {
    let dir = fx.path().join(".git/objects/pack");
    let idx = std::fs::read_dir(&dir)
        .expect("pack dir")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "idx"))
        .expect("a pack index");
    idx.to_string_lossy().into_owned()
}

#[test]
fn every_object_reads_as_git_stores_it() {
    check_every_object(64 * 1024 * 1024);
}

#[test]
fn a_tiny_cache_rebuilds_chains_correctly() {
    check_every_object(4 * 1024);
}

#[test]
fn a_missing_object_is_reported_as_missing() {
    let fx = packed_repository();
    let repo = gix::open(fx.path()).expect("open");
    let mut reader = ObjectReader::new(Packs::open(&repo), 1 << 20);
    let absent = gix::ObjectId::from_hex(b"0123456789012345678901234567890123456789").expect("hex");
    let err = reader.object(&repo, absent).expect_err("absent");
    assert_eq!(err.code, git_authorship_core::ErrorCode::MissingObject, "{err:?}");
}

#[test]
fn the_start_of_an_object_is_its_first_complete_lines() {
    // Every object read partly, with limits from tiny to larger than most: the answer is the whole
    // object when it fits, otherwise a prefix of it that ends after a line (or is empty).
    let fx = packed_repository();
    let repo = gix::open(fx.path()).expect("open");
    let ids = all_objects(&fx);
    let mut partial = 0;
    for max in [1, 40, 97, 384, 4096] {
        let mut reader = ObjectReader::new(Packs::open(&repo), 64 * 1024 * 1024);
        for &id in &ids {
            let want = repo.find_object(id).expect("gix");
            let (kind, start) = reader.object_start(&repo, id, max).expect("start");
            assert_eq!(kind, want.kind, "kind of {id}");
            if start.len() == want.data.len() {
                assert_eq!(&start[..], &want.data[..], "{id} read whole");
                continue;
            }
            partial += 1;
            assert!(start.len() <= max && want.data.len() > max, "{id}: {} bytes of {} with max {max}", start.len(), want.data.len());
            assert!(want.data.starts_with(&start), "{id}: not a prefix (max {max})");
            assert!(start.is_empty() || start.ends_with(b"\n"), "{id}: ends inside a line (max {max})");
        }
    }
    assert!(partial > 100, "only {partial} partial reads");
}

#[test]
fn readers_at_the_same_time_share_one_opening_of_the_packs_until_a_repack() {
    let mut fx = packed_repository();
    let repo = gix::open(fx.path()).expect("open");
    let first = Packs::open(&repo);
    // Another reader meanwhile (another thread, another handle on the repository): the same packs.
    let other = gix::open(fx.path()).expect("open");
    assert!(std::sync::Arc::ptr_eq(&first, &Packs::open(&other)));
    // A repack writes new files: a reader opened after it sees them, not the old opening.
    fx.write("after.txt", "after the first pack\n");
    fx.commit("after");
    fx.git(&["repack", "-a", "-d"]);
    let after = Packs::open(&repo);
    assert!(!std::sync::Arc::ptr_eq(&first, &after));
    let id = gix::ObjectId::from_hex(fx.git(&["rev-parse", "HEAD:after.txt"]).trim().as_bytes()).unwrap();
    let mut reader = ObjectReader::new(std::sync::Arc::clone(&after), 1 << 20);
    assert_eq!(reader.blob(&repo, id).unwrap().as_slice(), b"after the first pack\n");
    // Once no reader holds them, the packs are closed; the next reader opens them again.
    let weak = std::sync::Arc::downgrade(&after);
    drop((first, after, reader));
    assert!(weak.upgrade().is_none());
    let mut again = ObjectReader::new(Packs::open(&repo), 1 << 20);
    assert_eq!(again.blob(&repo, id).unwrap().as_slice(), b"after the first pack\n");
}
