//! Build benchmark: generates a synthetic bilingual archive, then times whole
//! `diptych build` runs of the release binary and reports pages per second and peak
//! memory. Not a test: nothing here passes or fails on time.
//!
//!     cargo bench --bench build                      # 1000 transcripts, 5 runs
//!     BENCH_TRANSCRIPTS=10000 BENCH_RUNS=3 cargo bench --bench build
//!
//! The corpus goes to /dev/shm when it exists, so the disk is not what is measured.

#[path = "support/corpus.rs"]
mod corpus;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

fn main() {
    let transcripts: usize = env_or("BENCH_TRANSCRIPTS", 1000);
    let runs: usize = env_or("BENCH_RUNS", 5);
    let base = if Path::new("/dev/shm").is_dir() { PathBuf::from("/dev/shm") } else { std::env::temp_dir() };
    let site = tempfile::Builder::new().prefix("diptych-bench-").tempdir_in(base).expect("temporary folder");
    let started = Instant::now();
    corpus::generate(site.path(), transcripts);
    println!(
        "corpus: {transcripts} transcripts × 2 languages × {} sections in {:.1} s at {}",
        corpus::SECTIONS,
        started.elapsed().as_secs_f64(),
        site.path().display()
    );

    let mut times = Vec::new();
    let mut pages = 0;
    for run in 1..=runs {
        let (elapsed, output) = time_build(site.path());
        pages = output.lines().find_map(|l| l.strip_prefix("built ")?.split(' ').next()?.parse().ok()).unwrap_or(0);
        println!("run {run}: {:.3} s", elapsed.as_secs_f64());
        times.push(elapsed);
    }
    times.sort();
    let median = times[times.len() / 2].as_secs_f64();
    println!("pages: {pages}");
    println!(
        "wall: min {:.3} s, median {median:.3} s, max {:.3} s",
        times[0].as_secs_f64(),
        times[times.len() - 1].as_secs_f64()
    );
    println!("pages/s (median): {:.0}", pages as f64 / median);
    println!("peak RSS: {:.1} MiB", peak_child_rss_kib() as f64 / 1024.0);
}

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn time_build(site: &Path) -> (Duration, String) {
    let started = Instant::now();
    let out =
        Command::new(env!("CARGO_BIN_EXE_diptych")).args(["build", "--root"]).arg(site).output().expect("diptych runs");
    let elapsed = started.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "build failed:\n{stderr}");
    (elapsed, stderr)
}

/// The largest resident set of any child process waited for so far.
fn peak_child_rss_kib() -> i64 {
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: getrusage only writes into the struct we own.
    unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    usage.ru_maxrss
}
