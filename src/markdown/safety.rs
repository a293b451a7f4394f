//! What a transcript's Markdown may not do to a reader: run raw HTML (unless the site
//! allows it) or a link whose address is code.

use pulldown_cmark::{Event, Tag, TagEnd};

/// Raw HTML in a transcript is shown as text unless the site allows it: archives hold
/// text from elsewhere, and a stray `<script>` must not run. Links and images whose
/// address would run code (`javascript:` and the like) lose the address either way.
pub(super) fn escape_raw_html(events: Vec<Event>, allow_html: bool) -> Vec<Event> {
    let events = events.into_iter().map(|e| match e {
        Event::Start(Tag::Link { link_type, dest_url, title, id }) if runs_code(&dest_url) => {
            Event::Start(Tag::Link { link_type, dest_url: "#".into(), title, id })
        }
        Event::Start(Tag::Image { link_type, dest_url, title, id }) if runs_code(&dest_url) => {
            Event::Start(Tag::Image { link_type, dest_url: "".into(), title, id })
        }
        other => other,
    });
    if allow_html {
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

/// `javascript:`, `vbscript:` and `data:` addresses, however they are spelled
/// (browsers ignore case, spaces and control characters before the colon).
fn runs_code(url: &str) -> bool {
    let scheme: String =
        url.chars().filter(|c| !c.is_whitespace() && !c.is_control()).take(11).collect::<String>().to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:"].iter().any(|s| scheme.starts_with(s))
}
