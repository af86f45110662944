//! `blame_file` against `git blame --line-porcelain`, one repository shape per test.

mod blame_support;
mod common;

use blame_support::*;
use common::Fixture;
use git_authorship_core::blame::{blame_file, BlameOptions, IgnoreRevsFile, LINE_IGNORED, LINE_UNBLAMABLE};
use git_authorship_core::{Cancel, ErrorCode};

fn opts() -> BlameOptions {
    BlameOptions::default()
}

#[test]
fn linear_edits() {
    let mut fx = Fixture::new();
    fx.write("a.txt", numbered("line", 10));
    fx.commit("first");
    fx.write("a.txt", "line 1\nline 2\nnew A\nline 3\nline 4\nline 6\nline 7\nchanged 8\nline 9\nline 10\n");
    fx.commit_as("second\n\nbody text", "Other Person <other@example.com>");
    fx.write("a.txt", "top\nline 1\nline 2\nnew A\nline 3\nline 4\nline 6\nline 7\nchanged 8\nline 9\nline 10\nend\n");
    fx.commit("third");
    assert_same(&fx, "a.txt", &[], &opts());
}

#[test]
fn merges_clean_conflicted_evil_and_octopus() {
    let mut fx = Fixture::new();
    fx.write("m.txt", numbered("base", 20));
    fx.commit("base");
    fx.git(&["checkout", "-q", "-b", "side"]);
    let mut side = numbered("base", 20).lines().map(String::from).collect::<Vec<_>>();
    side[2] = "side change 3".into();
    side.insert(15, "side insert".into());
    fx.write("m.txt", side.join("\n") + "\n");
    fx.commit("side edit");
    fx.git(&["checkout", "-q", "main"]);
    let mut main = numbered("base", 20).lines().map(String::from).collect::<Vec<_>>();
    main[8] = "main change 9".into();
    fx.write("m.txt", main.join("\n") + "\n");
    fx.commit("main edit");
    fx.git_at_next_tick(&["merge", "-q", "--no-edit", "side"]);
    assert_same(&fx, "m.txt", &[], &opts());

    // conflict resolved by hand
    fx.git(&["checkout", "-q", "-b", "c2"]);
    let mut c2 = fx_read(&fx, "m.txt");
    c2[0] = "c2 line".into();
    fx.write("m.txt", c2.join("\n") + "\n");
    fx.commit("c2");
    fx.git(&["checkout", "-q", "main"]);
    let mut m2 = fx_read(&fx, "m.txt");
    m2[0] = "main line".into();
    fx.write("m.txt", m2.join("\n") + "\n");
    fx.commit("main 2");
    let _ = fx.git_bytes_allow_fail(&["merge", "-q", "--no-edit", "c2"]);
    let mut res = fx_read(&fx, "m.txt").into_iter().filter(|l| !l.starts_with("<<<<<<<") && !l.starts_with(">>>>>>>") && !l.starts_with("=======")).collect::<Vec<_>>();
    res.push("evil merge line".into());
    fx.write("m.txt", res.join("\n") + "\n");
    fx.commit("merge c2 with resolution");
    assert_same(&fx, "m.txt", &[], &opts());

    // octopus
    for b in ["o1", "o2", "o3"] {
        fx.git(&["checkout", "-q", "-b", b, "main"]);
        fx.write(&format!("{b}.txt"), format!("{b}\n"));
        let mut cur = fx_read(&fx, "m.txt");
        cur.push(format!("from {b}"));
        if b == "o1" {
            fx.write("m.txt", cur.join("\n") + "\n");
        }
        fx.commit(&format!("branch {b}"));
    }
    fx.git(&["checkout", "-q", "main"]);
    fx.git_at_next_tick(&["merge", "-q", "--no-edit", "o1", "o2", "o3"]);
    assert_same(&fx, "m.txt", &[], &opts());
    assert_same(&fx, "o2.txt", &[], &opts());
}

fn fx_read(fx: &Fixture, p: &str) -> Vec<String> {
    std::fs::read_to_string(fx.file(p)).unwrap().lines().map(String::from).collect()
}

trait AllowFail {
    fn git_bytes_allow_fail(&self, args: &[&str]) -> bool;
}
impl AllowFail for Fixture {
    fn git_bytes_allow_fail(&self, args: &[&str]) -> bool {
        std::process::Command::new("git")
            .args(args)
            .current_dir(self.path())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .output()
            .map(|o| o.status.success())
            .unwrap_or(false)
    }
}

#[test]
fn renames_with_and_without_edits_and_on_a_side_branch() {
    let mut fx = Fixture::new();
    fx.write("old.txt", numbered("content", 12));
    fx.commit("add old");
    fx.mv("old.txt", "mid.txt");
    fx.commit("pure rename");
    let mut l = fx_read(&fx, "mid.txt");
    l[3] = "edited in rename".into();
    fx.write("mid.txt", l.join("\n") + "\n");
    fx.mv("mid.txt", "dir/new.txt");
    fx.commit("rename with edit");
    fx.git(&["checkout", "-q", "-b", "side"]);
    fx.mv("dir/new.txt", "side.txt");
    let mut l = fx_read(&fx, "side.txt");
    l.push("side tail".into());
    fx.write("side.txt", l.join("\n") + "\n");
    fx.commit("side rename");
    fx.git(&["checkout", "-q", "main"]);
    fx.write("other.txt", "x\n");
    fx.commit("main other");
    fx.git_at_next_tick(&["merge", "-q", "--no-edit", "side"]);
    assert_same(&fx, "side.txt", &[], &opts());
    fx.git(&["checkout", "-q", "side"]);
    assert_same(&fx, "side.txt", &[], &opts());
}

#[test]
fn deleted_and_readded_root_crlf_no_final_newline_non_utf8_empty_and_newlines() {
    let mut fx = Fixture::new();
    fx.write("d.txt", numbered("old", 5));
    fx.write("crlf.txt", "a\r\nb\r\nc\r\n");
    fx.write("nonl.txt", "one\ntwo");
    fx.write("latin.txt", &b"caf\xe9\nna\xefve\n"[..]);
    fx.write("empty.txt", "");
    fx.write("nl.txt", "\n\n\n");
    fx.commit("root");
    fx.remove("d.txt");
    fx.commit("delete");
    fx.write("d.txt", "old 1\nold 2\nnew\n");
    fx.write("crlf.txt", "a\r\nb\nc\r\nd\r\n");
    fx.write("nonl.txt", "one\ntwo\nthree");
    fx.write("latin.txt", &b"caf\xe9\nna\xefve\nd\xe9j\xe0\n"[..]);
    fx.write("nl.txt", "\n\nx\n\n\n");
    fx.commit("re-add and edits");
    for p in ["d.txt", "crlf.txt", "nonl.txt", "latin.txt", "empty.txt", "nl.txt"] {
        assert_same(&fx, p, &[], &opts());
    }
}

#[test]
fn contents_inserted_deleted_changed() {
    let mut fx = Fixture::new();
    fx.write("c.txt", numbered("c", 8));
    fx.commit("one");
    let mut l = fx_read(&fx, "c.txt");
    l[1] = "changed".into();
    fx.write("c.txt", l.join("\n") + "\n");
    fx.commit("two");
    let text = "c 1\nchanged\ninserted\nc 3\nc 5\nc 6 modified\nc 7\nc 8\n";
    // Unsaved contents stand for the working-tree file, so git's answer to compare with is the
    // blame of the working tree (summary "Version of c.txt from c.txt", as ours).
    fx.write("c.txt", text);
    let expected = common::git_blame(&fx, &[], "c.txt", None);
    let o = BlameOptions { contents: Some(text.as_bytes().to_vec()), ..opts() };
    let b = blame_file(fx.path(), "c.txt", &o, &Cancel::new()).unwrap();
    let mut actual = to_lines(&b);
    let mut expected = expected;
    for l in expected.iter_mut().chain(actual.iter_mut()) {
        if l.commit == ZERO {
            l.author_time = 0;
            l.author_tz.clear();
        }
    }
    compare(&expected, &actual, "--contents");
}

#[test]
fn ignore_revs_and_files_with_warnings() {
    let mut fx = Fixture::new();
    fx.write("f.c", "int main() {\n  int x = 1;\n  return x;\n}\n");
    fx.commit("code");
    fx.write("f.c", "int main()\n{\n    int x = 1;\n    return x;\n}\n");
    let fmt = fx.commit_as("reformat", "Formatter <fmt@example.com>");
    fx.write("f.c", "int main()\n{\n    int x = 1;\n    int y = 2;\n    return x + y;\n}\n");
    fx.commit("feature");
    assert_same(&fx, "f.c", &["--ignore-rev", &fmt], &BlameOptions { ignore_revs: vec![fmt.clone()], ..opts() });
    let b = blame_file(fx.path(), "f.c", &BlameOptions { ignore_revs: vec![fmt.clone()], ..opts() }, &Cancel::new()).unwrap();
    assert!(b.flags.iter().any(|f| f & (LINE_IGNORED | LINE_UNBLAMABLE) != 0));

    fx.write(".git-blame-ignore-revs", format!("# formatting\n{fmt}\n\nnot-a-hash\n{}\n", "1234567890123456789012345678901234567890"));
    let expected = common::git_blame(&fx, &["--ignore-rev", &fmt], "f.c", None);
    let o = BlameOptions { ignore_revs_file: IgnoreRevsFile::Path(fx.file(".git-blame-ignore-revs")), ..opts() };
    let b = blame_file(fx.path(), "f.c", &o, &Cancel::new()).unwrap();
    compare(&expected, &to_lines(&b), "ignore-revs file");
    assert_eq!(b.warnings.len(), 2, "{:?}", b.warnings);
    // from config
    fx.git(&["config", "blame.ignoreRevsFile", ".git-blame-ignore-revs"]);
    let b = blame_file(fx.path(), "f.c", &opts(), &Cancel::new()).unwrap();
    compare(&expected, &to_lines(&b), "blame.ignoreRevsFile");
    let b = blame_file(fx.path(), "f.c", &BlameOptions { ignore_revs: vec!["nope".into()], ignore_revs_file: IgnoreRevsFile::None, ..opts() }, &Cancel::new()).unwrap();
    assert_eq!(b.warnings.len(), 1);
}

#[test]
fn whitespace_option() {
    let mut fx = Fixture::new();
    fx.write("w.txt", "a b\nc\td\n  e\nf\n");
    fx.commit("one");
    fx.write("w.txt", "a  b\nc d\ne\nf\ng\n");
    fx.commit("two");
    assert_same(&fx, "w.txt", &[], &opts());
    assert_same(&fx, "w.txt", &["-w"], &BlameOptions { ignore_whitespace: true, ..opts() });
}

#[test]
fn mailmap_maps_author_and_committer() {
    let mut fx = Fixture::new();
    fx.write("a.txt", "1\n");
    fx.commit_as("one", "Old Name <old@example.com>");
    fx.write("a.txt", "1\n2\n");
    fx.commit_as("two", "Someone <some@example.com>");
    fx.write(".mailmap", "New Name <new@example.com> Old Name <old@example.com>\nProper <some@example.com>\nthis line is malformed\n");
    fx.commit("mailmap");
    assert_same(&fx, "a.txt", &[], &opts());
}

#[test]
fn shallow_clone_boundary() {
    let mut fx = Fixture::new();
    for i in 0..4 {
        let mut l = if i == 0 { Vec::new() } else { fx_read(&fx, "s.txt") };
        l.push(format!("line from {i}"));
        fx.write("s.txt", l.join("\n") + "\n");
        fx.commit(&format!("c{i}"));
    }
    let clone = tempfile::tempdir().unwrap();
    let url = format!("file://{}", fx.path().display());
    let st = std::process::Command::new("git")
        .args(["clone", "-q", "--depth", "2", &url, &clone.path().join("c").display().to_string()])
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .status()
        .unwrap();
    assert!(st.success());
    let dir = clone.path().join("c");
    // Blame the full repository first: the commits it parses are kept in this process
    // (commit_cache), parents included, and the clone must still stop at its boundary.
    let full = blame_file(fx.path(), "s.txt", &opts(), &Cancel::new()).unwrap();
    let cached = |hex: &str| git_authorship_core::commit_cache::get(&gix::ObjectId::from_hex(hex.as_bytes()).unwrap()).is_some();
    assert!(full.commits.iter().all(|c| cached(&c.id)), "every commit of the full blame is kept");
    let out = std::process::Command::new("git").args(["blame", "--line-porcelain", "--", "s.txt"]).current_dir(&dir).output().unwrap();
    let expected = common::parse_line_porcelain(&out.stdout);
    let b = blame_file(&dir, "s.txt", &opts(), &Cancel::new()).unwrap();
    compare(&expected, &to_lines(&b), "shallow");
    assert!(b.commits.iter().any(|c| c.boundary));
}

#[test]
fn errors_have_codes() {
    let mut fx = Fixture::new();
    fx.write("dir/a.txt", "a\n");
    fx.write("bin.dat", &b"abc\0def\n"[..]);
    fx.write("attr.txt", "text\n");
    fx.write(".gitattributes", "attr.txt binary\n");
    fx.commit("one");
    let c = Cancel::new();
    let err = |p: &str, o: &BlameOptions| blame_file(fx.path(), p, o, &c).unwrap_err().code;
    assert_eq!(err("missing.txt", &opts()), ErrorCode::PathNotInRevision);
    assert_eq!(err("dir", &opts()), ErrorCode::IsDirectory);
    assert_eq!(err("bin.dat", &opts()), ErrorCode::BinaryFile);
    assert_eq!(err("attr.txt", &opts()), ErrorCode::BinaryFile);
    assert_eq!(err("dir/a.txt", &BlameOptions { detect_moves: true, ..opts() }), ErrorCode::InvalidOption);
    assert_eq!(err("dir/a.txt", &BlameOptions { rev: Some("nope".into()), ..opts() }), ErrorCode::BadRevision);
    let tmp = tempfile::tempdir().unwrap();
    assert_eq!(blame_file(tmp.path(), "x", &opts(), &c).unwrap_err().code, ErrorCode::NotARepository);
    c.cancel();
    assert_eq!(err("dir/a.txt", &opts()), ErrorCode::Aborted);
}
