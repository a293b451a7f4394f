//! Emptying a reused output folder of what the new build does not plan.

use std::fs;
use std::io;
use std::path::Path;
use std::time::SystemTime;

use rayon::prelude::*;
use rustc_hash::FxHashSet;

use super::record::Record;
use super::MARKER;

/// Removes every file under `dir` that is not `planned`, and the folders that hold no
/// planned file; but for the files of `whole`, a folder filled whole (the search index:
/// it is never planned), which are left for `Staging::keep_whole` to keep or remove
/// together. Anything that is neither a file nor a folder goes too, planned or not: a
/// symbolic link left in the output would be written through, into whatever it points
/// to. Returns how many files the record lists in `whole`.
pub(super) fn unplanned(
    dir: &Path,
    planned: &FxHashSet<String>,
    whole: Option<&str>,
    record: Option<&Record>,
) -> io::Result<usize> {
    match record {
        Some(record) => by_record(dir, planned, whole, record),
        None => by_walk(dir, planned).map(|()| 0),
    }
}

/// `unplanned` with the folder's record, which lists every file the folder held when
/// it was sealed. Reading every folder of the site (one per page) was most of the time
/// a build took before rendering (docs/performance.md); a folder whose modification
/// time is before the sealing has had no entry added, removed or replaced since, so
/// its entries are the record's and it is not read. Every other folder is read, and
/// whatever the record does not list in it goes: a file or link put there by hand, a
/// folder replaced by a link. (Only someone who can already write to the output
/// folder, and set the clock back, could hide an entry this way.)
fn by_record(dir: &Path, planned: &FxHashSet<String>, whole: Option<&str>, record: &Record) -> io::Result<usize> {
    let files: FxHashSet<&str> = record.files().chain([MARKER]).collect();
    let mut folders = folders_of(files.iter().copied());
    folders.insert(""); // the top, which holds the marker
    let sealed = record.sealed_at();
    // First everything the record does not list, so that no path below is a link.
    folders.par_iter().try_for_each(|folder| remove_strays(dir, folder, &files, &folders, sealed))?;
    let gone = |removed: io::Result<()>| match removed {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    };
    let in_whole = |f: &str| whole.is_some_and(|w| f.starts_with(w));
    let stale: Vec<&str> =
        files.par_iter().copied().filter(|f| *f != MARKER && !planned.contains(*f) && !in_whole(f)).collect();
    stale.par_iter().try_for_each(|f| gone(fs::remove_file(dir.join(f))))?;
    // A folder left empty held only stale files: only theirs are asked to go, the
    // deepest first (a folder is empty only once the folders in it are gone), and one
    // that still holds a file stays. Working out from the planned files which folders
    // to keep took a set of every folder of the site, on every build.
    let mut emptied: Vec<&str> = folders_of(stale.iter().copied()).into_iter().collect();
    emptied.sort_unstable_by_key(|f| std::cmp::Reverse(f.matches('/').count()));
    emptied.iter().try_for_each(|f| match fs::remove_dir(dir.join(f)) {
        Err(e) if e.kind() == io::ErrorKind::DirectoryNotEmpty => Ok(()),
        removed => gone(removed),
    })?;
    Ok(files.iter().filter(|f| in_whole(f)).count())
}

/// Reads `folder` if it changed since `sealed`, and removes what the record (its
/// `files` and `folders`) does not list in it, or lists as the other kind (a folder
/// where a file was, a link for either).
fn remove_strays(
    dir: &Path,
    folder: &str,
    files: &FxHashSet<&str>,
    folders: &FxHashSet<&str>,
    sealed: SystemTime,
) -> io::Result<()> {
    let path = dir.join(folder);
    // Gone, or no longer a folder: its parent changed, and is read.
    let Ok(meta) = fs::symlink_metadata(&path) else { return Ok(()) };
    if !meta.is_dir() || meta.modified().is_ok_and(|modified| modified < sealed) {
        return Ok(());
    }
    for entry in fs::read_dir(&path)? {
        let entry = entry?;
        let kind = entry.file_type()?;
        let rel =
            entry.file_name().to_str().map(|n| if folder.is_empty() { n.to_string() } else { format!("{folder}/{n}") });
        let listed = |set: &FxHashSet<&str>| rel.as_deref().is_some_and(|r| set.contains(r));
        if kind.is_dir() && listed(folders) || kind.is_file() && listed(files) {
            continue;
        }
        if kind.is_dir() {
            fs::remove_dir_all(entry.path())?;
        } else {
            fs::remove_file(entry.path())?;
        }
    }
    Ok(())
}

/// `unplanned` without a record, by a walk of the whole folder. The walk visits every
/// folder of the site, one per page, before any page can be written, so it is shared
/// out among the cores by second-level entry (`zh/2010/`…): by top-level folder, the
/// largest language's was left to one core.
fn by_walk(dir: &Path, planned: &FxHashSet<String>) -> io::Result<()> {
    let folders = folders_of(planned.iter().map(String::as_str));
    let (mut tops, mut parts) = (Vec::new(), Vec::new());
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        // The entry's own type: a link to a folder is a link, not a folder.
        if entry.file_type()?.is_dir() {
            for inner in fs::read_dir(entry.path())? {
                parts.push(inner?.path());
            }
            tops.push(entry.path());
        } else {
            parts.push(entry.path());
        }
    }
    let prune = |path: &Path, kind: fs::FileType| -> io::Result<()> {
        let rel = path.strip_prefix(dir).unwrap_or(path);
        let rel = rel.to_string_lossy().replace(std::path::MAIN_SEPARATOR, "/");
        if kind.is_dir() {
            // Asking for every folder to be removed, to keep those left empty, cost a
            // failed system call per page.
            if !folders.contains(rel.as_str()) {
                fs::remove_dir(path)?;
            }
        } else if !kind.is_file() || (rel != MARKER && !planned.contains(&rel)) {
            fs::remove_file(path)?;
        }
        Ok(())
    };
    parts.par_iter().try_for_each(|part| {
        // Not even `part` itself is followed if it is a link.
        for entry in walkdir::WalkDir::new(part).follow_root_links(false).contents_first(true) {
            let entry = entry.map_err(io::Error::from)?;
            prune(entry.path(), entry.file_type())?;
        }
        Ok::<_, io::Error>(())
    })?;
    // Last, once all they held has been dealt with: a top-level folder may be empty now.
    tops.iter().try_for_each(|top| prune(top, fs::symlink_metadata(top)?.file_type()))
}

/// Every folder that holds a file of `files` at some depth: `zh/a` and `zh` for `zh/a/index.html`.
fn folders_of<'f>(files: impl IntoIterator<Item = &'f str>) -> FxHashSet<&'f str> {
    let mut folders = FxHashSet::default();
    for file in files {
        let mut path = file;
        while let Some((parent, _)) = path.rsplit_once('/') {
            if !folders.insert(parent) {
                break; // its parents are in already
            }
            path = parent;
        }
    }
    folders
}
