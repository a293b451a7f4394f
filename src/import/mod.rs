//! `diptych import`: a raw transcript (plain text from a newspaper page or a PDF) into
//! the source format. The steps: paragraphs → repairs (closing lines, duplicates,
//! split paragraphs) → structure (title, preface, sections, turns) → Markdown.
//! Every repair is reported; no sentence of the input is lost or doubled.

mod bilingual;
mod captions;
mod detect;
pub mod docx;
mod duplicates;
pub mod encoding;
pub mod html;
mod layout;
mod names;
mod notes;
mod output;
mod repair;

use std::borrow::Cow;
use std::path::Path;

use chrono::NaiveDate;
use indexmap::IndexMap;

use crate::diagnostic::{Error, ErrorKind, Location};
use detect::Script;
use names::{as_named, label_counts, speaker_keys};
#[cfg(test)]
use output::escape_markdown;
pub use output::write;
use repair::Para;
pub use repair::Repair;

/// A transcript as found in the text, before it is written out.
#[derive(Debug, Clone)]
pub struct Transcript {
    pub title: String,
    pub subtitle: Option<String>,
    /// Lines above the title (a newspaper's kicker, such as 全国两会 特别报道).
    pub kicker: Option<String>,
    pub date: NaiveDate,
    /// Where the date came from, for the outline.
    pub date_from: &'static str,
    pub place: Option<String>,
    pub source: Option<String>,
    /// Speakers with more than one turn: key → name.
    pub speakers: IndexMap<String, String>,
    pub preface: Vec<String>,
    pub sections: Vec<Section>,
    /// The closing lines (duration, dateline), for the closing block after the last section.
    pub closing: Vec<String>,
    /// Notes listed at the end of the text, their marks in it.
    pub notes: Vec<notes::RawNote>,
}

#[derive(Debug, Clone)]
pub struct Section {
    pub id: String,
    pub heading: String,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone)]
pub struct Block {
    /// Set when the block opens a speaker's turn.
    pub speaker: Option<String>,
    pub text: String,
}

/// What `import` made of a text.
pub struct Imported {
    pub transcript: Transcript,
    /// Sorted by input line.
    pub repairs: Vec<Repair>,
}

/// `text` without a byte-order mark (a file saved by many Windows editors: no damage to
/// report), its lines ended by line feeds: with no line feed anywhere, a CR ends a line
/// (a text saved on a Mac before OS X); beside line feeds, it is a PDF tool's stray break.
fn with_line_feeds(text: &str) -> Cow<'_, str> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.contains('\r') && !text.contains('\n') {
        text.replace('\r', "\n").into()
    } else {
        Cow::from(text)
    }
}

/// The script of a language import knows (`zh`, `zh-Hant`, `en`).
fn script_of(lang: &str) -> Result<Script, ErrorKind> {
    match lang.split('-').next().unwrap_or(lang) {
        "zh" => Ok(Script::Chinese),
        "en" => Ok(Script::English),
        other => Err(ErrorKind::UnknownLanguage { lang: other.to_string(), known: "`zh`, `en`".to_string() }),
    }
}

/// Reads the raw transcript `text` (from `path`, for messages) in `lang` (`zh`, `en`).
/// `date` is used when the text names no year. A text in both languages gives the
/// transcript in `lang`, and says what it left out.
pub fn import(path: &Path, text: &str, lang: &str, date: Option<NaiveDate>) -> Result<Imported, Error> {
    let page = html::is_page(text).then(|| html::read(text));
    let text = page.as_ref().map_or(text, |p| p.text.as_str());
    read(path, text, lang, date, false).map(|imported| from_page(imported, page.as_ref()))
}

/// A transcript read from the text of a web page: its repairs at the page's lines, and
/// the first says so.
fn from_page(mut imported: Imported, page: Option<&html::Page>) -> Imported {
    if let Some(page) = page {
        let repairs = std::mem::take(&mut imported.repairs).into_iter().map(|r| r.at_input_lines(&page.lines));
        imported.repairs = std::iter::once(Repair::Document { format: html::FORMAT }).chain(repairs).collect();
    }
    imported
}

/// Reads a raw transcript in both `langs`, each paragraph (or half of the text, or line
/// of a caption) in one of them, into a transcript in each. A date only one language's
/// text names is the other's too.
pub fn import_both(path: &Path, text: &str, langs: [&str; 2], date: Option<NaiveDate>) -> Result<[Imported; 2], Error> {
    let page = html::is_page(text).then(|| html::read(text));
    let text = page.as_ref().map_or(text, |p| p.text.as_str());
    let both = read_both(path, text, langs, date)?;
    Ok(both.map(|imported| from_page(imported, page.as_ref())))
}

fn read_both(path: &Path, text: &str, langs: [&str; 2], date: Option<NaiveDate>) -> Result<[Imported; 2], Error> {
    let at = Location::file(path);
    let scripts = langs.map(script_of);
    match scripts {
        [Ok(a), Ok(b)] if a == b => {
            return Err(Error::new(at, ErrorKind::ImportSameLanguage { langs: langs.join(",") }))
        }
        [Err(kind), _] | [_, Err(kind)] => return Err(Error::new(at, kind)),
        _ if !bilingual::is_bilingual(&with_line_feeds(text)) => {
            let chinese = bilingual::mostly(text) == Script::Chinese;
            let (looks, suggest) = if chinese { ("Chinese", "zh") } else { ("English", "en") };
            return Err(Error::new(at, ErrorKind::ImportNotBilingual { looks, suggest }));
        }
        _ => {}
    }
    let first = read(path, text, langs[0], date, true);
    let second = read(path, text, langs[1], date.or(first.as_ref().ok().map(|i| i.transcript.date)), true)?;
    let first = match first {
        Err(e) if matches!(*e.kind, ErrorKind::ImportNeedsDate { .. } | ErrorKind::ImportAmbiguousDate { .. }) => {
            read(path, text, langs[0], date.or(Some(second.transcript.date)), true)?
        }
        first => first?,
    };
    Ok([first, second])
}

/// `import` of the lines in `lang` of a text; `both` when the other language's are
/// imported too.
fn read(path: &Path, text: &str, lang: &str, date: Option<NaiveDate>, both: bool) -> Result<Imported, Error> {
    let at = Location::file(path);
    let script = script_of(lang).map_err(|kind| Error::new(at.clone(), kind))?;
    let text = with_line_feeds(text);
    let kept = bilingual::keep(script, &text, both);
    let text = Cow::from(kept.text.as_ref());
    let captions = captions::read(script, path, &text);
    let text = captions.as_ref().map_or(text, |c| Cow::from(c.text.as_str()));
    let numbered = layout::without_line_numbers(&text);
    let text = numbered.as_ref().map_or(text, |(without, _)| Cow::from(without.as_str()));
    let (text, invisible) = repair::without_invisibles(&text);
    check_language(script, &text).map_err(|kind| Error::new(at.clone(), kind))?;
    let (paras, mut repairs) = repair::paragraphs(script, &text);
    repairs.extend(invisible);
    repairs.extend(numbered.as_ref().map(|&(_, count)| Repair::LineNumbers { count }));
    // Before labels are joined: `注释：` over a list of notes is no speaker's label.
    let (paras, notes, listed) = notes::take_notes(paras);
    repairs.extend(listed);
    let (paras, labels_joined) = repair::join_labels(script, paras);
    repairs.extend(labels_joined);
    let (paras, closing, moved) = repair::take_closing(paras);
    repairs.extend(moved);
    let counted = label_counts(script, &paras);
    let (paras, titled) = as_named(script, paras, &counted);
    repairs.extend(titled);
    let labels = label_counts(script, &paras);
    // A label that starts one paragraph only is a speaker if the header names them
    // ("Wang Yi answers questions"): a lone `Note:` is not.
    // The header and lead only: the text of a turn names everyone and anything.
    let before_turns = paras.iter().take(HEADER_LINES).take_while(|p| detect::split_label(script, &p.text).is_none());
    let header: String = before_turns.map(|p| p.text.as_str()).collect::<Vec<_>>().join("\n");
    let header = words_of(script, &header);
    // Labels in capitals (`WANG YI:`, `CCTV:`), when the text prints its labels so, are
    // labels each time: an English transcript's convention.
    let capitals = script == Script::English
        && labels.iter().filter(|(name, _)| detect::in_capitals(name)).map(|(_, n)| n).sum::<usize>() >= 3;
    // A name captions give as a cue's voice (`<v Li Wei>`) is a speaker's for certain.
    let voiced = |name: &str| captions.as_ref().is_some_and(|c| c.voices.contains(name));
    let known = |name: &str| labels.get(name).is_some_and(|n| *n > 1) || header.contains(&words_of(script, name));
    let askers = detect::questioners(script, paras.iter().map(|p| p.text.as_str()), known);
    let named =
        |name: &str| known(name) || askers.contains(name) || (capitals && detect::in_capitals(name)) || voiced(name);
    let turn = |t: &str| detect::speaker_label(script, t, named);
    let structural = |t: &str| turn(t).is_some() || detect::is_heading(script, t);
    let (paras, joins) = repair::join_splits(script, paras, structural);
    repairs.extend(joins);
    let (paras, duplicates) = duplicates::drop_duplicates(script, paras);
    repairs.extend(duplicates);
    let (paras, title_joined) = join_title(script, paras);
    repairs.extend(title_joined);
    repairs.extend(unsure_headings(script, &paras, &turn));
    repairs.sort_by_key(Repair::line);
    let mut transcript = structure(script, &paras, &closing, &turn, date).map_err(|kind| Error::new(at, kind))?;
    take_web_details(&mut transcript, &text);
    transcript.notes = notes;
    if let Some(captions) = &captions {
        from_captions(script, captions, &mut transcript, &mut repairs);
    }
    Ok(Imported { transcript, repairs: kept.at_input_lines(repairs) })
}

/// A transcript read from captions: its repairs at the input's lines, and its text,
/// all of it speech, in a section even where no cue names a speaker.
fn from_captions(
    script: Script,
    captions: &captions::Captions,
    transcript: &mut Transcript,
    repairs: &mut Vec<Repair>,
) {
    let mapped = std::mem::take(repairs).into_iter().map(|r| r.at_input_lines(&captions.lines));
    *repairs =
        std::iter::once(Repair::Captions { format: captions.format, cues: captions.cues }).chain(mapped).collect();
    repairs.sort_by_key(Repair::line);
    if transcript.sections.is_empty() && !transcript.preface.is_empty() {
        let blocks = transcript.preface.drain(..).map(|text| Block { speaker: None, text }).collect();
        transcript.sections.push(Section { id: WHOLE.to_string(), heading: whole_heading(script), blocks });
    }
}

/// The heading of the one section of a text without headings.
fn whole_heading(script: Script) -> String {
    if script == Script::Chinese { "全文" } else { "Full Text" }.to_string()
}

/// The source and place that the web page a text was copied from gives (`来源：…`,
/// `地点：…`), where the text itself names none.
fn take_web_details(transcript: &mut Transcript, text: &str) {
    let details: Vec<(&str, &str)> = text.lines().filter_map(|l| detect::web_details(l.trim())).flatten().collect();
    let detail = |keys: &[&str]| details.iter().find(|(k, _)| keys.contains(k)).map(|(_, v)| v.to_string());
    transcript.source = transcript.source.take().or_else(|| detail(&["来源", "稿源", "Source"]));
    transcript.place = transcript.place.take().or_else(|| detail(&["地点", "Venue"]));
}

/// Gives the sections of `transcript` the ids of the translation at `other`, by
/// position: the second language's import then pairs with the first at once, nicer
/// ids and all. The translation is read as the build reads it (`## … {#id}` headings).
pub fn take_ids(transcript: &mut Transcript, other: &Path) -> Result<(), Error> {
    let at = Location::file(other);
    let text = std::fs::read_to_string(other).map_err(|e| Error::new(at.clone(), ErrorKind::Unreadable(e)))?;
    let ids: Vec<String> = text
        .lines()
        .filter_map(|line| line.strip_prefix("## "))
        .map(|heading| {
            let attrs = heading.trim_end().strip_suffix('}').and_then(|h| h.rsplit_once('{')).map(|(_, a)| a);
            attrs.and_then(|a| a.split_whitespace().find_map(|w| w.strip_prefix('#'))).unwrap_or("").to_string()
        })
        .collect();
    if ids.len() != transcript.sections.len() {
        return Err(Error::new(at, ErrorKind::ImportIdsDiffer { theirs: ids.len(), ours: transcript.sections.len() }));
    }
    for (section, id) in transcript.sections.iter_mut().zip(ids) {
        if !id.is_empty() {
            section.id = id;
        }
    }
    Ok(())
}

/// Refuses a text in the other language than `script`: a Chinese text read as English
/// gives headings of whole paragraphs and no turns, without a word. The share is of
/// Chinese characters among all letters (a Chinese text quotes English names, and an
/// English one a few Chinese words).
fn check_language(script: Script, text: &str) -> Result<(), ErrorKind> {
    let (mut han, mut letters) = (0usize, 0usize);
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        letters += 1;
        han += usize::from(matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}'));
    }
    if letters < 20 {
        return Ok(()); // too little to tell
    }
    let share = han * 100 / letters;
    match script {
        Script::English if share >= 50 => {
            let letters = "Chinese characters";
            Err(ErrorKind::ImportWrongLanguage { said: "en", looks: "Chinese", letters, share, suggest: "zh" })
        }
        Script::Chinese if share <= 5 => {
            let share = 100 - share;
            let letters = "Latin letters";
            Err(ErrorKind::ImportWrongLanguage { said: "zh", looks: "English", letters, share, suggest: "en" })
        }
        _ => Ok(()),
    }
}

/// `text` as it is searched for a name: Chinese as written; English in lower case with
/// a space around each word, so that a name is found as whole words (`Wang Yi` in
/// "FOREIGN MINISTER WANG YI", but not `So` in "also").
fn words_of(script: Script, text: &str) -> String {
    match script {
        Script::Chinese => text.to_string(),
        Script::English => {
            let words = text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty());
            format!(" {} ", words.map(str::to_lowercase).collect::<Vec<_>>().join(" "))
        }
    }
}

/// How many paragraphs at the start may hold the header (kicker, title, subtitle, lead).
const HEADER_LINES: usize = 5;

type TurnOf<'f> = dyn Fn(&str) -> Option<(String, String)> + 'f;

fn structure(
    script: Script,
    paras: &[Para],
    closing: &[Para],
    turn: &TurnOf,
    date: Option<NaiveDate>,
) -> Result<Transcript, ErrorKind> {
    let (header_len, title_at, subtitle_at) = header(script, paras, turn)?;
    let header: Vec<&str> = paras[..header_len].iter().map(|p| p.text.as_str()).collect();
    let others: Vec<&str> =
        (0..header_len).filter(|&i| i != title_at && Some(i) != subtitle_at).map(|i| header[i]).collect();
    let kicker = (!others.is_empty()).then(|| others.join(" "));
    let subtitle = subtitle_at.map(|i| header[i].trim_start_matches(['—', '-']).trim().to_string());
    let rest = &paras[header_len..];
    let first_structural = rest.iter().position(|p| turn(&p.text).is_some() || detect::is_heading(script, &p.text));
    let (preface, body) = rest.split_at(first_structural.unwrap_or(rest.len()));
    let sections = sections(script, body, turn);
    // One paragraph a line: run together, `World` and `March 7, 2024` were `WorldMarch`.
    // And what comes before the first turn: a date under a heading is still the date.
    let before_turns = body.iter().take_while(|p| turn(&p.text).is_none());
    let facts_text: String = header
        .iter()
        .copied()
        .chain(preface.iter().chain(before_turns).chain(closing).map(|p| p.text.as_str()))
        .collect::<Vec<_>>()
        .join("\n");
    let (date, date_from) = match (detect::full_date(&facts_text), date) {
        (Some(d), _) => (d, "the text"),
        (None, Some(d)) => (d, "--date"),
        (None, None) => match detect::ambiguous_date(&facts_text) {
            Some(written) => return Err(ErrorKind::ImportAmbiguousDate { written: written.to_string() }),
            None => return Err(ErrorKind::ImportNeedsDate { found: detect::partial_date(&facts_text) }),
        },
    };
    let mut turns: IndexMap<String, usize> = IndexMap::new();
    for block in sections.iter().flat_map(|s| &s.blocks) {
        if let Some(name) = &block.speaker {
            *turns.entry(name.clone()).or_insert(0) += 1;
        }
    }
    // People who speak more than once get a speaker page; roles ("Question") do not.
    let people = turns.into_iter().filter(|(name, n)| *n > 1 && !detect::is_role(name));
    let speakers = speaker_keys(people.map(|(name, _)| name));
    Ok(Transcript {
        title: header[title_at].to_string(),
        subtitle,
        kicker,
        date,
        date_from,
        place: preface
            .first()
            .and_then(|p| detect::place(script, &p.text))
            .or_else(|| preface.iter().find(|p| detect::is_place_line(&p.text)).map(|p| p.text.clone())),
        source: closing.iter().find_map(|p| detect::dateline_source(&p.text)),
        speakers,
        preface: preface.iter().map(|p| p.text.clone()).collect(),
        sections,
        closing: closing.iter().map(|p| p.text.clone()).collect(),
        notes: Vec::new(),
    })
}

/// A title set on two lines, as web pages break it: the first ends where no English
/// title does, on a possessive or a small word (`Foreign Ministry Spokesperson Wang
/// Wenbin's` / `Regular Press Conference on August 19, 2022`), or the second, shorter,
/// goes on with what the person in the first does (`2022年8月19日外交部发言人汪文斌` /
/// `主持例行记者会`).
fn join_title(script: Script, mut paras: Vec<Para>) -> (Vec<Para>, Option<Repair>) {
    const SMALL_WORDS: [&str; 13] =
        ["of", "on", "the", "and", "for", "at", "in", "with", "to", "by", "a", "an", "from"];
    const DOINGS: [&str; 9] = ["主持", "举行", "出席", "答记者问", "回答", "会见", "接受", "发表", "召开"];
    let [first, second, ..] = &paras[..] else { return (paras, None) };
    let titles = is_header_line(script, &first.text) && is_header_line(script, &second.text);
    let goes_on = match script {
        Script::English => {
            let last = first.text.split_whitespace().last().unwrap_or("");
            last.ends_with("'s") || last.ends_with("’s") || SMALL_WORDS.contains(&last)
        }
        Script::Chinese => {
            let shorter = second.text.chars().count() < first.text.chars().count();
            let second = crate::text::as_simplified(&second.text);
            shorter && DOINGS.iter().any(|d| second.starts_with(d))
        }
    };
    if !titles || !goes_on || second.text.starts_with(['—', '-']) {
        return (paras, None);
    }
    let repair = Repair::TitleJoined { line: first.first, next: second.first };
    let second = paras.remove(1);
    let space = if script == Script::English { " " } else { "" };
    paras[0].text = format!("{}{space}{}", paras[0].text, second.text);
    paras[0].last = second.last;
    (paras, Some(repair))
}

/// The header at the start: (how many paragraphs it takes, which is the title, which
/// the subtitle). It is the kicker (a newspaper's banner, such as 全国两会 特别报道),
/// the title and the subtitle (after `——` or `--`), the subtitle before or after the
/// title: the title is the longest of the first lines that is not the subtitle, and
/// the header ends with the later of the two. Without a subtitle, a kicker is told from
/// the title only when it comes first and is shorter; what follows is the text.
fn header(script: Script, paras: &[Para], turn: &TurnOf) -> Result<(usize, usize, Option<usize>), ErrorKind> {
    let candidates = paras.iter().take(3).take_while(|p| is_header_line(script, &p.text) && turn(&p.text).is_none());
    let lines: Vec<&str> = candidates.map(|p| p.text.as_str()).collect();
    let subtitle_at = lines.iter().position(|l| l.starts_with('—') || l.starts_with("--"));
    let considered = if subtitle_at.is_some() { lines.len() } else { lines.len().min(2) };
    let chars = |i: usize| lines[i].chars().count();
    let title_at =
        (0..considered).filter(|&i| Some(i) != subtitle_at).max_by_key(|&i| (chars(i), std::cmp::Reverse(i)));
    let title_at = title_at.ok_or(ErrorKind::ImportNoTitle)?;
    Ok((title_at.max(subtitle_at.unwrap_or(0)) + 1, title_at, subtitle_at))
}

fn is_header_line(script: Script, text: &str) -> bool {
    text.starts_with('—') || text.starts_with("--") || detect::is_title(script, text)
}

/// Lines taken as headings that could as well be the rest of the paragraph before
/// them, which does not end its sentence: a fragment as short as a heading, set apart
/// by a break that no page number or width gives away. Said, for a person to check.
fn unsure_headings(script: Script, paras: &[Para], turn: &TurnOf) -> Vec<Repair> {
    let heading = |p: &Para| turn(&p.text).is_none() && detect::is_heading(script, &p.text);
    let unsure =
        paras.windows(2).filter(|w| heading(&w[1]) && !heading(&w[0]) && !detect::ends_sentence(script, &w[0].text));
    let what = "a heading, though the paragraph before it does not end its sentence (it may be that paragraph's end)";
    unsure.map(|w| Repair::Guess { line: w[1].first, what }).collect()
}

/// Sections from the body: turns before the first heading are the opening remarks.
fn sections(script: Script, body: &[Para], turn: &TurnOf) -> Vec<Section> {
    let mut sections: Vec<Section> = Vec::new();
    let mut headed = 0;
    for p in body {
        if turn(&p.text).is_none() && detect::is_heading(script, &p.text) {
            headed += 1;
            sections.push(Section { id: format!("section-{headed}"), heading: p.text.clone(), blocks: Vec::new() });
            continue;
        }
        if sections.is_empty() {
            let heading = match script {
                // In the characters the text is in.
                Script::Chinese if crate::text::in_traditional(&p.text) => "開場白",
                Script::Chinese => "开场白",
                Script::English => "Opening Remarks",
            };
            sections.push(Section { id: OPENING.to_string(), heading: heading.to_string(), blocks: Vec::new() });
        }
        let block = match turn(&p.text) {
            Some((name, text)) => Block { speaker: Some(name), text },
            None => Block { speaker: None, text: p.text.clone() },
        };
        sections.last_mut().expect("pushed above").blocks.push(block);
    }
    // Without a heading, the turns are the whole conference, not its opening.
    if let [only] = &mut sections[..] {
        if headed == 0 {
            only.id = WHOLE.to_string();
            only.heading = whole_heading(script);
        }
    }
    sections
}

const OPENING: &str = "opening-remarks";
const WHOLE: &str = "full-text";

#[cfg(test)]
mod tests;
