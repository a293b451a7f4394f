//! Symbolic links: a build follows those that stay inside the site and refuses those
//! that leave it (whatever they reach would be published), and it never writes
//! through a link it finds in its output folder.
#![cfg(unix)]

use std::os::unix::fs::symlink;
use std::path::Path;

use crate::support::*;

const SECRET: &str = "CI_TOKEN=do-not-publish";

/// A site with one transcript, and outside it a secret file and a folder holding one.
fn site_and_secrets() -> (TestSite, tempfile::TempDir) {
    let site = TestSite::minimal();
    site.write("content/a.zh.md", transcript("title: 甲\ndate: 2024-03-07", "\n## 一 {#one}\n\n文字。\n"));
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), SECRET).unwrap();
    std::fs::create_dir(outside.path().join("folder")).unwrap();
    std::fs::write(outside.path().join("folder/secret.txt"), SECRET).unwrap();
    std::fs::write(outside.path().join("folder/b.zh.md"), transcript("title: 秘\ndate: 2024-03-08", SECRET)).unwrap();
    (site, outside)
}

fn published_anywhere(site: &TestSite, text: &str) -> bool {
    walkdir::WalkDir::new(site.public())
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .any(|e| std::fs::read_to_string(e.path()).is_ok_and(|t| t.contains(text)))
}

#[test]
fn a_link_that_leaves_the_site_is_refused_wherever_a_build_reads() {
    // (where the link is, what it points to): every place a build reads from, to a
    // file or a folder outside the site and to what the system keeps for a process.
    let places = ["static/env.txt", "static/linked", "templates/extra.html", "content/b.zh.md", "content/linked"];
    let theme = ["themes/archive/static/x.txt", "themes/archive/i18n/zh.yaml", "themes/archive/templates/base.html"];
    let mut tried = 0;
    for link in places.iter().chain(&theme) {
        for target in ["secret.txt", "folder", "/proc/self/environ"] {
            let (site, outside) = site_and_secrets();
            if link.starts_with("themes/") {
                copy_tree(&project_root().join("themes"), &site.root().join("themes"));
            }
            let path = site.root().join(link);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            let _ = std::fs::remove_file(&path);
            let to =
                if target.starts_with('/') { Path::new(target).to_path_buf() } else { outside.path().join(target) };
            symlink(&to, &path).unwrap();
            let errors = site.build_err();
            let expected = format!("{link}: error: this is a symbolic link to `");
            assert!(errors.contains(&expected), "{link} → {target}: {errors}");
            assert!(errors.contains("outside the site folder"), "{errors}");
            assert!(!site.public().exists(), "{link} → {target}: something was published");
            tried += 1;
        }
    }
    assert_eq!(tried, 24);
}

#[test]
fn site_yaml_the_theme_and_content_themselves_may_not_lead_out_either() {
    for (link, target) in [("site.yaml", "site.yaml"), ("themes/archive", "theme"), ("content", "content")] {
        let (site, outside) = site_and_secrets();
        copy_tree(&project_root().join("themes"), &outside.path().join("theme"));
        copy_tree(&site.root().join("content"), &outside.path().join("content"));
        std::fs::copy(site.root().join("site.yaml"), outside.path().join("site.yaml")).unwrap();
        let path = site.root().join(link);
        let _ = std::fs::remove_file(&path);
        let _ = std::fs::remove_dir_all(&path);
        symlink(outside.path().join(target), &path).unwrap();
        let errors = site.build_err();
        assert!(errors.starts_with(&format!("{link}: error: this is a symbolic link to `")), "{link}: {errors}");
    }
}

#[test]
fn a_link_that_stays_inside_the_site_is_followed() {
    let (site, _outside) = site_and_secrets();
    site.write("files/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    std::fs::create_dir_all(site.root().join("static")).unwrap();
    symlink(site.root().join("files/logo.svg"), site.root().join("static/logo.svg")).unwrap();
    symlink("../files", site.root().join("static/files")).unwrap();
    site.build_ok();
    assert!(site.public().join("logo.svg").is_file());
    assert!(site.public().join("files/logo.svg").is_file());
}

#[test]
fn links_left_in_the_output_are_replaced_never_written_through() {
    let (site, outside) = site_and_secrets();
    site.build_ok();
    let victim = outside.path().join("secret.txt");
    let folder = outside.path().join("folder");
    // Three builds: the folder with the links becomes the spare, which the third fills.
    for build in 0..3 {
        let public = site.public();
        for (rel, target) in [("index.html", &victim), (".diptych-output", &victim), ("zh/a", &folder), ("en", &folder)]
        {
            let path = public.join(rel);
            let _ = std::fs::remove_file(&path);
            let _ = std::fs::remove_dir_all(&path);
            symlink(target, &path).unwrap();
        }
        site.build_ok();
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), SECRET, "build {build} wrote through a link");
        let left: Vec<_> = std::fs::read_dir(&folder).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(left.len(), 2, "build {build} changed the folder a link pointed to: {left:?}");
        assert!(site.page("zh/a/").contains("甲"));
        assert!(!published_anywhere(&site, SECRET), "build {build} published the secret");
    }
    let links: Vec<_> = walkdir::WalkDir::new(site.public())
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path_is_symlink())
        .map(|e| e.path().to_path_buf())
        .collect();
    assert!(links.is_empty(), "links left in the output: {links:?}");
}

/// A folder of the spare replaced by a link to a copy of itself outside the site: the
/// copy looks just like the folder it replaced (its files of the same length, from
/// before the spare was sealed; a folder in it changed since), so a build that looked
/// below the link before taking it away would trust the copy's pages, or clean the copy
/// out. Many such links, as the folders are looked at in parallel.
#[test]
fn a_folder_of_the_spare_replaced_by_a_link_is_never_looked_through() {
    let (site, outside) = site_and_secrets();
    for i in 0..24 {
        site.write(
            &format!("content/t{i}.zh.md"),
            transcript("title: 题\ndate: 2024-03-08", "\n## 一 {#one}\n\n文字。\n"),
        );
    }
    site.build_ok();
    site.build_ok();
    let spare = site.root().join(".public.diptych-spare");
    let past = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000_000);
    let mirrors = outside.path().join("mirrors");
    for i in 0..24 {
        let (folder, mirror) = (spare.join(format!("zh/t{i}")), mirrors.join(format!("t{i}")));
        copy_tree(&folder, &mirror);
        for rel in files(&mirror) {
            std::fs::File::options().write(true).open(mirror.join(rel)).unwrap().set_modified(past).unwrap();
        }
        std::fs::write(mirror.join("one/keep.txt"), "not the site's").unwrap();
        std::fs::remove_dir_all(&folder).unwrap();
        symlink(&mirror, &folder).unwrap();
    }
    let before: Vec<String> = files(&mirrors).into_iter().collect();
    site.build_ok();
    assert_eq!(files(&mirrors).into_iter().collect::<Vec<_>>(), before, "a build changed what a link pointed to");
    let over_spare = site.snapshot();
    let fresh = site.root().join("fresh");
    let out = site.run(&["build", "--output-dir", fresh.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let fresh_files: Vec<(String, Vec<u8>)> =
        files(&fresh).into_iter().map(|f| (f.clone(), std::fs::read(fresh.join(&f)).unwrap())).collect();
    assert!(over_spare == fresh_files, "a build over the spare differs from a fresh build");
}

/// Whatever is done to the spare between builds (files and folders added, replaced by
/// the other kind or by links out of the site, removed), a build over it equals a
/// fresh build and writes nothing outside. Generated damage, several rounds: most
/// folders are untouched, and a build reads only those changed since it sealed them.
#[test]
fn a_damaged_spare_still_gives_a_fresh_build_and_is_never_written_through() {
    let (site, outside) = site_and_secrets();
    site.write("content/b.zh.md", transcript("title: 乙\ndate: 2024-03-09", "\n## 二 {#two}\n\n文字。\n"));
    let spare = site.root().join(".public.diptych-spare");
    let victim = outside.path().join("secret.txt");
    let folder = outside.path().join("folder");
    let mut rng = fastrand::Rng::with_seed(26);
    site.build_ok();
    for round in 0..6 {
        site.build_ok(); // the output of the build before is the spare now
        let inside: Vec<String> = files(&spare).into_iter().collect();
        let mut done = Vec::new();
        for _ in 0..4 {
            let rel = &inside[rng.usize(..inside.len())];
            let path = spare.join(rel);
            let parent = path.parent().unwrap().to_path_buf();
            let _ = match rng.usize(..6) {
                0 => std::fs::write(parent.join("stray.html"), SECRET),
                1 => std::fs::create_dir_all(parent.join("stray/deeper"))
                    .and_then(|()| std::fs::write(parent.join("stray/deeper/index.html"), SECRET)),
                2 => std::fs::remove_file(&path).and_then(|()| std::fs::create_dir(&path)),
                3 => std::fs::remove_dir_all(&parent).and_then(|()| symlink(&folder, &parent)),
                4 => std::fs::remove_file(&path).and_then(|()| symlink(&victim, &path)),
                _ => std::fs::remove_file(&path),
            };
            done.push(rel.clone());
        }
        site.build_ok();
        let over_spare = site.snapshot();
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), SECRET, "round {round} wrote through a link");
        let left: Vec<_> = std::fs::read_dir(&folder).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(left.len(), 2, "round {round} changed the folder a link pointed to: {left:?}");
        assert!(!published_anywhere(&site, SECRET), "round {round} published what was put in the spare ({done:?})");
        // The same site built afresh, in a folder of its own.
        let fresh = site.root().join("fresh");
        let out = site.run(&["build", "--output-dir", fresh.to_str().unwrap()]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let fresh_files: Vec<(String, Vec<u8>)> =
            files(&fresh).into_iter().map(|f| (f.clone(), std::fs::read(fresh.join(&f)).unwrap())).collect();
        assert_eq!(over_spare, fresh_files, "round {round}: damage {done:?}");
        std::fs::remove_dir_all(&fresh).unwrap();
    }
}

/// The spare's marker replaced by a link to a file outside the site that looks like
/// it (the same text, naming the spare's record) and is dated in the future, so that
/// by its time nothing in the spare has changed since it was sealed: the link is not
/// taken for a marker, and nothing is written through it, whether the build succeeds
/// or fails.
#[test]
fn a_marker_of_the_spare_replaced_by_a_link_is_never_written_through() {
    let (site, outside) = site_and_secrets();
    let spare = site.root().join(".public.diptych-spare");
    let victim = outside.path().join("marker");
    for fails in [false, true, false] {
        site.build_ok();
        site.build_ok();
        let marker = spare.join(".diptych-output");
        let text = std::fs::read_to_string(&marker).unwrap();
        std::fs::write(&victim, &text).unwrap();
        let later = std::time::SystemTime::now() + std::time::Duration::from_secs(3600);
        std::fs::File::options().write(true).open(&victim).unwrap().set_modified(later).unwrap();
        std::fs::remove_file(&marker).unwrap();
        symlink(&victim, &marker).unwrap();
        if fails {
            site.write(
                "content/b.zh.md",
                transcript("title: 乙\ndate: 2024-03-09", "\n## 二 {#two}\n\n[坏](../../nope/)\n"),
            );
            assert!(!site.run(&["build"]).status.success());
            site.remove("content/b.zh.md");
        } else {
            site.build_ok();
        }
        let written = std::fs::metadata(&victim).unwrap().modified().unwrap() != later;
        assert!(!written, "a build wrote through the link (failing: {fails})");
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), text);
        let fresh = site.root().join("fresh");
        site.run(&["build", "--output-dir", fresh.to_str().unwrap()]);
        assert_eq!(files(&site.public()), files(&fresh));
        std::fs::remove_dir_all(&fresh).unwrap();
    }
}

/// Every path in `dir` with what it holds (a file's bytes, or nothing for a folder).
fn contents(dir: &Path) -> Vec<(std::path::PathBuf, Option<Vec<u8>>)> {
    let entries = walkdir::WalkDir::new(dir).sort_by_file_name().into_iter().filter_map(Result::ok);
    entries
        .map(|e| (e.path().to_path_buf(), e.file_type().is_file().then(|| std::fs::read(e.path()).unwrap())))
        .collect()
}

/// A repository can hold links anywhere, `.diptych-cache/` included (ignored by git only
/// for what git adds itself). Wherever one is there, in place of the folder, of a file,
/// of a folder of records or of a file a build writes first under another name, every
/// command that keeps the cache refuses to start and writes nothing through it.
#[test]
fn a_link_anywhere_in_the_cache_is_refused_and_never_written_through() {
    let (built, _) = site_and_secrets();
    built.build_ok();
    let cache = built.root().join(".diptych-cache");
    let mut places: Vec<String> = contents(&cache)
        .into_iter()
        .map(|(path, _)| path.strip_prefix(built.root()).unwrap().to_string_lossy().into_owned())
        .collect();
    places.push(".diptych-cache/terms.bin.tmp".to_string());
    assert!(places.len() >= 10, "the cache holds its files and a folder of records: {places:?}");
    for place in &places {
        let (site, _) = site_and_secrets();
        copy_tree(&cache, &site.root().join(".diptych-cache"));
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("kept.bin"), SECRET).unwrap();
        let path = site.root().join(place);
        let to = if path.is_file() { outside.path().join("kept.bin") } else { outside.path().to_path_buf() };
        let _ = std::fs::remove_dir_all(&path).or_else(|_| std::fs::remove_file(&path));
        symlink(&to, &path).unwrap();
        let before = contents(outside.path());
        let errors = site.build_err();
        assert!(errors.contains(&format!("`{place}` is a symbolic link")), "build, {place}: {errors}");
        for command in [&["check"][..], &["serve", "--port", "0"]] {
            let output = site.run(command);
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert!(
                !output.status.success() && stderr.contains("is a symbolic link"),
                "{command:?}, {place}: {stderr}"
            );
        }
        assert_eq!(contents(outside.path()), before, "{place}: written through");
        assert!(!site.public().exists(), "{place}: a build went ahead");
    }
}
