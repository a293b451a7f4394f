//! What a transcript's text says that reads wrong, for `check`: its title as a `#`
//! heading, sections without an id, empty turns and sections, headings that read as
//! sentences, blocks meant to start a section that do not.

use std::path::Path;

use pulldown_cmark::Tag;

use super::{is_cjk, Document, Section};
use crate::diagnostic::{Location, Problems, WarningKind};
use crate::source::SourceFile;

/// A `#` heading in a transcript's text, as a document exported from a word processor
/// starts: the pages' title is front matter's `title`, so it is shown twice.
pub(super) fn warn_about_title_headings(file: &SourceFile, doc: &Document, problems: &mut Problems) {
    let blocks = doc.preface.iter().chain(doc.sections.iter().flat_map(|s| &s.blocks));
    // One with an `{#id}` is warned about as a section heading with one `#` too few.
    // A heading is never a plain paragraph: only marked-up blocks are looked at (a plain
    // block's HTML would be made for nothing, for every paragraph of the archive).
    for block in blocks.filter(|b| b.markup.as_deref().is_some_and(|h| h.starts_with("<h1>"))) {
        let repeats = block.text.trim() == file.front.title.trim();
        problems.warn(Location::at(&file.path, block.line, 1), WarningKind::TitleHeading { repeats });
    }
}

/// What the whole of a parsed document says that reads wrong: sections without an id,
/// empty turns and sections, headings that read as sentences, no turn or no section.
pub(super) fn warn_about_structure(doc: &Document, path: &Path, body_line: usize, problems: &mut Problems) {
    let at = |line| Location::at(path, line, 1);
    for section in doc.sections.iter().filter(|s| !s.explicit_id) {
        problems.warn(at(section.line), WarningKind::MissingSectionId { assigned: section.id.0.clone() });
    }
    for section in &doc.sections {
        for label in section.blocks.iter().filter(|b| b.is_label_only()) {
            let name = label.speaker.as_deref().unwrap_or_default().to_string();
            problems.warn(at(label.line), WarningKind::EmptyTurn { name });
        }
        if section.blocks.is_empty() {
            problems.warn(at(section.line), WarningKind::EmptySection { section: section.id.0.clone() });
        }
        if let Some(why) = reads_as_sentence(&section.heading_text) {
            problems.warn(at(section.line), WarningKind::SentenceHeading { why });
        }
    }
    let turns = doc.sections.iter().map(Section::turn_count).sum::<usize>();
    if turns == 0 && !doc.sections.is_empty() {
        problems.warn(at(body_line), WarningKind::NoTurns);
    }
    if doc.sections.is_empty() && !doc.preface.is_empty() {
        problems.warn(at(body_line), WarningKind::NoSections);
    }
}

/// A block that was meant to start a section but does not, as typed by hand or with a
/// Chinese input method: `##标题` or `##　标题` (no space, or not an ASCII one:
/// CommonMark reads a paragraph), `＃＃ 标题`
/// (full-width signs), or `### 标题 {#id}` (an id, but one `#` too many or few).
pub(super) fn meant_as_section(tag: &Tag, source: &str) -> Option<WarningKind> {
    match tag {
        Tag::Heading { level, id: Some(_), .. } => {
            Some(WarningKind::IdOnSubheading { hashes: "#".repeat(*level as usize) })
        }
        Tag::Paragraph => {
            let hashes = source.len() - source.trim_start_matches(['#', '＃']).len();
            let after = source[hashes..].chars().next();
            let ascii_only = !source[..hashes].contains('＃');
            // CommonMark wants a space or a tab after the signs: a full-width space (an
            // input method's) or a no-break space leaves a paragraph.
            let unspaced = ascii_only && hashes >= 2 && after.is_some_and(|c| c != ' ' && c != '\t');
            let full_width = !ascii_only && after.is_some();
            let start: String = source.lines().next().unwrap_or("").chars().take(12).collect();
            (unspaced || full_width).then_some(WarningKind::LooksLikeHeading { start })
        }
        _ => None,
    }
}

/// Why a heading reads as a sentence rather than a title, if it does.
fn reads_as_sentence(heading: &str) -> Option<&'static str> {
    let chars = heading.chars().count();
    let cjk = heading.chars().any(is_cjk);
    if heading.trim_end().ends_with(['。', '.']) && !heading.trim_end().ends_with("...") {
        Some("it ends with a full stop")
    } else if (cjk && chars > 40) || chars > 120 {
        Some("it is longer than a heading")
    } else {
        None
    }
}
