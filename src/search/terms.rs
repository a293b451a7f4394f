//! The terms of a text, the same for the index and for the script's queries: text
//! folded (`Fold`), Chinese as characters and pairs, other scripts as words, and the
//! bucket each term is kept in.

use crate::text::is_han;
use std::borrow::Cow;
use std::collections::BTreeMap;

/// Text as the index and the query both see it: NFKC (full-width letters and digits
/// as ASCII), lower case, Traditional characters as Simplified, no soft hyphens. The
/// table is the one the script reads (`search/t2s.json`).
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
        // A soft hyphen (a PDF's or a word processor's) only says where a word may
        // break at a line's end: `co­operation` is one word to find. (Zero-width
        // characters, which the script's fold also drops from a pasted query, never get
        // here: sources are read without them.)
        if memchr::memmem::find(text.as_bytes(), "\u{AD}".as_bytes()).is_some() {
            return Cow::Owned(self.fold(&text.replace('\u{AD}', "")).into_owned());
        }
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
    pub(super) fn table(&self) -> BTreeMap<String, String> {
        self.simplified.iter().map(|(t, s)| (t.to_string(), s.to_string())).collect()
    }
}

/// The terms of a folded text, as `assets/search.js` computes them: every Han
/// character, every pair of neighbouring Han characters (one space or punctuation mark
/// between them does not part them), and lower-cased runs of other letters and digits.
#[cfg(test)]
pub(super) fn terms(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_term(text, |t| out.push(t.into_owned()));
    out
}

/// `terms` without collecting them: most terms are slices of the text (Han characters
/// and pairs, lower-case words), so indexing allocates only for pairs across a mark
/// and for capitalised words.
pub(super) fn for_each_term<'t>(text: &'t str, mut found: impl FnMut(Cow<'t, str>)) {
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

/// A term as the indexer counts it. Eight bytes or fewer (every Han character and
/// pair, most words) are packed into a number, which hashes and compares in one step:
/// as text, every comparison read the term's bytes from wherever its page lies, and
/// merging every page's terms into one map was the index's longest stage
/// (docs/performance.md). Longer terms stay text. No term holds a zero byte (terms are
/// letters, digits and Han characters), so the padding of a packed one is unambiguous.
#[derive(Clone, PartialEq, Eq, Debug)]
pub(super) enum Term<'t> {
    Packed(u64),
    Text(Cow<'t, str>),
}

impl std::hash::Hash for Term<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        match self {
            Term::Packed(n) => state.write_u64(*n),
            Term::Text(text) => text.hash(state),
        }
    }
}

impl<'t> Term<'t> {
    pub(super) fn new(term: Cow<'t, str>) -> Self {
        if term.len() > 8 {
            return Term::Text(term);
        }
        let mut bytes = [0; 8];
        bytes[..term.len()].copy_from_slice(term.as_bytes());
        Term::Packed(u64::from_le_bytes(bytes))
    }

    /// The term, no longer borrowing the text it was found in.
    pub(super) fn into_owned(self) -> Term<'static> {
        match self {
            Term::Packed(n) => Term::Packed(n),
            Term::Text(text) => Term::Text(Cow::Owned(text.into_owned())),
        }
    }

    /// The term's text, given to `read` without allocating.
    pub(super) fn with_text<R>(&self, read: impl FnOnce(&str) -> R) -> R {
        match self {
            Term::Packed(n) => {
                let bytes = n.to_le_bytes();
                let len = bytes.iter().position(|&b| b == 0).unwrap_or(8);
                // Packed from a `str`, so whole characters; lossy only to need no panic.
                read(&String::from_utf8_lossy(&bytes[..len]))
            }
            Term::Text(text) => read(text),
        }
    }
}

/// The bucket of a term: Chinese terms by hash; words by their first three letters,
/// so that every word a prefix can match is in the prefix's bucket.
pub fn bucket(term: &str, buckets: u32) -> u32 {
    // Hashed where it lies: an index has millions of terms.
    let end = if term.chars().next().is_some_and(is_han) {
        term.len()
    } else {
        term.char_indices().nth(3).map_or(term.len(), |(i, _)| i)
    };
    fnv1a(&term.as_bytes()[..end]) % buckets
}

/// FNV-1a, 32 bits, over UTF-8 bytes: simple enough to write the same in JavaScript.
pub(super) fn fnv1a(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0x811c_9dc5_u32, |h, &b| (h ^ u32::from(b)).wrapping_mul(0x0100_0193))
}
