#!/bin/sh
# Fuzzes each target for a bounded time, starting from the project's own examples.
#   fuzz/run.sh [SECONDS] [TARGET...]      (default: 600 seconds, every target)
# Needs cargo-fuzz (`cargo install cargo-fuzz`). libFuzzer needs nightly features;
# RUSTC_BOOTSTRAP lets the stable toolchain use them. A crash is saved under
# fuzz/artifacts/TARGET/: copy it to tests/fixtures/fuzz/TARGET/ so `cargo test`
# replays it, then fix it.
set -eu
cd "$(dirname "$0")/.."
seconds=${1:-600}
[ $# -gt 0 ] && shift
targets=${*:-site_config front_matter body import output_paths}
export RUSTC_BOOTSTRAP=1
for target in $targets; do
    case $target in
        site_config) seeds="tests/fixtures/minimal tests/fixtures/cross" ;;
        import) seeds="tests/fixtures/import tests/fixtures/seed.txt" ;;
        # Whole sites in one input (site.yaml, then paths and texts, split by 0xFF).
        output_paths) seeds="tests/fixtures/fuzz/output_paths" ;;
        *) seeds="content tests/fixtures/cross/content" ;;
    esac
    mkdir -p "fuzz/corpus/$target" "tests/fixtures/fuzz/$target"
    cp -n $(find $seeds -type f) "fuzz/corpus/$target/" 2>/dev/null || true
    # A crash ends this target only: the others still run, and the exit code tells.
    cargo fuzz run "$target" "fuzz/corpus/$target" "tests/fixtures/fuzz/$target" -- \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 -print_final_stats=1 \
        || crashed="${crashed:-} $target"
done
if [ -n "${crashed:-}" ]; then
    echo "crashed:$crashed (see fuzz/artifacts/)" >&2
    exit 1
fi
