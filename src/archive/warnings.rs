//! What `check` says about a transcript's versions that does not stop a build: a
//! language missing, a section untranslated, counts of turns and paragraphs that
//! differ, a declared speaker who never speaks or whose name a turn writes otherwise,
//! a transcript copied under another name, a text in another language than its file
//! is read as, a site laid out by language folders.

use std::collections::HashSet;
use std::path::PathBuf;

use super::{Transcript, Version};
use crate::config::{Config, Lang};
use crate::diagnostic::{Location, Problems, WarningKind};
use crate::markdown::Document;
use crate::source::NamedDate;

/// Two speakers declared with the same name: a turn names one of them only.
fn warn_about_shared_names(version: &Version, problems: &mut Problems) {
    let speakers: Vec<(&String, &String)> = version.front.speakers.iter().map(|(k, n)| (&k.0, n)).collect();
    for (i, (second, name)) in speakers.iter().enumerate() {
        if let Some((first, _)) = speakers[..i].iter().find(|(_, n)| n.trim() == name.trim()) {
            let kind = WarningKind::SpeakersShareName {
                first: first.to_string(),
                second: second.to_string(),
                name: name.to_string(),
            };
            problems.warn(Location::line_or_file(&version.source, version.front.lines.speakers), kind);
        }
    }
}

/// A speaker declared in the front matter who has no turn: a misspelt name in the
/// text, or a key left from another transcript.
fn warn_about_silent_speakers(version: &Version, problems: &mut Problems) {
    let speaking: std::collections::HashSet<&str> =
        version.doc.sections.iter().flat_map(|s| &s.blocks).filter_map(|b| b.speaker.as_deref()).collect();
    for (key, name) in &version.front.speakers {
        if !speaking.contains(name.as_str()) {
            let kind = WarningKind::SilentSpeaker { key: key.0.clone(), name: name.clone() };
            problems.warn(Location::file(&version.source), kind);
        }
    }
}

/// A turn whose speaker is written unlike a declared one only in letter case, spaces or
/// full-width letters (`wang yi`, `Wang  Yi`, `Ｗａｎｇ Yi` for `Wang Yi`): it is not
/// linked to that speaker's page. Said at the first such turn of each name.
fn warn_about_near_names(version: &Version, problems: &mut Problems) {
    let loose = |name: &str| {
        let nfkc = icu_normalizer::ComposingNormalizerBorrowed::new_nfkc().normalize(name);
        nfkc.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
    };
    let declared: Vec<(String, &str)> = version.front.speakers.values().map(|n| (loose(n), n.as_str())).collect();
    let mut seen = HashSet::new();
    for block in version.doc.sections.iter().flat_map(|s| &s.blocks) {
        let Some(name) = block.speaker.as_deref() else { continue };
        if declared.iter().any(|(_, d)| *d == name) || !seen.insert(name) {
            continue;
        }
        let written = loose(name);
        if let Some((_, meant)) = declared.iter().find(|(l, _)| *l == written) {
            let kind = WarningKind::NearSpeakerName { written: name.to_string(), declared: meant.to_string() };
            problems.warn(Location::at(&version.source, block.line, 1), kind);
        }
    }
}

/// A transcript whose file is named for a date other than its own: `2024/0307-….md`,
/// `2024-03-07-….md` or `20240307….md` with `date: 2023-03-07`. One of the two is
/// mistyped, and the page is listed under its date but addressed by its name.
fn warn_about_named_date(version: &Version, date: chrono::NaiveDate, problems: &mut Problems) {
    let Some(named) = NamedDate::of(&version.source) else { return };
    if named.agrees_with(date) {
        return;
    }
    let kind = WarningKind::NamedForAnotherDate { named: named.to_string(), date: date.to_string() };
    problems.warn(Location::line_or_file(&version.source, version.front.lines.date), kind);
}

/// Two transcripts with, in one language, the same date, title and text: a file copied
/// (a download's `… (1).zh.md`, a draft kept beside the final one) shows twice, in
/// every list. Said of the later one by path, naming the first.
pub(super) fn warn_about_copies(transcripts: &[Transcript], problems: &mut Problems) {
    // Versions by what nearly always differs between two transcripts, so that texts are
    // compared only where that does not.
    type Key<'t> = (&'t Lang, chrono::NaiveDate, &'t str);
    let mut earlier: std::collections::HashMap<Key, Vec<&Version>> = Default::default();
    let mut by_path: Vec<&Transcript> = transcripts.iter().collect();
    by_path.sort_by(|a, b| a.path.cmp(&b.path));
    for t in by_path {
        for (lang, version) in &t.versions {
            let namesakes = earlier.entry((lang, t.date, version.front.title.trim())).or_default();
            if let Some(first) = namesakes.iter().find(|v| same_text(&v.doc, &version.doc)) {
                let kind = WarningKind::CopiedTranscript { other: first.source.clone() };
                problems.warn(Location::file(&version.source), kind);
            }
            namesakes.push(version);
        }
    }
}

fn same_text(a: &Document, b: &Document) -> bool {
    fn blocks(d: &Document) -> impl Iterator<Item = (Option<&str>, &str)> {
        let sections = d.sections.iter().flat_map(|s| &s.blocks);
        d.preface.iter().chain(sections).chain(&d.closing).map(|b| (b.speaker.as_deref(), &*b.text))
    }
    a.sections.len() == b.sections.len() && blocks(a).eq(blocks(b))
}

/// `failed`: the versions (transcript, language) that could not be read.
pub(super) fn warn_about_differences(
    config: &Config,
    t: &Transcript,
    failed: &HashSet<(PathBuf, Lang)>,
    problems: &mut Problems,
) {
    let (_, first) = t.versions.first().expect("a transcript has a version");
    for (lang, version) in &t.versions {
        if !warn_about_language_folder(config, lang, &t.path, version, problems) {
            warn_about_script(config, lang, version, problems);
        }
        warn_about_silent_speakers(version, problems);
        warn_about_shared_names(version, problems);
        warn_about_near_names(version, problems);
        warn_about_named_date(version, t.date, problems);
    }
    let transcript = crate::source::version_of(config, &first.source).map(|(t, _)| t);
    let unread = |lang: &Lang| transcript.as_ref().is_some_and(|t| failed.contains(&(t.clone(), lang.clone())));
    for lang in config.languages.iter().filter(|l| !t.versions.contains_key(&l.code) && !unread(&l.code)) {
        problems.warn(Location::file(&first.source), WarningKind::Untranslated { lang: lang.name.clone() });
    }
    for index in 0..t.section_ids.len() {
        let (_, reference, theirs) = t.section_or_any(&first_lang(t), index);
        for (lang, version) in &t.versions {
            let Some(ours) = version.section(index) else {
                let name = config.lang(&lang.0).map_or_else(|| lang.0.clone(), |l| l.name.clone());
                let kind = WarningKind::SectionUntranslated { section: theirs.id.0.clone(), lang: name };
                problems.warn(Location::at(&reference.source, theirs.line, 1), kind);
                continue;
            };
            if std::ptr::eq(version, reference) {
                continue;
            }
            let counts = [
                ("turn", ours.turn_count(), theirs.turn_count()),
                ("paragraph", ours.blocks.len(), theirs.blocks.len()),
            ];
            // Turns first: a missing turn explains a paragraph difference too.
            if let Some((what, ours_n, theirs_n)) = counts.into_iter().find(|(_, a, b)| a != b) {
                let kind = WarningKind::CountsDiffer {
                    section: ours.id.0.clone(),
                    what,
                    ours: ours_n,
                    theirs: theirs_n,
                    other: reference.source.clone(),
                };
                problems.warn(Location::at(&version.source, ours.line, 1), kind);
            }
        }
    }
}

/// Languages written in Han characters, and some written in Latin letters: a text
/// in the one read as the other is in the wrong file.
fn script_of(code: &str) -> Option<Script> {
    const LATIN: [&str; 16] =
        ["en", "fr", "de", "es", "it", "pt", "nl", "sv", "da", "no", "fi", "pl", "cs", "tr", "id", "ms"];
    let base = code.split('-').next().unwrap_or(code);
    match base {
        "zh" | "ja" => Some(Script::Han),
        _ if LATIN.contains(&base) => Some(Script::Latin),
        _ => None,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Script {
    Han,
    Latin,
}

/// A version whose text is not in its language's script: English in a file read as
/// Chinese, or the reverse. A file named without its language is in the default
/// language, so a site laid out by language folders (`content/en/2024/0307.md`), as
/// Hugo lays one out, has every file read so; or two translations' names are swapped.
fn warn_about_script(config: &Config, lang: &Lang, version: &Version, problems: &mut Problems) {
    let Some(expected) = script_of(&lang.0) else { return };
    let doc = &version.doc;
    let blocks = doc.preface.iter().chain(doc.sections.iter().flat_map(|s| &s.blocks)).map(|b| &*b.text);
    let headings = doc.sections.iter().map(|s| s.heading_text.as_str());
    let (mut han, mut latin) = (0usize, 0usize);
    // The first few hundred letters tell: counting a whole archive's was a tenth of a
    // build's time.
    for c in [version.front.title.as_str()].into_iter().chain(headings).chain(blocks).flat_map(str::chars) {
        han += usize::from(crate::text::is_han(c));
        latin += usize::from(c.is_ascii_alphabetic());
        if han * 4 + latin >= 1_200 {
            break;
        }
    }
    // A character says about as much as three or four letters. Too little text to
    // tell (a few lines written to try something out), or a mix (Chinese has Latin
    // words, English a name in characters): nothing.
    let found = match (han, latin) {
        _ if han * 4 + latin < 600 => return,
        _ if han * 3 > latin => Script::Han,
        _ if han * 20 < latin => Script::Latin,
        _ => return,
    };
    if found == expected {
        return;
    }
    let meant = config.languages.iter().find(|l| script_of(&l.code.0) == Some(found));
    let file = version.source.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    let named = file.strip_suffix(".md").is_some_and(|stem| stem.ends_with(&format!(".{lang}")));
    let kind = WarningKind::TextInAnotherLanguage {
        lang: config.lang(&lang.0).map_or_else(|| lang.0.clone(), |l| l.name.clone()),
        reads_as: if found == Script::Han { "in Chinese characters" } else { "in Latin letters" },
        fix: script_fix(config, version, named, meant.map(|l| &l.code)),
    };
    problems.warn(Location::file(&version.source), kind);
}

/// How to give a file whose text is in another language than it is read as that language.
fn script_fix(config: &Config, version: &Version, named: bool, meant: Option<&Lang>) -> String {
    let Some(meant) = meant else {
        return "the site has no language written so: add it under `languages` in site.yaml".to_string();
    };
    let path = config.display_path(&version.source).to_string_lossy().replace('\\', "/");
    let stem = path.strip_suffix(".md").unwrap_or(&path);
    let stem = if named { stem.rsplit_once('.').map_or(stem, |(s, _)| s) } else { stem };
    if named {
        format!("its name says another language: name it `{stem}.{meant}.md`")
    } else {
        let default = &config.default_language;
        format!("a file named without its language is in the site's default language, `{default}`: name it `{stem}.{meant}.md`")
    }
}

/// A transcript in a top folder of `content/` named like a site language
/// (`content/en/2024/0307.md`), as Hugo lays out a site by language: the folder is
/// part of its address (`/zh/en/2024/0307/`), and its language is in its name, so
/// its translation in the other folder is another transcript. Says so, once a file;
/// true if it did.
fn warn_about_language_folder(
    config: &Config,
    lang: &Lang,
    path: &str,
    version: &Version,
    problems: &mut Problems,
) -> bool {
    let Some(kind) = crate::source::in_language_folder(config, lang, path, "content") else { return false };
    problems.warn(Location::file(&version.source), kind);
    true
}

fn first_lang(t: &Transcript) -> Lang {
    t.versions.keys().next().expect("a transcript has a version").clone()
}
