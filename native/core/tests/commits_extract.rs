//! `extract_commits` against `git log --numstat --format`.

mod common;

use common::Fixture;
use git_authorship_core::commits::{extract_commits, CommitsOptions};
use git_authorship_core::{Cancel, ErrorCode};

/// (sha, additions, deletions, is_merge, author offset minutes, author name) from git.
fn git_records(fx: &Fixture, extra: &[&str]) -> Vec<(String, u32, u32, bool, i32, String)> {
    let mut args = vec!["log", "--numstat", "--format=%x00%H%x09%P%x09%aN%x09%ai"];
    args.extend_from_slice(extra);
    let out = fx.git(&args);
    let mut records: Vec<(String, u32, u32, bool, i32, String)> = Vec::new();
    for line in out.lines() {
        if let Some(h) = line.strip_prefix('\0') {
            let parts: Vec<&str> = h.split('\t').collect();
            let merge = parts[1].split(' ').filter(|p| !p.is_empty()).count() > 1;
            let tz = parts[3].rsplit(' ').next().unwrap();
            let sign = if tz.starts_with('-') { -1 } else { 1 };
            let offset = sign * (tz[1..3].parse::<i32>().unwrap() * 60 + tz[3..5].parse::<i32>().unwrap());
            records.push((parts[0].to_string(), 0, 0, merge, offset, parts[2].to_string()));
        } else if !line.is_empty() {
            let mut cols = line.split('\t');
            let (i, d) = (cols.next().unwrap(), cols.next().unwrap());
            if i != "-" {
                let r = records.last_mut().unwrap();
                r.1 += i.parse::<u32>().unwrap();
                r.2 += d.parse::<u32>().unwrap();
            }
        }
    }
    records
}

fn sample() -> Fixture {
    let mut fx = Fixture::new();
    fx.write("a.txt", "1\n2\n3\n");
    fx.write("b.bin", b"\x00bin");
    fx.commit_as("root", "Alice <alice@example.com>");
    fx.git(&["checkout", "-q", "-b", "side"]);
    fx.write("side.txt", "s\n");
    fx.commit_as("side", "Bob <bob@example.com>");
    fx.git(&["checkout", "-q", "main"]);
    fx.write("a.txt", "1\ntwo\n3\n4\n");
    fx.commit_as("main edit", "Alice <alice@example.com>");
    fx.git_at_next_tick(&["merge", "-q", "--no-edit", "side"]);
    fx.mv("a.txt", "renamed.txt");
    fx.write("renamed.txt", "1\ntwo\n3\n4\nfive\n");
    fx.commit_as("rename with edit\n\nbody line", "Carol <carol@example.com>");
    // A commit with a timezone, made by git directly.
    fx.write("tz.txt", "x\n");
    fx.git(&["add", "-A"]);
    fx.git(&["-c", "user.name=Dora", "-c", "user.email=dora@example.com", "commit", "-q", "-m", "tz", "--date=2021-01-01T10:00:00+0530"]);
    fx
}

#[test]
fn records_match_git_log_numstat() {
    let fx = sample();
    let ours = extract_commits(fx.path(), &CommitsOptions::default(), &Cancel::new()).unwrap();
    let git = git_records(&fx, &[]);
    let ours_view: Vec<(String, u32, u32, bool, i32, String)> = ours
        .iter()
        .map(|r| (r.sha.clone(), r.additions, r.deletions, r.is_merge, r.author_offset, r.author_name.clone()))
        .collect();
    assert_eq!(ours_view, git);
    let rename = ours.iter().find(|r| r.message.starts_with("rename")).unwrap();
    assert_eq!(rename.message, "rename with edit\n\nbody line");
    assert_eq!(rename.author_email, "carol@example.com");
    assert_eq!(rename.committer_name, "Carol");
    let tz = ours.iter().find(|r| r.message == "tz").unwrap();
    assert_eq!((tz.author_offset, tz.author_time), (330, 1_609_475_400));
}

#[test]
fn since_until_and_rev() {
    let fx = sample();
    let since = common::BASE_TIME + 2 * 3600;
    let until = common::BASE_TIME + 3 * 3600;
    let opts = CommitsOptions {
        since: Some(format!("@{since}")),
        until: Some(format!("@{until}")),
        rev: Some("main~1".into()),
        mailmap: true,
    };
    let ours: Vec<String> = extract_commits(fx.path(), &opts, &Cancel::new()).unwrap().into_iter().map(|r| r.sha).collect();
    let git: Vec<String> = git_records(&fx, &[&format!("--since=@{since}"), &format!("--until=@{until}"), "main~1"])
        .into_iter()
        .map(|r| r.0)
        .collect();
    assert_eq!(ours, git);
    assert!(!ours.is_empty());
    let err = extract_commits(fx.path(), &CommitsOptions { rev: Some("nope".into()), ..Default::default() }, &Cancel::new()).unwrap_err();
    assert_eq!(err.code, ErrorCode::BadRevision);
}

#[test]
fn abort_returns_aborted() {
    let fx = sample();
    let cancel = Cancel::new();
    cancel.cancel();
    let err = extract_commits(fx.path(), &CommitsOptions::default(), &cancel).unwrap_err();
    assert_eq!(err.code, ErrorCode::Aborted);
}

/// git's numstat counts a submodule pointer as the line `Subproject commit <id>` and a symlink as
/// its target text; a type change is the old side removed and the new side added.
#[test]
fn submodules_symlinks_and_type_changes_count_as_git_counts_them() {
    let mut sub = Fixture::new();
    sub.write("s.txt", "s\n");
    sub.commit("sub one");
    let mut fx = Fixture::new();
    fx.write("a.txt", "a\n");
    fx.commit("root");
    let sub_url = format!("file://{}", sub.path().display());
    fx.git(&["-c", "protocol.file.allow=always", "submodule", "add", "-q", &sub_url, "mod"]);
    fx.commit("add submodule");
    sub.write("s.txt", "s\nt\n");
    sub.commit("sub two");
    fx.git(&["-c", "protocol.file.allow=always", "-C", "mod", "pull", "-q", "origin", "main"]);
    fx.commit("move submodule");
    std::os::unix::fs::symlink("a.txt", fx.file("link")).unwrap();
    fx.commit("add symlink");
    std::fs::remove_file(fx.file("link")).unwrap();
    std::os::unix::fs::symlink("target/elsewhere", fx.file("link")).unwrap();
    fx.commit("retarget symlink");
    std::fs::remove_file(fx.file("link")).unwrap();
    fx.write("link", "now\na file\n");
    fx.commit("symlink becomes a file");
    fx.git(&["rm", "-q", "mod"]);
    fx.commit("remove submodule");

    let ours = extract_commits(fx.path(), &CommitsOptions::default(), &Cancel::new()).unwrap();
    let git = git_records(&fx, &[]);
    let ours_view: Vec<(String, u32, u32)> = ours.iter().map(|r| (r.sha.clone(), r.additions, r.deletions)).collect();
    let git_view: Vec<(String, u32, u32)> = git.iter().map(|r| (r.0.clone(), r.1, r.2)).collect();
    assert_eq!(ours_view, git_view);
    // The cases really happened: the submodule move is 1/1 in git too.
    assert!(git_view.iter().any(|(_, i, d)| (*i, *d) == (1, 1)));
}
