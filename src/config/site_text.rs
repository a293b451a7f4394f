//! site.yaml's own text and data: the description, the footer, the menu, single UI
//! strings, free data for templates.

use indexmap::IndexMap;

use super::menu::{menu_entry, BUILT_IN_MENU};
use super::{Lang, Locator, MenuEntry};
use crate::diagnostic::{Error, ErrorKind, Location};

/// What site.yaml says of the site's own text and data, as written.
pub(super) struct RawSiteText {
    pub(super) description: IndexMap<String, String>,
    pub(super) footer: IndexMap<String, String>,
    pub(super) menu: Option<Vec<serde_yaml::Value>>,
    pub(super) strings: IndexMap<String, IndexMap<String, String>>,
    pub(super) extra: Option<serde_yaml::Value>,
}

/// The site's own text and data, resolved: see the fields of `Config` of the same names.
pub(super) struct SiteText {
    pub(super) description: IndexMap<Lang, String>,
    pub(super) footer: IndexMap<Lang, String>,
    pub(super) menu: Vec<MenuEntry>,
    pub(super) strings: IndexMap<Lang, IndexMap<String, (String, Location)>>,
    pub(super) extra: serde_json::Value,
}

pub(super) fn site_text(
    raw: RawSiteText,
    at: &Locator,
    default_language: Option<&Lang>,
    check_lang: &mut dyn FnMut(&str, &mut Vec<Error>) -> Option<Lang>,
    errors: &mut Vec<Error>,
) -> SiteText {
    let mut per_language = |map: IndexMap<String, String>, errors: &mut Vec<Error>| -> IndexMap<Lang, String> {
        map.into_iter().filter_map(|(code, text)| Some((check_lang(&code, errors)?, text))).collect()
    };
    let description = per_language(raw.description, errors);
    let footer = per_language(raw.footer, errors);
    for (lang, text) in &footer {
        if let Err(why) = crate::text::inline_only(text) {
            errors.push(Error::new(at.key_in("footer", &lang.0), ErrorKind::FooterNotInline { why }));
        }
    }
    let menu = match raw.menu {
        None => BUILT_IN_MENU.iter().map(|(_, e)| e.clone()).collect(),
        Some(entries) => {
            entries.iter().filter_map(|e| menu_entry(e, at, default_language, check_lang, errors)).collect()
        }
    };
    let mut strings: IndexMap<Lang, IndexMap<String, (String, Location)>> = IndexMap::new();
    for (code, map) in raw.strings {
        if let Some(lang) = check_lang(&code, errors) {
            let placed = map.into_iter().map(|(key, text)| {
                let where_ = at.key_in("strings", &key);
                (key, (text, where_))
            });
            strings.insert(lang, placed.collect());
        }
    }
    let extra = crate::yaml::extra_data(raw.extra).unwrap_or_else(|kind| {
        errors.push(Error::new(at.key("extra"), kind));
        serde_json::Value::Null
    });
    SiteText { description, footer, menu, strings, extra }
}
