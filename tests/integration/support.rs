//! Test sites: a fixture copied into a temporary folder with the project's default
//! theme, built through the library or the real binary, and read back as files.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Output;

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use diptych::diagnostic::Problems;
use diptych::{Options, Summary};

pub struct TestSite {
    dir: tempfile::TempDir,
}

pub fn project_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

impl TestSite {
    /// `tests/fixtures/<name>/`, with `themes/` from the project.
    pub fn fixture(name: &str) -> Self {
        let site = TestSite::empty();
        copy_tree(&project_root().join("tests/fixtures").join(name), site.root());
        site
    }

    /// The repository's example site (its site.yaml, content/ and pages/).
    pub fn example() -> Self {
        let site = TestSite::empty();
        std::fs::copy(project_root().join("site.yaml"), site.root().join("site.yaml")).unwrap();
        copy_tree(&project_root().join("content"), &site.root().join("content"));
        copy_tree(&project_root().join("pages"), &site.root().join("pages"));
        site
    }

    /// The two-language site.yaml of `tests/fixtures/minimal`, and no content.
    pub fn minimal() -> Self {
        TestSite::fixture("minimal")
    }

    fn empty() -> Self {
        let dir = tempfile::tempdir().expect("temporary folder");
        copy_tree(&project_root().join("themes"), &dir.path().join("themes"));
        TestSite { dir }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, rel: &str, text: impl AsRef<[u8]>) -> &Self {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
        self
    }

    /// Adds `n` Chinese transcripts of eight sections: enough, at a few hundred, that a
    /// build takes long enough to be interrupted or raced.
    pub fn add_transcripts(&self, n: usize) {
        let sections: String =
            (0..8).map(|s| format!("\n## 第{s}节 {{#s{s}}}\n\n**记者**：问题。\n\n**发言人**：回答。\n")).collect();
        for i in 0..n {
            self.write(
                &format!("content/t{i}.zh.md"),
                transcript(&format!("title: 第{i}篇\ndate: 2023-01-01"), &sections),
            );
        }
    }

    pub fn remove(&self, rel: &str) {
        std::fs::remove_file(self.root().join(rel)).unwrap();
    }

    pub fn build(&self) -> (Option<Summary>, Problems) {
        diptych::build(self.root(), &Options::default())
    }

    /// Builds and fails the test, with every message, unless the build succeeds.
    pub fn build_ok(&self) -> Summary {
        let (summary, problems) = self.build();
        assert!(!problems.has_errors(), "build failed:\n{}", messages(&problems));
        summary.expect("a build without errors has a summary")
    }

    /// Builds, expecting failure; returns every error message, one per line.
    pub fn build_err(&self) -> String {
        let (summary, problems) = self.build();
        assert!(summary.is_none(), "build succeeded, expected an error");
        problems.errors.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n")
    }

    /// The real binary, run in the site folder.
    pub fn run(&self, args: &[&str]) -> Output {
        std::process::Command::new(env!("CARGO_BIN_EXE_diptych"))
            .args(args)
            .current_dir(self.root())
            .output()
            .expect("the diptych binary runs")
    }

    pub fn public(&self) -> PathBuf {
        self.root().join("public")
    }

    /// The page at `rel` (`zh/2024/x/`), as HTML.
    pub fn page(&self, rel: &str) -> String {
        let path = self.public().join(rel).join("index.html");
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    /// Every page of the output, as `rel` paths.
    pub fn pages(&self) -> BTreeSet<String> {
        files(&self.public()).into_iter().filter_map(|f| f.strip_suffix("index.html").map(str::to_string)).collect()
    }

    /// Every file of the output with its bytes, to compare outputs exactly.
    pub fn snapshot(&self) -> Vec<(String, Vec<u8>)> {
        files(&self.public()).into_iter().map(|f| (f.clone(), std::fs::read(self.public().join(&f)).unwrap())).collect()
    }
}

pub fn messages(problems: &Problems) -> String {
    let errors = problems.errors.iter().map(|e| e.to_string());
    let warnings = problems.warnings.iter().map(|w| w.to_string());
    errors.chain(warnings).collect::<Vec<_>>().join("\n")
}

/// Files under `dir`, relative, `/`-separated, sorted.
pub fn files(dir: &Path) -> BTreeSet<String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/"))
        .collect()
}

pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Values of `attr="..."` in `html`, in order.
pub fn attr_values(html: &str, attr: &str) -> Vec<String> {
    let needle = format!(" {attr}=\"");
    html.match_indices(&needle)
        .map(|(i, _)| {
            let rest = &html[i + needle.len()..];
            rest[..rest.find('"').unwrap()].replace("&amp;", "&")
        })
        .collect()
}

/// `0..len` in an order that `seed` alone decides (xorshift and Fisher–Yates), for
/// generators that deal out a pool of sentences each once.
pub fn seeded_order(len: usize, seed: u64) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    let mut state = seed | 1;
    for i in (1..order.len()).rev() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        order.swap(i, (state % (i as u64 + 1)) as usize);
    }
    order
}

/// A fixture transcript with front matter and a body.
pub fn transcript(front: &str, body: &str) -> String {
    format!("---\n{front}\n---\n{body}")
}

/// A plain static file server (Python's), killed when dropped.
pub struct StaticServer {
    child: Child,
    pub port: u16,
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn static_server(root: &Path) -> Option<StaticServer> {
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let child = Command::new("python3")
        .args(["-m", "http.server", &port.to_string(), "--bind", "127.0.0.1", "--directory"])
        .arg(root)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let server = StaticServer { child, port };
    let started = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(started.elapsed() < Duration::from_secs(10), "the static server did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    Some(server)
}

/// HTML without its tags, with the entities the theme writes decoded.
pub fn plain_text(html: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
}

/// Whether a real browser can be driven here: Chromium (`/usr/bin/chromium`, or
/// `CHROMIUM`), Node and playwright-core in `target/e2e` (`.ci/run` installs all three).
/// Without them a browser test says so and passes, except in CI, where they are required.
pub fn browser_ready() -> bool {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let playwright = project_root().join("target/e2e/node_modules/playwright-core");
    let node = Command::new("node").arg("--version").output().is_ok_and(|o| o.status.success());
    let ready = std::path::Path::new(&chromium).exists() && playwright.is_dir() && node;
    if !ready {
        assert!(std::env::var_os("CI").is_none(), "CI must install chromium, node and playwright-core (see .ci/run)");
        eprintln!(
            "\n*** SKIPPED: Chromium, node or target/e2e/node_modules/playwright-core missing; see .ci/run ***\n"
        );
    }
    ready
}

/// A site built for, and served at, a local address, as a browser test opens it.
pub struct Served {
    /// `http://127.0.0.1:PORT/`, the site's base URL.
    pub origin: String,
    /// The built site's folder.
    pub folder: tempfile::TempDir,
    _server: StaticServer,
}

impl TestSite {
    /// This site built with the address of a static server that serves it.
    pub fn served(&self) -> Served {
        let folder = tempfile::tempdir().unwrap();
        let server = static_server(folder.path()).expect("python3 serves the site");
        let origin = format!("http://127.0.0.1:{}/", server.port);
        let overrides =
            diptych::config::Overrides { base_url: Some(origin.clone()), output_dir: Some(folder.path().join("site")) };
        let (summary, problems) = diptych::build(self.root(), &Options { overrides, ..Options::default() });
        assert!(summary.is_some(), "{}", messages(&problems));
        copy_tree(&folder.path().join("site"), folder.path());
        Served { origin, folder, _server: server }
    }
}

/// Runs the browser script `tests/browser/NAME` on the site served at `origin`, with
/// `args`; its JSON output.
pub fn browser_script<T: serde::de::DeserializeOwned>(name: &str, origin: &str, args: &[impl AsRef<str>]) -> T {
    let script = project_root().join("tests/browser").join(name);
    let out = Command::new("node").arg(script).arg(origin).args(args.iter().map(|a| a.as_ref())).output();
    let out = out.expect("node runs");
    assert!(out.status.success(), "the browser script failed:\n{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("JSON from the browser script")
}

/// The folders of a site's own text: its transcripts, and its pages if it has any.
pub const TEXT_FOLDERS: [&str; 2] = ["content", "pages"];

/// One generated edit of the text of a transcript or a page, chosen by `seed`: words
/// added to its title, a heading or a paragraph, a paragraph repeated or removed, or a
/// turn added after one.
pub fn edit_of_text(site: &TestSite, seed: u64) -> String {
    let in_folder = |folder| files(&site.root().join(folder)).into_iter().map(move |f| format!("{folder}/{f}"));
    let sources: Vec<String> = TEXT_FOLDERS.into_iter().flat_map(in_folder).collect();
    let source = sources[seeded_order(sources.len(), seed)[0]].clone();
    let text = std::fs::read_to_string(site.root().join(&source)).unwrap();
    let body_from = text[3..].find("\n---\n").unwrap() + 8;
    let editable: Vec<(usize, &str)> = text
        .match_indices('\n')
        .map(|(i, _)| i + 1)
        .filter_map(|start| Some((start, text[start..].lines().next()?)))
        .filter(|(start, line)| line.starts_with("title: ") || (*start >= body_from && !line.trim().is_empty()))
        .collect();
    let (start, line) = editable[seeded_order(editable.len(), seed + 1)[0]];
    let paragraph = start >= body_from && !line.starts_with('#');
    let edited = match (seed % 4, line.find(" {#")) {
        (1, _) if paragraph => format!("{line}\n\n{line}"),
        (3, _) if paragraph => String::new(),
        (2, _) if paragraph && source.ends_with(".zh.md") => format!("{line}\n\n**记者**：补充{seed}。"),
        (2, _) if paragraph => format!("{line}\n\n**Reporter**: And {seed}?"),
        (_, Some(attributes)) => format!("{} 改{seed}{}", &line[..attributes], &line[attributes..]),
        (_, None) => format!("{line} 改{seed}"),
    };
    site.write(&source, format!("{}{edited}{}", &text[..start], &text[start + line.len()..]));
    format!("{source}: {edited}")
}
