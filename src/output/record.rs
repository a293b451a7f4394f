//! What an output folder holds, written down when it was filled: each file's length
//! and a hash of its bytes. A build that fills the spare again skips, without reading
//! it, every file whose record matches what it is about to write, where the file is
//! still the one recorded (same length, not modified since). Reading 20,000 files
//! back to compare them was a large part of a build (docs/performance.md).
//!
//! Records live in the term cache's folder (`.diptych-cache/outputs/`, a folder per
//! output folder), not in the output, which is published; an output folder names its
//! record by an id in its marker file. A missing, damaged or foreign record only means
//! files are compared by their bytes, as without one.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::SystemTime;

use rustc_hash::FxHashMap;

/// The first line of a record: what wrote it, in which layout.
const HEADER: &str = concat!("diptych output record 2 ", env!("CARGO_PKG_VERSION"));

/// A file's length and the xxh3 hash of its bytes: xxh3 because every byte of the site
/// goes through it, at memory speed, and a 64-bit hash leaves a collision out of reach.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Fingerprint {
    len: u64,
    hash: u64,
}

impl Fingerprint {
    pub fn of(bytes: &[u8]) -> Self {
        Fingerprint { len: bytes.len() as u64, hash: xxhash_rust::xxh3::xxh3_64(bytes) }
    }

    /// A fingerprint as kept by an earlier build.
    pub fn new(len: u64, hash: u64) -> Self {
        Fingerprint { len, hash }
    }

    /// The bytes' hash alone: what the kept link scans know a page by.
    pub fn hash(self) -> u64 {
        self.hash
    }

    /// How many bytes.
    pub fn size(self) -> u64 {
        self.len
    }
}

/// The record of the spare, as its build left it.
pub struct Record {
    /// Each file the folder held when it was sealed, with its fingerprint.
    files: Vec<(String, Fingerprint)>,
    /// When the folder was sealed (its marker's modification time): a file modified
    /// since is not what the record says, whatever its length.
    sealed_at: SystemTime,
}

impl Record {
    /// The record of the folder whose marker is `marker`, if there is a readable one.
    pub fn load(records: &Path, marker: &Path) -> Option<Record> {
        let id = id_in(&fs::read_to_string(marker).ok()?)?.to_string();
        let sealed_at = fs::metadata(marker).ok()?.modified().ok()?;
        let text = fs::read_to_string(records.join(id)).ok()?;
        let mut lines = text.lines();
        if lines.next() != Some(HEADER) {
            return None;
        }
        let files = lines.map(parse_line).collect::<Option<_>>()?;
        Some(Record { files, sealed_at })
    }

    /// Every file the folder held when it was sealed, as a `/`-separated path, with the
    /// fingerprint of the bytes it held.
    pub fn files(&self) -> impl Iterator<Item = (&str, Fingerprint)> {
        self.files.iter().map(|(rel, fingerprint)| (rel.as_str(), *fingerprint))
    }

    /// When the folder was sealed.
    pub fn sealed_at(&self) -> SystemTime {
        self.sealed_at
    }

    /// Whether the file at `path` is still the one recorded with `fingerprint`: a file
    /// of that length, not modified since the folder was sealed. Strictly before: a
    /// file modified in the same clock tick as the sealing (file systems keep times in
    /// ticks of up to two seconds) counts as changed.
    pub fn unchanged(&self, path: &Path, fingerprint: Fingerprint) -> bool {
        let modified_before = |m: &fs::Metadata| m.modified().is_ok_and(|modified| modified < self.sealed_at);
        fs::symlink_metadata(path).is_ok_and(|m| m.is_file() && m.len() == fingerprint.len && modified_before(&m))
    }
}

/// A file's path as a 64-bit hash: two paths of one site with the same hash are out of
/// reach, as for the fingerprints' own hashes.
fn path_hash(rel: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(rel.as_bytes())
}

/// The spare's files found still as its record says (`prune` looks), by the hash of
/// each one's path: held through the render, a path per file was a large part of the
/// build's peak of memory (docs/performance.md).
pub struct Lookups {
    fingerprints: FxHashMap<u64, Fingerprint>,
}

impl Lookups {
    pub fn of<'f>(unchanged: impl IntoIterator<Item = (&'f str, Fingerprint)>) -> Self {
        Lookups {
            fingerprints: unchanged.into_iter().map(|(rel, fingerprint)| (path_hash(rel), fingerprint)).collect(),
        }
    }

    /// Whether the file at `rel` holds the bytes whose fingerprint is `fingerprint`;
    /// `None` if the record says nothing about it, or it changed since.
    pub fn still_holds(&self, rel: &str, fingerprint: Fingerprint) -> Option<bool> {
        Some(*self.fingerprints.get(&path_hash(rel))? == fingerprint)
    }
}

/// The fingerprints of the files a build writes, gathered from every core: their paths
/// one after the other in one string, each entry the end of its path in it, rather than
/// a string per file held to the end of the build.
#[derive(Default)]
pub struct Fingerprints(Mutex<Written>);

#[derive(Default)]
struct Written {
    paths: String,
    entries: Vec<(usize, Fingerprint)>,
}

impl Written {
    fn iter(&self) -> impl Iterator<Item = (&str, Fingerprint)> + '_ {
        let starts = std::iter::once(0).chain(self.entries.iter().map(|&(end, _)| end));
        self.entries.iter().zip(starts).map(|(&(end, fingerprint), start)| (&self.paths[start..end], fingerprint))
    }
}

impl Fingerprints {
    /// Room for `files` files, whose paths take about `path_bytes` together.
    pub fn with_capacity(files: usize, path_bytes: usize) -> Self {
        let written = Written { paths: String::with_capacity(path_bytes), entries: Vec::with_capacity(files) };
        Fingerprints(Mutex::new(written))
    }

    pub fn add(&self, rel: &str, fingerprint: Fingerprint) {
        let mut written = self.0.lock().unwrap_or_else(|e| e.into_inner());
        written.paths.push_str(rel);
        let end = written.paths.len();
        written.entries.push((end, fingerprint));
    }

    /// Writes the record, and returns its id for the folder's marker.
    /// The output folder's other records are removed first, but for `keep`, the one
    /// still in use (the spare's, once the swap is done).
    pub fn save(self, records: &Path, keep: Option<&str>) -> io::Result<String> {
        fs::create_dir_all(records)?;
        for entry in fs::read_dir(records)? {
            let entry = entry?;
            if Some(entry.file_name().to_string_lossy().as_ref()) != keep {
                fs::remove_file(entry.path())?;
            }
        }
        // In the order the files were written: sorting every path of a large site is
        // not free, and the order does not matter to a reader.
        let written = self.0.into_inner().unwrap_or_else(|e| e.into_inner());
        let mut text = String::with_capacity(HEADER.len() + 1 + written.entries.len() * 35 + written.paths.len());
        text.push_str(HEADER);
        text.push('\n');
        written.iter().for_each(|(rel, fingerprint)| push_line(&mut text, rel, fingerprint));
        // Named by what it holds, in any order: two builds of the same site name the same
        // record, and the marker, which is published, stays the same between builds.
        let sum = written.iter().fold(0u64, |sum, (rel, fingerprint)| {
            let entry = path_hash(rel) ^ fingerprint.hash ^ fingerprint.len.rotate_left(32);
            sum.wrapping_add(entry)
        });
        let id = format!("{sum:016x}");
        let path = records.join(&id);
        fs::write(path.with_extension("tmp"), text)?;
        fs::rename(path.with_extension("tmp"), &path)?;
        Ok(id)
    }
}

/// A file's line: `HASH LENGTH PATH`, both numbers in 16 hex digits (written by hand:
/// `write!` took ~190 ns a line).
fn push_line(text: &mut String, rel: &str, fingerprint: Fingerprint) {
    for n in [fingerprint.hash, fingerprint.len] {
        text.extend((0..16).rev().map(|digit| char::from(b"0123456789abcdef"[(n >> (digit * 4) & 0xF) as usize])));
        text.push(' ');
    }
    text.push_str(rel);
    text.push('\n');
}

fn parse_line(line: &str) -> Option<(String, Fingerprint)> {
    let (hash, rest) = line.split_once(' ')?;
    let (len, rel) = rest.split_once(' ')?;
    let fingerprint =
        Fingerprint { hash: u64::from_str_radix(hash, 16).ok()?, len: u64::from_str_radix(len, 16).ok()? };
    Some((rel.to_string(), fingerprint))
}

/// The marker's line naming the folder's record: `record: ID`.
const ID_LINE: &str = "record: ";

pub fn id_in(marker: &str) -> Option<&str> {
    marker.lines().find_map(|line| line.strip_prefix(ID_LINE)).filter(|id| valid_id(id))
}

pub fn id_line(id: &str) -> String {
    format!("{ID_LINE}{id}\n")
}

/// An id names a file in the records folder: hex digits only, never a path.
fn valid_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 32 && id.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The folder of the records of output folder `target` and its spare, beside the term
/// cache: one per output folder, so that building into another (`--output-dir`)
/// leaves this one's records alone.
pub fn folder(root: &Path, target: &Path) -> PathBuf {
    let name = format!("{:016x}", xxhash_rust::xxh3::xxh3_64(target.as_os_str().as_encoded_bytes()));
    root.join(crate::cache::FOLDER).join(crate::cache::OUTPUTS_FOLDER).join(name)
}
