//! The bad-input corpus: every case in `tests/fixtures/bad/` gives exactly the errors
//! its `expected` file lists, never a panic and never a silently dropped page.

use crate::support::*;

fn errors_of(site: &TestSite) -> Vec<String> {
    let (summary, problems) = site.build();
    if summary.is_some() {
        assert!(problems.errors.is_empty());
        return vec!["ok".to_string()];
    }
    problems.errors.iter().map(|e| e.to_string()).collect()
}

#[test]
fn every_bad_input_gives_its_exact_error() {
    let cases = project_root().join("tests/fixtures/bad");
    let mut checked = 0;
    for entry in std::fs::read_dir(&cases).unwrap() {
        let case = entry.unwrap().path();
        if !case.is_dir() {
            continue;
        }
        let site = TestSite::minimal();
        copy_tree(&case, site.root());
        let expected: Vec<String> =
            std::fs::read_to_string(case.join("expected")).unwrap().lines().map(String::from).collect();
        assert_eq!(errors_of(&site), expected, "case {}", case.display());
        checked += 1;
    }
    assert!(checked >= 11, "only {checked} cases found");
}

#[test]
fn a_five_megabyte_transcript_builds() {
    let site = TestSite::minimal();
    let paragraph = format!("{}。\n\n", "很长的段落，".repeat(40));
    let body = format!("\n## 一 {{#one}}\n\n{}", paragraph.repeat(5 * 1024 * 1024 / paragraph.len() + 1));
    site.write("content/a.zh.md", transcript("title: 长篇\ndate: 2024-03-07", &body));
    assert!(std::fs::metadata(site.root().join("content/a.zh.md")).unwrap().len() > 5 * 1024 * 1024);
    assert_eq!(errors_of(&site), ["ok"]);
    assert!(site.page("zh/a/one/").contains("很长的段落"));
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_in_content_is_an_error_not_a_hang() {
    let site = TestSite::minimal();
    site.write("content/2024/a.zh.md", transcript("title: 甲\ndate: 2024-03-07", "\n## 一 {#one}\n"));
    std::os::unix::fs::symlink("..", site.root().join("content/2024/loop")).unwrap();
    let errors = errors_of(&site);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].starts_with("content/2024/loop: error: cannot read this file:"), "{errors:?}");
}

/// A transcript that cannot be read is named, whatever the reason: a link to nothing,
/// a pipe (which would block a read forever), no permission (not for root, who reads
/// anything).
#[cfg(unix)]
#[test]
fn an_unreadable_file_is_named() {
    use std::os::unix::fs::PermissionsExt;
    let site = TestSite::minimal();
    site.write("content/a.zh.md", transcript("title: 甲\ndate: 2024-03-07", "\n## 一 {#one}\n"));
    std::os::unix::fs::symlink("gone.zh.md", site.root().join("content/b.zh.md")).unwrap();
    let fifo = std::ffi::CString::new(site.root().join("content/c.zh.md").to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o644) }, 0);
    let mut expected = vec![
        "content/b.zh.md: error: cannot read this file: No such file or directory (os error 2)".to_string(),
        "content/c.zh.md: error: cannot read this file: it is not a regular file (a pipe, socket or device)"
            .to_string(),
    ];
    if unsafe { libc::geteuid() } != 0 {
        let locked = site.root().join("content/a.zh.md");
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
        expected
            .insert(0, "content/a.zh.md: error: cannot read this file: Permission denied (os error 13)".to_string());
    }
    assert_eq!(errors_of(&site), expected);
}

/// A file name is written by whoever sent the file: what a terminal would act on in it
/// (an escape sequence, a line break that fakes another message) is printed as text.
#[cfg(unix)]
#[test]
fn names_in_messages_cannot_drive_the_terminal() {
    let site = TestSite::minimal();
    let name = "content/a\u{1b}[2J\u{1b}]0;owned\u{7}\nerror: fake\u{202e}.zh.md";
    site.write(name, transcript("title: 甲\ndate: 2024-02-30", "\n## 一 {#one}\n"));
    let out = site.run(&["build"]);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(!stderr.contains('\u{1b}') && !stderr.contains('\u{7}') && !stderr.contains('\u{202e}'), "{stderr:?}");
    assert!(
        stderr.starts_with("content/a\\u{1b}[2J\\u{1b}]0;owned\\u{7}\\nerror: fake\\u{202e}.zh.md:3:1: error: "),
        "{stderr}"
    );
    assert_eq!(stderr.lines().filter(|l| l.contains("error:")).count(), 1, "one error, one line: {stderr}");
}
