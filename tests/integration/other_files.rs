//! Files under `content/` and `pages/` that are not sources: a transcript saved as
//! `.markdown` or `.MD`, a raw text not imported yet, a scan put beside its
//! transcript. None is published, and none is left out without a word: each Markdown
//! file under another name is said with the name to give it, the rest once per folder
//! with how many there are; what editors and systems leave behind passes quietly.
//! Generated at random among transcripts and pages that are right.

use std::collections::BTreeSet;

use crate::support::{files, messages, transcript, TestSite};

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Source,
    Renamed,
    Other,
    LeftBehind,
    Hidden,
}

const KINDS: [Kind; 5] = [Kind::Source, Kind::Renamed, Kind::Other, Kind::LeftBehind, Kind::Hidden];

/// The name of a file of `kind`, its name made from `stem`, with the name it should have
/// when it is Markdown under another extension.
fn name(kind: Kind, stem: &str, rng: &mut fastrand::Rng) -> (String, Option<String>) {
    let pick = |rng: &mut fastrand::Rng, from: &[&str]| from[rng.usize(..from.len())].to_string();
    match kind {
        Kind::Source => (format!("{stem}.{}.md", pick(rng, &["zh", "en"])), None),
        Kind::Renamed => {
            let (lang, extension) = (pick(rng, &["zh.", "en.", ""]), pick(rng, &["markdown", "MD", "mdown", "Md"]));
            (format!("{stem}.{lang}{extension}"), Some(format!("{stem}.{lang}md")))
        }
        Kind::Other => (format!("{stem}{}", pick(rng, &[".pdf", ".txt", ".jpg", ".docx", ".mp3", ""])), None),
        Kind::LeftBehind => (
            pick(rng, &[&format!("{stem}.zh.md~"), &format!("{stem}.en.md.swp"), "Thumbs.db", &format!("#{stem}.md#")]),
            None,
        ),
        Kind::Hidden => (pick(rng, &[".DS_Store", &format!(".{stem}.zh.md"), ".gitkeep"]), None),
    }
}

#[test]
fn files_that_are_not_sources_are_said_once_and_never_published() {
    for seed in 0..8u64 {
        let mut rng = fastrand::Rng::with_seed(seed);
        let site = TestSite::minimal();
        let (mut renamed, mut others, mut quiet, mut sources) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for top in ["content", "pages"] {
            for i in 0..rng.usize(4..14) {
                let folder = [top.to_string(), format!("{top}/2024"), format!("{top}/2024/03")][rng.usize(..3)].clone();
                let kind = KINDS[rng.usize(..KINDS.len())];
                let (file, fix) = name(kind, &format!("{}{i}", &top[..1]), &mut rng);
                let rel = format!("{folder}/{file}");
                let text = match top {
                    "content" => transcript("title: 标题\ndate: 2024-03-07", "\n## 一 {#one}\n\n**王毅**：好。\n"),
                    _ => "---\ntitle: 关于\n---\n\n正文。\n".to_string(),
                };
                site.write(&rel, &text);
                match kind {
                    Kind::Source => sources.push(rel),
                    Kind::Renamed => renamed.push((rel, fix.unwrap())),
                    Kind::Other => others.push((top, rel)),
                    Kind::LeftBehind | Kind::Hidden => quiet.push(rel),
                }
            }
        }
        let (_, problems) = site.build();
        let said = messages(&problems);
        assert!(!problems.has_errors(), "seed {seed}: {said}");
        for (rel, fix) in &renamed {
            let expected = format!("{rel}: warning: this file is not read: a Markdown file is read only when its name ends in `.md`; name it `{fix}`");
            assert!(said.lines().any(|l| l == expected), "seed {seed}: no `{expected}` in\n{said}");
        }
        for top in ["content", "pages"] {
            let mine: Vec<&String> = others.iter().filter(|(t, _)| *t == top).map(|(_, rel)| rel).collect();
            let lines: Vec<&str> = said.lines().filter(|l| l.contains(&format!(" in {top}/ "))).collect();
            if mine.is_empty() {
                assert!(lines.is_empty(), "seed {seed}: {lines:?}");
                continue;
            }
            assert_eq!(lines.len(), 1, "seed {seed}: said once for {top}/:\n{said}");
            let at = lines[0].split(": warning: ").next().unwrap();
            assert!(mine.iter().any(|rel| *rel == at), "seed {seed}: said at {at}, not one of {mine:?}");
            let count = match mine.len() {
                1 => String::from("this file in"),
                n => format!("this file and {} other file{} in", n - 1, if n == 2 { "" } else { "s" }),
            };
            assert!(lines[0].contains(&count), "seed {seed}: `{count}` in {}", lines[0]);
        }
        for rel in &quiet {
            let file = rel.rsplit('/').next().unwrap();
            assert!(!said.contains(file), "seed {seed}: {rel} was said:\n{said}");
        }
        let about_files = said.lines().filter(|l| l.contains("not read") || l.contains("neither read")).count();
        assert_eq!(about_files, renamed.len() + others.iter().map(|o| o.0).collect::<BTreeSet<_>>().len());
        // Nothing but sources reaches the output: no file of theirs keeps its name there.
        let published = files(&site.public());
        let names = renamed.iter().map(|(rel, _)| rel).chain(others.iter().map(|(_, rel)| rel)).chain(&quiet);
        for rel in names {
            let file = rel.rsplit('/').next().unwrap();
            assert!(!published.iter().any(|p| p.ends_with(&format!("/{file}"))), "seed {seed}: {rel} published");
        }
        for source in &sources {
            let about = said.lines().filter(|l| l.starts_with(&format!("{source}:")));
            assert!(about.clone().all(|l| !l.contains("read")), "seed {seed}: {:?}", about.collect::<Vec<_>>());
        }
    }
}

#[test]
fn front_matter_in_another_tool_s_format_is_named() {
    let site = TestSite::minimal();
    site.write("content/a.en.md", "+++\ntitle = \"Press conference\"\ndate = 2024-03-07\n+++\n\nText.\n");
    site.write("content/b.en.md", "{\n  \"title\": \"Press conference\"\n}\n\nText.\n");
    let errors = site.build_err();
    assert!(errors.contains("content/a.en.md:1:1: error: this file has no front matter: it must start with a line `---`, then the YAML keys, then `---`; this one is TOML between `+++` lines, as Zola and Hugo write it"), "{errors}");
    assert!(errors.contains("content/b.en.md:1:1: error: this file has no front matter: it must start with a line `---`, then the YAML keys, then `---`; this one is JSON"), "{errors}");
}
