//! The side-by-side view (the "parallel view" of the theme's `parallel.html`, at
//! `/parallel/{path}/`): a transcript's languages side by side, aligned turn by turn and,
//! within a turn, paragraph by paragraph. Where one language has fewer turns or
//! paragraphs the row gets an empty cell, so the text after it never shifts.

use serde::Serialize;

use super::views::{Frame, Link};
use super::Reader;
use crate::archive::Version;
use crate::config::Lang;
use crate::markdown::{turns, Block, Document};
use crate::plan::urls;

#[derive(Serialize)]
pub struct ParallelView<'a> {
    pub page: Frame<'a>,
    /// One per language version, in site order.
    pub columns: Vec<Column<'a>>,
    pub preface: Vec<Row>,
    /// The closing lines of each language (duration, dateline), after the last section.
    pub closing: Vec<Row>,
    pub sections: Vec<ParallelSection<'a>>,
}

#[derive(Serialize)]
pub struct Column<'a> {
    pub name: &'a str,
    pub locale: &'a str,
    pub title: String,
    /// The transcript page in this language.
    pub href: String,
}

#[derive(Serialize)]
pub struct ParallelSection<'a> {
    /// The section id, the anchor section pages link to.
    pub id: String,
    /// Per column: the heading (HTML) linking to that language's section page.
    pub headings: Vec<Heading<'a>>,
    pub rows: Vec<Row>,
}

#[derive(Serialize)]
pub struct Heading<'a> {
    pub locale: String,
    /// Empty where this language leaves the section untranslated (`translated`).
    pub html: String,
    /// The section page, or where untranslated, the transcript page in this language.
    pub href: String,
    pub translated: bool,
    /// "not translated", in this column's language, where it is.
    pub note: &'a str,
    /// The heading that names the section for assistive technology: the first
    /// translated one.
    pub labels: bool,
}

/// One aligned row: a cell per column.
#[derive(Serialize)]
pub struct Row {
    pub cells: Vec<Cell>,
}

#[derive(Serialize)]
pub struct Cell {
    pub locale: String,
    /// Set on the first row of a turn.
    pub speaker: Option<String>,
    /// The paragraph (HTML); null where this language has nothing here.
    pub html: Option<String>,
}

/// A turn: the speaker's first paragraph and what follows it.
type TurnBlocks<'b> = &'b [Block];

impl<'a> Reader<'_, 'a> {
    pub(super) fn side_by_side(&self, planned: &crate::plan::Page, index: usize) -> ParallelView<'a> {
        let t = self.transcript(index);
        let default = &self.config.default_language;
        let lang =
            if t.versions.contains_key(default) { default } else { t.versions.keys().next().expect("a version") };
        let lang = &self.config.lang(&lang.0).expect("versions are in configured languages").code;
        let version = t.version_or_any(lang);
        let title = &version.front.title;
        let description = super::pages::describe_transcript(version);
        let page = self.frame(planned, lang, &[self.t(lang, "parallel_view"), title], description);
        let versions: Vec<(&Lang, &Version)> = t.versions.iter().collect();
        let locale = |l: &Lang| self.config.lang(&l.0).map_or_else(String::new, |x| x.locale.clone());
        let columns = versions
            .iter()
            .map(|(l, v)| {
                let language = self.config.lang(&l.0).expect("configured");
                Column {
                    name: &language.name,
                    locale: &language.locale,
                    title: v.front.title.clone(),
                    href: self.urls.href(&urls::transcript(l, &t.path)),
                }
            })
            .collect();
        let locales: Vec<String> = versions.iter().map(|(l, _)| locale(l)).collect();
        // The preface and the closing lines: each language's blocks side by side, as one turn.
        let whole = |part: fn(&Document) -> &[Block]| {
            let turns: Vec<Vec<TurnBlocks>> = versions.iter().map(|(_, v)| vec![part(&v.doc)]).collect();
            align(&turns, &locales)
        };
        let preface = whole(|doc| &doc.preface);
        let sections = t
            .section_ids
            .iter()
            .enumerate()
            .map(|(i, id)| {
                let first_translated = versions.iter().position(|(_, v)| v.section(i).is_some());
                let headings = versions
                    .iter()
                    .enumerate()
                    .map(|(k, (l, v))| {
                        let section = v.section(i);
                        Heading {
                            locale: locale(l),
                            html: section.map(|s| s.heading_html.clone()).unwrap_or_default(),
                            href: self.urls.href(&match section {
                                Some(_) => urls::section(l, &t.path, id),
                                None => urls::transcript(l, &t.path),
                            }),
                            translated: section.is_some(),
                            note: if section.is_some() { "" } else { self.t(l, "not_translated") },
                            labels: Some(k) == first_translated,
                        }
                    })
                    .collect();
                // An untranslated section: no turns, so its column is empty all the way down.
                let turns: Vec<Vec<TurnBlocks>> =
                    versions.iter().map(|(_, v)| v.section(i).map(|s| turns(&s.blocks)).unwrap_or_default()).collect();
                ParallelSection { id: id.0.clone(), headings, rows: align(&turns, &locales) }
            })
            .collect();
        // Apart from the last answer, so never aligned against it.
        let closing = whole(|doc| &doc.closing);
        ParallelView { page, columns, preface, sections, closing }
    }

    /// The side-by-side page of a transcript, if it has one (two or more languages).
    pub(super) fn side_by_side_link(&self, index: usize, anchor: Option<&str>) -> Option<Link> {
        let t = &self.archive.transcripts[index]; // its path and languages: structure
        (t.versions.len() > 1).then(|| {
            let mut href = self.urls.href(&urls::side_by_side(&t.path));
            if let Some(id) = anchor {
                href = format!("{href}#{id}");
            }
            Link { href, label: String::new(), locale: None }
        })
    }
}

/// Rows of cells: turn n of every language side by side, paragraph by paragraph, with
/// empty cells where a language has fewer.
fn align(turns: &[Vec<TurnBlocks>], locales: &[String]) -> Vec<Row> {
    let turn_count = turns.iter().map(Vec::len).max().unwrap_or(0);
    let mut rows = Vec::new();
    for n in 0..turn_count {
        let height = turns.iter().map(|t| t.get(n).map_or(0, |turn| turn.len())).max().unwrap_or(0);
        for p in 0..height {
            let cells = turns
                .iter()
                .zip(locales)
                .map(|(lang_turns, locale)| {
                    let block = lang_turns.get(n).and_then(|turn| turn.get(p));
                    Cell {
                        locale: locale.clone(),
                        speaker: block.and_then(|b| b.speaker.clone()),
                        html: block.map(|b| b.html.clone()),
                    }
                })
                .collect();
            rows.push(Row { cells });
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(speaker: Option<&str>, text: &str) -> Block {
        Block { speaker: speaker.map(str::to_string), html: format!("<p>{text}</p>"), text: text.into(), line: 1 }
    }

    #[test]
    fn a_missing_paragraph_leaves_an_empty_cell_and_nothing_shifts() {
        let zh = [block(Some("甲"), "问"), block(Some("乙"), "答一"), block(None, "答二")];
        let en = [block(Some("A"), "Q"), block(Some("B"), "A1")];
        let rows = align(&[turns(&zh), turns(&en)], &["zh".into(), "en".into()]);
        let text: Vec<Vec<Option<&str>>> =
            rows.iter().map(|r| r.cells.iter().map(|c| c.html.as_deref()).collect()).collect();
        assert_eq!(
            text,
            [
                [Some("<p>问</p>"), Some("<p>Q</p>")],
                [Some("<p>答一</p>"), Some("<p>A1</p>")],
                [Some("<p>答二</p>"), None],
            ]
        );
        assert_eq!(rows[1].cells[1].speaker.as_deref(), Some("B"));
    }

    #[test]
    fn turns_align_by_turn_not_by_paragraph_count() {
        // zh has a two-paragraph first turn; en's second turn must still face zh's second turn.
        let zh = [block(Some("甲"), "一"), block(None, "二"), block(Some("乙"), "三")];
        let en = [block(Some("A"), "one"), block(Some("B"), "three")];
        let rows = align(&[turns(&zh), turns(&en)], &["zh".into(), "en".into()]);
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[2].cells[1].html.as_deref(), Some("<p>three</p>"));
        assert_eq!(rows[1].cells[1].html, None);
    }
}
