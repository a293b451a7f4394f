//! Notes (`[^1]` in the text, `[^1]: …` below): generated transcripts with notes in
//! random parts and paragraphs of both languages, each note's text written beside its
//! paragraph or at the end of the file, checked on every page a reader meets them.

use std::collections::BTreeMap;

use crate::support::{attr_values, messages, seeded_order, transcript, TestSite};

/// Where a note is listed: the preface (0), section k (k + 1), the closing lines (last).
type Part = usize;

/// One language's version of a generated transcript.
struct Version {
    lang: &'static str,
    /// Per part, its paragraphs, each with the labels of the marks it ends its
    /// sentences with.
    parts: Vec<Vec<Vec<String>>>,
    /// Notes whose text is written under the paragraph that first refers to them.
    beside: Vec<String>,
}

impl Version {
    fn new(lang: &'static str, sections: usize, seed: u64) -> Version {
        let mut dice = seeded_order(64, seed).into_iter().cycle();
        let mut roll = move |n: usize| dice.next().unwrap() % n;
        let mut fresh = 0;
        let mut beside = Vec::new();
        let mut parts = Vec::new();
        for _ in 0..sections + 2 {
            let mut used: Vec<String> = Vec::new();
            let mut paragraphs = Vec::new();
            for _ in 0..1 + roll(3) {
                let mut marks = Vec::new();
                for _ in 0..roll(3) {
                    // Sometimes a note already marked in this part, marked again.
                    let label = match used.get(roll(4)) {
                        Some(again) if roll(3) == 0 => again.clone(),
                        _ => {
                            fresh += 1;
                            let label = if fresh % 2 == 0 { format!("{fresh}") } else { format!("{lang}-note{fresh}") };
                            if roll(2) == 0 {
                                beside.push(label.clone());
                            }
                            used.push(label.clone());
                            label
                        }
                    };
                    marks.push(label);
                }
                paragraphs.push(marks);
            }
            parts.push(paragraphs);
        }
        Version { lang, parts, beside }
    }

    /// The notes' labels in the order the text first refers to them (their numbers
    /// are their places, from 1), each with the part that lists it.
    fn numbered(&self) -> Vec<(String, Part)> {
        let mut notes: Vec<(String, Part)> = Vec::new();
        for (part, paragraphs) in self.parts.iter().enumerate() {
            for label in paragraphs.iter().flatten() {
                if !notes.iter().any(|(l, _)| l == label) {
                    notes.push((label.clone(), part));
                }
            }
        }
        notes
    }

    fn note_text(&self, label: &str) -> String {
        format!("Note {label} of the {} text", self.lang)
    }

    fn source(&self) -> String {
        let last = self.parts.len() - 1;
        let mut body = String::new();
        let mut written = Vec::new();
        for (part, paragraphs) in self.parts.iter().enumerate() {
            match part {
                0 => {}
                p if p == last => body.push_str("\n---\n"),
                p => body.push_str(&format!("\n## {} heading {p} {{#s{p}}}\n", self.lang)),
            }
            for (k, marks) in paragraphs.iter().enumerate() {
                let label = if (1..last).contains(&part) { "**Speaker**：" } else { "" };
                let sentences: String = marks.iter().map(|m| format!("Sentence on {m}.[^{m}] ")).collect();
                body.push_str(&format!("\n{label}{sentences}Words {k} of part {part} in {}.\n", self.lang));
                for m in marks {
                    if self.beside.contains(m) && !written.contains(m) {
                        body.push_str(&format!("\n[^{m}]: {}\n", self.note_text(m)));
                        written.push(m.clone());
                    }
                }
            }
        }
        body.push('\n');
        for (label, _) in self.numbered().iter().filter(|(l, _)| !written.contains(l)) {
            // Some at the end of the file over two paragraphs.
            body.push_str(&format!("[^{label}]: {}\n\n    More on {label}.\n\n", self.note_text(label)));
        }
        let front = format!("title: {} title\ndate: 2024-03-07\nspeakers: {{ sp: Speaker }}", self.lang);
        transcript(&front, &body)
    }
}

/// Every address on `page` is given once, and every link to a place on the page leads
/// to one of them.
fn anchors_hold(page: &str, context: &str) {
    let ids = attr_values(page, "id");
    let mut seen = BTreeMap::new();
    for id in &ids {
        *seen.entry(id.as_str()).or_insert(0) += 1;
    }
    let twice: Vec<_> = seen.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "{context}: ids given twice: {twice:?}");
    for href in attr_values(page, "href").iter().filter_map(|h| h.strip_prefix('#')) {
        assert!(seen.contains_key(href), "{context}: #{href} leads nowhere");
    }
}

/// The notes listed on `page` for `lang`, as (number, text) in their order.
fn listed(page: &str, lang: &str) -> Vec<(usize, String)> {
    listed_in(page, &format!("note-{lang}-"))
}

/// The notes listed on `page` whose addresses start with `prefix`, as (number, text).
fn listed_in(page: &str, prefix: &str) -> Vec<(usize, String)> {
    let prefix = format!("<li id=\"{prefix}");
    page.match_indices(&prefix)
        .map(|(i, _)| {
            let rest = &page[i + prefix.len()..];
            let number = rest[..rest.find('"').unwrap()].parse().unwrap();
            let text = rest[rest.find("<p>").unwrap() + 3..rest.find("</li>").unwrap()].to_string();
            (number, text)
        })
        .collect()
}

#[test]
fn notes_are_numbered_in_reading_order_and_listed_after_the_part_that_refers_to_them() {
    for seed in 1..=16u64 {
        let sections = 1 + (seed as usize % 4);
        let versions = [Version::new("zh", sections, seed), Version::new("en", sections, seed * 7919)];
        let site = TestSite::minimal();
        for v in &versions {
            site.write(&format!("content/t.{}.md", v.lang), v.source());
        }
        site.build_ok();
        for v in &versions {
            let context = format!("seed {seed}, {}", v.lang);
            let numbered = v.numbered();
            let expected = |part: Part| -> Vec<(usize, String)> {
                let notes = numbered.iter().enumerate().filter(|(_, (_, p))| *p == part);
                notes.map(|(i, (label, _))| (i + 1, v.note_text(label))).collect()
            };
            let texts = |listed: Vec<(usize, String)>| -> Vec<(usize, String)> {
                listed.into_iter().map(|(n, t)| (n, t.split(" <a class").next().unwrap().to_string())).collect()
            };
            // Each section's page lists its own notes, in order, and nothing else.
            for s in 1..=sections {
                let page = site.page(&format!("{}/t/s{s}/", v.lang));
                anchors_hold(&page, &format!("{context}, section {s}"));
                let shown: Vec<(usize, String)> =
                    texts(listed(&page, v.lang)).into_iter().map(|(n, t)| (n, t.replace("</p>\n<p>", " "))).collect();
                let want: Vec<(usize, String)> = expected(s).into_iter().collect();
                let numbers = |l: &[(usize, String)]| l.iter().map(|(n, _)| *n).collect::<Vec<_>>();
                assert_eq!(numbers(&shown), numbers(&want), "{context}, section {s}");
                for ((_, shown), (_, want)) in shown.iter().zip(&want) {
                    assert!(shown.starts_with(want), "{context}, section {s}: {shown:?} is not {want:?}");
                }
            }
            // The transcript page and both side-by-side views list every note once.
            let all: Vec<usize> = (1..=numbered.len()).collect();
            for page in [format!("{}/t/", v.lang), "parallel/t/".to_string(), "en/parallel/t/".to_string()] {
                let html = site.page(&page);
                anchors_hold(&html, &format!("{context}, {page}"));
                let shown: Vec<usize> = listed(&html, v.lang).into_iter().map(|(n, _)| n).collect();
                let mut sorted = shown.clone();
                sorted.sort_unstable();
                assert_eq!(sorted, all, "{context}, {page}");
            }
            // A mark is never shown as written, nor a note's text as a paragraph.
            let page = site.page(&format!("{}/t/", v.lang));
            assert!(!page.contains("[^"), "{context}: a mark or a note left as text");
        }
    }
}

#[test]
fn a_mark_stays_with_the_sentence_it_ends_in_the_side_by_side_view() {
    let site = TestSite::minimal();
    let body = |text: &str| format!("\n## H {{#s}}\n\n**Speaker**：{text}\n\n[^a]: A note.\n");
    let front = |lang: &str| format!("title: {lang}\ndate: 2024-03-07\nspeakers: {{ sp: Speaker }}");
    let zh = "我们支持对话。[^a]我们反对对抗。我们愿意合作。";
    let en = "We support dialogue.[^a] We oppose confrontation. We are ready to cooperate.";
    site.write("content/t.zh.md", transcript(&front("zh"), &body(zh)));
    site.write("content/t.en.md", transcript(&front("en"), &body(en)));
    site.build_ok();
    let whole = site.page("parallel/t/");
    let page = &whole[whole.find("<main").unwrap()..];
    for first in ["我们支持对话。", "We support dialogue."] {
        let at = page.find(first).unwrap_or_else(|| panic!("{first} not on the page"));
        let span_end = at + page[at..].find("</span>").unwrap();
        assert!(page[at..span_end].contains("class=\"note-mark\""), "the mark left its sentence: {}", &page[at..]);
    }
    assert_eq!(page.matches("data-align=\"").count(), 6, "three pairs of sentences");
}

#[test]
fn notes_that_lead_nowhere_or_twice_are_errors_at_their_line() {
    for seed in 0..6usize {
        let filler: String = (0..seed).map(|k| format!("\n**Speaker**：Filler {k}.\n")).collect();
        let label = if seed % 2 == 0 { format!("{seed}") } else { format!("tr-{seed}") };
        let at = |extra: usize| 9 + 2 * seed + extra;
        let cases: [(String, usize, &str); 7] = [
            (format!("\n**Speaker**：Said.[^{label}]\n"), at(0), "has no text"),
            (format!("\n**Speaker**：Said.[^{label}]\n\n[^{label}]: One.\n\n[^{label}]: Two.\n"), at(4), "written twice"),
            (
                format!("\n**Speaker**：Said.[^{label}]\n\n## Next {{#next}}\n\n**Speaker**：Again.[^{label}]\n\n[^{label}]: One.\n"),
                at(4),
                "already referred to from another section",
            ),
            (format!("\n**Speaker**：Said.\n\n## Next[^{label}] {{#next}}\n\n[^{label}]: One.\n"), at(2), "section heading"),
            (format!("\n**Speaker**：Said.\n\n[^{label}]: Nobody refers to this.\n"), at(2), "nothing in the text refers to it"),
            (format!("\n**Speaker**：Said.[^{label}]\n\n> [^{label}]: Quoted.\n"), at(2), "inside a quote or a list"),
            // Typed with a Chinese input method.
            (format!("\n**Speaker**：Said.\n\n[^{label}]：译注。\n"), at(2), "full-width `：`"),
        ];
        for (case, line, says) in cases {
            let site = TestSite::minimal();
            let body = format!("\n## First {{#first}}\n{filler}{case}");
            site.write("content/t.en.md", transcript("title: T\ndate: 2024-03-07\nspeakers: { sp: Speaker }", &body));
            let (_, problems) = site.build();
            let all = messages(&problems);
            let wanted = format!("content/t.en.md:{line}:1:");
            let found = all.lines().find(|m| m.contains(says));
            assert!(
                found.is_some_and(|m| m.starts_with(&wanted) && m.contains(&format!("[^{label}]"))),
                "seed {seed}, {says}: expected at {wanted}, got:\n{all}\n--- source ---\n{body}"
            );
        }
    }
}

#[test]
fn an_escaped_mark_or_one_in_code_is_text() {
    let site = TestSite::minimal();
    let body = "\n## H {#s}\n\n**Speaker**：Write \\[^1] or `[^1]` to show a mark.\n";
    site.write("content/t.en.md", transcript("title: T\ndate: 2024-03-07\nspeakers: { sp: Speaker }", body));
    site.build_ok();
    let page = site.page("en/t/s/");
    assert!(page.contains("Write [^1] or <code>[^1]</code> to show a mark."), "{page}");
}

#[test]
fn a_section_is_found_by_the_words_of_its_notes() {
    if !crate::support::browser_ready() {
        return;
    }
    let site = TestSite::minimal();
    let front = |lang: &str| format!("title: {lang}\ndate: 2024-03-07\nspeakers: {{ sp: Speaker }}");
    let body = |words: &str, note: &str| {
        format!(
            "\n## H {{#s}}\n\n**Speaker**：{words}[^1]\n\n[^1]: {note}\n\n## Other {{#o}}\n\n**Speaker**：{words}\n"
        )
    };
    site.write("content/t.zh.md", transcript(&front("zh"), &body("我们支持对话。", "译注：原文为犄角旮旯。")));
    site.write("content/t.en.md", transcript(&front("en"), &body("We support dialogue.", "Literally, a zeugma.")));
    let served = site.served();
    let args = ["zh:犄角旮旯", "en:zeugma"];
    let found: BTreeMap<String, Vec<(String, bool)>> =
        crate::support::browser_script("search.mjs", &served.origin, &args);
    for (key, page) in [("zh 犄角旮旯", "/zh/t/s/"), ("en zeugma", "/en/t/s/")] {
        let shown: Vec<&str> = found[key].iter().map(|(url, _)| url.as_str()).collect();
        assert_eq!(shown, [page], "{key}");
    }
}

#[test]
fn a_page_lists_its_notes_after_its_text() {
    let site = TestSite::minimal();
    let page = "---\ntitle: About\n---\n\nWe keep the transcripts as printed.[^src] Names as written.[^names]\n\n## Method\n\nSee above.[^src]\n\n[^names]: Pinyin as the source gives it.\n[^src]: The papers of record.\n";
    site.write("pages/about.en.md", page);
    site.build_ok();
    let html = site.page("en/about/");
    anchors_hold(&html, "about");
    let notes: Vec<(usize, String)> = listed_in(&html, "note-");
    assert_eq!(notes.iter().map(|(n, _)| *n).collect::<Vec<_>>(), [1, 2], "{html}");
    assert!(notes[0].1.starts_with("The papers of record.") && notes[1].1.starts_with("Pinyin"), "{notes:?}");

    site.write("pages/about.en.md", "---\ntitle: About\n---\n\nText.\n\nMore.[^gone]\n");
    let error = site.build_err();
    assert!(error.starts_with("pages/about.en.md:7:1:") && error.contains("[^gone]"), "{error}");
}

#[test]
fn a_link_in_a_note_is_checked_as_any_link_in_a_transcript() {
    let site = TestSite::minimal();
    let body = "\n## H {#s}\n\n**Speaker**：Said.[^1]\n\n[^1]: See [the original](original.html).\n";
    site.write("content/t.en.md", transcript("title: T\ndate: 2024-03-07\nspeakers: { sp: Speaker }", body));
    let error = site.build_err();
    assert!(error.starts_with("content/t.en.md:11:") && error.contains("`original.html` is relative"), "{error}");
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(32))]

    /// Any mix of marks and the Markdown around them (quotes, lists, headings, code,
    /// escapes), every note's text at the end, builds, and every link to a place on its
    /// pages leads somewhere; with stray pieces mixed in (texts written twice or typed
    /// with a full-width colon, a second section, the closing block, half a mark) it
    /// gives errors or such pages, never a panic.
    #[test]
    fn notes_in_any_markdown_give_errors_or_sound_pages(
        zh in proptest::collection::vec(0usize..TOKENS.len(), 1..40),
        en in proptest::collection::vec(0usize..TOKENS.len(), 1..40),
        stray in proptest::bool::weighted(0.25),
    ) {
        let site = TestSite::minimal();
        let front = |lang: &str| format!("title: {lang}\ndate: 2024-03-07\nspeakers: {{ sp: Speaker }}");
        let piece = |t: usize| if stray { TOKENS[t] } else { TOKENS[t % SOUND] };
        let body = |tokens: &[usize]| {
            let text: String = tokens.iter().map(|&t| piece(t)).collect();
            format!("\n## H {{#h}}\n\n{text}\n\n[^1]: One.\n\n[^a]: A.\n\n[^注]: 注。\n")
        };
        site.write("content/t.zh.md", transcript(&front("zh"), &body(&zh)));
        site.write("content/t.en.md", transcript(&front("en"), &body(&en)));
        let (summary, problems) = site.build();
        proptest::prop_assert!(stray || summary.is_some(), "{}\n{}\n---\n{}", messages(&problems), body(&zh), body(&en));
        if summary.is_some() {
            for page in site.pages().into_iter().filter(|p| p.contains("t/") || p.starts_with("parallel")) {
                anchors_hold(&site.page(&page), &page);
            }
        }
    }
}

/// Pieces of Markdown around notes, for the property test above: the first `SOUND`
/// make a transcript that builds once every note's text follows them, the rest do not
/// always.
const TOKENS: [&str; 22] = [
    "[^1]",
    "[^a]",
    "[^注]",
    "\n\n",
    "\n",
    "> ",
    // On a line under a paragraph, `-` alone would make the paragraph a heading.
    "\n\n- ",
    "\n\n# T\n\n",
    "**Speaker**：",
    "Words。",
    "Words. ",
    "`[^1]`",
    "\\[^1]",
    "\n    ",
    "\n\n[^1]: ",
    "\n\n[^a]: ",
    "\n\n[^1]：",
    "\n\n## G {#g}\n\n",
    "[^",
    "]",
    "\n\n---\n\n",
    "\n\n[^注]: ",
];
const SOUND: usize = 14;
