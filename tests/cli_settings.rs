//! The real binary's subcommands on settings and exercise files as a new user writes them:
//! what they print, and that none of them waits on a file that is not one.

use std::ffi::CString;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

/// A home of its own for one test: `$XDG_CONFIG_HOME` and friends under a temp dir.
struct Home {
    dir: tempfile::TempDir,
}

impl Home {
    fn new() -> Home {
        Home {
            dir: tempfile::Builder::new()
                .prefix("unknot-cli-")
                .tempdir()
                .expect("temp dir"),
        }
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    fn exercises(&self) -> PathBuf {
        let dir = self.path("config/unknot/exercises");
        std::fs::create_dir_all(&dir).expect("mkdir exercises");
        dir
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_unknot"));
        cmd.args(args)
            .env_clear()
            .env("HOME", self.path("home"))
            .env("XDG_CONFIG_HOME", self.path("config"))
            .env("XDG_DATA_HOME", self.path("data"))
            .env("XDG_CACHE_HOME", self.path("cache"))
            .env("XDG_RUNTIME_DIR", self.path("runtime"))
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("LANG", "C.UTF-8")
            .stdin(Stdio::null());
        cmd
    }

    /// Runs `unknot ARGS...`, failing the test if it takes longer than 20 s.
    fn run(&self, args: &[&str]) -> (i32, String, String) {
        run(self.command(args))
    }
}

fn run(mut cmd: Command) -> (i32, String, String) {
    let child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run unknot");
    let pid = child.id();
    // A watchdog, so that a binary stuck on a FIFO fails the test instead of hanging it.
    let (done_tx, done_rx) = std::sync::mpsc::channel::<()>();
    let watchdog = std::thread::spawn(move || {
        if done_rx.recv_timeout(Duration::from_secs(20)).is_err() {
            // SAFETY: kill(2) on the child's pid; at worst it has already exited.
            unsafe { libc::kill(pid as i32, libc::SIGKILL) };
            return true;
        }
        false
    });
    let Output {
        status,
        stdout,
        stderr,
    } = child.wait_with_output().expect("wait for unknot");
    let _ = done_tx.send(());
    let killed = watchdog.join().expect("watchdog");
    assert!(!killed, "unknot did not finish within 20 s: {cmd:?}");
    (
        status.code().unwrap_or(-1),
        String::from_utf8_lossy(&stdout).into_owned(),
        String::from_utf8_lossy(&stderr).into_owned(),
    )
}

fn mkfifo(path: &Path) {
    let c = CString::new(path.as_os_str().as_bytes()).expect("no NUL in the path");
    // SAFETY: `c` is a valid NUL-terminated path for the duration of the call.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0, "mkfifo");
}

const NOD: &str = "id = \"doorway-nod\"\nname = \"Doorway nod\"\ncue = \"Nod slowly.\"\n\
    kind = \"mobility\"\narea = \"neck\"\nplaces = [\"doorway\"]\nduration = \"20s\"\n\
    steps = [\"Stand tall.\", \"Nod.\"]\ncautions = []\nsource = \"Test\"\n";

#[test]
fn config_check_on_a_fifo_fails_at_once() {
    let home = Home::new();
    let fifo = home.path("config.toml");
    mkfifo(&fifo);
    let (code, out, err) =
        home.run(&["--config", fifo.to_str().expect("UTF-8"), "config", "check"]);
    assert_eq!(
        (code, out.as_str(), err.as_str()),
        (
            2,
            "",
            format!(
                "{}: cannot read: it is a FIFO (named pipe), not a regular file\n",
                fifo.display()
            )
            .as_str()
        )
    );
}

#[test]
fn config_check_locates_bad_utf8() {
    let home = Home::new();
    let file = home.path("config.toml");
    std::fs::write(&file, b"[breaks]\nevery = \"45m\" # caf\xe9\n").expect("write");
    let (code, _, err) = home.run(&["--config", file.to_str().expect("UTF-8"), "config", "check"]);
    assert_eq!(code, 2);
    assert_eq!(
        err,
        format!(
            "{}:2:20: not valid UTF-8 (byte 0xe9); save the file as UTF-8\n  |\n\
             2 | every = \"45m\" # caf\u{fffd}\n  |                    ^\n",
            file.display()
        )
    );
}

#[test]
fn exercises_check_locates_bad_utf8_and_names_missing_fields_without_a_wrong_hint() {
    let home = Home::new();
    let dir = home.exercises();
    let mut bytes = NOD.as_bytes().to_vec();
    bytes.splice(2..2, [0xff]);
    std::fs::write(dir.join("a-bad-bytes.toml"), &bytes).expect("write");
    std::fs::write(
        dir.join("b-no-cue.toml"),
        NOD.replace("cue = \"Nod slowly.\"\n", "")
            .replace("doorway-nod", "other"),
    )
    .expect("write");
    std::fs::write(dir.join("c-only-id.toml"), "id = \"push-ups\"\n").expect("write");
    let (code, out, err) = home.run(&["exercises", "check"]);
    let dir = dir.display();
    assert_eq!(
        (code, out.as_str(), err),
        (
            2,
            "",
            format!(
                "{dir}/a-bad-bytes.toml:1:3: not valid UTF-8 (byte 0xff); save the file as UTF-8\n\
                 {dir}/b-no-cue.toml:1:1: missing field `cue`\n\
                 {dir}/c-only-id.toml:1:1: missing fields `name`, `cue`, `kind`, `area`, \
                 `places`, `duration`, `steps`, `cautions`, `source` (a file with only `id` \
                 needs `enabled = false` to hide that exercise)\n"
            )
        )
    );
}

#[test]
fn exercises_show_says_where_an_exercise_comes_from_and_suggests_the_closest_id() {
    let home = Home::new();
    let file = home.exercises().join("nod.toml");
    std::fs::write(&file, NOD).expect("write");

    let (code, out, _) = home.run(&["exercises", "show", "chin-tuck"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("\nFile:     built in\nPicture:  chin-tuck (built in)\n"),
        "{out}"
    );

    let (code, out, _) = home.run(&["exercises", "show", "doorway-nod"]);
    assert_eq!(code, 0);
    assert!(
        out.ends_with(&format!("\nSource:   Test\nFile:     {}\n", file.display())),
        "a user exercise with no picture shows its file and no picture:\n{out}"
    );

    let (code, out, err) = home.run(&["exercises", "show", "chin_tuck"]);
    assert_eq!(
        (code, out.as_str(), err.as_str()),
        (
            2,
            "",
            "no exercise \"chin_tuck\"; did you mean \"chin-tuck\"? `unknot exercises` lists the ids\n"
        )
    );
}

#[test]
fn exercises_marks_what_the_settings_leave_out() {
    let home = Home::new();
    std::fs::create_dir_all(home.path("config/unknot")).expect("mkdir");
    std::fs::write(
        home.path("config/unknot/config.toml"),
        "[exercises]\nplaces = [\"desk\", \"wall\"]\nexclude_areas = [\"chest\"]\n",
    )
    .expect("write");
    let (code, out, err) = home.run(&["exercises"]);
    assert_eq!((code, err.as_str()), (0, ""));
    let line = |id: &str| {
        out.lines()
            .find(|l| l.starts_with(&format!("{id} ")))
            .unwrap_or_else(|| panic!("{id} not listed:\n{out}"))
            .to_owned()
    };
    assert!(
        line("downward-dog").ends_with("  not suggested: places has none of floor"),
        "{}",
        line("downward-dog")
    );
    assert!(
        line("doorway-stretch")
            .ends_with("  not suggested: places has none of doorway; exclude_areas has chest"),
        "{}",
        line("doorway-stretch")
    );
    assert!(
        !line("wall-angels").contains("not suggested"),
        "{}",
        line("wall-angels")
    );

    let (code, json, _) = home.run(&["exercises", "--json"]);
    assert_eq!(code, 0);
    let all: Vec<serde_json::Value> = serde_json::from_str(&json).expect("JSON");
    let excluded = |id: &str| {
        all.iter()
            .find(|e| e["id"] == id)
            .map(|e| e["excluded"].clone())
            .unwrap_or_else(|| panic!("{id} not in the JSON"))
    };
    assert_eq!(
        excluded("corner-stretch"),
        serde_json::json!(["exclude_areas has chest"])
    );
    assert_eq!(excluded("wall-angels"), serde_json::json!([]));
}

#[test]
fn no_session_bus_prints_each_cause_once() {
    let home = Home::new();
    let mut cmd = home.command(&[]);
    let nowhere = home.path("no-bus-here");
    cmd.env(
        "DBUS_SESSION_BUS_ADDRESS",
        format!("unix:path={}", nowhere.display()),
    );
    let (code, _, err) = run(cmd);
    assert_eq!(code, 1, "{err}");
    let line = err
        .lines()
        .find(|l| l.starts_with("unknot: "))
        .unwrap_or_else(|| panic!("no `unknot: ` error line in:\n{err}"));
    assert!(line.contains(&nowhere.display().to_string()), "{line}");
    for cause in [
        "No such file or directory (os error 2)",
        &nowhere.display().to_string(),
    ] {
        assert_eq!(
            line.matches(cause).count(),
            1,
            "{cause:?} is printed more than once:\n{line}"
        );
    }
}
