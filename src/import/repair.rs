//! Page-break damage in text copied out of newspaper pages and PDFs, repaired and
//! reported: closing lines printed mid-text, runs of text printed twice (found
//! sentence by sentence, because the copies break paragraphs differently), and
//! paragraphs split in two mid-sentence.

use std::collections::HashMap;
use std::fmt;

use super::detect::{self, ends_sentence, hyphenated, is_closer, Script};
#[cfg(test)]
use super::duplicates::drop_duplicates;
use super::duplicates::sentences;
use super::layout::{is_full, Layout};

/// A paragraph of the input and the lines it came from (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Para {
    pub first: usize,
    pub last: usize,
    pub text: String,
    /// The two halves of a sentence this paragraph joined across a page break: a
    /// reprint may repeat either half on its own, and that is a duplicate too.
    pub halves: Vec<String>,
    /// Its last line filled the width of a hard-wrapped copy: it reads on in the next
    /// paragraph, however short it looks (a heading is never that long).
    pub full_end: bool,
    /// It starts right after a page break.
    pub after_break: bool,
}

/// One repair, with where it was made in the input, for a person to review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Repair {
    /// Lines `line` and `next` were one paragraph, split across a page break.
    Joined { line: usize, next: usize },
    /// The title was set on two lines, `line` and `next`.
    TitleJoined { line: usize, next: usize },
    /// Lines `first`–`last` repeated text first printed at line `original`.
    Duplicate { first: usize, last: usize, original: usize, preview: String },
    /// A closing line printed at `line`, before the end, was moved to the end.
    MovedClosing { line: usize, text: String },
    /// The speaker label alone on `line` was joined with the text it introduces, at `next`.
    Label { line: usize, next: usize },
    /// A page's running head or foot (page number, date line, the paper's name) taken out.
    PageFurniture { line: usize, text: String },
    /// What a web page put around the text (its controls, the path to it, its details,
    /// an end mark) taken out of `line`.
    WebPage { line: usize, text: String },
    /// The label `written` at `line` gave a title before the speaker's `name`, which
    /// the other turns use alone: the turn is theirs.
    Titled { line: usize, written: String, name: String },
    /// The label `written` at `line` set a two-character name to a width with spaces
    /// (`毛　宁`): the turn is `name`'s.
    Spaced { line: usize, written: String, name: String },
    /// A time of the recording (`[00:12:34]`) taken out, alone on `line` or before its text.
    TimeStamp { line: usize, text: String },
    /// A word hyphenated at the end of `line` ("con-" then "ference") made whole again.
    Hyphen { line: usize },
    /// Where the text could be read two ways: what was chosen at `line`.
    Guess { line: usize, what: &'static str },
    /// Invisible characters (`codes`, such as U+0007 or U+200B) taken out of `line`.
    Invisible { line: usize, codes: Vec<String> },
    /// A list of `count` notes, from `line` to the end, made Markdown notes.
    Notes { line: usize, count: usize },
    /// The text was read as `encoding`, not UTF-8 (said at line 1).
    Encoding { encoding: &'static str },
    /// The numbers a numbered copy prints before its lines, `count` of them, taken out
    /// (said at line 1).
    LineNumbers { count: usize },
    /// Captions (`format`, `cues` of them) put into paragraphs (said at line 1).
    Captions { format: &'static str, cues: usize },
    /// The text was read out of a document (`format`, a Word document), a line a
    /// paragraph (said at line 1).
    Document { format: &'static str },
    /// `count` lines in the other `language` of a bilingual text, from `line` to `last`,
    /// left out of this language's transcript; `both` when they are imported as theirs.
    OtherLanguage { line: usize, last: usize, count: usize, language: &'static str, both: bool },
}

impl Repair {
    /// The input line the repair is about, to sort the report by.
    pub fn line(&self) -> usize {
        match self {
            Repair::Joined { line, .. }
            | Repair::TitleJoined { line, .. }
            | Repair::MovedClosing { line, .. }
            | Repair::Label { line, .. }
            | Repair::PageFurniture { line, .. }
            | Repair::TimeStamp { line, .. }
            | Repair::Titled { line, .. }
            | Repair::Spaced { line, .. }
            | Repair::WebPage { line, .. }
            | Repair::Guess { line, .. }
            | Repair::Invisible { line, .. }
            | Repair::Notes { line, .. }
            | Repair::OtherLanguage { line, .. }
            | Repair::Hyphen { line } => *line,
            Repair::Duplicate { first, .. } => *first,
            Repair::Encoding { .. }
            | Repair::LineNumbers { .. }
            | Repair::Captions { .. }
            | Repair::Document { .. } => 1,
        }
    }

    /// The repair at the input's lines, made at the lines of a text made from it (captions
    /// put into paragraphs, a web page's text, one language's lines): `lines[i]` is the
    /// input's line of the made text's line `i + 1`.
    pub fn at_input_lines(self, lines: &[usize]) -> Self {
        self.map_lines(|line| lines.get(line.wrapping_sub(1)).copied().unwrap_or(line))
    }

    /// The repair with its lines taken through `map`.
    fn map_lines(mut self, map: impl Fn(usize) -> usize) -> Self {
        match &mut self {
            Repair::Joined { line, next } | Repair::TitleJoined { line, next } | Repair::Label { line, next } => {
                *line = map(*line);
                *next = map(*next);
            }
            Repair::OtherLanguage { line, last, .. } => {
                *line = map(*line);
                *last = map(*last);
            }
            Repair::Duplicate { first, last, original, .. } => {
                *first = map(*first);
                *last = map(*last);
                *original = map(*original);
            }
            Repair::MovedClosing { line, .. }
            | Repair::PageFurniture { line, .. }
            | Repair::WebPage { line, .. }
            | Repair::Titled { line, .. }
            | Repair::Spaced { line, .. }
            | Repair::TimeStamp { line, .. }
            | Repair::Hyphen { line }
            | Repair::Guess { line, .. }
            | Repair::Invisible { line, .. }
            | Repair::Notes { line, .. } => *line = map(*line),
            Repair::Encoding { .. }
            | Repair::LineNumbers { .. }
            | Repair::Captions { .. }
            | Repair::Document { .. } => {}
        }
        self
    }
}

/// The message without its place; `Repair::line` is the place.
impl fmt::Display for Repair {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Repair::Joined { next, .. } => {
                write!(f, "joined with line {next}: one paragraph split across a page break")
            }
            Repair::TitleJoined { next, .. } => write!(f, "joined with line {next}: the title, set on two lines"),
            Repair::Duplicate { first, last, original, preview } if first == last => {
                write!(f, "dropped text printed twice (first at line {original}): {preview}")
            }
            Repair::Duplicate { last, original, preview, .. } => {
                write!(f, "dropped text printed twice, to line {last} (first at line {original}): {preview}")
            }
            Repair::MovedClosing { text, .. } => write!(f, "moved the closing line to the end: {text}"),
            Repair::Label { next, .. } => write!(f, "joined the speaker's label with their words at line {next}"),
            Repair::PageFurniture { text, .. } => write!(f, "took out a page's running head or foot: {text}"),
            Repair::TimeStamp { text, .. } => write!(f, "took out a time of the recording: {text}"),
            Repair::Titled { written, name, .. } => {
                write!(f, "took the label `{written}` for {name}'s (a title with the name the other turns use alone)")
            }
            Repair::Spaced { written, name, .. } => {
                write!(f, "wrote the label `{written}` as {name} (spaces set the name to the width of a longer one)")
            }
            Repair::WebPage { text, .. } => write!(f, "took out what the web page put around the text: {text}"),
            Repair::Guess { what, .. } => write!(f, "could be read two ways; chose {what}: check it"),
            Repair::Hyphen { .. } => write!(f, "joined a word hyphenated at the end of the line"),
            Repair::Invisible { codes, .. } => write!(f, "took out invisible characters: {}", codes.join(", ")),
            Repair::LineNumbers { count } => {
                write!(f, "took out the numbers a numbered copy prints down its margin ({count} lines)")
            }
            Repair::Captions { format, cues } => write!(
                f,
                "read as captions ({format}, {cues} cues) and put into paragraphs; the title is the file's name: write the transcript's own"
            ),
            Repair::Document { format } if *format == super::html::FORMAT => {
                write!(f, "read the text a browser shows of {format}, a paragraph for each of its blocks; its head, scripts and styles are not read")
            }
            Repair::Document { format } => {
                write!(f, "read the text of {format}, a paragraph for each of its paragraphs; its notes, headers and footers are not read")
            }
            Repair::Encoding { encoding } => {
                write!(f, "read as {encoding}, the encoding the file was saved in; the transcript is written in UTF-8")
            }
            Repair::OtherLanguage { last, count, language, both, .. } => {
                let lines = if *count == 1 { "line" } else { "lines" };
                write!(f, "left out {count} {lines} in {language}, from here to line {last}: ")?;
                if *both {
                    write!(f, "they are the {language} transcript's")
                } else {
                    write!(f, "the text is in both languages; give --lang zh,en to import each as a transcript of its own")
                }
            }
            Repair::Notes { count, .. } => {
                write!(f, "made the list of {count} notes here Markdown notes (`[^1]` where the text marks them, `[^1]: …` at the end)")
            }
        }
    }
}

/// `text` without what a copy leaves invisible in it, each line's reported: control
/// characters no page may hold (a terminal's ESC, NUL, a DOS file's Ctrl-Z…), and the
/// zero-width spaces and word joiners of web pages, which split words for search and
/// for the repairs that compare text.
pub fn without_invisibles(text: &str) -> (std::borrow::Cow<'_, str>, Vec<Repair>) {
    let invisible = |c: char| crate::text::is_forbidden_control(c) || crate::text::is_zero_width(c);
    if !text.contains(invisible) {
        return (text.into(), Vec::new());
    }
    let mut repairs = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let mut codes: Vec<String> =
            line.chars().filter(|&c| invisible(c)).map(crate::diagnostic::code_point).collect();
        codes.sort();
        codes.dedup();
        if !codes.is_empty() {
            repairs.push(Repair::Invisible { line: i + 1, codes });
        }
    }
    (text.replace(invisible, "").into(), repairs)
}

/// Paragraphs of the text, without the pages' running heads and feet (each reported).
/// With blank lines in the text, a paragraph is a run of lines between them (lines
/// broken inside a sentence are rejoined); without any, each line is a paragraph. In a
/// hard-wrapped copy a full line goes on in the next, whatever it ends with.
/// Byte-order marks, CR line ends, soft hyphens and stray spaces are dropped.
pub fn paragraphs(script: Script, text: &str) -> (Vec<Para>, Vec<Repair>) {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (layout, mut repairs) = Layout::of(script, text);
    let blank_separated = layout.blank_separated;
    let mut paras: Vec<Para> = Vec::new();
    let mut open = false;
    // A page break is no paragraph break: the text may go on over it.
    let mut over_break = false;
    let mut seen_indent = false;
    let mut prev: Option<&str> = None;
    for line in &layout.lines {
        if line.text.is_empty() {
            // Between paragraphs set apart by blank lines, a page break is one more
            // such gap: a paragraph it split mid-sentence is joined again later, with
            // the other splits (`join_splits`).
            open &= line.page_break && !blank_separated;
            over_break |= line.page_break;
            prev = prev.filter(|_| line.page_break);
            continue;
        }
        let full = prev.is_some_and(|prev| is_full(script, prev, line.text, layout.width));
        prev = Some(line.text);
        let ended = paras.last().is_some_and(|p| ends_sentence(script, &p.text));
        // A recording's transcript sets the speaker and time (`Li Wei  0:25`) above
        // their words: the words start a paragraph, which the label is joined to.
        let after_timed_name = paras.last().is_some_and(|p| detect::timed_name(&p.text).is_some());
        let own = own_paragraph(script, line.text, paras.last(), full, ended) || after_timed_name;
        // Over a page break, in a copy with blank lines between paragraphs, a sentence
        // end may close the paragraph or only the page: taken as the paragraph's end,
        // and said, for a person to check.
        let page_end = over_break && blank_separated && ended;
        if page_end && full && !own {
            let what = "a new paragraph after a page break that fell at a sentence end";
            repairs.push(Repair::Guess { line: line.no, what });
        }
        // The header above the first indented line is a line per paragraph.
        let indented = layout.indented(line);
        seen_indent |= indented;
        let starts_new = if layout.by_indent {
            !open || own || indented || !seen_indent
        } else {
            !open || own || page_end || (!full && (!blank_separated || ended))
        };
        if starts_new {
            if let Some(last) = paras.last_mut() {
                // Only where nothing else says a new paragraph starts here (a label, an
                // indent, a subtitle) may the last one read on over the break.
                last.full_end = full && !own && !(layout.by_indent && indented);
            }
            let (text, after_break) = (spaced(line.text), over_break);
            paras.push(Para { first: line.no, last: line.no, text, halves: Vec::new(), full_end: false, after_break });
        } else {
            let p = paras.last_mut().expect("open implies a paragraph");
            read_on(script, p, (line.no, &spaced(line.text)), over_break, &mut repairs);
        }
        open = true;
        over_break = false;
    }
    (paras, repairs)
}

/// A line with every kind of white space inside it as a space: Markdown would read a
/// lone carriage return (left by some PDF tools) as a line end, and a `-` after it as
/// the underline of a heading. Soft hyphens (U+00AD) only mark where a word may break.
fn spaced(line: &str) -> String {
    line.replace(|c: char| c.is_whitespace() && c != ' ' && c != '\u{3000}', " ").replace('\u{ad}', "")
}

/// Line `no`, `text`, read on into paragraph `p`: over a page break, and with an
/// English word made whole again where the line before ended with its hyphen, each said.
fn read_on(script: Script, p: &mut Para, (no, text): (usize, &str), over_break: bool, repairs: &mut Vec<Repair>) {
    if over_break {
        repairs.push(Repair::Joined { line: p.last, next: no });
    }
    if script == Script::English && hyphenated(&p.text, text) {
        repairs.push(Repair::Hyphen { line: p.last });
    }
    join_text(script, &mut p.text, text);
    p.last = no;
}

/// Whether `line` starts a paragraph of its own whatever the layout says: a speaker's
/// label (unless it comes after a full line that stopped mid-sentence, where it is
/// the sentence going on: `…许多生动鲜` then `活的中国故事：从…`), a subtitle (`——…`,
/// `-- …`), what follows a subtitle (unless that filled the width and goes on), and
/// the closing lines (the duration, the dateline).
fn own_paragraph(script: Script, line: &str, last: Option<&Para>, full: bool, ended: bool) -> bool {
    let label = detect::split_label(script, line).is_some() || detect::lone_label(script, line).is_some();
    let subtitle = |text: &str| text.starts_with('—') || text.starts_with("--");
    let after_subtitle = last.is_some_and(|p| subtitle(&p.text)) && !full;
    (label && (!full || ended))
        || (!full && (super::notes::starts_note(line) || super::notes::is_heading(line)))
        || subtitle(line)
        || after_subtitle
        || detect::is_closing(line)
        || detect::dateline_source(line).is_some()
}

/// Appends `b` to the paragraph text `a` (in place: a paragraph joined line by line
/// from a hard-wrapped copy was copied whole at every line).
/// An English word hyphenated at the end of a line ("con-" then "ference") is one word
/// again.
fn join_text(script: Script, a: &mut String, b: &str) {
    if script == Script::English {
        if hyphenated(a, b) {
            a.pop();
        } else {
            a.push(' ');
        }
    }
    a.push_str(b);
}

/// Joins a speaker label printed alone on its line (`王毅：`) with the paragraph after it.
pub fn join_labels(script: Script, paras: Vec<Para>) -> (Vec<Para>, Vec<Repair>) {
    let mut out: Vec<Para> = Vec::with_capacity(paras.len());
    let mut repairs = Vec::new();
    for para in paras {
        let label = out.last().and_then(|prev| detect::lone_label(script, &prev.text)).map(str::to_string);
        match label {
            Some(name) if detect::lone_label(script, &para.text).is_none() => {
                let prev = out.last_mut().expect("a label was found in it");
                repairs.push(Repair::Label { line: prev.first, next: para.first });
                if let Some((_, time)) = detect::timed_name(&prev.text) {
                    repairs.push(Repair::TimeStamp { line: prev.first, text: time.to_string() });
                }
                prev.text = format!("{name}{}{}", script.colon(), para.text);
                prev.last = para.last;
            }
            _ => out.push(para),
        }
    }
    (out, repairs)
}

/// Takes closing lines (the event's length, the dateline) out wherever they were
/// printed, keeping the first copy of each: they go at the end of the transcript.
pub fn take_closing(paras: Vec<Para>) -> (Vec<Para>, Vec<Para>, Vec<Repair>) {
    let is_closing = |p: &Para| detect::is_closing(&p.text) || detect::dateline_source(&p.text).is_some();
    let last_content = paras.iter().rposition(|p| !is_closing(p));
    let mut body = Vec::new();
    let mut closing: Vec<Para> = Vec::new();
    let mut repairs = Vec::new();
    let mut first_line: HashMap<String, usize> = HashMap::new();
    for (i, p) in paras.into_iter().enumerate() {
        if !is_closing(&p) {
            body.push(p);
        } else if let Some(&original) = first_line.get(&p.text) {
            let preview = preview(&p.text);
            repairs.push(Repair::Duplicate { first: p.first, last: p.last, original, preview });
        } else {
            first_line.insert(p.text.clone(), p.first);
            if last_content.is_some_and(|last| i < last) {
                repairs.push(Repair::MovedClosing { line: p.first, text: p.text.clone() });
            }
            closing.push(p);
        }
    }
    (body, closing, repairs)
}

/// Joins a paragraph that stops mid-sentence with the next, when the next one goes on
/// with that sentence: the two halves of a paragraph split by a page break.
/// `structural` tells headings and speaker turns, which start something new.
pub fn join_splits(script: Script, paras: Vec<Para>, structural: impl Fn(&str) -> bool) -> (Vec<Para>, Vec<Repair>) {
    let mut out: Vec<Para> = Vec::new();
    let mut repairs = Vec::new();
    // Where the last piece joined onto the last paragraph starts: its last sentence is
    // looked for there, not in the whole text (which, joined piece by piece, made the
    // time grow with the square of a paragraph's length).
    let mut last_piece = 0;
    // How often each English word occurs: the halves of a word cut without a hyphen
    // ("spi", "rit") occur nowhere else.
    let mut words: HashMap<String, usize> = HashMap::new();
    if script == Script::English {
        for word in paras.iter().flat_map(|p| p.text.split(|c: char| !c.is_alphabetic())).filter(|w| !w.is_empty()) {
            *words.entry(word.to_lowercase()).or_insert(0) += 1;
        }
    }
    // Short words common anywhere are words, however rare in one text.
    const COMMON: [&str; 24] = [
        "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "in", "is", "it", "of", "on",
        "our", "that", "the", "this", "to", "we", "with",
    ];
    let rare = |word: &str| {
        let word = word.to_lowercase();
        !COMMON.contains(&word.as_str()) && words.get(&word).is_none_or(|n| *n <= 1)
    };
    for para in paras {
        let in_header = out.len() <= 3;
        let joins = out.last().is_some_and(|prev| reads_on(script, prev, &para, in_header)) && !structural(&para.text);
        // A heading that a page break cut in two: both halves read as one.
        let joins = joins || out.last().is_some_and(|prev| is_cut_heading(script, prev, &para));
        if joins {
            let prev = out.last_mut().expect("checked above");
            repairs.push(Repair::Joined { line: prev.last, next: para.first });
            // An English word may have been cut without a hyphen ("spi" / "rit"): the
            // halves are joined with a space, and a person asked to look.
            let last_word = prev.text.rsplit(|c: char| !c.is_alphabetic()).next().unwrap_or("");
            let first_word = para.text.split(|c: char| !c.is_alphabetic()).next().unwrap_or("");
            let cut_word = !last_word.is_empty()
                && para.text.starts_with(char::is_lowercase)
                && rare(last_word)
                && rare(first_word);
            if script == Script::English && cut_word && !hyphenated(&prev.text, &para.text) {
                repairs.push(Repair::Guess {
                    line: para.first,
                    what: "a space where the page break fell, as between two words",
                });
            }
            let before = sentences(script, &prev.text[last_piece..]).last().map(|s| s.to_string());
            let after = sentences(script, &para.text).first().map(|s| s.to_string());
            prev.halves.extend(before.into_iter().chain(after));
            join_text(script, &mut prev.text, &para.text);
            last_piece = prev.text.len() - para.text.len();
            prev.last = para.last;
        } else {
            last_piece = 0;
            out.push(para);
        }
    }
    (out, repairs)
}

/// Whether `para` goes on from `prev`: `prev` stops mid-sentence (or fills the wrap
/// width without a stop) and is no heading, and `para` reads as its continuation.
fn reads_on(script: Script, prev: &Para, para: &Para, in_header: bool) -> bool {
    // A turn that stops mid-sentence is no heading, however its words are capitalised;
    // nor is a line as long as the wrap width, except in the header (kicker, title,
    // subtitle), whose lines stand alone whatever their length.
    let heading = detect::is_heading(script, &prev.text)
        && detect::split_label(script, &prev.text).is_none()
        && (!prev.full_end || in_header);
    // A long English paragraph that stops mid-sentence goes on in the next, even where
    // that starts with a name ("…at the Media" then "Center on…").
    let long = script == Script::English && prev.text.chars().count() > 60;
    // A colon may end a paragraph (`…至关重要：`, a list follows) but not a line that
    // filled the width of a wrapped copy.
    let terminal = prev.text.trim_end_matches(is_closer).chars().last().is_some_and(|c| script.is_terminal(c));
    let open_end = stops_mid_sentence(script, &prev.text) || (prev.full_end && !terminal);
    // A date on a line of its own (`2024年3月7日`) says when, and stands alone as a
    // heading does, after a paragraph as before one.
    let date = detect::is_date_line(&prev.text) || detect::is_date_line(&para.text);
    open_end && !heading && !date && (goes_on(script, &para.text) || long)
}

/// Whether `next`, right after a page break, is the second half of the heading `prev`.
fn is_cut_heading(script: Script, prev: &Para, next: &Para) -> bool {
    let mut whole = prev.text.clone();
    join_text(script, &mut whole, &next.text);
    // The first half may be too short to read as a heading itself (`A` of "A Year of…").
    let fragment = !ends_sentence(script, &prev.text) && prev.text.chars().count() < 40;
    next.after_break
        && (detect::is_heading(script, &prev.text) || fragment)
        && detect::split_label(script, &prev.text).is_none()
        && detect::split_label(script, &next.text).is_none()
        && detect::is_heading(script, &whole)
        && (detect::is_heading(script, &next.text) || goes_on(script, &next.text))
}

/// Chinese marks that open something a sentence then goes on with, or sit inside one:
/// a page break after them is mid-sentence.
const ZH_OPENING: &str = "，、（《“「『〈【—·";
/// Chinese marks that never start a sentence: a paragraph starting with one goes on
/// the one before (a page break fell just before `》`, `）` or a dash).
const ZH_CONTINUING: &str = "，、）》”」』〉】—·";

fn stops_mid_sentence(script: Script, text: &str) -> bool {
    // A note's mark (`①`, a number) is not where the sentence stops.
    let text = detect::without_note_mark(text);
    // A closing quote or bracket ends a sentence only after an end mark: `“一带一路”` does not.
    let closed = text.ends_with(is_closer) && !ends_sentence(script, text);
    let Some(last) = text.chars().last() else { return false };
    closed
        || match script {
            Script::Chinese => last.is_alphanumeric() || ZH_OPENING.contains(last),
            Script::English => last.is_alphanumeric() || matches!(last, ',' | '-'),
        }
}

fn goes_on(script: Script, text: &str) -> bool {
    let Some(first) = text.chars().next() else { return false };
    match script {
        // An opening quote or bracket goes on a sentence as readily as a character does.
        // So does an end mark that a narrow line pushed onto the next (`。` alone).
        Script::Chinese => {
            first.is_alphanumeric()
                || ZH_CONTINUING.contains(first)
                || ZH_OPENING.contains(first)
                || script.is_terminal(first)
                || matches!(first, '；' | '：')
        }
        Script::English => first.is_lowercase(),
    }
}

/// The start of a text, for a report line.
pub(super) fn preview(text: &str) -> String {
    let mut s: String = text.chars().take(24).collect();
    if text.chars().count() > 24 {
        s.push('…');
    }
    s
}

#[cfg(test)]
#[path = "repair_tests.rs"]
mod tests;
