//! What the page layout of a copy says, before its text is read: the pages' running
//! heads and feet (taken out), where lines were indented, whether blank lines set
//! paragraphs apart, and the width a hard-wrapped copy was wrapped at.

use std::collections::{HashMap, HashSet};

use super::detect::{self, ends_sentence, hyphenated, Script};
use super::repair::Repair;

/// The lines of a copy, with what its layout says about them.
pub struct Layout<'t> {
    pub lines: Vec<Line<'t>>,
    /// Whether each input line (by number, from 1) was indented.
    indented: Vec<bool>,
    /// Blank lines (not page breaks) set paragraphs apart.
    pub blank_separated: bool,
    /// No blank lines, but indented lines start paragraphs.
    pub by_indent: bool,
    /// The width of a hard-wrapped copy, if it is one.
    pub width: Option<usize>,
}

impl<'t> Layout<'t> {
    /// The layout of `text`, and the running heads and feet taken out of it.
    pub fn of(script: Script, text: &'t str) -> (Layout<'t>, Vec<Repair>) {
        let all: Vec<(usize, &str)> = text
            .lines()
            .enumerate()
            .map(|(i, l)| (i + 1, l.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}')))
            .collect();
        // Lines indented (two full-width spaces in Chinese copies, spaces in others, the
        // non-breaking spaces of a web page's `&nbsp;`): where a copy marks paragraphs
        // so, without blank lines, that is where they start.
        let indented: Vec<bool> =
            text.lines().map(|l| l.starts_with(['\u{3000}', '\t', '\u{a0}']) || l.starts_with("  ")).collect();
        let (lines, repairs) = without_furniture(script, all);
        let blank_separated = lines.iter().any(|l| l.text.is_empty() && !l.page_break);
        let text_lines = lines.iter().filter(|l| !l.text.is_empty());
        let (count, marked) = text_lines.fold((0, 0), |(n, m), l| (n + 1, m + usize::from(indented[l.no - 1])));
        let by_indent = !blank_separated && marked >= 2 && marked < count;
        let width = wrap_width(script, &lines);
        (Layout { lines, indented, blank_separated, by_indent, width }, repairs)
    }

    pub fn indented(&self, line: &Line) -> bool {
        self.indented[line.no - 1]
    }
}

/// A line of the input, with its number; `page_break` marks the empty line left where
/// a page's head or foot was taken out.
pub struct Line<'t> {
    pub no: usize,
    pub text: &'t str,
    pub page_break: bool,
}

/// The lines without running heads and feet: page numbers and date lines, and short
/// lines printed again and again with other text after each (the paper's name, a
/// banner). A heading printed twice as part of a repeated block has the same text after
/// it each time, so it stays, for the duplicates repair. Blank lines around what is
/// taken out become one page break.
fn without_furniture<'t>(script: Script, all: Vec<(usize, &'t str)>) -> (Vec<Line<'t>>, Vec<Repair>) {
    let heads = repeated_heads(script, &all);
    let repeated_head = |text: &str| heads.contains(text);
    // The header (kicker, title) is never furniture, even if a banner repeats it.
    let header_end = all.iter().filter(|(_, t)| !t.is_empty()).nth(2).map_or(0, |(no, _)| *no);
    let mut lines: Vec<Line> = Vec::with_capacity(all.len());
    let mut repairs = Vec::new();
    for &(no, text) in &all {
        // A time of the recording (`[00:12:34]`, or `00:12:34` alone) says nothing a page
        // shows; one alone on its line may stand mid-speech, as a page break does.
        let (text, stamp) = detect::time_stamp(text).map_or((text, None), |(stamp, rest)| (rest, Some(stamp)));
        if let Some(stamp) = stamp {
            repairs.push(Repair::TimeStamp { line: no, text: stamp.to_string() });
        }
        // A web page's controls and details are never the header, wherever they stand.
        let web = detect::is_web_furniture(text) || detect::web_details(text).is_some();
        if web {
            repairs.push(Repair::WebPage { line: no, text: text.to_string() });
            continue;
        }
        let furniture = no > header_end && !text.is_empty() && (detect::is_page_furniture(text) || repeated_head(text));
        if furniture || (stamp.is_some() && text.is_empty()) {
            if furniture {
                repairs.push(Repair::PageFurniture { line: no, text: text.to_string() });
            }
            while lines.last().is_some_and(|l| l.text.is_empty()) {
                lines.pop();
            }
            lines.push(Line { no, text: "", page_break: true });
        } else if text.is_empty() && lines.last().is_some_and(|l| l.page_break) {
            // Part of the page break already there.
        } else {
            lines.push(Line { no, text, page_break: false });
        }
    }
    (lines, repairs)
}

/// The short lines standing alone that are printed again and again with other text
/// after each: a page's head. What comes after is looked for past page numbers, date
/// lines and heads already found, so a head of two lines (the paper's name, then a
/// banner) is found whole: a fragment that a page break left alone, printed twice, has
/// the same text after it both times.
fn repeated_heads<'t>(script: Script, all: &[(usize, &'t str)]) -> HashSet<&'t str> {
    // Heads and feet stand on a line of their own, blank lines around, and name no speaker.
    let alone = |i: usize| {
        let blank = |j: Option<usize>| j.and_then(|j| all.get(j)).is_none_or(|(_, t)| t.is_empty());
        blank(i.checked_sub(1)) && blank(Some(i + 1))
    };
    let candidates: Vec<(usize, &str)> = (0..all.len())
        .map(|i| (i, all[i].1))
        .filter(|&(i, text)| {
            let short = text.chars().count() <= 40 && !ends_sentence(script, text);
            // Closing lines and datelines repeat too, but belong to the text.
            let closing = detect::is_closing(text) || detect::dateline_source(text).is_some();
            let label = detect::split_label(script, text).is_some() || detect::lone_label(script, text).is_some();
            !text.is_empty() && short && alone(i) && !label && !closing
        })
        .collect();
    let mut heads: HashSet<&str> = HashSet::new();
    // Each round can only add heads; a head of n lines is found whole in n rounds.
    for _ in 0..3 {
        let next_text = |i: usize| {
            let mut after = all[i + 1..].iter().map(|(_, t)| *t).filter(|t| !t.is_empty());
            // A label alone on its line says nothing yet: what it introduces does.
            let content = |t: &&str| {
                !detect::is_page_furniture(t) && !heads.contains(t) && detect::lone_label(script, t).is_none()
            };
            after.find(content).unwrap_or("")
        };
        let mut followers: HashMap<&str, Vec<&str>> = HashMap::new();
        for &(i, text) in &candidates {
            followers.entry(text).or_default().push(next_text(i));
        }
        let found: Vec<&str> = followers
            .into_iter()
            .filter(|(_, after)| after.len() >= 2 && after.iter().any(|a| *a != after[0]))
            .map(|(text, _)| text)
            .collect();
        let before = heads.len();
        heads.extend(found);
        if heads.len() == before {
            break;
        }
    }
    heads
}

/// The width a hard-wrapped copy was wrapped at, in characters: the length that the
/// most lines going on in the next one have (or, in English, come within a word of),
/// where those lines mostly stop mid-sentence, as only wrapped lines do. None for a
/// copy with a line per paragraph.
fn wrap_width(script: Script, lines: &[Line]) -> Option<usize> {
    // The header (kicker, title, subtitle) and English headings stop mid-sentence too,
    // and a run of them is no wrapping. (A Chinese line of a wrapped paragraph reads
    // like a heading, so there lengths must match exactly instead.)
    let first = lines.iter().find(|l| !l.text.is_empty()).map_or(0, |l| l.no);
    let subtitle = |text: &str| text.starts_with('—') || text.starts_with("--");
    let heading = |text: &str| script == Script::English && text.len() <= 50 && detect::is_heading(script, text);
    let mut inner: Vec<usize> = lines
        .windows(2)
        .filter(|w| !w[0].text.is_empty() && !w[1].text.is_empty() && !ends_sentence(script, w[0].text))
        .filter(|w| w[0].no != first && !subtitle(w[0].text) && !heading(w[0].text))
        // A label alone on its line (`【王毅】`, seven characters each time) is no wrapping.
        .filter(|w| detect::lone_label(script, w[0].text).is_none())
        // Nor is a list of notes, whose lines often end without a stop (a source cited).
        .filter(|w| !super::notes::starts_note(w[0].text))
        .map(|w| w[0].text.chars().count())
        .collect();
    inner.sort_unstable();
    // For each length, how many lines are that long or up to a long word shorter.
    let mut best = (0, 0);
    let mut from = 0;
    let slack = if script == Script::Chinese { 0 } else { SLACK };
    for (to, &width) in inner.iter().enumerate() {
        while inner[from] + slack < width {
            from += 1;
        }
        if to + 1 - from >= best.1 {
            best = (width, to + 1 - from);
        }
    }
    let (width, count) = best;
    let enough = if script == Script::Chinese { 3 } else { 2 };
    if count < enough || count * 3 < inner.len() {
        return None;
    }
    // Lines that end a sentence say nothing of wrapping, but may be the longest that fit.
    let longest = lines
        .windows(2)
        .filter(|w| !w[1].text.is_empty())
        .map(|w| w[0].text.chars().count())
        .filter(|&n| n <= width + slack / 2)
        .max();
    Some(longest.unwrap_or(width).max(width))
}

/// How much shorter than the width a full English line can be: the next word did not fit.
const SLACK: usize = 12;

/// Whether `line` filled the wrap width, so the text goes on in `next`: in Chinese it
/// has the width's characters; in English the next line's first word would not have fit.
pub fn is_full(script: Script, line: &str, next: &str, width: Option<usize>) -> bool {
    if script == Script::English && hyphenated(line, next) {
        return true;
    }
    let Some(width) = width else { return false };
    // A line that ends a sentence exactly at the width, then a heading: the paragraph
    // ended. (A Chinese line of the width reads like a heading, so a heading is shorter.)
    let heading = detect::is_heading(script, next) && (script == Script::English || next.chars().count() < width);
    if ends_sentence(script, line) && heading {
        return false;
    }
    let chars = line.chars().count();
    match script {
        Script::Chinese => chars == width,
        Script::English => {
            let word = next.split(' ').next().unwrap_or("").chars().count();
            let fits = chars <= width && chars + SLACK >= width;
            fits && chars + 1 + word > width && !detect::is_heading(script, next)
        }
    }
}

/// A copy that numbers its lines down the margin, as a hearing's or a court's
/// transcript does (1 to 25 on each page, blank lines numbered too): the text without
/// the numbers, and how many lines had one. None unless nearly every line starts with
/// a number of one or two digits and a space, each the last one's plus one or a new
/// page's 1: a text whose lines start with numbers of its own is left as it is.
pub fn without_line_numbers(text: &str) -> Option<(String, usize)> {
    let numbered = |line: &str| -> Option<(u32, usize)> {
        let start = line.len() - line.trim_start_matches([' ', '\t']).len();
        let digits = line[start..].bytes().take_while(u8::is_ascii_digit).count();
        let after = &line[start + digits..];
        let spaced = after.is_empty() || after.starts_with([' ', '\t', '\u{3000}']);
        let end = line.len() - after.trim_start_matches([' ', '\t', '\u{3000}']).len();
        ((1..=2).contains(&digits) && spaced).then(|| Some((line[start..start + digits].parse().ok()?, end))).flatten()
    };
    let lines: Vec<(&str, Option<(u32, usize)>)> = text.lines().map(|l| (l, numbered(l))).collect();
    let numbers: Vec<u32> = lines.iter().filter_map(|(_, found)| found.map(|(n, _)| n)).collect();
    let written = lines.iter().filter(|(l, _)| !l.trim().is_empty()).count();
    let in_turn = numbers.windows(2).filter(|w| w[1] == w[0] + 1 || w[1] == 1).count();
    if numbers.len() < 10 || numbers.len() * 10 < written * 9 || in_turn * 10 < (numbers.len() - 1) * 9 {
        return None;
    }
    // The text's column: where it starts on lines that are not indented. A line that
    // is keeps its indentation, which tells paragraphs apart in some copies.
    let column =
        lines.iter().filter_map(|&(l, found)| found.filter(|&(_, end)| end < l.len())).map(|(_, end)| end).min();
    let cut = |line: &'_ str, end: usize| -> usize {
        let at_column = column.filter(|&c| line.get(..c).is_some_and(|p| p.trim().bytes().all(|b| b.is_ascii_digit())));
        at_column.unwrap_or(end).min(line.len())
    };
    let without = lines.iter().map(|&(l, found)| found.map_or(l, |(_, end)| &l[cut(l, end)..]));
    Some((without.collect::<Vec<_>>().join("\n") + "\n", numbers.len()))
}
