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
