//! The pipeline run to write nothing: `check`, which makes every page in memory and
//! reports every problem, and the list of what a build would write.

use std::path::Path;

use super::load;
use crate::cache::sources::ParsedSources;
use crate::diagnostic::Problems;
use crate::generate;
use crate::run::Options;

/// Runs the whole pipeline, making every page in memory, and reports all problems.
pub fn check(root: &Path, options: &Options) -> Problems {
    let mut problems = Problems::default();
    let options = Options { no_search: true, ..options.clone() };
    if let Some((site, _)) = load(root, &options, &mut ParsedSources::default(), None, &mut problems) {
        let made =
            generate::everything(&site, (None, None), (None, None), generate::Reading::Ignored, &|_, _, _| Ok(()));
        problems.errors.extend(made.err().unwrap_or_default());
    }
    problems.sort();
    problems
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
