//! What a repository offers the engine: HEAD, branch, and the things that make history walks
//! fast or incomplete (commit-graph, changed-path Bloom filters, shallow or partial clones).
//!
//! Terms:
//! - **shallow**: `.git/shallow` exists; history stops at its boundary commits.
//! - **partial**: a promisor remote (`remote.<name>.promisor`) or `extensions.partialClone`;
//!   objects may be missing and fetched on demand by git (never by us).
//! - **commit-graph**: `objects/info/commit-graph` or a split chain under
//!   `objects/info/commit-graphs/`.
//! - **Bloom filters**: a commit-graph file (any layer of a chain) has both the `BIDX` and `BDAT`
//!   chunks (`git commit-graph write --changed-paths`), read from its chunk table as
//!   `gitformat-commit-graph` lays it out.

use std::path::{Path, PathBuf};

use crate::error::{Error, ErrorCode};

/// The TypeScript `HealthReport`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HealthReport {
    /// The repository opened. An empty repository (no commit yet) is ok, with `empty` set.
    pub ok: bool,
    /// Work tree, or git dir of a bare repository.
    pub path: Option<String>,
    /// 40-hex id of HEAD's commit.
    pub head: Option<String>,
    /// Branch name; `None` when detached (or when not a repository).
    pub branch: Option<String>,
    pub empty: bool,
    pub shallow: bool,
    pub partial: bool,
    pub commit_graph: bool,
    pub bloom_filters: bool,
    /// When not ok: why.
    pub error: Option<(ErrorCode, String)>,
}

/// Check the repository containing `path` (default: the current directory). Never fails: a
/// folder that is not a repository gives `ok: false` and the error.
pub fn health_check(path: Option<&Path>) -> HealthReport {
    let path: PathBuf = match path {
        Some(p) => p.to_path_buf(),
        None => match std::env::current_dir() {
            Ok(p) => p,
            Err(e) => return failed(Error::new(ErrorCode::Io, format!("cannot read the current directory: {e}"))),
        },
    };
    let repo = match crate::repo::open(&path) {
        Ok(repo) => repo,
        Err(e) => return failed(e),
    };
    let mut report = HealthReport {
        ok: true,
        path: Some(repo.workdir().unwrap_or_else(|| repo.git_dir()).display().to_string()),
        ..HealthReport::default()
    };
    match repo.head() {
        Ok(head) => {
            report.empty = head.is_unborn();
            // An unborn branch has no commit to name yet; the contract says "undefined when unborn".
            report.branch = if report.empty { None } else { head.referent_name().map(|n| n.shorten().to_string()) };
            report.head = head.id().map(|id| id.to_string());
        }
        Err(e) => {
            report.ok = false;
            report.error = Some((ErrorCode::Internal, format!("HEAD cannot be read: {e}")));
        }
    }
    let common = repo.common_dir().to_path_buf();
    report.shallow = common.join("shallow").is_file();
    report.partial = is_partial(&repo);
    let info = repo.objects.store_ref().path().join("info");
    let (graph, bloom) = commit_graph_state(&info);
    report.commit_graph = graph;
    report.bloom_filters = bloom;
    report
}

fn failed(error: Error) -> HealthReport {
    HealthReport { ok: false, error: Some((error.code, error.message)), ..HealthReport::default() }
}

fn is_partial(repo: &gix::Repository) -> bool {
    let config = repo.config_snapshot();
    if config.string("extensions.partialClone").is_some_and(|v| !v.is_empty()) {
        return true;
    }
    let file = config.plumbing();
    let promisor = file
        .sections_by_name("remote")
        .into_iter()
        .flatten()
        .any(|section| {
            section.value("promisor").is_some_and(|v| {
                let v: &gix::bstr::BStr = gix::bstr::ByteSlice::as_bstr(&v[..]);
                gix::config::Boolean::try_from(v).is_ok_and(|b| b.0)
            })
        });
    promisor
}

/// (a commit-graph exists, some layer of it has Bloom filters).
fn commit_graph_state(info: &Path) -> (bool, bool) {
    let single = info.join("commit-graph");
    let chain_dir = info.join("commit-graphs");
    let mut files = Vec::new();
    if single.is_file() {
        files.push(single);
    }
    if let Ok(chain) = std::fs::read_to_string(chain_dir.join("commit-graph-chain")) {
        files.extend(
            chain
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(|hash| chain_dir.join(format!("graph-{hash}.graph"))),
        );
    }
    let exists = files.iter().any(|f| f.is_file());
    let bloom = files.iter().any(|f| std::fs::read(f).is_ok_and(|data| has_bloom_chunks(&data)));
    (exists, bloom)
}

/// Whether a commit-graph file's chunk table lists both `BIDX` and `BDAT`.
///
/// ```text
/// header (8 bytes): "CGPH", version, hash version, chunk count C, base graph count
/// table ((C + 1) × 12 bytes): 4-byte chunk id, 8-byte offset; a zero id ends the table
/// ```
fn has_bloom_chunks(data: &[u8]) -> bool {
    if data.len() < 8 || &data[..4] != b"CGPH" {
        return false;
    }
    let chunks = usize::from(data[6]);
    let (mut index, mut bloom_data) = (false, false);
    for i in 0..chunks {
        let at = 8 + i * 12;
        let Some(id) = data.get(at..at + 4) else { return false };
        match id {
            b"BIDX" => index = true,
            b"BDAT" => bloom_data = true,
            [0, 0, 0, 0] => break,
            _ => {}
        }
    }
    index && bloom_data
}
