//! What each page was made from, kept between builds in `.diptych-cache/pages.bin`:
//! for each page, its view's digest (`digest.rs`: the view, its template, every
//! template of the theme, the site's data and the program itself) and the length and
//! hash of the bytes it made. A page is a function of these alone (templates can call
//! no function that reads a clock, a file or the environment), so a page whose digest is
//! the one kept has the bytes kept, and a build whose output folder still holds them
//! need not render it (docs/performance.md).
//!
//! Like every cache file, a shortcut: a missing, damaged or foreign file means
//! rendering every page.

use std::io::Write;
use std::path::Path;

use xxhash_rust::xxh3::{xxh3_64, Xxh3Default};

use crate::cache::{header, replace, word, FOLDER, PAGES_FILE as FILE};
use crate::output::Fingerprint;

const MAGIC: &[u8; 8] = b"DPPAGES\n";
/// Changes whenever a digest could be made otherwise. Bump it for such a change
/// between releases.
const RECIPE: u32 = 1;
/// An entry: the path's hash, the digest (two words), the bytes' length and hash.
const ENTRY: usize = 5 * 8;

/// The pages of the last build: each page's path (a hash), digest and bytes, in the
/// order that build made them, and their places sorted by path. A page is looked
/// for at its own place first: a site's pages keep their order from build to build,
/// and at N = 10,000 a binary search missed the cache at each step. A map took half
/// as much room again, held while pages are made; a digest is two words, which a
/// `u128` would pad to four with its path's hash.
#[derive(Default)]
pub struct KeptPages {
    pages: Vec<(u64, [u64; 2], Fingerprint)>,
    by_path: Vec<u32>,
}

impl KeptPages {
    /// The pages kept at `root`, if any.
    pub fn load(root: &Path) -> Self {
        let bytes = std::fs::read(root.join(FOLDER).join(FILE)).unwrap_or_default();
        let pages = decode(&bytes).unwrap_or_default();
        let mut by_path: Vec<u32> = (0..pages.len() as u32).collect();
        by_path.sort_unstable_by_key(|&at| pages[at as usize].0);
        KeptPages { pages, by_path }
    }

    /// The bytes the page at `rel`, the `index`-th page of this build, made when its
    /// view had `digest`, if that was so in the last build.
    pub fn made(&self, index: usize, rel: &str, digest: u128) -> Option<Fingerprint> {
        let rel = xxh3_64(rel.as_bytes());
        let (_, kept, fingerprint) = match self.pages.get(index) {
            Some(page) if page.0 == rel => *page,
            _ => {
                let at = self.by_path.binary_search_by_key(&rel, |&at| self.pages[at as usize].0).ok()?;
                self.pages[self.by_path[at] as usize]
            }
        };
        (kept == [digest as u64, (digest >> 64) as u64]).then_some(fingerprint)
    }

    /// Replaces the kept pages with this build's: (path, view's digest, bytes) of each.
    pub fn save<'p>(root: &Path, pages: impl Iterator<Item = (&'p str, &'p (u128, Fingerprint))>) {
        replace(root, FILE, |out| {
            out.write_all(&header(MAGIC, RECIPE))?;
            let mut body = Xxh3Default::new();
            for (rel, &(digest, fingerprint)) in pages {
                let mut entry = [0u8; ENTRY];
                let words = [
                    xxh3_64(rel.as_bytes()),
                    digest as u64,
                    (digest >> 64) as u64,
                    fingerprint.size(),
                    fingerprint.hash(),
                ];
                for (at, word) in entry.chunks_exact_mut(8).zip(words) {
                    at.copy_from_slice(&word.to_le_bytes());
                }
                body.update(&entry);
                out.write_all(&entry)?;
            }
            // The body's own hash last: a damaged entry could otherwise vouch for a
            // page whose view changed.
            out.write_all(&body.digest().to_le_bytes())
        });
    }
}

fn decode(bytes: &[u8]) -> Option<Vec<(u64, [u64; 2], Fingerprint)>> {
    let header = header(MAGIC, RECIPE);
    let body = bytes.strip_prefix(header.as_slice())?;
    let (body, sum) = body.split_at_checked(body.len().checked_sub(8)?)?;
    (xxh3_64(body).to_le_bytes() == sum && body.len() % ENTRY == 0).then_some(())?;
    let entry = |chunk: &[u8]| {
        let at = &mut 0;
        let (rel, low, high) = (word(chunk, at)?, word(chunk, at)?, word(chunk, at)?);
        let fingerprint = Fingerprint::new(word(chunk, at)?, word(chunk, at)?);
        Some((rel, [low, high], fingerprint))
    };
    body.chunks_exact(ENTRY).map(entry).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kept_page_comes_back_for_its_path_and_digest_only() {
        let dir = tempfile::tempdir().unwrap();
        let made = Fingerprint::of(b"<p>page</p>");
        let digest = u128::MAX - 5;
        let other = Fingerprint::of(b"<p>other</p>");
        KeptPages::save(dir.path(), [("zh/b/", &(digest, other)), ("zh/a/", &(digest, made))].into_iter());
        let kept = KeptPages::load(dir.path());
        assert_eq!(kept.made(1, "zh/a/", digest), Some(made), "at its place");
        assert_eq!(kept.made(0, "zh/a/", digest), Some(made), "moved");
        assert_eq!(kept.made(7, "zh/a/", digest), Some(made), "moved past the end");
        assert_eq!(kept.made(0, "zh/b/", digest), Some(other));
        assert_eq!(kept.made(1, "zh/a/", digest ^ 1 << 100), None, "another view");
        assert_eq!(kept.made(0, "zh/c/", digest), None, "another page");
        // Any byte changed, anywhere, and nothing is taken from the file.
        crate::cache::each_damaged(dir.path(), FILE, |at| {
            assert_eq!(KeptPages::load(dir.path()).made(1, "zh/a/", digest), None, "byte {at} damaged");
        });
    }

    /// A page is a function of its digest's inputs only while templates can read
    /// nothing else: tera functions that read a clock, the environment, a file or
    /// chance (tera 1 had them, and a later tera or a registered function could bring
    /// them back) must stay unknown to the theme's tera.
    #[test]
    fn templates_can_call_nothing_that_reads_outside_their_view() {
        for call in ["now()", "get_env(name='HOME')", "get_random(end=9)", "load_data(path='site.yaml')"] {
            let mut tera = tera::Tera::new();
            let added = tera.add_raw_template("page.html", &format!("{{{{ {call} }}}}"));
            assert!(added.is_err(), "`{call}` is known to templates");
        }
        let mut tera = tera::Tera::new();
        tera.add_raw_template("page.html", "{% for i in range(end=2) %}{{ i }}{% endfor %}").expect("range is known");
    }
}
