//! Import benchmark: times `diptych import` on raw texts of 1, 10 and 50 MB made from
//! the seed transcript with the damage of real copies (hard-wrapped lines, page heads
//! and numbers, blocks printed twice), and prints each size's median wall time,
//! megabytes per second and peak memory. Time must grow with the size, not faster.
//! Not a test: nothing here passes or fails on time.
//!
//!     cargo bench --bench import                    # 1, 10 and 50 MB, 3 runs each
//!     BENCH_IMPORT_MB=1,200 BENCH_RUNS=1 cargo bench --bench import

#[path = "support/process.rs"]
mod process;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn main() {
    let sizes: Vec<usize> = std::env::var("BENCH_IMPORT_MB")
        .ok()
        .map(|v| v.split(',').filter_map(|s| s.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![1, 10, 50]);
    let runs: usize = std::env::var("BENCH_RUNS").ok().and_then(|v| v.parse().ok()).unwrap_or(3);
    let base = if Path::new("/dev/shm").is_dir() { PathBuf::from("/dev/shm") } else { std::env::temp_dir() };
    let work = tempfile::Builder::new().prefix("diptych-import-").tempdir_in(base).expect("temporary folder");
    let seed = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seed.txt"))
        .expect("the seed transcript");
    println!("{:>8}  {:>9}  {:>8}  {:>9}  {:>10}", "input", "wall", "MB/s", "peak", "output");
    for mb in sizes {
        let raw = work.path().join(format!("raw-{mb}.txt"));
        std::fs::write(&raw, damaged_copy(&seed, mb << 20)).expect("write the raw text");
        let out = work.path().join(format!("out-{mb}.md"));
        let mut walls: Vec<(Duration, i64)> = (0..runs).map(|_| import(&raw, &out)).collect();
        walls.sort();
        let (wall, peak_kib) = walls[walls.len() / 2];
        let bytes = std::fs::metadata(&raw).map(|m| m.len()).unwrap_or(0) as f64;
        let written = std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0);
        println!(
            "{:>5} MB  {:>7.3} s  {:>8.1}  {:>5.0} MiB  {:>7} KB",
            mb,
            wall.as_secs_f64(),
            bytes / 1e6 / wall.as_secs_f64(),
            peak_kib as f64 / 1024.0,
            written / 1024
        );
    }
}

/// One timed `diptych import` (release binary, built by `cargo bench`): wall time and peak KiB.
#[allow(clippy::zombie_processes)] // waited for by wait4, which also reports its peak memory
fn import(raw: &Path, out: &Path) -> (Duration, i64) {
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_diptych"))
        .args(["import", "--lang", "zh", "--date", "2024-03-07", "--output"])
        .arg(out)
        .arg(raw)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("diptych starts");
    let mut stderr = child.stderr.take().expect("piped");
    // Read before waiting: a long report of repairs would fill the pipe.
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = std::io::Read::read_to_string(&mut stderr, &mut text);
        text
    });
    let (ok, peak, _) = process::wait_with_usage(child.id());
    let said = reader.join().unwrap_or_default();
    assert!(ok, "import of {} failed:\n{}", raw.display(), said.lines().take(20).collect::<Vec<_>>().join("\n"));
    (started.elapsed(), peak)
}

/// About `size` bytes of raw text: the seed, then its body again and again,
/// each copy's sentences made distinct (so none is dropped as printed twice), wrapped
/// at 38 characters as a PDF copy is, with a page head every 45 lines and every
/// eleventh block printed twice, as newspapers' copies come.
fn damaged_copy(seed: &str, size: usize) -> String {
    // The seed as it is, header and all, then more copies of its body.
    let mut out = seed.to_string();
    let lines: Vec<&str> = seed.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    let body = &lines[6.min(lines.len())..];
    let mut written = 0;
    for copy in 0.. {
        for (n, line) in body.iter().enumerate() {
            let line = line.replace('。', &format!("（{copy}）。"));
            let mut wrapped = String::new();
            for (i, c) in line.chars().enumerate() {
                if i > 0 && i % 38 == 0 {
                    wrapped.push('\n');
                    written += 1;
                    if written % 45 == 0 {
                        wrapped.push_str(&format!("第{}版\n", written / 45));
                    }
                }
                wrapped.push(c);
            }
            wrapped.push_str("\n\n");
            if n % 11 == 0 {
                out.push_str(&wrapped);
            }
            out.push_str(&wrapped);
            if out.len() >= size {
                return out;
            }
        }
    }
    out
}
