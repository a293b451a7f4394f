//! Full-text search with no server: a static index of every section page, transcript
//! page and page of `pages/`, per language, under `search/{lang}/`, read by the search
//! page's script.
//!
//! Why not Pagefind: it finds Chinese well, but on 1,000 transcripts (16,000 sections)
//! it took 24 s and 5 GB to index, against 2 s for the rest of the build; its way of
//! indexing character pairs across every segmented word grows too fast. This index
//! does what makes Chinese search work (index and query split text the same way) and
//! nothing more:
//!
//! - Text is folded first, the same way for the index and the query: NFKC (full-width
//!   letters and digits become ASCII), lower case, Traditional characters to
//!   Simplified (one table, `search/t2s.json`, which the script reads too).
//! - Chinese: every Han character, and every pair of neighbouring Han characters, a
//!   single space or punctuation mark between them not counting (深潜，从 → 深潜 潜从);
//!   a query of two characters or more needs all its pairs in a page, then the page's
//!   text is checked for the query itself. No word segmenter, so nothing the indexer
//!   and the browser could disagree on.
//! - Other scripts: lower-cased words, stop words included (the script drops them
//!   from a query only when other words remain); a query word also matches longer
//!   words that start with it (peace → peaceful).
//! - Each posting carries how often the term occurs (the title three times over), so
//!   the script ranks by relevance (BM25 without length normalisation), newest first
//!   among equals.
//! - Terms are spread over buckets of ~24 KB by a hash (Chinese) or their first three
//!   letters (words, so prefixes stay in one bucket): a query loads only its buckets,
//!   then the metadata and text of the results it shows. Every bucket is written, an
//!   empty one too.
//!
//! The tokenizer is written twice, here and in the theme's `assets/search.js`; the two
//! must agree term for term (see `terms`).

use std::borrow::Cow;
use std::collections::BTreeMap;

use rustc_hash::FxHashMap;

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
const FORMAT: u32 = 2;
/// A posting is `gap << 3 | min(count, 7)`: how often a term occurs, as far as the
/// ranking cares (it saturates long before seven).
const COUNT_BITS: u32 = 3;
/// Sections per metadata file and per text file: a result page needs a few of each.
const DOCS_PER_FILE: usize = 64;
const TEXTS_PER_FILE: usize = 8;
/// The size a bucket of terms aims at.
const BUCKET_BYTES: usize = 24 * 1024;

/// What a result is: a section, a transcript (its title, facts and preface), a page.
#[derive(Clone, Copy)]
enum Kind {
    Section,
    Transcript,
    Page,
}

impl Kind {
    /// As the docs files name it.
    fn code(self) -> &'static str {
        match self {
            Kind::Section => "s",
            Kind::Transcript => "t",
            Kind::Page => "p",
        }
    }
}

/// One page, as the index knows it. Its text stays in the archive: a copy of every
/// section's text in a language was the largest thing the indexer held.
struct Doc<'a> {
    url: String,
    title: String,
    /// What it is part of: the transcript of a section, the site of a page.
    context: String,
    date: String,
    kind: Kind,
    topics: Vec<usize>,
    /// Lines of text before the blocks (a transcript's subtitle, place and event).
    facts: Vec<&'a str>,
    /// The section's blocks, a transcript's preface, or a page's.
    blocks: &'a [Block],
}

impl Doc<'_> {
    /// The text shown in results: facts, then each turn as `Speaker：text`, one per line.
    fn text(&self) -> String {
        let blocks = self.blocks.iter().map(|b| match &b.speaker {
            Some(name) if name.chars().any(is_han) => format!("{name}：{}", b.text),
            Some(name) => format!("{name}: {}", b.text),
            None => b.text.clone(),
        });
        self.facts.iter().map(|f| f.to_string()).chain(blocks).collect::<Vec<_>>().join("\n")
    }

    /// What is indexed, each piece with its weight: the title counts three times, the
    /// facts, the speakers' names and the blocks once.
    fn pieces(&self) -> impl Iterator<Item = (&str, u32)> {
        let turns = self.blocks.iter().flat_map(|b| b.speaker.as_deref().into_iter().chain([b.text.as_str()]));
        let body = self.facts.iter().copied().chain(turns).map(|p| (p, 1));
        std::iter::once((self.title.as_str(), 3)).chain(body)
    }
}

/// Text as the index and the query both see it: NFKC (full-width letters and digits
/// as ASCII), lower case, Traditional characters as Simplified. The table is the one
/// the script reads (`search/t2s.json`).
pub struct Fold {
    simplified: rustc_hash::FxHashMap<char, char>,
    nfkc: icu_normalizer::ComposingNormalizerBorrowed<'static>,
}

impl Fold {
    pub fn new() -> Fold {
        // Character by character, not by phrase: the script folds a query the same way.
        let han = ('\u{3400}'..='\u{4DBF}').chain('\u{4E00}'..='\u{9FFF}').chain('\u{F900}'..='\u{FAFF}');
        let simplified = han
            .filter_map(|c| {
                let s = fast2s::convert(&c.to_string());
                let mut chars = s.chars();
                match (chars.next(), chars.next()) {
                    (Some(to), None) if to != c => Some((c, to)),
                    _ => None,
                }
            })
            .collect();
        Fold { simplified, nfkc: icu_normalizer::ComposingNormalizerBorrowed::new_nfkc() }
    }

    pub fn fold<'t>(&self, text: &'t str) -> Cow<'t, str> {
        // Most text needs nothing: NFKC changes nothing of it that becomes a term (a
        // full-width comma is a mark either way); only capitals, full-width letters and
        // digits, and Traditional characters need folding.
        if text.is_ascii() {
            return if text.bytes().any(|b| b.is_ascii_uppercase()) {
                Cow::Owned(text.to_ascii_lowercase())
            } else {
                Cow::Borrowed(text)
            };
        }
        let plain = |c: char| {
            if is_han(c) {
                !self.simplified.contains_key(&c)
            } else {
                !c.is_alphanumeric() || (c.is_ascii() && !c.is_ascii_uppercase())
            }
        };
        if text.chars().all(plain) {
            return Cow::Borrowed(text);
        }
        let normal = self.nfkc.normalize(text).to_lowercase();
        Cow::Owned(normal.chars().map(|c| self.simplified.get(&c).copied().unwrap_or(c)).collect())
    }

    /// The table for the script: Traditional character → Simplified.
    fn table(&self) -> BTreeMap<String, String> {
        self.simplified.iter().map(|(t, s)| (t.to_string(), s.to_string())).collect()
    }
}

/// Makes the index files for every language and hands each to `emit` (output path,
/// bytes) as soon as it is made, so the whole index is never held at once.
pub fn index(
    site: &Sources,
    pages: &[Page],
    mut emit: impl FnMut(String, Vec<u8>) -> Result<(), String>,
) -> Result<(), String> {
    let fold = Fold::new();
    emit(format!("{SEARCH_DIR}t2s.json"), json(&fold.table())?)?;
    for language in &site.config.languages {
        let docs: Vec<Doc> = pages.par_iter().filter_map(|p| site.search_doc(p, &language.code)).collect();
        language_index(site, &language.code, &docs, &fold, &mut emit)?;
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
    fold: &Fold,
    emit: &mut impl FnMut(String, Vec<u8>) -> Result<(), String>,
) -> Result<(), String> {
    let dir = format!("{SEARCH_DIR}{lang}/");
    let postings = postings(docs, fold);
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
    // Every bucket, an empty one too: a query's term may fall in one that has no terms.
    for b in 0..buckets {
        let terms = by_bucket.remove(&b).unwrap_or_default();
        let entries: BTreeMap<&str, Vec<u32>> = terms.into_iter().map(|t| (t, postings[t].deltas())).collect();
        emit(format!("{dir}index/{b}.json"), json(&entries)?)?;
    }
    for (i, chunk) in docs.chunks(DOCS_PER_FILE).enumerate() {
        let rows: Vec<[&str; 5]> =
            chunk.iter().map(|d| [d.url.as_str(), &d.title, &d.context, &d.date, d.kind.code()]).collect();
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

/// Term → the pages that have it, and how often.
fn postings<'d>(docs: &'d [Doc], fold: &Fold) -> FxHashMap<Cow<'d, str>, Postings> {
    let mut postings: FxHashMap<Cow<str>, Postings> = FxHashMap::default();
    for (batch, chunk) in docs.chunks(DOCS_PER_BATCH).enumerate() {
        let per_doc: Vec<Vec<(Cow<str>, u32)>> = chunk
            .par_iter()
            .map(|d| {
                // One entry per term, with the sum of its weights: counted in a hash map,
                // which was cheaper than sorting thousands of short strings.
                let mut counted: FxHashMap<Cow<str>, u32> = FxHashMap::default();
                for (text, weight) in d.pieces() {
                    match fold.fold(text) {
                        Cow::Borrowed(text) => for_each_term(text, |term| *counted.entry(term).or_insert(0) += weight),
                        Cow::Owned(text) => for_each_term(&text, |term| {
                            *counted.entry(Cow::Owned(term.into_owned())).or_insert(0) += weight
                        }),
                    }
                }
                counted.into_iter().collect::<Vec<_>>()
            })
            .collect();
        for (i, terms) in per_doc.into_iter().enumerate() {
            let id = (batch * DOCS_PER_BATCH + i) as u32;
            for (term, count) in terms {
                postings.entry(term).or_default().push(id, count);
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
    /// Adds `id`, which is larger than any added before, where the term counts `count`.
    fn push(&mut self, id: u32, count: u32) {
        let mut gap = ((id - self.last) << COUNT_BITS) | count.min((1 << COUNT_BITS) - 1);
        self.last = id;
        self.count += 1;
        while gap >= 0x80 {
            self.gaps.push((gap & 0x7f) as u8 | 0x80);
            gap >>= 7;
        }
        self.gaps.push(gap as u8);
    }

    /// The first id, then the differences, each with its count in the low bits: what
    /// an index file lists.
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

/// The terms of a folded text, as `assets/search.js` computes them: every Han
/// character, every pair of neighbouring Han characters (one space or punctuation mark
/// between them does not part them), and lower-cased runs of other letters and digits.
#[cfg(test)]
fn terms(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_term(text, |t| out.push(t.into_owned()));
    out
}

/// `terms` without collecting them: most terms are slices of the text (Han characters
/// and pairs, lower-case words), so indexing allocates only for pairs across a mark
/// and for capitalised words.
fn for_each_term<'t>(text: &'t str, mut found: impl FnMut(Cow<'t, str>)) {
    let mut word_start: Option<usize> = None;
    // The previous Han character, and whether one mark stands between it and here.
    let mut last_han: Option<(usize, char)> = None;
    let mut bridged = false;
    let flush_word = |start: Option<usize>, end: usize, found: &mut dyn FnMut(Cow<'t, str>)| {
        let Some(start) = start else { return };
        let word = &text[start..end];
        let lower = if word.is_ascii() && !word.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Borrowed(word)
        } else {
            Cow::Owned(word.to_lowercase())
        };
        found(lower);
    };
    for (i, c) in text.char_indices() {
        if is_han(c) {
            flush_word(word_start.take(), i, &mut found);
            let here = &text[i..i + c.len_utf8()];
            match last_han {
                Some((previous, _)) if !bridged => found(Cow::Borrowed(&text[previous..i + c.len_utf8()])),
                Some((_, p)) => found(Cow::Owned([p, c].iter().collect())),
                None => {}
            }
            found(Cow::Borrowed(here));
            last_han = Some((i, c));
            bridged = false;
            continue;
        }
        if c.is_alphanumeric() {
            last_han = None;
            word_start.get_or_insert(i);
        } else {
            flush_word(word_start.take(), i, &mut found);
            // A second mark (or a line break) ends the run of Han characters.
            if bridged || c == '\n' {
                last_han = None;
            }
            bridged = last_han.is_some();
        }
    }
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
    /// What a page in `lang` holds, for the index: a section page, a transcript page
    /// (its title, facts and preface; its sections are found as sections), a page of
    /// `pages/`. Other pages are not searched.
    fn search_doc(&self, page: &Page, lang: &Lang) -> Option<Doc<'a>> {
        let url = || self.urls.href(&page.rel);
        match &page.kind {
            PageKind::Standalone { lang: page_lang, page: index } if page_lang == lang => {
                let v = &self.archive.pages[*index].versions[lang];
                let site = self.config.title.get(lang).cloned().unwrap_or_default();
                Some(Doc {
                    url: url(),
                    title: v.title.clone(),
                    context: site,
                    date: String::new(),
                    kind: Kind::Page,
                    topics: Vec::new(),
                    facts: v.description.as_deref().into_iter().collect(),
                    blocks: &v.blocks,
                })
            }
            PageKind::Transcript { lang: page_lang, transcript } if page_lang == lang => {
                let t = &self.archive.transcripts[*transcript];
                let v = t.version(lang)?;
                let f = &v.front;
                let facts = [&f.subtitle, &f.place, &f.event, &f.source].into_iter().flatten().map(String::as_str);
                Some(Doc {
                    url: url(),
                    title: f.title.clone(),
                    context: f.event.clone().unwrap_or_default(),
                    date: self.theme.date(lang, t.date),
                    kind: Kind::Transcript,
                    topics: Vec::new(),
                    facts: facts.collect(),
                    blocks: &v.doc.preface,
                })
            }
            PageKind::Section { lang: page_lang, at } if page_lang == lang => {
                let t = &self.archive.transcripts[at.transcript];
                let v = t.version(lang)?;
                let section = v.section(at.section)?;
                let topics = t.section_topics[at.section]
                    .iter()
                    .filter_map(|key| self.config.topics.iter().position(|c| &c.key == key))
                    .collect();
                Some(Doc {
                    url: url(),
                    title: section.heading_text.clone(),
                    context: v.front.title.clone(),
                    date: self.theme.date(lang, t.date),
                    kind: Kind::Section,
                    topics,
                    facts: Vec::new(),
                    blocks: &section.blocks,
                })
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_becomes_characters_and_pairs_and_words_stay_words() {
        assert_eq!(terms("一带一路"), ["一", "一带", "带", "带一", "一", "一路", "路"]);
        assert_eq!(terms("China–Africa and the Belt"), ["china", "africa", "and", "the", "belt"]);
        assert_eq!(terms("2023年是"), ["2023", "年", "年是", "是"]);
        assert_eq!(terms("（中）"), ["中"]);
    }

    #[test]
    fn one_mark_between_han_characters_does_not_part_them() {
        assert_eq!(terms("潜，从"), ["潜", "潜从", "从"]);
        assert_eq!(terms("一 带"), ["一", "一带", "带"]);
        assert_eq!(terms("潜，，从"), ["潜", "从"], "two marks do");
        assert_eq!(terms("潜a从"), ["潜", "a", "从"], "a letter does");
    }

    #[test]
    fn folding_makes_full_width_traditional_and_capitals_one_form() {
        let fold = Fold::new();
        assert_eq!(fold.fold("２０２３年"), "2023年");
        assert_eq!(fold.fold("一帶一路 現代化"), "一带一路 现代化");
        assert_eq!(fold.fold("Belt AND Road"), "belt and road");
        assert!(matches!(fold.fold("plain 中国"), Cow::Borrowed(_)));
    }

    #[test]
    fn buckets_keep_a_words_prefixes_together() {
        assert_eq!(bucket("peace", 64), bucket("peaceful", 64));
        assert_eq!(bucket("pea", 64), bucket("peace", 64));
        // The same hash as the script: FNV-1a of "一带" over its UTF-8 bytes.
        assert_eq!(fnv1a("一带".as_bytes()), 0x0f6e_1368);
    }
}
