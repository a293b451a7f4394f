//! Search: the index is built with the site; the search page finds, in a real headless
//! browser, every section that contains what the reader typed, in Chinese and English.
//! For English, "contains" means a word that begins with the query word.
//!
//! The browser part needs Debian's Chromium (`/usr/bin/chromium`, or `CHROMIUM`), Node
//! and playwright-core in `target/e2e` (`.ci/run` installs all three). Without them it
//! says so and passes, except in CI, where they are required.

use std::collections::BTreeMap;
use std::process::Command;

use diptych::build::{self, Options};
use diptych::diagnostic::Problems;

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

fn browser_ready() -> bool {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let playwright = project_root().join("target/e2e/node_modules/playwright-core");
    let node = Command::new("node").arg("--version").output().is_ok_and(|o| o.status.success());
    std::path::Path::new(&chromium).exists() && playwright.is_dir() && node
}

/// The section pages whose text contains `term` (any case), per the archive itself.
fn sections_containing(site: &TestSite, lang: &str, term: &str) -> Vec<String> {
    let mut problems = Problems::default();
    let loaded = build::load(site.root(), &Options::default(), &mut problems).expect("the example loads");
    let term = term.to_lowercase();
    let mut found = Vec::new();
    for t in &loaded.archive.transcripts {
        let Some((_, v)) = t.versions.iter().find(|(l, _)| l.0 == lang) else { continue };
        for s in &v.doc.sections {
            let text: String =
                std::iter::once(s.heading_text.as_str()).chain(s.blocks.iter().map(|b| b.text.as_str())).collect();
            if text.to_lowercase().contains(&term) {
                found.push(format!("/{lang}/{}/{}/", t.path, s.id.0));
            }
        }
    }
    found
}

#[test]
fn the_search_page_finds_every_section_that_contains_the_query() {
    if !browser_ready() {
        assert!(std::env::var_os("CI").is_none(), "CI must install chromium, node and playwright-core (see .ci/run)");
        eprintln!(
            "\n*** SKIPPED: Chromium, node or target/e2e/node_modules/playwright-core missing; see .ci/run ***\n"
        );
        return;
    }
    let site = TestSite::example();
    let www = tempfile::tempdir().unwrap();
    let server = static_server(www.path()).expect("python3 serves the site");
    let origin = format!("http://127.0.0.1:{}/", server.port);
    let options =
        Options { base_url: Some(origin.clone()), output_dir: Some(www.path().join("site")), ..Options::default() };
    let (summary, problems) = build::build(site.root(), &options);
    assert!(summary.is_some(), "{}", messages(&problems));
    copy_tree(&www.path().join("site"), www.path());

    let args: Vec<String> = QUERIES.iter().map(|(lang, q)| format!("{lang}:{q}")).collect();
    let out = Command::new("node")
        .arg(project_root().join("tests/browser/search.mjs"))
        .arg(&origin)
        .args(&args)
        .output()
        .expect("node runs");
    assert!(out.status.success(), "the browser script failed:\n{}", String::from_utf8_lossy(&out.stderr));
    let found: BTreeMap<String, Vec<String>> =
        serde_json::from_slice(&out.stdout).expect("JSON from the browser script");
    for (lang, query) in QUERIES {
        let expected = sections_containing(&site, lang, query);
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
