//! What a site's Markdown may not do to a reader (run raw HTML, unless the site allows
//! it, or a link whose address is code), and where its links to the site lead.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use crate::config::Config;
use crate::diagnostic::{Location, Problems, WarningKind};

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
/// run code (`javascript:` and the like) are shown as their text either way (a link
/// to nowhere would look like one that works, and an image without an address is not
/// valid HTML). An address from the site's root (`/en/about/`) gets the path the site
/// is published under, as every link the site makes does: it changes with `base_url`
/// (and `--base-url`), which a contributor cannot write in.
pub(super) fn for_the_site<'e>(events: Vec<Event<'e>>, writing: Writing) -> Vec<Event<'e>> {
    let address = |url: CowStr<'e>| site_address(&url, writing.base_path).map_or(url, CowStr::from);
    // For each link or image open, whether it is shown as text: they close in order.
    let mut as_text: Vec<bool> = Vec::new();
    let events = events.into_iter().filter_map(move |e| match e {
        Event::Start(Tag::Link { dest_url: ref url, .. } | Tag::Image { dest_url: ref url, .. }) if runs_code(url) => {
            as_text.push(true);
            None
        }
        Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
            as_text.push(false);
            Some(Event::Start(Tag::Link { link_type, dest_url: address(dest_url), title, id }))
        }
        Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
            as_text.push(false);
            Some(Event::Start(Tag::Image { link_type, dest_url: address(dest_url), title, id }))
        }
        Event::End(TagEnd::Link | TagEnd::Image) if as_text.pop() == Some(true) => None,
        other => Some(other),
    });
    if writing.allow_html {
        let html = |raw: CowStr<'e>| with_site_path(&raw, writing.base_path).map_or(raw, CowStr::from);
        return events
            .map(|e| match e {
                Event::Html(raw) => Event::Html(html(raw)),
                Event::InlineHtml(raw) => Event::InlineHtml(html(raw)),
                other => other,
            })
            .collect();
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

/// Raw HTML with the `href` and `src` addresses written from the site's root given
/// the path the site is published under, as a Markdown link's is (`<audio
/// src="/media/0307.mp3">` on a site at `/archive/`); None if none needs it.
fn with_site_path(html: &str, base_path: &str) -> Option<String> {
    let mut cuts = Vec::new();
    crate::links::attributes(html.as_bytes(), |name, value| {
        let linked = name.eq_ignore_ascii_case(b"href") || name.eq_ignore_ascii_case(b"src");
        let url = std::str::from_utf8(value).unwrap_or_default();
        if linked && site_address(url, base_path).is_some() {
            // The value is a slice of `html`: after its `/`, the path goes in.
            cuts.push(value.as_ptr() as usize - html.as_ptr() as usize + 1);
        }
    });
    if cuts.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(html.len() + cuts.len() * base_path.len());
    let mut from = 0;
    for cut in cuts {
        out.push_str(&html[from..cut]);
        out.push_str(&base_path[1..]);
        from = cut;
    }
    out.push_str(&html[from..]);
    Some(out)
}

/// Whether `url` starts with the sub-path the site is published under (`/archive/…`).
pub(super) fn carries_site_path(url: &str, base_path: &str) -> bool {
    base_path != "/" && url.starts_with(base_path)
}

/// `javascript:`, `vbscript:` and `data:` addresses, however they are spelled
/// (browsers ignore case, spaces and control characters before the colon).
pub(super) fn runs_code(url: &str) -> bool {
    let scheme: String =
        url.chars().filter(|c| !c.is_whitespace() && !c.is_control()).take(11).collect::<String>().to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:"].iter().any(|s| scheme.starts_with(s))
}

/// Markup of other tools that a transcript's text carries, which the site shows as
/// text: raw HTML where the site does not allow it, and Pandoc's attributes
/// (`*word*{.underline}`, `[word]{.mark}`). A document exported from a word processor
/// carries them in every paragraph: one warning of each says it all.
#[derive(Default)]
pub(super) struct ShownAsText {
    html: Found,
    attributes: Found,
    code_addresses: Found,
}

/// The first piece found, as written, at its line, and how many blocks have some.
#[derive(Default)]
struct Found {
    first: Option<(usize, String)>,
    blocks: usize,
}

impl Found {
    fn add(&mut self, line: usize, written: &str) {
        self.blocks += 1;
        // As written, up to a length a message can show.
        let shown = if written.chars().count() > 40 {
            format!("{}…", written.chars().take(40).collect::<String>())
        } else {
            written.to_string()
        };
        self.first.get_or_insert((line, shown));
    }

    fn warn(self, path: &std::path::Path, problems: &mut Problems, kind: fn(String, usize) -> WarningKind) {
        if let Some((line, written)) = self.first {
            problems.warn(Location::at(path, line, 1), kind(written, self.blocks - 1));
        }
    }
}

impl ShownAsText {
    /// Looks at a block's events, at `line`.
    pub(super) fn look(&mut self, writing: Writing, inner: &[Event], line: usize) {
        let html = inner.iter().find_map(|e| match e {
            Event::Html(h) | Event::InlineHtml(h) if !h.trim().is_empty() => Some(h.trim()),
            _ => None,
        });
        if let Some(html) = html.filter(|_| !writing.allow_html) {
            self.html.add(line, html.find('>').map_or(html, |end| &html[..=end]));
        }
        if let Some(attribute) = pandoc_attribute(inner) {
            self.attributes.add(line, &attribute);
        }
        let code_address = inner.iter().find_map(|e| match e {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) if runs_code(dest_url) => {
                Some(dest_url.as_ref())
            }
            _ => None,
        });
        if let Some(address) = code_address {
            self.code_addresses.add(line, address);
        }
    }

    pub(super) fn warn(self, path: &std::path::Path, problems: &mut Problems) {
        self.html.warn(path, problems, |tag, others| WarningKind::HtmlShownAsText { tag, others });
        self.attributes.warn(path, problems, |written, others| WarningKind::PandocAttributes { written, others });
        self.code_addresses.warn(path, problems, |address, others| WarningKind::CodeAddress { address, others });
    }
}

/// A Pandoc attribute in a block's text, as written: `{.underline}` right after an
/// emphasis, a link or an image closes, or after a bracketed span's `]`.
fn pandoc_attribute(inner: &[Event]) -> Option<String> {
    (1..inner.len()).find_map(|i| {
        let after_markup =
            matches!(inner[i - 1], Event::End(TagEnd::Emphasis | TagEnd::Strong | TagEnd::Link | TagEnd::Image));
        // A span `[word]{.mark}`: Markdown leaves `]` and `{.mark}` as text.
        let after_span = matches!(&inner[i - 1], Event::Text(t) if t.ends_with(']'));
        let Event::Text(next) = &inner[i] else { return None };
        let opens = next.starts_with('{') && (after_markup || after_span) || next.starts_with("]{");
        if !opens {
            return None;
        }
        // The text that follows, in as many pieces as Markdown cut it into (at `_`, say).
        let pieces = inner[i..].iter().map_while(|e| if let Event::Text(t) = e { Some(t.as_ref()) } else { None });
        let text: String = pieces.take(8).collect();
        let text = text.strip_prefix(']').unwrap_or(&text);
        let attribute = &text[..text.find('}')? + 1];
        let inside = attribute.strip_prefix('{')?.strip_suffix('}')?;
        // `.class`, `#id`, `key=value`, as many as written.
        let word = |w: &str| {
            let key_value =
                w.split_once('=').is_some_and(|(k, _)| !k.is_empty() && k.chars().all(char::is_alphanumeric));
            w.len() > 1 && (w.starts_with(['.', '#']) || key_value)
        };
        let pandoc = inside.split_whitespace().next().is_some() && inside.split_whitespace().all(word);
        pandoc.then(|| attribute.to_string())
    })
}
