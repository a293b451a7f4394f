//! Citations: what a reader needs to cite a transcript or one of its sections, as a
//! line on the page, as files in three formats (BibTeX, RIS, CSL-JSON, beside each
//! transcript page, holding the transcript and each of its sections), as Highwire
//! `citation_*` meta tags (read by Google Scholar) and as schema.org JSON-LD that ties
//! each language version to the others.

use std::borrow::Cow;
use std::fmt::Write;

use chrono::Datelike;

use crate::archive::{Transcript, Version};
use crate::config::{Config, Lang};
use crate::markdown::Section;
use crate::plan::urls::{self, Urls};

/// The citation files of one language version: beside its transcript page.
pub const FORMATS: [Format; 3] = [Format::BibTex, Format::Ris, Format::CslJson];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    BibTex,
    Ris,
    CslJson,
}

impl Format {
    pub fn file_name(self) -> &'static str {
        match self {
            Format::BibTex => "cite.bib",
            Format::Ris => "cite.ris",
            Format::CslJson => "cite.json",
        }
    }
}

/// What is cited: a transcript in one language, or one of its sections, with what
/// every form of its citation says worked out once (a site has tens of thousands).
pub struct Work<'a> {
    config: &'a Config,
    transcript: &'a Transcript,
    version: &'a Version,
    section: Option<&'a Section>,
    urls: &'a Urls,
    lang: &'a Lang,
    title: String,
    url: String,
    date: Date,
}

/// A date as each format writes it.
struct Date {
    iso: String,
    year: i32,
    month: u32,
    day: u32,
}

impl<'a> Work<'a> {
    pub fn new(
        (config, urls): (&'a Config, &'a Urls),
        transcript: &'a Transcript,
        lang: &'a Lang,
        section: Option<&'a Section>,
    ) -> Option<Self> {
        let version = transcript.version(lang)?;
        let (title, rel) = match section {
            Some(s) => {
                let title = [s.heading_text.as_str(), " · ", &version.front.title].concat();
                (title, urls::section(lang, &transcript.path, &s.id))
            }
            None => (version.front.title.clone(), urls::transcript(lang, &transcript.path)),
        };
        let d = transcript.date;
        let date = Date { iso: crate::text::iso_date(d), year: d.year(), month: d.month(), day: d.day() };
        Some(Work { config, transcript, version, section, urls, lang, title, url: urls.absolute(&rel), date })
    }

    /// The transcript page's address in `lang`, as JSON-LD ties the versions together.
    fn address(&self, lang: &Lang) -> String {
        self.urls.absolute(&urls::transcript(lang, &self.transcript.path))
    }

    /// Who speaks: the transcript's declared speakers (not the journalists asking).
    fn speakers(&self) -> impl Iterator<Item = &str> + Clone {
        self.version.front.speakers.values().map(String::as_str)
    }

    fn locale(&self) -> &str {
        self.config.lang(&self.lang.0).map_or("", |l| l.locale.as_str())
    }

    /// A key unique in the archive: `diptych-2024-0307-press` (and the section id).
    fn key(&self) -> String {
        let mut key = String::with_capacity(self.lang.0.len() + 1 + self.transcript.path.len() + 32);
        key.push_str(&self.lang.0);
        key.push('-');
        key.extend(self.transcript.path.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }));
        if let Some(s) = self.section {
            key.push('-');
            key.push_str(&s.id.0);
        }
        key
    }

    /// `2024/03/07`, as Highwire and RIS write a date.
    fn slashed_date(&self) -> String {
        format!("{:04}/{:02}/{:02}", self.date.year, self.date.month, self.date.day)
    }

    /// One line, as a reader would write it: speakers, title, event, place, date, source, address.
    pub fn line(&self) -> String {
        let f = &self.version.front;
        let speakers = self.speakers().collect::<Vec<_>>().join(", ");
        let parts = [Some(speakers.as_str()).filter(|s| !s.is_empty()), Some(self.title.as_str())].into_iter();
        let parts = parts.chain([f.event.as_deref(), f.place.as_deref(), Some(&self.date.iso)]);
        let parts = parts.chain([f.source.as_deref(), Some(self.url.as_str())]);
        parts.flatten().collect::<Vec<_>>().join(". ")
    }

    /// `citation_*` meta tags, as (name, content).
    pub fn meta(&self) -> Vec<(&'static str, String)> {
        let f = &self.version.front;
        let mut tags = vec![("citation_title", self.title.clone())];
        tags.extend(self.speakers().map(|s| ("citation_author", s.to_string())));
        tags.push(("citation_publication_date", self.slashed_date()));
        tags.push(("citation_language", self.locale().to_string()));
        tags.extend(f.source.clone().map(|s| ("citation_publisher", s)));
        if self.section.is_some() {
            tags.push(("citation_inbook_title", f.title.clone()));
        }
        tags.push(("citation_public_url", self.url.clone()));
        tags
    }

    /// schema.org JSON-LD, ready for a `<script type="application/ld+json">`.
    pub fn json_ld(&self) -> String {
        let f = &self.version.front;
        let t = self.transcript;
        let original = t.versions.first().map(|(l, _)| l).expect("a transcript has a version");
        let (mut part_of, mut translations, mut original_work) = (None, None, None);
        if self.section.is_some() {
            part_of = Some(ld::PartOf { kind: "CreativeWork", name: &f.title, url: self.address(self.lang) });
        } else if self.lang == original {
            let others: Vec<_> = t.versions.keys().skip(1).map(|l| ld::Id { id: self.address(l) }).collect();
            translations = Some(others).filter(|o| !o.is_empty());
        } else {
            original_work = Some(ld::Id { id: self.address(original) });
        }
        let work = ld::Work {
            context: "https://schema.org",
            kind: "CreativeWork",
            author: Some(self.speakers().map(|name| ld::Named { kind: "Person", name }).collect::<Vec<_>>())
                .filter(|a| !a.is_empty()),
            date_published: &self.date.iso,
            in_language: self.locale(),
            is_based_on: f.source_url.as_deref(),
            is_part_of: part_of,
            name: &self.title,
            publisher: f.source.as_deref().map(|name| ld::Named { kind: "Organization", name }),
            recorded_at: f.event.as_deref().map(|name| ld::Event {
                kind: "Event",
                location: f.place.as_deref(),
                name,
                start_date: &self.date.iso,
            }),
            translation_of_work: original_work,
            url: &self.url,
            work_translation: translations,
        };
        let json = serde_json::to_string(&work).expect("plain data serialises");
        // Markup characters as JSON escapes: a `</script>` in a title would otherwise
        // end the element early, and no text of a source ever reads as a tag.
        if memchr::memchr3(b'<', b'>', b'&', json.as_bytes()).is_none() {
            return json; // nearly every page: three passes spared
        }
        json.replace('<', "\\u003c").replace('>', "\\u003e").replace('&', "\\u0026")
    }

    fn bibtex(&self, out: &mut String) {
        let f = &self.version.front;
        let _ = writeln!(out, "@misc{{{},", self.key());
        let mut field = |name: &str, value: &str| {
            // An address is read verbatim; only braces would unbalance it.
            let value = if name == "url" { without(value, *b"{}", "") } else { bibtex_escape(value) };
            for piece in ["  ", name, " = {", &value, "},\n"] {
                out.push_str(piece);
            }
        };
        field("title", &self.title);
        let speakers = self.speakers().collect::<Vec<_>>().join(" and ");
        if !speakers.is_empty() {
            field("author", &speakers);
        }
        let how: Vec<&str> = [f.event.as_deref(), f.place.as_deref()].into_iter().flatten().collect();
        if !how.is_empty() {
            field("howpublished", &how.join(", "));
        }
        field("year", &format!("{:04}", self.date.year));
        field("month", &self.date.month.to_string());
        field("date", &self.date.iso);
        if let Some(source) = &f.source {
            field("organization", source);
        }
        field("url", &self.url);
        field("language", self.locale());
        out.push_str("}\n\n");
    }

    fn ris(&self, out: &mut String) {
        let f = &self.version.front;
        let mut line = |tag: &str, value: &str| {
            for piece in [tag, "  - ", &without(value, *b"\r\n", " "), "\n"] {
                out.push_str(piece);
            }
        };
        line("TY", "GEN");
        line("ID", &self.key());
        line("TI", &self.title);
        for speaker in self.speakers() {
            line("AU", speaker);
        }
        if let Some(event) = &f.event {
            line("T2", event);
        }
        if let Some(place) = &f.place {
            line("CY", place);
        }
        line("PY", &format!("{:04}", self.date.year));
        line("DA", &self.slashed_date());
        if let Some(source) = &f.source {
            line("PB", source);
        }
        line("UR", &self.url);
        line("LA", self.locale());
        line("ER", "");
    }

    fn csl(&self, out: &mut Vec<u8>) {
        let f = &self.version.front;
        let item = csl::Item {
            url: &self.url,
            author: self.speakers().map(|literal| csl::Literal { literal }).collect(),
            container_title: self.section.map(|_| f.title.as_str()),
            event_place: f.place.as_deref(),
            event_title: f.event.as_deref(),
            id: self.key(),
            issued: csl::Issued {
                date_parts: [[i64::from(self.date.year), self.date.month.into(), self.date.day.into()]],
            },
            language: self.locale(),
            publisher: f.source.as_deref(),
            title: &self.title,
            kind: "speech",
        };
        serde_json::to_writer(out, &item).expect("plain data serialises");
    }
}

/// schema.org JSON-LD, its fields in the order JSON-LD tools print them (by name).
mod ld {
    use serde::Serialize;

    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    pub(super) struct Work<'a> {
        #[serde(rename = "@context")]
        pub context: &'static str,
        #[serde(rename = "@type")]
        pub kind: &'static str,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub author: Option<Vec<Named<'a>>>,
        pub date_published: &'a str,
        pub in_language: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub is_based_on: Option<&'a str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub is_part_of: Option<PartOf<'a>>,
        pub name: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub publisher: Option<Named<'a>>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub recorded_at: Option<Event<'a>>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub translation_of_work: Option<Id>,
        pub url: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub work_translation: Option<Vec<Id>>,
    }

    #[derive(Serialize)]
    pub(super) struct Named<'a> {
        #[serde(rename = "@type")]
        pub kind: &'static str,
        pub name: &'a str,
    }

    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    pub(super) struct Event<'a> {
        #[serde(rename = "@type")]
        pub kind: &'static str,
        pub location: Option<&'a str>,
        pub name: &'a str,
        pub start_date: &'a str,
    }

    #[derive(Serialize)]
    pub(super) struct PartOf<'a> {
        #[serde(rename = "@type")]
        pub kind: &'static str,
        pub name: &'a str,
        pub url: String,
    }

    #[derive(Serialize)]
    pub(super) struct Id {
        #[serde(rename = "@id")]
        pub id: String,
    }
}

/// A CSL-JSON item, its fields in the order citeproc tools print them (by name).
mod csl {
    use serde::Serialize;

    #[derive(Serialize)]
    #[serde(rename_all = "kebab-case")]
    pub(super) struct Item<'a> {
        #[serde(rename = "URL")]
        pub url: &'a str,
        pub author: Vec<Literal<'a>>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub container_title: Option<&'a str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub event_place: Option<&'a str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub event_title: Option<&'a str>,
        pub id: String,
        pub issued: Issued,
        pub language: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub publisher: Option<&'a str>,
        pub title: &'a str,
        #[serde(rename = "type")]
        pub kind: &'static str,
    }

    #[derive(Serialize)]
    pub(super) struct Literal<'a> {
        pub literal: &'a str,
    }

    #[derive(Serialize)]
    #[serde(rename_all = "kebab-case")]
    pub(super) struct Issued {
        pub date_parts: [[i64; 3]; 1],
    }
}

/// The citation file of `format` for a language version: the transcript first, then
/// each of its sections in this language.
pub fn file(config: &Config, urls: &Urls, transcript: &Transcript, lang: &Lang, format: Format) -> Vec<u8> {
    let version = transcript.version(lang).expect("planned only where translated");
    let sections = std::iter::once(None).chain(version.sections().map(|(_, s)| Some(s)));
    let works = sections.filter_map(|section| Work::new((config, urls), transcript, lang, section));
    let mut out = String::new();
    match format {
        Format::BibTex => works.for_each(|w| w.bibtex(&mut out)),
        Format::Ris => works.for_each(|w| w.ris(&mut out)),
        Format::CslJson => {
            // One item per line: pretty-printed, the file was two and a half times
            // the size, and reference managers read it either way.
            let mut json = b"[\n".to_vec();
            for (i, work) in works.enumerate() {
                if i > 0 {
                    json.extend_from_slice(b",\n");
                }
                work.csl(&mut json);
            }
            json.extend_from_slice(b"\n]\n");
            return json;
        }
    }
    // A control character a source wrote (and was warned about) is left out, as pages do.
    crate::text::without_controls(out.into_bytes())
}

/// `value` with each of two ASCII `signs` replaced by `by`; borrowed when it has
/// none, as most values have (a site writes tens of thousands of citations).
fn without<'v>(value: &'v str, signs: [u8; 2], by: &str) -> Cow<'v, str> {
    if memchr::memchr2(signs[0], signs[1], value.as_bytes()).is_some() {
        Cow::Owned(value.replace(signs.map(char::from), by))
    } else {
        Cow::Borrowed(value)
    }
}

/// A BibTeX value: braces balanced and the characters TeX reads specially escaped.
fn bibtex_escape(value: &str) -> Cow<'_, str> {
    // A `matches!` of bytes, which compiles to a few comparisons, rather than a search
    // of a list of them for every byte of every title and name.
    let special = |b: u8| matches!(b, b'{' | b'}' | b'\\' | b'&' | b'%' | b'$' | b'#' | b'_' | b'\n' | b'\r');
    if !value.bytes().any(special) {
        return Cow::Borrowed(value);
    }
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '{' | '}' | '\\' => {}
            '&' | '%' | '$' | '#' | '_' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Whatever a title or a name holds, its BibTeX value has no brace, backslash or
        /// line break of its own, each sign TeX reads specially comes escaped, and
        /// undoing the escapes gives the value back with those three taken out.
        #[test]
        fn bibtex_values_escape_what_tex_reads_and_keep_the_rest(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "{", "}", "\\", "&", "%", "$", "#", "_", "\n", "\r", "a", "Wang Yi", "王毅", "“一带一路”", " ", "{}",
            ]), 0..20),
        ) {
            let value: String = pieces.concat();
            let escaped = bibtex_escape(&value);
            let mut undone = String::new();
            let mut chars = escaped.chars();
            while let Some(c) = chars.next() {
                proptest::prop_assert!(!matches!(c, '{' | '}' | '\n' | '\r'), "{c:?} left in {escaped:?}");
                if c == '\\' {
                    let next = chars.next();
                    proptest::prop_assert!(matches!(next, Some('&' | '%' | '$' | '#' | '_')), "{escaped:?}");
                    undone.extend(next);
                } else {
                    proptest::prop_assert!(!matches!(c, '&' | '%' | '$' | '#' | '_'), "{c:?} unescaped in {escaped:?}");
                    undone.push(c);
                }
            }
            let expected: String =
                value.chars().filter(|c| !matches!(c, '{' | '}' | '\\')).map(|c| if c == '\n' || c == '\r' { ' ' } else { c }).collect();
            proptest::prop_assert_eq!(undone, expected);
        }

        /// A RIS line or a BibTeX address keeps everything but the signs it cannot hold.
        #[test]
        fn values_lose_only_the_signs_their_format_cannot_hold(text in "[a-z{}\r\n 王/:]{0,24}") {
            proptest::prop_assert_eq!(without(&text, *b"\r\n", " "), text.replace(['\r', '\n'], " "));
            proptest::prop_assert_eq!(without(&text, *b"{}", ""), text.replace(['{', '}'], ""));
        }
    }
}
