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
    let texts = section_texts(public, lang).into_iter();
    texts.filter(|(_, text)| text.to_lowercase().contains(&term)).map(|(url, _)| url).collect()
}

#[test]
fn the_search_page_finds_every_section_that_contains_the_query() {
    if !browser_ready() {
        return;
    }
    let served = TestSite::example().served();
    let args: Vec<String> = QUERIES.iter().map(|(lang, q)| format!("{lang}:{q}")).collect();
    let found: BTreeMap<String, Vec<(String, bool)>> = browser_script("search.mjs", &served.origin, &args);
    for (lang, query) in QUERIES {
        let expected = sections_containing(served.folder.path(), lang, query);
        assert!(!expected.is_empty(), "{query}: the example has no section with it");
        let shown: Vec<String> = found[&format!("{lang} {query}")].iter().map(|(u, _)| u.clone()).collect();
        let missed: Vec<&String> = expected.iter().filter(|e| !shown.contains(e)).collect();
        assert!(missed.is_empty(), "{lang} `{query}` missed {missed:?}; the page showed {shown:?}");
    }
}

/// A word as typed comes before other forms of it that only its stem finds, however
/// often those occur: `cooperation` first lists the page that says cooperation.
#[test]
fn pages_with_the_word_as_typed_come_before_pages_with_another_form_of_it() {
    if !browser_ready() {
        return;
    }
    let site = TestSite::minimal();
    let section = |text: &str| format!("\n## One {{#one}}\n\n**A**: {text}\n");
    site.write(
        "content/a.en.md",
        transcript("title: A\ndate: 2024-03-02", &section("We cooperate, cooperate and cooperate.")),
    );
    site.write("content/b.en.md", transcript("title: B\ndate: 2024-03-01", &section("Our cooperation goes on.")));
    let served = site.served();
    let found: BTreeMap<String, Vec<(String, bool)>> =
        browser_script("search.mjs", &served.origin, &["en:cooperation".to_string()]);
    let shown: Vec<&str> =
        found["en cooperation"].iter().map(|(u, _)| u.as_str()).filter(|u| u.ends_with("/one/")).collect();
    assert_eq!(shown, ["/en/b/one/", "/en/a/one/"], "the word as typed first, then its other forms");
}

/// A soft hyphen (left by a PDF or a word processor) inside a word, in the text or in
/// a query pasted from it, does not part the word: each finds the other. Nor does a
/// zero-width space in a query pasted from a web page.
#[test]
fn a_soft_hyphen_does_not_part_a_word() {
    if !browser_ready() {
        return;
    }
    let site = TestSite::minimal();
    let section = |text: &str| format!("\n## One {{#one}}\n\n**A**: {text}\n");
    site.write("content/a.en.md", transcript("title: A\ndate: 2024-03-02", &section("Our co\u{AD}operation goes on.")));
    site.write("content/b.en.md", transcript("title: B\ndate: 2024-03-01", &section("Our partnership goes on.")));
    let served = site.served();
    let queries =
        ["en:cooperation".to_string(), "en:part\u{AD}nership".to_string(), "en:co\u{200B}operation".to_string()];
    let found: BTreeMap<String, Vec<(String, bool)>> = browser_script("search.mjs", &served.origin, &queries);
    let pages = |key: &str| -> Vec<String> {
        found[key].iter().map(|(u, _)| u.clone()).filter(|u| u.ends_with("/one/")).collect()
    };
    assert_eq!(pages("en cooperation"), ["/en/a/one/"], "{found:?}");
    assert_eq!(pages("en part\u{AD}nership"), ["/en/b/one/"], "{found:?}");
    assert_eq!(pages("en co\u{200B}operation"), ["/en/a/one/"], "{found:?}");
}

#[test]
fn the_section_with_the_query_most_often_comes_first_however_often_that_is() {
    if !browser_ready() {
        return;
    }
    let site = TestSite::minimal();
    let section = |text: String| format!("\n## One {{#one}}\n\n**A**: {text}\n");
    // Counts past what a small field holds, the newest with the fewest, so neither a
    // capped count nor the date puts the right one first; the counts shuffled.
    let mut rng = fastrand::Rng::with_seed(24);
    let mut counts: Vec<usize> = (0..6).map(|i| 6 + 2 * i + rng.usize(..2)).collect();
    counts.sort_unstable();
    for (day, n) in counts.iter().enumerate() {
        let date = format!("title: T{day}\ndate: 2024-03-{:02}", 28 - day);
        site.write(&format!("content/t{day}.zh.md"), transcript(&date, &section("我们的伙伴关系。".repeat(*n))));
        site.write(&format!("content/t{day}.en.md"), transcript(&date, &section("Our partnership grows. ".repeat(*n))));
    }
    // The newest of all has the query's pairs often, but apart, and twice as a whole.
    let apart = format!("伙伴关系。伙伴关系。{}", "伙伴和关系。".repeat(40));
    site.write("content/u.zh.md", transcript("title: U\ndate: 2024-03-30", &section(apart)));
    let served = site.served();
    let queries = ["zh:伙伴关系".to_string(), "en:partnership".to_string()];
    let found: BTreeMap<String, Vec<(String, bool)>> = browser_script("search.mjs", &served.origin, &queries);
    for (key, lang) in [("zh 伙伴关系", "zh"), ("en partnership", "en")] {
        let shown: Vec<String> = found[key].iter().map(|(u, _)| u.clone()).filter(|u| u.ends_with("/one/")).collect();
        let mut expected: Vec<String> = (0..counts.len()).rev().map(|day| format!("/{lang}/t{day}/one/")).collect();
        if lang == "zh" {
            expected.push("/zh/u/one/".into());
        }
        assert_eq!(shown, expected, "{key}: the most occurrences first ({counts:?})");
    }
}

#[test]
fn every_language_has_a_search_page_and_every_page_a_search_box() {
    let site = TestSite::fixture("basic");
    site.build_ok();
    let search = site.page("zh/search/");
    assert!(search.contains(r#"<form class="search-form" role="search" aria-labelledby="dp-q-label" action="/archive/zh/search/" method="get">"#));
    assert!(search.contains(r#"data-bundle="/archive/search/zh/""#));
    for rel in site.pages().iter().filter(|r| r.starts_with("en/")) {
        assert!(
            site.page(rel)
                .contains(r#"<form class="site-search" role="search" aria-label="Search" action="/archive/en/search/" method="get">"#),
            "{rel}"
        );
    }
    for lang in ["zh", "en"] {
        let meta: serde_json::Value =
            serde_json::from_slice(&std::fs::read(site.public().join(format!("search/{lang}/meta.json"))).unwrap())
                .unwrap();
        // One entry per section page and per transcript page.
        assert_eq!(meta["docs"], if lang == "zh" { 5 + 3 } else { 4 + 2 }, "{lang}: one entry per page");
    }
}

#[test]
fn no_search_leaves_the_index_out() {
    let site = TestSite::fixture("basic");
    // Built with the index first, twice: the folder the next build fills holds one.
    site.build_ok();
    site.build_ok();
    let out = site.run(&["build", "--no-search"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(!site.public().join("search").exists());
    assert!(site.pages().contains("zh/search/"), "the page is there, and says search is unavailable");
}

/// Every file of the search index: path → bytes.
fn index_files(public: &Path) -> BTreeMap<String, Vec<u8>> {
    let files = walkdir::WalkDir::new(public.join("search")).into_iter().map(Result::unwrap);
    let files = files.filter(|e| e.file_type().is_file());
    files
        .map(|e| (e.path().strip_prefix(public).unwrap().display().to_string(), std::fs::read(e.path()).unwrap()))
        .collect()
}

/// A build of unchanged pages takes the last build's index instead of making it again,
/// but only files that are what it wrote; an edit makes the index again.
#[test]
fn an_unchanged_index_is_kept_a_changed_file_replaced_and_an_edit_indexed() {
    let site = TestSite::minimal();
    site.write("content/a.en.md", transcript("title: First\ndate: 2024-03-01", "\n## One {#one}\n\n**A**: apples.\n"));
    site.build_ok();
    let first = index_files(&site.public());
    assert!(site.root().join(".diptych-cache/search.bin").is_file());

    let meta = site.public().join("search/en/meta.json");
    std::fs::write(&meta, "{\"format\": 0}").unwrap();
    std::fs::remove_file(site.public().join("search/t2s.json")).unwrap();
    site.build_ok();
    assert_eq!(index_files(&site.public()), first, "a changed or missing file is made again");
    site.build_ok();
    assert_eq!(index_files(&site.public()), first, "an unchanged index is the same index");

    site.write(
        "content/a.en.md",
        transcript("title: First\ndate: 2024-03-01", "\n## One {#one}\n\n**A**: zebracorn.\n"),
    );
    site.build_ok();
    let edited = index_files(&site.public());
    assert!(edited.values().any(|bytes| String::from_utf8_lossy(bytes).contains("\"zebracorn\"")));
    assert!(!edited.values().any(|bytes| String::from_utf8_lossy(bytes).contains("\"apples\"")));
}

const SPARE: &str = ".public.diptych-spare";

/// A build fills the folder of the last but one (the spare): an index unchanged since
/// then is left there as it is, not read from the last output and written again; a
/// file of it edited in the spare is written again.
#[test]
fn an_index_unchanged_since_the_last_but_one_build_is_left_as_it_is() {
    let site = TestSite::minimal();
    site.write("content/a.en.md", transcript("title: First\ndate: 2024-03-01", "\n## One {#one}\n\n**A**: apples.\n"));
    site.build_ok();
    site.build_ok();
    let first = index_files(&site.public());
    let spare = site.root().join(SPARE);
    let past = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000_000);
    for rel in first.keys() {
        std::fs::File::options().write(true).open(spare.join(rel)).unwrap().set_modified(past).unwrap();
    }
    site.build_ok();
    for rel in first.keys() {
        let modified = std::fs::metadata(site.public().join(rel)).unwrap().modified().unwrap();
        assert_eq!(modified, past, "{rel} was written again");
    }
    assert_eq!(index_files(&site.public()), first);

    // Same length, other bytes: only the time it was modified gives it away.
    site.build_ok();
    let meta = spare.join("search/en/meta.json");
    let text = std::fs::read_to_string(&meta).unwrap();
    std::fs::write(&meta, text.replacen('{', " ", 1)).unwrap();
    site.build_ok();
    assert_eq!(index_files(&site.public()), first, "a file edited in the spare is written again");
}

/// Generated versions of a site whose indexes differ in their files (how many
/// documents, terms and topics), built one after another: whatever index the spare
/// holds, each build's index is exactly a build from scratch's.
#[test]
fn after_generated_changes_to_the_index_each_build_gives_the_index_a_build_from_scratch_gives() {
    let versions = [3usize, 70, 140];
    let write_version = |site: &TestSite, v: usize| {
        let _ = std::fs::remove_dir_all(site.root().join("content"));
        for t in 0..versions[v] / 10 + 1 {
            let sections: String = (0..10)
                .map(|s| {
                    format!("\n## S{s} {{#s{s} topics=t{}}}\n\n**A**: word{t}x{s} apple{} pear.\n", s % (v + 1), t * s)
                })
                .collect();
            site.write(
                &format!("content/t{t}.en.md"),
                transcript(&format!("title: T{t}\ndate: 2024-03-01"), &sections),
            );
        }
    };
    let site = TestSite::minimal();
    let topics: String = (0..3).map(|i| format!("  t{i}: {{ zh: 题{i}, en: Topic {i} }}\n")).collect();
    let yaml = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    // Below the fixture's own topics, its last key.
    site.write("site.yaml", format!("{}\n{topics}", yaml.trim_end()));
    let mut counts = std::collections::BTreeSet::new();
    for (step, v) in seeded_order(12, 7).into_iter().map(|i| i % versions.len()).enumerate() {
        write_version(&site, v);
        site.build_ok();
        let scratch = TestSite::minimal();
        scratch.write("site.yaml", std::fs::read(site.root().join("site.yaml")).unwrap());
        write_version(&scratch, v);
        scratch.build_ok();
        let (built, fresh) = (index_files(&site.public()), index_files(&scratch.public()));
        counts.insert(fresh.len());
        assert!(built == fresh, "step {step}, version {v}: the index differs from a build from scratch");
    }
    assert_eq!(counts.len(), versions.len(), "each version's index has its own number of files");
}

/// The text of every section page of `lang`: (address, heading and turns as text).
fn section_texts(public: &Path, lang: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for rel in files(public).into_iter().filter(|f| f.starts_with(&format!("{lang}/")) && f.ends_with("/index.html")) {
        let html = std::fs::read_to_string(public.join(&rel)).unwrap();
        let Some(article) = html.split_once(r#"<article class="section-page">"#).map(|(_, a)| a) else { continue };
        let heading = article.split_once("<h1>").and_then(|(_, h)| h.split_once("</h1>")).map_or("", |(h, _)| h);
        let turns = article.split_once("</header>").map_or("", |(_, t)| t);
        let turns = turns.split_once(r#"<aside class="translations""#).map_or(turns, |(t, _)| t);
        out.push((format!("/{}", rel.trim_end_matches("index.html")), plain_text(&format!("{heading}\n{turns}"))));
    }
    out
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}')
}

/// Letters and digits only: what a query matches, marks and spaces aside.
fn bare(text: &str) -> String {
    text.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// A query, how to find what it should find, and its class.
struct Query {
    class: &'static str,
    lang: &'static str,
    text: String,
    /// Does a section's text match?
    matches: Box<dyn Fn(&str) -> bool>,
}

/// Queries of every class a reader types, generated from the example's own text.
fn generated_queries(
    zh: &[(String, String)],
    en: &[(String, String)],
    simplified: &BTreeMap<String, String>,
) -> Vec<Query> {
    let mut rng = fastrand::Rng::with_seed(24);
    let traditional: BTreeMap<char, char> =
        simplified.iter().filter_map(|(t, s)| Some((s.chars().next()?, t.chars().next()?))).collect();
    let mut queries = Vec::new();
    let contains =
        |needle: String| -> Box<dyn Fn(&str) -> bool> { Box::new(move |text: &str| bare(text).contains(&needle)) };
    // A run of Han characters from a random section, as a reader would copy it.
    let mut han_run = |len: usize| -> String {
        loop {
            let text: Vec<char> = bare(&zh[rng.usize(..zh.len())].1).chars().collect();
            if text.len() < len + 1 {
                continue;
            }
            let at = rng.usize(..text.len() - len);
            let run: String = text[at..at + len].iter().collect();
            if run.chars().all(is_han) {
                return run;
            }
        }
    };
    for i in 0..8 {
        let run = han_run(2 + i % 5);
        queries.push(Query {
            class: "Chinese, marks left out",
            lang: "zh",
            text: run.clone(),
            matches: contains(run.clone()),
        });
        let spaced = run.chars().map(String::from).collect::<Vec<_>>().join(" ");
        queries.push(Query { class: "Chinese, spaced", lang: "zh", text: spaced, matches: contains(run.clone()) });
    }
    // Two words with a space between, as a reader asks for both: each where it is.
    for i in 0..8 {
        let (first, second) = (han_run(2 + i % 3), han_run(2 + (i + 1) % 3));
        let (a, b) = (first.clone(), second.clone());
        queries.push(Query {
            class: "Chinese, two words",
            lang: "zh",
            text: format!("{first} {second}"),
            matches: Box::new(move |text: &str| bare(text).contains(&a) && bare(text).contains(&b)),
        });
    }
    // Words a reader of this archive looks for, each with a section that is about it.
    for word in ["一带一路", "命运共同体", "非洲", "中欧", "热点", "现代化", "中国故事", "斡旋"]
    {
        queries.push(Query {
            class: "Chinese, marks left out",
            lang: "zh",
            text: word.into(),
            matches: contains(word.into()),
        });
    }
    let mut traditional_made = 0;
    while traditional_made < 8 {
        let run = han_run(3);
        let t: String = run.chars().map(|c| traditional.get(&c).copied().unwrap_or(c)).collect();
        if t != run {
            queries.push(Query { class: "Chinese, in Traditional", lang: "zh", text: t, matches: contains(run) });
            traditional_made += 1;
        }
    }
    for year in ["2023年", "2024年", "20周年", "15年"] {
        let wide: String = year
            .chars()
            .map(|c| if c.is_ascii_digit() { char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap() } else { c })
            .collect();
        queries.push(Query { class: "full-width digits", lang: "zh", text: wide, matches: contains(year.to_string()) });
    }
    for _ in 0..6 {
        let c: String = han_run(1);
        queries.push(Query { class: "one character", lang: "zh", text: c.clone(), matches: contains(c) });
    }
    let words: Vec<String> = en
        .iter()
        .flat_map(|(_, t)| t.split(|c: char| !c.is_alphanumeric()).map(str::to_lowercase).collect::<Vec<_>>())
        .filter(|w| w.len() >= 7)
        .collect();
    let word_with = |prefix: &str| -> Box<dyn Fn(&str) -> bool> {
        let prefix = prefix.to_string();
        Box::new(move |text: &str| {
            text.split(|c: char| !c.is_alphanumeric()).any(|w| w.to_lowercase().starts_with(&prefix))
        })
    };
    for _ in 0..8 {
        let w = &words[rng.usize(..words.len())];
        let prefix: String = w.chars().take(4 + rng.usize(..3)).collect();
        queries.push(Query {
            class: "English, a prefix being typed",
            lang: "en",
            text: prefix.clone(),
            matches: word_with(&prefix),
        });
    }
    for (typed, stem) in [
        ("cooperate", "cooper"),
        ("developing", "develop"),
        ("nations", "nation"),
        ("mediated", "mediat"),
        ("stories", "stor"),
    ] {
        queries.push(Query {
            class: "English, another form of the word",
            lang: "en",
            text: typed.into(),
            matches: word_with(stem),
        });
    }
    for stop in ["the", "for"] {
        queries.push(Query {
            class: "English, a stop word alone",
            lang: "en",
            text: stop.into(),
            matches: word_with(stop),
        });
    }
    for nothing in ["zxqvj", "龘靐"] {
        let lang = if nothing.is_ascii() { "en" } else { "zh" };
        queries.push(Query { class: "nothing to find", lang, text: nothing.into(), matches: Box::new(|_| false) });
    }
    queries
}

#[test]
fn every_class_of_query_finds_what_it_should_and_the_best_match_comes_first() {
    if !browser_ready() {
        return;
    }
    let served = TestSite::example().served();
    let public = served.folder.path();
    let (zh, en) = (section_texts(public, "zh"), section_texts(public, "en"));
    let simplified: BTreeMap<String, String> =
        serde_json::from_slice(&std::fs::read(public.join("search/t2s.json")).unwrap()).unwrap();
    let queries = generated_queries(&zh, &en, &simplified);
    let args: Vec<String> = queries.iter().map(|q| format!("{}:{}", q.lang, q.text)).collect();
    let found: BTreeMap<String, Vec<(String, bool)>> = browser_script("search.mjs", &served.origin, &args);
    let mut by_class: BTreeMap<&str, (usize, usize, usize)> = BTreeMap::new();
    let (mut ranked, mut best_first) = (0, 0);
    for q in &queries {
        let sections = if q.lang == "zh" { &zh } else { &en };
        let expected: Vec<&String> = sections.iter().filter(|(_, t)| (q.matches)(t)).map(|(u, _)| u).collect();
        let shown = &found[&format!("{} {}", q.lang, q.text)];
        // Sections shown as matches; transcripts and pages may be shown too.
        let exact: Vec<&String> = shown
            .iter()
            .filter(|(u, partial)| !partial && sections.iter().any(|(s, _)| s == u))
            .map(|(u, _)| u)
            .collect();
        let right = exact.iter().filter(|u| expected.contains(u)).count();
        let entry = by_class.entry(q.class).or_default();
        *entry = (entry.0 + right, entry.1 + expected.len(), entry.2 + exact.len());
        let wrong: Vec<&&String> = exact.iter().filter(|u| !expected.contains(u)).collect();
        assert!(wrong.is_empty(), "{} `{}` showed {wrong:?}, which do not contain it", q.class, q.text);
        // Where one section has the query clearly most often, it comes among the first three.
        if q.lang == "zh" && q.text.chars().count() >= 2 && !q.class.contains("Traditional") {
            let needle = bare(&q.text);
            let mut counts: Vec<(usize, &String)> =
                sections.iter().map(|(u, t)| (bare(t).matches(&needle).count(), u)).collect();
            counts.sort_by_key(|c| std::cmp::Reverse(c.0));
            if counts.len() > 1 && counts[0].0 > counts[1].0 + 1 {
                ranked += 1;
                let top3: Vec<&String> = shown.iter().take(3).map(|(u, _)| u).collect();
                if top3.contains(&counts[0].1) {
                    best_first += 1;
                }
            }
        }
    }
    for (class, (right, expected, shown)) in &by_class {
        let recall = if *expected == 0 { 1.0 } else { *right as f64 / *expected as f64 };
        let precision = if *shown == 0 { 1.0 } else { *right as f64 / *shown as f64 };
        eprintln!("{class}: recall {recall:.2}, precision {precision:.2}");
        assert!(recall >= 0.99 && precision >= 0.99, "{class}: recall {recall:.2}, precision {precision:.2}");
    }
    eprintln!("best section among the first three: {best_first} of {ranked}");
    assert!(best_first as f64 >= 0.9 * ranked as f64, "best first for only {best_first} of {ranked}");
}
