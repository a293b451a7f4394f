#![no_main]

use std::sync::LazyLock;

static SITE: LazyLock<diptych::config::Config> = LazyLock::new(diptych::fuzzing::site);

libfuzzer_sys::fuzz_target!(|data: &[u8]| diptych::fuzzing::import(&SITE, data));
