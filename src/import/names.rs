//! Who speaks: the labels that start paragraphs counted, the names they give made
//! one (a title or spacing around a name taken off), and each speaker's key.

use std::collections::{HashMap, HashSet};

use indexmap::IndexMap;

use super::detect::{self, Script};
use super::repair::{Para, Repair};

/// How often each possible speaker label starts a paragraph (of a different text).
pub(super) fn label_counts(script: Script, paras: &[Para]) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    // A paragraph printed twice names its label once: the words after a page break
    // can look like a label (`动鲜活的中国故事：从…`), and a copy that repeats the
    // block would make them a speaker's.
    let mut seen = HashSet::new();
    for p in paras.iter().filter(|p| seen.insert(p.text.as_str())) {
        if let Some((name, _)) = detect::split_label(script, &p.text) {
            *counts.entry(name.to_string()).or_insert(0) += 1;
        }
    }
    counts
}

/// Labels that give a speaker's title once (`外交部长王毅：`, `Foreign Minister Wang Yi:`)
/// and their name alone after (`王毅：`): the name alone, so the turn is that speaker's.
/// Each reported.
pub(super) fn without_titles(script: Script, mut paras: Vec<Para>, labels: &HashMap<String, usize>) -> (Vec<Para>, Vec<Repair>) {
    let names: Vec<&str> =
        labels.iter().filter(|(n, c)| **c > 1 && !detect::is_role(n)).map(|(n, _)| n.as_str()).collect();
    let mut repairs = Vec::new();
    for p in &mut paras {
        let Some((label, rest)) = detect::split_label(script, &p.text) else { continue };
        // The name ends the label, after the title (and a space, in English).
        let title_before = |name: &&str| match script {
            Script::Chinese => label.len() > name.len() && label.ends_with(name),
            Script::English => label.strip_suffix(name).is_some_and(|t| t.ends_with(' ')),
        };
        let Some(name) = names.iter().copied().filter(title_before).max_by_key(|n| n.len()) else { continue };
        repairs.push(Repair::Titled { line: p.first, written: label.to_string(), name: name.to_string() });
        p.text = format!("{name}{}{}", script.colon(), rest.trim_start());
    }
    (paras, repairs)
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

/// Family names of two characters: 欧阳玉靖 is Ouyang Yujing, `ouyang-yujing`.
const TWO_CHARACTER_FAMILY_NAMES: [&str; 30] = [
    "欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "令狐", "慕容", "司徒", "夏侯", "长孙", "宇文", "尉迟", "公孙",
    "端木", "轩辕", "呼延", "南宫", "西门", "独孤", "澹台", "闻人", "歐陽", "司馬", "諸葛", "東方", "長孫", "尉遲",
    "公孫", "軒轅",
];

/// A speaker key that is the same in both languages: 王毅 and Wang Yi are both `wang-yi`.
pub(super) fn speaker_key(name: &str) -> String {
    use pinyin::ToPinyin;
    // ü as names are written in Latin letters (passports, the foreign ministry): 吕 is Lyu.
    let syllables: Vec<String> =
        name.chars().filter_map(|c| c.to_pinyin().map(|p| p.plain().replace('ü', "yu"))).collect();
    if syllables.len() == name.chars().count() && (2..=4).contains(&syllables.len()) {
        // A Chinese name is family name + given name: 王毅 → wang-yi, 习近平 → xi-jinping.
        let two = syllables.len() > 2 && TWO_CHARACTER_FAMILY_NAMES.iter().any(|f| name.starts_with(f));
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
