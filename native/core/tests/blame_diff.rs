//! The line diff against `git diff -U0` (same xdiff path as blame: no context, trimmed tail,
//! indent heuristic) and `git diff --numstat`, on random large texts where git's cost cut-offs
//! and slider heuristics matter.

mod common;

use std::process::Command;

use git_authorship_core::diff::{count_changes, diff_lines, Hunk};

fn git_diff(args: &[&str], a: &[u8], b: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a"), a).unwrap();
    std::fs::write(dir.path().join("b"), b).unwrap();
    let out = Command::new("git")
        .args(["-c", "core.quotepath=false", "diff", "--no-index", "--no-color", "--no-ext-diff"])
        .args(args)
        .args(["a", "b"])
        .current_dir(dir.path())
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn parse_range(s: &str) -> std::ops::Range<u32> {
    let (start, count) = match s.split_once(',') {
        Some((a, b)) => (a.parse::<u32>().unwrap(), b.parse::<u32>().unwrap()),
        None => (s.parse::<u32>().unwrap(), 1),
    };
    if count == 0 {
        start..start
    } else {
        start - 1..start - 1 + count
    }
}

fn git_hunks(a: &[u8], b: &[u8], ws: bool) -> Vec<Hunk> {
    let mut args = vec!["-U0"];
    if ws {
        args.push("-w");
    }
    git_diff(&args, a, b)
        .lines()
        .filter(|l| l.starts_with("@@ "))
        .map(|l| {
            let mut it = l.split(' ');
            it.next();
            let old = it.next().unwrap().trim_start_matches('-');
            let new = it.next().unwrap().trim_start_matches('+');
            Hunk { before: parse_range(old), after: parse_range(new) }
        })
        .collect()
}

fn git_numstat(a: &[u8], b: &[u8], ws: bool) -> (u32, u32) {
    let mut args = vec!["--numstat"];
    if ws {
        args.push("-w");
    }
    let out = git_diff(&args, a, b);
    let mut it = out.split_whitespace();
    match (it.next(), it.next()) {
        (Some(i), Some(d)) => (i.parse().unwrap(), d.parse().unwrap()),
        _ => (0, 0),
    }
}

const VOCAB: &[&str] = &["", "}", "{", "\treturn x;", "    x = 1;", "  y", "end", "foo()", " bar()", "// c", "\t}", "if (a) {"];

fn text(rng: &mut fastrand::Rng, n: usize, uniq: &mut u32) -> Vec<String> {
    (0..n)
        .map(|_| {
            if rng.u8(0..4) == 0 {
                *uniq += 1;
                format!("u{uniq}")
            } else {
                VOCAB[rng.usize(0..VOCAB.len())].to_string()
            }
        })
        .collect()
}

#[test]
fn hunks_and_numstat_match_git() {
    let mut bad = Vec::new();
    let mut hunks_seen = 0;
    for seed in 1..=30u64 {
        let mut rng = common::rng(seed);
        let mut uniq = 0;
        let n = if seed % 5 == 0 { rng.usize(2000..5000) } else { rng.usize(5..400) };
        let a = text(&mut rng, n, &mut uniq);
        let mut b = a.clone();
        let edits = if seed % 5 == 0 { rng.usize(200..800) } else { rng.usize(1..30) };
        for _ in 0..edits {
            let at = rng.usize(0..=b.len());
            match rng.u8(0..3) {
                0 => b.insert(at, text(&mut rng, 1, &mut uniq).remove(0)),
                1 if at < b.len() => {
                    b.remove(at);
                }
                _ if at < b.len() => b[at] = text(&mut rng, 1, &mut uniq).remove(0),
                _ => {}
            }
        }
        let (a, b) = (a.join("\n") + "\n", b.join("\n") + if seed % 3 == 0 { "" } else { "\n" });
        for ws in [false, true] {
            hunks_seen += git_hunks(a.as_bytes(), b.as_bytes(), ws).len();
            if diff_lines(a.as_bytes(), b.as_bytes(), ws) != git_hunks(a.as_bytes(), b.as_bytes(), ws) {
                bad.push(format!("seed {seed} ws {ws}: hunks differ"));
            }
            if count_changes(a.as_bytes(), b.as_bytes(), ws) != git_numstat(a.as_bytes(), b.as_bytes(), ws) {
                bad.push(format!("seed {seed} ws {ws}: numstat differs"));
            }
        }
    }
    assert!(hunks_seen > 1000, "the comparison saw only {hunks_seen} hunks");
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}
