//! The frame of every page: title, head links, the language switcher, navigation.

use std::collections::HashMap;
use std::sync::Mutex;

use indexmap::IndexMap;
use tera::Value;

use super::parts::plain;
use super::views::{Alternate, Frame, MenuItem, Nav, Switch};
use super::{Digested, Reader};
use crate::config::{Config, Lang, MenuEntry};
use crate::plan::urls::Urls;
use crate::plan::{self, urls, Page, PageKind};
use crate::theme::Theme;

/// What the frame shows alike on every page of a language, converted for tera once:
/// made for each page, it was most of the frame's cost (docs/performance.md).
pub(super) struct Common {
    site_title: Value,
    site_description: Value,
    nav: Digested,
    /// Trusted HTML: site.yaml's `footer`, else the theme's.
    footer: Value,
    stylesheet: Value,
    favicon: Value,
    passages_script: Value,
    /// The UI strings.
    t: Digested,
}

/// Every language's `Common`.
pub(super) fn common_parts(config: &Config, theme: &Theme, urls: &Urls) -> IndexMap<Lang, Common> {
    let common = |lang: &Lang| {
        let site_title = config.title.get(lang).map_or("", String::as_str);
        let footer = match config.text(&config.footer, lang) {
            Some(markdown) => crate::markdown::inline_html(markdown, crate::markdown::Writing::of(config)),
            None => crate::text::escape(theme.strings[lang].get("footer").map_or("", String::as_str)).into_owned(),
        };
        let nav = Nav {
            landing: plain(&urls.href(&urls::landing())),
            home: plain(&urls.href(&urls::home(lang, 1))),
            topics: plain(&urls.href(&urls::topics(lang))),
            speakers: plain(&urls.href(&urls::speakers(lang))),
            feed: plain(&urls.href(&urls::feed(lang))),
            search: plain(&urls.href(&urls::search(lang))),
        };
        let strings = theme.strings.get(lang);
        Common {
            site_title: plain(site_title),
            site_description: plain(config.text(&config.description, lang).unwrap_or(site_title)),
            nav: Digested::of(&nav),
            footer: super::parts::html(&footer),
            stylesheet: plain(&urls.href("assets/diptych.css")),
            favicon: plain(&urls.href("favicon.svg")),
            passages_script: plain(&urls.href("assets/passages.js")),
            t: Digested::new(strings.map_or_else(Value::none, |s| {
                Value::from(s.iter().map(|(k, v)| (k.clone(), plain(v))).collect::<IndexMap<_, _>>())
            })),
        }
    };
    config.languages.iter().map(|l| (l.code.clone(), common(&l.code))).collect()
}

/// The menu as a tera value, by language and by which of its entries are current (a
/// flag each): a site's pages show a handful of variants of it.
#[derive(Default)]
pub(super) struct Menus(Mutex<HashMap<(Lang, Vec<bool>), Digested>>);

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
        let common = &self.common[lang];
        Frame {
            lang,
            locale: &language.locale,
            title: full_title.join(" · "),
            site_title: common.site_title.clone(),
            description,
            canonical: self.urls.absolute(&page.rel),
            alternates: alternates.collect(),
            switcher: switcher.collect(),
            nav: common.nav.clone(),
            menu: self.menu_value(page, lang),
            site_description: common.site_description.clone(),
            footer: common.footer.clone(),
            stylesheet: common.stylesheet.clone(),
            favicon: common.favicon.clone(),
            passages_script: common.passages_script.clone(),
            og_type: if matches!(page.kind, PageKind::Transcript { .. } | PageKind::Section { .. }) {
                "article"
            } else {
                "website"
            },
            t: common.t.clone(),
            citation_meta: Vec::new(),
            json_ld: None,
        }
    }
}

impl Reader<'_, '_> {
    /// site.yaml's `menu` as links from `page`, in `lang`, made once for each variant.
    fn menu_value(&self, page: &Page, lang: &Lang) -> Digested {
        let current: Vec<bool> = self.config.menu.iter().map(|entry| self.is_current(entry, &page.kind)).collect();
        let mut menus = self.menus.0.lock().unwrap_or_else(|e| e.into_inner());
        let key = (lang.clone(), current);
        if let Some(made) = menus.get(&key) {
            return made.clone();
        }
        let made = Digested::of(&self.menu(&key.1, lang));
        menus.insert(key, made.clone());
        made
    }

    /// Whether `entry` of the menu leads to `kind`'s page (or, for a list, to one of its pages).
    fn is_current(&self, entry: &MenuEntry, kind: &PageKind) -> bool {
        match entry {
            MenuEntry::Home => matches!(kind, PageKind::Home { .. }),
            MenuEntry::Topics => matches!(kind, PageKind::Topics { .. } | PageKind::Topic { .. }),
            MenuEntry::Speakers => matches!(kind, PageKind::Speakers { .. } | PageKind::Speaker { .. }),
            MenuEntry::Search => matches!(kind, PageKind::Search { .. }),
            MenuEntry::Page { path, .. } => match kind {
                PageKind::Standalone { page, .. } => self.archive.pages.get(*page).is_some_and(|p| &p.path == path),
                _ => false,
            },
            MenuEntry::Topic { key, .. } => match kind {
                PageKind::Topic { topic, .. } => {
                    self.config.topics.get(*topic).is_some_and(|t| t.key.0.as_ref() == key)
                }
                _ => false,
            },
            MenuEntry::Link { .. } => false,
        }
    }

    /// site.yaml's `menu` as links in `lang`, `current[i]` telling whether entry `i`
    /// is the page's own.
    fn menu(&self, current: &[bool], lang: &Lang) -> Vec<MenuItem> {
        let item = |rel: String, key: &str, current: bool| MenuItem {
            href: plain(&self.urls.href(&rel)),
            label: plain(self.t(lang, key)),
            current,
            external: false,
            locale: None,
        };
        let entries = self.config.menu.iter().zip(current).filter_map(|(entry, &current)| match entry {
            MenuEntry::Home => Some(item(urls::home(lang, 1), "home", current)),
            MenuEntry::Topics => Some(item(urls::topics(lang), "topics", current)),
            MenuEntry::Speakers => Some(item(urls::speakers(lang), "speakers", current)),
            MenuEntry::Search => Some(item(urls::search(lang), "search", current)),
            MenuEntry::Page { path, .. } => {
                let standalone = self.archive.pages.iter().find(|p| &p.path == path)?;
                let (shown, v) = standalone
                    .versions
                    .get_key_value(lang)
                    .unwrap_or_else(|| standalone.versions.first().expect("a page has a version"));
                Some(MenuItem {
                    href: plain(&self.urls.href(&urls::transcript(shown, path))),
                    label: plain(&v.title),
                    current,
                    external: false,
                    locale: self.foreign_locale(lang, shown),
                })
            }
            MenuEntry::Topic { key, .. } => {
                let topic = self.config.topic(key)?;
                let label = topic.labels.get(lang).map_or(key.as_str(), String::as_str);
                Some(MenuItem {
                    href: plain(&self.urls.href(&urls::topic(lang, &topic.key))),
                    label: plain(label),
                    current,
                    external: false,
                    locale: None,
                })
            }
            MenuEntry::Link { label, url } => {
                let text = self.config.text(label, lang).or_else(|| label.values().next().map(String::as_str));
                // An address from the site's root gets the path the site is published under.
                let on_site = url.strip_prefix('/').map(|rest| self.urls.href(rest));
                Some(MenuItem {
                    href: plain(on_site.as_deref().unwrap_or(url)),
                    label: plain(text.unwrap_or(url)),
                    current: false,
                    external: on_site.is_none(),
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
