//! Related sections: for every section, up to five sections of other transcripts,
//! ranked by shared topics, then by TF-IDF similarity of their words in all languages
//! together (jieba for Chinese, plain tokens for English), so every language shows
//! the same set.
//!
//! Comparing all pairs would grow with the square of the archive. Instead each section
//! keeps only its strongest terms, and each term only its strongest sections (its
//! "champion list"); candidates come from those lists and from the section's topics.
//!
//! Counting a section's terms (segmenting its Chinese) is the costly part, so the
//! counts are kept between builds by text (`term_cache.rs`); and the ranking itself is
//! kept with a digest of what it was made from (`kept_ranking.rs`), for builds of an archive
//! whose text and topics have not changed.

use std::collections::HashMap;
use std::sync::LazyLock;

use rayon::prelude::*;
// Fx hashing: these maps are keyed by millions of short words and integers, where
// the default SipHash would cost more than the rest of the ranking.
use rustc_hash::FxHashMap;

use crate::archive::{Archive, SectionRef, Transcript};
use crate::config::TopicKey;
pub use kept_ranking::Related;

mod carry;
pub mod kept_ranking;
pub mod term_cache;
mod words;

use carry::carry_over;
use words::{count_of, term_counts, term_of, TermCounts, Words};

/// How many related sections a section page lists.
pub const RELATED: usize = 5;
/// Terms kept per section: enough to characterise a section, few enough to stay fast.
const TERMS_PER_SECTION: usize = 24;
/// Sections kept per term.
const SECTIONS_PER_TERM: usize = 64;
/// Sections taken from each of a section's topics as candidates.
const SECTIONS_PER_TOPIC: usize = 64;

/// A section's strongest terms with their normalised TF-IDF weights.
type Signature = Vec<(u64, f32)>;

/// Where a build's related sections come from, chosen before the sources are read (so
/// that jieba's dictionary loads meanwhile, if it will be needed).
pub enum Origin<'p> {
    /// A build of the same archive a moment ago (`serve`, after an edit): carried over.
    Previous(&'p Archive, &'p Related),
    /// Ranked afresh, with term counts from the cache or the segmenter.
    Fresh(Box<Terms>),
}

impl<'p> Origin<'p> {
    pub fn prepare(root: &std::path::Path, previous: Option<(&'p Archive, &'p Related)>) -> Self {
        match previous {
            Some((archive, related)) => Origin::Previous(archive, related),
            None => Origin::Fresh(Box::new(Terms::open(root))),
        }
    }

    /// Every section's related sections in `archive`.
    pub fn of(self, archive: &Archive) -> Related {
        match self {
            Origin::Previous(previous, related) => carry_over(archive, previous, related),
            Origin::Fresh(terms) => compute(&archive.transcripts, &archive.topics, *terms),
        }
    }
}

/// Where a build gets its sections' term counts: from the cache of earlier builds
/// where a section's text is unchanged, otherwise from the segmenter.
pub struct Terms {
    root: std::path::PathBuf,
    words: Segmenter,
}

impl Terms {
    /// For the site at `root`. Without a term cache every section will need jieba, so
    /// its dictionary (slow to load) starts loading on a thread of its own while
    /// the sources are read; with one, it is loaded only if a section has changed. The
    /// cache itself is read only if the sections have to be ranked (see `kept_ranking.rs`).
    pub fn open(root: &std::path::Path) -> Self {
        let words: Segmenter = if term_cache::TermCache::exists(root) {
            LazyLock::new(Box::new(Words::load))
        } else {
            let loading = std::thread::spawn(Words::load);
            // A thread that panicked has no dictionary to give: load it here.
            LazyLock::new(Box::new(|| loading.join().unwrap_or_else(|_| Words::load())))
        };
        Terms { root: root.to_path_buf(), words }
    }
}

/// jieba and the stop words, loaded once when first needed.
type Segmenter = LazyLock<Words, Box<dyn FnOnce() -> Words + Send>>;

/// Related sections of every section: `result[t][s]` belongs to transcript `t`, section `s`.
pub fn compute(
    transcripts: &[Transcript],
    topics: &[(TopicKey, Vec<SectionRef>)],
    terms: Terms,
) -> kept_ranking::Related {
    let sections: Vec<SectionRef> = transcripts
        .iter()
        .enumerate()
        .flat_map(|(t, tr)| (0..tr.section_ids.len()).map(move |s| SectionRef { transcript: t, section: s }))
        .collect();
    let keys: Vec<u64> = sections.par_iter().map(|r| term_cache::key(&transcripts[r.transcript], r.section)).collect();
    let inputs = kept_ranking::digest(transcripts, topics, &keys);
    if let Some(related) = kept_ranking::load(&terms.root, inputs, transcripts) {
        return related;
    }
    let root = terms.root.clone();
    let result = rank_all(transcripts, topics, &sections, count_terms(transcripts, &sections, &keys, terms));
    kept_ranking::save(&root, inputs, &result);
    result
}

/// Ranks every section's candidates by the sections' term counts.
fn rank_all(
    transcripts: &[Transcript],
    topics: &[(TopicKey, Vec<SectionRef>)],
    sections: &[SectionRef],
    counts: Vec<TermCounts>,
) -> kept_ranking::Related {
    let signatures = signatures(&counts);
    drop(counts);
    let ranking = Ranking {
        sections,
        transcripts,
        postings: postings(&signatures),
        topic_lists: topic_lists(sections, topics),
        topic_sets: TopicSets::new(sections, topics),
        signatures,
    };
    // One scratch array per chunk of sections (rayon's map_init would make one per
    // work split, and each is as long as the archive).
    let indexes: Vec<usize> = (0..sections.len()).collect();
    let chunk = sections.len().div_ceil(4 * rayon::current_num_threads()).max(1);
    let ranked: Vec<Vec<SectionRef>> = indexes
        .par_chunks(chunk)
        .flat_map_iter(|chunk| {
            let mut scratch = Scratch::new(sections.len());
            chunk.iter().map(|&i| ranking.rank(i, &mut scratch)).collect::<Vec<_>>()
        })
        .collect();
    let mut result: kept_ranking::Related = transcripts.iter().map(|t| vec![Vec::new(); t.section_ids.len()]).collect();
    for (r, related) in sections.iter().zip(ranked) {
        result[r.transcript][r.section] = related;
    }
    result
}

/// Every section's term counts (`keys`: its text), from the cache or counted afresh;
/// the cache is then rewritten if it did not hold exactly this archive's sections.
fn count_terms(transcripts: &[Transcript], sections: &[SectionRef], keys: &[u64], terms: Terms) -> Vec<TermCounts> {
    let Terms { root, words } = terms;
    let cache = term_cache::TermCache::open(&root);
    let counts: Vec<TermCounts> = sections
        .par_iter()
        .zip(keys)
        .map(|(r, key)| cache.get(*key).unwrap_or_else(|| term_counts(&words, &transcripts[r.transcript], r.section)))
        .collect();
    let up_to_date = cache.holds_exactly(keys);
    // The cache is as large as the counts, and jieba's dictionary is large too: both
    // are dropped before the ranking needs memory.
    drop(cache);
    drop(words);
    if !up_to_date {
        term_cache::TermCache::save(&root, keys.iter().copied().zip(&counts));
    }
    counts
}

/// TF-IDF vectors cut to each section's strongest terms, unit length.
fn signatures(counts: &[TermCounts]) -> Vec<Signature> {
    let mut df: FxHashMap<u64, u32> = FxHashMap::default();
    for c in counts {
        for &packed in c {
            *df.entry(term_of(packed)).or_insert(0) += 1;
        }
    }
    let n = counts.len() as f32;
    // Each term's IDF once, rather than a logarithm per term of every section. A term
    // of one section only links it to nothing: left out.
    let idf: FxHashMap<u64, f32> =
        df.into_iter().filter(|&(_, df)| df > 1).map(|(term, df)| (term, (n / df as f32).ln())).collect();
    counts
        .par_iter()
        .map(|c| {
            let mut weights: Signature = c
                .iter()
                .filter_map(|&packed| Some((term_of(packed), count_of(packed), *idf.get(&term_of(packed))?)))
                .map(|(term, tf, idf)| (term, (1.0 + (tf as f32).ln()) * idf))
                .filter(|(_, w)| *w > 0.0)
                .collect();
            keep_strongest(&mut weights, TERMS_PER_SECTION);
            weights.shrink_to_fit(); // held for every section until ranking ends
            let norm = weights.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
            weights.iter_mut().for_each(|(_, w)| *w /= norm);
            weights
        })
        .collect()
}

/// Term → its strongest sections.
fn postings(signatures: &[Signature]) -> FxHashMap<u64, Vec<(u32, f32)>> {
    let mut postings: FxHashMap<u64, Vec<(u32, f32)>> = FxHashMap::default();
    for (i, sig) in signatures.iter().enumerate() {
        for (term, w) in sig {
            postings.entry(*term).or_default().push((i as u32, *w));
        }
    }
    for list in postings.values_mut() {
        keep_strongest(list, SECTIONS_PER_TERM);
    }
    postings
}

/// Keeps the `n` heaviest of (id, weight) pairs, heaviest first, ties by id. Selects
/// before it sorts: a section has hundreds of terms and keeps 24, and sorting them all
/// showed in profiles of this stage.
fn keep_strongest<T: Ord + Copy>(items: &mut Vec<(T, f32)>, n: usize) {
    let order = |a: &(T, f32), b: &(T, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
    if items.len() > n {
        items.select_nth_unstable_by(n, order);
        items.truncate(n);
    }
    items.sort_unstable_by(order);
}

/// Topic → its newest sections, as indexes into the flat section list.
fn topic_lists(sections: &[SectionRef], topics: &[(TopicKey, Vec<SectionRef>)]) -> HashMap<TopicKey, Vec<u32>> {
    let index: HashMap<SectionRef, u32> = sections.iter().enumerate().map(|(i, r)| (*r, i as u32)).collect();
    topics
        .iter()
        .map(|(key, refs)| (key.clone(), refs.iter().take(SECTIONS_PER_TOPIC).map(|r| index[r]).collect()))
        .collect()
}

/// Every section's topics as a row of bits, all rows in one array: counting the topics
/// two sections share is then a few AND and popcount instructions on memory read in
/// order, where comparing topic names meant a cache miss per candidate on large archives.
struct TopicSets {
    /// u64 words per section.
    width: usize,
    bits: Vec<u64>,
}

impl TopicSets {
    fn new(sections: &[SectionRef], topics: &[(TopicKey, Vec<SectionRef>)]) -> Self {
        let index: FxHashMap<SectionRef, usize> = sections.iter().enumerate().map(|(i, r)| (*r, i)).collect();
        let width = topics.len().div_ceil(64).max(1);
        let mut bits = vec![0u64; sections.len() * width];
        for (topic, (_, members)) in topics.iter().enumerate() {
            for section in members.iter().filter_map(|r| index.get(r)) {
                bits[section * width + topic / 64] |= 1 << (topic % 64);
            }
        }
        TopicSets { width, bits }
    }

    fn row(&self, section: usize) -> &[u64] {
        &self.bits[section * self.width..(section + 1) * self.width]
    }

    fn shared(&self, a: usize, b: usize) -> usize {
        self.row(a).iter().zip(self.row(b)).map(|(x, y)| (x & y).count_ones() as usize).sum()
    }
}

struct Ranking<'a> {
    sections: &'a [SectionRef],
    transcripts: &'a [Transcript],
    signatures: Vec<Signature>,
    postings: FxHashMap<u64, Vec<(u32, f32)>>,
    topic_lists: HashMap<TopicKey, Vec<u32>>,
    topic_sets: TopicSets,
}

/// (shared topics, similarity, section): how a candidate scores.
type Score = (usize, f32, u32);

impl Ranking<'_> {
    fn topics_of(&self, i: usize) -> &[TopicKey] {
        let r = self.sections[i];
        &self.transcripts[r.transcript].section_topics[r.section]
    }

    /// The best candidates for section `i`: most shared topics, then most similar,
    /// then newest (lowest index), so the order never depends on hashing.
    fn rank(&self, i: usize, scratch: &mut Scratch) -> Vec<SectionRef> {
        for (term, w) in &self.signatures[i] {
            for (other, w2) in self.postings.get(term).into_iter().flatten() {
                scratch.add(*other, w * w2);
            }
        }
        let mine = self.topics_of(i);
        for other in mine.iter().filter_map(|t| self.topic_lists.get(t)).flatten() {
            scratch.add(*other, 0.0);
        }
        let own = self.sections[i].transcript;
        let scored = scratch.drain(|other, sim| {
            let shared = self.topic_sets.shared(i, other as usize);
            let candidate = self.sections[other as usize].transcript != own && (shared > 0 || sim > 0.0);
            candidate.then_some((shared, sim, other))
        });
        let order = |a: &Score, b: &Score| b.0.cmp(&a.0).then(b.1.total_cmp(&a.1)).then(a.2.cmp(&b.2));
        if scored.len() > RELATED {
            scored.select_nth_unstable_by(RELATED, order);
        }
        let kept = RELATED.min(scored.len());
        let best = &mut scored[..kept];
        best.sort_by(order);
        best.iter().map(|(_, _, other)| self.sections[*other as usize]).collect()
    }
}

/// A per-thread accumulator over all sections: a dense array beats a hash map here,
/// and only the touched entries are read and reset. Its buffers are reused from one
/// section to the next: a section has hundreds of candidates.
struct Scratch {
    similarity: Vec<f32>,
    seen: Vec<bool>,
    touched: Vec<u32>,
    scored: Vec<Score>,
}

impl Scratch {
    fn new(n: usize) -> Self {
        Scratch { similarity: vec![0.0; n], seen: vec![false; n], touched: Vec::new(), scored: Vec::new() }
    }

    fn add(&mut self, section: u32, amount: f32) {
        let i = section as usize;
        if !self.seen[i] {
            self.seen[i] = true;
            self.touched.push(section);
        }
        self.similarity[i] += amount;
    }

    /// The touched sections that `score` keeps, scored; leaves the accumulator clean
    /// for the next section.
    fn drain(&mut self, score: impl Fn(u32, f32) -> Option<Score>) -> &mut Vec<Score> {
        self.scored.clear();
        for &s in &self.touched {
            let sum = std::mem::take(&mut self.similarity[s as usize]);
            self.seen[s as usize] = false;
            self.scored.extend(score(s, sum));
        }
        self.touched.clear();
        &mut self.scored
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_topics_are_counted_past_sixty_four_topics() {
        let at = |section| SectionRef { transcript: 0, section };
        let sections = [at(0), at(1), at(2)];
        // 70 topics: the first and the last are in sections 0 and 1, topic 3 in 0 and 2.
        let topics: Vec<(TopicKey, Vec<SectionRef>)> = (0..70)
            .map(|t| {
                let members = match t {
                    0 | 69 => vec![at(0), at(1)],
                    3 => vec![at(0), at(2)],
                    _ => Vec::new(),
                };
                (TopicKey(format!("t{t}").into()), members)
            })
            .collect();
        let sets = TopicSets::new(&sections, &topics);
        assert_eq!((sets.shared(0, 1), sets.shared(0, 2), sets.shared(1, 2), sets.shared(0, 0)), (2, 1, 0, 3));
    }
}
