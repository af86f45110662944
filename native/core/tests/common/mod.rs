//! Test repositories built with the real git CLI, and git's own answers to compare with.
//! Every test makes its own repository in a temporary folder; nothing is shared or fetched.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::io::Write;

/// A throwaway repository. Commits get deterministic dates from a counter unless given one.
pub struct Fixture {
    dir: tempfile::TempDir,
    tick: i64,
}

pub const BASE_TIME: i64 = 1_600_000_000;

impl Fixture {
    /// `git init` with a fixed identity, `main` as the branch, no hooks, no signing, no autocrlf.
    pub fn new() -> Self {
        let dir = tempfile::Builder::new().prefix("ga-fixture-").tempdir().expect("tempdir");
        let f = Fixture { dir, tick: 0 };
        f.git(&["init", "-q", "-b", "main"]);
        for (k, v) in [
            ("user.name", "Test Author"),
            ("user.email", "author@example.com"),
            ("core.autocrlf", "false"),
            ("commit.gpgsign", "false"),
            ("merge.renames", "true"),
        ] {
            f.git(&["config", k, v]);
        }
        f
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn file(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// Run git in the repository; panics with git's stderr on failure.
    pub fn git(&self, args: &[&str]) -> String {
        let out = self.git_bytes(args, None);
        String::from_utf8_lossy(&out).into_owned()
    }

    /// Run git with optional stdin; returns stdout bytes; panics on failure.
    pub fn git_bytes(&self, args: &[&str], stdin: Option<&[u8]>) -> Vec<u8> {
        let mut cmd = Command::new("git");
        cmd.args(["-c", "core.fsmonitor=false", "-c", "core.pager=cat"])
            .args(args)
            .current_dir(self.dir.path())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("LC_ALL", "C")
            .stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = cmd.spawn().expect("spawn git");
        if let Some(input) = stdin {
            child.stdin.take().unwrap().write_all(input).unwrap();
        }
        let out = child.wait_with_output().expect("wait git");
        assert!(
            out.status.success(),
            "git {:?} failed: {}",
            args,
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    }

    pub fn write(&self, rel: &str, content: impl AsRef<[u8]>) -> &Self {
        let p = self.file(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(p, content).unwrap();
        self
    }

    pub fn remove(&self, rel: &str) -> &Self {
        self.git(&["rm", "-q", "--", rel]);
        self
    }

    pub fn mv(&self, from: &str, to: &str) -> &Self {
        if let Some(parent) = self.file(to).parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        self.git(&["mv", "--", from, to]);
        self
    }

    /// Stage everything and commit as `author` ("Name <email>") at the next tick; returns the id.
    pub fn commit_as(&mut self, message: &str, author: &str) -> String {
        self.git(&["add", "-A"]);
        self.tick += 1;
        let date = format!("@{} +0000", BASE_TIME + self.tick * 3600);
        let (name, email) = split_ident(author);
        let mut cmd_env = vec![
            ("GIT_AUTHOR_NAME", name.to_string()),
            ("GIT_AUTHOR_EMAIL", email.to_string()),
            ("GIT_AUTHOR_DATE", date.clone()),
            ("GIT_COMMITTER_NAME", name.to_string()),
            ("GIT_COMMITTER_EMAIL", email.to_string()),
            ("GIT_COMMITTER_DATE", date),
        ];
        self.git_env(&["commit", "-q", "--allow-empty", "--no-verify", "-m", message], &mut cmd_env);
        self.head()
    }

    pub fn commit(&mut self, message: &str) -> String {
        self.commit_as(message, "Test Author <author@example.com>")
    }

    /// Run a git command that creates a commit (merge, cherry-pick…) at the next tick.
    pub fn git_at_next_tick(&mut self, args: &[&str]) -> String {
        self.tick += 1;
        let date = format!("@{} +0000", BASE_TIME + self.tick * 3600);
        let mut env = vec![
            ("GIT_AUTHOR_DATE", date.clone()),
            ("GIT_COMMITTER_DATE", date),
        ];
        self.git_env(args, &mut env)
    }

    fn git_env(&self, args: &[&str], env: &mut Vec<(&str, String)>) -> String {
        let mut cmd = Command::new("git");
        cmd.args(["-c", "core.fsmonitor=false"])
            .args(args)
            .current_dir(self.dir.path())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("LC_ALL", "C")
            .stdin(Stdio::null());
        for (k, v) in env.iter() {
            cmd.env(k, v);
        }
        let out = cmd.output().expect("spawn git");
        assert!(
            out.status.success(),
            "git {:?} failed: {}{}",
            args,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    pub fn head(&self) -> String {
        self.git(&["rev-parse", "HEAD"]).trim().to_string()
    }
}

fn split_ident(ident: &str) -> (&str, &str) {
    let lt = ident.find('<').expect("author as 'Name <email>'");
    let gt = ident.rfind('>').expect("author as 'Name <email>'");
    (ident[..lt].trim(), &ident[lt + 1..gt])
}

/// One line of `git blame --porcelain`, the fields we compare.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GitBlameLine {
    pub commit: String,
    pub source_line: u32,
    pub final_line: u32,
    pub path: String,
    pub author: String,
    pub author_mail: String,
    pub author_time: i64,
    pub author_tz: String,
    pub committer: String,
    pub committer_mail: String,
    pub summary: String,
    pub boundary: bool,
    pub previous: Option<(String, String)>,
}

/// Run `git blame --line-porcelain <args> -- path` and parse every line.
pub fn git_blame(fx: &Fixture, extra: &[&str], path: &str, stdin: Option<&[u8]>) -> Vec<GitBlameLine> {
    let mut args = vec!["blame", "--line-porcelain"];
    args.extend_from_slice(extra);
    args.push("--");
    args.push(path);
    let out = fx.git_bytes(&args, stdin);
    parse_line_porcelain(&out)
}

pub fn parse_line_porcelain(out: &[u8]) -> Vec<GitBlameLine> {
    let mut lines = Vec::new();
    let mut cur: Option<GitBlameLine> = None;
    for raw in out.split(|&b| b == b'\n') {
        if raw.is_empty() {
            continue;
        }
        if raw[0] == b'\t' {
            lines.push(cur.take().expect("content line after header"));
            continue;
        }
        let text = String::from_utf8_lossy(raw);
        if cur.is_none() {
            let mut it = text.split(' ');
            let commit = it.next().unwrap().to_string();
            let source_line = it.next().unwrap().parse().unwrap();
            let final_line = it.next().unwrap().parse().unwrap();
            cur = Some(GitBlameLine {
                commit,
                source_line,
                final_line,
                path: String::new(),
                author: String::new(),
                author_mail: String::new(),
                author_time: 0,
                author_tz: String::new(),
                committer: String::new(),
                committer_mail: String::new(),
                summary: String::new(),
                boundary: false,
                previous: None,
            });
            continue;
        }
        let c = cur.as_mut().unwrap();
        let (key, value) = text.split_once(' ').unwrap_or((&text, ""));
        match key {
            "author" => c.author = value.to_string(),
            "author-mail" => c.author_mail = value.to_string(),
            "author-time" => c.author_time = value.parse().unwrap(),
            "author-tz" => c.author_tz = value.to_string(),
            "committer" => c.committer = value.to_string(),
            "committer-mail" => c.committer_mail = value.to_string(),
            "summary" => c.summary = value.to_string(),
            "boundary" => c.boundary = true,
            "filename" => c.path = value.to_string(),
            "previous" => {
                let (id, p) = value.split_once(' ').unwrap();
                c.previous = Some((id.to_string(), p.to_string()));
            }
            _ => {}
        }
    }
    lines
}

/// A small deterministic PRNG seed helper for randomized tests.
pub fn rng(seed: u64) -> fastrand::Rng {
    fastrand::Rng::with_seed(seed)
}
