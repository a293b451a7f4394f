//! Running a program under measurement.

/// Waits for the child, returning whether it succeeded, its own peak resident set in
/// KiB and the CPU time it used (user and system): `wait4` reports them per process,
/// where getrusage would give the largest of all children.
pub fn wait_with_usage(pid: u32) -> (bool, i64, std::time::Duration) {
    let mut status = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waiting for our own child, into a status and a struct we own.
    let waited = unsafe { libc::wait4(pid as libc::pid_t, &mut status, 0, &mut usage) };
    let ok = waited == pid as libc::pid_t && libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0;
    let time = |t: libc::timeval| std::time::Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    (ok, usage.ru_maxrss, time(usage.ru_utime) + time(usage.ru_stime))
}
