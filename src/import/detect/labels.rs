//! Speaker labels: `王毅：…`, `【王毅】…`, `MODERATOR:`, `Xinhua reporter:`.

use super::Script;

/// Words that end a Chinese speaker label such as `新华社记者`, in Simplified characters
/// (a label in Traditional ones, `記者`, as Hong Kong and Taiwan print it, is read as
/// Simplified).
const CHINESE_ROLES: [&str; 6] = ["记者", "主持人", "发言人", "提问", "问", "答"];

/// The last word of an English speaker label such as `Xinhua reporter` or `MODERATOR`,
/// in any case.
const ENGLISH_ROLES: [&str; 12] = [
    "question",
    "answer",
    "q",
    "a",
    "reporter",
    "moderator",
    "journalist",
    "correspondent",
    "interviewer",
    "host",
    "chair",
    "chairman",
];

/// Whether a label names a role (`记者`, `Question`) rather than a person.
pub fn is_role(name: &str) -> bool {
    // An English role is a whole word: `CHINA` is not `A`'s.
    let last = name.split_whitespace().last().unwrap_or(name);
    let simplified = crate::text::as_simplified(name);
    CHINESE_ROLES.iter().any(|r| simplified.ends_with(r)) || ENGLISH_ROLES.iter().any(|r| last.eq_ignore_ascii_case(r))
}

/// A label in capitals (`WANG YI`, `MR. PRICE`), as English transcripts print them.
pub fn in_capitals(name: &str) -> bool {
    // Chinese characters are letters without case: a Chinese name is not in capitals.
    name.chars().filter(|c| c.is_uppercase()).count() >= 2
        && !name.chars().any(|c| c.is_lowercase() || crate::text::is_han(c))
}

/// The speaker label of a line (`王毅：…` → `王毅`), if it starts with one. A label is
/// short and has no sentence punctuation; `repeated` says whether it starts other
/// lines too, which a label that names no role must.
pub fn speaker_label(script: Script, line: &str, repeated: impl Fn(&str) -> bool) -> Option<(String, String)> {
    let (name, rest, form) = label_of(script, line)?;
    // A hearing's label (`Mr. MEEKS.`) is one by its form, however often it comes; a
    // `Q` with no colon only where questions come so more than once (`Q Street is…`).
    let label = match form {
        Form::Hearing => true,
        Form::BareQuestion => repeated(name),
        Form::Written => is_role(name) || repeated(name),
    };
    label.then(|| (name.to_string(), rest.trim_start().to_string()))
}

/// Who asks in an English press conference, whose questions are labelled once each
/// with the asker (`The Paper: Can you share…?`, `AFP:`, `China News Service:`): a
/// name in title case or capitals that starts one paragraph, where that paragraph or
/// those after it ask something, before the next turn of a speaker who `recurs`. A
/// Chinese transcript names its reporters `…记者`, which is a label already.
pub fn questioners<'a>(
    script: Script,
    paras: impl Iterator<Item = &'a str>,
    recurs: impl Fn(&str) -> bool,
) -> std::collections::HashSet<String> {
    let mut found = std::collections::HashSet::new();
    if script == Script::Chinese {
        return found;
    }
    // The askers since the last answer (two may ask before one answers), and whether
    // each asked something.
    let mut asking: Vec<(&str, bool)> = Vec::new();
    for para in paras {
        let label = label_of(script, para).filter(|(_, _, form)| matches!(form, Form::Written));
        match label {
            Some((name, ..)) if is_role(name) || recurs(name) => {
                found.extend(asking.drain(..).filter(|(_, asked)| *asked).map(|(asker, _)| asker.to_string()));
            }
            Some((name, rest, _)) if in_title_case(name) => asking.push((name, rest.contains('?'))),
            _ => {
                if let Some((_, asked)) = asking.last_mut() {
                    *asked |= para.contains('?');
                }
            }
        }
    }
    found
}

/// A name in title case or capitals: `The Paper`, `AFP`, `Agence France-Presse`,
/// `Voice of America`; not the start of a sentence (`Let me be clear`).
fn in_title_case(name: &str) -> bool {
    const SMALL_WORDS: [&str; 10] = ["of", "the", "and", "for", "de", "du", "la", "le", "al", "von"];
    name.split_whitespace().enumerate().all(|(i, word)| {
        word.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit()) || (i > 0 && SMALL_WORDS.contains(&word))
    })
}

/// The colons a Chinese label may end with: full-width and ASCII, and the ones that
/// older encodings and their converters give for them (`∶` of GB2312, `﹕` and `︰`
/// of Big5).
const CHINESE_COLONS: [char; 5] = ['：', ':', '∶', '﹕', '︰'];

/// How a label is set apart from its words.
enum Form {
    /// By a colon, or brackets: `王毅：`, `【王毅】`, `Wang Yi:`.
    Written,
    /// As a hearing's record prints it: `Chairman McCAUL.`
    Hearing,
    /// `Q` and spaces, as a White House transcript prints a question.
    BareQuestion,
}

/// `name：rest` (or `【name】rest`, as some papers print it) with a plausible name,
/// before any check of how often it occurs.
pub fn split_label(script: Script, line: &str) -> Option<(&str, &str)> {
    label_of(script, line).map(|(name, rest, _)| (name, rest))
}

/// A line's label, its words and the label's form.
fn label_of(script: Script, line: &str) -> Option<(&str, &str, Form)> {
    if let Some((name, rest)) = bracketed(line).or_else(|| emphasised(line)) {
        (!rest.trim().is_empty()).then_some(())?;
        return plausible_name(script, name).map(|name| (name, rest, Form::Written));
    }
    // The first colon, of either width: `王毅:…故事：…` is 王毅's turn.
    let split = match script {
        Script::Chinese => line.split_once(CHINESE_COLONS),
        Script::English => line.split_once(':'),
    };
    // `Li Wei  0:25 I grew up…`: the colon of a time is no label's.
    let in_time = |(name, rest): &(&str, &str)| {
        name.ends_with(|c: char| c.is_ascii_digit()) && rest.starts_with(|c: char| c.is_ascii_digit())
    };
    let colon = split
        .filter(|(_, rest)| !rest.trim().is_empty())
        .filter(|split| !in_time(split))
        .and_then(|(name, rest)| plausible_name(script, name).map(|name| (name, rest, Form::Written)));
    match script {
        Script::English => colon
            .or_else(|| hearing_label(line).map(|(name, rest)| (name, rest, Form::Hearing)))
            .or_else(|| bare_question(line).map(|(name, rest)| (name, rest, Form::BareQuestion))),
        Script::Chinese => colon,
    }
}

/// `Q    Thank you, Karine.`: a question as the White House's transcripts print it, the
/// `Q` and the words apart by spaces or a tab, no colon; and an interview's `Q. …` and
/// `A. …`. An `A` with neither a full stop nor a wide space after it is a sentence's
/// (`A delegation arrived.`).
fn bare_question(line: &str) -> Option<(&str, &str)> {
    let rest = line.strip_prefix(['Q', 'A'])?;
    let stopped = rest.strip_prefix('.');
    let rest = stopped.unwrap_or(rest);
    let words = rest.trim_start();
    let spaced = words.len() < rest.len();
    let wide = rest.starts_with('\t') || rest.starts_with("  ");
    let apart = line.starts_with('Q') || stopped.is_some() || wide;
    let starts = words.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit() || matches!(c, '"' | '“' | '\''));
    (spaced && starts && apart).then_some((&line[..1], rest))
}

/// Titles before a surname in a hearing's label (`Chairman McCAUL.`, `Mr. MEEKS.`).
const HEARING_TITLES: [&str; 24] = [
    "Mr.",
    "Mrs.",
    "Ms.",
    "Miss",
    "Dr.",
    "Chairman",
    "Chairwoman",
    "Chair",
    "Secretary",
    "Senator",
    "Representative",
    "Ambassador",
    "General",
    "Admiral",
    "Governor",
    "Judge",
    "Justice",
    "Commissioner",
    "Director",
    "Administrator",
    "Mayor",
    "Dean",
    "Professor",
    "Hon.",
];

/// The roles a hearing's record names with `The` (`The CHAIRMAN.`, `The CLERK.`).
const HEARING_ROLES: [&str; 9] =
    ["CHAIRMAN", "CHAIRWOMAN", "CHAIR", "CLERK", "SPEAKER", "WITNESS", "PRESIDENT", "PRESIDING OFFICER", "INTERPRETER"];

/// A label as the record of a hearing prints it (the US Government Publishing Office's
/// style): a title and a surname in capitals, or `The` and a role in capitals, ended by
/// a full stop, the words after it: `Chairman McCAUL. The committee will come to
/// order.`, `Mr. SMITH of Texas. Thank you.`, `The CHAIRMAN. Without objection.`
pub fn hearing_label(line: &str) -> Option<(&str, &str)> {
    let (first, after) = line.split_once(' ')?;
    let after = match first {
        // `The CHAIRMAN.`: a role, not an abbreviation (`The US. It is…`).
        "The" => HEARING_ROLES.iter().any(|r| after.starts_with(&format!("{r}. "))).then_some(after)?,
        _ if HEARING_TITLES.contains(&first) => after,
        // `Vice Chairman`, `Ranking Member`: two words of title.
        _ => {
            let (second, rest) = after.split_once(' ')?;
            let two = matches!((first, second), ("Vice", "Chairman" | "Chair" | "President") | ("Ranking", "Member"));
            two.then_some(rest)?
        }
    };
    // `after` ends `line`: the label ends where its full stop is.
    let at = line.len() - after.len() + after.find(". ")?;
    let (label, rest) = (&line[..at], &line[at + 2..]);
    // The surname in capitals (`McCAUL`, `DeLAURO`, `O'ROURKE`, `JACKSON LEE`), then
    // perhaps `of` and a state in ordinary case.
    let name = &after[..at - (line.len() - after.len())];
    let (surname, state) = name.split_once(" of ").unwrap_or((name, ""));
    let capitals = |w: &str| {
        let letters: Vec<char> = w.chars().filter(|c| c.is_alphabetic()).collect();
        letters.len() >= 2 && letters[letters.len() - 2..].iter().all(|c| c.is_uppercase())
    };
    let words: Vec<&str> = surname.split_whitespace().collect();
    let state_ok = state.len() <= 20 && state.split_whitespace().all(|w| w.starts_with(char::is_uppercase));
    let ok = (1..=3).contains(&words.len()) && words.iter().all(|w| capitals(w)) && state_ok;
    (ok && !rest.trim().is_empty()).then_some((label, rest))
}

/// A speaker label alone on its line (`王毅：`, `Wang Yi:`, `【王毅】`), its text on the
/// next: the name.
pub fn lone_label(script: Script, line: &str) -> Option<&str> {
    if let Some((name, _)) = super::timed_name(line) {
        return plausible_name(script, name);
    }
    let name = match bracketed(line).or_else(|| emphasised(line)) {
        Some((name, rest)) if rest.trim().is_empty() => name,
        Some(_) => return None,
        None => line.strip_suffix(CHINESE_COLONS)?,
    };
    plausible_name(script, name)
}

/// `**name**：rest` or `**name：**rest` (and `__…__`), a label set in bold by a text
/// that went through Markdown or a word processor's export: (name, rest).
fn emphasised(line: &str) -> Option<(&str, &str)> {
    let mark = ["**", "__"].into_iter().find(|m| line.starts_with(m))?;
    let (inner, after) = line[mark.len()..].split_once(mark)?;
    match inner.trim_end().strip_suffix(CHINESE_COLONS) {
        Some(name) => Some((name, after)),
        None => Some((inner, after.strip_prefix(CHINESE_COLONS)?)),
    }
}

/// `【name】rest`, a colon after the bracket left out: (name, rest).
fn bracketed(line: &str) -> Option<(&str, &str)> {
    let (name, rest) = line.strip_prefix('【')?.split_once('】')?;
    Some((name, rest.strip_prefix(CHINESE_COLONS).unwrap_or(rest)))
}

/// `name`, trimmed, if it could be a speaker's name or role: short, no sentence punctuation.
fn plausible_name(script: Script, name: &str) -> Option<&str> {
    let name = name.trim();
    let chars = name.chars().count();
    let max = if script == Script::Chinese { 16 } else { 40 };
    // A full stop ends an abbreviation in a name (`Mr.`, `H.E.`), not a sentence.
    let abbreviation = |word: &str| {
        word.split_inclusive('.').all(|part| {
            let letters = part.strip_suffix('.').unwrap_or("");
            letters.starts_with(|c: char| c.is_uppercase()) && (1..=3).contains(&letters.chars().count())
        })
    };
    let sentence_stop = name.split_whitespace().any(|w| w.contains('.') && !abbreviation(w));
    let punctuated = sentence_stop
        || name.chars().any(|c| matches!(c, '。' | '，' | '！' | '？' | '；' | ',' | '!' | '?' | ';' | '“' | '"'));
    let words = name.split_whitespace().count();
    let ok = chars > 0 && chars <= max && !punctuated && (script == Script::Chinese || words <= 5);
    ok.then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speaker_labels_need_a_role_or_to_recur() {
        let never = |_: &str| false;
        assert_eq!(speaker_label(Script::Chinese, "中阿卫视记者：过去一年……", never).unwrap().0, "中阿卫视记者");
        assert!(speaker_label(Script::Chinese, "王毅：各位记者朋友", never).is_none());
        for role in ["香港電台記者", "外交部發言人", "問"] {
            assert!(speaker_label(Script::Chinese, &format!("{role}：請問。"), never).is_some(), "{role}");
        }
        assert!(speaker_label(Script::Chinese, "王毅：各位记者朋友", |n| n == "王毅").is_some());
        // A sentence that happens to contain a colon is no turn.
        assert!(speaker_label(Script::Chinese, "我看到一位外国记者表示：中国是一个将不可能变为可能的地方", |_| false)
            .is_none());
        assert!(split_label(Script::Chinese, "我认为，“四个坚持”至关重要：").is_none());
        assert_eq!(speaker_label(Script::English, "Question: What is next?", never).unwrap().0, "Question");
        for role in ["MODERATOR", "Xinhua reporter", "CCTV CORRESPONDENT", "Q", "The Chair"] {
            assert!(speaker_label(Script::English, &format!("{role}: Next."), never).is_some(), "{role}");
        }
        // A role is a whole word: `CHINA` and `NASA` end in `A` only.
        for name in ["CHINA", "NASA", "IQ"] {
            assert!(speaker_label(Script::English, &format!("{name}: Next."), never).is_none(), "{name}");
        }
        // Abbreviations in a name; a sentence before a colon is no label.
        for name in ["MR. PRICE", "Mr. Wang", "H.E. Wang Yi", "Dr. Li"] {
            assert_eq!(split_label(Script::English, &format!("{name}: Thank you.")).unwrap().0, name);
        }
        // A label in bold, the colon outside or inside.
        for line in ["**王毅**：各位好。", "**王毅：**各位好。", "__王毅__: 各位好。", "**王毅:** 各位好。"]
        {
            let (name, rest) = split_label(Script::Chinese, line).unwrap();
            assert_eq!((name, rest.trim()), ("王毅", "各位好。"), "{line}");
        }
        assert_eq!(lone_label(Script::Chinese, "**王毅**："), Some("王毅"));
        // An interview's `Q.` and `A.`; an `A` that starts a sentence is no label.
        let always = |_: &str| true;
        for (line, label) in
            [("Q. What next?", "Q"), ("A. We support it.", "A"), ("A\tYes.", "A"), ("Q  Thank you.", "Q")]
        {
            assert_eq!(speaker_label(Script::English, line, always).map(|l| l.0).as_deref(), Some(label), "{line}");
        }
        for line in ["A delegation arrived.", "A New Era", "As we said"] {
            assert!(speaker_label(Script::English, line, always).is_none(), "{line}");
        }
        assert!(split_label(Script::English, "He went on. Then: more").is_none());
        assert!(split_label(Script::English, "It is so. Next: more").is_none());
    }

    proptest::proptest! {
        /// Any line, however odd, is read as a label or not without a panic, and a
        /// label's rest is the end of the line.
        #[test]
        fn any_line_is_read_for_a_label(line in "(Q|The |Mr\\. |[A-Z]{1,6}|[a-z]{1,5}|[0-9:]{1,6}|[ .:：()（）\\[\\]\t]|王毅|记者){0,12}") {
            for script in [Script::Chinese, Script::English] {
                if let Some((_, rest)) = split_label(script, &line) {
                    proptest::prop_assert!(line.ends_with(rest));
                }
                let _ = lone_label(script, &line);
            }
            let _ = super::super::timed_name(&line);
        }
    }

    #[test]
    fn a_hearing_s_labels_are_told_from_sentences() {
        for (line, name) in [
            ("Chairman McCAUL. The committee will come to order.", "Chairman McCAUL"),
            ("Mr. SMITH of New Jersey. Thank you.", "Mr. SMITH of New Jersey"),
            ("The CHAIRMAN. Without objection, so ordered.", "The CHAIRMAN"),
            ("Ms. WASSERMAN SCHULTZ. I yield back.", "Ms. WASSERMAN SCHULTZ"),
            ("Ranking Member DeLAURO. Thank you.", "Ranking Member DeLAURO"),
            ("Dr. O'ROURKE. We found no such case.", "Dr. O'ROURKE"),
        ] {
            assert_eq!(hearing_label(line).map(|(label, _)| label), Some(name), "{line}");
            assert_eq!(speaker_label(Script::English, line, |_| false).map(|(n, _)| n).as_deref(), Some(name));
        }
        for line in ["Q Thank you, Karine.", "Q    And the border?", "Q\tWhat next?", "Q. Thank you."] {
            assert_eq!(split_label(Script::English, line).map(|(q, _)| q), Some("Q"), "{line}");
            assert!(speaker_label(Script::English, line, |n| n == "Q").is_some(), "{line}");
            assert!(speaker_label(Script::English, line, |_| false).is_none(), "{line}: asked once");
        }
        for line in ["Qatar is a state.", "Q fever spreads.", "Q"] {
            assert!(speaker_label(Script::English, line, |_| true).is_none(), "{line}");
        }
        for line in [
            "Mr. Smith went to Washington. He stayed.",
            "The committee met. It rose at noon.",
            "Secretary Blinken. He spoke.",
            "The US. It is large.",
            "Chairman McCAUL.",
            "Mr. SMITH of the great state of New Jersey and elsewhere. Thank you.",
        ] {
            assert_eq!(hearing_label(line), None, "{line}");
        }
    }
}
