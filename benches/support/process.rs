//! Running a program under measurement.

/// Waits for the child, returning whether it succeeded and its own peak resident set
/// in KiB: `wait4` reports it per process, where getrusage would give the largest of
/// all children.
pub fn wait_with_peak(pid: u32) -> (bool, i64) {
    let mut status = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waiting for our own child, into a status and a struct we own.
    let waited = unsafe { libc::wait4(pid as libc::pid_t, &mut status, 0, &mut usage) };
    let ok = waited == pid as libc::pid_t && libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0;
    (ok, usage.ru_maxrss)
}
