//! `diptych serve`: a real HTTP server on loopback, live reload, errors shown while
//! the last good site keeps being served, and no way out of the site.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::support::*;

/// A running `diptych serve`, stopped when dropped.
struct Server {
    child: Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(site: &TestSite) -> Server {
    let child = Command::new(env!("CARGO_BIN_EXE_diptych"))
        .args(["serve", "--port", "0"])
        .current_dir(site.root())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // In the guard at once: stopped and waited for however this test ends.
    let mut server = Server { child, port: 0 };
    let stderr = BufReader::new(server.child.stderr.take().unwrap());
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        for line in stderr.lines().map_while(Result::ok) {
            let _ = sender.send(line);
        }
    });
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let line = receiver.recv_timeout(deadline - Instant::now()).expect("serve prints its address");
        if let Some(url) = line.strip_prefix("serving http://127.0.0.1:") {
            server.port = url.split('/').next().unwrap().parse().unwrap();
            return server;
        }
    }
}

/// One request with an exact path (no client-side normalising): (status, headers, body).
fn request(port: u16, path: &str) -> (u16, String, String) {
    request_with(port, "GET", path)
}

fn request_with(port: u16, method: &str, path: &str) -> (u16, String, String) {
    let (status, head, body) = request_bytes(port, method, path, "");
    (status, head, String::from_utf8_lossy(&body).into_owned())
}

/// One request with `headers` (each ending `\r\n`): (status, headers, the body's bytes).
fn request_bytes(port: u16, method: &str, path: &str, headers: &str) -> (u16, String, Vec<u8>) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{headers}Content-Length: 0\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let split = response.windows(4).position(|w| w == b"\r\n\r\n").unwrap_or(response.len());
    let head = String::from_utf8_lossy(&response[..split]).to_lowercase();
    let body = response.get(split + 4..).unwrap_or_default().to_vec();
    let status = head.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    (status, head, body)
}

/// The live event stream of the preview (of the fixtures' `/archive/` sites).
fn events(port: u16) -> mpsc::Receiver<String> {
    events_at(port, "/archive/")
}

/// The live event stream of the preview served under `base_path`, read line by line
/// in a thread.
fn events_at(port: u16, base_path: &str) -> mpsc::Receiver<String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(stream, "GET {base_path}__diptych/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines().map_while(Result::ok) {
            if sender.send(line).is_err() {
                break;
            }
        }
    });
    receiver
}

/// Waits for `event: NAME` and returns the data lines that follow it.
fn next_event(events: &mpsc::Receiver<String>, name: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut in_event = false;
    let mut data = Vec::new();
    loop {
        let line = events
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            .unwrap_or_else(|_| panic!("no `{name}` event"));
        if line == format!("event: {name}") {
            in_event = true;
        } else if in_event && line.starts_with("data:") {
            data.push(line.trim_start_matches("data:").trim_start().to_string());
        } else if in_event && line.is_empty() {
            return data.join("\n");
        }
    }
}

#[test]
fn serve_previews_reloads_and_survives_bad_edits() {
    let site = TestSite::fixture("basic");
    let server = start(&site);
    let (status, head, body) = request(server.port, "/archive/en/2024/0307-press/");
    assert_eq!(status, 200);
    assert!(head.contains("content-type: text/html; charset=utf-8"), "{head}");
    assert!(body.contains("<h1>Press Conference</h1>"));
    assert!(
        body.contains(r#"<script src="/archive/__diptych/live.js"></script></body>"#),
        "the reload script is injected"
    );
    let (_, head, _) = request(server.port, "/archive/assets/diptych.css");
    assert!(head.contains("content-type: text/css; charset=utf-8"));

    let events = events(server.port);
    let source = "content/2024/0307-press.en.md";
    let text = std::fs::read_to_string(site.root().join(source)).unwrap();
    site.write(source, text.replace("title: Press Conference", "title: Press Conference, Edited"));
    next_event(&events, "reload");
    let (_, _, body) = request(server.port, "/archive/en/2024/0307-press/");
    assert!(body.contains("<h1>Press Conference, Edited</h1>"));
    // So does its citation, which is a file of its own.
    let (_, _, cite) = request(server.port, "/archive/en/2024/0307-press/cite.ris");
    assert!(cite.contains("TI  - Press Conference, Edited\n"), "{cite}");

    // A bad edit: the error goes to the page, the last good site keeps being served.
    site.write(source, text.replace("date: 2024-03-07", "date: 2024-02-30"));
    let error = next_event(&events, "build-error");
    assert!(error.contains("content/2024/0307-press.en.md:3:1: error: `2024-02-30` is not a valid date"), "{error}");
    let (status, _, body) = request(server.port, "/archive/en/2024/0307-press/");
    assert_eq!(status, 200);
    assert!(body.contains("<h1>Press Conference, Edited</h1>"));
    // A page opened now learns of the error at once.
    let late = self::events(server.port);
    assert!(next_event(&late, "build-error").contains("is not a valid date"));

    site.write(source, text);
    next_event(&events, "reload");
    assert!(request(server.port, "/archive/en/2024/0307-press/").2.contains("<h1>Press Conference</h1>"));
    assert!(!site.public().exists(), "serve never writes public/");
}

/// A transcript page links to the next newer and older transcripts *in its language*,
/// skipping those without it; an edit to one two places away must reach that link.
#[test]
fn an_edited_title_reaches_the_neighbour_link_across_an_untranslated_transcript() {
    let site = TestSite::minimal();
    let body = "\n## One {#one}\n\n**A**: text.\n";
    site.write("content/a.en.md", transcript("title: Newest\ndate: 2024-03-03", body));
    site.write("content/a.zh.md", transcript("title: 最新\ndate: 2024-03-03", body));
    site.write("content/b.zh.md", transcript("title: 中间\ndate: 2024-03-02", body));
    site.write("content/c.en.md", transcript("title: Oldest\ndate: 2024-03-01", body));
    site.write("content/c.zh.md", transcript("title: 最旧\ndate: 2024-03-01", body));
    let server = start(&site);
    let older = |body: &str| body.split(r#"rel="next""#).nth(1).map(|s| s[..s.find("</a>").unwrap()].to_string());
    let page = request(server.port, "/en/a/").2;
    assert!(older(&page).unwrap().contains("Oldest"), "{page}");

    let events = events_at(server.port, "/");
    site.write("content/c.en.md", transcript("title: Oldest, Renamed\ndate: 2024-03-01", body));
    next_event(&events, "reload");
    let page = request(server.port, "/en/a/").2;
    assert!(older(&page).unwrap().contains("Oldest, Renamed"), "a stale neighbour label: {page}");
}

/// Asks `holds` again until it is true, for at most 30 s (the background work takes
/// well under a second; the margin is for a loaded machine).
fn eventually(holds: impl Fn() -> bool) -> bool {
    let deadline = Instant::now() + Duration::from_secs(30);
    while !holds() {
        if Instant::now() > deadline {
            return false;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    true
}

/// After an edit the page reloads at once with related sections carried over; then
/// related sections are ranked again and the search index made again in the
/// background, and the preview serves both without another edit.
#[test]
fn related_sections_and_the_search_index_catch_up_after_an_edit() {
    let site = TestSite::minimal();
    let words = ["apples orchard cider harvest", "bananas tropical plantation ripe", "cherries blossom petals spring"];
    let write = |name: &str, text: &str| {
        let body = format!("\n## One {{#one}}\n\n**A**: {text}. {text}.\n");
        site.write(
            &format!("content/{name}.en.md"),
            transcript(&format!("title: {name}\ndate: 2024-03-0{}", name.len()), &body),
        );
    };
    for (name, text) in ["a", "bb", "ccc"].iter().zip(words) {
        write(name, text);
    }
    let server = start(&site);
    assert!(!request(server.port, "/en/a/one/").2.contains("/en/ccc/one/"), "a and ccc share no words yet");

    let events = events_at(server.port, "/");
    write("ccc", "apples orchard cider harvest zebracorn");
    next_event(&events, "reload");
    let related = || request(server.port, "/en/a/one/").2.contains(r#"href="/en/ccc/one/""#);
    assert!(eventually(related), "ccc is among a's related sections");
    let meta: serde_json::Value = serde_json::from_str(&request(server.port, "/search/en/meta.json").2).unwrap();
    let buckets = meta["buckets"].as_u64().unwrap();
    let bucket = |b: u64| request(server.port, &format!("/search/en/index/{b}.json")).2;
    let indexed = || (0..buckets).any(|b| bucket(b).contains("\"zebracorn\""));
    assert!(eventually(indexed), "the new word is in the search index");
}

#[test]
fn serve_never_leaves_the_site() {
    let site = TestSite::fixture("basic");
    let server = start(&site);
    for path in [
        "/archive/../../etc/passwd",
        "/archive/%2e%2e/%2e%2e/etc/passwd",
        "/archive/..%2f..%2fetc%2fpasswd",
        "/archive/%2F%2Fetc%2Fpasswd",
        "/archive/zh/%5c..%5c..%5cetc%5cpasswd",
        "//etc/passwd",
        "/etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/..%2f..%2fetc%2fpasswd",
        "/%2e%2e/archive/en/",
        "/archive/%00",
    ] {
        let (status, _, body) = request(server.port, path);
        assert!(status == 400 || status == 404, "{path}: {status}");
        assert!(!body.contains("root:"), "{path} leaked a file");
    }
    let long = format!("/archive/{}", "a/".repeat(5000));
    let (status, _, _) = request(server.port, &long);
    assert!(status >= 400, "a huge path is refused, not served: {status}");
    let (status, _, body) = request(server.port, "/archive/no/such/page/");
    assert_eq!(status, 404);
    assert!(body.contains("Page not found"), "the site's 404 page");
    // Still alive after all that.
    assert_eq!(request(server.port, "/archive/").0, 200);
}

#[test]
fn addresses_without_the_sites_sub_path_are_sent_under_it() {
    let site = TestSite::fixture("basic");
    let server = start(&site);
    for (path, to) in [
        ("/", "/archive/"),
        ("/archive", "/archive/"),
        ("/en/", "/archive/en/"),
        ("/en/2024/0307-press/", "/archive/en/2024/0307-press/"),
        ("/en/2024/0307-press", "/archive/en/2024/0307-press"),
        ("/archive/en/2024/0307-press", "/archive/en/2024/0307-press/"),
        ("/assets/diptych.css", "/archive/assets/diptych.css"),
        ("/en/search/?q=peace%20talks", "/archive/en/search/?q=peace%20talks"),
    ] {
        let (status, head, _) = request(server.port, path);
        // Temporary: the next site previewed on this port may have other addresses.
        assert_eq!(status, 307, "{path}");
        assert!(head.contains(&format!("location: {to}\r\n")), "{path}: {head}");
    }
    for path in ["/nothing/", "/en/2024/no-such-press/", "/archive/nothing/"] {
        assert_eq!(request(server.port, path).0, 404, "{path}");
    }
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_serve_cleanly() {
    let site = TestSite::fixture("basic");
    let mut server = start(&site);
    // SAFETY: sending a signal to our own child process.
    unsafe { libc::kill(server.child.id() as i32, libc::SIGINT) };
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "serve did not stop on Ctrl-C");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status:?}");
}

/// While every page is drawn again (site.yaml saved) and while an edit's pages replace
/// the old ones, every request gets a whole page, the old one or the new: never a
/// missing page, never half of one.
#[test]
fn requests_during_rebuilds_get_whole_pages() {
    let site = TestSite::fixture("basic");
    let server = start(&site);
    let port = server.port;
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let asking = {
        let done = done.clone();
        std::thread::spawn(move || {
            let mut answers = 0;
            while !done.load(std::sync::atomic::Ordering::Relaxed) {
                for path in ["/archive/en/2024/0307-press/", "/archive/zh/", "/archive/assets/diptych.css"] {
                    let (status, _, body) = request(port, path);
                    assert_eq!(status, 200, "{path} during a rebuild");
                    let whole =
                        if path.ends_with('/') { body.trim_end().ends_with("</html>") } else { !body.is_empty() };
                    assert!(whole, "{path} came half: {} bytes", body.len());
                    answers += 1;
                }
            }
            answers
        })
    };
    let events = events(server.port);
    let yaml = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    let source = "content/2024/0307-press.en.md";
    let text = std::fs::read_to_string(site.root().join(source)).unwrap();
    for save in 1..=4 {
        site.write("site.yaml", yaml.replace("en: Test Archive", &format!("en: Saved {save} Archive")));
        next_event(&events, "reload");
        site.write(source, text.replace("title: Press Conference", &format!("title: Edited {save}")));
        next_event(&events, "reload");
    }
    done.store(true, std::sync::atomic::Ordering::Relaxed);
    let answers = asking.join().expect("every answer was whole");
    assert!(answers >= 30, "only {answers} requests were answered during the rebuilds");
    assert!(request(server.port, "/archive/en/2024/0307-press/").2.contains("<h1>Edited 4</h1>"));
}

/// A site the preview cannot write to (here, a file in place of the cache folder; as
/// on a read-only share) is still previewed: its pages go to the system's temporary
/// folder instead, and the site is left as it was.
#[test]
fn a_site_whose_cache_cannot_be_written_is_still_previewed() {
    let site = TestSite::fixture("basic");
    site.write(".diptych-cache", "not a folder");
    let server = start(&site);
    let (status, _, body) = request(server.port, "/archive/en/2024/0307-press/");
    assert_eq!(status, 200);
    assert!(body.contains("<h1>Press Conference</h1>"), "{body}");
    assert_eq!(std::fs::read_to_string(site.root().join(".diptych-cache")).unwrap(), "not a folder");
}

/// Bytes of every file under `dir`, but for those under `skip`.
fn bytes_under(dir: &std::path::Path, skip: &[&str]) -> u64 {
    let entries = walkdir::WalkDir::new(dir).into_iter().filter_entry(|e| !skip.iter().any(|s| e.path().ends_with(s)));
    entries.filter_map(Result::ok).filter(|e| e.file_type().is_file()).map(|e| e.metadata().unwrap().len()).sum()
}

/// The server's resident memory, in bytes, as Linux reports it.
#[cfg(target_os = "linux")]
fn resident(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let line = status.lines().find(|l| l.starts_with("VmRSS:")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse::<u64>().unwrap() * 1024
}

/// The preview keeps its pages on disk, not in its memory (an archive of thousands of
/// transcripts would not fit), whether every page was drawn again or a few; and where
/// they are has no name, so a preview that is stopped, or killed, leaves nothing.
#[cfg(target_os = "linux")]
#[test]
fn the_preview_holds_its_pages_on_disk_and_leaves_nothing_behind() {
    let site = TestSite::fixture("basic");
    site.add_transcripts(300);
    // Pages of ~35 KB, as large as an archive's side-by-side views, with a small archive
    // held in memory: what the preview holds of the pages shows above what it needs.
    let base = std::fs::read_to_string(project_root().join("themes/archive/templates/base.html")).unwrap();
    let padding = format!("<!-- {} -->\n</body>", "页".repeat(10_000));
    site.write("templates/base.html", base.replace("</body>", &padding));
    site.build_ok();
    let pages = bytes_under(&site.public(), &[]);
    std::fs::remove_dir_all(site.public()).unwrap();
    let kept = || bytes_under(site.root(), &["content", "public", ".public.diptych-spare"]);
    let before = kept();
    let server = start(&site);
    let events = events(server.port);
    let yaml = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    site.write("site.yaml", yaml.replace("en: Test Archive", "en: Saved Archive"));
    next_event(&events, "reload");
    let source = "content/2024/0307-press.en.md";
    let text = std::fs::read_to_string(site.root().join(source)).unwrap();
    site.write(source, text.replace("title: Press Conference", "title: Edited"));
    next_event(&events, "reload");
    assert!(request(server.port, "/archive/en/2024/0307-press/").2.contains("<h1>Edited</h1>"));
    assert!(request(server.port, "/archive/en/").2.contains("Saved Archive"));
    let memory = resident(server.child.id());
    assert!(memory < pages / 2, "the preview holds {memory} bytes in memory for {pages} bytes of pages");
    assert!(kept() - before < pages / 10, "the pages are kept in the site folder: {} bytes", kept() - before);
    drop(server); // killed
    assert!(kept() - before < pages / 10, "a killed preview leaves {} bytes in the site", kept() - before);
    eprintln!("pages {pages}, memory {memory}, kept {before} -> {}", kept());
}

#[test]
fn only_reads_are_answered() {
    let site = TestSite::fixture("basic");
    let server = start(&site);
    for method in ["POST", "PUT", "DELETE", "PATCH", "TRACE", "OPTIONS", "PROPFIND"] {
        for path in ["/archive/", "/archive/en/2024/0307-press/", "/archive/no/such/page/"] {
            let (status, head, body) = request_with(server.port, method, path);
            assert_eq!(status, 405, "{method} {path}");
            assert!(head.contains("allow: get, head"), "{method} {path}: {head}");
            assert!(!body.contains("<html"), "{method} {path} was answered with a page");
        }
    }
    let (status, head, body) = request_with(server.port, "HEAD", "/archive/en/2024/0307-press/");
    assert_eq!(status, 200);
    assert!(head.contains("content-type: text/html"), "{head}");
    assert!(body.is_empty(), "HEAD has no body");
}

/// A browser seeks in a recording by asking for part of it: the preview answers
/// with exactly those bytes (206), says it can (`accept-ranges`), and says 416 to a
/// part past the end. Before, every request got the whole file, and a video could
/// not be seeked in the preview.
#[test]
fn a_recording_is_served_in_the_parts_a_player_asks_for() {
    let site = TestSite::minimal();
    let recording: Vec<u8> = (0..300_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    site.write("static/media/talk.mp3", &recording);
    let server = start(&site);
    let len = recording.len();
    let (status, head, body) = request_bytes(server.port, "GET", "/media/talk.mp3", "");
    assert_eq!((status, body.len()), (200, len));
    assert!(head.contains("accept-ranges: bytes"), "{head}");
    for seed in 0..40u64 {
        let a = (seed * 7_919 * 31) as usize % len;
        let b = (a + (seed * 104_729) as usize % 50_000).min(len + 1_000);
        let (range, start, end) = match seed % 3 {
            0 => (format!("bytes={a}-{b}"), a, b.min(len - 1)),
            1 => (format!("bytes={a}-"), a, len - 1),
            _ => (format!("bytes=-{}", b - a + 1), len - (b - a + 1).min(len), len - 1),
        };
        let (status, head, body) = request_bytes(server.port, "GET", "/media/talk.mp3", &format!("Range: {range}\r\n"));
        assert_eq!(status, 206, "{range}");
        assert!(head.contains(&format!("content-range: bytes {start}-{end}/{len}")), "{range}: {head}");
        assert!(body == recording[start..=end], "{range}: other bytes than the file's {start}-{end}");
    }
    let (status, head, _) = request_bytes(server.port, "GET", "/media/talk.mp3", &format!("Range: bytes={len}-\r\n"));
    assert_eq!(status, 416);
    assert!(head.contains(&format!("content-range: bytes */{len}")), "{head}");
}

/// Replaces the file at `rel` the way vim, IDEs and `sed -i` save: a new file renamed over it.
fn save_by_rename(site: &TestSite, rel: &str, text: &str) {
    let temporary = site.root().join(format!("{rel}.saving"));
    std::fs::write(&temporary, text).unwrap();
    std::fs::rename(&temporary, site.root().join(rel)).unwrap();
}

#[test]
fn files_saved_by_rename_are_seen_at_every_save() {
    let site = TestSite::fixture("basic");
    let server = start(&site);
    let events = events(server.port);
    let yaml = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    let source = "content/2024/0307-press.en.md";
    let text = std::fs::read_to_string(site.root().join(source)).unwrap();
    for save in 1..=3 {
        save_by_rename(&site, "site.yaml", &yaml.replace("en: Test Archive", &format!("en: Saved {save} Archive")));
        next_event(&events, "reload");
        let home = request(server.port, "/archive/en/").2;
        assert!(home.contains(&format!("Saved {save} ")), "site.yaml save {save} was not seen");
        save_by_rename(&site, source, &text.replace("title: Press Conference", &format!("title: Saved {save}")));
        next_event(&events, "reload");
        let page = request(server.port, "/archive/en/2024/0307-press/").2;
        assert!(page.contains(&format!("<h1>Saved {save}</h1>")), "transcript save {save} was not seen");
    }
}

/// Every folder a build reads from is watched: a site's own pages and UI strings too,
/// made after the start and saved again.
#[test]
fn edits_to_pages_and_ui_strings_are_seen() {
    let site = TestSite::fixture("basic");
    let server = start(&site);
    let events = events(server.port);
    for save in 1..=2 {
        site.write("pages/about.en.md", transcript(&format!("title: About us {save}"), "\nWho we are.\n"));
        next_event(&events, "reload");
        let page = request(server.port, "/archive/en/about/").2;
        assert!(page.contains(&format!("About us {save}")), "page save {save} was not seen: {page}");
        site.write("i18n/en.yaml", format!("speakers: People {save}\n"));
        next_event(&events, "reload");
        let page = request(server.port, "/archive/en/speakers/").2;
        assert!(page.contains(&format!("People {save}")), "UI strings save {save} were not seen: {page}");
    }
}

#[test]
fn a_folder_made_after_the_start_is_watched() {
    let site = TestSite::fixture("basic");
    let server = start(&site);
    let events = events(server.port);
    site.write("static/notes/first.txt", "first");
    next_event(&events, "reload");
    assert_eq!(request(server.port, "/archive/notes/first.txt").2, "first");
    // Inside the new folder, later: seen through the new watch.
    site.write("static/notes/first.txt", "second");
    next_event(&events, "reload");
    assert_eq!(request(server.port, "/archive/notes/first.txt").2, "second");
}

#[test]
fn content_deleted_and_restored_is_noticed() {
    let site = TestSite::fixture("basic");
    let server = start(&site);
    let events = events(server.port);
    let content = site.root().join("content");
    let away = site.root().join("content-away");
    // As `git checkout` of another branch and back does: the folder goes, a new one comes.
    std::fs::rename(&content, &away).unwrap();
    next_event(&events, "reload");
    assert_eq!(request(server.port, "/archive/en/2024/0307-press/").0, 404);
    copy_tree(&away, &content);
    next_event(&events, "reload");
    assert_eq!(request(server.port, "/archive/en/2024/0307-press/").0, 200);
    let source = "content/2024/0307-press.en.md";
    let text = std::fs::read_to_string(site.root().join(source)).unwrap();
    site.write(source, text.replace("title: Press Conference", "title: After the Checkout"));
    next_event(&events, "reload");
    assert!(request(server.port, "/archive/en/2024/0307-press/").2.contains("<h1>After the Checkout</h1>"));
}

#[test]
fn an_edit_that_keeps_size_and_time_is_seen() {
    let site = TestSite::fixture("basic");
    let server = start(&site);
    let events = events(server.port);
    let source = site.root().join("content/2024/0307-press.en.md");
    let modified = std::fs::metadata(&source).unwrap().modified().unwrap();
    let text = std::fs::read_to_string(&source).unwrap();
    // Same length, and the old time put back, as `cp -p` and `rsync -a` do.
    let edited = text.replace("title: Press Conference", "title: Press Cpnference");
    assert_eq!(edited.len(), text.len());
    std::fs::write(&source, &edited).unwrap();
    std::fs::File::options().write(true).open(&source).unwrap().set_modified(modified).unwrap();
    next_event(&events, "reload");
    assert!(request(server.port, "/archive/en/2024/0307-press/").2.contains("<h1>Press Cpnference</h1>"));
}

#[test]
fn a_port_in_use_is_refused_with_what_to_do() {
    let site = TestSite::example();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let out = site.run(&["serve", "--port", &port]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{err}");
    assert!(err.contains(&format!("cannot listen on 127.0.0.1:{port}")), "{err}");
    assert!(err.contains("another program") && err.contains("`--port 0`"), "{err}");
}

/// An edit re-renders only the pages that showed the edited transcript: pages that list
/// one of its sections (topic and speaker pages, related sections) must show the edit
/// as a build from scratch would, however many pages share that section's card.
#[test]
fn after_an_edit_every_page_is_what_a_build_from_scratch_makes() {
    served_pages_follow_edits(|| TestSite::fixture("cross"), "/", 12);
}

/// The same on the example site: pages of its own, partial translations, a base path.
#[test]
fn after_an_edit_every_page_of_the_example_site_is_what_a_build_makes() {
    served_pages_follow_edits(TestSite::example, "/archive/", 8);
}

/// Serves a copy of `fixture` (whose base path is `base_path`), makes `rounds` generated
/// edits, and after each compares every page served with a build of the same sources.
fn served_pages_follow_edits(fixture: impl Fn() -> TestSite, base_path: &str, rounds: u64) {
    let site = fixture();
    let server = start(&site);
    let events = events_at(server.port, base_path);
    let live_script = format!(r#"<script src="{base_path}__diptych/live.js"></script>"#);
    for seed in 1..=rounds {
        let edit = edit_of_text(&site, seed * 11);
        next_event(&events, "reload");
        let scratch = fixture();
        for folder in TEXT_FOLDERS.iter().filter(|f| site.root().join(f).is_dir()) {
            copy_tree(&site.root().join(folder), &scratch.root().join(folder));
        }
        let base_url = format!("http://127.0.0.1:{}{base_path}", server.port);
        assert!(scratch.run(&["build", "-q", "--base-url", &base_url]).status.success());
        let stale = || {
            let pages = scratch.pages().into_iter();
            let served = |rel: &str| request(server.port, &format!("{base_path}{rel}")).2.replace(&live_script, "");
            pages.filter(|rel| served(rel) != scratch.page(rel)).collect::<Vec<_>>()
        };
        // Related sections are ranked again in the background after an edit.
        assert!(eventually(|| stale().is_empty()), "after {edit}, stale pages: {:?}", stale());
    }
}

/// A speaker's name is the newest transcript's that names them, whether or not they
/// speak there; the speaker's page must follow an edit to that name.
#[test]
fn a_speaker_renamed_where_they_do_not_speak_is_renamed_on_their_page() {
    let site = TestSite::minimal();
    let speaks = "\n## One {#one}\n\n**Wang Yi**: We agree.\n";
    site.write("content/a.en.md", transcript("title: Old\ndate: 2024-03-01\nspeakers: { wang: Wang Yi }", speaks));
    let named = |name: &str| {
        transcript(
            &format!("title: New\ndate: 2024-03-02\nspeakers: {{ wang: {name} }}"),
            "\n## One {#one}\n\n**Host**: Welcome.\n",
        )
    };
    site.write("content/b.en.md", named("Minister Wang"));
    let server = start(&site);
    assert!(request(server.port, "/en/speakers/wang/").2.contains("<title>Minister Wang ·"));

    let events = events_at(server.port, "/");
    site.write("content/b.en.md", named("Foreign Minister Wang"));
    next_event(&events, "reload");
    let page = request(server.port, "/en/speakers/wang/").2;
    assert!(page.contains("<title>Foreign Minister Wang ·"), "{page}");
}
