//! Paragraphs that were meant to open a speaker's turn but do not, so that what the
//! speaker says is read as more of the turn before it: `**发言人** ：` (a space before
//! the colon), `发言人：` (the name not bold), `**发言人**我们…` (no colon), `【发言人】`,
//! `*发言人*：` (in italics).
//! Except for a bold label with a space before its colon, only names that speak
//! elsewhere in the file or are declared in `speakers` count, so a paragraph that
//! starts with `Note:` or a bold phrase is left alone.

use std::collections::HashSet;

use super::Document;
use crate::diagnostic::{Location, Problems, WarningKind};
use crate::source::SourceFile;

/// Warns about each paragraph of a section that starts like a turn without being one.
pub(super) fn warn(file: &SourceFile, doc: &Document, problems: &mut Problems) {
    let speaking = doc.sections.iter().flat_map(|s| &s.blocks).filter_map(|b| b.speaker.as_deref());
    let names: HashSet<&str> = speaking.chain(file.front.speakers.values().map(String::as_str)).collect();
    let body = &file.body;
    let starts: Vec<usize> = crate::text::line_starts(body).collect();
    let line = |i: usize| Some(&body[*starts.get(i)?..starts.get(i + 1).map_or(body.len(), |&next| next - 1)]);
    let loose = doc.sections.iter().flat_map(|s| &s.blocks).filter(|b| b.speaker.is_none());
    for block in loose {
        let Some(line) = block.line.checked_sub(file.body_line).and_then(line) else { continue };
        if let Some((name, written)) = as_turn(line, &names) {
            // The colon the rest of the archive would use for this name.
            let colon = if crate::text::has_han(name) { '：' } else { ':' };
            let kind = WarningKind::LooseTurn { name: name.to_string(), written: written.to_string(), colon };
            problems.warn(Location::at(&file.path, block.line, 1), kind);
        }
    }
}

/// The speaker a line was meant to open a turn of, and the label as written.
fn as_turn<'l>(line: &'l str, names: &HashSet<&str>) -> Option<(&'l str, &'l str)> {
    let colon = |rest: &str| rest.strip_prefix(['：', ':']).is_some();
    let known = |name: &str| names.contains(name.trim());
    // `**名字** ：…` or `**名字**我们…`: bold, but no colon right after it; `**名字 **：`
    // (CommonMark makes no bold of it) and `***名字***：` (bold inside italics).
    let stars = line.len() - line.trim_start_matches('*').len();
    if stars >= 2 {
        let inner = &line[stars..];
        let end = inner.find("**")?;
        let (name, rest) = (&inner[..end], inner[end..].trim_start_matches('*'));
        let spaced = rest.trim_start().len() < rest.len() && colon(rest.trim_start());
        let spaced = spaced || (name.trim() != name || stars > 2) && colon(rest);
        // A colon after the space says "label" whoever it names; without one, only a
        // known name does (a bold phrase may open any paragraph).
        let short = !name.trim().is_empty() && name.chars().count() <= 40;
        let meant = (spaced && short) || (known(name) && !colon(rest));
        let end = line.len() - rest.len();
        return meant.then(|| (name.trim(), label(line, end)));
    }
    // `【名字】…`, `[名字]…`, or in italics with a colon after, `*名字*：…` or `_名字_：…`
    // (a paragraph may open with a name in italics: `*Wang Yi* is…`).
    for (open, close) in [('【', '】'), ('[', ']'), ('*', '*'), ('_', '_')] {
        if let Some(inner) = line.strip_prefix(open) {
            let end = inner.find(close)?;
            let (name, after) = (&inner[..end], &inner[end + close.len_utf8()..]);
            let labelled = open != close || colon(after.trim_start());
            return (known(name) && labelled)
                .then(|| (name.trim(), label(line, open.len_utf8() + end + close.len_utf8())));
        }
    }
    // `名字：…`: the name, not bold.
    let (at, colon) = first_colon(line)?;
    let name = &line[..at];
    known(name).then(|| (name.trim(), label(line, at + colon.len_utf8())))
}

/// Where the first `：` or `:` of `line` is, and which: found by its bytes, as most
/// paragraphs of an archive are looked at here (docs/performance.md).
fn first_colon(line: &str) -> Option<(usize, char)> {
    let bytes = line.as_bytes();
    // `：` is EF BC 9A in UTF-8; an EF byte only ever starts a character.
    memchr::memchr2_iter(b':', 0xEF, bytes).find_map(|at| match bytes[at] {
        b':' => Some((at, ':')),
        _ => bytes[at..].starts_with("：".as_bytes()).then_some((at, '：')),
    })
}

/// The label as written: the line up to `end` and the colon or space after it.
fn label(line: &str, end: usize) -> &str {
    let rest = &line[end..];
    let more: usize =
        rest.chars().take_while(|c| c.is_whitespace() || matches!(c, '：' | ':')).map(char::len_utf8).sum();
    &line[..end + more]
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The byte search finds the colon the characters do, among other full-width
        /// signs that share its first byte (，！？；) and text in both scripts.
        #[test]
        fn the_first_colon_is_found_by_its_bytes(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "：", ":", "，", "！", "？", "；", "（", "发言人", "Wang Yi", " ", "**", "…", "ｚ",
            ]), 0..12),
        ) {
            let line: String = pieces.concat();
            let by_characters = line.char_indices().find(|&(_, c)| matches!(c, '：' | ':'));
            proptest::prop_assert_eq!(first_colon(&line), by_characters);
        }
    }

    #[test]
    fn labels_meant_as_turns_are_found_and_others_are_not() {
        let names: HashSet<&str> = ["发言人", "Wang Yi"].into_iter().collect();
        let found = |line| as_turn(line, &names);
        assert_eq!(found("**发言人** ：我们"), Some(("发言人", "**发言人** ：")));
        assert_eq!(found("**主持人** ：我们"), Some(("主持人", "**主持人** ：")));
        assert_eq!(found("**主持人 **：我们"), Some(("主持人", "**主持人 **：")));
        assert_eq!(found("***主持人***：我们"), Some(("主持人", "***主持人***：")));
        assert_eq!(found("**发言人**我们"), Some(("发言人", "**发言人**")));
        assert_eq!(found("发言人：我们"), Some(("发言人", "发言人：")));
        assert_eq!(found("Wang Yi: Good morning"), Some(("Wang Yi", "Wang Yi: ")));
        assert_eq!(found("【发言人】我们"), Some(("发言人", "【发言人】")));
        assert_eq!(found("[Wang Yi]: Good"), Some(("Wang Yi", "[Wang Yi]: ")));
        assert_eq!(found("*Wang Yi*: Good"), Some(("Wang Yi", "*Wang Yi*: ")));
        assert_eq!(found("_发言人_：我们"), Some(("发言人", "_发言人_：")));
        for line in [
            "**发言人**：我们",
            "Note: the text",
            "**Important** point",
            "我们：发言人",
            "**记者**我们",
            "发言人说：好",
            "**** ：空",
            "*Note*: the text",
            "*Wang Yi* is the minister",
        ] {
            assert_eq!(found(line), None, "{line}");
        }
    }
}
