//! Parts that several pages show: UI strings, a transcript's facts, a section's turns,
//! cards for lists, and the section cards shared by every page that lists them.

use std::sync::{Arc, Mutex, OnceLock};

use super::views::*;
use super::{Digested, Reader};
use crate::archive::{Archive, SectionRef, Transcript, Version};
use crate::config::{Lang, Language, TopicKey};
use crate::markdown::{Block, Document, Note, Part, Section};
use crate::plan::urls;
use crate::text::excerpt;
use crate::theme::Strings;

/// Every section card as a tera value, made on first use and shared after that. A
/// card is on its topic's pages, its speakers' pages and in related lists, eight
/// times over on average, and building and converting it each time showed in profiles of a
/// build. Made lazily: `serve` renders a few pages after an edit, not every card.
#[derive(Default)]
pub(super) struct Cards {
    /// Per transcript, where its sections' slots start within a language's.
    first: Vec<usize>,
    /// Sections in the archive: one language's share of `slots`.
    sections: usize,
    slots: Vec<OnceLock<Digested>>,
    /// Each transcript's title and address in each language, as every card of its
    /// sections shows them: one string for all of them, where a copy in each card
    /// showed in the peak memory of large archives (docs/performance.md).
    /// `[language * transcripts + transcript]`.
    transcripts: Vec<OnceLock<[tera::Value; 2]>>,
}

impl Cards {
    pub(super) fn new(archive: &Archive, languages: usize) -> Self {
        let mut first = Vec::with_capacity(archive.transcripts.len());
        let mut sections = 0;
        for t in &archive.transcripts {
            first.push(sections);
            sections += t.section_ids.len();
        }
        let slots = (0..sections * languages).map(|_| OnceLock::new()).collect();
        let transcripts = (0..archive.transcripts.len() * languages).map(|_| OnceLock::new()).collect();
        Cards { first, sections, slots, transcripts }
    }

    fn slot(&self, language: usize, r: SectionRef) -> &OnceLock<Digested> {
        &self.slots[language * self.sections + self.first[r.transcript] + r.section]
    }
}

/// What a transcript's pages in one language show alike (its facts, its citation
/// files, its section bodies), as tera values: made by the first of those pages,
/// shared with the others (the transcript page shows every section's turns, each
/// section page its own), and dropped once the last of them has taken them. Made for
/// each page, they were the same text converted again; held for the whole archive,
/// they would be a copy of it.
#[derive(Default)]
pub(super) struct TranscriptParts {
    languages: usize,
    /// `[transcript * languages + language]`.
    slots: Vec<Mutex<PartsSlot>>,
}

#[derive(Default)]
struct PartsSlot {
    /// Pages still to take the parts: the transcript page and its section pages.
    left: usize,
    shared: Option<Arc<Shared>>,
}

/// A transcript's parts in one language, as its pages there show them.
pub(super) struct Shared {
    /// A `TranscriptInfo`.
    pub info: Digested,
    /// The transcript's citation files in this language, as `Link`s.
    pub cite_files: Digested,
    /// `SectionBody`s by section index; None where the section is not translated here.
    pub bodies: Vec<Option<Digested>>,
}

impl TranscriptParts {
    pub(super) fn new(archive: &Archive, languages: &[Language]) -> Self {
        let slot = |t: &Transcript, lang: &Lang| {
            let pages = t.version(lang).map_or(0, |v| 1 + v.sections().count());
            Mutex::new(PartsSlot { left: pages, shared: None })
        };
        let slots = archive.transcripts.iter().flat_map(|t| languages.iter().map(move |l| slot(t, &l.code))).collect();
        TranscriptParts { languages: languages.len(), slots }
    }

    /// What is held for transcript `index` in the `language`-th language.
    #[cfg(test)]
    pub(super) fn held(&self, index: usize, language: usize) -> Option<Arc<Shared>> {
        self.slots[index * self.languages + language].lock().unwrap().shared.clone()
    }
}

/// `text` as a tera string, marked safe when HTML escaping would leave it as it is.
/// tera escapes every string a template prints unless it is marked safe, and what
/// many pages show (UI strings, navigation, section cards) was scanned again on each.
/// The output is the same: tera's filters keep a string's mark only where they cannot
/// add what escaping changes (`replace` escapes first, `~` drops the mark).
pub(super) fn plain(text: &str) -> tera::Value {
    if text.bytes().any(|b| matches!(b, b'<' | b'>' | b'&' | b'"' | b'\'')) {
        tera::Value::from(text)
    } else {
        tera::Value::safe_string(text)
    }
}

/// Trusted HTML (made from Markdown, or the site's own) as a tera string marked safe:
/// printed as it is, without `| safe`, a filter that copied every paragraph of every
/// page once more.
pub(super) fn html(html: &str) -> tera::Value {
    tera::Value::safe_string(html)
}

impl<'a> Reader<'_, 'a> {
    pub(super) fn strings(&self, lang: &Lang) -> &'a Strings {
        &self.theme.strings[lang]
    }

    /// A UI string; the theme loader guarantees every language has every key it uses.
    pub(super) fn t(&self, lang: &Lang, key: &str) -> &'a str {
        self.strings(lang).get(key).map_or("", String::as_str)
    }

    /// A count in words: `KEY_one` for one where the language has it, else `KEY`; `{n}` is the number.
    pub(super) fn counted(&self, lang: &Lang, key: &str, n: usize) -> String {
        let strings = self.strings(lang);
        let pattern = (n == 1).then(|| strings.get(&format!("{key}_one"))).flatten().or_else(|| strings.get(key));
        pattern.map_or_else(String::new, |p| p.replace("{n}", &n.to_string()))
    }

    pub(super) fn date(&self, lang: &Lang, date: chrono::NaiveDate) -> String {
        self.theme.date(lang, date)
    }

    fn info(&self, lang: &Lang, t: &Transcript, v: &Version) -> TranscriptInfo {
        TranscriptInfo {
            href: plain(&self.urls.href(&urls::transcript(lang, &t.path))),
            title: plain(&v.front.title),
            subtitle: v.front.subtitle.clone(),
            date: plain(&self.date(lang, t.date)),
            datetime: plain(&crate::text::iso_date(t.date)),
            place: v.front.place.clone(),
            event: v.front.event.clone(),
            source: v.front.source.clone(),
            source_url: v.front.source_url.as_deref().map(|u| self.address(u)),
            audio: v.front.media.audio.as_deref().map(|u| self.address(u)),
            video: v.front.media.video.as_deref().map(|u| self.address(u)),
            extra: v.front.extra.clone(),
            folders: self.folder_trail(lang, &t.path),
        }
    }

    /// The folders that hold `path` and have a page, outermost first, as links.
    pub(super) fn folder_trail(&self, lang: &Lang, path: &str) -> Vec<Link> {
        let folders = &self.archive.folders;
        let ends = path.match_indices('/').map(|(end, _)| &path[..end]);
        let found = ends.filter_map(|prefix| folders.binary_search_by(|f| f.path.as_str().cmp(prefix)).ok());
        found.map(|i| self.folder_link(lang, &folders[i].path)).collect()
    }

    pub(super) fn folder_link(&self, lang: &Lang, path: &str) -> Link {
        let label = path.rsplit('/').next().unwrap_or(path).to_string();
        Link { href: self.urls.href(&urls::folder(lang, path)), label, locale: None }
    }

    /// An address from front matter as a link: a path in the site gets the base path.
    fn address(&self, url: &str) -> String {
        match url.strip_prefix('/') {
            Some(rel) => self.urls.href(rel),
            None => url.to_string(),
        }
    }

    /// What transcript `index`'s pages in `lang` share (see `TranscriptParts`). The
    /// caller has read the transcript (`transcript`).
    pub(super) fn shared(&self, lang: &Lang, index: usize) -> Arc<Shared> {
        let language = self.config.languages.iter().position(|l| &l.code == lang).expect("a site language");
        let parts = &self.parts;
        let mut slot = parts.slots[index * parts.languages + language].lock().unwrap_or_else(|e| e.into_inner());
        let made = slot.shared.get_or_insert_with(|| Arc::new(self.make_shared(lang, index))).clone();
        slot.left = slot.left.saturating_sub(1);
        if slot.left == 0 {
            slot.shared = None;
        }
        made
    }

    fn make_shared(&self, lang: &Lang, index: usize) -> Shared {
        let t = &self.archive.transcripts[index];
        let v = t.version(lang).expect("pages are planned where translated");
        let body = |i: usize| Digested::of(&self.section_body(lang, t, v, i));
        Shared {
            info: Digested::of(&self.info(lang, t, v)),
            cite_files: Digested::of(&self.cite_files(lang, t)),
            bodies: (0..t.section_ids.len()).map(|i| v.section(i).map(|_| body(i))).collect(),
        }
    }

    /// Links to the transcript's citation files in `lang` (BibTeX, RIS, CSL-JSON), each
    /// holding the transcript and its sections.
    fn cite_files(&self, lang: &Lang, t: &Transcript) -> Vec<Link> {
        let folder = urls::transcript(lang, &t.path);
        let labels = [
            ("BibTeX", crate::cite::Format::BibTex),
            ("RIS", crate::cite::Format::Ris),
            ("CSL-JSON", crate::cite::Format::CslJson),
        ];
        let link = |(label, format): &(&str, crate::cite::Format)| Link {
            href: self.urls.href(&format!("{folder}{}", format.file_name())),
            label: label.to_string(),
            locale: None,
        };
        labels.iter().map(link).collect()
    }

    fn section_body(&self, lang: &Lang, t: &Transcript, v: &Version, index: usize) -> SectionBody {
        let section: &Section = v.section(index).expect("shown only where translated");
        SectionBody {
            id: section.id.0.clone(),
            href: self.urls.href(&urls::section(lang, &t.path, &section.id)),
            heading: html(&section.heading_html),
            turns: self.turns(lang, t, v, index),
            notes: v.part(index).and_then(|part| self.notes_list(lang, &v.doc, part)).map(|h| html(&h)),
            topics: self.topic_links(lang, &t.section_topics[index]),
        }
    }

    /// `doc`'s notes listed after `part`, as HTML in `lang`'s words; None if it has none.
    pub(super) fn notes_list(&self, lang: &Lang, doc: &Document, part: Part) -> Option<String> {
        self.notes_html(lang, &lang.0, doc.notes.iter().filter(|n| n.part == part))
    }

    /// `notes` as a list in `lang`'s words, their addresses in `ids` (`notes::note_id`).
    pub(super) fn notes_html<'n>(
        &self,
        lang: &Lang,
        ids: &str,
        notes: impl Iterator<Item = &'n Note>,
    ) -> Option<String> {
        crate::markdown::list_html(notes, ids, self.t(lang, "notes"), self.t(lang, "note_back"))
    }

    /// Section `index`'s turns in `v`, each paragraph with its address: the row it has
    /// in the parallel view, so the address is the same passage in every language.
    fn turns(&self, lang: &Lang, t: &Transcript, v: &Version, index: usize) -> Vec<Turn> {
        let section: &Section = v.section(index).expect("shown only where translated");
        let all: Vec<Vec<&[Block]>> =
            t.versions.values().filter_map(|o| o.section(index)).map(|s| crate::markdown::turns(&s.blocks)).collect();
        let here = t.versions.values().filter(|o| o.section(index).is_some()).position(|o| std::ptr::eq(o, v));
        let rows = super::side_by_side::rows_of(&all);
        let mut rows = rows[here.expect("this version has the section")].iter();
        crate::markdown::turns(&section.blocks)
            .into_iter()
            .map(|turn| {
                let speaker = turn[0].speaker.as_deref().map(str::to_string);
                let speaker_href = speaker.as_ref().and_then(|name| {
                    let (key, _) = v.front.speakers.iter().find(|(_, n)| *n == name)?;
                    Some(self.urls.href(&urls::speaker(lang, key)))
                });
                let numbered: Vec<(usize, &Block)> =
                    turn.iter().map(|b| (*rows.next().expect("a row for every block"), b)).collect();
                let id = format!("t-{}-{}", section.id.0, numbered[0].0 + 1);
                let paragraphs = numbered
                    .into_iter()
                    .map(|(row, b)| html(&b.html_with_id(&super::side_by_side::paragraph_id(&section.id.0, row))))
                    .collect();
                Turn { id, speaker, speaker_href, paragraphs }
            })
            .collect()
    }

    pub(super) fn topic_links(&self, lang: &Lang, keys: &[TopicKey]) -> Vec<Link> {
        keys.iter()
            .filter_map(|key| self.config.topic(&key.0))
            .map(|topic| Link {
                href: self.urls.href(&urls::topic(lang, &topic.key)),
                label: topic.labels.get(lang).cloned().unwrap_or_else(|| topic.key.0.to_string()),
                locale: None,
            })
            .collect()
    }

    /// A transcript in a list: in `lang` if translated, otherwise in its first language.
    pub(super) fn card(&self, lang: &Lang, t: &Transcript) -> TranscriptCard {
        let (shown, v) = self.shown_version(lang, t);
        TranscriptCard {
            href: self.urls.href(&urls::transcript(shown, &t.path)),
            title: v.front.title.clone(),
            subtitle: v.front.subtitle.clone(),
            date: self.date(lang, t.date),
            datetime: crate::text::iso_date(t.date),
            place: v.front.place.clone(),
            sections: self.counted(lang, "sections_count", v.sections().count()),
            locale: self.foreign_locale(lang, shown),
        }
    }

    /// A section in a list, as a tera value shared by every page that lists it.
    pub(super) fn section_card(&self, lang: &Lang, r: SectionRef) -> Digested {
        // On every use: the page that makes the card is not the only one that shows it.
        self.record_read(r.transcript);
        let language = self.config.languages.iter().position(|l| &l.code == lang).expect("a configured language");
        let slot = self.cards.slot(language, r);
        slot.get_or_init(|| Digested::of(&self.make_section_card(lang, r))).clone()
    }

    fn make_section_card(&self, lang: &Lang, r: SectionRef) -> SectionCard {
        let t = self.transcript(r.transcript);
        let (shown, v, section) = t.section_or_any(lang, r.section);
        let language = self.config.languages.iter().position(|l| &l.code == shown).expect("a configured language");
        let slot = &self.cards.transcripts[language * self.archive.transcripts.len() + r.transcript];
        let [transcript_title, transcript_href] = slot
            .get_or_init(|| {
                let href = self.urls.href(&urls::transcript(shown, &t.path));
                [plain(&v.front.title), plain(&href)]
            })
            .clone();
        SectionCard {
            href: plain(&self.urls.href(&urls::section(shown, &t.path, &section.id))),
            heading: plain(&section.heading_text),
            transcript_title,
            transcript_href,
            date: plain(&self.date(lang, t.date)),
            datetime: plain(&crate::text::iso_date(t.date)),
            excerpt: plain(&excerpt(section.blocks.iter().map(|b| &*b.text), 140)),
            locale: self.foreign_locale(lang, shown),
        }
    }

    fn shown_version<'t>(&self, lang: &Lang, t: &'t Transcript) -> (&'t Lang, &'t Version) {
        t.versions.get_key_value(lang).unwrap_or_else(|| t.versions.first().expect("a transcript has a version"))
    }

    pub(super) fn foreign_locale(&self, page: &Lang, shown: &Lang) -> Option<String> {
        (page != shown).then(|| self.config.lang(&shown.0).map(|l| l.locale.clone()).unwrap_or_default())
    }
}
