//! The preview's HTTP side: the site under `base_url`'s path, the live reload script
//! and its event stream. Files are looked up by path in the site being served
//! (`store.rs`), never on disk by name, so no path can reach outside it.

use std::convert::Infallible;
use std::sync::{Arc, RwLock};

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use futures_util::stream::{self, Stream};
use tokio::sync::broadcast;

use super::store::Served;

/// What open pages are told.
#[derive(Debug, Clone)]
pub enum LiveEvent {
    Reload,
    /// The build failed; the text lists its problems.
    Failed(String),
}

/// The site being served and the channel to the open pages. The site is replaced
/// after each good build; a failed build leaves it as it was.
pub struct Preview {
    pub served: RwLock<Served>,
    pub last_error: RwLock<Option<String>>,
    pub events: broadcast::Sender<LiveEvent>,
    pub base_path: String,
}

/// Where the live reload script and event stream live, under the base path.
pub const LIVE_PREFIX: &str = "__diptych/";

const LIVE_JS: &str = r#"(() => {
  const events = new EventSource(document.currentScript.src.replace(/live\.js$/, "events"));
  const overlay = document.createElement("div");
  overlay.id = "diptych-error";
  overlay.style.cssText = "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:2147483647;" +
    "background:#2b0b0b;color:#ffdede;font:14px/1.5 ui-monospace,monospace;padding:1rem 1.25rem;" +
    "border-top:4px solid #e5484d;white-space:pre-wrap";
  events.addEventListener("reload", () => location.reload());
  events.addEventListener("build-error", (e) => {
    overlay.textContent = "diptych: the last edit did not build; this page is the last good version.\n\n" + e.data;
    document.body.appendChild(overlay);
  });
})();
"#;

/// The script tag added before `</body>` of every page while serving (never in `build`).
pub fn live_script_tag(base_path: &str) -> String {
    format!("<script src=\"{base_path}{LIVE_PREFIX}live.js\"></script>")
}

pub fn router(preview: Arc<Preview>) -> axum::Router {
    axum::Router::new().fallback(handle).with_state(preview)
}

async fn handle(State(preview): State<Arc<Preview>>, method: Method, uri: Uri, headers: HeaderMap) -> Response {
    // A static site answers reads only (HEAD gets GET's headers; the server sends no body).
    if method != Method::GET && method != Method::HEAD {
        let mut response = with_type(
            StatusCode::METHOD_NOT_ALLOWED,
            "text/plain; charset=utf-8",
            Bytes::from_static(b"method not allowed\n"),
        );
        response.headers_mut().insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return response;
    }
    let Some(rel) = uri.path().strip_prefix(&preview.base_path) else {
        // An address without the site's sub-path (`/zh/` for `/archive/zh/`, typed
        // from habit): the page it would be under the sub-path, if there is one.
        if format!("{}/", uri.path()) == preview.base_path {
            return redirect(&preview.base_path);
        }
        let asked = match safe_path(uri.path().trim_start_matches('/')) {
            Some(rel) => Asked::Outside { rel, query: uri.query().map(str::to_string) },
            None => Asked::Nothing,
        };
        return from_disk(&preview, asked).await;
    };
    if rel == format!("{LIVE_PREFIX}live.js") {
        return with_type(StatusCode::OK, "text/javascript; charset=utf-8", Bytes::from_static(LIVE_JS.as_bytes()));
    }
    if rel == format!("{LIVE_PREFIX}events") {
        return events(&preview).into_response();
    }
    let Some(rel) = safe_path(rel) else {
        return with_type(StatusCode::BAD_REQUEST, "text/plain; charset=utf-8", Bytes::from_static(b"bad path\n"));
    };
    let range = headers.get(header::RANGE).and_then(|r| r.to_str().ok()).map(str::to_string);
    from_disk(&preview, Asked::File { rel, range }).await
}

/// What a request asks for.
enum Asked {
    /// A file of the site, by its path under the site's sub-path, or a part of it.
    File { rel: String, range: Option<String> },
    /// An address without the site's sub-path (`/zh/` for `/archive/zh/`, typed from
    /// habit): sent to the same address under it, query and all, if the site has it.
    Outside { rel: String, query: Option<String> },
    /// Anything else outside the site.
    Nothing,
}

/// The answer to what is asked, on a thread that may wait for the disk.
async fn from_disk(preview: &Preview, asked: Asked) -> Response {
    // Held until answered: the pack is not freed while a request reads it.
    let served = preview.served.read().expect("no thread panics holding it").clone();
    let base_path = preview.base_path.clone();
    let answer = tokio::task::spawn_blocking(move || match asked {
        Asked::File { rel, range } => answer(&served, &rel, &base_path, range.as_deref()),
        Asked::Outside { rel, query } if served.has(&file_at(&rel)) || served.has(&format!("{rel}/index.html")) => {
            let query = query.map(|q| format!("?{q}")).unwrap_or_default();
            redirect(&format!("{}{query}", address(&base_path, &rel)))
        }
        Asked::Outside { .. } | Asked::Nothing => not_found(&served),
    });
    answer.await.unwrap_or_else(|_| server_error())
}

/// The file an address names: a folder's `index.html`.
fn file_at(rel: &str) -> String {
    if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.to_string()
    }
}

/// The file at `rel` in what is served, a redirect to the folder's address if `rel`
/// names a folder without its `/`, or the site's page for addresses it does not have.
fn answer(served: &Served, rel: &str, base_path: &str, range: Option<&str>) -> Response {
    let file = file_at(rel);
    if let Some(len) = served.len(&file) {
        return file_or_part(served, &file, len, range);
    }
    if served.has(&format!("{rel}/index.html")) {
        return redirect(&format!("{}/", address(base_path, rel)));
    }
    not_found(served)
}

/// The file at `file` (`len` bytes), or the part of it a `Range` header asks for.
fn file_or_part(served: &Served, file: &str, len: u64, range: Option<&str>) -> Response {
    let (status, bytes, content_range) = match requested_part(range, len) {
        Part::Whole => (StatusCode::OK, served.read(file), None),
        Part::Bytes { start, end } => {
            let bytes = served.read_part(file, start, end + 1 - start);
            (StatusCode::PARTIAL_CONTENT, bytes, Some(format!("bytes {start}-{end}/{len}")))
        }
        Part::Unsatisfiable => (StatusCode::RANGE_NOT_SATISFIABLE, Some(Vec::new()), Some(format!("bytes */{len}"))),
    };
    let Some(bytes) = bytes else { return server_error() };
    let mut response = with_type(status, &content_type(file), Bytes::from(bytes));
    response.headers_mut().insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    if let Some(value) = content_range.and_then(|v| HeaderValue::from_str(&v).ok()) {
        response.headers_mut().insert(header::CONTENT_RANGE, value);
    }
    response
}

/// What a `Range` header asks of a file.
#[derive(Debug, PartialEq)]
enum Part {
    Whole,
    /// From `start` to `end`, both included.
    Bytes {
        start: u64,
        end: u64,
    },
    Unsatisfiable,
}

/// The part of a file of `len` bytes that `range` asks for: one range of bytes, as a
/// browser asks to seek in a recording (`bytes=500-`, `bytes=0-99`, `bytes=-100`). A
/// header that is not one valid range of bytes is answered with the whole file, as
/// HTTP allows (RFC 9110, 14.2).
fn requested_part(range: Option<&str>, len: u64) -> Part {
    let Some(range) = range else { return Part::Whole };
    let Some((unit, spec)) = range.trim().split_once('=') else { return Part::Whole };
    let Some((first, last)) = spec.trim().split_once('-') else { return Part::Whole };
    if !unit.trim().eq_ignore_ascii_case("bytes") || spec.contains(',') {
        return Part::Whole;
    }
    let number = |s: &str| if s.bytes().all(|b| b.is_ascii_digit()) { s.parse::<u64>().ok() } else { None };
    match (first.trim(), last.trim()) {
        ("", suffix) => match number(suffix) {
            Some(0) => Part::Unsatisfiable,
            Some(_) if len == 0 => Part::Unsatisfiable,
            Some(n) => Part::Bytes { start: len.saturating_sub(n), end: len - 1 },
            None => Part::Whole,
        },
        (first, last) => match (number(first), if last.is_empty() { Some(u64::MAX) } else { number(last) }) {
            (Some(start), Some(end)) if start <= end => {
                if start >= len {
                    Part::Unsatisfiable
                } else {
                    Part::Bytes { start, end: end.min(len - 1) }
                }
            }
            _ => Part::Whole,
        },
    }
}

/// The request path, decoded, as a path inside the site; None for anything that tries
/// to leave it (`..`, absolute paths, backslashes, NUL) or is not UTF-8.
pub fn safe_path(raw: &str) -> Option<String> {
    let decoded = percent_encoding::percent_decode_str(raw).decode_utf8().ok()?;
    let bad_segment = decoded.split('/').any(|s| s == ".." || s == ".");
    let bad = decoded.starts_with('/') || decoded.contains(['\\', '\0']) || decoded.contains("//") || bad_segment;
    (!bad && raw.len() < 4096).then(|| decoded.into_owned())
}

fn content_type(file: &str) -> String {
    let mime = mime_guess::from_path(file).first_or_octet_stream();
    let text = mime.type_() == "text" || matches!(mime.subtype().as_str(), "javascript" | "json" | "xml" | "svg");
    if text {
        format!("{mime}; charset=utf-8")
    } else {
        mime.to_string()
    }
}

fn with_type(status: StatusCode, content_type: &str, body: Bytes) -> Response {
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    let value = HeaderValue::from_str(content_type).unwrap_or(HeaderValue::from_static("application/octet-stream"));
    response.headers_mut().insert(header::CONTENT_TYPE, value);
    // A preview must always show the latest build.
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// A file the store could not read back (the disk failed under it).
fn server_error() -> Response {
    with_type(StatusCode::INTERNAL_SERVER_ERROR, "text/plain; charset=utf-8", Bytes::new())
}

/// The address of `rel` (decoded, as `safe_path` gives it) under `base_path`, encoded
/// for a `Location` header: `2024年/三月` as `2024%E5%B9%B4/%E4%B8%89%E6%9C%88`.
fn address(base_path: &str, rel: &str) -> String {
    const IN_PATH: &percent_encoding::AsciiSet =
        &percent_encoding::CONTROLS.add(b' ').add(b'"').add(b'#').add(b'%').add(b'<').add(b'>').add(b'?').add(b'`');
    format!("{base_path}{}", percent_encoding::utf8_percent_encode(rel, IN_PATH))
}

/// Temporary: a browser keeps a permanent redirect, and the next site previewed on this
/// port may have other addresses.
fn redirect(to: &str) -> Response {
    let mut response = with_type(StatusCode::TEMPORARY_REDIRECT, "text/plain; charset=utf-8", Bytes::new());
    if let Ok(location) = HeaderValue::from_str(to) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    response
}

fn not_found(served: &Served) -> Response {
    let body = served.read("404.html").map(Bytes::from).unwrap_or_else(|| Bytes::from_static(b"not found\n"));
    with_type(StatusCode::NOT_FOUND, "text/html; charset=utf-8", body)
}

/// Server-sent events for one open page: the current error first, if there is one,
/// then every reload or failure as it happens.
fn events(preview: &Preview) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let receiver = preview.events.subscribe();
    let pending = preview.last_error.read().expect("no thread panics holding it").clone().map(LiveEvent::Failed);
    let stream = stream::unfold((receiver, pending), |(mut receiver, pending)| async move {
        let next = match pending {
            Some(event) => event,
            None => loop {
                match receiver.recv().await {
                    Ok(event) => break event,
                    Err(broadcast::error::RecvError::Lagged(_)) => continue,
                    Err(broadcast::error::RecvError::Closed) => return None,
                }
            },
        };
        let event = match next {
            LiveEvent::Reload => Event::default().event("reload").data("reload"),
            // Server-sent events cannot carry carriage returns (axum panics on them).
            LiveEvent::Failed(text) => Event::default().event("build-error").data(text.replace('\r', "")),
        };
        Some((Ok(event), (receiver, None)))
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_that_leave_the_site_are_refused() {
        for bad in [
            "../etc/passwd",
            "%2e%2e/etc/passwd",
            "a/%2E%2E/%2e%2e/x",
            "%2Fetc%2Fpasswd",
            "a\\..\\b",
            "a//b",
            "%00",
            "%ff",
        ] {
            assert_eq!(safe_path(bad), None, "{bad}");
        }
        assert_eq!(safe_path("zh/2024/%E7%8E%8B/").as_deref(), Some("zh/2024/王/"));
        assert_eq!(safe_path("").as_deref(), Some(""));
    }

    /// Every byte of a file is in the part a range asks for exactly when the range
    /// (first-last, first-, or the last n) covers it; a range that starts past the
    /// end, or asks for the last 0 bytes, cannot be met; anything else gets the whole.
    #[test]
    fn a_range_asks_for_the_bytes_it_names() {
        let forms = |len: u64| {
            let mut forms: Vec<(String, Option<std::ops::Range<u64>>)> = Vec::new();
            for a in 0..len + 3 {
                forms.push((format!("bytes={a}-"), (a < len).then_some(a..len)));
                forms.push((format!("bytes=-{a}"), (a > 0 && len > 0).then(|| len.saturating_sub(a)..len)));
                for b in a..len + 3 {
                    forms.push((format!("bytes={a}-{b}"), (a < len).then(|| a..(b + 1).min(len))));
                }
            }
            forms
        };
        for len in 0..12 {
            for (range, covered) in forms(len) {
                let expected = match covered {
                    Some(bytes) => Part::Bytes { start: bytes.start, end: bytes.end - 1 },
                    None => Part::Unsatisfiable,
                };
                assert_eq!(requested_part(Some(&range), len), expected, "{range} of {len}");
                assert_eq!(requested_part(Some(&range.replace("bytes", "BYTES")), len), expected, "{range} of {len}");
            }
        }
        for whole in
            ["bytes=0-1,4-5", "bytes=5-3", "bytes=a-b", "items=0-1", "bytes=+1-2", "bytes 0-1", "bytes=--1", ""]
        {
            assert_eq!(requested_part(Some(whole), 10), Part::Whole, "{whole}");
        }
        assert_eq!(requested_part(None, 10), Part::Whole);
    }

    #[test]
    fn a_redirect_names_its_address_encoded() {
        assert_eq!(address("/archive/", "zh/2024年/a b/"), "/archive/zh/2024%E5%B9%B4/a%20b/");
        assert_eq!(address("/", "en/about"), "/en/about");
    }

    #[test]
    fn text_is_served_as_utf8() {
        assert_eq!(content_type("zh/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("assets/diptych.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("zh/atom.xml"), "text/xml; charset=utf-8");
        assert_eq!(content_type("a.png"), "image/png");
    }
}
