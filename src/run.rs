//! What a run of the pipeline is asked (`Options`) and what it reports (`Summary`,
//! `Timings`).

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
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
        if let Some(output) = self.filling.lock().unwrap_or_else(|e| e.into_inner()).take() {
            crate::output::abandon(&output);
        }
    }
}

#[derive(Debug)]
pub struct Summary {
    pub pages: usize,
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
