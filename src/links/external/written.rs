//! Where the site's addresses on other sites are written: the `http(s)` links of
//! transcripts' and pages' text and front matter (`extra` data's too), and of
//! site.yaml's menu, footer and `extra`,
//! each with every place it is written. The files are read again: a build keeps no
//! source text, and this is asked for only by `check --external`.

use std::path::Path;

use indexmap::IndexMap;
use pulldown_cmark::{Event, LinkType, Parser, Tag};

use crate::config::{MenuEntry, CONFIG_FILE};
use crate::diagnostic::Location;
use crate::generate::Site;
use crate::source;

/// Each address (without its `#fragment`, which its site does not see), with the places
/// it is written, in the order they were found.
pub type Written = IndexMap<String, Vec<Location>>;

/// Every address on another site that the site's sources write.
pub fn gather(site: &Site) -> Written {
    let mut written = Written::new();
    let archive = &site.archive;
    for version in archive.transcripts.iter().flat_map(|t| t.versions.values()) {
        let front = &version.front;
        let mut in_front: Vec<&str> = [&front.source_url, &front.media.audio, &front.media.video]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .collect();
        web_addresses_in(&front.extra, &mut in_front);
        in_source(site, &version.source, &in_front, &mut written);
    }
    for version in archive.pages.iter().flat_map(|p| p.versions.values()) {
        let mut in_front = Vec::new();
        web_addresses_in(&version.extra, &mut in_front);
        in_source(site, &version.source, &in_front, &mut written);
    }
    in_config(site, &mut written);
    written
}

/// The text values of `extra` data (at any depth) that are web addresses: templates
/// link them (`extra: { record: https://… }`).
fn web_addresses_in<'v>(value: &'v serde_json::Value, found: &mut Vec<&'v str>) {
    match value {
        serde_json::Value::String(text) if text.starts_with("http://") || text.starts_with("https://") => {
            found.push(text)
        }
        serde_json::Value::Array(items) => items.iter().for_each(|item| web_addresses_in(item, found)),
        serde_json::Value::Object(map) => map.values().for_each(|item| web_addresses_in(item, found)),
        _ => {}
    }
}

/// The addresses of the source shown as `shown`: those of its front matter that
/// `in_front` holds, and its text's links and images (and raw HTML's, where allowed).
fn in_source(site: &Site, shown: &Path, in_front: &[&str], written: &mut Written) {
    // Read moments ago by the build; one that cannot be read now has nothing to check.
    let Ok(text) = source::read_text(&site.config.root.join(shown), shown) else { return };
    let Ok((front, body, body_line)) = source::split_front_matter(shown, &text) else { return };
    for url in in_front {
        add(site, url, Location::in_text(shown, front, written_at(front, url), 2), written);
    }
    for (url, offset) in markdown_links(body, site.config.allow_html) {
        add(site, &url, Location::in_text(shown, body, offset, body_line), written);
    }
}

/// site.yaml's menu links and the links of its footer, at the first place each is
/// written in it.
fn in_config(site: &Site, written: &mut Written) {
    let config = &site.config;
    let Ok(text) = source::read_text(&config.root.join(CONFIG_FILE), Path::new(CONFIG_FILE)) else { return };
    let menu = config.menu.iter().filter_map(|entry| match entry {
        MenuEntry::Link { url, .. } => Some(url.clone()),
        _ => None,
    });
    let links = |footer| markdown_links(footer, config.allow_html).into_iter().map(|(url, _)| url);
    let footer = config.footer.values().flat_map(|footer| links(footer));
    let mut extra = Vec::new();
    web_addresses_in(&config.extra, &mut extra);
    for url in menu.chain(footer).chain(extra.into_iter().map(str::to_string)) {
        let at = Location::in_text(Path::new(CONFIG_FILE), &text, written_at(&text, &url), 1);
        add(site, &url, at, written);
    }
}

/// Where `url` is first written whole in YAML `text` (`https://a.org/1` is not
/// `https://a.org/10`); the start if nowhere.
fn written_at(text: &str, url: &str) -> usize {
    let ends_there = |end: usize| text[end..].chars().next().is_none_or(|c| "\"' \t\n#,}])".contains(c));
    text.match_indices(url).map(|(i, _)| i).find(|&i| ends_there(i + url.len())).unwrap_or(0)
}

/// The addresses of the links and images of Markdown `text`, and with `html` (raw HTML
/// allowed, not shown as text) of its `href` and `src`, each with where it is written
/// (where its link starts, for a reference-style one).
fn markdown_links(text: &str, html: bool) -> Vec<(String, usize)> {
    let mut links = Vec::new();
    for (event, range) in Parser::new_ext(text, crate::markdown::OPTIONS).into_offset_iter() {
        let found_in = |url: &str| text[range.clone()].find(url).map_or(range.start, |i| range.start + i);
        match event {
            Event::Start(Tag::Link { link_type, dest_url, .. } | Tag::Image { link_type, dest_url, .. })
                if link_type != LinkType::Email =>
            {
                links.push((dest_url.to_string(), found_in(&dest_url)));
            }
            Event::Html(raw) | Event::InlineHtml(raw) if html => {
                crate::links::attributes(raw.as_bytes(), |name, value| {
                    if name.eq_ignore_ascii_case(b"href") || name.eq_ignore_ascii_case(b"src") {
                        let url = crate::links::decode_entities(&crate::links::text(value)).into_owned();
                        links.push((url.clone(), found_in(&url)));
                    }
                });
            }
            _ => {}
        }
    }
    links
}

/// Records `url` at `at` if it is an address on another site.
fn add(site: &Site, url: &str, at: Location, written: &mut Written) {
    let Some(url) = on_another_site(url, &site.config.base_url) else { return };
    let places = written.entry(url).or_default();
    if !places.contains(&at) {
        places.push(at);
    }
}

/// `url` as it is asked for, if it is on another site: `http(s)` (or `//host/…`), not
/// under the site's own address (those the build's link check follows), without its
/// `#fragment`.
fn on_another_site(url: &str, base_url: &str) -> Option<String> {
    let url = url.trim();
    let url = url.split_once('#').map_or(url, |(before, _)| before);
    let scheme = url.split_once("://").map(|(scheme, _)| scheme.to_ascii_lowercase());
    let url = match scheme.as_deref() {
        Some("http" | "https") => url.to_string(),
        _ if url.starts_with("//") => format!("https:{url}"),
        _ => return None,
    };
    (!url.starts_with(base_url)).then_some(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_addresses_on_other_sites_are_asked_for_without_their_fragment() {
        let base = "https://example.org/archive/";
        let asked = |url| on_another_site(url, base);
        assert_eq!(asked("https://www.fmprc.gov.cn/web/#top").as_deref(), Some("https://www.fmprc.gov.cn/web/"));
        assert_eq!(asked("HTTP://a.org/x").as_deref(), Some("HTTP://a.org/x"));
        assert_eq!(asked("//cdn.org/a.mp3").as_deref(), Some("https://cdn.org/a.mp3"));
        for internal in ["https://example.org/archive/zh/", "/zh/about/", "#p-1", "mailto:a@b.org", "ftp://a.org/"] {
            assert_eq!(asked(internal), None, "{internal}");
        }
    }

    #[test]
    fn an_address_in_yaml_is_found_whole() {
        let text = "a: https://a.org/10\nb: \"https://a.org/1\"\nc: { d: https://a.org/1 }\n";
        assert_eq!(written_at(text, "https://a.org/1"), text.find("\"https").unwrap() + 1);
        assert_eq!(written_at(text, "https://a.org/2"), 0);
    }

    #[test]
    fn links_are_found_where_they_are_written() {
        let text = "See [the record](https://a.org/1) and ![](https://a.org/i.png).\n\n\
                    <https://a.org/auto> [ref][r] <a href=\"https://a.org/h?x=1&amp;y=2\">h</a>\n\n\
                    [r]: https://a.org/ref\n";
        let found = markdown_links(text, true);
        assert!(!markdown_links(text, false).iter().any(|(url, _)| url.contains("/h?")));
        let at = |url: &str| found.iter().find(|(u, _)| u == url).map(|&(_, offset)| offset);
        assert_eq!(at("https://a.org/1"), text.find("https://a.org/1"));
        assert_eq!(at("https://a.org/i.png"), text.find("https://a.org/i.png"));
        assert_eq!(at("https://a.org/auto"), text.find("https://a.org/auto"));
        assert_eq!(at("https://a.org/ref"), text.find("[ref]"));
        assert_eq!(at("https://a.org/h?x=1&y=2"), text.find("<a href"));
    }
}
