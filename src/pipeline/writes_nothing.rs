//! The pipeline run to write no output: `check`, which makes every page in memory
//! (but those made from the same as last time) and reports every problem, and the
//! list of what a build would write.

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::load;
use crate::cache::sources::ParsedSources;
use crate::diagnostic::{Error, Problems};
use crate::generate;
use crate::links::external;
use crate::output::Fingerprint;
use crate::run::Options;

/// What `check` found.
pub struct Checked {
    pub problems: Problems,
    /// How many pages were made from the same as in the last build or check, and so
    /// were not drawn again.
    pub unchanged: usize,
    /// What the check of links to other sites did, when it was asked for and the site
    /// could be read.
    pub external: Option<external::Tally>,
}

/// Runs the whole pipeline, making every page in memory but those made from the same
/// as in the last build or check, and reports all problems.
pub fn check(root: &Path, options: &Options) -> Checked {
    check_with(root, options, None)
}

/// `check`, and with `external`, the links to other sites asked for too (see
/// `links::external`); `options.progress` then counts the addresses answered.
pub fn check_with(root: &Path, options: &Options, external: Option<&external::Asked>) -> Checked {
    let mut problems = Problems::default();
    let options = Options { no_search: true, ..options.clone() };
    let unneeded = Unneeded(AtomicUsize::new(0));
    let mut tally = None;
    if let Some((site, _)) = load(root, &options, &mut ParsedSources::default(), None, &mut problems) {
        let held = Some(&unneeded as &dyn generate::Held);
        let made =
            generate::everything(&site, (None, None), (None, held), generate::Reading::Ignored, &|_, _, _| Ok(()));
        problems.errors.extend(made.err().unwrap_or_default());
        if let Some(asked) = external {
            let progress = options.progress.clone().unwrap_or_default();
            tally = Some(external::check(&site, asked, &progress, &mut problems));
        }
    }
    problems.sort();
    Checked { problems, unchanged: unneeded.0.into_inner(), external: tally }
}

/// What `check` needs of a page made from the same as in the last build or check:
/// nothing. It was drawn then without an error (a run in which a page fails to draw
/// keeps no digests), the same view draws the same bytes, and the links in them were
/// read then; so it need not be drawn again, as a build leaves such a page as its
/// output holds it.
struct Unneeded(AtomicUsize);

impl generate::Held for Unneeded {
    fn page(&self, _: &str, _: Fingerprint) -> bool {
        self.0.fetch_add(1, Ordering::Relaxed);
        true
    }

    /// Never asked: `check` leaves the search index out.
    fn index(&self, _: &[(&str, Fingerprint)]) -> Result<bool, Error> {
        Ok(true)
    }
}

/// Every file a build would write, relative to the output folder (pages as their
/// `index.html`), sorted; or the problems that stop the build.
pub fn outputs(root: &Path, options: &Options) -> Result<Vec<String>, Problems> {
    let mut problems = Problems::default();
    let Some((site, _)) = load(root, options, &mut ParsedSources::default(), None, &mut problems) else {
        problems.sort();
        return Err(problems);
    };
    let mut paths: Vec<String> = site.manifest.paths().into_iter().collect();
    paths.sort();
    Ok(paths)
}
