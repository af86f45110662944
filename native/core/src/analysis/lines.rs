//! Surviving lines per author per file, from the blame of all analysed files: each final line goes
//! to the (mailmapped) author of its commit, unless the comment/empty-line rules leave it out.

use std::collections::HashMap;

use super::listing::HeadFile;
use crate::blame::BlameMany;
use crate::comments::{classify_lines, LineKind};
use crate::error::{Error, Result};
use crate::filters::Filters;
use crate::history::objects::read_commit;
use crate::identity::Alias;

/// Lines of one alias in one file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AliasLines {
    pub lines: u32,
    /// Σ author time of the lines' commits.
    pub time_sum: f64,
}

/// The blame, counted.
pub struct LineCounts {
    /// Per analysed file: all its lines at the head.
    pub total_lines: Vec<u32>,
    /// Per analysed file: alias → counted lines.
    pub per_file: Vec<HashMap<Alias, AliasLines>>,
    /// Per alias: distinct blamed commits (a weight for identity merging).
    pub commits_per_alias: HashMap<Alias, u64>,
}

pub fn count_lines(
    repo: &gix::Repository,
    files: &[HeadFile],
    blame: &BlameMany,
    mailmap: Option<&gix::mailmap::Snapshot>,
    filters: &Filters,
) -> Result<LineCounts> {
    let mut authors: Vec<(Alias, i64)> = Vec::with_capacity(blame.commits.len());
    let mut commits_per_alias: HashMap<Alias, u64> = HashMap::new();
    for &id in &blame.commits {
        let info = read_commit(repo, id, mailmap)?;
        *commits_per_alias.entry(info.author.clone()).or_default() += 1;
        authors.push((info.author, info.author_time));
    }
    let mut total_lines = Vec::with_capacity(files.len());
    let mut per_file = Vec::with_capacity(files.len());
    for (file, owners) in files.iter().zip(&blame.files) {
        if owners.path != file.path {
            return Err(Error::internal(format!("BUG: blame returned '{}' where '{}' was expected", owners.path, file.path)));
        }
        let lines = crate::text::split_lines(&file.data);
        let file_name = file.path.rsplit('/').next().unwrap_or(&file.path);
        let kinds = classify_lines(file_name, lines.iter().map(|l| l.strip_suffix(b"\n").unwrap_or(l)));
        total_lines.push(lines.len() as u32);
        let mut counts: HashMap<Alias, AliasLines> = HashMap::new();
        for (kind, &commit) in kinds.iter().zip(&owners.line_commit) {
            let counted = match kind {
                LineKind::Code => true,
                LineKind::Comment => filters.comments,
                LineKind::Empty => filters.empty_lines,
            };
            if !counted {
                continue;
            }
            let Some((alias, time)) = authors.get(commit as usize) else {
                return Err(Error::internal(format!("BUG: blame of '{}' names commit #{commit} it did not list", file.path)));
            };
            let entry = counts.entry(alias.clone()).or_default();
            entry.lines += 1;
            entry.time_sum += *time as f64;
        }
        per_file.push(counts);
    }
    Ok(LineCounts { total_lines, per_file, commits_per_alias })
}
