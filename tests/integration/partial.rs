//! Partial translations: a translation that leaves sections out. Generated cases, each
//! a transcript of 3–9 sections of which one language has a random subset, checked in
//! every place a reader meets the missing sections.

use crate::support::{seeded_order, transcript, TestSite};

/// One generated case: how many sections the full version has, which of them the
/// partial version keeps, and which language is the partial one.
struct Case {
    count: usize,
    kept: Vec<usize>,
    partial: &'static str,
    full: &'static str,
}

impl Case {
    fn new(seed: u64) -> Case {
        let count = 3 + (seed as usize % 7);
        let order = seeded_order(count, seed);
        // Keep at least one section and leave out at least one.
        let keep = 1 + order[0] % (count - 1);
        let mut kept: Vec<usize> = order.into_iter().take(keep).collect();
        kept.sort_unstable();
        let (partial, full) = if seed.is_multiple_of(3) { ("zh", "en") } else { ("en", "zh") };
        Case { count, kept, partial, full }
    }

    fn missing(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.count).filter(|s| !self.kept.contains(s))
    }

    fn write(&self, site: &TestSite) {
        let body = |lang: &str, sections: &mut dyn Iterator<Item = usize>| -> String {
            sections
                .map(|s| format!("\n## {lang} heading {s} {{#s{s}}}\n\n**Speaker**：{lang} words of section {s}.\n"))
                .collect()
        };
        let front = |lang: &str| format!("title: {lang} title\ndate: 2024-03-07\nspeakers: {{ sp: Speaker }}");
        let full = body(self.full, &mut (0..self.count));
        let partial = body(self.partial, &mut self.kept.iter().copied());
        site.write(&format!("content/t.{}.md", self.full), transcript(&front(self.full), &full));
        site.write(&format!("content/t.{}.md", self.partial), transcript(&front(self.partial), &partial));
    }
}

#[test]
fn untranslated_sections_are_said_so_everywhere_a_reader_meets_them() {
    for seed in 0..24 {
        let case = Case::new(seed);
        let site = TestSite::minimal();
        case.write(&site);
        site.build_ok();
        let (p, f) = (case.partial, case.full);
        let context = format!("seed {seed}: {} sections, {p} keeps {:?}", case.count, case.kept);

        // Pages: every section in the full language, only the kept ones in the other.
        let pages = site.pages();
        for s in 0..case.count {
            assert!(pages.contains(&format!("{f}/t/s{s}/")), "{context}: {f} s{s}");
            assert_eq!(pages.contains(&format!("{p}/t/s{s}/")), case.kept.contains(&s), "{context}: {p} s{s}");
        }

        // The full language's page of a missing section: its switcher entry says so and
        // leads to the transcript in that language, never to a missing page.
        for s in case.missing() {
            let page = site.page(&format!("{f}/t/s{s}/"));
            let switcher = page.split("language-switcher").nth(1).unwrap().split("</nav>").next().unwrap();
            assert!(switcher.contains(&format!("href=\"/{p}/t/\" hreflang")), "{context}: {switcher}");
            assert!(switcher.contains("class=\"untranslated\""), "{context}: {switcher}");
        }

        // The partial transcript page: contents list every section, the missing ones
        // marked and linked to the full language's section.
        let page = site.page(&format!("{p}/t/"));
        let toc = page.split("class=\"toc\"").nth(1).unwrap().split("</nav>").next().unwrap();
        assert_eq!(toc.matches("<li>").count(), case.count, "{context}: {toc}");
        for s in case.missing() {
            assert!(toc.contains(&format!("href=\"/{f}/t/s{s}/\" lang=")), "{context}: s{s} in {toc}");
        }
        assert_eq!(toc.matches("class=\"note\"").count(), case.count - case.kept.len(), "{context}");
        assert_eq!(page.matches("class=\"section\"").count(), case.kept.len(), "{context}");

        // Section pages count and link only what this language has.
        let last = *case.kept.last().unwrap();
        let position = format!("{} of {}", case.kept.len(), case.kept.len());
        let section = site.page(&format!("{p}/t/s{last}/"));
        if p == "en" {
            assert!(section.contains(&position), "{context}: no {position:?}");
        }
        assert!(!section.contains("rel=\"next\""), "{context}: the last kept section has a next");

        // The parallel view: a block per section, an empty labelled column where missing.
        let parallel = site.page("parallel/t/");
        assert_eq!(parallel.matches("class=\"parallel-block\"").count(), case.count, "{context}");
        let labelled = parallel.matches("parallel-cell untranslated").count();
        assert_eq!(labelled, case.count - case.kept.len(), "{context}");

        // Home counts the sections each language shows.
        let home = site.page(&format!("{p}/"));
        let shown = if p == "en" {
            if case.kept.len() == 1 {
                "1 section".to_string()
            } else {
                format!("{} sections", case.kept.len())
            }
        } else {
            format!("{} 节", case.kept.len())
        };
        assert!(home.contains(&shown), "{context}: home lacks {shown:?}");

        // The sitemap lists no page that does not exist, and pairs only what does.
        let sitemap = std::fs::read_to_string(site.public().join("sitemap.xml")).unwrap();
        for s in case.missing() {
            assert!(!sitemap.contains(&format!("/{p}/t/s{s}/")), "{context}: sitemap has {p} s{s}");
            assert!(sitemap.contains(&format!("/{f}/t/s{s}/")), "{context}: sitemap lacks {f} s{s}");
        }
        let feed = std::fs::read_to_string(site.public().join(format!("{p}/atom.xml"))).unwrap();
        assert!(feed.contains(&format!("/{p}/t/")), "{context}: feed");
    }
}

#[test]
fn check_warns_once_per_untranslated_section_at_its_heading() {
    for seed in 0..12 {
        let case = Case::new(seed);
        let site = TestSite::minimal();
        case.write(&site);
        let problems = diptych::check(site.root(), &diptych::Options::default()).problems;
        assert!(!problems.has_errors(), "seed {seed}");
        let warnings: Vec<String> =
            problems.warnings.iter().map(|w| w.to_string()).filter(|w| w.contains("translation: its")).collect();
        let language = if case.partial == "en" { "English" } else { "中文" };
        let expected: Vec<String> = case
            .missing()
            .map(|s| {
                // Each section is 4 lines, after 5 lines of front matter and a blank line.
                let line = 7 + 4 * s;
                format!(
                    "content/t.{}.md:{line}:1: warning: section `s{s}` has no {language} translation: \
                     its {language} page says so, and the parallel view leaves its column empty",
                    case.full
                )
            })
            .collect();
        assert_eq!(warnings, expected, "seed {seed}");
    }
}
