//! What installing and starting at login rests on, with the real binary and real tools:
//! `unknot autostart`, the desktop entry and user unit in data/, the completions and man page.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use support::tools::require;

const BIN: &str = env!("CARGO_BIN_EXE_unknot");

/// A temp home: `XDG_CONFIG_HOME` and a `bin` folder that the PATH given to unknot starts with.
struct Home {
    dir: tempfile::TempDir,
}

impl Home {
    fn new() -> Home {
        let dir = tempfile::Builder::new()
            .prefix("unknot-install-")
            .tempdir()
            .expect("temp dir");
        std::fs::create_dir_all(dir.path().join("bin")).expect("mkdir bin");
        Home { dir }
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    fn entry(&self) -> PathBuf {
        self.path("config/autostart/unknot.desktop")
    }

    /// `unknot ARGS...` with PATH = our bin folder, then /usr/bin and /bin (for no `unknot`).
    fn run(&self, args: &[&str]) -> (i32, String, String) {
        let path = format!("{}:/usr/bin:/bin", self.path("bin").display());
        output(
            Command::new(BIN)
                .args(args)
                .env_clear()
                .env("HOME", self.path("home"))
                .env("XDG_CONFIG_HOME", self.path("config"))
                // Where an entry for all users would be (the package puts one in /etc/xdg).
                .env("XDG_CONFIG_DIRS", self.path("etc-xdg"))
                .env("PATH", path)
                .stdin(Stdio::null()),
        )
    }

    fn exec_line(&self) -> String {
        let text = std::fs::read_to_string(self.entry()).expect("read the entry");
        let lines: Vec<_> = text.lines().filter(|l| l.starts_with("Exec=")).collect();
        assert_eq!(lines.len(), 1, "one Exec line in\n{text}");
        lines[0].to_owned()
    }
}

fn output(cmd: &mut Command) -> (i32, String, String) {
    let Output {
        status,
        stdout,
        stderr,
    } = cmd.output().expect("run the command");
    (
        status.code().unwrap_or(-1),
        String::from_utf8_lossy(&stdout).into_owned(),
        String::from_utf8_lossy(&stderr).into_owned(),
    )
}

fn validate_desktop_file(path: &Path) {
    let tool = require("desktop-file-validate", "desktop-file-utils");
    let (code, out, err) = output(Command::new(tool).arg(path));
    assert_eq!(
        (code, out.as_str(), err.as_str()),
        (0, "", ""),
        "desktop-file-validate {}",
        path.display()
    );
}

fn manifest(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

#[test]
fn enable_status_disable_with_the_binary_off_path() {
    let home = Home::new();
    let entry = home.entry();
    let exe = std::fs::canonicalize(BIN).expect("canonical binary path");

    let (code, out, _) = home.run(&["autostart", "status"]);
    assert_eq!(code, 0);
    assert_eq!(out, format!("disabled: there is no {}\n", entry.display()));

    let (code, out, err) = home.run(&["autostart", "enable"]);
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(
        out,
        format!(
            "autostart enabled: {} runs `{}` at login\n",
            entry.display(),
            exe.display()
        )
    );
    assert_eq!(home.exec_line(), format!("Exec={}", exe.display()));
    validate_desktop_file(&entry);
    // Written whole and renamed into place: nothing else is left in the folder.
    let names: Vec<_> = std::fs::read_dir(entry.parent().expect("folder"))
        .expect("list autostart")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(names, ["unknot.desktop"]);

    let (code, out, _) = home.run(&["autostart", "status"]);
    assert_eq!(code, 0);
    assert_eq!(
        out,
        format!("enabled: {} runs `{}`\n", entry.display(), exe.display())
    );
    let (code, out, _) = home.run(&["autostart", "enable"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("autostart already enabled: "), "{out}");

    let (code, out, _) = home.run(&["autostart", "disable"]);
    assert_eq!(
        (code, out),
        (
            0,
            format!("autostart disabled: removed {}\n", entry.display())
        )
    );
    assert!(!entry.exists());
    let (code, out, _) = home.run(&["autostart", "disable"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("autostart already disabled: "), "{out}");
}

#[test]
fn an_entry_installed_for_all_users_is_hidden_by_disable_and_shown_again_by_enable() {
    let home = Home::new();
    let entry = home.entry();
    let system = home.path("etc-xdg/autostart/unknot.desktop");
    std::fs::create_dir_all(system.parent().expect("folder")).expect("mkdir");
    std::fs::copy(manifest("data/unknot.desktop"), &system).expect("install the entry");

    let (code, out, _) = home.run(&["autostart", "status"]);
    assert_eq!(code, 0);
    assert_eq!(
        out,
        format!(
            "enabled: {} (installed for all users) starts unknot at login\n",
            system.display()
        )
    );
    let (code, out, _) = home.run(&["autostart", "enable"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("autostart already enabled: "), "{out}");
    assert!(
        !entry.exists(),
        "nothing to write while the entry for all users starts it"
    );

    let (code, out, err) = home.run(&["autostart", "disable"]);
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(
        out,
        format!(
            "autostart disabled: {} now hides {} (installed for all users)\n",
            entry.display(),
            system.display()
        )
    );
    let hidden = std::fs::read_to_string(&entry).expect("the user's entry");
    assert!(hidden.lines().any(|l| l == "Hidden=true"), "{hidden}");
    let (code, out, _) = home.run(&["autostart", "status"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("disabled: "), "{out}");
    let (code, out, _) = home.run(&["autostart", "disable"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("autostart already disabled: "), "{out}");

    let (code, out, _) = home.run(&["autostart", "enable"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("autostart enabled: removed "), "{out}");
    assert!(!entry.exists());
    let (code, out, _) = home.run(&["autostart", "status"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("enabled: "), "{out}");
}

#[test]
fn the_entry_runs_plain_unknot_when_path_finds_this_binary() {
    let home = Home::new();
    std::os::unix::fs::symlink(BIN, home.path("bin/unknot")).expect("link unknot into bin");
    let (code, out, err) = home.run(&["autostart", "enable"]);
    assert_eq!((code, err.as_str()), (0, ""), "{out}");
    assert_eq!(home.exec_line(), "Exec=unknot");
    validate_desktop_file(&home.entry());
}

#[test]
fn another_unknot_first_on_path_gets_the_absolute_path() {
    let home = Home::new();
    let other = home.path("bin/unknot");
    std::fs::write(&other, "#!/bin/sh\necho another unknot\n").expect("write");
    let mut perms = std::fs::metadata(&other).expect("stat").permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o755);
    std::fs::set_permissions(&other, perms).expect("chmod");
    let (code, _, _) = home.run(&["autostart", "enable"]);
    assert_eq!(code, 0);
    let exe = std::fs::canonicalize(BIN).expect("canonical binary path");
    assert_eq!(home.exec_line(), format!("Exec={}", exe.display()));
}

#[test]
fn an_entry_edited_by_hand_is_kept_unless_forced() {
    let home = Home::new();
    let entry = home.entry();
    std::fs::create_dir_all(entry.parent().expect("folder")).expect("mkdir");
    let mine = "[Desktop Entry]\nType=Application\nName=unknot\nExec=unknot --config /x.toml\n";
    std::fs::write(&entry, mine).expect("write");

    let (code, out, _) = home.run(&["autostart", "status"]);
    assert_eq!(code, 0);
    assert!(
        out.starts_with("enabled: ") && out.contains("edited by hand?"),
        "{out}"
    );
    for verb in ["enable", "disable"] {
        let (code, out, err) = home.run(&["autostart", verb]);
        assert_eq!((code, out.as_str()), (1, ""), "{verb}: {err}");
        assert_eq!(
            err,
            format!(
                "unknot: {} {} the entry unknot writes (edited by hand?); it runs \
                 `unknot --config /x.toml`. `unknot autostart {verb} --force` {} it\n",
                entry.display(),
                if verb == "enable" {
                    "exists and is not"
                } else {
                    "is not"
                },
                if verb == "enable" {
                    "replaces"
                } else {
                    "removes"
                },
            )
        );
        assert_eq!(std::fs::read_to_string(&entry).expect("read"), mine);
    }

    let (code, out, _) = home.run(&["autostart", "enable", "--force"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("which ran `unknot --config /x.toml`"),
        "says what it replaced: {out}"
    );
    validate_desktop_file(&entry);
    std::fs::write(&entry, mine).expect("write");
    let (code, _, _) = home.run(&["autostart", "disable", "--force"]);
    assert_eq!(code, 0);
    assert!(!entry.exists());
}

#[test]
fn an_entry_turned_off_by_the_desktop_is_reported_disabled() {
    let home = Home::new();
    let entry = home.entry();
    std::fs::create_dir_all(entry.parent().expect("folder")).expect("mkdir");
    std::fs::write(
        &entry,
        "[Desktop Entry]\nType=Application\nName=unknot\nExec=unknot\nHidden=true\n",
    )
    .expect("write");
    let (code, out, _) = home.run(&["autostart", "status"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("disabled: "), "{out}");
}

#[test]
fn the_shipped_desktop_entry_is_valid() {
    validate_desktop_file(&manifest("data/unknot.desktop"));
}

#[test]
fn the_user_unit_starts_with_the_graphical_session() {
    let unit = std::fs::read_to_string(manifest("data/unknot.service")).expect("read unit");
    for line in [
        "PartOf=graphical-session.target",
        "After=graphical-session.target",
        "WantedBy=graphical-session.target",
        "Restart=on-failure",
        "ExecStart=/usr/bin/unknot",
    ] {
        assert!(unit.lines().any(|l| l == line), "{line} in\n{unit}");
    }
    // systemd-analyze verify needs the binary and man page in place: the package test runs it
    // on the installed unit (tests/package.rs).
}

#[test]
fn bash_completion_loads_and_completes_subcommands() {
    let bash = require("bash", "bash");
    let script = format!(
        "set -e\nsource <({BIN:?} completions bash)\ncomplete -p unknot\n\
         COMP_WORDS=(unknot au); COMP_CWORD=1; COMP_LINE='unknot au'; COMP_POINT=9\n\
         _unknot unknot au unknot\necho \"got: ${{COMPREPLY[*]}}\"\n\
         COMP_WORDS=(unknot autostart ''); COMP_CWORD=2; COMP_LINE='unknot autostart '; COMP_POINT=17\n\
         _unknot unknot '' autostart\necho \"got: ${{COMPREPLY[*]}}\"\n"
    );
    let (code, out, err) = output(Command::new(bash).arg("-c").arg(script));
    assert_eq!(code, 0, "{out}{err}");
    let lines: Vec<_> = out.lines().collect();
    assert!(
        lines[0].starts_with("complete ") && lines[0].ends_with(" unknot"),
        "{out}"
    );
    assert_eq!(lines[1], "got: autostart");
    assert!(
        lines[2].starts_with("got: ") && lines[2].contains("enable disable status"),
        "{out}"
    );
}

#[test]
fn completions_for_zsh_and_fish_name_the_subcommands() {
    for shell in ["zsh", "fish"] {
        let (code, out, err) = output(Command::new(BIN).args(["completions", shell]));
        assert_eq!((code, err.as_str()), (0, ""), "{shell}");
        for word in ["autostart", "exercises", "config", "completions"] {
            assert!(out.contains(word), "{shell} completion names {word}");
        }
        assert!(
            !out.contains("manpage"),
            "{shell}: the hidden manpage stays hidden"
        );
    }
}

#[test]
fn the_man_page_renders_with_its_subcommands() {
    let (code, roff, err) = output(Command::new(BIN).arg("manpage"));
    assert_eq!((code, err.as_str()), (0, ""));
    assert!(roff.contains("\n.TH unknot 1 "), "{roff}");
    let man = require("man", "man-db");
    let dir = tempfile::tempdir().expect("temp dir");
    let (code, _, err) = output(Command::new(BIN).arg("manpage").arg(dir.path()));
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("unknot.1")).expect("unknot.1"),
        roff,
        "the page written to DIR is the one printed"
    );
    let (code, text, err) = output(
        Command::new(man)
            .arg("-l")
            .arg(dir.path().join("unknot.1"))
            .env("MANPAGER", "cat")
            .env("MANWIDTH", "80"),
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        text.contains("NAME") && text.contains("SUBCOMMANDS"),
        "{text}"
    );
    for sub in ["config", "exercises", "autostart", "completions"] {
        assert!(
            text.contains(&format!("unknot-{sub}(1)")),
            "{sub} in\n{text}"
        );
        assert!(
            dir.path().join(format!("unknot-{sub}.1")).is_file(),
            "unknot-{sub}.1 written"
        );
    }
    assert!(!text.contains("manpage"), "the hidden manpage stays hidden");
}
