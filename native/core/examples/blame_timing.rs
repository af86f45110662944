//! Timing harness: `cargo run --release --example blame_timing -- REPO PATH [REPS] [--many [--files[=N]]] [--git]`
//!
//! Prints the median wall time of `blame_file` on PATH (and of `git blame --porcelain` with
//! `--git`), and with `--many` of `blame_many` on every text file of HEAD, with a digest of its
//! answer (which commit owns each line) so that a faster build can be checked against a slower one;
//! with `--many --files`, of `blame_files` on those files instead (N walks, default one per core).

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use git_authorship_core::blame::{blame_file, blame_files, blame_many, BlameOptions, ManyOptions};
use git_authorship_core::Cancel;

/// The addon's allocator (built as the addon builds it), so that the times are the addon's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[v.len() / 2]
}

/// FNV-1a over every file's path and the commit id of each of its lines.
fn digest(b: &git_authorship_core::blame::BlameMany) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |bytes: &[u8]| {
        for &x in bytes {
            h = (h ^ x as u64).wrapping_mul(0x0100_0000_01b3);
        }
    };
    for f in &b.files {
        eat(f.path.as_bytes());
        for &c in &f.line_commit {
            eat(b.commits[c as usize].as_bytes());
        }
    }
    h
}

/// The same digest over blame_files' answers (commit id per line; a failed path adds nothing).
fn files_digest(answers: &[git_authorship_core::Result<git_authorship_core::blame::FileBlame>]) -> (u64, git_authorship_core::blame::BlameStats) {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut stats = Default::default();
    for b in answers.iter().flatten() {
        stats = b.stats;
        for x in b.path.bytes().chain(b.origin.iter().flat_map(|&o| b.commits[b.origins[o as usize].commit as usize].id.as_bytes().to_vec())) {
            h = (h ^ x as u64).wrapping_mul(0x0100_0000_01b3);
        }
    }
    (h, stats)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let flags: Vec<&String> = args.iter().filter(|a| a.starts_with("--")).collect();
    let pos: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    let repo = Path::new(pos.first().expect("REPO"));
    let path = pos.get(1).map(|s| s.as_str());
    let reps: usize = pos.get(2).and_then(|s| s.parse().ok()).unwrap_or(3);
    let cancel = Cancel::new();
    if let Some(path) = path.filter(|p| *p != "-") {
        let mut ours = Vec::new();
        let mut git = Vec::new();
        let mut stats = None;
        for _ in 0..reps {
            if flags.iter().any(|f| *f == "--git") {
                let t = Instant::now();
                let out = Command::new("git").arg("-C").arg(repo).args(["blame", "--porcelain", "--", path]).output().expect("git");
                assert!(out.status.success(), "git blame failed");
                git.push(t.elapsed().as_secs_f64() * 1000.0);
            }
            let t = Instant::now();
            let b = blame_file(repo, path, &BlameOptions::default(), &cancel).expect("blame_file");
            ours.push(t.elapsed().as_secs_f64() * 1000.0);
            stats = Some((b.stats, b.source_line.len()));
        }
        let (s, n) = stats.unwrap();
        print!("blame_file {path}: {:.1} ms (lines {n}, commits {}, diffs {})", median(ours), s.commits_visited, s.blobs_diffed);
        if !git.is_empty() {
            let g = median(git.clone());
            print!("  git blame --porcelain: {g:.1} ms");
        }
        println!();
    }
    if flags.iter().any(|f| *f == "--many") {
        let r = gix::discover(repo).expect("repo");
        let head = r.head_id().expect("HEAD").detach();
        let tree = r.find_commit(head).unwrap().tree().unwrap();
        let mut paths = Vec::new();
        let mut rec = gix::traverse::tree::Recorder::default();
        tree.traverse().breadthfirst(&mut rec).unwrap();
        for e in rec.records {
            if e.mode.is_blob() {
                let data = r.find_object(e.oid).unwrap().data.clone();
                if !git_authorship_core::text::is_binary(&data) {
                    paths.push(e.filepath.to_string());
                }
            }
        }
        if let Some(walks) = flags.iter().find_map(|f| f.strip_prefix("--files")) {
            // blame_files, as the engine's blameFiles runs it: `--files` one walk per core,
            // `--files=N` N walks.
            let walks = walks.strip_prefix('=').and_then(|n| n.parse().ok());
            // In `git ls-files` order, as the CLI and the benchmark pass them.
            let mut paths = paths.clone();
            paths.sort();
            let opts = BlameOptions { walks, ..BlameOptions::default() };
            let mut times = Vec::new();
            let mut last = None;
            for _ in 0..reps {
                let t = Instant::now();
                let b = blame_files(repo, &paths, &opts, &cancel, &mut |_| {}).expect("blame_files").files;
                times.push(t.elapsed().as_secs_f64() * 1000.0);
                last = Some(files_digest(&b));
            }
            let (d, s) = last.unwrap();
            println!("blame_files {} files, walks {walks:?}: {:.1} ms (commits {}, diffs {}, answer digest {d:016x})", paths.len(), median(times), s.commits_visited, s.blobs_diffed);
            return;
        }
        let mut times = Vec::new();
        let mut last = None;
        for _ in 0..reps {
            let t = Instant::now();
            let b = blame_many(&r, head, &paths, &ManyOptions::default(), &cancel, &mut |_| {}).expect("blame_many");
            times.push(t.elapsed().as_secs_f64() * 1000.0);
            last = Some((b.stats, digest(&b)));
        }
        let (s, d) = last.unwrap();
        println!(
            "blame_many {} files: {:.1} ms (commits {}, diffs {}, answer digest {d:016x})",
            paths.len(),
            median(times),
            s.commits_visited,
            s.blobs_diffed
        );
    }
}
