//! Seeded random histories (edits, branches, merges with conflicts resolved by a random mix,
//! renames) compared with `git blame` on every line of every file, default and `-w`, by
//! `blame_file`, by `blame_files` (all files in one walk), and `blame_many` (commit per line).

mod blame_support;
mod common;

use std::process::Command;

use blame_support::*;
use common::Fixture;
use git_authorship_core::blame::{blame_files, blame_many, BlameOptions, ManyOptions};
use git_authorship_core::Cancel;

/// Few distinct lines, so that diffs have ambiguous sliders as real code does.
const VOCAB: &[&str] = &["", "}", "{", "    return x;", "x = 1;", "  y", "\t", "end", "foo()", "bar()", " ", "// c"];

fn random_line(rng: &mut fastrand::Rng, counter: &mut u32) -> String {
    if rng.u8(0..3) == 0 {
        *counter += 1;
        format!("unique {counter}")
    } else {
        VOCAB[rng.usize(0..VOCAB.len())].to_string()
    }
}

fn read_lines(fx: &Fixture, p: &str) -> Vec<String> {
    std::fs::read_to_string(fx.file(p)).unwrap_or_default().lines().map(String::from).collect()
}

fn tracked(fx: &Fixture) -> Vec<String> {
    fx.git(&["ls-files"]).lines().filter(|l| l.ends_with(".txt")).map(String::from).collect()
}

fn edit(fx: &Fixture, rng: &mut fastrand::Rng, counter: &mut u32, p: &str) {
    let mut l = read_lines(fx, p);
    for _ in 0..rng.usize(1..5) {
        match rng.u8(0..3) {
            0 => {
                let at = rng.usize(0..=l.len());
                for k in 0..rng.usize(1..4) {
                    l.insert((at + k).min(l.len()), random_line(rng, counter));
                }
            }
            1 if !l.is_empty() => {
                let at = rng.usize(0..l.len());
                let n = rng.usize(1..4).min(l.len() - at);
                l.drain(at..at + n);
            }
            _ if !l.is_empty() => {
                let at = rng.usize(0..l.len());
                l[at] = random_line(rng, counter);
            }
            _ => l.push(random_line(rng, counter)),
        }
    }
    fx.write(p, l.join("\n") + "\n");
}

fn git_ok(fx: &Fixture, args: &[&str], date: i64) -> bool {
    Command::new("git")
        .args(args)
        .current_dir(fx.path())
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_DATE", format!("@{date} +0000"))
        .env("GIT_COMMITTER_DATE", format!("@{date} +0000"))
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

/// Resolve conflict markers by keeping ours, theirs or both per block.
fn resolve(fx: &Fixture, rng: &mut fastrand::Rng, p: &str) {
    let mut out = Vec::new();
    let (mut ours, mut theirs, mut state) = (Vec::new(), Vec::new(), 0);
    for line in read_lines(fx, p) {
        if line.starts_with("<<<<<<<") {
            state = 1;
        } else if line.starts_with("=======") && state == 1 {
            state = 2;
        } else if line.starts_with(">>>>>>>") && state == 2 {
            match rng.u8(0..3) {
                0 => out.append(&mut ours),
                1 => out.append(&mut theirs),
                _ => {
                    out.append(&mut ours);
                    out.append(&mut theirs);
                }
            }
            ours.clear();
            theirs.clear();
            state = 0;
        } else if state == 1 {
            ours.push(line);
        } else if state == 2 {
            theirs.push(line);
        } else {
            out.push(line);
        }
    }
    fx.write(p, out.join("\n") + "\n");
}

fn build(seed: u64) -> Fixture {
    let mut rng = common::rng(seed);
    let mut fx = Fixture::new();
    let mut counter = 0;
    let nfiles = rng.usize(5..9);
    for f in 0..nfiles {
        let n = rng.usize(3..25);
        let lines: Vec<String> = (0..n).map(|_| random_line(&mut rng, &mut counter)).collect();
        fx.write(&format!("f{f}.txt"), lines.join("\n") + "\n");
    }
    fx.commit("root");
    let mut branches = vec!["main".to_string()];
    let ncommits = rng.usize(40..70);
    let mut date = common::BASE_TIME + 100_000;
    for i in 0..ncommits {
        date += 3600;
        let roll = rng.u8(0..100);
        if roll < 10 {
            let name = format!("b{i}");
            fx.git(&["checkout", "-q", "-b", &name]);
            branches.push(name);
        } else if roll < 20 && branches.len() > 1 {
            let cur = fx.git(&["rev-parse", "--abbrev-ref", "HEAD"]).trim().to_string();
            let other = branches[rng.usize(0..branches.len())].clone();
            if other != cur && !git_ok(&fx, &["merge", "-q", "--no-edit", &other], date) {
                {
                    let conflicted: Vec<String> = fx.git(&["diff", "--name-only", "--diff-filter=U"]).lines().map(String::from).collect();
                    let mut ok = true;
                    for p in &conflicted {
                        if fx.file(p).exists() {
                            resolve(&fx, &mut rng, p);
                        } else {
                            ok = false;
                        }
                    }
                    if ok {
                        fx.git(&["add", "-A"]);
                        ok = git_ok(&fx, &["commit", "-q", "--no-edit", "--no-verify"], date);
                    }
                    if !ok {
                        git_ok(&fx, &["merge", "--abort"], date);
                        git_ok(&fx, &["reset", "-q", "--hard"], date);
                    }
                }
            }
        } else if roll < 27 {
            let files = tracked(&fx);
            if !files.is_empty() {
                let from = files[rng.usize(0..files.len())].clone();
                counter += 1;
                let to = format!("r{counter}.txt");
                fx.mv(&from, &to);
                if rng.bool() {
                    edit(&fx, &mut rng, &mut counter, &to);
                }
                fx.commit(&format!("rename {from} to {to}"));
            }
        } else if roll < 32 && branches.len() > 1 {
            let b = branches[rng.usize(0..branches.len())].clone();
            fx.git(&["checkout", "-q", &b]);
        } else {
            let files = tracked(&fx);
            for _ in 0..rng.usize(1..3) {
                if files.is_empty() {
                    break;
                }
                let p = files[rng.usize(0..files.len())].clone();
                edit(&fx, &mut rng, &mut counter, &p);
            }
            fx.commit_as(&format!("edit {i}"), if rng.bool() { "A <a@example.com>" } else { "B <b@example.com>" });
        }
    }
    // End on main with everything merged in, so that the final tree has the most history.
    fx.git(&["checkout", "-q", "main"]);
    fx
}

#[test]
fn random_histories_match_git() {
    let mut failures = Vec::new();
    let mut lines_checked = 0;
    let seeds: u64 = std::env::var("BLAME_SEEDS").ok().and_then(|s| s.parse().ok()).unwrap_or(8);
    for seed in 1..=seeds {
        let fx = build(seed);
        let files = tracked(&fx);
        for (args, ws) in [(&[][..], false), (&["-w"][..], true)] {
            let opts = BlameOptions { ignore_whitespace: ws, ..Default::default() };
            // Every file in one walk: each answer must be what blame_file (and git) gives alone.
            // Two walks on two threads when the seed is odd (the files shared out between them).
            let walks = BlameOptions { walks: Some(1 + (seed as usize % 2)), ..opts.clone() };
            let together = blame_files(fx.path(), &files, &walks, &Cancel::new(), &mut |_| {}).unwrap().files;
            for (p, one_walk) in files.iter().zip(together) {
                let expected = common::git_blame(&fx, args, p, None);
                let actual = ours(&fx, p, &opts);
                lines_checked += expected.len();
                if expected != actual {
                    let bad = expected.iter().zip(&actual).filter(|(e, a)| e != a).count();
                    failures.push(format!("seed {seed} {p} {args:?}: {bad} lines differ"));
                }
                match one_walk {
                    Ok(b) if to_lines(&b) == expected => {}
                    Ok(b) => {
                        let bad = expected.iter().zip(to_lines(&b)).filter(|(e, a)| *e != a).count();
                        failures.push(format!("seed {seed} blame_files {p} {args:?}: {bad} lines differ"));
                    }
                    Err(e) => failures.push(format!("seed {seed} blame_files {p} {args:?}: {e:?}")),
                }
            }
        }
        // blame_many on all files at once equals git's commit per line.
        let repo = gix::open(fx.path()).unwrap();
        let head = repo.head_id().unwrap().detach();
        let many = blame_many(&repo, head, &files, &ManyOptions::default(), &Cancel::new(), &mut |_| {}).unwrap();
        for f in &many.files {
            let expected: Vec<String> = common::git_blame(&fx, &[], &f.path, None).into_iter().map(|l| l.commit).collect();
            let actual: Vec<String> = f.line_commit.iter().map(|&c| many.commits[c as usize].to_string()).collect();
            if expected != actual {
                failures.push(format!("seed {seed} blame_many {}", f.path));
            }
        }
    }
    eprintln!("{lines_checked} lines checked");
    assert!(failures.is_empty(), "{} mismatches ({} lines checked):\n{}", failures.len(), lines_checked, failures.join("\n"));
}
