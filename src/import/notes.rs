//! Notes at the end of a raw text, as papers and web pages print them: a list of
//! numbered notes (`[1] …`, `① …`, `注1：…`), perhaps under `注释` or `Notes`, whose
//! marks stand in the text (`……[1]`, `……①`). Taken out as Markdown notes
//! (`[^1]` in the text, `[^1]: …` below it), so each is listed with its section.

use super::detect::{self, CIRCLED};
use super::repair::{Para, Repair};

/// A note of the raw text: its number, its mark as the text writes it, its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawNote {
    pub label: String,
    pub mark: String,
    pub text: String,
}

/// Lines that head a list of notes.
const HEADINGS: [&str; 10] = ["注释", "注", "注解", "脚注", "尾注", "附注", "Notes", "Note", "Footnotes", "Endnotes"];

/// The list of notes that ends `paras`, taken out, if it is one: numbered from 1 in
/// order, and each number's mark found once in the text before it. Otherwise nothing is
/// taken: a list that is not all marked may be part of the text.
pub fn take_notes(mut paras: Vec<Para>) -> (Vec<Para>, Vec<RawNote>, Vec<Repair>) {
    // The closing lines may follow the list (a credit, a dateline): they stay.
    let closing = |p: &Para| detect::is_closing(&p.text) || detect::dateline_source(&p.text).is_some();
    let end = paras.iter().rposition(|p| !closing(p)).map_or(0, |i| i + 1);
    let start = paras[..end].iter().rposition(|p| definition(&p.text).is_none()).map_or(0, |i| i + 1);
    let notes: Vec<RawNote> = paras[start..end].iter().filter_map(|p| definition(&p.text)).collect();
    let numbered = notes.iter().enumerate().all(|(i, n)| n.label == (i + 1).to_string());
    let heading = start.checked_sub(1).filter(|&i| is_heading(&paras[i].text));
    let body_end = heading.unwrap_or(start);
    // Each mark once: one printed twice (`[1]` in the lead and in an answer) is no
    // mark of one note, or not only, and the list is left as the text has it.
    let marked =
        |note: &RawNote| paras[..body_end].iter().map(|p| p.text.matches(&note.mark).count()).sum::<usize>() == 1;
    if notes.is_empty() || !numbered || !notes.iter().all(marked) {
        return (paras, Vec::new(), Vec::new());
    }
    let line = paras[body_end].first;
    paras.drain(body_end..end);
    (paras, notes.clone(), vec![Repair::Notes { line, count: notes.len() }])
}

/// Whether `line` reads as the start of a note of a list (`[1] 原文为…`), not as a
/// wrapped line that starts with a mark (`[1]。这是…`): a paragraph of its own, even
/// under a line it is not set apart from.
pub fn starts_note(line: &str) -> bool {
    definition(line)
        .is_some_and(|note| !note.text.starts_with(['。', '，', '；', '！', '？', ',', ';', '!', '?', ')', '）']))
}

/// Whether `text` is a line that heads a list of notes (`注释：`, `Notes`).
pub fn is_heading(text: &str) -> bool {
    // `註釋`, in Traditional characters, too; a heading of a few words only.
    let text = if text.len() <= 40 { crate::text::as_simplified(text) } else { text.into() };
    HEADINGS.iter().any(|h| text.trim_end_matches(['：', ':']).trim().eq_ignore_ascii_case(h))
}

/// A note of a list: `[1] text`, `［1］text`, `① text`, `注1：text`, `注①text`.
fn definition(text: &str) -> Option<RawNote> {
    let number = |s: &str| (1..=3).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()) && !s.starts_with('0');
    let note = |label: &str, mark: String, rest: &str| {
        let rest = rest.trim_start_matches([' ', '\u{3000}', '：', ':', '.', '、']).trim();
        (!rest.is_empty()).then(|| RawNote { label: label.to_string(), mark, text: rest.to_string() })
    };
    for (open, close) in [('[', ']'), ('［', '］')] {
        if let Some((label, rest)) = text.strip_prefix(open).and_then(|r| r.split_once(close)) {
            return number(label).then(|| note(label, format!("{open}{label}{close}"), rest)).flatten();
        }
    }
    if let Some(c) = text.chars().next().filter(|c| CIRCLED.contains(*c)) {
        let label = (CIRCLED.chars().position(|d| d == c)? + 1).to_string();
        return note(&label, c.to_string(), &text[c.len_utf8()..]);
    }
    // `注1：` names its note without a mark of its own: the text marks it `[1]` or `①`.
    // `註1：`, in Traditional characters, is the same.
    let rest = text.strip_prefix(['注', '註'])?;
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let after = &rest[digits.len()..];
    (number(&digits) && after.starts_with(['：', ':'])).then(|| note(&digits, format!("[{digits}]"), after)).flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paras(texts: &[&str]) -> Vec<Para> {
        let para = |(i, t): (usize, &&str)| Para {
            first: i + 1,
            last: i + 1,
            text: t.to_string(),
            halves: Vec::new(),
            full_end: false,
            after_break: false,
        };
        texts.iter().enumerate().map(para).collect()
    }

    #[test]
    fn a_numbered_list_whose_marks_stand_in_the_text_is_taken_out() {
        let (body, notes, repairs) =
            take_notes(paras(&["王毅：我们支持[1]。", "对话①……[2]", "注释：", "[1] 第一条。", "[2] 第二条。"]));
        assert_eq!(body.len(), 2);
        assert_eq!(
            notes.iter().map(|n| (n.label.as_str(), n.mark.as_str(), n.text.as_str())).collect::<Vec<_>>(),
            [("1", "[1]", "第一条。"), ("2", "[2]", "第二条。")]
        );
        assert_eq!(repairs.len(), 1);
        let (_, notes, _) = take_notes(paras(&["It is so.① And so.②", "Notes", "① One.", "② Two."]));
        assert_eq!(notes.iter().map(|n| n.mark.as_str()).collect::<Vec<_>>(), ["①", "②"]);
    }

    #[test]
    fn a_list_not_numbered_from_one_or_not_marked_is_text() {
        for texts in [
            &["我们支持[1]。", "[2] 第二条。"][..],
            &["我们支持。", "[1] 第一条。"],
            &["我们支持[1]。", "[1] 第一条。", "[3] 第三条。"],
            &["[1] 只有一条。"],
            &["我们支持[1]。", "[1]"],
            &["会议[1]举行。", "我们支持[1]。", "[1] 第一条。"],
            &["我们支持[1]，也支持[1]。", "[1] 第一条。"],
        ] {
            let (body, notes, _) = take_notes(paras(texts));
            assert!(notes.is_empty() && body.len() == texts.len(), "{texts:?}");
        }
    }
}
