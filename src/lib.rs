//! diptych: a static-site generator for bilingual transcript archives.
//!
//! The pipeline, one module per stage (see `build` for the order):
//! `config` (site.yaml) → `source` (files, front matter) → `markdown` (sections, turns)
//! → `archive` (pairing, links) → `render` (page plan, views, templates) → `output`.

pub mod archive;
pub mod build;
pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod feeds;
pub mod fuzzing;
pub mod import;
pub mod init;
pub mod links;
pub mod markdown;
pub mod output;
pub mod related;
pub mod render;
pub mod search;
pub mod serve;
pub mod sitemap;
pub mod source;
pub mod theme;
mod yaml;
