//! Large files whose versions lie in a pack as deep delta chains, which the walk keeps as pieces
//! of their delta bases (`pieces::Text`) instead of copying them out: every line blamed as git
//! blames it, alone and beside other files, with and without `-w`.

mod blame_support;
mod common;

use blame_support::*;
use common::Fixture;
use git_authorship_core::blame::{blame_files, BlameOptions};
use git_authorship_core::packs::{ObjectReader, Packs};
use git_authorship_core::pieces::Text;
use git_authorship_core::Cancel;

/// Lines from a small vocabulary (so that diffs have sliders to place) and unique ones, some
/// indented with spaces or tabs (so that `-w` differs).
fn line(rng: &mut fastrand::Rng, counter: &mut u32) -> String {
    const VOCAB: &[&str] = &["", "}", "{", "    return x;", "\treturn x;", "x = 1;", "x  =  1;", "end", "* item"];
    if rng.u8(..3) == 0 {
        VOCAB[rng.usize(..VOCAB.len())].to_string()
    } else {
        *counter += 1;
        format!("{}entry {counter}: {}", " ".repeat(rng.usize(..3)), "text ".repeat(rng.usize(1..8)))
    }
}

/// A changelog-like file of some 40 KB that grows at the top and is edited throughout, a second
/// large file edited in the middle and renamed once, and a small one; then a repack with deep
/// delta chains.
fn packed_history() -> Fixture {
    let mut fx = Fixture::new();
    let mut rng = common::rng(41);
    let mut counter = 0;
    let mut log: Vec<String> = (0..900).map(|_| line(&mut rng, &mut counter)).collect();
    let mut code: Vec<String> = (0..700).map(|_| line(&mut rng, &mut counter)).collect();
    let mut code_path = "src/engine.txt".to_string();
    for round in 0..70 {
        // A release section at the top, as a changelog grows.
        for k in 0..rng.usize(1..6) {
            log.insert(k, line(&mut rng, &mut counter));
        }
        for _ in 0..rng.usize(..4) {
            let at = rng.usize(..log.len());
            match rng.u8(..3) {
                0 => log[at] = line(&mut rng, &mut counter),
                1 => {
                    log.remove(at);
                }
                _ => log[at] = log[at].replace(' ', "  "),
            }
        }
        for _ in 0..rng.usize(1..4) {
            let at = rng.usize(..code.len());
            if rng.bool() {
                code.insert(at, line(&mut rng, &mut counter));
            } else {
                code[at] = line(&mut rng, &mut counter);
            }
        }
        if round == 35 {
            fx.mv(&code_path, "src/core.txt");
            code_path = "src/core.txt".into();
        }
        fx.write("History.md", log.join("\n") + "\n");
        fx.write(&code_path, code.join("\n") + "\n");
        fx.write("small.txt", format!("round {round}\n"));
        fx.commit_as(&format!("round {round}"), if round % 3 == 0 { "A <a@example.com>" } else { "B <b@example.com>" });
    }
    fx.git(&["repack", "-a", "-d", "-f", "--depth=50", "--window=50"]);
    fx
}

#[test]
fn versions_read_as_pieces_blame_as_git_does() {
    let fx = packed_history();
    // The test is only worth its time if the walk reads versions as pieces.
    let repo = gix::open(fx.path()).expect("open");
    let mut reader = ObjectReader::new(Packs::open(&repo), 64 << 20);
    let mut pieced = 0;
    for back in 1..60 {
        let id = fx.git(&["rev-parse", &format!("HEAD~{back}:History.md")]);
        let id = gix::ObjectId::from_hex(id.trim().as_bytes()).expect("an object id");
        let text = reader.text(&repo, id).expect("a version");
        assert_eq!(*text.flat(), repo.find_object(id).expect("gix").data, "HEAD~{back}:History.md");
        pieced += matches!(text, Text::Pieces(_)) as usize;
    }
    assert!(pieced > 20, "only {pieced} of 59 versions were read as pieces");

    let files = ["History.md", "src/core.txt", "small.txt"].map(String::from);
    for (git_args, ws) in [(&[][..], false), (&["-w"][..], true)] {
        let opts = BlameOptions { ignore_whitespace: ws, ..Default::default() };
        for f in &files {
            assert_same(&fx, f, git_args, &opts);
        }
        for walks in [1, 2] {
            let together = blame_files(fx.path(), &files, &BlameOptions { walks: Some(walks), ..opts.clone() }, &Cancel::new(), &mut |_| {})
                .expect("blame_files")
                .files;
            for (f, b) in files.iter().zip(together) {
                let b = b.unwrap_or_else(|e| panic!("{f}: {e:?}"));
                compare(&common::git_blame(&fx, git_args, f, None), &to_lines(&b), &format!("{f} {git_args:?}, {walks} walks"));
            }
        }
    }
}
