//! Search: the index is built with the site; the search page finds, in a real headless
//! browser, every section that contains what the reader typed, in Chinese and English.
//! For English, "contains" means a word that begins with the query word.
//!
//! The browser part needs Debian's Chromium (`/usr/bin/chromium`, or `CHROMIUM`), Node
//! and playwright-core in `target/e2e` (`.ci/run` installs all three). Without them it
//! says so and passes, except in CI, where they are required.

use std::collections::BTreeMap;
use std::path::Path;

use crate::support::*;

const QUERIES: [(&str, &str); 10] = [
    ("zh", "一带一路"),
    ("zh", "命运共同体"),
    ("zh", "中欧"),
    ("zh", "非洲"),
    ("zh", "全球南方"),
    ("zh", "和平"),
    // Crosses word boundaries: 热点 | 问题.
    ("zh", "热点问题"),
    ("en", "Belt and Road"),
    ("en", "Africa"),
    ("en", "peace"),
];

/// The section pages of the built site at `public` whose heading or turns contain
/// `term` (any case): what a reader would find by reading every section page.
fn sections_containing(public: &Path, lang: &str, term: &str) -> Vec<String> {
    let term = term.to_lowercase();
    let mut found = Vec::new();
    for rel in files(public).into_iter().filter(|f| f.starts_with(&format!("{lang}/")) && f.ends_with("/index.html")) {
        let html = std::fs::read_to_string(public.join(&rel)).unwrap();
        let Some(article) = html.split_once(r#"<article class="section-page">"#).map(|(_, a)| a) else { continue };
        let heading = article.split_once("<h1>").and_then(|(_, h)| h.split_once("</h1>")).map_or("", |(h, _)| h);
        let turns = article.split_once("</header>").map_or("", |(_, t)| t);
        let turns = turns.split_once(r#"<aside class="translations""#).map_or(turns, |(t, _)| t);
        if plain_text(&format!("{heading} {turns}")).to_lowercase().contains(&term) {
            found.push(format!("/{}", rel.trim_end_matches("index.html")));
        }
    }
    found
}

#[test]
fn the_search_page_finds_every_section_that_contains_the_query() {
    if !browser_ready() {
        return;
    }
    let served = TestSite::example().served();
    let args: Vec<String> = QUERIES.iter().map(|(lang, q)| format!("{lang}:{q}")).collect();
    let mut all = vec![served.origin.as_str()];
    all.extend(args.iter().map(String::as_str));
    let found: BTreeMap<String, Vec<String>> = browser_script("search.mjs", &all);
    for (lang, query) in QUERIES {
        let expected = sections_containing(served.folder.path(), lang, query);
        assert!(!expected.is_empty(), "{query}: the example has no section with it");
        let shown = &found[&format!("{lang} {query}")];
        let missed: Vec<&String> = expected.iter().filter(|e| !shown.contains(e)).collect();
        assert!(missed.is_empty(), "{lang} `{query}` missed {missed:?}; the page showed {shown:?}");
    }
}

#[test]
fn every_language_has_a_search_page_and_every_page_a_search_box() {
    let site = TestSite::fixture("basic");
    site.build_ok();
    let search = site.page("zh/search/");
    assert!(search.contains(r#"<form class="search-form" role="search" action="/archive/zh/search/" method="get">"#));
    assert!(search.contains(r#"data-bundle="/archive/search/zh/""#));
    for rel in site.pages().iter().filter(|r| r.starts_with("en/")) {
        assert!(
            site.page(rel)
                .contains(r#"<form class="site-search" role="search" action="/archive/en/search/" method="get">"#),
            "{rel}"
        );
    }
    for lang in ["zh", "en"] {
        let meta: serde_json::Value =
            serde_json::from_slice(&std::fs::read(site.public().join(format!("search/{lang}/meta.json"))).unwrap())
                .unwrap();
        assert_eq!(meta["docs"], if lang == "zh" { 5 } else { 4 }, "{lang}: one entry per section page");
    }
}

#[test]
fn no_search_leaves_the_index_out() {
    let site = TestSite::fixture("basic");
    let out = site.run(&["build", "--no-search"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(!site.public().join("search").exists());
    assert!(site.pages().contains("zh/search/"), "the page is there, and says search is unavailable");
}
