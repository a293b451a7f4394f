//! `diptych serve`: builds the site into memory, serves it on loopback under
//! `base_url`'s path, watches the sources and rebuilds on every change. Open pages
//! reload by themselves; a bad edit shows its errors in the terminal and over the
//! page, while the last good site keeps being served. `public/` is never touched.

mod http;
mod rebuild;

use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use notify::{EventKind, RecursiveMode, Watcher};
use tokio::sync::broadcast;

use crate::config::Overrides;
use crate::pipeline::Options;
use http::Preview;
use rebuild::Rebuilder;

pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: IpAddr,
    pub port: u16,
    pub open: bool,
    pub drafts: bool,
}

/// Serves until Ctrl-C. Fails only if the first build fails or the port is taken.
pub fn run(options: ServeOptions) -> Result<(), String> {
    let listener = std::net::TcpListener::bind(SocketAddr::new(options.bind, options.port))
        .map_err(|e| format!("cannot listen on {}:{}: {e}", options.bind, options.port))?;
    let port = listener.local_addr().map_err(|e| e.to_string())?.port();
    let origin = format!("http://{}", SocketAddr::new(options.bind, port));
    let build_options = |base_path: &str| Options {
        drafts: options.drafts,
        overrides: Overrides { base_url: Some(format!("{origin}{base_path}")), output_dir: None },
        no_search: false,
        stop: None,
    };
    // Events name absolute paths; an absolute root lets them be compared.
    let root = options.root.canonicalize().map_err(|e| format!("cannot open {}: {e}", options.root.display()))?;
    // The first build decides the base path; later builds keep it (a changed base_url
    // in site.yaml takes effect on the next start).
    let base_path =
        crate::config::load(&root, &Default::default()).map(|c| c.base_path).unwrap_or_else(|_| "/".to_string());
    let (events, _) = broadcast::channel(16);
    let preview = Arc::new(Preview {
        files: RwLock::new(Arc::new(Default::default())),
        last_error: RwLock::new(None),
        events,
        base_path: base_path.clone(),
    });
    let mut rebuilder = Rebuilder::new(root.clone(), build_options(&base_path));
    rebuilder.rebuild(None, &preview);
    if preview.last_error.read().expect("not poisoned").is_some() {
        eprintln!("(serving the error page until the site builds)");
    }
    let watcher_preview = preview.clone();
    let _watcher = watch(&root, move |changed| rebuilder.rebuild(Some(&changed), &watcher_preview))?;
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

/// How long to wait for more changes after one: editors save in several steps.
const SETTLE: Duration = Duration::from_millis(10);

/// Calls `changed` with the paths changed in each burst of changes. Reads (which the
/// build itself causes) and editors' temporary files do not count.
fn watch(
    root: &Path,
    mut changed: impl FnMut(Vec<PathBuf>) + Send + 'static,
) -> Result<notify::RecommendedWatcher, String> {
    let (sender, receiver) = std::sync::mpsc::channel::<Vec<PathBuf>>();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        let Ok(event) = event else { return };
        let paths: Vec<PathBuf> = event.paths.into_iter().filter(|p| !is_editor_noise(p)).collect();
        if !matches!(event.kind, EventKind::Access(_)) && !paths.is_empty() {
            let _ = sender.send(paths);
        }
    })
    .map_err(|e| format!("cannot watch the site: {e}"))?;
    for path in rebuild::watched(root) {
        if path.exists() {
            let mode = if path.is_dir() { RecursiveMode::Recursive } else { RecursiveMode::NonRecursive };
            watcher.watch(&path, mode).map_err(|e| format!("cannot watch {}: {e}", path.display()))?;
        }
    }
    std::thread::spawn(move || {
        while let Ok(mut paths) = receiver.recv() {
            while let Ok(more) = receiver.recv_timeout(SETTLE) {
                paths.extend(more);
            }
            changed(paths);
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
