//! Alignments kept between builds in `.diptych-cache/aligned.bin`: for each paragraph
//! pair, a hash of what `align` read (both paragraphs' HTML, their scripts and the
//! transcript's anchors) and the groups it chose, or that it chose none. A build looks
//! a pair up before splitting it into sentences: a pair kept as not aligned is not
//! split at all, and a kept one only cut at its sentences' bounds, without their texts.
//! It saves the pairs it met (so the file holds this archive's pairs only). Like every
//! cache file, a shortcut: a missing, damaged or foreign file means aligning again
//! (docs/performance.md).

use std::hash::Hash;
use std::io::Write;
use std::ops::Range;
use std::path::Path;
use std::sync::Mutex;

use rustc_hash::FxHashMap;
use xxhash_rust::xxh3::{xxh3_64, Xxh3Default};

use super::{align, sentence_spans, sentences, Alignment, Anchors};
use crate::cache::{header, replace, word, ALIGNED_FILE as FILE, FOLDER};

const MAGIC: &[u8; 8] = b"DPALIGN\n";
/// Changes whenever `align` could group the same sentences otherwise: its costs,
/// thresholds, anchors or splitting, or what a key is made of. Bump it for such a
/// change between releases.
const RECIPE: u32 = 2;
/// Written for a pair `align` did not trust.
const NONE: u64 = u64::MAX;

/// A paragraph pair as the aligner reads it: each side's HTML (one block, `<p>…</p>`)
/// and whether it follows Chinese punctuation rules.
#[derive(Clone, Copy)]
pub struct Pair<'h> {
    pub html: [&'h str; 2],
    pub cjk: [bool; 2],
}

/// An aligned pair: which sentences go together, and where each side's sentences are
/// in its HTML.
pub struct Aligned {
    pub alignment: Alignment,
    pub spans: [Vec<Range<usize>>; 2],
}

/// The alignments of the last build, and those of this one as they are made. Both are
/// held flat, not a vector per pair: an archive has hundreds of thousands of pairs,
/// held to the end of a build (docs/performance.md).
#[derive(Default)]
pub struct Kept {
    last: Last,
    /// This build's pairs, as the file's body encodes them.
    now: Mutex<Vec<u8>>,
}

/// The last build's pairs: each key's groups as a range of `groups`, or `NOT_ALIGNED`.
#[derive(Default)]
struct Last {
    ranges: FxHashMap<u64, (u32, u32)>,
    groups: Vec<(u32, u32)>,
}

/// The range of a pair `align` did not trust.
const NOT_ALIGNED: (u32, u32) = (u32::MAX, 0);

impl Last {
    /// The kept groups of the pair `key`, or `Some(None)` if it was not aligned.
    fn get(&self, key: u64) -> Option<Option<&[(u32, u32)]>> {
        let &(start, len) = self.ranges.get(&key)?;
        if (start, len) == NOT_ALIGNED {
            return Some(None);
        }
        self.groups.get(start as usize..start as usize + len as usize).map(Some)
    }
}

impl Kept {
    /// The alignments kept at `root`, if any.
    pub fn load(root: &Path) -> Self {
        let last = std::fs::read(root.join(FOLDER).join(FILE)).ok().and_then(|b| decode(&b)).unwrap_or_default();
        Kept { last, now: Mutex::default() }
    }

    /// The sentence alignment of a paragraph pair, from the last build where it met
    /// the same pair; otherwise split and aligned now.
    pub fn align(&self, pair: Pair, anchors: &Anchors) -> Option<Aligned> {
        let mut h = Xxh3Default::new();
        (RECIPE, pair.html, pair.cjk, anchors.key()).hash(&mut h);
        let key = h.digest();
        let found = match self.last.get(key) {
            Some(None) => Some(None),
            Some(Some(groups)) => {
                let spans = [0, 1].map(|k| sentence_spans(pair.html[k], pair.cjk[k]));
                // A hash collision, or a damaged file, must never slice out of range.
                fits(groups, spans[0].len(), spans[1].len()).then(|| Some(Aligned { alignment: ranges(groups), spans }))
            }
            None => None,
        };
        let aligned = found.unwrap_or_else(|| {
            let [a, b] = [0, 1].map(|k| sentences(pair.html[k], pair.cjk[k]));
            align(&a.texts, &b.texts, anchors).map(|alignment| Aligned { alignment, spans: [a.spans, b.spans] })
        });
        let groups = aligned.as_ref().map(|a| sizes(&a.alignment));
        encode(&mut self.now.lock().unwrap_or_else(|e| e.into_inner()), key, groups.as_deref());
        aligned
    }

    /// Replaces the kept alignments with this build's.
    pub fn save(self, root: &Path) {
        let mut body = self.now.into_inner().unwrap_or_else(|e| e.into_inner());
        // The body's own hash last: a damaged entry could otherwise read as "not
        // aligned" and show a paragraph unpaired.
        let sum = xxh3_64(&body);
        body.extend_from_slice(&sum.to_le_bytes());
        replace(root, FILE, |out| {
            out.write_all(&header(MAGIC, RECIPE))?;
            out.write_all(&body)
        });
    }
}

/// One pair's entry of the file: its key, then its number of groups and each group's
/// sizes, or `NONE`; in words of 8 bytes.
fn encode(out: &mut Vec<u8>, key: u64, groups: Option<&[(u32, u32)]>) {
    out.extend_from_slice(&key.to_le_bytes());
    let Some(groups) = groups else {
        out.extend_from_slice(&NONE.to_le_bytes());
        return;
    };
    out.extend_from_slice(&(groups.len() as u64).to_le_bytes());
    for &(x, y) in groups {
        out.extend_from_slice(&(u64::from(x) << 32 | u64::from(y)).to_le_bytes());
    }
}

fn sizes(alignment: &Alignment) -> Vec<(u32, u32)> {
    alignment.groups.iter().map(|(x, y)| (x.len() as u32, y.len() as u32)).collect()
}

fn ranges(groups: &[(u32, u32)]) -> Alignment {
    let (mut i, mut j) = (0, 0);
    let groups = groups.iter().map(|&(x, y)| {
        let group = (i..i + x as usize, j..j + y as usize);
        (i, j) = (group.0.end, group.1.end);
        group
    });
    Alignment { groups: groups.collect() }
}

/// Whether kept groups cover exactly `n` and `m` sentences (a hash collision, or a
/// damaged file, would otherwise slice out of range).
fn fits(groups: &[(u32, u32)], n: usize, m: usize) -> bool {
    let (x, y) = groups.iter().fold((0usize, 0usize), |(x, y), &(a, b)| (x + a as usize, y + b as usize));
    x == n && y == m
}

fn decode(bytes: &[u8]) -> Option<Last> {
    let header = header(MAGIC, RECIPE);
    let mut at = header.len();
    (bytes.get(..at)? == header.as_slice()).then_some(())?;
    let (body, sum) = bytes.get(at..)?.split_at_checked(bytes.len().checked_sub(at + 8)?)?;
    (xxh3_64(body).to_le_bytes() == sum).then_some(())?;
    let bytes = &bytes[..bytes.len() - 8];
    let mut last = Last::default();
    while at < bytes.len() {
        let key = word(bytes, &mut at)?;
        let count = word(bytes, &mut at)?;
        if count == NONE {
            last.ranges.insert(key, NOT_ALIGNED);
            continue;
        }
        let start = u32::try_from(last.groups.len()).ok()?;
        for _ in 0..count {
            let pair = word(bytes, &mut at)?;
            last.groups.push(((pair >> 32) as u32, pair as u32));
        }
        last.ranges.insert(key, (start, u32::try_from(count).ok()?));
    }
    Some(last)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kept_alignments_come_back_as_made_and_a_damaged_file_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let pair = Pair {
            html: [
                "<p>中国经济去年增长百分之五点二。我们对今年充满信心。</p>",
                "<p>China's economy grew by 5.2 percent last year. We are confident about this year.</p>",
            ],
            cjk: [true, false],
        };
        let made = |kept: &Kept| kept.align(pair, &Anchors::default()).map(|a| (a.alignment, a.spans));
        let [a, b] = [0, 1].map(|k| sentences(pair.html[k], pair.cjk[k]));
        let fresh = align(&a.texts, &b.texts, &Anchors::default()).map(|alignment| (alignment, [a.spans, b.spans]));
        assert!(fresh.is_some(), "the example pair aligns");
        let kept = Kept::load(dir.path());
        assert_eq!(made(&kept), fresh);
        kept.save(dir.path());
        let again = Kept::load(dir.path());
        assert_eq!(again.last.ranges.len(), 1);
        assert_eq!(made(&again), fresh);
        // Other anchors are another pair.
        assert_eq!(again.last.get(0), None);
        std::fs::write(dir.path().join(FOLDER).join(FILE), b"DPALIGN\n garbage").unwrap();
        assert!(Kept::load(dir.path()).last.ranges.is_empty());
    }
}
