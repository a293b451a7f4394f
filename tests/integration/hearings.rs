//! Import of transcripts in which people say the same words: a hearing's record (labels
//! as the US Government Publishing Office prints them, `Chairman McCAUL.`), and press
//! conferences in English and Chinese, where turns open and close with the same
//! formula ("Thank you, Mr. Chairman.", "I yield back the balance of my time."), and a
//! White House briefing, whose questions are `Q` and the words, no colon, and a
//! recording's transcript (Otter, Rev, Zoom, iFlytek), each speaker's name and the time
//! they began on a line above their words. Every
//! turn comes out with its speaker and every sentence of it: a sentence said again by a
//! speaker is speech, not text printed twice. Generated at random.

use std::path::Path;

use diptych::import::{import, Repair};

#[derive(Debug, Clone, Copy, PartialEq)]
enum Style {
    /// `Chairman McCAUL. Text`
    Hearing,
    /// `Moderator: Text`
    English,
    /// `主持人：正文`
    Chinese,
    /// `MS. JEAN-PIERRE: Text` and `Q    Text`
    Briefing,
    /// `Li Wei  0:25`, `Li Wei (00:03):` or `[Li Wei] 10:01:23`, then the words
    Recording,
    /// `李伟 00:00:03` or `发言人1（00:03）`, then the words
    ChineseRecording,
}

struct Words {
    labels: &'static [&'static str],
    opening: &'static [&'static str],
    closing: &'static [&'static str],
    header: &'static str,
}

fn words(style: Style) -> Words {
    match style {
        Style::Hearing => Words {
            labels: &[
                "Chairman McCAUL",
                "Mr. MEEKS",
                "Secretary BLINKEN",
                "Ms. JACOBS of California",
                "The CHAIRMAN",
                "Ranking Member DeLAURO",
                "Mrs. WAGNER",
            ],
            opening: &[
                "Thank you, Mr. Chairman.",
                "Without objection, so ordered.",
                "The gentleman is recognized for five minutes.",
            ],
            closing: &["I yield back the balance of my time.", "The gentleman's time has expired."],
            header: "HEARING ON RELATIONS WITH CHINA\n\nThursday, March 7, 2024\n\n",
        },
        Style::English => Words {
            labels: &["Moderator", "Xinhua reporter", "Wang Yi", "Reuters correspondent"],
            opening: &["Thank you very much for the question.", "Thank you, Moderator, for giving me the floor."],
            closing: &["That is all from me, thank you all very much."],
            header: "Press Conference on Foreign Policy\n\nBEIJING, March 7, 2024\n\n",
        },
        Style::Briefing => Words {
            labels: &["MS. JEAN-PIERRE", "Q", "MR. KIRBY"],
            opening: &["Thank you, Karine, for taking my question."],
            closing: &["That is all I have for you today, thank you."],
            header: "Press Briefing by Press Secretary Karine Jean-Pierre\n\nMarch 7, 2024\n\n",
        },
        Style::Recording => Words {
            labels: &["Interviewer", "Li Wei", "Speaker 3"],
            opening: &["Thank you for asking me about that time."],
            closing: &["That is how I remember it, more or less."],
            header: "Oral History Interview with Li Wei\n\nMarch 7, 2024\n\n",
        },
        Style::ChineseRecording => Words {
            labels: &["主持人", "李伟", "发言人1"],
            opening: &["谢谢你问起那段日子，我来慢慢讲。"],
            closing: &["我记得的大概就是这些了，谢谢你们。"],
            header: "李伟口述访谈\n\n2024年3月7日\n\n",
        },
        Style::Chinese => Words {
            labels: &["主持人", "新华社记者", "王毅", "路透社记者"],
            opening: &["感谢主持人给我这次提问的机会。", "谢谢，这是一个很好的问题，我来回答。"],
            closing: &["我的问题就是这些，再次感谢主持人。"],
            header: "外交政策记者会\n\n2024年3月7日\n\n",
        },
    }
}

/// A sentence said once, the `n`-th.
fn distinct(style: Style, n: usize) -> String {
    match style {
        Style::Chinese | Style::ChineseRecording => format!("第{n}项议题涉及与周边地区的贸易往来和人员交流。"),
        _ => format!("Item {n} on the agenda concerns trade and travel with the region."),
    }
}

/// A generated transcript: its raw text, and each paragraph as import should give it
/// (the speaker, for a paragraph that opens a turn, and its text).
fn transcript(style: Style, seed: u64) -> (String, Vec<(Option<String>, String)>) {
    let mut rng = fastrand::Rng::with_seed(seed);
    let w = words(style);
    let chinese = matches!(style, Style::Chinese | Style::ChineseRecording);
    let joiner = if chinese { "" } else { " " };
    let mut order: Vec<&str> = (0..rng.usize(5..14)).map(|_| w.labels[rng.usize(..w.labels.len())]).collect();
    // Every speaker at least twice: a name that is no role is a label when it recurs.
    let used: Vec<&str> = order.clone();
    order.extend(used);
    let (mut raw, mut expected, mut n) = (w.header.to_string(), Vec::new(), 0);
    for label in order {
        for paragraph in 0..rng.usize(1..3) {
            let mut sentences = Vec::new();
            if paragraph == 0 && rng.bool() {
                sentences.push(w.opening[rng.usize(..w.opening.len())].to_string());
            }
            for _ in 0..rng.usize(1..3) {
                sentences.push(distinct(style, n));
                n += 1;
            }
            // A formula ends a turn's first paragraph, or a later one (no label).
            if rng.u8(..10) < 3 {
                sentences.push(w.closing[rng.usize(..w.closing.len())].to_string());
            }
            let text = sentences.join(joiner);
            let indent = if style == Style::Hearing { "    " } else { "" };
            let written = match (paragraph, style) {
                (0, Style::Hearing) => format!("{label}. {text}"),
                (0, Style::English) => format!("{label}: {text}"),
                (0, Style::Briefing) if label == "Q" => format!("Q{}{text}", [" ", "    ", "\t"][rng.usize(..3)]),
                (0, Style::Briefing) => format!("{label}: {text}"),
                (0, Style::Recording | Style::ChineseRecording) => {
                    let time = format!("{}:{:02}", rng.usize(..60), rng.usize(..60));
                    let named = match rng.usize(..3) {
                        0 if style == Style::Recording => format!("{label}  {time}"),
                        0 => format!("{label} 00:{time}"),
                        1 if style == Style::Recording => format!("{label} ({time}):"),
                        1 => format!("{label}（{time}）"),
                        _ => format!("[{label}] {time}"),
                    };
                    format!("{named}\n{text}")
                }
                (0, Style::Chinese) => format!("{label}：{text}"),
                _ => text.clone(),
            };
            raw.push_str(&format!("{indent}{written}\n\n"));
            expected.push(((paragraph == 0).then(|| label.to_string()), text));
        }
    }
    (raw, expected)
}

#[test]
fn every_turn_keeps_its_speaker_and_every_sentence_said_again() {
    for seed in 0..120u64 {
        let styles = [
            Style::Hearing,
            Style::English,
            Style::Chinese,
            Style::Briefing,
            Style::Recording,
            Style::ChineseRecording,
        ];
        let style = styles[seed as usize % styles.len()];
        let (raw, expected) = transcript(style, seed);
        let lang = if matches!(style, Style::Chinese | Style::ChineseRecording) { "zh" } else { "en" };
        let imported = import(Path::new("raw.txt"), &raw, lang, None).unwrap_or_else(|e| panic!("seed {seed}: {e}"));
        let t = &imported.transcript;
        let blocks: Vec<(Option<String>, String)> =
            t.sections.iter().flat_map(|s| &s.blocks).map(|b| (b.speaker.clone(), b.text.clone())).collect();
        assert_eq!(blocks, expected, "seed {seed} ({style:?}):\n{raw}\nrepairs: {:?}", imported.repairs);
        // A recording's names and times are joined with the words and taken out, each said.
        let recording = matches!(style, Style::Recording | Style::ChineseRecording);
        let said = |r: &&Repair| !(recording && matches!(r, Repair::Label { .. } | Repair::TimeStamp { .. }));
        let other: Vec<&Repair> = imported.repairs.iter().filter(said).collect();
        assert!(other.is_empty(), "seed {seed}: {other:?}");
        if recording {
            let times = imported.repairs.iter().filter(|r| matches!(r, Repair::TimeStamp { .. })).count();
            assert_eq!(times, expected.iter().filter(|(speaker, _)| speaker.is_some()).count(), "seed {seed}");
        }
        assert_eq!(t.date, chrono::NaiveDate::from_ymd_opt(2024, 3, 7).unwrap(), "seed {seed}");
    }
}

/// A hearing's record ends with its adjournment in brackets: the closing lines.
#[test]
fn a_hearing_s_adjournment_closes_its_record() {
    let (mut raw, _) = transcript(Style::Hearing, 1);
    raw.push_str("    [Whereupon, at 12:30 p.m., the committee was adjourned.]\n");
    let imported = import(Path::new("raw.txt"), &raw, "en", None).unwrap();
    assert_eq!(imported.transcript.closing, ["[Whereupon, at 12:30 p.m., the committee was adjourned.]"]);
}
