//! What an archive holds besides transcripts, on the site `tests/fixtures/every-key`
//! that uses every key of the source format: pages of `pages/`, site.yaml's
//! description, footer, menu, strings and extra data, a third language the theme has
//! no strings for, a transcript's original and recordings, and the redirects that
//! keep earlier addresses working.

use crate::support::*;

fn every_key() -> TestSite {
    let site = TestSite::fixture("every-key");
    site.build_ok();
    site
}

/// The site navigation of a page: (href, label) per entry.
fn menu(page: &str) -> Vec<(String, String)> {
    let nav = page.split(r#"<nav class="site-nav""#).nth(1).unwrap().split("</nav>").next().unwrap();
    nav.split("<li>")
        .skip(1)
        .map(|item| {
            let href = item.split("href=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
            let label = item.split('>').nth(1).unwrap().split('<').next().unwrap().to_string();
            (href, label)
        })
        .collect()
}

#[test]
fn pages_are_published_per_language_paired_and_searchable() {
    let site = every_key();
    let pages = site.pages();
    for (rel, exists) in [
        ("zh/about/", true),
        ("en/about/", true),
        ("fr/about/", false),
        ("en/method/sources/", true),
        ("zh/method/sources/", false),
    ] {
        assert_eq!(pages.contains(rel), exists, "{rel}");
    }
    let about = site.page("en/about/");
    assert!(about.contains("<h1>About</h1>"), "{about}");
    // A page is plain Markdown: bold text and a colon stay text.
    assert!(about.contains("<p><strong>Note</strong>: bold text and a colon are no speaker on a page.</p>"));
    assert!(about.contains(r#"<link rel="alternate" hreflang="zh-Hans" href="https://example.org/keys/zh/about/">"#));
    let zh = site.page("zh/about/");
    assert!(zh.contains(r#"<meta name="description" content="关于本档案。">"#));
    assert!(zh.contains("<h2>来源</h2>"), "headings of a page are ordinary headings");

    let sitemap = std::fs::read_to_string(site.public().join("sitemap.xml")).unwrap();
    let entry = sitemap.split("<url>").find(|u| u.contains("/keys/en/about/</loc>")).expect("about is in the sitemap");
    assert!(entry.contains(r#"hreflang="zh-Hans" href="https://example.org/keys/zh/about/""#), "{entry}");

    // Searched like sections: two English sections, the transcript and two English pages.
    let meta: serde_json::Value =
        serde_json::from_slice(&std::fs::read(site.public().join("search/en/meta.json")).unwrap()).unwrap();
    assert_eq!(meta["docs"], 5);
}

#[test]
fn the_menu_footer_description_and_strings_come_from_site_yaml() {
    let site = every_key();
    let home = site.page("en/");
    let labels: Vec<String> = menu(&home).into_iter().map(|(_, l)| l).collect();
    assert_eq!(
        labels,
        ["Home", "Topics", "Peace", "About", "Sources", "Foreign Ministry", "GitHub", "Recording", "Search"]
    );
    // A topic's page, in the page's language; an address from the site's root, under
    // the site's path and not marked external.
    let hrefs: Vec<String> = menu(&home).into_iter().map(|(h, _)| h).collect();
    assert_eq!(hrefs[2], "/keys/en/topics/peace/");
    assert!(home.contains(r#"<a href="/keys/media/0307.mp3">Recording</a>"#), "{home}");
    assert_eq!(menu(&site.page("zh/"))[2], ("/keys/zh/topics/peace/".to_string(), "和平".to_string()));
    assert!(site
        .page("en/topics/peace/")
        .contains(r#"<a href="/keys/en/topics/peace/" aria-current="page">Peace</a>"#));
    // A label given as one text is every language's.
    let zh_labels: Vec<String> = menu(&site.page("zh/")).into_iter().map(|(_, l)| l).collect();
    assert!(
        zh_labels.contains(&"外交部网站".to_string()) && zh_labels.contains(&"GitHub".to_string()),
        "{zh_labels:?}"
    );
    assert!(home.contains(r#"<a href="https://www.fmprc.gov.cn/" rel="external">Foreign Ministry</a>"#));
    assert!(home.contains(r#"<a href="/keys/en/" aria-current="page">Home</a>"#));
    assert!(home.contains(r#"<meta name="description" content="An archive that uses every key">"#));
    assert!(home.contains(
        r#"Published under <a href="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</a>, <em>with thanks</em>."#
    ));
    assert!(home.contains(r#"placeholder="Search the archive""#), "one string overridden");
    assert!(home.contains(">Topics<"), "the others kept");

    // French: no theme strings, so the default language's, with its own override;
    // texts site.yaml does not give in French are the default language's too.
    let fr = site.page("fr/");
    let fr_menu = menu(&fr);
    assert_eq!(fr_menu[0].1, "Accueil");
    assert_eq!(fr_menu[1].1, "主题");
    assert_eq!(fr_menu[3], ("/keys/zh/about/".to_string(), "关于".to_string()), "an untranslated page in its language");
    assert!(fr.contains(r#"lang="zh-Hans">关于</a>"#));
    assert!(fr.contains(r#"<meta name="description" content="一个用到每个键的档案">"#));
}

#[test]
fn a_language_without_theme_strings_is_a_warning_naming_the_file_to_add() {
    let site = TestSite::fixture("every-key");
    let problems = diptych::check(site.root(), &diptych::Options::default()).problems;
    assert!(!problems.has_errors(), "{}", messages(&problems));
    let warning = problems.warnings.iter().map(|w| w.to_string()).find(|w| w.contains("`fr`")).expect("a warning");
    assert!(warning.starts_with("site.yaml: warning: the theme has no UI strings for `fr`"), "{warning}");
    assert!(warning.contains("add i18n/fr.yaml"), "{warning}");
    // With that file, complete, the warning is gone and its strings are used.
    let zh = std::fs::read_to_string(project_root().join("themes/archive/i18n/zh.yaml")).unwrap();
    site.write("i18n/fr.yaml", zh.replace("home: 首页", "home: Maison"));
    let problems = diptych::check(site.root(), &diptych::Options::default()).problems;
    assert!(!problems.warnings.iter().any(|w| w.to_string().contains("`fr`")), "{}", messages(&problems));
    site.build_ok();
    // site.yaml's `strings` still wins over the file.
    assert_eq!(menu(&site.page("fr/"))[0].1, "Accueil");
}

#[test]
fn templates_see_the_extra_data_of_the_site_and_of_a_page() {
    let site = TestSite::fixture("every-key");
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block main %}<p>{{ site.extra.organisation }} / {{ extra.contact | default(value=\"-\") }}</p>{% endblock %}",
    );
    site.build_ok();
    assert!(site.page("zh/about/").contains("<p>Example Institute / archive@example.org</p>"));
    assert!(site.page("en/about/").contains("<p>Example Institute / -</p>"));
}

#[test]
fn a_transcript_links_its_original_and_plays_its_recordings() {
    let site = every_key();
    let page = site.page("zh/2024/0307-talk/");
    assert!(page.contains(r#"<video controls preload="none" src="https://media.example.org/0307.mp4">"#), "{page}");
    // A path in the site gets the base path, and the link check found the file.
    assert!(page.contains(r#"<audio controls preload="none" src="/keys/media/0307.mp3">"#));
    assert!(page.contains(r#"<a href="https://www.fmprc.gov.cn/web/0307.html" rel="external">"#));
    // The English has none of them.
    let en = site.page("en/2024/0307-talk/");
    assert!(!en.contains("<video") && !en.contains("<audio") && !en.contains("rel=\"external\">https"));
}

/// Where the redirect page at `rel` sends the reader, checked to be a whole page.
fn redirect_target(site: &TestSite, rel: &str) -> String {
    let page = site.page(rel);
    let target = page.split("url=").nth(1).unwrap().split('"').next().unwrap().to_string();
    assert!(page.contains(&format!(r#"<link rel="canonical" href="https://example.org{target}">"#)), "{page}");
    assert!(page.contains(&format!(r#"<p><a href="{target}">"#)), "a plain link too: {page}");
    assert!(page.contains(r#"<meta name="robots" content="noindex">"#));
    target
}

#[test]
fn earlier_addresses_redirect_and_are_listed_nowhere() {
    let site = every_key();
    for (old, new) in [
        ("zh/2024/0307-press/", "/keys/zh/2024/0307-talk/"),
        ("en/old/talk/", "/keys/en/2024/0307-talk/"),
        ("zh/old/talk/peace/", "/keys/zh/2024/0307-talk/peace/"),
        ("zh/old/talk/chinese-only/", "/keys/zh/2024/0307-talk/chinese-only/"),
        ("parallel/2024/0307-press/", "/keys/parallel/2024/0307-talk/"),
        // A section's earlier ids, in every language that has the section.
        ("zh/2024/0307-talk/section-2/", "/keys/zh/2024/0307-talk/peace/"),
        ("en/2024/0307-talk/section-2/", "/keys/en/2024/0307-talk/peace/"),
        ("en/2024/0307-talk/peace-talk/", "/keys/en/2024/0307-talk/peace/"),
        ("en/2024/0307-talk/section-1/", "/keys/en/2024/0307-talk/opening/"),
        // A page's alias.
        ("zh/info/", "/keys/zh/about/"),
    ] {
        assert_eq!(redirect_target(&site, old), new, "{old}");
    }
    assert!(!site.pages().contains("en/old/talk/chinese-only/"), "no redirect where the section has no page");
    let sitemap = std::fs::read_to_string(site.public().join("sitemap.xml")).unwrap();
    assert!(!sitemap.contains("0307-press") && !sitemap.contains("section-2") && !sitemap.contains("/info/"));
    let transcript = site.page("zh/2024/0307-talk/");
    assert!(!transcript.contains("0307-press") && !transcript.contains("section-2"));
}

#[test]
fn a_redirect_that_would_replace_a_page_is_an_error_naming_both() {
    let site = TestSite::fixture("every-key");
    site.write("pages/info.zh.md", "---\ntitle: 信息\n---\n\n文字。\n");
    let err = site.build_err();
    assert!(err.contains("`zh/info/index.html`"), "{err}");
    assert!(err.contains("pages/info.zh.md") && err.contains("pages/about.zh.md"), "{err}");
}

#[test]
fn an_old_address_opened_in_a_browser_arrives_at_the_new_page() {
    if !browser_ready() {
        return;
    }
    let served = TestSite::fixture("every-key").served();
    let olds = ["zh/old/talk/peace/", "en/2024/0307-talk/section-2/", "zh/info/"];
    let arrived: Vec<String> = browser_script("redirect.mjs", &served.origin, &olds);
    assert_eq!(arrived, ["/zh/2024/0307-talk/peace/", "/en/2024/0307-talk/peace/", "/zh/about/"]);
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]

    /// A date's format set in site.yaml or in the site's strings file, with fields
    /// picked at random (a date's, a time's, a time zone's, none at all): the site
    /// builds with the date written so, or the format is an error at the place it is
    /// set; never a build that stops halfway.
    #[test]
    fn a_date_format_either_writes_dates_or_is_an_error_where_it_is_set(
        pieces in proptest::collection::vec(proptest::sample::select(vec![
            "%Y", "%-m", "%d", "%B", "%A", "年", " ", "%%", "%H", "%z", "%Q", "%", "%:", "%.3f", "%E",
        ]), 1..5),
        key in proptest::sample::select(vec!["date_format", "year_format", "month_format"]),
        in_site_yaml: bool,
    ) {
        let format: String = pieces.concat();
        let site = TestSite::minimal();
        let quoted = serde_json::to_string(&format).unwrap();
        if in_site_yaml {
            let config = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
            site.write("site.yaml", format!("{config}folder_pages: true\nstrings:\n  zh: {{ {key}: {quoted} }}\n"));
        } else {
            let config = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
            site.write("site.yaml", format!("{config}folder_pages: true\n"));
            site.write("i18n/zh.yaml", format!("{key}: {quoted}\n"));
        }
        site.write("content/2024/0307.zh.md", transcript("title: 标题\ndate: 2024-03-07", "\n## 一 {#one}\n\n**发言人**：话。\n"));
        let writes = {
            use std::fmt::Write;
            let date = chrono::NaiveDate::from_ymd_opt(2024, 3, 7).unwrap();
            write!(String::new(), "{}", date.format(&format)).is_ok()
        };
        let (summary, problems) = site.build();
        let all = messages(&problems);
        if writes {
            proptest::prop_assert!(summary.is_some(), "`{}`: {}", format, all);
        } else {
            let at = if in_site_yaml { "site.yaml:" } else { "i18n/zh.yaml: error" };
            let expected = format!("error: the UI string `{key}` is `{format}`, which cannot write a date");
            proptest::prop_assert!(summary.is_none() && all.starts_with(at) && all.contains(&expected), "{}", all);
        }
    }
}
