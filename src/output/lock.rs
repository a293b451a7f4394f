//! One build at a time per output folder. Two builds filling and swapping the same
//! folder at once each took the other's half-filled folder for their own, and both
//! could end "done" over a fraction of a site. A build holds an advisory lock on a
//! file beside the output folder from before it touches anything until its swap is
//! done; a second build waits for it.
//!
//! The lock file stays after the build: removing it would let a third build lock a
//! new file while the second still waits on the old one.

use std::fs::{self, File, TryLockError};
use std::io;
use std::path::Path;
use std::time::Duration;

use crate::run::Stop;

/// Held while a build fills and swaps an output folder; released when dropped (and by
/// the system if the process dies).
pub struct Lock(#[allow(dead_code)] File);

/// How often a waiting build looks again, and at its Ctrl-C.
const POLL: Duration = Duration::from_millis(100);

impl Lock {
    /// Locks `file`, waiting while another build holds it; `waiting` is called once
    /// if it must wait. A stop asked for while waiting ends the wait with `Interrupted`.
    pub fn take(file: &Path, stop: Option<&Stop>, waiting: impl FnOnce()) -> io::Result<Lock> {
        if let Some(parent) = file.parent() {
            fs::create_dir_all(parent)?;
        }
        let handle = fs::OpenOptions::new().create(true).truncate(false).write(true).open(file)?;
        let mut waiting = Some(waiting);
        loop {
            match handle.try_lock() {
                Ok(()) => return Ok(Lock(handle)),
                Err(TryLockError::WouldBlock) => {
                    if let Some(tell) = waiting.take() {
                        tell();
                    }
                    if stop.is_some_and(|s| s.asked()) {
                        return Err(io::ErrorKind::Interrupted.into());
                    }
                    std::thread::sleep(POLL);
                }
                // A file system without locks (some network ones): the build goes on, as
                // it did before there were locks, rather than not at all.
                Err(TryLockError::Error(e)) if e.kind() == io::ErrorKind::Unsupported => return Ok(Lock(handle)),
                Err(TryLockError::Error(e)) => return Err(e),
            }
        }
    }
}
