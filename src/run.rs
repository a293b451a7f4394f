//! What a run of the pipeline is asked (`Options`) and what it reports (`Summary`,
//! `Timings`).

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use crate::config::Overrides;

#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Include transcripts marked `draft: true`.
    pub drafts: bool,
    /// `--output-dir` and `--base-url`, instead of site.yaml's.
    pub overrides: Overrides,
    /// Leave out the search index: a faster build, for drafts and benchmarks.
    pub no_search: bool,
    /// Asked (by a Ctrl-C handler) to stop the build: it then ends with an error, leaving
    /// the previous output as it was and no temporary folder behind.
    pub stop: Option<Arc<Stop>>,
    /// Counts the pages made, for a progress line.
    pub progress: Option<Arc<Progress>>,
}

/// How far a build's making of pages is: read by the command line's progress line
/// while the build runs on other threads.
#[derive(Debug, Default)]
pub struct Progress {
    pub done: AtomicUsize,
    pub total: AtomicUsize,
}

/// A request to stop a build, and what to clean up if the process must end at once.
/// The first request stops the build between pages; a second one (an impatient
/// Ctrl-C) cannot wait for that, so whoever handles it calls `abandon` and exits.
#[derive(Debug, Default)]
pub struct Stop {
    asked: AtomicBool,
    /// The output folder whose replacement is being filled, while the swap has not begun.
    filling: Mutex<Option<PathBuf>>,
    /// Whether that folder has been put away. Each write into it holds this shared;
    /// `abandon` takes it whole, so it waits for writes under way, and the writes after
    /// it find it set and write nothing: making their folders would make the put-away
    /// folder again, half filled, just before the process ends.
    abandoned: RwLock<bool>,
}

impl Stop {
    /// Asks the build to stop; true if it had been asked before.
    pub fn ask(&self) -> bool {
        self.asked.swap(true, Ordering::Relaxed)
    }

    pub fn asked(&self) -> bool {
        self.asked.load(Ordering::Relaxed)
    }

    /// Names the output folder whose replacement a build is filling (None once that is
    /// being swapped into place, when it must be left alone).
    pub fn filling(&self, output: Option<PathBuf>) {
        *self.filling.lock().unwrap_or_else(|e| e.into_inner()) = output;
    }

    /// Puts away the folder being filled, if any, before the process ends at once.
    pub fn abandon(&self) {
        let mut abandoned = self.abandoned.write().unwrap_or_else(|e| e.into_inner());
        *abandoned = true;
        if let Some(output) = self.filling.lock().unwrap_or_else(|e| e.into_inner()).take() {
            crate::output::abandon(&output);
        }
    }

    /// Runs `write`, a write into the folder being filled, unless that folder has been
    /// put away (`abandon`): then it is `Interrupted`.
    pub fn writing<T>(&self, write: impl FnOnce() -> std::io::Result<T>) -> std::io::Result<T> {
        let abandoned = self.abandoned.read().unwrap_or_else(|e| e.into_inner());
        if *abandoned {
            return Err(std::io::ErrorKind::Interrupted.into());
        }
        write()
    }
}

#[derive(Debug)]
pub struct Summary {
    pub pages: usize,
    /// How many of them were found unchanged since the last build, and left as they were.
    pub unchanged: usize,
    /// What the output folder holds now, in bytes, every file counted.
    pub bytes: u64,
    pub output_dir: PathBuf,
    pub elapsed: Duration,
    pub timings: Timings,
}

/// How long each stage took, in order, for `build --timings`.
#[derive(Debug, Clone)]
pub struct Timings {
    pub stages: Vec<(&'static str, Duration)>,
    last: Instant,
}

impl Timings {
    pub fn start() -> Self {
        Timings { stages: Vec::new(), last: Instant::now() }
    }

    /// Records the time since the previous stage ended.
    pub fn mark(&mut self, stage: &'static str) {
        let now = Instant::now();
        self.stages.push((stage, now - self.last));
        self.last = now;
    }
}

/// A number of bytes as a person reads it: `437 KB`, `2.19 GB` (powers of 1,000, as
/// hosts state their limits).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Size(pub u64);

impl std::fmt::Display for Size {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        const UNITS: [&str; 4] = ["KB", "MB", "GB", "TB"];
        if self.0 < 1_000 {
            return write!(f, "{} bytes", self.0);
        }
        let (mut value, mut unit) = (self.0 as f64 / 1e3, 0);
        // Three significant figures, and 999.6 KB is 1.00 MB, not 1000 KB.
        while value >= 999.5 && unit + 1 < UNITS.len() {
            (value, unit) = (value / 1e3, unit + 1);
        }
        let decimals = if value >= 99.95 {
            0
        } else if value >= 9.995 {
            1
        } else {
            2
        };
        write!(f, "{value:.decimals$} {}", UNITS[unit])
    }
}

#[cfg(test)]
mod tests {
    use super::Size;

    #[test]
    fn sizes_read_with_three_figures_in_the_unit_hosts_use() {
        let shown = [0, 999, 1_000, 9_994, 9_996, 99_949, 99_951, 557_739, 999_499, 999_600, 43_700_000, 437_612_803]
            .map(|b| Size(b).to_string());
        let expected = [
            "0 bytes",
            "999 bytes",
            "1.00 KB",
            "9.99 KB",
            "10.0 KB",
            "99.9 KB",
            "100 KB",
            "558 KB",
            "999 KB",
            "1.00 MB",
            "43.7 MB",
            "438 MB",
        ];
        assert_eq!(shown, expected);
        assert_eq!(Size(2_190_000_000).to_string(), "2.19 GB");
        assert_eq!(Size(12_345_000_000_000_000).to_string(), "12345 TB");
    }
}
