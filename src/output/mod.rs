//! Writing the site: everything goes into a folder beside `output_dir`, which replaces
//! the old output only once the whole build has succeeded. A failed build leaves the
//! last good site as it was, and nothing stale survives a good one.
//!
//! The replaced output is not deleted: it is kept beside the new one as the *spare*
//! (`.public.diptych-spare`), and the next build fills the spare instead of a new
//! folder, rewriting only the files whose bytes changed and removing those no longer
//! planned. Deleting 20,000 files and writing them all again cost more than rendering
//! them; the price is a second copy of the site on disk.

mod exchange;
mod lock;
mod prune;
mod record;

pub use record::Fingerprint;

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use rustc_hash::FxHashSet;

use crate::config::Config;
use crate::diagnostic::{Error, ErrorKind};
use crate::run::Stop;

/// Written into every output folder: proof that replacing it deletes nothing of the user's.
/// It also names the folder's record (`record.rs`), and is written last, when the
/// folder is complete: its modification time is when the record was true.
pub const MARKER: &str = ".diptych-output";
const MARKER_TEXT: &str = "This folder is written by diptych and replaced on every build.\n";

/// Refuses output folders whose replacement would delete sources or someone's files.
fn guard(config: &Config) -> Result<(), ErrorKind> {
    not_a_folder(config)?;
    let out = real(&config.output_dir);
    let root = real(&config.root);
    let output = config.display_path(&config.output_dir);
    let precious = ["content", "themes", "templates", "static", crate::cache::FOLDER].map(|d| root.join(d));
    if out == root || root.starts_with(&out) {
        return Err(ErrorKind::OutputHoldsSite { output });
    }
    if let Some(p) = precious.iter().find(|p| out.starts_with(p) || p.starts_with(&out)) {
        return Err(ErrorKind::OutputOverlapsSources { output, sources: config.display_path(p) });
    }
    let foreign = out.is_dir()
        && !out.join(MARKER).exists()
        && fs::read_dir(&out).map(|mut d| d.next().is_some()).unwrap_or(true);
    if foreign {
        return Err(ErrorKind::OutputNotOurs { output });
    }
    let spare = sibling(&absolute(&config.output_dir), SPARE);
    if spare.exists() && !spare.join(MARKER).exists() {
        return Err(ErrorKind::SpareNotOurs { spare: config.display_path(&spare) });
    }
    Ok(())
}

/// Refuses an output that is there but is not a folder of its own: a file (a build
/// would move it aside and put the site in its place) or a symbolic link (the swap
/// would replace the link, not the folder it points to).
fn not_a_folder(config: &Config) -> Result<(), ErrorKind> {
    let output = config.display_path(&config.output_dir);
    match fs::symlink_metadata(&config.output_dir) {
        Ok(meta) if meta.file_type().is_symlink() => Err(ErrorKind::OutputIsLink { output }),
        Ok(meta) if !meta.is_dir() => Err(ErrorKind::OutputIsFile { output }),
        Ok(meta) if is_mount_point(&config.output_dir, &meta) => Err(ErrorKind::OutputIsMountPoint { output }),
        _ => Ok(()),
    }
}

/// Whether `dir` is where another file system is mounted (a disk, a tmpfs, a volume
/// of a container): its device differs from its parent's. Such a folder cannot be
/// renamed, and the swap renames the output folder.
#[cfg(unix)]
fn is_mount_point(dir: &Path, meta: &fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    let parent = absolute(dir).parent().map(Path::to_path_buf);
    parent.and_then(|p| fs::metadata(p).ok()).is_some_and(|p| p.dev() != meta.dev())
}

#[cfg(not(unix))]
fn is_mount_point(_dir: &Path, _meta: &fs::Metadata) -> bool {
    false
}

/// The real path of `path`, through any symbolic links: its nearest existing ancestor
/// resolved by the system, and the rest (which does not exist yet) added as written.
fn real(path: &Path) -> PathBuf {
    let path = absolute(path);
    let mut existing = path.as_path();
    let mut rest = Vec::new();
    while existing.canonicalize().is_err() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return path.clone(),
        }
    }
    let mut real = existing.canonicalize().unwrap_or_else(|_| existing.to_path_buf());
    real.extend(rest.iter().rev());
    real
}

/// Lexically absolute and normalised (the folder may not exist yet, so no canonicalize).
fn absolute(path: &Path) -> PathBuf {
    let joined = std::env::current_dir().map(|cwd| cwd.join(path)).unwrap_or_else(|_| path.to_path_buf());
    let mut out = PathBuf::new();
    for part in joined.components() {
        match part {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// What `sibling` calls the folder being filled, and the previous output kept for reuse.
const STAGING: &str = "tmp";
const SPARE: &str = "spare";
const LOCK: &str = "lock";

/// A folder being filled, beside its target. Dropped without `commit`, it is removed,
/// or, if it was the spare, left as the spare.
pub struct Staging {
    dir: PathBuf,
    /// The output folder as the user named it, for messages.
    shown: PathBuf,
    target: PathBuf,
    /// Filled from the spare: its files may already hold what is to be written.
    reused: bool,
    /// What the spare's files hold, where they are still as its record says.
    record: Option<record::Lookups>,
    /// The folder filled whole, if any, and how many files the record lists in it.
    whole: Option<(String, usize)>,
    /// Set once `keep_whole` has emptied that folder: the record no longer says what
    /// it holds.
    whole_emptied: AtomicBool,
    /// What this build writes, to be recorded for the build that reuses this folder.
    fingerprints: record::Fingerprints,
    /// Where this output folder's records are kept (in `.diptych-cache/outputs/`).
    records: PathBuf,
    committed: bool,
    /// Told which folder is being filled, for a second Ctrl-C to put away.
    stop: Option<std::sync::Arc<Stop>>,
    /// Held until the swap is done or the folder put away (dropped last).
    _lock: lock::Lock,
}

/// The folder a build fills beside `target`, and whether it is the last build's spare,
/// taken whole (its unchanged files are kept) rather than made empty.
fn take_spare(target: &Path) -> io::Result<(PathBuf, bool)> {
    let dir = sibling(target, STAGING);
    if fs::symlink_metadata(&dir).is_ok() {
        fs::remove_dir_all(&dir)?; // left by a build that was killed (a link: only the link goes)
    }
    let spare = sibling(target, SPARE);
    // A link in the spare's place is not a spare: filling it would clean out the
    // folder it points to.
    let real_folder = fs::symlink_metadata(&spare).is_ok_and(|m| m.is_dir());
    // Nor is a link in its marker's place a marker: the marker is written again
    // when the folder is sealed, and that would write through it.
    let marked = fs::symlink_metadata(spare.join(MARKER)).is_ok_and(|m| m.is_file());
    let reused = real_folder && marked && fs::rename(&spare, &dir).is_ok();
    Ok((dir, reused))
}

impl Staging {
    /// A folder to fill for the site's output folder, once `guard` allows it: the
    /// spare, if there is one, with every file not in `planned` removed (paths relative
    /// to the output root), or else a new one. `whole`, a folder that one maker fills
    /// whole (`/`-terminated), is left for it to keep or empty (`keep_whole`).
    /// While another build fills the same folder, it waits for it (saying so once).
    pub fn create(
        config: &Config,
        (planned, whole): (&FxHashSet<String>, Option<&str>),
        stop: Option<&std::sync::Arc<Stop>>,
    ) -> Result<Self, Error> {
        let refused = Error::nowhere;
        guard(config).map_err(refused)?;
        let shown = config.display_path(&config.output_dir);
        let failed = |source| Error::nowhere(ErrorKind::Write { path: shown.clone(), source });
        let waiting = || eprintln!("waiting for another build into `{}` to finish…", shown.display());
        let lock = lock::Lock::take(&sibling(&real(&config.output_dir), LOCK), stop.map(|s| &**s), waiting);
        let lock = lock.map_err(|e| match e.kind() {
            io::ErrorKind::Interrupted => Error::nowhere(ErrorKind::Interrupted),
            _ => failed(e),
        })?;
        // Again, now that no other build can be changing it.
        guard(config).map_err(refused)?;
        let planned = (planned, whole);
        let staging = Self::fill(&config.output_dir, shown.clone(), planned, &config.root, lock, stop.cloned());
        staging.map_err(failed)
    }

    /// `create` once allowed and locked; `root` is the site's folder, whose cache holds the spare's record.
    fn fill(
        target: &Path,
        shown: PathBuf,
        (planned, whole): (&FxHashSet<String>, Option<&str>),
        root: &Path,
        lock: lock::Lock,
        stop: Option<std::sync::Arc<Stop>>,
    ) -> io::Result<Self> {
        let (dir, reused) = take_spare(target)?;
        let records = record::folder(root, &absolute(target));
        let record = reused.then(|| record::Record::load(&records, &dir.join(MARKER))).flatten();
        let path_bytes = planned.iter().map(String::len).sum();
        let fingerprints = record::Fingerprints::with_capacity(planned.len(), path_bytes);
        let target = target.to_path_buf();
        if let Some(stop) = &stop {
            stop.filling(Some(target.clone()));
        }
        let mut staging = Staging {
            dir,
            shown,
            target,
            reused,
            record: None,
            whole: None,
            whole_emptied: AtomicBool::new(false),
            fingerprints,
            records,
            committed: false,
            stop,
            _lock: lock,
        };
        let pruned = staging.gated(|| {
            if reused {
                prune::unplanned(&staging.dir, planned, whole, record.as_ref())
            } else {
                fs::create_dir_all(&staging.dir).map(|()| prune::Pruned { unchanged: None, in_whole: 0 })
            }
        })?;
        staging.whole = whole.map(|folder| (folder.to_string(), pruned.in_whole));
        staging.record = pruned.unchanged;
        // A spare keeps its marker, which names its record and, by its time, when it
        // was sealed: a build that stops halfway (on a broken link, say) leaves it as a
        // spare with files and folders changed since, which the next build's pruning
        // trusts no more than changes made by hand, and the rest as before. Without
        // its record, the next build would draw every page again. A new folder gets
        // a marker that names no record.
        if !reused {
            staging.gated(|| fs::write(staging.dir.join(MARKER), MARKER_TEXT))?;
        }
        Ok(staging)
    }

    /// Writes a file at `rel` (`/`-separated, relative to the output root), unless it
    /// already holds exactly these bytes. `fingerprint`: theirs, if the maker has it.
    pub fn write_file(&self, rel: &str, bytes: &[u8], fingerprint: Option<Fingerprint>) -> Result<(), Error> {
        let failed = |source| Error::nowhere(ErrorKind::Write { path: self.shown.join(rel), source });
        let fingerprint = fingerprint.unwrap_or_else(|| Fingerprint::of(bytes));
        debug_assert_eq!(fingerprint, Fingerprint::of(bytes));
        self.write_bytes(rel, bytes, fingerprint).map_err(failed)
    }

    /// Keeps the file at `rel` as the folder has it, if its record says it holds the
    /// bytes `fingerprint` describes (and it is unchanged since); then it counts as
    /// written. Otherwise nothing is done, and the file must be written.
    pub fn keep_file(&self, rel: &str, fingerprint: Fingerprint) -> bool {
        let held = self.still_holds(rel, fingerprint);
        if held {
            self.fingerprints.add(rel, fingerprint);
        }
        held
    }

    /// Whether the record says the file at `rel` holds the bytes `fingerprint` describes,
    /// and it is unchanged since.
    fn still_holds(&self, rel: &str, fingerprint: Fingerprint) -> bool {
        self.vouched(rel, fingerprint) == Some(true)
    }

    /// What the record says of the file at `rel` as the folder is now: whether it holds
    /// the bytes `fingerprint` describes; `None` where it cannot say (no record, a file
    /// changed since it was sealed, or in the folder `keep_whole` has emptied).
    fn vouched(&self, rel: &str, fingerprint: Fingerprint) -> Option<bool> {
        let whole = self.whole.as_ref().map(|(folder, _)| folder.as_str());
        let emptied = self.whole_emptied.load(Ordering::Relaxed) && whole.is_some_and(|w| rel.starts_with(w));
        let record = self.record.as_ref().filter(|_| self.reused && !emptied)?;
        record.still_holds(rel, fingerprint)
    }

    /// Keeps the folder filled whole (as given to `create`) as the folder has it if it
    /// holds exactly `files` (paths from the output root) with the bytes their
    /// fingerprints describe, as its record says: then they count as written. Otherwise
    /// empties it, for them to be written. Whether it was kept; never without such a
    /// folder.
    pub fn keep_whole(&self, files: &[(&str, Fingerprint)]) -> Result<bool, Error> {
        let Some((whole, listed)) = &self.whole else { return Ok(false) };
        let failed = |source| Error::nowhere(ErrorKind::Write { path: self.shown.join(whole), source });
        let mut paths: Vec<&str> = files.iter().map(|(rel, _)| *rel).collect();
        paths.sort_unstable();
        paths.dedup();
        // As many distinct files as the record lists there, each one it lists: the same files.
        let same = *listed == paths.len() && paths.len() == files.len();
        let held = same && files.iter().all(|&(rel, print)| rel.starts_with(whole) && self.still_holds(rel, print));
        if held {
            files.iter().for_each(|&(rel, fingerprint)| self.fingerprints.add(rel, fingerprint));
            return Ok(true);
        }
        self.whole_emptied.store(true, Ordering::Relaxed);
        match self.gated(|| fs::remove_dir_all(self.dir.join(whole))) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => Err(failed(e)),
            _ => Ok(false),
        }
    }

    fn write_bytes(&self, rel: &str, bytes: &[u8], fingerprint: Fingerprint) -> io::Result<()> {
        let path = self.dir.join(rel);
        self.fingerprints.add(rel, fingerprint);
        if self.reused && self.holds(rel, &path, bytes, fingerprint) {
            return Ok(());
        }
        self.gated(|| {
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent)?;
            }
            fs::write(&path, bytes)
        })
    }

    /// Runs `write`, a write into the folder being filled, unless a second Ctrl-C has
    /// put the folder away (`Stop::writing`).
    fn gated<T>(&self, write: impl FnOnce() -> io::Result<T>) -> io::Result<T> {
        match &self.stop {
            Some(stop) => stop.writing(write),
            None => write(),
        }
    }

    /// Whether the file at `path` already holds `bytes`: as its record says, if there
    /// is one for it, otherwise by reading it.
    fn holds(&self, rel: &str, path: &Path, bytes: &[u8], fingerprint: Fingerprint) -> bool {
        self.vouched(rel, fingerprint).unwrap_or_else(|| fs::read(path).is_ok_and(|existing| existing == bytes))
    }

    /// Puts the new site in place of the old one, which becomes the spare; unless
    /// `stop` was set, which leaves the old one as it was.
    /// Returns the bytes of the marker it writes into the folder, which a site's size
    /// counts as well as every file written through `write_file`.
    pub fn commit(self) -> Result<u64, Error> {
        if let Some(stop) = &self.stop {
            // From here on the folder is the new site, not something to put away.
            stop.filling(None);
            if stop.asked() {
                return Err(Error::nowhere(ErrorKind::Interrupted));
            }
        }
        let shown = self.shown.clone();
        self.swap().map_err(|source| Error::nowhere(ErrorKind::Write { path: shown, source }))
    }

    fn swap(mut self) -> io::Result<u64> {
        // The record first, the marker naming it last: a record is only ever named by a
        // complete folder. Without a record the next build compares bytes, so failing
        // to write one is no reason to fail the build.
        let old_id = fs::read_to_string(self.target.join(MARKER)).ok();
        let keep = old_id.as_deref().and_then(record::id_in);
        let fingerprints = std::mem::take(&mut self.fingerprints);
        // The spare's record, a map of every file, is freed on a thread of its own.
        let record = self.record.take();
        std::thread::spawn(move || drop(record));
        let id_line = fingerprints.save(&self.records, keep).map(|id| record::id_line(&id)).unwrap_or_default();
        let marker = format!("{MARKER_TEXT}{id_line}");
        fs::write(self.dir.join(MARKER), &marker)?;
        let marker = marker.len() as u64;
        let spare = sibling(&self.target, SPARE);
        if fs::symlink_metadata(&spare).is_ok() {
            // Only if the spare could not be taken: an old copy, not worth keeping two.
            fs::remove_dir_all(&spare)?;
        }
        let had_old = self.target.exists();
        if had_old && exchange::exchange(&self.dir, &self.target)? {
            self.committed = true;
            // The old site, now under the staging name, becomes the spare; if it cannot,
            // the next build removes it, and this one has done its work all the same.
            let _ = fs::rename(&self.dir, &spare);
            return Ok(marker);
        }
        if had_old {
            fs::rename(&self.target, &spare)?;
        }
        if let Err(e) = fs::rename(&self.dir, &self.target) {
            if had_old {
                fs::rename(&spare, &self.target)?;
            }
            return Err(e);
        }
        self.committed = true;
        Ok(marker)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if let Some(stop) = &self.stop {
            stop.filling(None);
        }
        if !self.committed {
            abandon(&self.target);
        }
    }
}

/// Puts away the folder that was being filled for the output folder `target`: it
/// becomes the spare if there is none (its files are replaced or removed by the next
/// build, as any spare's), or else is removed. Only a folder with its marker may become
/// the spare: the next build refuses one without.
pub fn abandon(target: &Path) {
    let (dir, spare) = (sibling(target, STAGING), sibling(target, SPARE));
    let kept = !spare.exists() && dir.join(MARKER).is_file() && fs::rename(&dir, &spare).is_ok();
    if !kept {
        let _ = fs::remove_dir_all(&dir);
    }
}

/// `public` → `.public.diptych-tmp` in the same parent, so the swap is a rename.
fn sibling(target: &Path, what: &str) -> PathBuf {
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "public".into());
    target.with_file_name(format!(".{name}.diptych-{what}"))
}

#[cfg(test)]
mod tests;
