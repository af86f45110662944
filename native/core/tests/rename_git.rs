//! git's rename detection, ported (`git_authorship_core::rename`), against the git CLI on
//! repositories built to sit right around the 50% threshold: pairs and scores against
//! `git diff-tree -M` / `-C`, `git log --follow`'s choice of source, and blame across such renames
//! against `git blame`.

mod blame_support;
mod common;

use common::Fixture;
use git_authorship_core::blame::BlameOptions;
use git_authorship_core::rename::{self, Options};

/// (from, to, percent) of every `R`/`C` line of `git diff-tree -r <flags> <commit>`.
fn git_pairs(fx: &Fixture, commit: &str, flags: &[&str]) -> Vec<(String, String, u32)> {
    let mut args = vec!["diff-tree", "-r", "--root", "--no-commit-id"];
    args.extend_from_slice(flags);
    args.push(commit);
    let mut pairs: Vec<(String, String, u32)> = fx
        .git(&args)
        .lines()
        .filter_map(|line| {
            let (meta, paths) = line.split_once('\t')?;
            let status = meta.rsplit(' ').next()?;
            let score = status.strip_prefix('R').or_else(|| status.strip_prefix('C'))?;
            let (from, to) = paths.split_once('\t')?;
            Some((from.to_string(), to.to_string(), score.parse().ok()?))
        })
        .collect();
    pairs.sort();
    pairs
}

fn trees(fx: &Fixture, commit: &str) -> (gix::Repository, Option<gix::ObjectId>, gix::ObjectId) {
    let repo = gix::open(fx.path()).unwrap();
    let (parent, tree) = {
        let c = repo.find_commit(gix::ObjectId::from_hex(commit.as_bytes()).unwrap()).unwrap();
        let parent = c.parent_ids().next().map(|p| repo.find_commit(p).unwrap().tree_id().unwrap().detach());
        (parent, c.tree_id().unwrap().detach())
    };
    (repo, parent, tree)
}

fn our_pairs(fx: &Fixture, commit: &str, options: &Options) -> Vec<(String, String, u32)> {
    let (repo, parent, tree) = trees(fx, commit);
    let mut pairs: Vec<(String, String, u32)> = rename::renames_between(&repo, parent, tree, options)
        .unwrap()
        .into_iter()
        .map(|r| {
            let p = r.percent();
            (r.from, r.to, p)
        })
        .collect();
    pairs.sort();
    pairs
}

/// git's flags with the matching options: the defaults, every score down to 1% (`-M1%`, which
/// shows the raw estimate of every pair git would consider), and copies (`-C`).
fn variants() -> Vec<(Vec<&'static str>, Options)> {
    vec![
        (vec!["-M"], Options::renames()),
        (vec!["-M1%"], Options { min_score: 600, ..Options::renames() }),
        (vec!["-C"], Options { copies: true, ..Options::renames() }),
    ]
}

/// Every commit of `fx` (HEAD's history): our pairs equal git's, for every variant.
fn assert_pairs_match(fx: &Fixture) {
    for commit in fx.git(&["rev-list", "HEAD"]).lines() {
        for (flags, options) in variants() {
            assert_eq!(our_pairs(fx, commit, &options), git_pairs(fx, commit, &flags), "commit {commit} with {flags:?}");
        }
    }
}

/// For every commit and every file it creates: our `--follow` source equals git's.
fn assert_follow_matches(fx: &Fixture) {
    for commit in fx.git(&["rev-list", "HEAD"]).lines() {
        let (repo, parent, tree) = trees(fx, commit);
        let Some(parent) = parent else { continue };
        let created = fx.git(&["diff-tree", "-r", "--no-commit-id", "--no-renames", "--diff-filter=A", "--name-only", commit]);
        for path in created.lines() {
            let ours = rename::follow_source(&repo, parent, tree, path).unwrap().map(|r| {
                let p = r.percent();
                (r.from, p)
            });
            assert_eq!(ours, git_follow_step(fx, commit, path), "commit {commit}, --follow {path}");
        }
    }
}

/// Where `git log --follow -- <path>` goes at `commit`, which creates `path` (the log starts at
/// `commit`, so the path need not exist at HEAD).
fn git_follow_step(fx: &Fixture, commit: &str, path: &str) -> Option<(String, u32)> {
    let out = fx.git(&["log", "-1", "--follow", "--name-status", "--format=%x00%H", commit, "--", path]);
    let mut seen = false;
    for line in out.lines() {
        if let Some(id) = line.strip_prefix('\0') {
            seen = id == commit;
        } else if seen && !line.is_empty() {
            let mut cols = line.split('\t');
            let status = cols.next().unwrap();
            let score = status.strip_prefix('R').or_else(|| status.strip_prefix('C'))?;
            return Some((cols.next().unwrap().to_string(), score.parse().unwrap()));
        }
    }
    None
}

/// Blame of every regular text file at HEAD as git's (we refuse binary files, and resolve a
/// symlink's path on disk, so those are left out).
fn assert_blame_matches(fx: &Fixture) {
    for line in fx.git(&["ls-tree", "-r", "HEAD"]).lines() {
        let (meta, path) = line.split_once('\t').unwrap();
        let binary = std::fs::read(fx.file(path)).unwrap().contains(&0);
        if meta.starts_with("100") && !binary {
            blame_support::assert_same(fx, path, &[], &BlameOptions::default());
        }
    }
}

/// `n` lines `"<tag> <i> <padding>"`, of varying length so that scores do not come out round.
fn lines(tag: &str, n: usize) -> Vec<String> {
    (0..n).map(|i| format!("{tag} {i} {}", "x".repeat(i % 7))).collect()
}

/// `base` with the first `changed` lines replaced by new ones tagged `tag`.
fn edited(base: &[String], changed: usize, tag: &str) -> Vec<String> {
    base.iter().enumerate().map(|(i, l)| if i < changed { format!("{tag} new {i}") } else { l.clone() }).collect()
}

fn text(lines: &[String]) -> String {
    lines.iter().map(|l| format!("{l}\n")).collect()
}

#[test]
fn scores_on_both_sides_of_fifty_percent() {
    let mut fx = Fixture::new();
    let n = 24;
    for changed in 8..=16 {
        fx.write(&format!("old/f{changed}.txt"), text(&lines(&format!("f{changed}"), n)));
    }
    // The express case: no newline at the end, so the last line counts for nothing.
    fx.write("views/layout.html", "<html>\n  <head>\n    <title>{title}</title>\n  </head>\n  <body>\n    {body}\n  </body>\n</html>");
    fx.commit("start");
    for changed in 8..=16 {
        let base = lines(&format!("f{changed}"), n);
        fx.remove(&format!("old/f{changed}.txt"));
        fx.write(&format!("new/g{changed}.txt"), text(&edited(&base, changed, "g")));
    }
    fx.remove("views/layout.html");
    fx.write("views/layout.html.ejs", "<html>\n  <head>\n    <title><%= title %></title>\n  </head>\n  <body>\n    <%= body %>\n  </body>\n</html>");
    let moved = fx.commit("renames with more and more edits");
    let ours = our_pairs(&fx, &moved, &Options::renames());
    assert!(ours.iter().any(|(from, _, _)| from == "old/f8.txt"), "some renames found: {ours:?}");
    assert!(!ours.iter().any(|(from, _, _)| from == "views/layout.html"), "git scores the layout 45%: {ours:?}");
    assert_pairs_match(&fx);
    assert_follow_matches(&fx);
    assert_blame_matches(&fx);
}

#[test]
fn several_candidates_for_one_destination_and_ties() {
    let mut fx = Fixture::new();
    let base = lines("shared", 20);
    // Sources with 40%, 55%, 55% (a tie), 60% and 70% of the destination's lines.
    for (name, changed) in [("a40.txt", 12), ("b55.txt", 9), ("c55.txt", 9), ("d60.txt", 8), ("e70.txt", 6)] {
        fx.write(name, text(&edited(&base, changed, name)));
    }
    // Two identical-scoring sources for a second destination, one with the same file name.
    let other = lines("other", 20);
    fx.write("x/same.txt", text(&edited(&other, 8, "p")));
    fx.write("y/diff.txt", text(&edited(&other, 8, "q")));
    fx.commit("start");
    for name in ["a40.txt", "b55.txt", "c55.txt", "d60.txt", "e70.txt", "x/same.txt", "y/diff.txt"] {
        fx.remove(name);
    }
    fx.write("dest.txt", text(&base));
    fx.write("z/same.txt", text(&other));
    let commit = fx.commit("one destination, many sources");
    // Two destinations competing for one source: the better one wins it.
    let third = lines("third", 20);
    fx.write("src.txt", text(&third));
    fx.commit("third");
    fx.remove("src.txt");
    fx.write("close.txt", text(&edited(&third, 3, "c")));
    fx.write("far.txt", text(&edited(&third, 8, "f")));
    fx.commit("two destinations, one source");
    assert!(!our_pairs(&fx, &commit, &Options::renames()).is_empty());
    assert_pairs_match(&fx);
    assert_follow_matches(&fx);
    assert_blame_matches(&fx);
}

/// A copy with two equally good sources: git orders them by the slots they took among the four
/// kept candidates, and which slot a source takes depends on the exact low scores of the others.
#[test]
fn equal_copy_sources_are_ordered_by_every_score_below_them() {
    for n in [40, 64, 100, 150] {
        let mut fx = Fixture::new();
        let base = lines("shared", n);
        // In path order, the share of the new file's lines each has: 0%, 55%, 20%, 30%, and 55%
        // again (identical to b): b and e tie just above the 50% threshold.
        for (name, percent_changed) in [("a_low.txt", 100), ("b_dup.txt", 45), ("c_low.txt", 80), ("d_low.txt", 70)] {
            fx.write(name, text(&edited(&base, n * percent_changed / 100, name)));
        }
        fx.write("e_dup.txt", text(&edited(&base, n * 45 / 100, "b_dup.txt")));
        fx.commit("sources");
        fx.write("new.txt", text(&base));
        fx.commit("a copy with two equal sources");
        assert_follow_matches(&fx);
    }
}

#[test]
fn same_file_name_moves_take_the_basename_step() {
    let mut fx = Fixture::new();
    let util = lines("util", 20);
    fx.write("a/util.c", text(&util));
    // A source more similar to b/util.c than a/util.c is, under another name.
    fx.write("other.c", text(&edited(&util, 2, "o")));
    // Two sources named common.h: not unique, so no basename shortcut.
    let common = lines("common", 20);
    fx.write("p/common.h", text(&edited(&common, 9, "p")));
    fx.write("q/common.h", text(&edited(&common, 4, "q")));
    // Below 75%: the basename step passes it to the matrix.
    let weak = lines("weak", 20);
    fx.write("w1/weak.txt", text(&weak));
    fx.commit("start");
    fx.remove("a/util.c");
    fx.remove("other.c");
    fx.remove("p/common.h");
    fx.remove("q/common.h");
    fx.remove("w1/weak.txt");
    fx.write("b/util.c", text(&edited(&util, 4, "b")));
    fx.write("r/common.h", text(&common));
    fx.write("w2/weak.txt", text(&edited(&weak, 8, "w")));
    fx.commit("moves");
    assert_pairs_match(&fx);
    assert_follow_matches(&fx);
    assert_blame_matches(&fx);
}

#[test]
fn crlf_text_binary_and_size_limits() {
    let mut fx = Fixture::new();
    let base = lines("crlf", 20);
    fx.write("lf.txt", text(&base));
    fx.write("bin.dat", [b"\0bin\r\n".to_vec(), text(&base).replace('\n', "\r\n").into_bytes()].concat());
    // Sizes: a destination twice as big is exactly at the 50% limit; one byte more is out.
    let half = text(&lines("half", 10));
    fx.write("half1.txt", &half);
    fx.write("half2.txt", &half);
    fx.commit("start");
    fx.remove("lf.txt");
    fx.write("crlf.txt", text(&edited(&base, 9, "e")).replace('\n', "\r\n"));
    fx.remove("bin.dat");
    fx.write("bin2.dat", [b"\0bin\n".to_vec(), text(&edited(&base, 4, "e")).replace('\n', "\r\n").into_bytes()].concat());
    fx.remove("half1.txt");
    fx.remove("half2.txt");
    // Padding lines as long as the "half" ones: exactly twice the size, so git's score is 30000.
    let padding = text(&lines("pads", 10));
    assert_eq!(padding.len(), half.len());
    fx.write("double.txt", half.clone() + &padding);
    fx.write("double_plus.txt", half.clone() + &padding + "!");
    fx.commit("crlf and sizes");
    assert_pairs_match(&fx);
    assert_follow_matches(&fx);
    assert_blame_matches(&fx);
}

#[test]
fn exact_renames_empty_files_and_symlinks() {
    let mut fx = Fixture::new();
    let same = text(&lines("same", 5));
    fx.write("a/x.txt", &same);
    fx.write("b/y.txt", &same);
    fx.write("empty1", "");
    fx.write("empty2", "");
    fx.write("keep.txt", text(&lines("keep", 8)));
    #[cfg(unix)]
    std::os::unix::fs::symlink("keep.txt", fx.file("link")).unwrap();
    fx.commit("start");
    fx.remove("a/x.txt");
    fx.remove("b/y.txt");
    fx.write("c/y.txt", &same);
    fx.write("d/z.txt", &same);
    fx.remove("empty1");
    fx.remove("empty2");
    fx.write("empty3", "");
    #[cfg(unix)]
    {
        fx.remove("link");
        std::os::unix::fs::symlink("keep.txt", fx.file("link2")).unwrap();
    }
    // A copy of an unchanged file: only `--follow` (find-copies-harder) pairs it.
    fx.write("copy.txt", text(&lines("keep", 8)) + "more\n");
    fx.commit("exact moves");
    assert_pairs_match(&fx);
    assert_follow_matches(&fx);
    assert_blame_matches(&fx);
}

#[test]
fn the_rename_limit_stops_the_matrix_but_not_exact_or_basename_matches() {
    let mut fx = Fixture::new();
    for i in 0..3 {
        fx.write(&format!("s{i}/f{i}.txt"), text(&lines(&format!("lim{i}"), 20)));
    }
    fx.write("exact.txt", text(&lines("exact", 5)));
    fx.commit("start");
    for i in 0..3 {
        fx.remove(&format!("s{i}/f{i}.txt"));
    }
    fx.remove("exact.txt");
    fx.write("t0/f0.txt", text(&edited(&lines("lim0", 20), 2, "b")));
    fx.write("g1.txt", text(&edited(&lines("lim1", 20), 2, "m")));
    fx.write("g2.txt", text(&edited(&lines("lim2", 20), 2, "m")));
    fx.write("exact2.txt", text(&lines("exact", 5)));
    let commit = fx.commit("past the limit");
    for limit in [1usize, 2, 3] {
        let flag = format!("-l{limit}");
        let options = Options { rename_limit: limit, ..Options::renames() };
        assert_eq!(our_pairs(&fx, &commit, &options), git_pairs(&fx, &commit, &["-M", &flag]), "{flag}");
    }
}

/// Random histories of files renamed with edits around 50%, copied, converted to CRLF and
/// deleted: pairs, `--follow` sources and blame all as git's.
#[test]
fn random_histories_around_the_threshold() {
    for seed in 1..=3u64 {
        let mut rng = common::rng(seed);
        let mut fx = Fixture::new();
        let mut files: Vec<(String, Vec<String>)> = (0..5).map(|i| (format!("f{i}.txt"), lines(&format!("s{seed}f{i}"), 16))).collect();
        for (name, l) in &files {
            fx.write(name, text(l));
        }
        fx.commit("start");
        for step in 0..12 {
            for _ in 0..rng.usize(1..3) {
                let f = rng.usize(..files.len());
                match rng.u8(..5) {
                    0 | 1 => {
                        // Rename with 5 to 11 of 16 lines changed: 30% to 70% similar.
                        let changed = rng.usize(5..12);
                        let dir = if rng.bool() { "moved" } else { "elsewhere" };
                        let keep_name = rng.bool();
                        let (old, l) = files[f].clone();
                        let base = old.rsplit('/').next().unwrap().to_string();
                        let new = if keep_name { format!("{dir}{step}/{base}") } else { format!("{dir}{step}/r{step}_{f}.txt") };
                        std::fs::remove_file(fx.file(&old)).unwrap();
                        let l = edited(&l, changed, &format!("e{step}"));
                        fx.write(&new, text(&l));
                        files[f] = (new, l);
                    }
                    2 if files.len() < 9 => {
                        let (_, l) = files[f].clone();
                        let l = edited(&l, rng.usize(0..10), &format!("c{step}"));
                        let name = format!("copy{step}_{f}.txt");
                        fx.write(&name, text(&l));
                        files.push((name, l));
                    }
                    3 => {
                        let (name, l) = &files[f];
                        fx.write(name, text(l).replace('\n', "\r\n"));
                    }
                    _ => {
                        let (name, l) = &mut files[f];
                        let k = rng.usize(..l.len());
                        l[k] = format!("edit {step} {k}");
                        fx.write(name, text(l));
                    }
                }
            }
            if fx.git(&["status", "--porcelain"]).trim().is_empty() {
                continue;
            }
            fx.commit(&format!("step {step}"));
        }
        assert_pairs_match(&fx);
        assert_follow_matches(&fx);
        assert_blame_matches(&fx);
    }
}
