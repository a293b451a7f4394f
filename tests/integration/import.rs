//! `diptych import`: raw transcripts into source files, damage repaired, nothing lost.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use diptych::import::{import, Imported, Repair};

use crate::support::*;

fn seed() -> String {
    std::fs::read_to_string(project_root().join("tests/fixtures/seed.txt")).unwrap()
}

fn date() -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::from_ymd_opt(2024, 3, 7)
}

fn import_seed(text: &str) -> Imported {
    import(Path::new("seed.txt"), text, "zh", date()).unwrap_or_else(|e| panic!("{e}"))
}

/// (section id, turns, paragraphs) of each section.
fn shape(imported: &Imported) -> Vec<(String, usize, usize)> {
    let sections = &imported.transcript.sections;
    sections
        .iter()
        .map(|s| (s.id.clone(), s.blocks.iter().filter(|b| b.speaker.is_some()).count(), s.blocks.len()))
        .collect()
}

fn diptych(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_diptych")).args(args).current_dir(cwd).output().unwrap()
}

#[test]
fn the_seed_gives_the_opening_seven_sections_and_fifteen_turns() {
    let imported = import_seed(&seed());
    let t = &imported.transcript;
    assert_eq!(t.title, "中国将坚定做世界的和平力量、稳定力量、进步力量");
    assert_eq!(t.subtitle.as_deref(), Some("中共中央政治局委员、外交部长王毅就中国外交政策和对外关系回答中外记者提问"));
    assert_eq!(t.kicker.as_deref(), Some("全国两会 特别报道"));
    assert_eq!((t.place.as_deref(), t.source.as_deref()), (Some("梅地亚中心"), Some("新华社")));
    assert_eq!(t.speakers.get("wang-yi").map(String::as_str), Some("王毅"));
    let ids: Vec<String> = shape(&imported).into_iter().map(|(id, _, _)| id).collect();
    assert_eq!(
        ids,
        ["opening-remarks", "section-1", "section-2", "section-3", "section-4", "section-5", "section-6", "section-7"]
    );
    assert_eq!(shape(&imported).iter().map(|(_, turns, _)| turns).sum::<usize>(), 15);
    assert_eq!(t.sections[7].heading, "希望各方都像中国一样，加大对非重视支持非洲发展");
}

#[test]
fn every_repair_on_the_seed_is_reported_with_its_line() {
    let repairs = import_seed(&seed()).repairs;
    let expected = [
        Repair::MovedClosing { line: 89, text: "记者会历时1小时30分钟。".into() },
        Repair::MovedClosing { line: 91, text: "(据新华社北京3月7日电)".into() },
        Repair::Joined { line: 109, next: 111 },
        Repair::Duplicate {
            first: 117,
            last: 123,
            original: 109,
            preview: "合本国国情的发展道路，把前途和命运牢牢掌握在自己…".into(),
        },
        Repair::Duplicate { first: 125, last: 125, original: 89, preview: "记者会历时1小时30分钟。".into() },
        Repair::Duplicate { first: 127, last: 127, original: 91, preview: "(据新华社北京3月7日电)".into() },
    ];
    assert_eq!(repairs, expected);
}

/// Pieces of the input: each paragraph cut after every sentence end, so the halves of
/// the split sentence and the lines without an end mark (title, dateline) count too.
fn pieces(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines().map(|l| l.trim()).filter(|l| !l.is_empty()) {
        let mut current = String::new();
        for c in line.chars() {
            current.push(c);
            if matches!(c, '。' | '！' | '？') {
                out.push(std::mem::take(&mut current));
            }
        }
        if !current.trim().is_empty() {
            out.push(current);
        }
    }
    out
}

#[test]
fn no_sentence_of_the_seed_is_lost_or_doubled() {
    let markdown = import_seed(&seed()).transcript.to_markdown("zh");
    // The text as a reader sees it: no Markdown, no line structure.
    let body: String =
        markdown.lines().map(|l| l.replace("**", "").replace('\\', "").trim_start_matches("## ").to_string()).collect();
    let front_and_body = body.replace("subtitle: ", "——");
    // Each distinct piece once; a piece found inside another (a heading quoted in a
    // sentence) as often as the distinct pieces hold it.
    let mut distinct = pieces(&seed());
    let mut seen = std::collections::HashSet::new();
    distinct.retain(|p| seen.insert(p.clone()));
    let hay = distinct.join("|");
    for piece in &distinct {
        let (found, expected) = (front_and_body.matches(piece.as_str()).count(), hay.matches(piece.as_str()).count());
        assert_eq!(found, expected, "{found} times, expected {expected}: {piece}");
    }
    assert!(body.contains("非洲国家需要探索符合本国国情的发展道路"), "the split sentence is joined");
}

#[test]
fn the_imported_seed_builds() {
    let site = TestSite::minimal();
    let markdown = import_seed(&seed()).transcript.to_markdown("zh");
    site.write("content/2024/0307-press.zh.md", markdown);
    site.build_ok();
    let page = site.page("zh/2024/0307-press/section-7/");
    assert!(page.contains(r#"<p class="speaker"><a href="/zh/speakers/wang-yi/">王毅</a></p>"#));
    assert!(page.contains("非洲国家需要探索符合本国国情的发展道路"));
    // The closing lines are the transcript's closing block, not part of the last answer.
    assert!(!page.contains("记者会历时"));
    let whole = site.page("zh/2024/0307-press/");
    let closing = whole.split(r#"<div class="closing">"#).nth(1).expect("a closing block");
    assert!(closing.starts_with("<p>记者会历时1小时30分钟。</p>\n<p>(据新华社北京3月7日电)</p>"), "{closing}");
}

#[test]
fn line_ends_bom_colons_line_breaks_and_stray_spaces_do_not_change_the_result() {
    let seed = seed();
    let expected = shape(&import_seed(&seed));
    let single_breaks = seed.lines().filter(|l| !l.trim().is_empty()).collect::<Vec<_>>().join("\n");
    let stray_spaces = seed
        .lines()
        .map(|l| if l.is_empty() { " \t".to_string() } else { format!("　 {l}  ") })
        .collect::<Vec<_>>()
        .join("\n");
    let variants = [
        ("CRLF", seed.replace('\n', "\r\n")),
        ("BOM", format!("\u{feff}{seed}")),
        ("ASCII colons", seed.replace('：', ":")),
        ("single line breaks", single_breaks),
        ("stray whitespace", stray_spaces),
    ];
    for (name, text) in variants {
        let imported = import_seed(&text);
        assert_eq!(shape(&imported), expected, "{name}");
        assert_eq!(imported.repairs.len(), 6, "{name}: {:?}", imported.repairs);
    }
}

#[test]
fn english_transcripts_have_turns_headings_and_the_same_repairs() {
    let text = std::fs::read_to_string(project_root().join("tests/fixtures/import/en.txt")).unwrap();
    let imported = import(Path::new("en.txt"), &text, "en", None).unwrap();
    let t = &imported.transcript;
    assert_eq!(t.title, "China Will Firmly Be a Force for Peace");
    assert_eq!(t.date, chrono::NaiveDate::from_ymd_opt(2024, 3, 7).unwrap(), "the year is in the text");
    assert_eq!((t.place.as_deref(), t.source.as_deref()), (Some("Media Center"), Some("Xinhua")));
    assert_eq!(t.speakers.keys().collect::<Vec<_>>(), ["wang-yi"], "roles such as Question are not speakers");
    assert_eq!(
        shape(&imported),
        [("opening-remarks".to_string(), 1, 1), ("section-1".to_string(), 2, 2), ("section-2".to_string(), 2, 2)]
    );
    assert_eq!(t.closing, ["The press conference lasted one hour and thirty minutes.", "(Xinhua, Beijing, March 7)"]);
    let markdown = t.to_markdown("en");
    assert!(markdown.contains("**Wang Yi**: 2023 was a year of pioneering. It was also a year of harvest for our diplomacy, with many results."));
    assert!(
        markdown.ends_with("The press conference lasted one hour and thirty minutes.\n\n(Xinhua, Beijing, March 7)\n")
    );
    let kinds: Vec<&str> = imported
        .repairs
        .iter()
        .map(|r| match r {
            Repair::Joined { .. } => "joined",
            Repair::TitleJoined { .. } => "title joined",
            Repair::Duplicate { .. } => "duplicate",
            Repair::MovedClosing { .. } => "moved",
            Repair::Label { .. } => "label",
            Repair::PageFurniture { .. } => "furniture",
            Repair::TimeStamp { .. } => "time",
            Repair::WebPage { .. } => "web",
            Repair::Titled { .. } => "titled",
            Repair::Spaced { .. } => "spaced",
            Repair::Guess { .. } => "guess",
            Repair::Invisible { .. } => "invisible",
            Repair::Hyphen { .. } => "hyphen",
            Repair::Notes { .. } => "notes",
            Repair::Encoding { .. } => "encoding",
            Repair::LineNumbers { .. } => "numbers",
            Repair::Captions { .. } => "captions",
            Repair::Document { .. } => "document",
            Repair::OtherLanguage { .. } => "other language",
        })
        .collect();
    assert_eq!(kinds, ["joined", "moved", "duplicate"]);
}

#[test]
fn a_text_without_a_year_needs_a_date() {
    let err = import(Path::new("seed.txt"), &seed(), "zh", None).err().unwrap();
    assert_eq!(
        err.to_string(),
        "seed.txt: error: the text names no year (it says 3月7日); give the date with --date YYYY-MM-DD"
    );
}

#[test]
fn the_command_writes_a_file_or_standard_output_and_reports_repairs() {
    let dir = tempfile::tempdir().unwrap();
    let seed_path = project_root().join("tests/fixtures/seed.txt");
    let seed_arg = seed_path.to_str().unwrap();
    let out =
        diptych(&["import", seed_arg, "--lang", "zh", "--date", "2024-03-07", "--output", "out/a.zh.md"], dir.path());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let written = std::fs::read_to_string(dir.path().join("out/a.zh.md")).unwrap();
    assert!(written.starts_with("---\ntitle: 中国将坚定做世界的和平力量、稳定力量、进步力量\n"));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains(&format!(
            "{seed_arg}:109: repair: joined with line 111: one paragraph split across a page break"
        )),
        "{stderr}"
    );
    let out = diptych(&["import", seed_arg, "--lang", "zh", "--date", "2024-03-07"], dir.path());
    assert_eq!(String::from_utf8(out.stdout).unwrap(), written);
    // Without --date the command fails with the message, and writes nothing.
    let out = diptych(&["import", seed_arg, "--lang", "zh", "--output", "b.md"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("give the date with --date YYYY-MM-DD"));
    assert!(!dir.path().join("b.md").exists());
}

#[test]
fn dry_run_prints_the_structure_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let seed_path = project_root().join("tests/fixtures/seed.txt");
    let out = diptych(
        &["import", seed_path.to_str().unwrap(), "--lang", "zh", "--date", "2024-03-07", "--dry-run", "-o", "x.md"],
        dir.path(),
    );
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("sections: 8 (15 turns)"), "{stdout}");
    assert!(stdout.contains("  8. {#section-7} 希望各方都像中国一样，加大对非重视支持非洲发展 (2 turns, 6 paragraphs)"));
    assert!(stdout.contains("closing:  2 lines"), "{stdout}");
    assert!(stdout.contains("repairs:  6"));
    assert!(!dir.path().join("x.md").exists());
}

#[test]
fn import_never_replaces_a_file_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    let seed_path = project_root().join("tests/fixtures/seed.txt");
    let seed_path = seed_path.to_str().unwrap();
    std::fs::write(dir.path().join("out.md"), "corrected by hand").unwrap();
    let args = ["import", seed_path, "--lang", "zh", "--date", "2024-03-07", "-o", "out.md"];
    let out = diptych(&args, dir.path());
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("out.md exists already; import never replaces a file"));
    assert_eq!(std::fs::read_to_string(dir.path().join("out.md")).unwrap(), "corrected by hand");
    let forced: Vec<&str> = args.iter().copied().chain(["--force"]).collect();
    assert!(diptych(&forced, dir.path()).status.success());
    assert!(std::fs::read_to_string(dir.path().join("out.md")).unwrap().starts_with("---\ntitle: 中国将坚定"));
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(leftovers.len(), 1, "no temporary file is left: {leftovers:?}");
}

#[test]
fn several_texts_go_into_a_folder_and_standard_input_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let seed = project_root().join("tests/fixtures/seed.txt");
    std::fs::copy(&seed, dir.path().join("0307-press.txt")).unwrap();
    std::fs::copy(&seed, dir.path().join("0308-press.txt")).unwrap();
    let args = [
        "import",
        "0307-press.txt",
        "0308-press.txt",
        "--lang",
        "zh",
        "--date",
        "2024-03-07",
        "--output-dir",
        "content/2024",
    ];
    assert!(diptych(&args, dir.path()).status.success());
    for name in ["0307-press", "0308-press"] {
        let written = std::fs::read_to_string(dir.path().join(format!("content/2024/{name}.zh.md"))).unwrap();
        assert!(written.starts_with("---\ntitle: 中国将坚定") && written.contains("{#section-7}"), "{name}");
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_diptych"))
        .args(["import", "-", "--lang", "zh", "--date", "2024-03-07"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), std::fs::read(&seed).unwrap().as_slice()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("---\ntitle: 中国将坚定"));
    assert!(String::from_utf8_lossy(&out.stderr).contains("(standard input):109: repair: joined with line 111"));
}

#[test]
fn a_text_in_the_other_language_or_not_utf8_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let seed_path = project_root().join("tests/fixtures/seed.txt");
    let out = diptych(&["import", seed_path.to_str().unwrap(), "--lang", "en"], dir.path());
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("error: the text looks Chinese"), "{out:?}");
    let english = project_root().join("tests/fixtures/import/en.txt");
    let out = diptych(&["import", english.to_str().unwrap(), "--lang", "zh"], dir.path());
    assert!(String::from_utf8_lossy(&out.stderr).contains("error: the text looks English"), "{out:?}");
    // A Word document cut short cannot be read; other zipped files are no text.
    let cut = b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xdf\xa4\xd2lZ";
    std::fs::write(dir.path().join("raw.docx"), cut).unwrap();
    std::fs::write(dir.path().join("raw.zip"), cut).unwrap();
    let out = diptych(&["import", "raw.docx", "--lang", "zh"], dir.path());
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.starts_with("raw.docx: error: this Word document cannot be read ("), "{said}");
    let out = diptych(&["import", "raw.zip", "--lang", "zh"], dir.path());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.starts_with("raw.zip: error: this file is a Word document (.docx), or another zipped file"), "{said}");
}

/// A raw transcript in traditional Chinese, as a Hong Kong paper prints it: a Big5 file.
const TRADITIONAL: &str = "香港特區政府新聞公報\n\n行政長官答記者問\n\n2024年3月7日，行政長官在禮賓府舉行記者會。\n\n\
    經濟發展\n\n記者：請問政府今年的經濟重點是甚麼？\n\n行政長官：我們會繼續推動經濟發展，改善市民生活。\
    我們亦會加強與內地的合作。\n\n記者：政府如何應對樓價問題？\n\n行政長官：我們會增加土地供應，並推出更多資助房屋。\n";

/// Every raw text of the fixtures, saved in each encoding such a file comes in that can
/// hold it (GB18030, Big5, UTF-16 of either order with or without its mark, UTF-8 with
/// a mark, Windows-1252 for English), imports as its UTF-8 copy does, with the encoding
/// said; and `--encoding` names one that is not found alone.
#[test]
fn a_raw_text_in_another_encoding_imports_as_its_utf8_copy_does() {
    use encoding_rs::{BIG5, GB18030, WINDOWS_1252};
    let dir = tempfile::tempdir().unwrap();
    let kinds = project_root().join("tests/fixtures/import/kinds");
    let mut texts: Vec<(String, String)> = vec![
        ("zh".into(), seed()),
        ("zh".into(), TRADITIONAL.to_string()),
        ("en".into(), std::fs::read_to_string(project_root().join("tests/fixtures/import/en.txt")).unwrap()),
    ];
    for entry in std::fs::read_dir(&kinds).unwrap().map(Result::unwrap) {
        let name = entry.file_name().to_string_lossy().into_owned();
        if let Some(lang) = name.strip_suffix(".txt").and_then(|n| n.rsplit('.').next()) {
            texts.push((lang.to_string(), std::fs::read_to_string(entry.path()).unwrap()));
        }
    }
    let utf16 = |text: &str, big: bool, mark: bool| -> Vec<u8> {
        let units = text.encode_utf16().flat_map(move |u| if big { u.to_be_bytes() } else { u.to_le_bytes() });
        let mark = if big { [0xFE, 0xFF] } else { [0xFF, 0xFE] }.into_iter().filter(move |_| mark);
        mark.chain(units).collect()
    };
    // None where the encoding cannot hold the text, or holds it as UTF-8 does (ASCII).
    let legacy = |encoding: &'static encoding_rs::Encoding, text: &str| {
        let (bytes, _, unmappable) = encoding.encode(text);
        (!unmappable && *bytes != *text.as_bytes()).then(|| bytes.into_owned())
    };
    for (n, (lang, text)) in texts.iter().enumerate() {
        std::fs::write(dir.path().join("utf8.txt"), text).unwrap();
        let expected = diptych(&["import", "utf8.txt", "--lang", lang, "--date", "2024-03-07"], dir.path());
        assert!(expected.status.success(), "text {n}: {expected:?}");
        let mut saved: Vec<(&str, Option<Vec<u8>>, &str)> = vec![
            ("UTF-16LE", Some(utf16(text, false, true)), "UTF-16LE"),
            ("UTF-16BE", Some(utf16(text, true, true)), "UTF-16BE"),
            ("UTF-8 with a mark", Some([&[0xEF, 0xBB, 0xBF][..], text.as_bytes()].concat()), ""),
        ];
        if text.starts_with(|c: char| c.is_ascii()) && text.chars().nth(1).is_some_and(|c| c.is_ascii()) {
            saved.push(("UTF-16LE without a mark", Some(utf16(text, false, false)), "UTF-16LE"));
        }
        if lang == "zh" {
            saved.push(("GB18030", legacy(GB18030, text), "gb18030"));
            saved.push(("Big5", legacy(BIG5, text), "Big5"));
        } else {
            saved.push(("Windows-1252", legacy(WINDOWS_1252, text), "windows-1252"));
        }
        for (encoding, bytes, said) in saved {
            let Some(bytes) = bytes else { continue }; // the encoding cannot hold this text
            std::fs::write(dir.path().join("raw.txt"), &bytes).unwrap();
            let out = diptych(&["import", "raw.txt", "--lang", lang, "--date", "2024-03-07"], dir.path());
            let context = format!("text {n} in {encoding}: {}", String::from_utf8_lossy(&out.stderr));
            assert_eq!(String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&expected.stdout), "{context}");
            let note = format!("raw.txt:1: repair: read as {said}, the encoding the file was saved in");
            assert_eq!(String::from_utf8_lossy(&out.stderr).contains(&note), !said.is_empty(), "{context}");
        }
    }
    // Named: a short text whose encoding no detector could be sure of.
    let short = "记者会\n\n2024年3月7日，记者会举行。\n\n外交\n\n王毅：好。\n";
    std::fs::write(dir.path().join("short.txt"), GB18030.encode(short).0).unwrap();
    let out = diptych(&["import", "short.txt", "--lang", "zh", "--encoding", "gbk", "--dry-run"], dir.path());
    assert!(String::from_utf8_lossy(&out.stderr).contains("read as gb18030"), "{out:?}");
    let out = diptych(&["import", "short.txt", "--lang", "zh", "--encoding", "utf-8"], dir.path());
    assert!(
        String::from_utf8_lossy(&out.stderr).starts_with("short.txt:1:1: error: this file is not UTF-8 text"),
        "{out:?}"
    );
}

/// A second language imported with `--ids-from` the first takes its section ids by
/// position, so the two pair at once; a translation with other sections is refused.
#[test]
fn ids_come_from_the_translation_by_position() {
    let dir = tempfile::tempdir().unwrap();
    let english = project_root().join("tests/fixtures/import/en.txt");
    let english = english.to_str().unwrap();
    assert!(diptych(&["import", english, "--lang", "en", "-o", "first.en.md"], dir.path()).status.success());
    let first = std::fs::read_to_string(dir.path().join("first.en.md")).unwrap();
    let renamed = first.replace("{#section-1}", "{#pioneering}").replace("{#section-2}", "{#africa}");
    std::fs::write(dir.path().join("first.en.md"), renamed).unwrap();
    let out = diptych(&["import", english, "--lang", "en", "--ids-from", "first.en.md"], dir.path());
    let written = String::from_utf8(out.stdout).unwrap();
    let ids: Vec<&str> =
        written.lines().filter(|l| l.starts_with("## ")).map(|l| l.rsplit_once('{').unwrap().1).collect();
    assert_eq!(ids, ["#opening-remarks}", "#pioneering}", "#africa}"]);
    let seed = project_root().join("tests/fixtures/seed.txt");
    let args = ["import", seed.to_str().unwrap(), "--lang", "zh", "--date", "2024-03-07", "--ids-from", "first.en.md"];
    let out = diptych(&args, dir.path());
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("first.en.md: error: this file has 3 section(s) and the imported text 8"), "{stderr}");
}

/// One raw copy per kind of damage, in each language (`tests/fixtures/import/kinds/`,
/// written by its `make.py`): each imports to exactly the file of the clean copy, and
/// every kind that changes the text is reported.
#[test]
fn every_kind_of_damage_imports_to_the_clean_file() {
    let dir = project_root().join("tests/fixtures/import/kinds");
    let reported = [
        "running-heads",
        "heading-across-pages",
        "mid-word-break",
        "printed-twice",
        "label-alone",
        "closing-lines",
        "web-page",
    ];
    let mut checked = 0;
    for lang in ["zh", "en"] {
        let expected = std::fs::read_to_string(dir.join(format!("expected.{lang}.md"))).unwrap();
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let Some(kind) = name.strip_suffix(&format!(".{lang}.txt")) else { continue };
            let text = std::fs::read_to_string(&path).unwrap();
            let imported = import(&path, &text, lang, date()).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(imported.transcript.to_markdown(lang), expected, "{name}");
            if reported.contains(&kind) {
                assert!(!imported.repairs.is_empty(), "{name}: repaired without a report");
            }
            checked += 1;
        }
    }
    assert_eq!(checked, 22, "eleven kinds (the clean copy included) in two languages");
}

/// An English word a page break cut without a hyphen cannot be told from two words:
/// import keeps a space and says so; an ordinary break between words says nothing.
#[test]
fn a_word_cut_without_a_hyphen_is_reported_as_a_guess() {
    let cut = "China Will Firmly Be a Force for Peace\n\nBEIJING, March 7, 2024 -- Held.\n\nWang Yi: We carry forward the Silk Road spi\n\n- 1 -\n\nrit of the Silk Road.\n\nWang Yi: Yes.\n";
    let imported = import(Path::new("raw.txt"), cut, "en", None).unwrap();
    assert!(imported.repairs.iter().any(|r| matches!(r, Repair::Guess { line: 9, .. })), "{:?}", imported.repairs);
    let between = cut.replace("spi\n\n- 1 -\n\nrit of", "spirit\n\n- 1 -\n\nof");
    let imported = import(Path::new("raw.txt"), &between, "en", None).unwrap();
    assert!(!imported.repairs.iter().any(|r| matches!(r, Repair::Guess { .. })), "{:?}", imported.repairs);
}

/// A word hyphenated at a line's end is made whole, and that is reported: it changes
/// the text.
#[test]
fn a_word_hyphenated_at_a_line_end_is_joined_and_reported() {
    let text = "China Will Firmly Be a Force for Peace\n\nBEIJING, March 7, 2024 -- The press con-\nference was held.\n\nWang Yi: Yes.\n\nWang Yi: No.\n";
    let imported = import(Path::new("raw.txt"), text, "en", None).unwrap();
    assert_eq!(imported.transcript.preface, ["BEIJING, March 7, 2024 -- The press conference was held."]);
    assert!(imported.repairs.contains(&Repair::Hyphen { line: 3 }), "{:?}", imported.repairs);
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(40))]

    /// English transcripts print their labels in capitals, honorifics and all (`MR.
    /// PRICE:`, `H.E. LIU:`): each is a turn, even of one who speaks once (`CCTV:`),
    /// and roles (`MODERATOR`) are no speakers. A name ending in `A` is no answer.
    #[test]
    fn english_labels_in_capitals_are_turns(turns in proptest::collection::vec(0usize..8, 4..12)) {
        let names = ["WANG YI", "MR. PRICE", "H.E. LIU", "CCTV", "CHINA DAILY", "MODERATOR", "DR. CHEN", "NASA"];
        let mut text = String::from("Remarks to the Press\n\nMarch 7, 2024\n\nThe briefing was held in Washington.\n\nOn Trade\n\n");
        for (i, &n) in turns.iter().enumerate() {
            text.push_str(&format!("{}: Sentence number {i} is said here.\n\n", names[n]));
        }
        let imported = import(Path::new("raw.txt"), &text, "en", None).unwrap_or_else(|e| panic!("{e}\n{text}"));
        let blocks = &imported.transcript.sections[0].blocks;
        let said: Vec<Option<&str>> = blocks.iter().map(|b| b.speaker.as_deref()).collect();
        let expected: Vec<Option<&str>> = turns.iter().map(|&n| Some(names[n])).collect();
        proptest::prop_assert_eq!(said, expected, "{}", text);
        let speakers: Vec<&String> = imported.transcript.speakers.values().collect();
        proptest::prop_assert!(!speakers.iter().any(|s| *s == "MODERATOR"), "{:?}", speakers);
    }
}

/// The text of note `n` in `lang`: notes differ in length, as real ones do.
fn note_text(lang: &str, n: usize) -> String {
    match lang {
        "zh" => format!("第{n}条注释{}。", "，补充说明".repeat(n)),
        _ => format!("Note {n} of {lang}{}.", ", with more".repeat(n)),
    }
}

/// The clean fixture in `lang` with `count` notes marked after sentences that `seed`
/// picks, in the mark style and list style it picks, the list before or after the
/// closing lines; and the sentences marked, in order.
fn with_notes(lang: &str, count: usize, seed: u64) -> (String, Vec<String>) {
    let clean =
        std::fs::read_to_string(project_root().join(format!("tests/fixtures/import/kinds/clean.{lang}.txt"))).unwrap();
    let stop = if lang == "zh" { '。' } else { '.' };
    // Sentences of turns (lines with a speaker's colon), each a place for a mark.
    let mut places: Vec<(usize, usize)> = Vec::new();
    for (no, line) in clean.lines().enumerate() {
        if line.contains(['：', ':']) && !line.starts_with('(') {
            places.extend(line.match_indices(stop).map(|(i, _)| (no, i + stop.len_utf8())));
        }
    }
    let mut chosen: Vec<(usize, usize)> =
        seeded_order(places.len(), seed).into_iter().take(count).map(|i| places[i]).collect();
    chosen.sort_unstable();
    let style = seed % 4;
    let mark = |n: usize| match (lang, style) {
        ("zh", 1) => "①②③④⑤".chars().nth(n - 1).unwrap().to_string(),
        ("zh", 2) => format!("［{n}］"),
        _ => format!("[{n}]"),
    };
    let item = |n: usize, text: &str| match (lang, style) {
        ("zh", 3) => format!("注{n}：{text}"),
        _ => format!("{} {text}", mark(n)),
    };
    let mut lines: Vec<String> = clean.lines().map(str::to_string).collect();
    let mut marked = Vec::new();
    for (k, &(no, at)) in chosen.iter().enumerate().rev() {
        let before = &lines[no][..at - stop.len_utf8()];
        let sentence_start =
            before.char_indices().rfind(|(_, c)| [stop, '：', ':'].contains(c)).map_or(0, |(i, c)| i + c.len_utf8());
        marked.push(lines[no][sentence_start..at].trim().to_string());
        lines[no].insert_str(at, &mark(k + 1));
    }
    marked.reverse();
    let heading = ["", "注释：", "Notes", "注"][(seed / 4 % 4) as usize];
    // Now and then the list is set line by line, under the line before it, as a copy
    // that lost its blank lines has it.
    let gap = || (seed % 3 != 2).then(String::new);
    let mut list: Vec<String> = gap().into_iter().collect();
    if !heading.is_empty() {
        list.extend([Some(heading.to_string()), gap()].into_iter().flatten());
    }
    for n in 1..=count {
        list.extend([Some(item(n, &note_text(lang, n))), gap()].into_iter().flatten());
    }
    // The closing lines are the last four lines (two and their blank lines).
    let cut = if seed.is_multiple_of(2) { lines.len() } else { lines.len() - 3 };
    let text = [&lines[..cut], &list[..], &lines[cut..]].concat().join("\n") + "\n";
    (text, marked)
}

#[test]
fn a_list_of_notes_at_the_end_becomes_notes_each_listed_with_its_section() {
    for seed in 0..24u64 {
        for lang in ["zh", "en"] {
            let count = 1 + (seed as usize % 4);
            let (text, marked) = with_notes(lang, count, seed);
            let context = format!("seed {seed}, {lang}:\n{text}");
            let imported =
                import(Path::new("raw.txt"), &text, lang, date()).unwrap_or_else(|e| panic!("{e}\n{context}"));
            let clean =
                std::fs::read_to_string(project_root().join(format!("tests/fixtures/import/kinds/clean.{lang}.txt")))
                    .unwrap();
            let expected = import(Path::new("clean.txt"), &clean, lang, date()).unwrap().transcript.to_markdown(lang);
            let markdown = imported.transcript.to_markdown(lang);
            // As the clean text gives it, once the marks and the notes are taken out.
            let mut without = markdown.clone();
            for n in 1..=count {
                without =
                    without.replace(&format!("[^{n}]: {}\n", note_text(lang, n)), "").replace(&format!("[^{n}]"), "");
            }
            assert_eq!(without.trim_end(), expected.trim_end(), "{context}\n--- imported ---\n{markdown}");
            assert!(
                imported.repairs.iter().any(|r| matches!(r, Repair::Notes { count: c, .. } if *c == count)),
                "{context}"
            );
            // Each note on the page of the section its mark is in, after its sentence.
            let site = TestSite::minimal();
            site.write(&format!("content/2024/0307.{lang}.md"), &markdown);
            site.build_ok();
            for (n, sentence) in marked.iter().enumerate().map(|(i, s)| (i + 1, s)) {
                let in_section = imported
                    .transcript
                    .sections
                    .iter()
                    .find(|s| s.blocks.iter().any(|b| b.text.contains(sentence.as_str())));
                let section = in_section.unwrap_or_else(|| panic!("{sentence} in no section; {context}"));
                let page = site.page(&format!("{lang}/2024/0307/{}/", section.id));
                assert!(page.contains(&note_text(lang, n)), "note {n} not on {}: {context}", section.id);
            }
        }
    }
}

/// A list whose first mark is printed a second time elsewhere (in the lead, in another
/// answer, beside itself) is not sure to be a list of notes: it is left as text, and
/// what import writes builds.
#[test]
fn a_list_of_notes_whose_mark_stands_twice_is_left_as_text() {
    for seed in 0..16u64 {
        for lang in ["zh", "en"] {
            let (text, _) = with_notes(lang, 1 + (seed as usize % 3), seed);
            let mark = if lang == "zh" && seed % 4 == 1 {
                "①"
            } else if lang == "zh" && seed % 4 == 2 {
                "［1］"
            } else {
                "[1]"
            };
            // A second copy of the first mark, after a stop of another line of text.
            let lines: Vec<&str> = text.lines().collect();
            let stop = if lang == "zh" { "。" } else { "." };
            // Lines of the text (turns, the lead), not the list's.
            let of_text = |line: &str| line.contains(['：', ':']) && !line.starts_with(['[', '［', '注']);
            let candidates: Vec<usize> = (0..lines.len())
                .filter(|&i| of_text(lines[i]) && lines[i].contains(stop) && !lines[i].contains(mark))
                .collect();
            let at = candidates[seed as usize % candidates.len()];
            let mut lines: Vec<String> = lines.into_iter().map(str::to_string).collect();
            lines[at] = lines[at].replacen(stop, &format!("{}{stop}", mark), 1);
            let text = lines.join("\n") + "\n";
            let context = format!("seed {seed}, {lang}:\n{text}");
            let imported =
                import(Path::new("raw.txt"), &text, lang, date()).unwrap_or_else(|e| panic!("{e}\n{context}"));
            assert!(imported.transcript.notes.is_empty(), "{context}");
            let site = TestSite::minimal();
            site.write(&format!("content/2024/0307.{lang}.md"), imported.transcript.to_markdown(lang));
            site.build_ok();
        }
    }
}

/// XML text: `&`, `<` and `>` escaped.
fn xml_text(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// `text` as a Word document: a paragraph for each block between blank lines, its
/// lines apart by line breaks, each line cut into runs at random (some bold), with what
/// Word puts between them (bookmarks, proofing marks) and what is not the text (a
/// deletion tracked, a field's code), zipped as Word zips it.
fn as_docx(text: &str, rng: &mut fastrand::Rng) -> Vec<u8> {
    let mut body = String::new();
    for block in text.split("\n\n").filter(|b| !b.trim().is_empty()) {
        body.push_str("<w:p><w:pPr><w:pStyle w:val=\"Normal\"/></w:pPr>");
        for (i, line) in block.lines().enumerate() {
            if i > 0 {
                body.push_str("<w:r><w:br/></w:r>");
            }
            let chars: Vec<char> = line.chars().collect();
            let mut at = 0;
            while at < chars.len() {
                let end = (at + 1 + rng.usize(..12)).min(chars.len());
                let run: String = chars[at..end].iter().collect();
                let bold = if rng.u8(..4) == 0 { "<w:rPr><w:b/></w:rPr>" } else { "" };
                body.push_str(&format!("<w:r>{bold}<w:t xml:space=\"preserve\">{}</w:t></w:r>", xml_text(&run)));
                match rng.u8(..8) {
                    0 => body.push_str("<w:del w:id=\"1\"><w:r><w:delText>删去的话 deleted</w:delText></w:r></w:del>"),
                    1 => body.push_str("<w:r><w:instrText> PAGE </w:instrText></w:r>"),
                    2 => body.push_str("<w:bookmarkStart w:id=\"0\" w:name=\"a\"/><w:proofErr w:type=\"spellStart\"/>"),
                    _ => {}
                }
                at = end;
            }
        }
        body.push_str("</w:p>");
    }
    let xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document \
         xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}</w:body></w:document>"
    );
    let mut zipped = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, content) in [("[Content_Types].xml", "<Types/>"), ("word/document.xml", xml.as_str())] {
        zipped.start_file(name, options).unwrap();
        std::io::Write::write_all(&mut zipped, content.as_bytes()).unwrap();
    }
    zipped.finish().unwrap().into_inner()
}

/// Every raw fixture text with blank lines between its paragraphs, saved as a Word
/// document (runs cut at random, deletions tracked, fields), imports as the text does.
#[test]
fn a_word_document_imports_as_its_text_does() {
    let dir = tempfile::tempdir().unwrap();
    let kinds = project_root().join("tests/fixtures/import/kinds");
    let mut texts: Vec<PathBuf> = std::fs::read_dir(&kinds).unwrap().map(|e| e.unwrap().path()).collect();
    texts.retain(|p| p.extension().is_some_and(|e| e == "txt"));
    texts.extend([project_root().join("tests/fixtures/seed.txt"), project_root().join("tests/fixtures/import/en.txt")]);
    texts.sort();
    let mut rng = fastrand::Rng::with_seed(7);
    let mut compared = 0;
    for path in texts {
        let text = std::fs::read_to_string(&path).unwrap().replace("\r\n", "\n");
        if !text.contains("\n\n") {
            continue;
        }
        let lang = if path.to_string_lossy().contains("en.") || path.ends_with("en.txt") { "en" } else { "zh" };
        std::fs::write(dir.path().join("raw.txt"), &text).unwrap();
        std::fs::write(dir.path().join("raw.docx"), as_docx(&text, &mut rng)).unwrap();
        let run = |name: &str| diptych(&["import", name, "--lang", lang, "--date", "2024-03-07"], dir.path());
        let (from_text, from_word) = (run("raw.txt"), run("raw.docx"));
        assert!(from_word.status.success(), "{}: {}", path.display(), String::from_utf8_lossy(&from_word.stderr));
        assert_eq!(
            String::from_utf8_lossy(&from_word.stdout),
            String::from_utf8_lossy(&from_text.stdout),
            "{}",
            path.display()
        );
        let said = String::from_utf8_lossy(&from_word.stderr);
        assert!(said.starts_with("raw.docx:1: repair: read the text of a Word document (.docx)"), "{said}");
        compared += 1;
    }
    assert!(compared >= 10, "{compared}");
}

/// A foreign ministry's page as a browser saves it ("Save Page As", HTML only): in
/// GBK, as older mainland pages are, with the mark a browser leaves, the site's menus,
/// a script, the page's path, details and controls around the transcript.
const SAVED_PAGE: &str = "<!DOCTYPE html>\n<!-- saved from url=(0060)https://www.mfa.gov.cn/web/fyrbt_673021/jzhsl_673025/ -->\n\
<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">\n<title>2024年3月11日外交部发言人毛宁主持例行记者会</title>\n\
<script>var menu = \"<p>首页</p>\";</script><style>.nav { float: left }</style></head>\n<body>\n\
<div class=\"nav\"><a href=\"/\">首页</a> &gt; <a href=\"/fyr/\">外交部发言人</a> &gt; 例行记者会</div>\n\
<select><option>中文</option><option>English</option></select>\n\
<h1>2024年3月11日外交部发言人毛宁主持例行记者会</h1>\n<div class=\"info\">来源：外交部网站&nbsp;&nbsp;地点：蓝厅</div>\n\
<div class=\"tools\">【字体：<a>大</a> <a>中</a> <a>小</a>】 <a>打印本页</a></div>\n<div class=\"content\">\n\
<p>　　<strong>毛宁：</strong>各位记者朋友，下午好！</p>\n<p>　　<strong>法新社记者：</strong>中方对此有何评论？</p>\n\
<p>　　<strong>毛宁：</strong>我们已经多次表明\n立场。</p>\n<p>　　<strong>彭博社记者：</strong>第二个问题。</p>\n\
<p>　　<strong>毛宁：</strong>谢谢。</p>\n</div>\n<div class=\"footer\">【关闭窗口】</div>\n</body></html>\n";

#[test]
fn a_web_page_saved_by_a_browser_is_read_as_its_text() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("0311.html"), encoding_rs::GBK.encode(SAVED_PAGE).0).unwrap();
    let out = diptych(&["import", "0311.html", "--lang", "zh", "--output", "content/2024/0311.zh.md"], dir.path());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{said}");
    let written = std::fs::read_to_string(dir.path().join("content/2024/0311.zh.md")).unwrap();
    assert!(written.starts_with("---\ntitle: 2024年3月11日外交部发言人毛宁主持例行记者会\ndate: 2024-03-11\nplace: 蓝厅\nsource: 外交部网站\n"), "{written}");
    let turns: Vec<&str> = written.lines().filter(|l| l.starts_with("**")).collect();
    assert_eq!(
        turns,
        [
            "**毛宁**：各位记者朋友，下午好！",
            "**法新社记者**：中方对此有何评论？",
            "**毛宁**：我们已经多次表明立场。",
            "**彭博社记者**：第二个问题。",
            "**毛宁**：谢谢。"
        ]
    );
    // Nothing of the head, the menus or the page's furniture is text.
    for gone in ["var menu", "float", "English", "打印本页", "关闭窗口", "首页"] {
        assert!(!written.contains(gone), "{gone}: {written}");
    }
    // Said: the encoding, the page, and each repair at the HTML file's own line.
    assert!(said.contains("0311.html:1: repair: read as gb18030"), "{said}");
    assert!(said.contains("0311.html:1: repair: read the text a browser shows of a web page saved as HTML"), "{said}");
    assert!(
        said.contains(
            "0311.html:7: repair: took out what the web page put around the text: 首页 > 外交部发言人 > 例行记者会"
        ),
        "{said}"
    );
    assert!(
        said.contains(
            "0311.html:11: repair: took out what the web page put around the text: 【字体：大 中 小】 打印本页"
        ),
        "{said}"
    );
}
