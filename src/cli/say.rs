//! What a command says on standard error: how much (quiet, verbose), and in colour only
//! on a terminal.

use crate::diagnostic::Problems;

/// How much the command says on standard error, and whether in colour.
#[derive(Clone, Copy)]
pub(super) struct Say {
    pub(super) quiet: bool,
    pub(super) verbose: bool,
    /// Colour only on a terminal, and never with `NO_COLOR` set (no-color.org).
    colour: bool,
}

impl Say {
    pub(super) fn new(cli: &super::Cli) -> Self {
        use std::io::IsTerminal;
        let colour = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
        Say { quiet: cli.quiet, verbose: cli.verbose, colour }
    }

    /// A line of news (what was built, what comes next), unless quiet.
    pub(super) fn info(&self, line: &str) {
        if !self.quiet {
            eprintln!("{line}");
        }
    }

    /// `line` with its first `word` (`error:`) in `code`'s colour, on a terminal.
    fn paint(&self, line: &str, word: &str, code: &str) -> String {
        match line.find(word).filter(|_| self.colour) {
            Some(i) => format!("{}\x1b[{code}m{word}\x1b[0m{}", &line[..i], &line[i + word.len()..]),
            None => line.to_string(),
        }
    }

    /// Every error (red), then every warning (yellow) unless quiet.
    pub(super) fn problems(&self, problems: &Problems) {
        for e in &problems.errors {
            eprintln!("{}", self.paint(&e.to_string(), "error:", "1;31"));
        }
        if !self.quiet {
            for w in &problems.warnings {
                eprintln!("{}", self.paint(&w.to_string(), "warning:", "33"));
            }
        }
    }

    pub(super) fn error(&self, e: &dyn std::fmt::Display) {
        eprintln!("{}", self.paint(&e.to_string(), "error:", "1;31"));
    }
}
