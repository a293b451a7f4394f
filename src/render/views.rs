//! One Serialize struct per template: exactly what a template can use, documented in
//! docs/templates.md. Builders turn the archive into these; templates never compute.

use serde::Serialize;

use super::Digested;

use crate::config::Lang;

/// What every page has: language, head links, the language switcher, UI strings.
#[derive(Serialize)]
pub struct Frame<'a> {
    pub lang: &'a Lang,
    /// For `<html lang>`.
    pub locale: &'a str,
    /// The full `<title>`.
    pub title: String,
    /// The fields of `frame::Common` (site title, description, navigation, footer,
    /// assets, UI strings) are tera values made once a language and shared.
    pub site_title: tera::Value,
    pub description: String,
    pub canonical: String,
    /// `<link rel="alternate" hreflang>` for every language version that exists.
    pub alternates: Vec<Alternate>,
    /// One entry per language, this page's own first-class.
    pub switcher: Vec<Switch<'a>>,
    /// A `Nav`.
    pub nav: Digested,
    /// The site navigation, from site.yaml's `menu`: `MenuItem`s.
    pub menu: Digested,
    /// What the site is (site.yaml's `description`, else its title).
    pub site_description: tera::Value,
    /// Trusted HTML: site.yaml's `footer`, else the theme's.
    pub footer: tera::Value,
    pub stylesheet: tera::Value,
    /// The site's icon (the theme's `favicon.svg`).
    pub favicon: tera::Value,
    /// The theme's `assets/passages.js`: links to passages, the parallel view's pairs.
    pub passages_script: tera::Value,
    /// Open Graph type: `article` for transcripts and sections, else `website`.
    pub og_type: &'static str,
    /// `citation_*` meta tags (Highwire, read by Google Scholar) of a transcript or section page.
    pub citation_meta: Vec<MetaTag>,
    /// schema.org JSON-LD of a transcript or section page (trusted, for a `<script>`),
    /// marked safe (`parts::html`).
    pub json_ld: Option<tera::Value>,
    /// The UI strings of `lang`.
    pub t: Digested,
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

/// Addresses as tera values (`parts::plain`): every page shows them.
#[derive(Serialize)]
pub struct Nav {
    pub landing: tera::Value,
    pub home: tera::Value,
    pub topics: tera::Value,
    pub speakers: tera::Value,
    /// This language's Atom feed.
    pub feed: tera::Value,
    /// This language's search page; the header's search box submits `q` to it.
    pub search: tera::Value,
}

#[derive(Serialize)]
pub struct MetaTag {
    pub name: &'static str,
    pub content: String,
}

/// How to cite a transcript or section page.
#[derive(Serialize)]
pub struct Citation {
    /// The citation as a line of text.
    pub line: String,
    /// The transcript's citation files, as `{href, label}` (BibTeX, RIS, CSL-JSON):
    /// the transcript and each of its sections in this language. `Link`s, converted
    /// for tera once for all the transcript's pages (see `parts::TranscriptParts`).
    pub files: Digested,
}

/// Strings as tera values (`parts::plain`): every page shows a menu.
#[derive(Serialize)]
pub struct MenuItem {
    pub href: tera::Value,
    pub label: tera::Value,
    /// This page is the entry's (or, for a list, one of its pages).
    pub current: bool,
    /// The entry leads out of the site.
    pub external: bool,
    /// Set when the label is in another language than the page.
    pub locale: Option<String>,
}

#[derive(Serialize)]
pub struct StandaloneView<'a> {
    pub page: Frame<'a>,
    pub title: String,
    /// Trusted HTML, block by block, marked safe (`parts::html`).
    pub body: Vec<tera::Value>,
    /// The page's own `extra` data.
    pub extra: &'a serde_json::Value,
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
    pub page: Frame<'a>,
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
    pub page: Frame<'a>,
    /// The search script.
    pub script: String,
    /// The folder of this language's search index, for the script to load it from.
    pub bundle: String,
}

#[derive(Serialize)]
pub struct NotFoundView<'a> {
    pub page: Frame<'a>,
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

/// A list of transcripts: the home page, or a folder's page (`/zh/2024/`), which the
/// same template draws.
#[derive(Serialize)]
pub struct HomeView<'a> {
    pub page: Frame<'a>,
    pub years: Vec<YearGroup>,
    pub pagination: Pagination,
    /// On a folder's page: the folder.
    pub folder: Option<FolderHeading>,
    /// The folders in this one (on the home page: those at the top), each with its page.
    pub folders: Vec<FolderLink>,
}

#[derive(Serialize)]
pub struct FolderHeading {
    /// The last part of its path (`2024`).
    pub name: String,
    /// "38 transcripts", from the UI strings.
    pub count: String,
    /// The folders it is in that have a page, outermost first.
    pub parents: Vec<Link>,
}

#[derive(Serialize)]
pub struct FolderLink {
    pub href: String,
    pub label: String,
    /// How many transcripts are under it.
    pub count: usize,
}

#[derive(Serialize)]
pub struct YearGroup {
    pub year: String,
    pub transcripts: Vec<TranscriptCard>,
    /// On the home page, the page of the folder named for the year (`/zh/2024/`), if
    /// the site has one.
    pub href: Option<String>,
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

/// A transcript's facts, on its own page and above each of its sections; what each
/// section page shows of them as tera values (`parts::plain`).
#[derive(Serialize)]
pub struct TranscriptInfo {
    pub href: tera::Value,
    pub title: tera::Value,
    pub subtitle: Option<String>,
    pub date: tera::Value,
    pub datetime: tera::Value,
    pub place: Option<String>,
    pub event: Option<String>,
    pub source: Option<String>,
    /// Where the original is published.
    pub source_url: Option<String>,
    pub audio: Option<String>,
    pub video: Option<String>,
    /// The front matter's `extra` data.
    pub extra: serde_json::Value,
    /// The folders of its address that have a page (`/zh/2024/`), outermost first: for
    /// a breadcrumb.
    pub folders: Vec<Link>,
}

#[derive(Serialize)]
pub struct TranscriptView<'a> {
    pub page: Frame<'a>,
    /// A `TranscriptInfo`, converted for tera once and shared with the section pages.
    pub transcript: Digested,
    /// Trusted HTML of what comes before the first section, marked safe (`parts::html`).
    pub preface: Vec<tera::Value>,
    /// Every section of the transcript, translated here or not.
    pub toc: Vec<TocEntry>,
    /// The sections translated here: `SectionBody`s, converted for tera once and
    /// shared with the section pages.
    pub sections: Vec<Digested>,
    /// Trusted HTML of the closing lines after the last section (duration, dateline),
    /// marked safe.
    pub closing: Vec<tera::Value>,
    pub topics: Vec<Link>,
    pub speakers: Vec<Link>,
    /// The next newer and older transcripts in this language.
    pub newer: Option<Link>,
    pub older: Option<Link>,
    /// The parallel view, if the transcript has two languages or more.
    pub parallel: Option<Link>,
    pub cite: Citation,
}

/// A line of the contents of a transcript page.
#[derive(Serialize)]
pub struct TocEntry {
    pub href: String,
    pub label: String,
    /// Set when the section is untranslated here, and `label` and `href` are another
    /// language's.
    pub locale: Option<String>,
    pub translated: bool,
}

/// A section's heading and turns, as on its own page and in the full transcript.
#[derive(Serialize)]
pub struct SectionBody {
    pub id: String,
    pub href: String,
    /// Trusted HTML made from the Markdown heading, marked safe.
    pub heading: tera::Value,
    pub turns: Vec<Turn>,
    /// Trusted HTML of the section's notes (`<ol class="notes">`), marked safe; null
    /// where it has none.
    pub notes: Option<tera::Value>,
    pub topics: Vec<Link>,
}

/// A speaker's turn, or text before the first turn of a section (no speaker).
#[derive(Serialize)]
pub struct Turn {
    /// The turn's address, the same in every language (`t-belt-and-road-3`, after the
    /// passage it starts at).
    pub id: String,
    pub speaker: Option<String>,
    /// The speaker's page, when the name is one of the transcript's `speakers`.
    pub speaker_href: Option<String>,
    /// Trusted HTML, one entry per paragraph-level block, each with its passage's
    /// address as its `id` (`p-belt-and-road-3`), marked safe.
    pub paragraphs: Vec<tera::Value>,
}

#[derive(Serialize)]
pub struct SectionView<'a> {
    pub page: Frame<'a>,
    /// A `TranscriptInfo`, converted for tera once and shared with the transcript's
    /// other pages.
    pub transcript: Digested,
    /// A `SectionBody`, converted for tera once and shared with the transcript page.
    pub section: Digested,
    /// "Section 2 of 8", from the UI strings.
    pub position: String,
    pub prev: Option<Link>,
    pub next: Option<Link>,
    /// The same section in every other language, translated or not.
    pub translations: Vec<Translation<'a>>,
    /// Sections of other transcripts on the same subject, best first.
    /// `SectionCard`s, converted for tera once per build (see `Cards`).
    pub related: Vec<Digested>,
    /// This section in the parallel view, if the transcript has two languages or more.
    pub parallel: Option<Link>,
    pub cite: Citation,
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
    pub page: Frame<'a>,
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
    pub page: Frame<'a>,
    pub heading: String,
    /// `SectionCard`s, converted for tera once per build (see `Cards`).
    pub sections: Vec<Digested>,
    /// The same list in the other languages.
    pub twins: Vec<Link>,
    pub pagination: Pagination,
}

/// Strings as tera values (`parts::plain`): a card is shown on many pages.
#[derive(Serialize)]
pub struct SectionCard {
    pub href: tera::Value,
    pub heading: tera::Value,
    /// Strings, made once for all the cards of a transcript (see `Cards`).
    pub transcript_title: tera::Value,
    pub transcript_href: tera::Value,
    pub date: tera::Value,
    pub datetime: tera::Value,
    pub excerpt: tera::Value,
    pub locale: Option<String>,
}
