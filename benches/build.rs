//! Build benchmark: times whole `diptych build` runs, with the search index and
//! without, and Hugo and Zola on the same content when `hugo` or `zola` is on PATH,
//! in alternating rounds; prints each one's wall time, pages per second, peak memory
//! and bytes of output per transcript, checks diptych's sitemap against the
//! protocol's limits, and gives diptych's wall and CPU time as a ratio of each
//! peer's. Not a test: nothing here passes or fails on time.
//!
//!     cargo bench --bench build                       # 1000 transcripts, 5 rounds
//!     BENCH_TRANSCRIPTS=10000 BENCH_RUNS=3 cargo bench --bench build
//!
//! The corpus comes from `gen_corpus.py` in the shared folder beside the project when
//! it is there (`BENCH_GEN=PATH` names another copy): it writes the same archive for
//! diptych, for Hugo and for Zola. Without it the project's own generator is used, for diptych
//! alone. Everything goes to /dev/shm when it exists, so the disk is not what is
//! measured. Two rounds of warm-up come first: from the second build on, diptych
//! fills its spare folder and finds its term cache and its ranking of related sections
//! (`.diptych-cache/terms.bin` and `related.bin`), as it does for anyone who builds
//! more than once, and takes its search index from the last build when the pages are
//! the same (`search.bin`). "index made again" removes that first, as after an edit;
//! "ranked again" builds without search after removing the ranking,
//! as after an edit to a transcript's text; "no cache" after removing the term cache,
//! the ranking, the kept alignments, the kept link scans and the kept pages, as on a
//! fresh clone: every section is segmented and ranked again, every paragraph pair
//! aligned, every page rendered and its links read. The other builds leave the pages
//! whose digests are unchanged as they are (`render/kept.rs`): they share the kept
//! pages, and each has an output folder of its own for its pages to be kept in.

#[path = "support/corpus.rs"]
mod corpus;
#[path = "support/process.rs"]
mod process;

use process::wait_with_usage;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const WARM_UP: usize = 2;
const GEN_CORPUS: &str = "../shared/bench/gen_corpus.py";

fn main() {
    let transcripts: usize = env_or("BENCH_TRANSCRIPTS", 1000);
    let rounds: usize = env_or("BENCH_RUNS", 5);
    let base = if Path::new("/dev/shm").is_dir() { PathBuf::from("/dev/shm") } else { std::env::temp_dir() };
    let work = tempfile::Builder::new().prefix("diptych-bench-").tempdir_in(base).expect("temporary folder");
    let mut contenders = corpora(work.path(), transcripts);
    for round in 1..=WARM_UP + rounds {
        let times: Vec<String> = contenders
            .iter_mut()
            .map(|c| {
                let run = c.run(work.path());
                if round > WARM_UP {
                    c.runs.push(run);
                }
                format!("{} {:.3} s", c.name, run.wall.as_secs_f64())
            })
            .collect();
        let label = if round > WARM_UP { format!("round {}", round - WARM_UP) } else { "warm-up".to_string() };
        println!("{label}: {}", times.join(", "));
    }
    report(&contenders);
}

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// Writes the corpus (or corpora) under `work` and returns what to time on it.
fn corpora(work: &Path, transcripts: usize) -> Vec<Contender> {
    let diptych = work.join("diptych");
    let gen = std::env::var_os("BENCH_GEN")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join(GEN_CORPUS));
    let started = Instant::now();
    let shared = gen.is_file() && generate_with(&gen, "diptych", &diptych, transcripts);
    if !shared {
        std::fs::create_dir_all(&diptych).expect("corpus folder");
        corpus::generate(&diptych, transcripts);
    }
    // Each variant builds into a folder of its own, so each keeps its own spare.
    let built = |name: &str, extra: &[&str], output: &str| {
        let mut args = vec!["build".to_string(), "--root".to_string(), diptych.display().to_string()];
        args.extend(extra.iter().chain(&["--output-dir", output]).map(|a| a.to_string()));
        let program = env!("CARGO_BIN_EXE_diptych").into();
        let output = diptych.join(output);
        Contender { name: name.to_string(), program, args, output, fresh: vec![], runs: vec![], transcripts }
    };
    let cache = diptych.join(diptych::cache::FOLDER);
    // As after an edit to a transcript's text: every section ranked again.
    let ranked = Contender {
        fresh: vec![cache.join(diptych::cache::RANKING_FILE)],
        ..built("diptych --no-search, ranked again", &["--no-search"], "public-ranked")
    };
    let cold = Contender {
        fresh: [
            diptych::cache::TERMS_FILE,
            diptych::cache::RANKING_FILE,
            diptych::cache::ALIGNED_FILE,
            diptych::cache::LINKS_FILE,
            diptych::cache::PAGES_FILE,
        ]
        .map(|name| cache.join(name))
        .to_vec(),
        ..built("diptych --no-search, no cache", &["--no-search"], "public-cold")
    };
    let lean = built("diptych --no-search", &["--no-search"], "public-lean");
    // As after an edit, with the search index: the index made again.
    let reindexed = Contender {
        fresh: vec![cache.join(diptych::cache::SEARCH_FILE)],
        ..built("diptych, index made again", &[], "public-reindexed")
    };
    let mut contenders = vec![built("diptych", &[], "public-full"), reindexed, lean, ranked, cold];
    for peer in PEERS {
        match peer.contender(work, shared.then_some(gen.as_path()), transcripts) {
            Ok(c) => contenders.push(c),
            Err(why) => println!("{}: {why}; left out", peer.program),
        }
    }
    let source = if shared { gen.display().to_string() } else { "benches/support/corpus.rs".to_string() };
    println!(
        "corpus: {transcripts} transcripts from {source} in {:.1} s, at {}",
        started.elapsed().as_secs_f64(),
        work.display()
    );
    contenders
}

/// Another generator timed on the same content, when it is installed.
struct Peer {
    program: &'static str,
    /// Its arguments to print its version.
    version: &'static [&'static str],
    /// Its arguments to build the site at the folder given, into `public` there.
    build: fn(&Path) -> Vec<String>,
}

const PEERS: &[Peer] = &[
    Peer {
        program: "hugo",
        version: &["version"],
        build: |site| strings(&["-s", &site.display().to_string(), "--quiet"]),
    },
    Peer {
        program: "zola",
        version: &["--version"],
        build: |site| strings(&["--root", &site.display().to_string(), "build", "--force"]),
    },
];

fn strings(args: &[&str]) -> Vec<String> {
    args.iter().map(|a| a.to_string()).collect()
}

impl Peer {
    /// The peer's corpus written under `work` in its format, and the command to time.
    fn contender(&self, work: &Path, gen: Option<&Path>, transcripts: usize) -> Result<Contender, String> {
        let version = Command::new(self.program).args(self.version).output().ok().filter(|o| o.status.success());
        let version = version.ok_or("not installed")?;
        let gen = gen.ok_or(format!("needs {GEN_CORPUS} (or BENCH_GEN) for the same content in its format"))?;
        let site = work.join(self.program);
        if !generate_with(gen, self.program, &site, transcripts) {
            return Err(format!("{} did not write its corpus", gen.display()));
        }
        let version = String::from_utf8_lossy(&version.stdout);
        Ok(Contender {
            name: version.split_whitespace().take(2).collect::<Vec<_>>().join(" "),
            program: self.program.into(),
            args: (self.build)(&site),
            output: site.join("public"),
            fresh: vec![],
            runs: vec![],
            transcripts,
        })
    }

    fn is(&self, c: &Contender) -> bool {
        c.program == Path::new(self.program)
    }
}

/// Runs `gen_corpus.py` with the options the peers were measured with in issue 8.
fn generate_with(gen: &Path, format: &str, out: &Path, transcripts: usize) -> bool {
    let status = Command::new("python3")
        .arg(gen)
        .args(["--transcripts", &transcripts.to_string(), "--sections", "8", "--seed", "1", "--format", format])
        .arg("--out")
        .arg(out)
        .stdout(Stdio::null())
        .status();
    status.is_ok_and(|s| s.success())
}

/// A command to time, and its runs so far.
struct Contender {
    name: String,
    program: PathBuf,
    args: Vec<String>,
    /// Where it writes its site, to count the pages.
    output: PathBuf,
    /// Files removed before each run.
    fresh: Vec<PathBuf>,
    runs: Vec<Run>,
    transcripts: usize,
}

#[derive(Clone, Copy)]
struct Run {
    wall: Duration,
    cpu: Duration,
    peak_kib: i64,
    pages: usize,
    /// Bytes of every file in the output.
    bytes: u64,
}

impl Contender {
    // The child is waited for with wait4, which alone reports its own peak memory.
    #[allow(clippy::zombie_processes)]
    fn run(&self, work: &Path) -> Run {
        for file in &self.fresh {
            let _ = std::fs::remove_file(file);
        }
        let log = work.join("last-run.log");
        let out = std::fs::File::create(&log).expect("log file");
        let started = Instant::now();
        let child = Command::new(&self.program)
            .args(&self.args)
            .stdin(Stdio::null())
            .stdout(out.try_clone().expect("log file"))
            .stderr(out)
            .spawn()
            .unwrap_or_else(|e| panic!("{} does not start: {e}", self.name));
        let (ok, peak_kib, cpu) = wait_with_usage(child.id());
        let wall = started.elapsed();
        assert!(ok, "{} failed:\n{}", self.name, std::fs::read_to_string(&log).unwrap_or_default());
        let (pages, bytes) = html_pages_and_bytes(&self.output);
        Run { wall, cpu, peak_kib, pages, bytes }
    }
}

/// HTML pages in a site folder, and the bytes of all its files: counted the same way
/// for every generator.
fn html_pages_and_bytes(dir: &Path) -> (usize, u64) {
    let files = walkdir::WalkDir::new(dir).into_iter().filter_map(Result::ok).filter(|e| e.file_type().is_file());
    files.fold((0, 0), |(pages, bytes), e| {
        let html = e.path().extension().is_some_and(|x| x == "html");
        (pages + usize::from(html), bytes + e.metadata().map_or(0, |m| m.len()))
    })
}

/// What a search engine would find wrong with the site's sitemap: each sitemap file
/// at most 50,000 URLs and 50 MB (the protocol's limits), and well-formed XML.
fn sitemap_check(output: &Path) -> String {
    let read = |name: &str| std::fs::read_to_string(output.join(name)).map_err(|e| format!("{name}: {e}"));
    let check = || -> Result<String, String> {
        let top = read("sitemap.xml")?;
        let files: Vec<String> = if top.contains("<sitemapindex") {
            locs(&top)?.iter().map(|url| url.rsplit('/').next().unwrap_or_default().to_string()).collect()
        } else {
            vec!["sitemap.xml".to_string()]
        };
        let (mut urls, mut largest) = (0, (0, 0));
        for name in &files {
            let xml = read(name)?;
            let n = locs(&xml)?.len();
            if n > 50_000 || xml.len() > 50 * 1024 * 1024 {
                return Err(format!("{name}: {n} URLs, {} bytes: over the protocol's limits", xml.len()));
            }
            urls += n;
            largest = largest.max((n, xml.len()));
        }
        Ok(format!(
            "{} file(s), {urls} URLs, the largest {} URLs in {:.1} MB: valid",
            files.len(),
            largest.0,
            largest.1 as f64 / 1e6
        ))
    };
    check().unwrap_or_else(|e| format!("INVALID: {e}"))
}

/// The `<loc>` values of a sitemap or sitemap index, which must parse as XML.
fn locs(xml: &str) -> Result<Vec<String>, String> {
    let doc = roxmltree::Document::parse(xml).map_err(|e| e.to_string())?;
    let loc = doc.descendants().filter(|n| n.has_tag_name("loc"));
    Ok(loc.filter_map(|n| n.text()).map(str::to_string).collect())
}

fn report(contenders: &[Contender]) {
    let width = contenders.iter().map(|c| c.name.len()).max().unwrap_or(0);
    println!(
        "\n{:<width$} {:>26} {:>8} {:>9} {:>10} {:>13}",
        "", "wall s: min / median / max", "pages", "pages/s", "peak MiB", "KB/transcript"
    );
    for c in contenders {
        let mut walls: Vec<f64> = c.runs.iter().map(|r| r.wall.as_secs_f64()).collect();
        walls.sort_by(f64::total_cmp);
        let median = walls[walls.len() / 2];
        let (pages, bytes) = c.runs.last().map_or((0, 0), |r| (r.pages, r.bytes));
        let peak = c.runs.iter().map(|r| r.peak_kib).max().unwrap_or(0) as f64 / 1024.0;
        let spread = format!("{:.3} / {median:.3} / {:.3}", walls[0], walls[walls.len() - 1]);
        let per_transcript = bytes as f64 / 1000.0 / c.transcripts as f64;
        let rate = pages as f64 / median;
        println!("{:<width$} {spread:>26} {pages:>8} {rate:>9.0} {peak:>10.1} {per_transcript:>13.1}", c.name);
    }
    if let Some(full) = contenders.first() {
        println!("sitemap of {}: {}", full.name, sitemap_check(&full.output));
    }
    for peer in contenders.iter().filter(|c| PEERS.iter().any(|p| p.is(c))) {
        for c in contenders.iter().filter(|c| !PEERS.iter().any(|p| p.is(c))) {
            let (wall, cpu) = (median_ratio(c, peer, |r| r.wall), median_ratio(c, peer, |r| r.cpu));
            println!("{} / {}: wall {wall:.2}, CPU {cpu:.2} (medians of per-round ratios)", c.name, peer.name);
        }
    }
}

/// The median of the per-round ratios of wall times: rounds alternate, so a ratio
/// holds while the machine's speed drifts.
fn median_ratio(a: &Contender, b: &Contender, time: fn(&Run) -> Duration) -> f64 {
    let mut ratios: Vec<f64> =
        a.runs.iter().zip(&b.runs).map(|(x, y)| time(x).as_secs_f64() / time(y).as_secs_f64()).collect();
    ratios.sort_by(f64::total_cmp);
    ratios[ratios.len() / 2]
}
