//! Ctrl-C at a prompt restores the terminal and exits 130 with nothing written. A hidden
//! prompt turns the terminal's echo off while it reads; stopped there by SIGINT's default
//! action, awsprof would leave the user's shell typing blind.

/// While alive, SIGINT restores the terminal as it was when the guard was made and exits
/// with code 130. Make one before prompting.
pub struct PromptGuard {
    previous: libc::sigaction,
}

mod terminal {
    use std::os::fd::IntoRawFd;
    use std::sync::OnceLock;

    /// The terminal and its settings before the first prompt: what SIGINT restores.
    pub static SAVED: OnceLock<(i32, libc::termios)> = OnceLock::new();

    /// Saves the controlling terminal's settings, once per process.
    pub fn save() {
        if SAVED.get().is_some() {
            return;
        }
        let Ok(tty) = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open("/dev/tty")
        else {
            return;
        };
        let fd = tty.into_raw_fd();
        let mut settings = std::mem::MaybeUninit::<libc::termios>::uninit();
        // SAFETY: fd is an open descriptor and settings has room for a termios.
        if unsafe { libc::tcgetattr(fd, settings.as_mut_ptr()) } == 0 {
            // SAFETY: tcgetattr succeeded, so it filled settings in.
            let _ = SAVED.set((fd, unsafe { settings.assume_init() }));
        } else {
            // SAFETY: fd is ours, not shared.
            unsafe { libc::close(fd) };
        }
    }

    /// The SIGINT handler: only async-signal-safe calls (tcsetattr, write, _exit).
    pub extern "C" fn on_interrupt(_signal: libc::c_int) {
        if let Some((fd, settings)) = SAVED.get() {
            // SAFETY: fd stays open for the life of the process; settings is a termios.
            unsafe { libc::tcsetattr(*fd, libc::TCSANOW, settings) };
        }
        // SAFETY: writing a static buffer to stderr and exiting are async-signal-safe.
        unsafe {
            libc::write(2, c"\n".as_ptr().cast(), 1);
            libc::_exit(130);
        }
    }
}

impl PromptGuard {
    /// Saves the terminal's settings and handles SIGINT until the guard is dropped.
    pub fn install() -> PromptGuard {
        terminal::save();
        // SAFETY: sigaction structs are plain data; zeroed is a valid empty one.
        let mut action: libc::sigaction = unsafe { std::mem::zeroed() };
        action.sa_sigaction = terminal::on_interrupt as *const () as libc::sighandler_t;
        let mut previous: libc::sigaction = unsafe { std::mem::zeroed() };
        // SAFETY: both pointers are valid sigaction structs; the handler is
        // async-signal-safe.
        unsafe {
            libc::sigemptyset(&mut action.sa_mask);
            libc::sigaction(libc::SIGINT, &action, &mut previous);
        }
        PromptGuard { previous }
    }
}

impl Drop for PromptGuard {
    fn drop(&mut self) {
        // SAFETY: restores the action saved in install().
        unsafe {
            libc::sigaction(libc::SIGINT, &self.previous, std::ptr::null_mut());
        }
    }
}
