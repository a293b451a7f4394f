//! One Serialize struct per template: exactly what a template can use, documented in
//! docs/templates.md. Builders turn the archive into these; templates never compute.

use std::sync::OnceLock;

use serde::Serialize;

use super::{urls, Site};
use crate::archive::{Archive, SectionRef, Transcript, Version};
use crate::config::{Lang, TopicKey};
use crate::markdown::{Block, Section};
use crate::theme::Strings;

/// What every page has: language, head links, the language switcher, UI strings.
#[derive(Serialize)]
pub struct Chrome<'a> {
    pub lang: &'a Lang,
    /// For `<html lang>`.
    pub locale: &'a str,
    /// The full `<title>`.
    pub title: String,
    pub site_title: &'a str,
    pub description: String,
    pub canonical: String,
    /// `<link rel="alternate" hreflang>` for every language version that exists.
    pub alternates: Vec<Alternate>,
    /// One entry per language, this page's own first-class.
    pub switcher: Vec<Switch<'a>>,
    pub nav: Nav,
    pub stylesheet: String,
    /// Open Graph type: `article` for transcripts and sections, else `website`.
    pub og_type: &'static str,
    /// The UI strings of `lang`, converted for tera once per build (see `Site::new`).
    pub t: tera::Value,
}

#[derive(Serialize)]
pub struct Alternate {
    pub hreflang: String,
    pub href: String,
}

#[derive(Serialize)]
pub struct Switch<'a> {
    pub name: &'a str,
    pub locale: &'a str,
    pub href: String,
    pub current: bool,
    /// False: no translation of this page; `href` is that language's home.
    pub translated: bool,
}

#[derive(Serialize)]
pub struct Nav {
    pub landing: String,
    pub home: String,
    pub topics: String,
    pub speakers: String,
    /// This language's Atom feed.
    pub feed: String,
    /// This language's search page; the header's search box submits `q` to it.
    pub search: String,
}

#[derive(Serialize)]
pub struct Link {
    pub href: String,
    pub label: String,
    /// Set when the label is in another language than the page.
    pub locale: Option<String>,
}

#[derive(Serialize)]
pub struct LandingView<'a> {
    pub page: Chrome<'a>,
    pub languages: Vec<LandingLanguage<'a>>,
}

#[derive(Serialize)]
pub struct LandingLanguage<'a> {
    pub name: &'a str,
    pub locale: &'a str,
    pub title: &'a str,
    pub href: String,
    pub enter: &'a str,
    /// "12 transcripts", from the UI strings.
    pub count: String,
}

#[derive(Serialize)]
pub struct SearchView<'a> {
    pub page: Chrome<'a>,
    /// The search script.
    pub script: String,
    /// The folder of this language's search index, for the script to load it from.
    pub bundle: String,
}

#[derive(Serialize)]
pub struct NotFoundView<'a> {
    pub page: Chrome<'a>,
    /// The message in every language, each with a link to that language's home.
    pub languages: Vec<NotFoundLanguage<'a>>,
}

#[derive(Serialize)]
pub struct NotFoundLanguage<'a> {
    pub locale: &'a str,
    pub heading: &'a str,
    pub message: &'a str,
    pub home: String,
    pub home_label: &'a str,
}

#[derive(Serialize)]
pub struct HomeView<'a> {
    pub page: Chrome<'a>,
    pub years: Vec<YearGroup>,
    pub pagination: Pagination,
}

#[derive(Serialize)]
pub struct YearGroup {
    pub year: String,
    pub transcripts: Vec<TranscriptCard>,
}

#[derive(Serialize)]
pub struct TranscriptCard {
    pub href: String,
    pub title: String,
    pub subtitle: Option<String>,
    pub date: String,
    pub datetime: String,
    pub place: Option<String>,
    /// "8 sections", from the UI strings.
    pub sections: String,
    /// Set when shown in another language because this one has no translation.
    pub locale: Option<String>,
}

#[derive(Serialize)]
pub struct Pagination {
    pub current: usize,
    /// How many pages the list has; `pages` shows only some of them.
    pub total: usize,
    pub prev: Option<String>,
    pub next: Option<String>,
    pub pages: Vec<PageNumber>,
}

#[derive(Serialize)]
pub struct PageNumber {
    pub number: usize,
    pub href: String,
    pub current: bool,
    /// Pages are left out between the one before and this one: the theme shows "…".
    pub gap_before: bool,
}

/// A transcript's facts, on its own page and above each of its sections.
#[derive(Serialize)]
pub struct TranscriptInfo {
    pub href: String,
    pub title: String,
    pub subtitle: Option<String>,
    pub date: String,
    pub datetime: String,
    pub place: Option<String>,
    pub event: Option<String>,
    pub source: Option<String>,
}

#[derive(Serialize)]
pub struct TranscriptView<'a> {
    pub page: Chrome<'a>,
    pub transcript: TranscriptInfo,
    pub preface: Vec<String>,
    pub toc: Vec<Link>,
    pub sections: Vec<SectionBody>,
    pub topics: Vec<Link>,
    pub speakers: Vec<Link>,
    /// The next newer and older transcripts in this language.
    pub newer: Option<Link>,
    pub older: Option<Link>,
    /// The parallel view, if the transcript has two languages or more.
    pub parallel: Option<Link>,
}

/// A section's heading and turns, as on its own page and in the full transcript.
#[derive(Serialize)]
pub struct SectionBody {
    pub id: String,
    pub href: String,
    /// Trusted HTML made from the Markdown heading.
    pub heading: String,
    pub turns: Vec<Turn>,
    pub topics: Vec<Link>,
}

/// A speaker's turn, or text before the first turn of a section (no speaker).
#[derive(Serialize)]
pub struct Turn {
    pub speaker: Option<String>,
    /// The speaker's page, when the name is one of the transcript's `speakers`.
    pub speaker_href: Option<String>,
    /// Trusted HTML, one entry per paragraph-level block.
    pub paragraphs: Vec<String>,
}

#[derive(Serialize)]
pub struct SectionView<'a> {
    pub page: Chrome<'a>,
    pub transcript: TranscriptInfo,
    pub section: SectionBody,
    /// "Section 2 of 8", from the UI strings.
    pub position: String,
    pub prev: Option<Link>,
    pub next: Option<Link>,
    /// The same section in every other language, translated or not.
    pub translations: Vec<Translation<'a>>,
    /// Sections of other transcripts on the same subject, best first.
    /// `SectionCard`s, converted for tera once per build (see `Cards`).
    pub related: Vec<tera::Value>,
    /// This section in the parallel view, if the transcript has two languages or more.
    pub parallel: Option<Link>,
}

#[derive(Serialize)]
pub struct Translation<'a> {
    pub name: &'a str,
    pub locale: &'a str,
    /// Empty when there is no translation.
    pub heading: String,
    pub href: String,
    pub translated: bool,
}

#[derive(Serialize)]
pub struct ListView<'a> {
    pub page: Chrome<'a>,
    pub heading: String,
    pub items: Vec<ListItem>,
}

#[derive(Serialize)]
pub struct ListItem {
    pub href: String,
    pub label: String,
    /// "3 sections", from the UI strings.
    pub count: String,
}

/// A topic's or speaker's page: sections across transcripts.
#[derive(Serialize)]
pub struct SectionListView<'a> {
    pub page: Chrome<'a>,
    pub heading: String,
    /// `SectionCard`s, converted for tera once per build (see `Cards`).
    pub sections: Vec<tera::Value>,
    /// The same list in the other languages.
    pub twins: Vec<Link>,
    pub pagination: Pagination,
}

#[derive(Serialize)]
pub struct SectionCard {
    pub href: String,
    pub heading: String,
    pub transcript_title: String,
    pub transcript_href: String,
    pub date: String,
    pub datetime: String,
    pub excerpt: String,
    pub locale: Option<String>,
}

/// Every section card as a tera value, made on first use and shared after that. A
/// card is on its topic's pages, its speakers' pages and in related lists, eight
/// times over on average, and building and converting it each time was a tenth of a
/// build. Made lazily: `serve` renders a few pages after an edit, not every card.
pub(super) struct Cards {
    /// Per transcript, where its sections' slots start within a language's.
    first: Vec<usize>,
    /// Sections in the archive: one language's share of `slots`.
    sections: usize,
    slots: Vec<OnceLock<tera::Value>>,
}

impl Cards {
    pub(super) fn new(archive: &Archive, languages: usize) -> Self {
        let mut first = Vec::with_capacity(archive.transcripts.len());
        let mut sections = 0;
        for t in &archive.transcripts {
            first.push(sections);
            sections += t.section_ids.len();
        }
        Cards { first, sections, slots: (0..sections * languages).map(|_| OnceLock::new()).collect() }
    }

    fn slot(&self, language: usize, r: SectionRef) -> &OnceLock<tera::Value> {
        &self.slots[language * self.sections + self.first[r.transcript] + r.section]
    }
}

impl<'a> Site<'a> {
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

    /// A date as this language writes it (the UI string `date_format`).
    pub fn date(&self, lang: &Lang, date: chrono::NaiveDate) -> String {
        date.format(self.t(lang, "date_format")).to_string()
    }

    pub(super) fn info(&self, lang: &Lang, t: &Transcript, v: &Version) -> TranscriptInfo {
        TranscriptInfo {
            href: self.urls.href(&urls::transcript(lang, &t.path)),
            title: v.front.title.clone(),
            subtitle: v.front.subtitle.clone(),
            date: self.date(lang, t.date),
            datetime: t.date.to_string(),
            place: v.front.place.clone(),
            event: v.front.event.clone(),
            source: v.front.source.clone(),
        }
    }

    pub(super) fn section_body(&self, lang: &Lang, t: &Transcript, v: &Version, index: usize) -> SectionBody {
        let section: &Section = &v.doc.sections[index];
        SectionBody {
            id: section.id.0.clone(),
            href: self.urls.href(&urls::section(lang, &t.path, &section.id)),
            heading: section.heading_html.clone(),
            turns: self.turns(lang, v, &section.blocks),
            topics: self.topic_links(lang, &t.section_topics[index]),
        }
    }

    fn turns(&self, lang: &Lang, v: &Version, blocks: &[Block]) -> Vec<Turn> {
        crate::markdown::turns(blocks)
            .into_iter()
            .map(|turn| {
                let speaker = turn[0].speaker.clone();
                let speaker_href = speaker.as_ref().and_then(|name| {
                    let (key, _) = v.front.speakers.iter().find(|(_, n)| *n == name)?;
                    Some(self.urls.href(&urls::speaker(lang, key)))
                });
                Turn { speaker, speaker_href, paragraphs: turn.iter().map(|b| b.html.clone()).collect() }
            })
            .collect()
    }

    pub(super) fn topic_links(&self, lang: &Lang, keys: &[TopicKey]) -> Vec<Link> {
        keys.iter()
            .filter_map(|key| self.config.topic(&key.0))
            .map(|topic| Link {
                href: self.urls.href(&urls::topic(lang, &topic.key)),
                label: topic.labels.get(lang).cloned().unwrap_or_else(|| topic.key.0.clone()),
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
            datetime: t.date.to_string(),
            place: v.front.place.clone(),
            sections: self.counted(lang, "sections_count", t.section_ids.len()),
            locale: self.foreign_locale(lang, shown),
        }
    }

    /// A section in a list, as a tera value shared by every page that lists it.
    pub(super) fn section_card(&self, lang: &Lang, r: SectionRef) -> tera::Value {
        let language = self.config.languages.iter().position(|l| &l.code == lang).expect("a configured language");
        let slot = self.cards.slot(language, r);
        slot.get_or_init(|| tera::Value::from_serializable(&self.make_section_card(lang, r))).clone()
    }

    fn make_section_card(&self, lang: &Lang, r: SectionRef) -> SectionCard {
        let t = &self.archive.transcripts[r.transcript];
        let (shown, v) = self.shown_version(lang, t);
        let section = &v.doc.sections[r.section];
        SectionCard {
            href: self.urls.href(&urls::section(shown, &t.path, &section.id)),
            heading: section.heading_text.clone(),
            transcript_title: v.front.title.clone(),
            transcript_href: self.urls.href(&urls::transcript(shown, &t.path)),
            date: self.date(lang, t.date),
            datetime: t.date.to_string(),
            excerpt: excerpt(section.blocks.iter().map(|b| b.text.as_str()), 140),
            locale: self.foreign_locale(lang, shown),
        }
    }

    fn shown_version<'t>(&self, lang: &Lang, t: &'t Transcript) -> (&'t Lang, &'t Version) {
        t.versions.get_key_value(lang).unwrap_or_else(|| t.versions.first().expect("a transcript has a version"))
    }

    fn foreign_locale(&self, page: &Lang, shown: &Lang) -> Option<String> {
        (page != shown).then(|| self.config.lang(&shown.0).map(|l| l.locale.clone()).unwrap_or_default())
    }
}

/// The first `max` characters of some text, cut at a character, with an ellipsis if cut.
pub fn excerpt<'t>(texts: impl Iterator<Item = &'t str>, max: usize) -> String {
    let mut out = String::new();
    let mut count = 0;
    for text in texts {
        // Whole slices are copied: excerpts are made for every card of every list page.
        let mut seen = 0;
        for (at, _) in text.char_indices() {
            if count + seen == max {
                out.push_str(&text[..at]);
                out.push('…');
                return out;
            }
            seen += 1;
        }
        out.push_str(text);
        count += seen;
        if count > 0 && count < max {
            out.push(' ');
            count += 1;
        }
    }
    out.trim_end().to_string()
}

#[cfg(test)]
mod tests {
    use super::excerpt;

    #[test]
    fn excerpts_cut_at_characters() {
        assert_eq!(excerpt(["中国将坚定做世界的和平力量"].into_iter(), 4), "中国将坚…");
        assert_eq!(excerpt(["short"].into_iter(), 40), "short");
        assert_eq!(excerpt(["ab", "cd"].into_iter(), 4), "ab c…");
        assert_eq!(excerpt(["abc", "de"].into_iter(), 3), "abc…");
    }
}
