//! Import of a text in both languages, as ministries, newspapers and study sites print
//! bilingual transcripts: each paragraph in Chinese, then in English (or the other way
//! round), a line each with no blank lines, the two halves one after the other, the
//! title in both on one line, hard-wrapped, or bilingual subtitles. Generated at
//! random; each language's transcript must be what importing that language's text
//! alone gives. And English press conferences, whose questions are labelled once each
//! with who asks (`The Paper:`, `AFP:`).

use std::path::Path;

use diptych::import::{import, import_both, Imported, Repair};

/// How the two languages are laid out in the text.
#[derive(Debug, Clone, Copy)]
enum Layout {
    /// A paragraph in one language, a blank line, the same in the other.
    Paragraphs,
    /// A line per paragraph, no blank lines.
    Lines,
    /// The whole text in one language, then in the other.
    Halves,
    /// The title in both languages on one line, then paragraph by paragraph.
    TitleOnOneLine,
    /// Each paragraph cut at a fixed width, its translation right under it.
    HardWrapped,
    /// The title in each language set on two lines, as web pages break it.
    TitleOnTwoLines,
}

const LAYOUTS: [Layout; 6] = [
    Layout::Paragraphs,
    Layout::Lines,
    Layout::Halves,
    Layout::TitleOnOneLine,
    Layout::HardWrapped,
    Layout::TitleOnTwoLines,
];

/// A transcript in both languages: the paragraphs of each, the title first.
struct Pair {
    zh: Vec<String>,
    en: Vec<String>,
    /// Who answers, in Chinese and in English.
    answerer: (&'static str, &'static str),
}

const ZH_OUTLETS: [&str; 4] = ["澎湃新闻记者", "法新社记者", "彭博社记者", "环球时报记者"];
const EN_OUTLETS: [&str; 4] = ["The Paper", "AFP", "Bloomberg", "Global Times"];

fn pair(rng: &mut fastrand::Rng) -> Pair {
    let mut zh = vec!["2024年3月7日外交部发言人毛宁主持例行记者会".to_string()];
    let mut en = vec!["Foreign Ministry Spokesperson Mao Ning's Regular Press Conference on March 7, 2024".to_string()];
    let headed = rng.bool();
    // Who answers: keyed alike in both languages, two-character family names and ü too.
    let answerer =
        [("毛宁", "Mao Ning"), ("欧阳玉靖", "Ouyang Yujing"), ("吕凡", "Lyu Fan"), ("汪文斌", "Wang Wenbin")]
            [rng.usize(..4)];
    for s in 0..rng.usize(2..5) {
        if headed {
            zh.push(["一带一路合作", "中美关系", "全球南方", "开放发展"][s].to_string());
            en.push(
                ["Belt and Road Cooperation", "China-US Relations", "The Global South", "Open Development"][s]
                    .to_string(),
            );
        }
        let outlet = rng.usize(..ZH_OUTLETS.len());
        zh.push(format!("{}：关于第{s}个问题，我们注意到有关报道，中方对此有何评论？", ZH_OUTLETS[outlet]));
        en.push(format!(
            "{}: On question {s}, we have noted the reports. What is China's comment?",
            EN_OUTLETS[outlet]
        ));
        for p in 0..rng.usize(1..4) {
            let (acronym, note) = if rng.bool() { ("APEC和G20", " (一带一路)") } else { ("", "") };
            let label =
                if p == 0 { (format!("{}：", answerer.0), format!("{}: ", answerer.1)) } else { Default::default() };
            zh.push(format!("{}第{s}个问题的第{p}段回答。我们支持{acronym}各方加强合作，推动共同发展。", label.0));
            en.push(format!(
                "{}This is paragraph {p} of answer {s}. We support the Belt and Road{note} cooperation of all parties for common development.",
                label.1
            ));
        }
    }
    Pair { zh, en, answerer }
}

/// `text` cut into lines of at most `width` characters (at spaces in English).
fn wrapped(text: &str, width: usize, zh: bool) -> Vec<String> {
    let mut lines = vec![String::new()];
    if zh {
        for c in text.chars() {
            if lines.last().unwrap().chars().count() == width {
                lines.push(String::new());
            }
            lines.last_mut().unwrap().push(c);
        }
    } else {
        for word in text.split(' ') {
            let line = lines.last_mut().unwrap();
            if !line.is_empty() && line.len() + 1 + word.len() > width {
                lines.push(word.to_string());
            } else {
                line.push_str(if line.is_empty() { "" } else { " " });
                line.push_str(word);
            }
        }
    }
    lines
}

/// The lines of the bilingual text of `pair` laid out as `layout`, Chinese first or
/// not, each with the language it is in: `zh`, `en`, `both` or none (a blank line).
fn printed(pair: &Pair, layout: Layout, zh_first: bool) -> Vec<(String, &'static str)> {
    let langs = if zh_first { ["zh", "en"] } else { ["en", "zh"] };
    let (first, second) = if zh_first { (&pair.zh, &pair.en) } else { (&pair.en, &pair.zh) };
    let cut = |text: &String, lang: &'static str| match layout {
        Layout::HardWrapped => wrapped(text, if lang == "zh" { 28 } else { 64 }, lang == "zh"),
        _ => vec![text.clone()],
    };
    let blank = || (String::new(), "");
    let mut lines = Vec::new();
    if let Layout::Halves = layout {
        for (paras, lang) in [(first, langs[0]), (second, langs[1])] {
            lines.extend(paras.iter().flat_map(|p| [(p.clone(), lang), blank()]));
        }
        return lines;
    }
    for (n, (a, b)) in first.iter().zip(second).enumerate() {
        if n == 0 && matches!(layout, Layout::TitleOnOneLine) {
            lines.extend([(format!("{a} {b}"), "both"), blank()]);
            continue;
        }
        if n == 0 && matches!(layout, Layout::TitleOnTwoLines) {
            for (title, lang) in [(a, langs[0]), (b, langs[1])] {
                let (one, two) = title.split_once("毛宁").map_or_else(
                    || title.split_once("Ning's ").map(|(x, y)| (format!("{x}Ning's"), y.to_string())).unwrap(),
                    |(x, y)| (format!("{x}毛宁"), y.to_string()),
                );
                lines.extend([(one, lang), blank(), (two, lang), blank()]);
            }
            continue;
        }
        lines.extend(cut(a, langs[0]).into_iter().map(|l| (l, langs[0])));
        if !matches!(layout, Layout::Lines | Layout::HardWrapped) {
            lines.push(blank());
        }
        lines.extend(cut(b, langs[1]).into_iter().map(|l| (l, langs[1])));
        if !matches!(layout, Layout::Lines) {
            lines.push(blank());
        }
    }
    lines
}

fn markdown(imported: &Imported, lang: &str) -> String {
    imported.transcript.to_markdown(lang)
}

/// The first and last of `lines` (numbered from 1) that hold the other language than `lang`.
fn other_lines(lines: &[(String, &str)], lang: &str) -> (usize, usize) {
    let numbers: Vec<usize> =
        lines.iter().enumerate().filter(|(_, (_, l))| !l.is_empty() && *l != lang).map(|(i, _)| i + 1).collect();
    (numbers[0], *numbers.last().unwrap())
}

#[test]
fn each_language_of_a_bilingual_text_is_the_transcript_that_language_alone_gives() {
    let raw = Path::new("bilingual.txt");
    for seed in 0..60u64 {
        let mut rng = fastrand::Rng::with_seed(seed);
        let pair = pair(&mut rng);
        let (layout, zh_first) = (LAYOUTS[seed as usize % LAYOUTS.len()], rng.bool());
        let lines = printed(&pair, layout, zh_first);
        let text: String = lines.iter().map(|(line, _)| format!("{line}\n")).collect();
        let alone = |lines: &[String], lang| import(raw, &(lines.join("\n\n") + "\n"), lang, None).unwrap();
        let (zh_alone, en_alone) = (alone(&pair.zh, "zh"), alone(&pair.en, "en"));
        let context = format!("seed {seed}, {layout:?}, Chinese first: {zh_first}:\n{text}");
        let [zh, en] = import_both(raw, &text, ["zh", "en"], None).unwrap_or_else(|e| panic!("{context}\n{e}"));
        assert_eq!(markdown(&zh, "zh"), markdown(&zh_alone, "zh"), "{context}");
        assert_eq!(markdown(&en, "en"), markdown(&en_alone, "en"), "{context}");
        // Who answers has one key in both languages.
        let key =
            |i: &Imported, name: &str| i.transcript.speakers.iter().find(|(_, n)| *n == name).map(|(k, _)| k.clone());
        let keys = (key(&zh, pair.answerer.0), key(&en, pair.answerer.1));
        assert!(keys.0.is_some() && keys.0 == keys.1, "{keys:?}: {context}");
        // One language asked for: the same transcript, and the other's lines said.
        let only = import(raw, &text, "zh", None).unwrap();
        assert_eq!(markdown(&only, "zh"), markdown(&zh_alone, "zh"), "{context}");
        for (imported, lang, both) in [(&zh, "zh", true), (&en, "en", true), (&only, "zh", false)] {
            let (first, last) = other_lines(&lines, lang);
            let said = imported.repairs.iter().find_map(|r| match r {
                Repair::OtherLanguage { line, last, both, .. } => Some((*line, *last, *both)),
                _ => None,
            });
            assert_eq!(said, Some((first, last, both)), "{lang}, {context}\n{:?}", imported.repairs);
            // Every other repair is at a line of the input in the import's language.
            for repair in imported.repairs.iter().filter(|r| !matches!(r, Repair::OtherLanguage { .. })) {
                let (line, written) = &lines[repair.line() - 1];
                assert!([lang, "both"].contains(written), "{repair} at {line:?}, {context}");
            }
        }
    }
}

/// Bilingual subtitles, a line in each language in every cue, make a transcript in each
/// language, as that language's subtitles alone do.
#[test]
fn bilingual_subtitles_make_a_transcript_in_each_language() {
    let raw = Path::new("interview.srt");
    let date = chrono::NaiveDate::from_ymd_opt(2024, 3, 7);
    for seed in 0..24u64 {
        let mut rng = fastrand::Rng::with_seed(seed);
        let (mut both, mut zh, mut en) = (String::new(), String::new(), String::new());
        for cue in 1..rng.usize(6..20) {
            let speaker = if cue % 3 == 1 { ["主持人：", "Host: "] } else { ["", ""] };
            let zh_line = format!("{}这是第{cue}句字幕，讲村里的学校。", speaker[0]);
            let en_line = format!("{}This is caption {cue}, about the village school.", speaker[1]);
            let timing = format!("00:00:{:02},000 --> 00:00:{:02},500", cue * 2, cue * 2 + 1);
            let (a, b) = if seed % 2 == 0 { (&zh_line, &en_line) } else { (&en_line, &zh_line) };
            both.push_str(&format!("{cue}\n{timing}\n{a}\n{b}\n\n"));
            zh.push_str(&format!("{cue}\n{timing}\n{zh_line}\n\n"));
            en.push_str(&format!("{cue}\n{timing}\n{en_line}\n\n"));
        }
        let [zh_both, en_both] = import_both(raw, &both, ["zh", "en"], date).unwrap_or_else(|e| panic!("{e}\n{both}"));
        let alone = |text: &str, lang| markdown(&import(raw, text, lang, date).unwrap(), lang);
        assert_eq!(markdown(&zh_both, "zh"), alone(&zh, "zh"), "seed {seed}:\n{both}");
        assert_eq!(markdown(&en_both, "en"), alone(&en, "en"), "seed {seed}:\n{both}");
    }
}

/// A transcript in one language that quotes the other now and then is not bilingual:
/// nothing is left out, and asking for both languages is refused with which to give.
#[test]
fn a_transcript_quoting_the_other_language_is_kept_whole() {
    let raw = Path::new("quoting.txt");
    for seed in 0..24u64 {
        let mut rng = fastrand::Rng::with_seed(seed);
        let pair = pair(&mut rng);
        let (mut zh, quoted) = (pair.zh.clone(), rng.usize(1..pair.en.len()));
        // An English paragraph in the Chinese text: a question asked and printed in English.
        zh.insert(quoted, pair.en[quoted].clone());
        let text = zh.join("\n\n") + "\n";
        let imported = import(raw, &text, "zh", None).unwrap();
        assert!(!imported.repairs.iter().any(|r| matches!(r, Repair::OtherLanguage { .. })), "{text}");
        let words = pair.en[quoted].rsplit(": ").next().unwrap();
        assert!(markdown(&imported, "zh").contains(words), "{text}");
        let refused = import_both(raw, &text, ["zh", "en"], None).err().expect("refused");
        assert!(refused.to_string().contains("give --lang zh"), "{refused}");
    }
}

/// An English press conference labels each question once with who asks it, an outlet in
/// title case or capitals (`The Paper:`, `AFP:`, `China News Service:`), its question
/// in that paragraph or one after it: each is a turn, not a line of the answer before
/// or a heading, and a question asked again in a paragraph of its own ("What is
/// China's comment?") is kept. A phrase before a colon in a speaker's words (`Let me be
/// clear: …?`) stays text, and so does a title-case one that asks nothing before the
/// next turn. Copied from a web page, the page's languages, path and time go.
#[test]
fn questions_labelled_once_with_who_asks_are_turns() {
    const OUTLETS: [&str; 10] = [
        "The Paper",
        "AFP",
        "Bloomberg",
        "Global Times",
        "China News Service",
        "RIA Novosti",
        "Yonhap News Agency",
        "Agencia EFE",
        "NHK",
        "Hubei Media Group",
    ];
    for seed in 0..40u64 {
        let mut rng = fastrand::Rng::with_seed(seed);
        let mut outlets = OUTLETS.to_vec();
        rng.shuffle(&mut outlets);
        let title = "Foreign Ministry Spokesperson Mao Ning's Regular Press Conference on March 7, 2024";
        // As copied from a web page: its languages, the path to it, when it was put up.
        let mut text = match rng.bool() {
            true => {
                format!("中文 | English | Français\n   Home > Spokesperson's Remarks\n{title}\n2024-03-08 09:15\n\n")
            }
            false => format!("{title}\n\n"),
        };
        let indent = if rng.bool() { "  " } else { "" };
        let mut expected =
            vec![(Some("Mao Ning".to_string()), "Good afternoon. I have nothing to announce today.".to_string())];
        for (n, outlet) in outlets.iter().take(rng.usize(3..8)).enumerate() {
            // What reporters ask again and again.
            let asked = ["What is China's comment?", "Could you confirm them?", "Can you share more details?"];
            let question = format!("Question {n} is about the reports of this week. {}", asked[rng.usize(..3)]);
            let answer = format!("I am not aware of what you said in question {n}.");
            // A question set out over paragraphs, asked in the last.
            if rng.bool() {
                let (report, asked) = question.split_once(". ").unwrap();
                expected.push((Some(outlet.to_string()), format!("{report}.")));
                expected.push((None, asked.to_string()));
            } else {
                expected.push((Some(outlet.to_string()), question));
            }
            // Two outlets may ask before the answer comes.
            if rng.u8(..4) == 0 && n + 1 < outlets.len() {
                let follow_up = format!("A follow-up on question {n}: is that so?");
                expected.push((Some(outlets[outlets.len() - 1 - n].to_string()), follow_up));
            }
            expected.push((Some("Mao Ning".to_string()), answer));
            // Said once each: a phrase that starts paragraphs again and again is taken
            // for a speaker's name.
            const PHRASES: [&str; 8] = [
                "Let me be clear",
                "The point is simple",
                "My answer is this",
                "One thing is certain",
                "As I said before",
                "Here is the thing",
                "Think about it",
                "To put it another way",
            ];
            if rng.bool() {
                expected.push((None, format!("{}: why would we do that in case {n}?", PHRASES[n])));
            }
            if rng.bool() {
                expected.push((None, format!("Third Point {n}: we will keep working with all sides.")));
            }
        }
        for (speaker, words) in &expected {
            let indent = if speaker.as_deref() == Some("Mao Ning") { indent } else { "" };
            text.push_str(&speaker.as_ref().map_or(words.clone(), |s| format!("{indent}{s}: {words}")));
            text.push_str("\n\n");
        }
        let imported = import(Path::new("presser.txt"), &text, "en", None).unwrap();
        let t = &imported.transcript;
        let blocks: Vec<(Option<String>, String)> =
            t.sections.iter().flat_map(|s| &s.blocks).map(|b| (b.speaker.clone(), b.text.clone())).collect();
        assert_eq!(t.title, title, "seed {seed}:\n{text}");
        assert_eq!(
            t.sections.len(),
            1,
            "seed {seed}: {:?}\n{text}",
            t.sections.iter().map(|s| &s.heading).collect::<Vec<_>>()
        );
        assert_eq!(blocks, expected, "seed {seed}:\n{text}");
    }
}

/// From the command line: `--lang zh,en` writes a transcript in each language, named
/// for the input in `--output-dir` or beside the one `--output` names; they build as
/// one transcript, its sections side by side. Nothing is written where either file
/// exists, and a bilingual text needs somewhere to write two files.
#[test]
fn a_bilingual_text_imports_into_a_pair_that_builds_side_by_side() {
    let site = crate::support::TestSite::minimal();
    let mut rng = fastrand::Rng::with_seed(7);
    let pair = pair(&mut rng);
    let text: String = printed(&pair, Layout::Paragraphs, true).iter().map(|(l, _)| format!("{l}\n")).collect();
    site.write("raw/0307-press.txt", &text);
    let out = site.run(&["import", "--lang", "zh,en", "raw/0307-press.txt"]);
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success() && said.contains("--output-dir") && !said.contains("repair"), "{said}");
    let out = site.run(&["import", "--lang", "zh,en,fr", "raw/0307-press.txt"]);
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success() && said.contains("--lang names one language"), "{said}");
    let out = site.run(&["import", "--lang", "zh,en", "raw/0307-press.txt", "--dry-run"]);
    let outline = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success() && outline.contains("[zh]\ntitle:") && outline.contains("[en]\ntitle:"), "{outline}");
    let out = site.run(&["import", "--lang", "zh,en", "raw/0307-press.txt", "--output-dir", "content/2024"]);
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{said}");
    assert!(said.contains("repair (zh): left out") && said.contains("repair (en): left out"), "{said}");
    site.build_ok();
    let side_by_side = site.page("parallel/2024/0307-press/");
    assert!(side_by_side.contains("data-align"), "sentences aligned");
    let shown = crate::support::plain_text(&side_by_side);
    for (zh, en) in pair.zh.iter().zip(&pair.en).skip(1) {
        let (zh, en) = (zh.rsplit('：').next().unwrap(), en.rsplit(": ").next().unwrap());
        assert!(shown.contains(zh) && shown.contains(en), "{zh} / {en} side by side:\n{shown}");
    }
    // `--output` names either file; the other goes beside it. Neither is written where one exists.
    site.write("content/2023/0101-press.en.md", "kept");
    let out = site.run(&["import", "--lang", "zh,en", "raw/0307-press.txt", "-o", "content/2023/0101-press.zh.md"]);
    assert!(!out.status.success() && String::from_utf8_lossy(&out.stderr).contains("0101-press.en.md exists"));
    assert!(!site.root().join("content/2023/0101-press.zh.md").exists());
    let out = site.run(&["import", "--lang", "en,zh", "raw/0307-press.txt", "-o", "content/2022/0307.en.md"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    for lang in ["zh", "en"] {
        let written = std::fs::read_to_string(site.root().join(format!("content/2022/0307.{lang}.md"))).unwrap();
        assert_eq!(
            written,
            std::fs::read_to_string(site.root().join(format!("content/2024/0307-press.{lang}.md"))).unwrap()
        );
    }
}
