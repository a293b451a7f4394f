//! HTML pages: each planned page seen through one view struct (`views.rs`), rendered
//! through the theme's tera templates. `Html` is what every page shares, made once per
//! build; a `Reader` renders one page and records which transcripts it read, so a
//! preview knows exactly which pages an edit changes.
//!
//! A builder reads a transcript's content (titles, text, dates) only through
//! `Reader::transcript`, which records it. The archive's structure (which transcripts
//! and languages exist, the topic and speaker lists, the speakers' names) is read
//! directly: the preview renders only some pages again only while that structure is
//! unchanged.

mod context;
mod digest;
pub use digest::Digested;
mod frame;
pub mod kept;
mod pages;
mod parts;
mod side_by_side;
mod site_pages;
#[cfg(test)]
mod tests;
pub mod views;

use std::cell::RefCell;
use std::ops::Deref;

use indexmap::IndexMap;

use crate::archive::{Archive, Transcript};
use crate::config::{Config, Lang};
use crate::diagnostic::Error;
use crate::plan::urls::Urls;
use crate::plan::{Page, PageKind};
use crate::related::Related;
use crate::theme::Theme;
use parts::{Cards, TranscriptParts};

/// Room for a typical page (16 KiB on average in the example corpora), so that most
/// pages are rendered without growing their buffer.
const PAGE_SIZE_HINT: usize = 16 * 1024;
/// The most a template's page buffer starts with, whatever its largest page: one
/// transcript far longer than the rest should not size every other's buffer.
const PAGE_SIZE_CAP: usize = 1024 * 1024;

/// What every page's rendering reads; shared by reference across threads, never mutated.
pub struct Html<'a> {
    pub config: &'a Config,
    pub archive: &'a Archive,
    /// Every section's related sections: `[transcript][section]`.
    pub related: &'a Related,
    pub theme: &'a Theme,
    pub urls: Urls,
    /// What every page's frame shows alike in each language, UI strings included, as
    /// tera values: shared by every page (a reference count), where serializing them
    /// afresh for every page was costly (docs/performance.md).
    common: IndexMap<Lang, frame::Common>,
    /// The site's menu as tera values, by language and which of its entries are current.
    menus: frame::Menus,
    /// What templates see as `site`: its `extra` data from site.yaml.
    site: tera::Value,
    cards: Cards,
    /// What each transcript's pages in each language share (facts, citation files,
    /// section bodies), made by the first of them and let go after the last.
    parts: TranscriptParts,
    /// Each transcript's side-by-side rows, aligned sentence by sentence, made by the
    /// first of its side-by-side pages (one per reader's language shows the same cells).
    side_by_side_rows: Vec<std::sync::Mutex<side_by_side::RowsSlot>>,
    /// The last build's alignments, and this one's as they are made.
    alignments: crate::align::kept::Kept,
    /// Whether pages record what they read (`serve` needs it; a build does not).
    record_reads: bool,
    /// What every page is made from besides its view (the program, the templates, the
    /// site's data), as a hash; `None` unless pages are to be found unchanged.
    inputs: Option<u128>,
    /// The largest page each template has made so far: its next page's buffer starts
    /// that large. Side-by-side views and transcript pages outgrow `PAGE_SIZE_HINT`,
    /// and growing their buffers (32 KiB, 64, 128) copied them each time.
    page_sizes: std::sync::Mutex<rustc_hash::FxHashMap<&'static str, usize>>,
}

/// The transcripts a page read, by index, sorted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reads(Vec<u32>);

impl Reads {
    /// Whether the page read any transcript for which `edited` is true.
    pub fn any(&self, edited: impl Fn(usize) -> bool) -> bool {
        self.0.iter().any(|&t| edited(t as usize))
    }
}

/// A page rendered, or found unchanged.
pub struct Drawn {
    /// The page's bytes; `None` if they are those of the last build (`Html::render`).
    pub bytes: Option<Vec<u8>>,
    /// The digest of what the page is made from, if pages are to be found unchanged
    /// (`Html::with_digests`) and it has a view (a redirect has none).
    pub digest: Option<u128>,
    pub reads: Reads,
}

/// Whether a page whose view has this digest already has its bytes (`Html::render`).
pub type Unchanged<'u> = dyn Fn(u128) -> bool + 'u;

/// One page being rendered: the shared context, and what the page has read so far.
struct Reader<'h, 'a> {
    html: &'h Html<'a>,
    read: RefCell<Vec<u32>>,
    unchanged: &'h Unchanged<'h>,
    digest: std::cell::Cell<Option<u128>>,
}

impl<'a> Deref for Reader<'_, 'a> {
    type Target = Html<'a>;

    fn deref(&self) -> &Html<'a> {
        self.html
    }
}

impl<'h, 'a> Reader<'h, 'a> {
    fn new(html: &'h Html<'a>, unchanged: &'h Unchanged<'h>) -> Self {
        Reader { html, read: RefCell::default(), unchanged, digest: Default::default() }
    }

    /// Transcript `index`, recorded as read by this page.
    fn transcript(&self, index: usize) -> &'a Transcript {
        self.record_read(index);
        &self.html.archive.transcripts[index]
    }

    /// Records that this page shows something of transcript `index`, such as a shared
    /// card made earlier by another page.
    fn record_read(&self, index: usize) {
        if self.html.record_reads {
            self.read.borrow_mut().push(index as u32);
        }
    }

    fn into_reads(self) -> Reads {
        let mut read = self.read.into_inner();
        read.sort_unstable();
        read.dedup();
        Reads(read)
    }
}

impl<'a> Html<'a> {
    pub fn new(config: &'a Config, archive: &'a Archive, related: &'a Related, theme: &'a Theme) -> Self {
        let cards = Cards::new(archive, config.languages.len());
        let urls = Urls::new(config);
        let common = frame::common_parts(config, theme, &urls);
        let site = tera::Value::from_serializable(&serde_json::json!({ "extra": config.extra }));
        // One side-by-side page in the default language, one per other language.
        let side_by_side_pages =
            |t: &Transcript| 1 + t.versions.keys().filter(|l| **l != config.default_language).count();
        let side_by_side_rows = archive
            .transcripts
            .iter()
            .map(|t| std::sync::Mutex::new(side_by_side::RowsSlot { left: side_by_side_pages(t), rows: None }))
            .collect();
        Html {
            config,
            archive,
            related,
            theme,
            urls,
            common,
            menus: Default::default(),
            site,
            cards,
            parts: TranscriptParts::new(archive, &config.languages),
            side_by_side_rows,
            alignments: crate::align::kept::Kept::default(),
            record_reads: true,
            inputs: None,
            page_sizes: Default::default(),
        }
    }

    /// Without recording what each page reads, which only `serve` uses: a build held a
    /// list per page to its end.
    pub fn without_reads(mut self) -> Self {
        self.record_reads = false;
        self
    }

    /// With the alignments of the last build to take pairs from (a whole build; after
    /// one edit, aligning its transcript costs less than reading them).
    pub fn with_kept_alignments(mut self) -> Self {
        self.alignments = crate::align::kept::Kept::load(&self.config.root);
        self
    }

    /// Keeps this build's alignments for the next (`align/kept.rs`).
    pub fn keep_alignments(&mut self) {
        std::mem::take(&mut self.alignments).save(&self.config.root);
    }

    /// With a digest of what each page is made from, so that a page already made from
    /// the same can be left as it is (`render/kept.rs`). Without a digest of the program
    /// itself (its file unreadable), no page is ever found unchanged.
    pub fn with_digests(mut self) -> Self {
        let program = digest::program();
        let site = digest::of(&[], "", &self.site);
        self.inputs = program.zip(site).map(|(program, site)| {
            let parts = [program, self.theme.digest, site].map(u128::to_le_bytes);
            xxhash_rust::xxh3::xxh3_128(&parts.concat())
        });
        self
    }

    /// The page as HTML (UTF-8), unless `unchanged` says the digest of what it is made
    /// from is one whose bytes are already known; and the transcripts it read.
    pub fn render(&self, page: &Page, unchanged: &Unchanged) -> Result<Drawn, Error> {
        let reader = Reader::new(self, unchanged);
        let bytes = reader.draw_page(page)?;
        let digest = reader.digest.get();
        Ok(Drawn { bytes, digest, reads: reader.into_reads() })
    }
}

impl Drop for Html<'_> {
    /// Frees what rendering made on a thread of its own: the cards of a whole archive
    /// are tens of thousands of tera values, and freeing them was a pause on one core
    /// between the last page and the end of the build.
    fn drop(&mut self) {
        let made = (
            std::mem::take(&mut self.cards),
            std::mem::take(&mut self.parts),
            std::mem::take(&mut self.common),
            std::mem::take(&mut self.side_by_side_rows),
        );
        std::thread::spawn(move || drop(made));
    }
}

impl Reader<'_, '_> {
    fn draw_page(&self, page: &Page) -> Result<Option<Vec<u8>>, Error> {
        let template = page.template();
        match &page.kind {
            PageKind::Landing => self.draw(template, &self.landing(page)),
            PageKind::Home { lang, page: n } => self.draw(template, &self.home(page, lang, *n)),
            PageKind::Folder { lang, folder, page: n } => self.draw(template, &self.folder(page, lang, *folder, *n)),
            PageKind::Transcript { lang, transcript } => {
                self.draw(template, &self.transcript_page(page, lang, *transcript))
            }
            PageKind::Section { lang, at } => self.draw(template, &self.section(page, lang, *at)),
            PageKind::Topics { lang } => self.draw(template, &self.topics(page, lang)),
            PageKind::Topic { lang, topic, page: n } => self.draw(template, &self.topic(page, lang, *topic, *n)),
            PageKind::Speakers { lang } => self.draw(template, &self.speakers(page, lang)),
            PageKind::Speaker { lang, speaker, page: n } => {
                self.draw(template, &self.speaker(page, lang, *speaker, *n))
            }
            PageKind::SideBySide { transcript, lang } => {
                self.draw(template, &self.side_by_side(page, *transcript, lang.as_ref()))
            }
            PageKind::NotFound => self.draw(template, &self.not_found(page)),
            PageKind::Search { lang } => self.draw(template, &self.search(page, lang)),
            PageKind::Standalone { lang, page: index } => self.draw(template, &self.standalone(page, lang, *index)),
            PageKind::Redirect { lang, to, .. } => Ok(Some(self.redirect(lang, to).into_bytes())),
        }
    }

    /// Bytes, not a `String`: tera's `render` checks that all of its output is UTF-8,
    /// which it is by construction, and that check showed in profiles (docs/performance.md).
    /// `None` if the page is unchanged: then neither tera nor its values are needed.
    fn draw(&self, template: &'static str, view: &impl serde::Serialize) -> Result<Option<Vec<u8>>, Error> {
        if let Some(inputs) = self.inputs {
            let digest = digest::of(&inputs.to_le_bytes(), template, view);
            self.digest.set(digest);
            if digest.is_some_and(|digest| (self.unchanged)(digest)) {
                return Ok(None);
            }
        }
        let mut context = context::of(view).map_err(|e| self.theme.error(template, &e))?;
        context.insert("site", &self.site);
        let sizes = || self.page_sizes.lock().unwrap_or_else(|e| e.into_inner());
        let size = sizes().get(template).copied().unwrap_or(PAGE_SIZE_HINT);
        let mut html = Vec::with_capacity(size);
        self.theme.tera.render_to(template, &context, &mut html).map_err(|e| self.theme.error(template, &e))?;
        if html.len() > size {
            let mut sizes = sizes();
            let largest = sizes.entry(template).or_insert(PAGE_SIZE_HINT);
            *largest = (*largest).max(html.len().min(PAGE_SIZE_CAP));
        }
        Ok(Some(crate::text::without_controls(html)))
    }
}
