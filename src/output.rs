//! Writing the site: everything goes into a fresh folder beside `output_dir`, which
//! replaces the old output only once the whole build has succeeded. A failed build
//! leaves the last good site as it was, and nothing stale survives a good one.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::Config;

/// Written into every output folder: proof that replacing it deletes nothing of the user's.
pub const MARKER: &str = ".diptych-output";

/// Refuses output folders whose replacement would delete sources or someone's files.
pub fn guard(config: &Config) -> Result<(), String> {
    let out = absolute(&config.output_dir);
    let root = absolute(&config.root);
    let precious = ["content", "themes", "templates", "static"].map(|d| root.join(d));
    if out == root || root.starts_with(&out) {
        return Err(format!(
            "output_dir `{}` is the site folder or contains it; a build replaces its output folder, so choose a folder of its own such as `public`",
            config.output_dir.display()
        ));
    }
    if let Some(p) = precious.iter().find(|p| out.starts_with(p) || p.starts_with(&out)) {
        return Err(format!(
            "output_dir `{}` overlaps `{}`, which holds the site's sources; choose a folder of its own such as `public`",
            config.output_dir.display(),
            config.display_path(p).display()
        ));
    }
    let foreign = out.is_dir()
        && !out.join(MARKER).exists()
        && fs::read_dir(&out).map(|mut d| d.next().is_some()).unwrap_or(true);
    if foreign {
        return Err(format!(
            "output_dir `{}` holds files that diptych did not write; a build replaces this folder, so empty or remove it first, or choose another",
            config.output_dir.display()
        ));
    }
    Ok(())
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

/// A folder being filled, beside its target. Dropped without `commit`, it is removed.
pub struct Staging {
    dir: PathBuf,
    target: PathBuf,
    committed: bool,
}

impl Staging {
    pub fn create(target: &Path) -> io::Result<Self> {
        let dir = sibling(target, "tmp");
        if dir.exists() {
            fs::remove_dir_all(&dir)?;
        }
        fs::create_dir_all(&dir)?;
        fs::write(dir.join(MARKER), "This folder is written by diptych and replaced on every build.\n")?;
        Ok(Staging { dir, target: target.to_path_buf(), committed: false })
    }

    /// Writes a file at `rel` (`/`-separated, relative to the output root).
    pub fn write_file(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let path = self.dir.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(path, bytes)
    }

    /// Puts the new site in place of the old one.
    pub fn commit(mut self) -> io::Result<()> {
        let old = sibling(&self.target, "old");
        if old.exists() {
            fs::remove_dir_all(&old)?;
        }
        let had_old = self.target.exists();
        if had_old {
            fs::rename(&self.target, &old)?;
        }
        if let Err(e) = fs::rename(&self.dir, &self.target) {
            if had_old {
                fs::rename(&old, &self.target)?;
            }
            return Err(e);
        }
        self.committed = true;
        if had_old {
            remove_tree(&old)?;
        }
        Ok(())
    }
}

/// `remove_dir_all`, with the folders two levels down removed in parallel: deleting
/// 20,000 files is the one slow step of the swap, and it keeps one core busy.
fn remove_tree(dir: &Path) -> io::Result<()> {
    let mut inner = Vec::new();
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_type()?.is_dir() {
            for sub in fs::read_dir(entry.path())? {
                inner.push(sub?);
            }
        }
    }
    inner.par_iter().try_for_each(|e| match e.file_type()?.is_dir() {
        true => fs::remove_dir_all(e.path()),
        false => fs::remove_file(e.path()),
    })?;
    fs::remove_dir_all(dir)
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

/// `public` → `.public.diptych-tmp` in the same parent, so the swap is a rename.
fn sibling(target: &Path, what: &str) -> PathBuf {
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "public".into());
    target.with_file_name(format!(".{name}.diptych-{what}"))
}
