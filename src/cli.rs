//! The command line: parse arguments, run a command, print its problems, set the exit code.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand};

use crate::config::Overrides;
use crate::diagnostic::Problems;
use crate::pipeline::{self, Options, Stop};

#[derive(Parser)]
#[command(name = "diptych", version, about = "Builds a bilingual transcript archive into a static website")]
struct Cli {
    /// The site's folder (where site.yaml is).
    #[arg(short, long, global = true, default_value = ".")]
    root: PathBuf,
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
    Import {
        /// The raw transcript.
        file: PathBuf,
        /// Its language: zh or en.
        #[arg(long)]
        lang: String,
        /// The date (YYYY-MM-DD), when the text names no year.
        #[arg(long, value_parser = parse_date)]
        date: Option<chrono::NaiveDate>,
        /// Write here instead of to standard output.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Print what was found (sections, turns, repairs) and write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Create a new site in DIR (empty or new) that builds at once.
    Init {
        dir: PathBuf,
        /// Also copy the built-in theme into DIR/themes/archive, to customize it.
        #[arg(long)]
        with_theme: bool,
    },
    /// Check the whole site without writing anything: errors, then warnings.
    Check {
        /// Include transcripts marked `draft: true`.
        #[arg(long)]
        drafts: bool,
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
    match cli.command {
        Command::Build(args) => build(&cli.root, args),
        Command::Serve { port, bind, open, drafts } => {
            let options = crate::serve::ServeOptions { root: cli.root.clone(), bind, port, open, drafts };
            match crate::serve::run(options) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Import { file, lang, date, output, dry_run } => import(&file, &lang, date, output.as_deref(), dry_run),
        Command::Init { dir, with_theme } => match crate::init::init(&cli.root.join(&dir), with_theme) {
            Ok(files) => {
                for file in files {
                    eprintln!("created {}", dir.join(file).display());
                }
                eprintln!("next: cd {} && diptych build", dir.display());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("{e}");
                ExitCode::FAILURE
            }
        },
        Command::Check { drafts } => {
            let problems = pipeline::check(&cli.root, &Options { drafts, ..Options::default() });
            print(&problems);
            if problems.has_errors() {
                return fail(&problems);
            }
            eprintln!("no errors, {} warning(s)", problems.warnings.len());
            ExitCode::SUCCESS
        }
    }
}

/// `diptych build`: Ctrl-C (or SIGTERM) stops the build between pages, so the staging
/// folder is cleaned up and the previous output stays; a second one ends it at once.
fn build(root: &Path, args: BuildArgs) -> ExitCode {
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
    let options = Options { drafts, overrides, no_search, stop: Some(stop.clone()) };
    let (summary, problems) = pipeline::build(root, &options);
    if summary.is_none() && stop.asked() {
        eprintln!("interrupted; the previous output, if any, is unchanged");
        return ExitCode::from(130);
    }
    print(&problems);
    match summary {
        Some(s) => {
            let secs = s.elapsed.as_secs_f64();
            if timings {
                for (stage, took) in &s.timings.stages {
                    eprintln!("{:>8.0} ms  {stage}", took.as_secs_f64() * 1000.0);
                }
            }
            eprintln!("built {} pages in {secs:.2} s into {}", s.pages, s.output_dir.display());
            ExitCode::SUCCESS
        }
        None => fail(&problems),
    }
}

fn parse_date(s: &str) -> Result<chrono::NaiveDate, String> {
    crate::source::date_from_text(s).ok_or_else(|| format!("`{s}` is not a date; write YYYY-MM-DD"))
}

/// Repairs go to standard error, with the input file and line, for a person to review;
/// the transcript goes to the output file or standard output.
fn import(file: &Path, lang: &str, date: Option<chrono::NaiveDate>, output: Option<&Path>, dry_run: bool) -> ExitCode {
    let text = match std::fs::read(file) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(e) => {
            eprintln!("{}: error: cannot read this file: {e}", file.display());
            return ExitCode::FAILURE;
        }
    };
    let imported = match crate::import::import(file, &text, lang, date) {
        Ok(i) => i,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    for repair in &imported.repairs {
        eprintln!("{}:{}: repair: {repair}", file.display(), repair.line());
    }
    if dry_run {
        print!("{}", imported.transcript.outline());
        println!("repairs:  {}", imported.repairs.len());
        return ExitCode::SUCCESS;
    }
    let markdown = imported.transcript.to_markdown(lang);
    match output {
        None => print!("{markdown}"),
        Some(path) => {
            if let Err(e) = path
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .map_or(Ok(()), std::fs::create_dir_all)
                .and_then(|()| std::fs::write(path, markdown))
            {
                eprintln!("{}: error: cannot write: {e}", path.display());
                return ExitCode::FAILURE;
            }
            eprintln!("wrote {}", path.display());
        }
    }
    ExitCode::SUCCESS
}

fn print(problems: &Problems) {
    for e in &problems.errors {
        eprintln!("{e}");
    }
    for w in &problems.warnings {
        eprintln!("{w}");
    }
}

fn fail(problems: &Problems) -> ExitCode {
    eprintln!("failed: {} error(s); the previous output, if any, is unchanged", problems.errors.len());
    ExitCode::FAILURE
}
