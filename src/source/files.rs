//! Which files under `content/` (and `pages/`) are sources: `NAME.LANG.md` and
//! `NAME.md`. Every other file is neither read nor published, and `check` says so,
//! since a transcript saved as `.markdown`, a raw text not yet imported or a scan put
//! beside its transcript would otherwise be left out without a word. Hidden files and
//! what editors and systems leave behind (`x.md~`, `.swp`, `Thumbs.db`) pass quietly.

use std::path::{Path, PathBuf};

use crate::config::{Config, Lang};
use crate::diagnostic::{ErrorKind, Location, Problems, WarningKind};

/// A transcript file found under `content/`: its path, NAME and language.
pub type Candidate = (PathBuf, String, Lang);

/// Markdown files under `content/` with the NAME and language their file name gives,
/// sorted so that output does not depend on the order the disk lists them in.
pub fn walk(config: &Config, problems: &mut Problems) -> Vec<Candidate> {
    walk_in(config, &config.content_dir(), problems)
}

/// Markdown files under `content` (`content/` or `pages/`), named as transcripts are.
/// Other files are warned about (above).
pub fn walk_in(config: &Config, content: &Path, problems: &mut Problems) -> Vec<Candidate> {
    let mut found = Vec::new();
    let mut others = Vec::new();
    if !content.is_dir() {
        return found;
    }
    for entry in crate::site_files::walk(config, content, |e| !is_hidden(e.file_name())) {
        match entry {
            Err(e) => problems.errors.push(e),
            Ok(e) if e.file_type().is_file() => match split_file_name(config, e.path()) {
                Ok(Some((name, lang))) => found.push((e.path().to_path_buf(), name, lang)),
                Ok(None) => others.push(e.into_path()),
                Err(kind) => problems.error(Location::file(config.display_path(e.path())), kind),
            },
            // A pipe or device named like a transcript would block or mislead the read.
            Ok(e) if !e.file_type().is_dir() && e.file_name().to_string_lossy().ends_with(".md") => {
                let io = std::io::Error::other("it is not a regular file (a pipe, socket or device)");
                problems.error(Location::file(config.display_path(e.path())), ErrorKind::Unreadable(io));
            }
            Ok(_) => {}
        }
    }
    warn_about_others(config, content, others, problems);
    found
}

/// One warning for each Markdown file under another extension (each is a transcript or
/// page left out), and one for all the other files that are neither read nor published.
fn warn_about_others(config: &Config, content: &Path, others: Vec<PathBuf>, problems: &mut Problems) {
    let mut unread = Vec::new();
    for path in others.into_iter().filter(|p| !left_behind(p)) {
        match markdown_renamed(&path) {
            Some(fix) => problems.warn(Location::file(config.display_path(&path)), WarningKind::NotNamedMd { fix }),
            None => unread.push(path),
        }
    }
    if let Some(first) = unread.first() {
        let folder = content.file_name().map_or_else(String::new, |f| f.to_string_lossy().into_owned());
        let kind = WarningKind::NotASource { others: unread.len() - 1, folder };
        problems.warn(Location::file(config.display_path(first)), kind);
    }
}

/// The name a Markdown file saved under another extension (`.markdown`, `.MD`) should
/// have, if it is one.
fn markdown_renamed(path: &Path) -> Option<String> {
    const MARKDOWN: [&str; 8] = ["md", "markdown", "mdown", "mkd", "mkdn", "mdwn", "mdtext", "mdtxt"];
    let name = path.file_name()?.to_str()?;
    let (stem, extension) = name.rsplit_once('.')?;
    MARKDOWN.contains(&extension.to_ascii_lowercase().as_str()).then(|| format!("{stem}.md"))
}

/// What an editor, an operating system or a merge leaves beside the files it touches.
fn left_behind(path: &Path) -> bool {
    const SUFFIXES: [&str; 8] = ["~", ".bak", ".swp", ".swo", ".tmp", ".orig", ".rej", ".crdownload"];
    const NAMES: [&str; 3] = ["thumbs.db", "desktop.ini", "icon\r"];
    let name = path.file_name().map(|n| n.to_string_lossy().to_lowercase()).unwrap_or_default();
    SUFFIXES.iter().any(|s| name.ends_with(s))
        || NAMES.contains(&name.as_str())
        || (name.starts_with('#') && name.ends_with('#'))
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(|n| n.starts_with('.'))
}

/// The transcript a source file at `path` is a version of (its folder and NAME, as a
/// path), and the version's language; None for a file that is not a source.
pub fn version_of(config: &Config, path: &Path) -> Option<(PathBuf, Lang)> {
    let (name, lang) = split_file_name(config, path).ok()??;
    Some((path.with_file_name(name), lang))
}

/// `NAME.LANG.md` → (NAME, LANG); `NAME.md` → (NAME, default language); other files: None.
fn split_file_name(config: &Config, path: &Path) -> Result<Option<(String, Lang)>, ErrorKind> {
    let Some(stem) = path.file_name().and_then(|n| n.to_str()).and_then(|n| n.strip_suffix(".md")) else {
        return Ok(None);
    };
    match stem.rsplit_once('.') {
        Some((name, code)) if looks_like_language(code) => match config.lang(code) {
            Some(l) => Ok(Some((name.to_string(), l.code.clone()))),
            None => Err(ErrorKind::UnknownLanguage { lang: code.to_string(), known: config.known_languages() }),
        },
        _ => Ok(Some((stem.to_string(), config.default_language.clone()))),
    }
}

/// `zh`, `en`, `zh-Hant`: a suffix meant as a language, not part of a name like `v1.2`.
fn looks_like_language(code: &str) -> bool {
    let mut parts = code.split('-');
    let first = parts.next().unwrap_or("");
    (2..=3).contains(&first.len())
        && first.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_suffixes_are_told_from_dotted_names() {
        assert!(looks_like_language("zh"));
        assert!(looks_like_language("zh-Hant"));
        assert!(!looks_like_language("2"));
        assert!(!looks_like_language("final"));
    }

    #[test]
    fn markdown_under_another_extension_is_named_as_it_should_be() {
        let fix = |name: &str| markdown_renamed(Path::new(name));
        assert_eq!(fix("0307.zh.markdown").as_deref(), Some("0307.zh.md"));
        assert_eq!(fix("0307.en.MD").as_deref(), Some("0307.en.md"));
        assert_eq!(fix("0307.mdown").as_deref(), Some("0307.md"));
        assert_eq!(fix("scan.pdf"), None);
        assert_eq!(fix("notes.txt"), None);
    }

    #[test]
    fn what_editors_and_systems_leave_behind_passes_quietly() {
        for name in ["a.zh.md~", "a.zh.md.bak", "a.zh.md.swp", "Thumbs.db", "#a.zh.md#", "a.md.orig"] {
            assert!(left_behind(Path::new(name)), "{name}");
        }
        for name in ["a.zh.markdown", "scan.pdf", "raw.txt", "a.zh.MD"] {
            assert!(!left_behind(Path::new(name)), "{name}");
        }
    }
}
