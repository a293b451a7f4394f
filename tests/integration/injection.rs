//! Text nobody here wrote reaches every output: titles, headings, speaker names, topic
//! labels and site titles full of markup and template syntax come out as text, in
//! HTML, attributes, feeds, the sitemap and the search index.

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
    assert!(page.contains(r##"<a href="#">点我</a>"##));
    let feed = std::fs::read(public.join("zh/atom.xml")).unwrap();
    let feed = feed_rs::parser::parse(feed.as_slice()).expect("the feed stays valid XML");
    assert_eq!(feed.entries[0].title.as_ref().unwrap().content, "<script>alert(5)</script> & 'quotes' \"double\"");
}

#[test]
fn the_search_index_holds_the_text_as_data() {
    let site = hostile_site();
    let docs = std::fs::read(site.public().join("search/zh/docs/0.json")).unwrap();
    let docs: serde_json::Value = serde_json::from_slice(&docs).expect("valid JSON");
    assert_eq!(
        docs[0][2], "<script>alert(5)</script> & 'quotes' \"double\"",
        "kept as text; the page inserts it as text"
    );
}
