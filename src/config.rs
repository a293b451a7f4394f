//! site.yaml: read strictly (unknown keys are errors), then resolved into the `Config`
//! every later stage uses: languages in file order, topics with their labels, paths.

use std::collections::HashSet;
use std::fmt;
use std::path::{Path, PathBuf};

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

use crate::diagnostic::{Error, ErrorKind, Location, Warning};
use crate::yaml;

mod menu;
mod site_text;
mod values;
pub use menu::MenuEntry;
use site_text::{site_text, RawSiteText};
pub use values::split_base_url;
use values::{invalid_domain, is_language_tag, web_address};

pub const CONFIG_FILE: &str = "site.yaml";

/// A language code as written in site.yaml (`zh`, `en`): the URL prefix of its pages.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Lang(pub String);

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A topic's language-independent key (`belt-and-road`). Shared, not copied: every
/// section holds the keys of its topics (docs/performance.md).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct TopicKey(pub std::sync::Arc<str>);

#[derive(Debug, Clone)]
pub struct Language {
    pub code: Lang,
    /// The language's own name, for the switcher (中文, English).
    pub name: String,
    /// BCP 47 tag for `<html lang>` and `hreflang` (zh-Hans, en).
    pub locale: String,
}

#[derive(Debug, Clone)]
pub struct Topic {
    pub key: TopicKey,
    pub labels: IndexMap<Lang, String>,
    /// Terms per language: a section whose text contains one gets the topic too.
    pub matches: IndexMap<Lang, Vec<String>>,
}

#[derive(Debug, Clone)]
pub struct Config {
    pub root: PathBuf,
    pub title: IndexMap<Lang, String>,
    /// Always ends with `/`.
    pub base_url: String,
    /// The path part of `base_url` (`/archive/`), prefixed to every link.
    pub base_path: String,
    pub default_language: Lang,
    /// In site.yaml order, which is the order of language switchers and lists.
    pub languages: Vec<Language>,
    pub theme: String,
    /// Where site.yaml names the theme (the file, when it names none), for errors.
    pub theme_at: Location,
    pub output_dir: PathBuf,
    pub topics: Vec<Topic>,
    pub allow_html: bool,
    /// A page for each folder of the transcripts' addresses (`/zh/2024/`), listing
    /// those under it: `folder_pages: true`. Off unless asked, as every address the
    /// site has is one a reader or a link checker may have been told of.
    pub folder_pages: bool,
    /// A custom domain for GitHub Pages, written to `CNAME`.
    pub cname: Option<String>,
    /// What the site is, per language (home page and search engines).
    pub description: IndexMap<Lang, String>,
    /// The footer, inline Markdown per language.
    pub footer: IndexMap<Lang, String>,
    /// The site navigation, in order.
    pub menu: Vec<MenuEntry>,
    /// UI strings that replace the theme's, per language, with where each is written.
    pub strings: IndexMap<Lang, IndexMap<String, (String, Location)>>,
    /// Free data for templates (`site.extra`).
    pub extra: serde_json::Value,
    /// What reading site.yaml found to warn about.
    pub warnings: Vec<Warning>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: IndexMap<String, String>,
    base_url: String,
    default_language: String,
    languages: IndexMap<String, RawLanguage>,
    theme: Option<String>,
    output_dir: Option<PathBuf>,
    #[serde(default)]
    topics: IndexMap<String, RawTopic>,
    markdown: Option<RawMarkdown>,
    #[serde(default)]
    folder_pages: bool,
    cname: Option<String>,
    #[serde(default)]
    description: IndexMap<String, String>,
    #[serde(default)]
    footer: IndexMap<String, String>,
    menu: Option<Vec<serde_yaml::Value>>,
    #[serde(default)]
    strings: IndexMap<String, IndexMap<String, String>>,
    extra: Option<serde_yaml::Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLanguage {
    name: String,
    locale: String,
}

/// A topic as written: a label per language code, and `match`. Read by hand: the
/// keys are the site's language codes, which serde's derive cannot list, and a
/// derived "either" type answers a mistake with a message about Rust enums.
struct RawTopic {
    labels: IndexMap<String, String>,
    terms: IndexMap<String, Terms>,
}

/// A language's `match` terms: a list, or one term written as a text.
struct Terms(Vec<String>);

impl<'de> Deserialize<'de> for RawTopic {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = RawTopic;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a map")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<RawTopic, A::Error> {
                let mut topic = RawTopic { labels: IndexMap::new(), terms: IndexMap::new() };
                while let Some(key) = map.next_key::<String>()? {
                    if key == "match" {
                        topic.terms = map.next_value()?;
                    } else {
                        let label = map.next_value()?;
                        topic.labels.insert(key, label);
                    }
                }
                Ok(topic)
            }
        }
        deserializer.deserialize_map(Visitor)
    }
}

impl<'de> Deserialize<'de> for Terms {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Terms;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a sequence")
            }
            fn visit_str<E: serde::de::Error>(self, term: &str) -> Result<Terms, E> {
                Ok(Terms(vec![term.to_string()]))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Terms, A::Error> {
                let mut terms = Vec::new();
                while let Some(term) = seq.next_element()? {
                    terms.push(term);
                }
                Ok(Terms(terms))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMarkdown {
    #[serde(default)]
    allow_html: bool,
}

/// What a command's options say instead of site.yaml: applied to the raw config,
/// before it is resolved, so the resolved `Config` is never patched afterwards.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// `--base-url`: a preview's or a deployment's own address.
    pub base_url: Option<String>,
    /// `--output-dir`, relative to the site's folder (or absolute).
    pub output_dir: Option<PathBuf>,
}

impl Config {
    pub fn lang(&self, code: &str) -> Option<&Language> {
        self.languages.iter().find(|l| l.code.0 == code)
    }

    pub fn topic(&self, key: &str) -> Option<&Topic> {
        self.topics.iter().find(|t| &*t.key.0 == key)
    }

    /// A site text (`description`, `footer`) in `lang`, else in the default language.
    pub fn text<'c>(&self, texts: &'c IndexMap<Lang, String>, lang: &Lang) -> Option<&'c str> {
        texts.get(lang).or_else(|| texts.get(&self.default_language)).map(String::as_str)
    }

    pub fn known_languages(&self) -> String {
        quoted_list(self.languages.iter().map(|l| l.code.0.as_str()))
    }

    pub fn content_dir(&self) -> PathBuf {
        self.root.join("content")
    }

    /// Paths are shown relative to the site root, as the archivist knows them.
    pub fn display_path(&self, path: &Path) -> PathBuf {
        path.strip_prefix(&self.root).unwrap_or(path).to_path_buf()
    }
}

/// Why `path` cannot be a page path under `/{lang}/`, if it cannot.
pub fn path_problem(path: &str) -> Option<&'static str> {
    if path.is_empty() {
        Some("it is empty")
    } else if path.split('/').any(|s| s.is_empty() || s == "." || s == "..") {
        Some("its parts between `/` must not be empty, `.` or `..`")
    } else if path.split('/').any(|s| s.trim() != s) {
        Some("its parts between `/` must not start or end with a space")
    } else if path.contains(['\\', '?', '#', '%']) || path.contains(char::is_control) {
        Some("it must not contain `\\`, `?`, `#`, `%` or control characters")
    } else {
        None
    }
}

/// Whether `key` may become part of a URL (and a folder name): lower-case ASCII
/// letters, digits and `-`, starting with a letter or digit.
pub fn is_url_key(key: &str) -> bool {
    let first_ok = key.chars().next().is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    first_ok && key.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

pub fn quoted_list<'a>(items: impl Iterator<Item = &'a str>) -> String {
    items.map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", ")
}

/// Reads `root/site.yaml`, with the command's `overrides`. All problems found are
/// returned together.
pub fn load(root: &Path, overrides: &Overrides) -> Result<Config, Vec<Error>> {
    let path = root.join(CONFIG_FILE);
    let shown = PathBuf::from(CONFIG_FILE);
    if path.symlink_metadata().is_err_and(|e| e.kind() == std::io::ErrorKind::NotFound) {
        return Err(vec![Error::new(
            Location::file(&shown),
            ErrorKind::NoSiteHere { root: root.canonicalize().unwrap_or(root.to_path_buf()) },
        )]);
    }
    crate::site_files::check(root, &path, &shown).map_err(|e| vec![e])?;
    let text = crate::source::read_text(&path, &shown).map_err(|e| vec![e])?;
    from_text(root, &text, overrides)
}

/// The configuration of the site at `root` from the text of its site.yaml.
pub fn from_text(root: &Path, text: &str, overrides: &Overrides) -> Result<Config, Vec<Error>> {
    let shown = PathBuf::from(CONFIG_FILE);
    if text.trim().is_empty() {
        return Err(vec![Error::new(Location::file(&shown), ErrorKind::EmptyConfig)]);
    }
    let mut raw: RawConfig = yaml::parse(&shown, text, 1, "site.yaml").map_err(|e| vec![e])?;
    let at = Locator { path: &shown, text };
    let mut errors = Vec::new();
    let given = overrides.base_url.clone().unwrap_or(raw.base_url);
    raw.base_url = web_address(&given).unwrap_or_else(|why| {
        let from = if overrides.base_url.is_some() { "--base-url" } else { "base_url" };
        let kind = ErrorKind::BadBaseUrl { url: given.clone(), why, from };
        errors.push(if overrides.base_url.is_some() {
            Error::nowhere(kind)
        } else {
            Error::new(at.key("base_url"), kind)
        });
        given.clone()
    });
    raw.output_dir = overrides.output_dir.clone().or(raw.output_dir);
    resolve(root, raw, &at, errors)
}

/// Finds where a key is written, for problems found after parsing.
struct Locator<'a> {
    path: &'a Path,
    text: &'a str,
}

impl Locator<'_> {
    /// A control character the text writes, which the pages leave out.
    fn warnings(&self) -> Vec<Warning> {
        let found = yaml::control_in(self.text);
        found
            .map(|(offset, kind)| Warning { at: Location::in_text(self.path, self.text, offset, 1), kind })
            .into_iter()
            .collect()
    }

    fn key(&self, key: &str) -> Location {
        self.key_after(0, key)
    }

    /// Where `key` is written inside the top-level map `section` (`en` in `languages`,
    /// not in `title`).
    fn key_in(&self, section: &str, key: &str) -> Location {
        let top = format!("{section}:");
        let start = self.text.match_indices(&top).find(|(i, _)| *i == 0 || self.text[..*i].ends_with('\n'));
        self.key_after(start.map_or(0, |(i, _)| i), key)
    }

    /// Where `key: value` is written under `section` (`menu:`'s `page: about`), or
    /// else the section's first `key`.
    fn entry_in(&self, section: &str, key: &str, value: &str) -> Location {
        let top = format!("{section}:");
        let start = self.text.match_indices(&top).find(|(i, _)| *i == 0 || self.text[..*i].ends_with('\n'));
        let start = start.map_or(0, |(i, _)| i);
        let written = self.text[start..].match_indices(&format!("{key}:")).find(|(i, m)| {
            let after = self.text[start + i + m.len()..].trim_start_matches([' ', '"', '\'']);
            after.starts_with(value) && !after[value.len()..].starts_with(|c: char| c.is_alphanumeric() || c == '-')
        });
        match written {
            Some((i, _)) => Location::in_text(self.path, self.text, start + i, 1),
            None => self.key_in(section, key),
        }
    }

    fn key_after(&self, start: usize, key: &str) -> Location {
        let offset = self.text[start..]
            .match_indices(key)
            .find(|(i, _)| {
                let after = &self.text[start + i + key.len()..];
                after.starts_with(':') || after.starts_with("\":") || after.starts_with("':")
            })
            .map_or(0, |(i, _)| start + i);
        Location::in_text(self.path, self.text, offset, 1)
    }
}

/// The site's configuration from what site.yaml says, adding to the `errors` found so far.
fn resolve(root: &Path, raw: RawConfig, at: &Locator, mut errors: Vec<Error>) -> Result<Config, Vec<Error>> {
    let languages = resolve_languages(raw.languages, at, &mut errors);
    for key in raw.topics.keys().filter(|k| !is_url_key(k)) {
        let kind = ErrorKind::BadUrlKey { key: key.to_string(), what: "topic key" };
        errors.push(Error::new(at.key_in("topics", key), kind));
    }
    let mut codes = Codes { languages: &languages, unknown: HashSet::new() };
    let default_language = codes.lang(&raw.default_language, at.key("default_language"), &mut errors);
    // A language code written as a key (`title: { zh: … }`) is found where it is a key.
    let mut check_lang = |code: &str, errors: &mut Vec<Error>| codes.lang(code, at.key(code), errors);
    let title = raw.title.into_iter().filter_map(|(lang, t)| check_lang(&lang, &mut errors).map(|l| (l, t))).collect();
    let topics: Vec<Topic> =
        raw.topics.into_iter().map(|(key, raw)| resolve_topic(key, raw, at, &mut check_lang, &mut errors)).collect();
    if let Some(why) = raw.cname.as_deref().and_then(invalid_domain) {
        let domain = raw.cname.clone().unwrap_or_default();
        errors.push(Error::new(at.key("cname"), ErrorKind::BadCname { domain, why }));
    }
    let raw_text = RawSiteText {
        description: raw.description,
        footer: raw.footer,
        menu: raw.menu,
        strings: raw.strings,
        extra: raw.extra,
    };
    let text = site_text(raw_text, at, default_language.as_ref(), &mut check_lang, &mut errors);
    errors.extend(unknown_menu_topics(&text.menu, &topics));
    let (base_url, base_path) = split_base_url(&raw.base_url);
    let output_dir = root.join(raw.output_dir.unwrap_or_else(|| PathBuf::from("public")));
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Config {
        root: root.to_path_buf(),
        title,
        base_url,
        base_path,
        default_language: default_language.expect("checked above"),
        languages,
        theme_at: if raw.theme.is_some() { at.key("theme") } else { Location::file(CONFIG_FILE) },
        theme: raw.theme.unwrap_or_else(|| "archive".to_string()),
        output_dir,
        topics,
        allow_html: raw.markdown.is_some_and(|m| m.allow_html),
        folder_pages: raw.folder_pages,
        cname: raw.cname,
        description: text.description,
        footer: text.footer,
        menu: text.menu,
        strings: text.strings,
        extra: text.extra,
        warnings: at.warnings(),
    })
}

/// A menu entry naming a topic `topics` does not have, each an error at the entry.
fn unknown_menu_topics(menu: &[MenuEntry], topics: &[Topic]) -> Vec<Error> {
    let known = || quoted_list(topics.iter().map(|t| t.key.0.as_ref()));
    let unknown = menu.iter().filter_map(|entry| match entry {
        MenuEntry::Topic { key, at } if !topics.iter().any(|t| t.key.0.as_ref() == key) => Some((key, at)),
        _ => None,
    });
    unknown
        .map(|(key, at)| Error::new(at.clone(), ErrorKind::UnknownMenuTopic { key: key.clone(), known: known() }))
        .collect()
}

/// The language codes site.yaml uses, each checked against its `languages`.
struct Codes<'a> {
    languages: &'a [Language],
    /// Codes already reported: an unknown code is one mistake however often it is used.
    unknown: HashSet<String>,
}

impl Codes<'_> {
    fn lang(&mut self, code: &str, place: Location, errors: &mut Vec<Error>) -> Option<Lang> {
        if self.languages.iter().any(|l| l.code.0 == code) {
            return Some(Lang(code.to_string()));
        }
        if self.unknown.insert(code.to_string()) {
            let known = quoted_list(self.languages.iter().map(|l| l.code.0.as_str()));
            errors.push(Error::new(place, ErrorKind::UnknownLanguage { lang: code.to_string(), known }));
        }
        None
    }
}

/// The languages, in site.yaml's order, each code checked to be usable in addresses
/// and each locale to be a language tag.
fn resolve_languages(raw: IndexMap<String, RawLanguage>, at: &Locator, errors: &mut Vec<Error>) -> Vec<Language> {
    let languages: Vec<Language> =
        raw.into_iter().map(|(code, l)| Language { code: Lang(code), name: l.name, locale: l.locale }).collect();
    if languages.is_empty() {
        let kind = ErrorKind::MissingKey { key: "languages", why: "list at least one language" };
        errors.push(Error::new(at.key("languages"), kind));
    }
    for language in &languages {
        let code = &language.code.0;
        if !is_url_key(code) {
            let kind = ErrorKind::BadUrlKey { key: code.clone(), what: "language code" };
            errors.push(Error::new(at.key_in("languages", code), kind));
        }
        if !is_language_tag(&language.locale) {
            let kind = ErrorKind::BadLocale { locale: language.locale.clone(), lang: code.clone() };
            errors.push(Error::new(at.key_in("languages", code), kind));
        }
    }
    languages
}

fn resolve_topic(
    key: String,
    raw: RawTopic,
    at: &Locator,
    check_lang: &mut dyn FnMut(&str, &mut Vec<Error>) -> Option<Lang>,
    errors: &mut Vec<Error>,
) -> Topic {
    // An empty label is a link with no text; an empty term is found in every section,
    // which would all be tagged with the topic.
    let empty = |(what, why), code: &str, errors: &mut Vec<Error>| {
        let kind = ErrorKind::EmptyTopicText { topic: key.clone(), what, lang: code.to_string(), why };
        errors.push(Error::new(at.key_in("topics", &key), kind));
    };
    let mut topic = Topic { key: TopicKey(key.as_str().into()), labels: IndexMap::new(), matches: IndexMap::new() };
    for (code, label) in raw.labels {
        if label.trim().is_empty() {
            empty(("label", "it is the text of every link to the topic"), &code, errors);
        }
        if let Some(lang) = check_lang(&code, errors) {
            topic.labels.insert(lang, label);
        }
    }
    for (code, Terms(terms)) in raw.terms {
        if terms.iter().any(|term| term.trim().is_empty()) {
            let why = "it is found in every section, which would all get the topic";
            empty(("`match` term", why), &code, errors);
        }
        if let Some(lang) = check_lang(&code, errors) {
            topic.matches.insert(lang, terms);
        }
    }
    topic
}

#[cfg(test)]
mod tests;
