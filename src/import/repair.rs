//! Page-break damage in text copied out of newspaper pages and PDFs, repaired and
//! reported: closing lines printed mid-text, runs of text printed twice (found
//! sentence by sentence, because the copies break paragraphs differently), and
//! paragraphs split in two mid-sentence.

use std::collections::HashMap;
use std::fmt;

use super::detect::{self, is_closer, Script};

/// A paragraph of the input and the lines it came from (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Para {
    pub first: usize,
    pub last: usize,
    pub text: String,
    /// The two halves of a sentence this paragraph joined across a page break: a
    /// reprint may repeat either half on its own, and that is a duplicate too.
    pub halves: Vec<String>,
}

/// One repair, with where it was made in the input, for a person to review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Repair {
    /// Lines `line` and `next` were one paragraph, split across a page break.
    Joined { line: usize, next: usize },
    /// Lines `first`–`last` repeated text first printed at line `original`.
    Duplicate { first: usize, last: usize, original: usize, preview: String },
    /// A closing line printed at `line`, before the end, was moved to the end.
    MovedClosing { line: usize, text: String },
}

impl Repair {
    /// The input line the repair is about, to sort the report by.
    pub fn line(&self) -> usize {
        match self {
            Repair::Joined { line, .. } | Repair::MovedClosing { line, .. } => *line,
            Repair::Duplicate { first, .. } => *first,
        }
    }
}

/// The message without its place; `Repair::line` is the place.
impl fmt::Display for Repair {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Repair::Joined { next, .. } => {
                write!(f, "joined with line {next}: one paragraph split across a page break")
            }
            Repair::Duplicate { first, last, original, preview } if first == last => {
                write!(f, "dropped text printed twice (first at line {original}): {preview}")
            }
            Repair::Duplicate { last, original, preview, .. } => {
                write!(f, "dropped text printed twice, to line {last} (first at line {original}): {preview}")
            }
            Repair::MovedClosing { text, .. } => write!(f, "moved the closing line to the end: {text}"),
        }
    }
}

/// Paragraphs of the text. With blank lines in the text, a paragraph is a run of
/// lines between them (lines broken inside a sentence are rejoined); without any, each
/// line is a paragraph. Byte-order marks, CR line ends and stray spaces are dropped.
pub fn paragraphs(script: Script, text: &str) -> Vec<Para> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines: Vec<(usize, &str)> = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}')))
        .collect();
    // Inside a line every kind of white space is a space: Markdown would read a lone
    // carriage return (left by some PDF tools) as a line end, and a `-` after it as
    // the underline of a heading.
    let spaced = |line: &str| line.replace(|c: char| c.is_whitespace() && c != ' ' && c != '\u{3000}', " ");
    let blank_separated = lines.iter().any(|(_, l)| l.is_empty());
    let mut paras: Vec<Para> = Vec::new();
    let mut open = false;
    for (no, line) in lines {
        if line.is_empty() {
            open = false;
            continue;
        }
        let starts_new = !blank_separated
            || !open
            || paras
                .last()
                .is_some_and(|p| ends_sentence(script, &p.text) || detect::split_label(script, line).is_some());
        if starts_new {
            paras.push(Para { first: no, last: no, text: spaced(line), halves: Vec::new() });
        } else {
            let p = paras.last_mut().expect("open implies a paragraph");
            join_text(script, &mut p.text, &spaced(line));
            p.last = no;
        }
        open = true;
    }
    paras
}

fn ends_sentence(script: Script, text: &str) -> bool {
    let last = text.trim_end_matches(is_closer).chars().last();
    last.is_some_and(|c| script.is_terminal(c) || matches!(c, '：' | ':'))
}

/// Appends `b` to the paragraph text `a` (in place: a paragraph joined line by line
/// from a hard-wrapped copy was copied whole at every line).
fn join_text(script: Script, a: &mut String, b: &str) {
    if script == Script::English {
        a.push(' ');
    }
    a.push_str(b);
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

/// A sentence of a paragraph.
struct Piece<'a> {
    para: usize,
    text: &'a str,
}

/// Sentences of a text, each with the closing quotes that follow its end mark.
pub fn sentences(script: Script, text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if !script.is_terminal(c) {
            continue;
        }
        let mut end = i + c.len_utf8();
        while let Some(&(j, next)) = chars.peek() {
            if is_closer(next) || script.is_terminal(next) {
                end = j + next.len_utf8();
                chars.next();
            } else {
                break;
            }
        }
        let at_break = script == Script::Chinese || ends_english_sentence(&text[start..i], &text[end..]);
        if at_break {
            out.push(text[start..end].trim());
            start = end;
        }
    }
    if !text[start..].trim().is_empty() {
        out.push(text[start..].trim());
    }
    out
}

/// Whether a full stop (or ! or ?) ends an English sentence: it must be followed by a
/// space and a capital, digit or quote, and not close an abbreviation ("U.S.", "Mr.").
fn ends_english_sentence(before: &str, after: &str) -> bool {
    if after.is_empty() {
        return true;
    }
    let next = after.trim_start().chars().next();
    let spaced = after.starts_with(char::is_whitespace);
    let starts_sentence =
        next.is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || matches!(c, '"' | '“' | '(' | '\''));
    let word = before.rsplit(|c: char| c.is_whitespace()).next().unwrap_or("");
    let last_part = word.rsplit('.').next().unwrap_or(word);
    let abbreviation = last_part.chars().count() == 1 && last_part.chars().all(char::is_uppercase)
        || matches!(word, "Mr" | "Mrs" | "Ms" | "Dr" | "St" | "No" | "Jr" | "Sr" | "vs" | "e.g" | "i.e" | "etc");
    spaced && starts_sentence && !abbreviation
}

/// Text printed a second time: runs of sentences already seen, dropped from the later
/// copy. Runs after `join_splits`, so a sentence split by a page break is compared
/// whole, and its halves too. A lone short sentence said twice ("谢谢。") is left alone: people repeat those.
pub fn drop_duplicates(script: Script, paras: Vec<Para>) -> (Vec<Para>, Vec<Repair>) {
    let pieces: Vec<Piece> = paras
        .iter()
        .enumerate()
        .flat_map(|(para, p)| sentences(script, &p.text).into_iter().map(move |text| Piece { para, text }))
        .collect();
    // A copy may lose or gain a speaker label at its start: compare what is said.
    let key = |s: &str| {
        let said = detect::split_label(script, s).map_or(s, |(_, rest)| rest);
        said.chars().filter(|c| !c.is_whitespace()).collect::<String>()
    };
    let mut first_seen: HashMap<String, usize> = HashMap::new();
    let mut seen_before = vec![None; pieces.len()];
    for (i, piece) in pieces.iter().enumerate() {
        if i == 0 || pieces[i - 1].para != piece.para {
            for half in &paras[piece.para].halves {
                first_seen.entry(key(half)).or_insert(i);
            }
        }
        match first_seen.get(&key(piece.text)) {
            Some(&first) => seen_before[i] = Some(first),
            None => {
                first_seen.insert(key(piece.text), i);
            }
        }
    }
    let mut dropped = vec![false; pieces.len()];
    let mut repairs = Vec::new();
    let mut i = 0;
    while i < pieces.len() {
        let Some(original) = seen_before[i] else {
            i += 1;
            continue;
        };
        let end = (i..pieces.len()).find(|&k| seen_before[k].is_none()).unwrap_or(pieces.len());
        let run = &pieces[i..end];
        let chars: usize = run.iter().map(|p| p.text.chars().count()).sum();
        if run.len() >= 2 || chars >= 15 {
            dropped[i..end].iter_mut().for_each(|d| *d = true);
            repairs.push(Repair::Duplicate {
                first: paras[run[0].para].first,
                last: paras[run[run.len() - 1].para].last,
                original: paras[pieces[original].para].first,
                preview: preview(run[0].text),
            });
        }
        i = end;
    }
    // Pieces come in the order of their paragraphs: each paragraph's are one run.
    let mut texts: Vec<Vec<&str>> = vec![Vec::new(); paras.len()];
    for (piece, _) in pieces.iter().zip(&dropped).filter(|(_, d)| !**d) {
        texts[piece.para].push(piece.text);
    }
    let joiner = if script == Script::Chinese { "" } else { " " };
    let kept = paras
        .iter()
        .zip(texts)
        .filter(|(_, texts)| !texts.is_empty())
        .map(|(para, texts)| Para { text: texts.join(joiner), ..para.clone() })
        .collect();
    (kept, repairs)
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
    for para in paras {
        let joins = out.last().is_some_and(|prev: &Para| {
            stops_mid_sentence(script, &prev.text)
                && !detect::is_heading(script, &prev.text)
                && goes_on(script, &para.text)
        }) && !structural(&para.text);
        if joins {
            let prev = out.last_mut().expect("checked above");
            repairs.push(Repair::Joined { line: prev.last, next: para.first });
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

/// Chinese marks that open something a sentence then goes on with, or sit inside one:
/// a page break after them is mid-sentence.
const ZH_OPENING: &str = "，、（《“「『〈【—·";
/// Chinese marks that never start a sentence: a paragraph starting with one goes on
/// the one before (a page break fell just before `》`, `）` or a dash).
const ZH_CONTINUING: &str = "，、）》”」』〉】—·";

fn stops_mid_sentence(script: Script, text: &str) -> bool {
    let Some(last) = text.chars().last() else { return false };
    match script {
        Script::Chinese => last.is_alphanumeric() || ZH_OPENING.contains(last),
        Script::English => last.is_alphanumeric() || matches!(last, ',' | '-'),
    }
}

fn goes_on(script: Script, text: &str) -> bool {
    let Some(first) = text.chars().next() else { return false };
    match script {
        Script::Chinese => first.is_alphanumeric() && !first.is_ascii_digit() || ZH_CONTINUING.contains(first),
        Script::English => first.is_lowercase(),
    }
}

/// The start of a text, for a report line.
fn preview(text: &str) -> String {
    let mut s: String = text.chars().take(24).collect();
    if text.chars().count() > 24 {
        s.push('…');
    }
    s
}

#[cfg(test)]
#[path = "repair_tests.rs"]
mod tests;
