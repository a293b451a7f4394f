/// Rendering allocates and frees millions of small values on every core at once, which
/// glibc's allocator serialises on its locks; jemalloc keeps a cache per thread.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// jemalloc's settings, read when it starts. Freed pages go back to the system after a
/// second rather than ten: a build frees the archive's parse trees and each page's
/// values as it goes, and the default kept them as peak memory (docs/performance.md).
/// `_RJEM_MALLOC_CONF` in the environment still overrides this.
#[cfg(not(target_env = "msvc"))]
#[unsafe(export_name = "_rjem_malloc_conf")]
static ALLOCATOR_SETTINGS: Option<&std::ffi::c_char> = Some(unsafe { &*c"dirty_decay_ms:1000".as_ptr() });

fn main() -> std::process::ExitCode {
    diptych::cli::main()
}
