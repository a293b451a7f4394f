//! Folders' pages, where site.yaml asks for them (`folder_pages: true`): every folder of the transcripts' addresses (`/zh/2024/`,
//! `/zh/press/2024/`) lists the transcripts under it, in every language, paginated;
//! the home page and each folder's page link the folders in it; a transcript's and a
//! section's breadcrumbs go through its folders. Checked on generated archives.

use std::collections::{BTreeMap, BTreeSet};

use crate::support::*;

/// A generated archive: each transcript's path and whether it has an English version.
struct Archive {
    site: TestSite,
    paths: Vec<(String, bool)>,
}

/// `count` transcripts over `years` years, in folders of years, of a kind of text and
/// of both, or in none.
fn generate(seed: u64, count: usize, years: usize) -> Archive {
    let mut rng = fastrand::Rng::with_seed(seed);
    let site = TestSite::minimal();
    let config = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    site.write("site.yaml", format!("{config}folder_pages: true\n"));
    let mut paths = Vec::new();
    for i in 0..count {
        let year = 2020 + rng.usize(..years);
        let (month, day) = (1 + rng.usize(..12), 1 + rng.usize(..28));
        let name = format!("{month:02}{day:02}-t{i}");
        let path = match rng.u8(..6) {
            0 => name.clone(),
            1 => format!("press/{year}/{name}"),
            2 => format!("interviews/{name}"),
            _ => format!("{year}/{name}"),
        };
        let translated = rng.bool();
        let date = format!("{year}-{month:02}-{day:02}");
        let body = "\n## 一 {#one}\n\n**发言人**：话。\n";
        site.write(&format!("content/{path}.zh.md"), transcript(&format!("title: 第{i}篇\ndate: {date}"), body));
        if translated {
            let body = "\n## One {#one}\n\n**Spokesperson**: Words.\n";
            site.write(&format!("content/{path}.en.md"), transcript(&format!("title: No. {i}\ndate: {date}"), body));
        }
        paths.push((path, translated));
    }
    Archive { site, paths }
}

/// Every folder of the paths, with the paths under it.
fn folders(paths: &[(String, bool)]) -> BTreeMap<String, BTreeSet<String>> {
    let mut folders: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (path, _) in paths {
        for (end, _) in path.match_indices('/') {
            folders.entry(path[..end].to_string()).or_default().insert(path.clone());
        }
    }
    folders
}

/// The transcripts a list (all its pages) links, as paths, with the list's next pages.
fn listed(site: &TestSite, first: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut page = Some(first.to_string());
    while let Some(rel) = page {
        let html = site.page(&rel);
        let cards =
            html.split("<li class=\"card\">").skip(1).filter_map(|card| attr_values(card, "href").into_iter().next());
        found.extend(cards.map(|href| href.trim_matches('/').split_once('/').unwrap().1.to_string()));
        let next = html.split("<a rel=\"next\" href=\"").nth(1).and_then(|rest| rest.split('"').next());
        page = next.map(|href| href.trim_start_matches('/').to_string());
    }
    found
}

#[test]
fn each_folder_lists_the_transcripts_under_it_in_every_language() {
    // The third has more than a page (50) of transcripts in a folder.
    for (seed, count, years) in [(1, 14, 3), (2, 30, 3), (3, 110, 1)] {
        let archive = generate(seed, count, years);
        archive.site.build_ok();
        let folders = folders(&archive.paths);
        assert!(seed < 3 || folders.values().any(|under| under.len() > 50), "seed {seed}: no folder of two pages");
        for lang in ["zh", "en"] {
            for (folder, under) in &folders {
                let listed = listed(&archive.site, &format!("{lang}/{folder}/"));
                assert_eq!(&listed, under, "seed {seed}: {lang}/{folder}/");
            }
            // The home page names the folders at the top, each with its count.
            let home = archive.site.page(&format!("{lang}/"));
            let nav = home.split("<nav class=\"folders\"").nth(1).unwrap().split("</nav>").next().unwrap();
            let linked: BTreeSet<String> = attr_values(nav, "href").into_iter().collect();
            let top: BTreeSet<String> =
                folders.keys().filter(|f| !f.contains('/')).map(|f| format!("/{lang}/{f}/")).collect();
            assert_eq!(linked, top, "seed {seed}");
            for f in folders.keys().filter(|f| !f.contains('/')) {
                let count = folders[f].len();
                assert!(nav.contains(&format!(">{f}</a> <span class=\"count\">{count}</span>")), "{f}: {nav}");
            }
            // Each year's heading leads to the folder named for the year, where there is one.
            for heading in home.split("<h2 id=\"dp-year-").skip(1).map(|h| h.split("</h2>").next().unwrap()) {
                let text = plain_text(heading.split_once('>').unwrap().1);
                let year: String = text.chars().filter(char::is_ascii_digit).collect();
                let linked = attr_values(heading, "href");
                let expected: Vec<String> =
                    folders.keys().filter(|f| **f == year).map(|f| format!("/{lang}/{f}/")).collect();
                assert_eq!(linked, expected, "seed {seed}: {heading}");
            }
        }
        // A transcript's breadcrumb goes through every folder of its address.
        for (path, translated) in &archive.paths {
            for lang in if *translated { &["zh", "en"][..] } else { &["zh"][..] } {
                for page in [format!("{lang}/{path}/"), format!("{lang}/{path}/one/")] {
                    let html = archive.site.page(&page);
                    let crumbs = html.split("class=\"breadcrumb\"").nth(1).unwrap().split("</nav>").next().unwrap();
                    let expected: Vec<String> = std::iter::once(format!("/{lang}/"))
                        .chain(path.match_indices('/').map(|(end, _)| format!("/{lang}/{}/", &path[..end])))
                        .collect();
                    let hrefs = attr_values(crumbs, "href");
                    assert_eq!(hrefs[..expected.len()], expected[..], "seed {seed}: {page}");
                }
            }
        }
    }
}

#[test]
fn a_folder_whose_address_is_a_transcripts_has_no_page_of_its_own() {
    let archive = generate(4, 12, 3);
    let folder = folders(&archive.paths).into_keys().find(|f| !f.contains('/')).unwrap();
    let body = "\n## 一 {#one}\n\n**发言人**：话。\n";
    archive.site.write(&format!("content/{folder}.zh.md"), transcript("title: 同名\ndate: 2021-05-05", body));
    archive.site.build_ok();
    let page = archive.site.page(&format!("zh/{folder}/"));
    assert!(page.contains("<h1>同名</h1>"), "{page}");
    let home = archive.site.page("zh/");
    assert!(!home.contains(&format!("<a href=\"/zh/{folder}/\">{folder}</a> <span")), "{home}");
}

#[test]
fn without_folder_pages_in_site_yaml_no_folder_has_a_page() {
    let archive = generate(5, 10, 2);
    let config = std::fs::read_to_string(archive.site.root().join("site.yaml")).unwrap();
    archive.site.write("site.yaml", config.replace("folder_pages: true\n", ""));
    archive.site.build_ok();
    for folder in folders(&archive.paths).keys() {
        assert!(!archive.site.public().join(format!("zh/{folder}/index.html")).exists(), "{folder}");
    }
    assert!(!archive.site.page("zh/").contains("class=\"folders\""));
}
