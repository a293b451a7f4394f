//! `diptych init`: a new site in a fresh repository, run twice, with `--force`; the
//! GitHub Pages workflow it writes, read as GitHub would; and (slow, `#[ignore]`,
//! run by .ci/run) that workflow's install and build steps run as a shell script.

use std::path::Path;
use std::process::{Command, Output};

use crate::support::*;

fn diptych(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_diptych")).args(args).current_dir(cwd).output().unwrap()
}

fn ok(out: &Output) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{stderr}");
    stderr
}

/// A folder as `git clone` of a new GitHub repository leaves it: `.git`, a README, a
/// LICENSE, a `.gitignore` of its own.
fn fresh_repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    assert!(Command::new("git").args(["init", "--quiet"]).current_dir(dir.path()).status().unwrap().success());
    std::fs::write(dir.path().join("README.md"), "# My archive\n").unwrap();
    std::fs::write(dir.path().join("LICENSE"), "MIT\n").unwrap();
    std::fs::write(dir.path().join(".gitignore"), "*.log\n/public/\n").unwrap();
    dir
}

#[test]
fn init_in_a_fresh_repository_keeps_what_is_there_and_builds() {
    let repo = fresh_repository();
    let said = ok(&diptych(&["init", "."], repo.path()));
    assert!(said.contains("next: diptych serve --open"), "no `cd .`: {said}");
    assert_eq!(std::fs::read_to_string(repo.path().join("README.md")).unwrap(), "# My archive\n");
    assert_eq!(std::fs::read_to_string(repo.path().join("LICENSE")).unwrap(), "MIT\n");
    // Its own lines stay first; only the missing ones are added, once.
    let ignore = std::fs::read_to_string(repo.path().join(".gitignore")).unwrap();
    assert!(ignore.starts_with("*.log\n/public/\n"), "{ignore}");
    assert_eq!(ignore.matches("/public/").count(), 1, "{ignore}");
    assert!(ignore.contains("/.diptych-cache/") && ignore.contains("/.public.diptych-*"), "{ignore}");
    assert!(repo.path().join("pages/about.zh.md").is_file() && repo.path().join("pages/about.en.md").is_file());
    ok(&diptych(&["build"], repo.path()));
    let about = std::fs::read_to_string(repo.path().join("public/en/about/index.html")).unwrap();
    assert!(about.contains("About this archive"));
    let home = std::fs::read_to_string(repo.path().join("public/en/index.html")).unwrap();
    assert!(home
        .contains(r#"<meta name="description" content="Transcripts of press conferences, in Chinese and English">"#));
    assert!(home.contains(">About this archive</a>"), "the menu links the sample page");
    crate::pages::assert_links_resolve(&repo.path().join("public"), "/archive/");
}

#[test]
fn init_twice_refuses_and_force_adds_nothing_over_what_is_there() {
    let repo = fresh_repository();
    ok(&diptych(&["init"], repo.path()));
    std::fs::write(repo.path().join("site.yaml"), "# mine\n").unwrap();
    std::fs::write(repo.path().join("notes.txt"), "mine\n").unwrap();
    let again = diptych(&["init"], repo.path());
    assert_eq!(again.status.code(), Some(1));
    let said = String::from_utf8_lossy(&again.stderr);
    assert!(said.starts_with(".: error: this folder holds a site already (its site.yaml)"), "{said}");
    assert!(said.contains("--force"), "{said}");
    std::fs::remove_file(repo.path().join("site.yaml")).unwrap();
    let said = String::from_utf8_lossy(&diptych(&["init"], repo.path()).stderr).into_owned();
    assert!(
        said.starts_with(".: error: this folder is not an empty folder (it holds `.github`, `content`, `notes.txt`"),
        "{said}"
    );
    std::fs::write(repo.path().join("site.yaml"), "# mine\n").unwrap();
    let said = ok(&diptych(&["init", "--force"], repo.path()));
    assert!(said.contains("kept     ./site.yaml"), "{said}");
    assert_eq!(std::fs::read_to_string(repo.path().join("site.yaml")).unwrap(), "# mine\n");
    assert_eq!(std::fs::read_to_string(repo.path().join("notes.txt")).unwrap(), "mine\n");
    // A removed sample comes back; nothing else changes.
    std::fs::remove_file(repo.path().join("pages/about.en.md")).unwrap();
    ok(&diptych(&["init", "--force"], repo.path()));
    assert!(repo.path().join("pages/about.en.md").is_file());
}

/// The workflow `init` writes, as YAML.
fn workflow(extra: &[&str]) -> serde_yaml::Value {
    let dir = tempfile::tempdir().unwrap();
    let mut args = vec!["init", "s"];
    args.extend(extra);
    ok(&diptych(&args, dir.path()));
    let text = std::fs::read_to_string(dir.path().join("s/.github/workflows/pages.yml")).unwrap();
    serde_yaml::from_str(&text).expect("the workflow is YAML")
}

/// Every step of every job.
fn steps(workflow: &serde_yaml::Value) -> Vec<serde_yaml::Value> {
    let jobs = workflow["jobs"].as_mapping().unwrap();
    jobs.values().flat_map(|job| job["steps"].as_sequence().unwrap().clone()).collect()
}

/// The official actions' current major versions (their releases that run on Node 24).
const CURRENT: [&str; 5] = [
    "actions/checkout@v6",
    "actions/configure-pages@v6",
    "actions/cache@v5",
    "actions/upload-pages-artifact@v5",
    "actions/deploy-pages@v5",
];

#[test]
fn the_workflow_uses_current_actions_keeps_hidden_files_and_installs_this_version() {
    for path in [None, Some(project_root().join(".github/workflows/pages.yml"))] {
        let flow = match &path {
            None => workflow(&[]),
            Some(p) => serde_yaml::from_str(&std::fs::read_to_string(p).unwrap()).unwrap(),
        };
        let which = path.as_ref().map_or("init's".to_string(), |p| p.display().to_string());
        for step in steps(&flow) {
            if let Some(uses) = step["uses"].as_str() {
                assert!(CURRENT.contains(&uses), "{which}: `{uses}` is not a current major");
                if uses.starts_with("actions/upload-pages-artifact") {
                    assert_eq!(step["with"]["include-hidden-files"], serde_yaml::Value::Bool(true), "{which}");
                }
            }
            let run = step["run"].as_str().unwrap_or("");
            for line in run.lines().filter(|l| l.contains("cargo install")) {
                // No crate is published: installing one by name would fail, or run
                // whatever someone else published under that name.
                assert!(line.contains("--git"), "{which}: installs a crate by name: {line}");
            }
        }
    }
    let flow = workflow(&[]);
    assert_eq!(flow["env"]["DIPTYCH_VERSION"].as_str(), Some(env!("CARGO_PKG_VERSION")));
    assert_eq!(flow["env"]["DIPTYCH_FROM"].as_str(), Some(env!("CARGO_PKG_REPOSITORY")));
    let fork = workflow(&["--diptych-from", "https://github.com/someone/diptych"]);
    assert_eq!(fork["env"]["DIPTYCH_FROM"].as_str(), Some("https://github.com/someone/diptych"));
    let cache = steps(&flow).into_iter().find(|s| s["with"]["path"].as_str() == Some("~/.cargo/bin/diptych")).unwrap();
    let key = cache["with"]["key"].as_str().unwrap();
    assert!(key.contains("env.DIPTYCH_VERSION") && key.contains("env.DIPTYCH_FROM"), "cached by version: {key}");
}

#[test]
fn the_package_holds_the_built_in_theme_and_the_licence() {
    let out = Command::new(env!("CARGO"))
        .args(["package", "--list", "--allow-dirty"])
        .current_dir(project_root())
        .output()
        .unwrap();
    let listed = ok(&out);
    let files = String::from_utf8_lossy(&out.stdout);
    for file in
        ["themes/archive/templates/base.html", "themes/archive/i18n/zh.yaml", "LICENSE", "README.md", "src/main.rs"]
    {
        assert!(files.lines().any(|l| l == file), "{file} is not packaged: {listed}{files}");
    }
    assert!(!files.lines().any(|l| l.starts_with("tests/") || l.starts_with("content/")), "{files}");
}

/// The workflow's install and build steps, run here as the runner would run them:
/// diptych from a local clone of this repository (its committed state), tagged as
/// this version, built in a fresh CARGO_HOME. Slow (a release build): `.ci/run` runs it.
#[test]
#[ignore]
fn the_workflows_install_and_build_steps_publish_a_site() {
    let work = tempfile::tempdir().unwrap();
    let bare = work.path().join("diptych.git");
    let git = |args: &[&str], cwd: &Path| {
        let out = Command::new("git").args(args).current_dir(cwd).output().unwrap();
        assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    };
    git(
        &["clone", "--quiet", "--bare", &project_root().display().to_string(), &bare.display().to_string()],
        work.path(),
    );
    let tag = format!("v{}", env!("CARGO_PKG_VERSION"));
    git(&["tag", "--force", &tag, "HEAD"], &bare);
    let from = format!("file://{}", bare.display());
    let site = work.path().join("site");
    ok(&diptych(&["init", "site", "--diptych-from", &from], work.path()));
    let text = std::fs::read_to_string(site.join(".github/workflows/pages.yml")).unwrap();
    let flow: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    let named = |name: &str| {
        let step = steps(&flow).into_iter().find(|s| s["name"].as_str() == Some(name)).unwrap();
        step["run"].as_str().unwrap().replace("${{ steps.pages.outputs.base_url }}", "https://someone.github.io/site")
    };
    let script = format!("set -euo pipefail\n{}\n{}\n", named("Install diptych"), named("Build the site"));
    let home = work.path().join("home");
    let rustup_home = std::env::var("RUSTUP_HOME")
        .unwrap_or_else(|_| format!("{}/.rustup", std::env::var("HOME").unwrap_or_default()));
    let path = format!("{}/.cargo/bin:{}", home.display(), std::env::var("PATH").unwrap_or_default());
    let out = Command::new("bash")
        .args(["-c", &script])
        .current_dir(&site)
        .env("HOME", &home)
        .env("CARGO_HOME", home.join(".cargo"))
        .env("RUSTUP_HOME", rustup_home)
        .env("PATH", path)
        .env("RUNNER_TEMP", work.path())
        .env("DIPTYCH_VERSION", flow["env"]["DIPTYCH_VERSION"].as_str().unwrap())
        .env("DIPTYCH_FROM", flow["env"]["DIPTYCH_FROM"].as_str().unwrap())
        .output()
        .unwrap();
    assert!(out.status.success(), "the workflow's steps failed:\n{}", String::from_utf8_lossy(&out.stderr));
    assert!(home.join(".cargo/bin/diptych").is_file(), "installed into the runner's ~/.cargo/bin");
    assert!(site.join("public/.nojekyll").is_file());
    let index = std::fs::read_to_string(site.join("public/index.html")).unwrap();
    assert!(index.contains("https://someone.github.io/site/"), "built with the Pages address");
}
