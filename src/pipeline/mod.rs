//! The pipeline: site.yaml → sources → archive → related sections → theme → manifest
//! → outputs → the output folder. Each stage takes plain data and returns plain data,
//! adding what it finds to `Problems`. `check` runs the same stages and makes every
//! page, but writes nothing.

use std::path::Path;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::Instant;

use crate::cache::sources::{self, ParsedSources};
use crate::config;
use crate::diagnostic::{Error, ErrorKind, Location, Problems, TranscriptsFit, Warning, WarningKind};
use crate::generate::{self, Site};
use crate::related;
use crate::{archive, output, plan, standalone, theme};

pub use crate::run::{Options, Progress, Size, Stop, Summary, Timings};
pub use writes_nothing::{check, check_with, outputs, Checked};

mod writes_nothing;

/// Runs every stage up to the manifest. `kept` holds what earlier builds parsed
/// (`serve`); with `previous`, the last good site, related sections are carried over
/// from it. Returns the site if no stage found an error.
pub fn load(
    root: &Path,
    options: &Options,
    kept: &mut ParsedSources,
    previous: Option<&Site>,
    problems: &mut Problems,
) -> Option<(Site, Timings)> {
    let mut timings = Timings::start();
    let config = config::load(root, &options.overrides).map_err(|e| problems.errors.extend(e)).ok()?;
    problems.warnings.extend(config.warnings.iter().cloned());
    if let Some(link) = crate::cache::link_in(root) {
        problems.errors.push(Error::nowhere(ErrorKind::CacheHasLink { link: config.display_path(&link) }));
        return None;
    }
    let related = related::Origin::prepare(root, previous.map(|p| (&p.archive, &p.related)));
    let parsed = sources::read_all(&config, options.drafts, kept, problems);
    timings.mark("read and parse sources");
    let pages = standalone::read_all(&config, options.drafts, problems);
    let archive = archive::assemble(&config, parsed, pages, problems);
    timings.mark("pair translations, topics, speakers");
    let related = related.of(&archive);
    timings.mark("related sections");
    let (theme, warnings) = theme::load(&config).map_err(|e| problems.errors.extend(e)).ok()?;
    problems.warnings.extend(warnings);
    // A manifest only makes sense for a clean archive: a file with a duplicate section
    // id would otherwise be reported a second time as a clash of output paths.
    if problems.has_errors() {
        return None;
    }
    let manifest = plan::Manifest::new(&config, &archive, &theme, !options.no_search);
    let manifest = manifest.map_err(|e| problems.errors.extend(e)).ok()?;
    timings.mark("theme and manifest");
    Some((Site { config, archive, related, theme, manifest }, timings))
}

/// Builds the site into its output folder. On any error the previous output is untouched.
pub fn build(root: &Path, options: &Options) -> (Option<Summary>, Problems) {
    let started = Instant::now();
    let mut problems = Problems::default();
    let loaded = load(root, options, &mut ParsedSources::default(), None, &mut problems);
    let summary = loaded.and_then(|(site, mut timings)| {
        let written = write(&site, options, &mut timings);
        let output_dir = site.config.output_dir.clone();
        let (pages, transcripts) = (site.manifest.pages.len(), site.archive.transcripts.len());
        let shown = site.config.display_path(&output_dir);
        // The process ends right after; freeing the archive's millions of small
        // allocations would only delay it (docs/performance.md).
        std::thread::spawn(move || drop(site));
        let (bytes, unchanged) = written.map_err(|errors| problems.errors.extend(errors)).ok()?;
        problems.warnings.extend(over_pages_limit(bytes, transcripts, &shown));
        Some(Summary { pages, unchanged, bytes, output_dir, elapsed: started.elapsed(), timings })
    });
    problems.sort();
    (summary, problems)
}

/// Makes every output into a staging folder, then swaps it in for the old output.
/// Returns how many bytes the output folder holds, and how many pages were found
/// unchanged since the last build (kept as they were, not rendered).
fn write(site: &Site, options: &Options, timings: &mut Timings) -> Result<(u64, usize), Vec<Error>> {
    let whole = site.manifest.search.then_some(plan::SEARCH_DIR);
    let staging = output::Staging::create(&site.config, (&site.manifest.paths(), whole), options.stop.as_ref());
    let staging = staging.map_err(|e| vec![e])?;
    timings.mark("prepare the output folder");
    let (stop, progress) = (options.stop.as_deref(), options.progress.as_deref());
    let previous = Some(site.config.output_dir.as_path());
    let filling = Filling { staging: &staging, written: AtomicU64::new(0), unchanged: AtomicUsize::new(0) };
    let reading = generate::Reading::Ignored;
    generate::everything(site, (stop, progress), (previous, Some(&filling)), reading, &|path, bytes, fingerprint| {
        filling.written.fetch_add(bytes.len() as u64, Ordering::Relaxed);
        staging.write_file(path, &bytes, fingerprint)
    })?;
    timings.mark("render, check links, write, search index");
    let (written, unchanged) = (filling.written.into_inner(), filling.unchanged.into_inner());
    let marker = staging.commit().map_err(|e| vec![e])?;
    timings.mark("swap the new output into place");
    Ok((written + marker, unchanged))
}

/// The folder a build fills, as what it already holds: counted as written, and its
/// pages as unchanged.
struct Filling<'s> {
    staging: &'s output::Staging,
    written: AtomicU64,
    unchanged: AtomicUsize,
}

impl generate::Held for Filling<'_> {
    fn page(&self, file: &str, fingerprint: output::Fingerprint) -> bool {
        let held = self.staging.keep_file(file, fingerprint);
        if held {
            self.written.fetch_add(fingerprint.size(), Ordering::Relaxed);
            self.unchanged.fetch_add(1, Ordering::Relaxed);
        }
        held
    }

    fn index(&self, files: &[(&str, output::Fingerprint)]) -> Result<bool, Error> {
        let held = self.staging.keep_whole(files)?;
        if held {
            self.written.fetch_add(files.iter().map(|(_, print)| print.size()).sum(), Ordering::Relaxed);
        }
        Ok(held)
    }
}

/// The size GitHub Pages supports for a published site: 1 GB, as its documentation
/// states it. Its upload step refuses only past 10 GB, but says a deployment past
/// 1 GB may fail, and larger ones often run out of its time.
const PAGES_LIMIT: u64 = 1_000_000_000;

/// A warning, at the output folder, when a site of `bytes` is larger than GitHub Pages
/// supports, saying how many transcripts of its size would fit there.
fn over_pages_limit(bytes: u64, transcripts: usize, output_dir: &Path) -> Option<Warning> {
    if bytes <= PAGES_LIMIT {
        return None;
    }
    let fit = (transcripts > 0).then(|| {
        let each = (bytes / transcripts as u64).max(1);
        TranscriptsFit { each: Size(each), count: PAGES_LIMIT / each }
    });
    let kind = WarningKind::OverPagesLimit { size: Size(bytes), fit };
    Some(Warning { at: Location::file(output_dir), kind })
}

#[cfg(test)]
mod tests;
