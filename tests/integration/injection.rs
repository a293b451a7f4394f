//! Text nobody here wrote reaches every output: titles, headings, speaker names, topic
//! labels and site titles full of markup and template syntax come out as text, in
//! HTML, attributes, feeds, the sitemap and the search index.

use proptest::strategy::Strategy;

use crate::support::*;

const SITE: &str = r#"title: { zh: "档案</title><script>alert(1)</script>", en: "Archive\"><script>alert(2)</script>" }
base_url: https://example.org/
default_language: zh
languages:
  zh: { name: 中文, locale: zh-Hans }
  en: { name: English, locale: en }
topics:
  peace:
    zh: "和平\"><script>alert(3)</script>"
    en: "Peace</a><script>alert(4)</script>"
"#;

fn hostile_site() -> TestSite {
    let site = TestSite::minimal();
    site.write("site.yaml", SITE);
    let front = "title: \"<script>alert(5)</script> & 'quotes' \\\"double\\\"\"\ndate: 2024-03-07\nsubtitle: \"javascript:alert(6)\"\nplace: \"</title>\"\nspeakers: { x: \"<img src=x onerror=alert(7)>\" }";
    let body = "\n<script>alert(8)</script>\n\n## {{ page.t.home }} <b onclick=alert(9)>粗</b> {#one topics=peace}\n\n**<img src=x onerror=alert(7)>**：[点我](javascript:alert(10)) {% if true %}模板{% endif %}\n";
    site.write("content/a.zh.md", transcript(front, body));
    site.build_ok();
    site
}

#[test]
fn markup_in_any_source_text_is_escaped_in_every_page_and_feed() {
    let site = hostile_site();
    let public = site.public();
    for file in files(&public).into_iter().filter(|f| f.ends_with(".html") || f.ends_with(".xml")) {
        let text = std::fs::read_to_string(public.join(&file)).unwrap();
        assert!(!text.contains("<script>alert"), "{file}: a script got through");
        assert!(!text.contains("<img src=x"), "{file}: an image tag got through");
        assert!(!text.contains("<b onclick"), "{file}: an attribute got through");
        assert!(!text.to_lowercase().contains("href=\"javascript:"), "{file}: a javascript: link");
        assert!(!text.contains("\"><script"), "{file}: an attribute was closed early");
    }
    let page = site.page("zh/a/one/");
    // Template syntax in a transcript is text, never a template.
    assert!(page.contains("{{ page.t.home }}"), "{page}");
    assert!(page.contains("{% if true %}模板{% endif %}"));
    assert!(page.contains(">点我 {%"), "a link that would run code shows its words: {page}");
    let feed = std::fs::read(public.join("zh/atom.xml")).unwrap();
    let feed = feed_rs::parser::parse(feed.as_slice()).expect("the feed stays valid XML");
    assert_eq!(feed.entries[0].title.as_ref().unwrap().content, "<script>alert(5)</script> & 'quotes' \"double\"");
}

#[test]
fn the_search_index_holds_the_text_as_data() {
    let site = hostile_site();
    let docs = std::fs::read(site.public().join("search/zh/docs/0.json")).unwrap();
    let docs: serde_json::Value = serde_json::from_slice(&docs).expect("valid JSON");
    // The transcript's own entry first, then its sections, which name it.
    for (row, field) in [(0, 1), (1, 2)] {
        assert_eq!(
            docs[row][field], "<script>alert(5)</script> & 'quotes' \"double\"",
            "kept as text; the page inserts it as text"
        );
    }
}

/// Text made of what breaks markup and formats: quotes, angle brackets, ampersands,
/// template and Markdown syntax, control characters, line breaks, non-ASCII; it
/// starts with a letter, so it is never blank (a blank title is refused).
fn hostile() -> impl proptest::strategy::Strategy<Value = String> {
    proptest::string::string_regex(r#"[a-z中][a-z中文 <>&"'/\\{}%#\[\]()*_`!|=;:\t\u{1}\u{2028}]{1,24}"#).unwrap()
}

/// YAML double-quoted scalar holding `text` exactly.
fn yaml_quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap()
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 24, ..Default::default() })]

    /// Whatever the sources say, every XML output parses as XML, every JSON file as
    /// JSON, robots.txt keeps its three rules, and HTML opens no tag the text held.
    #[test]
    fn every_output_format_stays_well_formed(
        site_title in hostile(), topic in hostile(), language in hostile(), title in hostile(),
        subtitle in hostile(), place in hostile(), speaker in hostile(), heading in hostile(),
    ) {
        let site = TestSite::minimal();
        let q = yaml_quoted;
        site.write("site.yaml", format!(
            "title: {{ zh: {}, en: {} }}\nbase_url: https://example.org/a/\ndefault_language: zh\nlanguages:\n  zh: {{ name: {}, locale: zh-Hans }}\n  en: {{ name: English, locale: en }}\ntopics:\n  peace:\n    zh: {}\n    en: Peace\n",
            q(&site_title), q(&site_title), q(&language), q(&topic)
        ));
        let front = format!("title: {}\ndate: 2024-03-07\nsubtitle: {}\nplace: {}\nspeakers: {{ x: {} }}\ntopics: [peace]", q(&title), q(&subtitle), q(&place), q(&speaker));
        let heading = heading.replace(['#', '{', '}', '\n'], " ");
        let body = format!("\n## {heading} {{#one}}\n\n**{speaker}**：文字。\n");
        site.write("content/a.zh.md", transcript(&front, &body));
        site.write("content/a.en.md", transcript(&front, "\n## One {#one}\n\nText.\n"));
        let (summary, problems) = site.build();
        proptest::prop_assert!(summary.is_some(), "{}", messages(&problems));
        for file in files(&site.public()) {
            let bytes = std::fs::read(site.public().join(&file)).unwrap();
            let text = String::from_utf8(bytes).unwrap();
            if file.ends_with(".xml") {
                let parsed = roxmltree::Document::parse(&text);
                proptest::prop_assert!(parsed.is_ok(), "{file}: {:?}\n{text}", parsed.err());
            } else if file.ends_with(".json") {
                proptest::prop_assert!(serde_json::from_str::<serde_json::Value>(&text).is_ok(), "{file}");
            } else if file == "robots.txt" {
                let rules: Vec<&str> = text.lines().filter(|l| !l.is_empty()).collect();
                proptest::prop_assert_eq!(rules, vec!["User-agent: *", "Allow: /", "Sitemap: https://example.org/a/sitemap.xml"]);
            } else if file.ends_with(".html") {
                for tag in ["<x", "<a>", "</title", "<script", "<b "] {
                    proptest::prop_assert!(!text.contains(tag) || !(site_title.contains(tag) || title.contains(tag) || topic.contains(tag)),
                        "{file}: `{tag}` from a source reached the page");
                }
            }
        }
    }
}

/// An address that runs code, spelled as a browser still reads it: any case, spaces,
/// tabs and control characters before the colon.
fn code_address() -> impl proptest::strategy::Strategy<Value = String> {
    let scheme = proptest::sample::select(vec!["javascript", "vbscript", "data"]);
    let cases = proptest::collection::vec(proptest::bool::ANY, 10);
    let noise = proptest::sample::select(vec!["", " ", "\t", "\u{1}", "\u{7f}"]);
    (scheme, cases, noise, 0..10usize).prop_map(|(scheme, cases, noise, at)| {
        let mut spelled: String = scheme
            .chars()
            .zip(cases.iter().cycle())
            .map(|(c, &up)| if up { c.to_ascii_uppercase() } else { c })
            .collect();
        spelled.insert_str(at.min(spelled.len()), noise);
        format!("{spelled}:alert(1)")
    })
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 16, ..Default::default() })]

    /// A link or image whose address would run code, in a transcript or a page, is
    /// shown as its words: no element carries the address, the words stay, and a
    /// warning names the file and line of the first one.
    #[test]
    fn links_that_would_run_code_show_their_words_and_are_warned_about(
        address in code_address(), image in proptest::bool::ANY, line in 0..3usize,
    ) {
        let site = TestSite::minimal();
        let mark = if image { "!" } else { "" };
        let link = format!("{mark}[点我](<{address}>)");
        let mut paragraphs = ["第一段。".to_string(), "第二段。".to_string(), "第三段。".to_string()];
        paragraphs[line] = format!("第{line}段{link}。");
        let body = format!("\n## 一 {{#one}}\n\n{}\n\n## 二{link} {{#two}}\n\n文字。\n", paragraphs.join("\n\n"));
        site.write("content/a.zh.md", transcript("title: 甲\ndate: 2024-03-07", &body));
        site.write("pages/about.zh.md", format!("---\ntitle: 关于\n---\n\n{}\n", paragraphs.join("\n\n")));
        let (summary, problems) = site.build();
        proptest::prop_assert!(summary.is_some(), "{}", messages(&problems));
        for (page, file, first_line) in [("zh/a/one/", "content/a.zh.md", 8), ("zh/about/", "pages/about.zh.md", 5)] {
            let html = site.page(page);
            proptest::prop_assert!(!html.contains("alert(1)"), "{page}: {html}");
            proptest::prop_assert!(!html.contains("href=\"#\"") && !html.contains("src=\"\""), "{page}: {html}");
            let shown = format!("第{line}段点我。");
            proptest::prop_assert!(plain_text(&html).contains(&shown), "{page} shows `{shown}`: {html}");
            let at = format!("{file}:{}:1: warning: the link `", first_line + 2 * line);
            let warned = problems.warnings.iter().any(|w| w.to_string().starts_with(&at));
            proptest::prop_assert!(warned, "a warning at {at}: {}", messages(&problems));
        }
        // In a heading too: its words, no element, and counted in the warning.
        let counted = problems.warnings.iter().any(|w| w.to_string().starts_with("content/a.zh.md") && w.to_string().contains("here and in 1 more paragraph"));
        proptest::prop_assert!(counted, "{}", messages(&problems));
        let heading = site.page("zh/a/two/");
        proptest::prop_assert!(!heading.contains("alert(1)") && heading.contains("<h1>二点我</h1>"), "{}", heading);
    }
}
