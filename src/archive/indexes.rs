//! What the archive knows across transcripts: each section's topics in every
//! language, each topic's sections, each speaker's names and sections.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use indexmap::IndexMap;
use rayon::prelude::*;

use super::{SectionRef, Speaker, Transcript, Version};
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
