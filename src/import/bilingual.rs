//! A text that holds both languages: a bilingual transcript as ministries, newspapers
//! and study sites print them (each paragraph in Chinese, then in English), a text in
//! two halves, or bilingual subtitles (a cue's line in each language). Each language's
//! import keeps the lines in its own language and those in neither (dates, page
//! numbers, caption timings).

use std::borrow::Cow;

use super::detect::Script;
use super::repair::Repair;

/// The other language's lines must weigh at least this share of the text for it to be
/// bilingual: a Chinese transcript quoting an English question now and then is not.
const LEAST_SHARE: usize = 20;

/// What a line (or the part of it a language keeps) is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Written {
    In(Script),
    /// No letters at all: a date in digits, a page number, a caption's timing.
    Neither,
}

/// How much of each script a piece of text holds, weighed alike: a Han character says
/// about what three Latin letters do.
#[derive(Debug, Default, Clone, Copy)]
struct Weight {
    han: usize,
    latin: usize,
}

impl Weight {
    /// The weight of `text`'s letters, those of caption tags (`<v Li Wei>`) aside.
    fn of(text: &str) -> Self {
        let mut weight = Weight::default();
        let mut in_tag = false;
        for c in text.chars() {
            match c {
                '<' | '>' => in_tag = c == '<',
                _ if in_tag => {}
                c if crate::text::is_han(c) => weight.han += 1,
                c if c.is_alphabetic() && (c.is_ascii() || ('\u{C0}'..='\u{24F}').contains(&c)) => weight.latin += 1,
                _ => {}
            }
        }
        weight
    }

    fn written(self) -> Written {
        match (self.han, self.latin) {
            (0, 0) => Written::Neither,
            (han, latin) if han * 3 >= latin => Written::In(Script::Chinese),
            _ => Written::In(Script::English),
        }
    }

    fn total(self) -> usize {
        self.han * 3 + self.latin
    }
}

/// A line as the languages share it out: whole to one, or, in a bilingual title or a
/// turn printed on one line in both (`例行记者会 Regular Press Conference`), a part
/// to each.
enum Line<'a> {
    Whole(Written, &'a str),
    Parted([(Script, &'a str); 2]),
}

impl<'a> Line<'a> {
    fn of(line: &'a str) -> Self {
        if is_caption_markup(line) {
            return Line::Whole(Written::Neither, line);
        }
        match parted(line) {
            Some(parts) => Line::Parted(parts),
            None => Line::Whole(Weight::of(line).written(), line),
        }
    }

    /// What of the line `script`'s import keeps, if anything.
    fn kept(&self, script: Script) -> Option<&'a str> {
        match *self {
            Line::Whole(Written::Neither, text) => Some(text),
            Line::Whole(Written::In(s), text) => (s == script).then_some(text),
            Line::Parted(parts) => parts.iter().find(|(s, _)| *s == script).map(|&(_, text)| text),
        }
    }

    /// The line's weight in `script`.
    fn weight(&self, script: Script) -> usize {
        match self {
            Line::Whole(Written::In(s), text) if *s == script => Weight::of(text).total(),
            Line::Parted(parts) => parts.iter().filter(|(s, _)| *s == script).map(|(_, t)| Weight::of(t).total()).sum(),
            Line::Whole(..) => 0,
        }
    }
}

/// A caption file's header and timings (`WEBVTT`, `Kind: captions`, `00:01.000 -->
/// 00:02.000 align:start`), which both languages' captions need.
fn is_caption_markup(line: &str) -> bool {
    const HEADERS: [&str; 6] = ["WEBVTT", "NOTE", "Kind:", "Language:", "STYLE", "REGION"];
    line.contains("-->") || HEADERS.iter().any(|h| line.starts_with(h))
}

const OPENERS: [char; 8] = ['(', '（', '[', '【', '「', '“', '"', '《'];
const CLOSERS: [char; 8] = [')', '）', ']', '】', '」', '”', '"', '》'];

/// A line that is all Han characters, then all Latin letters (or the other way
/// round), each a real piece of text: at least six characters and three words, neither in
/// brackets.
/// Where it parts: at the last space before the second language's first letter, so
/// that the punctuation ending a sentence stays with it, and the digits with a date
/// (`on March 7, 2024 2024年3月7日…`).
fn parted(line: &str) -> Option<[(Script, &str); 2]> {
    type Letter = fn(char) -> bool;
    let (han, latin): (Letter, Letter) = (crate::text::is_han, |c| c.is_ascii_alphabetic());
    let han_first = line.find(han)? < line.find(latin)?;
    let (first, second) = if han_first { (han, latin) } else { (latin, han) };
    let second_starts = line.find(second)?;
    let first_ends = line.rfind(first)?;
    if first_ends > second_starts {
        return None; // the scripts interleave: one language quoting the other
    }
    let after_first = first_ends + line[first_ends..].chars().next().map_or(1, char::len_utf8);
    let at = line[after_first..second_starts].rfind(char::is_whitespace).map_or(second_starts, |i| after_first + i);
    let (a, b) = line.split_at(at);
    let (zh, en) = if han_first { (a, b) } else { (b, a) };
    let words = en.split_whitespace().filter(|w| w.contains(latin)).count();
    let scripts = if han_first { [Script::Chinese, Script::English] } else { [Script::English, Script::Chinese] };
    // A translation in brackets (`Belt and Road (一带一路)`) is the line's own.
    let bracketed = |part: &str| part.trim().starts_with(OPENERS) || part.trim().ends_with(CLOSERS);
    let substantial = Weight::of(zh).han >= 6 && words >= 3 && !bracketed(a) && !bracketed(b);
    substantial.then(|| [(scripts[0], a.trim_end()), (scripts[1], b.trim())])
}

/// Whether `text` is in both languages, each with at least `LEAST_SHARE` % of its
/// weight in lines of its own (and two lines or more).
pub fn is_bilingual(text: &str) -> bool {
    let lines: Vec<Line> = text.lines().map(Line::of).collect();
    let both = [Script::Chinese, Script::English].map(|script| {
        let weight: usize = lines.iter().map(|l| l.weight(script)).sum();
        (weight, lines.iter().filter(|l| l.weight(script) > 0).count())
    });
    let total = both[0].0 + both[1].0;
    total > 0 && both.iter().all(|&(weight, lines)| weight * 100 >= total * LEAST_SHARE && lines >= 2)
}

/// The script most of `text` is written in.
pub fn mostly(text: &str) -> Script {
    match Weight::of(text).written() {
        Written::In(script) => script,
        Written::Neither => Script::English,
    }
}

/// The part of a text one language's import reads.
pub struct Kept<'a> {
    pub text: Cow<'a, str>,
    /// The input's line number of each of `text`'s lines, where they differ.
    lines: Option<Vec<usize>>,
    /// What was left out, to report.
    left_out: Option<Repair>,
}

impl Kept<'_> {
    /// The repairs of the kept text at the input's lines, with what was left out.
    pub fn at_input_lines(self, repairs: Vec<Repair>) -> Vec<Repair> {
        let Some(lines) = self.lines else { return repairs };
        let mut repairs: Vec<Repair> =
            repairs.into_iter().map(|r| r.at_input_lines(&lines)).chain(self.left_out).collect();
        repairs.sort_by_key(Repair::line);
        repairs
    }
}

/// The lines of a bilingual `text` that `script`'s import reads: its own and those in
/// neither language, where the other language's lines are taken out (a blank line
/// left where they parted two of its own lines, which were then two paragraphs). A
/// text in one language is kept as it is. `both` says whether the other language is
/// imported too, for the report.
pub fn keep(script: Script, text: &str, both: bool) -> Kept<'_> {
    if !is_bilingual(text) {
        return Kept { text: Cow::from(text), lines: None, left_out: None };
    }
    let (mut kept, mut lines) = (String::with_capacity(text.len()), Vec::new());
    let (mut first, mut last, mut count) = (0, 0, 0);
    let mut after_own = false;
    for (i, raw) in text.lines().enumerate() {
        let line = Line::of(raw);
        let own = line.kept(script);
        if line.weight(other(script)) > 0 {
            (first, last, count) = (if count == 0 { i + 1 } else { first }, i + 1, count + 1);
        }
        match own {
            Some(text) => {
                after_own = matches!(line, Line::Parted(_)) || Weight::of(text).total() > 0;
                kept.push_str(text);
            }
            None if after_own => after_own = false,
            None => continue,
        }
        kept.push('\n');
        lines.push(i + 1);
    }
    let language = if script == Script::Chinese { "English" } else { "Chinese" };
    let left_out = Repair::OtherLanguage { line: first, last, count, language, both };
    Kept { text: Cow::from(kept), lines: Some(lines), left_out: Some(left_out) }
}

fn other(script: Script) -> Script {
    match script {
        Script::Chinese => Script::English,
        Script::English => Script::Chinese,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_in_both_languages_is_parted_where_the_second_begins() {
        let parted = |line| parted(line).map(|[(_, a), (_, b)]| (a, b));
        let title = "2022年8月19日外交部发言人汪文斌主持例行记者会 Foreign Ministry Spokesperson's Regular Press Conference on August 19, 2022";
        assert_eq!(
            parted(title),
            Some((
                "2022年8月19日外交部发言人汪文斌主持例行记者会",
                "Foreign Ministry Spokesperson's Regular Press Conference on August 19, 2022"
            ))
        );
        let turn = "Wang Wenbin: We have made our position clear. 汪文斌：我们已经表明立场。";
        assert_eq!(parted(turn), Some(("Wang Wenbin: We have made our position clear.", "汪文斌：我们已经表明立场。")));
        // One language quoting the other, or too little of it, is not parted.
        for line in [
            "The Belt and Road (一带一路) Initiative is ten years old.",
            "我们欢迎APEC会议取得成功。",
            "Antony Blinken 并讨论了双边关系问题。",
            "外交部 Ministry",
            "(一带一路) cooperation of all parties for common development.",
            "for the Ministry of Foreign Affairs (中华人民共和国外交部)",
        ] {
            assert_eq!(parted(line), None, "{line}");
        }
    }

    #[test]
    fn a_text_is_bilingual_only_when_both_languages_have_a_real_share() {
        let bilingual = "标题一二三四\n\nA title in English\n\n记者：请问这个问题的答案是什么？\n\nReporter: What is the answer to this question?\n";
        assert!(is_bilingual(bilingual));
        let quoting = "标题一二三四\n\n记者：请问这个问题的答案是什么？我们注意到有报道称美方将采取措施，中方对此有何评论？\n\nReporter: What?\n\n汪文斌：我们已经多次表明立场，这个问题的答案很清楚，不需要再重复了。\n";
        assert!(!is_bilingual(quoting));
        assert!(!is_bilingual("2024-03-07\n\n— 3 —\n"));
    }
}
