//! What a line of a raw transcript is: a speaker's turn, a heading, the dateline, a
//! closing line; and the facts the text states (date, place, source).

mod dates;
mod facts;
mod furniture;
mod headings;
mod labels;

pub use dates::*;
pub use facts::*;
pub use furniture::*;
pub use headings::*;
pub use labels::*;

/// The language of a raw transcript, which decides punctuation and patterns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Script {
    Chinese,
    English,
}

impl Script {
    pub fn colon(self) -> &'static str {
        match self {
            Script::Chinese => "：",
            Script::English => ": ",
        }
    }

    /// Characters that end a sentence.
    pub fn is_terminal(self, c: char) -> bool {
        match self {
            Script::Chinese => matches!(c, '。' | '！' | '？' | '!' | '?'),
            Script::English => matches!(c, '.' | '!' | '?'),
        }
    }
}

/// Closing quotes and brackets that belong to the sentence before them.
pub fn is_closer(c: char) -> bool {
    matches!(c, '”' | '’' | '」' | '』' | '）' | ')' | '"' | '\'' | '》')
}

/// Whether `text` ends a sentence (or introduces what follows, with a colon), closing
/// quotes and brackets aside, and a note's mark after the stop (`。[1]`, `.①`).
pub fn ends_sentence(script: Script, text: &str) -> bool {
    let last = without_note_mark(text).trim_end_matches(is_closer).chars().last();
    last.is_some_and(|c| script.is_terminal(c) || matches!(c, '：' | ':'))
}

/// Circled numbers, as Chinese texts number notes: ① is 1.
pub const CIRCLED: &str = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳";

/// `text` without the note's mark that ends it, if one does: `[1]`, `［1］`, `①`.
pub fn without_note_mark(text: &str) -> &str {
    if let Some(rest) = text.strip_suffix(|c: char| CIRCLED.contains(c)) {
        return rest;
    }
    for (open, close) in [('[', ']'), ('［', '］')] {
        let Some(inner) = text.strip_suffix(close) else { continue };
        let digits = inner.len() - inner.trim_end_matches(|c: char| c.is_ascii_digit()).len();
        if let Some(rest) = inner[..inner.len() - digits].strip_suffix(open).filter(|_| (1..=3).contains(&digits)) {
            return rest;
        }
    }
    text
}

/// Whether `line` ends with a word hyphenated at the line's end that `next` goes on with.
pub fn hyphenated(line: &str, next: &str) -> bool {
    line.strip_suffix('-').and_then(|rest| rest.chars().last()).is_some_and(char::is_alphabetic)
        && next.chars().next().is_some_and(char::is_lowercase)
}
