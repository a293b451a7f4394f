//! Markdown that is not a transcript: the body of a page of `pages/`, block by block,
//! and inline Markdown (a footer).

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use std::path::Path;

use super::notes::{Note, Notes, Part};
use super::{collect_until_end, for_the_site, only_comments, render_block, report_notes, Block, LineIndex, Writing};
use crate::diagnostic::Problems;

/// The body of a page that is not a transcript (shown as `path`): plain Markdown, block
/// by block (its headings are ordinary headings, bold text and a colon no turn), for
/// the page and its search entry, and its notes. Problems with notes are recorded.
pub fn page_blocks(
    path: &Path,
    (body, body_line): (&str, usize),
    writing: Writing,
    problems: &mut Problems,
) -> (Vec<Block>, Vec<Note>) {
    let lines = LineIndex::new(body, body_line);
    let mut events = Parser::new_ext(body, super::OPTIONS).into_offset_iter();
    let mut blocks = Vec::new();
    // A page is in one language and has one list of notes: their addresses need no more.
    let mut notes = Notes::new("");
    let mut shown_as_text = super::safety::ShownAsText::default();
    while let Some((event, range)) = events.next() {
        let line = lines.line_of(range.start);
        match event {
            Event::Start(Tag::FootnoteDefinition(label)) => {
                let inner = collect_until_end(&mut events);
                report_notes(notes.write(&label, inner, line, writing), path, problems);
            }
            Event::Start(tag) => {
                let inner = collect_until_end(&mut events);
                if !only_comments(&tag, &inner) {
                    shown_as_text.look(writing, &inner, line);
                    let (marks, found) = notes.refer(&inner, Part::Preface, line);
                    report_notes(found, path, problems);
                    blocks.push(render_block(tag, inner, line, writing, false, &marks));
                }
            }
            Event::Rule => blocks.push(Block::marked_up(None, "<hr>\n".into(), String::new(), line)),
            _ => {}
        }
    }
    let (list, unused) = notes.finish();
    report_notes(unused, path, problems);
    shown_as_text.warn(path, problems);
    (blocks, list)
}

/// Inline Markdown (a footer) as HTML without the paragraph around it; raw HTML and
/// links that would run code are treated as in transcripts.
pub fn inline_html(text: &str, writing: Writing) -> String {
    let events: Vec<Event> = Parser::new_ext(text, Options::ENABLE_STRIKETHROUGH)
        .filter(|e| !matches!(e, Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph)))
        .collect();
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, for_the_site(events, writing).into_iter());
    html.trim_end().to_string()
}
