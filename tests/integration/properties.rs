//! Properties over generated inputs (proptest): whatever page-break damage a raw
//! transcript has, `import` loses no sentence and doubles none.

use std::path::Path;

use proptest::prelude::*;

use crate::support::*;

/// Sentences of the seed without digits (a split next to a digit is a known limit:
/// `合本国国情` goes on a sentence, `3月` may start one), of 15 characters or more: a
/// shorter sentence repeated on its own is kept on purpose (people repeat "谢谢。").
fn pool() -> Vec<String> {
    let seed = std::fs::read_to_string(project_root().join("tests/fixtures/seed.txt")).unwrap();
    let mut out = Vec::new();
    for line in seed.lines() {
        let body = line.split_once('：').map_or(line, |(_, rest)| rest);
        let mut current = String::new();
        for c in body.trim().chars() {
            current.push(c);
            if c == '。' {
                if current.chars().count() >= 15 && !current.chars().any(|c| c.is_ascii_digit()) {
                    out.push(current.clone());
                }
                current.clear();
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// A clean raw transcript: title, lead, then sections of a question and an answer of
/// several paragraphs; paragraphs are lists of distinct sentences.
#[derive(Debug, Clone)]
struct Raw {
    paragraphs: Vec<Vec<String>>,
    sections: usize,
}

fn raw() -> impl Strategy<Value = Raw> {
    let pool = pool();
    (2usize..5, proptest::collection::vec(1usize..4, 6..14), any::<u64>()).prop_map(move |(sections, sizes, seed)| {
        // Distinct sentences in a seeded order, dealt out to paragraphs.
        let order = seeded_order(pool.len(), seed);
        let mut next = order.into_iter().map(|i| pool[i].clone());
        let paragraphs = sizes.iter().map(|&n| next.by_ref().take(n).collect()).collect();
        Raw { paragraphs, sections }
    })
}

/// The raw text: header, lead, the paragraphs spread over sections as turns and
/// follow-up paragraphs, and the closing line at the end.
fn render(raw: &Raw, damage: &Damage) -> String {
    let mut paras: Vec<String> = raw.paragraphs.iter().map(|p| p.concat()).collect();
    let per = paras.len().div_ceil(raw.sections);
    let mut lines =
        vec!["档案标题".to_string(), "——副标题".to_string(), "2024年3月7日，记者会在梅地亚中心举行。".to_string()];
    for (i, chunk) in paras.iter_mut().enumerate() {
        if i % per == 0 {
            lines.push(format!("第{}部分的标题", ["一", "二", "三", "四", "五"][i / per]));
            chunk.insert_str(0, "某记者：");
        } else if i % per == 1 {
            chunk.insert_str(0, "王毅：");
        }
    }
    let mut body: Vec<String> = paras.clone();
    if let Some((at, cut)) = damage.split {
        // A page break inside a sentence: the paragraph goes on in the next one.
        let at = at % body.len();
        let chars: Vec<char> = body[at].chars().collect();
        let cut = 41 + cut % chars.len().saturating_sub(42).max(1);
        if cut + 1 < chars.len() && !is_break(chars[cut - 1]) && !is_break(chars[cut]) {
            let (a, b): (String, String) = (chars[..cut].iter().collect(), chars[cut..].iter().collect());
            body[at] = a;
            body.insert(at + 1, b);
        }
    }
    if let Some((from, len)) = damage.repeat {
        // A run printed twice, its paragraphs run together the second time.
        let from = from % paras.len();
        let run: String = paras[from..(from + len).min(paras.len())].concat();
        body.push(run.trim_start_matches("某记者：").trim_start_matches("王毅：").to_string());
    }
    let closing = "记者会历时一个半小时。".to_string();
    let closing_at = damage.closing_at.map_or(body.len(), |c| c % (body.len() + 1));
    body.insert(closing_at, closing);
    lines.extend(body);
    lines.join("\n\n")
}

fn is_break(c: char) -> bool {
    "，。；：、“”！？".contains(c)
}

#[derive(Debug, Clone)]
struct Damage {
    split: Option<(usize, usize)>,
    repeat: Option<(usize, usize)>,
    closing_at: Option<usize>,
}

fn damage() -> impl Strategy<Value = Damage> {
    (
        proptest::option::of((any::<usize>(), any::<usize>())),
        proptest::option::of((any::<usize>(), 2usize..4)),
        proptest::option::of(any::<usize>()),
    )
        .prop_map(|(split, repeat, closing_at)| Damage { split, repeat, closing_at })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn import_keeps_every_sentence_exactly_once(raw in raw(), damage in damage()) {
        let text = render(&raw, &damage);
        let imported = diptych::import::import(Path::new("raw.txt"), &text, "zh", None)
            .map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        let markdown = imported.transcript.to_markdown("zh");
        let flat: String = markdown.lines().map(|l| l.replace("**", "")).collect();
        for sentence in raw.paragraphs.iter().flatten().chain(std::iter::once(&"记者会历时一个半小时。".to_string())) {
            let found = flat.matches(sentence.as_str()).count();
            prop_assert_eq!(found, 1, "{:?} found {} times\n--- input ---\n{}\n--- output ---\n{}", sentence, found, text, markdown);
        }
    }
}

// ---------------------------------------------------------------------------------
// Whole sites: pairing and the page plan.

const FOLDERS: [&str; 4] = ["", "2024", "2024/press", "2023"];
const NAMES: [&str; 4] = ["talk", "press", "0307-wang-yi", "forum"];
/// `talk` and `press` are also names, so a section URL can clash with a transcript's.
const SECTIONS: [&str; 5] = ["opening", "trade", "talk", "press", "peace"];
const SLUGS: [&str; 3] = ["custom/one", "2024/talk", "2024/press/talk"];

/// One generated transcript: where it is, which languages it has, its sections.
#[derive(Debug, Clone)]
struct Gen {
    folder: usize,
    name: usize,
    zh: bool,
    en: bool,
    sections: Vec<usize>,
    day: u32,
    slug: Option<usize>,
}

impl Gen {
    fn source(&self, lang: &str) -> String {
        let folder = FOLDERS[self.folder];
        let name = NAMES[self.name];
        if folder.is_empty() {
            format!("content/{name}.{lang}.md")
        } else {
            format!("content/{folder}/{name}.{lang}.md")
        }
    }

    /// Distinct for each transcript and language.
    fn title(&self, lang: &str) -> String {
        format!("{lang} transcript {}-{}", self.folder, NAMES[self.name])
    }

    fn text(&self, lang: &str) -> String {
        let slug = self.slug.map(|s| format!("\nslug: {}", SLUGS[s])).unwrap_or_default();
        let front = format!("title: {}\ndate: 2024-01-{:02}{slug}", self.title(lang), self.day);
        let body: String = self
            .sections
            .iter()
            .map(|&s| {
                format!("## {lang} section {0} {{#{0}}}\n\n**Wang Yi**: {lang} words about {0}.\n\n", SECTIONS[s])
            })
            .collect();
        transcript(&front, &body)
    }
}

fn generated() -> impl Strategy<Value = Gen> {
    let langs = prop_oneof![Just((true, true)), Just((true, false)), Just((false, true))];
    let sections = proptest::sample::subsequence((0..SECTIONS.len()).collect::<Vec<_>>(), 0..4);
    (0..FOLDERS.len(), 0..NAMES.len(), langs, sections, 1u32..29, proptest::option::weighted(0.2, 0..SLUGS.len()))
        .prop_map(|(folder, name, (zh, en), sections, day, slug)| Gen { folder, name, zh, en, sections, day, slug })
}

/// Up to six transcripts at distinct sources.
fn archive() -> impl Strategy<Value = Vec<Gen>> {
    proptest::collection::vec(generated(), 1..7).prop_map(|mut all| {
        let mut seen = std::collections::HashSet::new();
        all.retain(|g| seen.insert((g.folder, g.name)));
        all
    })
}

/// `<link rel="alternate" hreflang=…>` targets of a page, as output files.
fn alternates(html: &str) -> std::collections::BTreeSet<String> {
    html.split("<link rel=\"alternate\" hreflang=")
        .skip(1)
        .map(|tag| {
            let href = &attr_values(tag, "href")[0];
            let rel = href.strip_prefix("https://example.org/").expect("absolute URL on the site");
            if rel.is_empty() || rel.ends_with('/') {
                format!("{rel}index.html")
            } else {
                rel.to_string()
            }
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    /// Either the build names the problem and writes nothing, or every planned page is
    /// written (one file each, nothing else), every source file has its page, and the
    /// language versions of a page all point at one another.
    #[test]
    fn every_planned_page_is_written_once_and_translations_link_both_ways(gens in archive()) {
        let site = TestSite::minimal();
        for g in &gens {
            for (lang, present) in [("zh", g.zh), ("en", g.en)] {
                if present {
                    site.write(&g.source(lang), g.text(lang));
                }
            }
        }
        let planned = diptych::outputs(site.root(), &diptych::Options::default());
        let (summary, built) = site.build();
        let Ok(planned) = planned else {
            // A clash between two URLs is the only error these sites can have.
            prop_assert!(summary.is_none());
            prop_assert!(!site.public().exists(), "an output folder was written despite errors");
            let text = messages(&built);
            prop_assert!(text.contains("content/"), "the error names no source file: {}", text);
            return Ok(());
        };
        prop_assert!(summary.is_some(), "load succeeded but build failed:\n{}", messages(&built));
        let planned: Vec<String> = planned.into_iter().filter(|f| f.ends_with(".html")).collect();
        let unique: std::collections::BTreeSet<String> = planned.iter().cloned().collect();
        prop_assert_eq!(unique.len(), planned.len(), "two planned pages share a file");
        let html: std::collections::BTreeSet<String> =
            files(&site.public()).into_iter().filter(|f| f.ends_with(".html")).collect();
        prop_assert_eq!(&html, &unique);

        for g in &gens {
            let path = g.slug.map(|s| SLUGS[s].to_string()).unwrap_or_else(|| {
                g.source("x").trim_start_matches("content/").trim_end_matches(".x.md").to_string()
            });
            for (lang, present) in [("zh", g.zh), ("en", g.en)] {
                // Without this language the path may be another transcript's page.
                let page = format!("{lang}/{path}/index.html");
                let shows = std::fs::read_to_string(site.public().join(&page))
                    .is_ok_and(|html| html.contains(&format!("<h1>{}</h1>", g.title(lang))));
                prop_assert_eq!(shows, present, "{}", page);
            }
        }
        for page in &html {
            let own = alternates(&std::fs::read_to_string(site.public().join(page)).unwrap());
            for other in &own {
                let theirs = alternates(&std::fs::read_to_string(site.public().join(other)).unwrap());
                prop_assert_eq!(&theirs, &own, "{} and {} disagree on their language versions", page, other);
            }
        }
    }
}

/// `text` in the decomposed form (NFD) if `decompose`, as macOS writes file names, or composed (NFC).
fn unicode_form(text: &str, decompose: bool) -> String {
    if decompose {
        icu_normalizer::DecomposingNormalizerBorrowed::new_nfd().normalize(text).into_owned()
    } else {
        icu_normalizer::ComposingNormalizerBorrowed::new_nfc().normalize(text).into_owned()
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    /// The two files of a transcript pair whichever Unicode form each name (and its
    /// folder) is written in, and the address is the composed one.
    #[test]
    fn names_pair_in_either_unicode_form(
        name in prop::sample::select(vec!["café", "zürich-talks", "ångström", "naïve-questions", "señor"]),
        folder in prop::sample::select(vec!["", "genève", "2024"]),
        forms in any::<[bool; 4]>(),
    ) {
        let site = TestSite::minimal();
        let path = |folder_nfd: bool, name_nfd: bool, lang: &str| {
            let folder = unicode_form(folder, folder_nfd);
            let name = unicode_form(name, name_nfd);
            if folder.is_empty() { format!("content/{name}.{lang}.md") } else { format!("content/{folder}/{name}.{lang}.md") }
        };
        site.write(&path(forms[0], forms[1], "zh"), transcript("title: 甲\ndate: 2024-03-07", "\n## 一 {#one}\n\n**甲**：文字。\n"));
        site.write(&path(forms[2], forms[3], "en"), transcript("title: A\ndate: 2024-03-07", "\n## One {#one}\n\n**A**: Text.\n"));
        let summary = site.build_ok();
        let (_, problems) = site.build();
        prop_assert!(problems.warnings.is_empty(), "{}", messages(&problems));
        let rel = unicode_form(&if folder.is_empty() { name.to_string() } else { format!("{folder}/{name}") }, false);
        for lang in ["zh", "en"] {
            prop_assert!(site.public().join(lang).join(&rel).join("index.html").is_file(), "{lang}/{rel}/ missing");
        }
        prop_assert!(summary.pages > 0);
    }
}
