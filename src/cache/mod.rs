//! `.diptych-cache/`, beside `site.yaml`: what one build keeps for the next. Every
//! file in it is only a shortcut (a missing, damaged or foreign one is rebuilt), and
//! this module owns its layout and what its files share: a header naming what wrote
//! them, little-endian words, and replacing a file whole. What each file holds is
//! defined by the stage that reads it:
//!
//! | file | kept by | holds |
//! |---|---|---|
//! | `terms.bin` | `related::term_cache` | each section's word counts, by a hash of its text |
//! | `related.bin` | `related::kept_ranking` | the last ranking of related sections, by a digest of its inputs |
//! | `aligned.bin` | `align::kept` | each paragraph pair's sentence groups, by a hash of the pair |
//! | `links.bin` | `links::kept` | each page's links and ids, by a hash of its bytes |
//! | `pages.bin` | `render::kept` | each page's bytes (length and hash), by a digest of what it is made from |
//! | `search.bin` | `search::kept` | the last search index: a digest of its inputs, and each file's path, length and hash |
//! | `outputs/` | `output::record` | what each output folder holds (length and hash of each file) |
//! | `external.tsv` | `links::external` | addresses on other sites found working by `check --external`, and when |
//!
//! Serve keeps one more cache, in memory: the parsed sources (`sources`).

pub mod sources;

use std::fs;
use std::io::{self, Write};
use std::path::Path;

/// The folder, beside `site.yaml`.
pub const FOLDER: &str = ".diptych-cache";
/// Word counts: what `build --no-search` on a fresh clone lacks (see `benches/build.rs`).
pub const TERMS_FILE: &str = "terms.bin";
/// The last ranking of related sections.
pub const RANKING_FILE: &str = "related.bin";
/// The alignments of the last build's paragraph pairs.
pub const ALIGNED_FILE: &str = "aligned.bin";
/// What the link check found in each page of the last build.
pub const LINKS_FILE: &str = "links.bin";
/// What each page of the last build was made from, and the bytes it made.
pub const PAGES_FILE: &str = "pages.bin";
/// The last search index, by reference to the files of the last output.
pub const SEARCH_FILE: &str = "search.bin";
/// A folder of records, one per output folder.
pub const OUTPUTS_FOLDER: &str = "outputs";
const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The first symbolic link in the cache folder (or the folder itself, if it is one),
/// if any. Builds read and write the cache by name, so a link there, which the site's
/// repository can hold like any file, would have them write wherever it points.
pub fn link_in(root: &Path) -> Option<std::path::PathBuf> {
    let walk = walkdir::WalkDir::new(root.join(FOLDER)).follow_links(false).into_iter();
    walk.filter_map(Result::ok).find(|e| e.path_is_symlink()).map(|e| e.into_path())
}

/// Replaces the file `name` of the cache folder with what `write` writes. Written to a
/// temporary file and renamed, so a build that is stopped halfway leaves the old file
/// or the new one, never half of one. A file that cannot be written costs the next
/// build time, not its pages: not an error.
pub fn replace(root: &Path, name: &str, write: impl FnOnce(&mut io::BufWriter<fs::File>) -> io::Result<()>) {
    let folder = root.join(FOLDER);
    // One name, not one per process, so a stopped build leaves no litter behind. Two
    // builds writing it at once make at worst a file that fails to decode.
    let temporary = folder.join(format!("{name}.tmp"));
    let written = fs::create_dir_all(&folder)
        .and_then(|()| fs::File::create(&temporary))
        .and_then(|file| {
            let mut out = io::BufWriter::new(file);
            write(&mut out).and_then(|()| out.flush())
        })
        .and_then(|()| fs::rename(&temporary, folder.join(name)));
    if written.is_err() {
        let _ = fs::remove_file(&temporary);
    }
}

/// What a cache file starts with: what it holds, how that was made, and by which
/// version of diptych. A file with another header is not read.
pub fn header(magic: &[u8; 8], recipe: u32) -> Vec<u8> {
    let mut header = magic.to_vec();
    header.extend_from_slice(&recipe.to_le_bytes());
    header.extend_from_slice(&(VERSION.len() as u32).to_le_bytes());
    header.extend_from_slice(VERSION.as_bytes());
    header
}

/// For a cache file's tests: writes, in turn, each copy of the file `name` at `root`
/// with one byte changed, and calls `check` with that byte's place after each. A
/// damaged file must never be read as something it does not say.
#[cfg(test)]
pub fn each_damaged(root: &Path, name: &str, mut check: impl FnMut(usize)) {
    let path = root.join(FOLDER).join(name);
    let good = fs::read(&path).expect("the cache file was written");
    for at in 0..good.len() {
        let mut bad = good.clone();
        bad[at] ^= 0x20;
        fs::write(&path, &bad).expect("the cache file can be written");
        check(at);
    }
}

/// The little-endian u64 at `at`, moving `at` past it.
pub fn word(bytes: &[u8], at: &mut usize) -> Option<u64> {
    let word = bytes.get(*at..*at + 8)?;
    *at += 8;
    Some(u64::from_le_bytes(word.try_into().ok()?))
}
