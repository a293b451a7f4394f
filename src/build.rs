//! The pipeline: site.yaml → sources → Markdown → archive → page plan → pages on disk.
//! `check` runs the same stages and renders every page, but writes nothing.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;
use rustc_hash::FxHashSet;

use crate::archive::{self, Archive};
use crate::config::{self, Config};
use crate::diagnostic::{Error, ErrorKind, Location, Problems};
use crate::links::{self, PageLinks, Targets};
use crate::markdown::Document;
use crate::output::{self, Staging};
use crate::render::{self, Page, Site};
use crate::source::SourceFile;
use crate::theme::{self, Theme};
use crate::{markdown, related, search, source};

#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Include transcripts marked `draft: true`.
    pub drafts: bool,
    /// Overrides `output_dir` from site.yaml.
    pub output_dir: Option<PathBuf>,
    /// Overrides `base_url` from site.yaml (for a preview, or a deployment's own URL).
    pub base_url: Option<String>,
    /// Leave out the search index: a faster build, for drafts and benchmarks.
    pub no_search: bool,
    /// Set (by a Ctrl-C handler) to stop the build: it then ends with an error, leaving
    /// the previous output as it was and no temporary folder behind.
    pub stop: Option<Arc<AtomicBool>>,
}

/// A site read, checked and linked, with its page plan: everything needed to render.
pub struct Loaded {
    pub config: Config,
    pub archive: Archive,
    pub theme: Theme,
    pub pages: Vec<Page>,
    pub timings: Timings,
    stop: Option<Arc<AtomicBool>>,
}

impl Loaded {
    /// An error if the build was asked to stop.
    fn check_stop(&self) -> Result<(), Error> {
        match &self.stop {
            Some(flag) if flag.load(Ordering::Relaxed) => Err(Error::new(
                Location::file(self.config.display_path(&self.config.output_dir)),
                ErrorKind::Interrupted,
            )),
            _ => Ok(()),
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
    fn start() -> Self {
        Timings { stages: Vec::new(), last: Instant::now() }
    }

    /// Records the time since the previous stage ended.
    fn mark(&mut self, stage: &'static str) {
        let now = Instant::now();
        self.stages.push((stage, now - self.last));
        self.last = now;
    }
}

/// Runs every stage up to the page plan. Returns the site if no stage found an error;
/// `problems` holds everything found either way.
pub fn load(root: &Path, options: &Options, problems: &mut Problems) -> Option<Loaded> {
    load_with(root, options, problems, &mut SourceCache::default(), None)
}

/// `load` for a build that follows another (`serve`): unchanged files come from
/// `cache`, and with `previous` the related sections are taken from it instead of
/// being computed again.
pub fn load_with(
    root: &Path,
    options: &Options,
    problems: &mut Problems,
    cache: &mut SourceCache,
    previous: Option<&Archive>,
) -> Option<Loaded> {
    let mut timings = Timings::start();
    let mut config = match config::load(root) {
        Ok(c) => c,
        Err(errors) => {
            problems.errors.extend(errors);
            return None;
        }
    };
    if let Some(url) = &options.base_url {
        config.set_base_url(url);
    }
    if let Some(dir) = &options.output_dir {
        config.output_dir = root.join(dir);
    }
    // Related sections are taken from the previous build, or computed from term counts
    // (cached, or counted with a segmenter whose dictionary loads while sources are read).
    let related_from = match previous {
        Some(previous) => RelatedFrom::Previous(previous),
        None => RelatedFrom::Terms(Box::new(related::Terms::open(root))),
    };
    let documents = read_sources(&config, options.drafts, cache, problems);
    timings.mark("read and parse sources");
    let mut archive = archive::assemble(&config, documents, problems);
    timings.mark("pair translations, topics, speakers");
    match related_from {
        RelatedFrom::Previous(previous) => related::reuse(&mut archive, previous),
        RelatedFrom::Terms(terms) => related::attach(&mut archive, *terms),
    }
    timings.mark("related sections");
    let theme = theme::load(&config).map_err(|errors| problems.errors.extend(errors)).ok()?;
    // The page plan only makes sense for a clean archive: a file with a duplicate
    // section id would otherwise be reported a second time as a URL clash.
    if problems.has_errors() {
        return None;
    }
    let pages = render::plan(&config, &archive).map_err(|e| problems.errors.push(e)).ok()?;
    timings.mark("theme and page plan");
    let stop = options.stop.clone();
    (!problems.has_errors()).then_some(Loaded { config, archive, theme, pages, timings, stop })
}

/// Where a build's related sections come from.
enum RelatedFrom<'a> {
    /// A build of the same archive a moment ago (`serve`).
    Previous(&'a Archive),
    /// Computed afresh, with term counts from the cache or the segmenter.
    Terms(Box<related::Terms>),
}

/// Parsed transcripts kept between builds: a file whose size and modification time
/// are unchanged is not read or parsed again.
#[derive(Default)]
pub struct SourceCache {
    /// Off for a one-off build: keeping a copy of every document would only cost memory.
    keep: bool,
    entries: HashMap<PathBuf, Cached>,
    /// Files read afresh by the last build.
    pub reread: Vec<PathBuf>,
}

impl SourceCache {
    /// A cache that keeps what it reads, for builds that follow one another (`serve`).
    pub fn keeping() -> Self {
        SourceCache { keep: true, ..SourceCache::default() }
    }
}

#[derive(Clone)]
struct Cached {
    stamp: Stamp,
    file: SourceFile,
    doc: Arc<Document>,
    warnings: Vec<crate::diagnostic::Warning>,
}

type Stamp = (std::time::SystemTime, u64);

fn stamp(path: &Path) -> Option<Stamp> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.modified().ok()?, meta.len()))
}

enum Read {
    Cached(Box<Cached>),
    Fresh(Box<Cached>, Vec<Error>),
    Failed(Error),
}

/// Every transcript, read and parsed in parallel (from `cache` where unchanged).
/// Problems are recorded; files that could not be read are left out.
fn read_sources(
    config: &Config,
    drafts: bool,
    cache: &mut SourceCache,
    problems: &mut Problems,
) -> Vec<archive::Parsed> {
    let (candidates, walk_errors) = source::walk(config);
    problems.errors.extend(walk_errors);
    let entries = &cache.entries;
    let reads: Vec<(PathBuf, Read)> = candidates
        .into_par_iter()
        .map(|(path, name, lang)| {
            let stamp = stamp(&path);
            if let Some(hit) = entries.get(&path).filter(|c| Some(c.stamp) == stamp) {
                return (path, Read::Cached(Box::new(hit.clone())));
            }
            let read = match source::read(config, &path, &name, lang) {
                Err(e) => Read::Failed(e),
                Ok(mut file) => {
                    let mut found = Problems::default();
                    let doc = markdown::parse(config, &file, &mut found);
                    // The body is parsed; keeping the raw text would only cost memory.
                    file.body = String::new();
                    let stamp = stamp.unwrap_or((std::time::SystemTime::UNIX_EPOCH, 0));
                    let doc = Arc::new(doc);
                    Read::Fresh(Box::new(Cached { stamp, file, doc, warnings: found.warnings }), found.errors)
                }
            };
            (path, read)
        })
        .collect();
    cache.entries.clear();
    cache.reread.clear();
    let mut documents = Vec::with_capacity(reads.len());
    for (path, read) in reads {
        let entry = match read {
            Read::Failed(e) => {
                problems.errors.push(e);
                continue;
            }
            Read::Cached(entry) => entry,
            Read::Fresh(entry, errors) => {
                cache.reread.push(path.clone());
                if !errors.is_empty() {
                    // A file with errors is read again next time, so its errors are reported again.
                    problems.errors.extend(errors);
                    problems.warnings.extend(entry.warnings.iter().cloned());
                    documents.push((entry.file, entry.doc));
                    continue;
                }
                entry
            }
        };
        problems.warnings.extend(entry.warnings.iter().cloned());
        let wanted = drafts || !entry.file.front.draft;
        if cache.keep {
            if wanted {
                documents.push((entry.file.clone(), entry.doc.clone()));
            }
            cache.entries.insert(path, *entry);
        } else if wanted {
            documents.push((entry.file, entry.doc));
        }
    }
    documents
}

/// Builds the site into its output folder. On any error the previous output is untouched.
pub fn build(root: &Path, options: &Options) -> (Option<Summary>, Problems) {
    let started = Instant::now();
    let mut problems = Problems::default();
    let summary = load(root, options, &mut problems).and_then(|mut site| {
        let written = write(&mut site, !options.no_search);
        let summary = Summary {
            pages: site.pages.len(),
            output_dir: site.config.output_dir.clone(),
            elapsed: started.elapsed(),
            timings: site.timings.clone(),
        };
        // Freeing the archive, millions of small allocations, took 0.4 s at N = 10,000,
        // after the site was written; the command's process ends right after, and the
        // system takes back what is left of its memory at once.
        std::thread::spawn(move || drop(site));
        written.map(|_| summary).map_err(|errors| problems.errors.extend(errors)).ok()
    });
    problems.sort();
    (summary, problems)
}

/// Runs the whole pipeline, rendering every page in memory, and reports all problems.
pub fn check(root: &Path, options: &Options) -> Problems {
    let mut problems = Problems::default();
    if let Some(site) = load(root, options, &mut problems) {
        if let Err(errors) = render_all(&site, &generated_names(&site), |_, _| Ok(None)) {
            problems.errors.extend(errors);
        }
    }
    problems.sort();
    problems
}

fn write(site: &mut Loaded, with_search: bool) -> Result<(), Vec<Error>> {
    let timings = write_files(site, with_search)?;
    site.timings.stages.extend(timings.stages);
    Ok(())
}

fn write_files(site: &Loaded, with_search: bool) -> Result<Timings, Vec<Error>> {
    let mut timings = Timings::start();
    let config = &site.config;
    output::guard(config).map_err(|why| vec![output_error(ErrorKind::UnsafeOutput(why))])?;
    // Feeds and the sitemap go to disk first: only their names are needed after that.
    let generated = generated_names(site);
    let planned = output_files(site, &generated);
    // Clearing the spare is mostly waiting on the file system: the sitemap is made meanwhile.
    let (staging, generated_files) =
        rayon::join(|| Staging::create(&config.output_dir, &planned, &config.root), || generated_files(site));
    let staging = staging.map_err(|e| vec![output_error(ErrorKind::Write(e))])?;
    for (rel, bytes) in generated_files {
        staging.write_file(&rel, &bytes).map_err(|e| vec![output_error(ErrorKind::Write(e))])?;
    }
    let write_page = |page: &Page, html: Vec<u8>| staging.write_file(&page.file(), &html).map(|()| None);
    let write_index = |rel: String, bytes: Vec<u8>| staging.write_file(&rel, &bytes).map_err(|e| format!("{rel}: {e}"));
    with_search_index(site, with_search, write_index, || {
        render_all(site, &generated, |page, html| write_page(page, html).map_err(|e| output_error(ErrorKind::Write(e))))
    })?;
    timings.mark("render, check links, write pages (search index alongside)");
    let statics = site.theme.static_files.iter().map(|(rel, data)| (rel, data.bytes()));
    for (rel, bytes) in statics {
        let written = bytes.and_then(|bytes| staging.write_file(rel, &bytes));
        written.map_err(|e| vec![output_error(ErrorKind::Write(e))])?;
    }
    timings.mark("write static files");
    site.check_stop().map_err(|e| vec![e])?;
    staging.commit().map_err(|e| vec![output_error(ErrorKind::Write(e))])?;
    timings.mark("swap the new output into place");
    Ok(timings)
}

/// Runs `render` while the search index is built on a thread of its own, which hands
/// each index file to `emit`; with `enabled` false, just runs `render`.
fn with_search_index<T>(
    site: &Loaded,
    enabled: bool,
    emit: impl FnMut(String, Vec<u8>) -> Result<(), String> + Send,
    render: impl FnOnce() -> Result<T, Vec<Error>>,
) -> Result<T, Vec<Error>> {
    std::thread::scope(|scope| {
        let renderer = Site::new(&site.config, &site.archive, &site.theme);
        let indexer = enabled.then(|| scope.spawn(move || search::bundle(&renderer, &site.pages, emit)));
        let rendered = render()?;
        if let Some(indexer) = indexer {
            let indexed = indexer.join().unwrap_or_else(|_| Err("the search indexer stopped unexpectedly".to_string()));
            indexed.map_err(|why| vec![output_error(ErrorKind::Search(why))])?;
        }
        Ok(rendered)
    })
}

fn output_error(kind: ErrorKind) -> Error {
    Error::new(Location::file(crate::config::CONFIG_FILE), kind)
}

/// The whole site in memory, output path → bytes: for `serve`, which never writes to disk.
pub fn render_to_memory(site: &Loaded, with_search: bool) -> Result<HashMap<String, Vec<u8>>, Vec<Error>> {
    let generated = generated_files(site);
    let mut search = Vec::new();
    let index = |rel, bytes| {
        search.push((rel, bytes));
        Ok(())
    };
    let pages =
        with_search_index(site, with_search, index, || render_all(site, &names(&generated), |_, html| Ok(Some(html))))?;
    let mut files: HashMap<String, Vec<u8>> = pages.into_iter().collect();
    files.extend(search);
    for (rel, data) in &site.theme.static_files {
        let bytes = data.bytes().map_err(|e| vec![output_error(ErrorKind::Unreadable(e))])?;
        files.insert(rel.clone(), bytes.into_owned());
    }
    files.extend(generated);
    Ok(files)
}

/// Re-renders only `pages` into memory, after an edit (`serve`): (output path, HTML).
/// Their links are checked against the whole site; anchors are not, since the pages
/// that hold the ids may not be among them.
pub fn render_some(site: &Loaded, pages: &[&Page]) -> Result<Vec<(String, Vec<u8>)>, Vec<Error>> {
    render_pages(site, pages, &generated_names(site), false, |_, html| Ok(Some(html)))
}

/// Renders every page; see `render_pages`.
fn render_all(
    site: &Loaded,
    generated: &[String],
    emit: impl Fn(&Page, Vec<u8>) -> Result<Option<Vec<u8>>, Error> + Sync,
) -> Result<Vec<(String, Vec<u8>)>, Vec<Error>> {
    let pages: Vec<&Page> = site.pages.iter().collect();
    render_pages(site, &pages, generated, true, emit)
}

/// Pages a core renders before it may hand the rest of its work to an idle one.
const PAGES_PER_TASK: usize = 32;

/// Renders `pages` in parallel, hands each to `emit`, and checks every internal link
/// of the result (with `anchors`, `#anchors` too); broken links are errors, one per
/// link. Returns the pages that `emit` chose to keep, as (output path, HTML).
fn render_pages(
    site: &Loaded,
    pages: &[&Page],
    generated: &[String],
    anchors: bool,
    emit: impl Fn(&Page, Vec<u8>) -> Result<Option<Vec<u8>>, Error> + Sync,
) -> Result<Vec<(String, Vec<u8>)>, Vec<Error>> {
    let renderer = Site::new(&site.config, &site.archive, &site.theme);
    let outputs = site.pages.iter().map(|p| p.rel.as_str());
    let outputs =
        outputs.chain(site.theme.static_files.keys().map(String::as_str)).chain(generated.iter().map(String::as_str));
    let targets = Targets::new(outputs, &site.config.base_url, &site.config.base_path);
    let rendered: Vec<(String, PageLinks, Option<Vec<u8>>)> = pages
        .par_iter()
        // Small pieces of work: rayon's last piece was hundreds of pages (the parallel
        // views, the heaviest, come last), rendered on one core while the other idled.
        .with_max_len(PAGES_PER_TASK)
        .map(|page| {
            site.check_stop()?;
            let html = renderer.render(page)?;
            let links = targets.scan(page.folder(), &html);
            Ok((page.rel.clone(), links, emit(page, html)?))
        })
        .collect::<Result<_, Error>>()
        .map_err(|e| vec![e])?;
    let mut scanned: Vec<(String, PageLinks)> = Vec::with_capacity(rendered.len());
    let mut kept: Vec<(String, Vec<u8>)> = Vec::new();
    for ((rel, links, html), page) in rendered.into_iter().zip(pages) {
        scanned.push((rel, links));
        kept.extend(html.map(|h| (page.file(), h)));
    }
    // Made only when a link is broken: a map of every page is not free to build.
    let pages_by_rel = std::cell::OnceCell::new();
    let blame = |rel: &str, link: &str| {
        let by_rel =
            pages_by_rel.get_or_init(|| site.pages.iter().map(|p| (p.rel.as_str(), p)).collect::<HashMap<_, _>>());
        let page: &Page = by_rel[rel];
        let source = page.source(&site.archive);
        let file = source.unwrap_or_else(|| site.theme.sources.get(page.template()).cloned().unwrap_or_default());
        let kind = ErrorKind::BrokenLink { page: format!("{}{rel}", site.config.base_path), link: link.to_string() };
        Error::new(Location::file(file), kind)
    };
    let mut errors: Vec<Error> =
        scanned.iter().flat_map(|(rel, links)| links.broken.iter().map(|link| blame(rel, link))).collect();
    if anchors {
        errors.extend(links::missing_anchors(&scanned).into_iter().map(|(rel, link)| blame(rel, link)));
    }
    renderer.discard();
    if errors.is_empty() {
        Ok(kept)
    } else {
        Err(errors)
    }
}

/// Every file the output will have, relative to its root: the pages and the static files.
fn output_files(site: &Loaded, generated: &[String]) -> FxHashSet<String> {
    let pages = site.pages.iter().map(Page::file);
    let generated = generated.iter().cloned();
    pages.chain(site.theme.static_files.keys().cloned()).chain(generated).collect()
}

/// The files that are not pages: feeds, sitemap, and what hosts such as GitHub Pages read.
pub fn generated_files(site: &Loaded) -> Vec<(String, Vec<u8>)> {
    contents_of(site, generated_names(site))
}

fn names(files: &[(String, Vec<u8>)]) -> Vec<String> {
    files.iter().map(|(name, _)| name.clone()).collect()
}

/// The names of `generated_files`, without making their contents.
pub fn generated_names(site: &Loaded) -> Vec<String> {
    // .nojekyll: without it GitHub Pages runs Jekyll, which hides files starting with `_`.
    let mut names: Vec<String> = [".nojekyll", "robots.txt", "sitemap.xml"].map(String::from).into();
    names.extend(site.config.languages.iter().map(|l| crate::render::urls::feed(&l.code)));
    names.extend(site.config.cname.as_ref().map(|_| "CNAME".to_string()));
    names
}

/// Just the feeds: what an edit can change among the generated files (the sitemap
/// changes only with the pages, which a full rebuild handles).
pub fn feed_files(site: &Loaded) -> Vec<(String, Vec<u8>)> {
    contents_of(site, generated_names(site).into_iter().filter(|n| n.ends_with("/atom.xml")).collect())
}

/// The generated files `names`, made with one renderer: a `Site` is not free to set up.
fn contents_of(site: &Loaded, names: Vec<String>) -> Vec<(String, Vec<u8>)> {
    let renderer = Site::new(&site.config, &site.archive, &site.theme);
    let with_content = |name: String| {
        let bytes = generated_content(site, &renderer, &name).into_bytes();
        (name, bytes)
    };
    names.into_iter().map(with_content).collect()
}

fn generated_content(site: &Loaded, renderer: &Site, name: &str) -> String {
    match name {
        ".nojekyll" => String::new(),
        "robots.txt" => renderer.robots(),
        "sitemap.xml" => renderer.sitemap(&site.pages),
        "CNAME" => format!("{}\n", site.config.cname.as_deref().unwrap_or_default()),
        feed => {
            let code = feed.trim_end_matches("/atom.xml");
            site.config.lang(code).map(|l| renderer.atom(&l.code)).unwrap_or_default()
        }
    }
}
