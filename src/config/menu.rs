//! site.yaml's `menu`: the site navigation, its entries read one by one from YAML so
//! that each wrong one gets a message of its own.

use indexmap::IndexMap;

use super::{quoted_list, Lang, Locator};
use crate::diagnostic::{Error, ErrorKind, Location};

/// An entry of the site navigation.
#[derive(Debug, Clone, PartialEq)]
pub enum MenuEntry {
    Home,
    Topics,
    Speakers,
    Search,
    /// A page from `pages/`, by its path (`about`, `method/sources`), and where the
    /// entry is written, for when there is no such page.
    Page {
        path: String,
        at: Location,
    },
    /// A topic's page, by its key, labelled with the topic's label in each language.
    Topic {
        key: String,
        at: Location,
    },
    /// An address outside the site, or one on it written from its root (`/media/…`),
    /// with its label per language (a label given as one text is the default
    /// language's, which every language falls back to).
    Link {
        label: IndexMap<Lang, String>,
        url: String,
    },
}

/// The built-in menu entries, by the names site.yaml gives them.
pub(super) const BUILT_IN_MENU: [(&str, MenuEntry); 4] = [
    ("home", MenuEntry::Home),
    ("topics", MenuEntry::Topics),
    ("speakers", MenuEntry::Speakers),
    ("search", MenuEntry::Search),
];

/// One entry of `menu`: a built-in name, `page: PATH`, or `{ label, url }`.
pub(super) fn menu_entry(
    entry: &serde_yaml::Value,
    at: &Locator,
    default_language: Option<&Lang>,
    check_lang: &mut dyn FnMut(&str, &mut Vec<Error>) -> Option<Lang>,
    errors: &mut Vec<Error>,
) -> Option<MenuEntry> {
    use serde_yaml::Value;
    let wrong = |what: String, errors: &mut Vec<Error>| {
        errors.push(Error::new(at.key("menu"), ErrorKind::BadMenuEntry { what }));
        None
    };
    match entry {
        Value::String(name) => match BUILT_IN_MENU.iter().find(|(n, _)| n == name) {
            Some((_, e)) => Some(e.clone()),
            None => wrong(format!("`{name}` is not one of the built-in entries"), errors),
        },
        Value::Mapping(map) => {
            let get = |k: &str| map.get(Value::String(k.into()));
            let keys: Vec<String> = map.keys().map(|k| k.as_str().unwrap_or("?").to_string()).collect();
            match (get("page"), get("url"), get("label")) {
                (Some(Value::String(path)), None, None) if keys.len() == 1 => {
                    let at = at.entry_in("menu", "page", path);
                    Some(MenuEntry::Page { at, path: path.trim_matches('/').to_string() })
                }
                _ if keys == ["topic"] => match get("topic") {
                    Some(Value::String(key)) => {
                        Some(MenuEntry::Topic { key: key.clone(), at: at.entry_in("menu", "topic", key) })
                    }
                    _ => wrong("`topic:` takes a topic key".into(), errors),
                },
                (None, Some(Value::String(url)), Some(label)) if keys.len() == 2 => {
                    if let Err(why) = external_url(url) {
                        return wrong(format!("the address `{url}` {why}"), errors);
                    }
                    let label: IndexMap<Lang, String> = match label {
                        Value::String(one) => default_language.map(|l| (l.clone(), one.clone())).into_iter().collect(),
                        other => match serde_yaml::from_value::<IndexMap<String, String>>(other.clone()) {
                            Ok(map) => {
                                map.into_iter().filter_map(|(c, text)| Some((check_lang(&c, errors)?, text))).collect()
                            }
                            Err(_) => return wrong("`label` is one text, or a text per language".into(), errors),
                        },
                    };
                    Some(MenuEntry::Link { label, url: url.clone() })
                }
                _ => wrong(
                    format!(
                        "an entry with the keys {} is neither `page: NAME` nor `{{ label: …, url: … }}`",
                        quoted_list(keys.iter().map(String::as_str))
                    ),
                    errors,
                ),
            }
        }
        _ => wrong("an entry is a name, `page: NAME` or `{ label: …, url: … }`".into(), errors),
    }
}

/// Why `url` cannot be a menu link, if it cannot: it must be a full `https://`,
/// `http://` or `mailto:` address, or one on the site written from its root.
fn external_url(url: &str) -> Result<(), &'static str> {
    // An address on the site, from its root: the site adds the path it is published under.
    if url.starts_with('/') && !url.starts_with("//") && !url.contains('\\') {
        return Ok(());
    }
    match url::Url::parse(url) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host_str().is_some() => Ok(()),
        Ok(u) if u.scheme() == "mailto" => Ok(()),
        Ok(_) => Err("is not a web (`https://`) or `mailto:` address"),
        Err(_) => Err("is not a full address; write it with `https://`, from the site's root (`/media/…`), or name a page of the site with `page:` or a topic with `topic:`"),
    }
}
