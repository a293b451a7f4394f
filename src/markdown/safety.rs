//! What a site's Markdown may not do to a reader (run raw HTML, unless the site allows
//! it, or a link whose address is code), and where its links to the site lead.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use crate::config::Config;

/// What the site says about turning its Markdown into HTML.
#[derive(Debug, Clone, Copy)]
pub struct Writing<'c> {
    /// `markdown: { allow_html: true }`.
    pub allow_html: bool,
    /// The path the site is published under (`/archive/`, or `/`).
    pub base_path: &'c str,
}

impl<'c> Writing<'c> {
    pub fn of(config: &'c Config) -> Self {
        Writing { allow_html: config.allow_html, base_path: &config.base_path }
    }
}

/// Raw HTML is shown as text unless the site allows it: archives hold text from
/// elsewhere, and a stray `<script>` must not run. Links and images whose address would
/// run code (`javascript:` and the like) lose the address either way. An address from
/// the site's root (`/en/about/`) gets the path the site is published under, as every
/// link the site makes does: it changes with `base_url` (and `--base-url`), which a
/// contributor cannot write in.
pub(super) fn for_the_site<'e>(events: Vec<Event<'e>>, writing: Writing) -> Vec<Event<'e>> {
    let address = |url: CowStr<'e>, instead: &'static str| -> CowStr<'e> {
        if runs_code(&url) {
            return instead.into();
        }
        site_address(&url, writing.base_path).map_or(url, CowStr::from)
    };
    let events = events.into_iter().map(|e| match e {
        Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
            Event::Start(Tag::Link { link_type, dest_url: address(dest_url, "#"), title, id })
        }
        Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
            Event::Start(Tag::Image { link_type, dest_url: address(dest_url, ""), title, id })
        }
        other => other,
    });
    if writing.allow_html {
        return events.collect();
    }
    events
        .map(|e| match e {
            Event::Html(s) | Event::InlineHtml(s) => Event::Text(s),
            Event::Start(Tag::HtmlBlock) => Event::Start(Tag::Paragraph),
            Event::End(TagEnd::HtmlBlock) => Event::End(TagEnd::Paragraph),
            other => other,
        })
        .collect()
}

/// `url` as the site publishes it, if it is an address from the site's root that does
/// not carry `base_path` already (kept as written: `check` warns about it).
fn site_address(url: &str, base_path: &str) -> Option<String> {
    let from_root = url.starts_with('/') && !url.starts_with("//") && !url.starts_with("/\\");
    (from_root && base_path != "/" && !carries_site_path(url, base_path)).then(|| format!("{base_path}{}", &url[1..]))
}

/// Whether `url` starts with the sub-path the site is published under (`/archive/…`).
pub(super) fn carries_site_path(url: &str, base_path: &str) -> bool {
    base_path != "/" && url.starts_with(base_path)
}

/// `javascript:`, `vbscript:` and `data:` addresses, however they are spelled
/// (browsers ignore case, spaces and control characters before the colon).
fn runs_code(url: &str) -> bool {
    let scheme: String =
        url.chars().filter(|c| !c.is_whitespace() && !c.is_control()).take(11).collect::<String>().to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:"].iter().any(|s| scheme.starts_with(s))
}

/// Raw HTML that a transcript writes where the site shows HTML as text: the first tag
/// and its line, and how many blocks have some. A document exported from a word
/// processor carries `<span style=…>` in every paragraph: one warning says it all.
#[derive(Default)]
pub(super) struct ShownAsText {
    first: Option<(usize, String)>,
    blocks: usize,
}

impl ShownAsText {
    /// Looks at a block's events, at `line`.
    pub(super) fn look(&mut self, writing: Writing, inner: &[Event], line: usize) {
        if writing.allow_html {
            return;
        }
        let html = inner.iter().find_map(|e| match e {
            Event::Html(h) | Event::InlineHtml(h) if !h.trim().is_empty() => Some(h.trim()),
            _ => None,
        });
        let Some(html) = html else { return };
        self.blocks += 1;
        // The first tag, as written, up to a length a message can show.
        let tag = html.find('>').map_or(html, |end| &html[..=end]);
        let tag = if tag.chars().count() > 40 {
            format!("{}…", tag.chars().take(40).collect::<String>())
        } else {
            tag.to_string()
        };
        self.first.get_or_insert((line, tag));
    }

    pub(super) fn warn(self, path: &std::path::Path, problems: &mut crate::diagnostic::Problems) {
        let Some((line, tag)) = self.first else { return };
        let others = self.blocks - 1;
        let kind = crate::diagnostic::WarningKind::HtmlShownAsText { tag, others };
        problems.warn(crate::diagnostic::Location::at(path, line, 1), kind);
    }
}
