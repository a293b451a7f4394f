//! A section heading, `## 期待高质量共建“一带一路” {#belt-and-road topics=… was=…}`:
//! its id, topics and earlier ids, each mistake in its `{…}` named.

use std::path::Path;

use pulldown_cmark::{CowStr, Event};

use super::{for_the_site, plain_text, Section, SectionId, Writing};
use crate::config::{Config, TopicKey};
use crate::diagnostic::{ErrorKind, Location, Problems};
use crate::source::unknown_topic;

/// A `## …` heading as Markdown read it, with where it is and how it is written.
pub(super) struct Heading<'h> {
    pub(super) id: Option<&'h str>,
    pub(super) classes: &'h [CowStr<'h>],
    pub(super) attrs: &'h [(CowStr<'h>, Option<CowStr<'h>>)],
    pub(super) number: usize,
    pub(super) line: usize,
    /// The heading as written, to check its `{...}` block word by word.
    pub(super) source: &'h str,
}

/// The section a heading starts, its blocks to come; what its `{…}` gets wrong is recorded.
pub(super) fn start_section(
    config: &Config,
    path: &Path,
    h: Heading,
    inner: &[Event],
    problems: &mut Problems,
) -> Section {
    let at = Location::at(path, h.line, 1);
    // Typed with a Chinese input method, `｛＃id｝` is one error, not one per word.
    let full_width = full_width_attributes(h.source);
    let written_id = h.id.is_some() || full_width.is_some();
    let (topics, was) = match full_width {
        Some(found) => {
            problems.error(at.clone(), ErrorKind::FullWidthAttributes { found });
            (Vec::new(), Vec::new())
        }
        None => section_attributes(config, &h, &at, problems),
    };
    let id = h.id.map_or_else(|| format!("section-{}", h.number), str::to_string);
    // pulldown-cmark keeps a tab at a heading's end (`## 标题\t`).
    let heading_text = plain_text(inner).trim().to_string();
    if heading_text.is_empty() {
        problems.error(at, ErrorKind::EmptySectionHeading { id: id.clone() });
    }
    let mut heading_html = String::new();
    pulldown_cmark::html::push_html(&mut heading_html, for_the_site(inner.to_vec(), Writing::of(config)).into_iter());
    Section {
        id: SectionId(id),
        explicit_id: written_id,
        heading_html,
        heading_text,
        topics,
        was,
        line: h.line,
        blocks: Vec::new(),
    }
}

/// A heading's `{…}`: its topics and earlier ids, every word it does not understand
/// an error.
fn section_attributes(
    config: &Config,
    h: &Heading,
    at: &Location,
    problems: &mut Problems,
) -> (Vec<TopicKey>, Vec<SectionId>) {
    if let Some(class) = h.classes.first() {
        problems.error(at.clone(), ErrorKind::UnknownHeadingAttribute { name: format!(".{class}") });
    }
    // pulldown-cmark drops words it does not understand (`{#my id}` becomes `my`); say so instead.
    for kind in stray_attribute_errors(h.source) {
        problems.error(at.clone(), kind);
    }
    let mut topics = Vec::new();
    let mut was = Vec::new();
    // Words without `=` are reported above as stray; pulldown-cmark may list them too.
    for (name, value) in h.attrs.iter().filter(|(_, v)| v.is_some()) {
        let values = value.as_deref().unwrap_or("").split(',').map(str::trim).filter(|k| !k.is_empty());
        match name.as_ref() {
            "topics" => {
                for key in values {
                    match config.topic(key) {
                        Some(topic) => topics.push(topic.key.clone()),
                        None => problems.error(at.clone(), unknown_topic(config, key)),
                    }
                }
            }
            "was" => {
                for old in values {
                    match invalid_id(old) {
                        Some(kind) => problems.error(at.clone(), kind),
                        None => was.push(SectionId(old.to_string())),
                    }
                }
            }
            _ => problems.error(at.clone(), ErrorKind::UnknownHeadingAttribute { name: name.to_string() }),
        }
    }
    if let Some(kind) = h.id.and_then(invalid_id) {
        problems.error(at.clone(), kind);
    }
    (topics, was)
}

/// The full-width signs a Chinese input method types in a heading's `{…}`, and the
/// ASCII ones meant.
const FULL_WIDTH: [(char, char); 6] =
    [('｛', '{'), ('｝', '}'), ('＃', '#'), ('＝', '='), ('，', ','), ('\u{3000}', ' ')];

/// The full-width signs in the `{…}` that ends a heading, as `｛` → `{`, if any.
fn full_width_attributes(source: &str) -> Option<String> {
    let attributes = &source[source.rfind(['{', '｛'])?..];
    if !attributes.trim_end().ends_with(['}', '｝']) {
        return None;
    }
    let found: Vec<String> = FULL_WIDTH
        .iter()
        .filter(|(wide, _)| attributes.contains(*wide))
        .map(|(w, a)| format!("`{w}` for `{a}`"))
        .collect();
    (!found.is_empty()).then(|| found.join(", "))
}

/// What is wrong with the words of a heading's trailing `{...}` that are neither
/// `#id`, `.class` nor `key=value`: each is unknown, or the rest of an attribute that
/// a space parted.
fn stray_attribute_errors(heading: &str) -> Vec<ErrorKind> {
    let Some(block) = heading.strip_suffix('}').and_then(|h| h.rsplit_once('{')).map(|(_, b)| b) else {
        return Vec::new();
    };
    let stray = |w: &&str| !(w.starts_with('#') || w.starts_with('.') || w.contains('='));
    let words: Vec<&str> = block.split_whitespace().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < words.len() {
        // The words a space parted from what they belong to: `# id`, or a list typed
        // with a space after its commas (`topics=peace, africa`).
        let mut end = i + 1;
        if words[i] == "#" {
            end += usize::from(words.get(end).is_some_and(stray));
        } else if words[i].contains('=') {
            while words[end - 1].ends_with(',') && words.get(end).is_some_and(stray) {
                end += 1;
            }
        }
        if end > i + 1 {
            let joined = words[i..end].concat();
            found.push(ErrorKind::SpacedHeadingAttribute { written: words[i..end].join(" "), joined });
        } else if stray(&words[i]) {
            found.push(ErrorKind::UnknownHeadingAttribute { name: words[i].to_string() });
        }
        i = end;
    }
    found
}

/// Section ids become URL segments and HTML ids, so they keep to a safe alphabet.
/// Longest section id, in characters: it becomes a folder name, which file systems
/// cap at 255 bytes, and an address people copy.
const MAX_ID_CHARS: usize = 100;

/// Why `id` cannot be a section id, if it cannot. The rule is the one for every key
/// that becomes part of an address.
fn invalid_id(id: &str) -> Option<ErrorKind> {
    if id.is_empty() {
        return Some(ErrorKind::EmptySectionId);
    }
    if !crate::config::is_url_key(id) {
        return Some(ErrorKind::SectionIdNotUrlSafe { id: id.chars().take(MAX_ID_CHARS).collect() });
    }
    let chars = id.chars().count();
    (chars > MAX_ID_CHARS).then(|| ErrorKind::SectionIdTooLong {
        start: id[..40].to_string(),
        chars,
        max: MAX_ID_CHARS,
    })
}
