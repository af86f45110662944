//! # git-authorship-core
//!
//! The git work of Git Authorship, in plain Rust on gitoxide: no Node in here. The napi binding
//! (`native/binding`) only converts these types for JavaScript.
//!
//! ## Terminology (as git's `blame.c` and gix-blame use it)
//! - **blamed file**: the file whose lines we attribute, at the *starting revision* (default
//!   `HEAD`) or as uncommitted *contents* passed in (`git blame --contents`).
//! - **final line**: a line of the blamed file, numbered from 1 as git prints it.
//! - **suspect** / **origin**: a (commit, path) pair that may be responsible for some lines; the path
//!   changes across renames.
//! - **source line**: the line number in the origin's version of the file.
//! - **blame entry**: a range of final lines mapped to a contiguous range of source lines of one
//!   suspect.
//! - **boundary**: a commit beyond which we do not look (a root commit, a shallow clone's edge).
//!
//! ## Modules
//! - [`repo`]: opening a repository safely, resolving revisions, reading blobs and commit metadata.
//! - [`packs`]: reading pack objects with a cache of whole delta chains, for history walks.
//! - [`pieces`]: a large file's versions kept as pieces of their delta bases, not copied out.
//! - [`budget`]: a cache's byte budget that starts small and grows when the cache thrashes.
//! - [`text`], [`diff`]: line splitting, binary detection, git-compatible Myers line diffs.
//! - [`blame`]: git's blame algorithm on one or many files, one walk of history for all of them.
//! - [`commit_cache`]: parsed commit headers kept between calls, for repositories without a commit-graph.
//! - [`commitgraph`]: git's commit-graph (parents, trees, commit times) and changed-path Bloom filters.
//! - [`rename`]: git's rename and copy detection (`diffcore-rename.c`), for history and blame.
//! - [`history`]: the walk that gives insertions, deletions and commits per file, following renames.
//! - [`analysis`]: the authorship report data of one repository.
//! - [`commits`]: every commit with its numstat totals, for timelines.
//! - [`health`]: what a repository offers (HEAD, commit-graph, Bloom filters, shallow, partial).

pub mod analysis;
pub mod blame;
pub mod budget;
pub mod cancel;
pub mod comments;
pub mod commit_cache;
pub mod commits;
pub mod cpus;
pub mod commitgraph;
pub mod diff;
pub mod error;
pub mod filters;
pub mod garbage;
pub mod health;
pub mod history;
pub mod identity;
pub mod packs;
pub mod pieces;
pub mod rename;
pub mod repo;
pub mod text;

pub use cancel::Cancel;
pub use error::{Error, ErrorCode, Result, Warning};
