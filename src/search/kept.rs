//! The last build's search index, kept by reference: `.diptych-cache/search.bin`
//! holds a digest of everything the index was made from and, for each file it wrote,
//! its path, length and hash. A build whose pages give the same digest takes the files
//! from the last build's output folder, checking each against its hash, instead of
//! making the index again (docs/performance.md). A file that is missing, changed or
//! from another version means the index is made afresh.

use std::hash::Hash;
use std::io::Write;
use std::path::Path;

use xxhash_rust::xxh3::{xxh3_64, Xxh3Default};

use super::{Doc, Sources, FORMAT};
use crate::cache::{header, replace, word, FOLDER, SEARCH_FILE as FILE};
use crate::config::Lang;
use crate::output::Fingerprint;

const MAGIC: &[u8; 8] = b"DPSRCH1\n";
/// Changes whenever the same pages could make another index: bump it with any change
/// to how the index is made that FORMAT does not already mark.
const RECIPE: u32 = 1;

/// A file the index wrote: its path in the output, length and hash.
pub(super) struct Made {
    path: String,
    len: u64,
    hash: u64,
}

impl Made {
    pub(super) fn of(path: &str, bytes: &[u8]) -> Self {
        Made { path: path.to_string(), len: bytes.len() as u64, hash: xxh3_64(bytes) }
    }

    /// Its path and the fingerprint of its bytes, as the output folder knows files.
    pub(super) fn listed(&self) -> (&str, Fingerprint) {
        (&self.path, Fingerprint::new(self.len, self.hash))
    }
}

/// Everything the index reads: every language's documents, the topics' labels.
pub(super) fn digest(site: &Sources, docs: &[(&Lang, Vec<Doc>)]) -> u128 {
    let mut h = Xxh3Default::new();
    (FORMAT, RECIPE).hash(&mut h);
    for (lang, docs) in docs {
        lang.hash(&mut h);
        for d in docs {
            let (url, date) = (site.url(d), site.date(lang, d));
            (url, &d.title, &d.context, date, d.kind.code(), &d.topics, &d.facts).hash(&mut h);
            for b in d.blocks {
                (&b.speaker, &b.text).hash(&mut h);
            }
        }
    }
    for topic in &site.config.topics {
        topic.key.hash(&mut h);
        topic.labels.iter().for_each(|label| label.hash(&mut h));
    }
    h.digest128()
}

/// The files kept for `digest`, if the cache file has them: read them from `output`
/// and check each against its length and hash before using it.
pub(super) fn files(root: &Path, digest: u128) -> Option<Vec<Made>> {
    let bytes = std::fs::read(root.join(FOLDER).join(FILE)).ok()?;
    let header = header(MAGIC, RECIPE);
    let mut at = header.len();
    (bytes.get(..at)? == header.as_slice()).then_some(())?;
    let saved = u128::from(word(&bytes, &mut at)?) | u128::from(word(&bytes, &mut at)?) << 64;
    (saved == digest).then_some(())?;
    let mut files = Vec::new();
    while at < bytes.len() {
        let (len, hash, path_len) = (word(&bytes, &mut at)?, word(&bytes, &mut at)?, word(&bytes, &mut at)?);
        let path = bytes.get(at..at.checked_add(usize::try_from(path_len).ok()?)?)?;
        at += path.len();
        files.push(Made { path: String::from_utf8(path.to_vec()).ok()?, len, hash });
    }
    Some(files)
}

/// The bytes of a kept file in the last build's `output`, if they are what was written.
pub(super) fn read(output: &Path, file: &Made) -> Option<(String, Vec<u8>)> {
    // A path from the cache file is used only if it is one the index could write.
    let safe = file.path.starts_with(crate::plan::SEARCH_DIR)
        && file.path.split('/').all(|part| !part.is_empty() && part != "." && part != "..");
    if !safe {
        return None;
    }
    let bytes = std::fs::read(output.join(&file.path)).ok()?;
    (bytes.len() as u64 == file.len && xxh3_64(&bytes) == file.hash).then(|| (file.path.clone(), bytes))
}

/// Replaces the kept index with `made`, written from the inputs of `digest`.
pub(super) fn save(root: &Path, digest: u128, made: &[Made]) {
    replace(root, FILE, |out| {
        out.write_all(&header(MAGIC, RECIPE))?;
        out.write_all(&digest.to_le_bytes())?;
        for file in made {
            for word in [file.len, file.hash, file.path.len() as u64] {
                out.write_all(&word.to_le_bytes())?;
            }
            out.write_all(file.path.as_bytes())?;
        }
        Ok(())
    });
}
