//! Who speaks: the labels that start paragraphs counted, the names they give made
//! one (a title or spacing around a name taken off), and each speaker's key.

use std::collections::{HashMap, HashSet};

use indexmap::IndexMap;

use super::detect::{self, Script};
use super::repair::{Para, Repair};

/// How often each possible speaker label starts a paragraph (of a different text), a
/// name set to a width (`毛　宁`) counted as written without its spaces.
pub(super) fn label_counts(script: Script, paras: &[Para]) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    // A paragraph printed twice names its label once: the words after a page break
    // can look like a label (`动鲜活的中国故事：从…`), and a copy that repeats the
    // block would make them a speaker's.
    let mut seen = HashSet::new();
    for p in paras.iter().filter(|p| seen.insert(p.text.as_str())) {
        if let Some((name, _)) = detect::split_label(script, &p.text) {
            *counts.entry(unspaced(script, name).unwrap_or_else(|| name.to_string())).or_insert(0) += 1;
        }
    }
    counts
}

/// A two-character Chinese name set to the width of three, as papers set names in a
/// column of labels (`毛　宁`, `毛  宁`): the name without the spaces.
fn unspaced(script: Script, label: &str) -> Option<String> {
    let mut chars = label.chars();
    let (first, last) = (chars.next()?, chars.next_back()?);
    let between = chars.as_str();
    let spaced = !between.is_empty() && between.chars().all(char::is_whitespace);
    let han = crate::text::is_han(first) && crate::text::is_han(last);
    (script == Script::Chinese && spaced && han).then(|| format!("{first}{last}"))
}

/// Labels that give a speaker's name otherwise than the other turns do, made the name
/// they use, so that the turn is that speaker's: with a title once (`外交部长王毅：`,
/// `Foreign Minister Wang Yi:`, `王毅（外交部长）：`) and the name alone after (`王毅：`),
/// or set to a width (`毛　宁：`). Each reported.
pub(super) fn as_named(
    script: Script,
    mut paras: Vec<Para>,
    labels: &HashMap<String, usize>,
) -> (Vec<Para>, Vec<Repair>) {
    let names = names_of_turns(script, labels);
    let mut repairs = Vec::new();
    for p in &mut paras {
        let Some((label, rest)) = detect::split_label(script, &p.text) else { continue };
        // A name set to a width only where it labels turns: `我 说：` in a sentence stays.
        let recurs = |name: &String| labels.get(name).is_some_and(|c| *c > 1) || detect::is_role(name);
        let (name, repair) = match unspaced(script, label).filter(recurs) {
            Some(name) => (name.clone(), Repair::Spaced { line: p.first, written: label.to_string(), name }),
            None => {
                let titled = names_within(script, label).into_iter().filter(|name| names.contains(name));
                let Some(name) = titled.max_by_key(|n| n.len()) else { continue };
                let repair = Repair::Titled { line: p.first, written: label.to_string(), name: name.to_string() };
                (name.to_string(), repair)
            }
        };
        p.text = format!("{name}{}{}", script.colon(), rest.trim_start());
        repairs.push(repair);
    }
    (paras, repairs)
}

/// The names that label more than one turn, alone or with a title (`王毅：` and
/// `王毅（外交部长）：`, once each), and are not a role's.
fn names_of_turns(script: Script, labels: &HashMap<String, usize>) -> HashSet<&str> {
    let mut turns: HashMap<&str, usize> = labels.iter().map(|(name, n)| (name.as_str(), *n)).collect();
    for (label, n) in labels {
        for name in names_within(script, label) {
            if let Some(count) = turns.get_mut(name) {
                *count += n;
            }
        }
    }
    turns.into_iter().filter(|(name, n)| *n > 1 && !detect::is_role(name)).map(|(name, _)| name).collect()
}

/// The names `label` may give with a title, each once: after a title (each ending of
/// the label, in Chinese; each after a space, in English), before a title in brackets
/// (`王毅（外交部长）`, `Wang Yi (Foreign Minister)`), or in brackets after a role
/// (`主持人（毛宁）`).
fn names_within(script: Script, label: &str) -> Vec<&str> {
    let mut names: Vec<&str> = match script {
        Script::Chinese => label.char_indices().skip(1).map(|(at, _)| &label[at..]).collect(),
        Script::English => label.match_indices(' ').map(|(at, _)| &label[at + 1..]).collect(),
    };
    for (at, _) in label.match_indices(['（', '(']).filter(|&(at, _)| at > 0) {
        if let Some(inside) = bracketed(&label[at..]) {
            names.extend([label[..at].trim_end(), inside]);
        }
    }
    names.retain(|name| !name.is_empty() && *name != label);
    names.sort_unstable();
    names.dedup();
    names
}

/// What `text` says in brackets, if it is all in brackets (`（外交部长）`, `(Foreign Minister)`).
fn bracketed(text: &str) -> Option<&str> {
    let inner = text.strip_prefix('（').and_then(|t| t.strip_suffix('）'));
    inner.or_else(|| text.strip_prefix('(').and_then(|t| t.strip_suffix(')'))).filter(|t| !t.trim().is_empty())
}

/// Each name with its key. Two names may make one key (`Wang Yi`, `WANG YI`): the
/// later gets the first of `-2`, `-3`… that no name has taken.
pub(super) fn speaker_keys(names: impl Iterator<Item = String>) -> IndexMap<String, String> {
    let mut speakers: IndexMap<String, String> = IndexMap::new();
    // Where the search for a free suffix of each key starts: counting from 2 for every
    // name would take as long as the square of the names that share a key.
    let mut next_suffix: HashMap<String, usize> = HashMap::new();
    for name in names {
        let base = speaker_key(&name);
        let suffix = next_suffix.entry(base.clone()).or_insert(1);
        let mut key = base.clone();
        // `li-2` may be a name's own key as well as the second `li`'s.
        while speakers.contains_key(&key) {
            *suffix += 1;
            key = format!("{base}-{suffix}");
        }
        speakers.insert(key, name);
    }
    speakers
}

/// `Lü` and `Nü`, the syllables pinyin writes with ü, as names in Latin letters write
/// them: Lyu, Nyu. Another ü (Müller) is an accent.
fn with_pinyin_u(name: &str) -> String {
    let words = name.split(' ').map(|word| {
        let mut chars = word.chars();
        match (chars.next(), chars.next()) {
            (Some(c @ ('L' | 'l' | 'N' | 'n')), Some('ü' | 'Ü')) => format!("{c}yu{}", chars.as_str()),
            _ => word.to_string(),
        }
    });
    words.collect::<Vec<_>>().join(" ")
}

/// Family names of two characters: 欧阳玉靖 is Ouyang Yujing, `ouyang-yujing` (and so is
/// 歐陽玉靖, in Traditional characters).
const TWO_CHARACTER_FAMILY_NAMES: [&str; 22] = [
    "欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "令狐", "慕容", "司徒", "夏侯", "长孙", "宇文", "尉迟", "公孙",
    "端木", "轩辕", "呼延", "南宫", "西门", "独孤", "澹台", "闻人",
];

/// A speaker key that is the same in both languages: 王毅 and Wang Yi are both `wang-yi`.
pub(super) fn speaker_key(name: &str) -> String {
    use pinyin::ToPinyin;
    // A title in brackets after the name is no part of its key: 王毅（外交部长） is `wang-yi`.
    let titled = name.char_indices().find(|&(at, _)| at > 0 && bracketed(name[at..].trim_start()).is_some());
    let name = titled.map_or(name, |(at, _)| name[..at].trim_end());
    // ü as names are written in Latin letters (passports, the foreign ministry): 吕 is Lyu.
    let syllables: Vec<String> =
        name.chars().filter_map(|c| c.to_pinyin().map(|p| p.plain().replace('ü', "yu"))).collect();
    if syllables.len() == name.chars().count() && (2..=4).contains(&syllables.len()) {
        // A Chinese name is family name + given name: 王毅 → wang-yi, 习近平 → xi-jinping.
        let simplified = crate::text::as_simplified(name);
        let two = syllables.len() > 2 && TWO_CHARACTER_FAMILY_NAMES.iter().any(|f| simplified.starts_with(f));
        let family = if two { 2 } else { 1 };
        return format!("{}-{}", syllables[..family].concat(), syllables[family..].concat());
    }
    // Otherwise Latin words, their accents left out (José → jose, Müller → muller; but
    // Lü → lyu, as the Chinese above), and the pinyin of each Chinese character, joined
    // by hyphens.
    let mut words: Vec<String> = vec![String::new()];
    let plain = crate::text::without_accents(&with_pinyin_u(name));
    for c in plain.chars() {
        if let Some(p) = c.to_pinyin() {
            words.push(p.plain().replace('ü', "yu"));
            words.push(String::new());
        } else if c.is_ascii_alphanumeric() {
            // Only ASCII: a key becomes part of addresses (any other letter separates words).
            words.last_mut().expect("never empty").push(c.to_ascii_lowercase());
        } else {
            words.push(String::new());
        }
    }
    let key = words.into_iter().filter(|w| !w.is_empty()).collect::<Vec<_>>().join("-");
    if key.is_empty() {
        "speaker".to_string()
    } else {
        key
    }
}
