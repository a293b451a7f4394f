//! Links across transcripts and languages: topics, speakers, related sections, the
//! parallel view, and the check that no internal link is broken.

use crate::support::*;

fn cross() -> TestSite {
    let site = TestSite::fixture("cross");
    site.build_ok();
    site
}

/// The section hrefs in a list of cards, in order.
fn card_links(html: &str) -> Vec<String> {
    html.split(r#"<li class="card">"#).skip(1).filter_map(|card| attr_values(card, "href").into_iter().next()).collect()
}

#[test]
fn topics_come_from_headings_front_matter_and_match_terms() {
    let site = cross();
    // `africa` by its match terms (in both languages), never named in a heading.
    assert_eq!(
        card_links(&site.page("zh/topics/africa/")),
        ["/zh/2024/press/africa-cooperation/", "/zh/2023/forum/african-development/"]
    );
    // `trade` only explicitly, newest first.
    assert_eq!(
        card_links(&site.page("en/topics/trade/")),
        ["/en/2024/press/trade-talks/", "/en/2022/interview/trade-deal/"]
    );
    // `climate` matches English text only, yet tags the section in both languages.
    assert_eq!(card_links(&site.page("zh/topics/climate/")), ["/zh/2023/forum/climate-action/"]);
    let list = site.page("en/topics/");
    assert!(
        list.contains(r#"<li><a href="/en/topics/africa/">Africa</a> <span class="count">2 sections</span></li>"#),
        "{list}"
    );
    assert!(list.contains(r#"<li><a href="/en/topics/climate/">Climate</a> <span class="count">1 section</span></li>"#));
    assert!(site.page("zh/2023/forum/climate-action/").contains(r#"<a href="/zh/topics/climate/">气候</a>"#));
}

#[test]
fn a_speaker_page_lists_their_sections_across_transcripts() {
    let site = cross();
    let page = site.page("en/speakers/wang-yi/");
    assert_eq!(
        card_links(&page),
        [
            "/en/2024/press/africa-cooperation/",
            "/en/2024/press/trade-talks/",
            "/en/2022/interview/trade-deal/",
            "/en/2022/interview/other/"
        ]
    );
    assert!(page.contains(r#"<a href="/zh/speakers/wang-yi/" hreflang="zh-Hans" lang="zh-Hans">王毅</a>"#));
    assert!(site.page("en/2024/press/").contains(r#"<li><a href="/en/speakers/wang-yi/">Wang Yi</a></li>"#));
}

fn related(html: &str) -> Vec<String> {
    let Some((_, aside)) = html.split_once(r#"<aside class="related""#) else { return Vec::new() };
    card_links(aside.split("</aside>").next().unwrap())
}

#[test]
fn related_sections_are_from_other_transcripts_ranked_by_topics_then_words() {
    let site = cross();
    // Shares the topic africa and the words railway/port/power.
    let zh = related(&site.page("zh/2024/press/africa-cooperation/"));
    assert_eq!(zh.first().map(String::as_str), Some("/zh/2023/forum/african-development/"), "{zh:?}");
    assert!(zh.iter().all(|href| !href.starts_with("/zh/2024/press/")), "own transcript listed: {zh:?}");
    // The same set, in the same order, in English.
    let en = related(&site.page("en/2024/press/africa-cooperation/"));
    assert_eq!(en, zh.iter().map(|h| h.replacen("/zh/", "/en/", 1)).collect::<Vec<_>>());
    // Shares the topic trade.
    let trade = related(&site.page("en/2024/press/trade-talks/"));
    assert_eq!(trade.first().map(String::as_str), Some("/en/2022/interview/trade-deal/"), "{trade:?}");
}

#[test]
fn the_parallel_view_aligns_languages_and_leaves_gaps_empty() {
    let site = cross();
    let page = site.page("parallel/2022/interview/");
    assert!(page.contains(r#"<section class="parallel-block" id="trade-deal""#));
    // zh has a paragraph the English lacks: an empty English cell, after the aligned turns.
    let section = page.split(r#"id="trade-deal""#).nth(1).unwrap().split("</section>").next().unwrap();
    let rows: Vec<&str> = section.split(r#"<div class="parallel-row" id="#).skip(1).collect();
    assert_eq!(rows.len(), 3, "{section}");
    assert!(
        rows[1].contains("协定将于年内签署。") && rows[1].contains("The agreement will be signed within the year.")
    );
    assert!(rows[2].contains("关税将逐步取消。"));
    assert!(rows[2].contains(r#"<div class="parallel-cell empty" lang="en">"#), "{}", rows[2]);
    // Section pages link to their place in it.
    let section_page = site.page("zh/2022/interview/trade-deal/");
    assert!(section_page.contains(r#"<a href="/parallel/2022/interview/#trade-deal">中英对照</a>"#));
    assert!(site.page("en/2022/interview/").contains(r#"<a href="/en/parallel/2022/interview/">Side by side</a>"#));
}

#[test]
fn the_example_sites_parallel_view_shows_all_eight_sections() {
    let site = TestSite::example();
    site.build_ok();
    let page = site.page("parallel/2024/0307-wang-yi-press-conference/");
    assert_eq!(page.matches(r#"<section class="parallel-block" id=""#).count(), 8);
    assert!(!page.contains("parallel-cell empty"), "the example is aligned paragraph by paragraph");
    assert!(page.contains("中国将坚定做世界的和平力量") && page.contains("China Will Firmly Be a Force for Peace"));
}

#[test]
fn a_broken_link_fails_the_build_at_its_line_naming_the_pages() {
    let site = TestSite::fixture("cross");
    site.write("content/2021/links.zh.md", transcript("title: 链接\ndate: 2021-01-01", "\n## 一 {#one}\n\n文字。\n"));
    site.build_ok(); // the last good output
    let before = site.snapshot();
    let body = "\n## 一 {#one}\n\n见[另一篇](/zh/2021/missing/)、[本页的别处](#nowhere)和[坏](/zh/nope/)，[外站](https://example.com/x)不查。\n";
    site.write("content/2021/links.zh.md", transcript("title: 链接\ndate: 2021-01-01", body));
    let err = site.build_err();
    // Each at its place in the Markdown, once, with the pages that show it.
    let pages = "(it is on /zh/2021/links/, /zh/2021/links/one/); correct the address, or remove the link";
    let expected = [
        format!(
            "content/2021/links.zh.md:8:8: error: the link `/zh/2021/missing/` leads to nothing in this site {pages}"
        ),
        format!("content/2021/links.zh.md:8:35: error: the link `#nowhere` leads to nothing in this site {pages}"),
        format!("content/2021/links.zh.md:8:49: error: the link `/zh/nope/` leads to nothing in this site {pages}"),
    ];
    assert_eq!(err, expected.join("\n"));
    assert_eq!(site.snapshot(), before, "a failed build leaves the output as it was");
    // `check` reports the same.
    let out = site.run(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains(&expected[0]));
}

/// Transcript `b`, its section `s1` with `paragraphs` paragraphs; and the page
/// `note`, if `note`.
fn write_targets(site: &TestSite, paragraphs: usize, note: bool) {
    let s1: String = (1..=paragraphs).map(|p| format!("\n第{p}段落。\n")).collect();
    let body = format!("\n## 目标 {{#s1}}\n{s1}\n## 其二 {{#s2}}\n\n另一节。\n");
    site.write("content/b.zh.md", transcript("title: 目标\ndate: 2024-01-02", &body));
    if note {
        site.write("pages/note.zh.md", "---\ntitle: 说明\n---\n\n说明。\n");
    } else {
        let _ = std::fs::remove_file(site.root().join("pages/note.zh.md"));
    }
}

/// What a build says: its errors, or the output's bytes.
fn outcome(site: &TestSite) -> Result<Vec<(String, Vec<u8>)>, String> {
    let (summary, problems) = site.build();
    match summary {
        Some(_) => Ok(site.snapshot()),
        None => Err(problems.errors.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n")),
    }
}

/// A page whose bytes are those of the last build takes its links from the last
/// build's scan (`links.bin`); what it links to may have changed since. Generated
/// edits to what one section links to, a paragraph's anchor and a page, its own text
/// and bytes unchanged: after each, the build must say what a build from scratch
/// says, a broken link at its line.
#[test]
fn kept_link_scans_never_hide_a_link_that_an_edit_elsewhere_broke() {
    let site = TestSite::minimal();
    let links =
        "\n## 链接 {#one topics=peace}\n\n见[第三段](/zh/b/s1/#p-s1-3)、[说明](/zh/note/)和[本节](#p-one-1)。\n";
    site.write("content/a.zh.md", transcript("title: 链接\ndate: 2024-01-01", links));
    // Five sections on the linking section's topic: its related sections whatever
    // the targets become, so its bytes stay the same.
    let same_topic: String = (1..=5).map(|i| format!("\n## 和平{i} {{#p{i} topics=peace}}\n\n和平。\n")).collect();
    site.write("content/c.zh.md", transcript("title: 和平\ndate: 2024-01-03", &same_topic));
    let mut linking: Option<Vec<u8>> = None;
    let mut kept_rounds = 0;
    for round in 0..12u64 {
        let order = seeded_order(6, round * 7 + 3);
        let (paragraphs, note) = (1 + order[0], order[1].is_multiple_of(2));
        write_targets(&site, paragraphs, note);
        let kept = outcome(&site);
        let scratch = TestSite::minimal();
        copy_tree(&site.root().join("content"), &scratch.root().join("content"));
        if note {
            copy_tree(&site.root().join("pages"), &scratch.root().join("pages"));
        }
        let expected = outcome(&scratch);
        assert_eq!(kept.is_ok(), paragraphs >= 3 && note, "round {round}: {paragraphs} paragraphs, note {note}");
        match (kept, expected) {
            (Ok(kept), Ok(expected)) => {
                assert!(kept == expected, "round {round}: the output differs from a build from scratch");
                let now = std::fs::read(site.public().join("zh/a/one/index.html")).unwrap();
                kept_rounds += usize::from(linking.as_ref() == Some(&now));
                linking = Some(now);
            }
            (kept, expected) => assert_eq!(kept.err(), expected.err(), "round {round}"),
        }
    }
    assert!(kept_rounds >= 2, "the linking page kept its bytes in {kept_rounds} rounds: the cache went untested");
}

#[test]
fn a_damaged_link_cache_is_scanned_again() {
    let damage = |bytes: &[u8]| {
        let mut flipped = bytes.to_vec();
        flipped[bytes.len() / 2] ^= 0x01;
        vec![flipped, bytes[..bytes.len() / 2].to_vec(), b"not a cache".to_vec(), Vec::new()]
    };
    rebuilt_when_damaged("links.bin", damage, |_| {});
}

/// One section per transcript, in English, saying `words`; those listed in `peace`
/// have the topic `peace`.
fn write_word_sections(site: &TestSite, texts: &[&str], peace: &[usize]) {
    for (i, words) in texts.iter().enumerate() {
        let topics = if peace.contains(&i) { " topics=peace" } else { "" };
        let body = format!("\n## Part {{#part{topics}}}\n\n**Wang Yi**: {words}.\n");
        site.write(
            &format!("content/t{i}.en.md"),
            transcript(&format!("title: T{i}\ndate: 2024-01-0{}", i + 1), &body),
        );
    }
}

/// Term counts are kept between builds (`.diptych-cache/`): a build after an edit must
/// give the pages a build from scratch gives, the edited section's new words included.
#[test]
fn related_sections_follow_an_edit_as_a_build_from_scratch_would() {
    let mut texts =
        ["railway harbour turbine", "railway harbour tunnel", "vaccine satellite textile", "vaccine satellite"];
    let site = TestSite::minimal();
    write_word_sections(&site, &texts, &[]);
    site.build_ok();
    assert!(site.root().join(".diptych-cache").is_dir(), "term counts are kept for the next build");
    assert_eq!(related(&site.page("en/t0/part/")).first().map(String::as_str), Some("/en/t1/part/"));

    texts[0] = "vaccine satellite textile clinic";
    write_word_sections(&site, &texts, &[]);
    site.build_ok();
    assert_eq!(related(&site.page("en/t0/part/")).first().map(String::as_str), Some("/en/t2/part/"));
    let scratch = TestSite::minimal();
    write_word_sections(&scratch, &texts, &[]);
    scratch.build_ok();
    assert_eq!(site.snapshot(), scratch.snapshot());
}

/// The ranking is kept too (`related.bin`), by a digest of what it was made from: a
/// change of topics alone, the text unchanged, must rank the sections again.
#[test]
fn related_sections_follow_a_change_of_topics_as_a_build_from_scratch_would() {
    let texts = ["railway harbour turbine", "railway harbour tunnel", "vaccine satellite textile", "vaccine satellite"];
    let site = TestSite::minimal();
    write_word_sections(&site, &texts, &[]);
    site.build_ok();
    assert!(site.root().join(".diptych-cache/related.bin").is_file(), "the ranking is kept for the next build");
    assert_eq!(related(&site.page("en/t0/part/")).first().map(String::as_str), Some("/en/t1/part/"));

    write_word_sections(&site, &texts, &[0, 2]);
    site.build_ok();
    assert_eq!(related(&site.page("en/t0/part/")).first().map(String::as_str), Some("/en/t2/part/"));
    let scratch = TestSite::minimal();
    write_word_sections(&scratch, &texts, &[0, 2]);
    scratch.build_ok();
    assert_eq!(site.snapshot(), scratch.snapshot());
}

#[test]
fn a_damaged_term_cache_is_ignored() {
    let damage = |bytes: &[u8]| vec![bytes[..bytes.len() / 2].to_vec(), b"not a cache".to_vec(), Vec::new()];
    // Without the kept ranking, which would spare the build the term counts.
    let unranked = |site: &TestSite| std::fs::remove_file(site.root().join(".diptych-cache/related.bin")).unwrap();
    rebuilt_when_damaged("terms.bin", damage, unranked);
}

#[test]
fn a_damaged_ranking_is_ranked_again() {
    let damage = |bytes: &[u8]| {
        // Its digest intact, the first section's first related section made one that
        // does not exist. The layout: header (magic, recipe, version), digest, then per
        // section a count and the sections, in words of 8 bytes.
        let first_count = 8 + 4 + 4 + env!("CARGO_PKG_VERSION").len() + 16;
        assert!(bytes[first_count] > 0, "the newest transcript's first section has related sections");
        let mut out_of_range = bytes.to_vec();
        out_of_range[first_count + 8..first_count + 16].fill(0xFF);
        vec![bytes[..bytes.len() - 4].to_vec(), out_of_range, b"not a ranking".to_vec(), Vec::new()]
    };
    rebuilt_when_damaged("related.bin", damage, |_| {});
}

/// Builds the cross fixture, then again with each of `damage`'s versions of the cache
/// file `name` in its place (`before_each` done first): every build must give the
/// pages of the first, and write the file again whole.
fn rebuilt_when_damaged(name: &str, damage: impl Fn(&[u8]) -> Vec<Vec<u8>>, before_each: impl Fn(&TestSite)) {
    let site = TestSite::fixture("cross");
    site.build_ok();
    let before = site.snapshot();
    let file = site.root().join(".diptych-cache").join(name);
    let bytes = std::fs::read(&file).expect("the build keeps the file");
    for damaged in damage(&bytes) {
        std::fs::write(&file, damaged).unwrap();
        before_each(&site);
        site.build_ok();
        assert_eq!(site.snapshot(), before);
        assert_eq!(std::fs::read(&file).unwrap(), bytes, "{name} is written again whole");
    }
}

/// The side-by-side view shows both languages: a broken link there is blamed on the
/// file it is written in, whichever language that is.
#[test]
fn a_broken_link_is_blamed_on_the_language_file_that_holds_it() {
    let site = TestSite::minimal();
    site.write(
        "content/a.zh.md",
        transcript("title: 甲\ndate: 2024-03-07", "\n## 一 {#one}\n\n见[这里](/zh/nowhere/)。\n"),
    );
    site.write(
        "content/a.en.md",
        transcript("title: A\ndate: 2024-03-07", "\n## One {#one}\n\nText.\n\nSee [here](/en/gone/).\n"),
    );
    let err = site.build_err();
    let tail = "correct the address, or remove the link";
    assert_eq!(
        err,
        [
            format!("content/a.en.md:10:12: error: the link `/en/gone/` leads to nothing in this site (it is on /en/a/, /en/a/one/, /parallel/a/, /en/parallel/a/); {tail}"),
            format!("content/a.zh.md:8:7: error: the link `/zh/nowhere/` leads to nothing in this site (it is on /zh/a/, /zh/a/one/, /parallel/a/, /en/parallel/a/); {tail}"),
        ]
        .join("\n")
    );
}

/// A recording the site does not have is named at the line of the front matter that
/// gives it, however the value is written, and each page once (the player and the
/// download link are one link on one page).
#[test]
fn a_missing_recording_is_named_at_its_front_matter_line() {
    let written = [
        ("media: { audio: \"/media/gone.mp3\" }", 4, 18),
        ("media: { audio: '/media/gone.mp3' }", 4, 18),
        ("media: { audio: /media/gone.mp3, video: https://v.example.org/a.mp4 }", 4, 17),
        ("media: { audio: /media/gone.mp3 }", 4, 17),
        ("media:\n  audio: /media/gone.mp3", 5, 10),
        ("media:\n  audio: \"/media/gone.mp3\"", 5, 11),
    ];
    for (media, line, col) in written {
        let site = TestSite::minimal();
        site.write(
            "content/a.zh.md",
            transcript(&format!("title: 甲\ndate: 2024-03-07\n{media}"), "\n## 一 {#one}\n\n文字。\n"),
        );
        let err = site.build_err();
        let expected = format!(
            "content/a.zh.md:{line}:{col}: error: the link `/media/gone.mp3` leads to nothing in this site (it is on /zh/a/); correct the address, or remove the link"
        );
        assert!(err.lines().any(|l| l == expected), "{media}:\n{err}");
    }
}

#[test]
fn the_parallel_view_comes_in_the_readers_language_with_its_column_first() {
    let site = cross();
    // The default language's is the view at /parallel/ itself.
    assert!(!site.pages().contains("zh/parallel/2022/interview/"));
    let zh = site.page("parallel/2022/interview/");
    let en = site.page("en/parallel/2022/interview/");
    let columns = |page: &str| -> Vec<String> {
        let titles = page.split("parallel-titles").nth(1).unwrap().split("</div>\n").next().unwrap();
        titles
            .split(r#"<div class="parallel-cell" lang=""#)
            .skip(1)
            .map(|c| c.split('"').next().unwrap().to_string())
            .collect()
    };
    assert_eq!(columns(&zh), ["zh-Hans", "en"]);
    assert_eq!(columns(&en), ["en", "zh-Hans"]);
    assert!(en.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"), "the frame is the reader's");
    assert!(zh.starts_with("<!DOCTYPE html>\n<html lang=\"zh-Hans\">"));
    // The same passages, whatever the order.
    let ids = |page: &str| page.matches(r#"<div class="parallel-row" id="p-"#).count();
    assert_eq!(ids(&zh), ids(&en));
    // Each names the others, and the default view (kept at /parallel/) for other readers.
    for page in [&zh, &en] {
        assert!(page.contains(
            r#"<link rel="alternate" hreflang="en" href="https://example.org/en/parallel/2022/interview/">"#
        ));
        assert!(page.contains(
            r#"<link rel="alternate" hreflang="x-default" href="https://example.org/parallel/2022/interview/">"#
        ));
    }
    assert!(
        zh.contains(r#"<link rel="alternate" hreflang="zh-Hans" href="https://example.org/parallel/2022/interview/">"#)
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(8))]

    /// A link written from the site's root in a transcript, a page or the footer
    /// (`/en/topics/`, an image of `static/`) gets the path the site is published under,
    /// site.yaml's or `--base-url`'s, as every link the site makes does; one that leads
    /// nowhere is named as written, at its place.
    #[test]
    fn links_from_the_sites_root_get_the_path_the_site_is_published_under(
        base in proptest::sample::select(vec!["/", "/archive/", "/a/b/"]),
        deploy in proptest::option::of(proptest::sample::select(vec!["/", "/repo/", "/x/y/"])),
        lang in proptest::sample::select(vec!["zh", "en"]),
        paragraph in 0usize..3,
        raw_html in proptest::bool::ANY,
    ) {
        let targets = ["/en/topics/", "/zh/a/one/", "/zh/a/#p-one-1", "/img/hall.png", "/en/about/"];
        // As Markdown, or as raw HTML where the site allows it (an image's `src` too).
        let link = |(i, t): (usize, &&str)| match raw_html {
            true if t.ends_with(".png") => format!(" <img src=\"{t}\" alt=\"l{i}\">"),
            true => format!(" <a href=\"{t}\">l{i}</a>"),
            false => format!(" [l{i}]({t})"),
        };
        let links: String = targets.iter().enumerate().map(link).collect();
        let paragraphs: Vec<String> = (0..3)
            .map(|p| if p == paragraph { format!("**记者**：文字{p}。{links}") } else { format!("**记者**：文字{p}。") })
            .collect();
        let site = TestSite::minimal();
        let config = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
        let config = config.replace("https://example.org/", &format!("https://example.org{base}"));
        let config = if raw_html { format!("{config}markdown: {{ allow_html: true }}\n") } else { config };
        site.write("site.yaml", format!("{config}footer: {{ zh: \"[关于](/zh/about/)\", en: \"[About](/en/about/)\" }}\n"));
        let body = format!("\n## 一 {{#one}}\n\n{}\n", paragraphs.join("\n\n"));
        let other = "\n## 一 {#one}\n\n**记者**：文字。\n\n**记者**：文字。\n\n**记者**：文字。\n";
        let (mine, theirs) = if lang == "zh" { (body.as_str(), other) } else { (other, body.as_str()) };
        site.write("content/a.zh.md", transcript("title: 标题\ndate: 2024-03-07", mine));
        site.write("content/a.en.md", transcript("title: Title\ndate: 2024-03-07", theirs));
        site.write("pages/about.zh.md", "---\ntitle: 关于\n---\n\n见[话题](/zh/topics/)。\n");
        site.write("pages/about.en.md", "---\ntitle: About\n---\n\nSee [topics](/en/topics/).\n");
        site.write("static/img/hall.png", b"\x89PNG\r\n\x1a\n");
        let mut options = diptych::Options::default();
        options.overrides.base_url = deploy.map(|d| format!("https://user.github.io{d}"));
        let published = deploy.unwrap_or(base);
        let (summary, problems) = diptych::build(site.root(), &options);
        proptest::prop_assert!(summary.is_some() && problems.warnings.is_empty(), "{}", messages(&problems));
        let page = site.page(&format!("{lang}/a/one/"));
        let hrefs: Vec<String> = attr_values(&page, "href").into_iter().chain(attr_values(&page, "src")).collect();
        for target in targets {
            let expected = format!("{published}{}", &target[1..]);
            proptest::prop_assert!(hrefs.contains(&expected), "{} not in {:?}", expected, hrefs);
        }
        let about = site.page("en/about/");
        let about_links = attr_values(&about, "href");
        proptest::prop_assert!(about_links.contains(&format!("{published}en/topics/")), "{:?}", about_links);
        proptest::prop_assert!(about_links.contains(&format!("{published}en/about/")), "the footer: {:?}", about_links);

        // Led nowhere: named as written, where it is written.
        let front = if lang == "zh" { "title: 标题\ndate: 2024-03-07" } else { "title: Title\ndate: 2024-03-07" };
        site.write(&format!("content/a.{lang}.md"), transcript(front, &body.replace("/en/about/", "/en/abuot/")));
        let err = site.build_err();
        let written = &paragraphs[paragraph];
        let column = written[..written.find("/en/about/").unwrap()].chars().count() + 1;
        let line = 8 + 2 * paragraph;
        let expected = format!("content/a.{lang}.md:{line}:{column}: error: the link `/en/abuot/` leads to nothing");
        proptest::prop_assert!(err.starts_with(&expected), "{}\nexpected {}", err, expected);
    }
}

#[test]
fn a_link_written_with_the_sites_path_works_and_is_warned_about() {
    let site = TestSite::fixture("basic");
    let file = "content/2024/0307-press.en.md";
    let text = std::fs::read_to_string(site.root().join(file)).unwrap();
    let (head, rest) = text.split_at(text.rfind("\n\n").unwrap());
    site.write(file, format!("{head}\n\nSee [the topics](/archive/en/topics/).{rest}"));
    let (summary, problems) = site.build();
    assert!(summary.is_some(), "{}", messages(&problems));
    let warned = messages(&problems);
    assert!(
        warned.contains("warning: the address `/archive/en/topics/` carries the path the site is published under")
            && warned.contains("write `/en/topics/`"),
        "{warned}"
    );
}
