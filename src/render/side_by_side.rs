//! The side-by-side view (the "parallel view" of the theme's `parallel.html`, at
//! `/parallel/{path}/`): a transcript's languages side by side, aligned turn by turn and,
//! within a turn, paragraph by paragraph. Where one language has fewer turns or
//! paragraphs the row gets an empty cell, so the text after it never shifts.

use std::fmt::Write;

use serde::Serialize;

use super::views::{Frame, Link};
use super::Reader;
use crate::align::kept::{Aligned, Pair};
use crate::archive::{Transcript, Version};
use crate::config::Lang;
use crate::markdown::{turns, Block, Document, Part};
use crate::plan::urls;

#[derive(Serialize)]
pub struct ParallelView<'a> {
    pub page: Frame<'a>,
    /// The column controls' labels, in the page's language.
    pub controls: Controls<'a>,
    /// One per language version, in site order.
    pub columns: Vec<Column<'a>>,
    pub preface: Vec<RowView>,
    /// The closing lines of each language (duration, dateline), after the last section.
    pub closing: Vec<RowView>,
    pub sections: Vec<ParallelSection<'a>>,
}

#[derive(Serialize)]
pub struct Controls<'a> {
    pub swap: &'a str,
    /// "Hide", before a column's language name.
    pub hide: &'a str,
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
    pub rows: Vec<RowView>,
}

#[derive(Serialize)]
pub struct Heading<'a> {
    pub locale: String,
    /// Marked safe (`parts::html`); empty where this language leaves the section
    /// untranslated (`translated`).
    pub html: tera::Value,
    /// The section page, or where untranslated, the transcript page in this language.
    pub href: String,
    pub translated: bool,
    /// "not translated", in this column's language, where it is.
    pub note: &'a str,
    /// The heading that names the section for assistive technology: the first
    /// translated one.
    pub labels: bool,
}

/// One aligned row as a page shows it: a `Cell` per column, converted for tera once a
/// transcript (see `SharedRows`, which holds them in site order; a page arranges them
/// in its own).
#[derive(Serialize)]
pub struct RowView {
    /// As `Row`'s.
    pub id: Option<String>,
    pub cells: Vec<tera::Value>,
    /// As `Row`'s.
    pub notes: bool,
}

/// One aligned row: a cell per column.
struct Row {
    /// The passage's address, the same in every language (`p-belt-and-road-3`); null
    /// for the preface and the closing lines.
    id: Option<String>,
    cells: Vec<Cell>,
    /// A row of notes: a language without any has nothing missing there.
    notes: bool,
}

/// One cell of a row, being made.
struct Cell {
    locale: String,
    speaker: Option<String>,
    html: Option<String>,
}

/// A cell as a template sees it.
#[derive(Serialize)]
pub struct CellView<'c> {
    pub locale: &'c str,
    /// Set on the first row of a turn.
    pub speaker: Option<&'c str>,
    /// The paragraph (HTML, marked safe, without the line break after it); null
    /// where this language has nothing here. Where the row's sentences are aligned,
    /// each sentence is a `<span data-align>`, and sentences that translate each
    /// other share the value.
    pub html: Option<tera::Value>,
}

/// The columns of a side-by-side page: each language's version and locale, in order.
struct Columns<'v, 'a> {
    versions: &'v [(&'a Lang, &'a Version)],
    locales: &'v [String],
}

/// A turn: the speaker's first paragraph and what follows it.
type TurnBlocks<'b> = &'b [Block];

impl<'a> Reader<'_, 'a> {
    /// The side-by-side view in the reader's language `reader` (its frame, its column
    /// first), or in the default language.
    pub(super) fn side_by_side(
        &self,
        planned: &crate::plan::Page,
        index: usize,
        reader: Option<&Lang>,
    ) -> ParallelView<'a> {
        let t = self.transcript(index);
        let default = &self.config.default_language;
        let lang = match reader {
            Some(l) => l,
            None if t.versions.contains_key(default) => default,
            None => t.versions.keys().next().expect("a version"),
        };
        let lang = &self.config.lang(&lang.0).expect("versions are in configured languages").code;
        let version = t.version_or_any(lang);
        let title = &version.front.title;
        let description = super::pages::describe_transcript(version);
        let page = self.frame(planned, lang, &[self.t(lang, "parallel_view"), title], description);
        let mut versions: Vec<(&Lang, &Version)> = t.versions.iter().collect();
        // The reader's language first: the column read from, then what it translates.
        versions.sort_by_key(|(l, _)| *l != lang);
        let columns = self.columns(t, &versions);
        // Each page's column k shows site language order[k]: the reader's first.
        let order: Vec<usize> =
            versions.iter().map(|(l, _)| t.versions.get_index_of(*l).expect("a version of t")).collect();
        let shared = self.shared_rows(index);
        let arrange = |rows: &[RowView]| -> Vec<RowView> {
            let row = |r: &RowView| RowView {
                id: r.id.clone(),
                cells: order.iter().map(|&k| r.cells[k].clone()).collect(),
                notes: r.notes,
            };
            rows.iter().map(row).collect()
        };
        let locales: Vec<String> = columns.iter().map(|c| c.locale.to_string()).collect();
        let columns_of = Columns { versions: &versions, locales: &locales };
        let sections = (0..t.section_ids.len())
            .map(|i| ParallelSection {
                id: t.section_ids[i].0.clone(),
                headings: self.headings(t, &columns_of, i),
                rows: arrange(&shared.sections[i]),
            })
            .collect();
        let (preface, closing) = (arrange(&shared.preface), arrange(&shared.closing));
        let controls = Controls { swap: self.t(lang, "swap_columns"), hide: self.t(lang, "hide_column") };
        ParallelView { page, controls, columns, preface, sections, closing }
    }

    /// A column per language version, in the order of `versions`.
    fn columns(&self, t: &Transcript, versions: &[(&Lang, &Version)]) -> Vec<Column<'a>> {
        let column = |(l, v): &(&Lang, &Version)| {
            let language = self.config.lang(&l.0).expect("versions are in configured languages");
            Column {
                name: &language.name,
                locale: &language.locale,
                title: v.front.title.clone(),
                href: self.urls.href(&urls::transcript(l, &t.path)),
            }
        };
        versions.iter().map(column).collect()
    }

    /// Section `i`'s headings side by side in the order of `columns`: where a language
    /// leaves it untranslated, its column is labelled and empty.
    fn headings(&self, t: &Transcript, columns: &Columns, i: usize) -> Vec<Heading<'a>> {
        let id = &t.section_ids[i];
        let first_translated = columns.versions.iter().position(|(_, v)| v.section(i).is_some());
        columns
            .versions
            .iter()
            .zip(columns.locales)
            .enumerate()
            .map(|(k, ((l, v), locale))| {
                let section = v.section(i);
                Heading {
                    locale: locale.clone(),
                    html: super::parts::html(section.map_or("", |s| &s.heading_html)),
                    href: self.urls.href(&match section {
                        Some(_) => urls::section(l, &t.path, id),
                        None => urls::transcript(l, &t.path),
                    }),
                    translated: section.is_some(),
                    note: if section.is_some() { "" } else { self.t(l, "not_translated") },
                    labels: Some(k) == first_translated,
                }
            })
            .collect()
    }

    /// The side-by-side page of a transcript in the reader's language `lang`, if it has
    /// one (two or more languages).
    pub(super) fn side_by_side_link(&self, lang: &Lang, index: usize, anchor: Option<&str>) -> Option<Link> {
        let t = &self.archive.transcripts[index]; // its path and languages: structure
        (t.versions.len() > 1).then(|| {
            let mut href = self.urls.href(&urls::side_by_side_for(self.config, lang, &t.path));
            if let Some(id) = anchor {
                href.push('#');
                href.push_str(id);
            }
            Link { href, label: String::new(), locale: None }
        })
    }
}

impl Reader<'_, '_> {
    /// Transcript `index`'s rows, made by the first of its side-by-side pages and
    /// shared with the others: the same cells, in another order. Kept only until the
    /// last of them has taken them: held for the whole archive, they were a fifth of
    /// peak memory.
    fn shared_rows(&self, index: usize) -> std::sync::Arc<SharedRows> {
        let mut slot = self.side_by_side_rows[index].lock().unwrap_or_else(|e| e.into_inner());
        let rows = slot.rows.get_or_insert_with(|| std::sync::Arc::new(self.make_rows(index))).clone();
        slot.left = slot.left.saturating_sub(1);
        if slot.left == 0 {
            slot.rows = None;
        }
        rows
    }

    /// Transcript `index`'s rows in site order, each section's aligned sentence by
    /// sentence where the aligner is sure (two languages only), cells as tera values.
    fn make_rows(&self, index: usize) -> SharedRows {
        let t = &self.archive.transcripts[index]; // read through `transcript` by the caller
        let versions: Vec<(&Lang, &Version)> = t.versions.iter().collect();
        let locales: Vec<String> = versions
            .iter()
            .map(|(l, _)| self.config.lang(&l.0).map_or_else(String::new, |x| x.locale.clone()))
            .collect();
        let anchors = self.anchors(&versions);
        let aligner = anchors.map(|anchors| Aligner { kept: &self.alignments, anchors });
        // Groups are numbered through the whole transcript: a value names one group
        // on the page, and a number is the shortest such name.
        let mut groups = 0;
        let sections = t.section_ids.iter().enumerate().map(|(i, id)| {
            let turns: Vec<Vec<TurnBlocks>> =
                versions.iter().map(|(_, v)| v.section(i).map(|s| turns(&s.blocks)).unwrap_or_default()).collect();
            let mut rows = rows(&turns, &locales, Some(&id.0));
            if let Some(aligner) = &aligner {
                for row in &mut rows {
                    align_sentences(row, aligner, &locales, &mut groups);
                }
            }
            rows.extend(self.notes_row(&versions, &locales, |v| v.part(i)));
            shared(rows)
        });
        let sections = sections.collect();
        // The preface and the closing lines: each language's blocks side by side, as one
        // turn; the closing lines apart from the last answer, so never aligned against it.
        let whole = |blocks: fn(&Document) -> &[Block], part: Part| {
            let turns: Vec<Vec<TurnBlocks>> = versions.iter().map(|(_, v)| vec![blocks(&v.doc)]).collect();
            let mut rows = rows(&turns, &locales, None);
            rows.extend(self.notes_row(&versions, &locales, |_| Some(part)));
            shared(rows)
        };
        let (preface, closing) = (whole(|doc| &doc.preface, Part::Preface), whole(|doc| &doc.closing, Part::Closing));
        SharedRows { preface, sections, closing }
    }

    /// A row of each language's notes listed after a part (`part_of` finds it in a
    /// version, which may leave a section out), if any language has notes there.
    fn notes_row(
        &self,
        versions: &[(&Lang, &Version)],
        locales: &[String],
        part_of: impl Fn(&Version) -> Option<Part>,
    ) -> Option<Row> {
        let cell = |((lang, v), locale): (&(&Lang, &Version), &String)| Cell {
            locale: locale.clone(),
            speaker: None,
            html: part_of(v).and_then(|part| self.notes_list(lang, &v.doc, part)),
        };
        let cells: Vec<Cell> = versions.iter().zip(locales).map(cell).collect();
        cells.iter().any(|c| c.html.is_some()).then_some(Row { id: None, cells, notes: true })
    }

    /// Words that pair across the transcript's two languages: its speakers' names and
    /// the site's topic terms. None unless it has exactly two languages: sentences are
    /// aligned between two columns only.
    fn anchors(&self, versions: &[(&Lang, &Version)]) -> Option<crate::align::Anchors> {
        let [(la, a), (lb, b)] = versions else { return None };
        let mut pairs: Vec<(String, String)> = a
            .front
            .speakers
            .iter()
            .filter_map(|(key, name)| Some((name.clone(), b.front.speakers.get(key)?.clone())))
            .collect();
        for topic in &self.config.topics {
            let (Some(xs), Some(ys)) = (topic.matches.get(*la), topic.matches.get(*lb)) else { continue };
            pairs.extend(xs.iter().flat_map(|x| ys.iter().map(move |y| (x.clone(), y.clone()))));
        }
        Some(crate::align::Anchors::new(pairs))
    }
}

/// The row of each block of each language, in the order of `turns`: turn n of every
/// language side by side, paragraph by paragraph, so block k of a language is at the
/// same row as the block that translates it. A paragraph's address is its row.
pub(super) fn rows_of(turns: &[Vec<TurnBlocks>]) -> Vec<Vec<usize>> {
    let turn_count = turns.iter().map(Vec::len).max().unwrap_or(0);
    let mut numbers: Vec<Vec<usize>> = vec![Vec::new(); turns.len()];
    let mut row = 0;
    for n in 0..turn_count {
        let height = turns.iter().map(|t| t.get(n).map_or(0, |turn| turn.len())).max().unwrap_or(0);
        for (lang, lang_turns) in turns.iter().enumerate() {
            let here = lang_turns.get(n).map_or(0, |turn| turn.len());
            numbers[lang].extend(row..row + here);
        }
        row += height;
    }
    numbers
}

/// A paragraph's address in section `section`: `p-{section}-{row + 1}`.
pub(super) fn paragraph_id(section: &str, row: usize) -> String {
    let mut id = String::with_capacity(section.len() + 8);
    let _ = write!(id, "p-{section}-{}", row + 1);
    id
}

/// Rows of cells: turn n of every language side by side, paragraph by paragraph, with
/// empty cells where a language has fewer. In a section (`section` set) each row has
/// its passage's address.
fn rows(turns: &[Vec<TurnBlocks>], locales: &[String], section: Option<&str>) -> Vec<Row> {
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
                        speaker: block.and_then(|b| b.speaker.as_deref().map(str::to_string)),
                        html: block.map(|b| b.html().into_owned()),
                    }
                })
                .collect();
            let id = section.map(|s| paragraph_id(s, rows.len()));
            rows.push(Row { id, cells, notes: false });
        }
    }
    rows
}

/// A transcript's side-by-side rows in site order, each cell converted for tera.
pub(super) struct SharedRows {
    preface: Vec<RowView>,
    /// Per section.
    sections: Vec<Vec<RowView>>,
    closing: Vec<RowView>,
}

fn shared(rows: Vec<Row>) -> Vec<RowView> {
    let cell = |c: &Cell| {
        let html = c.html.as_deref().map(|h| super::parts::html(h.trim()));
        tera::Value::from_serializable(&CellView { locale: &c.locale, speaker: c.speaker.as_deref(), html })
    };
    let row = |r: Row| RowView { id: r.id, cells: r.cells.iter().map(cell).collect(), notes: r.notes };
    rows.into_iter().map(row).collect()
}

/// A transcript's rows while its side-by-side pages are being made, and how many of
/// those pages are still to take them.
#[derive(Default)]
pub(super) struct RowsSlot {
    pub(super) left: usize,
    pub(super) rows: Option<std::sync::Arc<SharedRows>>,
}

/// How a transcript's paragraph pairs are aligned: with its anchors, through the
/// alignments kept from the last build.
struct Aligner<'k> {
    kept: &'k crate::align::kept::Kept,
    anchors: crate::align::Anchors,
}

/// Wraps the sentences of a two-language row in elements whose `data-align` values
/// pair them, where the aligner is confident; otherwise leaves the row as it is.
/// The values are the groups' numbers, counted on from `groups` (the groups before).
fn align_sentences(row: &mut Row, aligner: &Aligner, locales: &[String], groups: &mut usize) {
    let [a, b] = row.cells.as_mut_slice() else { return };
    let (Some(ha), Some(hb), Some(_)) = (&a.html, &b.html, &row.id) else { return };
    // Only paragraphs: a list or a table is paired as a whole.
    if !(ha.starts_with("<p>") && hb.starts_with("<p>")) {
        return;
    }
    let cjk = |l: &str| l.starts_with("zh") || l.starts_with("ja");
    let pair = Pair { html: [ha, hb], cjk: [cjk(&locales[0]), cjk(&locales[1])] };
    let Some(Aligned { alignment, spans }) = aligner.kept.align(pair, &aligner.anchors) else {
        return;
    };
    // Each sentence in an element of its own; what lies between them (the space after
    // an English full stop) is kept as it was.
    let wrap = |spans: &[std::ops::Range<usize>], html: &str, side: usize| {
        let mut out = String::with_capacity(html.len() + 32 * spans.len());
        let mut written = 0;
        for (g, group) in alignment.groups.iter().enumerate() {
            let range = if side == 0 { &group.0 } else { &group.1 };
            for span in &spans[range.clone()] {
                out.push_str(&html[written..span.start]);
                // Into `out` itself: a string made for every sentence showed in profiles.
                let _ = write!(out, "<span data-align=\"{}\">", *groups + g + 1);
                out.push_str(&html[span.clone()]);
                out.push_str("</span>");
                written = span.end;
            }
        }
        out.push_str(&html[written..]);
        out
    };
    let (wa, wb) = (wrap(&spans[0], ha, 0), wrap(&spans[1], hb, 1));
    *groups += alignment.groups.len();
    a.html = Some(wa);
    b.html = Some(wb);
}

#[cfg(test)]
mod tests;
