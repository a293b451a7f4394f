//! Tests of what the pipeline hands from stage to stage, which no output shows.

use std::path::Path;

use super::*;
use crate::archive::Archive;
use crate::test_support::fixture;

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn loaded(root: &Path, kept: &mut ParsedSources, previous: Option<&Site>) -> Site {
    let mut problems = Problems::default();
    let site = load(root, &Options::default(), kept, previous, &mut problems);
    assert!(!problems.has_errors(), "{:?}", problems.errors);
    site.expect("loads").0
}

/// Ranking weighs hundreds of candidates per section; the five kept must not hold on
/// to the candidates' memory for the rest of the build (docs/performance.md).
#[test]
fn related_lists_keep_no_room_for_their_candidates() {
    let site = fixture("minimal");
    for i in 0..40 {
        const WORDS: [&str; 7] = ["railway", "harbour", "solar", "wheat", "vaccine", "satellite", "textile"];
        let body: String = (0..3)
            .map(|s| {
                let words: Vec<&str> = (0..3).map(|k| WORDS[(i + s + 2 * k) % 7]).collect();
                format!("## Part {s} {{#part-{s}}}\n\n**Wang Yi**: {}.\n\n", words.join(" "))
            })
            .collect();
        write(
            site.path(),
            &format!("content/t{i:02}.en.md"),
            &format!("---\ntitle: T{i}\ndate: 2024-01-01\n---\n{body}"),
        );
    }
    // Ranked, then read back from the kept ranking.
    for _ in 0..2 {
        let site = loaded(site.path(), &mut ParsedSources::default(), None);
        for related in site.related.iter().flatten() {
            assert_eq!(related.len(), crate::related::RELATED);
            assert!(related.capacity() <= crate::related::RELATED, "capacity {}", related.capacity());
        }
    }
}

/// After an edit `serve` takes related sections from its previous build. A transcript
/// added with the newest date moves every other one down the archive's order; the
/// lists must still name the same sections.
#[test]
fn related_sections_survive_a_preview_rebuild_that_moves_transcripts() {
    let site = fixture("cross");
    let mut kept = ParsedSources::keeping();
    let before = loaded(site.path(), &mut kept, None);
    let newest = "---\ntitle: Newest\ndate: 2025-01-01\n---\n\n## Only {#only}\n\nText.\n";
    write(site.path(), "content/2025/newest.en.md", newest);
    let after = loaded(site.path(), &mut kept, Some(&before));
    assert_eq!(after.archive.transcripts[0].path, "2025/newest", "the new transcript comes first");
    let named = |site: &Site| -> Vec<(String, Vec<Vec<String>>)> {
        let archive: &Archive = &site.archive;
        let name = |r: &crate::archive::SectionRef| {
            let t = &archive.transcripts[r.transcript];
            format!("{}#{}", t.path, t.section_ids[r.section].0)
        };
        let lists = archive.transcripts.iter().zip(&site.related).filter(|(t, _)| t.path != "2025/newest");
        lists
            .map(|(t, related)| (t.path.clone(), related.iter().map(|l| l.iter().map(name).collect()).collect()))
            .collect()
    };
    let kept = named(&before);
    assert!(kept.iter().any(|(_, lists)| lists.iter().any(|l| !l.is_empty())), "the fixture has related sections");
    assert_eq!(named(&after), kept);
    assert!(after.related[0].iter().all(Vec::is_empty), "new: none until a full build");
}

/// Past the 1 GB GitHub Pages supports, a build says so at the output folder, with
/// how many transcripts of the archive's size fit; at or under it, nothing.
#[test]
fn a_site_larger_than_github_pages_takes_is_warned_about() {
    let public = Path::new("public");
    assert!(over_pages_limit(999_999_999, 2_000, public).is_none());
    assert!(over_pages_limit(1_000_000_000, 2_000, public).is_none());
    let warning = over_pages_limit(2_190_000_000, 5_000, public).expect("a warning past 1 GB");
    assert_eq!(
        warning.to_string(),
        "public: warning: the site is 2.19 GB, more than the 1 GB that GitHub Pages supports for a published site, \
         so publishing it there may fail; at 438 KB a transcript, about 2283 transcripts fit. Publish it with a host \
         that takes larger sites, or split the archive (by year, say) into sites of their own"
    );
    // A site of pages alone (no transcripts) is told its size, and no count of transcripts.
    let pages_only = over_pages_limit(1_500_000_000, 0, public).expect("a warning").to_string();
    assert!(
        pages_only.contains("the site is 1.50 GB, more than") && !pages_only.contains("transcript"),
        "{pages_only}"
    );
}
