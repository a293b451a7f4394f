//! What an edit-only rebuild leaves out, brought up to date in the background once
//! the open pages have been told to reload: every section's related sections ranked
//! again (with the term cache, so only the edited sections are segmented), the section
//! pages whose related cards changed, and the search index.
//!
//! A refresh belongs to one build. Every rebuild starts a new generation; a refresh of
//! an older one stops at its next step and changes nothing, and the newer build starts
//! a refresh of its own if it needs one.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use super::http::Preview;
use super::rebuild::{Built, Made};
use super::store;
use crate::generate;
use crate::plan::PageKind;
use crate::related::{self, Related};
use crate::render::Reads;
use crate::run::Stop;

/// A finished refresh, for the next rebuild to carry over: the related sections it
/// ranked and what the pages it rendered again read.
pub struct Refreshed {
    generation: u64,
    pub related: Related,
    pub reads: Vec<(usize, Reads)>,
}

/// Which build is current, and the last refresh finished, shared with refresh threads.
#[derive(Default, Clone)]
pub struct Refreshes {
    current: Arc<AtomicU64>,
    finished: Arc<Mutex<Option<Refreshed>>>,
    /// The stop of the refresh last started, asked when a newer build begins: left to
    /// finish, a stale refresh's search index took the cores from the next edits'
    /// rebuilds, whose reloads came later and later (docs/performance.md).
    running: Arc<Mutex<Option<Arc<Stop>>>>,
}

impl Refreshes {
    /// A new build begins: refreshes of the older ones are stale from now on. Returns
    /// the refresh of the build before, if it finished.
    pub fn next_generation(&self) -> Option<Refreshed> {
        let previous = self.current.fetch_add(1, Ordering::SeqCst);
        if let Some(running) = self.running.lock().unwrap_or_else(|e| e.into_inner()).take() {
            running.ask();
        }
        let finished = self.finished.lock().unwrap_or_else(|e| e.into_inner()).take();
        finished.filter(|r| r.generation == previous)
    }

    /// Starts refreshing `built`, the current build, on a thread of its own.
    pub fn start(&self, root: PathBuf, built: Arc<Built>, preview: Arc<Preview>) {
        let generation = self.current.load(Ordering::SeqCst);
        let refreshes = self.clone();
        let stop = self.new_stop();
        std::thread::spawn(move || {
            let started = Instant::now();
            let Some(done) = refreshes.run(&root, &built, (generation, &stop), &preview) else { return };
            // Dropped before the result is handed over, so the next rebuild holds the
            // build alone and can take the result into it.
            drop(built);
            let pages = done.reads.len();
            *refreshes.finished.lock().unwrap_or_else(|e| e.into_inner()) = Some(done);
            let ms = started.elapsed().as_millis();
            eprintln!("related sections and search index up to date ({pages} pages rendered again) in {ms} ms");
        });
    }

    /// A stop for the refresh about to start, asked when the next build begins.
    fn new_stop(&self) -> Arc<Stop> {
        let stop = Arc::new(Stop::default());
        *self.running.lock().unwrap_or_else(|e| e.into_inner()) = Some(stop.clone());
        stop
    }

    fn stale(&self, generation: u64) -> bool {
        self.current.load(Ordering::SeqCst) != generation
    }

    /// The refresh's steps, each skipped once the build is no longer current. The new
    /// files are served only if it still is when they are ready.
    fn run(
        &self,
        root: &std::path::Path,
        built: &Built,
        (generation, stop): (u64, &Stop),
        preview: &Preview,
    ) -> Option<Refreshed> {
        let site = &built.site;
        let related = related::Origin::prepare(root, None).of(&site.archive);
        let changed: Vec<usize> = (0..site.manifest.pages.len())
            .filter(|&i| match &site.manifest.pages[i].kind {
                PageKind::Section { at, .. } => {
                    related[at.transcript][at.section] != site.related[at.transcript][at.section]
                }
                _ => false,
            })
            .collect();
        if self.stale(generation) {
            return None;
        }
        let made = Made::new(&preview.base_path);
        let put = |path: &str, bytes: Vec<u8>, _| made.put(path, bytes);
        let reads = generate::some_pages(site, &related, &changed, Some(stop), &put);
        let indexed = || generate::search_index(site, Some(stop), &put).map_err(|e| vec![e]);
        let indexed = if site.manifest.search && reads.is_ok() { indexed() } else { Ok(()) };
        let reads = match reads.and_then(|reads| indexed.map(|()| reads)) {
            Ok(reads) => reads,
            Err(_) if self.stale(generation) => return None,
            Err(errors) => {
                errors.iter().for_each(|e| eprintln!("{e}"));
                eprintln!("related sections and search index left as they were");
                return None;
            }
        };
        match store::replace_in(&preview.served, &made.files(), || !self.stale(generation)) {
            Ok(Some(_)) => {}
            Ok(None) => return None,
            Err(e) => {
                eprintln!("cannot write the preview's pages: {e}; related sections and search index left as they were");
                return None;
            }
        }
        Some(Refreshed { generation, related, reads: changed.into_iter().zip(reads).collect() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A refresh is asked to stop as soon as a newer build begins, and not before.
    #[test]
    fn a_newer_build_stops_the_refresh_of_the_last() {
        let refreshes = Refreshes::default();
        let stop = refreshes.new_stop();
        assert!(!stop.asked());
        assert!(refreshes.next_generation().is_none(), "it had not finished");
        assert!(stop.asked());
        let next = refreshes.new_stop();
        assert!(!next.asked(), "the next refresh runs");
    }
}
