//! The frame of every page: title, head links, the language switcher, navigation.

use super::views::{Alternate, Frame, Nav, Switch};
use super::Reader;
use crate::config::Lang;
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
            PageKind::SideBySide { transcript } => {
                transcript_in(*transcript).map_or((urls::home(lang, 1), false), |rel| (rel, true))
            }
            _ => match plan::translation(self.archive, kind, lang) {
                Some(rel) => (rel, true),
                None => {
                    let nearest = match kind {
                        PageKind::Section { at, .. } => transcript_in(at.transcript),
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

pub(super) fn speaker_name(speaker: &crate::archive::Speaker, lang: &Lang) -> String {
    speaker
        .names
        .get(lang)
        .or_else(|| speaker.names.first().map(|(_, n)| n))
        .cloned()
        .unwrap_or_else(|| speaker.key.0.clone())
}
