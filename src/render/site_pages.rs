//! The pages that are not transcripts: a page of `pages/`, and the redirect page at an
//! earlier address.

use super::pages::{first_of, DESCRIPTION};
use super::views::StandaloneView;
use super::Reader;
use crate::config::Lang;
use crate::plan::Page;
use crate::text::excerpt;

impl<'a> Reader<'_, 'a> {
    pub(super) fn standalone(&self, planned: &Page, lang: &'a Lang, index: usize) -> StandaloneView<'a> {
        let v = &self.archive.pages[index].versions[lang];
        let description = v
            .description
            .clone()
            .unwrap_or_else(|| first_of([excerpt(v.blocks.iter().map(|b| &*b.text), DESCRIPTION), v.title.clone()]));
        let page = self.frame(planned, lang, &[&v.title], description);
        let notes = self.notes_html(lang, "", v.notes.iter());
        let body =
            v.blocks.iter().map(|b| b.html()).chain(notes.map(Into::into)).map(|h| super::parts::html(&h)).collect();
        StandaloneView { page, title: v.title.clone(), body, extra: &v.extra }
    }

    /// A page at an earlier address, sending the reader on to `to`: the same in every
    /// theme, listed nowhere, and not indexed by search engines.
    pub(super) fn redirect(&self, lang: &Lang, to: &str) -> String {
        let href = crate::text::escape(&self.urls.href(to)).into_owned();
        let canonical = crate::text::escape(&self.urls.absolute(to)).into_owned();
        let locale = self.config.lang(&lang.0).map_or("", |l| l.locale.as_str());
        let title = crate::text::escape(self.config.title.get(lang).map_or("", String::as_str)).into_owned();
        format!(
            "<!DOCTYPE html>\n<html lang=\"{locale}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n\
             <meta http-equiv=\"refresh\" content=\"0; url={href}\">\n<link rel=\"canonical\" href=\"{canonical}\">\n\
             <meta name=\"robots\" content=\"noindex\">\n</head>\n<body>\n<p><a href=\"{href}\">{href}</a></p>\n</body>\n</html>\n"
        )
    }
}
