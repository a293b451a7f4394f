//! The frame of every page: title, head links, the language switcher, navigation.

use super::views::{Alternate, Frame, MenuItem, Nav, Switch};
use super::Reader;
use crate::config::{Lang, MenuEntry};
use crate::plan::{self, urls, Page, PageKind};

impl<'a> Reader<'_, 'a> {
    /// Where the language switcher's entry for `lang` leads, and whether that is this
    /// page in that language. Otherwise it is the nearest page there is: the
    /// transcript of an untranslated section, or that language's home.
    fn switch_target(&self, kind: &PageKind, lang: &Lang) -> (String, bool) {
        let transcript_in = |index: usize| {
            let t = &self.archive.transcripts[index]; // which languages: structure
            t.version(lang).map(|_| urls::transcript(lang, &t.path))
        };
        match kind {
            PageKind::Landing | PageKind::NotFound => (urls::home(lang, 1), true),
            _ => match plan::translation(self.config, self.archive, kind, lang) {
                Some(rel) => (rel, true),
                None => {
                    let nearest = match kind {
                        PageKind::Section { at, .. } => transcript_in(at.transcript),
                        PageKind::SideBySide { transcript, .. } => transcript_in(*transcript),
                        _ => None,
                    };
                    (nearest.unwrap_or_else(|| urls::home(lang, 1)), false)
                }
            },
        }
    }

    /// The page frame, in `lang`.
    pub(super) fn frame(&self, page: &Page, lang: &'a Lang, title: &[&str], description: String) -> Frame<'a> {
        let language = self.config.lang(&lang.0).expect("pages are planned for configured languages");
        let alternates = plan::alternates(self.config, self.archive, page)
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
        Frame {
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
            menu: self.menu(page, lang),
            site_description: self.config.text(&self.config.description, lang).unwrap_or(site_title),
            footer: self.footers.get(lang).cloned().unwrap_or_default(),
            stylesheet: self.urls.href("assets/diptych.css"),
            favicon: self.urls.href("favicon.svg"),
            passages_script: self.urls.href("assets/passages.js"),
            og_type: if matches!(page.kind, PageKind::Transcript { .. } | PageKind::Section { .. }) {
                "article"
            } else {
                "website"
            },
            t: self.ui_strings.get(lang).cloned().unwrap_or_else(tera::Value::none),
            citation_meta: Vec::new(),
            json_ld: None,
        }
    }
}

impl Reader<'_, '_> {
    /// site.yaml's `menu` as links from `page`, in `lang`.
    fn menu(&self, page: &Page, lang: &Lang) -> Vec<MenuItem> {
        let item = |rel: String, key: &str, current: bool| MenuItem {
            href: self.urls.href(&rel),
            label: self.t(lang, key).to_string(),
            current,
            external: false,
            locale: None,
        };
        let kind = &page.kind;
        let entries = self.config.menu.iter().filter_map(|entry| match entry {
            MenuEntry::Home => Some(item(urls::home(lang, 1), "home", matches!(kind, PageKind::Home { .. }))),
            MenuEntry::Topics => {
                let current = matches!(kind, PageKind::Topics { .. } | PageKind::Topic { .. });
                Some(item(urls::topics(lang), "topics", current))
            }
            MenuEntry::Speakers => {
                let current = matches!(kind, PageKind::Speakers { .. } | PageKind::Speaker { .. });
                Some(item(urls::speakers(lang), "speakers", current))
            }
            MenuEntry::Search => Some(item(urls::search(lang), "search", matches!(kind, PageKind::Search { .. }))),
            MenuEntry::Page { path, .. } => {
                let index = self.archive.pages.iter().position(|p| &p.path == path)?;
                let standalone = &self.archive.pages[index];
                let (shown, v) = standalone
                    .versions
                    .get_key_value(lang)
                    .unwrap_or_else(|| standalone.versions.first().expect("a page has a version"));
                Some(MenuItem {
                    href: self.urls.href(&urls::transcript(shown, path)),
                    label: v.title.clone(),
                    current: matches!(kind, PageKind::Standalone { page, .. } if *page == index),
                    external: false,
                    locale: self.foreign_locale(lang, shown),
                })
            }
            MenuEntry::Link { label, url } => {
                let text = self.config.text(label, lang).or_else(|| label.values().next().map(String::as_str));
                Some(MenuItem {
                    href: url.clone(),
                    label: text.unwrap_or(url).to_string(),
                    current: false,
                    external: true,
                    locale: None,
                })
            }
        });
        entries.collect()
    }
}

pub(super) fn speaker_name(speaker: &crate::archive::Speaker, lang: &Lang) -> String {
    speaker
        .names
        .get(lang)
        .or_else(|| speaker.names.first().map(|(_, n)| n))
        .cloned()
        .unwrap_or_else(|| speaker.key.0.clone())
}
