//! diptych: a static-site generator for bilingual transcript archives.
//!
//! The pipeline (`pipeline.rs`), one module per stage:
//! `config` (site.yaml) → `source` (files, front matter) and `markdown` (sections,
//! turns), read through `cache::sources` → `archive` (pairing, topics, speakers) →
//! `related` → `theme` → `plan` (the manifest of every output) → `generate` (pages by
//! `render`, checked by `links`; `feeds`, `sitemap`, `search`) → `output` (the folder).
//!
//! The library's surface is what the binary, the benchmarks and the fuzz targets use:
//! `build` and `check` with their `Options`, `serve`, `import`, `init`, and the
//! problems they report.

mod align;
mod archive;
pub mod cache;
mod cite;
pub mod cli;
pub mod config;
pub mod diagnostic;
mod feeds;
pub mod fuzzing;
mod generate;
pub mod import;
pub mod init;
mod links;
mod markdown;
mod output;
mod pipeline;
mod plan;
mod related;
mod render;
mod run;
mod search;
pub mod serve;
mod site_files;
mod sitemap;
mod source;
mod standalone;
#[cfg(test)]
mod test_support;
mod text;
mod theme;
mod yaml;

pub use pipeline::{build, check, outputs, Options, Stop, Summary};
