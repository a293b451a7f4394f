//! Where the preview keeps its pages: a folder on disk, `.diptych-cache/preview/`,
//! not memory. Held in memory, the pages of 1,000 transcripts took 0.7 GB of the
//! archivist's machine (3.5 GB at 5,000); on disk, the system's file cache keeps the
//! pages being read and gives the memory back when something else needs it.
//!
//! Each running `serve` has a folder of its own there, locked while it runs, and a
//! build that renders every page fills a new *generation* in it, served once complete.
//! A generation is removed once the last request reading from it is answered. A
//! rebuild after an edit replaces its few pages in the generation being served, each
//! file whole (written beside it and renamed), so a request gets the old page or the
//! new one, never half of one.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use crate::cache;

/// The folder of `.diptych-cache/` that holds the previews.
const PREVIEWS: &str = "preview";
/// In each preview's folder: the file locked while its `serve` runs.
const LOCK: &str = "lock";

/// This `serve`'s folder, removed when it stops.
pub struct Store {
    dir: PathBuf,
    generations: AtomicU64,
    /// Locked while this `serve` runs: a folder whose lock can be taken is a stopped
    /// one's, and the next `serve` removes it.
    _lock: fs::File,
}

impl Store {
    /// A folder of its own for this `serve` in the site's cache, after removing those
    /// that stopped `serve`s left (killed, they could not remove their own).
    pub fn open(root: &Path) -> Result<Store, String> {
        let cache = root.join(cache::FOLDER);
        let previews = cache.join(PREVIEWS);
        let cannot = |e: io::Error| format!("cannot keep the preview's pages in {}: {e}", previews.display());
        // The pages would be written wherever a link in the cache pointed.
        if let Some(link) = cache::link_in(root) {
            return Err(crate::diagnostic::ErrorKind::CacheHasLink { link }.to_string());
        }
        fs::create_dir_all(&previews).map_err(cannot)?;
        remove_stopped(&previews);
        let since = std::time::UNIX_EPOCH.elapsed().unwrap_or_default().as_nanos();
        let dir = previews.join(format!("serve-{}-{since}", std::process::id()));
        fs::create_dir(&dir).map_err(cannot)?;
        let lock = fs::File::create(dir.join(LOCK)).map_err(cannot)?;
        lock.try_lock().map_err(|e| cannot(e.into()))?;
        Ok(Store { dir, generations: AtomicU64::new(0), _lock: lock })
    }

    /// This `serve`'s folder, for messages.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Removes this `serve`'s folder (it is stopping).
    pub fn remove(&self) {
        let _ = fs::remove_dir_all(&self.dir);
    }

    /// A new, empty generation to write a whole site into.
    pub fn generation(&self) -> io::Result<Filling> {
        let n = self.generations.fetch_add(1, Ordering::Relaxed);
        let dir = self.dir.join(n.to_string());
        fs::create_dir(&dir)?;
        Ok(Filling { folder: Folder { dir } })
    }
}

impl Drop for Store {
    fn drop(&mut self) {
        self.remove();
    }
}

/// Removes the folders in `previews` whose `serve` has stopped: their lock is free.
/// A folder without a lock is one a `serve` is making right now, and is left.
fn remove_stopped(previews: &Path) {
    let Ok(entries) = fs::read_dir(previews) else { return };
    for entry in entries.flatten() {
        let lock = fs::File::open(entry.path().join(LOCK));
        if lock.is_ok_and(|lock| lock.try_lock().is_ok()) {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

/// A generation being written. Dropped before `finish`, it is removed.
pub struct Filling {
    folder: Folder,
}

impl Filling {
    /// Writes the file at `rel` (`/`-separated, from the site's root).
    pub fn put(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let path = self.folder.dir.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(path, bytes)
    }

    /// The generation, complete, to be served.
    pub fn finish(self) -> Served {
        Served { folder: Some(Arc::new(self.folder)) }
    }
}

/// A generation's folder, removed when dropped: when neither the preview nor any
/// request still reads from it.
struct Folder {
    dir: PathBuf,
}

impl Drop for Folder {
    fn drop(&mut self) {
        // Dropped by whichever request finished last: removing thousands of files is
        // not that request's work.
        let dir = std::mem::take(&mut self.dir);
        std::thread::spawn(move || fs::remove_dir_all(dir));
    }
}

/// The site being served: a complete generation, or nothing before the first good build.
#[derive(Clone, Default)]
pub struct Served {
    folder: Option<Arc<Folder>>,
}

impl Served {
    /// Where the file at `rel` (a path `http::safe_path` let through) is, if it is one.
    pub fn file(&self, rel: &str) -> Option<PathBuf> {
        let path = self.folder.as_ref()?.dir.join(rel);
        fs::symlink_metadata(&path).is_ok_and(|m| m.is_file()).then_some(path)
    }

    /// Replaces the files at each `rel` with their bytes, one by one, each whole.
    pub fn replace(&self, files: &[(String, Vec<u8>)]) -> io::Result<()> {
        let Some(folder) = &self.folder else { return Err(io::ErrorKind::NotFound.into()) };
        for (rel, bytes) in files {
            let path = folder.dir.join(rel);
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent)?;
            }
            let mut name = path.file_name().unwrap_or_default().to_os_string();
            name.push(".diptych-new");
            let new = path.with_file_name(name);
            fs::write(&new, bytes)?;
            fs::rename(&new, &path)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_generation_is_served_until_no_one_reads_it_then_removed() {
        let site = tempfile::tempdir().unwrap();
        let store = Store::open(site.path()).unwrap();
        let filling = store.generation().unwrap();
        filling.put("en/a/index.html", b"one").unwrap();
        let served = filling.finish();
        let page = served.file("en/a/index.html").unwrap();
        assert_eq!(fs::read(&page).unwrap(), b"one");
        assert!(served.file("en/a").is_none(), "a folder is not a file");
        served.replace(&[("en/a/index.html".to_string(), b"two".to_vec())]).unwrap();
        assert_eq!(fs::read(&page).unwrap(), b"two");
        let request = served.clone();
        drop(served);
        assert!(page.exists(), "a request still reads it");
        drop(request);
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while page.exists() && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        assert!(!page.exists(), "removed once no one reads it");
    }

    #[test]
    fn an_unfinished_generation_is_removed_and_a_stopped_preview_cleared_by_the_next() {
        let site = tempfile::tempdir().unwrap();
        let previews = site.path().join(cache::FOLDER).join(PREVIEWS);
        let stopped = previews.join("serve-1");
        fs::create_dir_all(&stopped).unwrap();
        fs::write(stopped.join(LOCK), "").unwrap();
        let store = Store::open(site.path()).unwrap();
        assert!(!stopped.exists(), "a stopped preview's folder is removed");
        let other = Store::open(site.path()).unwrap();
        assert!(store.dir.exists() && other.dir != store.dir, "a running preview's folder is left to it");
        let running = store.dir.clone();
        drop(store);
        assert!(!running.exists(), "a preview removes its folder when it stops");
        assert!(other.dir.exists());
    }

    #[cfg(unix)]
    #[test]
    fn a_link_in_place_of_the_cache_is_never_written_through() {
        let site = tempfile::tempdir().unwrap();
        let elsewhere = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(elsewhere.path(), site.path().join(cache::FOLDER)).unwrap();
        let refused = Store::open(site.path()).err().expect("refused");
        assert!(refused.contains("is a symbolic link"), "{refused}");
        assert_eq!(fs::read_dir(elsewhere.path()).unwrap().count(), 0);
    }
}
