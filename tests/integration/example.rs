//! The repository's own example site: the seed transcript in Chinese and English.

use crate::pages::assert_links_resolve;
use crate::support::*;

const TRANSCRIPT: &str = "2024/0307-wang-yi-press-conference";
const SECTIONS: [&str; 8] = [
    "opening-remarks",
    "pioneering-and-harvest-year",
    "china-story",
    "community-with-shared-future",
    "hotspot-issues",
    "belt-and-road",
    "china-eu-relations",
    "china-africa",
];

#[test]
fn the_example_site_has_its_transcript_and_eight_sections_in_each_language() {
    let site = TestSite::example();
    let (_, problems) = site.build();
    assert!(problems.errors.is_empty() && problems.warnings.is_empty(), "{}", messages(&problems));
    for lang in ["zh", "en"] {
        let page = site.page(&format!("{lang}/{TRANSCRIPT}/"));
        for id in SECTIONS {
            assert!(page.contains(&format!("href=\"/archive/{lang}/{TRANSCRIPT}/{id}/\"")), "{lang} toc lacks {id}");
            site.page(&format!("{lang}/{TRANSCRIPT}/{id}/"));
        }
    }
    assert_links_resolve(&site.public(), "/archive/");
}

#[test]
fn the_example_keeps_every_sentence_of_the_seed_exactly_once() {
    let seed = std::fs::read_to_string(project_root().join("tests/fixtures/seed.txt")).unwrap();
    let source = std::fs::read_to_string(project_root().join(format!("content/{TRANSCRIPT}.zh.md"))).unwrap();
    let flat: String =
        source.lines().map(|l| l.trim_start_matches("**").replace("**：", "：").replace('*', "")).collect();
    for sentence in sentences(&seed) {
        assert_eq!(flat.matches(&sentence).count(), 1, "not exactly once: {sentence}");
    }
    // The sentence the page break split is whole again.
    assert!(flat.contains("非洲国家需要探索符合本国国情的发展道路"));
}

/// Sentences of the seed's body (after its title lines), each paragraph cut after 。！？
fn sentences(seed: &str) -> Vec<String> {
    let mut out = Vec::new();
    for para in seed.lines().map(str::trim).filter(|l| l.chars().count() > 30 || l.ends_with('。')) {
        let mut current = String::new();
        for c in para.chars() {
            current.push(c);
            if matches!(c, '。' | '！' | '？') {
                out.push(std::mem::take(&mut current));
            }
        }
    }
    // The page break cut one sentence in two; its halves are found whole, not apart.
    out.retain(|s| !s.ends_with("探索符") && !s.starts_with("合本国国情"));
    out.sort();
    out.dedup();
    out
}
