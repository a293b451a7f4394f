//! Bad input gets a clear error naming file, line and column, and never a panic.

use crate::support::*;

const PAIR_BODY: &str = "\n## 一 {#one}\n\n文字。\n";

fn one_file(rel: &str, text: &str) -> String {
    let site = TestSite::minimal();
    site.write(rel, text);
    site.build_err()
}

#[test]
fn bad_yaml_names_the_line() {
    // The parser stops on the line after; the bracket left open is on this one.
    let err = one_file("content/a.zh.md", "---\ntitle: 标题\ndate: [2024\n---\n");
    assert!(err.starts_with("content/a.zh.md:3:7: error: the YAML cannot be read: the bracket `[`"), "{err}");
}

#[test]
fn a_missing_title_or_date_is_named() {
    let err = one_file("content/a.zh.md", &transcript("date: 2024-03-07", PAIR_BODY));
    assert_eq!(
        err,
        "content/a.zh.md:1:1: error: `title` is missing: every transcript needs a title in its front matter"
    );
    let err = one_file("content/a.zh.md", &transcript("title: 标题", PAIR_BODY));
    assert_eq!(
        err,
        "content/a.zh.md:1:1: error: `date` is missing: every transcript needs a date (YYYY-MM-DD) in its front matter"
    );
}

#[test]
fn an_impossible_date_is_refused_where_it_is_written() {
    let err = one_file("content/a.zh.md", &transcript("title: 标题\ndate: 2024-02-30", PAIR_BODY));
    assert_eq!(
        err,
        "content/a.zh.md:3:1: error: `2024-02-30` is not a valid date: write dates as YYYY-MM-DD, e.g. 2024-03-07"
    );
}

#[test]
fn an_unknown_front_matter_key_is_named_with_the_allowed_ones() {
    let err = one_file("content/a.zh.md", &transcript("title: 标题\ndate: 2024-03-07\nspeeker: x", PAIR_BODY));
    assert!(
        err.starts_with("content/a.zh.md:4:1: error: unknown key `speeker` in the front matter; the keys allowed here are: `title`, `subtitle`, `date`"),
        "{err}"
    );
}

#[test]
fn columns_are_counted_in_characters() {
    // The `: ` after 中国 makes the value invalid YAML; the value starts at the 5th
    // character of its line (the 9th byte).
    let err = one_file("content/a.zh.md", "---\ntitle: 标题\n地点: 中国: x\ndate: 2024-03-07\n---\n");
    assert!(err.starts_with("content/a.zh.md:3:5: error:"), "{err}");
}

#[test]
fn a_duplicate_section_id_names_both_lines() {
    let body = "\n## 一 {#same}\n\n文字。\n\n## 二 {#same}\n\n文字。\n";
    let err = one_file("content/a.zh.md", &transcript("title: 标题\ndate: 2024-03-07", body));
    assert_eq!(err, "content/a.zh.md:10:1: error: section id `same` is used twice in this file (first at line 6)");
}

#[test]
fn an_unknown_topic_key_is_an_error_in_front_matter_and_headings() {
    let err = one_file("content/a.zh.md", &transcript("title: 标题\ndate: 2024-03-07\ntopics: [pease]", PAIR_BODY));
    assert_eq!(err, "content/a.zh.md:4:1: error: unknown topic `pease`: add it under `topics:` in site.yaml, or use one of: `peace`");
    let body = "\n## 一 {#one topics=war}\n\n文字。\n";
    let err = one_file("content/a.zh.md", &transcript("title: 标题\ndate: 2024-03-07", body));
    assert_eq!(
        err,
        "content/a.zh.md:6:1: error: unknown topic `war`: add it under `topics:` in site.yaml, or use one of: `peace`"
    );
}

#[test]
fn a_translation_with_a_section_of_its_own_is_refused() {
    let site = TestSite::minimal();
    site.write("content/a.zh.md", transcript("title: 标题\ndate: 2024-03-07", "\n## 一 {#one}\n\n## 二 {#two}\n"));
    site.write("content/a.en.md", transcript("title: Title\ndate: 2024-03-07", "\n## One {#one}\n\n## Two {#too}\n"));
    assert_eq!(
        site.build_err(),
        "content/a.en.md:8:1: error: section `too` is not a section of content/a.zh.md, which has `one`, `two`; \
         a translation may leave sections out, but each section it has takes the `{#id}` of the same section in the fullest version"
    );
}

#[test]
fn a_translation_with_its_sections_out_of_order_is_refused() {
    let site = TestSite::minimal();
    let zh = "\n## 一 {#one}\n\n## 二 {#two}\n\n## 三 {#three}\n";
    site.write("content/a.zh.md", transcript("title: 标题\ndate: 2024-03-07", zh));
    site.write(
        "content/a.en.md",
        transcript("title: Title\ndate: 2024-03-07", "\n## Three {#three}\n\n## One {#one}\n"),
    );
    assert_eq!(
        site.build_err(),
        "content/a.en.md:8:1: error: section `one` comes after `three` here, but before it in content/a.zh.md; \
         a translation may leave sections out, but keeps the others in the same order"
    );
}

#[test]
fn non_utf8_files_are_named_with_the_first_bad_byte() {
    let site = TestSite::minimal();
    site.write("content/b.zh.md", b"---\ntitle: ok\xffno\n---\n");
    assert_eq!(
        site.build_err(),
        "content/b.zh.md:2:10: error: this file is not UTF-8 text: the character here is in another encoding \
         (GBK or Big5 for Chinese, Windows-1252 for text from Word, perhaps); save the file as UTF-8"
    );
}

/// A character and its bytes in a legacy encoding.
type Encoded = (char, &'static [u8]);

/// `text` in each encoding an archivist's files come in besides UTF-8, and where the
/// error is expected (line, column): UTF-16 at the start, the others at the first
/// character that is not ASCII. Of the legacy encodings, only those that can write
/// that character (from a few of each) are given.
fn foreign_encodings(text: &str) -> Vec<(&'static str, Vec<u8>, (usize, usize))> {
    let utf16 = |big_endian: bool| -> Vec<u8> {
        let bytes = text.encode_utf16().flat_map(|u| if big_endian { u.to_be_bytes() } else { u.to_le_bytes() });
        let bom = if big_endian { [0xFE, 0xFF] } else { [0xFF, 0xFE] };
        bom.into_iter().chain(bytes).collect()
    };
    let mut found = vec![
        ("UTF-16 (little-endian)", utf16(false), (1, 1)),
        ("UTF-16 (big-endian)", utf16(true), (1, 1)),
        ("UTF-16 without a byte-order mark", utf16(false)[2..].to_vec(), (1, 1)),
        ("UTF-16 (big-endian) without a byte-order mark", utf16(true)[2..].to_vec(), (1, 1)),
    ];
    let first = text.find(|c: char| !c.is_ascii()).expect("text with a character that is not ASCII");
    let line = text[..first].matches('\n').count() + 1;
    let col = text[..first].rsplit('\n').next().unwrap().chars().count() + 1;
    let legacy: [(&str, &[Encoded]); 3] = [
        ("GBK", &[('中', &[0xD6, 0xD0]), ('文', &[0xCE, 0xC4]), ('“', &[0xA1, 0xB0]), ('”', &[0xA1, 0xB1])]),
        ("Big5", &[('中', &[0xA4, 0xA4]), ('文', &[0xA4, 0xE5]), ('“', &[0xA1, 0xA7]), ('”', &[0xA1, 0xA8])]),
        ("Windows-1252", &[('“', &[0x93]), ('”', &[0x94]), ('é', &[0xE9])]),
    ];
    for (name, table) in legacy {
        let byte = |c: char| table.iter().find(|(t, _)| *t == c).map(|(_, b)| b.to_vec());
        if byte(text[first..].chars().next().unwrap()).is_some() {
            let bytes = text.chars().flat_map(|c| byte(c).unwrap_or_else(|| c.to_string().into_bytes())).collect();
            found.push((name, bytes, (line, col)));
        }
    }
    found
}

#[test]
fn every_file_a_site_is_made_of_in_another_encoding_is_named_at_its_first_foreign_character() {
    let zh = transcript("title: 中文标题\ndate: 2024-03-07", PAIR_BODY);
    let en = transcript("title: “Café”\ndate: 2024-03-07", "\n## One {#one}\n\nText.\n");
    let config = std::fs::read_to_string(project_root().join("tests/fixtures/minimal/site.yaml")).unwrap();
    let config = config.replace("Minimal Archive", "“Minimal” Archive");
    let strings = "site_title_suffix: “中文”\n";
    let template = std::fs::read_to_string(project_root().join("themes/archive/templates/404.html")).unwrap();
    let template = format!("{{# “中文” #}}\n{template}");
    let files: [(&str, &str); 6] = [
        ("content/a.zh.md", &zh),
        ("content/a.en.md", &en),
        ("site.yaml", &config),
        ("i18n/en.yaml", strings),
        ("templates/404.html", &template),
        ("pages/about.zh.md", &transcript("title: 关于中文", "\n文字。\n")),
    ];
    for (rel, text) in files {
        for (encoding, bytes, (line, col)) in foreign_encodings(text) {
            let site = TestSite::minimal();
            site.write("content/a.zh.md", &zh).write("content/a.en.md", &en);
            site.write(rel, bytes);
            let (summary, problems) = site.build();
            let all = messages(&problems);
            assert!(summary.is_none(), "{rel} in {encoding} was built:\n{all}");
            let expected = format!("{rel}:{line}:{col}: error: this file is not UTF-8 text");
            assert!(all.starts_with(&expected), "{rel} in {encoding}: expected `{expected}…`, got\n{all}");
            let named =
                if encoding.starts_with("UTF-16") { "but UTF-16" } else { "(GBK or Big5 for Chinese, Windows-1252" };
            assert!(all.lines().next().unwrap().contains(named), "{rel} in {encoding}: {all}");
            assert!(
                !all.contains("translation"),
                "{rel} in {encoding}: its error is reported as something else too:\n{all}"
            );
            assert!(!site.public().exists(), "{rel} in {encoding}: an output was written");
        }
    }
}

#[cfg(unix)]
#[test]
fn an_unreadable_file_is_an_error_not_a_skipped_page() {
    // A link to a file that is gone: unreadable for every user, root included.
    let site = TestSite::minimal();
    std::fs::create_dir_all(site.root().join("content")).unwrap();
    std::os::unix::fs::symlink("/nonexistent/a.zh.md", site.root().join("content/a.zh.md")).unwrap();
    let err = site.build_err();
    assert!(err.starts_with("content/a.zh.md: error: cannot read this file:"), "{err}");
}

/// A theme site.yaml names but `themes/` does not have is named at its line.
#[test]
fn a_theme_that_is_not_there_is_named_at_its_line() {
    let site = TestSite::minimal();
    let config = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    site.write("site.yaml", format!("theme: mine\n{config}"));
    assert_eq!(
        site.build_err(),
        "site.yaml:1:1: error: the theme `mine` was not found: there is no folder themes/mine"
    );
}

#[test]
fn unknown_keys_in_site_yaml_are_errors() {
    let site = TestSite::minimal();
    let config = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    site.write("site.yaml", format!("{config}outptu_dir: out\n"));
    let err = site.build_err();
    assert!(
        err.starts_with(
            "site.yaml:11:1: error: unknown key `outptu_dir` in site.yaml; the keys allowed here are: `title`"
        ),
        "{err}"
    );
}

#[test]
fn paths_that_collide_with_reserved_names_or_each_other_name_both_files() {
    let site = TestSite::minimal();
    site.write("content/topics/a.zh.md", transcript("title: 标题\ndate: 2024-03-07", PAIR_BODY));
    assert_eq!(
        site.build_err(),
        "content/topics/a.zh.md: error: the page path `topics/a` starts with `topics`, which the site uses for its own pages; rename the folder or set `slug`"
    );
    let site = TestSite::minimal();
    site.write("content/a.zh.md", transcript("title: 甲\ndate: 2024-03-07", PAIR_BODY));
    site.write("content/b.zh.md", transcript("title: 乙\ndate: 2024-03-07\nslug: a", PAIR_BODY));
    assert_eq!(
        site.build_err(),
        "content/b.zh.md: error: the page path `a` is also the page path of content/a.zh.md; rename one file or set `slug`"
    );
}

/// A title YAML reads otherwise than written (` #` starts a comment) builds, with a
/// warning at the title's line that says what YAML read and how to keep the text.
#[test]
fn a_title_cut_by_a_comment_is_warned_about_at_its_line() {
    let site = TestSite::minimal();
    site.write("content/a.en.md", transcript("date: 2024-03-07\ntitle: Press conference #5", PAIR_BODY));
    site.write("pages/about.en.md", "---\ntitle: &about About\n---\n\nText.\n");
    let (summary, problems) = site.build();
    let all = messages(&problems);
    assert!(summary.is_some(), "{all}");
    for expected in [
        "content/a.en.md:3:8: warning: YAML reads the value of `title` as `Press conference`, not as it is written: ` #` starts a comment in YAML, which it leaves out; if that belongs to the text, put the whole value in quotes: `title: \"Press conference #5\"`",
        "pages/about.en.md:2:8: warning: YAML reads the value of `title` as `About`",
    ] {
        assert!(all.lines().any(|l| l.starts_with(expected)), "expected {expected}\n{all}");
    }
}

/// A space typed inside a heading's attribute (after a list's comma, after the `#` of
/// the id) is named with the attribute as it should be written.
#[test]
fn a_space_inside_a_heading_attribute_is_named_with_the_fix() {
    let cases = [
        ("{#a topics=peace, africa}", "`topics=peace, africa` has a space in it, so what follows the space is read as an attribute of its own; write `topics=peace,africa`"),
        ("{#a topics=peace, africa, peace}", "write `topics=peace,africa,peace`"),
        ("{#a was=old-a, older-a topics=peace}", "write `was=old-a,older-a`"),
        ("{# a}", "`# a` has a space in it, so what follows the space is read as an attribute of its own; write `#a`"),
        ("{#a topics=peace, africa b}", "unknown heading attribute `b`"),
    ];
    for (attributes, said) in cases {
        let site = TestSite::fixture("basic");
        site.write(
            "content/c.zh.md",
            transcript("title: 标题\ndate: 2024-03-07", &format!("\n## 一 {attributes}\n\n文字。\n")),
        );
        let err = site.build_err();
        let line = err.lines().find(|l| l.contains(said));
        assert!(line.is_some_and(|l| l.starts_with("content/c.zh.md:6:1: error: ")), "{attributes}: {err}");
    }
}

#[test]
fn all_problems_of_a_build_are_reported_together() {
    let site = TestSite::minimal();
    site.write("content/a.zh.md", transcript("title: 标题\ndate: 2024-13-01", PAIR_BODY));
    site.write("content/b.zh.md", transcript("date: 2024-03-07", PAIR_BODY));
    site.write("content/c.zh.md", transcript("title: 标题\ndate: 2024-03-07", "\n## 一 {#a b}\n"));
    let err = site.build_err();
    assert_eq!(err.lines().count(), 3, "{err}");
    assert!(err.contains("content/a.zh.md:3:1"));
    assert!(err.contains("content/b.zh.md:1:1"));
    assert!(err.contains("content/c.zh.md:6:1: error: unknown heading attribute `b`"));
}

#[test]
fn the_binary_prints_errors_and_exits_non_zero() {
    let site = TestSite::minimal();
    site.write("content/a.zh.md", transcript("title: 标题\ndate: 2024-02-30", PAIR_BODY));
    let out = site.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("content/a.zh.md:3:1: error: `2024-02-30` is not a valid date"), "{stderr}");
    assert!(!stderr.contains("panicked"));
}

#[test]
fn raw_html_and_markup_in_titles_are_escaped() {
    let site = TestSite::minimal();
    let front = "title: \"</title><script>alert(1)</script>\"\ndate: 2024-03-07\nplace: '\"onmouseover=\"x'";
    site.write(
        "content/a.zh.md",
        transcript(
            front,
            "\n<script>alert(2)</script>\n\n## <b>粗</b> {#one}\n\n文字 <img src=x onerror=alert(3)>。\n",
        ),
    );
    site.build_ok();
    let page = site.page("zh/a/");
    assert!(!page.contains("<script>"), "{page}");
    assert!(!page.contains("<img"));
    assert!(!page.contains("<b>"));
    assert!(page.contains("<h1>&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;</h1>"), "{page}");
    assert!(page.contains("&lt;script&gt;alert(2)&lt;/script&gt;"));
    assert!(!page.contains("\"onmouseover"));
}

#[test]
fn raw_html_is_kept_when_the_site_allows_it() {
    let site = TestSite::minimal();
    let config = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    site.write("site.yaml", format!("{config}markdown: {{ allow_html: true }}\n"));
    site.write(
        "content/a.zh.md",
        transcript("title: 标题\ndate: 2024-03-07", "\n## 一 {#one}\n\n文字 <mark>重点</mark>。\n"),
    );
    site.build_ok();
    assert!(site.page("zh/a/one/").contains(r#"<p id="p-one-1">文字 <mark>重点</mark>。</p>"#));
}

#[test]
fn a_theme_missing_a_ui_string_is_refused() {
    let site = TestSite::fixture("basic");
    let path = site.root().join("themes/archive/i18n/en.yaml");
    let strings = std::fs::read_to_string(&path).unwrap();
    let without: String = strings
        .lines()
        .filter(|l| !l.starts_with("date_format:") && !l.starts_with("footer:"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&path, without).unwrap();
    let err = site.build_err();
    assert!(
        err.contains(
            "themes/archive/i18n/en.yaml: error: the UI strings for `en` lack `date_format`, which diptych needs"
        ),
        "{err}"
    );
    assert!(
        err.contains("themes/archive/i18n/en.yaml: error: the UI strings for `en` lack `footer`, which zh.yaml needs"),
        "{err}"
    );
}

/// Old Mac files end lines with a lone carriage return; Markdown reads those as line
/// ends, so lines are counted the same way (the front matter was not found before).
#[test]
fn lone_carriage_returns_end_lines() {
    let err = one_file("content/a.zh.md", "---\rtitle: 标题\rdate: 2024-02-30\r---\r\r## 一 {#one}\r");
    assert!(err.starts_with("content/a.zh.md:3:1: error: `2024-02-30` is not a valid date"), "{err}");
    let err = one_file("content/a.zh.md", "---\rtitle: 标题\rdate: 2024-01-02\r---\r\r## 一 {#one}\r\r## 二 {#one}\r");
    assert!(err.starts_with("content/a.zh.md:8:1: error: section id `one` is used twice"), "{err}");
}

/// The ways a section heading is mistyped by hand or with a Chinese input method, as
/// (the line written for `## {heading}`, what the warning quotes or names).
fn mistyped_headings(heading: &str) -> Vec<(String, String)> {
    let start = |line: &str| format!("`{}` begins this paragraph", line.chars().take(12).collect::<String>());
    let id_on = |hashes: &str| format!("is `{hashes}`, not `##`");
    let mut found = Vec::new();
    for line in [
        format!("##{heading}"),
        format!("###{heading}"),
        format!("＃＃ {heading}"),
        format!("＃＃{heading}"),
        format!("＃ {heading}"),
        format!("#＃ {heading}"),
        // A space that is not ASCII's: an input method's full-width space, a no-break space.
        format!("##\u{3000}{heading}"),
        format!("##\u{A0}{heading}"),
    ] {
        let said = start(&line);
        found.push((line, said));
    }
    for hashes in ["#", "###", "####"] {
        found.push((format!("{hashes} {heading}"), id_on(hashes)));
    }
    found
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(12))]

    /// A mistyped heading does not start a section, and `check` says so at its line;
    /// paragraphs that merely start with `#` (a hashtag, a number) are not warned about.
    #[test]
    fn a_mistyped_section_heading_is_warned_about_at_its_line(
        sections in 2usize..5,
        damaged in 0usize..5,
        kind in 0usize..11,
        zh_side in proptest::bool::ANY,
    ) {
        let damaged = damaged % sections;
        let heading_of = |zh: bool, s: usize| if zh { format!("第{s}节 {{#s{s}}}") } else { format!("Part {s} {{#s{s}}}") };
        let write = |zh: bool, damage: Option<usize>| {
            let mut body = String::from("\n");
            let mut line_of_damage = 0;
            for s in 0..sections {
                let heading = heading_of(zh, s);
                let line = match damage {
                    Some(k) if s == damaged => {
                        line_of_damage = 5 + body.matches('\n').count();
                        mistyped_headings(&heading).swap_remove(k).0
                    }
                    _ => format!("## {heading}"),
                };
                let speaker = if zh { "**发言人**：" } else { "**Spokesperson**: " };
                body.push_str(&format!("{line}\n\n{speaker}#1 的回答。\n\n#话题# 与 C# 的段落。\n\n"));
            }
            (transcript("title: T\ndate: 2024-03-07", &body), line_of_damage)
        };
        let (all, expected) = build_with_a_mistake(write(true, zh_side.then_some(kind)), write(false, (!zh_side).then_some(kind)), zh_side);
        let (_, said) = mistyped_headings(&heading_of(zh_side, damaged)).swap_remove(kind);
        let warned: Vec<&str> = all.lines().filter(|l| l.contains("begins this paragraph") || l.contains("not `##`")).collect();
        proptest::prop_assert_eq!(warned.len(), 1, "{}", all);
        proptest::prop_assert!(warned[0].starts_with(&expected) && warned[0].contains(&said), "expected {}…{}, got\n{}", expected, said, all);
    }
}

/// Builds a site of a Chinese and an English transcript, each with the line a mistake
/// was put at (in the Chinese one if `zh_side`), which must still build (a mistake
/// that is warned about is no error). Returns every message, and where the warning
/// about the mistake must be: `file:line:1: warning: `.
fn build_with_a_mistake(
    (zh, zh_line): (String, usize),
    (en, en_line): (String, usize),
    zh_side: bool,
) -> (String, String) {
    let site = TestSite::minimal();
    site.write("content/a.zh.md", &zh).write("content/a.en.md", &en);
    let (summary, problems) = site.build();
    let all = messages(&problems);
    assert!(summary.is_some(), "a mistake that is warned about is no error:\n{all}");
    let (file, line) = if zh_side { ("content/a.zh.md", zh_line) } else { ("content/a.en.md", en_line) };
    (all, format!("{file}:{line}:1: warning: "))
}

/// The ways a speaker's label is mistyped, as (the label written for `**{name}**：`,
/// what the warning quotes).
fn mistyped_labels(name: &str, colon: char) -> Vec<String> {
    vec![
        format!("**{name}** {colon}"),
        format!("**{name}**  {colon}"),
        format!("{name}{colon}"),
        format!("**{name}**"),
        format!("【{name}】"),
        format!("[{name}]{colon}"),
        format!("**{name} **{colon}"),
        format!("***{name}***{colon}"),
    ]
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(12))]

    /// A mistyped speaker label does not open a turn, and `check` says so at its line,
    /// naming the speaker (known from `speakers`, or from the speaker's other turns);
    /// paragraphs that start with a colon or a bold phrase that is no one's name are
    /// not warned about.
    #[test]
    fn a_mistyped_speaker_label_is_warned_about_at_its_line(
        turns in 4usize..7,
        damaged in 0usize..7,
        kind in 0usize..8,
        zh_side in proptest::bool::ANY,
        declared in proptest::bool::ANY,
    ) {
        let damaged = damaged % turns;
        let speakers = |zh: bool| if zh { ["记者", "发言人"] } else { ["Reporter", "Spokesperson"] };
        let write = |zh: bool, damage: Option<usize>| {
            let colon = if zh { '：' } else { ':' };
            let (mut body, mut line_of_damage) = (String::from("\n## 一 {#one}\n\n"), 0);
            for t in 0..turns {
                let name = speakers(zh)[t % 2];
                let label = match damage {
                    Some(k) if t == damaged => {
                        line_of_damage = 5 + body.matches('\n').count();
                        mistyped_labels(name, colon).swap_remove(k)
                    }
                    _ => format!("**{name}**{colon}"),
                };
                body.push_str(&format!("{label}回答 {t}。\n\nNote{colon} 注 {t}。\n\n**重要** 的话 {t}。\n\n"));
            }
            let [a, b] = speakers(zh);
            let front = if declared { format!("title: T\ndate: 2024-03-07\nspeakers: {{ a: {a}, b: {b} }}") } else { "title: T\ndate: 2024-03-07".to_string() };
            (transcript(&front, &body), line_of_damage + usize::from(declared))
        };
        let (all, at) = build_with_a_mistake(write(true, zh_side.then_some(kind)), write(false, (!zh_side).then_some(kind)), zh_side);
        let name = speakers(zh_side)[damaged % 2];
        let colon = if zh_side { '：' } else { ':' };
        let written = mistyped_labels(name, colon).swap_remove(kind);
        let warned: Vec<&str> = all.lines().filter(|l| l.contains("like a turn of")).collect();
        proptest::prop_assert_eq!(warned.len(), 1, "{}", all);
        let expected = format!("{at}`{}", written.trim_end());
        proptest::prop_assert!(warned[0].starts_with(&expected), "expected {}…, got\n{}", expected, all);
        let fix = format!("a turn of {name}, but it is read as more of the turn before it: a turn starts with `**{name}**{colon}`");
        proptest::prop_assert!(warned[0].contains(&fix), "expected …{}…, got\n{}", fix, all);
    }
}

/// Every front matter key given a value of the wrong kind is named, with what it should
/// be in YAML's own shapes and never in the parser's words (`invalid type`, `sequence`).
#[test]
fn a_front_matter_value_of_the_wrong_kind_says_what_it_should_be() {
    let kinds =
        [("a list", "[a, b]"), ("keys with values", "{ a: b }"), ("a text", "maybe"), ("true or false", "true")];
    let keys = [
        ("title", "a text"),
        ("subtitle", "a text"),
        ("place", "a text"),
        ("event", "a text"),
        ("source", "a text"),
        ("slug", "a text"),
        ("source_url", "a text"),
        ("speakers", "keys with values"),
        ("media", "keys with values"),
        ("topics", "a list"),
        ("aliases", "a list"),
        ("draft", "true or false"),
    ];
    for (key, should) in keys {
        // A text where true or false is expected is a kind of its own only for `draft`;
        // `true` where a text is expected is read as the text "true".
        for (kind, yaml) in kinds.iter().filter(|(k, _)| *k != should && (*k != "true or false" || should != "a text"))
        {
            let front = if key == "title" {
                format!("date: 2024-03-07\ntitle: {yaml}")
            } else {
                format!("title: T\ndate: 2024-03-07\n{key}: {yaml}")
            };
            let err = one_file("content/a.zh.md", &transcript(&front, PAIR_BODY));
            let line = if key == "title" { 3 } else { 4 };
            let expected = format!("content/a.zh.md:{line}:");
            assert!(err.starts_with(&expected), "{key}: {yaml}: {err}");
            assert!(err.contains(&format!("{key}: this should be {should}")), "{key}: {yaml}: {err}");
            assert!(err.contains(&format!(", not {kind}")), "{key}: {yaml}: {err}");
            for jargon in ["invalid type", "sequence", " map", "mapping", "boolean"] {
                assert!(!err.contains(jargon), "{key}: {yaml}: {err}");
            }
        }
    }
}

/// Every value of site.yaml written as the wrong kind is named by its place in the
/// file (`topics.peace.match.zh`), at its line, in YAML's own shapes.
#[test]
fn a_site_yaml_value_of_the_wrong_kind_says_what_it_should_be() {
    const SITE: &str = "title:\n  zh: 档案\n  en: Archive\nbase_url: https://example.org/\ndefault_language: zh\n\
        languages:\n  zh:\n    name: 中文\n    locale: zh-Hans\n  en: { name: English, locale: en }\n\
        topics:\n  peace:\n    zh: 和平\n    en: Peace\n    match:\n      zh: [和平]\n\
        description: { zh: 描述 }\nfooter: { zh: 页脚 }\nmenu: [home]\nstrings: {}\n\
        markdown:\n  allow_html: false\ncname: archive.example.org\noutput_dir: public\n";
    // (place, what it should be, the text that gives it, how to write a value there)
    let places = [
        ("title", "keys with values", "title:\n  zh: 档案\n  en: Archive\n", "title: {}\n"),
        ("base_url", "a text", "base_url: https://example.org/\n", "base_url: {}\n"),
        ("default_language", "a text", "default_language: zh\n", "default_language: {}\n"),
        ("languages.zh", "keys with values", "  zh:\n    name: 中文\n    locale: zh-Hans\n", "  zh: {}\n"),
        ("languages.zh.name", "a text", "    name: 中文\n", "    name: {}\n"),
        ("languages.zh.locale", "a text", "    locale: zh-Hans\n", "    locale: {}\n"),
        (
            "topics.peace",
            "keys with values",
            "  peace:\n    zh: 和平\n    en: Peace\n    match:\n      zh: [和平]\n",
            "  peace: {}\n",
        ),
        ("topics.peace.zh", "a text", "    zh: 和平\n", "    zh: {}\n"),
        ("topics.peace.match", "keys with values", "    match:\n      zh: [和平]\n", "    match: {}\n"),
        ("topics.peace.match.zh", "a list", "      zh: [和平]\n", "      zh: {}\n"),
        ("description", "keys with values", "description: { zh: 描述 }\n", "description: {}\n"),
        ("footer", "keys with values", "footer: { zh: 页脚 }\n", "footer: {}\n"),
        ("menu", "a list", "menu: [home]\n", "menu: {}\n"),
        ("strings", "keys with values", "strings: {}\n", "strings: {}\n"),
        ("markdown", "keys with values", "markdown:\n  allow_html: false\n", "markdown: {}\n"),
        ("markdown.allow_html", "true or false", "  allow_html: false\n", "  allow_html: {}\n"),
        ("cname", "a text", "cname: archive.example.org\n", "cname: {}\n"),
        ("output_dir", "a text", "output_dir: public\n", "output_dir: {}\n"),
    ];
    let kinds = [("a list", "[a, b]"), ("keys with values", "{ a: b }"), ("a text", "maybe"), ("a number", "12")];
    let site = TestSite::minimal();
    site.build_ok();
    for (place, should, given, written) in places {
        let start = SITE.find(given).unwrap_or_else(|| panic!("{place}"));
        let line = SITE[..start].matches('\n').count() + 1;
        // Any scalar reads as a text where a text is asked for, and one `match` term
        // may be written as a text.
        let accepted = |kind: &str| {
            kind == should
                || (should == "a text" && !matches!(kind, "a list" | "keys with values"))
                || (place == "topics.peace.match.zh" && kind == "a text")
        };
        for (kind, yaml) in kinds.iter().filter(|(k, _)| !accepted(k)) {
            let mut config = SITE.to_string();
            config.replace_range(start..start + given.len(), &written.replace("{}", yaml));
            site.write("site.yaml", &config);
            let (summary, problems) = site.build();
            assert!(summary.is_none(), "{place}: {yaml} was accepted");
            let err = messages(&problems);
            assert!(err.starts_with(&format!("site.yaml:{line}:")), "{place}: {yaml}: {err}");
            assert!(err.contains(&format!("{place}: this should be {should}")), "{place}: {yaml}: {err}");
            assert!(err.contains(&format!(", not {kind}")), "{place}: {yaml}: {err}");
            for jargon in
                ["invalid type", "sequence", " map", "mapping", "boolean", "enum", "variant", "a string", "path string"]
            {
                assert!(!err.contains(jargon), "{place}: {yaml}: {err}");
            }
        }
    }
}

/// A slug that could not be a page's address is refused at its own line, wherever it
/// is among the keys; one that can is where it says.
#[test]
fn a_slug_that_is_no_usable_address_is_refused_at_its_line() {
    let bad = ["../x", "a/../../b", ".", "a//b", " ", "a /b", " a", "a\\\\b", "a\\tb", "a?b", "a#b", "%2e%2e/x"];
    for slug in bad {
        for before in [0, 1, 3] {
            let mut keys =
                vec!["title: 标题".to_string(), "date: 2024-03-07".into(), "place: 北京".into(), "event: 会".into()];
            keys.insert(before, format!("slug: \"{slug}\""));
            let err = one_file("content/a.zh.md", &transcript(&keys.join("\n"), PAIR_BODY));
            let expected = format!("content/a.zh.md:{}:1: error: `", before + 2);
            assert!(err.starts_with(&expected) && err.contains("is not a usable page path"), "{slug}: {err}");
        }
    }
    for (slug, page) in [("a b", "zh/a b/"), ("/ok/", "zh/ok/"), ("王毅/记者会", "zh/王毅/记者会/")] {
        let site = TestSite::minimal();
        site.write(
            "content/a.zh.md",
            transcript(&format!("title: 标题\ndate: 2024-03-07\nslug: \"{slug}\""), PAIR_BODY),
        );
        site.build_ok();
        assert!(site.pages().contains(page), "{slug}: {:?}", site.pages());
    }
}

#[test]
fn an_empty_title_is_named_at_its_line_not_as_missing() {
    for title in ["\"\"", "\" \"", "''"] {
        let err = one_file(
            "content/a.zh.md",
            &transcript(&format!("subtitle: 副标题\ndate: 2024-03-07\ntitle: {title}"), PAIR_BODY),
        );
        assert_eq!(
            err,
            "content/a.zh.md:4:1: error: `title` is empty: every transcript needs a title in its front matter"
        );
    }
}

/// A key missing inside a map of site.yaml is named with the map, in words, at the
/// map's line; an unknown default language is named at its own line.
#[test]
fn site_yaml_names_a_missing_key_inside_a_map_and_an_unknown_default_language_at_its_line() {
    let config = std::fs::read_to_string(project_root().join("tests/fixtures/minimal/site.yaml")).unwrap();
    for (lang, line) in [("zh", "  zh: { name: 中文, locale: zh-Hans }"), ("en", "  en: { name: English, locale: en }")]
    {
        let number = config.lines().position(|l| l == line).expect("the language's line") + 1;
        for key in ["name", "locale"] {
            let kept: Vec<&str> = ["name", "locale"].into_iter().filter(|k| *k != key).collect();
            let value = if kept[0] == "name" { "X" } else { "en" };
            let site = TestSite::minimal();
            site.write("site.yaml", config.replace(line, &format!("  {lang}: {{ {}: {value} }}", kept[0])));
            let err = site.build_err();
            let expected = format!(
                "site.yaml:{number}:7: error: the YAML cannot be read: languages.{lang}: `{key}` is missing here"
            );
            assert!(err.starts_with(&expected), "{lang} without {key}: {err}");
            assert!(!err.contains("missing field"), "{err}");
        }
    }
    let number = config.lines().position(|l| l.starts_with("default_language:")).unwrap() + 1;
    let site = TestSite::minimal();
    site.write("site.yaml", config.replace("default_language: zh", "default_language: fr"));
    assert_eq!(
        site.build_err(),
        format!("site.yaml:{number}:1: error: unknown language `fr`: the languages in site.yaml are `zh`, `en`")
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(10))]

    /// Turns written before the first section (or in a transcript with none) keep
    /// their speakers' labels on the page, and `check` says where the first one is.
    #[test]
    fn turns_before_the_first_section_keep_their_labels_and_are_warned_about(
        before in 0usize..4,
        sections in 0usize..3,
        lead in proptest::bool::ANY,
    ) {
        let mut body = String::from("\n");
        let mut first_turn = None;
        if lead {
            body.push_str("导语段落。\n\n");
        }
        for t in 0..before {
            first_turn.get_or_insert(5 + body.matches('\n').count());
            body.push_str(&format!("**发言人{t}**：序言中的话{t}。\n\n"));
        }
        for s in 0..sections {
            body.push_str(&format!("## 第{s}节 {{#s{s}}}\n\n**记者**：问题{s}。\n\n"));
        }
        let site = TestSite::minimal();
        site.write("content/a.zh.md", transcript("title: 标题\ndate: 2024-03-07", &body));
        let (summary, problems) = site.build();
        let all = messages(&problems);
        proptest::prop_assert!(summary.is_some(), "{}", all);
        let page = plain_text(&site.page("zh/a/"));
        for t in 0..before {
            proptest::prop_assert!(page.contains(&format!("发言人{t}：序言中的话{t}。")), "label {} lost:\n{}", t, page);
        }
        let warned: Vec<&str> = all.lines().filter(|l| l.contains("is part of the preface")).collect();
        match first_turn {
            Some(line) => {
                proptest::prop_assert_eq!(warned.len(), 1, "{}", all);
                let expected = format!("content/a.zh.md:{line}:1: warning: a speaker's turn before the first");
                proptest::prop_assert!(warned[0].starts_with(&expected), "{}", all);
            }
            None => proptest::prop_assert!(warned.is_empty(), "{}", all),
        }
    }
}

#[test]
fn a_date_or_slug_that_differs_from_the_translation_is_named_at_its_line() {
    let site = TestSite::minimal();
    site.write("content/a.zh.md", transcript("title: 标题\ndate: 2024-03-07\nslug: a", PAIR_BODY));
    site.write(
        "content/a.en.md",
        transcript("title: T\nplace: X\ndate: 2024-03-08\nslug: b", "\n## One {#one}\n\nText.\n"),
    );
    assert_eq!(
        site.build_err(),
        "content/a.en.md:4:1: error: the date 2024-03-08 differs from 2024-03-07 in its translation content/a.zh.md\n\
         content/a.en.md:5:1: error: the slug `b` differs from `a` in its translation content/a.zh.md"
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(10))]

    /// A speaker's label on a line of its own opens the turn of the paragraph after
    /// it: the page shows no empty paragraph, the words are that speaker's, and the
    /// counts still match the translation. A label followed by nothing is warned about.
    #[test]
    fn a_label_on_a_line_of_its_own_opens_the_turn_of_the_next_paragraph(
        alone in proptest::collection::vec(proptest::bool::ANY, 2..6),
        dangling in proptest::bool::ANY,
    ) {
        let names = ["记者", "发言人"];
        let (mut zh, mut en) = (String::from("\n## 一 {#one}\n\n"), String::from("\n## One {#one}\n\n"));
        for (t, &alone) in alone.iter().enumerate() {
            let sep = if alone { "\n\n" } else { "" };
            zh.push_str(&format!("**{}**：{sep}话{t}。\n\n", names[t % 2]));
            en.push_str(&format!("**{}**: Words {t}.\n\n", ["Reporter", "Spokesperson"][t % 2]));
        }
        let dangling_line = 5 + zh.matches('\n').count();
        if dangling {
            zh.push_str("**发言人**：\n");
        }
        let site = TestSite::minimal();
        site.write("content/a.zh.md", transcript("title: 标题\ndate: 2024-03-07", &zh));
        site.write("content/a.en.md", transcript("title: T\ndate: 2024-03-07", &en));
        let (summary, problems) = site.build();
        let all = messages(&problems);
        proptest::prop_assert!(summary.is_some(), "{}", all);
        let page = site.page("zh/a/one/");
        let turns: Vec<&str> = page.split("<div class=\"turn\"").skip(1).collect();
        proptest::prop_assert_eq!(turns.len(), alone.len() + usize::from(dangling), "{}", page);
        for (t, turn) in turns.iter().take(alone.len()).enumerate() {
            let text = plain_text(turn);
            proptest::prop_assert!(text.contains(names[t % 2]) && text.contains(&format!("话{t}。")), "turn {}: {}", t, text);
        }
        let empty: Vec<&str> = all.lines().filter(|l| l.contains("has no words")).collect();
        if dangling {
            proptest::prop_assert_eq!(empty.len(), 1, "{}", all);
            let expected = format!("content/a.zh.md:{dangling_line}:1: warning: this turn of 发言人 has no words");
            proptest::prop_assert!(empty[0].starts_with(&expected), "{}", all);
        } else {
            proptest::prop_assert!(all.is_empty(), "{}", all);
            proptest::prop_assert!(!page.contains("\"></p>"), "an empty paragraph:\n{}", page);
        }
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(10))]

    /// HTML comments are notes for editors: wherever they are (a block of their own on
    /// one line or several, inside a paragraph or a turn), nothing of them reaches the
    /// site, and the paragraphs around them are read as if they were not there.
    #[test]
    fn html_comments_never_reach_the_site(
        places in proptest::collection::vec((0usize..4, 0usize..4), 1..5),
        allow_html in proptest::bool::ANY,
    ) {
        let comment = |k: usize, n: usize| match k {
            0 => format!("<!-- 校对{n} -->\n\n"),
            1 => format!("<!-- 校对{n}\n待核实 -->\n\n"),
            2 => format!("<!--校对{n}-->"),
            _ => format!(" <!-- 校对{n} --> "),
        };
        let mut zh = String::from("\n## 一 {#one}\n\n");
        let mut en = String::from("\n## One {#one}\n\n");
        for p in 0..4 {
            for (n, &(at, k)) in places.iter().enumerate() {
                if at == p && k < 2 {
                    zh.push_str(&comment(k, n));
                }
            }
            let inline: String = places.iter().enumerate().filter(|(_, &(at, k))| at == p && k >= 2).map(|(n, &(_, k))| comment(k, n)).collect();
            zh.push_str(&format!("**发言人**：话{p}{inline}完。\n\n"));
            en.push_str(&format!("**Spokesperson**: Words {p}.\n\n"));
        }
        let site = TestSite::minimal();
        if allow_html {
            let config = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
            site.write("site.yaml", format!("{config}markdown: {{ allow_html: true }}\n"));
        }
        site.write("content/a.zh.md", transcript("title: 标题\ndate: 2024-03-07", &zh));
        site.write("content/a.en.md", transcript("title: T\ndate: 2024-03-07", &en));
        let (summary, problems) = site.build();
        let all = messages(&problems);
        proptest::prop_assert!(summary.is_some() && all.is_empty(), "{}", all);
        for (rel, bytes) in site.snapshot() {
            let text = String::from_utf8_lossy(&bytes);
            proptest::prop_assert!(!text.contains("校对") && !text.contains("待核实"), "a comment in {}", rel);
        }
        let page = plain_text(&site.page("zh/a/one/"));
        for p in 0..4 {
            let words = format!("话{p}");
            proptest::prop_assert!(page.contains(&words), "{} lost:\n{}", words, page);
        }
    }
}

#[test]
fn an_html_comment_left_open_is_warned_about_at_its_line() {
    let body = "\n## 一 {#one}\n\n**发言人**：话。\n\n<!-- 待核实\n\n**发言人**：更多的话。\n";
    let site = TestSite::minimal();
    site.write("content/a.zh.md", transcript("title: 标题\ndate: 2024-03-07", body));
    let (_, problems) = site.build();
    let all = messages(&problems);
    assert!(all.contains("content/a.zh.md:10:1: warning: this HTML comment (`<!--`) is not closed"), "{all}");
}

/// Raw HTML where the site shows it as text, as a word processor's export has in every
/// paragraph: one warning at the first, counting the others; none for comments, and
/// none where the site shows HTML.
#[test]
fn html_shown_as_text_is_one_warning_at_its_first_paragraph() {
    let tags = ["<span style=\"font-family:宋体\">", "<font face=\"Arial\">", "<br>", "<b>", "<u>"];
    for seed in 0..12u64 {
        let order = seeded_order(8, seed);
        let with_html: Vec<usize> = order.iter().copied().filter(|i| i % 3 != 0).take(1 + seed as usize % 4).collect();
        let mut body = String::from("\n## 一 {#one}\n");
        for i in 0..8 {
            let text = if with_html.contains(&i) {
                format!("{}话{i}。", tags[i % tags.len()])
            } else {
                format!("话{i}。<!-- 注 -->")
            };
            body.push_str(&format!("\n**发言人**：{text}\n"));
        }
        let first = *with_html.iter().min().unwrap();
        let line = 8 + 2 * first;
        for allow in [false, true] {
            let site = TestSite::minimal();
            if allow {
                let config = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
                site.write("site.yaml", format!("{config}markdown: {{ allow_html: true }}\n"));
            }
            site.write("content/a.zh.md", transcript("title: 标题\ndate: 2024-03-07", &body));
            let all = messages(&site.build().1);
            let found: Vec<&str> = all.lines().filter(|m| m.contains("which the site shows as text")).collect();
            if allow {
                assert!(found.is_empty(), "{all}");
                continue;
            }
            let tag = tags[first % tags.len()];
            assert_eq!(found.len(), 1, "{all}");
            assert!(
                found[0].starts_with(&format!("content/a.zh.md:{line}:1: warning: `{tag}` is HTML")),
                "{all}\n{body}"
            );
            let more = with_html.len() - 1;
            let counted = match more {
                0 => !found[0].contains("more paragraph"),
                1 => found[0].contains("here and in 1 more paragraph:"),
                n => found[0].contains(&format!("here and in {n} more paragraphs:")),
            };
            assert!(counted, "{all}");
        }
    }
}

/// Pandoc's attributes after emphasis, links, images and bracketed spans, as a word
/// processor's document converted to Markdown has them: one warning a file, at the
/// first, counting the others; none for braces in ordinary text.
#[test]
fn pandoc_attributes_are_one_warning_at_their_first_paragraph() {
    let written = [
        ("*first*{.underline}", "{.underline}"),
        ("**bold**{#b .big}", "{#b .big}"),
        ("[marked]{.mark}", "{.mark}"),
        ("![photo](/favicon.svg){width=50%}", "{width=50%}"),
        ("[link](https://example.org/){target=_blank}", "{target=_blank}"),
    ];
    let plain = ["a set {a, b}", "*so* {.not-touching}", "JSON {\"a\": 1}", "{.at the start}", "【注】{一}"];
    for seed in 0..10u64 {
        let order = seeded_order(written.len() + plain.len(), seed);
        let mut body = String::from("\n## 一 {#one}\n");
        let mut first: Option<(usize, &str)> = None;
        let mut count = 0;
        for (k, &i) in order.iter().enumerate() {
            let text = match written.get(i) {
                Some((markdown, attribute)) => {
                    first.get_or_insert((8 + 2 * k, attribute));
                    count += 1;
                    markdown.to_string()
                }
                None => plain[i - written.len()].to_string(),
            };
            body.push_str(&format!("\n**发言人**：话 {text}。\n"));
        }
        let site = TestSite::minimal();
        site.write("content/a.zh.md", transcript("title: 标题\ndate: 2024-03-07", &body));
        let all = messages(&site.build().1);
        let found: Vec<&str> = all.lines().filter(|m| m.contains("an attribute that Pandoc writes")).collect();
        let (line, attribute) = first.unwrap();
        assert_eq!(found.len(), 1, "{all}");
        let wanted = format!("content/a.zh.md:{line}:1: warning: `{attribute}` is an attribute");
        assert!(found[0].starts_with(&wanted), "{all}\n{body}");
        assert!(found[0].contains(&format!("here and in {} more paragraphs:", count - 1)), "{all}");
    }
}

/// A `#` heading, as a document exported from a word processor starts with its title,
/// is warned about at its line wherever it stands; one that repeats the title says so.
#[test]
fn a_title_heading_in_the_text_is_warned_about_at_its_line() {
    for (k, (heading, repeats)) in [("标题", true), (" 标题 ", true), ("另一个标题", false)].into_iter().enumerate()
    {
        for place in 0..3 {
            let filler: String = (0..k).map(|i| format!("\n导语{i}。\n")).collect();
            let (before, after) = match place {
                0 => (format!("{filler}\n# {heading}\n"), "\n## 一 {#one}\n\n**发言人**：话。\n".to_string()),
                1 => (format!("{filler}\n## 一 {{#one}}\n\n# {heading}\n"), "\n**发言人**：话。\n".to_string()),
                _ => (format!("{filler}\n## 一 {{#one}}\n\n**发言人**：话。\n\n# {heading}\n"), String::new()),
            };
            let line = 4 + before.lines().count();
            let site = TestSite::minimal();
            site.write("content/a.zh.md", transcript("title: 标题\ndate: 2024-03-07", &format!("{before}{after}")));
            let (summary, problems) = site.build();
            assert!(summary.is_some(), "a warning, not an error");
            let all = messages(&problems);
            let says = if repeats { "repeats the title" } else { "shown as a second title" };
            let wanted = format!("content/a.zh.md:{line}:1: warning: ");
            assert!(all.lines().any(|m| m.starts_with(&wanted) && m.contains(says)), "{heading:?} at {place}: {all}");
        }
    }
    // With an `{#id}`, it is a section heading with one `#` too few: warned about once.
    let site = TestSite::minimal();
    site.write("content/a.zh.md", transcript("title: 标题\ndate: 2024-03-07", "\n# 一 {#one}\n\n**发言人**：话。\n"));
    let all = messages(&site.build().1);
    assert_eq!(all.lines().filter(|m| m.contains(":6:1:")).count(), 1, "{all}");
}

/// A heading's `{…}` with any of the full-width signs a Chinese input method types is
/// one error at its line, naming each sign and the ASCII one meant, and nothing else.
#[test]
fn heading_attributes_in_full_width_signs_are_one_error_naming_each_sign() {
    let signs = [('{', '｛'), ('}', '｝'), ('#', '＃'), ('=', '＝'), (',', '，'), (' ', '\u{3000}')];
    let ascii = "{#one topics=peace,peace}";
    // Each sign alone, each pair of them, and all at once.
    let all_signs = (1u32 << signs.len()) - 1;
    for choice in (1..=all_signs).filter(|c| c.count_ones() <= 2 || *c == all_signs) {
        let chosen: Vec<(char, char)> = (0..signs.len()).filter(|i| choice & (1 << i) != 0).map(|i| signs[i]).collect();
        let typed: String =
            ascii.chars().map(|c| chosen.iter().find(|(a, _)| *a == c).map_or(c, |(_, w)| *w)).collect();
        let body = format!("\n## 一 {typed}\n\n**发言人**：话。\n");
        let site = TestSite::minimal();
        site.write("content/a.zh.md", transcript("title: 标题\ndate: 2024-03-07", &body));
        let (summary, problems) = site.build();
        let all = messages(&problems);
        assert!(summary.is_none(), "{typed}: built");
        let at_heading = all.lines().filter(|l| l.starts_with("content/a.zh.md:6:")).count();
        assert_eq!((problems.errors.len(), at_heading), (1, 1), "{typed}:\n{all}");
        assert!(
            all.starts_with("content/a.zh.md:6:1: error: this heading's `{…}` is typed with full-width signs"),
            "{all}"
        );
        for (a, w) in chosen {
            assert!(all.contains(&format!("`{w}` for `{a}`")), "{typed}: {all}");
        }
    }
}

/// A key typed with a full-width colon, in front matter or site.yaml, on any line, is
/// named at the colon; a full-width colon in a value or a block of text is no error.
#[test]
fn a_key_with_a_full_width_colon_is_named_at_its_colon() {
    let front = "title: 标题\nsubtitle: 王毅：中国, Q：A\ndate: 2024-03-07\nplace: 北京\nspeakers: { wang-yi: 王毅 }";
    let config = std::fs::read_to_string(project_root().join("tests/fixtures/minimal/site.yaml")).unwrap();
    let config = format!("{config}description:\n  zh: |\n    注：示例\n  en: |\n    Note：example\n");
    let cases = [("content/a.zh.md", front, 2), ("site.yaml", config.as_str(), 1)];
    for (rel, yaml, first_line) in cases {
        let site = TestSite::minimal();
        site.write("content/a.zh.md", transcript(front, PAIR_BODY));
        site.write("site.yaml", &config);
        site.build_ok();
        for (n, line) in yaml.lines().enumerate() {
            for (written, with) in [(": ", "："), (": ", "： "), (": ", " ："), (": ", "：")] {
                // Keys alone: each `key: ` at the line's start or in a `{ … }`.
                let Some(at) = line.find(written) else { continue };
                let key = line[..at].trim_start().trim_start_matches("{ ");
                if key.is_empty() || !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
                    continue;
                }
                let typed = format!("{}{with}{}", &line[..at], &line[at + written.len()..]);
                let broken =
                    yaml.lines().map(|l| if l == line { typed.as_str() } else { l }).collect::<Vec<_>>().join("\n");
                let site = TestSite::minimal();
                if rel == "site.yaml" {
                    site.write("site.yaml", format!("{broken}\n"));
                    site.write("content/a.zh.md", transcript(front, PAIR_BODY));
                } else {
                    site.write("content/a.zh.md", transcript(&broken, PAIR_BODY));
                }
                let err = site.build_err();
                let col = typed.find('：').map(|i| typed[..i].chars().count() + 1).unwrap();
                let expected = format!(
                    "{rel}:{}:{col}: error: the YAML cannot be read: `{key}：` has a full-width colon",
                    first_line + n
                );
                assert!(err.starts_with(&expected), "{typed:?}: expected {expected}…, got {err}");
            }
        }
    }
    // Another mistake further down is named as itself, not as the `Note：` above it.
    let err =
        one_file("content/a.zh.md", "---\ntitle: 标题\nplace: |\n  Note：here\ndate: 2024-03-07\n\tevent: x\n---\n");
    assert!(err.starts_with("content/a.zh.md:6:1: error: the YAML cannot be read: a tab"), "{err}");
}

#[test]
fn two_speakers_with_one_name_are_warned_about_at_the_speakers_line() {
    let site = TestSite::minimal();
    let front = "title: 标题\ndate: 2024-03-07\nplace: 北京\nspeakers: { a: 发言人, b: 记者, c: 发言人 }";
    site.write("content/a.zh.md", transcript(front, "\n## 一 {#one}\n\n**发言人**：话。\n\n**记者**：问。\n"));
    let (summary, problems) = site.build();
    let all = messages(&problems);
    assert!(summary.is_some(), "{all}");
    let shared: Vec<&str> = all.lines().filter(|l| l.contains("are both called")).collect();
    assert_eq!(
        shared,
        ["content/a.zh.md:5:1: warning: the speakers `a` and `c` are both called 发言人 here, so every turn of 发言人 is `a`'s; give each its name as written in this file"],
        "{all}"
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(12))]

    /// A turn that writes a declared speaker's name otherwise only in letter case,
    /// spaces or full-width letters is warned about at its line, once per spelling;
    /// turns that write it as declared are not.
    #[test]
    fn a_speaker_written_unlike_the_declared_name_is_warned_about(
        declared in proptest::sample::select(vec!["Wang Yi", "Mao Ning", "Li Ming"]),
        change in 0usize..4,
        at in 0usize..4,
        times in 1usize..3,
    ) {
        let written: String = match change {
            0 => declared.to_lowercase(),
            1 => declared.replace(' ', "  "),
            2 => declared.chars().map(|c| if c.is_ascii_alphabetic() { char::from_u32(c as u32 + 0xFEE0).unwrap() } else { c }).collect(),
            _ => declared.to_uppercase(),
        };
        let mut body = String::from("\n## One {#one}\n\n");
        let mut line_of = None;
        for turn in 0..4 {
            if turn == at {
                for _ in 0..times {
                    line_of.get_or_insert(5 + 1 + body.matches('\n').count());
                    body.push_str(&format!("**{written}**: Words.\n\n"));
                }
            }
            body.push_str(&format!("**{declared}**: More words.\n\n**A reporter**: A question.\n\n"));
        }
        let site = TestSite::minimal();
        site.write("content/a.en.md", transcript(&format!("title: T\ndate: 2024-03-07\nspeakers: {{ s: {declared} }}"), &body));
        let (summary, problems) = site.build();
        let all = messages(&problems);
        proptest::prop_assert!(summary.is_some(), "{}", all);
        let warned: Vec<&str> = all.lines().filter(|l| l.contains("is written unlike")).collect();
        let expected = format!("content/a.en.md:{}:1: warning: `{written}` is written unlike `{declared}` in `speakers`", line_of.unwrap());
        proptest::prop_assert_eq!(warned.len(), 1, "{}", all);
        proptest::prop_assert!(warned[0].starts_with(&expected), "expected {}\n{}", expected, all);
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(16))]

    /// A file named for a date (`2024/0307-…`, `2024-03-07-…`, `20240307-…`, or a year's
    /// folder alone) whose `date` says another is warned about at the date's line; one
    /// whose name agrees with its date, or names none, is not.
    #[test]
    fn a_file_named_for_another_date_is_warned_about(
        named in (2000i32..2030, 1u32..13, 1u32..29),
        dated in (2000i32..2030, 1u32..13, 1u32..29),
        same in proptest::bool::ANY,
        style in 0usize..5,
    ) {
        let dated = if same { named } else { dated };
        let (y, m, d) = named;
        let (file, said) = match style {
            0 => (format!("{y}/{m:02}{d:02}-press"), Some(format!("{y}-{m:02}-{d:02}"))),
            1 => (format!("any/{y}-{m:02}-{d:02}-press"), Some(format!("{y}-{m:02}-{d:02}"))),
            2 => (format!("{y}{m:02}{d:02}-press"), Some(format!("{y}-{m:02}-{d:02}"))),
            3 => (format!("{y}/press"), Some(y.to_string())),
            _ => (format!("press-{y}/{m:02}{d:02}x"), None),
        };
        let agrees = match style {
            3 => y == dated.0,
            4 => true,
            _ => named == dated,
        };
        let date = format!("{}-{:02}-{:02}", dated.0, dated.1, dated.2);
        let site = TestSite::minimal();
        site.write(&format!("content/{file}.zh.md"), transcript(&format!("title: 标题\ndate: {date}"), PAIR_BODY));
        let (summary, problems) = site.build();
        let all = messages(&problems);
        proptest::prop_assert!(summary.is_some(), "{}", all);
        let warned: Vec<&str> = all.lines().filter(|l| l.contains("this file is named for")).collect();
        if agrees {
            proptest::prop_assert!(warned.is_empty(), "{}", all);
        } else {
            let expected = format!("content/{file}.zh.md:3:1: warning: this file is named for {}, but its date is {date}", said.unwrap());
            proptest::prop_assert_eq!(warned.len(), 1, "{}", all);
            proptest::prop_assert!(warned[0].starts_with(&expected), "expected {}\n{}", expected, all);
        }
    }
}

/// A transcript copied under another name (a download's ` (1)`, another folder, a
/// draft beside the final one), in one language or both, is warned about once per
/// copied file, naming the first; one with the same date and title but other words
/// (an afternoon's conference) is not.
#[test]
fn a_copied_transcript_is_warned_about_and_a_namesake_is_not() {
    let original = "content/2024/0307-press";
    for (copy, langs) in [
        ("content/2024/0307-press (1)", vec!["zh"]),
        ("content/old/0307-press", vec!["zh", "en"]),
        ("content/2024/0307-press-draft", vec!["en"]),
    ] {
        let site = TestSite::fixture("basic");
        for lang in &langs {
            let text = std::fs::read_to_string(site.root().join(format!("{original}.{lang}.md"))).unwrap();
            site.write(&format!("{copy}.{lang}.md"), &text);
        }
        let text = std::fs::read_to_string(site.root().join(format!("{original}.zh.md"))).unwrap();
        site.write("content/2024/0307-afternoon.zh.md", text.replace("。", "！"));
        let (summary, problems) = site.build();
        let all = messages(&problems);
        assert!(summary.is_some(), "{all}");
        let warned: Vec<&str> = all.lines().filter(|l| l.contains("same date, title and text")).collect();
        let expected: Vec<String> = langs
            .iter()
            .map(|lang| format!("{copy}.{lang}.md: warning: this transcript has the same date, title and text as {original}.{lang}.md, so the site shows it twice"))
            .collect();
        assert_eq!(warned.len(), expected.len(), "{all}");
        for expected in &expected {
            assert!(warned.iter().any(|l| l.starts_with(expected.as_str())), "expected {expected}\n{all}");
        }
    }
}

/// A space in a transcript's address, from its file name or its slug (an ASCII space,
/// a full-width one from a Chinese input method, a no-break space), or in a page's, is
/// warned about where it is written; the page is still built, at that address.
#[test]
fn a_space_in_an_address_is_warned_about() {
    let body = "\n## 一 {#one}\n\n**发言人**：话。\n";
    for space in [" ", "\u{3000}", "\u{a0}"] {
        let site = TestSite::minimal();
        let named = format!("王毅{space}记者会");
        site.write(&format!("content/{named}.zh.md"), transcript("title: 标题\ndate: 2024-03-07", body));
        let slugged = format!("2024/记者{space}会");
        site.write("content/b.zh.md", transcript(&format!("title: 乙\ndate: 2024-03-08\nslug: {slugged}"), body));
        site.write("content/plain.zh.md", transcript("title: 丙\ndate: 2024-03-09", body));
        let page = format!("关于{space}我们");
        site.write(&format!("pages/{page}.zh.md"), transcript("title: 关于", "\n我们是谁。\n"));
        let (summary, problems) = site.build();
        let all = messages(&problems);
        assert!(summary.is_some(), "{all}");
        let warned: Vec<&str> = all.lines().filter(|l| l.contains("has a space in it")).collect();
        let message = |what: &str, path: &str, slug: &str| {
            format!("warning: the address of this {what}, `{path}`, has a space in it, which links write as `%20` and which breaks where a link is pasted into a message; name the file with `-` in its place{slug}")
        };
        let of_transcript = |path: &str| message("transcript", path, ", or set `slug`");
        let expected = [
            format!("content/b.zh.md:4:1: {}", of_transcript(&slugged)),
            format!("content/{named}.zh.md: {}", of_transcript(&named)),
            format!("pages/{page}.zh.md: {}", message("page", &page, "")),
        ];
        assert_eq!(warned, expected, "{space:?}: {all}");
        assert!(site.public().join("zh").join(&named).join("one/index.html").is_file());
        assert!(site.public().join("zh").join(&page).join("index.html").is_file());
    }
}

/// A control character no page may hold, as it comes (a byte of a terminal, a PDF tool
/// or an old DOS file).
fn forbidden_control() -> impl proptest::strategy::Strategy<Value = char> {
    let c0 = (0u32..0x20).prop_filter("tab, line ends and form feed are text", |n| ![9, 10, 12, 13].contains(n));
    proptest::strategy::Strategy::prop_map(
        proptest::prop_oneof![c0, proptest::strategy::Just(0x7F), 0x80u32..0xA0],
        |n| char::from_u32(n).unwrap(),
    )
}

use proptest::strategy::Strategy as _;

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]

    /// A control character is named at its line and column by its code point, however
    /// a source writes it: as it is (in a text; in the front matter YAML refuses it),
    /// by a YAML escape, or by a Markdown reference (in a text, or site.yaml's footer),
    /// in a transcript or a page of `pages/`.
    /// No page or citation file holds it; a file YAML refuses changes nothing.
    #[test]
    fn a_control_character_is_named_where_it_is_written_and_no_page_holds_it(
        c in forbidden_control(),
        way in 0usize..6,
        at in 0usize..6,
        hex in proptest::bool::ANY,
    ) {
        let n = u32::from(c);
        let reference = if hex { format!("&#x{n:X};") } else { format!("&#{n};") };
        let text = "中方愿同各方一道。";
        let cut = text.char_indices().nth(at).unwrap().0;
        let with = |inserted: &str| format!("{}{inserted}{}", &text[..cut], &text[cut..]);
        let col = at + 1;
        let mut site_page = None;
        let (file, front, body, site_footer, expected_at) = match way {
            0 => ("content/a.zh.md", "title: 标题".to_string(), with(&c.to_string()), None, (8, col + 7)),
            1 => ("content/a.zh.md", format!("title: {}", with(&c.to_string())), text.to_string(), None, (2, col + 7)),
            2 => ("content/a.zh.md", format!("title: \"{}\"", with(&format!("\\x{n:02x}"))), text.to_string(), None, (2, col + 8)),
            3 => ("content/a.zh.md", "title: 标题".to_string(), with(&reference), None, (8, col + 7)),
            4 => ("site.yaml", "title: 标题".to_string(), text.to_string(), Some(format!("footer: {{ zh: \"{}\" }}\n", with(&reference))), (0, col + 15)),
            _ => ("pages/about.zh.md", "title: 标题".to_string(), text.to_string(), None, (5, col)),
        };
        if way == 5 {
            let written = if hex { reference.clone() } else { c.to_string() };
            site_page = Some(format!("---\ntitle: 关于\n---\n\n{}\n", with(&written)));
        }
        let site = TestSite::minimal();
        site.build_ok();
        let before = site.snapshot();
        site.write("content/a.zh.md", transcript(&format!("{front}\ndate: 2024-03-07"), &format!("\n## 一 {{#one}}\n\n**王毅**：{body}\n")));
        if let Some(page) = site_page {
            site.write("pages/about.zh.md", page);
        }
        let mut line = expected_at.0;
        if let Some(footer) = site_footer {
            let config = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
            line = config.lines().count() + 1;
            site.write("site.yaml", format!("{config}{footer}"));
        }
        let (summary, problems) = site.build();
        let all = messages(&problems);
        let expected = format!("{file}:{line}:{}: ", expected_at.1);
        let code = format!("(U+{n:04X})");
        proptest::prop_assert!(all.lines().any(|l| l.starts_with(&expected) && l.contains(&code)), "expected {}…{}, got\n{}", expected, code, all);
        if summary.is_none() {
            proptest::prop_assert!(way == 1, "{:?} by way {} was refused:\n{}", c, way, all);
            proptest::prop_assert!(site.snapshot() == before, "the output changed");
        }
        // JSON may hold DEL and C1 as they are (only C0 is escaped), and stays valid.
        for (page, bytes) in site.snapshot().into_iter().filter(|(p, _)| !p.ends_with(".json")) {
            let text = String::from_utf8_lossy(&bytes);
            let control = text.chars().find(|&c| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{0C}'));
            proptest::prop_assert!(control.is_none(), "{} holds {:?}", page, control);
        }
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(16))]

    /// Zero-width characters a web copy leaves (U+200B, U+2060, U+FEFF inside a text),
    /// anywhere in a transcript or a page of `pages/` — a speaker's name, a section id,
    /// a key, a title, a word — change nothing a reader or search sees: the site is
    /// byte for byte the one built without them, and the first is named at its line and
    /// column, with how many there are.
    #[test]
    fn zero_width_characters_are_named_and_change_nothing(
        file in proptest::sample::select(vec![
            "content/2024/0307-press.zh.md",
            "content/2024/0307-press.en.md",
            "content/2022/0101-hearing.en.md",
            "pages/about.en.md",
        ]),
        strewn in proptest::collection::vec(
            (0usize..100_000, proptest::sample::select(vec!['\u{200B}', '\u{2060}', '\u{FEFF}'])),
            1..6,
        ),
    ) {
        let about = "---\ntitle: About the archive\n---\n\nTranscripts of [press conferences](../2024/0307-press/), in two languages.\n";
        let clean = TestSite::fixture("basic");
        clean.write("pages/about.en.md", about);
        clean.build_ok();
        let text = std::fs::read_to_string(clean.root().join(file)).unwrap();
        let mut chars: Vec<char> = text.chars().collect();
        let mut places: Vec<usize> = Vec::new();
        for &(at, c) in &strewn {
            // Not in front of the file's first `---`: a front matter starts the file.
            let at = 1 + at % chars.len();
            chars.insert(at, c);
            places = places.into_iter().map(|p| if p >= at { p + 1 } else { p }).collect();
            places.push(at);
        }
        let dirty: String = chars.iter().collect();
        let first = *places.iter().min().unwrap();
        let before: String = chars[..first].iter().collect();
        let line = before.matches('\n').count() + 1;
        let col = before.rsplit('\n').next().unwrap().chars().count() + 1;

        let site = TestSite::fixture("basic");
        site.write("pages/about.en.md", about);
        site.write(file, &dirty);
        let (summary, problems) = site.build();
        let all = messages(&problems);
        proptest::prop_assert!(summary.is_some(), "the build failed:\n{}", all);
        let code = format!("(U+{:04X})", u32::from(chars[first]));
        let expected = format!("{file}:{line}:{col}: warning: ");
        let more = format!("{} in all", strewn.len());
        let said = all.lines().find(|l| l.starts_with(&expected) && l.contains(&code));
        proptest::prop_assert!(said.is_some_and(|l| strewn.len() == 1 || l.contains(&more)), "expected {}…{} ({}), got\n{}", expected, code, more, all);
        proptest::prop_assert!(site.snapshot() == clean.snapshot(), "the site differs from the one built without them");
    }
}

/// Tab and form feed (a PDF tool's page break) are white space a page may hold.
#[test]
fn a_tab_or_a_form_feed_in_a_text_is_no_error() {
    let site = TestSite::minimal();
    site.write(
        "content/a.zh.md",
        transcript("title: 标题\ndate: 2024-03-07", "\n## 一 {#one}\n\n**王毅**：中方\t愿同\u{0C}各方一道。\n"),
    );
    site.build_ok();
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(12))]

    /// A relative address in a transcript leads to different places from its section's
    /// page, the transcript's and the side-by-side views: an error at the place it is
    /// written, saying what to write; a source file's is given its page's address.
    /// Addresses that lead to one place (from the root, with a scheme, an anchor, an
    /// e-mail) are not.
    #[test]
    fn a_relative_address_in_a_transcript_is_named_with_what_to_write(
        folder in proptest::sample::select(vec!["", "../", "./", "img/", "../../2023/"]),
        name in "[a-z]{1,8}",
        kind in proptest::sample::select(vec![".png", ".pdf", "/", ".en.md", ".zh.md#one", ""]),
        image in proptest::bool::ANY,
        before in "[a-z ]{0,12}",
    ) {
        let link = format!("{folder}{name}{kind}");
        let bang = if image { "!" } else { "" };
        let fine = "[a](https://example.org/x) [b](#p-one-1) <mail@example.org> [c](mailto:a@b.org) [d](/zh/)";
        let paragraph = format!("**记者**：{before}{bang}[图]({link}) {fine}");
        let site = TestSite::minimal();
        let body = format!("\n## 一 {{#one}}\n\n**记者**：问题。\n\n{paragraph}\n");
        site.write("content/2024/a.zh.md", transcript("title: 标题\ndate: 2024-03-07", &body));
        let err = site.build_err();
        let column = paragraph[..paragraph.find("](").unwrap() + 2].chars().count() + 1;
        let expected = format!("content/2024/a.zh.md:10:{column}: error: the address `{link}` is relative");
        proptest::prop_assert!(err.starts_with(&expected), "{}\nexpected {}", err, expected);
        proptest::prop_assert_eq!(err.lines().count(), 1, "{}", err);
        // `../../2023/` leaves content/: no page to name.
        let source = kind.ends_with(".md") || kind.contains(".md#");
        if source && folder != "../../2023/" {
            let path = match folder { "../" => name.clone(), "img/" => format!("2024/img/{name}"), _ => format!("2024/{name}") };
            let anchor = kind.split_once('#').map(|(_, a)| format!("#{a}")).unwrap_or_default();
            let fix = format!("write `/{}/{path}/{anchor}`", &kind[1..3]);
            proptest::prop_assert!(err.ends_with(&fix), "{}\nexpected {}", err, fix);
        } else {
            proptest::prop_assert!(err.contains("write it from the site's root, `/…`"), "{}", err);
        }
    }
}

#[test]
fn an_address_on_another_site_without_its_scheme_is_given_one() {
    for link in ["www.fmprc.gov.cn", "fmprc.gov.cn/web/wjbz/", "example.org/a.pdf"] {
        let site = TestSite::minimal();
        let body = format!("\n## 一 {{#one}}\n\n**记者**：见[原文]({link})。\n");
        site.write("content/a.zh.md", transcript("title: 标题\ndate: 2024-03-07", &body));
        let err = site.build_err();
        assert!(err.ends_with(&format!("write `https://{link}`")), "{err}");
    }
}

/// A README or a file of notes in content/ or pages/ is read as a transcript or page
/// like any file: the error says how to keep one there.
#[test]
fn a_readme_among_the_transcripts_is_told_how_to_stay() {
    for file in ["content/README.md", "content/2024/notes.md", "pages/TODO.md", "content/Readme.zh.md"] {
        let site = TestSite::minimal();
        site.write(file, "# Notes\n\nFor the editors.\n");
        let error = site.build_err();
        assert!(error.starts_with(&format!("{file}:1:1: error: this file has no front matter")), "{error}");
        assert!(error.contains("start the file's name with `.`"), "{file}: {error}");
        // As it says: a leading `.`, and the build passes over it.
        let (folder, name) = file.rsplit_once('/').unwrap();
        std::fs::rename(site.root().join(file), site.root().join(format!("{folder}/.{name}"))).unwrap();
        site.build_ok();
    }
    let site = TestSite::minimal();
    site.write("content/a.zh.md", "# 标题\n");
    assert!(!site.build_err().contains("start the file's name"), "only files named as notes get the hint");
}

/// A menu entry naming a page or a topic the site does not have is named at its own
/// line, wherever it stands among entries of its kind.
#[test]
fn a_menu_entry_that_names_nothing_is_named_at_its_line() {
    for (kind, good, bad) in [("page", ["about", "method"], "abuot"), ("topic", ["peace", "trade"], "paece")] {
        for at in 0..3 {
            let mut entries: Vec<String> = good.iter().map(|g| format!("  - {kind}: {g}\n")).collect();
            entries.insert(at, format!("  - {kind}: {bad}\n"));
            let site = TestSite::minimal();
            site.write("pages/about.zh.md", "---\ntitle: 关于\n---\n\n关于。\n");
            site.write("pages/method.zh.md", "---\ntitle: 方法\n---\n\n方法。\n");
            let config = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
            let config = config.replace("topics:\n", "topics:\n  trade: { zh: 贸易, en: Trade }\n");
            let line = config.lines().count() + 2 + at;
            site.write("site.yaml", format!("{config}menu:\n{}", entries.concat()));
            let error = site.build_err();
            assert!(
                error.starts_with(&format!("site.yaml:{line}:5: error: the menu names the {kind} `{bad}`")),
                "{kind} at {at}: {error}"
            );
        }
    }
}
