//! Paths are read as git reads them when run in the given folder: absolute paths inside the work
//! tree, or relative to a subfolder.
mod blame_support;
mod common;

use blame_support::{compare, to_lines};
use git_authorship_core::blame::{blame_file, blame_files, BlameOptions};
use git_authorship_core::{Cancel, ErrorCode};

#[test]
fn absolute_and_subfolder_relative_paths_name_the_same_file() {
    let mut fx = common::Fixture::new();
    fx.write("dir/sub/a.txt", "one\ntwo\n");
    fx.commit("first");
    let opts = BlameOptions::default();
    let cancel = Cancel::new();
    let by_root = blame_file(fx.path(), "dir/sub/a.txt", &opts, &cancel).unwrap();
    let absolute = fx.file("dir/sub/a.txt");
    let by_absolute = blame_file(fx.path(), absolute.to_str().unwrap(), &opts, &cancel).unwrap();
    let by_subfolder = blame_file(&fx.file("dir"), "sub/a.txt", &opts, &cancel).unwrap();
    let by_dotdot = blame_file(&fx.file("dir/sub"), "../sub/./a.txt", &opts, &cancel).unwrap();
    // The work tree reached through a symlink (as /tmp is on macOS): the same file.
    let outside = tempfile::tempdir().unwrap();
    let via_link = outside.path().join("link-to-repo");
    std::os::unix::fs::symlink(fx.path(), &via_link).unwrap();
    let by_linked_root = blame_file(&via_link, "dir/sub/a.txt", &opts, &cancel).unwrap();
    let by_linked_absolute = blame_file(fx.path(), via_link.join("dir/sub/a.txt").to_str().unwrap(), &opts, &cancel).unwrap();
    for other in [&by_absolute, &by_subfolder, &by_dotdot, &by_linked_root, &by_linked_absolute] {
        assert_eq!(other.path, "dir/sub/a.txt");
        assert_eq!(other.origin, by_root.origin);
        assert_eq!(other.source_line, by_root.source_line);
    }
}

#[test]
fn a_path_outside_the_work_tree_is_refused_with_a_clear_error() {
    let mut fx = common::Fixture::new();
    fx.write("a.txt", "one\n");
    fx.commit("first");
    let err = blame_file(fx.path(), "/etc/hostname", &BlameOptions::default(), &Cancel::new()).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidOption);
    assert!(err.message.contains("outside the repository"), "{}", err.message);
}

#[test]
fn blame_files_answers_each_path_in_order_and_one_bad_path_does_not_stop_the_others() {
    let mut fx = common::Fixture::new();
    fx.write("a.txt", "one\ntwo\n").write("dir/b.txt", "three\n").write("bin.dat", b"\x00\x01binary".as_slice()).write("empty.txt", "");
    fx.commit("first");
    fx.mv("a.txt", "renamed.txt");
    fx.write("renamed.txt", "one\ntwo\nfour\n");
    fx.commit("rename and edit");
    let paths: Vec<String> = ["renamed.txt", "missing.txt", "dir", "bin.dat", "dir/b.txt", "./renamed.txt", "empty.txt"].map(String::from).to_vec();
    let answers = blame_files(fx.path(), &paths, &BlameOptions { with_text: true, walks: Some(2), ..Default::default() }, &Cancel::new(), &mut |_| {}).unwrap().files;
    assert_eq!(answers.len(), paths.len());
    let code = |i: usize| answers[i].as_ref().err().map(|e| e.code);
    assert_eq!(code(1), Some(ErrorCode::PathNotInRevision));
    assert_eq!(code(2), Some(ErrorCode::IsDirectory));
    assert_eq!(code(3), Some(ErrorCode::BinaryFile));
    // The good paths: each equal to git blame (renames, source lines and all), the same path asked
    // twice answered twice, and an empty file with no lines.
    for (i, path) in [(0, "renamed.txt"), (4, "dir/b.txt"), (5, "renamed.txt")] {
        let b = answers[i].as_ref().unwrap_or_else(|e| panic!("{path}: {e:?}"));
        assert_eq!(b.path, path);
        compare(&common::git_blame(&fx, &[], path, None), &to_lines(b), path);
        assert_eq!(b.text.as_deref(), Some(std::fs::read(fx.file(path)).unwrap().as_slice()));
    }
    assert_eq!(to_lines(answers[0].as_ref().unwrap())[0].path, "a.txt");
    assert_eq!(answers[6].as_ref().unwrap().origin.len(), 0);
    // Nothing to blame at all: each path still gets its answer, and no call-wide error; the call's
    // warnings and revision are the answer's, with no file to carry them.
    let opts = BlameOptions { ignore_revs: vec!["no-such-revision".into()], ..Default::default() };
    let none = blame_files(fx.path(), &paths[1..2], &opts, &Cancel::new(), &mut |_| {}).unwrap();
    assert_eq!(none.files.len(), 1);
    assert_eq!(none.files[0].as_ref().err().map(|e| e.code), Some(ErrorCode::PathNotInRevision));
    assert_eq!(none.warnings.iter().map(|w| w.code).collect::<Vec<_>>(), ["IGNORE_REV_UNKNOWN"]);
    assert_eq!(none.rev, fx.head());
    assert!(blame_files(fx.path(), &[], &BlameOptions::default(), &Cancel::new(), &mut |_| {}).unwrap().files.is_empty());
    // Uncommitted text belongs to one file: blame_file takes it, blame_files refuses it clearly.
    let err = blame_files(fx.path(), &paths, &BlameOptions { contents: Some(b"x\n".to_vec()), ..Default::default() }, &Cancel::new(), &mut |_| {})
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidOption);
}

#[test]
fn many_paths_are_read_on_every_core_and_answered_in_the_order_asked() {
    // Enough paths for the reading of versions and attributes to be shared out between threads
    // (64 per thread): answers must still come back in the order asked, bad paths in place.
    let mut fx = common::Fixture::new();
    fx.write(".gitattributes", "*.bin binary\n*.nodiff -diff\n");
    for i in 0..150 {
        let ext = match i % 50 {
            7 => "bin",
            31 => "nodiff",
            _ => "txt",
        };
        fx.write(&format!("f{i:03}.{ext}"), format!("file {i}\nline two\n"));
    }
    fx.commit("many files");
    for i in (0..150).step_by(3) {
        fx.write(&format!("f{i:03}.txt"), format!("file {i}\nline two\nadded {i}\n"));
    }
    fx.commit("every third file grows");
    let mut paths: Vec<String> = fx.git(&["ls-files"]).lines().filter(|p| *p != ".gitattributes").map(String::from).collect();
    paths.reverse();
    paths.insert(20, "missing-early.txt".into());
    paths.insert(140, "missing-late.txt".into());
    let answers = blame_files(fx.path(), &paths, &BlameOptions { walks: Some(2), ..Default::default() }, &Cancel::new(), &mut |_| {}).unwrap().files;
    assert_eq!(answers.len(), paths.len());
    for (path, answer) in paths.iter().zip(&answers) {
        match answer {
            Ok(b) => {
                assert_eq!(&b.path, path);
                compare(&common::git_blame(&fx, &[], path, None), &to_lines(b), path);
            }
            Err(e) if path.starts_with("missing") => assert_eq!(e.code, ErrorCode::PathNotInRevision, "{path}"),
            Err(e) => {
                assert!(path.ends_with(".bin") || path.ends_with(".nodiff"), "{path}: {e:?}");
                assert_eq!(e.code, ErrorCode::BinaryFile, "{path}");
            }
        }
    }
    let binary = answers.iter().filter(|a| a.as_ref().is_err_and(|e| e.code == ErrorCode::BinaryFile)).count();
    assert_eq!(binary, 6);
}

#[test]
fn a_walk_that_fails_fails_the_call_with_its_own_error_and_leaves_the_callers_token_alone() {
    // A partial clone whose promisor is gone: a.txt's old version was never fetched, b.txt has no
    // history to walk. With a walk each, a's walk fails and stops b's through a token of their own.
    let mut fx = common::Fixture::new();
    fx.write("a.txt", "one\n").write("b.txt", "alone\n");
    fx.commit("first");
    fx.write("a.txt", "one\ntwo\n");
    fx.commit("second");
    fx.git(&["config", "uploadpack.allowfilter", "true"]);
    let target = tempfile::tempdir().unwrap();
    let partial = target.path().join("partial");
    fx.git(&["clone", "-q", "--filter=blob:none", &format!("file://{}", fx.path().display()), partial.to_str().unwrap()]);
    drop(fx); // the promisor is gone
    let cancel = Cancel::new();
    let paths: Vec<String> = vec!["a.txt".into(), "b.txt".into()];
    let err = blame_files(&partial, &paths, &BlameOptions { walks: Some(2), ..Default::default() }, &cancel, &mut |_| {}).unwrap_err();
    assert_eq!(err.code, ErrorCode::MissingObject, "{err:?}");
    assert!(!cancel.is_cancelled());
}

#[test]
fn one_walk_over_many_files_follows_type_changes_as_git_does() {
    // More files than a commit's few-suspect lookups serve, so the walk finds each changed path's
    // parent version through its tree diff: symlinks that become files and back, a directory that
    // becomes a file and a file that becomes a directory, a submodule replaced by a file, a file
    // deleted and added again, edits in nested folders.
    let mut fx = common::Fixture::new();
    for i in 0..12 {
        fx.write(&format!("f{i:02}.txt"), format!("file {i}\nsecond\nthird\n"));
        fx.write(&format!("deep/er/g{i:02}.txt"), format!("deep {i}\nsecond\n"));
    }
    std::os::unix::fs::symlink("f00.txt", fx.file("link")).unwrap();
    fx.write("dir/inner.txt", "inner one\ninner two\n");
    fx.write("becomes-dir", "was a file\nline two\n");
    fx.write("gone.txt", "going\naway\n");
    fx.commit("first");
    let sub = fx.head();
    fx.git(&["update-index", "--add", "--cacheinfo", &format!("160000,{sub},sub")]);
    fx.git_at_next_tick(&["commit", "-q", "-m", "add a submodule"]);

    for i in (0..12).step_by(2) {
        fx.write(&format!("f{i:02}.txt"), format!("file {i}\nsecond changed\nthird\n"));
        fx.write(&format!("deep/er/g{i:02}.txt"), format!("deep {i}\nsecond\nadded\n"));
    }
    std::fs::remove_file(fx.file("link")).unwrap();
    fx.write("link", "f00.txt\nnow a file\n");
    fx.remove("dir/inner.txt");
    fx.write("dir", "inner one\ninner two\nnow a file\n");
    fx.remove("becomes-dir");
    fx.write("becomes-dir/inside.txt", "was a file\nline two\n");
    fx.remove("gone.txt");
    fx.write("sub", "a file where the submodule was\n"); // staged over the gitlink by the commit
    fx.commit("type changes");

    for i in (1..12).step_by(2) {
        fx.write(&format!("f{i:02}.txt"), format!("file {i}\nsecond\nthird\nfourth\n"));
    }
    fx.write("gone.txt", "going\nback\n");
    fx.write("dir", "inner one\ninner two\nnow a file\nand more\n");
    std::fs::remove_file(fx.file("f03.txt")).unwrap();
    std::os::unix::fs::symlink("f01.txt", fx.file("f03.txt")).unwrap();
    fx.commit("more edits, a file back, a file becomes a symlink");

    let paths: Vec<String> = fx.git(&["ls-files"]).lines().map(String::from).collect();
    assert!(paths.len() > 25, "{paths:?}");
    for walks in [1, 2] {
        let answers = blame_files(fx.path(), &paths, &BlameOptions { walks: Some(walks), ..Default::default() }, &Cancel::new(), &mut |_| {}).unwrap().files;
        for (path, answer) in paths.iter().zip(&answers) {
            let b = answer.as_ref().unwrap_or_else(|e| panic!("{path}: {e:?}"));
            compare(&common::git_blame(&fx, &[], path, None), &to_lines(b), &format!("{path} ({walks} walks)"));
        }
    }
}

#[test]
fn a_call_large_enough_for_both_cores_reads_and_walks_on_both_and_answers_each_path_in_order() {
    // More paths than one reader takes (64) and more lines than one walk takes (20,000), with
    // the default options: a second thread reads paths beside the caller, then walks a group.
    // Bad paths among them keep their places in the answer, whichever thread read them.
    let mut fx = common::Fixture::new();
    let text = |i: usize, round: usize| -> String { (0..300).map(|l| if l % 50 == round * 7 { format!("file {i} line {l} edited {round}\n") } else { format!("file {i} line {l}\n") }).collect() };
    for i in 0..72 {
        fx.write(&format!("d{}/f{i:02}.txt", i % 5), text(i, 0));
    }
    fx.write("bin.dat", "binary\0here\n");
    fx.commit("first");
    for round in 1..4 {
        for i in (round..72).step_by(3) {
            fx.write(&format!("d{}/f{i:02}.txt", i % 5), text(i, round));
        }
        fx.commit(&format!("edits {round}"));
    }
    let mut paths: Vec<String> = fx.git(&["ls-files"]).lines().map(String::from).collect();
    assert_eq!(paths.len(), 73);
    paths.insert(30, "no-such-file".into());
    paths.insert(50, "d1".into());
    let answers = blame_files(fx.path(), &paths, &BlameOptions::default(), &Cancel::new(), &mut |_| {}).unwrap().files;
    assert_eq!(answers.len(), paths.len());
    for (path, answer) in paths.iter().zip(&answers) {
        match path.as_str() {
            "no-such-file" => assert_eq!(answer.as_ref().unwrap_err().code, ErrorCode::PathNotInRevision),
            "d1" | "bin.dat" => assert!(answer.is_err(), "{path}"),
            _ => {
                let b = answer.as_ref().unwrap_or_else(|e| panic!("{path}: {e:?}"));
                assert_eq!(b.path, *path);
                compare(&common::git_blame(&fx, &[], path, None), &to_lines(b), path);
            }
        }
    }
}
