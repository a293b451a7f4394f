//! Sentence alignment in the parallel view, measured against the example transcript's
//! sentence pairs checked by hand (`tests/fixtures/align/example.tsv`), and passage
//! addresses that are the same passage in every language.

use std::collections::{BTreeMap, BTreeSet};

use crate::support::*;

/// A group: (passage id, Chinese sentences, English sentences), texts joined by " | ".
type Group = (String, String, String);

/// The groups the parallel view at `html` shows, and the passages it shows unaligned.
fn shown_groups(html: &str) -> (BTreeSet<Group>, usize, usize) {
    let mut groups = BTreeSet::new();
    let mut values_seen = BTreeSet::new();
    let (mut passages, mut unaligned) = (0, 0);
    for row in html.split(r#"<div class="parallel-row" id=""#).skip(1) {
        let id = row.split('"').next().unwrap().to_string();
        let row = row.split("\n</div>").next().unwrap();
        let cells: Vec<&str> = row.split(r#"<div class="parallel-cell"#).skip(1).collect();
        if cells.len() != 2 || cells.iter().any(|c| c.contains(" empty\"")) {
            continue;
        }
        passages += 1;
        let sentences = |cell: &str| -> BTreeMap<String, Vec<String>> {
            let mut by_value: BTreeMap<String, Vec<String>> = BTreeMap::new();
            for span in cell.split(r#"<span data-align=""#).skip(1) {
                let (value, rest) = span.split_once("\">").unwrap();
                let text = rest.split("</span>").next().unwrap();
                by_value.entry(value.to_string()).or_default().push(plain_text(text));
            }
            by_value
        };
        let (zh, en) = (sentences(cells[0]), sentences(cells[1]));
        if zh.is_empty() {
            unaligned += 1;
            continue;
        }
        assert_eq!(zh.keys().collect::<Vec<_>>(), en.keys().collect::<Vec<_>>(), "{id}: values pair both ways");
        for (value, texts) in &zh {
            assert!(
                values_seen.insert(value.clone()),
                "{id}: the value {value} names sentences of another passage too"
            );
            groups.insert((id.clone(), texts.join(" | "), en[value].join(" | ")));
        }
    }
    (groups, passages, unaligned)
}

#[test]
fn the_example_transcripts_sentences_pair_as_a_careful_reader_pairs_them() {
    let site = TestSite::example();
    site.build_ok();
    let (shown, passages, unaligned) = shown_groups(&site.page("parallel/2024/0307-wang-yi-press-conference/"));
    let gold: BTreeSet<Group> = std::fs::read_to_string(project_root().join("tests/fixtures/align/example.tsv"))
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| {
            let mut parts = l.split('\t').map(str::to_string);
            (parts.next().unwrap(), parts.next().unwrap(), parts.next().unwrap())
        })
        .collect();
    let right = shown.intersection(&gold).count() as f64;
    let precision = right / shown.len() as f64;
    let recall = right / gold.len() as f64;
    let f1 = 2.0 * precision * recall / (precision + recall);
    eprintln!(
        "sentence alignment: precision {precision:.3}, recall {recall:.3}, F1 {f1:.3}; {unaligned} of {passages} passages left unaligned"
    );
    let wrong: Vec<&Group> = shown.difference(&gold).collect();
    assert!(f1 >= 0.97, "F1 {f1:.3}; shown but not in the gold file: {wrong:#?}");
}

#[test]
fn a_passage_has_one_address_in_every_language() {
    for site in [TestSite::example(), TestSite::fixture("cross")] {
        site.build_ok();
        let parallel_pages: Vec<String> = site.pages().into_iter().filter(|p| p.starts_with("parallel/")).collect();
        assert!(!parallel_pages.is_empty());
        for rel in parallel_pages {
            let path = rel.trim_start_matches("parallel/");
            let parallel = site.page(&rel);
            for lang in ["zh", "en"] {
                let page = site.page(&format!("{lang}/{path}"));
                let ids: Vec<&str> = page.split(r#" id="p-"#).skip(1).map(|s| s.split('"').next().unwrap()).collect();
                assert!(!ids.is_empty(), "{lang}/{path}: no passage addresses");
                for id in ids {
                    // The paragraph's text on the transcript page is in the parallel view's row of that id.
                    let text = page.split(&format!(r#" id="p-{id}">"#)).nth(1).unwrap().split("</p>").next().unwrap();
                    let row = parallel.split(&format!(r#"<div class="parallel-row" id="p-{id}">"#)).nth(1);
                    let row = row.unwrap_or_else(|| panic!("{rel}: no row p-{id}")).split("\n</div>").next().unwrap();
                    assert!(plain_text(row).contains(&plain_text(text)), "{lang}/{path} p-{id}: {text}");
                }
            }
        }
    }
}

#[test]
fn in_a_browser_a_sentence_marks_its_translation_and_a_passage_link_lands_on_the_same_passage() {
    if !browser_ready() {
        return;
    }
    let served = TestSite::example().served();
    let origin = served.origin.as_str();
    let transcript = "2024/0307-wang-yi-press-conference";
    let passage = "p-belt-and-road-2";
    let seen: serde_json::Value = browser_script("passages.mjs", origin, &[transcript, passage]);
    // The first Chinese sentence of the passage, one sentence rendered as two in English.
    assert!(seen["value"].as_str().is_some_and(|v| !v.is_empty()), "{seen}");
    let expected = &seen["expected"];
    assert_eq!(expected.as_array().unwrap().len(), 3, "one Chinese sentence, two English: {expected}");
    assert_eq!(&seen["hovered"], expected, "hover marks exactly its counterparts");
    assert_eq!(seen["after_hover"], serde_json::json!([]), "and unmarks them");
    assert_eq!(&seen["focused"], expected, "so does keyboard focus");
    assert_eq!(seen["copied"].as_str().unwrap(), format!("{origin}en/{transcript}/#{passage}"));
    assert_eq!(seen["zh_target"], serde_json::json!({ "id": passage, "visible": true }));
    assert_eq!(
        seen["switched"].as_str().unwrap(),
        format!("/zh/{transcript}/#{passage}"),
        "the switcher keeps the passage"
    );
    assert_eq!(seen["columns"], serde_json::json!(["en", "zh-Hans"]), "the reader's language first");
    assert_eq!(seen["swapped"], serde_json::json!(["zh-Hans", "en"]));
    assert_eq!(seen["one_hidden"], serde_json::json!(["en"]), "the second column hidden");
}

/// The second build takes each paragraph pair's alignment from the first
/// (`.diptych-cache/aligned.bin`) and shows the same pairs; a damaged file is aligned
/// afresh, to the same pairs.
#[test]
fn kept_alignments_show_the_same_pairs_and_a_damaged_file_changes_nothing() {
    let site = TestSite::example();
    site.build_ok();
    let rel = "parallel/2024/0307-wang-yi-press-conference/";
    let first = site.page(rel);
    let kept = site.root().join(".diptych-cache/aligned.bin");
    assert!(std::fs::metadata(&kept).is_ok_and(|m| m.len() > 100), "the alignments are kept");
    site.build_ok();
    assert_eq!(site.page(rel), first, "taken from the kept alignments");
    let mut damaged = std::fs::read(&kept).unwrap();
    let end = damaged.len();
    damaged[end - 20..].fill(0xff);
    std::fs::write(&kept, &damaged).unwrap();
    site.build_ok();
    assert_eq!(site.page(rel), first, "a damaged file is aligned afresh");
}
