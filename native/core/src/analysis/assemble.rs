//! Putting blame and history together: merge every alias seen into people, mark excluded people,
//! and sum both measures per (person, file).

use std::collections::{BTreeMap, HashMap};

use super::lines::LineCounts;
use super::listing::HeadFile;
use super::{AnalysisAuthor, AnalysisCell, AnalysisFile, AnalysisStats, RepositoryAnalysis};
use crate::filters::Filters;
use crate::history::{CommitGraph, History};
use crate::identity::{merge_identities, Alias};

/// The analysis without its repository fields (name, path, head, skipped, warnings, phases),
/// which the caller fills in.
pub fn assemble(graph: &CommitGraph, files: &[HeadFile], history: &History, lines: LineCounts, filters: &Filters) -> RepositoryAnalysis {
    // Weights: commits of each alias in the whole history, plus blamed commits outside it.
    let mut weights: HashMap<Alias, u64> = HashMap::new();
    for node in &graph.commits {
        *weights.entry(graph.aliases[node.author as usize].clone()).or_default() += 1;
    }
    for (alias, n) in &lines.commits_per_alias {
        weights.entry(alias.clone()).or_insert(*n);
    }
    let identities = merge_identities(weights);
    let person = |alias: &Alias| identities.person_of(alias).expect("BUG: every alias was given to merge_identities");

    let mut cells: BTreeMap<(usize, u32), AnalysisCell> = BTreeMap::new();
    for h in &history.cells {
        let c = cell(&mut cells, person(&graph.aliases[h.alias as usize]), h.file);
        c.insertions += h.insertions;
        c.deletions += h.deletions;
        // Each commit has one author alias, so the aliases' commit sets are disjoint: sums are distinct counts.
        c.commits += h.commits;
        c.insertion_time_sum += h.insertion_time_sum;
    }
    let mut lines_analyzed = 0u64;
    for (f, per_alias) in lines.per_file.iter().enumerate() {
        for (alias, counted) in per_alias {
            let c = cell(&mut cells, person(alias), f as u32);
            c.lines += counted.lines;
            c.line_time_sum += counted.time_sum;
            lines_analyzed += u64::from(counted.lines);
        }
    }
    let mut person_commits = vec![0u32; identities.people.len()];
    for (a, &n) in history.alias_commits.iter().enumerate() {
        person_commits[person(&graph.aliases[a])] += n;
    }

    // Only people with numbers on the analysed files are reported.
    let mut index: HashMap<usize, u32> = HashMap::new();
    let mut authors = Vec::new();
    for (p, people) in identities.people.iter().enumerate() {
        let present = person_commits[p] > 0 || cells.keys().any(|&(cp, _)| cp == p);
        if !present {
            continue;
        }
        index.insert(p, authors.len() as u32);
        authors.push(AnalysisAuthor {
            name: people.name.clone(),
            email: people.email.clone(),
            aliases: people.aliases.clone(),
            commits: person_commits[p],
            excluded: people.aliases.iter().any(|a| filters.alias_excluded(&a.name, &a.email)),
        });
    }
    let cells: Vec<AnalysisCell> = cells
        .into_iter()
        .map(|((p, _), mut c)| {
            c.author = index[&p];
            c
        })
        .collect();
    let files: Vec<AnalysisFile> = files
        .iter()
        .enumerate()
        .map(|(i, f)| AnalysisFile {
            path: f.path.clone(),
            former_paths: history.former_paths.get(i).cloned().unwrap_or_default(),
            size: f.data.len() as u64,
            total_lines: lines.total_lines.get(i).copied().unwrap_or(0),
        })
        .collect();
    RepositoryAnalysis {
        name: String::new(),
        path: String::new(),
        head: String::new(),
        head_time: 0,
        stats: AnalysisStats { files_analyzed: files.len() as u32, lines_analyzed, ..AnalysisStats::default() },
        authors,
        files,
        cells,
        skipped: Vec::new(),
        warnings: Vec::new(),
    }
}

fn cell(cells: &mut BTreeMap<(usize, u32), AnalysisCell>, person: usize, file: u32) -> &mut AnalysisCell {
    cells.entry((person, file)).or_insert_with(|| AnalysisCell {
        author: 0,
        file,
        lines: 0,
        insertions: 0,
        deletions: 0,
        commits: 0,
        insertion_time_sum: 0.0,
        line_time_sum: 0.0,
    })
}
