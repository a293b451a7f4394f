//! The command line: parse arguments, run a command, print its problems, set the exit code.

use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand};

use crate::config::Overrides;
use crate::diagnostic::Problems;
use crate::links::external::{Asked, Tally};
use crate::pipeline::{self, Options, Progress, Stop};

mod import;
mod say;
use import::{import, ImportArgs};
use say::Say;

#[derive(Parser)]
#[command(name = "diptych", version, about = "Builds a bilingual transcript archive into a static website")]
struct Cli {
    /// The site's folder (where site.yaml is); by default this folder, or the nearest
    /// one above it that holds a site.yaml.
    #[arg(short, long, global = true)]
    root: Option<PathBuf>,
    /// Print errors only: no warnings, no summary.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Print more: how long each stage of a build took.
    #[arg(short, long, global = true)]
    verbose: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into its output folder (`public/` unless site.yaml says otherwise).
    Build(BuildArgs),
    /// Preview the site: build it into memory, serve it, rebuild and reload on every change.
    Serve {
        /// The port to listen on (0: any free port).
        #[arg(short, long, default_value_t = 1111)]
        port: u16,
        /// The address to listen on; loopback unless you mean to share the preview.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the site in a browser.
        #[arg(long)]
        open: bool,
        /// Include transcripts marked `draft: true`.
        #[arg(long)]
        drafts: bool,
    },
    /// Turn a raw transcript (plain text) into the source format, repairing page-break damage.
    Import(ImportArgs),
    /// Create a new site in DIR (new, empty, or a fresh repository) that builds at once.
    Init {
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Also copy the built-in theme into DIR/themes/archive, to customize it.
        #[arg(long)]
        with_theme: bool,
        /// Add the site's files to a folder that holds others (no file is replaced).
        #[arg(long)]
        force: bool,
        /// The repository the GitHub Pages workflow installs diptych from (a fork).
        #[arg(long, value_name = "URL")]
        diptych_from: Option<String>,
    },
    /// Check the whole site without writing anything: errors, then warnings.
    Check {
        /// Include transcripts marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Also ask other sites whether the addresses the sources link to still lead
        /// to a page (`source_url`, media, links in the text, the menu and footer).
        #[arg(long)]
        external: bool,
        /// How long, in seconds, one such address may take to answer.
        #[arg(long, value_name = "SECONDS", default_value_t = 20, requires = "external")]
        timeout: u64,
        /// Do not ask for addresses that start with this (a site that turns programs
        /// away); may be given more than once.
        #[arg(long, value_name = "PREFIX", requires = "external")]
        skip: Vec<String>,
    },
    /// Write the skeleton of a new source file.
    #[command(subcommand)]
    New(New),
    /// Print a shell's completion script for diptych (e.g. `diptych completions bash > /etc/bash_completion.d/diptych`).
    Completions { shell: clap_complete::Shell },
}

#[derive(Subcommand)]
enum New {
    /// A transcript in every language of the site, with the same section ids in each:
    /// `diptych new transcript 2024/0308-briefing` writes content/2024/0308-briefing.LANG.md.
    Transcript {
        /// The transcript's path under content/, without the language and `.md`.
        path: PathBuf,
        /// Its date (YYYY-MM-DD); default: the date its path is named for, or today.
        #[arg(long, value_parser = parse_date)]
        date: Option<chrono::NaiveDate>,
    },
}

#[derive(clap::Args)]
struct BuildArgs {
    /// Write the site here instead of site.yaml's `output_dir`.
    #[arg(short, long)]
    output_dir: Option<PathBuf>,
    /// Use this base URL instead of site.yaml's (e.g. http://127.0.0.1:8000/ to preview).
    #[arg(long)]
    base_url: Option<String>,
    /// Leave out the search index (faster; the search page will find nothing).
    #[arg(long)]
    no_search: bool,
    /// Print how long each stage took.
    #[arg(long)]
    timings: bool,
    /// Include transcripts marked `draft: true`.
    #[arg(long)]
    drafts: bool,
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let say = Say::new(&cli);
    let site = || site_root(cli.root.clone(), say);
    match cli.command {
        Command::Build(args) => build(&site(), args, say),
        Command::Serve { port, bind, open, drafts } => {
            let options = crate::serve::ServeOptions { root: site(), bind, port, open, drafts };
            match crate::serve::run(options) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Import(args) => import(&args, say),
        Command::Init { dir, with_theme, force, diptych_from } => {
            let options = crate::init::InitOptions { with_theme, force, diptych_from };
            // `--root . init .` is `.`, not `./.`, in what init says.
            let root = cli.root.unwrap_or_else(|| PathBuf::from("."));
            let target: PathBuf = root.join(&dir).components().filter(|c| *c != Component::CurDir).collect();
            let target = if target.as_os_str().is_empty() { PathBuf::from(".") } else { target };
            init(&target, &dir, &options, say)
        }
        Command::Check { drafts, external, timeout, skip } => {
            let timeout = std::time::Duration::from_secs(timeout.max(1));
            let external = external.then_some(Asked { timeout, skip });
            check(&site(), drafts, external, say)
        }
        Command::New(New::Transcript { path, date }) => {
            let today = chrono::Local::now().date_naive();
            match crate::init::new_transcript(&site(), &path, date, today) {
                Ok(written) => {
                    written.iter().for_each(|f| say.info(&format!("created  {}", f.display())));
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    say.error(&e);
                    ExitCode::FAILURE
                }
            }
        }
        Command::Completions { shell } => {
            clap_complete::generate(
                shell,
                &mut <Cli as clap::CommandFactory>::command(),
                "diptych",
                &mut std::io::stdout(),
            );
            ExitCode::SUCCESS
        }
    }
}

/// The site's folder: the one given, else this one if it holds a site.yaml, else the
/// nearest above it that does (as git and cargo find their repository from a
/// subfolder), said so that a build's output is not looked for in the wrong place.
fn site_root(given: Option<PathBuf>, say: Say) -> PathBuf {
    let here = PathBuf::from(".");
    if let Some(given) = given {
        return given;
    }
    let Ok(cwd) = std::env::current_dir() else { return here };
    if cwd.join(crate::config::CONFIG_FILE).is_file() {
        return here;
    }
    match cwd.ancestors().skip(1).position(|dir| dir.join(crate::config::CONFIG_FILE).is_file()) {
        Some(up) => {
            let root: PathBuf = std::iter::repeat_n("..", up + 1).collect();
            say.info(&format!(
                "the site is {}, the nearest folder with a site.yaml; paths below are from there",
                root.display()
            ));
            root
        }
        None => here,
    }
}

/// `diptych check`: every problem, and how the check ended, in one line.
fn check(root: &Path, drafts: bool, external: Option<Asked>, say: Say) -> ExitCode {
    let progress = Arc::new(Progress::default());
    let options = Options { drafts, progress: Some(progress.clone()), ..Options::default() };
    let checked =
        show_progress(&progress, "addresses", say, || pipeline::check_with(root, &options, external.as_ref()));
    let pipeline::Checked { problems, unchanged, external: tally } = checked;
    say.problems(&problems);
    if say.verbose && unchanged > 0 {
        say.info(&format!("{unchanged} of the pages unchanged since the last build or check: not drawn again"));
    }
    match tally {
        Some(tally) => say.info(&external_summary(&tally)),
        None if external.is_some() => say.info("links to other sites not checked: the site has errors to mend first"),
        None => {}
    }
    say.info(&count_of(&problems));
    if problems.has_errors() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// What a check of links to other sites did, in one line.
fn external_summary(tally: &Tally) -> String {
    let n = |count: usize, one: &str, many: &str| match count {
        1 => format!("1 {one}"),
        n => format!("{n} {many}"),
    };
    let (asked, sites) = (n(tally.asked, "address", "addresses"), n(tally.sites, "site", "sites"));
    let mut line = format!("asked for {asked} on {sites} in {:.1} s", tally.took.as_secs_f64());
    if tally.remembered > 0 {
        let remembered = n(tally.remembered, "other was", "others were");
        line.push_str(&format!("; {remembered} found working in the last day, and not asked again"));
    }
    if tally.skipped > 0 {
        line.push_str(&format!("; {} left out by --skip", n(tally.skipped, "address", "addresses")));
    }
    line
}

/// "no errors, 2 warnings": how a run ended, in one line.
fn count_of(problems: &Problems) -> String {
    let n = |count: usize, one: &str| match count {
        0 => format!("no {one}s"),
        1 => format!("1 {one}"),
        n => format!("{n} {one}s"),
    };
    format!("{}, {}", n(problems.errors.len(), "error"), n(problems.warnings.len(), "warning"))
}

/// `diptych build`: Ctrl-C (or SIGTERM) stops the build between pages, so the staging
/// folder is cleaned up and the previous output stays; a second one ends it at once.
fn build(root: &Path, args: BuildArgs, say: Say) -> ExitCode {
    let BuildArgs { output_dir, base_url, no_search, timings, drafts } = args;
    let stop = Arc::new(Stop::default());
    let asked = stop.clone();
    let _ = ctrlc::set_handler(move || {
        if asked.ask() {
            asked.abandon();
            std::process::exit(130);
        }
    });
    let overrides = Overrides { base_url, output_dir };
    let progress = Arc::new(Progress::default());
    let options = Options { drafts, overrides, no_search, stop: Some(stop.clone()), progress: Some(progress.clone()) };
    let (summary, problems) = show_progress(&progress, "pages", say, || pipeline::build(root, &options));
    if summary.is_none() && stop.asked() {
        say.error(&"error: interrupted; the previous output, if any, is unchanged");
        return ExitCode::from(130);
    }
    say.problems(&problems);
    match summary {
        Some(s) => {
            let secs = s.elapsed.as_secs_f64();
            if timings || say.verbose {
                for (stage, took) in &s.timings.stages {
                    eprintln!("{:>8.0} ms  {stage}", took.as_secs_f64() * 1000.0);
                }
            }
            let (pages, size, folder) = (s.pages, pipeline::Size(s.bytes), s.output_dir.display());
            // A line of its own, so that the summary's last line reads as it always has.
            if s.unchanged > 0 {
                say.info(&format!("{} of the pages unchanged since the last build: left as they were", s.unchanged));
            }
            say.info(&format!("built {pages} pages in {secs:.2} s into {folder} ({size})"));
            ExitCode::SUCCESS
        }
        None => {
            say.error(&format!("failed: {}; the previous output, if any, is unchanged", count_of(&problems)));
            ExitCode::FAILURE
        }
    }
}

/// Runs `work`, showing how many pages are made on a progress line when it takes
/// more than a second and standard error is a terminal (never when quiet).
fn show_progress<T: Send>(progress: &Progress, what: &str, say: Say, work: impl FnOnce() -> T + Send) -> T {
    use std::sync::atomic::Ordering;
    use std::sync::mpsc::RecvTimeoutError;
    // Dropped when the work is done, which wakes the line at once: a plain sleep
    // between updates kept every build waiting up to a tenth of a second at its end.
    let (done, finished) = std::sync::mpsc::channel::<()>();
    std::thread::scope(|scope| {
        let shown = scope.spawn(move || {
            let started = std::time::Instant::now();
            let bar = indicatif::ProgressBar::hidden();
            while finished.recv_timeout(std::time::Duration::from_millis(100)) == Err(RecvTimeoutError::Timeout) {
                let total = progress.total.load(Ordering::Relaxed) as u64;
                if bar.is_hidden() && !say.quiet && total > 0 && started.elapsed().as_secs() >= 1 {
                    bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
                    bar.set_style(
                        indicatif::ProgressStyle::with_template(&format!(
                            "{{bar:30}} {{pos}}/{{len}} {what}, {{elapsed}}"
                        ))
                        .expect("a valid template"),
                    );
                }
                bar.set_length(total);
                bar.set_position(progress.done.load(Ordering::Relaxed) as u64);
            }
            bar.finish_and_clear();
        });
        let result = work();
        drop(done);
        let _ = shown.join();
        result
    })
}

/// `diptych init`: what it made, and what to do next.
fn init(dir: &Path, shown: &Path, options: &crate::init::InitOptions, say: Say) -> ExitCode {
    use crate::init::Made;
    match crate::init::init(dir, options) {
        Ok(made) => {
            for m in made {
                match m {
                    Made::Created(f) => say.info(&format!("created  {}", shown.join(f).display())),
                    Made::Extended(f) => {
                        say.info(&format!("extended {} (lines for what diptych builds)", shown.join(f).display()))
                    }
                    Made::Kept(f) => say.info(&format!("kept     {} (it was there already)", shown.join(f).display())),
                }
            }
            let here = shown.as_os_str().is_empty() || shown == Path::new(".");
            let cd = if here { String::new() } else { format!("cd {} && ", shown.display()) };
            say.info(&format!("next: {cd}diptych serve --open"));
            ExitCode::SUCCESS
        }
        Err(e) => {
            say.error(&e);
            ExitCode::FAILURE
        }
    }
}

pub(crate) fn parse_date(s: &str) -> Result<chrono::NaiveDate, String> {
    crate::source::date_from_text(s).ok_or_else(|| format!("`{s}` is not a date; write YYYY-MM-DD"))
}
