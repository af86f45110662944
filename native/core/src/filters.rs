//! The analysis settings (GitInspectorGUI's options, as the TypeScript `AnalysisSettings` names
//! them) and their compiled, validated form.
//!
//! Terms:
//! - **path filter**: `subfolder`, `extensions`, `include_files`, `exclude_files` and `n_files`
//!   decide which files at the head are *analysed files*.
//! - **date window**: `since` / `until`, compared with the *committer* time as `git log
//!   --since/--until` does. `until` also picks the *head* the report describes.
//! - **excluded commit**: a commit named by `exclude_revisions` (an id prefix) or whose subject
//!   matches `exclude_messages`. Its changes are not counted in insertions, deletions or commits,
//!   and blame passes its lines to its parents (`--ignore-rev`).
//! - **excluded author**: a person any of whose aliases (name or email) matches
//!   `exclude_authors` / `exclude_emails`. Their numbers are kept but marked excluded.
//!
//! Every bad value becomes an [`ErrorCode::InvalidOption`] error naming the setting.

use globset::{GlobSet, GlobSetBuilder};

use crate::error::{Error, ErrorCode, Result};

/// The settings of one analysis. `Default` gives GitInspectorGUI's behaviour with every file
/// analysed (`n_files` 0) and `.mailmap` applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// Only files under this folder (relative to the repository root, `/`-separated).
    pub subfolder: Option<String>,
    /// Only the N largest files at the head (by blob size), after the other path filters; 0 = all.
    pub n_files: u32,
    /// Case-insensitive globs on paths; a file is included if one matches its path or its file
    /// name. Empty = all files.
    pub include_files: Vec<String>,
    /// Case-insensitive globs on paths or file names; a match excludes the file.
    pub exclude_files: Vec<String>,
    /// Extensions without the dot, case-insensitive. Empty or `["*"]` = every text file. A file
    /// without an extension is only analysed when `"*"` is listed (or the list is empty).
    pub extensions: Vec<String>,
    /// Start of the date window: `YYYY-MM-DD` (00:00:00 UTC), `YYYY-MM-DDTHH:MM[:SS][Z|±HH:MM]`
    /// (UTC without an offset), or `@<unix seconds>`.
    pub since: Option<String>,
    /// End of the date window, same forms; a bare date means the end of that day (23:59:59 UTC).
    pub until: Option<String>,
    /// Case-insensitive globs on author names (any alias).
    pub exclude_authors: Vec<String>,
    /// Case-insensitive globs on author emails (any alias).
    pub exclude_emails: Vec<String>,
    /// Commit id prefixes (at least 4 hex digits).
    pub exclude_revisions: Vec<String>,
    /// Case-insensitive globs on the commit subject (first line of the message).
    pub exclude_messages: Vec<String>,
    /// true: whitespace-only changes count. false (default): `-w` in blame and numstat.
    pub whitespace: bool,
    /// Count whole-line comments as authored lines.
    pub comments: bool,
    /// Count empty (whitespace-only) lines as authored lines.
    pub empty_lines: bool,
    /// Apply `.mailmap` to authors before merging identities.
    pub mailmap: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            subfolder: None,
            n_files: 0,
            include_files: Vec::new(),
            exclude_files: Vec::new(),
            extensions: Vec::new(),
            since: None,
            until: None,
            exclude_authors: Vec::new(),
            exclude_emails: Vec::new(),
            exclude_revisions: Vec::new(),
            exclude_messages: Vec::new(),
            whitespace: false,
            comments: false,
            empty_lines: false,
            mailmap: true,
        }
    }
}

/// [`Settings`] checked and compiled: globs built, dates parsed, prefixes validated.
#[derive(Debug, Clone)]
pub struct Filters {
    subfolder: Option<String>,
    pub n_files: u32,
    include: Option<GlobSet>,
    exclude: Option<GlobSet>,
    /// Lower-cased extensions; `None` = all.
    extensions: Option<Vec<String>>,
    /// Unix seconds, inclusive.
    pub since: Option<i64>,
    /// Unix seconds, inclusive.
    pub until: Option<i64>,
    exclude_authors: Option<GlobSet>,
    exclude_emails: Option<GlobSet>,
    /// Lower-case hex prefixes.
    pub exclude_revisions: Vec<String>,
    exclude_messages: Option<GlobSet>,
    pub whitespace: bool,
    pub comments: bool,
    pub empty_lines: bool,
    pub mailmap: bool,
}

impl Filters {
    /// Validate and compile `settings`.
    pub fn compile(settings: &Settings) -> Result<Filters> {
        let subfolder = match settings.subfolder.as_deref() {
            Some(folder) => normalize_folder(folder)
                .ok_or_else(|| invalid("subfolder", &format!("{folder:?} leaves the repository")))?,
            None => None,
        };
        let extensions = {
            let mut list = Vec::new();
            let mut all = settings.extensions.is_empty();
            for ext in &settings.extensions {
                let ext = ext.trim().trim_start_matches('.');
                if ext == "*" {
                    all = true;
                } else if ext.is_empty() || ext.contains('/') {
                    return Err(invalid("extensions", &format!("{ext:?} is not a file extension")));
                } else {
                    list.push(ext.to_lowercase());
                }
            }
            if all { None } else { Some(list) }
        };
        let since = settings
            .since
            .as_deref()
            .map(|s| parse_date(s, DateEdge::Start).map_err(|why| invalid("since", &why)))
            .transpose()?;
        let until = settings
            .until
            .as_deref()
            .map(|s| parse_date(s, DateEdge::End).map_err(|why| invalid("until", &why)))
            .transpose()?;
        if let (Some(s), Some(u)) = (since, until) {
            if s > u {
                return Err(invalid("since", "the window is empty: `since` is after `until`"));
            }
        }
        let mut exclude_revisions = Vec::new();
        for rev in &settings.exclude_revisions {
            let rev = rev.trim().to_ascii_lowercase();
            if rev.len() < 4 || rev.len() > 40 || !rev.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(invalid(
                    "excludeRevisions",
                    &format!("{rev:?} is not a commit id prefix (4 to 40 hex digits)"),
                ));
            }
            exclude_revisions.push(rev);
        }
        Ok(Filters {
            subfolder,
            n_files: settings.n_files,
            include: globs("includeFiles", &settings.include_files)?,
            exclude: globs("excludeFiles", &settings.exclude_files)?,
            extensions,
            since,
            until,
            exclude_authors: globs("excludeAuthors", &settings.exclude_authors)?,
            exclude_emails: globs("excludeEmails", &settings.exclude_emails)?,
            exclude_revisions,
            exclude_messages: globs("excludeMessages", &settings.exclude_messages)?,
            whitespace: settings.whitespace,
            comments: settings.comments,
            empty_lines: settings.empty_lines,
            mailmap: settings.mailmap,
        })
    }

    /// Whether a head path passes `subfolder`, `extensions`, `include_files` and `exclude_files`
    /// (`n_files` is applied later, on sizes).
    pub fn path_selected(&self, path: &str) -> bool {
        if let Some(folder) = &self.subfolder {
            if !(path.starts_with(folder.as_str()) && path.as_bytes().get(folder.len()) == Some(&b'/')) {
                return false;
            }
        }
        let file_name = path.rsplit('/').next().unwrap_or(path);
        if let Some(exts) = &self.extensions {
            match extension(file_name) {
                Some(ext) if exts.iter().any(|e| e.eq_ignore_ascii_case(ext)) => {}
                _ => return false,
            }
        }
        let matches = |set: &GlobSet| set.is_match(path) || set.is_match(file_name);
        if let Some(include) = &self.include {
            if !matches(include) {
                return false;
            }
        }
        if let Some(exclude) = &self.exclude {
            if matches(exclude) {
                return false;
            }
        }
        true
    }

    /// Whether a commit time (committer time, unix seconds) is inside the date window.
    pub fn in_window(&self, commit_time: i64) -> bool {
        self.since.is_none_or(|s| commit_time >= s) && self.until.is_none_or(|u| commit_time <= u)
    }

    /// Whether one alias (name, email) matches `exclude_authors` or `exclude_emails`.
    pub fn alias_excluded(&self, name: &str, email: &str) -> bool {
        self.exclude_authors.as_ref().is_some_and(|g| g.is_match(name))
            || self.exclude_emails.as_ref().is_some_and(|g| g.is_match(email))
    }

    /// Whether a commit subject matches `exclude_messages`.
    pub fn message_excluded(&self, subject: &str) -> bool {
        self.exclude_messages.as_ref().is_some_and(|g| g.is_match(subject))
    }

    /// Whether any message glob is set (then every commit's subject must be read).
    pub fn has_message_exclusions(&self) -> bool {
        self.exclude_messages.is_some()
    }

    /// Whether a full hex commit id starts with one of `exclude_revisions`.
    pub fn revision_excluded(&self, hex_id: &str) -> bool {
        self.exclude_revisions.iter().any(|p| hex_id.starts_with(p.as_str()))
    }
}

/// The extension of a file name as gitinspector sees it (`os.path.splitext`): the part after the
/// last dot, unless the only dot starts the name (`.gitignore` has none).
pub fn extension(file_name: &str) -> Option<&str> {
    let trimmed = file_name.trim_start_matches('.');
    let dot = trimmed.rfind('.')?;
    let ext = &trimmed[dot + 1..];
    (!ext.is_empty()).then_some(ext)
}

fn invalid(setting: &str, why: &str) -> Error {
    Error::new(ErrorCode::InvalidOption, format!("invalid `{setting}` setting: {why}"))
}

/// `None` when the folder leaves the repository (`..`); `Some(None)` for the whole repository.
fn normalize_folder(folder: &str) -> Option<Option<String>> {
    let folder = folder.replace('\\', "/");
    let mut parts = Vec::new();
    for part in folder.split('/') {
        match part {
            "" | "." => {}
            ".." => return None,
            p => parts.push(p),
        }
    }
    // An empty folder ("", ".", "/") means the whole repository.
    Some((!parts.is_empty()).then(|| parts.join("/")))
}

fn globs(setting: &str, patterns: &[String]) -> Result<Option<GlobSet>> {
    if patterns.is_empty() {
        return Ok(None);
    }
    let mut builder = GlobSetBuilder::new();
    for pattern in patterns {
        let glob = globset::GlobBuilder::new(pattern)
            .case_insensitive(true)
            .build()
            .map_err(|e| invalid(setting, &format!("{pattern:?} is not a glob pattern: {e}")))?;
        builder.add(glob);
    }
    builder
        .build()
        .map(Some)
        .map_err(|e| invalid(setting, &format!("the patterns do not compile: {e}")))
}

#[derive(Clone, Copy)]
enum DateEdge {
    Start,
    End,
}

/// Parse the date forms [`Settings::since`] documents into unix seconds.
fn parse_date(input: &str, edge: DateEdge) -> std::result::Result<i64, String> {
    let s = input.trim();
    let bad = || format!("{input:?} is not a date (use YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM] or @<unix seconds>)");
    if let Some(secs) = s.strip_prefix('@') {
        return secs.parse::<i64>().map_err(|_| bad());
    }
    let num = |t: &str| -> std::result::Result<i64, String> {
        if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        t.parse::<i64>().map_err(|_| bad())
    };
    if s.len() < 10 || !s.is_char_boundary(10) {
        return Err(bad());
    }
    let (date, rest) = s.split_at(10);
    let mut d = date.split('-');
    let (y, m, day) = match (d.next(), d.next(), d.next()) {
        (Some(y), Some(m), Some(day)) if y.len() == 4 && m.len() == 2 && day.len() == 2 => (num(y)?, num(m)?, num(day)?),
        _ => return Err(bad()),
    };
    if !(1..=12).contains(&m) || day < 1 || day > days_in_month(y, m) {
        return Err(bad());
    }
    let days = days_from_civil(y, m, day);
    if rest.is_empty() {
        return Ok(days * 86_400 + if matches!(edge, DateEdge::End) { 86_399 } else { 0 });
    }
    let rest = rest.strip_prefix(['T', 't', ' ']).ok_or_else(bad)?;
    // Split the time of day from an optional offset.
    let (time, offset) = match rest.find(['Z', 'z', '+', '-']) {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    let mut t = time.split(':');
    let h = num(t.next().ok_or_else(bad)?)?;
    let min = num(t.next().ok_or_else(bad)?)?;
    let sec = match t.next() {
        Some(sec) => num(sec)?,
        None => 0,
    };
    if t.next().is_some() || h > 23 || min > 59 || sec > 60 {
        return Err(bad());
    }
    let offset_secs = match offset {
        "" | "Z" | "z" => 0,
        o => {
            let sign = if o.starts_with('-') { -1 } else { 1 };
            let digits = o[1..].replace(':', "");
            if digits.len() != 4 {
                return Err(bad());
            }
            sign * (num(&digits[..2])? * 3600 + num(&digits[2..])? * 60)
        }
    };
    Ok(days * 86_400 + h * 3600 + min * 60 + sec - offset_secs)
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_parse_as_documented() {
        assert_eq!(parse_date("1970-01-01", DateEdge::Start), Ok(0));
        assert_eq!(parse_date("1970-01-01", DateEdge::End), Ok(86_399));
        assert_eq!(parse_date("2020-09-13T12:26:40Z", DateEdge::Start), Ok(1_600_000_000));
        assert_eq!(parse_date("2020-09-13 14:26:40+02:00", DateEdge::Start), Ok(1_600_000_000));
        assert_eq!(parse_date("2020-09-13T12:26:40", DateEdge::Start), Ok(1_600_000_000));
        assert_eq!(parse_date("@1600000000", DateEdge::Start), Ok(1_600_000_000));
        assert!(parse_date("2020-02-30", DateEdge::Start).is_err());
        assert!(parse_date("yesterday", DateEdge::Start).is_err());
    }

    #[test]
    fn extensions_follow_splitext() {
        assert_eq!(extension("a.rs"), Some("rs"));
        assert_eq!(extension("a.tar.gz"), Some("gz"));
        assert_eq!(extension(".gitignore"), None);
        assert_eq!(extension("Makefile"), None);
    }
}
