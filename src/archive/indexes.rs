//! What the archive knows across transcripts: each section's topics in every
//! language, each topic's sections, each speaker's names and sections, each folder's
//! transcripts.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use indexmap::IndexMap;
use rayon::prelude::*;

use super::{Folder, SectionRef, Speaker, Transcript, Version};
use crate::config::{Config, Lang, TopicKey};
use crate::source::SpeakerKey;

/// A section's topics: from its heading, from its transcript's front matter, and every
/// topic one of whose `match` terms its text contains, in any language. One set for all
/// languages, so a topic page lists the same sections in each.
pub(super) fn section_topics(config: &Config, versions: &IndexMap<Lang, Version>, count: usize) -> Vec<Vec<TopicKey>> {
    // Each language's match terms, looked up once per transcript: per section and
    // topic, the lookups cost more than the matching (most topics have no terms).
    let terms: Vec<Vec<(&TopicKey, &[String])>> = versions
        .keys()
        .map(|lang| {
            let in_lang = config.topics.iter().filter_map(|t| Some((&t.key, t.matches.get(lang)?.as_slice())));
            in_lang.filter(|(_, list)| !list.is_empty()).collect()
        })
        .collect();
    (0..count)
        .map(|i| {
            let mut found: BTreeSet<&TopicKey> = BTreeSet::new();
            for (version, terms) in versions.values().zip(&terms) {
                let Some(section) = version.section(i) else {
                    continue;
                };
                found.extend(&section.topics);
                found.extend(&version.front.topics);
                let text = || section.blocks.iter().map(|b| &*b.text).chain([section.heading_text.as_str()]);
                for (key, terms) in terms {
                    if terms.iter().any(|term| text().any(|t| t.contains(term.as_str()))) {
                        found.insert(key);
                    }
                }
            }
            // In site.yaml order, which is the order the archivist chose.
            config.topics.iter().filter(|t| found.contains(&t.key)).map(|t| t.key.clone()).collect()
        })
        .collect()
}

/// Each topic's sections, in archive order: one pass over the sections (`serve` does
/// this after every edit), where asking every section about every topic took longer.
pub(super) fn index_topics(config: &Config, transcripts: &[Transcript]) -> Vec<(TopicKey, Vec<SectionRef>)> {
    let position: HashMap<&TopicKey, usize> = config.topics.iter().enumerate().map(|(i, t)| (&t.key, i)).collect();
    let mut lists: Vec<Vec<SectionRef>> = vec![Vec::new(); config.topics.len()];
    for r in all_sections(transcripts) {
        let keys = &transcripts[r.transcript].section_topics[r.section];
        for &i in keys.iter().filter_map(|key| position.get(key)) {
            lists[i].push(r);
        }
    }
    config.topics.iter().map(|t| t.key.clone()).zip(lists).collect()
}

fn all_sections(transcripts: &[Transcript]) -> impl Iterator<Item = SectionRef> + '_ {
    transcripts
        .iter()
        .enumerate()
        .flat_map(|(ti, t)| (0..t.section_ids.len()).map(move |section| SectionRef { transcript: ti, section }))
}

pub(super) fn index_speakers(transcripts: &[Transcript]) -> Vec<Speaker> {
    // Reading every paragraph of the archive is most of the work: in parallel first.
    // Per transcript, per version, per section.
    let voices: Vec<Vec<Vec<Voices>>> = transcripts
        .par_iter()
        .map(|t| t.versions.values().map(|v| v.doc.sections.iter().map(voices_in).collect()).collect())
        .collect();
    // Keyed by reference: the key is cloned once per speaker, not per section and language.
    let mut speakers: BTreeMap<&SpeakerKey, Speaker> = BTreeMap::new();
    for r in all_sections(transcripts) {
        for (v, (lang, version)) in transcripts[r.transcript].versions.iter().enumerate() {
            let Some(voices) = version.slots[r.section].map(|i| &voices[r.transcript][v][i]) else {
                continue;
            };
            for (key, name) in &version.front.speakers {
                let speaker = speakers.entry(key).or_insert_with(|| Speaker {
                    key: key.clone(),
                    names: IndexMap::new(),
                    sections: Vec::new(),
                });
                speaker.names.entry(lang.clone()).or_insert_with(|| name.clone());
                let speaks = voices.binary_search(&name.as_str()).is_ok();
                if speaks && speaker.sections.last() != Some(&r) {
                    speaker.sections.push(r);
                }
            }
        }
    }
    speakers.into_values().collect()
}

/// Who speaks in a section, each name once and sorted: a section has a few speakers
/// and many paragraphs.
type Voices<'a> = Vec<&'a str>;

fn voices_in(section: &crate::markdown::Section) -> Voices<'_> {
    let mut voices: Voices = section.blocks.iter().filter_map(|b| b.speaker.as_deref()).collect();
    voices.sort_unstable();
    voices.dedup();
    voices
}

/// Every folder of the transcripts' addresses, sorted, each with the transcripts under
/// it. A folder whose page would be at a transcript's or a page's own address (a
/// `content/2024.zh.md` beside `content/2024/`), or whose later list pages would
/// (`2024/page/2`), has no page: that page is there, and a folder's is only a list.
pub(super) fn index_folders(transcripts: &[Transcript], pages: &[crate::standalone::Standalone]) -> Vec<Folder> {
    let mut folders: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (index, t) in transcripts.iter().enumerate() {
        let ends = t.path.match_indices('/').map(|(at, _)| at);
        for end in ends {
            folders.entry(&t.path[..end]).or_default().push(index);
        }
    }
    let own: Vec<&str> =
        transcripts.iter().map(|t| t.path.as_str()).chain(pages.iter().map(|p| p.path.as_str())).collect();
    // The folder itself, and every folder whose list's later pages one of them is at.
    let mut taken: HashSet<&str> = own.iter().copied().collect();
    for path in &own {
        taken.extend(path.match_indices("/page/").map(|(at, _)| &path[..at]));
    }
    folders
        .into_iter()
        .filter(|(path, _)| !taken.contains(path))
        .map(|(path, transcripts)| Folder { path: path.to_string(), transcripts })
        .collect()
}
