//! The last build's related sections, kept in `.diptych-cache/related.bin` with a
//! digest of everything ranking read: each section's text (as its term-cache key),
//! each section's topics and each topic's list of sections. A build whose archive
//! gives the same digest (nothing changed, or only the theme or other settings) reads
//! them back instead of ranking again (docs/performance.md); after any
//! edit that could move a ranking, the sections are ranked afresh.
//!
//! Like the term cache, only a shortcut: a file that is missing, damaged, from another
//! version or for other inputs is ignored.

use std::fs;
use std::hash::Hash;
use std::io::{self, Write};
use std::path::Path;

use xxhash_rust::xxh3::Xxh3Default;

use crate::archive::{SectionRef, Transcript};
use crate::cache::{header, replace, word, FOLDER};
use crate::config::TopicKey;

use crate::cache::RANKING_FILE as FILE;
const MAGIC: &[u8; 8] = b"DPRELAT\n";
/// Changes whenever ranking could choose other sections from the same inputs: its
/// limits, its scores, its order. Bump it for such a change between releases.
const RECIPE: u32 = 1;

/// Every section's related sections: `[transcript][section]`, best first.
pub type Related = Vec<Vec<Vec<SectionRef>>>;

/// Everything ranking reads, as one 128-bit hash: with 64 bits a collision, which
/// would show an archive another's related sections, would be merely unlikely.
pub(super) fn digest(transcripts: &[Transcript], topics: &[(TopicKey, Vec<SectionRef>)], keys: &[u64]) -> u128 {
    let mut h = Xxh3Default::new();
    // The term counts a key stands for depend on how they are counted.
    super::term_cache::RECIPE.hash(&mut h);
    keys.hash(&mut h);
    for t in transcripts {
        t.section_topics.hash(&mut h); // one entry per section: the layout of `keys` too
    }
    topics.hash(&mut h);
    h.digest128()
}

/// The related sections saved for `digest`, if the file holds them, and only valid
/// references into `transcripts`.
pub(super) fn load(root: &Path, digest: u128, transcripts: &[Transcript]) -> Option<Related> {
    let bytes = fs::read(root.join(FOLDER).join(FILE)).ok()?;
    let header = header(MAGIC, RECIPE);
    let mut at = header.len();
    (bytes.get(..at)? == header.as_slice()).then_some(())?;
    let saved = u128::from(word(&bytes, &mut at)?) | u128::from(word(&bytes, &mut at)?) << 64;
    (saved == digest).then_some(())?;
    let mut related = Vec::with_capacity(transcripts.len());
    for t in transcripts {
        let mut sections = Vec::with_capacity(t.section_ids.len());
        for _ in &t.section_ids {
            let count = usize::try_from(word(&bytes, &mut at)?).ok().filter(|&n| n <= super::RELATED)?;
            // No room to spare: the lists are kept for the whole build.
            let mut refs = Vec::with_capacity(count);
            for _ in 0..count {
                refs.push(section_ref(word(&bytes, &mut at)?, transcripts)?);
            }
            sections.push(refs);
        }
        related.push(sections);
    }
    (at == bytes.len()).then_some(related)
}

/// Replaces the saved related sections with these, ranked from the inputs of `digest`.
pub(super) fn save(root: &Path, digest: u128, related: &Related) {
    replace(root, FILE, |out| encode(digest, related, out));
}

/// The header, the digest, then per section: how many related sections, and each as
/// (transcript << 32 | section); little-endian.
fn encode(digest: u128, related: &Related, out: &mut impl Write) -> io::Result<()> {
    out.write_all(&header(MAGIC, RECIPE))?;
    out.write_all(&digest.to_le_bytes())?;
    for refs in related.iter().flatten() {
        out.write_all(&(refs.len() as u64).to_le_bytes())?;
        for r in refs {
            out.write_all(&((r.transcript as u64) << 32 | r.section as u64).to_le_bytes())?;
        }
    }
    Ok(())
}

fn section_ref(packed: u64, transcripts: &[Transcript]) -> Option<SectionRef> {
    let (transcript, section) = ((packed >> 32) as usize, (packed & 0xFFFF_FFFF) as usize);
    let t = transcripts.get(transcript)?;
    (section < t.section_ids.len()).then_some(SectionRef { transcript, section })
}
