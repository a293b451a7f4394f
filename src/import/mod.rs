//! `diptych import`: a raw transcript (plain text from a newspaper page or a PDF) into
//! the source format. The steps: paragraphs → repairs (closing lines, duplicates,
//! split paragraphs) → structure (title, preface, sections, turns) → Markdown.
//! Every repair is reported; no sentence of the input is lost or doubled.

mod detect;
mod layout;
mod repair;

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;

use chrono::NaiveDate;
use indexmap::IndexMap;
use serde::Serialize;

use crate::diagnostic::{Error, ErrorKind, Location};
use detect::Script;
use repair::Para;
pub use repair::Repair;

/// A transcript as found in the text, before it is written out.
#[derive(Debug, Clone)]
pub struct Transcript {
    pub title: String,
    pub subtitle: Option<String>,
    /// Lines above the title (a newspaper's kicker, such as 全国两会 特别报道).
    pub kicker: Option<String>,
    pub date: NaiveDate,
    /// Where the date came from, for the outline.
    pub date_from: &'static str,
    pub place: Option<String>,
    pub source: Option<String>,
    /// Speakers with more than one turn: key → name.
    pub speakers: IndexMap<String, String>,
    pub preface: Vec<String>,
    pub sections: Vec<Section>,
    /// The closing lines (duration, dateline), for the closing block after the last section.
    pub closing: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Section {
    pub id: String,
    pub heading: String,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone)]
pub struct Block {
    /// Set when the block opens a speaker's turn.
    pub speaker: Option<String>,
    pub text: String,
}

/// What `import` made of a text.
pub struct Imported {
    pub transcript: Transcript,
    /// Sorted by input line.
    pub repairs: Vec<Repair>,
}

/// Reads the raw transcript `text` (from `path`, for messages) in `lang` (`zh`, `en`).
/// `date` is used when the text names no year.
pub fn import(path: &Path, text: &str, lang: &str, date: Option<NaiveDate>) -> Result<Imported, Error> {
    let at = Location::file(path);
    let script = match lang.split('-').next().unwrap_or(lang) {
        "zh" => Script::Chinese,
        "en" => Script::English,
        other => {
            let known = "`zh`, `en`".to_string();
            return Err(Error::new(at, ErrorKind::UnknownLanguage { lang: other.to_string(), known }));
        }
    };
    check_language(script, text).map_err(|kind| Error::new(at.clone(), kind))?;
    let (paras, mut repairs) = repair::paragraphs(script, text);
    let (paras, labels_joined) = repair::join_labels(script, paras);
    repairs.extend(labels_joined);
    let (paras, closing, moved) = repair::take_closing(paras);
    repairs.extend(moved);
    let labels = label_counts(script, &paras);
    // A label that starts one paragraph only is a speaker if the header names them
    // ("Wang Yi answers questions"): a lone `Note:` is not.
    // The header and lead only: the text of a turn names everyone and anything.
    let before_turns = paras.iter().take(HEADER_LINES).take_while(|p| detect::split_label(script, &p.text).is_none());
    let header: String = before_turns.map(|p| p.text.as_str()).collect::<Vec<_>>().join("\n");
    let named = |name: &str| labels.get(name).is_some_and(|n| *n > 1) || header.contains(name);
    let turn = |t: &str| detect::speaker_label(script, t, named);
    let structural = |t: &str| turn(t).is_some() || detect::is_heading(script, t);
    let (paras, joins) = repair::join_splits(script, paras, structural);
    repairs.extend(joins);
    let (paras, duplicates) = repair::drop_duplicates(script, paras);
    repairs.extend(duplicates);
    repairs.sort_by_key(Repair::line);
    let transcript = structure(script, &paras, &closing, &turn, date).map_err(|kind| Error::new(at, kind))?;
    Ok(Imported { transcript, repairs })
}

/// Gives the sections of `transcript` the ids of the translation at `other`, by
/// position: the second language's import then pairs with the first at once, nicer
/// ids and all. The translation is read as the build reads it (`## … {#id}` headings).
pub fn take_ids(transcript: &mut Transcript, other: &Path) -> Result<(), Error> {
    let at = Location::file(other);
    let text = std::fs::read_to_string(other).map_err(|e| Error::new(at.clone(), ErrorKind::Unreadable(e)))?;
    let ids: Vec<String> = text
        .lines()
        .filter_map(|line| line.strip_prefix("## "))
        .map(|heading| {
            let attrs = heading.trim_end().strip_suffix('}').and_then(|h| h.rsplit_once('{')).map(|(_, a)| a);
            attrs.and_then(|a| a.split_whitespace().find_map(|w| w.strip_prefix('#'))).unwrap_or("").to_string()
        })
        .collect();
    if ids.len() != transcript.sections.len() {
        return Err(Error::new(at, ErrorKind::ImportIdsDiffer { theirs: ids.len(), ours: transcript.sections.len() }));
    }
    for (section, id) in transcript.sections.iter_mut().zip(ids) {
        if !id.is_empty() {
            section.id = id;
        }
    }
    Ok(())
}

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

/// Refuses a text in the other language than `script`: a Chinese text read as English
/// gives headings of whole paragraphs and no turns, without a word. The share is of
/// Chinese characters among all letters (a Chinese text quotes English names, and an
/// English one a few Chinese words).
fn check_language(script: Script, text: &str) -> Result<(), ErrorKind> {
    let (mut han, mut letters) = (0usize, 0usize);
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        letters += 1;
        han += usize::from(matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}'));
    }
    if letters < 20 {
        return Ok(()); // too little to tell
    }
    let share = han * 100 / letters;
    match script {
        Script::English if share >= 50 => {
            let letters = "Chinese characters";
            Err(ErrorKind::ImportWrongLanguage { said: "en", looks: "Chinese", letters, share, suggest: "zh" })
        }
        Script::Chinese if share <= 5 => {
            let share = 100 - share;
            let letters = "Latin letters";
            Err(ErrorKind::ImportWrongLanguage { said: "zh", looks: "English", letters, share, suggest: "en" })
        }
        _ => Ok(()),
    }
}

/// How many paragraphs at the start may hold the header (kicker, title, subtitle, lead).
const HEADER_LINES: usize = 5;

/// How often each possible speaker label starts a paragraph.
fn label_counts(script: Script, paras: &[Para]) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for p in paras {
        if let Some((name, _)) = detect::split_label(script, &p.text) {
            *counts.entry(name.to_string()).or_insert(0) += 1;
        }
    }
    counts
}

type TurnOf<'f> = dyn Fn(&str) -> Option<(String, String)> + 'f;

fn structure(
    script: Script,
    paras: &[Para],
    closing: &[Para],
    turn: &TurnOf,
    date: Option<NaiveDate>,
) -> Result<Transcript, ErrorKind> {
    let (header_len, title_at, subtitle_at) = header(script, paras, turn)?;
    let header: Vec<&str> = paras[..header_len].iter().map(|p| p.text.as_str()).collect();
    let others: Vec<&str> =
        (0..header_len).filter(|&i| i != title_at && Some(i) != subtitle_at).map(|i| header[i]).collect();
    let kicker = (!others.is_empty()).then(|| others.join(" "));
    let subtitle = subtitle_at.map(|i| header[i].trim_start_matches(['—', '-']).trim().to_string());
    let rest = &paras[header_len..];
    let first_structural = rest.iter().position(|p| turn(&p.text).is_some() || detect::is_heading(script, &p.text));
    let (preface, body) = rest.split_at(first_structural.unwrap_or(rest.len()));
    let sections = sections(script, body, turn);
    let facts_text: String =
        header.iter().copied().chain(preface.iter().chain(closing).map(|p| p.text.as_str())).collect();
    let (date, date_from) = match (detect::full_date(&facts_text), date) {
        (Some(d), _) => (d, "the text"),
        (None, Some(d)) => (d, "--date"),
        (None, None) => return Err(ErrorKind::ImportNeedsDate { found: detect::partial_date(&facts_text) }),
    };
    let mut turns: IndexMap<String, usize> = IndexMap::new();
    for block in sections.iter().flat_map(|s| &s.blocks) {
        if let Some(name) = &block.speaker {
            *turns.entry(name.clone()).or_insert(0) += 1;
        }
    }
    // People who speak more than once get a speaker page; roles ("Question") do not.
    let people = turns.into_iter().filter(|(name, n)| *n > 1 && !detect::is_role(name));
    // Two names may make one key (`Wang Yi`, `WANG YI`): the later gets `-2`, `-3`….
    let mut speakers: IndexMap<String, String> = IndexMap::new();
    for (name, _) in people {
        let key = speaker_key(&name);
        let key =
            (1..).map(|n| if n == 1 { key.clone() } else { format!("{key}-{n}") }).find(|k| !speakers.contains_key(k));
        speakers.insert(key.expect("an unused key"), name);
    }
    Ok(Transcript {
        title: header[title_at].to_string(),
        subtitle,
        kicker,
        date,
        date_from,
        place: preface.first().and_then(|p| detect::place(script, &p.text)),
        source: closing.iter().find_map(|p| detect::dateline_source(&p.text)),
        speakers,
        preface: preface.iter().map(|p| p.text.clone()).collect(),
        sections,
        closing: closing.iter().map(|p| p.text.clone()).collect(),
    })
}

/// The header at the start: (how many paragraphs it takes, which is the title, which
/// the subtitle). It is the kicker (a newspaper's banner, such as 全国两会 特别报道),
/// the title and the subtitle (after `——` or `--`), the subtitle before or after the
/// title: the title is the longest of the first lines that is not the subtitle, and
/// the header ends with the later of the two. Without a subtitle, a kicker is told from
/// the title only when it comes first and is shorter; what follows is the text.
fn header(script: Script, paras: &[Para], turn: &TurnOf) -> Result<(usize, usize, Option<usize>), ErrorKind> {
    let candidates = paras.iter().take(3).take_while(|p| is_header_line(script, &p.text) && turn(&p.text).is_none());
    let lines: Vec<&str> = candidates.map(|p| p.text.as_str()).collect();
    let subtitle_at = lines.iter().position(|l| l.starts_with('—') || l.starts_with("--"));
    let considered = if subtitle_at.is_some() { lines.len() } else { lines.len().min(2) };
    let chars = |i: usize| lines[i].chars().count();
    let title_at =
        (0..considered).filter(|&i| Some(i) != subtitle_at).max_by_key(|&i| (chars(i), std::cmp::Reverse(i)));
    let title_at = title_at.ok_or(ErrorKind::ImportNoTitle)?;
    Ok((title_at.max(subtitle_at.unwrap_or(0)) + 1, title_at, subtitle_at))
}

fn is_header_line(script: Script, text: &str) -> bool {
    text.starts_with('—') || text.starts_with("--") || detect::is_heading(script, text)
}

/// Sections from the body: turns before the first heading are the opening remarks.
fn sections(script: Script, body: &[Para], turn: &TurnOf) -> Vec<Section> {
    let mut sections: Vec<Section> = Vec::new();
    for p in body {
        if turn(&p.text).is_none() && detect::is_heading(script, &p.text) {
            let id = format!("section-{}", sections.iter().filter(|s| s.id != OPENING).count() + 1);
            sections.push(Section { id, heading: p.text.clone(), blocks: Vec::new() });
            continue;
        }
        if sections.is_empty() {
            let heading = if script == Script::Chinese { "开场白" } else { "Opening Remarks" };
            sections.push(Section { id: OPENING.to_string(), heading: heading.to_string(), blocks: Vec::new() });
        }
        let block = match turn(&p.text) {
            Some((name, text)) => Block { speaker: Some(name), text },
            None => Block { speaker: None, text: p.text.clone() },
        };
        sections.last_mut().expect("pushed above").blocks.push(block);
    }
    sections
}

const OPENING: &str = "opening-remarks";

/// A speaker key that is the same in both languages: 王毅 and Wang Yi are both `wang-yi`.
fn speaker_key(name: &str) -> String {
    use pinyin::ToPinyin;
    let syllables: Vec<&str> = name.chars().filter_map(|c| c.to_pinyin().map(|p| p.plain())).collect();
    if syllables.len() == name.chars().count() && (2..=4).contains(&syllables.len()) {
        // A Chinese name is family name + given name: 王毅 → wang-yi, 习近平 → xi-jinping.
        return format!("{}-{}", syllables[0], syllables[1..].concat());
    }
    // Otherwise Latin words and the pinyin of each Chinese character, joined by hyphens.
    let mut words: Vec<String> = vec![String::new()];
    for c in name.chars() {
        if let Some(p) = c.to_pinyin() {
            words.push(p.plain().to_string());
            words.push(String::new());
        } else if c.is_ascii_alphanumeric() {
            // Only ASCII: a key becomes part of addresses (any other letter separates words).
            words.last_mut().expect("never empty").push(c.to_ascii_lowercase());
        } else {
            words.push(String::new());
        }
    }
    let key = words.into_iter().filter(|w| !w.is_empty()).collect::<Vec<_>>().join("-");
    if key.is_empty() {
        "speaker".to_string()
    } else {
        key
    }
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
    /// The transcript in the source format of FORMAT.md.
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
        for p in &self.preface {
            let _ = write!(out, "\n{}\n", escape_markdown(p));
        }
        for s in &self.sections {
            let heading = escape_markdown(&s.heading).replace('{', "\\{").replace('}', "\\}");
            let _ = write!(out, "\n## {heading} {{#{}}}\n", s.id);
            for b in &s.blocks {
                let text = escape_markdown(&b.text);
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
            let _ = write!(out, "\n{}\n", escape_markdown(line));
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
fn escape_markdown(text: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speaker_keys_are_url_keys_whatever_the_name() {
        for name in ["Wangߦi", "Ærø Ådne", "José María", "王毅·", "---", "Ñ"] {
            let key = speaker_key(name);
            assert!(crate::config::is_url_key(&key), "{name} → {key}");
        }
    }

    #[test]
    fn speaker_keys_match_across_languages() {
        assert_eq!(speaker_key("王毅"), "wang-yi");
        assert_eq!(speaker_key("Wang Yi"), "wang-yi");
        assert_eq!(speaker_key("习近平"), "xi-jinping");
    }

    #[test]
    fn closing_lines_are_kept_with_or_without_sections() {
        let date = NaiveDate::from_ymd_opt(2024, 3, 7);
        let bare = "标题\n\n3月7日，记者会在梅地亚中心举行。\n\n记者会历时1小时30分钟。\n";
        let imported = import(Path::new("raw.txt"), bare, "zh", date).unwrap();
        let markdown = imported.transcript.to_markdown("zh");
        // The front matter's closing `---` is the only one: no closing block without a section.
        assert!(
            markdown.ends_with("\n记者会历时1小时30分钟。\n") && markdown.matches("\n---\n").count() == 1,
            "{markdown}"
        );
        let with_section = "标题\n\n3月7日，记者会举行。\n\n一个问题\n\n记者：问。\n\n记者会历时1小时30分钟。\n";
        let markdown = import(Path::new("raw.txt"), with_section, "zh", date).unwrap().transcript.to_markdown("zh");
        assert!(markdown.ends_with("\n---\n\n记者会历时1小时30分钟。\n"), "{markdown}");
    }

    #[test]
    fn markdown_characters_in_text_are_escaped() {
        assert_eq!(escape_markdown("1. a *b* [c]"), "1\\. a \\*b\\* \\[c\\]");
        assert_eq!(escape_markdown("中国—非洲"), "中国—非洲");
        assert_eq!(escape_markdown("AT&amp;T"), "AT\\&amp;T");
        for (text, escaped) in [("-", "\\-"), ("---", "\\---"), ("+", "\\+"), ("12.", "12\\."), ("3) x", "3\\) x")] {
            assert_eq!(escape_markdown(text), escaped);
        }
    }
}
