//! Builds that meet: two at once into one output folder, and builds cut short at the
//! worst moment. Each leaves a whole site, the old one or the new.

use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::support::*;

fn spawn_build(site: &TestSite) -> Child {
    Command::new(env!("CARGO_BIN_EXE_diptych"))
        .arg("build")
        .current_dir(site.root())
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("the diptych binary runs")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Fails the test unless `public/` holds exactly the files a build of `site` plans
/// (and its search index and marker).
fn assert_whole_site(site: &TestSite) {
    let planned: std::collections::BTreeSet<String> =
        diptych::outputs(site.root(), &diptych::Options::default()).expect("the site builds").into_iter().collect();
    let found = files(&site.public());
    let missing: Vec<_> = planned.difference(&found).take(5).collect();
    assert!(missing.is_empty(), "the output lacks planned files, such as {missing:?}");
    let extra: Vec<_> =
        found.difference(&planned).filter(|f| !f.starts_with("search/") && *f != ".diptych-output").take(5).collect();
    assert!(extra.is_empty(), "the output holds files no build planned, such as {extra:?}");
}

#[test]
fn two_builds_at_once_both_succeed_and_leave_one_whole_site() {
    let site = TestSite::minimal();
    site.add_transcripts(150);
    for _ in 0..3 {
        let (a, b) = (spawn_build(&site), spawn_build(&site));
        for out in [a.wait_with_output().unwrap(), b.wait_with_output().unwrap()] {
            assert!(out.status.success(), "a build failed:\n{}", stderr(&out));
        }
        assert_whole_site(&site);
    }
}

#[test]
fn a_build_waits_while_another_holds_the_output_folder_and_says_so() {
    let site = TestSite::minimal();
    site.write("content/a.zh.md", transcript("title: 甲\ndate: 2024-03-07", "\n## 一 {#one}\n\n文字。\n"));
    // As another build does, from the moment it prepares the folder until its swap is done.
    let other = std::fs::File::create(site.root().join(".public.diptych-lock")).unwrap();
    other.lock().unwrap();
    let mut child = spawn_build(&site);
    let started = Instant::now();
    while started.elapsed() < Duration::from_millis(1500) {
        assert!(child.try_wait().unwrap().is_none(), "the build did not wait for the other one");
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(!site.public().exists(), "the waiting build touched the output folder");
    drop(other);
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("waiting for another build into `public` to finish"), "{}", stderr(&out));
    assert_whole_site(&site);
}

/// A build killed (SIGKILL, by `strace`) as it makes its `n`th rename of `public` or
/// of the folder that replaces it; whether it was killed.
fn build_killed_at_rename(site: &TestSite, n: usize) -> bool {
    let out = Command::new("strace")
        .args(["-f", "-qq", "-o", "/dev/null", "-P", "./public", "-P", "./.public.diptych-tmp"])
        .args(["-e", "trace=rename,renameat,renameat2"])
        .arg(format!("--inject=rename,renameat,renameat2:signal=KILL:when={n}"))
        .arg(env!("CARGO_BIN_EXE_diptych"))
        .arg("build")
        .current_dir(site.root())
        .output()
        .expect("strace runs (.ci/run installs it)");
    !out.status.success()
}

#[test]
fn a_build_killed_while_it_swaps_the_output_folder_leaves_a_whole_site() {
    let site = TestSite::minimal();
    site.write("content/a.zh.md", transcript("title: 旧标题\ndate: 2024-03-07", "\n## 一 {#one}\n\n文字。\n"));
    site.build_ok();
    let mut kills = 0;
    for n in 1..10 {
        site.write(
            "content/a.zh.md",
            transcript(&format!("title: 新标题{n}\ndate: 2024-03-07"), "\n## 一 {#one}\n\n文字。\n"),
        );
        let killed = build_killed_at_rename(&site, n);
        assert!(site.public().join(".diptych-output").is_file(), "killed at rename {n}: no output folder is left");
        let home = std::fs::read_to_string(site.public().join("zh/a/index.html")).unwrap();
        assert!(home.contains("旧标题") || home.contains(&format!("新标题{n}")), "killed at rename {n}: a mixed site");
        if !killed {
            break;
        }
        kills += 1;
        site.write("content/a.zh.md", transcript("title: 旧标题\ndate: 2024-03-07", "\n## 一 {#one}\n\n文字。\n"));
        site.build_ok();
    }
    assert!(kills > 0, "no build was killed: the test did not reach the swap");
}

#[cfg(unix)]
#[test]
fn a_second_ctrl_c_ends_the_build_at_once_and_leaves_no_temporary_folder() {
    let site = TestSite::minimal();
    site.write("content/a.zh.md", transcript("title: 甲\ndate: 2024-03-07", "\n## 一 {#one}\n\n文字。\n"));
    site.build_ok();
    let before = site.snapshot();
    site.add_transcripts(400);
    let mut child = spawn_build(&site);
    let staging = site.root().join(".public.diptych-tmp");
    let started = Instant::now();
    while !staging.exists() {
        assert!(child.try_wait().unwrap().is_none(), "the build ended before it could be interrupted");
        assert!(started.elapsed() < Duration::from_secs(60));
        std::thread::sleep(Duration::from_millis(2));
    }
    // Apart, or the system merges them into one. SAFETY: signals to our own child.
    unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
    std::thread::sleep(Duration::from_millis(5));
    unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(130), "{}", stderr(&out));
    assert_eq!(site.snapshot(), before, "the previous output is untouched");
    assert!(!staging.exists(), "the half-filled folder is left behind");
}
