//! Anchors: words that pair across a transcript's two languages (its speakers' names,
//! the site's topic terms), and where a paragraph's sentences have them.
//!
//! A transcript has dozens of anchors: each is a pair of a topic's term in one language
//! with one in the other. Looking for each in each sentence, a search set up afresh
//! every time, showed in profiles of a fresh build. Each form's searcher is made once,
//! and a form missing from a whole paragraph is not looked for in its sentences; an
//! Aho-Corasick automaton cost more, as it reads every byte (docs/performance.md).

use std::hash::Hash;
use std::sync::OnceLock;

use memchr::memmem::Finder;
use xxhash_rust::xxh3::Xxh3Default;

/// Words that pair across languages, as (this language's form, the other's), in lower
/// case: a speaker's names, a topic's terms. Numbers pair by themselves.
pub struct Anchors {
    pairs: Vec<(String, String)>,
    /// The pairs as one hash, for the keys of kept alignments (`kept.rs`): made once a
    /// transcript, not once a paragraph pair.
    key: u64,
    /// Each side's distinct forms, made when a sentence is first looked at: a build that
    /// takes every alignment from the last one needs none.
    forms: OnceLock<[Vec<Form>; 2]>,
}

/// One side's form of some anchors: its searcher, and the pairs it is the form of.
struct Form {
    finder: Finder<'static>,
    pairs: Vec<usize>,
}

impl Anchors {
    /// The pairs, lower-cased once for a transcript, not once for each of its sentences.
    pub fn new(pairs: impl IntoIterator<Item = (String, String)>) -> Self {
        let pairs: Vec<(String, String)> =
            pairs.into_iter().map(|(x, y)| (x.to_lowercase(), y.to_lowercase())).collect();
        let mut h = Xxh3Default::new();
        pairs.hash(&mut h);
        Anchors { pairs, key: h.digest(), forms: OnceLock::new() }
    }

    /// What `align` reads of a transcript besides its paragraphs, as one hash.
    pub fn key(&self) -> u64 {
        self.key
    }

    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }

    /// For each of a paragraph's sentences (`lower`: in lower case), the anchors whose
    /// form on `side` (0: this language, 1: the other) it has, each named by its form in
    /// this language. An empty form is in no sentence.
    pub fn found_in<'a>(&'a self, lower: &[String], side: usize) -> Vec<Vec<&'a str>> {
        let forms = &self.forms.get_or_init(|| [0, 1].map(|side| self.forms(side)))[side];
        // A form not in the sentences joined is in none of them.
        let paragraph = lower.join("\n");
        let present: Vec<&Form> = forms.iter().filter(|f| f.finder.find(paragraph.as_bytes()).is_some()).collect();
        let keys = |form: &'a Form| form.pairs.iter().map(|&p| self.pairs[p].0.as_str());
        let has = |sentence: &String, form: &&Form| form.finder.find(sentence.as_bytes()).is_some();
        lower.iter().map(|s| present.iter().filter(|f| has(s, f)).flat_map(|f| keys(f)).collect()).collect()
    }

    fn forms(&self, side: usize) -> Vec<Form> {
        let mut forms: indexmap::IndexMap<&str, Vec<usize>> = indexmap::IndexMap::new();
        for (p, (x, y)) in self.pairs.iter().enumerate() {
            let form = if side == 0 { x } else { y };
            if !form.is_empty() {
                forms.entry(form.as_str()).or_default().push(p);
            }
        }
        let form = |(text, pairs): (&str, Vec<usize>)| Form { finder: Finder::new(text).into_owned(), pairs };
        forms.into_iter().map(form).collect()
    }
}

/// No anchors: a transcript with no names or terms that pair.
impl Default for Anchors {
    fn default() -> Self {
        Anchors::new([])
    }
}
