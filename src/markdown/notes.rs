//! Notes: a translator's or an editor's note, marked in the text (`[^1]`) and written
//! on a line of its own (`[^1]: …`). Notes are numbered in the order the text first
//! refers to them, and each is listed after the part of the transcript that refers to
//! it (its preface, a section, the closing lines), so a section's page shows its own.

use std::collections::HashMap;
use std::fmt::Write;

use indexmap::IndexMap;
use pulldown_cmark::{CowStr, Event};

use super::{for_the_site, plain_text, Writing};
use crate::diagnostic::{ErrorKind, Location, Problems};

/// Where in a transcript a note is listed: after the part that first refers to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Preface,
    /// The section at this index of the document.
    Section(usize),
    Closing,
}

/// A note, as the pages list it.
#[derive(Debug, Clone)]
pub struct Note {
    /// Its number in the transcript, from 1, in the order the text refers to notes.
    pub number: usize,
    pub part: Part,
    /// The note's text as HTML (paragraphs).
    pub html: Box<str>,
    /// Plain text, for search.
    pub text: Box<str>,
}

/// The address of note `number` of the version in `lang`: in the language, so that the
/// side-by-side view, which shows every language's notes, has each once (a page of
/// `pages/`, in one language, gives none).
pub fn note_id(lang: &str, number: usize) -> String {
    match lang {
        "" => format!("note-{number}"),
        _ => format!("note-{lang}-{number}"),
    }
}

/// The address of the first mark that refers to note `number`, where its note links back.
pub fn mark_id(lang: &str, number: usize) -> String {
    note_id(lang, number).replacen("note-", "note-mark-", 1)
}

/// What the text refers to, as a document is read.
struct Referred {
    part: Part,
    line: usize,
}

/// A note's text, as it was written.
struct Written {
    html: String,
    text: String,
    line: usize,
}

/// The notes of one document while it is read: marks and texts in any order.
pub(super) struct Notes<'l> {
    /// The document's language code: part of every note's address.
    lang: &'l str,
    /// By label, in the order first referred to: a note's number is its place here.
    referred: IndexMap<String, Referred>,
    written: HashMap<String, Written>,
}

/// How a note's mark starts in a paragraph's HTML: the sentence splitter keeps it with
/// the sentence before it.
pub const NOTE_MARK_START: &str = "<sup class=\"note-mark\">";

/// A problem with a note, at a line.
pub(super) type NoteProblem = (usize, ProblemKind);

pub(super) enum ProblemKind {
    Error(ErrorKind),
    NotReferredTo(String),
}

impl<'l> Notes<'l> {
    pub(super) fn new(lang: &'l str) -> Self {
        Notes { lang, referred: IndexMap::new(), written: HashMap::new() }
    }

    /// The marks in a block's events at `line` in `part`, as HTML in their order, each
    /// numbered; a mark that leads to no note (Markdown leaves it as text) or to a note
    /// another part already lists is a problem.
    pub(super) fn refer(&mut self, inner: &[Event], part: Part, line: usize) -> (Vec<String>, Vec<NoteProblem>) {
        let mut problems: Vec<NoteProblem> = unwritten(inner)
            .into_iter()
            .map(|(label, full_width)| match full_width {
                true => (line, ProblemKind::Error(ErrorKind::NoteWithFullWidthColon { label })),
                false => (line, ProblemKind::Error(ErrorKind::NoteNotWritten { label })),
            })
            .collect();
        // A note's text inside a quote or a list is that block's, and no page lists it.
        let nested = inner.iter().filter_map(|e| match e {
            Event::Start(pulldown_cmark::Tag::FootnoteDefinition(label)) => Some(label.to_string()),
            _ => None,
        });
        problems.extend(nested.map(|label| (line, ProblemKind::Error(ErrorKind::NoteTextNested { label }))));
        let mut marks = Vec::new();
        for event in inner {
            let Event::FootnoteReference(label) = event else { continue };
            let entry = self.referred.entry(label.to_string());
            let first = matches!(entry, indexmap::map::Entry::Vacant(_));
            let number = entry.index() + 1;
            let referred = entry.or_insert(Referred { part, line });
            if referred.part != part {
                let first_part = match referred.part {
                    Part::Preface => "the preface",
                    Part::Section(_) => "another section",
                    Part::Closing => "the closing lines",
                };
                let (label, first_part, first_line) = (label.to_string(), first_part.to_string(), referred.line);
                problems.push((line, ProblemKind::Error(ErrorKind::NoteInTwoParts { label, first_part, first_line })));
            }
            marks.push(mark_html(self.lang, number, first));
        }
        (marks, problems)
    }

    /// A note's text, `[^label]: …`, written at `line`; a label written twice is a problem.
    pub(super) fn write(
        &mut self,
        label: &str,
        inner: Vec<Event>,
        line: usize,
        writing: Writing,
    ) -> Option<NoteProblem> {
        if let Some(first) = self.written.get(label) {
            let kind = ErrorKind::NoteWrittenTwice { label: label.to_string(), first_line: first.line };
            return Some((line, ProblemKind::Error(kind)));
        }
        // A note that refers to a note is shown with the mark as written.
        let inner: Vec<Event> = inner
            .into_iter()
            .map(|e| match e {
                Event::FootnoteReference(l) => Event::Text(CowStr::from(format!("[^{l}]"))),
                other => other,
            })
            .collect();
        // Its paragraphs apart, as words of a search are.
        let paragraphs = inner.split(|e| matches!(e, Event::End(pulldown_cmark::TagEnd::Paragraph)));
        let text = paragraphs.map(plain_text).filter(|t| !t.trim().is_empty()).collect::<Vec<_>>().join(" ");
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, for_the_site(inner, writing).into_iter());
        self.written.insert(label.to_string(), Written { html, text, line });
        None
    }

    /// The notes in the order of their numbers, and the notes written that nothing
    /// refers to.
    pub(super) fn finish(mut self) -> (Vec<Note>, Vec<NoteProblem>) {
        let mut notes = Vec::with_capacity(self.referred.len());
        for (i, (label, referred)) in self.referred.iter().enumerate() {
            // Markdown makes a mark only of a label that has a text.
            let Some(written) = self.written.remove(label) else { continue };
            let html = written.html.trim_end().into();
            notes.push(Note { number: i + 1, part: referred.part, html, text: written.text.into() });
        }
        let mut unused: Vec<NoteProblem> =
            self.written.into_iter().map(|(label, w)| (w.line, ProblemKind::NotReferredTo(label))).collect();
        unused.sort_by_key(|(line, _)| *line);
        (notes, unused)
    }
}

/// `<sup class="note-mark"><a href="#note-en-3">3</a></sup>`; the first mark of a
/// note has the address its note links back to.
fn mark_html(lang: &str, number: usize, first: bool) -> String {
    let mut html = String::with_capacity(64);
    let _ = write!(html, "{NOTE_MARK_START}<a href=\"#{}\"", note_id(lang, number));
    if first {
        let _ = write!(html, " id=\"{}\"", mark_id(lang, number));
    }
    let _ = write!(html, ">{number}</a></sup>");
    html
}

/// Labels of marks Markdown left as text because no note has them: `[`, then `^label`,
/// then `]`, as separate pieces of text (an escaped `\[^1]` is one piece). With each,
/// whether it opens the block followed by a full-width colon: a note's text typed with
/// a Chinese input method, `[^1]：…`, which Markdown reads as a paragraph.
fn unwritten(inner: &[Event]) -> Vec<(String, bool)> {
    let mut labels = Vec::new();
    // Nearly every block has no bracket on its own: nothing to look at.
    if !inner.iter().any(|e| matches!(e, Event::Text(t) if t.as_ref() == "[")) {
        return labels;
    }
    let texts: Vec<&str> = inner.iter().map(|e| if let Event::Text(t) = e { t.as_ref() } else { "" }).collect();
    for (i, piece) in texts.iter().enumerate() {
        if *piece != "[" {
            continue;
        }
        // `^label`, `]` and what follows may be one piece or several.
        let tail: String = texts[i + 1..].iter().take(3).copied().collect();
        let Some((label, after)) = tail.strip_prefix('^').and_then(|rest| rest.split_once(']')) else { continue };
        if !label.is_empty() && !label.contains(|c: char| c.is_whitespace() || c == '[') {
            labels.push((label.to_string(), i == 0 && after.starts_with('：')));
        }
    }
    labels
}

/// The list of `notes` after a part of a page: `label` names the list, `back` the
/// link from a note to the mark that refers to it.
pub fn list_html<'n>(notes: impl Iterator<Item = &'n Note>, lang: &str, label: &str, back: &str) -> Option<String> {
    let mut html = String::new();
    for note in notes {
        if html.is_empty() {
            let _ = writeln!(html, "<ol class=\"notes\" aria-label=\"{}\">", crate::text::escape(label));
        }
        let (number, id, mark) = (note.number, note_id(lang, note.number), mark_id(lang, note.number));
        let back =
            format!(" <a class=\"note-back\" href=\"#{mark}\" aria-label=\"{}\">↩</a>", crate::text::escape(back));
        // The link back at the end of the note's last paragraph, not on a line of its own.
        let text = match note.html.strip_suffix("</p>") {
            Some(before) => format!("{before}{back}</p>"),
            None => format!("{}{back}", note.html),
        };
        let _ = writeln!(html, "<li id=\"{id}\" value=\"{number}\">{text}</li>");
    }
    (!html.is_empty()).then(|| html + "</ol>")
}

/// A heading's events without note marks, each of which is an error at `at`: a heading
/// is shown in contents, cards and lists, where its notes are not.
pub(super) fn out_of_heading<'e>(inner: Vec<Event<'e>>, at: Location, problems: &mut Problems) -> Vec<Event<'e>> {
    let (marks, kept): (Vec<Event>, Vec<Event>) =
        inner.into_iter().partition(|e| matches!(e, Event::FootnoteReference(_)));
    for mark in marks {
        if let Event::FootnoteReference(label) = mark {
            problems.error(at.clone(), ErrorKind::NoteInHeading { label: label.to_string() });
        }
    }
    kept
}
