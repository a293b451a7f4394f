//! Rebuilding the preview after a change. An edit to transcripts only re-reads the
//! edited files and re-renders the pages that show them; anything else (site.yaml,
//! templates, theme, static files, a transcript added, removed or renamed, a changed
//! section id or date) rebuilds everything.
//!
//! What an edit-only rebuild leaves for the next full one: related sections are kept
//! from before, and so is the search index.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use bytes::Bytes;

use super::http::{self, LiveEvent, Preview};
use crate::build::{self, Loaded, Options, SourceCache};
use crate::diagnostic::Problems;
use crate::render::{Page, PageKind, PER_PAGE};

/// The served site: output path → bytes (cheap to clone, so a rebuild can copy the
/// map and replace a few pages).
pub type Files = HashMap<String, Bytes>;

/// What a rebuild starts from: the parsed sources and the last good build.
pub struct Rebuilder {
    pub root: PathBuf,
    pub options: Options,
    cache: SourceCache,
    last: Option<Loaded>,
}

impl Rebuilder {
    pub fn new(root: PathBuf, options: Options) -> Self {
        Rebuilder { root, options, cache: SourceCache::keeping(), last: None }
    }

    /// Rebuilds after `changed` (None: everything) and swaps the result in; on failure
    /// keeps the old site and tells the terminal and the open pages why.
    pub fn rebuild(&mut self, changed: Option<&[PathBuf]>, preview: &Preview) {
        let started = Instant::now();
        let mut problems = Problems::default();
        let content = self.root.join("content");
        let edits_only = changed.is_some_and(|paths| paths.iter().all(|p| p.starts_with(&content)));
        let previous = self.last.as_ref().filter(|_| edits_only).map(|l| &l.archive);
        let loaded = build::load_with(&self.root, &self.options, &mut problems, &mut self.cache, previous);
        let result = loaded.ok_or(()).and_then(|site| {
            let edited = edited_transcripts(&site, &self.cache.reread);
            let unchanged = self.last.as_ref().is_some_and(|l| same_plan(l, &site) && same_lists(l, &site, &edited));
            let built = if edits_only && unchanged {
                let old = preview.files.read().expect("not poisoned").clone();
                incremental(&site, &edited, &old, &preview.base_path).map(|(files, n)| (files, n, "edited"))
            } else {
                full(&site, &preview.base_path).map(|(files, n)| (files, n, "all"))
            };
            built.map(|b| (site, b)).map_err(|errors| problems.errors.extend(errors))
        });
        problems.sort();
        for w in &problems.warnings {
            eprintln!("{w}");
        }
        match result {
            Ok((site, (files, pages, what))) => {
                let old_files = std::mem::replace(&mut *preview.files.write().expect("not poisoned"), Arc::new(files));
                *preview.last_error.write().expect("not poisoned") = None;
                let old_site = self.last.replace(site);
                eprintln!("rebuilt {pages} pages ({what}) in {} ms", started.elapsed().as_millis());
                let _ = preview.events.send(LiveEvent::Reload);
                // Freeing the old build (the archive's many small allocations) took a
                // tenth of an edit's rebuild: the page reloads first.
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

/// Whether the two builds have the same pages at the same addresses.
fn same_plan(a: &Loaded, b: &Loaded) -> bool {
    a.pages.len() == b.pages.len() && a.pages.iter().zip(&b.pages).all(|(x, y)| x == y)
}

/// Whether the edited transcripts are in the same topic and speaker lists as before:
/// otherwise entries move between list pages, and only a full rebuild is right.
fn same_lists(last: &Loaded, site: &Loaded, edited: &HashSet<usize>) -> bool {
    edited.iter().all(|&i| {
        let now = &site.archive.transcripts[i];
        let before = last.archive.transcripts.iter().position(|t| t.path == now.path);
        before.is_some_and(|b| {
            last.archive.transcripts[b].section_topics == now.section_topics
                && speakers_of(&last.archive, b) == speakers_of(&site.archive, i)
        })
    })
}

/// (speaker, section) for each section of transcript `t` in which someone speaks.
fn speakers_of(archive: &crate::archive::Archive, t: usize) -> Vec<(String, usize)> {
    let mut found: Vec<(String, usize)> = archive
        .speakers
        .iter()
        .flat_map(|s| s.sections.iter().filter(|r| r.transcript == t).map(|r| (s.key.0.clone(), r.section)))
        .collect();
    found.sort();
    found
}

/// The whole site, with the live reload script in every page.
fn full(site: &Loaded, base_path: &str) -> Result<(Files, usize), Vec<crate::diagnostic::Error>> {
    let files = build::render_to_memory(site, true)?;
    let pages = site.pages.len();
    let files = files.into_iter().map(|(name, bytes)| {
        let bytes = if name.ends_with(".html") { with_live_script(&bytes, base_path) } else { bytes };
        (name, Bytes::from(bytes))
    });
    Ok((files.collect(), pages))
}

/// The old site with the pages that show an edited transcript rendered again, and the
/// feeds written again.
fn incremental(
    site: &Loaded,
    edited: &HashSet<usize>,
    old: &Files,
    base_path: &str,
) -> Result<(Files, usize), Vec<crate::diagnostic::Error>> {
    let pages: Vec<&Page> = site.pages.iter().filter(|p| shows_any(site, p, edited)).collect();
    let rendered = build::render_some(site, &pages)?;
    let mut files = old.clone();
    for (name, html) in rendered {
        files.insert(name, Bytes::from(with_live_script(&html, base_path)));
    }
    for (name, bytes) in build::feed_files(site) {
        files.insert(name, Bytes::from(bytes));
    }
    Ok((files, pages.len()))
}

/// Indexes of the transcripts one of whose files was read again.
fn edited_transcripts(site: &Loaded, reread: &[PathBuf]) -> HashSet<usize> {
    let shown: HashSet<PathBuf> = reread.iter().map(|p| site.config.display_path(p)).collect();
    let edited = site.archive.transcripts.iter().enumerate();
    edited.filter(|(_, t)| t.versions.values().any(|v| shown.contains(&v.source))).map(|(i, _)| i).collect()
}

/// Whether a page shows anything of the edited transcripts: their own pages, their
/// neighbours' (which name them), sections that list them as related, the list pages
/// they are on, and the few pages that sum up the archive.
fn shows_any(site: &Loaded, page: &Page, edited: &HashSet<usize>) -> bool {
    let near = |i: usize| {
        edited.contains(&i) || edited.contains(&(i + 1)) || i.checked_sub(1).is_some_and(|j| edited.contains(&j))
    };
    let on_page = |n: usize, transcripts: &mut dyn Iterator<Item = usize>| {
        transcripts.skip((n - 1) * PER_PAGE).take(PER_PAGE).any(|t| edited.contains(&t))
    };
    let archive = &site.archive;
    match &page.kind {
        PageKind::Home { page: n, .. } => on_page(*n, &mut (0..archive.transcripts.len())),
        PageKind::Topic { topic, page: n, .. } => {
            on_page(*n, &mut archive.topics[*topic].1.iter().map(|r| r.transcript))
        }
        PageKind::Speaker { speaker, page: n, .. } => {
            on_page(*n, &mut archive.speakers[*speaker].sections.iter().map(|r| r.transcript))
        }
        PageKind::Transcript { transcript, .. } => near(*transcript),
        PageKind::Parallel { transcript } => edited.contains(transcript),
        PageKind::Section { at, .. } => {
            let related = &site.archive.transcripts[at.transcript].section_related[at.section];
            edited.contains(&at.transcript) || related.iter().any(|r| edited.contains(&r.transcript))
        }
        _ => true,
    }
}

/// The page with the reload script before `</body>` (only while serving).
fn with_live_script(html: &[u8], base_path: &str) -> Vec<u8> {
    let text = String::from_utf8_lossy(html);
    match text.rfind("</body>") {
        Some(at) => format!("{}{}{}", &text[..at], http::live_script_tag(base_path), &text[at..]).into_bytes(),
        None => html.to_vec(),
    }
}

/// Where the watched files are, for the watcher.
pub fn watched(root: &Path) -> Vec<PathBuf> {
    ["content", "themes", "templates", "static", crate::config::CONFIG_FILE].iter().map(|n| root.join(n)).collect()
}
