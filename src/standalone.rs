//! Pages that are not transcripts (about, method, licence): `pages/PATH.LANG.md`, one
//! file per language like transcripts, published at `/{lang}/PATH/`. A page has a
//! title and plain Markdown; no date, speakers or sections. There are few of them, so
//! they are read afresh by every build.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use indexmap::IndexMap;
use serde::Deserialize;

use crate::config::{Config, Lang};
use crate::diagnostic::{Addressed, Error, ErrorKind, Location, Problems, Warning, WarningKind};
use crate::markdown::Block;
use crate::source;

/// The folder of pages, beside `content/`.
pub const FOLDER: &str = "pages";

/// One language version of a page.
#[derive(Debug, Clone)]
pub struct PageVersion {
    pub source: PathBuf,
    pub title: String,
    pub description: Option<String>,
    /// Earlier paths of the page, each redirected to it.
    pub aliases: Vec<String>,
    pub extra: serde_json::Value,
    /// The body, block by block.
    pub blocks: Vec<Block>,
    /// Its notes, listed after the body.
    pub notes: Vec<crate::markdown::Note>,
}

/// A page in all its languages.
#[derive(Debug, Clone)]
pub struct Standalone {
    /// The URL path under `/{lang}/`, `/`-separated (`about`, `method/sources`).
    pub path: String,
    /// In site.yaml's language order; never empty.
    pub versions: IndexMap<Lang, PageVersion>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPageFront {
    title: Option<String>,
    description: Option<String>,
    #[serde(default)]
    draft: bool,
    #[serde(default)]
    aliases: Vec<String>,
    extra: Option<serde_yaml::Value>,
}

/// Every page under `pages/` (drafts only with `drafts`), paired across languages and
/// sorted by path. Problems are recorded; pages with errors are left out.
pub fn read_all(config: &Config, drafts: bool, problems: &mut Problems) -> Vec<Standalone> {
    let folder = config.root.join(FOLDER);
    let candidates = source::walk_in(config, &folder, problems);
    let mut by_path: BTreeMap<String, IndexMap<Lang, PageVersion>> = BTreeMap::new();
    for (file, name, lang) in candidates {
        let read = read(config, &file).and_then(|(version, draft, warnings)| {
            problems.warnings.extend(warnings);
            let path = page_path(&folder, &file, &name);
            match crate::config::path_problem(&path) {
                Some(why) => {
                    Err(Error::new(Location::file(&version.source), ErrorKind::InvalidSlug { slug: path, why }))
                }
                None => Ok((path, version, draft)),
            }
        });
        let (path, version, draft) = match read {
            Ok(read) => read,
            Err(e) => {
                problems.errors.push(e);
                continue;
            }
        };
        if draft && !drafts {
            continue;
        }
        if path.contains(char::is_whitespace) {
            let kind = WarningKind::SpaceInAddress { of: Addressed::Page, path: path.clone() };
            problems.warn(Location::file(&version.source), kind);
        }
        if let Some(kind) = source::in_language_folder(config, &lang, &path, FOLDER) {
            problems.warn(Location::file(&version.source), kind);
        }
        let versions = by_path.entry(path).or_default();
        if let Some(other) = versions.get(&lang) {
            let kind = ErrorKind::SameLanguageTwice { other: other.source.clone(), hint: "" };
            problems.error(Location::file(&version.source), kind);
            continue;
        }
        versions.insert(lang, version);
    }
    by_path
        .into_iter()
        .map(|(path, mut versions)| {
            versions.sort_by_cached_key(|lang, _| config.languages.iter().position(|l| &l.code == lang));
            Standalone { path, versions }
        })
        .collect()
}

/// `pages/method/sources.en.md` → `method/sources`; NFC, as transcript paths are.
fn page_path(folder: &Path, file: &Path, name: &str) -> String {
    let parent = file.parent().and_then(|p| p.strip_prefix(folder).ok());
    let mut parts: Vec<String> =
        parent.into_iter().flat_map(|p| p.components()).map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    parts.push(name.to_string());
    crate::text::nfc(&parts.join("/")).into_owned()
}

/// One page file: its version, whether it is a draft, and what reading it found to
/// warn about.
fn read(config: &Config, path: &Path) -> Result<(PageVersion, bool, Vec<Warning>), Error> {
    let shown = config.display_path(path);
    let bytes = std::fs::read(path).map_err(|e| Error::new(Location::file(&shown), ErrorKind::Unreadable(e)))?;
    let (text, zero_width) = source::without_zero_widths(&shown, source::text_of(&shown, bytes)?);
    let (front, body, body_line) = source::split_front_matter(&shown, &text)?;
    let yaml_text = if front.trim().is_empty() { "{}" } else { front };
    let raw: RawPageFront = crate::yaml::parse(&shown, yaml_text, 2, "the front matter of a page")?;
    let key_at = |key: &str| Location::in_text(&shown, front, front.find(&format!("{key}:")).unwrap_or(0), 2);
    let title = match raw.title {
        Some(title) if !title.trim().is_empty() => title,
        Some(_) => return Err(Error::new(key_at("title"), ErrorKind::EmptyTitle { what: "page" })),
        None => {
            let why = "every page needs a title in its front matter";
            return Err(Error::new(Location::at(&shown, 1, 1), ErrorKind::MissingKey { key: "title", why }));
        }
    };
    let aliases = source::earlier_paths(raw.aliases).map_err(|kind| Error::new(key_at("aliases"), kind))?;
    let extra = crate::yaml::extra_data(raw.extra).map_err(|kind| Error::new(key_at("extra"), kind))?;
    let mut found = crate::diagnostic::Problems::default();
    let writing = crate::markdown::Writing::of(config);
    let (blocks, notes) = crate::markdown::page_blocks(&shown, (body, body_line), writing, &mut found);
    if let Some(error) = found.errors.into_iter().next() {
        return Err(error);
    }
    let read = source::read_warnings(&shown, front, body, body_line);
    let warnings = zero_width.into_iter().chain(read).chain(found.warnings).collect();
    let description = raw.description;
    let version = PageVersion { source: shown, title, description, aliases, extra, blocks, notes };
    Ok((version, raw.draft, warnings))
}
