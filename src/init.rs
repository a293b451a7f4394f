//! `diptych init DIR`: a new site that builds at once: site.yaml, a sample transcript
//! and an About page in two languages, a GitHub Pages workflow that installs this
//! version of diptych, and .gitignore. The theme stays built in unless
//! `--with-theme` copies it out for customizing.

use std::path::{Path, PathBuf};

use crate::diagnostic::{Error, ErrorKind, Location};

const SITE_YAML: &str = r#"# The site's settings. Unknown keys are errors, so a typo never goes unnoticed.
# Every key is described in docs/format.md of diptych's repository.
title: { zh: 我的双语档案, en: My Bilingual Archive }
# The published address; every link carries its path. The GitHub Pages workflow
# replaces it with the repository's Pages address when it builds.
base_url: https://example.github.io/archive/
default_language: zh
languages:
  zh: { name: 中文, locale: zh-Hans }
  en: { name: English, locale: en }
# What the archive is: the home page's lead and what search engines show.
description:
  zh: 记者会中英双语文字实录
  en: Transcripts of press conferences, in Chinese and English
# The site navigation, in order: home, topics, speakers, search, pages of pages/,
# and links out of the site.
menu:
  - home
  - topics
  - speakers
  - search
  - page: about
  # - { label: { zh: 原始来源, en: Sources }, url: "https://www.example.org/" }
# The footer, inline Markdown per language:
# footer:
#   zh: "本档案以 [CC BY 4.0](https://creativecommons.org/licenses/by/4.0/) 发布。"
#   en: "Published under [CC BY 4.0](https://creativecommons.org/licenses/by/4.0/)."
# Single UI strings of the theme, replaced per language:
# strings:
#   en: { search_placeholder: "Search the archive" }
# A page for each folder of content/ (a year: /zh/2024/), listing the transcripts in it:
# folder_pages: true
# Free data for your own templates, as `site.extra`:
# extra: { organisation: Example Institute }
topics:
  diplomacy:
    zh: 外交
    en: Diplomacy
    match: { zh: [外交], en: [diplomacy] }
"#;

const ABOUT_ZH: &str = r#"---
title: 关于本档案
description: 本档案收录什么，文字从何而来。
---

这里写本档案收录的内容、文字的来源和引用方式。这一页在 `pages/about.zh.md`，
英文版在 `pages/about.en.md`；`site.yaml` 的 `menu` 把它放进导航。
"#;

const ABOUT_EN: &str = r#"---
title: About this archive
description: What this archive holds and where its text comes from.
---

Say here what the archive holds, where its text comes from and how to cite it. This
page is `pages/about.en.md`, its Chinese version `pages/about.zh.md`; `menu` in
`site.yaml` puts it in the navigation.
"#;

const SAMPLE_ZH: &str = r#"---
title: 第一场记者会
date: {date}
place: 新闻中心
speakers: { spokesperson: 发言人 }
---

这是一篇示例实录：导语写在第一个二级标题之前。

## 开场白 {#opening}

**发言人**：各位记者朋友，大家好。今天的记者会现在开始。

## 外交政策 {#foreign-policy topics=diplomacy}

**记者**：请介绍一下今年外交工作的重点。

**发言人**：我们将继续推进对话与合作。

每一节都会成为单独的页面，并与英文译文逐段对照。
"#;

const SAMPLE_EN: &str = r#"---
title: The First Press Conference
date: {date}
place: Press Center
speakers: { spokesperson: Spokesperson }
---

This is a sample transcript: the lead paragraph comes before the first `##` heading.

## Opening Remarks {#opening}

**Spokesperson**: Friends from the press, good afternoon. Today's press conference now begins.

## Foreign Policy {#foreign-policy topics=diplomacy}

**Reporter**: Could you outline the priorities of this year's diplomacy?

**Spokesperson**: We will keep advancing dialogue and cooperation.

Every section becomes a page of its own, set paragraph by paragraph beside its Chinese original.
"#;

const WORKFLOW: &str = r#"# Builds the site and publishes it with GitHub Pages.
# In the repository's settings, set Pages → Build and deployment → Source to "GitHub Actions".
name: Deploy to GitHub Pages

on:
  push:
    branches: [main]
  workflow_dispatch:

permissions:
  contents: read
  pages: write
  id-token: write

concurrency:
  group: pages
  cancel-in-progress: false

env:
  # The diptych that made this site, and where it comes from. Change both to move
  # to another version (or a fork).
  DIPTYCH_VERSION: "{version}"
  DIPTYCH_FROM: "{repository}"

jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v6
      - id: pages
        uses: actions/configure-pages@v6
      - uses: actions/cache@v5
        with:
          path: ~/.cargo/bin/diptych
          key: diptych-${{ runner.os }}-${{ runner.arch }}-v${{ env.DIPTYCH_VERSION }}-${{ env.DIPTYCH_FROM }}
      - name: Install diptych
        run: |
          if diptych --version 2>/dev/null | grep -qx "diptych $DIPTYCH_VERSION"; then exit 0; fi
          mkdir -p ~/.cargo/bin
          # The release's binary for this runner, checked against its published checksum;
          # without one (a fork, an unreleased version), built from the tagged source.
          archive="diptych-v$DIPTYCH_VERSION-x86_64-unknown-linux-musl.tar.gz"
          release="$DIPTYCH_FROM/releases/download/v$DIPTYCH_VERSION"
          if [ "$(uname -m)" = x86_64 ] && curl -fsSL -o "$RUNNER_TEMP/$archive" "$release/$archive" \
             && curl -fsSL -o "$RUNNER_TEMP/$archive.sha256" "$release/$archive.sha256"; then
            (cd "$RUNNER_TEMP" && sha256sum -c "$archive.sha256")
            tar -xzf "$RUNNER_TEMP/$archive" -C ~/.cargo/bin diptych
          else
            cargo install --locked --git "$DIPTYCH_FROM" --tag "v$DIPTYCH_VERSION" diptych
          fi
          diptych --version
      # Term counts of unchanged transcripts, the last ranking of related sections and
      # the sentence alignments, from the last run: a build segments and aligns only
      # what is new or edited.
      - uses: actions/cache@v5
        with:
          path: |
            .diptych-cache/terms.bin
            .diptych-cache/related.bin
            .diptych-cache/aligned.bin
          key: diptych-terms-${{ hashFiles('content/**') }}
          restore-keys: diptych-terms-
      - name: Build the site
        # The Pages URL, with the repository's sub-path, replaces site.yaml's base_url.
        run: diptych build --base-url "${{ steps.pages.outputs.base_url }}/"
      - uses: actions/upload-pages-artifact@v5
        with:
          path: public
          # .nojekyll keeps GitHub Pages from hiding files whose names start with `_`.
          include-hidden-files: true

  deploy:
    needs: build
    runs-on: ubuntu-latest
    environment:
      name: github-pages
      url: ${{ steps.deployment.outputs.page_url }}
    steps:
      - id: deployment
        uses: actions/deploy-pages@v5
"#;

/// Lines `init` wants in `.gitignore`: what a build writes beside the sources.
const GITIGNORE: [&str; 3] = ["/public/", "/.public.diptych-*", "/.diptych-cache/"];

/// Where the workflow installs diptych from: this crate's repository.
pub const REPOSITORY: &str = env!("CARGO_PKG_REPOSITORY");

/// How `init` makes a site.
#[derive(Debug, Clone, Default)]
pub struct InitOptions {
    /// Copy the built-in theme into the site, to customize it.
    pub with_theme: bool,
    /// Write into a folder that holds other files (never replacing one).
    pub force: bool,
    /// The repository the workflow installs diptych from, instead of `REPOSITORY`.
    pub diptych_from: Option<String>,
}

/// What `init` did with each file, relative to the site's folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Made {
    Created(PathBuf),
    /// The file was there already and was left as it was.
    Kept(PathBuf),
    /// `.gitignore`: the lines it lacked were added.
    Extended(PathBuf),
}

/// Whether a fresh repository may hold `name` when `init` runs in it: what GitHub
/// writes into a new repository, which `init` leaves alone.
fn left_alone(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    name == ".git" || name == ".gitignore" || upper.starts_with("README") || upper.starts_with("LICENSE")
}

/// Creates the site in `dir`: new, empty, or holding only what a new repository holds
/// (`.git`, a README, a LICENSE, `.gitignore`), or anything with `force`. No file that
/// exists is replaced; `.gitignore` gets the lines it lacks.
pub fn init(dir: &Path, options: &InitOptions) -> Result<Vec<Made>, Error> {
    let at = Location::file(dir);
    if dir.is_file() {
        return Err(Error::new(at, ErrorKind::InitNotEmpty { dir: dir.to_path_buf(), found: String::new() }));
    }
    if dir.join(crate::config::CONFIG_FILE).exists() && !options.force {
        return Err(Error::new(at, ErrorKind::InitSiteThere { dir: dir.to_path_buf() }));
    }
    if dir.is_dir() && !options.force {
        let mut others: Vec<String> = std::fs::read_dir(dir)
            .map_err(|e| Error::new(at.clone(), ErrorKind::Unreadable(e)))?
            .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
            .filter(|name| !left_alone(name))
            .collect();
        if !others.is_empty() {
            others.sort();
            let found =
                format!(" (it holds {})", crate::config::quoted_list(others.iter().take(5).map(String::as_str)));
            return Err(Error::new(at, ErrorKind::InitNotEmpty { dir: dir.to_path_buf(), found }));
        }
    }
    let today = chrono::Local::now().date_naive();
    let name = format!("{}/{}-first-press-conference", today.format("%Y"), today.format("%m%d"));
    let date = today.to_string();
    let repository = options.diptych_from.as_deref().unwrap_or(REPOSITORY);
    let workflow = WORKFLOW.replace("{version}", env!("CARGO_PKG_VERSION")).replace("{repository}", repository);
    let files = [
        ("site.yaml".to_string(), SITE_YAML.to_string()),
        (format!("content/{name}.zh.md"), SAMPLE_ZH.replace("{date}", &date)),
        (format!("content/{name}.en.md"), SAMPLE_EN.replace("{date}", &date)),
        ("pages/about.zh.md".to_string(), ABOUT_ZH.to_string()),
        ("pages/about.en.md".to_string(), ABOUT_EN.to_string()),
        (".github/workflows/pages.yml".to_string(), workflow),
    ];
    let mut made = Vec::new();
    for (rel, text) in files {
        let path = dir.join(&rel);
        if path.exists() {
            made.push(Made::Kept(PathBuf::from(rel)));
            continue;
        }
        write(&path, text.as_bytes())?;
        made.push(Made::Created(PathBuf::from(rel)));
    }
    made.push(merge_gitignore(dir)?);
    if options.with_theme {
        let theme_dir = dir.join("themes").join(crate::theme::BUILT_IN_NAME);
        let rel = PathBuf::from(format!("themes/{}/", crate::theme::BUILT_IN_NAME));
        if theme_dir.exists() {
            made.push(Made::Kept(rel));
        } else {
            let write_error = |source| Error::nowhere(ErrorKind::Write { path: theme_dir.clone(), source });
            crate::theme::write_built_in(&theme_dir).map_err(write_error)?;
            made.push(Made::Created(rel));
        }
    }
    Ok(made)
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let write_error = |source| Error::nowhere(ErrorKind::Write { path: path.to_path_buf(), source });
    std::fs::create_dir_all(path.parent().expect("a file has a folder")).map_err(write_error)?;
    std::fs::write(path, bytes).map_err(write_error)
}

/// `.gitignore` with the lines `init` wants that it lacks, after its own.
fn merge_gitignore(dir: &Path) -> Result<Made, Error> {
    let path = dir.join(".gitignore");
    let rel = PathBuf::from(".gitignore");
    let old = match std::fs::read_to_string(&path) {
        Ok(text) => Some(text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(Error::new(Location::file(&path), ErrorKind::Unreadable(e))),
    };
    let have: Vec<&str> = old.as_deref().unwrap_or("").lines().map(str::trim).collect();
    let missing: Vec<&str> = GITIGNORE.iter().copied().filter(|line| !have.contains(line)).collect();
    if missing.is_empty() {
        return Ok(Made::Kept(rel));
    }
    let mut text = old.clone().unwrap_or_default();
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    if old.is_some() {
        text.push_str("\n# What diptych builds\n");
    }
    for line in missing {
        text.push_str(line);
        text.push('\n');
    }
    write(&path, text.as_bytes())?;
    Ok(if old.is_some() { Made::Extended(rel) } else { Made::Created(rel) })
}

/// `diptych new transcript PATH`: a transcript's file in every language of the site
/// at `root`, with the same section ids, ready to fill in. Its date is `date`, or the
/// one its path is named for, or `today`. Returns the files written; never replaces one.
pub fn new_transcript(
    root: &Path,
    path: &Path,
    date: Option<chrono::NaiveDate>,
    today: chrono::NaiveDate,
) -> Result<Vec<PathBuf>, Error> {
    let config = crate::config::load(root, &Default::default()).map_err(|mut e| e.remove(0))?;
    let rel = path.to_string_lossy().trim_start_matches("content/").trim_end_matches(".md").to_string();
    if let Some(why) = crate::config::path_problem(&rel) {
        return Err(Error::nowhere(ErrorKind::InvalidSlug { slug: rel, why }));
    }
    let date = date_of_new(&rel, date, today).map_err(Error::nowhere)?;
    let files: Vec<(PathBuf, String)> = config
        .languages
        .iter()
        .map(|l| {
            let file = config.content_dir().join(format!("{rel}.{}.md", l.code));
            (file, skeleton(&l.code.0, date))
        })
        .collect();
    if let Some((file, _)) = files.iter().find(|(f, _)| f.exists()) {
        return Err(Error::nowhere(ErrorKind::NewWouldOverwrite { path: config.display_path(file) }));
    }
    let mut written = Vec::new();
    for (file, text) in files {
        write(&file, text.as_bytes())?;
        written.push(config.display_path(&file));
    }
    Ok(written)
}

/// The date of a new transcript at `rel`: the one given, which must be the one its name
/// says (else `check` would warn about the file just written), or the one its name says,
/// or today's when the name says no other.
fn date_of_new(
    rel: &str,
    given: Option<chrono::NaiveDate>,
    today: chrono::NaiveDate,
) -> Result<chrono::NaiveDate, ErrorKind> {
    use chrono::Datelike;
    let path = rel.to_string();
    match (given, crate::source::NamedDate::of(Path::new(rel))) {
        (Some(date), Some(named)) if !named.agrees_with(date) => {
            Err(ErrorKind::NewDateUnlikeName { path, named: named.to_string(), date: date.to_string() })
        }
        (Some(date), _) => Ok(date),
        (None, Some(named)) => match named.date() {
            Some(date) => Ok(date),
            None if named.year == today.year() => Ok(today),
            None => Err(ErrorKind::NewDateNeeded { path, year: named.year }),
        },
        (None, None) => Ok(today),
    }
}

/// A transcript to fill in: front matter, a lead, two sections whose ids every
/// language shares.
fn skeleton(lang: &str, date: chrono::NaiveDate) -> String {
    let chinese = lang.starts_with("zh");
    let (title, lead, first, second, speaker, colon, words) = if chinese {
        ("标题", "导语：何时、何地、谁在讲话。", "开场白", "第一个问题", "发言人", "：", "讲话的文字。")
    } else {
        (
            "Title",
            "The lead: when, where, who speaks.",
            "Opening remarks",
            "The first question",
            "Speaker",
            ": ",
            "What was said.",
        )
    };
    format!(
        "---\ntitle: {title}\ndate: {date}\nspeakers: {{ speaker: {speaker} }}\n---\n\n{lead}\n\n\
         ## {first} {{#opening}}\n\n**{speaker}**{colon}{words}\n\n## {second} {{#question-1}}\n\n**{speaker}**{colon}{words}\n"
    )
}
