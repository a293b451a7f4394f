//! The look of a site: the theme's tera templates (a site's own `templates/NAME.html`
//! replaces the theme's of the same name), its UI strings per language, its static files.
//! The default theme is built into the binary, so a site needs no `themes/` folder;
//! a `themes/archive/` folder of the site's own takes its place.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use include_dir::{include_dir, Dir};
use indexmap::IndexMap;

use crate::config::{Config, Lang};
use crate::diagnostic::{Error, ErrorKind, Location, Warning, WarningKind};
use crate::yaml;

/// The default theme, as it was in `themes/archive` when this binary was built.
pub static BUILT_IN: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/archive");
pub const BUILT_IN_NAME: &str = "archive";

/// UI strings of one language: key → text (`skip_to_content: 跳到正文`).
pub type Strings = IndexMap<String, String>;

/// Every language's UI strings.
pub type AllStrings = IndexMap<Lang, Strings>;

/// UI strings that diptych itself formats (dates, counts, titles), so every theme needs them.
pub const REQUIRED_STRINGS: [&str; 9] = [
    "date_format",
    "year_format",
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
    /// What the templates say, as one hash: a page is made from its view and them
    /// (`render::kept`).
    pub digest: u128,
    pub strings: IndexMap<Lang, Strings>,
    /// Files copied to the output root as they are, by output path; the site's own
    /// `static/` wins over the theme's.
    pub static_files: IndexMap<String, FileData>,
}

/// Where a file's bytes are.
#[derive(Debug, Clone)]
pub enum FileData {
    Disk(PathBuf),
    BuiltIn(&'static [u8]),
}

impl FileData {
    pub fn bytes(&self) -> std::io::Result<Cow<'static, [u8]>> {
        match self {
            FileData::Disk(path) => std::fs::read(path).map(Cow::Owned),
            FileData::BuiltIn(bytes) => Ok(Cow::Borrowed(bytes)),
        }
    }
}

/// A theme's folder: on disk, or built in.
enum Source {
    Disk(PathBuf),
    BuiltIn,
}

/// A file of a theme: its path inside the theme, the path to show, its bytes.
struct ThemeFile {
    rel: String,
    shown: PathBuf,
    data: FileData,
}

impl Source {
    fn find(config: &Config) -> Result<Source, Error> {
        let dir = config.root.join("themes").join(&config.theme);
        crate::site_files::check(&config.root, &dir, &config.display_path(&dir))?;
        if dir.is_dir() {
            Ok(Source::Disk(dir))
        } else if config.theme == BUILT_IN_NAME {
            Ok(Source::BuiltIn)
        } else {
            let kind = ErrorKind::ThemeNotFound { theme: config.theme.clone(), dir: config.display_path(&dir) };
            Err(Error::new(config.theme_at.clone(), kind))
        }
    }

    /// Files under `sub` (`templates`, `static`), recursively, sorted.
    fn files(&self, config: &Config, sub: &str) -> Result<Vec<ThemeFile>, Error> {
        match self {
            Source::Disk(dir) => disk_files(config, &dir.join(sub)),
            Source::BuiltIn => Ok(BUILT_IN.get_dir(sub).map(built_in_files).unwrap_or_default()),
        }
    }

    /// The theme's file at `rel`, if it has one.
    fn file(&self, config: &Config, rel: &str) -> Result<Option<ThemeFile>, Error> {
        match self {
            Source::Disk(dir) => {
                let path = dir.join(rel);
                let shown = config.display_path(&path);
                crate::site_files::check(&config.root, &path, &shown)?;
                Ok(path.is_file().then(|| ThemeFile { rel: rel.to_string(), shown, data: FileData::Disk(path) }))
            }
            Source::BuiltIn => Ok(BUILT_IN.get_file(rel).map(|f| built_in_file(rel, f.contents()))),
        }
    }
}

fn built_in_file(rel: &str, bytes: &'static [u8]) -> ThemeFile {
    let shown = PathBuf::from(format!("(built-in theme) {BUILT_IN_NAME}/{rel}"));
    ThemeFile { rel: rel.to_string(), shown, data: FileData::BuiltIn(bytes) }
}

fn built_in_files(dir: &'static Dir<'static>) -> Vec<ThemeFile> {
    let mut out = Vec::new();
    for entry in dir.entries() {
        if let Some(sub) = entry.as_dir() {
            out.extend(built_in_files(sub));
        } else if let Some(file) = entry.as_file() {
            out.push(built_in_file(&file.path().to_string_lossy(), file.contents()));
        }
    }
    out.sort_by(|a, b| a.rel.cmp(&b.rel));
    out
}

fn disk_files(config: &Config, dir: &Path) -> Result<Vec<ThemeFile>, Error> {
    let mut out = Vec::new();
    if !dir.is_dir() {
        return Ok(out);
    }
    for entry in crate::site_files::walk(config, dir, |_| true) {
        let entry = entry?;
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(dir).expect("walkdir stays under its root");
            let rel = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
            let path = entry.path().to_path_buf();
            out.push(ThemeFile { rel, shown: config.display_path(&path), data: FileData::Disk(path) });
        }
    }
    Ok(out)
}

/// The theme of the site, and warnings about it (a language without UI strings).
pub fn load(config: &Config) -> Result<(Theme, Vec<Warning>), Vec<Error>> {
    let source = Source::find(config).map_err(|e| vec![e])?;
    let (tera, sources, digest) = templates(config, &source).map_err(|e| vec![e])?;
    let (strings, warnings) = strings(config, &source)?;
    let mut static_files = IndexMap::new();
    let site_static = disk_files(config, &config.root.join("static")).map_err(|e| vec![e])?;
    let theme_static = source.files(config, "static").map_err(|e| vec![e])?;
    // The theme's `static/x` and the site's `static/x` are both `x` in the output.
    for file in theme_static.into_iter().chain(site_static) {
        let rel = file.rel.strip_prefix("static/").unwrap_or(&file.rel).to_string();
        static_files.insert(rel, file.data);
    }
    Ok((Theme { tera, sources, digest, strings, static_files }, warnings))
}

/// The theme's templates (the site's own `templates/` over them), where each was read
/// from, and a digest of their names and texts.
fn templates(config: &Config, source: &Source) -> Result<(tera::Tera, IndexMap<String, PathBuf>, u128), Error> {
    let site_templates = disk_files(config, &config.root.join("templates"))?;
    let mut texts: IndexMap<String, (PathBuf, String)> = IndexMap::new();
    for file in source.files(config, "templates")?.into_iter().chain(site_templates) {
        let name = file.rel.strip_prefix("templates/").unwrap_or(&file.rel).to_string();
        if !name.ends_with(".html") {
            continue;
        }
        texts.insert(name, (file.shown.clone(), text_of(&file)?));
    }
    // No function or filter of our own: a page must be a function of its view and its
    // templates alone, or a build could leave it stale (`render::kept`).
    let mut tera = tera::Tera::new();
    let sources: IndexMap<String, PathBuf> =
        texts.iter().map(|(name, (shown, _))| (name.clone(), shown.clone())).collect();
    if let Err(e) = tera.add_raw_templates(texts.iter().map(|(name, (_, text))| (name.as_str(), text.as_str()))) {
        // tera names the template in its message; point at that file when we can tell.
        let message = describe(&e);
        let path = sources.iter().find(|(name, _)| message.contains(name.as_str())).map(|(_, p)| p.clone());
        let at = Location::file(path.unwrap_or_else(|| PathBuf::from("templates")));
        return Err(Error::new(at, ErrorKind::Template { message }));
    }
    let mut digest = xxhash_rust::xxh3::Xxh3Default::new();
    for (name, (_, text)) in &texts {
        for part in [name, text] {
            digest.update(&(part.len() as u64).to_le_bytes());
            digest.update(part.as_bytes());
        }
    }
    Ok((tera, sources, digest.digest128()))
}

fn text_of(file: &ThemeFile) -> Result<String, Error> {
    let bytes = file.data.bytes().map_err(|e| Error::new(Location::file(&file.shown), ErrorKind::Unreadable(e)))?;
    crate::source::text_of(&file.shown, bytes.into_owned())
}

impl Theme {
    /// A date as `lang` writes it (the UI string `date_format`).
    pub fn date(&self, lang: &Lang, date: chrono::NaiveDate) -> String {
        let format = self.strings.get(lang).and_then(|s| s.get("date_format"));
        date.format(format.map_or("%Y-%m-%d", String::as_str)).to_string()
    }

    /// A rendering error, placed at the template's file.
    pub fn error(&self, template: &str, e: &tera::Error) -> Error {
        let path = self.sources.get(template).cloned().unwrap_or_else(|| PathBuf::from(template));
        Error::new(Location::file(path), ErrorKind::Template { message: describe(e) })
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

/// The UI strings of every configured language: the theme's, with the site's own
/// `i18n/LANG.yaml` and site.yaml's `strings` over them. A language the theme has no
/// strings for starts from the default language's, with a warning; every key the
/// site sets must be one the theme has, so a misspelt key is not silently unused.
fn strings(config: &Config, source: &Source) -> Result<(AllStrings, Vec<Warning>), Vec<Error>> {
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    let theme = theme_strings(config, source, &mut errors);
    let default = &config.default_language;
    let Some(base) = theme.get(default).or_else(|| theme.values().next()).map(|(s, _)| s.clone()) else {
        return Err(errors);
    };
    let known = || crate::config::quoted_list(base.keys().map(String::as_str));
    let mut all = IndexMap::new();
    for lang in &config.languages {
        let site_file = config.root.join("i18n").join(format!("{}.yaml", lang.code));
        let shown = config.display_path(&site_file);
        let own: Strings = match read_strings(config, &site_file, &shown) {
            Ok(own) => own.unwrap_or_default(),
            Err(e) => {
                errors.push(e);
                Strings::new()
            }
        };
        for key in own.keys().filter(|k| !base.contains_key(*k)) {
            errors.push(Error::new(
                Location::file(&shown),
                ErrorKind::UnknownUiString { key: key.clone(), known: known() },
            ));
        }
        let mut strings = match theme.get(&lang.code) {
            Some((s, _)) => s.clone(),
            None => {
                if base.keys().any(|k| !own.contains_key(k)) {
                    let from = config.lang(&default.0).map_or_else(|| default.0.clone(), |l| l.name.clone());
                    let kind = WarningKind::FallbackStrings { lang: lang.code.0.clone(), from, file: shown.clone() };
                    warnings.push(Warning { at: Location::file(crate::config::CONFIG_FILE), kind });
                }
                base.clone()
            }
        };
        for (key, text) in &own {
            errors.extend(bad_date_format(key, text).map(|kind| Error::new(Location::file(&shown), kind)));
        }
        strings.extend(own);
        for (key, (text, at)) in config.strings.get(&lang.code).into_iter().flatten() {
            if !base.contains_key(key) {
                errors.push(Error::new(at.clone(), ErrorKind::UnknownUiString { key: key.clone(), known: known() }));
            }
            errors.extend(bad_date_format(key, text).map(|kind| Error::new(at.clone(), kind)));
            strings.insert(key.clone(), text.clone());
        }
        all.insert(lang.code.clone(), strings);
    }
    if errors.is_empty() {
        Ok((all, warnings))
    } else {
        Err(errors)
    }
}

/// The theme's own strings files, for the languages it has, each with its keys
/// checked against what diptych needs and against the theme's other languages.
fn theme_strings(config: &Config, source: &Source, errors: &mut Vec<Error>) -> IndexMap<Lang, (Strings, PathBuf)> {
    let mut all: IndexMap<Lang, (Strings, PathBuf)> = IndexMap::new();
    for lang in &config.languages {
        let rel = format!("i18n/{}.yaml", lang.code);
        let read = source.file(config, &rel).and_then(|file| {
            let Some(file) = file else { return Ok(None) };
            let text = text_of(&file)?;
            Ok(Some((yaml::parse::<Strings>(&file.shown, &text, 1, "UI strings")?, file.shown)))
        });
        match read {
            Ok(Some(found)) => {
                all.insert(lang.code.clone(), found);
            }
            Ok(None) => {}
            Err(e) => errors.push(e),
        }
    }
    if all.is_empty() {
        let rel = format!("themes/{}/i18n/{}.yaml", config.theme, config.default_language);
        let missing =
            std::io::Error::new(std::io::ErrorKind::NotFound, "the theme has no UI strings for the default language");
        errors.push(Error::new(Location::file(rel), ErrorKind::Unreadable(missing)));
    }
    for (lang, (strings, shown)) in &all {
        let at = || Location::file(shown);
        for (key, text) in strings {
            errors.extend(bad_date_format(key, text).map(|kind| Error::new(at(), kind)));
        }
        for key in REQUIRED_STRINGS.iter().filter(|k| !strings.contains_key(**k)) {
            let kind =
                ErrorKind::MissingUiString { lang: lang.0.clone(), key: key.to_string(), other: "diptych".into() };
            errors.push(Error::new(at(), kind));
        }
        for (other, (other_strings, _)) in &all {
            for key in other_strings.keys().filter(|k| !strings.contains_key(*k)) {
                let other = format!("{other}.yaml");
                let kind = ErrorKind::MissingUiString { lang: lang.0.clone(), key: key.clone(), other };
                errors.push(Error::new(at(), kind));
            }
        }
    }
    all
}

/// Why the UI string `key`, if it is a date's format (`date_format`, `year_format`,
/// `month_format`), cannot write a date: a `%` field chrono does not know, or one of a
/// time of day or a time zone, which a date does not have. Found here, once: written
/// on a page, it would stop the build halfway.
fn bad_date_format(key: &str, format: &str) -> Option<ErrorKind> {
    use std::fmt::Write;
    let date = chrono::NaiveDate::from_ymd_opt(2024, 3, 7).expect("a date");
    let fails = key.ends_with("_format") && write!(String::new(), "{}", date.format(format)).is_err();
    fails.then(|| ErrorKind::BadDateFormat { key: key.to_string(), format: format.to_string() })
}

/// A site's own strings file, if it has one.
fn read_strings(config: &Config, path: &Path, shown: &Path) -> Result<Option<Strings>, Error> {
    crate::site_files::check(&config.root, path, shown)?;
    if !path.is_file() {
        return Ok(None);
    }
    let text = crate::source::read_text(path, shown)?;
    yaml::parse::<Strings>(shown, &text, 1, "UI strings").map(Some)
}

/// Writes the built-in theme into `dir` (for `init --with-theme`).
pub fn write_built_in(dir: &Path) -> std::io::Result<()> {
    for file in built_in_files(&BUILT_IN) {
        let path = dir.join(&file.rel);
        std::fs::create_dir_all(path.parent().expect("a file has a folder"))?;
        std::fs::write(path, file.data.bytes()?)?;
    }
    Ok(())
}
