//! `diptych serve`: builds the site into a file on disk (`store.rs`), serves it on
//! loopback under `base_url`'s path, watches the sources and rebuilds on every
//! change. Open pages reload by themselves; a bad edit shows its errors in the terminal
//! and over the page, while the last good site keeps being served. `public/` is never
//! touched.

mod http;
mod rebuild;
mod refresh;
mod store;

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

/// Why the preview cannot listen, and what to do about it.
fn cannot_listen(options: &ServeOptions, e: &std::io::Error) -> String {
    let (bind, port) = (options.bind, options.port);
    let advice = match e.kind() {
        std::io::ErrorKind::AddrInUse => format!(
            "; another program (another `diptych serve`, perhaps) uses port {port}: stop it, or choose another port with `--port` (`--port 0` takes any free one)"
        ),
        std::io::ErrorKind::AddrNotAvailable => format!("; {bind} is not an address of this machine"),
        std::io::ErrorKind::PermissionDenied if port < 1024 => {
            "; ports below 1024 need an administrator: choose another port with `--port`".to_string()
        }
        _ => String::new(),
    };
    format!("cannot listen on {bind}:{port}: {e}{advice}")
}

/// Serves until Ctrl-C. Fails only if the first build fails or the port is taken.
pub fn run(options: ServeOptions) -> Result<(), String> {
    let listener = std::net::TcpListener::bind(SocketAddr::new(options.bind, options.port))
        .map_err(|e| cannot_listen(&options, &e))?;
    let port = listener.local_addr().map_err(|e| e.to_string())?.port();
    let origin = format!("http://{}", SocketAddr::new(openable(options.bind), port));
    if let Some(warning) = exposure(options.bind, port) {
        eprintln!("{warning}");
    }
    let build_options = |base_path: &str| Options {
        drafts: options.drafts,
        overrides: Overrides { base_url: Some(format!("{origin}{base_path}")), output_dir: None },
        no_search: false,
        stop: None,
        progress: None,
    };
    // Events name absolute paths; an absolute root lets them be compared.
    let root = options.root.canonicalize().map_err(|e| format!("cannot open {}: {e}", options.root.display()))?;
    let config = crate::config::load(&root, &Default::default());
    // Run in the wrong folder, a preview would wait there for a site, and leave its
    // cache behind.
    if let Err(errors) = &config {
        if let Some(e) = errors.iter().find(|e| matches!(*e.kind, crate::diagnostic::ErrorKind::NoSiteHere { .. })) {
            return Err(e.kind.to_string());
        }
    }
    // The first build decides the base path; later builds keep it (a changed base_url
    // in site.yaml takes effect on the next start).
    let base_path = config.map(|c| c.base_path).unwrap_or_else(|_| "/".to_string());
    let (events, _) = broadcast::channel(16);
    let store = store::Store::open(&root)?;
    let preview = Arc::new(Preview {
        served: RwLock::new(Default::default()),
        last_error: RwLock::new(None),
        events,
        base_path: base_path.clone(),
    });
    let mut rebuilder = Rebuilder::new(root.clone(), build_options(&base_path), store);
    rebuilder.rebuild(None, &preview);
    if preview.last_error.read().expect("not poisoned").is_some() {
        eprintln!("(serving the error page until the site builds)");
    }
    let watcher_preview = preview.clone();
    watch(&root, move |changed| rebuilder.rebuild(Some(&changed), &watcher_preview))?;
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

/// A warning for a server on `bind` that more than this machine can reach.
fn exposure(bind: IpAddr, port: u16) -> Option<String> {
    (!bind.is_loopback()).then(|| {
        format!("warning: serving on {bind} makes the preview reachable from the network, drafts and all: anyone who can reach this machine on port {port} can read it")
    })
}

/// The address to put in links for a server listening on `bind`: "every address"
/// (`0.0.0.0`, `::`) is not one a browser can open, so this machine's loopback.
fn openable(bind: IpAddr) -> IpAddr {
    match bind {
        IpAddr::V4(a) if a.is_unspecified() => IpAddr::V4(std::net::Ipv4Addr::LOCALHOST),
        IpAddr::V6(a) if a.is_unspecified() => IpAddr::V6(std::net::Ipv6Addr::LOCALHOST),
        other => other,
    }
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
///
/// The site folder itself is watched (not recursively), so that `site.yaml` is seen
/// however it is saved (editors and `sed -i` replace the file, and a watch on the old
/// file would see nothing more), and so that a watched folder made after the start, or
/// deleted and made again (a `git checkout`), is watched anew.
fn watch(root: &Path, mut changed: impl FnMut(Vec<PathBuf>) + Send + 'static) -> Result<(), String> {
    let (sender, receiver) = std::sync::mpsc::channel::<Vec<PathBuf>>();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        let Ok(event) = event else { return };
        let paths: Vec<PathBuf> = event.paths.into_iter().filter(|p| !is_editor_noise(p)).collect();
        if !matches!(event.kind, EventKind::Access(_)) && !paths.is_empty() {
            let _ = sender.send(paths);
        }
    })
    .map_err(|e| format!("cannot watch the site: {e}"))?;
    watcher.watch(root, RecursiveMode::NonRecursive).map_err(|e| format!("cannot watch {}: {e}", root.display()))?;
    let mut folders = Folders { root: root.to_path_buf(), watching: Default::default() };
    folders.refresh(&mut watcher, &[]);
    let sources = rebuild::watched(root);
    // The watcher lives as long as this thread, which lives as long as the server.
    std::thread::spawn(move || {
        while let Ok(mut paths) = receiver.recv() {
            while let Ok(more) = receiver.recv_timeout(SETTLE) {
                paths.extend(more);
            }
            folders.refresh(&mut watcher, &paths);
            paths.retain(|p| sources.iter().any(|s| p.starts_with(s)));
            if !paths.is_empty() {
                changed(paths);
            }
        }
    });
    Ok(())
}

/// The watched folders of the site, each watched recursively while it exists.
struct Folders {
    root: PathBuf,
    watching: std::collections::HashSet<PathBuf>,
}

impl Folders {
    /// Watches each folder that exists and is not watched yet, or was itself named in
    /// `changed` (deleted and made again: a new folder, which the old watch misses).
    fn refresh(&mut self, watcher: &mut notify::RecommendedWatcher, changed: &[PathBuf]) {
        for folder in rebuild::FOLDERS.iter().map(|f| self.root.join(f)) {
            let renewed = changed.contains(&folder);
            if self.watching.contains(&folder) && (renewed || !folder.is_dir()) {
                let _ = watcher.unwatch(&folder);
                self.watching.remove(&folder);
            }
            if folder.is_dir() && !self.watching.contains(&folder) {
                match watcher.watch(&folder, RecursiveMode::Recursive) {
                    Ok(()) => {
                        self.watching.insert(folder);
                    }
                    Err(e) => {
                        eprintln!("warning: cannot watch {}: {e}; changes there need a restart", folder.display())
                    }
                }
            }
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_preview_others_can_reach_is_said_so_and_links_to_an_address_a_browser_opens() {
        for (bind, warned, link) in [
            ("127.0.0.1", false, "127.0.0.1"),
            ("::1", false, "::1"),
            ("0.0.0.0", true, "127.0.0.1"),
            ("::", true, "::1"),
            ("192.168.1.20", true, "192.168.1.20"),
        ] {
            let bind: IpAddr = bind.parse().unwrap();
            assert_eq!(exposure(bind, 8000).is_some(), warned, "{bind}");
            assert_eq!(openable(bind), link.parse::<IpAddr>().unwrap(), "{bind}");
        }
        assert!(exposure("0.0.0.0".parse().unwrap(), 8000).unwrap().contains("reachable from the network"));
    }
}
