//! Swapping two folders in one step. With two renames (old away, new in), a build
//! killed between them left no output folder at all; Linux swaps two names in a
//! single system call (`renameat2` with `RENAME_EXCHANGE`), so at every instant the
//! output folder is either the old site or the new one.

use std::io;
use std::path::Path;

/// Swaps the names of `a` and `b`, which must both exist. `Ok(false)` where the system
/// or its file system has no such call: the caller then renames twice.
#[cfg(target_os = "linux")]
pub fn exchange(a: &Path, b: &Path) -> io::Result<bool> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes()).map_err(|_| io::ErrorKind::InvalidInput)?;
    let b = CString::new(b.as_os_str().as_bytes()).map_err(|_| io::ErrorKind::InvalidInput)?;
    // SAFETY: both are valid NUL-terminated paths that outlive the call; the call
    // reads them and touches no memory of ours.
    let done = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if done == 0 {
        return Ok(true);
    }
    let error = io::Error::last_os_error();
    match error.raw_os_error() {
        // No such system call (kernels before 3.15), or a file system without it.
        Some(libc::ENOSYS) | Some(libc::EINVAL) => Ok(false),
        _ => Err(error),
    }
}

#[cfg(not(target_os = "linux"))]
pub fn exchange(_a: &Path, _b: &Path) -> io::Result<bool> {
    Ok(false)
}
