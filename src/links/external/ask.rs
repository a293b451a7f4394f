//! Asking web servers whether addresses lead somewhere: one GET a distinct address,
//! a few sites at once but never more than two requests at a time to one site.

use std::sync::atomic::Ordering;
use std::sync::Mutex;
use std::time::Duration;

use indexmap::IndexMap;

use crate::run::Progress;

/// What a site answered for one address (after following its redirects).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// A page (2xx).
    Fine,
    /// A final status that is not a page: 404, 403, 503…
    Status(u16),
    /// No server has the address's host name.
    NoSuchHost,
    /// More redirects than a browser follows: a loop, most often.
    TooManyRedirects,
    /// No answer within the time given.
    TimedOut,
    /// No connection, or a broken one: why, in a few words.
    Unreachable(String),
    /// A secure connection the site's certificate does not allow: why.
    Insecure(String),
    /// Not a web address that can be asked (`https://exa mple.org`), and why.
    NotAnAddress(String),
    /// No host name was found, this one's or any other's: the computer is offline,
    /// more likely than every site gone. Never an answer of `ask_all`'s alone.
    Offline,
}

/// How many requests go to one site at a time: enough to get through an archive whose
/// every transcript links the same ministry's site, few enough to be polite to it.
const PER_SITE: usize = 2;
/// How many requests go out at a time in all.
const AT_ONCE: usize = 16;
/// As many as a browser follows.
const REDIRECTS: u32 = 10;

/// Asks for every one of `urls` (absolute `http(s)` addresses), each once; the answers
/// in the same order. `progress` counts the addresses answered.
pub fn ask_all(urls: &[&str], timeout: Duration, progress: &Progress) -> Vec<Answer> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .http_status_as_error(false)
        .max_redirects(REDIRECTS)
        .user_agent(concat!("diptych/", env!("CARGO_PKG_VERSION"), " (link check)"))
        .build()
        .into();
    progress.total.store(urls.len(), Ordering::Relaxed);
    let answers = Mutex::new(vec![Answer::Fine; urls.len()]);
    let lanes = Mutex::new(lanes(urls));
    let workers = lanes.lock().map_or(1, |l| l.len()).clamp(1, AT_ONCE);
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                // One lane at a time, its addresses one after the other.
                while let Some(lane) = lanes.lock().ok().and_then(|mut l| l.pop()) {
                    for index in lane {
                        let answer = ask(&agent, urls[index]);
                        if let Ok(mut answers) = answers.lock() {
                            answers[index] = answer;
                        }
                        progress.done.fetch_add(1, Ordering::Relaxed);
                    }
                }
            });
        }
    });
    answers.into_inner().unwrap_or_else(|e| e.into_inner())
}

/// The addresses' indexes in lanes: each site's addresses dealt into at most `PER_SITE`
/// lanes, so that a site is asked by at most that many workers at once.
fn lanes(urls: &[&str]) -> Vec<Vec<usize>> {
    let mut by_site: IndexMap<String, Vec<usize>> = IndexMap::new();
    for (index, url) in urls.iter().enumerate() {
        by_site.entry(host_of(url).unwrap_or_default()).or_default().push(index);
    }
    let mut lanes = Vec::new();
    for (_, indexes) in by_site {
        let count = indexes.len().min(PER_SITE);
        let mut dealt = vec![Vec::new(); count];
        for (n, index) in indexes.into_iter().enumerate() {
            dealt[n % count].push(index);
        }
        lanes.extend(dealt);
    }
    // Popped from the end: the first sites first, as the user wrote them.
    lanes.reverse();
    lanes
}

/// The host an address names, in lower case (`www.fmprc.gov.cn`).
pub fn host_of(url: &str) -> Option<String> {
    url::Url::parse(url).ok()?.host_str().map(str::to_ascii_lowercase)
}

fn ask(agent: &ureq::Agent, url: &str) -> Answer {
    // The WHATWG parser writes Chinese paths and host names as a request needs them
    // (percent-encoded, punycode), which the request's own parser refuses.
    let parsed = match url::Url::parse(url) {
        Ok(parsed) => parsed,
        Err(e) => return Answer::NotAnAddress(e.to_string()),
    };
    match agent.get(parsed.as_str()).call() {
        Ok(response) if response.status().is_success() => Answer::Fine,
        Ok(response) => Answer::Status(response.status().as_u16()),
        Err(ureq::Error::HostNotFound) => Answer::NoSuchHost,
        Err(ureq::Error::TooManyRedirects) => Answer::TooManyRedirects,
        Err(ureq::Error::Timeout(_)) => Answer::TimedOut,
        Err(ureq::Error::BadUri(why)) => Answer::NotAnAddress(why),
        Err(ureq::Error::Io(e)) => io_answer(&e),
        Err(e @ (ureq::Error::Rustls(_) | ureq::Error::Tls(_))) => Answer::Insecure(e.to_string()),
        Err(e) => Answer::Unreachable(e.to_string()),
    }
}

/// What a failed connection says, in a few words. A name that no server has is told
/// only by the system's message: the name lookup's error has no kind of its own.
fn io_answer(e: &std::io::Error) -> Answer {
    use std::io::ErrorKind;
    let message = e.to_string();
    let unknown_names = ["Name or service not known", "No address associated", "nodename nor servname", "No such host"];
    if unknown_names.iter().any(|says| message.contains(says)) {
        return Answer::NoSuchHost;
    }
    // rustls's errors come wrapped in the connection's.
    if message.contains("certificate") {
        return Answer::Insecure(message);
    }
    let why = match e.kind() {
        ErrorKind::TimedOut => return Answer::TimedOut,
        ErrorKind::ConnectionRefused => "the connection was refused",
        ErrorKind::ConnectionReset | ErrorKind::ConnectionAborted => "the connection was cut",
        ErrorKind::UnexpectedEof => "the site closed the connection without an answer",
        _ => message.as_str(),
    };
    Answer::Unreachable(why.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_site_is_dealt_into_at_most_two_lanes() {
        let urls = ["https://a.org/1", "https://A.org/2", "https://a.org/3", "https://b.org/1", "not an address"];
        let mut lanes = lanes(&urls);
        lanes.reverse();
        assert_eq!(lanes, vec![vec![0, 2], vec![1], vec![3], vec![4]]);
    }
}
