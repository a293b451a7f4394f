//! What a section's text is made of for ranking: its content words (jieba for
//! Chinese, plain tokens otherwise, stop words left out), counted as packed terms.

use std::borrow::Cow;
use std::hash::{Hash, Hasher};

use rustc_hash::{FxHashMap, FxHashSet, FxHasher};

use crate::archive::Transcript;
use crate::text::has_han;

/// Words that say nothing about a section's subject.
const EN_STOP: &[&str] = &[
    "the", "and", "for", "that", "this", "with", "are", "was", "were", "have", "has", "had", "not", "but", "from",
    "they", "their", "them", "will", "would", "can", "could", "should", "our", "your", "you", "its", "his", "her",
    "she", "him", "all", "any", "more", "most", "also", "than", "then", "there", "these", "those", "which", "who",
    "what", "when", "where", "how", "been", "being", "into", "about", "over", "such", "only", "other", "some", "very",
    "just", "each", "both", "many", "much", "out", "one", "two", "may", "did", "does", "had", "let", "well", "like",
];
const ZH_STOP: &[&str] = &[
    "我们", "他们", "你们", "这个", "那个", "一个", "没有", "什么", "以及", "已经", "因为", "所以", "但是", "可以",
    "就是", "还是", "这些", "那些", "自己", "如何", "如果", "这样", "进行", "方面", "问题", "表示", "认为", "今天",
];

/// A section's terms and how often each occurs (over every language version), sorted
/// by term. Every section's counts are held at once until document frequencies are
/// known, so each is one word: the term's id (see `term_id`) with the count in the low
/// 16 bits, saturating, where a (u64, u32) pair took 16 bytes with its padding.
pub(super) type TermCounts = Vec<u64>;

const COUNT_BITS: u64 = 0xFFFF;

pub(super) fn term_of(packed: u64) -> u64 {
    packed & !COUNT_BITS
}

pub(super) fn count_of(packed: u64) -> u32 {
    (packed & COUNT_BITS) as u32
}

pub(super) fn term_counts(words: &Words, t: &Transcript, section: usize) -> TermCounts {
    let mut counts: FxHashMap<u64, u32> = FxHashMap::default();
    for version in t.versions.values() {
        let Some(s) = version.section(section) else {
            continue;
        };
        // The heading says what the section is about: count it twice.
        let texts = [s.heading_text.as_str(), s.heading_text.as_str()].into_iter();
        for text in texts.chain(s.blocks.iter().map(|b| &*b.text)) {
            words.for_each_term(text, |term| *counts.entry(term).or_insert(0) += 1);
        }
    }
    let mut compact: TermCounts = counts.into_iter().map(|(term, n)| term | u64::from(n).min(COUNT_BITS)).collect();
    compact.sort_unstable();
    compact.shrink_to_fit();
    compact
}

/// The segmenter and the stop words: what splits a text into content words.
pub struct Words {
    jieba: jieba_rs::Jieba,
    /// The stop words' term ids: a word is hashed once, for its id, and that id looked
    /// up here (looking each word up in the lists was slow, docs/performance.md).
    stop: FxHashSet<u64>,
}

impl Words {
    /// Loads jieba's dictionary, which takes a while (see `Terms::open`).
    pub(super) fn load() -> Self {
        Words { jieba: jieba_rs::Jieba::new(), stop: EN_STOP.iter().chain(ZH_STOP).map(|w| term_id(w)).collect() }
    }

    /// Calls `found` with the id of every content word of a text: Chinese words of two
    /// or more characters from jieba, and lower-cased Latin words of three or more
    /// letters; stop words left out.
    fn for_each_term(&self, text: &str, mut found: impl FnMut(u64)) {
        // Text without Han characters needs no segmenter: its words are split by spaces.
        let words: Vec<&str> =
            if has_han(text) { self.jieba.cut(text, false).into_iter().map(|t| t.word).collect() } else { vec![text] };
        for word in words {
            if has_han(word) {
                if word.chars().nth(1).is_some() {
                    self.unless_stop(term_id(word), &mut found);
                }
                continue;
            }
            self.latin_terms(word, &mut found);
        }
    }

    fn unless_stop(&self, id: u64, found: &mut impl FnMut(u64)) {
        if !self.stop.contains(&id) {
            found(id);
        }
    }

    fn latin_terms(&self, word: &str, found: &mut impl FnMut(u64)) {
        for latin in word.split(|c: char| !c.is_alphanumeric()).filter(|w| w.len() >= 3) {
            if latin.bytes().all(|b| b.is_ascii_digit()) {
                continue;
            }
            // Most words are lower case already: allocate only for the others.
            let lower = if latin.chars().any(char::is_uppercase) {
                Cow::Owned(latin.to_lowercase())
            } else {
                Cow::Borrowed(latin)
            };
            self.unless_stop(term_id(&lower), found);
        }
    }
}

/// Terms are compared by a hash: no shared vocabulary to build. Its 48 high bits are
/// kept (the low 16 hold a count in `TermCounts`); at this size a collision is still
/// vanishingly rare, and would only nudge a ranking.
pub(super) fn term_id(term: &str) -> u64 {
    let mut h = FxHasher::default();
    term.hash(&mut h);
    h.finish() & !COUNT_BITS
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(text: &str) -> Vec<u64> {
        let mut found = Vec::new();
        Words::load().for_each_term(text, |id| found.push(id));
        found
    }

    #[test]
    fn terms_are_chinese_words_and_english_content_words() {
        let zh = ids("我们期待高质量共建“一带一路”成为发动机");
        assert!(zh.contains(&term_id("高质量")) && zh.contains(&term_id("发动机")));
        assert!(!zh.contains(&term_id("我们")));
        assert_eq!(
            ids("The Belt and Road is an engine of growth in 2024."),
            ["belt", "road", "engine", "growth"].map(term_id)
        );
    }
}
