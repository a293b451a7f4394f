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
//!   text is checked for the query itself (a space between two words of two
//!   characters or more parts them: each is needed, wherever it is). No word
//!   segmenter, so nothing the indexer and the browser could disagree on.
//! - Other scripts: lower-cased words, stop words included (the script drops them
//!   from a query only when other words remain); a query word also matches longer
//!   words that start with it (peace → peaceful).
//! - Each posting carries how often the term occurs (the title three times over), so
//!   the script ranks by relevance (BM25 without length normalisation; a run of
//!   Chinese counts as often as its rarest pair, the most it can occur whole), newest
//!   first among equals.
//! - Terms are spread over buckets of ~24 KB by a hash (Chinese) or their first three
//!   letters (words, so prefixes stay in one bucket): a query loads only its buckets,
//!   then the metadata of the results it shows, and their text from their pages
//!   (the parts a theme marks `data-search`). Every bucket is written, an
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
use crate::diagnostic::{Error, ErrorKind};
use crate::generate::Stop;
use crate::markdown::{Block, Document, Part};
use crate::output::Fingerprint;
use crate::plan::urls::Urls;
use crate::plan::{Page, PageKind, SEARCH_DIR};
use crate::theme::Theme;

mod kept;
mod terms;
pub use terms::{bucket, Fold};
#[cfg(test)]
use terms::{fnv1a, terms};
use terms::{for_each_term, Term};

/// What the index reads: the sections, their topics, and how dates are written.
pub struct Sources<'a> {
    pub config: &'a Config,
    pub archive: &'a Archive,
    pub theme: &'a Theme,
    pub urls: &'a Urls,
    /// The output folder of the last build, where an unchanged index is taken from
    /// (`kept.rs`); None where there is none to trust (serve, check).
    pub previous_output: Option<&'a std::path::Path>,
}
/// Bumped when the format changes; the script checks it.
const FORMAT: u32 = 4;
/// A posting is `gap << 3 | min(count, 7)`, and where the count is seven or more, a
/// second number, `count - 7`. The count is exact because ranking compares it: with
/// it capped at seven, every section where a common term is frequent tied, and date
/// decided. Most counts are below seven, so the second number is rare.
const COUNT_BITS: u32 = 3;
const COUNT_CAP: u32 = (1 << COUNT_BITS) - 1;
/// Results per metadata file: a result page needs a few. Their text the script reads
/// from the results' own pages.
const DOCS_PER_FILE: usize = 64;
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

/// One page, as the index knows it. Its text and titles stay in the archive: a copy of
/// every section's text in a language was the largest thing the indexer held.
struct Doc<'a> {
    /// Its page's path in the output; the address is made from it when written, as is
    /// the date: held as strings for every page of the archive, they were most of what
    /// the index's documents took while it was being made (docs/performance.md).
    rel: &'a str,
    title: &'a str,
    /// What it is part of: the transcript of a section, the site of a page.
    context: &'a str,
    date: Option<chrono::NaiveDate>,
    kind: Kind,
    topics: Vec<usize>,
    /// Lines of text before the blocks (a transcript's subtitle, place and event).
    facts: Vec<&'a str>,
    /// The section's blocks, a transcript's preface, or a page's.
    blocks: &'a [Block],
}

impl Doc<'_> {
    /// What is indexed, each piece with its weight: the title counts three times, the
    /// facts, the speakers' names and the blocks once.
    fn pieces(&self) -> impl Iterator<Item = (&str, u32)> {
        let turns = self.blocks.iter().flat_map(|b| b.speaker.as_deref().into_iter().chain([&*b.text]));
        let body = self.facts.iter().copied().chain(turns).map(|p| (p, 1));
        std::iter::once((self.title, 3)).chain(body)
    }
}

/// Makes the index files for every language and hands each to `emit` (output path,
/// bytes) as soon as it is made, so the whole index is never held at once.
/// Asked to `stop`, it stops between batches of pages, with `ErrorKind::Interrupted`.
pub fn index(
    site: &Sources,
    pages: &[Page],
    stop: Stop,
    mut emit: impl FnMut(String, Vec<u8>) -> Result<(), Error>,
) -> Result<(), Error> {
    match reuse(site, pages, None, &mut emit)? {
        Some(unmade) => make(site, pages, unmade, stop, emit),
        None => Ok(()),
    }
}

/// An index that the last build's could not stand for: the digest of what it is made
/// from. Its documents are found again to make it: held from `reuse` to `make`, they
/// were held through the rendering of every page, at its peak of memory.
pub struct Unmade {
    digest: u128,
}

/// Whether the folder being filled holds exactly the index files listed (paths from the
/// output root, with the bytes their fingerprints describe), which then count as made;
/// if not, it empties the index's folder for them to be made.
pub type KeepWhole<'k> = dyn Fn(&[(&str, Fingerprint)]) -> Result<bool, Error> + Sync + 'k;

/// Leaves the last build's index in the folder being filled, or hands its files to
/// `emit`, if the same pages would make the same index (`kept.rs`); otherwise returns
/// what `make` needs to make it. `keep`: what the folder being filled holds, if it can
/// tell (a build's spare, filled two builds ago).
pub fn reuse(
    site: &Sources,
    pages: &[Page],
    keep: Option<&KeepWhole>,
    mut emit: impl FnMut(String, Vec<u8>) -> Result<(), Error>,
) -> Result<Option<Unmade>, Error> {
    let digest = kept::digest(site, &site.docs(pages));
    let files = site.previous_output.and_then(|_| kept::files(&site.config.root, digest));
    if let Some(keep) = keep {
        // Asked even for no kept index: an index made again must find the folder empty.
        let listed: Vec<(&str, Fingerprint)> = files.iter().flatten().map(kept::Made::listed).collect();
        if keep(&listed)? && files.is_some() {
            return Ok(None);
        }
    }
    if let (Some(output), Some(files)) = (site.previous_output, files) {
        // Every file checked before any is used, one at a time (held all at once they
        // were a large part of peak memory: docs/performance.md), then read again to
        // be used; one changed in between sends the build on to make the index, which
        // writes every file again.
        if files.iter().all(|f| kept::read(output, f).is_some()) {
            let mut reused = files.iter().map_while(|f| kept::read(output, f));
            if reused.try_fold(0, |n, (path, bytes)| emit(path, bytes).map(|()| n + 1))? == files.len() {
                return Ok(None);
            }
        }
    }
    Ok(Some(Unmade { digest }))
}

/// Makes the index from scratch, into `emit`; asked to `stop`, stops between batches
/// of pages.
pub fn make(
    site: &Sources,
    pages: &[Page],
    unmade: Unmade,
    stop: Stop,
    mut emit: impl FnMut(String, Vec<u8>) -> Result<(), Error>,
) -> Result<(), Error> {
    let mut made = Vec::new();
    let mut emit = |path: String, bytes: Vec<u8>| {
        made.push(kept::Made::of(&path, &bytes));
        emit(path, bytes)
    };
    let fold = Fold::new();
    emit(format!("{SEARCH_DIR}t2s.json"), json(&fold.table())?)?;
    // Each language's documents freed once its index is written.
    for (lang, docs) in site.docs(pages) {
        language_index(site, (lang, &docs), &fold, stop, &mut emit)?;
    }
    if site.previous_output.is_some() {
        kept::save(&site.config.root, unmade.digest, &made);
    }
    Ok(())
}

#[derive(Serialize)]
struct Meta<'a> {
    format: u32,
    docs: usize,
    buckets: u32,
    docs_per_file: usize,
    /// Topic labels in this language; `topics/{i}.json` lists the sections of topic i.
    topics: Vec<&'a str>,
}

fn language_index(
    site: &Sources,
    (lang, docs): (&Lang, &[Doc]),
    fold: &Fold,
    stop: Stop,
    emit: &mut impl FnMut(String, Vec<u8>) -> Result<(), Error>,
) -> Result<(), Error> {
    let dir = format!("{SEARCH_DIR}{lang}/");
    let postings = postings(docs, fold, stop)?;
    let all = || postings.iter().flatten();
    let size: usize = all().map(|(t, d)| t.with_text(str::len) + 4 * d.count + 4).sum();
    let buckets = (size / BUCKET_BYTES).max(1).next_power_of_two() as u32;
    let mut by_bucket: BTreeMap<u32, Vec<(&Term, &Postings)>> = BTreeMap::new();
    for (term, ids) in all() {
        by_bucket.entry(term.with_text(|text| bucket(text, buckets))).or_default().push((term, ids));
    }
    let topics: Vec<&str> =
        site.config.topics.iter().map(|t| t.labels.get(lang).map_or(&*t.key.0, String::as_str)).collect();
    let meta = Meta { format: FORMAT, docs: docs.len(), buckets, docs_per_file: DOCS_PER_FILE, topics };
    emit(format!("{dir}meta.json"), json(&meta)?)?;
    // Every bucket, an empty one too: a query's term may fall in one that has no terms.
    for b in 0..buckets {
        let terms = by_bucket.remove(&b).unwrap_or_default();
        let entries: BTreeMap<String, Vec<u32>> =
            terms.into_iter().map(|(t, ids)| (t.with_text(str::to_string), ids.deltas())).collect();
        emit(format!("{dir}index/{b}.json"), json(&entries)?)?;
    }
    for (i, chunk) in docs.chunks(DOCS_PER_FILE).enumerate() {
        let made: Vec<[String; 2]> = chunk.iter().map(|d| [site.url(d), site.date(lang, d)]).collect();
        let rows: Vec<[&str; 5]> =
            chunk.iter().zip(&made).map(|(d, [url, date])| [url, d.title, d.context, date, d.kind.code()]).collect();
        emit(format!("{dir}docs/{i}.json"), json(&rows)?)?;
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

/// Term → the pages that have it, and how often: one map of each half of the terms,
/// as a term's hash parts them (`half`), so that both cores merge at once.
type PostingHalves<'d> = [FxHashMap<Term<'d>, Postings>; 2];

/// Which of the two maps holds `term`: a bit of its hash that the maps' own use of it
/// leaves alone (the low bits place an entry, the top seven tag it).
fn half(term: &Term) -> usize {
    use std::hash::BuildHasher;
    (rustc_hash::FxBuildHasher.hash_one(term) >> 40) as usize & 1
}

fn postings<'d>(docs: &'d [Doc], fold: &Fold, stop: Stop) -> Result<PostingHalves<'d>, Error> {
    let mut postings: PostingHalves = Default::default();
    for (batch, chunk) in docs.chunks(DOCS_PER_BATCH).enumerate() {
        if stop.is_some_and(|s| s.asked()) {
            return Err(Error::nowhere(ErrorKind::Interrupted));
        }
        let (first, second): (Vec<_>, Vec<_>) = chunk.par_iter().map(|d| halves(counted(d, fold))).unzip();
        let [ours, theirs] = &mut postings;
        let first_id = (batch * DOCS_PER_BATCH) as u32;
        rayon::join(|| merge(ours, first, first_id), || merge(theirs, second, first_id));
    }
    Ok(postings)
}

/// One entry per term of a page, with the sum of its weights: counted in a hash map,
/// which was cheaper than sorting thousands of short strings.
fn counted<'d>(d: &'d Doc, fold: &Fold) -> FxHashMap<Term<'d>, u32> {
    // Made as large as a page's terms can need at first (a Chinese character, three
    // bytes, makes two terms at most): growing it was a tenth of the index.
    let bytes: usize = d.pieces().map(|(text, _)| text.len()).sum();
    let mut counted: FxHashMap<Term, u32> = FxHashMap::with_capacity_and_hasher(bytes * 2 / 3, Default::default());
    for (text, weight) in d.pieces() {
        match fold.fold(text) {
            Cow::Borrowed(text) => for_each_term(text, |term| *counted.entry(Term::new(term)).or_insert(0) += weight),
            Cow::Owned(text) => {
                for_each_term(&text, |term| *counted.entry(Term::new(term).into_owned()).or_insert(0) += weight)
            }
        }
    }
    counted
}

/// A page's terms, each with its count.
type Counts<'d> = Vec<(Term<'d>, u32)>;

/// A page's terms, parted as the two maps hold them.
fn halves(counted: FxHashMap<Term, u32>) -> (Counts, Counts) {
    // Each about half, with room to spare: grown from empty, they were reallocated
    // over and over (docs/performance.md).
    let room = counted.len() / 2 + counted.len() / 16 + 8;
    let mut parts = (Vec::with_capacity(room), Vec::with_capacity(room));
    for entry in counted {
        if half(&entry.0) == 0 {
            parts.0.push(entry)
        } else {
            parts.1.push(entry)
        }
    }
    parts
}

/// Adds each page's terms to `postings`, the pages numbered from `first_id` on.
fn merge<'d>(postings: &mut FxHashMap<Term<'d>, Postings>, pages: Vec<Counts<'d>>, first_id: u32) {
    for (id, terms) in (first_id..).zip(pages) {
        for (term, count) in terms {
            postings.entry(term).or_default().push(id, count);
        }
    }
}

/// The ascending ids of the sections that have a term, held as the gaps between them
/// (the form the index files use) in LEB128 bytes: one or two bytes an entry, where
/// a `Vec<u32>` took four plus room to grow, for millions of entries.
#[derive(Default)]
struct Postings {
    /// Numbers listed (a large count takes two).
    count: usize,
    last: u32,
    gaps: Vec<u8>,
}

impl Postings {
    /// Adds `id`, which is larger than any added before, where the term counts `count`.
    fn push(&mut self, id: u32, count: u32) {
        self.push_value(((id - self.last) << COUNT_BITS) | count.min(COUNT_CAP));
        if count >= COUNT_CAP {
            self.push_value(count - COUNT_CAP);
        }
        self.last = id;
    }

    fn push_value(&mut self, mut value: u32) {
        self.count += 1;
        while value >= 0x80 {
            self.gaps.push((value & 0x7f) as u8 | 0x80);
            value >>= 7;
        }
        self.gaps.push(value as u8);
    }

    /// The first id, then the differences, each with its count in the low bits (and
    /// the rest of a large count after it): what an index file lists.
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

fn json<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, Error> {
    serde_json::to_vec(value).map_err(|e| Error::nowhere(ErrorKind::Search(e)))
}

impl<'a> Sources<'a> {
    /// Every language's documents, in the order of `pages`.
    fn docs<'p>(&self, pages: &'p [Page]) -> Vec<(&'a Lang, Vec<Doc<'p>>)>
    where
        'a: 'p,
    {
        let languages = self.config.languages.iter().map(|l| &l.code);
        languages.map(|lang| (lang, pages.par_iter().filter_map(|p| self.search_doc(p, lang)).collect())).collect()
    }

    /// A result's address.
    fn url(&self, d: &Doc) -> String {
        self.urls.href(d.rel)
    }

    /// A result's date as `lang` writes it; empty for a page of `pages/`.
    fn date(&self, lang: &Lang, d: &Doc) -> String {
        d.date.map(|date| self.theme.date(lang, date)).unwrap_or_default()
    }

    /// What a page in `lang` holds, for the index: a section page, a transcript page
    /// (its title, facts and preface; its sections are found as sections), a page of
    /// `pages/`. Other pages are not searched.
    fn search_doc<'p>(&self, page: &'p Page, lang: &Lang) -> Option<Doc<'p>>
    where
        'a: 'p,
    {
        match &page.kind {
            PageKind::Standalone { lang: page_lang, page: index } if page_lang == lang => {
                let v = &self.archive.pages[*index].versions[lang];
                let site = self.config.title.get(lang).map_or("", String::as_str);
                Some(Doc {
                    rel: &page.rel,
                    title: &v.title,
                    context: site,
                    date: None,
                    kind: Kind::Page,
                    topics: Vec::new(),
                    facts: v.description.as_deref().into_iter().chain(v.notes.iter().map(|n| &*n.text)).collect(),
                    blocks: &v.blocks,
                })
            }
            PageKind::Transcript { lang: page_lang, transcript } if page_lang == lang => {
                let t = &self.archive.transcripts[*transcript];
                let v = t.version(lang)?;
                let f = &v.front;
                let facts = [&f.subtitle, &f.place, &f.event, &f.source].into_iter().flatten().map(String::as_str);
                // The preface's notes, found with it.
                let facts = facts.chain(notes_of(&v.doc, Part::Preface));
                Some(Doc {
                    rel: &page.rel,
                    title: &f.title,
                    context: f.event.as_deref().unwrap_or_default(),
                    date: Some(t.date),
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
                let part = v.part(at.section)?;
                let topics = t.section_topics[at.section]
                    .iter()
                    .filter_map(|key| self.config.topics.iter().position(|c| &c.key == key))
                    .collect();
                Some(Doc {
                    rel: &page.rel,
                    title: &section.heading_text,
                    context: &v.front.title,
                    date: Some(t.date),
                    kind: Kind::Section,
                    topics,
                    facts: notes_of(&v.doc, part).collect(),
                    blocks: &section.blocks,
                })
            }
            _ => None,
        }
    }
}

/// The texts of `doc`'s notes listed after `part`: a section is found by its notes too.
fn notes_of(doc: &Document, part: Part) -> impl Iterator<Item = &str> {
    doc.notes.iter().filter(move |n| n.part == part).map(|n| &*n.text)
}

#[cfg(test)]
mod tests;
