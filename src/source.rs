//! The transcripts on disk: walk `content/`, read each `NAME.LANG.md`, split off and
//! check its front matter. Output: one `SourceFile` per file, body still Markdown.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use indexmap::IndexMap;
use serde::Deserialize;

use crate::config::{Config, Lang, TopicKey};
use crate::diagnostic::{Error, ErrorKind, Location, Warning, WarningKind};
use crate::yaml;

mod dates;
mod files;
pub use dates::{date_from_text, NamedDate};
use dates::{meant_date, parse_date};
pub use files::{version_of, walk, walk_in};

/// A speaker's key from front matter (`wang-yi`), shared by a transcript's translations.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(transparent)]
pub struct SpeakerKey(pub String);

#[derive(Debug, Clone)]
pub struct FrontMatter {
    pub title: String,
    pub subtitle: Option<String>,
    pub date: NaiveDate,
    pub place: Option<String>,
    pub event: Option<String>,
    pub source: Option<String>,
    /// Key → the name as written in this language.
    pub speakers: IndexMap<SpeakerKey, String>,
    pub topics: Vec<TopicKey>,
    pub slug: Option<String>,
    pub draft: bool,
    /// Where the original is published.
    pub source_url: Option<String>,
    pub media: Media,
    /// Earlier paths of the transcript, each redirected to it.
    pub aliases: Vec<String>,
    /// Free data for templates.
    pub extra: serde_json::Value,
    /// Where some keys are set, for messages about them found after the front matter
    /// is read (against a translation's, or each other).
    pub lines: KeyLines,
}

/// The lines of the file that set these keys, where they are set.
#[derive(Debug, Clone, Default)]
pub struct KeyLines {
    pub date: Option<usize>,
    pub slug: Option<usize>,
    pub speakers: Option<usize>,
}

/// Recordings of a transcript: addresses of its audio and video.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Media {
    pub audio: Option<String>,
    pub video: Option<String>,
}

#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Relative to the site root, as shown in messages.
    pub path: PathBuf,
    /// The folder relative to `content/`, `/`-separated, empty at the top.
    pub folder: String,
    pub name: String,
    pub lang: Lang,
    pub front: FrontMatter,
    pub body: String,
    /// The file's line number of the body's first line.
    pub body_line: usize,
    /// What reading the file found to warn about.
    pub read_warnings: Vec<Warning>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFrontMatter {
    title: Option<String>,
    subtitle: Option<String>,
    date: Option<serde_yaml::Value>,
    place: Option<String>,
    event: Option<String>,
    source: Option<String>,
    #[serde(default)]
    speakers: IndexMap<String, String>,
    #[serde(default)]
    topics: Vec<String>,
    slug: Option<String>,
    #[serde(default)]
    draft: bool,
    source_url: Option<String>,
    #[serde(default)]
    media: Media,
    #[serde(default)]
    aliases: Vec<String>,
    extra: Option<serde_yaml::Value>,
}

/// Reads one transcript file and checks its front matter.
pub fn read(config: &Config, path: &Path, name: &str, lang: Lang) -> Result<SourceFile, Error> {
    let shown = config.display_path(path);
    let bytes = std::fs::read(path).map_err(|e| Error::new(Location::file(&shown), ErrorKind::Unreadable(e)))?;
    from_bytes(config, path, bytes, name, lang)
}

/// The body of the transcript at `path` and the line it starts at, if its front matter
/// can be told from it (whatever is wrong inside the front matter): so that a file
/// whose front matter has an error still gets its body checked.
pub fn body(config: &Config, path: &Path) -> Option<(String, usize)> {
    let text = without_zero_widths(Path::new(""), text_of(Path::new(""), std::fs::read(path).ok()?).ok()?).0;
    let (_, body, line) = split_front_matter(&config.display_path(path), &text).ok()?;
    Some((body.to_string(), line))
}

/// A transcript from the bytes of the file at `path`: the text after reading, so that
/// it can be checked (and fuzzed) without a disk.
pub fn from_bytes(config: &Config, path: &Path, bytes: Vec<u8>, name: &str, lang: Lang) -> Result<SourceFile, Error> {
    let shown = config.display_path(path);
    // Editors on Windows write a byte-order mark and CRLF line ends; neither means
    // anything here. A lone CR (old Macs) ends a line for Markdown: lines are counted so.
    let (text, zero_width) = without_zero_widths(&shown, text_of(&shown, bytes)?);
    let (front_text, body, body_line) = split_front_matter(&shown, &text)?;
    let front = parse_front_matter(config, &shown, front_text)?;
    let read_warnings = zero_width.into_iter().chain(read_warnings(&shown, front_text, body, body_line)).collect();
    let folder = path
        .parent()
        .and_then(|p| p.strip_prefix(config.content_dir()).ok())
        .map(|p| p.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/"))
        .unwrap_or_default();
    // macOS writes names decomposed (NFD), most other systems composed (NFC): the same
    // `café` either way is one transcript, with one address.
    let (folder, name) = (crate::text::nfc(&folder).into_owned(), crate::text::nfc(name).into_owned());
    Ok(SourceFile { path: shown, folder, name, lang, front, body: body.to_string(), body_line, read_warnings })
}

/// What reading a source file (a transcript, a page) finds to warn about, each where it
/// is written: the control characters no page may hold (the first in its front matter,
/// as it is, by a YAML escape or a reference, and the first in its body, as it is and by
/// a reference; the pages leave them out), and texts of its front matter that YAML
/// reads otherwise than written (`yaml::cut_texts`).
pub fn read_warnings(shown: &Path, front: &str, body: &str, body_line: usize) -> Vec<Warning> {
    use crate::diagnostic::WarningKind;
    let cut = crate::yaml::cut_texts(front).into_iter();
    let in_front = crate::yaml::control_in(front).into_iter().chain(cut).map(|(offset, kind)| (front, 2, offset, kind));
    let raw = crate::text::first_control(body).map(|(at, c)| (at, WarningKind::control_character(c)));
    let referred = crate::text::control_reference(body).map(|(at, r, c)| (at, WarningKind::control_reference(r, c)));
    let in_body = [raw, referred].into_iter().flatten().map(|(offset, kind)| (body, body_line, offset, kind));
    let found = in_front.into_iter().chain(in_body);
    found
        .map(|(text, first_line, offset, kind)| Warning {
            at: Location::in_text(shown, text, offset, first_line),
            kind,
        })
        .collect()
}

/// `text` without its zero-width characters (`text::is_zero_width`), and a warning
/// at the first, if it had any. They are taken out before anything is read from the
/// text, so that a word, a speaker's name, a section id or a key is the same with them
/// as without: a speaker written `王毅` with one inside would otherwise be someone else.
pub fn without_zero_widths(shown: &Path, text: String) -> (String, Option<Warning>) {
    use crate::text::is_zero_width;
    if !crate::text::has_zero_width(&text) {
        return (text, None);
    }
    let Some((at, c)) = text.char_indices().find(|&(_, c)| is_zero_width(c)) else {
        return (text, None);
    };
    let count = text[at..].chars().filter(|&c| is_zero_width(c)).count();
    let kind = crate::diagnostic::WarningKind::zero_width(c, count);
    let warning = Warning { at: Location::in_text(shown, &text, at, 1), kind };
    (text.replace(is_zero_width, ""), Some(warning))
}

/// The text of a file the site is made from (a source, site.yaml, a template, a
/// strings file), read as [`text_of`] reads it.
pub fn read_text(path: &Path, shown: &Path) -> Result<String, Error> {
    let bytes = std::fs::read(path).map_err(|e| Error::new(Location::file(shown), ErrorKind::Unreadable(e)))?;
    text_of(shown, bytes)
}

/// The text of a source file as diptych reads it: UTF-8 (see [`utf8`]), without a
/// byte-order mark, lines ended by `\n` alone.
pub fn text_of(shown: &Path, bytes: Vec<u8>) -> Result<String, Error> {
    let text = utf8(shown, bytes)?;
    let text = text.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(text);
    Ok(if text.contains('\r') { text.replace("\r\n", "\n").replace('\r', "\n") } else { text })
}

/// `bytes` as UTF-8 text, or an error at the first byte that is not (a text read with
/// replacement characters would be silently changed). UTF-16, which some Windows
/// editors save, is named as such: read as UTF-8 it would be NUL bytes, or an error
/// at its first byte that said nothing of what to do.
pub fn utf8(shown: &Path, bytes: Vec<u8>) -> Result<String, Error> {
    if is_utf16(&bytes) {
        return Err(Error::new(Location::at(shown, 1, 1), ErrorKind::Utf16));
    }
    // simdutf8 checks Chinese text several times faster than the standard library,
    // which goes a character at a time once it leaves ASCII (docs/performance.md).
    if simdutf8::basic::from_utf8(&bytes).is_ok() {
        // SAFETY: simdutf8 has just found every byte to be part of valid UTF-8.
        return Ok(unsafe { String::from_utf8_unchecked(bytes) });
    }
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let valid = std::str::from_utf8(&e.as_bytes()[..offset]).unwrap_or_default();
        Error::new(Location::in_text(shown, valid, offset, 1), ErrorKind::NotUtf8)
    })
}

/// A UTF-16 byte-order mark, or text that starts as UTF-16 writes two ASCII
/// characters without one (each beside a NUL byte).
fn is_utf16(bytes: &[u8]) -> bool {
    let ascii = |b: u8| b != 0 && b.is_ascii();
    match bytes {
        [0xFF, 0xFE, ..] | [0xFE, 0xFF, ..] => true,
        [a, 0, b, 0, ..] | [0, a, 0, b, ..] => ascii(*a) && ascii(*b),
        _ => false,
    }
}

/// What to do with a file of notes for the archive's editors (`README.md`, `NOTES.md`),
/// if `path` names one: in content/ and pages/ every file is read as a transcript or a page.
/// What a file that starts with another tool's front matter (Zola's or Hugo's TOML
/// between `+++` lines, Hugo's JSON) should be told.
fn other_front_matter(text: &str) -> Option<&'static str> {
    match text.lines().next()?.trim_end() {
        "+++" => Some("; this one is TOML between `+++` lines, as Zola and Hugo write it: write the same keys as YAML, `title: …` rather than `title = \"…\"`, between `---` lines"),
        "{" => Some("; this one is JSON, as Hugo can read it: write the same keys as YAML, `title: …`, between `---` lines"),
        _ => None,
    }
}

fn notes_file_hint(path: &Path) -> &'static str {
    const NOTES: [&str; 6] = ["readme", "notes", "todo", "changelog", "license", "licence"];
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_lowercase();
    let stem = name.split('.').next().unwrap_or_default();
    match NOTES.contains(&stem) {
        true => "; every file in content/ is read as a transcript (in pages/, as a page): keep notes for the archive's editors elsewhere, or start the file's name with `.` (`.README.md`), which the build passes over",
        false => "",
    }
}

/// The warning for a file of `top` (`content`, `pages`) in `lang` whose address `path`
/// starts with a folder named like a site language (`en/2024/0307`), as Hugo lays out a
/// site by language: the folder is part of its address, and its language is in its
/// name, so its translation in the other folder is another file's.
pub fn in_language_folder(config: &Config, lang: &Lang, path: &str, top: &str) -> Option<WarningKind> {
    let (folder, rest) = path.split_once('/')?;
    let meant = config.languages.iter().find(|l| l.code.0 == folder)?;
    Some(WarningKind::LanguageFolder {
        folder: folder.to_string(),
        lang: config.lang(&lang.0).map_or_else(|| lang.0.clone(), |l| l.name.clone()),
        address: format!("{}{lang}/{path}/", config.base_path),
        fix: format!("{top}/{rest}.{}.md", meant.code),
    })
}

/// Splits `---\nYAML\n---\nBODY` into (YAML, BODY, line of BODY).
pub fn split_front_matter<'a>(path: &Path, text: &'a str) -> Result<(&'a str, &'a str, usize), Error> {
    let mut lines = text.split_inclusive('\n');
    if lines.next().map(str::trim_end) != Some("---") {
        let hint = other_front_matter(text).unwrap_or_else(|| notes_file_hint(path));
        return Err(Error::new(Location::at(path, 1, 1), ErrorKind::NoFrontMatter { hint }));
    }
    let start = text.find('\n').map_or(text.len(), |i| i + 1);
    let mut offset = start;
    for (i, line) in lines.enumerate() {
        if line.trim_end() == "---" {
            let body = &text[offset + line.len()..];
            return Ok((&text[start..offset], body, i + 3));
        }
        offset += line.len();
    }
    Err(Error::new(Location::at(path, 1, 1), ErrorKind::UnclosedFrontMatter))
}

fn parse_front_matter(config: &Config, path: &Path, text: &str) -> Result<FrontMatter, Error> {
    // An empty front matter is an empty mapping, so the message is about what is missing.
    let yaml_text = if text.trim().is_empty() { "{}" } else { text };
    let raw: RawFrontMatter = yaml::parse(path, yaml_text, 2, "the front matter")?;
    // Where `key` is set: a line that starts with it (`subtitle:` does not set `title`),
    // else where it is written inside a map (`media: { audio: … }`).
    let key_at = |key: &str| {
        let written = format!("{key}:");
        let mut starts = crate::text::line_starts(text);
        let offset = starts.find(|&i| text[i..].starts_with(&written)).or_else(|| text.find(&written));
        Location::in_text(path, text, offset.unwrap_or(0), 2)
    };
    let (title, date) = title_and_date(path, raw.title, raw.date, &key_at)?;
    if let Some(why) = raw.slug.as_deref().and_then(|slug| crate::config::path_problem(slug.trim_matches('/'))) {
        let slug = raw.slug.clone().unwrap_or_default();
        return Err(Error::new(key_at("slug"), ErrorKind::InvalidSlug { slug, why }));
    }
    let topics = raw
        .topics
        .into_iter()
        .map(|key| match config.topic(&key) {
            Some(t) => Ok(t.key.clone()),
            None => Err(Error::new(key_at("topics"), unknown_topic(config, &key))),
        })
        .collect::<Result<_, _>>()?;
    check_speakers(path, text, &raw.speakers)?;
    check_addresses(&raw.source_url, &raw.media, &key_at)?;
    let aliases = earlier_paths(raw.aliases).map_err(|kind| Error::new(key_at("aliases"), kind))?;
    let extra = crate::yaml::extra_data(raw.extra).map_err(|kind| Error::new(key_at("extra"), kind))?;
    let line_of = |key: &str, set: bool| set.then(|| key_at(key).line).flatten();
    let lines = KeyLines {
        date: line_of("date", true),
        slug: line_of("slug", raw.slug.is_some()),
        speakers: line_of("speakers", !raw.speakers.is_empty()),
    };
    Ok(FrontMatter {
        title,
        subtitle: raw.subtitle,
        date,
        place: raw.place,
        event: raw.event,
        source: raw.source,
        speakers: raw.speakers.into_iter().map(|(k, v)| (SpeakerKey(k), v)).collect(),
        topics,
        slug: raw.slug,
        draft: raw.draft,
        source_url: raw.source_url,
        media: raw.media,
        aliases,
        extra,
        lines,
    })
}

/// `speakers` of the front matter `text`: each key one that can be part of an address,
/// each with a name. An error at the first key that is not.
fn check_speakers(path: &Path, text: &str, speakers: &IndexMap<String, String>) -> Result<(), Error> {
    for (key, name) in speakers {
        let kind = if !crate::config::is_url_key(key) {
            ErrorKind::BadUrlKey { key: key.clone(), what: "speaker key" }
        } else if name.trim().is_empty() {
            ErrorKind::SpeakerWithoutName { key: key.clone() }
        } else {
            continue;
        };
        let offset = text.find(key.as_str()).unwrap_or(0);
        return Err(Error::new(Location::in_text(path, text, offset, 2), kind));
    }
    Ok(())
}

/// The two keys every transcript needs, read or refused at the line that sets them.
fn title_and_date(
    path: &Path,
    title: Option<String>,
    date: Option<serde_yaml::Value>,
    key_at: &dyn Fn(&str) -> Location,
) -> Result<(String, NaiveDate), Error> {
    let missing = |key, why| Error::new(Location::at(path, 1, 1), ErrorKind::MissingKey { key, why });
    let title = match title {
        Some(title) if !title.trim().is_empty() => title,
        Some(_) => return Err(Error::new(key_at("title"), ErrorKind::EmptyTitle { what: "transcript" })),
        None => return Err(missing("title", "every transcript needs a title in its front matter")),
    };
    let Some(value) = date else {
        return Err(missing("date", "every transcript needs a date (YYYY-MM-DD) in its front matter"));
    };
    let date = parse_date(&value).ok_or_else(|| {
        let value = serde_yaml::to_string(&value).unwrap_or_default().trim().to_string();
        let meant = meant_date(&value);
        Error::new(key_at("date"), ErrorKind::InvalidDate { value, meant })
    })?;
    Ok((title, date))
}

/// The original's and the recordings' addresses, each one that can be linked to.
fn check_addresses(source_url: &Option<String>, media: &Media, key_at: &dyn Fn(&str) -> Location) -> Result<(), Error> {
    let addresses = [("source_url", source_url), ("audio", &media.audio), ("video", &media.video)];
    for (key, value) in addresses {
        if let Some(why) = value.as_deref().and_then(|v| invalid_address(v).err()) {
            let kind = ErrorKind::BadAddress { key, url: value.clone().unwrap_or_default(), why };
            return Err(Error::new(key_at(key), kind));
        }
    }
    Ok(())
}

/// Why `url` cannot be linked to as a transcript's original or recording, if it
/// cannot: a full `https://` (or `http://`) address, or a path in the site (`/media/x.mp3`).
pub fn invalid_address(url: &str) -> Result<(), &'static str> {
    if url.starts_with('/') && !url.starts_with("//") {
        return Ok(());
    }
    match url::Url::parse(url) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host_str().is_some_and(|h| !h.is_empty()) => Ok(()),
        Ok(_) => Err("it is not a web address; write it with `https://`"),
        Err(_) => Err("it is not a full address; write it with `https://`, or as a path in the site starting with `/`"),
    }
}

/// `aliases` as paths under `/{lang}/`, each checked as a page path is.
pub fn earlier_paths(aliases: Vec<String>) -> Result<Vec<String>, ErrorKind> {
    aliases
        .into_iter()
        .map(|alias| {
            let path = alias.trim_matches('/').to_string();
            match crate::config::path_problem(&path) {
                Some(why) => Err(ErrorKind::InvalidAlias { alias, why }),
                None => Ok(path),
            }
        })
        .collect()
}

pub fn unknown_topic(config: &Config, key: &str) -> ErrorKind {
    let hint = if config.topics.is_empty() {
        String::new()
    } else {
        format!(", or use one of: {}", crate::config::quoted_list(config.topics.iter().map(|t| t.key.0.as_ref())))
    };
    ErrorKind::UnknownTopic { key: key.to_string(), hint }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// A file is read as text exactly when it is UTF-8, and then as those bytes:
        /// Chinese text with, at times, a byte of another encoding in it.
        #[test]
        fn a_file_is_text_exactly_when_it_is_utf8(
            text in "[a-z中文，。“” \n]{0,80}",
            damage in proptest::option::of((0usize..200, 0x80u8..=0xFF)),
        ) {
            let mut bytes = text.into_bytes();
            if let Some((at, byte)) = damage {
                bytes.insert(at.min(bytes.len()), byte);
            }
            let expected = std::str::from_utf8(&bytes).map(str::to_string).ok();
            proptest::prop_assert_eq!(utf8(Path::new("a.md"), bytes).ok(), expected);
        }
    }

    #[test]
    fn front_matter_is_split_with_the_body_line() {
        let (front, body, line) = split_front_matter(Path::new("a.md"), "---\ntitle: x\n---\nbody\n").unwrap();
        assert_eq!((front, body, line), ("title: x\n", "body\n", 4));
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        let err = split_front_matter(Path::new("a.md"), "---\ntitle: x\nbody\n").unwrap_err();
        assert!(matches!(*err.kind, ErrorKind::UnclosedFrontMatter));
    }

    #[test]
    fn dates_must_exist_in_the_calendar() {
        let date = |s: &str| parse_date(&serde_yaml::Value::String(s.into()));
        assert!(date("2024-02-29").is_some());
        assert!(date("2024-02-30").is_none());
        assert!(date("2024-3-7").is_none());
    }
}
