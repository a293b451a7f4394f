//! Link scans kept between builds in `.diptych-cache/links.bin`: for each page, a hash
//! of its bytes and what `Targets::scan` found in them. What a scan finds depends only
//! on the page's bytes, where it is, and the site's address and files, so a page whose
//! bytes are those of the last build, at the same address, is not scanned again: its
//! links are taken from here. If files were added since (a new transcript), the links
//! it found broken are followed again (`Targets::recheck`); if any was removed, a link
//! that led to it is not known, and every page is scanned. Anchors are still checked
//! against this build's ids, as every page's are. Like every cache file, a shortcut: a
//! missing, damaged or foreign file, or another address, means scanning every page.

use std::io::Write;
use std::ops::Range;
use std::path::Path;
use std::sync::Mutex;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use xxhash_rust::xxh3::{xxh3_64, Xxh3Default};

use super::{PageLinks, Targets};
use crate::cache::{header, replace, word, FOLDER, LINKS_FILE as FILE};

const MAGIC: &[u8; 8] = b"DPLINKS\n";
/// Changes whenever `scan` could find other links in the same bytes. Bump it for such
/// a change between releases. 2: tag and attribute names read in any case. 3: the
/// site's files listed, not hashed into one digest.
const RECIPE: u32 = 3;

/// The scans of the last build, each page's by a hash of its path: decoded when
/// loaded, so the file's bytes are not held while pages are drawn, and taken (not
/// copied) by the page that finds its bytes unchanged, so a kept scan is never held
/// twice.
#[derive(Default)]
pub struct KeptScans {
    pages: FxHashMap<u64, (u64, Slot)>,
    /// Whether the site has files it did not have when they were made.
    grown: bool,
}

/// A page's kept scan until the page takes it.
type Slot = Mutex<Option<Box<PageLinks>>>;

impl KeptScans {
    /// The scans kept at `root` that hold for a site of `targets`, if any.
    pub fn load(root: &Path, targets: &Targets) -> Self {
        let bytes = std::fs::read(root.join(FOLDER).join(FILE)).unwrap_or_default();
        let Some((entries, grown)) = index(&bytes, targets) else { return KeptScans::default() };
        let decoded: Option<FxHashMap<_, _>> = entries
            .into_par_iter()
            .map(|(rel, hash, range)| Some((rel, (hash, Mutex::new(Some(Box::new(decode_page(&bytes[range])?)))))))
            .collect();
        KeptScans { pages: decoded.unwrap_or_default(), grown }
    }

    /// What a scan of the page at `rel` would find in the site of `targets`, if its
    /// bytes (`hash`) are those it had when it was last scanned. `folder`: where the
    /// page's links start from.
    pub fn take(&self, (rel, folder): (&str, &str), hash: u64, targets: &Targets) -> Option<PageLinks> {
        let (kept_hash, links) = self.pages.get(&xxh3_64(rel.as_bytes()))?;
        let taken = (*kept_hash == hash).then(|| links.lock().unwrap_or_else(|e| e.into_inner()).take());
        let mut links = *taken.flatten()?;
        if self.grown {
            targets.recheck(folder, &mut links);
        }
        Some(links)
    }

    /// Replaces the kept scans with this build's: (path, bytes' hash, links) of every
    /// page of a site of `targets`.
    pub fn save<'p>(root: &Path, targets: &Targets, pages: impl Iterator<Item = (&'p str, u64, &'p PageLinks)>) {
        // Written as it is encoded, a page at a time: at N = 10,000 the file is ~70 MB,
        // and made whole in memory it came at the build's peak.
        replace(root, FILE, |out| {
            out.write_all(&header(MAGIC, RECIPE))?;
            let mut body = Xxh3Default::new();
            let mut write = |bytes: &[u8]| {
                body.update(bytes);
                out.write_all(bytes)
            };
            write(&targets.address().to_le_bytes())?;
            write(&(targets.names().len() as u64).to_le_bytes())?;
            for name in targets.names() {
                write(&name.to_le_bytes())?;
            }
            let mut entry = Vec::new();
            for (rel, hash, links) in pages {
                entry.clear();
                for word in [xxh3_64(rel.as_bytes()), hash, 0] {
                    entry.extend_from_slice(&word.to_le_bytes());
                }
                encode_page(links, &mut entry);
                let len = (entry.len() - 24) as u64;
                entry[16..24].copy_from_slice(&len.to_le_bytes());
                write(&entry)?;
            }
            // The body's own hash last: a damaged entry could otherwise hide a broken link.
            let sum = body.digest();
            out.write_all(&sum.to_le_bytes())
        });
    }
}

fn encode_page(links: &PageLinks, out: &mut Vec<u8>) {
    let text = |s: &str, out: &mut Vec<u8>| {
        out.extend_from_slice(&(s.len() as u64).to_le_bytes());
        out.extend_from_slice(s.as_bytes());
    };
    out.extend_from_slice(&(links.broken.len() as u64).to_le_bytes());
    for link in &links.broken {
        text(link, out);
    }
    out.extend_from_slice(&(links.ids.len() as u64).to_le_bytes());
    links.ids.iter().for_each(|id| out.extend_from_slice(&id.to_le_bytes()));
    out.extend_from_slice(&(links.anchored.len() as u64).to_le_bytes());
    for &(page, anchor, end) in &links.anchored {
        [page, anchor, u64::from(end)].iter().for_each(|w| out.extend_from_slice(&w.to_le_bytes()));
    }
    text(&links.anchored_links, out);
}

fn decode_page(bytes: &[u8]) -> Option<PageLinks> {
    let mut at = 0;
    // Every item takes a word or more: a count beyond that is damage, and would
    // otherwise make a vector of that length before the bytes ran out.
    let count = |at: &mut usize| usize::try_from(word(bytes, at)?).ok().filter(|&n| n <= bytes.len() / 8);
    let text = |at: &mut usize| {
        let len = usize::try_from(word(bytes, at)?).ok()?;
        let s = std::str::from_utf8(bytes.get(*at..at.checked_add(len)?)?).ok()?.to_string();
        *at += len;
        Some(s)
    };
    let broken = (0..count(&mut at)?).map(|_| text(&mut at)).collect::<Option<Vec<_>>>()?;
    let ids = (0..count(&mut at)?).map(|_| word(bytes, &mut at)).collect::<Option<Vec<_>>>()?;
    let anchored = (0..count(&mut at)?)
        .map(|_| Some((word(bytes, &mut at)?, word(bytes, &mut at)?, u32::try_from(word(bytes, &mut at)?).ok()?)))
        .collect::<Option<Vec<_>>>()?;
    let anchored_links = text(&mut at)?;
    // Ends past the links as written, or before the one ahead of them, would slice
    // out of them at the end.
    let mut start = 0;
    let fits = anchored.iter().all(|&(_, _, end)| {
        let fits = start <= end && anchored_links.is_char_boundary(end as usize);
        start = end;
        fits
    });
    (fits && at == bytes.len()).then(|| {
        let mut links = PageLinks { broken, anchored, anchored_links, ids };
        links.shrink_to_fit(); // collected through `Option`, the lists grew as they were read
        links
    })
}

/// A page's entry in a kept file: its path's hash, its bytes' hash, where its scan is.
type Entry = (u64, u64, Range<usize>);

/// Each page's entry in a kept file that holds for a site of `targets`, and whether
/// the site has files it did not have then. None if it was made at another address,
/// or for a site with a file this one lacks.
fn index(bytes: &[u8], targets: &Targets) -> Option<(Vec<Entry>, bool)> {
    let header = header(MAGIC, RECIPE);
    let mut at = header.len();
    (bytes.get(..at)? == header.as_slice()).then_some(())?;
    let (body, sum) = bytes.get(at..)?.split_at_checked(bytes.len().checked_sub(at + 8)?)?;
    (xxh3_64(body).to_le_bytes() == sum).then_some(())?;
    let end = bytes.len() - 8;
    (word(bytes, &mut at)? == targets.address()).then_some(())?;
    let count = usize::try_from(word(bytes, &mut at)?).ok().filter(|&n| n <= end / 8)?;
    let names = (0..count).map(|_| word(bytes, &mut at)).collect::<Option<Vec<u64>>>()?;
    let grown = has_all(targets.names(), &names)?;
    let mut pages = Vec::new();
    while at < end {
        let rel = word(bytes, &mut at)?;
        let hash = word(bytes, &mut at)?;
        let len = usize::try_from(word(bytes, &mut at)?).ok()?;
        let range = at..at.checked_add(len).filter(|&e| e <= end)?;
        at = range.end;
        pages.push((rel, hash, range));
    }
    Some((pages, grown))
}

/// Whether `names` has more than `earlier`, if it has every one of them; both sorted.
fn has_all(names: &[u64], earlier: &[u64]) -> Option<bool> {
    let mut from = 0;
    for name in earlier {
        from += names.get(from..)?.binary_search(name).ok()? + 1;
    }
    Some(names.len() > earlier.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn links() -> PageLinks {
        PageLinks {
            broken: vec!["/archive/zh/gone/".into()],
            anchored: vec![(1, 2, 9), (3, 4, 17)],
            anchored_links: "#dp-main../a/#p-x-3".into(),
            ids: vec![5, 6, 7],
        }
    }

    /// A site of these files at the example address.
    fn site<'a>(files: &[&'a str]) -> Targets<'a> {
        Targets::new(files.iter().copied(), "https://example.org/archive/", "/archive/")
    }

    const FILES: [&str; 3] = ["zh/", "zh/a/", "zh/b/"];

    /// Every page's scan is held until the last page is drawn: one read back from the
    /// file holds no more room than its lists fill (grown as they were read, they held
    /// a third more).
    #[test]
    fn kept_scans_hold_no_room_they_do_not_fill() {
        let dir = tempfile::tempdir().unwrap();
        let many = PageLinks { ids: (0..37).collect(), ..links() };
        KeptScans::save(dir.path(), &site(&FILES), [("zh/a/", 7, &many)].into_iter());
        let kept = KeptScans::load(dir.path(), &site(&FILES)).take(("zh/a/", "zh/a/"), 7, &site(&FILES));
        let kept = kept.expect("kept");
        assert_eq!((kept.ids.capacity(), kept.anchored.capacity()), (37, 2));
    }

    /// Links as written are sliced from one end to the next: ends out of order in a
    /// file whose hash is right (written so, not damaged) would panic the check.
    #[test]
    fn kept_links_whose_ends_go_backwards_are_not_taken() {
        let dir = tempfile::tempdir().unwrap();
        let backwards = PageLinks { anchored: vec![(1, 2, 17), (3, 4, 9)], ..links() };
        KeptScans::save(dir.path(), &site(&FILES), [("zh/a/", 7, &backwards)].into_iter());
        assert!(KeptScans::load(dir.path(), &site(&FILES)).take(("zh/a/", "zh/a/"), 7, &site(&FILES)).is_none());
    }

    #[test]
    fn kept_scans_come_back_as_made_for_the_same_bytes_and_site_only() {
        let dir = tempfile::tempdir().unwrap();
        let (made, targets) = (links(), site(&FILES));
        KeptScans::save(dir.path(), &targets, [("zh/a/", 7, &made)].into_iter());
        let page = ("zh/a/", "zh/a/");
        let kept = KeptScans::load(dir.path(), &targets);
        assert!(kept.take(page, 8, &targets).is_none(), "other bytes");
        let again = kept.take(page, 7, &targets).expect("kept");
        assert_eq!((again.broken, again.anchored, again.anchored_links, again.ids), {
            let m = links();
            (m.broken, m.anchored, m.anchored_links, m.ids)
        });
        assert!(kept.take(page, 7, &targets).is_none(), "taken once");
        assert!(KeptScans::load(dir.path(), &targets).take(("zh/b/", "zh/b/"), 7, &targets).is_none(), "another page");
        let elsewhere = Targets::new(FILES, "https://example.org/other/", "/other/");
        assert!(KeptScans::load(dir.path(), &elsewhere).take(page, 7, &elsewhere).is_none(), "another address");
        let fewer = site(&FILES[..2]);
        assert!(KeptScans::load(dir.path(), &fewer).take(page, 7, &fewer).is_none(), "a file removed");
        // Any byte changed, anywhere, and nothing is taken from the file.
        crate::cache::each_damaged(dir.path(), FILE, |at| {
            assert!(KeptScans::load(dir.path(), &targets).take(page, 7, &targets).is_none(), "byte {at} damaged");
        });
    }

    /// With files added since, a kept scan is taken, and the links it found broken are
    /// followed again: one that now leads to a page is broken no longer, and its anchor
    /// is kept to check; one that still leads nowhere stays broken.
    #[test]
    fn after_files_are_added_the_links_found_broken_are_followed_again() {
        let dir = tempfile::tempdir().unwrap();
        let html = r#"<a href="/archive/zh/c/#p-x-1">c</a><a href="../d/">d</a><a href="/archive/zh/b/">b</a>"#;
        let before = site(&FILES);
        let scanned = before.scan("zh/a/", html.as_bytes());
        assert_eq!(scanned.broken, ["/archive/zh/c/#p-x-1", "../d/"]);
        KeptScans::save(dir.path(), &before, [("zh/a/", 7, &scanned)].into_iter());
        let after = site(&["zh/", "zh/a/", "zh/b/", "zh/c/"]);
        let kept = KeptScans::load(dir.path(), &after).take(("zh/a/", "zh/a/"), 7, &after).expect("kept");
        let fresh = after.scan("zh/a/", html.as_bytes());
        assert_eq!(
            (&kept.broken, &kept.anchored, &kept.anchored_links),
            (&fresh.broken, &fresh.anchored, &fresh.anchored_links)
        );
        assert_eq!(kept.broken, ["../d/"]);
    }
}
