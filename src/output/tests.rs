//! The folder being filled, when a build is stopped at once.

use std::sync::Arc;

use super::*;

/// A second Ctrl-C puts the folder being filled away while pages are still being
/// written on other threads: a page written after that must not make the folder again
/// (its folders are made as it is written), or a half-filled folder is left behind.
#[test]
fn nothing_is_written_into_a_folder_put_away() {
    let dir = crate::test_support::fixture("basic");
    let config = crate::config::load(dir.path(), &Default::default()).expect("the fixture's site.yaml");
    let stop = Arc::new(Stop::default());
    let staging = Staging::create(&config, (&FxHashSet::default(), None), Some(&stop)).expect("a folder to fill");
    staging.write_file("zh/a/index.html", b"<p>early</p>", None).expect("written while filling");
    let folder = staging.dir.clone();
    assert!(folder.join("zh/a/index.html").is_file());

    stop.ask();
    stop.abandon();
    assert!(!folder.exists(), "put away");
    let late = staging.write_file("zh/b/index.html", b"<p>late</p>", None);
    assert!(late.is_err(), "a write after the folder was put away is refused");
    assert!(!folder.exists(), "a write after the folder was put away made it again");
}
