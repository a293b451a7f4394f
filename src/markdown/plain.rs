//! Markdown that is not a transcript: the body of a page of `pages/`, block by block,
//! and inline Markdown (a footer).

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::{collect_until_end, for_the_site, only_comments, render_block, Block, LineIndex, Writing};

/// The body of a page that is not a transcript: plain Markdown, block by block (its
/// headings are ordinary headings, bold text and a colon no turn), for the page and
/// its search entry.
pub fn page_blocks(body: &str, body_line: usize, writing: Writing) -> Vec<Block> {
    let lines = LineIndex::new(body, body_line);
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_HEADING_ATTRIBUTES;
    let mut events = Parser::new_ext(body, options).into_offset_iter();
    let mut blocks = Vec::new();
    while let Some((event, range)) = events.next() {
        let line = lines.line_of(range.start);
        match event {
            Event::Start(tag) => {
                let inner = collect_until_end(&mut events);
                if !only_comments(&tag, &inner) {
                    blocks.push(render_block(tag, inner, line, writing, false, &[]));
                }
            }
            Event::Rule => blocks.push(Block::marked_up(None, "<hr>\n".into(), String::new(), line)),
            _ => {}
        }
    }
    blocks
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
