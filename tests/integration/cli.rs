//! The command line as a person meets it: `--version`, quiet and verbose, colour only
//! on a terminal, `check`'s closing line, shell completions, `new transcript`.

use crate::support::*;

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn version_names_the_release() {
    let site = TestSite::minimal();
    let out = site.run(&["--version"]);
    assert_eq!(String::from_utf8_lossy(&out.stdout), format!("diptych {}\n", env!("CARGO_PKG_VERSION")));
}

#[test]
fn check_ends_with_one_line_that_counts_what_it_found() {
    let site = TestSite::fixture("basic");
    let out = site.run(&["check"]);
    let said = stderr(&out);
    let last = said.lines().last().unwrap();
    let warnings = said.lines().filter(|l| l.contains(": warning: ")).count();
    let expected = match warnings {
        0 => "no errors, no warnings".to_string(),
        1 => "no errors, 1 warning".to_string(),
        n => format!("no errors, {n} warnings"),
    };
    assert_eq!(last, expected, "{said}");
    assert!(!said.contains("previous output"), "check writes nothing, so says nothing of it: {said}");

    site.write("content/broken.zh.md", "no front matter\n");
    let out = site.run(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    let said = stderr(&out);
    assert!(said.lines().last().unwrap().starts_with("1 error, "), "{said}");
    assert!(!said.contains("previous output"), "{said}");
}

#[test]
fn quiet_says_only_errors_and_verbose_says_how_long_each_stage_took() {
    let site = TestSite::fixture("basic");
    let out = site.run(&["build", "--quiet"]);
    assert!(out.status.success());
    assert_eq!(stderr(&out), "", "a quiet build that works says nothing");
    let out = site.run(&["build", "-v"]);
    let said = stderr(&out);
    assert!(said.contains(" ms  read and parse sources"), "{said}");
    site.write("content/broken.zh.md", "no front matter\n");
    let out = site.run(&["-q", "build"]);
    let said = stderr(&out);
    assert!(said.contains("content/broken.zh.md:1:1: error: this file has no front matter"), "{said}");
    assert!(!said.contains("warning:"), "{said}");
}

#[test]
fn a_build_says_how_large_the_site_it_wrote_is() {
    let site = TestSite::fixture("basic");
    let out = site.run(&["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let files =
        walkdir::WalkDir::new(site.public()).into_iter().map(Result::unwrap).filter(|e| e.file_type().is_file());
    let bytes: u64 = files.map(|e| e.metadata().unwrap().len()).sum();
    let said = stderr(&out);
    let last = said.lines().last().unwrap();
    // The size as hosts state their limits: kilobytes of 1,000 bytes, three figures.
    let expected = match bytes {
        100_000..1_000_000 => format!("({} KB)", (bytes as f64 / 1e3).round()),
        _ => panic!("the basic fixture is expected to be some hundreds of KB, not {bytes} bytes"),
    };
    assert!(last.starts_with("built ") && last.ends_with(&expected), "{last} (the files hold {bytes} bytes)");
    assert!(!said.contains("GitHub Pages"), "a small site is not warned about its size: {said}");
}

#[test]
fn messages_are_plain_text_when_not_on_a_terminal() {
    let site = TestSite::fixture("basic");
    site.write("content/broken.zh.md", "no front matter\n");
    // Standard error is a pipe here: no colour codes, whatever NO_COLOR says.
    let out = site.run(&["build"]);
    assert!(!stderr(&out).contains('\u{1b}'), "{:?}", stderr(&out));
}

#[test]
fn errors_are_red_on_a_terminal_unless_no_color_is_set() {
    let Ok(script) = which("script") else {
        assert!(std::env::var_os("CI").is_none(), "CI must have util-linux's `script`");
        return;
    };
    let site = TestSite::fixture("basic");
    site.write("content/broken.zh.md", "no front matter\n");
    let command = format!("{} build", env!("CARGO_BIN_EXE_diptych"));
    // `script` runs the command on a pseudo-terminal, as a person's shell would.
    let on_terminal = |no_color: Option<&str>| {
        let mut run = std::process::Command::new(&script);
        run.args(["-qec", &command, "/dev/null"]).current_dir(site.root()).env_remove("NO_COLOR");
        if let Some(value) = no_color {
            run.env("NO_COLOR", value);
        }
        String::from_utf8_lossy(&run.output().unwrap().stdout).into_owned()
    };
    assert!(on_terminal(None).contains("\u{1b}[1;31merror:\u{1b}[0m this file has no front matter"));
    assert!(!on_terminal(Some("1")).contains('\u{1b}'));
}

fn which(program: &str) -> Result<std::path::PathBuf, ()> {
    let path = std::env::var_os("PATH").ok_or(())?;
    std::env::split_paths(&path).map(|dir| dir.join(program)).find(|p| p.is_file()).ok_or(())
}

#[test]
fn completions_are_scripts_for_each_shell() {
    let site = TestSite::minimal();
    for (shell, mark) in
        [("bash", "complete -F _diptych"), ("zsh", "#compdef diptych"), ("fish", "complete -c diptych")]
    {
        let out = site.run(&["completions", shell]);
        assert!(out.status.success(), "{shell}");
        let script = String::from_utf8_lossy(&out.stdout);
        assert!(script.contains(mark) && script.contains("serve"), "{shell}: {script}");
    }
}

#[test]
fn new_transcript_writes_every_language_with_the_same_sections() {
    let site = TestSite::minimal();
    let out = site.run(&["new", "transcript", "2024/0308-briefing", "--date", "2024-03-08"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let zh = std::fs::read_to_string(site.root().join("content/2024/0308-briefing.zh.md")).unwrap();
    let en = std::fs::read_to_string(site.root().join("content/2024/0308-briefing.en.md")).unwrap();
    let ids = |text: &str| {
        text.lines()
            .filter(|l| l.starts_with("## "))
            .map(|l| l.split('{').nth(1).unwrap().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(&zh), ids(&en));
    assert!(zh.contains("date: 2024-03-08") && en.contains("date: 2024-03-08"));
    let problems = diptych::check(site.root(), &diptych::Options::default()).problems;
    assert!(!problems.has_errors() && problems.warnings.is_empty(), "{}", messages(&problems));
    site.build_ok();
    assert!(site.pages().contains("en/2024/0308-briefing/question-1/"));
    // Never over a file that is there.
    std::fs::write(site.root().join("content/2024/0308-briefing.en.md"), "mine").unwrap();
    let out = site.run(&["new", "transcript", "2024/0308-briefing"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("exists already"), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(site.root().join("content/2024/0308-briefing.en.md")).unwrap(), "mine");
}

#[test]
fn new_transcript_takes_the_date_its_path_is_named_for() {
    let site = TestSite::minimal();
    let this_year = chrono::Local::now().date_naive().format("%Y").to_string();
    for (path, date) in [
        ("2019/0308-briefing", "2019-03-08"),
        ("2019-03-09-briefing", "2019-03-09"),
        ("archive/20190310", "2019-03-10"),
        ("2019/1231", "2019-12-31"),
    ] {
        let out = site.run(&["new", "transcript", path]);
        assert!(out.status.success(), "{path}: {}", stderr(&out));
        let zh = std::fs::read_to_string(site.root().join(format!("content/{path}.zh.md"))).unwrap();
        assert!(zh.contains(&format!("date: {date}\n")), "{path}: {zh}");
    }
    // A year's folder alone: this year's is today, another year's needs the day.
    let out = site.run(&["new", "transcript", &format!("{this_year}/press")]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = site.run(&["new", "transcript", "2019/press"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("--date 2019-MM-DD"), "{}", stderr(&out));
    // A date unlike the name is refused before anything is written.
    let out = site.run(&["new", "transcript", "2019/0401-talk", "--date", "2019-04-02"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("named for 2019-04-01, but --date says 2019-04-02"), "{}", stderr(&out));
    assert!(!site.root().join("content/2019/0401-talk.zh.md").exists());
    let problems = diptych::check(site.root(), &diptych::Options::default()).problems;
    assert!(!problems.has_errors() && problems.warnings.is_empty(), "{}", messages(&problems));
}

#[test]
fn every_page_names_the_sites_icon() {
    let site = TestSite::fixture("basic");
    site.build_ok();
    assert!(site.public().join("favicon.svg").is_file());
    for rel in site.pages().iter().filter(|r| !r.contains("/page/")) {
        let page = site.page(rel);
        if page.contains("http-equiv=\"refresh\"") {
            continue;
        }
        assert!(page.contains(r#"<link rel="icon" href="/archive/favicon.svg" type="image/svg+xml">"#), "{rel}");
    }
}

#[test]
fn commands_run_outside_a_site_say_where_to_go_and_leave_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    for args in [&["build"][..], &["check"], &["serve", "--port", "0"], &["new", "transcript", "2024/0307"]] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_diptych"))
            .args(args)
            .current_dir(dir.path())
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(err.contains("there is no site.yaml in ") && err.contains("`diptych init`"), "{args:?}: {err}");
        assert!(!err.contains("error: site.yaml: error"), "{args:?}: {err}");
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert!(left.is_empty(), "{args:?} left {left:?}");
    }
}

/// Run from a folder inside the site (an editor's terminal in `content/2024/`), a
/// command finds the site in the nearest folder above with a site.yaml, says so, and
/// builds there; `--root` is taken as given.
#[test]
fn a_command_run_inside_the_site_finds_its_site_yaml_above() {
    let site = TestSite::minimal();
    site.write(
        "content/2024/03/0307.zh.md",
        transcript("title: 记者会\ndate: 2024-03-07", "\n## 一 {#one}\n\n**王毅**：好。\n"),
    );
    for (depth, folder) in [(1, "content"), (3, "content/2024/03")] {
        let inside = site.root().join(folder);
        let run = |args: &[&str]| {
            std::process::Command::new(env!("CARGO_BIN_EXE_diptych")).args(args).current_dir(&inside).output().unwrap()
        };
        let _ = std::fs::remove_dir_all(site.public());
        let out = run(&["build"]);
        assert!(out.status.success(), "{}", stderr(&out));
        let up = vec![".."; depth].join("/");
        assert!(
            stderr(&out).contains(&format!("the site is {up}, the nearest folder with a site.yaml")),
            "{}",
            stderr(&out)
        );
        assert!(stderr(&out).contains(&format!("into {up}/public")), "{}", stderr(&out));
        assert!(site.pages().contains("zh/2024/03/0307/one/"), "{:?}", site.pages());
        assert!(!inside.join("public").exists());
        let out = run(&["check"]);
        assert!(out.status.success() && stderr(&out).contains("the site is"), "{}", stderr(&out));
        // Named with --root, the folder is the site, site.yaml or not.
        let out = run(&["--root", ".", "check"]);
        assert_eq!(out.status.code(), Some(1));
        assert!(stderr(&out).contains("there is no site.yaml in") && !stderr(&out).contains("the site is"));
    }
}
