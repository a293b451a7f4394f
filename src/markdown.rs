//! A transcript's Markdown body → preface, topic sections, speaker turns and paragraphs,
//! each block kept as plain text with its source line, and as HTML where that is more
//! than its text (`Block::html`).

use std::borrow::Cow;
use std::path::Path;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::config::{Config, TopicKey};
use crate::diagnostic::{ErrorKind, Location, Problems, WarningKind};
use crate::source::SourceFile;

mod headings;
mod links;
mod loose_turns;
mod notes;
mod plain;
mod safety;
mod structure;
mod written;
use headings::{start_section, Heading};
use notes::Notes;
pub use notes::{list_html, Note, Part, NOTE_MARK_START};
pub use plain::{inline_html, page_blocks};
use safety::for_the_site;
pub use safety::Writing;
use structure::{meant_as_section, warn_about_structure, warn_about_title_headings};
use written::{as_meant, underlined_heading};

/// A section's stable id: its URL segment and what pairs it with its translation.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(transparent)]
pub struct SectionId(pub String);

/// One paragraph-level unit: the n-th block of a section in one language is the
/// translation of the n-th in another.
///
/// Its strings are boxed, not `String`s: a block is made once and never grows, and an
/// archive's million blocks are held to the end of a build (docs/performance.md).
#[derive(Debug, Clone)]
pub struct Block {
    /// Set when this block opens a speaker turn: the name as written.
    pub speaker: Option<Box<str>>,
    /// The block as HTML, the speaker label removed, where it is more than its text
    /// in a paragraph (see `html`).
    markup: Option<Box<str>>,
    /// Plain text, for topic matching, excerpts and descriptions.
    pub text: Box<str>,
    pub line: usize,
}

impl Block {
    /// A block whose HTML is more than its text: a list, a link, emphasis.
    pub fn marked_up(speaker: Option<String>, html: String, text: String, line: usize) -> Block {
        let speaker = speaker.map(String::into_boxed_str);
        Block { speaker, markup: Some(html.into_boxed_str()), text: text.into_boxed_str(), line }
    }

    /// A paragraph of nothing but text, whose HTML is made from the text when asked.
    /// Most blocks of a transcript are, and holding both forms of every block was the
    /// largest part of what a build holds (docs/performance.md).
    pub fn plain(speaker: Option<String>, text: String, line: usize) -> Block {
        Block { speaker: speaker.map(String::into_boxed_str), markup: None, text: text.into_boxed_str(), line }
    }

    /// A speaker's label and nothing else: `**王毅**：` on a line of its own.
    pub fn is_label_only(&self) -> bool {
        self.speaker.is_some() && self.markup.is_none() && self.text.trim().is_empty()
    }

    /// The block as HTML, the speaker label removed.
    pub fn html(&self) -> Cow<'_, str> {
        match &self.markup {
            Some(html) => Cow::Borrowed(html),
            None => Cow::Owned(plain_paragraph(&self.text)),
        }
    }

    /// The block as HTML with `id` on its first element: `<p>…` → `<p id="…">…`.
    /// Written into one string sized up front: every paragraph of every section
    /// page and transcript page goes through here.
    pub fn html_with_id(&self, id: &str) -> String {
        let Some(html) = &self.markup else {
            let mut out = String::with_capacity(self.text.len() + id.len() + 16);
            out.push_str("<p id=\"");
            out.push_str(id);
            out.push_str("\">");
            pulldown_cmark::html::push_html(&mut out, std::iter::once(Event::Text(self.text.as_ref().into())));
            out.push_str(PARAGRAPH_END);
            return out;
        };
        match html.find(['>', ' ']) {
            Some(at) if html.starts_with('<') => {
                let mut out = String::with_capacity(html.len() + id.len() + 6);
                for part in [&html[..at], " id=\"", id, "\"", &html[at..]] {
                    out.push_str(part);
                }
                out
            }
            _ => html.to_string(),
        }
    }
}

/// How the Markdown renderer ends a paragraph.
const PARAGRAPH_END: &str = "</p>\n";

/// The Markdown a transcript's or a page's body is read as: CommonMark with tables,
/// strikethrough, heading attributes (`{#id}`) and notes (`[^1]`).
pub const OPTIONS: Options = Options::ENABLE_TABLES
    .union(Options::ENABLE_STRIKETHROUGH)
    .union(Options::ENABLE_HEADING_ATTRIBUTES)
    .union(Options::ENABLE_FOOTNOTES);

/// A paragraph of `text` as the Markdown renderer writes it.
fn plain_paragraph(text: &str) -> String {
    let events = [Event::Start(Tag::Paragraph), Event::Text(text.into()), Event::End(TagEnd::Paragraph)];
    let mut html = String::with_capacity(text.len() + 8);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    debug_assert!(html.starts_with("<p>") && html.ends_with(PARAGRAPH_END));
    html
}

#[derive(Debug, Clone)]
pub struct Section {
    pub id: SectionId,
    /// False when the heading had no `{#id}` and the id was made from its position
    /// (true for one typed in full-width signs too: that is an error of its own).
    pub explicit_id: bool,
    pub heading_html: String,
    pub heading_text: String,
    pub topics: Vec<TopicKey>,
    /// Earlier ids of the section (`was=old-id`): their addresses redirect here.
    pub was: Vec<SectionId>,
    pub line: usize,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, Default)]
pub struct Document {
    pub preface: Vec<Block>,
    pub sections: Vec<Section>,
    /// The closing lines after the last section (duration, dateline, credits): begun
    /// by a paragraph of `---`, part of no section and no turn.
    pub closing: Vec<Block>,
    /// Its notes, in the order of their numbers, each with the part that lists it.
    pub notes: Vec<Note>,
}

impl Document {
    /// Lets go of the room its lists grew into as blocks were added: every document
    /// is held for the whole build, its blocks at its peak of memory
    /// (docs/performance.md).
    fn shrink_to_fit(&mut self) {
        for blocks in [&mut self.preface, &mut self.closing] {
            blocks.shrink_to_fit();
        }
        for section in &mut self.sections {
            section.blocks.shrink_to_fit();
        }
        self.sections.shrink_to_fit();
        self.notes.shrink_to_fit();
    }
}

impl Section {
    pub fn turn_count(&self) -> usize {
        self.blocks.iter().filter(|b| b.speaker.is_some()).count()
    }
}

/// A source file with its parsed body, as the archive receives them.
pub type Parsed = (SourceFile, std::sync::Arc<Document>);

/// Blocks grouped into turns: a turn starts at a block with a speaker and runs to the
/// next; blocks before the first turn form a turn of their own, without a speaker.
pub fn turns(blocks: &[Block]) -> Vec<&[Block]> {
    let starts: Vec<usize> = (0..blocks.len()).filter(|&i| i == 0 || blocks[i].speaker.is_some()).collect();
    starts
        .iter()
        .enumerate()
        .map(|(k, &start)| &blocks[start..starts.get(k + 1).copied().unwrap_or(blocks.len())])
        .collect()
}

/// Parses `file`'s body. Problems are recorded; the document is returned as far as it
/// could be read, so that other checks still run.
pub fn parse(config: &Config, file: &SourceFile, problems: &mut Problems) -> Document {
    problems.warnings.extend(file.read_warnings.iter().cloned());
    let doc = parse_body(config, (&file.path, &file.lang.0), &file.body, file.body_line, problems);
    loose_turns::warn(file, &doc, problems);
    warn_about_title_headings(file, &doc, problems);
    doc
}

/// The body `body` of the file shown as `path`, whose first line is line `body_line`.
/// `lang` is the file's language code, part of its notes' addresses.
pub fn parse_body(
    config: &Config,
    (path, lang): (&Path, &str),
    body: &str,
    body_line: usize,
    problems: &mut Problems,
) -> Document {
    let body = &*as_meant(body);
    let lines = LineIndex::new(body, body_line);
    let mut events = Parser::new_ext(body, OPTIONS).into_offset_iter();
    let mut reading = Reading::new(config, path, lang);
    while let Some((event, range)) = events.next() {
        let line = lines.line_of(range.start);
        if matches!(event, Event::Rule) && !reading.doc.sections.is_empty() {
            reading.closing_from.get_or_insert(line);
            continue;
        }
        let Event::Start(tag) = event else { continue };
        let inner = collect_until_end(&mut events);
        let source = &body[range.clone()];
        if comments_only(&tag, &inner, source, Location::at(path, line, 1), problems) {
            continue;
        }
        for (link, problem) in links::problems(config, path, inner.iter()) {
            // At the link itself, if it is written as it is read: after its `(`, where
            // the same letters may stand in the words before it (`b[图](b)`).
            let after_bracket = source.find(&format!("({link}")).map(|i| i + 1);
            let at = after_bracket.or_else(|| source.find(link.as_str()));
            let offset = at.map_or(range.start, |i| range.start + i);
            problem.report(Location::in_text(path, body, offset, body_line), problems);
        }
        if let Some(kind) = underlined_heading(&tag, source, line) {
            problems.error(Location::at(path, line, 1), kind);
            continue;
        }
        match tag {
            Tag::FootnoteDefinition(label) => {
                report_notes(reading.notes.write(&label, inner, line, Writing::of(config)), path, problems);
            }
            Tag::Heading { level: HeadingLevel::H2, id, classes, attrs } => {
                let (number, source) = (0, source.trim_end());
                let heading = Heading { id: id.as_deref(), classes: &classes, attrs: &attrs, number, line, source };
                // A heading shows HTML and links that would run code as text, as a paragraph does.
                reading.shown_as_text.look(Writing::of(config), &inner, line);
                reading.add_section(heading, inner, problems);
            }
            tag => reading.add_block(tag, inner, (line, source), problems),
        }
    }
    reading.finish(body_line, problems)
}

/// A document as it is read, block by block.
struct Reading<'r> {
    config: &'r Config,
    path: &'r Path,
    doc: Document,
    notes: Notes<'r>,
    shown_as_text: safety::ShownAsText,
    /// The line of the `---` that began the closing block, once one has.
    closing_from: Option<usize>,
    first_turn_in_preface: Option<usize>,
}

impl<'r> Reading<'r> {
    fn new(config: &'r Config, path: &'r Path, lang: &'r str) -> Self {
        Reading {
            config,
            path,
            doc: Document::default(),
            notes: Notes::new(lang),
            shown_as_text: safety::ShownAsText::default(),
            closing_from: None,
            first_turn_in_preface: None,
        }
    }

    /// The part of the document a block read now belongs to.
    fn part(&self) -> Part {
        match (self.closing_from, self.doc.sections.len()) {
            (Some(_), _) => Part::Closing,
            (None, 0) => Part::Preface,
            (None, n) => Part::Section(n - 1),
        }
    }

    fn add_section(&mut self, mut heading: Heading, inner: Vec<Event>, problems: &mut Problems) {
        let at = Location::at(self.path, heading.line, 1);
        if let Some(rule) = self.closing_from {
            problems.error(at, ErrorKind::SectionAfterClosing { rule });
            return;
        }
        heading.number = self.doc.sections.len() + 1;
        let inner = notes::out_of_heading(inner, at, problems);
        let section = start_section(self.config, self.path, heading, &inner, problems);
        add_section(&mut self.doc, section, self.path, problems);
    }

    /// A block of the preface, a section or the closing lines, from `source` at `line`.
    fn add_block(&mut self, tag: Tag, inner: Vec<Event>, (line, source): (usize, &str), problems: &mut Problems) {
        let at = Location::at(self.path, line, 1);
        if let Some(kind) = meant_as_section(&tag, source) {
            problems.warn(at, kind);
        }
        // A label is a turn only inside a section; before the first one (and in the
        // closing block) it stays as written rather than being taken off the text.
        let part = self.part();
        if part == Part::Preface && self.first_turn_in_preface.is_none() && label_end(&inner).is_some() {
            self.first_turn_in_preface = Some(line);
        }
        let writing = Writing::of(self.config);
        self.shown_as_text.look(writing, &inner, line);
        let (marks, found) = self.notes.refer(&inner, part, line);
        report_notes(found, self.path, problems);
        let in_section = matches!(part, Part::Section(_));
        let block = render_block(tag, inner, line, writing, in_section, &marks);
        match (part, self.doc.sections.last_mut()) {
            (Part::Section(_), Some(section)) => push_to_turn(&mut section.blocks, block),
            (Part::Closing, _) => self.doc.closing.push(block),
            _ => self.doc.preface.push(block),
        }
    }

    /// The document, once what only the whole of it shows is reported.
    fn finish(self, body_line: usize, problems: &mut Problems) -> Document {
        let Reading { path, mut doc, notes, shown_as_text, first_turn_in_preface, .. } = self;
        if let Some(line) = first_turn_in_preface {
            problems.warn(Location::at(path, line, 1), WarningKind::TurnInPreface);
        }
        let (list, unused) = notes.finish();
        doc.notes = list;
        report_notes(unused, path, problems);
        shown_as_text.warn(path, problems);
        warn_about_structure(&doc, path, body_line, problems);
        doc.shrink_to_fit();
        doc
    }
}

/// What reading a document's notes found, each at its line of `path`.
fn report_notes(found: impl IntoIterator<Item = notes::NoteProblem>, path: &Path, problems: &mut Problems) {
    for (line, problem) in found {
        match problem {
            notes::ProblemKind::Error(kind) => problems.error(Location::at(path, line, 1), kind),
            notes::ProblemKind::NotReferredTo(label) => {
                problems.warn(Location::at(path, line, 1), WarningKind::NoteNotReferredTo { label })
            }
        }
    }
}

/// Whether a block holds nothing but HTML comments, which are left out of pages; a
/// comment left open (it hides the rest of the file) is warned about.
fn comments_only(tag: &Tag, inner: &[Event], source: &str, at: Location, problems: &mut Problems) -> bool {
    if matches!(tag, Tag::HtmlBlock) && unclosed_comment(source) {
        problems.warn(at, WarningKind::UnclosedComment);
    }
    only_comments(tag, inner)
}

/// Adds a section to the document; an id it already has is an error at both headings.
fn add_section(doc: &mut Document, section: Section, path: &Path, problems: &mut Problems) {
    if let Some(first) = doc.sections.iter().find(|s| s.id == section.id) {
        let kind = ErrorKind::DuplicateSectionId { id: section.id.0.clone(), first_line: first.line };
        problems.error(Location::at(path, section.line, 1), kind);
    }
    doc.sections.push(section);
}

/// Adds `block` to a section's blocks. A speaker's label on a line of its own
/// (`**王毅**：`, then a blank line, then the words) opens the turn of the paragraph
/// after it, rather than being a paragraph with no words (which would also count
/// one paragraph more than the translation has).
fn push_to_turn(blocks: &mut Vec<Block>, mut block: Block) {
    if block.speaker.is_none() && blocks.last().is_some_and(Block::is_label_only) {
        block.speaker = blocks.pop().and_then(|label| label.speaker);
    }
    blocks.push(block);
}

/// The events inside the block just started, up to and without its closing tag, HTML
/// comments left out: `<!-- 待核实 -->` is a note for editors, never shown (escaped
/// as raw HTML is, it would be printed on the page, and counted as a paragraph).
fn collect_until_end<'a>(events: &mut impl Iterator<Item = (Event<'a>, std::ops::Range<usize>)>) -> Vec<Event<'a>> {
    let mut depth = 1;
    let mut inner = Vec::new();
    let mut in_comment = false;
    for (event, _) in events {
        match &event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth -= 1,
            _ => {}
        }
        if depth == 0 {
            break;
        }
        match event {
            Event::Html(html) => inner.extend(without_comments(&html, &mut in_comment).map(Event::Html)),
            Event::InlineHtml(html) => inner.extend(without_comments(&html, &mut in_comment).map(Event::InlineHtml)),
            other => inner.push(other),
        }
    }
    inner
}

/// `html` without its comments (`in_comment`: whether one is open from the HTML
/// before), or None if nothing but space is left.
fn without_comments<'a>(html: &CowStr<'a>, in_comment: &mut bool) -> Option<CowStr<'a>> {
    if !*in_comment && !html.contains("<!--") {
        return Some(html.clone());
    }
    let mut kept = String::new();
    let mut rest: &str = html;
    loop {
        if *in_comment {
            let Some(end) = rest.find("-->") else { break };
            (*in_comment, rest) = (false, &rest[end + 3..]);
        }
        match rest.find("<!--") {
            Some(start) => {
                kept.push_str(&rest[..start]);
                (*in_comment, rest) = (true, &rest[start + 4..]);
            }
            None => {
                kept.push_str(rest);
                break;
            }
        }
    }
    (!kept.trim().is_empty()).then(|| kept.into())
}

/// Whether `html` opens a comment it does not close: CommonMark then hides the rest
/// of the file in it.
fn unclosed_comment(html: &str) -> bool {
    html.rfind("<!--").is_some_and(|open| !html[open + 4..].contains("-->"))
}

/// A block that held nothing but HTML comments.
fn only_comments(tag: &Tag, inner: &[Event]) -> bool {
    matches!(tag, Tag::HtmlBlock) && inner.iter().all(|e| matches!(e, Event::Html(h) if h.trim().is_empty()))
}

/// A block as HTML and text; with `turns`, a paragraph that opens with a speaker's
/// label becomes that speaker's turn.
/// `marks`: the HTML of each note mark in the block, in order (`Notes::refer`).
fn render_block(tag: Tag, inner: Vec<Event>, line: usize, writing: Writing, turns: bool, marks: &[String]) -> Block {
    let (speaker, inner) = match tag {
        Tag::Paragraph if turns => split_speaker(inner),
        _ => (None, inner),
    };
    let mut text = plain_text(&inner);
    // Every block of the archive is held until the build ends; room to grow is waste.
    text.shrink_to_fit();
    // Text events alone are written as the text escaped, piece by piece: the same as
    // the whole text escaped, which `Block::html` makes when asked.
    if matches!(tag, Tag::Paragraph) && inner.iter().all(|e| matches!(e, Event::Text(_))) {
        return Block::plain(speaker, text, line);
    }
    Block::marked_up(speaker, block_html(tag, drop_cjk_soft_breaks(inner), writing, marks), text, line)
}

/// A block's events as HTML, raw HTML escaped unless the site allows it.
fn block_html(tag: Tag, inner: Vec<Event>, writing: Writing, marks: &[String]) -> String {
    let end = tag.to_end();
    let mut events = vec![Event::Start(tag)];
    events.extend(inner);
    events.push(Event::End(end));
    // Note marks are made here, after raw HTML is escaped: they are ours.
    let mut marks = marks.iter();
    let events = for_the_site(events, writing).into_iter().map(|e| match e {
        Event::FootnoteReference(_) => {
            marks.next().map_or(Event::Text("".into()), |m| Event::InlineHtml(m.clone().into()))
        }
        other => other,
    });
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events);
    html.shrink_to_fit();
    html
}

/// `**王毅**：text` → (Some("王毅"), events of "text"). The colon, full-width or ASCII,
/// must follow the bold text directly (docs/format.md).
fn split_speaker(inner: Vec<Event>) -> (Option<String>, Vec<Event>) {
    let Some(close) = label_end(&inner) else {
        return (None, inner);
    };
    let name = plain_text(&inner[1..close]).trim().to_string();
    let rest = match &inner[close + 1] {
        Event::Text(t) => t.strip_prefix('：').or_else(|| t.strip_prefix(':')).unwrap_or(t),
        _ => unreachable!("label_end found the colon in a text event"),
    };
    let rest = rest.trim_start().to_string();
    let mut events = Vec::with_capacity(inner.len() - close);
    if !rest.is_empty() {
        events.push(Event::Text(rest.into()));
    }
    events.extend(inner.into_iter().skip(close + 2));
    (Some(name), events)
}

/// Where a paragraph's speaker label ends, if it opens with one: the index of the
/// bold name's closing event, directly followed by a colon.
fn label_end(inner: &[Event]) -> Option<usize> {
    let Some(Event::Start(Tag::Strong)) = inner.first() else { return None };
    let close = inner.iter().position(|e| matches!(e, Event::End(TagEnd::Strong)))?;
    let Some(Event::Text(t)) = inner.get(close + 1) else { return None };
    let named = !plain_text(&inner[1..close]).trim().is_empty();
    (named && t.starts_with(['：', ':'])).then_some(close)
}

/// A line break inside Chinese text is not a space; browsers would show one.
fn drop_cjk_soft_breaks(events: Vec<Event>) -> Vec<Event> {
    let mut out: Vec<Event> = Vec::with_capacity(events.len());
    for event in events {
        if matches!(event, Event::SoftBreak) {
            if let Some(Event::Text(prev)) = out.last() {
                if prev.chars().last().is_some_and(is_cjk) {
                    continue;
                }
            }
        }
        out.push(event);
    }
    out
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{2E80}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{FF00}'..='\u{FFEF}')
}

fn plain_text(events: &[Event]) -> String {
    let mut text = String::new();
    for event in events {
        match event {
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text
}

/// Byte offset → line number, by binary search over line starts.
struct LineIndex {
    starts: Vec<usize>,
    first_line: usize,
}

impl LineIndex {
    fn new(text: &str, first_line: usize) -> Self {
        let starts = crate::text::line_starts(text).collect();
        LineIndex { starts, first_line }
    }

    fn line_of(&self, offset: usize) -> usize {
        self.first_line + self.starts.partition_point(|&s| s <= offset) - 1
    }
}

#[cfg(test)]
mod tests;
