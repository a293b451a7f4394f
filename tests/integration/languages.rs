//! A file read as another language than its text is in: translations whose names are
//! swapped, a file named without its language in a site whose default is the other,
//! and a site laid out by language folders (`content/en/…`, as Hugo lays one out),
//! generated at random among files that are right, each said once with its fix.

use crate::support::{messages, transcript, TestSite};

const ZH: &str = "**王毅**：各位记者朋友，大家上午好！很高兴在两会期间再次同大家见面。当前，世界格局正在深刻变革。";
const EN: &str =
    "**Wang Yi**: Good morning, friends from the press. It is a pleasure to see you again during the two sessions.";

/// How one transcript's two files are written.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Layout {
    Right,
    Swapped,
    EnglishWithoutLanguage,
    LanguageFolders,
}

#[test]
fn a_file_in_another_language_than_it_is_read_as_is_said_with_its_fix() {
    let layouts = [Layout::Right, Layout::Swapped, Layout::EnglishWithoutLanguage, Layout::LanguageFolders];
    for seed in 0..6u64 {
        let mut rng = fastrand::Rng::with_seed(seed);
        let site = TestSite::minimal();
        let mut expected: Vec<String> = Vec::new();
        for i in 0..6 {
            let layout = layouts[rng.usize(..layouts.len())];
            // A few paragraphs: a file of a line or two says too little to tell.
            let (zh_text, en_text) = ([ZH; 5].join("\n\n"), [EN; 8].join("\n\n"));
            let zh = transcript(
                "title: 中国将坚定做世界的和平力量\ndate: 2024-03-07",
                &format!("\n## 一 {{#one}}\n\n{zh_text}\n"),
            );
            let en =
                transcript("title: A Force for Peace\ndate: 2024-03-07", &format!("\n## One {{#one}}\n\n{en_text}\n"));
            let name = format!("t{i}");
            match layout {
                Layout::Right => {
                    site.write(&format!("content/{name}.zh.md"), &zh).write(&format!("content/{name}.en.md"), &en);
                }
                Layout::Swapped => {
                    site.write(&format!("content/{name}.zh.md"), &en).write(&format!("content/{name}.en.md"), &zh);
                    expected.push(format!("content/{name}.zh.md: warning: this file is read as 中文, but its text is in Latin letters; its name says another language: name it `content/{name}.en.md`"));
                    expected.push(format!("content/{name}.en.md: warning: this file is read as English, but its text is in Chinese characters; its name says another language: name it `content/{name}.zh.md`"));
                }
                Layout::EnglishWithoutLanguage => {
                    site.write(&format!("content/{name}.zh.md"), &zh).write(&format!("content/{name}-en.md"), &en);
                    expected.push(format!("content/{name}-en.md: warning: this file is read as 中文, but its text is in Latin letters; a file named without its language is in the site's default language, `zh`: name it `content/{name}-en.en.md`"));
                }
                Layout::LanguageFolders => {
                    site.write(&format!("content/zh/{name}.md"), &zh).write(&format!("content/en/{name}.md"), &en);
                    for lang in ["zh", "en"] {
                        expected.push(format!(
                            "content/{lang}/{name}.md: warning: this file is in a folder named like the language `{lang}`, \
                             but a file's language is in its name, not its folder: it is read as 中文 and published at \
                             /zh/{lang}/{name}/; name it `content/{name}.{lang}.md`, beside its translation, so that the two pair"
                        ));
                    }
                }
            }
        }
        let (_, problems) = site.build();
        let said: Vec<String> = messages(&problems)
            .lines()
            .filter(|l| l.contains("this file is read as") || l.contains("a folder named like the language"))
            .map(str::to_string)
            .collect();
        expected.sort();
        let mut said = said;
        said.sort();
        assert_eq!(said, expected, "seed {seed}");
    }
}

#[test]
fn a_file_of_a_few_lines_in_another_language_is_not_said_to_be() {
    let site = TestSite::minimal();
    let body = format!("\n## One {{#one}}\n\n{EN}\n\n{EN}\n");
    site.write("content/a.zh.md", transcript("title: Title\ndate: 2024-03-07", &body));
    site.write("content/a.en.md", transcript("title: Title\ndate: 2024-03-07", &body));
    let (_, problems) = site.build();
    assert!(problems.warnings.is_empty(), "{}", messages(&problems));
}

#[test]
fn pages_laid_out_by_language_folders_are_said_with_their_names() {
    let site = TestSite::minimal();
    site.write("pages/zh/method/sources.md", "---\ntitle: 来源\n---\n\n文字。\n");
    site.write("pages/en/method/sources.md", "---\ntitle: Sources\n---\n\nText.\n");
    let (_, problems) = site.build();
    let all = messages(&problems);
    for lang in ["zh", "en"] {
        let expected = format!(
            "pages/{lang}/method/sources.md: warning: this file is in a folder named like the language `{lang}`, but a \
             file's language is in its name, not its folder: it is read as 中文 and published at /zh/{lang}/method/sources/; \
             name it `pages/method/sources.{lang}.md`"
        );
        assert!(all.contains(&expected), "{all}");
    }
}
