//! The look of a site: the theme's tera templates (a site's own `templates/NAME.html`
//! replaces the theme's of the same name), its UI strings per language, its static files.

use std::path::{Path, PathBuf};

use indexmap::IndexMap;

use crate::config::{Config, Lang};
use crate::diagnostic::{Error, ErrorKind, Location};
use crate::yaml;

/// UI strings of one language: key → text (`skip_to_content: 跳到正文`).
pub type Strings = IndexMap<String, String>;

/// UI strings that diptych itself formats (dates, counts, titles), so every theme needs them.
pub const REQUIRED_STRINGS: [&str; 10] = [
    "date_format",
    "year_format",
    "site_description",
    "enter_archive",
    "page",
    "section_position",
    "sections_count",
    "transcripts_count",
    "topics",
    "speakers",
];

pub struct Theme {
    pub tera: tera::Tera,
    /// Where each template was read from (shown in errors), by template name.
    pub sources: IndexMap<String, PathBuf>,
    pub strings: IndexMap<Lang, Strings>,
    /// Copied to the output root in this order; later ones win.
    pub static_dirs: Vec<PathBuf>,
}

pub fn load(config: &Config) -> Result<Theme, Vec<Error>> {
    let dir = config.root.join("themes").join(&config.theme);
    if !dir.is_dir() {
        let kind = ErrorKind::ThemeNotFound { theme: config.theme.clone(), dir: config.display_path(&dir) };
        return Err(vec![Error::new(Location::file(crate::config::CONFIG_FILE), kind)]);
    }
    let templates = templates(config, &dir).map_err(|e| vec![e])?;
    let strings = strings(config, &dir)?;
    let static_dirs = [dir.join("static"), config.root.join("static")].into_iter().filter(|d| d.is_dir()).collect();
    let (tera, sources) = templates;
    Ok(Theme { tera, sources, strings, static_dirs })
}

fn templates(config: &Config, theme_dir: &Path) -> Result<(tera::Tera, IndexMap<String, PathBuf>), Error> {
    let mut sources: IndexMap<String, (PathBuf, String)> = IndexMap::new();
    for dir in [theme_dir.join("templates"), config.root.join("templates")] {
        for (name, path) in html_files(&dir).map_err(|e| read_error(config, &dir, e))? {
            let text = std::fs::read_to_string(&path).map_err(|e| read_error(config, &path, e))?;
            sources.insert(name, (path, text));
        }
    }
    let mut tera = tera::Tera::new();
    let raw = sources.iter().map(|(name, (_, text))| (name.as_str(), text.as_str()));
    let shown = |(name, (path, _)): (&String, &(PathBuf, String))| (name.clone(), config.display_path(path));
    let paths: IndexMap<String, PathBuf> = sources.iter().map(shown).collect();
    if let Err(e) = tera.add_raw_templates(raw) {
        // tera names the template in its message; point at that file when we can tell.
        let message = describe(&e);
        let path = paths.iter().find(|(name, _)| message.contains(name.as_str())).map(|(_, p)| p.clone());
        let at = Location::file(path.unwrap_or_else(|| config.display_path(&theme_dir.join("templates"))));
        return Err(Error::new(at, ErrorKind::Template(message)));
    }
    Ok((tera, paths))
}

fn html_files(dir: &Path) -> std::io::Result<Vec<(String, PathBuf)>> {
    let mut found = Vec::new();
    if !dir.is_dir() {
        return Ok(found);
    }
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if let Some(name) = path.file_name().and_then(|n| n.to_str()).filter(|n| n.ends_with(".html")) {
            found.push((name.to_string(), path.clone()));
        }
    }
    found.sort();
    Ok(found)
}

fn read_error(config: &Config, path: &Path, e: std::io::Error) -> Error {
    Error::new(Location::file(config.display_path(path)), ErrorKind::Unreadable(e))
}

impl Theme {
    /// A rendering error, placed at the template's file.
    pub fn error(&self, template: &str, e: &tera::Error) -> Error {
        let path = self.sources.get(template).cloned().unwrap_or_else(|| PathBuf::from(template));
        Error::new(Location::file(path), ErrorKind::Template(describe(e)))
    }
}

/// A tera error with its whole cause chain, which is where tera puts the details.
fn describe(e: &tera::Error) -> String {
    let mut message = e.to_string().trim_start_matches("error: ").to_string();
    let mut source = std::error::Error::source(e);
    while let Some(cause) = source {
        message.push_str(&format!(": {cause}"));
        source = cause.source();
    }
    message
}

/// Every configured language needs the theme's strings, and every language the same keys,
/// so no page shows a blank where a label should be.
fn strings(config: &Config, theme_dir: &Path) -> Result<IndexMap<Lang, Strings>, Vec<Error>> {
    let mut all = IndexMap::new();
    let mut errors = Vec::new();
    for lang in &config.languages {
        let path = theme_dir.join("i18n").join(format!("{}.yaml", lang.code));
        let shown = config.display_path(&path);
        let parsed = std::fs::read_to_string(&path)
            .map_err(|e| Error::new(Location::file(&shown), ErrorKind::Unreadable(e)))
            .and_then(|text| yaml::parse::<Strings>(&shown, &text, 1, "UI strings"));
        match parsed {
            Ok(strings) => {
                all.insert(lang.code.clone(), strings);
            }
            Err(e) => errors.push(e),
        }
    }
    for (lang, strings) in &all {
        for key in REQUIRED_STRINGS.iter().filter(|k| !strings.contains_key(**k)) {
            let path = theme_dir.join("i18n").join(format!("{lang}.yaml"));
            let kind =
                ErrorKind::MissingUiString { lang: lang.0.clone(), key: key.to_string(), other: "diptych".into() };
            errors.push(Error::new(Location::file(config.display_path(&path)), kind));
        }
        for (other, other_strings) in &all {
            for key in other_strings.keys().filter(|k| !strings.contains_key(*k)) {
                let path = theme_dir.join("i18n").join(format!("{lang}.yaml"));
                let kind = ErrorKind::MissingUiString {
                    lang: lang.0.clone(),
                    key: key.clone(),
                    other: format!("{other}.yaml"),
                };
                errors.push(Error::new(Location::file(config.display_path(&path)), kind));
            }
        }
    }
    if errors.is_empty() {
        Ok(all)
    } else {
        Err(errors)
    }
}
