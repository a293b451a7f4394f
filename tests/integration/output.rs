//! The output folder: replaced whole on success, untouched on failure, never a user's files.

use crate::support::*;

#[test]
fn a_failed_build_leaves_the_previous_output_byte_for_byte() {
    let site = TestSite::fixture("basic");
    site.build_ok();
    let before = site.snapshot();
    site.write("content/2024/0307-press.en.md", transcript("title: Broken\ndate: 2024-02-30", ""));
    site.build_err();
    assert_eq!(site.snapshot(), before);
    let leftovers: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("diptych-") && n != diptych::cache::FOLDER && !n.ends_with("diptych-lock"))
        .collect();
    assert!(leftovers.is_empty(), "temporary folders left behind: {leftovers:?}");
}

#[cfg(unix)]
#[test]
fn an_interrupted_build_leaves_the_previous_output_and_no_temporary_folder() {
    let site = TestSite::minimal();
    site.write("content/a.zh.md", transcript("title: 甲\ndate: 2024-03-07", "\n## 一 {#one}\n\n文字。\n"));
    site.build_ok();
    let before = site.snapshot();
    site.add_transcripts(400);
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_diptych"))
        .arg("build")
        .current_dir(site.root())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let staging = site.root().join(".public.diptych-tmp");
    let started = std::time::Instant::now();
    while !staging.exists() {
        assert!(child.try_wait().unwrap().is_none(), "the build ended before it could be interrupted");
        assert!(started.elapsed() < std::time::Duration::from_secs(60));
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    // SAFETY: sending a signal to our own child process.
    unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(130), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("interrupted; the previous output, if any, is unchanged"));
    assert_eq!(site.snapshot(), before, "the previous output is untouched");
    assert!(!staging.exists(), "no temporary folder is left behind");
}

#[test]
fn stale_files_do_not_survive_a_good_build() {
    let site = TestSite::fixture("basic");
    site.build_ok();
    assert!(site.pages().contains("zh/2023/1201-interview/"));
    site.remove("content/2023/1201-interview.zh.md");
    site.write("public/zh/stray.html", "left from an old build");
    site.build_ok();
    assert!(!site.pages().contains("zh/2023/1201-interview/"));
    assert!(!site.public().join("zh/stray.html").exists());
    assert!(!site.page("zh/").contains("专访"));
}

const SPARE: &str = ".public.diptych-spare";

fn edit_press_conference(site: &TestSite) {
    let path = "content/2024/0307-press.zh.md";
    let text = std::fs::read_to_string(site.root().join(path)).unwrap();
    site.write(path, text.replace("我们支持非洲发展。", "我们支持非洲发展。这一句是新加的。"));
}

/// From the second build on, the replaced output is kept as the spare, and the next
/// build fills it rather than a new folder: the result must be exactly a fresh build.
#[test]
fn a_build_over_the_spare_equals_a_fresh_build() {
    let site = TestSite::fixture("basic");
    site.build_ok();
    site.build_ok();
    let spare = site.root().join(SPARE);
    assert!(spare.join(".diptych-output").is_file(), "the replaced output is kept as the spare");
    site.remove("content/2023/1201-interview.zh.md");
    edit_press_conference(&site);
    std::fs::write(spare.join("zh/stray.html"), "left from an old build").unwrap();
    std::fs::create_dir_all(spare.join("zh/gone/deeper")).unwrap();
    std::fs::write(spare.join("zh/gone/deeper/index.html"), "stale").unwrap();
    // At the top too: a language no longer built, and a file of its own.
    std::fs::create_dir_all(spare.join("fr/2023/x")).unwrap();
    std::fs::write(spare.join("fr/2023/x/index.html"), "stale").unwrap();
    std::fs::write(spare.join("stray.txt"), "stale").unwrap();
    site.build_ok();
    assert!(!site.public().join("fr").exists() && !site.public().join("stray.txt").exists());
    assert!(site.page("zh/2024/0307-press/africa/").contains("这一句是新加的"));
    assert!(!site.pages().contains("zh/2023/1201-interview/"));
    assert!(!site.public().join("zh/2023/1201-interview").exists(), "folders of stale files go with them");
    assert!(!site.public().join("zh/gone").exists(), "folders of files put there by hand go with them");
    let over_spare = site.snapshot();
    std::fs::remove_dir_all(site.public()).unwrap();
    std::fs::remove_dir_all(&spare).unwrap();
    site.build_ok();
    assert_eq!(site.snapshot(), over_spare);
}

#[test]
fn a_rebuild_rewrites_only_the_files_that_changed() {
    let site = TestSite::fixture("basic");
    site.build_ok();
    site.build_ok();
    // The spare now holds the first build's files: date two of them in the past.
    let past = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000_000);
    let modified = |dir: &std::path::Path, rel: &str| std::fs::metadata(dir.join(rel)).unwrap().modified().unwrap();
    let (unchanged, changed) = ("assets/diptych.css", "zh/2024/0307-press/africa/index.html");
    for rel in [unchanged, changed] {
        let file = std::fs::File::options().write(true).open(site.root().join(SPARE).join(rel)).unwrap();
        file.set_modified(past).unwrap();
    }
    edit_press_conference(&site);
    site.build_ok();
    assert_eq!(modified(&site.public(), unchanged), past, "a file with the same bytes is not written again");
    assert_ne!(modified(&site.public(), changed), past, "a changed page is written");
}

/// A build does not read back the spare's files: it trusts the record of what it
/// wrote there, unless a file was modified after that.
#[test]
fn a_file_edited_in_the_spare_is_written_again() {
    let site = TestSite::fixture("basic");
    site.build_ok();
    site.build_ok();
    let rel = "zh/2024/0307-press/africa/index.html";
    let spare = site.root().join(SPARE).join(rel);
    let original = std::fs::read_to_string(&spare).unwrap();
    // Same length, other bytes: only the time it was modified gives it away.
    std::fs::write(&spare, original.replacen("<html", "<HTML", 1)).unwrap();
    site.build_ok();
    assert_eq!(std::fs::read_to_string(site.public().join(rel)).unwrap(), original);
}

#[test]
fn a_damaged_record_of_the_output_is_ignored() {
    let site = TestSite::fixture("basic");
    site.build_ok();
    site.build_ok();
    let fresh = site.snapshot();
    let records = site.root().join(".diptych-cache/outputs");
    let record_files = || files(&records).into_iter().map(|f| records.join(f)).collect::<Vec<_>>();
    assert!(!record_files().is_empty(), "each build records what it wrote");
    let rel = "zh/2024/0307-press/africa/index.html";
    let spare = site.root().join(SPARE).join(rel);
    let original = std::fs::read(&spare).unwrap();
    // Each build takes the spare, and leaves the folder it replaced as the next one.
    for damage in ["", "diptych output record 1 0.0.0\n", "garbage"] {
        for file in record_files() {
            std::fs::write(file, damage).unwrap();
        }
        // Its bytes are wrong, dated long before the record: only reading it tells.
        std::fs::write(&spare, b"x".repeat(original.len())).unwrap();
        let past = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000_000);
        std::fs::File::options().write(true).open(&spare).unwrap().set_modified(past).unwrap();
        site.build_ok();
        assert_eq!(site.snapshot(), fresh, "after a record {damage:?}");
    }
}

#[test]
fn building_into_another_folder_keeps_this_ones_record() {
    let site = TestSite::fixture("basic");
    site.build_ok();
    site.build_ok();
    let records = site.root().join(".diptych-cache/outputs");
    let before = files(&records);
    // Another base URL: other bytes, so another record.
    let out = site.run(&["build", "--output-dir", "elsewhere", "--base-url", "https://other.example/"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(files(&records).is_superset(&before), "the records of `public` and its spare are kept");
}

/// The build fails while writing (a broken link is found only once pages are
/// rendered), after it has taken the spare as its folder.
#[test]
fn a_failed_build_keeps_the_spare_for_the_next() {
    let site = TestSite::fixture("basic");
    site.build_ok();
    site.build_ok();
    let before = site.snapshot();
    site.write(
        "content/2024/0308-broken.zh.md",
        transcript("title: 坏链接\ndate: 2024-03-08", "\n## 一 {#one}\n\n见[坏](/zh/nope/)。\n"),
    );
    assert!(site.build_err().contains("the link `/zh/nope/` leads to nothing"));
    assert_eq!(site.snapshot(), before);
    assert!(site.root().join(SPARE).join(".diptych-output").is_file());
    assert!(!site.root().join(".public.diptych-tmp").exists());
}

#[test]
fn a_folder_in_the_spares_place_that_diptych_did_not_write_is_refused() {
    let site = TestSite::fixture("basic");
    site.write(&format!("{SPARE}/notes.txt"), "mine");
    let error = site.build_err();
    assert_eq!(
        error,
        "error: `.public.diptych-spare` holds files that diptych did not write; diptych keeps its previous output under that name, so move that folder away"
    );
    assert_eq!(std::fs::read_to_string(site.root().join(SPARE).join("notes.txt")).unwrap(), "mine");
}

#[test]
fn an_output_folder_over_the_sources_is_refused() {
    for dir in ["content", ".", "..", "themes/archive"] {
        let site = TestSite::fixture("basic");
        let config = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
        site.write("site.yaml", format!("{config}output_dir: {dir}\n"));
        let err = site.build_err();
        assert!(err.starts_with("error: output_dir"), "{dir}: {err}");
        assert!(site.root().join("content/2024/0307-press.zh.md").is_file(), "{dir}: sources deleted");
    }
}

/// Outputs that are not a folder of diptych's own, however they are named: a file
/// (even site.yaml), a link to a folder, a path into the sources through a link, the
/// cache folder. Each is refused and left as it was.
#[cfg(unix)]
#[test]
fn an_output_that_is_not_a_folder_of_its_own_is_refused() {
    type Case = (&'static str, &'static str, fn(&TestSite));
    let cases: [Case; 5] = [
        ("site.yaml", "is a file, not a folder", |_| {}),
        ("notes.txt", "is a file, not a folder", |site| {
            site.write("notes.txt", "mine");
        }),
        ("linked", "is a symbolic link", |site| {
            std::fs::create_dir(site.root().join("elsewhere")).unwrap();
            std::os::unix::fs::symlink("elsewhere", site.root().join("linked")).unwrap();
        }),
        ("sources/out", "overlaps `content`", |site| {
            std::os::unix::fs::symlink("content", site.root().join("sources")).unwrap();
        }),
        (".diptych-cache/site", "overlaps `.diptych-cache`", |_| {}),
    ];
    for (dir, why, prepare) in cases {
        let site = TestSite::fixture("basic");
        prepare(&site);
        let config = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
        site.write("site.yaml", format!("{config}output_dir: {dir}\n"));
        let before = std::fs::read(site.root().join("site.yaml")).unwrap();
        let err = site.build_err();
        assert!(err.starts_with(&format!("error: output_dir `{dir}` {why}")), "{dir}: {err}");
        assert_eq!(std::fs::read(site.root().join("site.yaml")).unwrap(), before, "{dir}: site.yaml changed");
        assert!(site.root().join("content/2024/0307-press.zh.md").is_file(), "{dir}: sources deleted");
    }
}

#[test]
fn a_folder_of_someone_elses_files_is_not_replaced() {
    let site = TestSite::fixture("basic");
    site.write("public/notes.txt", "my notes");
    let err = site.build_err();
    assert!(err.contains("holds files that diptych did not write"), "{err}");
    assert_eq!(std::fs::read_to_string(site.public().join("notes.txt")).unwrap(), "my notes");
}

#[test]
fn the_output_folder_can_be_chosen_on_the_command_line() {
    let site = TestSite::fixture("basic");
    let out = site.run(&["build", "--output-dir", "elsewhere"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(site.root().join("elsewhere/zh/index.html").is_file());
    assert!(!site.public().exists());
}

#[test]
fn the_base_url_can_be_chosen_on_the_command_line() {
    let site = TestSite::fixture("basic");
    let out = site.run(&["build", "--base-url", "http://127.0.0.1:8000"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let page = site.page("en/2024/0307-press/");
    assert!(page.contains(r#"<link rel="canonical" href="http://127.0.0.1:8000/en/2024/0307-press/">"#));
    assert!(page.contains(r#"<link rel="stylesheet" href="/assets/diptych.css">"#));
    crate::pages::assert_links_resolve(&site.public(), "/");
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let site = TestSite::minimal();
    site.write("content/a.zh.md", transcript("title: 草稿\ndate: 2024-03-07\ndraft: true", "\n## 一 {#one}\n"));
    site.build_ok();
    assert!(!site.pages().contains("zh/a/"));
    let out = site.run(&["build", "--drafts"]);
    assert!(out.status.success());
    assert!(site.pages().contains("zh/a/"));
}

#[test]
fn check_reports_warnings_and_writes_nothing() {
    let site = TestSite::minimal();
    site.write("content/a.zh.md", transcript("title: 甲\ndate: 2024-03-07", "\n## 一\n\n**王毅**：一。\n\n二。\n"));
    site.write("content/a.en.md", transcript("title: A\ndate: 2024-03-07", "\n## One\n\n**Wang Yi**: One.\n"));
    site.write("content/b.zh.md", transcript("title: 乙\ndate: 2024-03-07", "\n## 一 {#one}\n"));
    let out = site.run(&["check"]);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(out.status.success(), "{stderr}");
    assert!(!site.public().exists());
    let expected = [
        "content/a.en.md:6:1: warning: section `section-1` has 1 paragraph here but 2 in content/a.zh.md; the parallel view will show gaps",
        "content/a.en.md:6:1: warning: this section has no `{#id}`; it is called `section-1` and paired with its translation by position",
        "content/a.zh.md:6:1: warning: this section has no `{#id}`; it is called `section-1` and paired with its translation by position",
        "content/b.zh.md: warning: this transcript has no English translation",
    ];
    for line in expected {
        assert!(stderr.contains(line), "missing `{line}` in:\n{stderr}");
    }
}

#[test]
fn check_exits_with_1_on_errors() {
    let site = TestSite::minimal();
    site.write("content/a.zh.md", "no front matter\n");
    let out = site.run(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("content/a.zh.md:1:1: error: this file has no front matter"), "{stderr}");
}

/// A mount point cannot be renamed, and the swap renames the output folder: it is
/// refused before anything is written. /dev/shm is one on Linux; where it is not (its
/// device is its parent's), there is nothing to test.
#[cfg(unix)]
#[test]
fn a_mount_point_as_output_folder_is_refused_with_the_reason() {
    use std::os::unix::fs::MetadataExt;
    let dev = |p: &str| std::fs::metadata(p).map(|m| m.dev()).ok();
    if dev("/dev/shm").is_none() || dev("/dev/shm") == dev("/dev") {
        eprintln!("/dev/shm is no mount point here; skipped");
        return;
    }
    let site = TestSite::fixture("basic");
    let out = site.run(&["build", "--output-dir", "/dev/shm"]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("error: output_dir `/dev/shm` is a mount point"), "{stderr}");
    assert!(!std::path::Path::new("/dev/.shm.diptych-tmp").exists());
}

/// Every cache a build keeps (term counts, the ranking, alignments, link scans, the
/// search index, the output's record) is a shortcut: after generated edits to the
/// example site's text, each build over them must give exactly what a build from
/// scratch of the same sources gives.
#[test]
fn after_generated_edits_a_build_gives_what_a_build_from_scratch_gives() {
    let site = TestSite::example();
    for seed in 1..=8u64 {
        // Both the output and the spare made from the sources as they are, so that a
        // page left as it was (`render::kept`) is left from just before the edit.
        site.build_ok();
        site.build_ok();
        let edit = edit_of_text(&site, seed * 13);
        site.build_ok();
        let scratch = TestSite::example();
        for folder in TEXT_FOLDERS {
            copy_tree(&site.root().join(folder), &scratch.root().join(folder));
        }
        scratch.build_ok();
        assert!(site.snapshot() == scratch.snapshot(), "after {edit}, the output differs from a build from scratch");
    }
}

/// A build leaves a page as the last build made it when all that the page is made from
/// is the same: an untouched site's pages are all left as they were, and it says so.
#[test]
fn a_build_of_an_untouched_site_leaves_every_page_as_it_was() {
    let site = TestSite::fixture("basic");
    // The third build is the first to fill the folder of the last but one (the spare).
    let said = [(); 3].map(|()| {
        let out = site.run(&["build"]);
        assert!(out.status.success());
        String::from_utf8_lossy(&out.stderr).into_owned()
    });
    assert!(!said[0].contains("unchanged"), "{}", said[0]);
    let last = said[2].lines().last().unwrap();
    let pages = last.strip_prefix("built ").and_then(|l| l.split(' ').next()).expect("the summary, last");
    let unchanged = format!("{pages} of the pages unchanged since the last build: left as they were");
    assert!(said[2].contains(&unchanged), "{}", said[2]);
}

/// Generated edits to what pages share rather than to the texts: a template of the
/// theme, the theme's words, site.yaml's title, its words and its data for templates
/// (shown by a template of the site's own, since the theme's do not).
struct SharedEdits {
    site_yaml: String,
    /// The seeds of the last edits to site.yaml's title, and to its words and data.
    title: u64,
    settings: u64,
}

impl SharedEdits {
    fn new(site: &TestSite) -> Self {
        let site_yaml = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
        let section = std::fs::read_to_string(site.root().join("themes/archive/templates/section.html")).unwrap();
        let shows_data = "{% block main %}<p class=\"data\">{{ site.extra.note }}</p>";
        site.write("templates/section.html", section.replacen("{% block main %}", shows_data, 1));
        let edits = SharedEdits { site_yaml, title: 0, settings: 0 };
        edits.write_site_yaml(site);
        edits
    }

    /// One edit, chosen by `seed`; says what it changed.
    fn apply(&mut self, site: &TestSite, seed: u64) -> String {
        match seed % 4 {
            0 => edit_in(site, "themes/archive/templates", seed, |text, n| {
                let at = text.match_indices("class=\"").nth(n)?.0 + "class=\"".len();
                Some(format!("{}e{seed} {}", &text[..at], &text[at..]))
            }),
            1 => edit_in(site, "themes/archive/i18n", seed, |text, n| {
                let starts = text.lines().scan(0, |at, l| Some((std::mem::replace(at, *at + l.len() + 1), l)));
                let mut words =
                    starts.filter(|(_, l)| l.contains(": ") && !l.starts_with('#') && !l.contains("format"));
                let (start, line) = words.nth(n)?;
                let end = start + line.len() - usize::from(line.ends_with('"'));
                Some(format!("{} {seed}{}", &text[..end], &text[end..]))
            }),
            2 => {
                self.title = seed;
                self.write_site_yaml(site)
            }
            _ => {
                self.settings = seed;
                self.write_site_yaml(site)
            }
        }
    }

    fn write_site_yaml(&self, site: &TestSite) -> String {
        let (title, settings) = (self.title, self.settings);
        let mut yaml = self.site_yaml.replacen("测试档案", &format!("测试档案{title}"), 1);
        yaml.push_str(&format!(
            "strings: {{ en: {{ related: Related {settings} }} }}\nextra: {{ note: n{settings} }}\n"
        ));
        site.write("site.yaml", &yaml);
        format!("site.yaml: title {title}, words and data {settings}")
    }
}

/// Edits one of the files in `folder` of `site`, chosen by `seed`, as `edit` does to its
/// text given a place in it (`None`: too few places; the next file is tried).
fn edit_in(site: &TestSite, folder: &str, seed: u64, edit: impl Fn(&str, usize) -> Option<String>) -> String {
    let names: Vec<String> = files(&site.root().join(folder)).into_iter().collect();
    for i in seeded_order(names.len(), seed) {
        let path = format!("{folder}/{}", names[i]);
        let text = std::fs::read_to_string(site.root().join(&path)).unwrap();
        if let Some(edited) = seeded_order(8, seed + 1).into_iter().find_map(|n| edit(&text, n)) {
            site.write(&path, edited);
            return path;
        }
    }
    panic!("nothing to edit in {folder}")
}

/// Pages left as they were must be exactly the pages a build from scratch makes:
/// after each generated edit to what pages share, a build over the last ones gives
/// what a build of a fresh copy of the site gives.
#[test]
fn after_edits_to_templates_words_and_settings_a_build_gives_what_a_build_from_scratch_gives() {
    let site = TestSite::fixture("basic");
    let mut edits = SharedEdits::new(&site);
    for seed in 1..=12u64 {
        // Both the output and the spare made from the site as it is: an edit is then
        // the only change any page could be left behind by.
        site.build_ok();
        site.build_ok();
        let edit = edits.apply(&site, seed);
        let over = site.build_ok();
        let scratch = TestSite::fixture("basic");
        for folder in ["themes", "templates"] {
            copy_tree(&site.root().join(folder), &scratch.root().join(folder));
        }
        std::fs::copy(site.root().join("site.yaml"), scratch.root().join("site.yaml")).unwrap();
        scratch.build_ok();
        assert!(over.unchanged < over.pages, "after {edit}, some page changes");
        assert!(site.snapshot() == scratch.snapshot(), "after {edit}, the output differs from a build from scratch");
    }
}

/// `check` leaves undrawn the pages made from the same as in the last build or check,
/// as a build leaves them in its output: after generated edits (to the text, links
/// written by hand to pages and passages that exist or not, transcripts removed that
/// such links lead to), it must find exactly what a check of a copy without caches
/// finds, and leave the next build's shortcuts as a build would.
#[test]
fn after_generated_edits_check_finds_what_a_check_from_scratch_finds() {
    let site = TestSite::example();
    let transcripts = 6;
    (0..transcripts).for_each(|t| add_generated_transcript(&site, t));
    let mut removed = Vec::new();
    let mut drawn_again = Vec::new();
    for seed in 1..=12u64 {
        if seed % 2 == 0 {
            site.run(&["build"]);
        }
        let order = seeded_order(transcripts, seed);
        let left: Vec<usize> = order.iter().copied().filter(|t| !removed.contains(t)).collect();
        let edit = match seed % 3 {
            0 => edit_of_text(&site, seed * 7),
            1 => {
                let (from, to) = (left[0], order[1]);
                let targets = [
                    format!("/archive/zh/gen/t{to}/"),
                    format!("/archive/zh/gen/t{to}/s{}/", seed % 3),
                    format!("/archive/zh/gen/t{to}/s{}/#p-s{}-{}", seed % 3, seed % 3, 1 + seed % 3),
                    "/archive/zh/gen/nowhere/".to_string(),
                ];
                let link = &targets[seeded_order(targets.len(), seed)[0]];
                let file = format!("content/gen/t{from}.zh.md");
                append_link(&site, &file, link);
                format!("{file}: a link to {link}")
            }
            _ => {
                let gone = left[0];
                removed.push(gone);
                site.remove(&format!("content/gen/t{gone}.zh.md"));
                site.remove(&format!("content/gen/t{gone}.en.md"));
                format!("transcript t{gone} removed")
            }
        };
        let checked = site.run(&["check", "-v"]);
        let said = String::from_utf8(checked.stderr).unwrap();
        let fresh = from_scratch(&site).run(&["check"]);
        let undrawn = said.lines().find(|l| l.ends_with("not drawn again")).map(|l| l.split(' ').next().unwrap());
        let found: Vec<&str> = said.lines().filter(|l| !l.ends_with("not drawn again")).collect();
        let expected = String::from_utf8(fresh.stderr).unwrap();
        assert_eq!(found, expected.lines().collect::<Vec<_>>(), "after {edit}");
        assert_eq!(checked.status.code(), fresh.status.code(), "after {edit}");
        drawn_again.push((edit, undrawn.and_then(|n| n.parse::<usize>().ok()).unwrap_or(0)));
    }
    // The shortcut was taken: after an edit to a text or a link (not the first check,
    // which has no earlier one, nor after a removal, which changes what links may name
    // and so sends every page to be drawn and read again), most pages were not drawn.
    let shortcuts = drawn_again.iter().skip(1).filter(|(edit, _)| !edit.ends_with("removed"));
    assert!(shortcuts.clone().count() >= 6 && shortcuts.clone().all(|(_, undrawn)| *undrawn > 10), "{drawn_again:?}");
    // A check after a build draws no page; a build after a check leaves every page.
    for t in 0..transcripts {
        for lang in ["zh", "en"] {
            site.write(
                &format!("content/gen/t{t}.{lang}.md"),
                transcript(&format!("title: T{t}\ndate: 2023-01-01"), ""),
            );
        }
    }
    let built = site.run(&["build"]);
    assert!(built.status.success(), "{}", String::from_utf8_lossy(&built.stderr));
    let said = String::from_utf8(built.stderr).unwrap();
    let pages = said.lines().last().unwrap().strip_prefix("built ").unwrap().split(' ').next().unwrap().to_string();
    let checked = String::from_utf8(site.run(&["check", "-v"]).stderr).unwrap();
    assert!(checked.contains(&format!("{pages} of the pages unchanged since the last build or check")), "{checked}");
    site.run(&["build"]);
    let said = String::from_utf8(site.run(&["build"]).stderr).unwrap();
    assert!(said.contains(&format!("{pages} of the pages unchanged since the last build: left")), "{said}");
}

/// A transcript with three sections in both languages, under `content/gen/`.
fn add_generated_transcript(site: &TestSite, t: usize) {
    let zh: String =
        (0..3).map(|s| format!("\n## 第{s}节 {{#s{s}}}\n\n**记者**：问{t}{s}。\n\n**王毅**：答{t}{s}。\n")).collect();
    site.write(
        &format!("content/gen/t{t}.zh.md"),
        transcript(&format!("title: 第{t}篇\ndate: 2023-02-0{}", 1 + t % 9), &zh),
    );
    let en: String = (0..3)
        .map(|s| format!("\n## Part {s} {{#s{s}}}\n\n**Reporter**: Q{t}{s}?\n\n**Wang Yi**: A{t}{s}.\n"))
        .collect();
    site.write(
        &format!("content/gen/t{t}.en.md"),
        transcript(&format!("title: Number {t}\ndate: 2023-02-0{}", 1 + t % 9), &en),
    );
}

/// Appends to `file` a paragraph with a link to `link`, written by hand; returns the
/// file's text before.
fn append_link(site: &TestSite, file: &str, link: &str) -> String {
    let text = std::fs::read_to_string(site.root().join(file)).unwrap();
    site.write(file, format!("{text}\n见[此处]({link})。\n"));
    text
}

/// Changes a page by hand, keeping its length.
fn change_by_hand(page: &std::path::Path) {
    let html = std::fs::read_to_string(page).unwrap();
    std::fs::write(page, html.replacen("</body>", "</BODY>", 1)).unwrap();
}

/// A copy of the site's sources (site.yaml and its text) in a site of its own, with no
/// output and no caches.
fn from_scratch(site: &TestSite) -> TestSite {
    let scratch = TestSite::minimal();
    std::fs::copy(site.root().join("site.yaml"), scratch.root().join("site.yaml")).unwrap();
    for folder in TEXT_FOLDERS {
        copy_tree(&site.root().join(folder), &scratch.root().join(folder));
    }
    scratch
}

/// The errors and warnings a run printed, in order.
fn problems_said(out: &std::process::Output) -> Vec<String> {
    let said = String::from_utf8_lossy(&out.stderr);
    said.lines().filter(|l| l.contains("error") || l.contains("warning")).map(str::to_string).collect()
}

/// An archive grows: a transcript added keeps the link scans of the pages that do not
/// show it (the links they had broken followed again), so after generated additions,
/// some linked to by hand before they exist (a page, a section, a passage), each build
/// and check gives exactly what one from scratch gives, and leaves most pages as they
/// were.
#[test]
fn after_generated_additions_builds_and_checks_give_what_they_give_from_scratch() {
    let site = TestSite::example();
    (0..3).for_each(|t| add_generated_transcript(&site, t));
    site.run(&["build"]);
    let mut next = 3;
    for seed in 1..=9u64 {
        let edit = match seed % 3 {
            1 => {
                let (from, section) = (seeded_order(next, seed)[0], seed % 3);
                let targets = [
                    format!("/archive/zh/gen/t{next}/"),
                    format!("/archive/en/gen/t{next}/s{section}/"),
                    format!("/archive/zh/gen/t{next}/s{section}/#p-s{section}-1"),
                    format!("/archive/parallel/gen/t{next}/#p-s{section}-2"),
                ];
                let link = &targets[seeded_order(targets.len(), seed)[0]];
                let file = format!("content/gen/t{from}.zh.md");
                append_link(&site, &file, link);
                format!("{file}: a link to {link}, not there yet")
            }
            _ => {
                add_generated_transcript(&site, next);
                next += 1;
                format!("t{} added", next - 1)
            }
        };
        let scratch = from_scratch(&site);
        if seed % 3 == 2 {
            // After the failed build of the link: its pages and scans were kept.
            let (checked, fresh) = (site.run(&["check", "-v"]), scratch.run(&["check"]));
            assert_eq!(problems_said(&checked), problems_said(&fresh), "check, after {edit}");
            let said = String::from_utf8_lossy(&checked.stderr);
            assert!(said.contains("not drawn again"), "check, after {edit}:\n{said}");
        }
        let (built, fresh) = (site.run(&["build"]), scratch.run(&["build"]));
        assert_eq!(problems_said(&built), problems_said(&fresh), "after {edit}");
        assert_eq!(built.status.success(), fresh.status.success(), "after {edit}");
        if built.status.success() {
            assert!(
                site.snapshot() == scratch.snapshot(),
                "after {edit}, the output differs from a build from scratch"
            );
        }
        if seed % 3 == 0 {
            // After a good build: most pages were left as they were.
            let said = String::from_utf8_lossy(&built.stderr);
            assert!(said.contains("unchanged since the last build"), "after {edit}:\n{said}");
        }
    }
}

/// A build that fails once its pages are made (on a broken link) leaves the folder it
/// filled as the spare, with the record and the time of sealing it had: the next
/// build trusts the files in it that neither that build nor anyone else changed since,
/// and no others. After generated edits, each with a link broken (and a page of the
/// spare changed by hand, keeping its length) then mended, every good build gives
/// exactly what a build from scratch gives, and leaves most pages as they were.
#[test]
fn after_a_build_that_failed_on_a_broken_link_the_next_leaves_most_pages_as_they_were() {
    let site = TestSite::example();
    (0..4).for_each(|t| add_generated_transcript(&site, t));
    site.run(&["build"]);
    site.run(&["build"]);
    for seed in 1..=6u64 {
        let edit = edit_of_text(&site, seed * 5);
        let spare = site.root().join(SPARE);
        let pages: Vec<String> = files(&spare).into_iter().filter(|f| f.ends_with(".html")).collect();
        let touched = &pages[seeded_order(pages.len(), seed)[0]];
        change_by_hand(&spare.join(touched));
        let file = format!("content/gen/t{}.zh.md", seeded_order(4, seed)[0]);
        let text = append_link(&site, &file, &format!("/archive/zh/gen/nowhere{seed}/"));
        let failed = site.run(&["build"]);
        assert!(!failed.status.success(), "{}", String::from_utf8_lossy(&failed.stderr));
        site.write(&file, text);
        let built = site.run(&["build"]);
        let said = String::from_utf8_lossy(&built.stderr).into_owned();
        assert!(built.status.success(), "after {edit}:\n{said}");
        let scratch = from_scratch(&site);
        scratch.run(&["build"]);
        assert!(site.snapshot() == scratch.snapshot(), "after {edit} and {touched} changed in the spare");
        assert!(said.contains("unchanged since the last build"), "after {edit}:\n{said}");
    }
}

/// What an archivist does between builds, in a generated order: text edited, a
/// transcript added or removed, a link broken by hand and mended, a page of the spare
/// changed by hand, a check run. Every shortcut a build takes (kept pages, kept link
/// scans, the spare's record, kept even through a failed build) must give what a build
/// from scratch of the same sources gives: the same files, byte for byte, or the same
/// errors.
#[test]
fn after_generated_sequences_of_work_every_build_gives_what_a_build_from_scratch_gives() {
    for seed in [3u64, 11, 29] {
        let mut rng = fastrand::Rng::with_seed(seed);
        let site = TestSite::example();
        let mut present: Vec<usize> = (0..3).collect();
        present.iter().for_each(|&t| add_generated_transcript(&site, t));
        let mut next = 3;
        let mut broken: Vec<(String, String)> = Vec::new();
        let mut done = Vec::new();
        site.run(&["build"]);
        for step in 0..14 {
            let did = match rng.usize(..7) {
                0 => edit_of_text(&site, seed * 100 + step),
                1 => {
                    add_generated_transcript(&site, next);
                    present.push(next);
                    next += 1;
                    format!("t{} added", next - 1)
                }
                2 if present.len() > 2 => {
                    let gone = present.remove(rng.usize(..present.len()));
                    broken.retain(|(file, _)| !file.contains(&format!("/t{gone}.")));
                    site.remove(&format!("content/gen/t{gone}.zh.md"));
                    site.remove(&format!("content/gen/t{gone}.en.md"));
                    format!("t{gone} removed")
                }
                3 => {
                    let file = format!("content/gen/t{}.zh.md", present[rng.usize(..present.len())]);
                    let text = append_link(&site, &file, &format!("/archive/zh/gen/nowhere{step}/"));
                    broken.push((file.clone(), text));
                    format!("{file}: a broken link")
                }
                4 if !broken.is_empty() => {
                    // Mended from the last broken first: each kept the text before it.
                    while let Some((file, text)) = broken.pop() {
                        site.write(&file, text);
                    }
                    "links mended".to_string()
                }
                5 => {
                    let spare = site.root().join(SPARE);
                    let pages: Vec<String> = files(&spare).into_iter().filter(|f| f.ends_with(".html")).collect();
                    let Some(page) = pages.get(rng.usize(..pages.len().max(1))) else { continue };
                    change_by_hand(&spare.join(page));
                    format!("{page} changed in the spare")
                }
                _ => {
                    site.run(&["check"]);
                    "checked".to_string()
                }
            };
            done.push(did);
            let scratch = from_scratch(&site);
            let (built, fresh) = (site.run(&["build"]), scratch.run(&["build"]));
            assert_eq!(problems_said(&built), problems_said(&fresh), "seed {seed}, after {done:?}");
            assert_eq!(built.status.success(), fresh.status.success(), "seed {seed}, after {done:?}");
            if built.status.success() {
                assert!(site.snapshot() == scratch.snapshot(), "seed {seed}, after {done:?}: the output differs");
            }
        }
    }
}
