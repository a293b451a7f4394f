//! Term counts kept between builds in `.diptych-cache/`. Segmenting the Chinese text
//! is most of the related-sections stage, and a section whose text has not changed
//! has the same terms, so a build only segments what is new or edited.
//!
//! The file is only ever a shortcut: one that is missing, unreadable, from another
//! version of diptych or cut short is ignored, and the build segments everything.

use std::fs;
use std::hash::{Hash, Hasher};
use std::io::{self, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};

use rustc_hash::{FxHashMap, FxHashSet};

use super::TermCounts;
use crate::archive::Transcript;
use crate::cache::{header, replace, word, FOLDER};

use crate::cache::TERMS_FILE as FILE;
const MAGIC: &[u8; 8] = b"DPTERMS\n";
/// Changes whenever what `term_counts` makes of a text could: the segmenter, the stop
/// words or term ids. Bump `RECIPE` for such a change between releases.
pub(super) const RECIPE: u32 = 2; // 2: keys hashed with xxh3

/// Term counts by the key of the text they were counted from (see `key`). Kept as the
/// file's bytes, decoded on demand: one allocation, which goes back to the system when
/// the cache is dropped, where thousands of small ones stayed in the main thread's
/// heap through rendering, as peak memory (docs/performance.md).
#[derive(Default)]
pub struct TermCache {
    bytes: Vec<u8>,
    /// Key → where its counts are in `bytes`.
    entries: FxHashMap<u64, Range<usize>>,
}

impl TermCache {
    /// The cache of the site at `root`; empty if there is none or it cannot be used.
    pub(super) fn open(root: &Path) -> Self {
        let Ok(bytes) = fs::read(path(root)) else { return TermCache::default() };
        match index(&bytes) {
            Some(entries) => TermCache { bytes, entries },
            None => TermCache::default(),
        }
    }

    /// Whether the site at `root` has a term cache to open; a damaged one counts.
    pub(super) fn exists(root: &Path) -> bool {
        path(root).is_file()
    }

    /// True if the cache has the counts of every key and of nothing else.
    pub(super) fn holds_exactly(&self, keys: &[u64]) -> bool {
        let distinct: FxHashSet<u64> = keys.iter().copied().collect();
        distinct.len() == self.entries.len() && distinct.iter().all(|key| self.entries.contains_key(key))
    }

    pub(super) fn get(&self, key: u64) -> Option<TermCounts> {
        let range = self.entries.get(&key)?.clone();
        Some(self.bytes[range].chunks_exact(8).map(|w| u64::from_le_bytes(w.try_into().expect("8 bytes"))).collect())
    }

    /// Replaces the cache with `entries` (this build's sections, so it never grows
    /// past the archive).
    pub(super) fn save<'a>(root: &Path, entries: impl ExactSizeIterator<Item = (u64, &'a TermCounts)>) {
        replace(root, FILE, |out| encode(entries, out));
    }
}

fn path(root: &Path) -> PathBuf {
    root.join(FOLDER).join(FILE)
}

/// What a section's terms are counted from: its heading and paragraphs in every
/// language. xxh3, a checksum, not Fx: a collision here would silently give a section
/// another's terms. (std's SipHash was slower: docs/performance.md.)
pub(super) fn key(t: &Transcript, section: usize) -> u64 {
    let mut h = xxhash_rust::xxh3::Xxh3Default::new();
    for version in t.versions.values() {
        let Some(s) = version.section(section) else {
            0u8.hash(&mut h);
            continue;
        };
        1u8.hash(&mut h);
        s.heading_text.hash(&mut h);
        s.blocks.len().hash(&mut h);
        for block in &s.blocks {
            block.text.hash(&mut h);
        }
    }
    h.finish()
}

/// The header, then per entry: key, number of terms, the terms; little-endian.
fn encode<'a>(entries: impl ExactSizeIterator<Item = (u64, &'a TermCounts)>, out: &mut impl Write) -> io::Result<()> {
    out.write_all(&header(MAGIC, RECIPE))?;
    out.write_all(&(entries.len() as u64).to_le_bytes())?;
    for (key, counts) in entries {
        out.write_all(&key.to_le_bytes())?;
        out.write_all(&(counts.len() as u64).to_le_bytes())?;
        for count in counts {
            out.write_all(&count.to_le_bytes())?;
        }
    }
    Ok(())
}

/// Where each key's counts are; `None` for anything but a whole file written by this
/// version.
fn index(bytes: &[u8]) -> Option<FxHashMap<u64, Range<usize>>> {
    let header = header(MAGIC, RECIPE);
    let mut at = header.len();
    (bytes.get(..at)? == header.as_slice()).then_some(())?;
    let count = word(bytes, &mut at)?;
    let mut entries = FxHashMap::default();
    for _ in 0..count {
        let key = word(bytes, &mut at)?;
        let len = usize::try_from(word(bytes, &mut at)?).ok()?;
        let start = at;
        at = start.checked_add(len.checked_mul(8)?)?;
        (at <= bytes.len()).then_some(())?;
        entries.insert(key, start..at);
    }
    (at == bytes.len()).then_some(entries)
}
