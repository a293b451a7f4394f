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
/// quotes and brackets aside.
pub fn ends_sentence(script: Script, text: &str) -> bool {
    let last = text.trim_end_matches(is_closer).chars().last();
    last.is_some_and(|c| script.is_terminal(c) || matches!(c, '：' | ':'))
}

/// Whether `line` ends with a word hyphenated at the line's end that `next` goes on with.
pub fn hyphenated(line: &str, next: &str) -> bool {
    line.strip_suffix('-').and_then(|rest| rest.chars().last()).is_some_and(char::is_alphabetic)
        && next.chars().next().is_some_and(char::is_lowercase)
}
