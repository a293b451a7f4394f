//! Publishing: what GitHub Pages needs, feeds, the sitemap, `init`, and a crawl of the
//! built site through a plain static file server, under a sub-path and at the root.

use std::collections::{BTreeSet, VecDeque};
use std::process::Command;

use crate::support::*;

#[test]
fn the_output_has_what_github_pages_needs() {
    let site = TestSite::fixture("basic");
    let config = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    site.write("site.yaml", format!("{config}cname: archive.example.org\n"));
    site.build_ok();
    let out = site.public();
    assert!(out.join(".nojekyll").is_file());
    assert_eq!(std::fs::read_to_string(out.join("CNAME")).unwrap(), "archive.example.org\n");
    let robots = std::fs::read_to_string(out.join("robots.txt")).unwrap();
    assert!(robots.contains("Sitemap: https://example.org/archive/sitemap.xml"), "{robots}");
    let not_found = std::fs::read_to_string(out.join("404.html")).unwrap();
    assert!(
        not_found.contains(r#"<section class="landing-language" lang="zh-Hans""#) && not_found.contains("找不到这一页")
    );
    assert!(
        not_found.contains(r#"<section class="landing-language" lang="en""#) && not_found.contains("Page not found")
    );
    // Served for any missing path, so its links must not be relative.
    let relative = attr_values(&not_found, "href")
        .into_iter()
        .filter(|h| !h.starts_with(['/', '#']) && !h.starts_with("https://"));
    assert_eq!(relative.collect::<Vec<_>>(), Vec::<String>::new());
}

#[test]
fn without_cname_there_is_no_cname_file() {
    let site = TestSite::fixture("basic");
    site.build_ok();
    assert!(!site.public().join("CNAME").exists());
}

#[test]
fn the_sitemap_lists_every_page_with_its_language_versions() {
    let site = TestSite::fixture("basic");
    site.build_ok();
    let sitemap = std::fs::read_to_string(site.public().join("sitemap.xml")).unwrap();
    let locs: BTreeSet<String> = sitemap
        .split("<loc>")
        .skip(1)
        .map(|s| s.split("</loc>").next().unwrap().trim_start_matches("https://example.org/archive/").to_string())
        .collect();
    assert_eq!(locs, site.pages());
    let entry = sitemap
        .split("<url>")
        .find(|u| u.contains("<loc>https://example.org/archive/zh/2024/0307-press/africa/</loc>"))
        .unwrap();
    for (lang, href) in [
        ("zh-Hans", "https://example.org/archive/zh/2024/0307-press/africa/"),
        ("en", "https://example.org/archive/en/2024/0307-press/africa/"),
        ("x-default", "https://example.org/archive/"),
    ] {
        assert!(
            entry.contains(&format!(r#"<xhtml:link rel="alternate" hreflang="{lang}" href="{href}"/>"#)),
            "{entry}"
        );
    }
    assert!(entry.contains("<lastmod>2024-03-07</lastmod>"));
    // An untranslated page names only the language it exists in.
    let alone = sitemap.split("<url>").find(|u| u.contains("/zh/2023/1201-interview/</loc>")).unwrap();
    assert!(!alone.contains(r#"hreflang="en""#), "{alone}");
}

#[test]
fn every_page_has_a_canonical_link_a_description_and_open_graph() {
    let site = TestSite::fixture("basic");
    site.build_ok();
    for rel in site.pages() {
        let page = site.page(&rel);
        let canonical = format!(r#"<link rel="canonical" href="https://example.org/archive/{rel}">"#);
        assert!(page.contains(&canonical), "{rel}: no canonical link");
        assert!(!page.contains(r#"<meta name="description" content="">"#), "{rel}: empty description");
        assert!(page.contains(r#"<meta property="og:title" content=""#), "{rel}: no og:title");
        assert!(
            page.contains(r#"<link rel="alternate" type="application/atom+xml" href="/archive/"#),
            "{rel}: no feed link"
        );
    }
    assert!(site.page("en/2024/0307-press/").contains(r#"<meta property="og:type" content="article">"#));
    // No `description` in site.yaml: the home page is described by the site's title,
    // never by words of the theme's own example.
    assert!(site.page("en/").contains(r#"<meta name="description" content="Test Archive">"#));
}

#[test]
fn each_language_has_a_valid_atom_feed_of_its_newest_transcripts() {
    let site = TestSite::fixture("basic");
    site.build_ok();
    let zh = std::fs::read(site.public().join("zh/atom.xml")).unwrap();
    let feed = feed_rs::parser::parse(zh.as_slice()).expect("a valid feed");
    let titles: Vec<String> = feed.entries.iter().map(|e| e.title.as_ref().unwrap().content.clone()).collect();
    assert_eq!(titles, ["记者会", "专访", "听证会"]);
    assert_eq!(feed.entries[0].links[0].href, "https://example.org/archive/zh/2024/0307-press/");
    assert!(feed.entries[0].summary.as_ref().unwrap().content.contains("3月7日举行记者会"));
    let en = std::fs::read(site.public().join("en/atom.xml")).unwrap();
    let feed = feed_rs::parser::parse(en.as_slice()).expect("a valid feed");
    assert_eq!(feed.entries.len(), 2, "the untranslated interview is not in the English feed");
    assert!(site.page("en/").contains(
        r#"<link rel="alternate" type="application/atom+xml" href="/archive/en/atom.xml" title="Test Archive">"#
    ));
}

#[test]
fn feeds_escape_markup_in_titles() {
    let site = TestSite::minimal();
    site.write(
        "content/a.zh.md",
        transcript("title: \"<b>A & B</b>\"\ndate: 2024-03-07", "\n前言 <i>x</i>\n\n## 一 {#one}\n"),
    );
    site.build_ok();
    let xml = std::fs::read(site.public().join("zh/atom.xml")).unwrap();
    let feed = feed_rs::parser::parse(xml.as_slice()).expect("a valid feed");
    assert_eq!(feed.entries[0].title.as_ref().unwrap().content, "<b>A & B</b>");
}

#[test]
fn init_makes_a_site_that_builds_with_the_built_in_theme() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str], cwd: &std::path::Path| {
        let out = Command::new(env!("CARGO_BIN_EXE_diptych")).args(args).current_dir(cwd).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    };
    run(&["init", "archive"], dir.path());
    let root = dir.path().join("archive");
    assert!(!root.join("themes").exists(), "the theme stays built in");
    for file in ["site.yaml", ".github/workflows/pages.yml", ".gitignore"] {
        assert!(root.join(file).is_file(), "{file}");
    }
    run(&["build"], &root);
    run(&["build"], &root); // the second build leaves the first one's output as its spare
                            // What builds make stays out of the repository.
    assert!(Command::new("git").args(["init", "--quiet"]).current_dir(&root).status().unwrap().success());
    for made_by_build in ["public", ".public.diptych-spare", ".diptych-cache"] {
        assert!(root.join(made_by_build).is_dir(), "{made_by_build}");
        let ignored = Command::new("git").args(["check-ignore", "--quiet", made_by_build]).current_dir(&root).status();
        assert!(ignored.unwrap().success(), "{made_by_build} is not in .gitignore");
    }
    let public = root.join("public");
    assert!(public.join("assets/diptych.css").is_file());
    let pages = files(&public);
    assert!(pages.iter().any(|f| f.starts_with("zh/") && f.ends_with("/opening/index.html")), "{pages:?}");
    assert!(pages.iter().any(|f| f.starts_with("en/") && f.ends_with("/foreign-policy/index.html")));
    crate::pages::assert_links_resolve(&public, "/archive/");
    // init refuses a folder that holds a site.
    let out =
        Command::new(env!("CARGO_BIN_EXE_diptych")).args(["init", "archive"]).current_dir(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("holds a site already"));
}

#[test]
fn init_with_theme_copies_the_theme_out_for_customizing() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_diptych"))
        .args(["init", "s", "--with-theme"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    let theme = dir.path().join("s/themes/archive");
    assert!(theme.join("templates/base.html").is_file() && theme.join("i18n/zh.yaml").is_file());
    // The copy is what the build uses now.
    let base = std::fs::read_to_string(theme.join("templates/base.html")).unwrap();
    std::fs::write(theme.join("templates/base.html"), base.replace("<body>", "<body class=\"mine\">")).unwrap();
    let out =
        Command::new(env!("CARGO_BIN_EXE_diptych")).arg("build").current_dir(dir.path().join("s")).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let landing = std::fs::read_to_string(dir.path().join("s/public/index.html")).unwrap();
    assert!(landing.contains("<body class=\"mine\">"));
}

/// Fetches every page reachable from `start`, following every internal href and src;
/// returns the paths fetched and those that failed, with their status.
fn crawl(origin: &str, start: &str) -> (BTreeSet<String>, Vec<String>) {
    let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
    let mut seen = BTreeSet::from([start.to_string()]);
    let mut queue = VecDeque::from([start.to_string()]);
    let mut failed = Vec::new();
    while let Some(path) = queue.pop_front() {
        let mut response = agent.get(&format!("{origin}{path}")).call().unwrap();
        if response.status() != 200 {
            failed.push(format!("{path}: {}", response.status()));
            continue;
        }
        let is_html = response.headers().get("content-type").is_some_and(|v| v.to_str().unwrap_or("").contains("html"));
        if !is_html {
            continue;
        }
        let html = response.body_mut().read_to_string().unwrap();
        for link in attr_values(&html, "href").into_iter().chain(attr_values(&html, "src")) {
            let link = link.strip_prefix(origin).unwrap_or(&link).split('#').next().unwrap().to_string();
            if link.starts_with(start) && seen.insert(link.clone()) {
                queue.push_back(link);
            }
        }
    }
    (seen, failed)
}

fn crawl_built_site(base_path: &str) {
    let site = TestSite::fixture("basic");
    let www = tempfile::tempdir().unwrap();
    let Some(server) = static_server(www.path()) else {
        assert!(std::env::var_os("CI").is_none(), "CI must have python3 for the static server");
        eprintln!("\n*** SKIPPED: python3 not found; the crawl test needs a plain static server ***\n");
        return;
    };
    let origin = format!("http://127.0.0.1:{}", server.port);
    let out = site.run(&["build", "--base-url", &format!("{origin}{base_path}")]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // The server's root is the host's root: the site goes where its base path says.
    copy_tree(&site.public(), &www.path().join(base_path.trim_matches('/')));
    let (reached, failed) = crawl(&origin, base_path);
    assert!(failed.is_empty(), "failed requests:\n{}", failed.join("\n"));
    let expected: BTreeSet<String> = site.pages().into_iter().map(|rel| format!("{base_path}{rel}")).collect();
    let reached_pages: BTreeSet<String> = reached.into_iter().filter(|p| p.ends_with('/')).collect();
    assert_eq!(reached_pages, expected, "pages not reached, or reached but not built");
}

#[test]
fn a_site_under_a_sub_path_is_fully_reachable_from_a_plain_static_server() {
    crawl_built_site("/archive/");
}

#[test]
fn a_site_at_the_root_is_fully_reachable_from_a_plain_static_server() {
    crawl_built_site("/");
}
