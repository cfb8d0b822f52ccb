//! Small shell scripts the session puts first on the app's PATH: a stub `xdg-open` that only
//! records what it was asked to open, and `pick-action`, the stand-in for dunst's dmenu.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

/// Writes `text` to `path` and makes it executable.
pub fn write_executable(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755))
        .unwrap_or_else(|e| panic!("cannot chmod {}: {e}", path.display()));
}

/// `xdg-open ARGS...` appends one line with its arguments to `log`.
pub fn xdg_open_stub(path: &Path, log: &Path) {
    write_executable(
        path,
        &format!(
            "#!/bin/sh\n\
             # Test stub: records what unknot asked to open instead of opening it.\n\
             printf '%s\\n' \"$*\" >> '{}'\n",
            log.display()
        ),
    );
}

/// A dmenu stand-in for dunst's context menu: it appends the menu it was given to `input_log`,
/// then prints the entry for the action named in `want_file`. dunst 1.9 lists one action a line
/// as `#LABEL (SUMMARY) [ID,KEY]`; the script picks the first line starting `#LABEL (`, else the
/// first line containing LABEL. With no
/// `want_file`, or no matching entry, it prints nothing: the menu was cancelled.
pub fn pick_action(path: &Path, want_file: &Path, input_log: &Path) {
    write_executable(
        path,
        &format!(
            r##"#!/bin/sh
# dmenu stand-in for dunst: records the menu, picks the entry the test asked for.
menu=$(cat)
printf '%s\n--- end of menu\n' "$menu" >> '{input}'
want=$(cat '{want}' 2>/dev/null) || exit 1
[ -n "$want" ] || exit 1
line=$(printf '%s\n' "$menu" | grep -m1 -F -e "#$want (")
[ -n "$line" ] || line=$(printf '%s\n' "$menu" | grep -m1 -F -- "$want")
[ -n "$line" ] || exit 1
printf '%s\n' "$line"
printf 'picked: %s\n' "$line" >> '{input}'
"##,
            input = input_log.display(),
            want = want_file.display()
        ),
    );
}
