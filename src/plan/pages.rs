//! The page plan: every page the site will have, by URL, and how pages in different
//! languages correspond (what the switcher, hreflang and the sitemap pair).

use std::path::PathBuf;

use super::urls;
use crate::archive::{Archive, SectionRef};
use crate::config::{Config, Lang};

/// Entries per list page (home, topic, speaker) before it is split into `…/page/N/`.
pub const PER_PAGE: usize = 50;

/// How many list pages `entries` take; an empty list still has its first page.
pub fn page_count_of(entries: usize) -> usize {
    entries.div_ceil(PER_PAGE).max(1)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageKind {
    Landing,
    Home {
        lang: Lang,
        page: usize,
    },
    /// The transcripts under a folder of their addresses (`/zh/2024/`): page `page`
    /// of the list of `archive.folders[folder]`.
    Folder {
        lang: Lang,
        folder: usize,
        page: usize,
    },
    Transcript {
        lang: Lang,
        transcript: usize,
    },
    Section {
        lang: Lang,
        at: SectionRef,
    },
    Topics {
        lang: Lang,
    },
    Topic {
        lang: Lang,
        topic: usize,
        page: usize,
    },
    Speakers {
        lang: Lang,
    },
    Speaker {
        lang: Lang,
        speaker: usize,
        page: usize,
    },
    /// A transcript in all its languages side by side: at `/parallel/{path}/` in the
    /// default language (`lang` None), and at `/{lang}/parallel/{path}/` with that
    /// language's frame and column first.
    SideBySide {
        transcript: usize,
        lang: Option<Lang>,
    },
    /// `404.html`, which hosts such as GitHub Pages serve for any missing page.
    NotFound,
    Search {
        lang: Lang,
    },
    /// A page of `pages/` (about, method): `archive.pages[page]`.
    Standalone {
        lang: Lang,
        page: usize,
    },
    /// An earlier address (an alias, a section's earlier id) that sends the reader to
    /// the page at `to`; `from` is the source file that names it.
    Redirect {
        lang: Lang,
        to: String,
        from: PathBuf,
    },
}

/// A page to write: where (relative to the output root, ending in `/`) and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    pub rel: String,
    pub kind: PageKind,
}

impl Page {
    fn new(rel: String, kind: PageKind) -> Self {
        Page { rel, kind }
    }

    /// The template that renders this page.
    pub fn template(&self) -> &'static str {
        match self.kind {
            PageKind::Landing => "landing.html",
            // A list of transcripts as the home page's, so a theme made before folders
            // had pages draws them too.
            PageKind::Home { .. } | PageKind::Folder { .. } => "home.html",
            PageKind::Transcript { .. } => "transcript.html",
            PageKind::Section { .. } => "section.html",
            PageKind::Topics { .. } | PageKind::Speakers { .. } => "list.html",
            PageKind::Topic { .. } | PageKind::Speaker { .. } => "sections.html",
            PageKind::SideBySide { .. } => "parallel.html",
            PageKind::NotFound => "404.html",
            PageKind::Search { .. } => "search.html",
            PageKind::Standalone { .. } => "page.html",
            // Made by diptych, the same in every theme.
            PageKind::Redirect { .. } => "(redirect)",
        }
    }

    /// The file the page is written to, relative to the output root.
    pub fn file(&self) -> String {
        if self.rel.is_empty() || self.rel.ends_with('/') {
            format!("{}index.html", self.rel)
        } else {
            self.rel.clone()
        }
    }

    /// The folder the page's relative links start from.
    pub fn folder(&self) -> &str {
        self.rel.rfind('/').map_or("", |i| &self.rel[..=i])
    }

    /// The source files whose text this page shows, if it shows one transcript (both
    /// languages' for a side-by-side view): the files to name when something on the
    /// page is wrong.
    pub fn sources(&self, archive: &Archive) -> Vec<PathBuf> {
        let (lang, index) = match &self.kind {
            PageKind::Transcript { lang, transcript } => (Some(lang), *transcript),
            PageKind::Section { lang, at } => (Some(lang), at.transcript),
            PageKind::SideBySide { transcript, .. } => (None, *transcript),
            PageKind::Standalone { lang, page } => {
                return archive.pages[*page].versions.get(lang).map(|v| v.source.clone()).into_iter().collect()
            }
            PageKind::Redirect { from, .. } => return vec![from.clone()],
            _ => return Vec::new(),
        };
        let t = &archive.transcripts[index];
        match lang {
            Some(lang) => t.version(lang).into_iter().map(|v| v.source.clone()).collect(),
            None => t.versions.values().map(|v| v.source.clone()).collect(),
        }
    }

    /// The date of the transcript the page shows, if it shows one.
    pub fn date(&self, archive: &Archive) -> Option<chrono::NaiveDate> {
        match &self.kind {
            PageKind::Transcript { transcript, .. } | PageKind::SideBySide { transcript, .. } => {
                Some(archive.transcripts[*transcript].date)
            }
            PageKind::Section { at, .. } => Some(archive.transcripts[at.transcript].date),
            _ => None,
        }
    }
}

/// Every page of the site. Pages are planned per language for every language, so each
/// language's lists are complete; a transcript's own pages exist only where translated.
pub fn plan(config: &Config, archive: &Archive) -> Vec<Page> {
    // Made large enough at once (the lists' pages are a few more than a transcript's own
    // pages, an eighth is room to spare): grown by doubling, a large archive's plan was
    // copied as many times (a third of the plan's time at N = 10,000).
    let own = |t: &crate::archive::Transcript| t.versions.values().map(|v| 2 + v.sections().count()).sum::<usize>();
    let own: usize = archive.transcripts.iter().map(own).sum();
    let mut pages = Vec::with_capacity(own + own / 8 + 1024);
    pages.push(Page::new(urls::landing(), PageKind::Landing));
    for lang in config.languages.iter().map(|l| &l.code) {
        plan_language(archive, lang, &mut pages);
    }
    for (i, t) in archive.transcripts.iter().enumerate().filter(|(_, t)| t.versions.len() > 1) {
        pages.push(Page::new(urls::side_by_side(&t.path), PageKind::SideBySide { transcript: i, lang: None }));
        // The default language's view is `/parallel/{path}/` itself: the same page twice
        // would double the heaviest pages of the site.
        for lang in t.versions.keys().filter(|l| **l != config.default_language) {
            let kind = PageKind::SideBySide { transcript: i, lang: Some(lang.clone()) };
            pages.push(Page::new(urls::side_by_side_in(lang, &t.path), kind));
        }
    }
    pages.push(Page::new("404.html".into(), PageKind::NotFound));
    redirects(config, archive, &mut pages);
    pages
}

/// A redirect from every earlier address: a transcript's aliases (its page, its
/// sections' pages and its side-by-side view), a section's earlier ids, a page's aliases.
fn redirects(config: &Config, archive: &Archive, pages: &mut Vec<Page>) {
    let mut add = |lang: &Lang, from: &std::path::Path, old: String, to: String| {
        pages.push(Page::new(old, PageKind::Redirect { lang: lang.clone(), to, from: from.to_path_buf() }));
    };
    for t in &archive.transcripts {
        for (lang, v) in &t.versions {
            for alias in &v.front.aliases {
                add(lang, &v.source, urls::transcript(lang, alias), urls::transcript(lang, &t.path));
                for (_, s) in v.sections() {
                    add(lang, &v.source, urls::section(lang, alias, &s.id), urls::section(lang, &t.path, &s.id));
                }
            }
            for (_, s) in v.sections() {
                for old in &s.was {
                    add(lang, &v.source, urls::section(lang, &t.path, old), urls::section(lang, &t.path, &s.id));
                }
            }
        }
        if t.versions.len() > 1 {
            let (lang, first) = t.versions.first().expect("a transcript has a version");
            for alias in &first.front.aliases {
                add(lang, &first.source, urls::side_by_side(alias), urls::side_by_side(&t.path));
                for l in t.versions.keys().filter(|l| **l != config.default_language) {
                    add(l, &first.source, urls::side_by_side_in(l, alias), urls::side_by_side_in(l, &t.path));
                }
            }
        }
    }
    for page in &archive.pages {
        for (lang, v) in &page.versions {
            for alias in &v.aliases {
                add(lang, &v.source, urls::transcript(lang, alias), urls::transcript(lang, &page.path));
            }
        }
    }
}

/// The pages of one language: its home, its transcripts and their sections, its lists.
fn plan_language(archive: &Archive, lang: &Lang, pages: &mut Vec<Page>) {
    for page in 1..=page_count_of(archive.transcripts.len()) {
        pages.push(Page::new(urls::home(lang, page), PageKind::Home { lang: lang.clone(), page }));
    }
    for (i, folder) in archive.folders.iter().enumerate() {
        for page in 1..=page_count_of(folder.transcripts.len()) {
            let kind = PageKind::Folder { lang: lang.clone(), folder: i, page };
            pages.push(Page::new(urls::paged(urls::folder(lang, &folder.path), page), kind));
        }
    }
    for (ti, t) in archive.transcripts.iter().enumerate() {
        let Some(v) = t.version(lang) else { continue };
        let kind = PageKind::Transcript { lang: lang.clone(), transcript: ti };
        pages.push(Page::new(urls::transcript(lang, &t.path), kind));
        for (si, s) in v.sections() {
            let at = SectionRef { transcript: ti, section: si };
            pages.push(Page::new(urls::section(lang, &t.path, &s.id), PageKind::Section { lang: lang.clone(), at }));
        }
    }
    for (i, page) in archive.pages.iter().enumerate().filter(|(_, p)| p.versions.contains_key(lang)) {
        pages.push(Page::new(urls::transcript(lang, &page.path), PageKind::Standalone { lang: lang.clone(), page: i }));
    }
    pages.push(Page::new(urls::topics(lang), PageKind::Topics { lang: lang.clone() }));
    for (i, (key, sections)) in archive.topics.iter().enumerate() {
        for page in 1..=page_count_of(sections.len()) {
            let kind = PageKind::Topic { lang: lang.clone(), topic: i, page };
            pages.push(Page::new(urls::paged(urls::topic(lang, key), page), kind));
        }
    }
    pages.push(Page::new(urls::search(lang), PageKind::Search { lang: lang.clone() }));
    pages.push(Page::new(urls::speakers(lang), PageKind::Speakers { lang: lang.clone() }));
    for (i, s) in archive.speakers.iter().enumerate() {
        for page in 1..=page_count_of(s.sections.len()) {
            let kind = PageKind::Speaker { lang: lang.clone(), speaker: i, page };
            pages.push(Page::new(urls::paged(urls::speaker(lang, &s.key), page), kind));
        }
    }
}

/// The page of `kind` in `lang`, if it exists there: the same page, translated.
pub fn translation(config: &Config, archive: &Archive, kind: &PageKind, lang: &Lang) -> Option<String> {
    let transcript = |i: usize| &archive.transcripts[i];
    match kind {
        PageKind::SideBySide { transcript: i, .. } => {
            let path = &transcript(*i).path;
            transcript(*i).version(lang).map(|_| urls::side_by_side_for(config, lang, path))
        }
        PageKind::Landing | PageKind::NotFound | PageKind::Redirect { .. } => None,
        PageKind::Standalone { page, .. } => {
            let page = &archive.pages[*page];
            page.versions.get(lang).map(|_| urls::transcript(lang, &page.path))
        }
        PageKind::Home { page, .. } => Some(urls::home(lang, *page)),
        PageKind::Folder { folder, page, .. } => {
            Some(urls::paged(urls::folder(lang, &archive.folders[*folder].path), *page))
        }
        PageKind::Transcript { transcript: i, .. } => {
            transcript(*i).version(lang).map(|_| urls::transcript(lang, &transcript(*i).path))
        }
        PageKind::Section { at, .. } => {
            let t = transcript(at.transcript);
            t.version(lang)?.section(at.section).map(|s| urls::section(lang, &t.path, &s.id))
        }
        PageKind::Topics { .. } => Some(urls::topics(lang)),
        PageKind::Topic { topic, page, .. } => Some(urls::paged(urls::topic(lang, &archive.topics[*topic].0), *page)),
        PageKind::Speakers { .. } => Some(urls::speakers(lang)),
        PageKind::Search { .. } => Some(urls::search(lang)),
        PageKind::Speaker { speaker, page, .. } => {
            Some(urls::paged(urls::speaker(lang, &archive.speakers[*speaker].key), *page))
        }
    }
}

/// The page's language versions as (hreflang, path), for `<link rel="alternate">`
/// and the sitemap. The landing page, which offers every language, is `x-default`.
pub fn alternates(config: &Config, archive: &Archive, page: &Page) -> Vec<(String, String)> {
    if page.kind == PageKind::Landing {
        return vec![("x-default".to_string(), page.rel.clone())];
    }
    let kind = &page.kind;
    let versions = config.languages.iter();
    let mut links: Vec<(String, String)> = versions
        .filter_map(|l| translation(config, archive, kind, &l.code).map(|rel| (l.locale.clone(), rel)))
        .collect();
    // The side-by-side view: one per reader's language, and the default language's for
    // readers of none of them.
    if let PageKind::SideBySide { transcript, .. } = kind {
        links.push(("x-default".to_string(), urls::side_by_side(&archive.transcripts[*transcript].path)));
    }
    links
}
