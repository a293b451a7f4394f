//! Where the preview keeps its pages: on disk, not in memory. Held in memory, the
//! pages of 1,000 transcripts took 0.7 GB of the archivist's machine (3.5 GB at 5,000);
//! on disk, the system's file cache keeps the pages being read and gives the memory
//! back when something else needs it.
//!
//! A build that renders every page writes them one after another into a *pack*, a
//! file of the site's cache folder that has no name (`tempfile`: removed from its
//! folder as soon as it is made, so nothing is left behind, even by a `serve` that is
//! killed), and keeps in memory only where each page is in it. A pack is served once
//! complete, and freed when the last request reading from it is answered. One file
//! rather than a folder of files: creating 21,000 files and removing them again cost
//! more than rendering them on some disks (docs/performance.md).
//!
//! A rebuild after an edit adds its pages at the end of the pack being served and
//! serves a new list of where each page is (`replace_in`): a request gets the old page
//! or the new one, never half of one, and a rebuild that fails leaves the list as it
//! was. Once replaced pages take more room than the pages served, the served ones are
//! copied into a new pack.

use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use rustc_hash::FxHashMap;

use crate::cache;

/// Where the packs are made: the site's cache folder, on the same disk as the site
/// (the system's temporary folder is memory on many systems).
pub struct Store {
    dir: PathBuf,
}

impl Store {
    /// The site's cache folder, or, where it cannot be written (a site on a read-only
    /// disk or share, someone else's archive), the system's temporary folder: a preview
    /// needs no write to the site. Says which, if not the cache.
    pub fn open(root: &Path) -> Result<Store, String> {
        // The pages would be written wherever a link in the cache pointed.
        if let Some(link) = cache::link_in(root) {
            return Err(crate::diagnostic::ErrorKind::CacheHasLink { link }.to_string());
        }
        let cache = root.join(cache::FOLDER);
        let writable = |dir: &Path| std::fs::create_dir_all(dir).and_then(|()| tempfile::tempfile_in(dir)).map(drop);
        let Err(e) = writable(&cache) else { return Ok(Store { dir: cache }) };
        let temporary = std::env::temp_dir();
        writable(&temporary).map_err(|e| format!("cannot keep the preview's pages in {}: {e}", temporary.display()))?;
        eprintln!(
            "note: {} cannot be written ({e}); the preview keeps its pages in {} instead",
            cache.display(),
            temporary.display()
        );
        Ok(Store { dir: temporary })
    }

    /// The folder the packs are made in, for messages.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// A new, empty pack to write a whole site into.
    pub fn new_pack(&self) -> io::Result<Filling> {
        Ok(Filling { pack: Arc::new(Pack::new(&self.dir)?), places: Mutex::default() })
    }
}

/// Where a file is in its pack: its first byte and its length.
type Place = (u64, u64);
/// Each file's place, by its path from the site's root.
type Places = FxHashMap<String, Place>;

/// A file of pages, one after another; written at the end by any thread, read anywhere.
struct Pack {
    file: File,
    end: AtomicU64,
    /// Where new packs are made, for the copy that leaves replaced pages behind.
    dir: PathBuf,
}

impl Pack {
    fn new(dir: &Path) -> io::Result<Pack> {
        Ok(Pack { file: tempfile::tempfile_in(dir)?, end: AtomicU64::new(0), dir: dir.to_path_buf() })
    }

    fn append(&self, bytes: &[u8]) -> io::Result<Place> {
        let len = bytes.len() as u64;
        let at = self.end.fetch_add(len, Ordering::Relaxed);
        positioned::write_all_at(&self.file, bytes, at)?;
        Ok((at, len))
    }

    fn read(&self, (at, len): Place) -> io::Result<Vec<u8>> {
        let mut bytes = vec![0; usize::try_from(len).map_err(|_| io::ErrorKind::InvalidData)?];
        positioned::read_exact_at(&self.file, &mut bytes, at)?;
        Ok(bytes)
    }
}

/// A pack being written. Dropped before `finish`, it is freed.
pub struct Filling {
    pack: Arc<Pack>,
    places: Mutex<Places>,
}

impl Filling {
    /// Writes the file at `rel` (`/`-separated, from the site's root).
    pub fn put(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let place = self.pack.append(bytes)?;
        self.places.lock().unwrap_or_else(|e| e.into_inner()).insert(rel.to_string(), place);
        Ok(())
    }

    /// The pack, complete, to be served.
    pub fn finish(self) -> Served {
        let places = self.places.into_inner().unwrap_or_else(|e| e.into_inner());
        Served { pack: Some(self.pack), places: Arc::new(places) }
    }
}

/// The site being served: a pack and where each file is in it, or nothing before the
/// first good build. Cheap to clone: a request holds one while it reads.
#[derive(Clone, Default)]
pub struct Served {
    pack: Option<Arc<Pack>>,
    places: Arc<Places>,
}

impl Served {
    /// The file at `rel`, if the site has one there.
    pub fn read(&self, rel: &str) -> Option<Vec<u8>> {
        let place = *self.places.get(rel)?;
        self.pack.as_ref()?.read(place).ok()
    }

    pub fn has(&self, rel: &str) -> bool {
        self.places.contains_key(rel)
    }

    /// The length of the file at `rel`.
    pub fn len(&self, rel: &str) -> Option<u64> {
        self.places.get(rel).map(|&(_, len)| len)
    }

    /// `len` bytes of the file at `rel` from `start`, for a request of part of it (a
    /// browser seeking in a recording); None past its end.
    pub fn read_part(&self, rel: &str, start: u64, len: u64) -> Option<Vec<u8>> {
        let (at, whole) = *self.places.get(rel)?;
        if start.checked_add(len)? > whole {
            return None;
        }
        self.pack.as_ref()?.read((at + start, len)).ok()
    }

    /// The site with the files at each `rel` replaced by (or added with) their bytes.
    /// Copies the pack first if pages it replaced take more room than the site.
    fn with(&self, files: &[(String, Vec<u8>)]) -> io::Result<Served> {
        let Some(pack) = &self.pack else { return Err(io::ErrorKind::NotFound.into()) };
        let served: u64 = self.places.values().map(|&(_, len)| len).sum();
        let replaced = pack.end.load(Ordering::Relaxed) - served;
        let (pack, mut places) =
            if replaced > served { self.copied()? } else { (pack.clone(), (*self.places).clone()) };
        // Most of what an edit makes again is as it was (of 2,619 search index files at
        // N = 1,000, eight changed): left where it is, the pack hardly grows.
        for (rel, bytes) in files.iter().filter(|(rel, bytes)| self.read(rel).as_deref() != Some(bytes)) {
            places.insert(rel.clone(), pack.append(bytes)?);
        }
        Ok(Served { pack: Some(pack), places: Arc::new(places) })
    }

    /// The files served, copied into a new pack without the pages they replaced.
    fn copied(&self) -> io::Result<(Arc<Pack>, Places)> {
        let old = self.pack.as_ref().ok_or(io::ErrorKind::NotFound)?;
        let new = Pack::new(&old.dir)?;
        let mut places = Places::default();
        for (rel, &place) in self.places.iter() {
            places.insert(rel.clone(), new.append(&old.read(place)?)?);
        }
        Ok((Arc::new(new), places))
    }
}

/// Serves `files` in place of those `served` has (or beside them), unless `current`
/// says, once nothing else can change what is served, that they are out of date.
/// Returns what was served before. The pages are written, and the pack copied if it
/// needs to be (seconds, for a large archive), while requests are still answered from
/// what is served; only if a newer change was served meanwhile are they written again
/// with it held.
pub fn replace_in(
    served: &RwLock<Served>,
    files: &[(String, Vec<u8>)],
    current: impl Fn() -> bool,
) -> io::Result<Option<Served>> {
    let before = served.read().unwrap_or_else(|e| e.into_inner()).clone();
    let prepared = before.with(files)?;
    let mut served = served.write().unwrap_or_else(|e| e.into_inner());
    if !current() {
        return Ok(None);
    }
    let new = if Arc::ptr_eq(&served.places, &before.places) { prepared } else { served.with(files)? };
    Ok(Some(std::mem::replace(&mut *served, new)))
}

/// Reading and writing at a place in a file, from any thread at once.
mod positioned {
    use std::fs::File;
    use std::io;

    #[cfg(unix)]
    pub fn write_all_at(file: &File, bytes: &[u8], at: u64) -> io::Result<()> {
        std::os::unix::fs::FileExt::write_all_at(file, bytes, at)
    }

    #[cfg(unix)]
    pub fn read_exact_at(file: &File, bytes: &mut [u8], at: u64) -> io::Result<()> {
        std::os::unix::fs::FileExt::read_exact_at(file, bytes, at)
    }

    #[cfg(windows)]
    pub fn write_all_at(file: &File, mut bytes: &[u8], mut at: u64) -> io::Result<()> {
        while !bytes.is_empty() {
            let n = std::os::windows::fs::FileExt::seek_write(file, bytes, at)?;
            if n == 0 {
                return Err(io::ErrorKind::WriteZero.into());
            }
            bytes = &bytes[n..];
            at += n as u64;
        }
        Ok(())
    }

    #[cfg(windows)]
    pub fn read_exact_at(file: &File, mut bytes: &mut [u8], mut at: u64) -> io::Result<()> {
        while !bytes.is_empty() {
            match std::os::windows::fs::FileExt::seek_read(file, bytes, at)? {
                0 => return Err(io::ErrorKind::UnexpectedEof.into()),
                n => {
                    bytes = &mut std::mem::take(&mut bytes)[n..];
                    at += n as u64;
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(pairs: &[(&str, &str)]) -> Vec<(String, Vec<u8>)> {
        pairs.iter().map(|(rel, text)| (rel.to_string(), text.as_bytes().to_vec())).collect()
    }

    #[test]
    fn what_is_served_is_what_was_put_and_replaced_last() {
        let site = tempfile::tempdir().unwrap();
        let store = Store::open(site.path()).unwrap();
        let filling = store.new_pack().unwrap();
        filling.put("en/a/index.html", b"one").unwrap();
        filling.put("en/b/index.html", "二".as_bytes()).unwrap();
        let first = filling.finish();
        assert_eq!(first.read("en/a/index.html").unwrap(), b"one");
        assert!(first.read("en/a").is_none() && first.has("en/b/index.html"));
        let second = first.with(&files(&[("en/a/index.html", "two"), ("en/c/index.html", "three")])).unwrap();
        assert_eq!(second.read("en/a/index.html").unwrap(), b"two");
        assert_eq!(second.read("en/b/index.html").unwrap(), "二".as_bytes());
        assert_eq!(first.read("en/a/index.html").unwrap(), b"one", "a request holding the old site reads it whole");
        assert!(!first.has("en/c/index.html") && second.has("en/c/index.html"));
        let size = |s: &Served| s.pack.as_ref().unwrap().end.load(Ordering::Relaxed);
        let third = second.with(&files(&[("en/a/index.html", "two")])).unwrap();
        assert_eq!(size(&third), size(&second), "a file made again as it was is not written again");
        assert_eq!(std::fs::read_dir(store.dir()).unwrap().count(), 0, "the pack has no name to leave behind");
    }

    /// Replacing the same pages again and again (every edit makes the search index again)
    /// never lets the pack grow past a few times what is served, and loses nothing.
    #[test]
    fn replaced_pages_are_left_behind_once_they_outgrow_the_site() {
        let site = tempfile::tempdir().unwrap();
        let store = Store::open(site.path()).unwrap();
        let filling = store.new_pack().unwrap();
        for n in 0..50 {
            filling.put(&format!("p/{n}"), format!("page {n}").as_bytes()).unwrap();
        }
        let mut served = filling.finish();
        let size = |s: &Served| s.pack.as_ref().unwrap().end.load(Ordering::Relaxed);
        let first = size(&served);
        for edit in 0..200 {
            let n = edit % 7;
            served = served.with(&files(&[(&format!("p/{n}"), &format!("page {n}, edit {edit}"))])).unwrap();
            assert!(size(&served) <= 3 * first, "edit {edit}: {} bytes for {first}", size(&served));
        }
        for n in 0..50 {
            let text = String::from_utf8(served.read(&format!("p/{n}")).unwrap()).unwrap();
            assert!(text.starts_with(&format!("page {n}")), "{text}");
            assert_eq!(text.contains("edit"), n < 7, "{text}");
        }
        assert!(served.read("p/3").unwrap().ends_with(b"edit 199"));
    }

    #[test]
    fn a_change_out_of_date_once_it_is_ready_is_not_served() {
        let site = tempfile::tempdir().unwrap();
        let filling = Store::open(site.path()).unwrap().new_pack().unwrap();
        filling.put("a", b"one").unwrap();
        let served = RwLock::new(filling.finish());
        let stale = replace_in(&served, &files(&[("a", "stale")]), || false).unwrap();
        assert!(stale.is_none());
        assert_eq!(served.read().unwrap().read("a").unwrap(), b"one");
        let before = replace_in(&served, &files(&[("a", "two")]), || true).unwrap().unwrap();
        assert_eq!(served.read().unwrap().read("a").unwrap(), b"two");
        assert_eq!(before.read("a").unwrap(), b"one");
    }

    #[cfg(unix)]
    #[test]
    fn a_link_in_place_of_the_cache_is_never_written_through() {
        let site = tempfile::tempdir().unwrap();
        let elsewhere = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(elsewhere.path(), site.path().join(cache::FOLDER)).unwrap();
        let refused = Store::open(site.path()).err().expect("refused");
        assert!(refused.contains("is a symbolic link"), "{refused}");
        assert_eq!(std::fs::read_dir(elsewhere.path()).unwrap().count(), 0);
    }
}
