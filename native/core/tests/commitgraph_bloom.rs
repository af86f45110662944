//! The commit-graph and its changed-path Bloom filters: reading them must never change a blame.
//! Random histories (subdirectories, merges, renames) are blamed without a commit-graph, with a
//! single commit-graph file carrying Bloom filters, and with a split chain whose newest layer was
//! written after more commits; every line must equal `git blame` each time. The filters are also
//! checked directly against the paths git says each commit changed.

mod blame_support;
mod common;

use blame_support::*;
use common::Fixture;
use git_authorship_core::blame::{blame_many, BlameOptions, ManyOptions};
use git_authorship_core::commitgraph::{BloomKey, Graph};
use git_authorship_core::Cancel;

const DIRS: &[&str] = &["", "src/", "src/deep/", "doc/"];
const VOCAB: &[&str] = &["", "}", "{", "    return x;", "x = 1;", "end", "foo()"];

fn line(rng: &mut fastrand::Rng, counter: &mut u32) -> String {
    if rng.u8(0..3) == 0 {
        *counter += 1;
        format!("unique {counter}")
    } else {
        VOCAB[rng.usize(0..VOCAB.len())].to_string()
    }
}

fn tracked(fx: &Fixture) -> Vec<String> {
    fx.git(&["ls-files"]).lines().map(String::from).collect()
}

fn edit(fx: &Fixture, rng: &mut fastrand::Rng, counter: &mut u32, p: &str) {
    let mut l: Vec<String> = std::fs::read_to_string(fx.file(p)).unwrap_or_default().lines().map(String::from).collect();
    for _ in 0..rng.usize(1..4) {
        let at = rng.usize(0..=l.len());
        if rng.bool() || l.is_empty() {
            l.insert(at, line(rng, counter));
        } else {
            l.remove(at.min(l.len() - 1));
        }
    }
    fx.write(p, l.join("\n") + "\n");
}

fn grow(fx: &mut Fixture, rng: &mut fastrand::Rng, counter: &mut u32, commits: usize) {
    for i in 0..commits {
        let files = tracked(fx);
        match rng.u8(0..100) {
            0..=9 => {
                // a side branch merged back (no conflicts: it edits a file of its own)
                let branch = format!("side{counter}");
                fx.git(&["checkout", "-q", "-b", &branch]);
                *counter += 1;
                let p = format!("{}side{counter}.txt", DIRS[rng.usize(0..DIRS.len())]);
                fx.write(&p, format!("side {counter}\n"));
                fx.commit("side");
                fx.git(&["checkout", "-q", "main"]);
                let p = files[rng.usize(0..files.len())].clone();
                edit(fx, rng, counter, &p);
                fx.commit("main meanwhile");
                fx.git_at_next_tick(&["merge", "-q", "--no-edit", &branch]);
            }
            10..=15 => {
                let from = files[rng.usize(0..files.len())].clone();
                *counter += 1;
                let to = format!("{}r{counter}.txt", DIRS[rng.usize(0..DIRS.len())]);
                fx.mv(&from, &to);
                fx.commit(&format!("rename {from}"));
            }
            16..=25 => {
                // a commit that touches only other directories
                *counter += 1;
                fx.write(&format!("other/o{}.txt", *counter % 5), format!("o {counter}\n"));
                fx.commit("other");
            }
            _ => {
                for _ in 0..rng.usize(1..3) {
                    let p = files[rng.usize(0..files.len())].clone();
                    edit(fx, rng, counter, &p);
                }
                fx.commit(&format!("edit {i}"));
            }
        }
    }
}

fn build(seed: u64) -> (Fixture, fastrand::Rng, u32) {
    let mut rng = common::rng(seed);
    let mut fx = Fixture::new();
    let mut counter = 0;
    for (k, d) in DIRS.iter().enumerate() {
        let n = rng.usize(3..15);
        let lines: Vec<String> = (0..n).map(|_| line(&mut rng, &mut counter)).collect();
        fx.write(&format!("{d}f{k}.txt"), lines.join("\n") + "\n");
    }
    fx.commit("root");
    grow(&mut fx, &mut rng, &mut counter, 40);
    (fx, rng, counter)
}

fn check_all(fx: &Fixture, what: &str) {
    let files: Vec<String> = tracked(fx).into_iter().filter(|p| p.ends_with(".txt")).collect();
    for p in &files {
        assert_same(fx, p, &[], &BlameOptions::default());
    }
    let repo = gix::open(fx.path()).unwrap();
    let head = repo.head_id().unwrap().detach();
    let many = blame_many(&repo, head, &files, &ManyOptions::default(), &Cancel::new(), &mut |_| {}).unwrap();
    for f in &many.files {
        let expected: Vec<String> = common::git_blame(fx, &[], &f.path, None).into_iter().map(|l| l.commit).collect();
        let actual: Vec<String> = f.line_commit.iter().map(|&c| many.commits[c as usize].to_string()).collect();
        assert_eq!(expected, actual, "{what}: blame_many {}", f.path);
    }
}

/// Every path git lists as changed against the first parent (and its leading directories) is
/// "maybe" in the commit's filter; report how many unchanged paths the filters rule out.
fn check_filters(fx: &Fixture) -> usize {
    let repo = gix::open(fx.path()).unwrap();
    let graph = Graph::for_repo(&repo).expect("a commit-graph");
    assert!(graph.has_bloom());
    let settings = graph.bloom_settings().unwrap();
    assert_eq!((settings.num_hashes, settings.bits_per_entry), (7, 10));
    let all: Vec<String> = fx.git(&["log", "--format=", "--name-only", "--all"]).lines().filter(|l| !l.is_empty()).map(String::from).collect();
    let mut ruled_out = 0;
    for id in fx.git(&["rev-list", "--all"]).lines() {
        let oid = gix::ObjectId::from_hex(id.as_bytes()).unwrap();
        let pos = graph.lookup(&oid).expect("commit in the graph");
        assert_eq!(graph.id_at(pos), oid);
        let Some(filter) = graph.bloom(pos) else { continue };
        let first_parent = fx.git(&["log", "-1", "--format=%P", id]).split_whitespace().next().map(String::from);
        let changed: Vec<String> = match first_parent {
            Some(p) => fx.git(&["diff", "--no-renames", "--name-only", &p, id]),
            None => fx.git(&["ls-tree", "-r", "--name-only", id]),
        }
        .lines()
        .map(String::from)
        .collect();
        for p in &changed {
            let mut prefixes = vec![p.clone()];
            let mut s = p.as_str();
            while let Some(i) = s.rfind('/') {
                s = &s[..i];
                prefixes.push(s.to_string());
            }
            for k in prefixes {
                assert!(filter.maybe_contains(&BloomKey::new(k.as_bytes(), settings)), "{id}: changed path {k} ruled out ({}; filter {:02x?}; changed {changed:?})", fx.git(&["log", "-1", "--format=%s %P", id]).trim(), filter.bytes());
            }
        }
        for p in &all {
            if !changed.contains(p) && !filter.maybe_contains(&BloomKey::new(p.as_bytes(), settings)) {
                ruled_out += 1;
            }
        }
    }
    ruled_out
}

#[test]
fn blame_is_the_same_with_and_without_bloom_filters() {
    for seed in 1..=3u64 {
        let (mut fx, mut rng, mut counter) = build(seed);
        check_all(&fx, "no commit-graph");
        fx.git(&["commit-graph", "write", "--reachable", "--changed-paths"]);
        assert!(fx.file(".git/objects/info/commit-graph").exists());
        assert!(check_filters(&fx) > 0, "the filters never ruled anything out");
        check_all(&fx, "commit-graph with Bloom filters");
        // Commits the graph does not have yet, then a split chain on top.
        grow(&mut fx, &mut rng, &mut counter, 15);
        check_all(&fx, "commit-graph missing recent commits");
        fx.git(&["commit-graph", "write", "--reachable", "--changed-paths", "--split=no-merge"]);
        assert!(fx.file(".git/objects/info/commit-graphs/commit-graph-chain").exists());
        check_filters(&fx);
        check_all(&fx, "split commit-graph chain");
        // A graph without filters, and a disabled graph.
        std::fs::remove_dir_all(fx.file(".git/objects/info/commit-graphs")).unwrap();
        let _ = std::fs::remove_file(fx.file(".git/objects/info/commit-graph"));
        fx.git(&["commit-graph", "write", "--reachable"]);
        let repo = gix::open(fx.path()).unwrap();
        assert!(!Graph::for_repo(&repo).unwrap().has_bloom());
        check_all(&fx, "commit-graph without Bloom filters");
        fx.git(&["config", "core.commitGraph", "false"]);
        assert!(Graph::for_repo(&gix::open(fx.path()).unwrap()).is_none());
        check_all(&fx, "commit-graph disabled");
    }
}

#[test]
fn a_broken_chain_falls_back() {
    let (fx, _, _) = build(7);
    fx.git(&["commit-graph", "write", "--reachable", "--changed-paths", "--split"]);
    let chain = fx.file(".git/objects/info/commit-graphs/commit-graph-chain");
    std::fs::write(&chain, "0123456789012345678901234567890123456789\n").unwrap();
    let repo = gix::open(fx.path()).unwrap();
    assert!(Graph::for_repo(&repo).is_none());
    check_all(&fx, "unreadable chain");
}
