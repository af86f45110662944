//! `health_check` on the repository states users meet.

mod common;

use common::Fixture;
use git_authorship_core::health::health_check;
use git_authorship_core::ErrorCode;

fn repo_with_commits() -> Fixture {
    let mut fx = Fixture::new();
    for i in 0..3 {
        fx.write("f.txt", format!("{i}\n"));
        fx.commit(&format!("c{i}"));
    }
    fx
}

#[test]
fn a_normal_repository() {
    let fx = repo_with_commits();
    let r = health_check(Some(fx.path()));
    assert!(r.ok, "{r:?}");
    assert_eq!(r.head.as_deref(), Some(fx.head().as_str()));
    assert_eq!(r.branch.as_deref(), Some("main"));
    assert!(!r.empty && !r.shallow && !r.partial && !r.commit_graph && !r.bloom_filters, "{r:?}");
    assert!(r.error.is_none());
    // From a subfolder too.
    std::fs::create_dir_all(fx.file("sub")).unwrap();
    assert!(health_check(Some(&fx.file("sub"))).ok);
}

#[test]
fn commit_graph_with_and_without_bloom_filters() {
    let fx = repo_with_commits();
    fx.git(&["commit-graph", "write", "--reachable"]);
    let r = health_check(Some(fx.path()));
    assert!(r.commit_graph && !r.bloom_filters, "{r:?}");
    fx.git(&["commit-graph", "write", "--reachable", "--changed-paths"]);
    let r = health_check(Some(fx.path()));
    assert!(r.commit_graph && r.bloom_filters, "{r:?}");
    // A split chain.
    let fx = repo_with_commits();
    fx.git(&["commit-graph", "write", "--reachable", "--split", "--changed-paths"]);
    let r = health_check(Some(fx.path()));
    assert!(r.commit_graph && r.bloom_filters, "{r:?}");
}

#[test]
fn an_empty_repository_is_ok_and_empty() {
    let fx = Fixture::new();
    let r = health_check(Some(fx.path()));
    assert!(r.ok && r.empty, "{r:?}");
    assert_eq!(r.head, None);
}

#[test]
fn a_folder_that_is_not_a_repository() {
    let dir = tempfile::tempdir().unwrap();
    let r = health_check(Some(dir.path()));
    assert!(!r.ok);
    assert_eq!(r.error.as_ref().map(|e| e.0), Some(ErrorCode::NotARepository), "{r:?}");
}

#[test]
fn shallow_and_partial_clones() {
    let fx = repo_with_commits();
    fx.git(&["config", "uploadpack.allowfilter", "true"]);
    let target = tempfile::tempdir().unwrap();
    let url = format!("file://{}", fx.path().display());
    let shallow = target.path().join("shallow");
    fx.git(&["clone", "-q", "--depth", "1", &url, shallow.to_str().unwrap()]);
    let r = health_check(Some(&shallow));
    assert!(r.ok && r.shallow && !r.partial, "{r:?}");
    let partial = target.path().join("partial");
    fx.git(&["clone", "-q", "--filter=blob:none", &url, partial.to_str().unwrap()]);
    let r = health_check(Some(&partial));
    assert!(r.ok && r.partial && !r.shallow, "{r:?}");
}
