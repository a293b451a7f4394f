//! Citations: what a reader needs to cite a transcript or one of its sections, as a
//! line on the page, as files in three formats (BibTeX, RIS, CSL-JSON, beside each
//! transcript page, holding the transcript and each of its sections), as Highwire
//! `citation_*` meta tags (read by Google Scholar) and as schema.org JSON-LD that ties
//! each language version to the others.

use std::fmt::Write;

use chrono::Datelike;
use serde_json::json;

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

/// What is cited: a transcript in one language, or one of its sections.
pub struct Work<'a> {
    pub config: &'a Config,
    pub urls: &'a Urls,
    pub transcript: &'a Transcript,
    pub lang: &'a Lang,
    pub version: &'a Version,
    pub section: Option<&'a Section>,
}

impl Work<'_> {
    fn title(&self) -> String {
        match self.section {
            Some(s) => format!("{} · {}", s.heading_text, self.version.front.title),
            None => self.version.front.title.clone(),
        }
    }

    fn url(&self) -> String {
        let t = self.transcript;
        let rel = match self.section {
            Some(s) => urls::section(self.lang, &t.path, &s.id),
            None => urls::transcript(self.lang, &t.path),
        };
        self.urls.absolute(&rel)
    }

    /// Who speaks: the transcript's declared speakers (not the journalists asking).
    fn speakers(&self) -> Vec<&str> {
        self.version.front.speakers.values().map(String::as_str).collect()
    }

    fn locale(&self) -> &str {
        self.config.lang(&self.lang.0).map_or("", |l| l.locale.as_str())
    }

    /// A key unique in the archive: `diptych-2024-0307-press` (and the section id).
    fn key(&self) -> String {
        let mut key: String =
            self.transcript.path.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
        if let Some(s) = self.section {
            key = format!("{key}-{}", s.id.0);
        }
        format!("{}-{key}", self.lang)
    }

    /// One line, as a reader would write it: speakers, title, event, place, date, source, address.
    pub fn line(&self) -> String {
        let f = &self.version.front;
        let mut parts: Vec<String> = Vec::new();
        let speakers = self.speakers().join(", ");
        if !speakers.is_empty() {
            parts.push(speakers);
        }
        parts.push(self.title());
        parts.extend([f.event.clone(), f.place.clone()].into_iter().flatten());
        parts.push(self.transcript.date.to_string());
        parts.extend(f.source.clone());
        parts.push(self.url());
        parts.join(". ")
    }

    /// `citation_*` meta tags, as (name, content).
    pub fn meta(&self) -> Vec<(&'static str, String)> {
        let f = &self.version.front;
        let mut tags = vec![("citation_title", self.title())];
        tags.extend(self.speakers().into_iter().map(|s| ("citation_author", s.to_string())));
        tags.push(("citation_publication_date", self.transcript.date.format("%Y/%m/%d").to_string()));
        tags.push(("citation_language", self.locale().to_string()));
        tags.extend(f.source.clone().map(|s| ("citation_publisher", s)));
        if self.section.is_some() {
            tags.push(("citation_inbook_title", f.title.clone()));
        }
        tags.push(("citation_public_url", self.url()));
        tags
    }

    /// schema.org JSON-LD, ready for a `<script type="application/ld+json">`.
    pub fn json_ld(&self) -> String {
        let f = &self.version.front;
        let t = self.transcript;
        let original = t.versions.first().map(|(l, _)| l).expect("a transcript has a version");
        let address = |lang: &Lang| self.urls.absolute(&urls::transcript(lang, &t.path));
        let mut work = json!({
            "@context": "https://schema.org",
            "@type": "CreativeWork",
            "name": self.title(),
            "inLanguage": self.locale(),
            "datePublished": t.date.to_string(),
            "url": self.url(),
        });
        let speakers: Vec<_> = self.speakers().iter().map(|s| json!({ "@type": "Person", "name": s })).collect();
        if !speakers.is_empty() {
            work["author"] = json!(speakers);
        }
        if let Some(event) = &f.event {
            work["recordedAt"] =
                json!({ "@type": "Event", "name": event, "startDate": t.date.to_string(), "location": f.place });
        }
        if let Some(source) = &f.source {
            work["publisher"] = json!({ "@type": "Organization", "name": source });
        }
        if let Some(url) = &f.source_url {
            work["isBasedOn"] = json!(url);
        }
        if self.section.is_some() {
            work["isPartOf"] = json!({ "@type": "CreativeWork", "name": f.title, "url": address(self.lang) });
        } else if self.lang == original {
            let others: Vec<_> = t.versions.keys().skip(1).map(|l| json!({ "@id": address(l) })).collect();
            if !others.is_empty() {
                work["workTranslation"] = json!(others);
            }
        } else {
            work["translationOfWork"] = json!({ "@id": address(original) });
        }
        // Markup characters as JSON escapes: a `</script>` in a title would otherwise
        // end the element early, and no text of a source ever reads as a tag.
        work.to_string().replace('<', "\\u003c").replace('>', "\\u003e").replace('&', "\\u0026")
    }

    fn bibtex(&self, out: &mut String) {
        let f = &self.version.front;
        let d = self.transcript.date;
        let _ = writeln!(out, "@misc{{{},", self.key());
        let mut field = |name: &str, value: &str| {
            // An address is read verbatim; only braces would unbalance it.
            let value = if name == "url" { value.replace(['{', '}'], "") } else { bibtex_escape(value) };
            let _ = writeln!(out, "  {name} = {{{value}}},");
        };
        field("title", &self.title());
        let speakers = self.speakers().join(" and ");
        if !speakers.is_empty() {
            field("author", &speakers);
        }
        let how: Vec<&str> = [f.event.as_deref(), f.place.as_deref()].into_iter().flatten().collect();
        if !how.is_empty() {
            field("howpublished", &how.join(", "));
        }
        field("year", &d.format("%Y").to_string());
        field("month", &d.format("%-m").to_string());
        field("date", &d.to_string());
        if let Some(source) = &f.source {
            field("organization", source);
        }
        field("url", &self.url());
        field("language", self.locale());
        out.push_str("}\n\n");
    }

    fn ris(&self, out: &mut String) {
        let f = &self.version.front;
        let d = self.transcript.date;
        let mut line = |tag: &str, value: &str| {
            let _ = writeln!(out, "{tag}  - {}", value.replace(['\r', '\n'], " "));
        };
        line("TY", "GEN");
        line("ID", &self.key());
        line("TI", &self.title());
        for speaker in self.speakers() {
            line("AU", speaker);
        }
        if let Some(event) = &f.event {
            line("T2", event);
        }
        if let Some(place) = &f.place {
            line("CY", place);
        }
        line("PY", &d.format("%Y").to_string());
        line("DA", &d.format("%Y/%m/%d").to_string());
        if let Some(source) = &f.source {
            line("PB", source);
        }
        line("UR", &self.url());
        line("LA", self.locale());
        line("ER", "");
    }

    fn csl(&self) -> serde_json::Value {
        let f = &self.version.front;
        let d = self.transcript.date;
        let mut item = json!({
            "id": self.key(),
            "type": "speech",
            "title": self.title(),
            "author": self.speakers().iter().map(|s| json!({ "literal": s })).collect::<Vec<_>>(),
            "issued": { "date-parts": [[d.year(), d.month(), d.day()]] },
            "URL": self.url(),
            "language": self.locale(),
        });
        if let Some(event) = &f.event {
            item["event-title"] = json!(event);
        }
        if let Some(place) = &f.place {
            item["event-place"] = json!(place);
        }
        if let Some(source) = &f.source {
            item["publisher"] = json!(source);
        }
        if self.section.is_some() {
            item["container-title"] = json!(f.title);
        }
        item
    }
}

/// The citation file of `format` for a language version: the transcript first, then
/// each of its sections in this language.
pub fn file(config: &Config, urls: &Urls, transcript: &Transcript, lang: &Lang, format: Format) -> Vec<u8> {
    let version = transcript.version(lang).expect("planned only where translated");
    let whole = Work { config, urls, transcript, lang, version, section: None };
    let works = std::iter::once(whole).chain(version.sections().map(|(_, s)| Work {
        config,
        urls,
        transcript,
        lang,
        version,
        section: Some(s),
    }));
    let mut out = String::new();
    match format {
        Format::BibTex => works.for_each(|w| w.bibtex(&mut out)),
        Format::Ris => works.for_each(|w| w.ris(&mut out)),
        Format::CslJson => {
            // One item per line: pretty-printed, the file was two and a half times
            // the size, and reference managers read it either way.
            let items: Vec<String> = works.map(|w| w.csl().to_string()).collect();
            out = format!("[\n{}\n]\n", items.join(",\n"));
        }
    }
    out.into_bytes()
}

/// A BibTeX value: braces balanced and the characters TeX reads specially escaped.
fn bibtex_escape(value: &str) -> String {
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
    out
}
