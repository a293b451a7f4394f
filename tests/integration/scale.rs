//! An archive past the sitemap protocol's limit of 50,000 URLs a file: the sitemap
//! becomes an index of parts, each within the limits, together listing every page.

use std::collections::BTreeSet;

use crate::support::*;

#[test]
fn past_fifty_thousand_urls_the_sitemap_is_an_index_of_valid_parts() {
    let site = TestSite::minimal();
    // Seven listed pages a transcript: two transcript pages, four section pages, the
    // parallel view. 7,200 transcripts: 50,400 of them, and the site's own.
    for i in 0..7_200 {
        let body = |a: &str, b: &str| format!("\n## {a} {{#a}}\n\n**甲**：{a}。\n\n## {b} {{#b}}\n\n**甲**：{b}。\n");
        site.write(&format!("content/t{i}.zh.md"), transcript("title: 题\ndate: 2020-01-01", &body("一", "二")));
        site.write(&format!("content/t{i}.en.md"), transcript("title: T\ndate: 2020-01-01", &body("One", "Two")));
    }
    let out = site.run(&["build", "--no-search", "--quiet"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let public = site.public();
    let index = std::fs::read_to_string(public.join("sitemap.xml")).unwrap();
    let parts: Vec<String> = index
        .split("<loc>")
        .skip(1)
        .map(|l| l.split("</loc>").next().unwrap().trim_start_matches("https://example.org/").to_string())
        .collect();
    assert!(
        index.starts_with("<?xml")
            && index.contains("<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">")
    );
    assert_eq!(parts, ["sitemap-1.xml", "sitemap-2.xml"], "{index}");
    let robots = std::fs::read_to_string(public.join("robots.txt")).unwrap();
    assert!(robots.contains("Sitemap: https://example.org/sitemap.xml"));
    let mut listed = BTreeSet::new();
    for part in &parts {
        let xml = std::fs::read_to_string(public.join(part)).unwrap();
        assert!(xml.len() < 50 * 1000 * 1000, "{part}: {} bytes", xml.len());
        let document = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{part}: {e}"));
        let urls: Vec<&str> =
            document.descendants().filter(|n| n.has_tag_name("loc")).map(|n| n.text().unwrap()).collect();
        assert!(!urls.is_empty() && urls.len() <= 50_000, "{part}: {} URLs", urls.len());
        for url in urls {
            assert!(listed.insert(url.to_string()), "{url} is in two parts");
        }
    }
    // Every page but the redirects and the 404 page, once.
    let pages: BTreeSet<String> = site.pages().into_iter().map(|rel| format!("https://example.org/{rel}")).collect();
    assert_eq!(listed.len(), pages.len());
    assert!(listed == pages, "the sitemap parts list every page");
}
