//! The archive as a whole: translations paired into transcripts, transcripts ordered
//! newest first, and the links between them (topics and speakers across languages).

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

use chrono::NaiveDate;
use indexmap::IndexMap;
use rayon::prelude::*;

use crate::config::{Config, Lang, TopicKey};
use crate::diagnostic::{Addressed, ErrorKind, Location, Problems, WarningKind};
use crate::markdown::Parsed;
use crate::markdown::{Document, Section, SectionId};
use crate::source::{FrontMatter, SourceFile, SpeakerKey};
use crate::standalone::Standalone;

mod indexes;
mod warnings;
use indexes::{index_folders, index_speakers, index_topics, section_topics};
use warnings::warn_about_differences;

/// First URL segments the site uses for its own pages under `/{lang}/`.
pub const RESERVED: [&str; 5] = ["topics", "speakers", "search", "page", "parallel"];

/// One language version of a transcript.
#[derive(Debug, Clone)]
pub struct Version {
    pub source: PathBuf,
    pub front: FrontMatter,
    /// Shared with serve's parse cache, so a rebuild after an edit does not copy it.
    pub doc: Arc<Document>,
    /// For each of the transcript's sections, its index in `doc.sections`, or `None`
    /// where this language leaves it untranslated.
    pub slots: Vec<Option<usize>>,
}

impl Version {
    /// The transcript's section `index` in this language, if translated.
    pub fn section(&self, index: usize) -> Option<&Section> {
        self.slots.get(index).copied().flatten().map(|i| &self.doc.sections[i])
    }

    /// The part of this language's document that the transcript's section `index` is,
    /// if translated: where its notes are listed.
    pub fn part(&self, index: usize) -> Option<crate::markdown::Part> {
        self.slots.get(index).copied().flatten().map(crate::markdown::Part::Section)
    }

    /// The sections this language has, each with its index in the transcript.
    pub fn sections(&self) -> impl Iterator<Item = (usize, &Section)> + '_ {
        self.slots.iter().enumerate().filter_map(|(index, slot)| slot.map(|i| (index, &self.doc.sections[i])))
    }
}

#[derive(Debug, Clone)]
pub struct Transcript {
    /// The URL path under `/{lang}/`, `/`-separated (`2024/0307-wang-yi`).
    pub path: String,
    pub date: NaiveDate,
    /// Every section in any language, in order: the sections of the fullest version,
    /// of which every other version's are a subset in the same order.
    pub section_ids: Vec<SectionId>,
    /// Topics of each section, the same in every language (index = section position).
    pub section_topics: Vec<Vec<TopicKey>>,
    /// In site.yaml's language order; never empty.
    pub versions: IndexMap<Lang, Version>,
}

/// A section anywhere in the archive: indexes into `Archive::transcripts`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SectionRef {
    pub transcript: usize,
    pub section: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Speaker {
    pub key: SpeakerKey,
    /// The name in each language, from the newest transcript that names them.
    pub names: IndexMap<Lang, String>,
    /// Sections in which they speak, newest transcript first.
    pub sections: Vec<SectionRef>,
}

#[derive(Debug, Clone)]
pub struct Archive {
    /// Newest first.
    pub transcripts: Vec<Transcript>,
    /// Every configured topic, in site.yaml order, with its sections newest first.
    pub topics: Vec<(TopicKey, Vec<SectionRef>)>,
    /// Sorted by key.
    pub speakers: Vec<Speaker>,
    /// The pages that are not transcripts (`pages/`), by path.
    pub pages: Vec<Standalone>,
    /// The folders of the transcripts' addresses that have a page of their own, by path
    /// (none unless site.yaml sets `folder_pages: true`).
    pub folders: Vec<Folder>,
}

/// A folder of transcripts' addresses (`2024`, `press/2024`): its page lists them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Folder {
    pub path: String,
    /// The transcripts under it, at any depth: indexes into `Archive::transcripts`, so
    /// newest first.
    pub transcripts: Vec<usize>,
}

impl Folder {
    /// Its name, the last part of its path (`2024`).
    pub fn name(&self) -> &str {
        self.path.rsplit('/').next().unwrap_or(&self.path)
    }

    /// The path of the folder it is in, if it is in one (`press` for `press/2024`).
    pub fn parent(&self) -> Option<&str> {
        self.path.rsplit_once('/').map(|(parent, _)| parent)
    }
}

impl Transcript {
    /// The version in `lang`, if translated.
    pub fn version(&self, lang: &Lang) -> Option<&Version> {
        self.versions.get(lang)
    }

    /// Any version, preferring `lang`: for listing an untranslated transcript.
    pub fn version_or_any(&self, lang: &Lang) -> &Version {
        self.version(lang).unwrap_or_else(|| &self.versions[0])
    }

    /// Section `index` in `lang` if translated, else in the first language that has
    /// it: for listing a section on every language's pages.
    pub fn section_or_any(&self, lang: &Lang, index: usize) -> (&Lang, &Version, &Section) {
        let preferred = self.versions.get_key_value(lang).into_iter();
        preferred
            .chain(self.versions.iter())
            .find_map(|(l, v)| Some((l, v, v.section(index)?)))
            .expect("every section of a transcript is in one of its versions")
    }
}

impl Archive {
    pub fn speaker(&self, key: &SpeakerKey) -> Option<&Speaker> {
        self.speakers.binary_search_by(|s| s.key.cmp(key)).ok().map(|i| &self.speakers[i])
    }
}

/// Pairs parsed files into transcripts and links them. Problems are recorded; the
/// transcripts that pair cleanly are kept so `check` can go on.
pub fn assemble(config: &Config, files: Vec<Parsed>, pages: Vec<Standalone>, problems: &mut Problems) -> Archive {
    let mut groups: BTreeMap<(String, String), Vec<Parsed>> = BTreeMap::new();
    for (file, doc) in files {
        groups.entry((file.folder.clone(), file.name.clone())).or_default().push((file, doc));
    }
    // In parallel: `serve` pairs the whole archive again after every edit.
    let paired: Vec<(Option<Transcript>, Problems)> = groups
        .into_values()
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|group| {
            let mut found = Problems::default();
            (pair(config, group, &mut found), found)
        })
        .collect();
    let mut transcripts = Vec::with_capacity(paired.len());
    for (transcript, found) in paired {
        problems.extend(found);
        transcripts.extend(transcript);
    }
    reject_path_clashes(&mut transcripts, problems);
    transcripts.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.path.cmp(&b.path)));
    // A version that could not be read has its error: it is not reported again as missing.
    let failed: HashSet<(PathBuf, Lang)> =
        problems.errors.iter().filter_map(|e| crate::source::version_of(config, &e.at.as_ref()?.path)).collect();
    // In parallel: comparing the versions reads every paragraph of the archive.
    let differences: Vec<Problems> = transcripts
        .par_iter()
        .map(|t| {
            let mut found = Problems::default();
            warn_about_differences(config, t, &failed, &mut found);
            found
        })
        .collect();
    differences.into_iter().for_each(|found| problems.extend(found));
    warnings::warn_about_copies(&transcripts, problems);
    let topics = index_topics(config, &transcripts);
    let speakers = index_speakers(&transcripts);
    let pages = pages_apart(config, pages, &transcripts, problems);
    let folders = if config.folder_pages { index_folders(&transcripts, &pages) } else { Vec::new() };
    Archive { transcripts, topics, speakers, pages, folders }
}

/// The pages whose paths are their own: one that a transcript or the site's own pages
/// use too is an error naming both, and is left out. The menu's pages must exist.
fn pages_apart(
    config: &Config,
    pages: Vec<Standalone>,
    transcripts: &[Transcript],
    problems: &mut Problems,
) -> Vec<Standalone> {
    let transcript_at: HashMap<&str, &Transcript> = transcripts.iter().map(|t| (t.path.as_str(), t)).collect();
    let pages: Vec<Standalone> = pages
        .into_iter()
        .filter(|page| {
            let source = &page.versions[0].source;
            if let Some(t) = transcript_at.get(page.path.as_str()) {
                let kind =
                    ErrorKind::PageOverTranscript { path: page.path.clone(), other: t.versions[0].source.clone() };
                problems.error(Location::file(source), kind);
                return false;
            }
            let first = page.path.split('/').next().unwrap_or_default();
            if let Some(reserved) = RESERVED.iter().find(|r| **r == first) {
                let kind = ErrorKind::PageReserved { path: page.path.clone(), reserved: reserved.to_string() };
                problems.error(Location::file(source), kind);
                return false;
            }
            true
        })
        .collect();
    for entry in &config.menu {
        if let crate::config::MenuEntry::Page { path, at } = entry {
            if !pages.iter().any(|p| &p.path == path) {
                let names = crate::config::quoted_list(pages.iter().map(|p| p.path.as_str()));
                let hint = if pages.is_empty() { String::new() } else { format!("; its pages are {names}") };
                problems.error(at.clone(), ErrorKind::UnknownMenuPage { path: path.clone(), hint });
            }
        }
    }
    pages
}

/// The translations of one NAME → a transcript, if they agree with each other.
fn pair(config: &Config, group: Vec<Parsed>, problems: &mut Problems) -> Option<Transcript> {
    let mut versions: IndexMap<Lang, Parsed> = IndexMap::new();
    for (file, doc) in group {
        if let Some((other, _)) = versions.get(&file.lang) {
            // Names that differ only in their Unicode form (a file from a Mac) look the same.
            let (a, b) = (other.path.to_string_lossy(), file.path.to_string_lossy());
            let alike = a != b && crate::text::nfc(&a) == crate::text::nfc(&b);
            let hint = if alike {
                " (the two names look the same but are written in different Unicode forms, as macOS and other systems write accents; rename one)"
            } else {
                ""
            };
            let kind = ErrorKind::SameLanguageTwice { other: other.path.clone(), hint };
            problems.error(Location::file(&file.path), kind);
            continue;
        }
        versions.insert(file.lang.clone(), (file, doc));
    }
    versions.sort_by_cached_key(|lang, _| config.languages.iter().position(|l| &l.code == lang));
    let (first, _) = &versions[0];
    let mut ok = true;
    for (file, _) in versions.values().skip(1) {
        ok &= agree(first, file, problems);
    }
    // The fullest version names every section; the others may leave some out.
    let fullest = versions.values().enumerate().max_by_key(|(i, (_, doc))| (doc.sections.len(), usize::MAX - i));
    let (fullest, (full_file, full_doc)) = fullest.expect("a transcript has a version");
    let section_ids: Vec<SectionId> = full_doc.sections.iter().map(|s| s.id.clone()).collect();
    let mut slots = Vec::with_capacity(versions.len());
    for (i, (file, doc)) in versions.values().enumerate() {
        let placed = if i == fullest { Some((0..section_ids.len()).map(Some).collect()) } else { None };
        match placed.or_else(|| place_sections(&section_ids, full_file, file, doc, problems)) {
            Some(s) => slots.push(s),
            None => ok = false,
        }
    }
    let path = match first.front.slug.clone() {
        Some(slug) => slug.trim_matches('/').to_string(),
        None if first.folder.is_empty() => first.name.clone(),
        None => format!("{}/{}", first.folder, first.name),
    };
    ok &= valid_path(&path, first, problems);
    if !ok {
        return None;
    }
    if path.contains(char::is_whitespace) {
        let at = Location::line_or_file(&first.path, first.front.lines.slug);
        problems.warn(at, WarningKind::SpaceInAddress { of: Addressed::Transcript, path: path.clone() });
    }
    let versions: IndexMap<Lang, Version> = versions
        .into_iter()
        .zip(slots)
        .map(|((lang, (file, doc)), slots)| (lang, Version { source: file.path, front: file.front, doc, slots }))
        .collect();
    let section_topics = section_topics(config, &versions, section_ids.len());
    let date = versions[0].front.date;
    Some(Transcript { path, date, section_ids, section_topics, versions })
}

/// Checks that a translation has the same date and slug as the first version.
fn agree(a: &SourceFile, b: &SourceFile, problems: &mut Problems) -> bool {
    let at = |line: Option<usize>| Location::line_or_file(&b.path, line);
    let other = a.path.clone();
    let mut ok = true;
    if a.front.date != b.front.date {
        let (ours, theirs) = (b.front.date.to_string(), a.front.date.to_string());
        problems.error(at(b.front.lines.date), ErrorKind::DatesDiffer { other: other.clone(), ours, theirs });
        ok = false;
    }
    if b.front.slug.is_some() && a.front.slug != b.front.slug {
        let ours = b.front.slug.clone().unwrap_or_default();
        let theirs = a.front.slug.clone().unwrap_or_else(|| "(none)".into());
        problems.error(at(b.front.lines.slug), ErrorKind::SlugsDiffer { other, ours, theirs });
        ok = false;
    }
    ok
}

/// Where each of the transcript's sections (`ids`, those of the fullest version
/// `full`) is in the translation `file`: a translation may leave sections out, but
/// has no section of its own and keeps the order. Errors are placed at the heading.
fn place_sections(
    ids: &[SectionId],
    full: &SourceFile,
    file: &SourceFile,
    doc: &Document,
    problems: &mut Problems,
) -> Option<Vec<Option<usize>>> {
    let mut slots = vec![None; ids.len()];
    // The next position in `ids` a section of this translation may take.
    let mut next = 0;
    let mut ok = true;
    for (i, section) in doc.sections.iter().enumerate() {
        let at = Location::at(&file.path, section.line, 1);
        let id = section.id.0.clone();
        let other = full.path.clone();
        match ids.iter().position(|x| *x == section.id) {
            Some(p) if p >= next => {
                slots[p] = Some(i);
                next = p + 1;
            }
            Some(_) => {
                let before = ids[next.saturating_sub(1)].0.clone();
                problems.error(at, ErrorKind::SectionOutOfOrder { id, before, other });
                ok = false;
            }
            None => {
                let known = crate::config::quoted_list(ids.iter().map(|x| x.0.as_str()));
                problems.error(at, ErrorKind::SectionNotInOther { id, other, known });
                ok = false;
            }
        }
    }
    ok.then_some(slots)
}

fn valid_path(path: &str, file: &SourceFile, problems: &mut Problems) -> bool {
    let at = Location::file(&file.path);
    if let Some(why) = crate::config::path_problem(path) {
        problems.error(at, ErrorKind::InvalidSlug { slug: path.to_string(), why });
        return false;
    }
    let first = path.split('/').next().unwrap_or_default();
    if let Some(reserved) = RESERVED.iter().find(|r| **r == first) {
        let kind = ErrorKind::ReservedPath { path: path.to_string(), reserved: reserved.to_string() };
        problems.error(at, kind);
        return false;
    }
    true
}

/// Two transcripts with the same page path are an error naming both files; neither is built.
fn reject_path_clashes(transcripts: &mut Vec<Transcript>, problems: &mut Problems) {
    let mut first_with: BTreeMap<String, PathBuf> = BTreeMap::new();
    let mut clashing = BTreeSet::new();
    for t in transcripts.iter() {
        let source = t.versions[0].source.clone();
        match first_with.get(&t.path) {
            Some(other) => {
                let kind = ErrorKind::PathCollision { path: t.path.clone(), other: other.clone() };
                problems.error(Location::file(&source), kind);
                clashing.insert(t.path.clone());
            }
            None => {
                first_with.insert(t.path.clone(), source);
            }
        }
    }
    transcripts.retain(|t| !clashing.contains(&t.path));
}
