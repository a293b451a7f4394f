//! Which files a build reads: those inside the site folder. A symbolic link is
//! followed only when what it points to is inside too. One that leaves the site (to
//! `/proc/self/environ`, to a home folder) is an error, because a build publishes
//! what it reads: a contributor's link would put the CI's secrets on the web.

use std::path::{Path, PathBuf};

use walkdir::DirEntry;

use crate::config::Config;
use crate::diagnostic::{Error, ErrorKind, Location};

/// Where a link under `root` really points, if that is outside `root` (both real
/// paths resolved by the system); None for what stays inside or cannot be resolved
/// (a broken link is reported when it is read).
fn outside(real_root: &Path, path: &Path) -> Option<PathBuf> {
    let real = path.canonicalize().ok()?;
    (!real.starts_with(real_root)).then_some(real)
}

fn real_root(root: &Path) -> PathBuf {
    root.canonicalize().unwrap_or_else(|_| root.to_path_buf())
}

/// An error for `path` (`shown` in messages) if it leads outside the site at `root`.
pub fn check(root: &Path, path: &Path, shown: &Path) -> Result<(), Error> {
    match outside(&real_root(root), path) {
        Some(target) => Err(leaves(shown, target)),
        None => Ok(()),
    }
}

fn leaves(shown: &Path, target: PathBuf) -> Error {
    Error::new(Location::file(shown), ErrorKind::LinkLeavesSite { target })
}

/// Every entry under `dir`, sorted by name, links followed where they stay inside
/// the site; entries for which `keep` is false are left out with all they hold. A
/// link that leaves the site is an error in its place, and nothing behind it is read.
pub fn walk(config: &Config, dir: &Path, keep: impl Fn(&DirEntry) -> bool) -> Vec<Result<DirEntry, Error>> {
    let real_root = real_root(&config.root);
    if let Some(target) = outside(&real_root, dir) {
        return vec![Err(leaves(&config.display_path(dir), target))];
    }
    let mut found = Vec::new();
    let mut entries = walkdir::WalkDir::new(dir).follow_links(true).sort_by_file_name().into_iter();
    while let Some(entry) = entries.next() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let path = e.path().map_or_else(|| dir.to_path_buf(), Path::to_path_buf);
                let io = e.into_io_error().unwrap_or_else(|| std::io::Error::other("a folder links to itself"));
                found.push(Err(Error::new(Location::file(config.display_path(&path)), ErrorKind::Unreadable(io))));
                continue;
            }
        };
        let left = entry.path_is_symlink().then(|| outside(&real_root, entry.path())).flatten();
        if left.is_some() || !keep(&entry) {
            if entry.file_type().is_dir() {
                entries.skip_current_dir();
            }
            if let Some(target) = left {
                found.push(Err(leaves(&config.display_path(entry.path()), target)));
            }
            continue;
        }
        found.push(Ok(entry));
    }
    found
}
