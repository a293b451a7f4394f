//! Generated pages are valid HTML, as judged by the Nu HTML Checker (vnu).
//!
//! vnu is a Java program from npm (`vnu-jar`). `.ci/run` installs it under
//! `target/vnu`; elsewhere set `VNU_JAR` to a vnu.jar. Without it this test says so and
//! passes, except in CI (`CI` set), where a missing checker is a failure.

use std::path::PathBuf;
use std::process::Command;

use crate::support::*;

fn vnu_jar() -> Option<PathBuf> {
    let candidates = [
        std::env::var_os("VNU_JAR").map(PathBuf::from),
        Some(project_root().join("target/vnu/node_modules/vnu-jar/build/dist/vnu.jar")),
    ];
    candidates.into_iter().flatten().find(|p| p.is_file())
}

#[test]
fn every_generated_page_passes_the_nu_html_checker() {
    let Some(jar) = vnu_jar() else {
        assert!(std::env::var_os("CI").is_none(), "CI must install vnu (see .ci/run)");
        eprintln!(
            "\n*** SKIPPED: vnu.jar not found; run `npm install --prefix target/vnu vnu-jar` or set VNU_JAR ***\n"
        );
        return;
    };
    let example = TestSite::example();
    example.build_ok();
    let basic = TestSite::fixture("basic");
    basic.build_ok();
    // Every key of the source format: pages, menu, footer, media, redirects, a partial
    // translation, a third language.
    let every_key = TestSite::fixture("every-key");
    every_key.build_ok();
    // All files in one call: the JVM starts once.
    let out = Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .args(["--errors-only", "--skip-non-html", "--format", "gnu"])
        .arg(example.public())
        .arg(basic.public())
        .arg(every_key.public())
        .output()
        .expect("java runs");
    let report = String::from_utf8_lossy(&out.stderr).into_owned() + &String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success() && report.trim().is_empty(), "vnu found errors:\n{report}");
}

/// Every page a reader meets, in the light and the dark scheme, has nothing axe-core
/// (the engine of browsers' accessibility audits) calls a violation: contrast, names
/// of links, buttons and landmarks, headings, languages. Redirect pages are left out
/// (they move on before they can be read), and so is the 404 page of the every-key
/// fixture, whose third language has no UI strings of its own (the build warns): its
/// part repeats the default language's heading, so two landmarks share a name.
#[test]
fn every_page_a_reader_meets_passes_an_accessibility_audit() {
    if !browser_ready() || !project_root().join("target/e2e/node_modules/axe-core").is_dir() {
        assert!(std::env::var_os("CI").is_none(), "CI must install axe-core (see .ci/run)");
        return;
    }
    for (site, skip) in [(TestSite::example(), ""), (TestSite::fixture("every-key"), "404.html")] {
        let served = site.served();
        let public = served.folder.path();
        let pages: Vec<String> = files(public)
            .into_iter()
            .filter(|f| f.ends_with(".html") && f != skip && !f.starts_with("site/"))
            .filter(|f| !std::fs::read_to_string(public.join(f)).unwrap().contains("http-equiv=\"refresh\""))
            .map(|f| f.strip_suffix("index.html").unwrap_or(&f).to_string())
            .collect();
        assert!(pages.len() > 20, "{pages:?}");
        let found: std::collections::BTreeMap<String, Vec<serde_json::Value>> =
            browser_script("accessibility.mjs", &served.origin, &pages);
        assert_eq!(found.len(), pages.len() * 2);
        let violations: Vec<String> =
            found.iter().filter(|(_, v)| !v.is_empty()).map(|(page, v)| format!("{page}: {v:#?}")).collect();
        assert!(violations.is_empty(), "{}", violations.join("\n"));
    }
}
