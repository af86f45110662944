//! One error type for the crate. Every failure a user can cause is an [`Error`] with a stable
//! [`ErrorCode`] (it crosses to JavaScript as `error.code`) and a sentence that names the thing
//! that was wrong: the path, the revision, the object. Panics are bugs, never answers.

use std::fmt;

/// Stable, machine-readable error kinds. The binding turns them into `error.code` strings
/// (`ErrorCode::as_str`), which the TypeScript side and the CLI switch on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorCode {
    /// The folder is not inside a git repository.
    NotARepository,
    /// The repository has no commit yet (HEAD is unborn).
    EmptyRepository,
    /// A revision did not resolve to a commit.
    BadRevision,
    /// The path does not exist in the revision being blamed.
    PathNotInRevision,
    /// The path names a directory (tree) rather than a file.
    IsDirectory,
    /// The path names a submodule (gitlink).
    IsSubmodule,
    /// The file is binary as git decides (NUL in the first 8,000 bytes, or a `binary`/`-diff` attribute).
    BinaryFile,
    /// An object the history needs is not in the object database (partial clone, corruption).
    MissingObject,
    /// The caller aborted the operation.
    Aborted,
    /// An option has a value we do not accept, or asks for something not supported yet.
    InvalidOption,
    /// Reading a file outside the object database failed.
    Io,
    /// Anything else: a bug or an unexpected repository state, with context.
    Internal,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::NotARepository => "NOT_A_REPOSITORY",
            ErrorCode::EmptyRepository => "EMPTY_REPOSITORY",
            ErrorCode::BadRevision => "BAD_REVISION",
            ErrorCode::PathNotInRevision => "PATH_NOT_IN_REVISION",
            ErrorCode::IsDirectory => "IS_DIRECTORY",
            ErrorCode::IsSubmodule => "IS_SUBMODULE",
            ErrorCode::BinaryFile => "BINARY_FILE",
            ErrorCode::MissingObject => "MISSING_OBJECT",
            ErrorCode::Aborted => "ABORTED",
            ErrorCode::InvalidOption => "INVALID_OPTION",
            ErrorCode::Io => "IO",
            ErrorCode::Internal => "INTERNAL",
        }
    }
}

/// An error with a code and a sentence a user understands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub code: ErrorCode,
    pub message: String,
}

impl Error {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Error { code, message: message.into() }
    }
    pub fn aborted() -> Self {
        Error::new(ErrorCode::Aborted, "the operation was aborted")
    }
    pub fn internal(context: impl fmt::Display) -> Self {
        Error::new(ErrorCode::Internal, context.to_string())
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Something that went wrong without failing the call: a malformed `.mailmap` line, an
/// ignore-revs entry that names no commit. Returned beside the result, never thrown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// Stable kind, e.g. `IGNORE_REV_UNKNOWN`, `IGNORE_REVS_FILE_UNREADABLE`, `MAILMAP_MALFORMED`.
    pub code: &'static str,
    pub message: String,
}
