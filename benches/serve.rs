//! Serve benchmark: edit-to-reload time. Generates the synthetic archive, starts
//! `diptych serve`, edits one transcript several times and measures, for each edit,
//! the time from writing the file to the open page's reload event. Not a test.
//!
//!     cargo bench --bench serve                    # 1000 transcripts, 5 edits
//!     BENCH_TRANSCRIPTS=100 cargo bench --bench serve

#[path = "support/corpus.rs"]
mod corpus;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

fn main() {
    let transcripts = env_or("BENCH_TRANSCRIPTS", 1000);
    let edits = env_or("BENCH_RUNS", 5);
    let base = if Path::new("/dev/shm").is_dir() { Path::new("/dev/shm").to_path_buf() } else { std::env::temp_dir() };
    let site = tempfile::Builder::new().prefix("diptych-serve-bench-").tempdir_in(base).expect("temporary folder");
    corpus::generate(site.path(), transcripts);
    println!("corpus: {transcripts} transcripts at {}", site.path().display());

    let mut child = Command::new(env!("CARGO_BIN_EXE_diptych"))
        .args(["serve", "--port", "0"])
        .current_dir(site.path())
        .stderr(Stdio::piped())
        .spawn()
        .expect("diptych serve runs");
    let (lines, receiver) = mpsc::channel();
    let stderr = BufReader::new(child.stderr.take().expect("piped"));
    std::thread::spawn(move || stderr.lines().map_while(Result::ok).for_each(|l| drop(lines.send(l))));
    let started = Instant::now();
    let port: u16 = loop {
        let line = receiver.recv().expect("serve prints its address");
        if let Some(rest) = line.strip_prefix("serving http://127.0.0.1:") {
            break rest.split('/').next().and_then(|p| p.parse().ok()).expect("a port");
        }
    };
    println!("first build and start: {:.2} s; {}", started.elapsed().as_secs_f64(), memory(child.id()));

    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("serve listens");
    write!(stream, "GET /archive/__diptych/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").expect("request sent");
    let mut events = BufReader::new(stream);
    let file = walkdir::WalkDir::new(site.path().join("content"))
        .into_iter()
        .filter_map(Result::ok)
        .find(|e| e.path().to_string_lossy().ends_with(".en.md"))
        .expect("a transcript")
        .into_path();
    let mut times = Vec::new();
    for edit in 1..=edits {
        let text = std::fs::read_to_string(&file).expect("readable");
        let edited = text.replacen("\n\n", &format!("\n\nEdited {edit} times.\n\n"), 2);
        let t0 = Instant::now();
        std::fs::write(&file, edited).expect("writable");
        wait_for_reload(&mut events);
        let elapsed = t0.elapsed();
        let server_says = receiver.try_iter().filter(|l| l.starts_with("rebuilt")).last().unwrap_or_default();
        println!("edit {edit}: reload after {} ms ({server_says})", elapsed.as_millis());
        times.push(elapsed);
        std::thread::sleep(Duration::from_millis(200));
    }
    times.sort();
    println!(
        "edit-to-reload: min {} ms, median {} ms, max {} ms",
        times[0].as_millis(),
        times[times.len() / 2].as_millis(),
        times[times.len() - 1].as_millis()
    );
    println!("after the edits: {}", memory(child.id()));
    let _ = child.kill();
    let _ = child.wait();
}

/// The server's resident memory now and at its peak, as Linux reports it (the preview
/// holds what it serves; this is what an archivist's machine must have free).
fn memory(pid: u32) -> String {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        let line = status.lines().find(|l| l.starts_with(name)).unwrap_or_default();
        let kib: u64 = line.split_whitespace().nth(1).and_then(|n| n.parse().ok()).unwrap_or(0);
        kib / 1024
    };
    format!("resident {} MiB, peak {} MiB", field("VmRSS:"), field("VmHWM:"))
}

fn wait_for_reload(events: &mut impl BufRead) {
    let mut line = String::new();
    loop {
        line.clear();
        events.read_line(&mut line).expect("the event stream stays open");
        if line.trim() == "event: reload" {
            return;
        }
    }
}

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}
