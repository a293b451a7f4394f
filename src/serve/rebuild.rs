//! Rebuilding the preview after a change. An edit to transcripts only re-reads the
//! edited files and re-renders the pages that show them; anything else (site.yaml,
//! templates, theme, static files, a transcript added, removed or renamed, a changed
//! section id or date) rebuilds everything.
//!
//! Which pages show an edited transcript is what rendering recorded: every page
//! remembers the transcripts it read (`render::Reads`).
//!
//! An edit-only rebuild carries related sections over from before and keeps the search
//! index; both are brought up to date in the background once the pages have been told
//! to reload (`refresh.rs`).

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use super::http::{self, LiveEvent, Preview};
use super::refresh::Refreshes;
use super::store::{self, Served, Store};
use crate::cache::sources::ParsedSources;
use crate::diagnostic::{Error, ErrorKind, Problems};
use crate::generate::{self, Site};
use crate::pipeline::{self, Options};
use crate::plan::Output;
use crate::render::Reads;

/// The last good build, and what each of its pages read.
pub(super) struct Built {
    pub(super) site: Site,
    reads: Vec<Reads>,
}

/// What a rebuild starts from: the parsed sources and the last good build.
pub struct Rebuilder {
    pub root: PathBuf,
    pub options: Options,
    store: Store,
    kept: ParsedSources,
    last: Option<Arc<Built>>,
    /// Whether the last build was an edit-only one whose refresh has not been taken in.
    needs_refresh: bool,
    refreshes: Refreshes,
}

impl Rebuilder {
    pub fn new(root: PathBuf, options: Options, store: Store) -> Self {
        let refreshes = Refreshes::default();
        let kept = ParsedSources::keeping();
        Rebuilder { root, options, store, kept, last: None, needs_refresh: false, refreshes }
    }

    /// Takes a finished refresh of the last build into it, so the next edit carries
    /// over related sections as they are now.
    fn take_refresh(&mut self) {
        let Some(done) = self.refreshes.next_generation() else { return };
        let Some(last) = self.last.as_mut().and_then(Arc::get_mut) else { return };
        last.site.related = done.related;
        for (i, reads) in done.reads {
            last.reads[i] = reads;
        }
        self.needs_refresh = false;
    }

    /// Rebuilds after `changed` (None: everything) and swaps the result in; on failure
    /// keeps the old site and tells the terminal and the open pages why.
    pub fn rebuild(&mut self, changed: Option<&[PathBuf]>, preview: &Arc<Preview>) {
        let started = Instant::now();
        self.take_refresh();
        let mut problems = Problems::default();
        // A file named by an event is read again even if its size and time say it is
        // unchanged: `cp -p` and `rsync -a` keep both.
        if let Some(paths) = changed {
            self.kept.forget(paths);
        }
        let content = self.root.join("content");
        let edits_only = changed.is_some_and(|paths| paths.iter().all(|p| p.starts_with(&content)));
        let previous = self.last.as_deref().filter(|_| edits_only);
        let loaded =
            pipeline::load(&self.root, &self.options, &mut self.kept, previous.map(|b| &b.site), &mut problems);
        let result = loaded.ok_or(()).and_then(|(site, _)| {
            let edited = edited_transcripts(&site, &self.kept.reread);
            let incremental = previous.filter(|last| same_structure(&last.site, &site));
            let built = match incremental {
                Some(last) => edited_only(site, last, &edited, &preview.base_path).map(|b| (b, "edited")),
                None => full(site, &preview.base_path, &self.store).map(|b| (b, "all")),
            };
            let served = built.and_then(|((built, change, pages), what)| {
                let old = change.apply(preview, &self.store)?;
                Ok(((built, old, pages), what))
            });
            served.map_err(|errors| problems.errors.extend(errors))
        });
        problems.sort();
        for w in &problems.warnings {
            eprintln!("{w}");
        }
        match result {
            Ok(((built, old_files, pages), what)) => {
                *preview.last_error.write().expect("not poisoned") = None;
                let built = Arc::new(built);
                let old_site = self.last.replace(built.clone());
                eprintln!("rebuilt {pages} pages ({what}) in {} ms", started.elapsed().as_millis());
                let _ = preview.events.send(LiveEvent::Reload);
                self.needs_refresh = what == "edited";
                if self.needs_refresh {
                    self.refreshes.start(self.root.clone(), built, preview.clone());
                }
                // Freeing the old build (the archive's many small allocations) and the
                // old pages is left until the page has been told to reload.
                drop((old_files, old_site));
            }
            Err(()) => {
                let text = problems.errors.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n");
                eprintln!("{text}\nthe site was not rebuilt; still serving the last good version");
                *preview.last_error.write().expect("not poisoned") = Some(text.clone());
                let _ = preview.events.send(LiveEvent::Failed(text));
                // The rebuild made the last build's refresh stale; it is still served.
                if let Some(last) = self.last.clone().filter(|_| self.needs_refresh) {
                    self.refreshes.start(self.root.clone(), last, preview.clone());
                }
            }
        }
    }
}

/// Whether the two builds have the same archive structure: the same pages at the same
/// addresses, the same topic and speaker lists, the same speakers' names. Only then can
/// pages be rendered again by what they read; otherwise entries move between pages.
/// A speaker's name may come from a transcript they do not speak in, and it is shown
/// on every page that lists them: a changed name renders everything again.
fn same_structure(a: &Site, b: &Site) -> bool {
    a.manifest.pages == b.manifest.pages
        && a.archive.topics == b.archive.topics
        && a.archive.speakers == b.archive.speakers
}

/// What a good rebuild changes in what is served.
enum Change {
    /// A new pack, every page in it.
    Whole(Served),
    /// These files replaced in the pack being served.
    Files(Vec<(String, Vec<u8>)>),
}

impl Change {
    /// Serves the change; returns what was served before, to be let go of.
    fn apply(self, preview: &Preview, store: &Store) -> Result<Served, Vec<Error>> {
        match self {
            Change::Whole(new) => Ok(std::mem::replace(&mut *preview.served.write().expect("not poisoned"), new)),
            Change::Files(files) => {
                let replaced = store::replace_in(&preview.served, &files, || true);
                replaced.map(Option::unwrap_or_default).map_err(|e| vec![cannot_write(store, e)])
            }
        }
    }
}

fn cannot_write(store: &Store, source: std::io::Error) -> Error {
    Error::nowhere(ErrorKind::Write { path: store.dir().to_path_buf(), source })
}

/// A build's result for the preview: the build, what it changes in what is served,
/// how many pages were rendered.
type Rebuilt = (Built, Change, usize);

/// The whole site, with the live reload script in every page, in a new pack.
fn full(site: Site, base_path: &str, store: &Store) -> Result<Rebuilt, Vec<Error>> {
    let filling = store.new_pack().map_err(|e| vec![cannot_write(store, e)])?;
    let reads =
        generate::everything(&site, (None, None), (None, None), generate::Reading::Recorded, &|path, bytes, _| {
            filling.put(path, &for_preview(path, bytes, base_path)).map_err(|e| cannot_write(store, e))
        })?;
    let pages = site.manifest.pages.len();
    Ok((Built { site, reads }, Change::Whole(filling.finish()), pages))
}

/// What a partial rebuild makes, kept in memory (a few pages) until it has all been
/// made without error, the live reload script in each page.
pub(super) struct Made<'a> {
    base_path: &'a str,
    files: Mutex<Vec<(String, Vec<u8>)>>,
}

impl<'a> Made<'a> {
    pub(super) fn new(base_path: &'a str) -> Self {
        Made { base_path, files: Mutex::default() }
    }

    pub(super) fn put(&self, path: &str, bytes: Vec<u8>) -> Result<(), Error> {
        let bytes = for_preview(path, bytes, self.base_path);
        self.files.lock().unwrap_or_else(|e| e.into_inner()).push((path.to_string(), bytes));
        Ok(())
    }

    pub(super) fn files(self) -> Vec<(String, Vec<u8>)> {
        self.files.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

/// The pages that read an edited transcript rendered again, and the feeds and the
/// edited transcripts' citation files made again.
fn edited_only(site: Site, last: &Built, edited: &HashSet<usize>, base_path: &str) -> Result<Rebuilt, Vec<Error>> {
    let which: Vec<usize> = (0..last.reads.len()).filter(|&i| last.reads[i].any(|t| edited.contains(&t))).collect();
    let made = Made::new(base_path);
    let put = |path: &str, bytes: Vec<u8>, _| made.put(path, bytes);
    let fresh = generate::some_pages(&site, &site.related, &which, None, &put)?;
    // The feeds, and the citation files of the edited transcripts.
    let remade = |o: &Output| match o {
        Output::Feed(_) => true,
        Output::Citation { transcript, .. } => edited.contains(transcript),
        _ => false,
    };
    generate::some_files(&site, remade, &put)?;
    let mut reads = last.reads.clone();
    for (&i, r) in which.iter().zip(fresh) {
        reads[i] = r;
    }
    Ok((Built { site, reads }, Change::Files(made.files()), which.len()))
}

/// Indexes of the transcripts one of whose files was read again.
fn edited_transcripts(site: &Site, reread: &[PathBuf]) -> HashSet<usize> {
    let shown: HashSet<PathBuf> = reread.iter().map(|p| site.config.display_path(p)).collect();
    let edited = site.archive.transcripts.iter().enumerate();
    edited.filter(|(_, t)| t.versions.values().any(|v| shown.contains(&v.source))).map(|(i, _)| i).collect()
}

/// The file at `path` as the preview serves it: a page with the reload script before
/// `</body>` (only while serving), anything else as made.
fn for_preview(path: &str, bytes: Vec<u8>, base_path: &str) -> Vec<u8> {
    if !path.ends_with(".html") {
        return bytes;
    }
    let text = String::from_utf8_lossy(&bytes);
    match text.rfind("</body>") {
        Some(at) => format!("{}{}{}", &text[..at], http::live_script_tag(base_path), &text[at..]).into_bytes(),
        None => bytes,
    }
}

/// The folders of the site a build reads from, watched recursively: transcripts, pages,
/// themes, the site's own templates, static files and UI strings.
pub const FOLDERS: [&str; 6] = ["content", crate::standalone::FOLDER, "themes", "templates", "static", "i18n"];

/// Where the watched files are: those folders and site.yaml.
pub fn watched(root: &Path) -> Vec<PathBuf> {
    FOLDERS.iter().chain([&crate::config::CONFIG_FILE]).map(|n| root.join(n)).collect()
}
