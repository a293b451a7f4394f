//! What a reader finds: which pages exist, and the links between them.

use crate::support::*;

#[test]
fn every_page_of_the_url_scheme_is_written() {
    let site = TestSite::fixture("basic");
    let summary = site.build_ok();
    let expected = [
        "",
        "zh/",
        "zh/2024/0307-press/",
        "zh/2024/0307-press/opening/",
        "zh/2024/0307-press/africa/",
        "zh/2024/0307-press/closing/",
        "zh/2023/1201-interview/",
        "zh/2023/1201-interview/first/",
        "zh/2022/0101-hearing/",
        "zh/2022/0101-hearing/hearing/",
        "zh/topics/",
        "zh/topics/peace/",
        "zh/topics/africa/",
        "zh/search/",
        "zh/speakers/",
        "zh/speakers/wang-yi/",
        "en/",
        "en/2024/0307-press/",
        "en/2024/0307-press/opening/",
        "en/2024/0307-press/africa/",
        "en/2024/0307-press/closing/",
        "en/2022/0101-hearing/",
        "en/2022/0101-hearing/hearing/",
        "en/topics/",
        "en/topics/peace/",
        "en/topics/africa/",
        "en/search/",
        "en/speakers/",
        "en/speakers/wang-yi/",
        "parallel/2024/0307-press/",
        "parallel/2022/0101-hearing/",
        "en/parallel/2024/0307-press/",
        "en/parallel/2022/0101-hearing/",
    ];
    let pages = site.pages();
    let expected: std::collections::BTreeSet<String> = expected.iter().map(|s| s.to_string()).collect();
    assert_eq!(pages, expected);
    // And the 404 page, which is a file of its own.
    assert_eq!(summary.pages, expected.len() + 1);
    assert!(site.public().join("404.html").is_file());
    assert!(site.public().join("assets/diptych.css").is_file());
}

#[test]
fn pages_name_their_language_and_every_translation() {
    let site = TestSite::fixture("basic");
    site.build_ok();
    let zh = site.page("zh/2024/0307-press/africa/");
    assert!(zh.contains(r#"<html lang="zh-Hans">"#));
    assert!(zh.contains(
        r#"<link rel="alternate" hreflang="zh-Hans" href="https://example.org/archive/zh/2024/0307-press/africa/">"#
    ));
    assert!(zh.contains(
        r#"<link rel="alternate" hreflang="en" href="https://example.org/archive/en/2024/0307-press/africa/">"#
    ));
    let en = site.page("en/2024/0307-press/africa/");
    assert!(en.contains(r#"<html lang="en">"#));
    assert!(en.contains(r#"<link rel="canonical" href="https://example.org/archive/en/2024/0307-press/africa/">"#));
}

#[test]
fn the_language_switcher_goes_to_the_same_page_in_the_other_language() {
    let site = TestSite::fixture("basic");
    site.build_ok();
    let zh = site.page("zh/2024/0307-press/africa/");
    assert!(zh.contains(
        r#"<a href="/archive/en/2024/0307-press/africa/" hreflang="en" lang="en" rel="alternate">English</a>"#
    ));
    // The section page also names the counterpart section by its heading.
    assert!(
        zh.contains(r#"<a href="/archive/en/2024/0307-press/africa/" hreflang="en" lang="en">China and Africa</a>"#)
    );
}

#[test]
fn an_untranslated_page_says_so_and_links_to_the_other_home() {
    let site = TestSite::fixture("basic");
    site.build_ok();
    let zh = site.page("zh/2023/1201-interview/");
    assert!(zh.contains(r#"<a href="/archive/en/" hreflang="en" class="untranslated"><span lang="en">English</span> <span class="note">(暂无译文)</span></a>"#), "{zh}");
    assert!(!zh.contains(r#"hreflang="en" href="https://example.org/archive/en/2023"#));
    // The English home still lists it, in Chinese, marked as not translated.
    let en_home = site.page("en/");
    assert!(en_home.contains(r#"<a href="/archive/zh/2023/1201-interview/" lang="zh-Hans">专访</a>"#), "{en_home}");
}

#[test]
fn section_pages_link_previous_next_and_up() {
    let site = TestSite::fixture("basic");
    site.build_ok();
    let middle = site.page("en/2024/0307-press/africa/");
    assert!(middle.contains(r#"<a rel="prev" href="/archive/en/2024/0307-press/opening/"><span class="label">Previous section</span> Opening</a>"#));
    assert!(middle.contains(r#"<a rel="next" href="/archive/en/2024/0307-press/closing/"><span class="label">Next section</span> Closing</a>"#));
    assert!(middle.contains(r#"<a rel="up" href="/archive/en/2024/0307-press/">"#));
    let first = site.page("en/2024/0307-press/opening/");
    assert!(!first.contains(r#"rel="prev""#));
    let last = site.page("en/2024/0307-press/closing/");
    assert!(!last.contains(r#"rel="next""#));
}

#[test]
fn a_section_page_shows_its_turns_speakers_and_topics() {
    let site = TestSite::fixture("basic");
    site.build_ok();
    let page = site.page("zh/2024/0307-press/africa/");
    // A name from the front matter's speakers links to the speaker's page; others do not.
    assert!(page.contains(r#"<p class="speaker"><a href="/archive/zh/speakers/wang-yi/">王毅</a></p>"#));
    assert!(page.contains(r#"<p class="speaker">某记者</p>"#));
    assert!(page.contains("中非是好兄弟。</p>"));
    assert!(page.contains("我们支持非洲发展。</p>"));
    // `africa` comes from the topic's match terms, not from the heading.
    assert!(page.contains(r#"<a href="/archive/zh/topics/africa/">非洲</a>"#));
    assert!(page.contains(r#"<span aria-current="page">第 2 节，共 3 节</span>"#));
}

#[test]
fn the_transcript_page_has_facts_preface_contents_and_full_text() {
    let site = TestSite::fixture("basic");
    site.build_ok();
    let page = site.page("en/2024/0307-press/");
    assert!(page.contains(r#"<time datetime="2024-03-07">7 March 2024</time>"#));
    assert!(page.contains("<dd data-search>Media Center</dd>"));
    assert!(page.contains("A press conference was held on March 7.</p>"));
    for (id, heading) in [("opening", "Opening"), ("africa", "China and Africa"), ("closing", "Closing")] {
        assert!(page.contains(&format!(r#"<li><a href="/archive/en/2024/0307-press/{id}/">{heading}</a></li>"#)));
        assert!(page.contains(&format!(r#"<section class="section" id="{id}""#)));
    }
    assert!(page.contains("The press conference lasted one hour."));
    let zh = site.page("zh/2024/0307-press/");
    assert!(zh.contains(r#"<time datetime="2024-03-07">2024年3月7日</time>"#));
}

#[test]
fn homes_list_transcripts_newest_first_grouped_by_year() {
    let site = TestSite::fixture("basic");
    site.build_ok();
    let home = site.page("zh/");
    let order: Vec<usize> = ["2024年", "记者会", "2023年", "专访", "2022年", "听证会"]
        .iter()
        .map(|s| home.find(&format!(">{s}<")).unwrap_or_else(|| panic!("{s} missing")))
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
    let landing = site.page("");
    assert!(landing.contains(r#"<a class="enter" href="/archive/zh/">"#));
    assert!(landing.contains(r#"<a class="enter" href="/archive/en/">"#));
    assert!(landing.contains("测试档案") && landing.contains("Test Archive"));
    // Counts in words, singular where the language has one.
    assert!(landing.contains(r#"<p class="count">共 3 篇实录</p>"#), "{landing}");
    assert!(landing.contains(r#"<p class="count">2 transcripts</p>"#));
    assert!(site.page("en/").contains(" · 1 section · "));
    assert!(site.page("en/").contains(" · 3 sections</p>"));
}

#[test]
fn homes_are_paginated_past_fifty_transcripts() {
    let site = TestSite::minimal();
    for day in 0..51 {
        let date = chrono::NaiveDate::from_ymd_opt(2020, 1, 1).unwrap() + chrono::Days::new(day);
        let body =
            transcript(&format!("title: 第{day}篇\ndate: {date}\ntopics: [peace]"), "\n## 一 {#one}\n\n文字。\n");
        site.write(&format!("content/t{day}.zh.md"), body);
    }
    site.build_ok();
    let first = site.page("zh/");
    assert!(first.contains(">第50篇<") && !first.contains(">第0篇<"));
    assert!(first.contains(r#"<a rel="next" href="/zh/page/2/">"#));
    let second = site.page("zh/page/2/");
    assert!(second.contains(">第0篇<"));
    assert!(second.contains(r#"<a rel="prev" href="/zh/">"#));
    // Every language's home lists the whole archive, untranslated transcripts included.
    assert!(site.page("en/page/2/").contains(">第0篇<"));
    // Topic pages are paginated the same way, and their pages pair across languages.
    let topic = site.page("zh/topics/peace/");
    assert!(topic.contains(r#"<a rel="next" href="/zh/topics/peace/page/2/">"#), "{topic}");
    let second = site.page("zh/topics/peace/page/2/");
    assert_eq!(second.matches(r#"<li class="card">"#).count(), 1);
    assert!(
        second.contains(r#"<link rel="alternate" hreflang="en" href="https://example.org/en/topics/peace/page/2/">"#)
    );
}

#[test]
fn long_lists_link_the_first_last_and_nearby_pages_not_all() {
    let site = TestSite::minimal();
    for day in 0..(5 * 50 + 1) {
        let date = chrono::NaiveDate::from_ymd_opt(2020, 1, 1).unwrap() + chrono::Days::new(day);
        site.write(
            &format!("content/t{day}.zh.md"),
            transcript(&format!("title: 第{day}篇\ndate: {date}"), "\n文字。\n"),
        );
    }
    site.build_ok();
    let pagination = |page: &str| {
        let html = site.page(page);
        let nav = &html[html.find(r#"<nav class="pagination""#).expect("a pagination")..];
        nav[..nav.find("</nav>").unwrap()].to_string()
    };
    let numbers = |nav: &str| nav.matches("/zh/page/").count() + nav.matches(r#"href="/zh/">"#).count();
    let first = pagination("zh/");
    for shown in ["/zh/page/2/", "/zh/page/3/", "/zh/page/6/"] {
        assert!(first.contains(&format!(r#"<a href="{shown}">"#)), "{shown} in {first}");
    }
    assert!(!first.contains(r#"<a href="/zh/page/4/">"#) && !first.contains(r#"<a href="/zh/page/5/">"#), "{first}");
    assert_eq!(first.matches(r#"<li class="gap" aria-hidden="true">…</li>"#).count(), 1, "{first}");
    // In the middle every page is in reach: a gap never hides just one page.
    let middle = pagination("zh/page/4/");
    assert!(!middle.contains(r#"class="gap""#), "{middle}");
    assert_eq!(numbers(&middle), 5 + 2, "five numbers, newer and older: {middle}");
}

#[test]
fn topic_and_speaker_pages_cross_languages() {
    let site = TestSite::fixture("basic");
    site.build_ok();
    let topic = site.page("en/topics/africa/");
    assert!(topic.contains(r#"<a href="/archive/zh/topics/africa/" hreflang="zh-Hans" lang="zh-Hans">非洲</a>"#));
    assert!(topic.contains(r#"<a href="/archive/en/2024/0307-press/africa/">China and Africa</a>"#));
    let speaker = site.page("zh/speakers/wang-yi/");
    assert!(speaker.contains(r#"<a href="/archive/zh/2024/0307-press/opening/">开场白</a>"#));
    assert!(speaker.contains(r#"<a href="/archive/zh/2024/0307-press/africa/">中非关系</a>"#));
    assert!(!speaker.contains("closing/\""), "Wang Yi does not speak in the closing section");
}

#[test]
fn no_internal_link_in_the_output_is_broken() {
    let site = TestSite::fixture("basic");
    site.build_ok();
    assert_links_resolve(&site.public(), "/archive/");
}

/// Every `href` and `src` that starts with `base_path` names a file of the output.
pub fn assert_links_resolve(public: &std::path::Path, base_path: &str) {
    let mut broken = Vec::new();
    for file in files(public).into_iter().filter(|f| f.ends_with(".html")) {
        let html = std::fs::read_to_string(public.join(&file)).unwrap();
        for link in attr_values(&html, "href").into_iter().chain(attr_values(&html, "src")) {
            let Some(rel) = link.strip_prefix(base_path) else {
                continue;
            };
            let rel = rel.split('#').next().unwrap();
            let rel = percent_decode(rel);
            let target = public.join(&rel);
            let ok = if rel.is_empty() || rel.ends_with('/') {
                target.join("index.html").is_file()
            } else {
                target.is_file()
            };
            if !ok {
                broken.push(format!("{file}: {link}"));
            }
        }
    }
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s).decode_utf8().unwrap().into_owned()
}

#[test]
fn a_sites_own_template_replaces_the_themes() {
    let site = TestSite::fixture("basic");
    let mine = r#"{% extends "base.html" %}{% block main %}<p class="mine">{{ section.id }}</p>{% endblock %}"#;
    site.write("templates/section.html", mine);
    site.build_ok();
    assert!(site.page("zh/2024/0307-press/africa/").contains(r#"<p class="mine">africa</p>"#));
    // Templates the site does not override still come from the theme.
    assert!(site.page("zh/2024/0307-press/").contains(r#"<nav class="toc""#));
}

#[test]
fn a_template_mistake_names_the_template() {
    let site = TestSite::fixture("basic");
    site.write("templates/section.html", "{{ section.no_such_field }}");
    let err = site.build_err();
    assert!(err.starts_with("templates/section.html: error: the template cannot be used:"), "{err}");
    assert!(err.contains("no_such_field"), "{err}");
    site.write("templates/section.html", "{% if %}");
    let err = site.build_err();
    assert!(err.starts_with("templates/section.html: error: the template cannot be used:"), "{err}");
}

/// The closing lines after a `---` belong to no section and no turn: shown at the end of
/// the transcript and of the side-by-side view, never in the last section's page.
#[test]
fn the_closing_block_ends_the_transcript_apart_from_the_last_answer() {
    let site = TestSite::minimal();
    let zh = "\n## 一 {#one}\n\n**王毅**：回答。\n\n---\n\n记者会历时1小时30分钟。\n\n（据新华社北京3月7日电）\n";
    let en = "\n## One {#one}\n\n**Wang Yi**: An answer.\n\n---\n\nThe press conference lasted ninety minutes.\n";
    site.write("content/a.zh.md", transcript("title: 甲\ndate: 2024-03-07\nspeakers: { wang-yi: 王毅 }", zh));
    site.write("content/a.en.md", transcript("title: A\ndate: 2024-03-07\nspeakers: { wang-yi: Wang Yi }", en));
    site.build_ok();
    let page = site.page("zh/a/");
    let closing = page.split(r#"<div class="closing">"#).nth(1).expect("a closing block");
    assert!(
        closing.starts_with("<p>记者会历时1小时30分钟。</p>\n<p>（据新华社北京3月7日电）</p>\n</div>"),
        "{closing}"
    );
    let section = site.page("zh/a/one/");
    assert!(
        section.contains("回答。") && !section.contains("记者会历时"),
        "the last section's page has no closing lines"
    );
    let parallel = site.page("parallel/a/");
    let rows = parallel.split(r#"<div class="parallel-block closing">"#).nth(1).expect("a closing row");
    assert!(rows.contains("记者会历时") && rows.contains("ninety minutes"));
    assert!(!parallel.split(r#"<div class="parallel-block closing">"#).next().unwrap().contains("记者会历时"));

    site.write(
        "content/a.zh.md",
        transcript("title: 甲\ndate: 2024-03-07", &format!("{zh}\n## 二 {{#two}}\n\n文字。\n")),
    );
    let err = site.build_err();
    assert!(
        err.starts_with(
            "content/a.zh.md:16:1: error: a section heading after the closing block, which the `---` at line 10 began"
        ),
        "{err}"
    );
}

/// What import could not catch, `check` reports: an empty section, a heading that is a
/// sentence, a transcript where no one speaks, a declared speaker who never does; and
/// a label with its colon inside the bold (`**王毅：**`) is a turn all the same.
#[test]
fn check_warns_about_structure_that_reads_wrong() {
    let site = TestSite::minimal();
    let body = "\n## 空的 {#empty}\n\n## 这一段其实是一句完整的话。 {#sentence}\n\n文字。\n";
    site.write("content/a.zh.md", transcript("title: 甲\ndate: 2024-03-07\nspeakers: { wang-yi: 王毅 }", body));
    site.write("content/b.zh.md", transcript("title: 声明\ndate: 2024-03-08", "\n外交部发表声明。\n\n第二段。\n"));
    let (_, problems) = site.build();
    let warnings = messages(&problems);
    for expected in [
        "content/b.zh.md:5:1: warning: this transcript has no section (`## Heading {#id}`), so all of its text is its preface",
        "content/a.zh.md:7:1: warning: section `empty` is empty: its heading has no text under it",
        "content/a.zh.md:9:1: warning: this heading reads as a sentence (it ends with a full stop)",
        "content/a.zh.md:6:1: warning: this transcript has no speaker turns",
        "content/a.zh.md: warning: the speaker `wang-yi` (王毅) is declared in `speakers` but never speaks here",
    ] {
        assert!(warnings.contains(expected), "missing `{expected}` in:\n{warnings}");
    }
    let body = "\n## 一 {#one}\n\n**王毅：**各位记者朋友，大家好！\n\n**Wang Yi:** Good morning.\n";
    site.write("content/a.zh.md", transcript("title: 甲\ndate: 2024-03-07\nspeakers: { wang-yi: 王毅 }", body));
    site.build_ok();
    let page = site.page("zh/a/one/");
    assert!(page.contains(r#"<a href="/zh/speakers/wang-yi/">王毅</a></p>"#), "{page}");
    assert!(page.contains(r#"<p id="p-one-1">各位记者朋友，大家好！</p>"#) && !page.contains("**"), "{page}");
    assert!(page.contains(r#"<p class="speaker">Wang Yi</p>"#), "{page}");
}
