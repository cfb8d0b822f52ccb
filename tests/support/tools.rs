//! Checks that the system tools the harness drives are installed, failing loudly when not.

use std::path::PathBuf;

/// The path of `tool` on `PATH`. Panics naming the tool and the Debian package to install: a
/// missing tool must fail the test, never skip it.
pub fn require(tool: &str, package: &str) -> PathBuf {
    find(tool).unwrap_or_else(|| {
        panic!(
            "required tool `{tool}` is not on PATH; install it with \
             `apt-get update && apt-get install -y {package}`"
        )
    })
}

/// The path of an executable `tool` on `PATH`, if there is one.
pub fn find(tool: &str) -> Option<PathBuf> {
    use std::os::unix::fs::PermissionsExt;
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(tool))
        .find(|candidate| {
            candidate
                .metadata()
                .map(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
                .unwrap_or(false)
        })
}
