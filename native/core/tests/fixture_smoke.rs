mod common;

#[test]
fn the_fixture_builder_makes_commits_git_can_blame() {
    let mut fx = common::Fixture::new();
    fx.write("a.txt", "one\ntwo\n");
    let c1 = fx.commit("first");
    fx.write("a.txt", "one\ntwo\nthree\n");
    let c2 = fx.commit_as("second", "Other Person <other@example.com>");
    let lines = common::git_blame(&fx, &[], "a.txt", None);
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0].commit, c1);
    assert!(lines[0].boundary, "a root commit is a boundary in porcelain output");
    assert_eq!(lines[2].commit, c2);
    assert_eq!(lines[2].author, "Other Person");
    assert_eq!(lines[2].author_mail, "<other@example.com>");
}
