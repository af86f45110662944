//! `analyzeRepository(repo, settings, onProgress, token)`: the report data of one repository.

use napi::bindgen_prelude::*;
use napi::threadsafe_function::{ThreadsafeFunction, ThreadsafeFunctionCallMode};
use napi::Env;
use napi_derive::napi;

use git_authorship_core::analysis::{self, Progress, RepositoryAnalysis};
use git_authorship_core::filters::Settings;

use crate::cancel::{core_cancel, CancelToken};
use crate::outcome::JsWarning;
use crate::pool::{spawn, Pool};

/// GitInspectorGUI's settings, camelCase; every field optional (core defaults apply).
#[napi(object)]
#[derive(Default)]
pub struct JsAnalysisSettings {
    pub subfolder: Option<String>,
    pub n_files: Option<u32>,
    pub include_files: Option<Vec<String>>,
    pub exclude_files: Option<Vec<String>>,
    pub extensions: Option<Vec<String>>,
    pub since: Option<String>,
    pub until: Option<String>,
    pub exclude_authors: Option<Vec<String>>,
    pub exclude_emails: Option<Vec<String>>,
    pub exclude_revisions: Option<Vec<String>>,
    pub exclude_messages: Option<Vec<String>>,
    pub whitespace: Option<bool>,
    pub comments: Option<bool>,
    pub empty_lines: Option<bool>,
    pub mailmap: Option<bool>,
}

#[napi(object)]
#[derive(Clone)]
pub struct JsAnalysisProgress {
    pub phase: String,
    pub files_done: u32,
    pub files_total: u32,
    pub commits_done: u32,
    pub commits_total: u32,
}

#[napi(object)]
pub struct JsAlias {
    pub name: String,
    pub email: String,
}

#[napi(object)]
pub struct JsAnalysisAuthor {
    pub name: String,
    pub email: String,
    pub aliases: Vec<JsAlias>,
    pub commits: u32,
    pub excluded: bool,
}

#[napi(object)]
pub struct JsAnalysisFile {
    pub path: String,
    pub former_paths: Vec<String>,
    pub size: f64,
    pub total_lines: u32,
}

#[napi(object)]
pub struct JsAnalysisCell {
    pub author: u32,
    pub file: u32,
    pub lines: u32,
    pub insertions: f64,
    pub deletions: f64,
    pub commits: u32,
    pub insertion_time_sum: f64,
    pub line_time_sum: f64,
}

#[napi(object)]
pub struct JsSkippedFile {
    pub path: String,
    pub reason: String,
}

#[napi(object)]
pub struct JsPhase {
    pub name: String,
    pub ms: f64,
}

#[napi(object)]
pub struct JsAnalysisStats {
    pub commits_walked: u32,
    pub files_analyzed: u32,
    pub lines_analyzed: f64,
    pub phases: Vec<JsPhase>,
}

#[napi(object)]
pub struct JsRepositoryAnalysis {
    pub name: String,
    pub path: String,
    pub head: String,
    pub head_time: i64,
    pub authors: Vec<JsAnalysisAuthor>,
    pub files: Vec<JsAnalysisFile>,
    pub cells: Vec<JsAnalysisCell>,
    pub skipped: Vec<JsSkippedFile>,
    pub warnings: Vec<JsWarning>,
    pub stats: JsAnalysisStats,
}

fn core_settings(s: JsAnalysisSettings) -> Settings {
    let d = Settings::default();
    Settings {
        subfolder: s.subfolder.filter(|p| !p.is_empty()),
        n_files: s.n_files.unwrap_or(d.n_files),
        include_files: s.include_files.unwrap_or_default(),
        exclude_files: s.exclude_files.unwrap_or_default(),
        extensions: s.extensions.unwrap_or_default(),
        exclude_authors: s.exclude_authors.unwrap_or_default(),
        exclude_emails: s.exclude_emails.unwrap_or_default(),
        exclude_revisions: s.exclude_revisions.unwrap_or_default(),
        exclude_messages: s.exclude_messages.unwrap_or_default(),
        since: s.since.filter(|v| !v.is_empty()),
        until: s.until.filter(|v| !v.is_empty()),
        whitespace: s.whitespace.unwrap_or(d.whitespace),
        comments: s.comments.unwrap_or(d.comments),
        empty_lines: s.empty_lines.unwrap_or(d.empty_lines),
        mailmap: s.mailmap.unwrap_or(d.mailmap),
    }
}

fn progress_to_js(p: &Progress) -> JsAnalysisProgress {
    JsAnalysisProgress {
        phase: p.phase.as_str().to_string(),
        files_done: p.files_done,
        files_total: p.files_total,
        commits_done: p.commits_done,
        commits_total: p.commits_total,
    }
}

fn to_js(a: RepositoryAnalysis) -> JsRepositoryAnalysis {
    JsRepositoryAnalysis {
        name: a.name,
        path: a.path,
        head: a.head,
        head_time: a.head_time,
        authors: a
            .authors
            .into_iter()
            .map(|p| JsAnalysisAuthor {
                name: p.name,
                email: p.email,
                aliases: p.aliases.into_iter().map(|x| JsAlias { name: x.name, email: x.email }).collect(),
                commits: p.commits,
                excluded: p.excluded,
            })
            .collect(),
        files: a
            .files
            .into_iter()
            .map(|f| JsAnalysisFile { path: f.path, former_paths: f.former_paths, size: f.size as f64, total_lines: f.total_lines })
            .collect(),
        cells: a
            .cells
            .into_iter()
            .map(|c| JsAnalysisCell {
                author: c.author,
                file: c.file,
                lines: c.lines,
                insertions: c.insertions as f64,
                deletions: c.deletions as f64,
                commits: c.commits,
                insertion_time_sum: c.insertion_time_sum,
                line_time_sum: c.line_time_sum,
            })
            .collect(),
        skipped: a.skipped.into_iter().map(|s| JsSkippedFile { path: s.path, reason: s.reason.as_str().to_string() }).collect(),
        warnings: a.warnings.into_iter().map(Into::into).collect(),
        stats: JsAnalysisStats {
            commits_walked: a.stats.commits_walked,
            files_analyzed: a.stats.files_analyzed,
            lines_analyzed: a.stats.lines_analyzed as f64,
            phases: a.stats.phases.into_iter().map(|(name, ms)| JsPhase { name, ms }).collect(),
        },
    }
}

/// Analyse one repository: surviving lines, insertions, deletions and commits per author × file,
/// in one walk of history. `onProgress` is called from the engine's threads (throttled by the core).
#[napi(ts_return_type = "Promise<JsRepositoryAnalysis | Failure>")]
pub fn analyze_repository<'env>(
    env: &'env Env,
    repo: String,
    settings: Option<JsAnalysisSettings>,
    #[napi(ts_arg_type = "((progress: JsAnalysisProgress) => void) | null | undefined")] on_progress: Option<
        ThreadsafeFunction<JsAnalysisProgress, (), JsAnalysisProgress, Status, false>,
    >,
    token: Option<&CancelToken>,
) -> Result<Object<'env>> {
    let cancel = core_cancel(token);
    let settings = core_settings(settings.unwrap_or_default());
    spawn(
        env,
        Pool::Report,
        move || {
            let mut report = |p: Progress| {
                if let Some(tsfn) = &on_progress {
                    // NonBlocking: progress is advisory; a full queue must never stall the analysis.
                    let _ = tsfn.call(progress_to_js(&p), ThreadsafeFunctionCallMode::NonBlocking);
                }
            };
            analysis::analyze_repository(std::path::Path::new(&repo), &settings, &cancel, &mut report)
        },
        to_js,
    )
}
