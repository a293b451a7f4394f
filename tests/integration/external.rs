//! `check --external`: generated sites whose transcripts (text, front matter, `extra`),
//! pages, menu and footer link to a server on this machine that answers each address
//! as its path says (a page, a missing one, a redirect, a loop, a failure, a refusal,
//! slowly), checked by the real binary: every address that does not lead to a page is
//! reported once, at a place it is written, naming the others; no working one is; each
//! is asked for once.

use std::collections::{BTreeSet, HashMap};
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::support::{transcript, TestSite};

/// A server that answers by the first part of the path, and counts what it is asked.
struct Server {
    port: u16,
    asked: Arc<Mutex<HashMap<String, usize>>>,
    stop: Arc<AtomicBool>,
}

impl Server {
    fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a port on this machine");
        let port = listener.local_addr().unwrap().port();
        let (asked, stop) = (Arc::new(Mutex::new(HashMap::new())), Arc::new(AtomicBool::new(false)));
        let (counts, stopped) = (asked.clone(), stop.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stopped.load(Ordering::Relaxed) {
                    break;
                }
                let counts = counts.clone();
                std::thread::spawn(move || stream.map(|s| answer(s, &counts)));
            }
        });
        Server { port, asked, stop }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}/{path}", self.port)
    }

    fn times_asked(&self, path: &str) -> usize {
        self.asked.lock().unwrap().get(&format!("/{path}")).copied().unwrap_or(0)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        let _ = TcpStream::connect(("127.0.0.1", self.port)); // wakes the accepting thread
    }
}

fn answer(stream: TcpStream, counts: &Mutex<HashMap<String, usize>>) {
    let mut reader = BufReader::new(stream);
    let mut request = String::new();
    if reader.read_line(&mut request).is_err() {
        return;
    }
    let path = request.split(' ').nth(1).unwrap_or("/").to_string();
    let mut line = String::new();
    while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
        line.clear();
    }
    *counts.lock().unwrap().entry(path.clone()).or_default() += 1;
    let kind = path.split('/').nth(1).unwrap_or_default();
    let (status, location) = match kind {
        "ok" => ("200 OK", None),
        "gone" => ("404 Not Found", None),
        "moved" => ("301 Moved Permanently", Some(path.replacen("/moved/", "/ok/moved-", 1))),
        "loop" => ("302 Found", Some(path.clone())),
        "down" => ("503 Service Unavailable", None),
        "forbidden" => ("403 Forbidden", None),
        "slow" => {
            std::thread::sleep(Duration::from_secs(3));
            ("200 OK", None)
        }
        _ => ("400 Bad Request", None),
    };
    let location = location.map_or(String::new(), |l| format!("Location: {l}\r\n"));
    let body = "<!DOCTYPE html><title>t</title>";
    let response = format!(
        "HTTP/1.1 {status}\r\n{location}Content-Type: text/html\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = reader.get_mut().write_all(response.as_bytes());
}

/// What the check must say of an address of each kind: nothing, an error or a warning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Said {
    Nothing,
    Error,
    Warning,
}

fn said_of(kind: &str, online: bool) -> Said {
    match kind {
        "ok" | "moved" => Said::Nothing,
        "gone" | "loop" => Said::Error,
        // Unless no site answered at all: then the computer seems offline.
        "unknown-host" if online => Said::Error,
        _ => Said::Warning, // down, forbidden, slow, refused
    }
}

const KINDS: [&str; 9] = ["ok", "moved", "gone", "loop", "down", "forbidden", "slow", "refused", "unknown-host"];

/// A generated site, and where each address (without its fragment) is written:
/// `path:line` of each place.
struct Generated {
    site: TestSite,
    places: HashMap<String, BTreeSet<String>>,
    kinds: HashMap<String, &'static str>,
}

/// Makes up addresses as the site is written: a new one of a random kind, or now and
/// then one already used (the same source linked from several transcripts).
struct Addresses<'s> {
    server: &'s Server,
    seed: u64,
    refused_port: u16,
    rng: fastrand::Rng,
    made: Vec<String>,
    kinds: HashMap<String, &'static str>,
    places: HashMap<String, BTreeSet<String>>,
}

impl Addresses<'_> {
    /// An address to write at `file:line` (with a fragment now and then).
    fn at(&mut self, file: &str, line: usize) -> String {
        let url = if !self.made.is_empty() && self.rng.u8(..4) == 0 {
            self.made[self.rng.usize(..self.made.len())].clone()
        } else {
            self.new_address()
        };
        self.places.entry(url.clone()).or_default().insert(format!("{file}:{line}"));
        if self.rng.bool() {
            format!("{url}#part-{}", self.rng.u8(..9))
        } else {
            url
        }
    }

    fn new_address(&mut self) -> String {
        // Few slow ones: each holds one of the two requests this host is allowed at once.
        let kinds = if self.kinds.values().any(|&k| k == "slow") { &KINDS[..6] } else { &KINDS[..] };
        let kind = kinds[self.rng.usize(..kinds.len())];
        let n = format!("s{}-{}", self.seed, self.made.len());
        let url = match kind {
            "refused" => format!("http://127.0.0.1:{}/r{n}", self.refused_port),
            "unknown-host" => format!("https://archive-{n}.invalid/page"),
            _ => self.server.url(&format!("{kind}/u{n}")),
        };
        self.made.push(url.clone());
        self.kinds.insert(url.clone(), kind);
        url
    }
}

/// A site of a few transcripts in two languages and a page, whose links of every form
/// (inline, image, autolink, reference, front matter, menu, footer) go to `server`.
fn generate(seed: u64, server: &Server, refused_port: u16) -> Generated {
    let site = TestSite::minimal();
    let rng = fastrand::Rng::with_seed(seed);
    let mut addresses =
        Addresses { server, seed, refused_port, rng, made: Vec::new(), kinds: HashMap::new(), places: HashMap::new() };
    for t in 0..1 + addresses.rng.usize(..4) {
        for lang in ["zh", "en"] {
            let file = format!("content/2024/030{t}-briefing.{lang}.md");
            site.write(&file, transcript_text(&file, &mut addresses));
        }
    }
    let page = "pages/about.en.md";
    let link = addresses.at(page, 5);
    site.write(page, format!("---\ntitle: About\n---\n\nSee [the sources]({link}).\n"));
    let menu = addresses.at("site.yaml", 13);
    let footer = addresses.at("site.yaml", 14);
    let mut config = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    assert_eq!(config.lines().count(), 10, "the menu and footer lines below are counted from it");
    config.push_str(&format!(
        "menu:\n  - home\n  - {{ label: Sources, url: \"{menu}\" }}\nfooter: {{ en: \"[Licence]({footer})\" }}\n"
    ));
    site.write("site.yaml", config);
    // A place in site.yaml is its first: the footer's address may be the menu's.
    if let Some(places) = addresses.places.get_mut(footer.split('#').next().unwrap()) {
        if places.contains("site.yaml:13") {
            places.remove("site.yaml:14");
        }
    }
    Generated { site, places: addresses.places, kinds: addresses.kinds }
}

/// A transcript of two sections whose front matter and text link to `addresses`,
/// each written at a line it records.
fn transcript_text(file: &str, addresses: &mut Addresses) -> String {
    let mut front = vec!["title: 记者会".to_string(), "date: 2024-03-01".to_string()];
    if addresses.rng.bool() {
        front.push(format!("source_url: \"{}\"", addresses.at(file, front.len() + 2)));
    }
    if addresses.rng.bool() {
        front.push(format!("media: {{ audio: \"{}\" }}", addresses.at(file, front.len() + 2)));
    }
    if addresses.rng.bool() {
        front.push(format!("extra: {{ record: {{ scan: \"{}\" }} }}", addresses.at(file, front.len() + 2)));
    }
    let mut body: Vec<String> = vec![String::new()];
    let first_line = front.len() + 3; // the `---` lines around the front matter
    let mut references = Vec::new();
    for s in 0..2 {
        body.push(format!("## 第{s}节 {{#s{s}}}"));
        body.push(String::new());
        for p in 0..1 + addresses.rng.usize(..3) {
            let line = first_line + body.len();
            let url = addresses.at(file, line);
            let text = match addresses.rng.u8(..4) {
                0 => format!("**发言人**：请看[原文]({url})。"),
                1 => format!("**发言人**：图片 ![现场]({url}) 如下。"),
                2 => format!("**发言人**：链接 <{url}> 在此。"),
                _ => {
                    references.push(format!("[r{s}-{p}]: {url}"));
                    format!("**发言人**：见[资料][r{s}-{p}]。")
                }
            };
            body.push(text);
            body.push(String::new());
        }
    }
    body.extend(references);
    transcript(&front.join("\n"), &body.join("\n"))
}

/// The problems `check --external` printed, by the address they name: (error or
/// warning, where, the other places it names, how many more it counts).
fn reported(stderr: &str) -> HashMap<String, (Said, String, Vec<String>, usize)> {
    let mut found = HashMap::new();
    for line in stderr.lines().filter(|l| l.contains(": the link `")) {
        let said = if line.contains(": error: ") { Said::Error } else { Said::Warning };
        let at = line.split(": ").next().unwrap();
        let at = at.rsplit_once(':').unwrap().0.to_string(); // the column left out
        let url = line.split('`').nth(1).unwrap().to_string();
        let (mut others, mut more) = (Vec::new(), 0);
        if let Some(also) = line.split("; also written at ").nth(1) {
            let (listed, rest) = also.split_once(" and ").unwrap_or((also, ""));
            others = listed.split(", ").map(|l| l.rsplit_once(':').unwrap().0.to_string()).collect();
            more = rest.split(' ').next().and_then(|n| n.parse().ok()).unwrap_or(0);
        }
        let previous = found.insert(url.clone(), (said, at, others, more));
        assert!(previous.is_none(), "`{url}` reported twice:\n{stderr}");
    }
    found
}

#[test]
fn every_address_that_leads_nowhere_is_reported_once_at_its_places() {
    let server = Server::start();
    let refused_port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port(); // closed at once
    for seed in 0..6 {
        let generated = generate(seed, &server, refused_port);
        let out = generated.site.run(&["check", "--external", "--timeout", "1"]);
        let stderr = String::from_utf8_lossy(&out.stderr).to_string();
        let reported = reported(&stderr);
        let mut any_error = false;
        let answering = ["ok", "moved", "gone", "loop", "down", "forbidden"];
        let online = generated.places.keys().any(|url| answering.contains(&generated.kinds[url]));
        let said_of = |url: &String| said_of(generated.kinds[url], online);
        for (url, places) in &generated.places {
            let said = said_of(url);
            any_error |= said == Said::Error;
            let Some((was_said, at, others, more)) = reported.get(url) else {
                assert_eq!(said, Said::Nothing, "seed {seed}: `{url}` not reported:\n{stderr}");
                continue;
            };
            assert_eq!(*was_said, said, "seed {seed}: `{url}`:\n{stderr}");
            let named: BTreeSet<String> = std::iter::once(at.clone()).chain(others.iter().cloned()).collect();
            assert!(named.is_subset(places), "seed {seed}: `{url}` is at {places:?}, reported at {named:?}");
            assert_eq!(named.len() + more, places.len(), "seed {seed}: `{url}` at {places:?}:\n{stderr}");
        }
        assert_eq!(reported.len(), generated.places.keys().filter(|u| said_of(u) != Said::Nothing).count());
        assert_eq!(out.status.success(), !any_error, "seed {seed}:\n{stderr}");
        for url in generated.places.keys().filter_map(|u| u.strip_prefix(&server.url(""))) {
            let times = server.times_asked(url);
            assert!(times == 1 || url.starts_with("loop/") && times > 1, "seed {seed}: /{url} asked {times} times");
        }
    }
}

/// A site of one Chinese transcript whose one turn is `words` (with its links), at
/// line 8 of `content/2024/0301.zh.md`.
fn site_with_turn(words: &str) -> TestSite {
    let site = TestSite::minimal();
    let body = format!("\n## 一 {{#one}}\n\n**发言人**：{words}\n");
    site.write("content/2024/0301.zh.md", transcript("title: 记者会\ndate: 2024-03-01", &body));
    site
}

#[test]
fn addresses_found_working_are_not_asked_again_the_same_day() {
    let server = Server::start();
    let (ok, gone) = (server.url("ok/a"), server.url("gone/b"));
    let site = site_with_turn(&format!("[原文]({ok})，[旧址]({gone})。"));
    for run in 1..=2 {
        let out = site.run(&["check", "--external"]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("content/2024/0301.zh.md:8:"), "{stderr}");
        assert!(!out.status.success());
        assert_eq!(server.times_asked("ok/a"), 1, "run {run}");
        assert_eq!(server.times_asked("gone/b"), run, "run {run}: a broken one is asked again");
    }
    let out = site.run(&["check", "--external"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("1 other was found working in the last day"));
}

#[test]
fn a_plain_check_asks_no_other_site() {
    let server = Server::start();
    let site = site_with_turn(&format!("[旧址]({})。", server.url("gone/c")));
    let out = site.run(&["check"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(server.times_asked("gone/c"), 0);
}

#[test]
fn names_not_found_when_no_site_answers_are_not_called_broken() {
    let site = site_with_turn("[原文](https://www.example.invalid/a)，[另见](https://other.invalid/b)。");
    let out = site.run(&["check", "--external"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert_eq!(stderr.matches("is this computer offline?").count(), 2, "{stderr}");
}

#[test]
fn a_secure_connection_that_fails_is_a_warning_not_a_crash() {
    let server = Server::start();
    // The server speaks plain HTTP: the secure connection's handshake fails.
    let url = format!("https://127.0.0.1:{}/ok/tls", server.port);
    let site = site_with_turn(&format!("[原文]({url})。"));
    let out = site.run(&["check", "--external", "--timeout", "2"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains(&format!("warning: the link `{url}` could not be checked")), "{stderr}");
}

#[test]
fn addresses_given_to_skip_are_not_asked_for() {
    let server = Server::start();
    let (gone, kept) = (server.url("gone/skipped/a"), server.url("gone/b"));
    let site = site_with_turn(&format!("[一]({gone})，[二]({kept})。"));
    let out = site.run(&["check", "--external", "--skip", &server.url("gone/skipped/")]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("gone/skipped/a") && stderr.contains(&format!("`{kept}` is broken")), "{stderr}");
    assert!(stderr.contains("; 1 address left out by --skip"), "{stderr}");
    assert_eq!((server.times_asked("gone/skipped/a"), server.times_asked("gone/b")), (0, 1));
}
