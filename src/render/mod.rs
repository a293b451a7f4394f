//! From archive to HTML: the page plan (every page the site will have, by URL) and the
//! rendering of each planned page through the theme, in parallel.

mod pages;
pub mod parallel;
pub mod urls;
pub mod views;

use std::collections::HashMap;
use std::path::PathBuf;

use indexmap::IndexMap;

use crate::archive::{Archive, SectionRef};
use crate::config::{Config, Lang};
use crate::diagnostic::{Error, ErrorKind, Location};
use crate::theme::Theme;
use urls::Urls;
use views::*;

/// Entries per list page (home, topic, speaker) before it is split into `…/page/N/`.
pub const PER_PAGE: usize = 50;

/// Room for a typical page (16 KiB on average in the example corpora), so that most
/// pages are rendered without growing their buffer.
const PAGE_SIZE_HINT: usize = 16 * 1024;

/// How many list pages `entries` take; an empty list still has its first page.
pub fn page_count_of(entries: usize) -> usize {
    entries.div_ceil(PER_PAGE).max(1)
}

/// Everything rendering reads; shared by reference across threads, never mutated.
pub struct Site<'a> {
    pub config: &'a Config,
    pub archive: &'a Archive,
    pub theme: &'a Theme,
    pub urls: Urls,
    /// Each language's UI strings as a tera value: shared by every page (a reference
    /// count), where serializing them afresh was a tenth of the cost of a page's context.
    ui_strings: IndexMap<Lang, tera::Value>,
    cards: Cards,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageKind {
    Landing,
    Home {
        lang: Lang,
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
    /// A transcript in all its languages side by side; not under a language prefix.
    Parallel {
        transcript: usize,
    },
    /// `404.html`, which hosts such as GitHub Pages serve for any missing page.
    NotFound,
    Search {
        lang: Lang,
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
            PageKind::Home { .. } => "home.html",
            PageKind::Transcript { .. } => "transcript.html",
            PageKind::Section { .. } => "section.html",
            PageKind::Topics { .. } | PageKind::Speakers { .. } => "list.html",
            PageKind::Topic { .. } | PageKind::Speaker { .. } => "sections.html",
            PageKind::Parallel { .. } => "parallel.html",
            PageKind::NotFound => "404.html",
            PageKind::Search { .. } => "search.html",
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

    /// The source file whose text this page shows, if it shows one transcript: the file
    /// to name when something on the page is wrong.
    pub fn source(&self, archive: &Archive) -> Option<PathBuf> {
        let (lang, index) = match &self.kind {
            PageKind::Transcript { lang, transcript } => (Some(lang), *transcript),
            PageKind::Section { lang, at } => (Some(lang), at.transcript),
            PageKind::Parallel { transcript } => (None, *transcript),
            _ => return None,
        };
        let t = &archive.transcripts[index];
        let version = lang.and_then(|l| t.version(l)).unwrap_or(&t.versions[0]);
        Some(version.source.clone())
    }
}

/// Every page of the site. Pages are planned per language for every language, so each
/// language's lists are complete; a transcript's own pages exist only where translated.
pub fn plan(config: &Config, archive: &Archive) -> Result<Vec<Page>, Error> {
    let mut pages = vec![Page::new(urls::landing(), PageKind::Landing)];
    for lang in config.languages.iter().map(|l| &l.code) {
        let page_count = archive.transcripts.len().div_ceil(PER_PAGE).max(1);
        for page in 1..=page_count {
            pages.push(Page::new(urls::home(lang, page), PageKind::Home { lang: lang.clone(), page }));
        }
        for (ti, t) in archive.transcripts.iter().enumerate() {
            let Some(v) = t.version(lang) else { continue };
            pages.push(Page::new(
                urls::transcript(lang, &t.path),
                PageKind::Transcript { lang: lang.clone(), transcript: ti },
            ));
            for (si, s) in v.doc.sections.iter().enumerate() {
                let at = SectionRef { transcript: ti, section: si };
                pages
                    .push(Page::new(urls::section(lang, &t.path, &s.id), PageKind::Section { lang: lang.clone(), at }));
            }
        }
        pages.push(Page::new(urls::topics(lang), PageKind::Topics { lang: lang.clone() }));
        for (i, (key, _)) in archive.topics.iter().enumerate() {
            for page in 1..=page_count_of(archive.topics[i].1.len()) {
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
    for (i, t) in archive.transcripts.iter().enumerate().filter(|(_, t)| t.versions.len() > 1) {
        pages.push(Page::new(urls::parallel(&t.path), PageKind::Parallel { transcript: i }));
    }
    pages.push(Page::new("404.html".into(), PageKind::NotFound));
    reject_duplicate_urls(&pages, archive)?;
    Ok(pages)
}

/// Two pages at one URL would overwrite each other silently (a transcript `a/b` and
/// section `b` of transcript `a`); name both sources instead.
fn reject_duplicate_urls(pages: &[Page], archive: &Archive) -> Result<(), Error> {
    let mut seen: HashMap<&str, &Page> = HashMap::with_capacity(pages.len());
    for page in pages {
        if let Some(first) = seen.insert(&page.rel, page) {
            let source = |p: &Page| p.source(archive).unwrap_or_else(|| crate::config::CONFIG_FILE.into());
            let kind = ErrorKind::PathCollision { path: page.rel.clone(), other: source(first) };
            return Err(Error::new(Location::file(source(page)), kind));
        }
    }
    Ok(())
}

impl<'a> Site<'a> {
    pub fn new(config: &'a Config, archive: &'a Archive, theme: &'a Theme) -> Self {
        let ui_strings =
            theme.strings.iter().map(|(lang, s)| (lang.clone(), tera::Value::from_serializable(s))).collect();
        let cards = Cards::new(archive, config.languages.len());
        Site { config, archive, theme, urls: Urls::new(config), ui_strings, cards }
    }

    /// Frees what rendering made on a thread of its own: the cards of a whole archive
    /// are tens of thousands of tera values, and freeing them was a pause on one core
    /// between the last page and the end of the build.
    pub fn discard(self) {
        let made = (self.cards, self.ui_strings);
        std::thread::spawn(move || drop(made));
    }

    /// The page as HTML, in UTF-8.
    pub fn render(&self, page: &Page) -> Result<Vec<u8>, Error> {
        let template = page.template();
        match &page.kind {
            PageKind::Landing => self.draw(template, &self.landing(page)),
            PageKind::Home { lang, page: n } => self.draw(template, &self.home(page, lang, *n)),
            PageKind::Transcript { lang, transcript } => self.draw(template, &self.transcript(page, lang, *transcript)),
            PageKind::Section { lang, at } => self.draw(template, &self.section(page, lang, *at)),
            PageKind::Topics { lang } => self.draw(template, &self.topics(page, lang)),
            PageKind::Topic { lang, topic, page: n } => self.draw(template, &self.topic(page, lang, *topic, *n)),
            PageKind::Speakers { lang } => self.draw(template, &self.speakers(page, lang)),
            PageKind::Speaker { lang, speaker, page: n } => {
                self.draw(template, &self.speaker(page, lang, *speaker, *n))
            }
            PageKind::Parallel { transcript } => self.draw(template, &self.parallel(page, *transcript)),
            PageKind::NotFound => self.draw(template, &self.not_found(page)),
            PageKind::Search { lang } => self.draw(template, &self.search(page, lang)),
        }
    }

    /// Bytes, not a `String`: tera's `render` checks that all of its output is UTF-8,
    /// which it is by construction, and that check cost 6% of a build.
    fn draw(&self, template: &str, view: &impl serde::Serialize) -> Result<Vec<u8>, Error> {
        let context = tera::Context::from_serialize(view).map_err(|e| self.theme.error(template, &e))?;
        let mut html = Vec::with_capacity(PAGE_SIZE_HINT);
        self.theme.tera.render_to(template, &context, &mut html).map_err(|e| self.theme.error(template, &e))?;
        Ok(html)
    }

    /// This page in `lang`, if it exists there: the same page, translated.
    fn translation(&self, kind: &PageKind, lang: &Lang) -> Option<String> {
        let transcript = |i: usize| &self.archive.transcripts[i];
        match kind {
            PageKind::Landing | PageKind::Parallel { .. } | PageKind::NotFound => None,
            PageKind::Home { page, .. } => Some(urls::home(lang, *page)),
            PageKind::Transcript { transcript: i, .. } => {
                transcript(*i).version(lang).map(|_| urls::transcript(lang, &transcript(*i).path))
            }
            PageKind::Section { at, .. } => {
                let t = transcript(at.transcript);
                t.version(lang).map(|_| urls::section(lang, &t.path, &t.section_ids[at.section]))
            }
            PageKind::Topics { .. } => Some(urls::topics(lang)),
            PageKind::Topic { topic, page, .. } => {
                Some(urls::paged(urls::topic(lang, &self.archive.topics[*topic].0), *page))
            }
            PageKind::Speakers { .. } => Some(urls::speakers(lang)),
            PageKind::Search { .. } => Some(urls::search(lang)),
            PageKind::Speaker { speaker, page, .. } => {
                Some(urls::paged(urls::speaker(lang, &self.archive.speakers[*speaker].key), *page))
            }
        }
    }

    /// The page's language versions as (hreflang, path), for `<link rel="alternate">`
    /// and the sitemap. The landing page, which offers every language, is `x-default`.
    pub fn alternates(&self, page: &Page) -> Vec<(String, String)> {
        if page.kind == PageKind::Landing {
            return vec![("x-default".to_string(), page.rel.clone())];
        }
        let versions = self.config.languages.iter();
        versions.filter_map(|l| self.translation(&page.kind, &l.code).map(|rel| (l.locale.clone(), rel))).collect()
    }

    /// Where the language switcher's entry for `lang` leads, and whether that is this
    /// page in that language (otherwise it is that language's home).
    fn switch_target(&self, kind: &PageKind, lang: &Lang) -> (String, bool) {
        match kind {
            PageKind::Landing | PageKind::NotFound => (urls::home(lang, 1), true),
            PageKind::Parallel { transcript } => {
                let t = &self.archive.transcripts[*transcript];
                t.version(lang).map_or((urls::home(lang, 1), false), |_| (urls::transcript(lang, &t.path), true))
            }
            _ => self.translation(kind, lang).map_or((urls::home(lang, 1), false), |rel| (rel, true)),
        }
    }

    /// The page frame, in `lang`.
    fn chrome(&self, page: &Page, lang: &'a Lang, title: &[&str], description: String) -> Chrome<'a> {
        let language = self.config.lang(&lang.0).expect("pages are planned for configured languages");
        let alternates = self
            .alternates(page)
            .into_iter()
            .map(|(hreflang, rel)| Alternate { hreflang, href: self.urls.absolute(&rel) });
        let switcher = self.config.languages.iter().map(|other| {
            let (rel, translated) = self.switch_target(&page.kind, &other.code);
            let current = other.code == *lang;
            Switch { name: &other.name, locale: &other.locale, href: self.urls.href(&rel), current, translated }
        });
        let site_title = self.config.title.get(lang).map_or("", String::as_str);
        let mut full_title: Vec<&str> = title.iter().copied().filter(|s| !s.is_empty()).collect();
        full_title.push(site_title);
        Chrome {
            lang,
            locale: &language.locale,
            title: full_title.join(" · "),
            site_title,
            description,
            canonical: self.urls.absolute(&page.rel),
            alternates: alternates.collect(),
            switcher: switcher.collect(),
            nav: Nav {
                landing: self.urls.href(&urls::landing()),
                home: self.urls.href(&urls::home(lang, 1)),
                topics: self.urls.href(&urls::topics(lang)),
                speakers: self.urls.href(&urls::speakers(lang)),
                feed: self.urls.href(&urls::feed(lang)),
                search: self.urls.href(&urls::search(lang)),
            },
            stylesheet: self.urls.href("assets/diptych.css"),
            og_type: if matches!(page.kind, PageKind::Transcript { .. } | PageKind::Section { .. }) {
                "article"
            } else {
                "website"
            },
            t: self.ui_strings.get(lang).cloned().unwrap_or_else(tera::Value::none),
        }
    }
}

fn speaker_name(speaker: &crate::archive::Speaker, lang: &Lang) -> String {
    speaker
        .names
        .get(lang)
        .or_else(|| speaker.names.first().map(|(_, n)| n))
        .cloned()
        .unwrap_or_else(|| speaker.key.0.clone())
}
