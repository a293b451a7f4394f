//! Emptying a reused output folder of what the new build does not plan.

use std::fs;
use std::io;
use std::path::Path;
use std::time::SystemTime;

use rayon::prelude::*;
use rustc_hash::FxHashSet;

use super::record::{Fingerprint, Lookups, Record};
use super::MARKER;

/// What pruning found: the files still as the record says (none without a record),
/// and how many files the record lists in the folder filled whole.
pub(super) struct Pruned {
    pub unchanged: Option<Lookups>,
    pub in_whole: usize,
}

/// Removes every file under `dir` that is not `planned`, and the folders that hold no
/// planned file; but for the files of `whole`, a folder filled whole (the search index:
/// it is never planned), which are left for `Staging::keep_whole` to keep or remove
/// together. Anything that is neither a file nor a folder goes too, planned or not: a
/// symbolic link left in the output would be written through, into whatever it points
/// to.
pub(super) fn unplanned(
    dir: &Path,
    planned: &FxHashSet<String>,
    whole: Option<&str>,
    record: Option<&Record>,
) -> io::Result<Pruned> {
    match record {
        Some(record) => by_record(dir, planned, whole, record),
        None => by_walk(dir, planned).map(|()| Pruned { unchanged: None, in_whole: 0 }),
    }
}

/// A file of the record, by its folder (`""` at the top).
#[derive(Clone, Copy)]
struct Listed<'r> {
    folder: &'r str,
    rel: &'r str,
    fingerprint: Fingerprint,
}

/// A folder of the record: how deep (the top is 0), and the files the record lists in
/// it (none for a folder that holds only folders, such as a year's).
struct Folder<'l, 'r> {
    name: &'r str,
    depth: usize,
    files: &'l [Listed<'r>],
}

/// `unplanned` with the folder's record, which lists every file the folder held when
/// it was sealed. Reading every folder of the site (one per page) was most of the time
/// a build took before rendering (docs/performance.md); a folder whose modification
/// time is before the sealing has had no entry added, removed or replaced since, so
/// its entries are the record's and it is not read. Every other folder is read, and
/// whatever the record does not list in it goes: a file or link put there by hand, a
/// folder replaced by a link. (Only someone who can already write to the output
/// folder, and set the clock back, could hide an entry this way.) Each folder's files
/// are then looked at, right after it, for whether they are still as recorded: then
/// the kernel still has the names on their path at hand (docs/performance.md).
fn by_record<'r>(
    dir: &Path,
    planned: &FxHashSet<String>,
    whole: Option<&str>,
    record: &'r Record,
) -> io::Result<Pruned> {
    let mut listed: Vec<Listed<'r>> = record
        .files()
        .map(|(rel, fingerprint)| Listed { folder: rel.rsplit_once('/').map_or("", |(f, _)| f), rel, fingerprint })
        .collect();
    listed.par_sort_unstable_by(|a, b| (a.folder, a.rel).cmp(&(b.folder, b.rel)));
    let mut folders = folders_of(listed.iter().map(|l| l.rel));
    folders.insert(""); // the top, which holds the marker
    let unchanged = settle(dir, &by_depth(&listed, &folders), &folders, record)?;
    let in_whole = |f: &str| whole.is_some_and(|w| f.starts_with(w));
    let stale: Vec<&str> = listed.par_iter().map(|l| l.rel).filter(|f| !planned.contains(*f) && !in_whole(f)).collect();
    remove_stale(dir, &stale)?;
    let unchanged = Lookups::of(unchanged.iter().map(|l| (l.rel, l.fingerprint)));
    Ok(Pruned { unchanged: Some(unchanged), in_whole: listed.iter().filter(|l| in_whole(l.rel)).count() })
}

/// Every folder of the record (`folders`) with its files (from `listed`, sorted by
/// folder), the top first and the deepest last.
fn by_depth<'l, 'r>(listed: &'l [Listed<'r>], folders: &FxHashSet<&'r str>) -> Vec<Folder<'l, 'r>> {
    let depth = |name: &str| if name.is_empty() { 0 } else { name.matches('/').count() + 1 };
    let mut each: Vec<Folder> = listed
        .chunk_by(|a, b| a.folder == b.folder)
        .map(|files| Folder { name: files[0].folder, depth: depth(files[0].folder), files })
        .collect();
    let with_files: FxHashSet<&str> = each.iter().map(|f| f.name).collect();
    let only_folders = folders.iter().filter(|f| !with_files.contains(*f));
    each.extend(only_folders.map(|&name| Folder { name, depth: depth(name), files: &[] }));
    each.sort_by_key(|f| f.depth);
    each
}

/// Looks at every folder of `each` (sorted by depth), removing what the record does
/// not list there (`remove_strays`), and right after it at its files: returns those
/// still as recorded. A depth at a time, each once every folder above it is done: a
/// folder replaced by a link is gone from its parent before anything below it is
/// looked at (through the link, that would be outside the output).
fn settle<'l, 'r>(
    dir: &Path,
    each: &[Folder<'l, 'r>],
    folders: &FxHashSet<&str>,
    record: &Record,
) -> io::Result<Vec<&'l Listed<'r>>> {
    let mut unchanged = Vec::new();
    for level in each.chunk_by(|a, b| a.depth == b.depth) {
        let found = level.par_iter().try_fold(Vec::new, |mut found: Vec<&'l Listed<'r>>, folder| {
            if remove_strays(dir, folder, folders, record.sealed_at())? {
                found.extend(folder.files.iter().filter(|l| record.unchanged(&dir.join(l.rel), l.fingerprint)));
            }
            Ok::<_, io::Error>(found)
        });
        unchanged.extend(found.try_reduce(Vec::new, |mut a, b| {
            a.extend(b);
            Ok(a)
        })?);
    }
    Ok(unchanged)
}

/// Removes the `stale` files, and the folders that leaves empty: only theirs are asked
/// to go, the deepest first (a folder is empty only once the folders in it are gone),
/// and one that still holds a file stays. Working out from the planned files which
/// folders to keep took a set of every folder of the site, on every build.
fn remove_stale(dir: &Path, stale: &[&str]) -> io::Result<()> {
    let gone = |removed: io::Result<()>| match removed {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    };
    stale.par_iter().try_for_each(|f| gone(fs::remove_file(dir.join(f))))?;
    let mut emptied: Vec<&str> = folders_of(stale.iter().copied()).into_iter().collect();
    emptied.sort_unstable_by_key(|f| std::cmp::Reverse(f.matches('/').count()));
    emptied.iter().try_for_each(|f| match fs::remove_dir(dir.join(f)) {
        Err(e) if e.kind() == io::ErrorKind::DirectoryNotEmpty => Ok(()),
        removed => gone(removed),
    })
}

/// Reads `folder` if it changed since `sealed`, and removes what the record (its
/// files there, and every folder of it) does not list in it, or lists as the other
/// kind (a folder where a file was, a link for either). Whether it is a folder (not
/// gone, not a link): only then are its files looked at.
fn remove_strays(dir: &Path, folder: &Folder, folders: &FxHashSet<&str>, sealed: SystemTime) -> io::Result<bool> {
    let path = dir.join(folder.name);
    // Gone, or no longer a folder: its parent changed, and is read.
    let Ok(meta) = fs::symlink_metadata(&path) else { return Ok(false) };
    if !meta.is_dir() || meta.modified().is_ok_and(|modified| modified < sealed) {
        return Ok(meta.is_dir());
    }
    for entry in fs::read_dir(&path)? {
        let entry = entry?;
        let kind = entry.file_type()?;
        let name = entry.file_name();
        let name = name.to_str();
        let rel = name.map(|n| if folder.name.is_empty() { n.to_string() } else { format!("{}/{n}", folder.name) });
        let is_folder = rel.as_deref().is_some_and(|r| folders.contains(r));
        let is_file = rel.as_deref().is_some_and(|r| folder.files.binary_search_by(|l| l.rel.cmp(r)).is_ok())
            || (folder.name.is_empty() && name == Some(MARKER));
        if kind.is_dir() && is_folder || kind.is_file() && is_file {
            continue;
        }
        if kind.is_dir() {
            fs::remove_dir_all(entry.path())?;
        } else {
            fs::remove_file(entry.path())?;
        }
    }
    Ok(true)
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
