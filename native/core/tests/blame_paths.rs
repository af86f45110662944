//! Paths are read as git reads them when run in the given folder: absolute paths inside the work
//! tree, or relative to a subfolder.
mod common;

use git_authorship_core::blame::{blame_file, BlameOptions};
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
    for other in [&by_absolute, &by_subfolder, &by_dotdot] {
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
