//! Import of captions (WebVTT, SubRip): a recording's subtitles, cut into cues of a few
//! words at any point of a sentence, put back into the speakers' turns. Generated at
//! random: speakers named by `<v Name>` or `Name: `, or changes marked `>>`; rolling
//! captions that repeat the line before; markup and entities; both languages.

use std::path::Path;

use diptych::import::{import, Repair};

/// How a caption file says who speaks.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Voices {
    /// WebVTT's `<v Li Wei>`
    Tags,
    /// `Li Wei: ` at the start of a speaker's first cue
    Labels,
    /// SubRip's `>>` where the speaker changes, no names
    Chevrons,
}

fn time(seconds: f64, comma: bool) -> String {
    let ms = (seconds * 1000.0).round() as u64;
    let sep = if comma { ',' } else { '.' };
    format!("{:02}:{:02}:{:02}{sep}{:03}", ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000)
}

/// A caption file and the turns import should make of it: (speaker, text).
fn captions(seed: u64) -> (String, &'static str, Vec<(Option<String>, String)>) {
    let mut rng = fastrand::Rng::with_seed(seed);
    let zh = seed % 2 == 1;
    let voices = [Voices::Tags, Voices::Labels, Voices::Chevrons][(seed / 2 % 3) as usize];
    let names: &[&str] = if zh { &["主持人", "李伟"] } else { &["Interviewer", "Li Wei"] };
    let srt = voices == Voices::Chevrons;
    let rolling = !srt && rng.bool();
    let mut file = if srt { String::new() } else { "WEBVTT\nKind: captions\n\nNOTE made for a test\n\n".to_string() };
    let (mut expected, mut clock, mut number) = (Vec::new(), 1.0, 1);
    let mut last_line = String::new();
    // Four turns or more: a name that is no role is a label when it recurs.
    for turn in 0..rng.usize(4..9) {
        let name = names[turn % 2];
        let sentences: Vec<String> = (0..rng.usize(1..4))
            .map(|n| match zh {
                true => format!("这是第{turn}段话里的第{n}句，讲的是村里的学校和田地。"),
                false => format!("This is sentence {n} of turn {turn}, about the school & the fields."),
            })
            .collect();
        let text = sentences.join(if zh { "" } else { " " });
        // Cut anywhere: after a few words, or a few characters in Chinese.
        let pieces: Vec<String> = if zh {
            let chars: Vec<char> = text.chars().collect();
            chars.chunks(rng.usize(6..14)).map(|c| c.iter().collect()).collect()
        } else {
            let words: Vec<&str> = text.split(' ').collect();
            words.chunks(rng.usize(3..8)).map(|c| c.join(" ")).collect()
        };
        for (i, piece) in pieces.iter().enumerate() {
            let escaped = piece.replace('&', "&amp;");
            let said = match (voices, i) {
                (Voices::Tags, _) => format!("<v {name}>{escaped}</v>"),
                (Voices::Labels, 0) => format!("{name}{}{escaped}", if zh { "：" } else { ": " }),
                (Voices::Chevrons, 0) if turn > 0 => format!(">> {escaped}"),
                _ => escaped,
            };
            let lines = if rolling && !last_line.is_empty() { format!("{last_line}\n{said}") } else { said.clone() };
            let (start, end) = (clock, clock + 1.0 + rng.f64() * 2.0);
            let timing = format!("{} --> {}", time(start, srt), time(end, srt));
            let settings = if srt || rng.bool() { "" } else { " align:start position:10%" };
            file.push_str(&format!("{number}\n{timing}{settings}\n{lines}\n\n"));
            (clock, number, last_line) = (end + 0.1, number + 1, said);
        }
        let speaker = (voices != Voices::Chevrons).then(|| name.to_string());
        expected.push((speaker, text));
    }
    (file, if zh { "zh" } else { "en" }, expected)
}

#[test]
fn captions_become_the_speakers_turns_whatever_their_cues_cut() {
    for seed in 0..48u64 {
        let (file, lang, expected) = captions(seed);
        let name = if file.starts_with("WEBVTT") { "2024-03-07-interview.vtt" } else { "talk.srt" };
        let date = chrono::NaiveDate::from_ymd_opt(2024, 3, 7);
        let imported =
            import(Path::new(name), &file, lang, date).unwrap_or_else(|e| panic!("seed {seed}: {e}\n{file}"));
        let t = &imported.transcript;
        let blocks: Vec<(Option<String>, String)> =
            t.sections.iter().flat_map(|s| &s.blocks).map(|b| (b.speaker.clone(), b.text.clone())).collect();
        assert_eq!(blocks, expected, "seed {seed}:\n{file}\nrepairs: {:?}", imported.repairs);
        assert!(t.preface.is_empty(), "seed {seed}: {:?}", t.preface);
        assert_eq!(t.title, if name == "talk.srt" { "Talk" } else { "Interview" }, "seed {seed}");
        let format = if name == "talk.srt" { "SubRip" } else { "WebVTT" };
        assert!(
            matches!(imported.repairs.first(), Some(Repair::Captions { format: f, .. }) if *f == format),
            "seed {seed}: {:?}",
            imported.repairs
        );
    }
}
