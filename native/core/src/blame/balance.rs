//! How the files of one [`super::blame_files`] call are shared out between its walks. A walk's
//! time is mostly its files' versions: each is read, tokenized and diffed, at a cost that grows
//! with its size. A file's size is known before walking; how many versions it has in history is
//! not, and it varies the most: one file changed by a seventh of all commits can cost as much as
//! a thousand others together, and the walk that holds it ends last. When the repository has a
//! commit-graph, a sample of commits spread over all of history (the graph is ordered by commit
//! id, so evenly spaced positions are a random sample) estimates each file's versions.

use rustc_hash::FxHashMap;

use super::changed::changed_files;
use crate::cancel::Cancel;
use crate::commitgraph::Graph;
use crate::error::Result;
use crate::packs::{ObjectReader, Packs};

/// Commits whose changes are sampled: a file changed by a tenth of all commits is seen about 50
/// times (an estimate within about 15%), at the cost of that many tree diffs split between cores.
const SAMPLES: u32 = 512;
/// Bytes of decoded trees each sampling thread keeps (sampled commits share few trees).
const SAMPLE_READER_BYTES: usize = 8 << 20;
/// What a version costs beyond its bytes (looking it up, planning its parents), in bytes.
const VERSION_OVERHEAD_BYTES: u64 = 4096;

/// One file to share out: its size at the blamed revision, and its versions in history if known.
pub struct Load {
    pub bytes: u64,
    pub versions: Option<f64>,
}

impl Load {
    /// Relative cost of walking this file's history.
    fn cost(&self) -> f64 {
        self.versions.unwrap_or(1.0) * (self.bytes + VERSION_OVERHEAD_BYTES) as f64
    }
}

/// Estimated versions of each of `paths` over the history of the commit-graph `graph`: how many
/// sampled commits changed it against their first parent, scaled to the whole graph, plus its
/// version at the blamed revision. `None` when the graph is too small for a sample to say more
/// than sizes do, or when the objects cannot be read (the walks will say why).
pub fn sampled_versions(repo: &gix::Repository, graph: &Graph, paths: &[&str], cancel: &Cancel) -> Option<Vec<f64>> {
    let commits = graph.len();
    if commits < SAMPLES * 4 || paths.is_empty() {
        return None;
    }
    let index: FxHashMap<&str, usize> = paths.iter().enumerate().map(|(i, p)| (*p, i)).collect();
    let positions: Vec<u32> = (0..SAMPLES).map(|i| (i as u64 * commits as u64 / SAMPLES as u64) as u32).collect();
    let count = |repo: &gix::Repository, chunk: &[u32]| -> Result<Vec<u32>> {
        let mut reader = ObjectReader::new(Packs::open(repo), SAMPLE_READER_BYTES);
        let mut changes = vec![0u32; paths.len()];
        let mut parents = Vec::new();
        for &pos in chunk {
            cancel.check()?;
            parents.clear();
            if !graph.parents(pos, &mut parents) || parents.is_empty() {
                continue;
            }
            let (tree, parent_tree) = (graph.commit(pos).tree, graph.commit(parents[0]).tree);
            for path in changed_files(repo, &mut reader, parent_tree, tree)?.keys() {
                if let Some(&i) = index.get(path.as_str()) {
                    changes[i] += 1;
                }
            }
        }
        Ok(changes)
    };
    let threads = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    let shared = repo.clone().into_sync();
    let count = &count;
    let counted: Vec<Result<Vec<u32>>> = std::thread::scope(|scope| {
        let handles: Vec<_> = positions
            .chunks(positions.len().div_ceil(threads))
            .map(|chunk| {
                let repo = shared.to_thread_local();
                scope.spawn(move || count(&repo, chunk))
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap_or_else(|_| Ok(Vec::new()))).collect()
    });
    let mut changes = vec![0u32; paths.len()];
    for chunk in counted {
        let chunk = chunk.ok()?;
        if chunk.len() != changes.len() {
            return None;
        }
        for (total, c) in changes.iter_mut().zip(chunk) {
            *total += c;
        }
    }
    let scale = commits as f64 / SAMPLES as f64;
    Some(changes.into_iter().map(|c| 1.0 + c as f64 * scale).collect())
}

/// `loads` split into `walks` groups of about equal cost (costliest first, each to the cheapest
/// group so far), each group in ascending order. At least one group, possibly empty.
pub fn groups(loads: &[Load], walks: usize) -> Vec<Vec<usize>> {
    let mut order: Vec<usize> = (0..loads.len()).collect();
    let costs: Vec<f64> = loads.iter().map(Load::cost).collect();
    order.sort_by(|&a, &b| costs[b].total_cmp(&costs[a]));
    let mut groups: Vec<(f64, Vec<usize>)> = vec![(0.0, Vec::new()); walks.max(1)];
    for t in order {
        let cheapest = groups.iter_mut().min_by(|a, b| a.0.total_cmp(&b.0)).expect("BUG: no groups");
        cheapest.0 += costs[t];
        cheapest.1.push(t);
    }
    let mut groups: Vec<Vec<usize>> = groups.into_iter().map(|(_, g)| g).filter(|g| !g.is_empty()).collect();
    for g in &mut groups {
        g.sort_unstable();
    }
    if groups.is_empty() {
        groups.push(Vec::new());
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(bytes: u64, versions: Option<f64>) -> Load {
        Load { bytes, versions }
    }

    #[test]
    fn sizes_alone_balance_bytes() {
        let loads = [load(100_000, None), load(60_000, None), load(50_000, None), load(10_000, None)];
        assert_eq!(groups(&loads, 2), vec![vec![0, 3], vec![1, 2]]);
    }

    #[test]
    fn a_file_of_many_versions_outweighs_larger_ones() {
        // The small file changed in every other commit costs more than both large ones together.
        let loads = [load(200_000, Some(2.0)), load(200_000, Some(2.0)), load(20_000, Some(100.0)), load(10_000, Some(3.0))];
        assert_eq!(groups(&loads, 2), vec![vec![2], vec![0, 1, 3]]);
    }

    #[test]
    fn no_files_is_one_empty_group() {
        assert_eq!(groups(&[], 2), vec![Vec::<usize>::new()]);
    }

    /// A repository of `commits` linear commits, with a commit-graph: `hot.txt` changed by every
    /// commit, `cold.txt` by every tenth, `still.txt` by the first only. Built by `git fast-import`
    /// (thousands of commits in well under a second).
    fn history(commits: u32) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let git = |args: &[&str], stdin: Option<&[u8]>| {
            use std::io::Write;
            let mut child = std::process::Command::new("git")
                .current_dir(dir.path())
                .args(args)
                .stdin(std::process::Stdio::piped())
                .stdout(std::process::Stdio::null())
                .spawn()
                .unwrap();
            child.stdin.take().unwrap().write_all(stdin.unwrap_or_default()).unwrap();
            assert!(child.wait().unwrap().success(), "git {args:?} failed");
        };
        git(&["init", "-q", "-b", "main"], None);
        let mut stream = String::new();
        let mut hot: Vec<String> = (0..50).map(|i| format!("hot line {i}\n")).collect();
        for n in 1..=commits {
            stream += &format!("commit refs/heads/main\nmark :{n}\ncommitter A <a@example.com> {} +0000\ndata 2\nc\n", 1_600_000_000 + n * 60);
            if n > 1 {
                stream += &format!("from :{}\n", n - 1);
            }
            hot[(n % 50) as usize] = format!("hot line {} of commit {n}\n", n % 50);
            let mut file = |name: &str, text: String| stream += &format!("M 100644 inline {name}\ndata {}\n{text}\n", text.len());
            file("hot.txt", hot.concat());
            if n % 10 == 1 {
                file("cold.txt", format!("cold as of commit {n}\n"));
            }
            if n == 1 {
                file("still.txt", "never changes\n".to_string());
            }
        }
        git(&["fast-import", "--quiet"], Some(stream.as_bytes()));
        git(&["commit-graph", "write", "--reachable"], None);
        dir
    }

    #[test]
    fn a_sample_of_the_commit_graph_estimates_each_files_versions() {
        let commits = SAMPLES * 4 + 100;
        let dir = history(commits);
        let repo = crate::repo::open(dir.path()).unwrap();
        let graph = Graph::for_repo(&repo).expect("the fixture has a commit-graph");
        let v = sampled_versions(&repo, &graph, &["hot.txt", "cold.txt", "still.txt", "absent.txt"], &Cancel::new()).unwrap();
        // Evenly spaced positions of a graph sorted by id: a random sample, so within a margin.
        let near = |estimate: f64, truth: f64| (estimate - truth).abs() <= truth * 0.25;
        assert!(near(v[0], commits as f64), "hot.txt: {} estimated for {commits}", v[0]);
        assert!(near(v[1], (commits / 10) as f64), "cold.txt: {} estimated for {}", v[1], commits / 10);
        // Added by the root commit, which has no parent to diff against: its one version.
        assert_eq!((v[2], v[3]), (1.0, 1.0));
        // Too few commits for a sample to say more than sizes.
        let small = history(SAMPLES);
        let repo = crate::repo::open(small.path()).unwrap();
        assert!(sampled_versions(&repo, &Graph::for_repo(&repo).unwrap(), &["hot.txt"], &Cancel::new()).is_none());
    }

    #[test]
    fn files_shared_out_by_their_estimates_are_blamed_as_one_by_one() {
        use crate::blame::{blame_file, blame_files, BlameOptions, FileBlame};
        let dir = history(SAMPLES * 4 + 100);
        let paths: Vec<String> = ["hot.txt", "cold.txt", "still.txt"].map(String::from).to_vec();
        let lines = |b: &FileBlame| -> Vec<(String, u32)> {
            b.origin.iter().zip(&b.source_line).map(|(&o, &s)| (b.commits[b.origins[o as usize].commit as usize].id.clone(), s)).collect()
        };
        let together = blame_files(dir.path(), &paths, &BlameOptions { walks: Some(2), ..Default::default() }, &Cancel::new(), &mut |_| {}).unwrap().files;
        for (path, answer) in paths.iter().zip(together) {
            let alone = blame_file(dir.path(), path, &BlameOptions::default(), &Cancel::new()).unwrap();
            assert_eq!(lines(&answer.unwrap()), lines(&alone), "{path}");
        }
    }
}
