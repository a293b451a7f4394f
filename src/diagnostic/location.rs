//! Where a problem is: a file, and the line and column in it when known.

use std::fmt;
use std::path::{Path, PathBuf};

/// A place in a source file. Lines and columns are 1-based; columns count characters,
/// not bytes, so they match what an editor shows for Chinese text.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    pub path: PathBuf,
    pub line: Option<usize>,
    pub col: Option<usize>,
}

impl Location {
    /// The whole file, when no finer position is known.
    pub fn file(path: impl Into<PathBuf>) -> Self {
        Location { path: path.into(), line: None, col: None }
    }

    /// At the start of `line` if it is known, else the whole file.
    pub fn line_or_file(path: impl Into<PathBuf>, line: Option<usize>) -> Self {
        Location { path: path.into(), line, col: line.map(|_| 1) }
    }

    pub fn at(path: impl Into<PathBuf>, line: usize, col: usize) -> Self {
        Location { path: path.into(), line: Some(line), col: Some(col) }
    }

    /// The position of byte `offset` in `text`, whose first line is line `first_line` of the file.
    pub fn in_text(path: &Path, text: &str, offset: usize, first_line: usize) -> Self {
        let before = &text[..floor_char_boundary(text, offset)];
        let line = first_line + before.matches('\n').count();
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let col = before[line_start..].chars().count() + 1;
        Location::at(path, line, col)
    }
}

fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut i = offset.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(col) = self.col {
            write!(f, ":{col}")?;
        }
        Ok(())
    }
}
