//! Inputs the fuzz targets (`fuzz/`) once crashed on (and, for `output_paths`, its
//! seeds), replayed through the same entry points: each must now give an error or a
//! result, never a panic.

use std::path::PathBuf;

use diptych::fuzzing;

use crate::support::*;

fn cases(target: &str) -> Vec<PathBuf> {
    let dir = project_root().join("tests/fixtures/fuzz").join(target);
    let mut found: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|entries| entries.map(|e| e.unwrap().path()).filter(|p| p.is_file()).collect())
        .unwrap_or_default();
    found.sort();
    found
}

#[test]
fn inputs_that_crashed_a_fuzz_target_are_handled() {
    let site = fuzzing::site();
    let mut replayed = 0;
    for (target, run) in [
        ("site_config", &(|data: &[u8]| fuzzing::site_config(data)) as &dyn Fn(&[u8])),
        ("front_matter", &|data| fuzzing::front_matter(&site, data)),
        ("body", &|data| fuzzing::body(&site, data)),
        ("import", &|data| fuzzing::import(&site, data)),
        ("output_paths", &|data| {
            fuzzing::output_paths(data);
        }),
    ] {
        for case in cases(target) {
            let data = std::fs::read(&case).unwrap();
            let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run(&data)));
            assert!(outcome.is_ok(), "{target}: {} panics", case.display());
            replayed += 1;
        }
    }
    assert!(replayed >= 1, "no saved fuzz cases found");
}

/// The output-paths target's seed site gets as far as its manifest, so the target
/// checks real paths, and the keys that try to leave are refused before it.
#[test]
fn the_output_paths_target_reaches_the_manifest() {
    let read = |name: &str| std::fs::read(project_root().join("tests/fixtures/fuzz/output_paths").join(name)).unwrap();
    assert!(fuzzing::output_paths(&read("a-site-that-builds")) > 20);
    assert_eq!(fuzzing::output_paths(&read("site-keys-that-try-to-leave")), 0);
}

/// The first crash found: a five-digit year (`20244`) that import took for a date.
#[test]
fn import_takes_no_five_digit_year_for_a_date() {
    let site = TestSite::minimal();
    site.write("raw.txt", "China and Africa\n\nBEIJING, March 7, 20244 -- The press conference was held.\n");
    let out = site.run(&["import", "raw.txt", "--lang", "en"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains("raw.txt"), "{stderr}");
    let out = site.run(&["import", "raw.txt", "--lang", "en", "--date", "20244-03-07"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("`20244-03-07` is not a date"));
}
