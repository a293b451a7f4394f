//! `diptych init DIR`: a new site that builds at once: site.yaml, a sample transcript in
//! two languages, a GitHub Pages workflow and .gitignore. The theme stays built in
//! unless `--with-theme` copies it out for customizing.

use std::path::{Path, PathBuf};

use crate::diagnostic::{Error, ErrorKind, Location};

const SITE_YAML: &str = r#"# The site's settings. Unknown keys are errors, so a typo never goes unnoticed.
title: { zh: 我的双语档案, en: My Bilingual Archive }
# The published address; every link carries its path. The GitHub Pages workflow
# replaces it with the repository's Pages address when it builds.
base_url: https://example.github.io/archive/
default_language: zh
languages:
  zh: { name: 中文, locale: zh-Hans }
  en: { name: English, locale: en }
topics:
  diplomacy:
    zh: 外交
    en: Diplomacy
    match: { zh: [外交], en: [diplomacy] }
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

jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - id: pages
        uses: actions/configure-pages@v5
      - uses: actions/cache@v4
        with:
          path: ~/.cargo/bin/diptych
          key: diptych-{version}
      - name: Install diptych
        run: command -v diptych || cargo install --locked diptych --version {version}
      # Term counts of unchanged transcripts and the last ranking of related sections,
      # from the last run: a build segments only what is new or edited, and ranks
      # again only if text or topics changed. (The rest of .diptych-cache describes
      # output folders, which a fresh runner does not have.)
      - uses: actions/cache@v4
        with:
          path: |
            .diptych-cache/terms.bin
            .diptych-cache/related.bin
          key: diptych-terms-${{ hashFiles('content/**') }}
          restore-keys: diptych-terms-
      - name: Build the site
        # The Pages URL, with the repository's sub-path, replaces site.yaml's base_url.
        run: diptych build --base-url "${{ steps.pages.outputs.base_url }}/"
      - uses: actions/upload-pages-artifact@v3
        with:
          path: public

  deploy:
    needs: build
    runs-on: ubuntu-latest
    environment:
      name: github-pages
      url: ${{ steps.deployment.outputs.page_url }}
    steps:
      - id: deployment
        uses: actions/deploy-pages@v4
"#;

/// Creates the site in `dir` (which must be empty or not exist yet) and returns the
/// files it wrote, relative to `dir`.
pub fn init(dir: &Path, with_theme: bool) -> Result<Vec<PathBuf>, Error> {
    let at = Location::file(dir);
    let not_empty = dir.is_dir() && std::fs::read_dir(dir).map(|mut d| d.next().is_some()).unwrap_or(true);
    if not_empty || dir.is_file() {
        return Err(Error::new(at, ErrorKind::InitNotEmpty { dir: dir.to_path_buf() }));
    }
    let today = chrono::Local::now().date_naive();
    let name = format!("{}/{}-first-press-conference", today.format("%Y"), today.format("%m%d"));
    let date = today.to_string();
    let files = [
        ("site.yaml".to_string(), SITE_YAML.to_string()),
        (format!("content/{name}.zh.md"), SAMPLE_ZH.replace("{date}", &date)),
        (format!("content/{name}.en.md"), SAMPLE_EN.replace("{date}", &date)),
        (".github/workflows/pages.yml".to_string(), WORKFLOW.replace("{version}", env!("CARGO_PKG_VERSION"))),
        (".gitignore".to_string(), "/public/\n/.public.diptych-*\n/.diptych-cache/\n".to_string()),
    ];
    let mut written = Vec::new();
    for (rel, text) in files {
        let path = dir.join(&rel);
        let write_error = |source| Error::nowhere(ErrorKind::Write { path: path.clone(), source });
        std::fs::create_dir_all(path.parent().expect("a file has a folder")).map_err(write_error)?;
        std::fs::write(&path, text).map_err(write_error)?;
        written.push(PathBuf::from(rel));
    }
    if with_theme {
        let theme_dir = dir.join("themes").join(crate::theme::BUILT_IN_NAME);
        let write_error = |source| Error::nowhere(ErrorKind::Write { path: theme_dir.clone(), source });
        crate::theme::write_built_in(&theme_dir).map_err(write_error)?;
        written.push(PathBuf::from(format!("themes/{}/", crate::theme::BUILT_IN_NAME)));
    }
    Ok(written)
}
