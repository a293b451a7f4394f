//! An imported transcript written out: as a source file (front matter and Markdown),
//! as the outline `--dry-run` prints, and to a file that never replaces one unasked.

use std::fmt::Write as _;
use std::path::Path;

use indexmap::IndexMap;
use serde::Serialize;

use super::detect::Script;
use super::Transcript;
use crate::diagnostic::{Error, ErrorKind};

/// Writes an imported transcript to `path`, never over a file that is there unless
/// `force`: a second import of the same text must not replace a hand-corrected file.
/// The new file is written whole beside the target, then renamed into place.
pub fn write(path: &Path, markdown: &str, force: bool) -> Result<(), Error> {
    let failed = |source| Error::nowhere(ErrorKind::Write { path: path.to_path_buf(), source });
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(failed)?;
    }
    if !force && std::fs::symlink_metadata(path).is_ok() {
        return Err(Error::nowhere(ErrorKind::ImportWouldOverwrite { path: path.to_path_buf() }));
    }
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let temporary = path.with_file_name(format!(".{name}.diptych-import"));
    std::fs::write(&temporary, markdown).map_err(failed)?;
    // Without --force, linking refuses a file that appeared meanwhile (where a file
    // system has no links, creating the file only if it is new does); rename replaces.
    let placed = if force {
        std::fs::rename(&temporary, path)
    } else {
        let linked = std::fs::hard_link(&temporary, path).or_else(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => Err(e),
            _ => std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(path)
                .and_then(|mut f| std::io::Write::write_all(&mut f, markdown.as_bytes())),
        });
        let _ = std::fs::remove_file(&temporary);
        linked
    };
    placed.map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => {
            Error::nowhere(ErrorKind::ImportWouldOverwrite { path: path.to_path_buf() })
        }
        _ => failed(e),
    })
}

#[derive(Serialize)]
struct FrontMatter<'a> {
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    subtitle: Option<&'a str>,
    date: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    place: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    event: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<&'a str>,
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    speakers: &'a IndexMap<String, String>,
}

impl Transcript {
    /// The transcript in the source format (docs/format.md).
    pub fn to_markdown(&self, lang: &str) -> String {
        let script = if lang.starts_with("zh") { Script::Chinese } else { Script::English };
        let front = FrontMatter {
            title: &self.title,
            subtitle: self.subtitle.as_deref(),
            date: self.date.to_string(),
            place: self.place.as_deref(),
            event: self.kicker.as_deref(),
            source: self.source.as_deref(),
            speakers: &self.speakers,
        };
        let yaml = serde_yaml::to_string(&front).expect("plain strings serialize");
        let mut out = format!("---\n{yaml}---\n");
        // Text as written, each note's mark in it made a Markdown mark.
        let text_of = |text: &str| {
            let mut escaped = escape_markdown(text);
            for note in &self.notes {
                escaped = escaped.replace(&escape_markdown(&note.mark), &format!("[^{}]", note.label));
            }
            escaped
        };
        for p in &self.preface {
            let _ = write!(out, "\n{}\n", text_of(p));
        }
        for s in &self.sections {
            let heading = escape_markdown(&s.heading).replace('{', "\\{").replace('}', "\\}");
            let _ = write!(out, "\n## {heading} {{#{}}}\n", s.id);
            for b in &s.blocks {
                let text = text_of(&b.text);
                let _ = match &b.speaker {
                    Some(name) => write!(out, "\n**{}**{}{text}\n", escape_markdown(name), script.colon()),
                    None => write!(out, "\n{text}\n"),
                };
            }
        }
        // The closing block follows the last section; a text without sections keeps
        // its closing lines as the last paragraphs, since a block needs a section before it.
        if !self.closing.is_empty() && !self.sections.is_empty() {
            out.push_str("\n---\n");
        }
        for line in &self.closing {
            let _ = write!(out, "\n{}\n", text_of(line));
        }
        if !self.notes.is_empty() {
            out.push('\n');
        }
        for note in &self.notes {
            let _ = writeln!(out, "[^{}]: {}", note.label, escape_markdown(&note.text));
        }
        out
    }

    /// What was found, for `--dry-run`.
    pub fn outline(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "title:    {}", self.title);
        for (label, value) in
            [("subtitle", &self.subtitle), ("event", &self.kicker), ("place", &self.place), ("source", &self.source)]
        {
            if let Some(v) = value {
                let _ = writeln!(out, "{label:<9} {v}");
            }
        }
        let _ = writeln!(out, "date:     {} (from {})", self.date, self.date_from);
        for (key, name) in &self.speakers {
            let _ = writeln!(out, "speaker:  {key} = {name}");
        }
        let _ = writeln!(out, "preface:  {} paragraph(s)", self.preface.len());
        let turns: usize = self.sections.iter().map(|s| s.blocks.iter().filter(|b| b.speaker.is_some()).count()).sum();
        let _ = writeln!(out, "sections: {} ({})", self.sections.len(), count(turns, "turn"));
        for (i, s) in self.sections.iter().enumerate() {
            let turns = s.blocks.iter().filter(|b| b.speaker.is_some()).count();
            let (turns, paragraphs) = (count(turns, "turn"), count(s.blocks.len(), "paragraph"));
            let _ = writeln!(out, "  {}. {{#{}}} {} ({turns}, {paragraphs})", i + 1, s.id, s.heading);
        }
        let _ = writeln!(out, "closing:  {}", count(self.closing.len(), "line"));
        if !self.notes.is_empty() {
            let _ = writeln!(out, "notes:    {}", self.notes.len());
        }
        out
    }
}

/// `1 turn`, `2 turns`.
fn count(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// Text that Markdown would read as markup is escaped, so it comes out as written.
pub(super) fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '&') {
            out.push('\\');
        }
        out.push(c);
    }
    // A paragraph starting like a list item ("1. ", "- ", "-") or a rule ("---") would
    // become one.
    let digits = out.chars().take_while(char::is_ascii_digit).count();
    let after = &out[digits..];
    let list_number =
        digits > 0 && (after.starts_with(". ") || after.starts_with(") ") || after == "." || after == ")");
    if list_number {
        out.insert(digits, '\\');
    } else if out.starts_with(['-', '+', '=']) {
        out.insert(0, '\\');
    }
    out
}
