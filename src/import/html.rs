//! A web page saved as HTML, read as the text a browser shows of it: each block (a
//! paragraph, a heading, an item, a row) a paragraph of its own, a `<br>` a line end,
//! spaces as a browser collapses them; what no reader sees (the head, scripts,
//! styles, templates, comments, a menu's options) left out. Import then takes out what
//! the page put around the transcript (its path, controls and details), as it does
//! for text copied out of a page.

use encoding_rs::Encoding;
use html5gum::{DefaultEmitter, Token, Tokenizer};

/// What import says it read.
pub const FORMAT: &str = "a web page saved as HTML";

/// Elements whose content no reader sees on the page (and the head, until the body
/// starts: see `Text::start`).
const UNSEEN: [&[u8]; 8] = [b"script", b"style", b"template", b"noscript", b"select", b"iframe", b"object", b"svg"];

/// Elements that stand apart from the text around them: each starts a paragraph.
const BLOCKS: [&[u8]; 34] = [
    b"p",
    b"div",
    b"h1",
    b"h2",
    b"h3",
    b"h4",
    b"h5",
    b"h6",
    b"li",
    b"ul",
    b"ol",
    b"dl",
    b"dt",
    b"dd",
    b"table",
    b"tr",
    b"thead",
    b"tbody",
    b"tfoot",
    b"caption",
    b"blockquote",
    b"pre",
    b"section",
    b"article",
    b"header",
    b"footer",
    b"nav",
    b"aside",
    b"main",
    b"figure",
    b"figcaption",
    b"form",
    b"hr",
    b"center",
];

/// A page's text, and where each of its lines came from.
pub struct Page {
    pub text: String,
    /// The page's line (from 1) that each line of `text` starts at.
    pub lines: Vec<usize>,
}

/// Whether `text` is a web page: it opens with a doctype or an `<html>` element, after
/// any comments (a browser's `<!-- saved from url=… -->`) and an XML declaration.
pub fn is_page(text: &str) -> bool {
    let mut rest = text.trim_start_matches('\u{feff}').trim_start();
    loop {
        let skipped = match rest.get(..4) {
            Some("<!--") => rest.find("-->").map(|end| end + 3),
            Some("<?xm") => rest.find("?>").map(|end| end + 2),
            _ => None,
        };
        match skipped {
            Some(end) => rest = rest[end..].trim_start(),
            None => break,
        }
    }
    let head = rest.char_indices().nth(14).map_or(rest, |(end, _)| &rest[..end]).to_ascii_lowercase();
    head.starts_with("<!doctype html") || head.starts_with("<html")
}

/// The encoding a page's bytes declare in its first kilobyte (`<meta charset="gb2312">`,
/// `<meta http-equiv="Content-Type" content="text/html; charset=GBK">`), if it names one.
pub fn declared_encoding(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).to_ascii_lowercase();
    let after = &head[head.find("charset=")? + "charset=".len()..];
    let label = after.trim_start_matches(['"', '\'', ' ']);
    let end = label.find(|c: char| !(c.is_ascii_alphanumeric() || "-_:.".contains(c))).unwrap_or(label.len());
    Encoding::for_label(&label.as_bytes()[..end])
}

/// The text a browser shows of the page `html`.
pub fn read(html: &str) -> Page {
    let html = html.strip_prefix('\u{feff}').unwrap_or(html);
    let mut emitter = DefaultEmitter::<usize>::new_with_span();
    // Script and style are raw text, a title is text without tags: as a browser reads them.
    emitter.naively_switch_states(true);
    let mut text = Text::new(html);
    for Ok(token) in Tokenizer::new_with_emitter(html, emitter) {
        match token {
            Token::StartTag(tag) => text.start(&tag.name, tag.self_closing, tag.span.start),
            Token::EndTag(tag) => text.end(&tag.name, tag.span.start),
            Token::String(s) => text.push(&String::from_utf8_lossy(&s.value), s.span.start),
            _ => {}
        }
    }
    text.finish()
}

/// The text being made, line by line.
struct Text<'h> {
    html: &'h str,
    /// Whether the head is open, how many unseen elements are, and inside how many `<pre>`.
    head: bool,
    unseen: usize,
    pre: usize,
    /// Each line made, with the page's line it starts at.
    lines: Vec<(String, usize)>,
    /// What ends the line being made before more words come: a line end (`<br>`) or a
    /// paragraph's (a block's edge).
    pending: Option<Break>,
    /// Whether a space comes before the next word on the line (spaces collapse to one),
    /// and whether a line end of the page's source is among the spaces.
    space: bool,
    source_break: bool,
    /// Where the last token began, and on what line of the page.
    counted: (usize, usize),
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Break {
    Line,
    Paragraph,
}

impl<'h> Text<'h> {
    fn new(html: &'h str) -> Self {
        Text {
            html,
            head: false,
            unseen: 0,
            pre: 0,
            lines: Vec::new(),
            pending: None,
            space: false,
            source_break: false,
            counted: (0, 1),
        }
    }

    /// The page's line at byte `at`, counted on from the last asked (tokens come in order).
    fn line_at(&mut self, at: usize) -> usize {
        let (from, line) = self.counted;
        let at = at.clamp(from, self.html.len());
        let line = line + self.html.as_bytes()[from..at].iter().filter(|&&b| b == b'\n').count();
        self.counted = (at, line);
        line
    }

    fn start(&mut self, name: &[u8], self_closing: bool, at: usize) {
        let name = name.to_ascii_lowercase();
        // The body closes the head, whether the page says so or not, and so does the
        // first block of the body when the page leaves out `<body>`.
        self.head = name == b"head" || (self.head && name != b"body" && !BLOCKS.contains(&name.as_slice()));
        if UNSEEN.contains(&name.as_slice()) && !self_closing {
            self.unseen += 1;
        }
        if name == b"pre" {
            self.pre += 1;
        }
        self.broken(&name, at);
    }

    fn end(&mut self, name: &[u8], at: usize) {
        let name = name.to_ascii_lowercase();
        self.head &= name != b"head";
        if UNSEEN.contains(&name.as_slice()) {
            self.unseen = self.unseen.saturating_sub(1);
        }
        if name == b"pre" {
            self.pre = self.pre.saturating_sub(1);
        }
        self.broken(&name, at);
    }

    /// A line or a paragraph ends at a `<br>` or a block's edge; a table's cells stand
    /// apart by a space.
    fn broken(&mut self, name: &[u8], at: usize) {
        let wanted = match name {
            b"br" => Break::Line,
            b"td" | b"th" => {
                self.space = true;
                return;
            }
            _ if BLOCKS.contains(&name) => Break::Paragraph,
            _ => return,
        };
        self.line_at(at);
        self.pending = self.pending.max(Some(wanted));
    }

    /// Text as the page has it, from byte `at`: its words with one space where it has
    /// any (a line end among them), and, inside `<pre>`, its lines as they are.
    fn push(&mut self, text: &str, at: usize) {
        if self.head || self.unseen > 0 {
            return;
        }
        let mut line = self.line_at(at);
        for (i, piece) in text.split('\n').enumerate() {
            if i > 0 {
                line += 1;
                match self.pre {
                    0 => (self.space, self.source_break) = (true, true),
                    _ => self.pending = self.pending.max(Some(Break::Line)),
                }
            }
            if self.pre > 0 {
                self.append(piece, line);
                continue;
            }
            for (j, word) in piece.split([' ', '\t', '\r', '\x0c']).enumerate() {
                self.space |= j > 0;
                self.append(word, line);
            }
        }
    }

    /// Adds a word to the line being made, or starts the line (and paragraph) pending.
    fn append(&mut self, word: &str, line: usize) {
        if word.is_empty() {
            return;
        }
        if self.lines.is_empty() || self.pending.is_some() {
            if self.pending == Some(Break::Paragraph) && !self.lines.is_empty() {
                self.lines.push((String::new(), line));
            }
            self.lines.push((String::new(), line));
            (self.pending, self.space) = (None, false);
        }
        let last = &mut self.lines.last_mut().expect("a line was started").0;
        // A line end of the source between two Chinese characters is no space (as
        // browsers set Chinese, which has none between its words).
        let wide = |c: Option<char>| {
            c.is_some_and(|c| {
                crate::text::is_han(c)
                    || ('\u{3000}'..='\u{303f}').contains(&c)
                    || ('\u{ff00}'..='\u{ffef}').contains(&c)
            })
        };
        let between_chinese = self.source_break && wide(last.chars().next_back()) && wide(word.chars().next());
        if std::mem::take(&mut self.space) && !between_chinese {
            last.push(' ');
        }
        self.source_break = false;
        last.push_str(word);
    }

    fn finish(self) -> Page {
        let (texts, lines): (Vec<String>, Vec<usize>) = self.lines.into_iter().unzip();
        let text = texts.into_iter().map(|line| line + "\n").collect();
        Page { text, lines }
    }
}

#[cfg(test)]
mod tests;
