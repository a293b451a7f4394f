//! One builder per page kind: the archive, seen from one page, as that page's view.

use super::frame::speaker_name;
use super::parts::html;
use super::views::*;
use super::Reader;
use crate::archive::{SectionRef, Version};
use crate::config::Lang;
use crate::markdown::Part;
use crate::plan::{page_count_of, urls, Page, PER_PAGE};
use crate::text::excerpt;
use chrono::Datelike;

impl<'a> Reader<'_, 'a> {
    fn translated_count(&self, lang: &Lang) -> usize {
        self.archive.transcripts.iter().filter(|t| t.versions.contains_key(lang)).count()
    }

    pub(super) fn landing(&self, planned: &Page) -> LandingView<'a> {
        let default = &self.config.default_language;
        let page = self.frame(planned, default, &[], self.site_description(default));
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

    /// site.yaml's `description` in `lang`, else the site's title.
    fn site_description(&self, lang: &Lang) -> String {
        let title = self.config.title.get(lang).map_or("", String::as_str);
        self.config.text(&self.config.description, lang).unwrap_or(title).to_string()
    }

    pub(super) fn home(&self, planned: &Page, lang: &'a Lang, number: usize) -> HomeView<'a> {
        let total = page_count_of(self.archive.transcripts.len());
        let shown = (0..self.archive.transcripts.len()).skip((number - 1) * PER_PAGE).take(PER_PAGE);
        let mut years = self.grouped(lang, shown, self.t(lang, "year_format"));
        for group in &mut years {
            group.href = self.year_folder(lang, group.transcripts.first());
        }
        let pagination = self.pagination(number, total, |n| urls::home(lang, n));
        let page_label = format!("{} {number}", self.t(lang, "page"));
        let title: &[&str] = if number > 1 { &[&page_label] } else { &[] };
        let page = self.frame(planned, lang, title, self.site_description(lang));
        HomeView { page, years, pagination, folder: None, folders: self.folders_in(lang, None) }
    }

    /// Page `number` of the list of the transcripts under folder `index`.
    pub(super) fn folder(&self, planned: &Page, lang: &'a Lang, index: usize, number: usize) -> HomeView<'a> {
        let folder = &self.archive.folders[index];
        let total = page_count_of(folder.transcripts.len());
        let shown = folder.transcripts.iter().copied().skip((number - 1) * PER_PAGE).take(PER_PAGE);
        // A year's folder is grouped by month, where the theme says how to write one.
        let year = |i: Option<&usize>| i.map(|&i| self.archive.transcripts[i].date.year());
        let one_year = year(folder.transcripts.first()) == year(folder.transcripts.last());
        let month_format = self.strings(lang).get("month_format").filter(|_| one_year);
        let years = self.grouped(lang, shown, month_format.map_or(self.t(lang, "year_format"), String::as_str));
        let pagination = self.pagination(number, total, |n| urls::paged(urls::folder(lang, &folder.path), n));
        let page_label = format!("{} {number}", self.t(lang, "page"));
        let title: Vec<&str> = [folder.name()].into_iter().chain((number > 1).then_some(page_label.as_str())).collect();
        let page = self.frame(planned, lang, &title, self.site_description(lang));
        let heading = FolderHeading {
            name: folder.name().to_string(),
            count: self.counted(lang, "transcripts_count", folder.transcripts.len()),
            parents: self.folder_trail(lang, &folder.path),
        };
        HomeView { page, years, pagination, folder: Some(heading), folders: self.folders_in(lang, Some(&folder.path)) }
    }

    /// The page of the folder at the top named for the year of `first` (`2024`), if
    /// the site has one: where a year's heading on the home page leads.
    fn year_folder(&self, lang: &Lang, first: Option<&TranscriptCard>) -> Option<String> {
        let year = first?.datetime.get(..4)?;
        let folders = &self.archive.folders;
        folders.binary_search_by(|f| f.path.as_str().cmp(year)).ok().map(|_| self.urls.href(&urls::folder(lang, year)))
    }

    /// The transcripts `shown` as cards, grouped by their dates written in `format`
    /// (the year's, or a month's).
    fn grouped(&self, lang: &Lang, shown: impl Iterator<Item = usize>, format: &str) -> Vec<YearGroup> {
        let mut years: Vec<YearGroup> = Vec::new();
        for t in shown.map(|i| self.transcript(i)) {
            let year = t.date.format(format).to_string();
            if years.last().is_none_or(|g| g.year != year) {
                years.push(YearGroup { year, transcripts: Vec::new(), href: None });
            }
            years.last_mut().expect("pushed above").transcripts.push(self.card(lang, t));
        }
        years
    }

    /// The folders directly in `parent` (None: at the top) that have a page. Folders
    /// named by numbers (years, months) newest first, as the lists are; others in
    /// the order of their names.
    fn folders_in(&self, lang: &Lang, parent: Option<&str>) -> Vec<FolderLink> {
        let folders = self.archive.folders.iter().filter(|f| f.parent() == parent);
        let mut links: Vec<FolderLink> = folders
            .map(|f| {
                let Link { href, label, .. } = self.folder_link(lang, &f.path);
                FolderLink { href, label, count: f.transcripts.len() }
            })
            .collect();
        if links.iter().all(|f| f.label.bytes().all(|b| b.is_ascii_digit())) {
            links.reverse();
        }
        links
    }

    pub(super) fn transcript_page(&self, planned: &Page, lang: &'a Lang, index: usize) -> TranscriptView<'a> {
        let t = self.transcript(index);
        let v = t.version(lang).expect("planned only where translated");
        let mut page = self.frame(planned, lang, &[&v.front.title], describe_transcript(v));
        let shared = self.shared(lang, index);
        let cite = self.citation(&mut page, t, lang, None, &shared);
        let sections = shared.bodies.iter().flatten().cloned().collect();
        let toc = (0..t.section_ids.len()).map(|i| self.toc_entry(lang, t, i)).collect();
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
            let other = self.transcript(i);
            let ov = other.version(lang)?;
            Some(Link {
                href: self.urls.href(&urls::transcript(lang, &other.path)),
                label: ov.front.title.clone(),
                locale: None,
            })
        };
        // The notes of the preface and of the closing lines, listed after them.
        let notes = |part| self.notes_list(lang, &v.doc, part).map(|h| html(&h));
        let in_lang = |i: &usize| self.archive.transcripts[*i].version(lang).is_some();
        let newer = (0..index).rev().find(in_lang).and_then(neighbour);
        let older = (index + 1..self.archive.transcripts.len()).find(in_lang).and_then(neighbour);
        TranscriptView {
            page,
            transcript: shared.info.clone(),
            preface: v.doc.preface.iter().map(|b| html(&b.html())).chain(notes(Part::Preface)).collect(),
            toc,
            sections,
            closing: v.doc.closing.iter().map(|b| html(&closing_html(b))).chain(notes(Part::Closing)).collect(),
            topics: self.topic_links(lang, &topics),
            speakers,
            newer,
            older,
            parallel: self.side_by_side_link(lang, index, None),
            cite,
        }
    }

    /// A line of a transcript page's contents: the section in this language, or where
    /// it is untranslated, the section in the language that has it, marked so.
    fn toc_entry(&self, lang: &Lang, t: &crate::archive::Transcript, index: usize) -> TocEntry {
        let (shown, _, s) = t.section_or_any(lang, index);
        TocEntry {
            href: self.urls.href(&urls::section(shown, &t.path, &s.id)),
            label: s.heading_text.clone(),
            locale: self.foreign_locale(lang, shown),
            translated: shown == lang,
        }
    }

    pub(super) fn section(&self, planned: &Page, lang: &'a Lang, at: SectionRef) -> SectionView<'a> {
        let t = self.transcript(at.transcript);
        let v = t.version(lang).expect("planned only where translated");
        let s = v.section(at.section).expect("planned only where translated");
        let description = first_of([excerpt(s.blocks.iter().map(|b| &*b.text), DESCRIPTION), s.heading_text.clone()]);
        let mut page = self.frame(planned, lang, &[&s.heading_text, &v.front.title], description);
        let shared = self.shared(lang, at.transcript);
        let cite = self.citation(&mut page, t, lang, Some(s), &shared);
        // Sections in this language only: an untranslated one has no page here.
        let here: Vec<(usize, &crate::markdown::Section)> = v.sections().collect();
        let position = here.iter().position(|(i, _)| *i == at.section).expect("this section is here");
        let neighbour = |p: usize| {
            let (_, other) = here.get(p)?;
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
                let other = t.version(&l.code).and_then(|ov| ov.section(at.section));
                Translation {
                    name: &l.name,
                    locale: &l.locale,
                    heading: other.map(|os| os.heading_text.clone()).unwrap_or_default(),
                    href: self.urls.href(&match (other, t.version(&l.code)) {
                        (Some(os), _) => urls::section(&l.code, &t.path, &os.id),
                        (None, Some(_)) => urls::transcript(&l.code, &t.path),
                        (None, None) => urls::home(&l.code, 1),
                    }),
                    translated: other.is_some(),
                }
            })
            .collect();
        SectionView {
            page,
            transcript: shared.info.clone(),
            section: shared.bodies[at.section].clone().expect("planned only where translated"),
            position: self
                .t(lang, "section_position")
                .replace("{n}", &(position + 1).to_string())
                .replace("{count}", &here.len().to_string()),
            prev: position.checked_sub(1).and_then(neighbour),
            next: neighbour(position + 1),
            translations,
            related: self.related[at.transcript][at.section].iter().map(|r| self.section_card(lang, *r)).collect(),
            parallel: self.side_by_side_link(lang, at.transcript, Some(&s.id.0)),
            cite,
        }
    }

    /// How to cite a transcript or one of its sections: the line and files shown on the
    /// page, and the meta tags and JSON-LD its head carries.
    fn citation(
        &self,
        page: &mut Frame,
        t: &crate::archive::Transcript,
        lang: &Lang,
        section: Option<&crate::markdown::Section>,
        shared: &super::parts::Shared,
    ) -> Citation {
        let work = crate::cite::Work::new((self.config, &self.urls), t, lang, section).expect("a page of a version");
        page.citation_meta = work.meta().into_iter().map(|(name, content)| MetaTag { name, content }).collect();
        page.json_ld = Some(html(&work.json_ld()));
        Citation { line: work.line(), files: shared.cite_files.clone() }
    }

    pub(super) fn topics(&self, planned: &Page, lang: &'a Lang) -> ListView<'a> {
        let heading = self.t(lang, "topics").to_string();
        let page = self.frame(planned, lang, &[&heading], heading.clone());
        let items = self
            .archive
            .topics
            .iter()
            .filter_map(|(key, sections)| {
                let topic = self.config.topic(&key.0)?;
                let label = topic.labels.get(lang).cloned().unwrap_or_else(|| key.0.to_string());
                Some(ListItem {
                    href: self.urls.href(&urls::topic(lang, key)),
                    label,
                    count: self.counted(lang, "sections_count", sections.len()),
                })
            })
            .collect();
        ListView { page, heading, items }
    }

    pub(super) fn topic(&self, planned: &Page, lang: &'a Lang, index: usize, n: usize) -> SectionListView<'a> {
        let (key, sections) = &self.archive.topics[index];
        let topic = self.config.topic(&key.0).expect("archive topics come from the config");
        let label = |l: &Lang| topic.labels.get(l).cloned().unwrap_or_else(|| key.0.to_string());
        let first = |l: &Lang| urls::topic(l, key);
        let list = SectionList { heading: label(lang), all: sections, n, first: &first, label: &label };
        self.section_list(planned, lang, list)
    }

    /// A topic's or speaker's page `n`: its sections, newest first, 50 to a page.
    fn section_list(&self, planned: &Page, lang: &'a Lang, list: SectionList) -> SectionListView<'a> {
        let SectionList { heading, all, n, first, label } = list;
        let twin = |l: &Lang| (urls::paged(first(l), n), label(l));
        let page_label = format!("{} {n}", self.t(lang, "page"));
        let title: &[&str] = if n > 1 { &[&page_label, &heading] } else { &[&heading] };
        let page = self.frame(planned, lang, title, heading.clone());
        let twins = self.twins(lang, twin);
        let shown = all.iter().skip((n - 1) * PER_PAGE).take(PER_PAGE);
        let sections = shown.map(|r| self.section_card(lang, *r)).collect();
        let pagination = self.pagination(n, page_count_of(all.len()), |k| urls::paged(first(lang), k));
        SectionListView { page, heading, sections, twins, pagination }
    }

    pub(super) fn speakers(&self, planned: &Page, lang: &'a Lang) -> ListView<'a> {
        let heading = self.t(lang, "speakers").to_string();
        let page = self.frame(planned, lang, &[&heading], heading.clone());
        let items = (0..self.archive.speakers.len())
            .map(|i| &self.archive.speakers[i])
            .map(|s| ListItem {
                href: self.urls.href(&urls::speaker(lang, &s.key)),
                label: speaker_name(s, lang),
                count: self.counted(lang, "sections_count", s.sections.len()),
            })
            .collect();
        ListView { page, heading, items }
    }

    pub(super) fn speaker(&self, planned: &Page, lang: &'a Lang, index: usize, n: usize) -> SectionListView<'a> {
        let speaker = &self.archive.speakers[index];
        let name = |l: &Lang| speaker_name(speaker, l);
        let first = |l: &Lang| urls::speaker(l, &speaker.key);
        let list = SectionList { heading: name(lang), all: &speaker.sections, n, first: &first, label: &name };
        self.section_list(planned, lang, list)
    }

    /// Links to the same list page in every other language.
    /// Links to the pages of a list of `total` pages, the `current` one marked.
    fn pagination(&self, current: usize, total: usize, rel: impl Fn(usize) -> String) -> Pagination {
        let href = |n: usize| self.urls.href(&rel(n));
        let shown = shown_pages(current, total);
        let pages = shown.iter().enumerate().map(|(i, &n)| PageNumber {
            number: n,
            href: href(n),
            current: n == current,
            gap_before: i > 0 && shown[i - 1] + 1 < n,
        });
        Pagination {
            current,
            total,
            prev: (current > 1).then(|| href(current - 1)),
            next: (current < total).then(|| href(current + 1)),
            pages: pages.collect(),
        }
    }

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

    pub(super) fn search(&self, planned: &Page, lang: &'a Lang) -> SearchView<'a> {
        let heading = self.t(lang, "search");
        let page = self.frame(planned, lang, &[heading], self.t(lang, "search_description").to_string());
        let script = self.urls.href("assets/search.js");
        let bundle = self.urls.href(&format!("{}{lang}/", crate::plan::SEARCH_DIR));
        SearchView { page, script, bundle }
    }

    pub(super) fn not_found(&self, planned: &Page) -> NotFoundView<'a> {
        let default = &self.config.default_language;
        let message = self.t(default, "not_found_message").to_string();
        let page = self.frame(planned, default, &[self.t(default, "not_found")], message);
        let languages = self
            .config
            .languages
            .iter()
            .map(|l| NotFoundLanguage {
                locale: &l.locale,
                heading: self.t(&l.code, "not_found"),
                message: self.t(&l.code, "not_found_message"),
                home: self.urls.href(&urls::home(&l.code, 1)),
                home_label: self.t(&l.code, "enter_archive"),
            })
            .collect();
        NotFoundView { page, languages }
    }
}

/// What a topic or speaker page lists: the sections, which page of them, and how to
/// name and link the list in any language.
struct SectionList<'l> {
    heading: String,
    all: &'l [SectionRef],
    n: usize,
    first: &'l dyn Fn(&Lang) -> String,
    label: &'l dyn Fn(&Lang) -> String,
}

/// Characters of a page's description: what search results show.
pub(super) const DESCRIPTION: usize = 160;

/// What a transcript page is about, from the first of: its preface, its subtitle, the
/// start of its first section, its title. Never empty, since search engines and link
/// previews show it.
pub(super) fn describe_transcript(v: &Version) -> String {
    let first_section = v.doc.sections.first().map(|s| excerpt(s.blocks.iter().map(|b| &*b.text), DESCRIPTION));
    first_of([
        excerpt(v.doc.preface.iter().map(|b| &*b.text), DESCRIPTION),
        v.front.subtitle.clone().unwrap_or_default(),
        first_section.unwrap_or_default(),
        v.front.title.clone(),
    ])
}

pub(super) fn first_of<const N: usize>(candidates: [String; N]) -> String {
    candidates.into_iter().find(|c| !c.trim().is_empty()).unwrap_or_default()
}

/// The page numbers a list of `total` pages shows on page `current`: the first, the
/// last and two either side of the current one. Listing them all grew every page of
/// a list with the archive (a topic of 16,000 sections has 320 pages), which no
/// reader needs; a gap that would hide a single page shows it instead.
fn shown_pages(current: usize, total: usize) -> Vec<usize> {
    let near = |n: usize| n == 1 || n == total || n.abs_diff(current) <= 2;
    (1..=total).filter(|&n| near(n) || (near(n - 1) && near(n + 1))).collect()
}

/// A closing block as HTML: a block that opens with a speaker's label keeps the label.
fn closing_html(block: &crate::markdown::Block) -> String {
    match &block.speaker {
        Some(name) => format!("<p class=\"speaker\">{}</p>{}", crate::text::escape(name), block.html()),
        None => block.html().into_owned(),
    }
}

#[cfg(test)]
mod tests;
