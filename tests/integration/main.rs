//! diptych's integration tests: fixture sites built into temporary folders, then the
//! files, links and messages a user would see are checked.

mod align;
mod bad;
mod bilingual;
mod captions;
mod cite;
mod cli;
mod concurrent;
mod crosslinks;
mod damage;
mod errors;
mod example;
mod external;
mod folders;
mod fuzzed;
mod hearings;
mod html;
mod import;
mod init;
mod injection;
mod languages;
mod notes;
mod other_files;
mod output;
mod pages;
mod partial;
mod properties;
mod publish;
mod scale;
mod search;
mod serve;
mod site_text;
mod support;
mod symlinks;
