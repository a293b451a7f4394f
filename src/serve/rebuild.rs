//! Rebuilding the preview after a change. An edit to transcripts only re-reads the
//! edited files and re-renders the pages that show them; anything else (site.yaml,
//! templates, theme, static files, a transcript added, removed or renamed, a changed
//! section id or date) rebuilds everything.
//!
//! Which pages show an edited transcript is what rendering recorded: every page
//! remembers the transcripts it read (`render::Reads`).
//!
//! What an edit-only rebuild leaves for the next full one: related sections are kept
//! from before, and so is the search index.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use bytes::Bytes;

use super::http::{self, LiveEvent, Preview};
use crate::cache::sources::ParsedSources;
use crate::diagnostic::{Error, Problems};
use crate::generate::{self, Site};
use crate::pipeline::{self, Options};
use crate::plan::Output;
use crate::render::Reads;

/// The served site: output path → bytes (cheap to clone, so a rebuild can copy the
/// map and replace a few pages).
pub type Files = HashMap<String, Bytes>;

/// The last good build, and what each of its pages read.
struct Built {
    site: Site,
    reads: Vec<Reads>,
}

/// What a rebuild starts from: the parsed sources and the last good build.
pub struct Rebuilder {
    pub root: PathBuf,
    pub options: Options,
    kept: ParsedSources,
    last: Option<Built>,
}

impl Rebuilder {
    pub fn new(root: PathBuf, options: Options) -> Self {
        Rebuilder { root, options, kept: ParsedSources::keeping(), last: None }
    }

    /// Rebuilds after `changed` (None: everything) and swaps the result in; on failure
    /// keeps the old site and tells the terminal and the open pages why.
    pub fn rebuild(&mut self, changed: Option<&[PathBuf]>, preview: &Preview) {
        let started = Instant::now();
        let mut problems = Problems::default();
        // A file named by an event is read again even if its size and time say it is
        // unchanged: `cp -p` and `rsync -a` keep both.
        if let Some(paths) = changed {
            self.kept.forget(paths);
        }
        let content = self.root.join("content");
        let edits_only = changed.is_some_and(|paths| paths.iter().all(|p| p.starts_with(&content)));
        let previous = self.last.as_ref().filter(|_| edits_only);
        let loaded =
            pipeline::load(&self.root, &self.options, &mut self.kept, previous.map(|b| &b.site), &mut problems);
        let result = loaded.ok_or(()).and_then(|(site, _)| {
            let edited = edited_transcripts(&site, &self.kept.reread);
            let incremental = previous.filter(|last| same_structure(&last.site, &site));
            let built = match incremental {
                Some(last) => {
                    let old = preview.files.read().expect("not poisoned").clone();
                    edited_only(site, last, &edited, &old, &preview.base_path).map(|b| (b, "edited"))
                }
                None => full(site, &preview.base_path).map(|b| (b, "all")),
            };
            built.map_err(|errors| problems.errors.extend(errors))
        });
        problems.sort();
        for w in &problems.warnings {
            eprintln!("{w}");
        }
        match result {
            Ok(((built, files, pages), what)) => {
                let old_files = std::mem::replace(&mut *preview.files.write().expect("not poisoned"), Arc::new(files));
                *preview.last_error.write().expect("not poisoned") = None;
                let old_site = self.last.replace(built);
                eprintln!("rebuilt {pages} pages ({what}) in {} ms", started.elapsed().as_millis());
                let _ = preview.events.send(LiveEvent::Reload);
                // Freeing the old build (the archive's many small allocations) is left
                // until the page has been told to reload.
                drop((old_files, old_site));
            }
            Err(()) => {
                let text = problems.errors.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n");
                eprintln!("{text}\nthe site was not rebuilt; still serving the last good version");
                *preview.last_error.write().expect("not poisoned") = Some(text.clone());
                let _ = preview.events.send(LiveEvent::Failed(text));
            }
        }
    }
}

/// Whether the two builds have the same archive structure: the same pages at the same
/// addresses, and the same topic and speaker lists. Only then can pages be rendered
/// again by what they read; otherwise entries move between pages.
fn same_structure(a: &Site, b: &Site) -> bool {
    let speakers =
        |s: &Site| s.archive.speakers.iter().map(|p| (p.key.clone(), p.sections.clone())).collect::<Vec<_>>();
    a.manifest.pages == b.manifest.pages && a.archive.topics == b.archive.topics && speakers(a) == speakers(b)
}

/// A build's result for the preview: the build, its files, how many pages were rendered.
type Rebuilt = (Built, Files, usize);

/// The whole site, with the live reload script in every page.
fn full(site: Site, base_path: &str) -> Result<Rebuilt, Vec<Error>> {
    let files = Mutex::new(Files::new());
    let reads = generate::everything(&site, None, None, &|path, bytes| {
        let bytes = if path.ends_with(".html") { with_live_script(&bytes, base_path) } else { bytes };
        files.lock().expect("not poisoned").insert(path.to_string(), Bytes::from(bytes));
        Ok(())
    })?;
    let pages = site.manifest.pages.len();
    Ok((Built { site, reads }, files.into_inner().expect("not poisoned"), pages))
}

/// The old site with the pages that read an edited transcript rendered again, and the
/// feeds and the edited transcripts' citation files made again.
fn edited_only(
    site: Site,
    last: &Built,
    edited: &HashSet<usize>,
    old: &Files,
    base_path: &str,
) -> Result<Rebuilt, Vec<Error>> {
    let which: Vec<usize> = (0..last.reads.len()).filter(|&i| last.reads[i].any(|t| edited.contains(&t))).collect();
    let files = Mutex::new(old.clone());
    let put = |path: &str, bytes: Vec<u8>| {
        let bytes = if path.ends_with(".html") { with_live_script(&bytes, base_path) } else { bytes };
        files.lock().expect("not poisoned").insert(path.to_string(), Bytes::from(bytes));
        Ok(())
    };
    let fresh = generate::some_pages(&site, &which, &put)?;
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
    Ok((Built { site, reads }, files.into_inner().expect("not poisoned"), which.len()))
}

/// Indexes of the transcripts one of whose files was read again.
fn edited_transcripts(site: &Site, reread: &[PathBuf]) -> HashSet<usize> {
    let shown: HashSet<PathBuf> = reread.iter().map(|p| site.config.display_path(p)).collect();
    let edited = site.archive.transcripts.iter().enumerate();
    edited.filter(|(_, t)| t.versions.values().any(|v| shown.contains(&v.source))).map(|(i, _)| i).collect()
}

/// The page with the reload script before `</body>` (only while serving).
fn with_live_script(html: &[u8], base_path: &str) -> Vec<u8> {
    let text = String::from_utf8_lossy(html);
    match text.rfind("</body>") {
        Some(at) => format!("{}{}{}", &text[..at], http::live_script_tag(base_path), &text[at..]).into_bytes(),
        None => html.to_vec(),
    }
}

/// The folders of the site a build reads from, watched recursively.
pub const FOLDERS: [&str; 4] = ["content", "themes", "templates", "static"];

/// Where the watched files are: those folders and site.yaml.
pub fn watched(root: &Path) -> Vec<PathBuf> {
    FOLDERS.iter().chain([&crate::config::CONFIG_FILE]).map(|n| root.join(n)).collect()
}
