//! Full-text search with no server: a static index of every section page, per
//! language, under `search/{lang}/`, read by the search page's script.
//!
//! Why not Pagefind: it finds Chinese well, but on 1,000 transcripts (16,000 sections)
//! it took 24 s and 5 GB to index, against 2 s for the rest of the build; its way of
//! indexing character pairs across every segmented word grows too fast. This index
//! does what makes Chinese search work (index and query split text the same way) and
//! nothing more:
//!
//! - Chinese: every pair of neighbouring Han characters (一带一路 → 一带 带一 一路);
//!   a query's pairs must all be in a section. No word segmenter, so nothing the
//!   indexer and the browser could disagree on; any two or more characters are found.
//! - Other scripts: lower-cased words; a query word also matches longer words that
//!   start with it (peace → peaceful, Africa → African).
//! - Terms are spread over buckets of ~24 KB by a hash (Chinese) or their first three
//!   letters (words, so prefixes stay in one bucket): a query loads only its buckets,
//!   then the metadata and text of the sections it shows.
//!
//! The tokenizer is written twice, here and in the theme's `assets/search.js`; the two
//! must agree term for term (see `terms`).

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;
use serde::Serialize;

use crate::archive::Archive;
use crate::config::{Config, Lang};
use crate::markdown::Block;
use crate::plan::urls::Urls;
use crate::plan::{Page, PageKind, SEARCH_DIR};
use crate::theme::Theme;

/// What the index reads: the sections, their topics, and how dates are written.
pub struct Sources<'a> {
    pub config: &'a Config,
    pub archive: &'a Archive,
    pub theme: &'a Theme,
    pub urls: &'a Urls,
}
/// Bumped when the format changes; the script checks it.
const FORMAT: u32 = 1;
/// Sections per metadata file and per text file: a result page needs a few of each.
const DOCS_PER_FILE: usize = 64;
const TEXTS_PER_FILE: usize = 8;
/// The size a bucket of terms aims at.
const BUCKET_BYTES: usize = 24 * 1024;

/// Words too common to search for; the script drops them from queries too.
pub const STOP_WORDS: [&str; 24] = [
    "a", "an", "the", "and", "or", "of", "to", "in", "on", "at", "for", "by", "with", "is", "are", "was", "be", "as",
    "it", "its", "that", "this", "from", "but",
];

/// One section, as the index knows it. Its text stays in the archive: a copy of every
/// section's text in a language was the largest thing the indexer held.
struct Doc<'a> {
    url: String,
    title: String,
    transcript: String,
    date: String,
    topics: Vec<usize>,
    /// The section's blocks, or a page's.
    blocks: &'a [Block],
}

impl Doc<'_> {
    /// The text shown in results: each turn as `Speaker：text`, one per line.
    fn text(&self) -> String {
        let blocks = self.blocks.iter().map(|b| match &b.speaker {
            Some(name) if name.chars().any(is_han) => format!("{name}：{}", b.text),
            Some(name) => format!("{name}: {}", b.text),
            None => b.text.clone(),
        });
        blocks.collect::<Vec<_>>().join("\n")
    }

    /// What is indexed: the title, the speakers' names and the blocks. Their terms are
    /// the terms of the title and `text` together, since `text` joins the pieces with
    /// characters that are never part of a term.
    fn pieces(&self) -> impl Iterator<Item = &str> {
        let turns = self.blocks.iter().flat_map(|b| b.speaker.as_deref().into_iter().chain([b.text.as_str()]));
        std::iter::once(self.title.as_str()).chain(turns)
    }
}

/// Makes the index files for every language and hands each to `emit` (output path,
/// bytes) as soon as it is made, so the whole index is never held at once.
pub fn index(
    site: &Sources,
    pages: &[Page],
    mut emit: impl FnMut(String, Vec<u8>) -> Result<(), String>,
) -> Result<(), String> {
    for language in &site.config.languages {
        let docs: Vec<Doc> = pages.par_iter().filter_map(|p| site.search_doc(p, &language.code)).collect();
        language_index(site, &language.code, &docs, &mut emit)?;
    }
    Ok(())
}

#[derive(Serialize)]
struct Meta<'a> {
    format: u32,
    docs: usize,
    buckets: u32,
    docs_per_file: usize,
    texts_per_file: usize,
    /// Topic labels in this language; `topics/{i}.json` lists the sections of topic i.
    topics: Vec<&'a str>,
}

fn language_index(
    site: &Sources,
    lang: &Lang,
    docs: &[Doc],
    emit: &mut impl FnMut(String, Vec<u8>) -> Result<(), String>,
) -> Result<(), String> {
    let dir = format!("{SEARCH_DIR}{lang}/");
    let postings = postings(docs);
    let size: usize = postings.iter().map(|(t, d)| t.len() + 4 * d.count + 4).sum();
    let buckets = (size / BUCKET_BYTES).max(1).next_power_of_two() as u32;
    let mut by_bucket: BTreeMap<u32, Vec<&str>> = BTreeMap::new();
    for term in postings.keys() {
        by_bucket.entry(bucket(term, buckets)).or_default().push(term);
    }
    let topics: Vec<&str> =
        site.config.topics.iter().map(|t| t.labels.get(lang).map_or(t.key.0.as_str(), String::as_str)).collect();
    let meta = Meta {
        format: FORMAT,
        docs: docs.len(),
        buckets,
        docs_per_file: DOCS_PER_FILE,
        texts_per_file: TEXTS_PER_FILE,
        topics,
    };
    emit(format!("{dir}meta.json"), json(&meta)?)?;
    for (b, terms) in by_bucket {
        let entries: BTreeMap<&str, Vec<u32>> = terms.into_iter().map(|t| (t, postings[t].deltas())).collect();
        emit(format!("{dir}index/{b}.json"), json(&entries)?)?;
    }
    for (i, chunk) in docs.chunks(DOCS_PER_FILE).enumerate() {
        let rows: Vec<[&str; 4]> = chunk.iter().map(|d| [d.url.as_str(), &d.title, &d.transcript, &d.date]).collect();
        emit(format!("{dir}docs/{i}.json"), json(&rows)?)?;
    }
    for (i, chunk) in docs.chunks(TEXTS_PER_FILE).enumerate() {
        let texts: Vec<String> = chunk.iter().map(Doc::text).collect();
        emit(format!("{dir}text/{i}.json"), json(&texts)?)?;
    }
    for t in 0..site.config.topics.len() {
        let ids: Vec<u32> =
            docs.iter().enumerate().filter(|(_, d)| d.topics.contains(&t)).map(|(i, _)| i as u32).collect();
        emit(format!("{dir}topics/{t}.json"), json(&deltas(&ids))?)?;
    }
    Ok(())
}

/// Sections whose terms are found in parallel, then merged, at a time: all sections'
/// terms at once would be millions of small strings (docs/performance.md).
const DOCS_PER_BATCH: usize = 512;

/// Term → the sections that have it.
fn postings<'d>(docs: &'d [Doc]) -> HashMap<Cow<'d, str>, Postings> {
    let mut postings: HashMap<Cow<str>, Postings> = HashMap::new();
    for (batch, chunk) in docs.chunks(DOCS_PER_BATCH).enumerate() {
        let per_doc: Vec<Vec<Cow<str>>> = chunk
            .par_iter()
            .map(|d| {
                let mut t = Vec::new();
                for text in d.pieces() {
                    for_each_term(text, |term| t.push(term));
                }
                t.sort_unstable();
                t.dedup();
                t
            })
            .collect();
        for (i, terms) in per_doc.into_iter().enumerate() {
            let id = (batch * DOCS_PER_BATCH + i) as u32;
            for term in terms {
                postings.entry(term).or_default().push(id);
            }
        }
    }
    postings
}

/// The ascending ids of the sections that have a term, held as the gaps between them
/// (the form the index files use) in LEB128 bytes: one or two bytes an entry, where
/// a `Vec<u32>` took four plus room to grow, for millions of entries.
#[derive(Default)]
struct Postings {
    count: usize,
    last: u32,
    gaps: Vec<u8>,
}

impl Postings {
    /// Adds `id`, which is larger than any added before.
    fn push(&mut self, id: u32) {
        let mut gap = id - self.last;
        self.last = id;
        self.count += 1;
        while gap >= 0x80 {
            self.gaps.push((gap & 0x7f) as u8 | 0x80);
            gap >>= 7;
        }
        self.gaps.push(gap as u8);
    }

    /// The first id, then the differences: what an index file lists.
    fn deltas(&self) -> Vec<u32> {
        let mut out = Vec::with_capacity(self.count);
        let (mut value, mut shift) = (0u32, 0);
        for byte in &self.gaps {
            value |= u32::from(byte & 0x7f) << shift;
            shift += 7;
            if byte & 0x80 == 0 {
                out.push(value);
                (value, shift) = (0, 0);
            }
        }
        out
    }
}

/// Ascending ids as gaps (first id, then differences): smaller JSON.
fn deltas(ids: &[u32]) -> Vec<u32> {
    let mut previous = 0;
    ids.iter()
        .map(|&id| {
            let gap = id - previous;
            previous = id;
            gap
        })
        .collect()
}

pub fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}')
}

/// The terms of a text, as `assets/search.js` computes them for a query: pairs of
/// neighbouring Han characters (a lone Han character is a term of its own), and
/// lower-cased runs of other letters and digits, stop words left out.
#[cfg(test)]
fn terms(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_term(text, |t| out.push(t.into_owned()));
    out
}

/// `terms` without collecting them: most terms are slices of the text (Han pairs,
/// lower-case words), so indexing allocates only for new terms and capitalised words.
fn for_each_term<'t>(text: &'t str, mut found: impl FnMut(Cow<'t, str>)) {
    let mut han_start: Option<usize> = None; // where the current run of Han characters began
    let mut word_start: Option<usize> = None;
    let mut last_han: Option<usize> = None; // byte offset of the previous Han character
    let flush_word = |start: Option<usize>, end: usize, found: &mut dyn FnMut(Cow<'t, str>)| {
        let Some(start) = start else { return };
        let word = &text[start..end];
        let lower = if word.is_ascii() && !word.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Borrowed(word)
        } else {
            Cow::Owned(word.to_lowercase())
        };
        if !STOP_WORDS.contains(&lower.as_ref()) {
            found(lower);
        }
    };
    let flush_han = |start: Option<usize>, end: usize, found: &mut dyn FnMut(Cow<'t, str>)| {
        if let Some(start) = start {
            if text[start..end].chars().nth(1).is_none() {
                found(Cow::Borrowed(&text[start..end]));
            }
        }
    };
    for (i, c) in text.char_indices() {
        if is_han(c) {
            flush_word(word_start.take(), i, &mut found);
            if let Some(previous) = last_han {
                found(Cow::Borrowed(&text[previous..i + c.len_utf8()]));
            }
            han_start.get_or_insert(i);
            last_han = Some(i);
            continue;
        }
        flush_han(han_start.take(), i, &mut found);
        last_han = None;
        if c.is_alphanumeric() {
            word_start.get_or_insert(i);
        } else {
            flush_word(word_start.take(), i, &mut found);
        }
    }
    flush_han(han_start, text.len(), &mut found);
    flush_word(word_start, text.len(), &mut found);
}

/// The bucket of a term: Chinese terms by hash; words by their first three letters,
/// so that every word a prefix can match is in the prefix's bucket.
pub fn bucket(term: &str, buckets: u32) -> u32 {
    let key: String =
        if term.chars().next().is_some_and(is_han) { term.to_string() } else { term.chars().take(3).collect() };
    fnv1a(key.as_bytes()) % buckets
}

/// FNV-1a, 32 bits, over UTF-8 bytes: simple enough to write the same in JavaScript.
fn fnv1a(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0x811c_9dc5_u32, |h, &b| (h ^ u32::from(b)).wrapping_mul(0x0100_0193))
}

fn json<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, String> {
    serde_json::to_vec(value).map_err(|e| format!("cannot write the search index: {e}"))
}

impl<'a> Sources<'a> {
    /// What a section page or a page of `pages/` in `lang` holds, for the index.
    fn search_doc(&self, page: &Page, lang: &Lang) -> Option<Doc<'a>> {
        if let PageKind::Standalone { lang: page_lang, page: index } = &page.kind {
            let v = self.archive.pages[*index].versions.get(lang).filter(|_| page_lang == lang)?;
            let site = self.config.title.get(lang).cloned().unwrap_or_default();
            let (url, title) = (self.urls.href(&page.rel), v.title.clone());
            return Some(Doc {
                url,
                title,
                transcript: site,
                date: String::new(),
                topics: Vec::new(),
                blocks: &v.blocks,
            });
        }
        let PageKind::Section { lang: page_lang, at } = &page.kind else { return None };
        if page_lang != lang {
            return None;
        }
        let t = &self.archive.transcripts[at.transcript];
        let v = t.version(lang)?;
        let section = v.section(at.section)?;
        let topics = t.section_topics[at.section]
            .iter()
            .filter_map(|key| self.config.topics.iter().position(|c| &c.key == key))
            .collect();
        Some(Doc {
            url: self.urls.href(&page.rel),
            title: section.heading_text.clone(),
            transcript: v.front.title.clone(),
            date: self.theme.date(lang, t.date),
            topics,
            blocks: &section.blocks,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_becomes_character_pairs_and_words_stay_words() {
        assert_eq!(terms("一带一路"), ["一带", "带一", "一路"]);
        assert_eq!(terms("China–Africa and the Belt"), ["china", "africa", "belt"]);
        assert_eq!(terms("2023年是中国"), ["2023", "年是", "是中", "中国"]);
        assert_eq!(terms("（中）"), ["中"]);
    }

    #[test]
    fn buckets_keep_a_words_prefixes_together() {
        assert_eq!(bucket("peace", 64), bucket("peaceful", 64));
        assert_eq!(bucket("pea", 64), bucket("peace", 64));
        // The same hash as the script: FNV-1a of "一带" over its UTF-8 bytes.
        assert_eq!(fnv1a("一带".as_bytes()), 0x0f6e_1368);
    }
}
