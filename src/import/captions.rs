//! Captions as a raw text: a recording's subtitles (WebVTT, as Zoom, Teams and YouTube
//! save them, or SubRip's `.srt`), cut into cues of a few seconds each, put back into
//! paragraphs: a speaker's each (`<v Li Wei>`, `Li Wei: ` or `>>` at a cue's start),
//! or, where no cue names one, broken where the speech pauses after a sentence's end.
//! Captions have no title: the file's name is the title, said as a repair.

use std::path::Path;

use super::detect::{self, Script};

/// A pause after a sentence's end at least this long (in seconds) ends a paragraph.
const PAUSE: f64 = 2.0;

/// The text made of captions, and for each of its lines the input line it came from.
pub struct Captions {
    pub text: String,
    pub lines: Vec<usize>,
    pub cues: usize,
    pub format: &'static str,
    /// The names cues give as their voice (`<v Li Wei>`).
    pub voices: std::collections::HashSet<String>,
}

/// A cue: its input line, start and end (seconds), speaker if named, and text.
struct Cue {
    line: usize,
    start: f64,
    end: f64,
    voice: Option<String>,
    text: String,
}

/// `text` read as captions, if it is WebVTT or SubRip.
pub fn read(script: Script, path: &Path, text: &str) -> Option<Captions> {
    let mut lines = text.lines().skip_while(|l| l.trim().is_empty());
    let first = lines.next()?.trim();
    let format = if first.starts_with("WEBVTT") {
        "WebVTT"
    } else if first.chars().all(|c| c.is_ascii_digit()) && lines.next().is_some_and(|l| l.contains("-->")) {
        "SubRip"
    } else {
        return None;
    };
    let cues = cues(script, text);
    let title = title_of(path);
    let (mut out, mut lines) = (format!("{title}\n"), vec![1]);
    for (line, paragraph) in paragraphs(script, &cues) {
        out.push('\n');
        out.push_str(&paragraph);
        out.push('\n');
        lines.extend([line, line]);
    }
    let voices = cues.iter().filter_map(|c| c.voice.clone()).collect();
    Some(Captions { text: out, lines, cues: cues.len(), format, voices })
}

/// A title made of the file's name: `0307-interview_li-wei.vtt` is "Interview Li Wei"
/// (a date or number it starts with left out, each word capitalised).
fn title_of(path: &Path) -> String {
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let words = stem.split(['-', '_', ' ', '.']).filter(|w| !w.is_empty());
    let words: Vec<String> = words
        .skip_while(|w| w.chars().all(|c| c.is_ascii_digit()))
        .map(|w| w.chars().take(1).flat_map(char::to_uppercase).chain(w.chars().skip(1)).collect())
        .collect();
    if words.is_empty() {
        "Recording".to_string()
    } else {
        words.join(" ")
    }
}

/// The cues of a caption file, their markup taken out, a line a rolling caption
/// repeats from the cue before left out.
fn cues(script: Script, text: &str) -> Vec<Cue> {
    let lines: Vec<&str> = text.lines().collect();
    let mut cues: Vec<Cue> = Vec::new();
    let mut last_line = String::new();
    let mut i = 0;
    while i < lines.len() {
        let Some((start, end)) = timing(lines[i]) else {
            i += 1;
            continue;
        };
        let line = i + 1;
        let mut voice = None;
        let mut words = Vec::new();
        i += 1;
        while i < lines.len() && !lines[i].trim().is_empty() {
            let (named, plain) = without_markup(lines[i]);
            // A rolling caption's repeat of the line before is left out, and so is its voice.
            if !plain.is_empty() && plain != last_line {
                voice = voice.or(named);
                last_line = plain.clone();
                words.push(plain);
            }
            i += 1;
        }
        let joiner = if script == Script::Chinese { "" } else { " " };
        cues.push(Cue { line, start, end, voice, text: words.join(joiner) });
    }
    cues
}

/// `00:01:02.500 --> 00:01:05.000 align:start` (or `01:02,500`, as SubRip writes it):
/// start and end in seconds.
fn timing(line: &str) -> Option<(f64, f64)> {
    let (start, rest) = line.split_once("-->")?;
    let end = rest.split_whitespace().next()?;
    Some((seconds(start.trim())?, seconds(end)?))
}

fn seconds(time: &str) -> Option<f64> {
    let mut total = 0.0;
    for part in time.replace(',', ".").split(':') {
        total = total * 60.0 + part.parse::<f64>().ok()?;
    }
    Some(total)
}

/// A cue's line without its tags (`<i>`, `<c.yellow>`, `<00:00:01.500>`) and
/// entities, and the speaker its `<v Name>` names.
fn without_markup(line: &str) -> (Option<String>, String) {
    let mut voice = None;
    let mut plain = String::new();
    let mut rest = line;
    while let Some(open) = rest.find('<') {
        plain.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('>') else { break };
        let tag = &rest[open + 1..open + close];
        if let Some(name) = tag.strip_prefix('v').filter(|t| t.starts_with([' ', '.'])) {
            let name = name.split_once(' ').map_or("", |(_, n)| n).trim();
            voice = (!name.is_empty()).then(|| name.to_string());
        }
        rest = &rest[open + close + 1..];
    }
    plain.push_str(rest);
    let plain = plain.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&nbsp;", " ");
    (voice, plain.replace(['\u{200e}', '\u{200f}'], "").trim().to_string())
}

/// The cues as paragraphs, each with the input line of its first cue: a new one where
/// the speaker changes, and where no cue names a speaker, after a pause at a
/// sentence's end.
fn paragraphs(script: Script, cues: &[Cue]) -> Vec<(usize, String)> {
    let voiced = cues.iter().any(|c| c.voice.is_some());
    let mut out: Vec<(usize, String)> = Vec::new();
    let mut speaker: Option<&str> = None;
    let mut last_end = f64::NEG_INFINITY;
    for cue in cues.iter().filter(|c| !c.text.is_empty()) {
        let (changed, words) = match (&cue.voice, cue.text.strip_prefix(">>")) {
            (Some(v), _) => (speaker != Some(v.as_str()), cue.text.as_str()),
            (None, Some(rest)) => (true, rest.trim()),
            (None, None) => (detect::split_label(script, &cue.text).is_some(), cue.text.as_str()),
        };
        let ended = out.last().is_some_and(|(_, p)| p.ends_with(|c| script.is_terminal(c)));
        let paused = !voiced && ended && cue.start - last_end >= PAUSE;
        match out.last_mut() {
            Some((_, paragraph)) if !changed && !paused => {
                if script == Script::English {
                    paragraph.push(' ');
                }
                paragraph.push_str(words);
            }
            _ => {
                let opening =
                    cue.voice.as_ref().map_or_else(|| words.to_string(), |v| format!("{v}{}{words}", script.colon()));
                out.push((cue.line, opening));
            }
        }
        speaker = cue.voice.as_deref().or(speaker);
        last_end = cue.end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Any text after `WEBVTT` reads without a panic, each line of what it makes
        /// tied to an input line within the text.
        #[test]
        fn any_caption_file_reads_and_every_line_has_its_input_line(
            body in "([0-9:.,<>v &;a-z王毅\n-]|-->| --> |<v [A-Z][a-z]+>|\n\n){0,80}",
            zh in proptest::bool::ANY,
        ) {
            let script = if zh { Script::Chinese } else { Script::English };
            let text = format!("WEBVTT\n\n{body}");
            let read = read(script, Path::new("a.vtt"), &text).expect("WEBVTT is captions");
            proptest::prop_assert_eq!(read.lines.len(), read.text.lines().count());
            let input_lines = text.lines().count().max(1);
            proptest::prop_assert!(read.lines.iter().all(|&l| (1..=input_lines).contains(&l)));
        }
    }

    #[test]
    fn cues_are_read_with_their_times_voices_and_text() {
        assert_eq!(timing("00:01:02.500 --> 00:01:05.000 align:start"), Some((62.5, 65.0)));
        assert_eq!(timing("01:02,500 --> 01:05,000"), Some((62.5, 65.0)));
        assert_eq!(timing("no time here"), None);
        // SubRip is told by its first cue, blank lines before it or not.
        for text in ["1\n00:00:01,000 --> 00:00:02,000\nHi.\n", "\n\n1\n00:00:01,000 --> 00:00:02,000\nHi.\n"] {
            assert_eq!(read(Script::English, Path::new("a.srt"), text).map(|c| c.format), Some("SubRip"));
        }
        assert!(read(Script::English, Path::new("a.txt"), "1\nTitle\n").is_none());
        let (voice, text) = without_markup("<v.loud Li Wei><i>I grew up</i> &amp; <00:00:01.500><c>more</c></v>");
        assert_eq!((voice.as_deref(), text.as_str()), (Some("Li Wei"), "I grew up & more"));
        assert_eq!(without_markup("<v Interviewer>So."), (Some("Interviewer".into()), "So.".into()));
    }
}
