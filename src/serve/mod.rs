//! `diptych serve`: builds the site into memory, serves it on loopback under
//! `base_url`'s path, watches the sources and rebuilds on every change. Open pages
//! reload by themselves; a bad edit shows its errors in the terminal and over the
//! page, while the last good site keeps being served. `public/` is never touched.

mod http;

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use notify::{EventKind, RecursiveMode, Watcher};
use tokio::sync::broadcast;

use crate::build::{self, Options};
use crate::diagnostic::Problems;
use http::{LiveEvent, Preview};

pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: IpAddr,
    pub port: u16,
    pub open: bool,
    pub drafts: bool,
}

/// What is watched: everything a build reads.
const WATCHED: [&str; 5] = ["content", "themes", "templates", "static", crate::config::CONFIG_FILE];

/// Serves until Ctrl-C. Fails only if the first build fails or the port is taken.
pub fn run(options: ServeOptions) -> Result<(), String> {
    let listener = std::net::TcpListener::bind(SocketAddr::new(options.bind, options.port))
        .map_err(|e| format!("cannot listen on {}:{}: {e}", options.bind, options.port))?;
    let port = listener.local_addr().map_err(|e| e.to_string())?.port();
    let origin = format!("http://{}", SocketAddr::new(options.bind, port));
    let build_options = |base_path: &str| Options {
        drafts: options.drafts,
        output_dir: None,
        base_url: Some(format!("{origin}{base_path}")),
        no_search: false,
    };
    // The first build decides the base path; later builds keep it (a changed base_url
    // in site.yaml takes effect on the next start).
    let base_path = crate::config::load(&options.root).map(|c| c.base_path).unwrap_or_else(|_| "/".to_string());
    let (events, _) = broadcast::channel(16);
    let preview = Arc::new(Preview {
        files: RwLock::new(Arc::new(HashMap::new())),
        last_error: RwLock::new(None),
        events,
        base_path: base_path.clone(),
    });
    rebuild(&options.root, &build_options(&base_path), &preview);
    if preview.last_error.read().expect("not poisoned").is_some() {
        eprintln!("(serving the error page until the site builds)");
    }
    let watcher_preview = preview.clone();
    let root = options.root.clone();
    let watch_options = build_options(&base_path);
    let _watcher = watch(&options.root, move || rebuild(&root, &watch_options, &watcher_preview))?;
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().map_err(|e| e.to_string())?;
    runtime.block_on(async move {
        // Listen for Ctrl-C before saying where we serve: a signal that comes right
        // after must stop the server cleanly, not kill it.
        let shutdown = shutdown_signal().map_err(|e| format!("cannot listen for Ctrl-C: {e}"))?;
        listener.set_nonblocking(true).map_err(|e| e.to_string())?;
        let listener = tokio::net::TcpListener::from_std(listener).map_err(|e| e.to_string())?;
        let url = format!("{origin}{base_path}");
        eprintln!("serving {url}  (Ctrl-C to stop)");
        if options.open {
            open_browser(&url);
        }
        axum::serve(listener, http::router(preview)).with_graceful_shutdown(shutdown).await.map_err(|e| e.to_string())
    })
}

/// Resolves on Ctrl-C (or SIGTERM); the handlers are in place once this returns.
#[cfg(unix)]
fn shutdown_signal() -> std::io::Result<impl std::future::Future<Output = ()>> {
    use tokio::signal::unix::{signal, SignalKind};
    let mut interrupt = signal(SignalKind::interrupt())?;
    let mut terminate = signal(SignalKind::terminate())?;
    Ok(async move {
        tokio::select! {
            _ = interrupt.recv() => {}
            _ = terminate.recv() => {}
        }
        eprintln!("\nstopped");
    })
}

#[cfg(not(unix))]
fn shutdown_signal() -> std::io::Result<impl std::future::Future<Output = ()>> {
    Ok(async {
        let _ = tokio::signal::ctrl_c().await;
        eprintln!("\nstopped");
    })
}

/// Builds into memory and swaps the result in; on failure keeps the old site and
/// tells the terminal and the open pages why.
fn rebuild(root: &Path, options: &Options, preview: &Preview) {
    let started = Instant::now();
    let mut problems = Problems::default();
    let built = build::load(root, options, &mut problems)
        .ok_or(())
        .and_then(|site| build::render_to_memory(&site, true).map_err(|errors| problems.errors.extend(errors)));
    problems.sort();
    match built {
        Ok(mut files) => {
            inject_live_script(&mut files, &preview.base_path);
            let pages = files.keys().filter(|f| f.ends_with(".html")).count();
            *preview.files.write().expect("not poisoned") = Arc::new(files);
            *preview.last_error.write().expect("not poisoned") = None;
            for w in &problems.warnings {
                eprintln!("{w}");
            }
            eprintln!("rebuilt {pages} pages in {} ms", started.elapsed().as_millis());
            let _ = preview.events.send(LiveEvent::Reload);
        }
        Err(()) => {
            let text = problems.errors.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n");
            eprintln!("{text}\nthe site was not rebuilt; still serving the last good version");
            *preview.last_error.write().expect("not poisoned") = Some(text.clone());
            let _ = preview.events.send(LiveEvent::Failed(text));
        }
    }
}

fn inject_live_script(files: &mut HashMap<String, Vec<u8>>, base_path: &str) {
    let tag = http::live_script_tag(base_path);
    for (name, bytes) in files.iter_mut() {
        if !name.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8_lossy(bytes);
        if let Some(at) = html.rfind("</body>") {
            let mut with_script = html[..at].to_string();
            with_script.push_str(&tag);
            with_script.push_str(&html[at..]);
            *bytes = with_script.into_bytes();
        }
    }
}

/// How long to wait for more changes after one: editors save in several steps.
const SETTLE: Duration = Duration::from_millis(30);

/// Calls `changed` after each burst of changes to the watched paths. Reads (which the
/// build itself causes) and editors' temporary files do not count.
fn watch(root: &Path, changed: impl Fn() + Send + 'static) -> Result<notify::RecommendedWatcher, String> {
    let (sender, receiver) = std::sync::mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        let relevant =
            event.is_ok_and(|e| !matches!(e.kind, EventKind::Access(_)) && e.paths.iter().any(|p| !is_editor_noise(p)));
        if relevant {
            let _ = sender.send(());
        }
    })
    .map_err(|e| format!("cannot watch the site: {e}"))?;
    for name in WATCHED {
        let path = root.join(name);
        if path.exists() {
            let mode = if path.is_dir() { RecursiveMode::Recursive } else { RecursiveMode::NonRecursive };
            watcher.watch(&path, mode).map_err(|e| format!("cannot watch {}: {e}", path.display()))?;
        }
    }
    std::thread::spawn(move || {
        while receiver.recv().is_ok() {
            while receiver.recv_timeout(SETTLE).is_ok() {}
            changed();
        }
    });
    Ok(watcher)
}

fn is_editor_noise(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    name.starts_with(".#") || name.ends_with('~') || name.ends_with(".swp") || name.ends_with(".swx") || name == "4913"
}

fn open_browser(url: &str) {
    let command = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(command).arg(url).spawn().is_err() {
        eprintln!("could not open a browser; open {url} yourself");
    }
}
