//! Every entry of the manifest made into bytes, each by the module that owns its
//! format: pages by `render` (their links checked by `links` as they come), feeds by
//! `feeds`, the sitemap by `sitemap`, the search index by `search` (taken from the last
//! build on a thread of its own, or made once the pages are done). What is made goes to
//! a sink: a build's staging folder, or serve's memory.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::Ordering;

use rayon::prelude::*;

use crate::archive::Archive;
use crate::config::{Config, MenuEntry, CONFIG_FILE};
use crate::diagnostic::{Error, ErrorKind, Location};
use crate::links::kept::KeptScans;
use crate::links::{self, PageLinks, Targets};
use crate::output::Fingerprint;
use crate::plan::urls::Urls;
use crate::plan::{File, Manifest, Output, Page};
use crate::related::Related;
use crate::render::kept::KeptPages;
use crate::render::{Html, Reads};
use crate::theme::Theme;
use crate::{feeds, search, sitemap};

/// A site read, checked and planned: everything its outputs are made from.
pub struct Site {
    pub config: Config,
    pub archive: Archive,
    /// Every section's related sections: `[transcript][section]`.
    pub related: Related,
    pub theme: Theme,
    pub manifest: Manifest,
}

/// Where made outputs go: (path relative to the output root, bytes, their fingerprint
/// if it was made on the way: a page's is, for its kept link scan, and hashing every
/// page twice showed in profiles of a build).
pub type Sink<'s> = dyn Fn(&str, Vec<u8>, Option<Fingerprint>) -> Result<(), Error> + Sync + 's;

/// What the folder being filled already holds, which then counts as made: what lets a
/// build leave the pages it finds unchanged, and an unchanged search index, as they
/// are. Only a build's output folder can tell; `check`, which fills none, needs no
/// bytes of a page it finds unchanged.
pub trait Held: Sync {
    /// Whether it holds, at `file`, the page whose bytes `fingerprint` describes.
    fn page(&self, file: &str, fingerprint: Fingerprint) -> bool;
    /// Whether it holds exactly the search index's `files`, with the bytes their
    /// fingerprints describe; if not, the index's folder is emptied for them to be made.
    fn index(&self, files: &[(&str, Fingerprint)]) -> Result<bool, Error>;
}

/// Asked (by a Ctrl-C handler) to stop making outputs: the build then ends with an error.
pub type Stop<'s> = Option<&'s crate::run::Stop>;

/// Where to count the pages made, for a progress line.
pub type Progress<'s> = Option<&'s crate::run::Progress>;

/// Pages a core renders before it may hand the rest of its work to an idle one: the
/// heaviest pages (side-by-side views) come last, and large pieces left one core idle.
const PAGES_PER_TASK: usize = 32;

/// Whether `everything` tells what each page read: `serve` renders again the pages an
/// edit changes by it; a build or a check has no use for it.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    Recorded,
    Ignored,
}

/// Makes every output of the manifest into `sink`. Returns what each page read, in
/// the manifest's order of pages (empty lists unless `reading` is `Recorded`).
/// `previous_output`, the output folder of the last build, is where an unchanged
/// search index is taken from, and `held` says which pages and index it still has
/// (`build` only: a page made from what it was made from in the last build is then not
/// rendered).
pub fn everything(
    site: &Site,
    (stop, progress): (Stop, Progress),
    (previous_output, held): (Option<&std::path::Path>, Option<&dyn Held>),
    reading: Reading,
    sink: &Sink,
) -> Result<Vec<Reads>, Vec<Error>> {
    if let Some(p) = progress {
        p.total.store(site.manifest.pages.len(), Ordering::Relaxed);
    }
    make_files(site, sink).map_err(|e| vec![e])?;
    let all: Vec<usize> = (0..site.manifest.pages.len()).collect();
    let urls = Urls::new(&site.config);
    let sources = search_sources(site, &urls, previous_output);
    let emit = |path: String, bytes| sink(&path, bytes, None);
    let keep = held.map(|held| move |files: &[(&str, Fingerprint)]| held.index(files));
    let keep = keep.as_ref().map(|keep| keep as &search::KeepWhole);
    std::thread::scope(|scope| {
        // Alongside the pages, the index is only taken from the last build, or found to
        // need making: it is made once the pages are done, on both cores, as making it
        // beside them held its terms at the pages' peak of memory (docs/performance.md).
        let reuse = || search::reuse(&sources, &site.manifest.pages, keep, emit);
        let indexer = site.manifest.search.then(|| scope.spawn(reuse));
        let mut html = Html::new(&site.config, &site.archive, &site.related, &site.theme).with_kept_alignments();
        if reading == Reading::Ignored {
            html = html.without_reads();
        }
        if held.is_some() {
            html = html.with_digests();
        }
        let checks = Checks::KeptLinksAndAnchors(&site.config.root, held);
        let reads = render_pages(site, &html, &all, checks, (stop, progress), sink)?;
        html.keep_alignments();
        // Freed before the index is made: the shared cards are a large part of peak
        // memory.
        drop(html);
        if let Some(indexer) = indexer {
            let stopped = || Err(Error::nowhere(ErrorKind::IndexerStopped));
            if let Some(unmade) = indexer.join().unwrap_or_else(|_| stopped()).map_err(|e| vec![e])? {
                search::make(&sources, &site.manifest.pages, unmade, stop, emit).map_err(|e| vec![e])?;
            }
        }
        Ok(reads)
    })
}

/// Renders the pages at `which` (indexes into the manifest's pages) into `sink`, after
/// an edit (`serve`), with `related` as every section's related sections (the site's
/// own, or those ranked again since). Their links are checked against the whole site;
/// anchors are not, since the pages that hold the ids may not be among them.
pub fn some_pages(
    site: &Site,
    related: &Related,
    which: &[usize],
    stop: Stop,
    sink: &Sink,
) -> Result<Vec<Reads>, Vec<Error>> {
    let html = Html::new(&site.config, &site.archive, related, &site.theme);
    render_pages(site, &html, which, Checks::Links, (stop, None), sink)
}

/// The search index alone, into `sink` (`serve`, after an edit).
pub fn search_index(site: &Site, stop: Stop, sink: &Sink) -> Result<(), Error> {
    let urls = Urls::new(&site.config);
    search::index(&search_sources(site, &urls, None), &site.manifest.pages, stop, |path, bytes| {
        sink(&path, bytes, None)
    })
}

fn search_sources<'a>(
    site: &'a Site,
    urls: &'a Urls,
    previous_output: Option<&'a std::path::Path>,
) -> search::Sources<'a> {
    search::Sources { config: &site.config, archive: &site.archive, theme: &site.theme, urls, previous_output }
}

/// Makes the files of the manifest that `wanted` picks into `sink`.
pub fn some_files(site: &Site, wanted: impl Fn(&Output) -> bool, sink: &Sink) -> Result<(), Vec<Error>> {
    for file in site.manifest.files.iter().filter(|f| wanted(&f.output)) {
        sink(&file.path, make_file(site, file).map_err(|e| vec![e])?, None).map_err(|e| vec![e])?;
    }
    Ok(())
}

/// Every file of the manifest that is not a page, into `sink`, on both cores: made one
/// after the other, the citation files and the sitemap left a core idle before the
/// first page. The sitemap's parts are made one at a time beside the rest, since made
/// at once they raised a large archive's peak of memory (docs/performance.md).
fn make_files(site: &Site, sink: &Sink) -> Result<(), Error> {
    let (sitemaps, others): (Vec<&File>, Vec<&File>) =
        site.manifest.files.iter().partition(|f| matches!(f.output, Output::Sitemap(_)));
    let make = |file: &&File| sink(&file.path, make_file(site, file)?, None);
    let (sitemaps, others) =
        rayon::join(|| sitemaps.iter().try_for_each(make), || others.par_iter().try_for_each(make));
    sitemaps.and(others)
}

/// One file that is not a page.
fn make_file(site: &Site, file: &File) -> Result<Vec<u8>, Error> {
    let urls = || Urls::new(&site.config);
    Ok(match &file.output {
        Output::NoJekyll => Vec::new(),
        Output::Robots => sitemap::robots(&site.config).into_bytes(),
        Output::Sitemap(range) => {
            let map = sitemap::Sitemap { config: &site.config, archive: &site.archive, urls: &urls() };
            map.xml(&site.manifest.pages[range.clone()]).into_bytes()
        }
        Output::SitemapIndex(parts) => sitemap::index(&urls(), *parts).into_bytes(),
        Output::Cname(domain) => format!("{domain}\n").into_bytes(),
        Output::Feed(lang) => feeds::atom(&site.config, &site.archive, &urls(), lang).into_bytes(),
        Output::Citation { transcript, lang, format } => {
            crate::cite::file(&site.config, &urls(), &site.archive.transcripts[*transcript], lang, *format)
        }
        Output::Static(data) => data.bytes().map_err(|e| Error::nowhere(ErrorKind::Unreadable(e)))?.into_owned(),
    })
}

/// How much of the links `render_pages` checks.
enum Checks<'r> {
    Links,
    /// Anchors too, with the scans kept at the site's root for pages whose bytes are
    /// unchanged; and, with what the output holds, the pages kept there too, for pages
    /// made from what they were made from.
    KeptLinksAndAnchors(&'r std::path::Path, Option<&'r dyn Held>),
}

/// A page made, or found unchanged, as `render_pages` keeps it to the end; and apart
/// from it, its digest and bytes, kept for the next build and let go before the
/// anchors are checked, at a large archive's peak of memory (docs/performance.md).
struct Made {
    links: PageLinks,
    reads: Reads,
    /// The hash of its bytes.
    hash: u64,
}

type MadeFrom = Option<(u128, Fingerprint)>;

/// What the last build left that spares a page work: the link scans of pages whose
/// bytes are unchanged, and, in a build, the pages made from what they are made from
/// now, with what the output still holds of them.
struct Earlier<'e> {
    targets: &'e Targets<'e>,
    scans: Option<KeptScans>,
    pages: Option<(KeptPages, &'e dyn Held)>,
}

impl Earlier<'_> {
    /// The page's bytes and links, if the last build made them from `digest`; and
    /// whether the output still holds those bytes (then they count as made).
    /// `index`: the page's place among this build's pages.
    fn unchanged(&self, index: usize, page: &Page, digest: u128) -> Option<(Fingerprint, PageLinks, bool)> {
        let (pages, held) = self.pages.as_ref()?;
        let fingerprint = pages.made(index, &page.rel, digest)?;
        let links = self.links(page, fingerprint)?;
        Some((fingerprint, links, held.page(&page.file(), fingerprint)))
    }

    /// What a scan of the page would find, from its kept scan, if its bytes are unchanged.
    fn links(&self, page: &Page, fingerprint: Fingerprint) -> Option<PageLinks> {
        self.scans.as_ref()?.take((&page.rel, page.folder()), fingerprint.hash(), self.targets)
    }
}

/// Renders `which` pages in parallel into `sink`, and checks every internal link of
/// the result; broken links are errors, one per link.
fn render_pages(
    site: &Site,
    html: &Html,
    which: &[usize],
    checks: Checks,
    (stop, progress): (Stop, Progress),
    sink: &Sink,
) -> Result<Vec<Reads>, Vec<Error>> {
    let pages = &site.manifest.pages;
    let targets = Targets::new(site.manifest.link_targets(), &site.config.base_url, &site.config.base_path);
    let (root, held) = match checks {
        Checks::KeptLinksAndAnchors(root, held) => (Some(root), held),
        Checks::Links => (None, None),
    };
    let earlier = Earlier {
        targets: &targets,
        scans: root.map(|root| KeptScans::load(root, &targets)),
        pages: root.zip(held).map(|(root, held)| (KeptPages::load(root), held)),
    };
    // Collected in the pages' order into a vector of the right size, then taken apart in
    // place: collecting `Result`s straight into a vector gathers pieces first, and both
    // were held at once at the build's peak of memory (docs/performance.md).
    let (mut rendered, mut made_from): (Vec<Result<Made, Error>>, Vec<MadeFrom>) = Default::default();
    which
        .par_iter()
        .with_max_len(PAGES_PER_TASK)
        .map(|&i| {
            if stop.is_some_and(|s| s.asked()) {
                return (Err(Error::nowhere(ErrorKind::Interrupted)), None);
            }
            let made = make_page(html, (i, &pages[i]), &earlier, &targets, sink);
            if let Some(p) = progress {
                p.done.fetch_add(1, Ordering::Relaxed);
            }
            match made {
                Ok((made, from)) => (Ok(made), from),
                Err(e) => (Err(e), None),
            }
        })
        .unzip_into_vecs(&mut rendered, &mut made_from);
    let rendered = rendered.into_iter().collect::<Result<Vec<_>, Error>>().map_err(|e| vec![e])?;
    if let (Some(root), Some(_)) = (root, &earlier.pages) {
        let digests = which.iter().zip(&made_from);
        KeptPages::save(root, digests.filter_map(|(&i, from)| Some((pages[i].rel.as_str(), from.as_ref()?))));
    }
    drop((earlier, made_from));
    check_links(site, which, rendered, &targets, root)
}

/// The pages' readings, if no link of theirs is broken: their scans kept for the next
/// build, and anchors looked for across pages when the build keeps them.
fn check_links(
    site: &Site,
    which: &[usize],
    rendered: Vec<Made>,
    targets: &Targets,
    root: Option<&std::path::Path>,
) -> Result<Vec<Reads>, Vec<Error>> {
    let pages = &site.manifest.pages;
    let scanned: Vec<(&str, &PageLinks)> =
        which.iter().zip(&rendered).map(|(&i, made)| (pages[i].rel.as_str(), &made.links)).collect();
    let mut broken: Vec<(&str, &str)> =
        scanned.iter().flat_map(|&(rel, links)| links.broken.iter().map(move |link| (rel, link.as_str()))).collect();
    if let Some(root) = root {
        let kept = scanned.iter().zip(&rendered).map(|(&(rel, links), made)| (rel, made.hash, links));
        KeptScans::save(root, targets, kept);
        broken.extend(links::missing_anchors(&scanned));
    }
    if broken.is_empty() {
        Ok(rendered.into_iter().map(|made| made.reads).collect())
    } else {
        Err(blame(site, &broken))
    }
}

/// One page rendered into `sink`, its links scanned (or taken from the last build for
/// the same bytes); or left as the output holds it, if it is made from what it was
/// made from in the last build. With it, the digest of what it was made from and its
/// bytes, if it has a digest.
fn make_page(
    html: &Html,
    (index, page): (usize, &Page),
    earlier: &Earlier,
    targets: &Targets,
    sink: &Sink,
) -> Result<(Made, MadeFrom), Error> {
    let found = std::cell::Cell::new(None);
    let unchanged = |digest| {
        let Some((fingerprint, links, held)) = earlier.unchanged(index, page, digest) else { return false };
        found.set(Some((fingerprint, links)));
        held
    };
    let drawn = html.render(page, &unchanged)?;
    let (links, fingerprint) = match drawn.bytes {
        Some(bytes) => {
            let fingerprint = Fingerprint::of(&bytes);
            // Found unchanged but no longer held by the output: its links are these.
            let taken = found.take().filter(|(kept, _)| *kept == fingerprint).map(|(_, links)| links);
            let links = taken.or_else(|| earlier.links(page, fingerprint));
            let links = links.unwrap_or_else(|| targets.scan(page.folder(), &bytes));
            sink(&page.file(), bytes, Some(fingerprint))?;
            (links, fingerprint)
        }
        None => found.take().map(|(fingerprint, links)| (links, fingerprint)).expect("found unchanged"),
    };
    let made_from = drawn.digest.map(|digest| (digest, fingerprint));
    Ok((Made { links, reads: drawn.reads, hash: fingerprint.hash() }, made_from))
}

/// An error per broken link and place it is written: in the Markdown of the page's
/// transcript, at its line, if it is written there (in either language's file, for a
/// side-by-side view), or else in the template that made the page. One link shown on
/// several pages (a section, its transcript, the side-by-side view) is one error.
fn blame(site: &Site, broken: &[(&str, &str)]) -> Vec<Error> {
    let by_rel: HashMap<&str, &Page> = site.manifest.pages.iter().map(|p| (p.rel.as_str(), p)).collect();
    let mut texts = HashMap::new();
    let mut places: indexmap::IndexMap<(Location, String), Vec<String>> = indexmap::IndexMap::new();
    for &(rel, link) in broken {
        let page = by_rel[rel];
        // Written from the site's root, the link was given the site's path.
        let from_root = link.strip_prefix(site.config.base_path.as_str()).map(|rest| format!("/{rest}"));
        let forms: Vec<&str> = std::iter::once(link).chain(from_root.as_deref()).collect();
        // A menu link is on every page: it is site.yaml's, said once.
        let in_menu =
            site.config.menu.iter().any(|e| matches!(e, MenuEntry::Link { url, .. } if forms.contains(&url.as_str())));
        let sources = if in_menu { vec![PathBuf::from(CONFIG_FILE)] } else { page.sources(&site.archive) };
        let written = sources.iter().find_map(|file| {
            let read = || std::fs::read_to_string(site.config.root.join(file)).ok();
            let text = texts.entry(file.clone()).or_insert_with(read).as_deref()?;
            let (offset, form) = forms.iter().find_map(|form| Some((written_at(text, form)?, *form)))?;
            Some((Location::in_text(file, text, offset, 1), form))
        });
        let (at, link) = written.unwrap_or_else(|| {
            let template = || site.theme.sources.get(page.template()).cloned();
            (Location::file(sources.first().cloned().or_else(template).unwrap_or_default()), link)
        });
        // A page may show one link several times (a recording's player and its download).
        let pages = places.entry((at, link.to_string())).or_default();
        let shown_on =
            if in_menu { "the menu of every page".to_string() } else { format!("{}{rel}", site.config.base_path) };
        if !pages.contains(&shown_on) {
            pages.push(shown_on);
        }
    }
    let error = |((at, link), pages): ((Location, String), Vec<String>)| {
        Error::new(at, ErrorKind::BrokenLink { link, pages: pages.join(", ") })
    };
    places.into_iter().map(error).collect()
}

/// Where `link` is written as a link's address in Markdown `text`: `](link`, `<link>`,
/// a reference's `]: link`, an HTML `href="link"`, or a front matter value (`audio:
/// "/media/x.mp3"`, in a map or on its own line).
fn written_at(text: &str, link: &str) -> Option<usize> {
    let forms = [
        format!("]({link}"),
        format!("<{link}>"),
        format!("]: {link}"),
        format!("=\"{link}\""),
        format!("='{link}'"),
        format!(": \"{link}\""),
        format!(": '{link}'"),
        format!(": {link}\n"),
        format!(": {link},"),
        format!(": {link} }}"),
    ];
    forms.iter().filter_map(|form| text.find(form.as_str()).map(|i| i + form.find(link).unwrap_or(0))).min()
}
