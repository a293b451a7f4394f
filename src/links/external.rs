//! `check --external`: whether the addresses on other sites that the sources write
//! still lead somewhere (a transcript's `source_url` is the first to go when a
//! ministry rebuilds its site). Each distinct address is asked for once; those found
//! working are remembered for a day in `.diptych-cache/`, so a check run again after a
//! fix asks only for what was wrong.

use std::path::Path;
use std::time::{Duration, Instant, SystemTime};

use crate::diagnostic::{Error, ErrorKind, Location, Problems, Warning, WarningKind};
use crate::generate::Site;
use crate::run::Progress;

mod ask;
mod written;

pub use ask::Answer;

/// How long an address found working is not asked for again.
const REMEMBERED_FOR: Duration = Duration::from_secs(24 * 60 * 60);
/// The cache file of addresses found working, and when.
const CACHE_FILE: &str = "external.tsv";

/// What `check --external` is asked.
#[derive(Debug, Clone)]
pub struct Asked {
    /// How long one address may take to answer, its redirects included.
    pub timeout: Duration,
    /// Addresses starting with one of these are not asked for (a site that turns every
    /// program away).
    pub skip: Vec<String>,
}

/// What a check of external links did, for its summary line.
#[derive(Debug, Clone, Default)]
pub struct Tally {
    /// Distinct addresses asked for.
    pub asked: usize,
    /// Distinct sites they are on.
    pub sites: usize,
    /// Addresses found working in the last day, not asked again.
    pub remembered: usize,
    /// Addresses left out by `Asked::skip`.
    pub skipped: usize,
    pub took: Duration,
}

/// Asks for every address on another site that the sources write, and reports those
/// that lead nowhere (errors) or could not be checked (warnings), at the place each is
/// written first. `progress` counts the addresses answered.
pub fn check(site: &Site, asked: &Asked, progress: &Progress, problems: &mut Problems) -> Tally {
    let started = Instant::now();
    let written = written::gather(site);
    let root = &site.config.root;
    let now = SystemTime::now();
    let mut remembered = remembered(root, now);
    let skipped = |url: &str| asked.skip.iter().any(|prefix| url.starts_with(prefix.as_str()));
    let wanted: Vec<&str> = written.keys().map(String::as_str).filter(|url| !skipped(url)).collect();
    let to_ask: Vec<&str> = wanted.iter().copied().filter(|url| !remembered.contains_key(*url)).collect();
    let answers = ask::ask_all(&to_ask, asked.timeout, progress);
    let mut sites: Vec<Option<String>> = to_ask.iter().map(|url| ask::host_of(url)).collect();
    sites.sort();
    sites.dedup();
    // A computer offline finds no name at all: that says nothing of the sites.
    let online = answers.iter().any(|a| matches!(a, Answer::Fine | Answer::Status(_) | Answer::TooManyRedirects));
    for (url, answer) in to_ask.iter().zip(&answers) {
        match answer {
            Answer::Fine => {
                remembered.insert(url.to_string(), now);
            }
            Answer::NoSuchHost if !online => report(url, &Answer::Offline, &written[*url], asked.timeout, problems),
            _ => report(url, answer, &written[*url], asked.timeout, problems),
        }
    }
    remember(root, &remembered);
    let (remembered, skipped) = (wanted.len() - to_ask.len(), written.len() - wanted.len());
    Tally { asked: to_ask.len(), sites: sites.len(), remembered, skipped, took: started.elapsed() }
}

/// One problem for an address that does not lead to a page, at the first place it is
/// written, naming the others.
fn report(url: &str, answer: &Answer, places: &[Location], timeout: Duration, problems: &mut Problems) {
    let Some((first, others)) = places.split_first() else { return };
    let also = also_at(others);
    let link = url.to_string();
    match broken_because(url, answer) {
        Some(why) => problems.errors.push(Error::new(first.clone(), ErrorKind::ExternalLinkBroken { link, why, also })),
        None => {
            let why = unchecked_because(url, answer, timeout);
            let kind = WarningKind::ExternalLinkUnchecked { link, why, also };
            problems.warnings.push(Warning { at: first.clone(), kind });
        }
    }
}

/// Why the address leads nowhere, if the answer says so for sure: the page is gone, the
/// site is, or the address loops or is not one.
fn broken_because(url: &str, answer: &Answer) -> Option<String> {
    let why = match answer {
        Answer::Status(code @ (404 | 410)) => format!(
            "its site answers {}: the page is gone or has moved; link to where it is now, or to a copy kept by a web archive",
            status(*code)
        ),
        Answer::Status(code @ 400..=499) if !matches!(code, 401 | 403 | 407 | 429) => {
            format!("its site refuses it with {}", status(*code))
        }
        Answer::NoSuchHost => format!(
            "no site is found by the name `{}`: it is mistyped, or the site is gone",
            ask::host_of(url).unwrap_or_default()
        ),
        Answer::TooManyRedirects => "it is sent on from one address to another without end".to_string(),
        Answer::NotAnAddress(why) => format!("it is not a web address that can be asked for ({why})"),
        _ => return None,
    };
    Some(why)
}

/// Why the address could not be checked: the site turned the check away, failed, or
/// could not be reached; it may well work in a browser, or later.
fn unchecked_because(url: &str, answer: &Answer, timeout: Duration) -> String {
    match answer {
        Answer::Status(code @ (401 | 403 | 407)) => {
            format!("its site answers {}, as many sites do to programs; open it in a browser to be sure", status(*code))
        }
        Answer::Status(429) => format!("its site answers {}: check again later", status(429)),
        Answer::Status(code) => {
            format!("its site answers {}: it may be down for now; check again later", status(*code))
        }
        Answer::TimedOut => {
            format!("no answer within {} s; check again later, or give it longer with `--timeout`", timeout.as_secs())
        }
        Answer::Unreachable(why) => format!(
            "no connection to `{}` could be made ({why}); check again later",
            ask::host_of(url).unwrap_or_default()
        ),
        Answer::Insecure(why) => {
            format!("its secure connection could not be made ({why}); open it in a browser to see why")
        }
        Answer::Offline => format!(
            "no site is found by the name `{}`, nor did any other site answer: is this computer offline?",
            ask::host_of(url).unwrap_or_default()
        ),
        Answer::Fine | Answer::NoSuchHost | Answer::TooManyRedirects | Answer::NotAnAddress(_) => String::new(),
    }
}

/// `404 Not Found`: a status with its name.
fn status(code: u16) -> String {
    let name = ureq::http::StatusCode::from_u16(code).ok().and_then(|s| s.canonical_reason());
    name.map_or_else(|| code.to_string(), |name| format!("{code} {name}"))
}

/// `; also written at a.md:4, b.md:9 and 3 more places`, for the places after the first.
fn also_at(others: &[Location]) -> String {
    const SHOWN: usize = 3;
    if others.is_empty() {
        return String::new();
    }
    let shown: Vec<String> = others.iter().take(SHOWN).map(Location::to_string).collect();
    let more = match others.len().saturating_sub(SHOWN) {
        0 => String::new(),
        1 => " and 1 more place".to_string(),
        n => format!(" and {n} more places"),
    };
    format!("; also written at {}{more}", shown.join(", "))
}

/// The addresses found working less than a day ago, with when.
fn remembered(root: &Path, now: SystemTime) -> indexmap::IndexMap<String, SystemTime> {
    let text = std::fs::read_to_string(root.join(crate::cache::FOLDER).join(CACHE_FILE)).unwrap_or_default();
    let recent = |(seconds, url): (&str, &str)| {
        let when = SystemTime::UNIX_EPOCH + Duration::from_secs(seconds.parse().ok()?);
        let age = now.duration_since(when).ok()?;
        (age < REMEMBERED_FOR).then(|| (url.to_string(), when))
    };
    text.lines().filter_map(|line| line.split_once('\t')).filter_map(recent).collect()
}

/// Writes the addresses found working, each with when, one a line.
fn remember(root: &Path, found: &indexmap::IndexMap<String, SystemTime>) {
    crate::cache::replace(root, CACHE_FILE, |out| {
        use std::io::Write;
        for (url, when) in found.iter().filter(|(url, _)| !url.contains(['\t', '\n', '\r'])) {
            let seconds = when.duration_since(SystemTime::UNIX_EPOCH).map_or(0, |d| d.as_secs());
            writeln!(out, "{seconds}\t{url}")?;
        }
        Ok(())
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_status_is_said_with_its_name() {
        assert_eq!(status(404), "404 Not Found");
        assert_eq!(status(599), "599");
    }

    #[test]
    fn the_other_places_are_named_up_to_three() {
        let at = |line| Location::at("a.md", line, 1);
        assert_eq!(also_at(&[]), "");
        assert_eq!(also_at(&[at(4)]), "; also written at a.md:4:1");
        assert_eq!(
            also_at(&[at(1), at(2), at(3), at(4), at(5)]),
            "; also written at a.md:1:1, a.md:2:1, a.md:3:1 and 2 more places"
        );
    }

    #[test]
    fn addresses_found_working_are_remembered_for_a_day() {
        let root = tempfile::tempdir().expect("a temporary folder");
        let now = SystemTime::now();
        let mut found = indexmap::IndexMap::new();
        found.insert("https://a.org/".to_string(), now - Duration::from_secs(60));
        found.insert("https://b.org/".to_string(), now - REMEMBERED_FOR - Duration::from_secs(60));
        remember(root.path(), &found);
        let kept: Vec<String> = remembered(root.path(), now).into_keys().collect();
        assert_eq!(kept, ["https://a.org/"]);
    }
}
