//! Links written in a transcript that cannot lead where they are meant to on every page
//! that shows the text: a relative address, or one that carries the path the site is
//! published under.

use std::path::{Component, Path};

use pulldown_cmark::{Event, LinkType, Tag};

use crate::config::Config;
use crate::diagnostic::{ErrorKind, Location, Problems, WarningKind};

/// What is wrong with one link.
pub(super) enum LinkProblem {
    Error(ErrorKind),
    Warning(WarningKind),
}

impl LinkProblem {
    pub(super) fn report(self, at: Location, problems: &mut Problems) {
        match self {
            LinkProblem::Error(kind) => problems.error(at, kind),
            LinkProblem::Warning(kind) => problems.warn(at, kind),
        }
    }
}

/// The links and images among `events` of the transcript shown as `path` that have a
/// problem, each with its address as written.
pub(super) fn problems<'e>(
    config: &Config,
    path: &Path,
    events: impl Iterator<Item = &'e Event<'e>>,
) -> Vec<(String, LinkProblem)> {
    events
        .filter_map(|event| match event {
            Event::Start(Tag::Link { link_type, dest_url, .. } | Tag::Image { link_type, dest_url, .. })
                if *link_type != LinkType::Email =>
            {
                Some((dest_url.to_string(), problem(config, path, dest_url)?))
            }
            _ => None,
        })
        .collect()
}

fn problem(config: &Config, path: &Path, link: &str) -> Option<LinkProblem> {
    let base = config.base_path.as_str();
    if super::safety::carries_site_path(link, base) {
        let meant = format!("/{}", &link[base.len()..]);
        return Some(LinkProblem::Warning(WarningKind::LinkWithSitePath { link: link.to_string(), meant }));
    }
    let has_scheme = link.split_once(':').is_some_and(|(scheme, _)| {
        scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
    });
    // An address that runs code is shown as text, and warned about as such.
    if link.is_empty() || has_scheme || link.starts_with(['/', '#', '?']) || super::safety::runs_code(link) {
        return None;
    }
    // `fmprc.gov.cn/web/…`: a host's name, then a path.
    let first = link.split('/').next().unwrap_or_default();
    let top_level =
        first.rsplit_once('.').filter(|(name, _)| !name.is_empty() && !name.starts_with('.')).map(|(_, t)| t);
    let is_host = top_level.is_some_and(|t| t.len() >= 2 && t.chars().all(|c| c.is_ascii_alphabetic()));
    let names_a_host = link.starts_with("www.") || (is_host && link.len() > first.len());
    let fix = match page_of_source(config, path, link) {
        Some(page) => format!("a source file's page is linked from the site's root: write `{page}`"),
        None if names_a_host => format!("an address on another site starts with its scheme: write `https://{link}`"),
        None => "write it from the site's root, `/…` (a file of `static/`, such as `static/img/hall.jpg`, is `/img/hall.jpg`)"
            .to_string(),
    };
    Some(LinkProblem::Error(ErrorKind::RelativeLinkInTranscript { link: link.to_string(), fix }))
}

/// The address of the page made from the transcript source `link` names, relative to
/// the transcript shown as `path` (`0308.en.md#q1` → `/en/2024/0308/#q1`), when it names
/// one of a site language inside `content/`. Its `slug`, if it has one, is not read.
fn page_of_source(config: &Config, path: &Path, link: &str) -> Option<String> {
    let (file, anchor) = link.split_once('#').map_or((link, None), |(f, a)| (f, Some(a)));
    let mut parts: Vec<String> = Vec::new();
    for part in path.parent()?.join(file).components() {
        match part {
            Component::Normal(p) => parts.push(p.to_str()?.to_string()),
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::CurDir => {}
            _ => return None,
        }
    }
    if parts.first().map(String::as_str) != Some("content") {
        return None;
    }
    let (name, lang) =
        parts.pop()?.strip_suffix(".md")?.rsplit_once('.').map(|(n, l)| (n.to_string(), l.to_string()))?;
    config.languages.iter().find(|l| l.code.0 == lang)?;
    parts[0] = lang;
    parts.push(name);
    let anchor = anchor.map(|a| format!("#{a}")).unwrap_or_default();
    Some(format!("/{}/{anchor}", parts.join("/")))
}
