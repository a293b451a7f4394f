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
