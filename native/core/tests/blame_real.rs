//! Optional check on a real repository: `BLAME_REAL_REPO=/path/to/repo BLAME_REAL_FILES=a.c,b.c
//! cargo test --release --test blame_real -- --nocapture`. Compares every line with git and prints
//! both timings. Skipped (passes) when the variables are not set.

mod blame_support;
mod common;

use std::process::Command;
use std::time::Instant;

use git_authorship_core::blame::{blame_file, blame_many, BlameOptions, ManyOptions};
use git_authorship_core::Cancel;

#[test]
fn real_repository_matches_git() {
    let (Ok(repo), Ok(files)) = (std::env::var("BLAME_REAL_REPO"), std::env::var("BLAME_REAL_FILES")) else {
        return;
    };
    let files: Vec<String> = files.split(',').map(String::from).collect();
    for f in &files {
        let t = Instant::now();
        let out = Command::new("git").args(["blame", "--line-porcelain", "--", f]).current_dir(&repo).output().unwrap();
        let git_ms = t.elapsed().as_millis();
        let expected = common::parse_line_porcelain(&out.stdout);
        let t = Instant::now();
        let b = blame_file(std::path::Path::new(&repo), f, &BlameOptions::default(), &Cancel::new()).unwrap();
        let ours_ms = t.elapsed().as_millis();
        eprintln!("{f}: {} lines, git {git_ms} ms, ours {ours_ms} ms, stats {:?}", expected.len(), b.stats);
        blame_support::compare(&expected, &blame_support::to_lines(&b), f);
    }
    let r = gix::open(&repo).unwrap();
    let head = r.head_id().unwrap().detach();
    let t = Instant::now();
    let many = blame_many(&r, head, &files, &ManyOptions::default(), &Cancel::new(), &mut |_| {}).unwrap();
    eprintln!("blame_many of {} files: {} ms, stats {:?}", files.len(), t.elapsed().as_millis(), many.stats);
}
