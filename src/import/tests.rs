use super::names::speaker_key;
use super::*;

#[test]
fn speaker_keys_are_url_keys_whatever_the_name() {
    for name in ["Wangߦi", "Ærø Ådne", "José María", "王毅·", "---", "Ñ"] {
        let key = speaker_key(name);
        assert!(crate::config::is_url_key(&key), "{name} → {key}");
    }
}

#[test]
fn speaker_keys_match_across_languages() {
    for (chinese, latin, key) in [
        ("王毅", "Wang Yi", "wang-yi"),
        ("习近平", "Xi Jinping", "xi-jinping"),
        ("欧阳玉靖", "Ouyang Yujing", "ouyang-yujing"),
        ("司马南", "Sima Nan", "sima-nan"),
        ("吕凡", "Lyu Fan", "lyu-fan"),
        ("吕凡", "Lü Fan", "lyu-fan"),
        ("女", "Nyu", "nyu"),
    ] {
        assert_eq!((speaker_key(chinese), speaker_key(latin)), (key.to_string(), key.to_string()), "{chinese}");
    }
    assert_eq!(speaker_key("José María Aznar"), "jose-maria-aznar");
    assert_eq!(speaker_key("Lars Løkke Rasmussen"), "lars-lokke-rasmussen");
    assert_eq!(speaker_key("Gerhard Müller"), "gerhard-muller");
    // A title in brackets after a name is not keyed; Traditional characters are.
    assert_eq!(speaker_key("王毅（外交部长）"), "wang-yi");
    assert_eq!(speaker_key("Wang Yi (Foreign Minister)"), "wang-yi");
    assert_eq!(speaker_key("歐陽玉靖"), "ouyang-yujing");
}

#[test]
fn closing_lines_are_kept_with_or_without_sections() {
    let date = NaiveDate::from_ymd_opt(2024, 3, 7);
    let bare = "标题\n\n3月7日，记者会在梅地亚中心举行。\n\n记者会历时1小时30分钟。\n";
    let imported = import(Path::new("raw.txt"), bare, "zh", date).unwrap();
    let markdown = imported.transcript.to_markdown("zh");
    // The front matter's closing `---` is the only one: no closing block without a section.
    assert!(
        markdown.ends_with("\n记者会历时1小时30分钟。\n") && markdown.matches("\n---\n").count() == 1,
        "{markdown}"
    );
    let with_section = "标题\n\n3月7日，记者会举行。\n\n一个问题\n\n记者：问。\n\n记者会历时1小时30分钟。\n";
    let markdown = import(Path::new("raw.txt"), with_section, "zh", date).unwrap().transcript.to_markdown("zh");
    assert!(markdown.ends_with("\n---\n\n记者会历时1小时30分钟。\n"), "{markdown}");
}

/// A title that starts with its date (as the foreign ministry's regular press
/// conferences are titled) is the title, and the date is read from it.
#[test]
fn a_title_that_starts_with_its_date_is_the_title() {
    for (lang, title, body) in [
        ("zh", "2024年3月7日外交部发言人毛宁主持例行记者会", "毛宁：下午好。\n\n记者：请问。\n\n毛宁：谢谢。"),
        (
            "en",
            "March 7, 2024 Regular Press Conference of the Foreign Ministry",
            "Mao Ning: Good afternoon.\n\nReporter: A question.\n\nMao Ning: Thanks.",
        ),
    ] {
        let imported = import(Path::new("raw.txt"), &format!("{title}\n\n{body}\n"), lang, None)
            .unwrap_or_else(|e| panic!("{title}: {e}"));
        let markdown = imported.transcript.to_markdown(lang);
        assert!(markdown.starts_with(&format!("---\ntitle: {title}\ndate: 2024-03-07\n")), "{markdown}");
        // No heading: one section, the whole text.
        let heading = if lang == "zh" { "## 全文 {#full-text}" } else { "## Full Text {#full-text}" };
        assert_eq!(markdown.matches("\n## ").count(), 1, "{markdown}");
        assert!(markdown.contains(heading), "{markdown}");
    }
}

/// A line that is only a date, after the title, is neither the title nor a section:
/// the date is found in it, in either language, in each way it is written.
#[test]
fn a_date_on_a_line_of_its_own_is_the_date_not_a_heading() {
    let zh = ["2024年3月7日", "2024年3月7日 北京", "2024-03-07"];
    let en = ["March 7, 2024", "7 March 2024", "Thursday, March 7, 2024", "Beijing, March 7, 2024", "2024-03-07"];
    let cases = zh.iter().map(|d| ("zh", "王毅谈中国外交", *d, "开场白\n\n王毅：大家好。\n\n记者：请问。"));
    let cases = cases.chain(
        en.iter()
            .map(|d| ("en", "China and the World", *d, "Opening\n\nWang Yi: Good morning.\n\nReporter: A question.")),
    );
    for (lang, title, date, body) in cases {
        // Before a heading, and before a paragraph of the preface it is no part of.
        let lead = if lang == "zh" { "以下为记者会实录。" } else { "What follows is the record." };
        let text = format!("{title}\n\n{date}\n\n{lead}\n\n{body}\n");
        let imported = import(Path::new("raw.txt"), &text, lang, None).unwrap_or_else(|e| panic!("{date}: {e}"));
        let markdown = imported.transcript.to_markdown(lang);
        assert!(markdown.starts_with(&format!("---\ntitle: {title}\ndate: 2024-03-07\n")), "{date}:\n{markdown}");
        assert!(!markdown.contains(&format!("## {date}")), "{date}:\n{markdown}");
        assert!(imported.transcript.preface.iter().any(|p| p == lead), "{date}: joined to the lead\n{markdown}");
    }
}

#[test]
fn markdown_characters_in_text_are_escaped() {
    assert_eq!(escape_markdown("1. a *b* [c]"), "1\\. a \\*b\\* \\[c\\]");
    assert_eq!(escape_markdown("中国—非洲"), "中国—非洲");
    assert_eq!(escape_markdown("AT&amp;T"), "AT\\&amp;T");
    for (text, escaped) in [("-", "\\-"), ("---", "\\---"), ("+", "\\+"), ("12.", "12\\."), ("3) x", "3\\) x")] {
        assert_eq!(escape_markdown(text), escaped);
    }
}

#[test]
fn a_heading_after_a_paragraph_that_does_not_end_its_sentence_is_said_to_be_a_guess() {
    let date = NaiveDate::from_ymd_opt(2024, 3, 7);
    let unsure =
        |repairs: &[Repair]| repairs.iter().filter(|r| r.to_string().contains("may be that paragraph's end")).count();
    let heads = ["中非合作的新篇章", "推动构建人类命运共同体", "2023年的中国外交"];
    let ends = [("我们将继续同非洲国家一道", 1), ("我们将继续同非洲国家一道前进。", 0), ("王毅：中方愿同各方一道", 1)];
    for head in heads {
        for (end, expected) in ends {
            // 王毅 speaks twice, so his label is a speaker's.
            let text = format!("标题\n\n3月7日，记者会举行。\n\n第一个问题\n\n记者：问。\n\n王毅：答。\n\n王毅：{end}\n\n{head}\n\n记者：又问。\n");
            let text = text.replace("王毅：王毅：", "王毅：");
            let imported = import(Path::new("raw.txt"), &text, "zh", date).unwrap();
            assert_eq!(unsure(&imported.repairs), expected, "{end} / {head}");
            if expected == 1 {
                let line = imported.repairs.iter().find(|r| r.to_string().contains("may be")).unwrap().line();
                assert_eq!(text.lines().nth(line - 1), Some(head), "reported at the heading's own line");
            }
        }
    }
}

proptest::proptest! {
    /// Names that make one key get the first free suffix, as counting from 2 for each
    /// name finds it, even where a name's own key is another's with a suffix.
    #[test]
    fn names_that_make_one_key_get_the_first_free_suffix(
        picks in proptest::collection::vec(0..7usize, 0..60)
    ) {
        let forms = ["Li", "LI", "Li 2", "li-2", "Li 3", "Wang Yi", "王毅"];
        let names: Vec<String> = picks.iter().map(|&i| forms[i].to_string()).collect();
        let mut expected: IndexMap<String, String> = IndexMap::new();
        for name in &names {
            let key = speaker_key(name);
            let free = (1..).map(|n| if n == 1 { key.clone() } else { format!("{key}-{n}") });
            let key = free.into_iter().find(|k| !expected.contains_key(k)).unwrap();
            expected.insert(key, name.clone());
        }
        proptest::prop_assert_eq!(speaker_keys(names.into_iter()), expected);
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(32))]
    /// Invisible characters strewn in a raw text (a terminal's escapes, NUL, a DOS file's
    /// Ctrl-Z, a web page's zero-width spaces and word joiners) are taken out, each
    /// line's reported, and the import is the clean text's.
    #[test]
    fn invisible_characters_are_taken_out_and_said(
        strewn in proptest::collection::vec((0usize..1_000_000, proptest::sample::select(vec![0u32, 7, 8, 0x0B, 0x1A, 0x1B, 0x7F, 0x85, 0x9F, 0x200B, 0x2060, 0xFEFF])), 1..8)
    ) {
        let clean = include_str!("../../tests/fixtures/seed.txt");
        let mut damaged = clean.to_string();
        let mut lines = std::collections::BTreeSet::new();
        for (at, code) in strewn {
            let mut at = at % damaged.len();
            while !damaged.is_char_boundary(at) {
                at -= 1;
            }
            damaged.insert(at, char::from_u32(code).unwrap());
            lines.insert(damaged[..at].matches('\n').count() + 1);
        }
        let date = NaiveDate::from_ymd_opt(2024, 3, 7);
        let expected = import(Path::new("raw.txt"), clean, "zh", date).unwrap();
        let imported = import(Path::new("raw.txt"), &damaged, "zh", date).unwrap();
        proptest::prop_assert_eq!(imported.transcript.to_markdown("zh"), expected.transcript.to_markdown("zh"));
        let said: std::collections::BTreeSet<usize> =
            imported.repairs.iter().filter(|r| matches!(r, Repair::Invisible { .. })).map(Repair::line).collect();
        proptest::prop_assert_eq!(said, lines);
    }
}

/// A text saved on a Mac before OS X ends its lines with CR alone: it reads as the
/// same text with line feeds.
#[test]
fn lines_ended_by_carriage_returns_alone_are_lines() {
    let clean = include_str!("../../tests/fixtures/seed.txt");
    let date = NaiveDate::from_ymd_opt(2024, 3, 7);
    let expected = import(Path::new("raw.txt"), clean, "zh", date).unwrap().transcript.to_markdown("zh");
    let old_mac = clean.replace('\n', "\r");
    let imported = import(Path::new("raw.txt"), &old_mac, "zh", date).unwrap().transcript.to_markdown("zh");
    assert_eq!(imported, expected);
}

/// A text copied from a web page: what the page put around it is taken out, and said;
/// its details give the source and the place the text itself does not.
#[test]
fn a_web_pages_controls_are_taken_out_and_its_details_kept() {
    let text = "首页 > 外交部发言人 > 例行记者会\n2024年3月11日外交部发言人毛宁主持例行记者会\n\
                来源：外交部网站  发布时间：2024-03-11 18:30\n地点：蓝厅\n【字体：大 中 小】 打印本页\n\
                毛宁：下午好。\n记者：请问。\n毛宁：谢谢。\n（完）\n（责任编辑：张三）\n分享到：微信 微博\n【关闭窗口】\n";
    let imported = import(Path::new("web.txt"), text, "zh", None).unwrap();
    let t = &imported.transcript;
    assert_eq!(t.title, "2024年3月11日外交部发言人毛宁主持例行记者会");
    assert_eq!(
        (t.kicker.as_deref(), t.source.as_deref(), t.place.as_deref()),
        (None, Some("外交部网站"), Some("蓝厅"))
    );
    assert!(t.preface.is_empty(), "{:?}", t.preface);
    assert_eq!(t.closing, ["（责任编辑：张三）"]);
    let taken: Vec<usize> =
        imported.repairs.iter().filter(|r| matches!(r, Repair::WebPage { .. })).map(Repair::line).collect();
    assert_eq!(taken, [1, 3, 4, 5, 9, 11, 12]);
}

/// An English government transcript: a title, the speaker and office, the place, the
/// date and the hour on lines of their own, labels in capitals, and its own ending.
#[test]
fn an_official_english_transcripts_header_and_end_are_read() {
    let text = "Department Press Briefing\n\nMatthew Miller, Department Spokesperson\n\nWashington, DC\n\n\
                March 7, 2024\n\n1:15 p.m. EST\n\nMR MILLER: Good afternoon. (Laughter.) One announcement.\n\n\
                QUESTION: Thank you, Matt.\n\nMR MILLER: Go ahead.\n\n\
                (The briefing was concluded at 2:01 p.m.)\n\n# # #\n";
    let imported = import(Path::new("briefing.txt"), text, "en", None).unwrap_or_else(|e| panic!("{e}"));
    let t = &imported.transcript;
    assert_eq!(t.title, "Department Press Briefing");
    assert_eq!((t.date, t.place.as_deref()), (NaiveDate::from_ymd_opt(2024, 3, 7).unwrap(), Some("Washington, DC")));
    assert_eq!(
        t.preface,
        ["Matthew Miller, Department Spokesperson", "Washington, DC", "March 7, 2024", "1:15 p.m. EST"]
    );
    assert_eq!(t.sections.len(), 1, "no heading: the whole text");
    let speakers: Vec<Option<&str>> = t.sections[0].blocks.iter().map(|b| b.speaker.as_deref()).collect();
    assert_eq!(speakers, [Some("MR MILLER"), Some("QUESTION"), Some("MR MILLER")]);
    assert_eq!(t.closing, ["(The briefing was concluded at 2:01 p.m.)"]);
}

/// A speech copied out of a PDF: a long title over two lines, the date under it, a page
/// number in the form `Page 2 of 5`.
#[test]
fn a_long_title_over_two_lines_the_date_and_page_numbers_are_read() {
    let text = "Transcript of Remarks by Foreign Minister Wang Yi\nat the Munich Security Conference\n\n\
                February 17, 2024\n\nMODERATOR: Minister Wang, welcome.\n\nWANG YI: Thank you. China will remain a \
                stabi-\nlizing force.\n\nMODERATOR: Thank you.\n\nWANG YI: It is clear.\n\nPage 2 of 5\n\n\
                MODERATOR: Thank you very much.\n";
    let imported = import(Path::new("speech.txt"), text, "en", None).unwrap_or_else(|e| panic!("{e}"));
    let t = &imported.transcript;
    assert_eq!(t.title, "Transcript of Remarks by Foreign Minister Wang Yi at the Munich Security Conference");
    assert_eq!(t.date, NaiveDate::from_ymd_opt(2024, 2, 17).unwrap());
    assert_eq!(t.preface, ["February 17, 2024"]);
    let headings: Vec<&str> = t.sections.iter().map(|s| s.heading.as_str()).collect();
    assert_eq!(headings, ["Full Text"]);
    assert_eq!(t.sections[0].blocks.len(), 5);
    assert!(imported.repairs.iter().any(|r| r.to_string().ends_with("running head or foot: Page 2 of 5")));
}

/// A speaker introduced with a title once (`外交部长王毅：`) and by name after: the first
/// turn is theirs too, and said; a role (`新华社记者` after `记者`) is left as it is.
#[test]
fn a_label_with_a_title_before_the_name_is_that_speakers_turn() {
    for (lang, titled, name, others) in [
        ("zh", "外交部长王毅", "王毅", ["新华社记者：请问。", "王毅：好。", "记者：再问。", "王毅：谢谢。"]),
        (
            "en",
            "Foreign Minister Wang Yi",
            "Wang Yi",
            ["Xinhua reporter: A question.", "Wang Yi: Yes.", "Reporter: Another.", "Wang Yi: Thanks."],
        ),
    ] {
        let text = format!(
            "Title\n\n2024-03-07\n\n{titled}{}Welcome all.\n\n{}\n",
            if lang == "zh" { "：" } else { ": " },
            others.join("\n\n")
        );
        let imported = import(Path::new("t.txt"), &text, lang, None).unwrap_or_else(|e| panic!("{e}"));
        let speakers: Vec<Option<&str>> =
            imported.transcript.sections[0].blocks.iter().map(|b| b.speaker.as_deref()).collect();
        let reporter = if lang == "zh" { ["新华社记者", "记者"] } else { ["Xinhua reporter", "Reporter"] };
        assert_eq!(speakers, [Some(name), Some(reporter[0]), Some(name), Some(reporter[1]), Some(name)], "{lang}");
        let said: Vec<String> = imported.repairs.iter().map(|r| r.to_string()).collect();
        assert_eq!(
            said,
            [format!("took the label `{titled}` for {name}'s (a title with the name the other turns use alone)")]
        );
    }
}

#[test]
fn what_a_transcript_says_of_itself_is_read_in_traditional_characters_too() {
    let date = NaiveDate::from_ymd_opt(2024, 3, 7);
    // Opening remarks before any heading, a web page's details, a list of notes, the
    // credits: each found by its words, and kept in the characters it came in.
    let traditional = "外交部記者會\n\n來源：外交部網站  地點：藍廳\n\n劉建超：各位好[1]。\n\n關於中美關係\n\n記者：請問。\n\n劉建超：謝謝。\n\n註釋：\n\n[1] 見前文。\n\n（責任編輯：張三）\n";
    let imported = import(Path::new("raw.txt"), traditional, "zh", date).unwrap();
    let t = &imported.transcript;
    assert_eq!((t.source.as_deref(), t.place.as_deref()), (Some("外交部網站"), Some("藍廳")));
    assert_eq!(t.sections[0].heading, "開場白");
    assert_eq!(t.notes.len(), 1, "{:?}", t.notes);
    assert_eq!(t.closing, ["（責任編輯：張三）"]);
    assert_eq!(t.speakers.get("liu-jianchao").map(String::as_str), Some("劉建超"));
}
