//! What a run of the pipeline is asked (`Options`) and what it reports (`Summary`,
//! `Timings`).

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
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
    /// Set (by a Ctrl-C handler) to stop the build: it then ends with an error, leaving
    /// the previous output as it was and no temporary folder behind.
    pub stop: Option<Arc<AtomicBool>>,
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
