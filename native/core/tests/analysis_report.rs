//! `analyze_repository` against git: lines from `git blame -w --line-porcelain`, history numbers
//! from `git log --follow --numstat -w`, and every setting.

mod common;

use std::collections::BTreeMap;

use common::{git_blame, Fixture, BASE_TIME};
use git_authorship_core::analysis::{analyze_repository, Phase, RepositoryAnalysis, SkipReason};
use git_authorship_core::comments::{classify_lines, LineKind};
use git_authorship_core::filters::Settings;
use git_authorship_core::{Cancel, ErrorCode};

const ALICE: &str = "Alice Smith <alice@example.com>";
const BOB: &str = "Bob <bob@example.com>";
const CAROL: &str = "Carol Jones <carol@example.com>";

fn analyze(fx: &Fixture, settings: &Settings) -> RepositoryAnalysis {
    let mut phases = Vec::new();
    let result = analyze_repository(fx.path(), settings, &Cancel::new(), &mut |p| phases.push(p.phase)).unwrap();
    assert_eq!(phases.first(), Some(&Phase::Listing));
    assert_eq!(phases.last(), Some(&Phase::Done));
    result
}

/// (author name, file) → (lines, insertions, deletions, commits).
fn cells_by_name(a: &RepositoryAnalysis) -> BTreeMap<(String, String), (u32, u64, u64, u32)> {
    a.cells
        .iter()
        .map(|c| {
            (
                (a.authors[c.author as usize].name.clone(), a.files[c.file as usize].path.clone()),
                (c.lines, c.insertions, c.deletions, c.commits),
            )
        })
        .collect()
}

/// Lines per author name of `git blame -w` on a file, with the comment/empty rules applied.
fn git_lines(fx: &Fixture, path: &str, extra: &[&str], comments: bool, empty: bool) -> BTreeMap<String, u32> {
    let mut args = vec!["-w"];
    args.extend_from_slice(extra);
    let blame = git_blame(fx, &args, path, None);
    let text = std::fs::read(fx.file(path)).unwrap();
    let lines: Vec<&[u8]> = text.split_inclusive(|&b| b == b'\n').map(|l| l.strip_suffix(b"\n").unwrap_or(l)).collect();
    let kinds = classify_lines(path.rsplit('/').next().unwrap_or(path), lines.iter().copied());
    let mut out = BTreeMap::new();
    for (line, kind) in blame.iter().zip(kinds) {
        let keep = match kind {
            LineKind::Code => true,
            LineKind::Comment => comments,
            LineKind::Empty => empty,
        };
        if keep {
            *out.entry(line.author.clone()).or_default() += 1;
        }
    }
    out
}

/// `git log --follow --numstat -w` per author name: (insertions, deletions, commits).
fn git_history(fx: &Fixture, path: &str, extra: &[&str]) -> BTreeMap<String, (u64, u64, u32)> {
    let mut args = vec!["log", "--follow", "--numstat", "-w", "--format=%x00%P%x09%aN"];
    args.extend_from_slice(extra);
    args.extend_from_slice(&["--", path]);
    let out = fx.git(&args);
    let mut result: BTreeMap<String, (u64, u64, u32)> = BTreeMap::new();
    let mut current = None;
    for line in out.lines() {
        if let Some(h) = line.strip_prefix('\0') {
            let (parents, name) = h.split_once('\t').unwrap();
            current = (parents.split(' ').filter(|p| !p.is_empty()).count() <= 1).then(|| name.to_string());
            if let Some(n) = &current {
                result.entry(n.clone()).or_default().2 += 1;
            }
        } else if let (false, Some(n)) = (line.is_empty(), &current) {
            let mut cols = line.split('\t');
            let (i, d) = (cols.next().unwrap(), cols.next().unwrap());
            if i != "-" {
                let e = result.entry(n.clone()).or_default();
                e.0 += i.parse::<u64>().unwrap();
                e.1 += d.parse::<u64>().unwrap();
            }
        }
    }
    result
}

fn assert_like_git(fx: &Fixture, a: &RepositoryAnalysis, settings: &Settings, blame_extra: &[&str], log_extra: &[&str]) {
    let ours = cells_by_name(a);
    for file in &a.files {
        let lines = git_lines(fx, &file.path, blame_extra, settings.comments, settings.empty_lines);
        let hist = git_history(fx, &file.path, log_extra);
        let mut expected: BTreeMap<String, (u32, u64, u64, u32)> = BTreeMap::new();
        for (name, n) in lines {
            expected.entry(name).or_default().0 = n;
        }
        for (name, (i, d, c)) in hist {
            let e = expected.entry(name).or_default();
            (e.1, e.2, e.3) = (i, d, c);
        }
        let got: BTreeMap<String, (u32, u64, u64, u32)> = ours
            .iter()
            .filter(|((_, f), _)| *f == file.path)
            .map(|((n, _), v)| (n.clone(), *v))
            .filter(|(_, v)| *v != (0, 0, 0, 0))
            .collect();
        expected.retain(|_, v| *v != (0, 0, 0, 0));
        assert_eq!(got, expected, "file {}", file.path);
    }
}

fn sample_repo() -> Fixture {
    let mut fx = Fixture::new();
    fx.write("src/main.rs", "// header comment\nfn main() {\n\n    let x = 1;\n    /* block\n       more */\n    println!(\"{x}\");\n}\n");
    fx.write("docs/readme.md", "# Title\n\nSome text.\n");
    fx.write("script.py", "# comment\nprint(1)\n\nprint(2)\n");
    fx.write("Makefile", "all:\n\techo hi\n");
    fx.commit_as("initial", ALICE);
    fx.write("src/main.rs", "// header comment\nfn main() {\n\n    let x = 2;\n    /* block\n       more */\n    println!(\"{x}\");\n    println!(\"bob\");\n}\n");
    fx.write("script.py", "# comment\nprint(1)\n\nprint(2)\nprint(3)  # trailing\n");
    fx.commit_as("bob edits", BOB);
    fx.mv("script.py", "tools/script.py");
    fx.write("tools/script.py", "# comment\nprint(1)\n\nprint(2)\nprint(3)  # trailing\nprint(4)\n");
    fx.commit_as("move script", CAROL);
    fx.write("src/main.rs", "// header comment\nfn main() {\n\n      let x = 2;\n    /* block\n       more */\n    println!(\"{x}\");\n    println!(\"bob\");\n}\n");
    fx.commit_as("reindent", CAROL);
    fx.write("image.png", b"\x89PNG\x00\x00binary");
    std::os::unix::fs::symlink("src/main.rs", fx.file("link.rs")).unwrap();
    fx.commit_as("assets", BOB);
    let sub = fx.head();
    fx.git(&["update-index", "--add", "--cacheinfo", &format!("160000,{sub},vendor/sub")]);
    fx.git(&["commit", "-q", "-m", "submodule"]);
    fx
}

#[test]
fn lines_and_history_match_git_with_default_settings() {
    let fx = sample_repo();
    let settings = Settings::default();
    let a = analyze(&fx, &settings);
    assert_like_git(&fx, &a, &settings, &[], &[]);
    let skipped: BTreeMap<&str, SkipReason> = a.skipped.iter().map(|s| (s.path.as_str(), s.reason)).collect();
    assert_eq!(skipped.get("image.png"), Some(&SkipReason::Binary));
    assert_eq!(skipped.get("link.rs"), Some(&SkipReason::Symlink));
    assert_eq!(skipped.get("vendor/sub"), Some(&SkipReason::Submodule));
    let script = a.files.iter().find(|f| f.path == "tools/script.py").unwrap();
    assert_eq!(script.former_paths, vec!["script.py".to_string()]);
    assert_eq!(script.total_lines, 6);
    assert_eq!(a.head, fx.head());
    assert!(std::path::Path::new(&a.path).is_absolute());
    assert_eq!(a.stats.files_analyzed as usize, a.files.len());
}

#[test]
fn comments_empty_lines_and_whitespace_settings() {
    let fx = sample_repo();
    let settings = Settings { comments: true, empty_lines: true, ..Settings::default() };
    let a = analyze(&fx, &settings);
    assert_like_git(&fx, &a, &settings, &[], &[]);
    let total: u32 = a.cells.iter().filter(|c| a.files[c.file as usize].path == "src/main.rs").map(|c| c.lines).sum();
    assert_eq!(total, 9, "every line counts when comments and empty lines are asked for");

    // whitespace: true → no -w: the reindent is Carol's line and her numstat counts it.
    let a = analyze(&fx, &Settings { whitespace: true, ..Settings::default() });
    let cells = cells_by_name(&a);
    let carol = cells[&("Carol Jones".to_string(), "src/main.rs".to_string())];
    assert_eq!((carol.0, carol.1, carol.2, carol.3), (1, 1, 1, 1));
    let a = analyze(&fx, &Settings::default());
    let cells = cells_by_name(&a);
    let carol = cells[&("Carol Jones".to_string(), "src/main.rs".to_string())];
    assert_eq!((carol.0, carol.1, carol.2, carol.3), (0, 0, 0, 1), "-w: a whitespace-only commit still counts as a commit");
}

#[test]
fn path_filters() {
    let fx = sample_repo();
    let paths = |s: Settings| -> Vec<String> { analyze(&fx, &s).files.into_iter().map(|f| f.path).collect() };
    assert_eq!(paths(Settings { subfolder: Some("src/".into()), ..Default::default() }), vec!["src/main.rs"]);
    assert_eq!(paths(Settings { extensions: vec!["PY".into(), "md".into()], ..Default::default() }), vec!["docs/readme.md", "tools/script.py"]);
    assert_eq!(paths(Settings { extensions: vec!["*".into()], ..Default::default() }).len(), 4);
    assert_eq!(paths(Settings { include_files: vec!["*.RS".into()], ..Default::default() }), vec!["src/main.rs"]);
    assert_eq!(
        paths(Settings { exclude_files: vec!["docs/*".into(), "makefile".into()], ..Default::default() }),
        vec!["src/main.rs", "tools/script.py"]
    );
    assert_eq!(paths(Settings { n_files: 1, ..Default::default() }), vec!["src/main.rs"]);
    let err = analyze_repository(fx.path(), &Settings { subfolder: Some("../x".into()), ..Default::default() }, &Cancel::new(), &mut |_| {}).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidOption);
    assert!(err.message.contains("subfolder"), "{}", err.message);
    for bad in [
        Settings { since: Some("last tuesday".into()), ..Default::default() },
        Settings { include_files: vec!["a[".into()], ..Default::default() },
        Settings { exclude_revisions: vec!["xyz".into()], ..Default::default() },
        Settings { extensions: vec!["".into()], ..Default::default() },
    ] {
        let err = analyze_repository(fx.path(), &bad, &Cancel::new(), &mut |_| {}).unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidOption, "{bad:?}");
    }
}

#[test]
fn identities_merge_by_name_email_mailmap_and_transitively() {
    let mut fx = Fixture::new();
    fx.write("a.txt", "1\n");
    fx.commit_as("c1", "jdoe <john@work.com>");
    fx.write("a.txt", "1\n2\n");
    fx.commit_as("c2", "John Doe <john@work.com>");
    fx.write("a.txt", "1\n2\n3\n");
    fx.commit_as("c3", "John Doe <john@home.org>");
    fx.write("a.txt", "1\n2\n3\n4\n");
    fx.commit_as("c4", "Johnny <john@home.org>");
    fx.write("a.txt", "1\n2\n3\n4\n5\n");
    fx.commit_as("c5", "Mapped Person <old@example.com>");
    fx.write("a.txt", "1\n2\n3\n4\n5\n6\n");
    fx.commit_as("c6", "Other <other@example.com>");
    fx.write(".mailmap", "Real Person <real@example.com> <old@example.com>\n");
    fx.commit_as("mailmap", "Real Person <real@example.com>");
    let a = analyze(&fx, &Settings::default());
    let names: Vec<&str> = a.authors.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, vec!["John Doe", "Other", "Real Person"]);
    let john = &a.authors[0];
    assert_eq!(john.aliases.len(), 4, "jdoe – John Doe (email) – John Doe (name) – Johnny (email)");
    assert_eq!(john.commits, 4);
    let real = &a.authors[2];
    assert_eq!(real.email, "real@example.com");
    let john_lines: u32 = a.cells.iter().filter(|c| c.author == 0).map(|c| c.lines).sum();
    assert_eq!(john_lines, 4);
    // Without .mailmap, the old identity stays its own person.
    let a = analyze(&fx, &Settings { mailmap: false, ..Default::default() });
    assert!(a.authors.iter().any(|p| p.name == "Mapped Person"));
}

#[test]
fn excluded_authors_revisions_and_messages() {
    let mut fx = Fixture::new();
    fx.write("f.txt", "a\nb\nc\n");
    fx.commit_as("base", ALICE);
    fx.write("f.txt", "a\nB\nc\nd\n");
    let bobs = fx.commit_as("bob change", BOB);
    fx.write("f.txt", "a\nB\nC\nd\n");
    fx.commit_as("WIP: carol", CAROL);

    let a = analyze(&fx, &Settings { exclude_authors: vec!["bob*".into()], ..Default::default() });
    let bob = a.authors.iter().find(|p| p.name == "Bob").unwrap();
    assert!(bob.excluded, "kept, marked excluded");
    assert!(!a.authors.iter().find(|p| p.name == "Alice Smith").unwrap().excluded);
    let a = analyze(&fx, &Settings { exclude_emails: vec!["CAROL@*".into()], ..Default::default() });
    assert!(a.authors.iter().find(|p| p.name == "Carol Jones").unwrap().excluded);

    let settings = Settings { exclude_revisions: vec![bobs[..8].to_string()], ..Default::default() };
    let a = analyze(&fx, &settings);
    let ignore = format!("--ignore-rev={bobs}");
    let git = git_lines(&fx, "f.txt", &[&ignore], false, false);
    let ours: BTreeMap<String, u32> = a
        .cells
        .iter()
        .filter(|c| c.lines > 0)
        .map(|c| (a.authors[c.author as usize].name.clone(), c.lines))
        .collect();
    assert_eq!(ours, git, "lines of an excluded revision pass to the parent like --ignore-rev");
    assert!(a.cells.iter().all(|c| a.authors[c.author as usize].name != "Bob" || (c.insertions, c.commits) == (0, 0)));

    let a = analyze(&fx, &Settings { exclude_messages: vec!["wip*".into()], ..Default::default() });
    assert!(a.authors.iter().all(|p| p.name != "Carol Jones"), "{:?}", a.authors);

    let a = analyze(&fx, &Settings { exclude_revisions: vec!["deadbeef".into()], ..Default::default() });
    assert!(a.warnings.iter().any(|w| w.code == "EXCLUDE_REVISION_UNKNOWN"));
}

#[test]
fn since_and_until_pick_the_window_and_the_head() {
    let mut fx = Fixture::new();
    let mut ids = Vec::new();
    for (i, who) in [ALICE, BOB, CAROL, ALICE].iter().enumerate() {
        fx.write("f.txt", (0..=i).map(|k| format!("line {k}\n")).collect::<String>());
        ids.push(fx.commit_as(&format!("c{i}"), who));
    }
    // Commit i is at BASE_TIME + (i+1) h.
    let settings = Settings {
        since: Some(format!("@{}", BASE_TIME + 2 * 3600)),
        until: Some(format!("@{}", BASE_TIME + 3 * 3600 + 60)),
        ..Default::default()
    };
    let a = analyze(&fx, &settings);
    assert_eq!(a.head, ids[2], "until picks the last commit before it");
    assert_eq!(a.head_time, BASE_TIME + 3 * 3600);
    let cells = cells_by_name(&a);
    assert_eq!(cells[&("Bob".to_string(), "f.txt".to_string())], (1, 1, 0, 1));
    assert_eq!(cells[&("Carol Jones".to_string(), "f.txt".to_string())], (1, 1, 0, 1));
    assert_eq!(cells[&("Alice Smith".to_string(), "f.txt".to_string())], (1, 0, 0, 0), "blame is not limited by since");
    let date = Settings { since: Some("2020-09-13".into()), until: Some("2020-09-13T15:00:00Z".into()), ..Default::default() };
    let a = analyze(&fx, &date);
    assert_eq!(a.head, ids[1], "BASE_TIME is 2020-09-13T12:26:40Z; commit 1 is at 14:26:40");
}

#[test]
fn abort_returns_aborted() {
    let fx = sample_repo();
    let cancel = Cancel::new();
    cancel.cancel();
    let err = analyze_repository(fx.path(), &Settings::default(), &cancel, &mut |_| {}).unwrap_err();
    assert_eq!(err.code, ErrorCode::Aborted);
}
