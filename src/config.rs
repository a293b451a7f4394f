//! site.yaml: read strictly (unknown keys are errors), then resolved into the `Config`
//! every later stage uses: languages in file order, topics with their labels, paths.

use std::fmt;
use std::path::{Path, PathBuf};

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

use crate::diagnostic::{Error, ErrorKind, Location};
use crate::yaml;

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

/// A topic's language-independent key (`belt-and-road`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct TopicKey(pub String);

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
    pub output_dir: PathBuf,
    pub topics: Vec<Topic>,
    pub allow_html: bool,
    /// A custom domain for GitHub Pages, written to `CNAME`.
    pub cname: Option<String>,
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
    topics: IndexMap<String, IndexMap<String, RawTopicEntry>>,
    markdown: Option<RawMarkdown>,
    cname: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLanguage {
    name: String,
    locale: String,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawTopicEntry {
    Label(String),
    Terms(IndexMap<String, Vec<String>>),
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
        self.topics.iter().find(|t| t.key.0 == key)
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

/// Whether `key` may become part of a URL (and a folder name): lower-case ASCII
/// letters, digits and `-`, starting with a letter or digit.
pub fn is_url_key(key: &str) -> bool {
    let first_ok = key.chars().next().is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    first_ok && key.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Why `domain` cannot be the custom domain GitHub Pages serves the site at (`cname`,
/// written into the `CNAME` file), if it cannot: a host name, no scheme, path or port.
fn invalid_domain(domain: &str) -> Option<String> {
    if domain.contains("://") || domain.contains(['/', ':', '?', '#', '@']) {
        return Some("write the domain alone, such as `archive.example.org`, without `https://` or a path".into());
    }
    match url::Host::parse(domain) {
        Ok(url::Host::Domain(name)) if !name.contains('.') => {
            Some("it must be a full domain such as `archive.example.org`".into())
        }
        Ok(url::Host::Domain(name)) if name != domain.to_ascii_lowercase() => {
            Some(format!("write it as `{name}`, the form a CNAME file holds"))
        }
        Ok(url::Host::Domain(_)) => None,
        Ok(_) => Some("GitHub Pages serves a custom domain, not an IP address".into()),
        Err(e) => Some(format!("it is not a domain name ({e})")),
    }
}

/// Whether `tag` reads as a BCP 47 language tag (`zh-Hans`, `en`, `pt-BR`): what
/// `lang` and `hreflang` attributes hold, so nothing that could close an attribute.
fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let first = parts.next().unwrap_or("");
    (2..=8).contains(&first.len())
        && first.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

pub fn quoted_list<'a>(items: impl Iterator<Item = &'a str>) -> String {
    items.map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", ")
}

/// Reads `root/site.yaml`, with the command's `overrides`. All problems found are
/// returned together.
pub fn load(root: &Path, overrides: &Overrides) -> Result<Config, Vec<Error>> {
    let path = root.join(CONFIG_FILE);
    let shown = PathBuf::from(CONFIG_FILE);
    crate::site_files::check(root, &path, &shown).map_err(|e| vec![e])?;
    let text = std::fs::read_to_string(&path)
        .map_err(|e| vec![Error::new(Location::file(&shown), ErrorKind::Unreadable(e))])?;
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

/// `base_url` as every link and feed will use it: an absolute `http` or `https`
/// address with no query or fragment, spaces and other characters percent-encoded
/// (`https://example.org/档案 2024` → `https://example.org/%E6%A1%A3%E6%A1%88%202024`),
/// a non-ASCII host in punycode. Otherwise why not.
fn web_address(given: &str) -> Result<String, String> {
    let url = url::Url::parse(given.trim()).map_err(|e| match e {
        url::ParseError::RelativeUrlWithoutBase => {
            "it is not a full address (it needs `https://` and a host)".to_string()
        }
        other => format!("it cannot be read as an address ({other})"),
    })?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!(
            "it starts with `{}:`, but a site is published at an `https://` (or `http://`) address",
            url.scheme()
        ));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err("it names no host".to_string());
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err("it has a `?` query or a `#` fragment, which every link would carry".to_string());
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err("it holds a user name or password, which every page would publish".to_string());
    }
    Ok(url.to_string())
}

/// Finds where a key is written, for problems found after parsing.
struct Locator<'a> {
    path: &'a Path,
    text: &'a str,
}

impl Locator<'_> {
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
    let languages: Vec<Language> = raw
        .languages
        .into_iter()
        .map(|(code, l)| Language { code: Lang(code), name: l.name, locale: l.locale })
        .collect();
    let known = quoted_list(languages.iter().map(|l| l.code.0.as_str()));
    let keys = languages.iter().map(|l| ("languages", l.code.0.as_str(), "language code"));
    for (section, key, what) in keys.chain(raw.topics.keys().map(|k| ("topics", k.as_str(), "topic key"))) {
        if !is_url_key(key) {
            errors.push(Error::new(at.key_in(section, key), ErrorKind::BadUrlKey { key: key.to_string(), what }));
        }
    }
    for language in languages.iter().filter(|l| !is_language_tag(&l.locale)) {
        let kind = ErrorKind::BadLocale { locale: language.locale.clone(), lang: language.code.0.clone() };
        errors.push(Error::new(at.key_in("languages", &language.code.0), kind));
    }
    let check_lang = |code: &str, errors: &mut Vec<Error>| -> Option<Lang> {
        if languages.iter().any(|l| l.code.0 == code) {
            Some(Lang(code.to_string()))
        } else {
            let kind = ErrorKind::UnknownLanguage { lang: code.to_string(), known: known.clone() };
            errors.push(Error::new(at.key(code), kind));
            None
        }
    };
    if languages.is_empty() {
        errors.push(Error::new(
            at.key("languages"),
            ErrorKind::MissingKey { key: "languages", why: "list at least one language" },
        ));
    }
    let default_language = check_lang(&raw.default_language, &mut errors);
    let title = raw.title.into_iter().filter_map(|(lang, t)| check_lang(&lang, &mut errors).map(|l| (l, t))).collect();
    let topics = raw
        .topics
        .into_iter()
        .map(|(key, entries)| resolve_topic(key, entries, &mut |c, e| check_lang(c, e), &mut errors))
        .collect();
    if let Some(why) = raw.cname.as_deref().and_then(invalid_domain) {
        let domain = raw.cname.clone().unwrap_or_default();
        errors.push(Error::new(at.key("cname"), ErrorKind::BadCname { domain, why }));
    }
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
        theme: raw.theme.unwrap_or_else(|| "archive".to_string()),
        output_dir,
        topics,
        allow_html: raw.markdown.is_some_and(|m| m.allow_html),
        cname: raw.cname,
    })
}

fn resolve_topic(
    key: String,
    entries: IndexMap<String, RawTopicEntry>,
    check_lang: &mut dyn FnMut(&str, &mut Vec<Error>) -> Option<Lang>,
    errors: &mut Vec<Error>,
) -> Topic {
    let mut topic = Topic { key: TopicKey(key), labels: IndexMap::new(), matches: IndexMap::new() };
    for (name, entry) in entries {
        match (name.as_str(), entry) {
            ("match", RawTopicEntry::Terms(terms)) => {
                for (lang, list) in terms {
                    if let Some(lang) = check_lang(&lang, errors) {
                        topic.matches.insert(lang, list);
                    }
                }
            }
            (_, RawTopicEntry::Label(label)) => {
                if let Some(lang) = check_lang(&name, errors) {
                    topic.labels.insert(lang, label);
                }
            }
            (_, RawTopicEntry::Terms(_)) => {
                let allowed = "a language code with the topic's label, and `match`".to_string();
                let context = "a topic";
                errors.push(Error::new(
                    Location::file(CONFIG_FILE),
                    ErrorKind::UnknownKey { key: name, context, allowed },
                ));
            }
        }
    }
    topic
}

/// `https://user.github.io/archive` → (`https://user.github.io/archive/`, `/archive/`).
pub fn split_base_url(url: &str) -> (String, String) {
    let url = format!("{}/", url.trim_end_matches('/'));
    let after_scheme = url.split_once("://").map_or(url.as_str(), |(_, rest)| rest);
    let path = after_scheme.find('/').map_or("/", |i| &after_scheme[i..]);
    (url.clone(), path.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_is_a_web_address_with_every_character_encoded() {
        let ok = |given: &str| web_address(given).unwrap_or_else(|why| panic!("{given}: {why}"));
        assert_eq!(ok("https://example.org/档案 2024/"), "https://example.org/%E6%A1%A3%E6%A1%88%202024/");
        assert_eq!(ok(" http://Example.ORG "), "http://example.org/");
        assert_eq!(ok("https://例子.中国/a"), "https://xn--fsqu00a.xn--fiqs8s/a");
        for bad in
            ["example.org", "/archive/", "ftp://example.org/", "https://example.org/?a=1", "https://example.org/#x"]
        {
            assert!(web_address(bad).is_err(), "{bad} was accepted");
        }
        assert!(web_address("https://user:secret@example.org/").is_err());
        assert!(web_address("javascript:alert(1)").is_err());
    }

    #[test]
    fn cname_is_a_domain_and_nothing_else() {
        assert_eq!(invalid_domain("archive.example.org"), None);
        for bad in
            ["https://archive.example.org", "archive.example.org/x", "localhost", "1.2.3.4", "a b.org", "a.org\nb"]
        {
            assert!(invalid_domain(bad).is_some(), "{bad:?} was accepted");
        }
    }

    #[test]
    fn base_url_path_is_split_off() {
        assert_eq!(
            split_base_url("https://u.github.io/archive"),
            ("https://u.github.io/archive/".into(), "/archive/".into())
        );
        assert_eq!(split_base_url("http://127.0.0.1:8000/"), ("http://127.0.0.1:8000/".into(), "/".into()));
    }
}
