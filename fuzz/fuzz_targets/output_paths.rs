#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    diptych::fuzzing::output_paths(data);
});
