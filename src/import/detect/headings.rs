//! Headings and the header lines that look like them: titles, bylines, place lines.

use super::{full_date, is_date_line, Script};

/// A heading: a short line that is not a sentence. It may end in a question or an
/// exclamation mark, but has no sentence end inside and does not trail off. A line
/// that is a date and little else (`2024年3月7日`, `March 7, 2024`) is not: it says when,
/// and was taken for the title or a section.
pub fn is_heading(script: Script, line: &str) -> bool {
    heading_shaped(script, line, 10)
}

/// A title in a header: shaped as a heading, but an English one may run to twenty words
/// (`Transcript of Remarks by Foreign Minister Wang Yi at the Munich Security Conference`).
pub fn is_title(script: Script, line: &str) -> bool {
    heading_shaped(script, line, 20)
}

fn heading_shaped(script: Script, line: &str, max_words: usize) -> bool {
    if says_something_else(line) {
        return false;
    }
    let chars = line.chars().count();
    let limit = if script == Script::Chinese { 40 } else { 140 };
    let Some(last) = line.chars().last() else { return false };
    let trails_off = matches!(last, '：' | ':' | '，' | ',' | '；' | ';' | '、' | '。' | '.');
    let body: String = line.chars().take(chars - 1).collect();
    let sentence_inside = body.chars().any(|c| script.is_terminal(c));
    let shaped = (2..=limit).contains(&chars) && !trails_off && !sentence_inside;
    shaped && (script == Script::Chinese || title_case(line, max_words))
}

/// A short line that says something other than a heading does: a date, a news lead's
/// start, who speaks or where, a time or a number, what happened in the room.
fn says_something_else(line: &str) -> bool {
    // `[00:12:34]`, `- 3 -`: a time or a number.
    let no_letters = !line.chars().any(char::is_alphabetic);
    // `2024年3月7日，十四届…`: a lead that starts with its date, cut by a page break.
    let dated_clause =
        line.split_once(['，', ',']).is_some_and(|(head, _)| is_date_line(head) && head.chars().count() <= 12);
    // `（掌声）`, `(Applause)`: what happened in the room, in brackets.
    let inner = line.strip_prefix(['（', '(', '[', '【']).and_then(|l| l.strip_suffix(['）', ')', ']', '】']));
    let in_brackets = inner.is_some_and(|i| !i.contains(['（', '(', '[', '【', '）', ')', ']', '】']));
    let facts = is_date_line(line) || opens_with_dateline(line) || is_byline(line) || is_place_line(line);
    facts || no_letters || dated_clause || in_brackets
}

/// An English news lead's start, `BEIJING, March 7, 2024 -- The press…`: a place in
/// capitals, a comma, then a date or a dash. Cut by a page break, it reads like a
/// heading in title case.
fn opens_with_dateline(line: &str) -> bool {
    let Some((place, rest)) = line.split_once(',') else { return false };
    let letters = place.chars().filter(|c| c.is_alphabetic()).count();
    let in_capitals = letters >= 3 && place.chars().all(|c| c.is_uppercase() || c == ' ' || c == '.');
    in_capitals && (rest.contains("--") || rest.contains('—') || full_date(line).is_some())
}

/// Who speaks, as an English transcript's header names them: `Matthew Miller,
/// Department Spokesperson`, `Wang Yi, Foreign Minister`.
pub fn is_byline(line: &str) -> bool {
    const OFFICES: [&str; 22] = [
        "Spokesperson",
        "Spokesman",
        "Spokeswoman",
        "Secretary",
        "Minister",
        "Ambassador",
        "President",
        "Director",
        "Adviser",
        "Advisor",
        "Chairman",
        "Chair",
        "Representative",
        "Envoy",
        "Counselor",
        "Commissioner",
        "Governor",
        "Senator",
        "Premier",
        "Chancellor",
        "Coordinator",
        "Councilor",
    ];
    let Some((name, office)) = line.rsplit_once(", ") else { return false };
    let words: Vec<&str> = name.split_whitespace().collect();
    let named = (2..=4).contains(&words.len()) && words.iter().all(|w| w.starts_with(|c: char| c.is_uppercase()));
    named && office.split_whitespace().last().is_some_and(|w| OFFICES.contains(&w))
}

/// Where an English transcript was given, on a line of its own: `Washington, DC`,
/// `New York, N.Y.`, `Washington, D.C.`.
pub fn is_place_line(line: &str) -> bool {
    let Some((city, state)) = line.split_once(", ") else { return false };
    let city_ok = city.split_whitespace().all(|w| w.starts_with(|c: char| c.is_uppercase()));
    let code = state.replace('.', "");
    city_ok && !city.is_empty() && code.len() == 2 && code.chars().all(|c| c.is_ascii_uppercase())
}

/// English headings are in title case: at least half the words of four letters or more
/// are capitalised, in ten words at most. This tells "Relations with Africa" from a
/// sentence cut off mid-way, names and all ("BEIJING, March 7 -- The press …").
fn title_case(line: &str, max_words: usize) -> bool {
    if line.split_whitespace().count() > max_words {
        return false;
    }
    let long: Vec<&str> =
        line.split_whitespace().filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 4).collect();
    let capitalised = long.iter().filter(|w| w.chars().next().is_some_and(char::is_uppercase)).count();
    // A question in sentence case ("What is China's comment?") is a reporter's, set in
    // a paragraph of its own; a heading that asks is in title case throughout.
    let enough = if line.ends_with('?') { capitalised == long.len() } else { capitalised * 2 >= long.len() };
    line.chars().next().is_some_and(|c| !c.is_lowercase()) && enough
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_are_short_lines_that_are_not_sentences() {
        assert!(is_heading(Script::Chinese, "希望中欧关系能一路绿灯，畅通无阻"));
        assert!(is_heading(Script::Chinese, "2023年是中国外交的开拓之年和收获之年"));
        assert!(!is_heading(Script::Chinese, "记者会历时1小时30分钟。"));
        assert!(!is_heading(Script::Chinese, "我认为，“四个坚持”至关重要："));
        assert!(is_heading(Script::English, "What Next for China-EU Relations?"));
        assert!(!is_heading(Script::English, "What is China's comment?"));
        assert!(!is_heading(Script::English, "Can the spokesperson give us more details?"));
        assert!(!is_heading(Script::English, "and the talks went on. Then"));
        assert!(!is_heading(Script::English, "BEIJING, March 7, 2024 -- The press"));
        assert!(!is_heading(Script::English, "NEW YORK, March 7 -- The United"));
        assert!(is_heading(Script::English, "China, Africa and the World"));
        for facts in
            ["Matthew Miller, Department Spokesperson", "Wang Yi, Foreign Minister", "Washington, DC", "New York, N.Y."]
        {
            assert!(!is_heading(Script::English, facts), "{facts}");
        }
        for room in ["（掌声）", "（笑）", "(Applause)", "[Crosstalk]", "【现场鼓掌】"] {
            assert!(!is_heading(Script::Chinese, room) && !is_heading(Script::English, room), "{room}");
        }
        assert!(is_heading(Script::Chinese, "（一）坚持和平发展"));
        assert!(!is_heading(Script::Chinese, "2024年3月7日，十四届全国人大二次会议在梅地"));
        assert!(!is_heading(Script::Chinese, "二〇二四年三月七日"));
        for time in ["[00:12:34]", "(12:30)", "2", "— 3 —"] {
            assert!(!is_heading(Script::English, time), "{time}");
        }
    }
}
