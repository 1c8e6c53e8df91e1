use std::fmt;

/// A malformed dictionary entry: the file, the line and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DictError {
    file: String,
    line: usize,
    reason: String,
}

impl DictError {
    pub(crate) fn new(file: &str, line: usize, reason: impl Into<String>) -> DictError {
        DictError {
            file: file.to_string(),
            line,
            reason: reason.into(),
        }
    }

    /// The file the entry is in.
    pub fn file(&self) -> &str {
        &self.file
    }

    /// The 1-based line number (0 when the error is about the whole file).
    pub fn line(&self) -> usize {
        self.line
    }
}

impl fmt::Display for DictError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.reason)
    }
}

impl std::error::Error for DictError {}
