//! Reading every transcript: each file read (`source`) and parsed (`markdown`) in
//! parallel. Builds that follow one another (`serve`) keep what they parsed in a
//! `ParsedSources`: a file whose size and modification time are unchanged is not read
//! or parsed again.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostic::{Error, Problems, Warning};
use crate::markdown::{self, Document, Parsed};
use crate::source::{self, SourceFile};

/// Parsed transcripts kept between builds, by path.
#[derive(Default)]
pub struct ParsedSources {
    /// Off for a one-off build: keeping a copy of every document would only cost memory.
    keep: bool,
    entries: HashMap<PathBuf, Entry>,
    /// Files read afresh by the last build.
    pub reread: Vec<PathBuf>,
}

impl ParsedSources {
    /// A cache that keeps what it reads, for builds that follow one another (`serve`).
    pub fn keeping() -> Self {
        ParsedSources { keep: true, ..ParsedSources::default() }
    }

    /// Drops what was kept of `paths` (and of the files in them, if they are folders),
    /// so the next build reads them again whatever their size and time say.
    pub fn forget(&mut self, paths: &[PathBuf]) {
        self.entries.retain(|kept, _| !paths.iter().any(|p| kept.starts_with(p)));
    }
}

#[derive(Clone)]
struct Entry {
    stamp: Stamp,
    file: SourceFile,
    doc: Arc<Document>,
    warnings: Vec<Warning>,
}

/// When a file was last modified, and its length.
type Stamp = (SystemTime, u64);

fn stamp(path: &Path) -> Option<Stamp> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.modified().ok()?, meta.len()))
}

enum Read {
    Kept(Box<Entry>),
    Fresh(Box<Entry>, Vec<Error>),
    /// The file's first error, and those in its body if that could still be read.
    Failed(Vec<Error>),
}

/// Every transcript (drafts only with `drafts`), read and parsed in parallel, from
/// `kept` where unchanged. Problems are recorded; files that could not be read are
/// left out.
pub fn read_all(config: &Config, drafts: bool, kept: &mut ParsedSources, problems: &mut Problems) -> Vec<Parsed> {
    let candidates = source::walk(config, problems);
    let entries = &kept.entries;
    let reads: Vec<(PathBuf, Read)> = candidates
        .into_par_iter()
        .map(|(path, name, lang)| {
            let stamp = stamp(&path);
            if let Some(hit) = entries.get(&path).filter(|c| Some(c.stamp) == stamp) {
                return (path, Read::Kept(Box::new(hit.clone())));
            }
            let read = match source::read(config, &path, &name, lang) {
                Err(e) => Read::Failed(std::iter::once(e).chain(body_errors(config, &path)).collect()),
                Ok(file) => parse(config, file, stamp),
            };
            (path, read)
        })
        .collect();
    kept.entries.clear();
    kept.reread.clear();
    let mut documents = Vec::with_capacity(reads.len());
    for (path, read) in reads {
        let entry = match read {
            Read::Failed(errors) => {
                problems.errors.extend(errors);
                continue;
            }
            Read::Kept(entry) => entry,
            Read::Fresh(entry, errors) => {
                kept.reread.push(path.clone());
                if !errors.is_empty() {
                    // A file with errors is read again next time, so its errors are reported again.
                    problems.errors.extend(errors);
                    problems.warnings.extend(entry.warnings.iter().cloned());
                    documents.push((entry.file, entry.doc));
                    continue;
                }
                entry
            }
        };
        problems.warnings.extend(entry.warnings.iter().cloned());
        let wanted = drafts || !entry.file.front.draft;
        if kept.keep {
            if wanted {
                documents.push((entry.file.clone(), entry.doc.clone()));
            }
            kept.entries.insert(path, *entry);
        } else if wanted {
            documents.push((entry.file, entry.doc));
        }
    }
    documents
}

/// The errors in the body of a file whose front matter failed, so that one run reports
/// both (warnings are left for when the file reads).
fn body_errors(config: &Config, path: &Path) -> Vec<Error> {
    let Some((body, line)) = source::body(config, path) else { return Vec::new() };
    let mut found = Problems::default();
    markdown::parse_body(config, (&config.display_path(path), ""), &body, line, &mut found);
    found.errors
}

/// A file's body parsed into a document, with what parsing found.
fn parse(config: &Config, mut file: SourceFile, stamp: Option<Stamp>) -> Read {
    let mut found = Problems::default();
    let doc = markdown::parse(config, &file, &mut found);
    // The body is parsed; keeping the raw text would only cost memory.
    file.body = String::new();
    let stamp = stamp.unwrap_or((SystemTime::UNIX_EPOCH, 0));
    let entry = Entry { stamp, file, doc: Arc::new(doc), warnings: found.warnings };
    Read::Fresh(Box::new(entry), found.errors)
}
