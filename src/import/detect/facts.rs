//! What a transcript says of itself: where it was held, who reported it, how it ends.

use super::Script;
use crate::text::as_simplified;

/// Where the event was held: `在梅地亚中心举行` → 梅地亚中心; `held … at the Media Center` → Media Center.
pub fn place(script: Script, lead: &str) -> Option<String> {
    match script {
        Script::Chinese => {
            // Found in Simplified characters, cut from the text as written (`在梅地亞中心舉行`).
            let simplified = as_simplified(lead);
            let held = simplified.find("举行")?;
            let at = lead[..held].rfind('在')?;
            let place = &lead[at + '在'.len_utf8()..held];
            (1..=15).contains(&place.chars().count()).then(|| place.to_string())
        }
        Script::English => {
            // "held at the Great Hall of the People on Thursday" → Great Hall of the People
            let at = lead.find(" at the ").map(|i| i + 8).or_else(|| lead.find(" at ").map(|i| i + 4))?;
            let words: Vec<&str> = lead[at..].split_whitespace().collect();
            let mut name: Vec<&str> = Vec::new();
            for (i, word) in words.iter().enumerate() {
                let word = word.trim_end_matches([',', '.', ';']);
                let capital = word.chars().next().is_some_and(char::is_uppercase);
                // "of the" inside a name: joins when a capitalised word follows the connectors.
                let connector = |w: &str| matches!(w, "of" | "the" | "and" | "for");
                let joins = connector(word)
                    && words[i + 1..]
                        .iter()
                        .find(|w| !connector(w))
                        .is_some_and(|n| n.chars().next().is_some_and(char::is_uppercase));
                if !(capital || joins) {
                    break;
                }
                name.push(word);
                if words[i].ends_with([',', '.', ';']) {
                    break;
                }
            }
            (!name.is_empty() && name.len() <= 8).then(|| name.join(" "))
        }
    }
}

/// The dateline: `(据新华社北京3月7日电)`, `（新华社北京3月7日电）`, `(Xinhua, Beijing, March 7)`.
/// Returns the source it names.
pub fn dateline_source(line: &str) -> Option<String> {
    let inner = line.strip_prefix(['(', '（'])?.strip_suffix([')', '）'])?.trim();
    // `（據新華社北京3月7日電）`: the words found in Simplified characters, the agency
    // kept as written.
    let simplified = as_simplified(inner);
    let said = simplified.strip_prefix('据').map_or(0, |_| '据'.len_utf8());
    if simplified.ends_with('电') {
        let rest = &inner[said..];
        let agency = rest.find('社').map(|i| &rest[..i + '社'.len_utf8()])?;
        return Some(agency.to_string());
    }
    let first = inner.split(',').next()?.trim();
    let agencies = ["Xinhua", "Reuters", "AP", "AFP", "Kyodo", "TASS", "EFE", "CNS"];
    agencies.iter().any(|a| first.starts_with(a)).then(|| first.to_string())
}

/// A line that closes a transcript wherever it was printed: how long the event lasted.
pub fn is_closing(line: &str) -> bool {
    // The words that say so come first: only they are read in Simplified characters.
    let head = line.char_indices().nth(8).map_or(line, |(end, _)| &line[..end]);
    let head = &*as_simplified(head);
    // And the credits a paper or a web page closes with: `（责任编辑：张三）`.
    let credit = head.trim_start_matches(['（', '(']).starts_with("责任编辑") || line.starts_with("Editor:");
    let zh = head.starts_with("记者会历时") || head.starts_with("发布会历时") || head.starts_with("会议历时");
    let en = line.starts_with("The press conference lasted") || line.starts_with("The briefing lasted");
    // `(The briefing was concluded at 2:01 p.m.)`, as official transcripts end, and
    // `[Whereupon, at 12:30 p.m., the committee was adjourned.]`, as a hearing's record does.
    let ended =
        line.starts_with(['(', '[']) && ["concluded at", "ended at", "adjourned"].iter().any(|w| line.contains(w));
    credit || zh || en || ended
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datelines_name_their_source() {
        assert_eq!(dateline_source("(据新华社北京3月7日电)").as_deref(), Some("新华社"));
        assert_eq!(dateline_source("（新华社北京3月7日电）").as_deref(), Some("新华社"));
        assert_eq!(dateline_source("(Xinhua, Beijing, March 7)").as_deref(), Some("Xinhua"));
        assert_eq!(dateline_source("(see above)"), None);
    }

    #[test]
    fn places_come_from_the_lead() {
        let lead = "3月7日，十四届全国人大二次会议在梅地亚中心举行记者会。";
        assert_eq!(place(Script::Chinese, lead).as_deref(), Some("梅地亚中心"));
        let lead = "On March 7, a press conference was held at the Media Center. Wang Yi answered";
        assert_eq!(place(Script::English, lead).as_deref(), Some("Media Center"));
        let lead = "It was held at the Great Hall of the People on Thursday.";
        assert_eq!(place(Script::English, lead).as_deref(), Some("Great Hall of the People"));
    }
}
