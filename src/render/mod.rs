//! From archive to HTML: the page plan (every page the site will have, by URL) and the
//! rendering of each planned page through the theme, in parallel.

pub mod parallel;
pub mod urls;
pub mod views;

use std::collections::HashMap;
use std::path::PathBuf;

use crate::archive::{Archive, SectionRef};
use crate::config::{Config, Lang};
use crate::diagnostic::{Error, ErrorKind, Location};
use crate::theme::Theme;
use urls::Urls;
use views::*;

/// Transcripts per home page before it is split into `/{lang}/page/N/`.
pub const PER_PAGE: usize = 50;

/// Everything rendering reads; shared by reference across threads, never mutated.
pub struct Site<'a> {
    pub config: &'a Config,
    pub archive: &'a Archive,
    pub theme: &'a Theme,
    pub urls: Urls,
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
    },
    Speakers {
        lang: Lang,
    },
    Speaker {
        lang: Lang,
        speaker: usize,
    },
    /// A transcript in all its languages side by side; not under a language prefix.
    Parallel {
        transcript: usize,
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
        }
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
            pages.push(Page::new(urls::topic(lang, key), PageKind::Topic { lang: lang.clone(), topic: i }));
        }
        pages.push(Page::new(urls::speakers(lang), PageKind::Speakers { lang: lang.clone() }));
        for (i, s) in archive.speakers.iter().enumerate() {
            pages.push(Page::new(urls::speaker(lang, &s.key), PageKind::Speaker { lang: lang.clone(), speaker: i }));
        }
    }
    for (i, t) in archive.transcripts.iter().enumerate().filter(|(_, t)| t.versions.len() > 1) {
        pages.push(Page::new(urls::parallel(&t.path), PageKind::Parallel { transcript: i }));
    }
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
        Site { config, archive, theme, urls: Urls::new(config) }
    }

    /// The page as HTML.
    pub fn render(&self, page: &Page) -> Result<String, Error> {
        let (rel, template) = (page.rel.as_str(), page.template());
        match &page.kind {
            PageKind::Landing => self.draw(template, &self.landing()),
            PageKind::Home { lang, page } => self.draw(template, &self.home(lang, *page, rel)),
            PageKind::Transcript { lang, transcript } => self.draw(template, &self.transcript(lang, *transcript, rel)),
            PageKind::Section { lang, at } => self.draw(template, &self.section(lang, *at, rel)),
            PageKind::Topics { lang } => self.draw(template, &self.topics(lang, rel)),
            PageKind::Topic { lang, topic } => self.draw(template, &self.topic(lang, *topic, rel)),
            PageKind::Speakers { lang } => self.draw(template, &self.speakers(lang, rel)),
            PageKind::Speaker { lang, speaker } => self.draw(template, &self.speaker(lang, *speaker, rel)),
            PageKind::Parallel { transcript } => self.draw(template, &self.parallel(*transcript, rel)),
        }
    }

    fn draw(&self, template: &str, view: &impl serde::Serialize) -> Result<String, Error> {
        let context = tera::Context::from_serialize(view).map_err(|e| self.theme.error(template, &e))?;
        self.theme.tera.render(template, &context).map_err(|e| self.theme.error(template, &e))
    }

    /// The page frame. `counterpart` gives this page's path in another language, if it exists there.
    fn chrome(
        &self,
        lang: &'a Lang,
        rel: &str,
        title: &[&str],
        description: String,
        counterpart: impl Fn(&Lang) -> Option<String>,
    ) -> Chrome<'a> {
        let language = self.config.lang(&lang.0).expect("pages are planned for configured languages");
        let mut alternates = Vec::new();
        let mut switcher = Vec::new();
        for other in &self.config.languages {
            let found = if other.code == *lang { Some(rel.to_string()) } else { counterpart(&other.code) };
            if let Some(other_rel) = &found {
                alternates.push(Alternate { hreflang: other.locale.clone(), href: self.urls.absolute(other_rel) });
            }
            switcher.push(Switch {
                name: &other.name,
                locale: &other.locale,
                href: self.urls.href(&found.clone().unwrap_or_else(|| urls::home(&other.code, 1))),
                current: other.code == *lang,
                translated: found.is_some(),
            });
        }
        let site_title = self.config.title.get(lang).map_or("", String::as_str);
        let mut full_title: Vec<&str> = title.iter().copied().filter(|s| !s.is_empty()).collect();
        full_title.push(site_title);
        Chrome {
            lang,
            locale: &language.locale,
            title: full_title.join(" · "),
            site_title,
            description,
            canonical: self.urls.absolute(rel),
            alternates,
            switcher,
            nav: Nav {
                landing: self.urls.href(&urls::landing()),
                home: self.urls.href(&urls::home(lang, 1)),
                topics: self.urls.href(&urls::topics(lang)),
                speakers: self.urls.href(&urls::speakers(lang)),
            },
            stylesheet: self.urls.href("assets/diptych.css"),
            t: self.strings(lang),
        }
    }

    fn translated_count(&self, lang: &Lang) -> usize {
        self.archive.transcripts.iter().filter(|t| t.versions.contains_key(lang)).count()
    }

    fn landing(&self) -> LandingView<'a> {
        let default = &self.config.default_language;
        let every = |l: &Lang| Some(urls::home(l, 1));
        let mut page = self.chrome(default, "", &[], self.t(default, "site_description").to_string(), every);
        page.alternates.push(Alternate { hreflang: "x-default".into(), href: self.urls.absolute("") });
        let languages = self
            .config
            .languages
            .iter()
            .map(|l| LandingLanguage {
                name: &l.name,
                locale: &l.locale,
                title: self.config.title.get(&l.code).map_or("", String::as_str),
                href: self.urls.href(&urls::home(&l.code, 1)),
                enter: self.t(&l.code, "enter_archive"),
                count: self.counted(&l.code, "transcripts_count", self.translated_count(&l.code)),
            })
            .collect();
        LandingView { page, languages }
    }

    fn home(&self, lang: &'a Lang, number: usize, rel: &str) -> HomeView<'a> {
        let total = self.archive.transcripts.len().div_ceil(PER_PAGE).max(1);
        let shown = self.archive.transcripts.iter().skip((number - 1) * PER_PAGE).take(PER_PAGE);
        let mut years: Vec<YearGroup> = Vec::new();
        for t in shown {
            let year = t.date.format(self.t(lang, "year_format")).to_string();
            if years.last().is_none_or(|g| g.year != year) {
                years.push(YearGroup { year, transcripts: Vec::new() });
            }
            years.last_mut().expect("pushed above").transcripts.push(self.card(lang, t));
        }
        let href = |n: usize| self.urls.href(&urls::home(lang, n));
        let pagination = Pagination {
            current: number,
            total,
            prev: (number > 1).then(|| href(number - 1)),
            next: (number < total).then(|| href(number + 1)),
            pages: (1..=total).map(|n| PageNumber { number: n, href: href(n), current: n == number }).collect(),
        };
        let page_label = format!("{} {number}", self.t(lang, "page"));
        let title: &[&str] = if number > 1 { &[&page_label] } else { &[] };
        let counterpart = |l: &Lang| Some(urls::home(l, number));
        let page = self.chrome(lang, rel, title, self.t(lang, "site_description").to_string(), counterpart);
        HomeView { page, years, pagination }
    }

    fn transcript(&self, lang: &'a Lang, index: usize, rel: &str) -> TranscriptView<'a> {
        let t = &self.archive.transcripts[index];
        let v = t.version(lang).expect("planned only where translated");
        let counterpart = |l: &Lang| t.version(l).map(|_| urls::transcript(l, &t.path));
        let description = excerpt(v.doc.preface.iter().map(|b| b.text.as_str()), 160);
        let page = self.chrome(lang, rel, &[&v.front.title], description, counterpart);
        let sections: Vec<SectionBody> = (0..v.doc.sections.len()).map(|i| self.section_body(lang, t, v, i)).collect();
        let toc = v
            .doc
            .sections
            .iter()
            .zip(&sections)
            .map(|(s, body)| Link { href: body.href.clone(), label: s.heading_text.clone(), locale: None })
            .collect();
        let mut topics: Vec<_> = t.section_topics.iter().flatten().cloned().collect();
        topics.sort_by_key(|k| self.config.topics.iter().position(|t| &t.key == k));
        topics.dedup();
        let speakers = v
            .front
            .speakers
            .iter()
            .filter(|(key, _)| {
                self.archive.speaker(key).is_some_and(|s| s.sections.iter().any(|r| r.transcript == index))
            })
            .map(|(key, name)| Link {
                href: self.urls.href(&urls::speaker(lang, key)),
                label: name.clone(),
                locale: None,
            })
            .collect();
        let neighbour = |i: usize| {
            let other = self.archive.transcripts.get(i)?;
            let ov = other.version(lang)?;
            Some(Link {
                href: self.urls.href(&urls::transcript(lang, &other.path)),
                label: ov.front.title.clone(),
                locale: None,
            })
        };
        let in_lang = |i: &usize| self.archive.transcripts[*i].version(lang).is_some();
        let newer = (0..index).rev().find(in_lang).and_then(neighbour);
        let older = (index + 1..self.archive.transcripts.len()).find(in_lang).and_then(neighbour);
        TranscriptView {
            page,
            transcript: self.info(lang, t, v),
            preface: v.doc.preface.iter().map(|b| b.html.clone()).collect(),
            toc,
            sections,
            topics: self.topic_links(lang, &topics),
            speakers,
            newer,
            older,
            parallel: self.parallel_link(index, None),
        }
    }

    fn section(&self, lang: &'a Lang, at: SectionRef, rel: &str) -> SectionView<'a> {
        let t = &self.archive.transcripts[at.transcript];
        let v = t.version(lang).expect("planned only where translated");
        let s = &v.doc.sections[at.section];
        let counterpart = |l: &Lang| t.version(l).map(|_| urls::section(l, &t.path, &s.id));
        let description = excerpt(s.blocks.iter().map(|b| b.text.as_str()), 160);
        let page = self.chrome(lang, rel, &[&s.heading_text, &v.front.title], description, counterpart);
        let neighbour = |i: usize| {
            let other = v.doc.sections.get(i)?;
            Some(Link {
                href: self.urls.href(&urls::section(lang, &t.path, &other.id)),
                label: other.heading_text.clone(),
                locale: None,
            })
        };
        let translations = self
            .config
            .languages
            .iter()
            .filter(|l| &l.code != lang)
            .map(|l| {
                let other = t.version(&l.code).and_then(|ov| ov.doc.sections.get(at.section));
                Translation {
                    name: &l.name,
                    locale: &l.locale,
                    heading: other.map(|os| os.heading_text.clone()).unwrap_or_default(),
                    href: self.urls.href(&match other {
                        Some(os) => urls::section(&l.code, &t.path, &os.id),
                        None => urls::home(&l.code, 1),
                    }),
                    translated: other.is_some(),
                }
            })
            .collect();
        SectionView {
            page,
            transcript: self.info(lang, t, v),
            section: self.section_body(lang, t, v, at.section),
            position: self
                .t(lang, "section_position")
                .replace("{n}", &(at.section + 1).to_string())
                .replace("{count}", &v.doc.sections.len().to_string()),
            prev: at.section.checked_sub(1).and_then(neighbour),
            next: neighbour(at.section + 1),
            translations,
            related: t.section_related[at.section].iter().map(|r| self.section_card(lang, *r)).collect(),
            parallel: self.parallel_link(at.transcript, Some(&s.id.0)),
        }
    }

    fn topics(&self, lang: &'a Lang, rel: &str) -> ListView<'a> {
        let heading = self.t(lang, "topics").to_string();
        let page = self.chrome(lang, rel, &[&heading], heading.clone(), |l| Some(urls::topics(l)));
        let items = self
            .archive
            .topics
            .iter()
            .filter_map(|(key, sections)| {
                let topic = self.config.topic(&key.0)?;
                let label = topic.labels.get(lang).cloned().unwrap_or_else(|| key.0.clone());
                Some(ListItem {
                    href: self.urls.href(&urls::topic(lang, key)),
                    label,
                    count: self.counted(lang, "sections_count", sections.len()),
                })
            })
            .collect();
        ListView { page, heading, items }
    }

    fn topic(&self, lang: &'a Lang, index: usize, rel: &str) -> SectionListView<'a> {
        let (key, sections) = &self.archive.topics[index];
        let topic = self.config.topic(&key.0).expect("archive topics come from the config");
        let label = |l: &Lang| topic.labels.get(l).cloned().unwrap_or_else(|| key.0.clone());
        let heading = label(lang);
        let page = self.chrome(lang, rel, &[&heading], heading.clone(), |l| Some(urls::topic(l, key)));
        let twins = self.twins(lang, |l| (urls::topic(l, key), label(l)));
        let sections = sections.iter().map(|r| self.section_card(lang, *r)).collect();
        SectionListView { page, heading, sections, twins }
    }

    fn speakers(&self, lang: &'a Lang, rel: &str) -> ListView<'a> {
        let heading = self.t(lang, "speakers").to_string();
        let page = self.chrome(lang, rel, &[&heading], heading.clone(), |l| Some(urls::speakers(l)));
        let items = self
            .archive
            .speakers
            .iter()
            .map(|s| ListItem {
                href: self.urls.href(&urls::speaker(lang, &s.key)),
                label: speaker_name(s, lang),
                count: self.counted(lang, "sections_count", s.sections.len()),
            })
            .collect();
        ListView { page, heading, items }
    }

    fn speaker(&self, lang: &'a Lang, index: usize, rel: &str) -> SectionListView<'a> {
        let speaker = &self.archive.speakers[index];
        let heading = speaker_name(speaker, lang);
        let page = self.chrome(lang, rel, &[&heading], heading.clone(), |l| Some(urls::speaker(l, &speaker.key)));
        let twins = self.twins(lang, |l| (urls::speaker(l, &speaker.key), speaker_name(speaker, l)));
        let sections = speaker.sections.iter().map(|r| self.section_card(lang, *r)).collect();
        SectionListView { page, heading, sections, twins }
    }

    /// Links to the same list page in every other language.
    fn twins(&self, lang: &Lang, target: impl Fn(&Lang) -> (String, String)) -> Vec<Link> {
        self.config
            .languages
            .iter()
            .filter(|l| &l.code != lang)
            .map(|l| {
                let (rel, label) = target(&l.code);
                Link { href: self.urls.href(&rel), label, locale: Some(l.locale.clone()) }
            })
            .collect()
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
