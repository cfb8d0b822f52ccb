//! A test XDG desktop portal: owns `org.freedesktop.portal.Desktop` on the session's bus and
//! implements `org.freedesktop.portal.FileChooser`'s `OpenFile` and `SaveFile` as
//! xdg-desktop-portal does, so the
//! app's real file dialog code (rfd) runs unchanged. The real portal cannot run headless without
//! a desktop backend; this one plays the user with an answer the test chose, and records every
//! call.
//!
//! The protocol: `OpenFile(parent_window s, title s, options a{sv}) -> (handle o)`, where the
//! handle is `/org/freedesktop/portal/desktop/request/SENDER/TOKEN` (SENDER the caller's unique
//! name without ':' and with '.' as '_', TOKEN the `handle_token` option). A
//! `org.freedesktop.portal.Request` object lives at the handle until it emits
//! `Response(response u, results a{sv})`: 0 with `results["uris"]` (file:// URIs) for a
//! choice, 1 for a cancel. `Request.Close()` ends it with no Response.
//! `SaveFile(parent_window s, title s, options a{sv}) -> (handle o)` works the same way, with
//! the options `current_name` (s, the suggested file name), `current_folder` and
//! `current_file` (ay), and one URI in `uris`: where to save.

use std::collections::HashMap;
use std::ffi::OsString;
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use zbus::message::Header;
use zbus::object_server::ObjectServer;
use zbus::zvariant::{OwnedObjectPath, OwnedValue, Value};

use super::bus::Bus;
use super::wait::{wait_until, TIMEOUT};

pub const NAME: &str = "org.freedesktop.portal.Desktop";
pub const PATH: &str = "/org/freedesktop/portal/desktop";
const REQUEST_INTERFACE: &str = "org.freedesktop.portal.Request";
/// The FileChooser version xdg-desktop-portal 1.18 reports.
const VERSION: u32 = 4;
/// How long the simulated user looks at the dialog before answering. The Response must come
/// well after the OpenFile reply, as it does with a person: rfd waits for it in a blocking
/// libdbus read, and when it came at once, rfd missed it in about one run in three (its dialog
/// thread then waits forever).
const USER_DELAY: Duration = Duration::from_millis(300);

/// What the simulated user does in the dialog.
#[derive(Debug, Clone)]
pub enum Answer {
    /// Chooses these files: response 0 with their `file://` URIs.
    Pick(Vec<PathBuf>),
    /// Closes the dialog: response 1, no results.
    Cancel,
}

/// One filter of the `filters` option: a label and its `(type, pattern)` pairs, where type 0
/// is a glob such as `*.toml` and 1 a MIME type.
pub type Filter = (String, Vec<(u32, String)>);

/// One `OpenFile` call.
#[derive(Debug, Clone)]
pub struct OpenFile {
    /// The caller's unique bus name.
    pub sender: String,
    pub parent_window: String,
    pub title: String,
    /// The Request object path answered to the caller.
    pub handle: String,
    pub handle_token: Option<String>,
    pub accept_label: Option<String>,
    pub modal: Option<bool>,
    pub multiple: Option<bool>,
    pub directory: Option<bool>,
    pub filters: Vec<Filter>,
    pub current_folder: Option<PathBuf>,
    /// Every option key the caller passed, sorted.
    pub option_keys: Vec<String>,
}

impl OpenFile {
    fn new(
        sender: String,
        parent_window: String,
        title: String,
        handle: String,
        options: &HashMap<String, OwnedValue>,
    ) -> OpenFile {
        let mut option_keys: Vec<String> = options.keys().cloned().collect();
        option_keys.sort();
        OpenFile {
            sender,
            parent_window,
            title,
            handle,
            handle_token: string_option(options, "handle_token"),
            accept_label: string_option(options, "accept_label"),
            modal: bool_option(options, "modal"),
            multiple: bool_option(options, "multiple"),
            directory: bool_option(options, "directory"),
            filters: filters_option(options),
            current_folder: path_option(options, "current_folder"),
            option_keys,
        }
    }

    /// The glob patterns of every filter, e.g. `["*.toml"]`.
    pub fn globs(&self) -> Vec<&str> {
        self.filters
            .iter()
            .flat_map(|(_, patterns)| patterns)
            .filter(|(kind, _)| *kind == 0)
            .map(|(_, pattern)| pattern.as_str())
            .collect()
    }
}

/// One `SaveFile` call.
#[derive(Debug, Clone)]
pub struct SaveFile {
    /// The caller's unique bus name.
    pub sender: String,
    pub parent_window: String,
    pub title: String,
    /// The Request object path answered to the caller.
    pub handle: String,
    pub handle_token: Option<String>,
    pub accept_label: Option<String>,
    pub modal: Option<bool>,
    /// The file name suggested to the user.
    pub current_name: Option<String>,
    pub current_folder: Option<PathBuf>,
    pub current_file: Option<PathBuf>,
    pub filters: Vec<Filter>,
    /// Every option key the caller passed, sorted.
    pub option_keys: Vec<String>,
}

impl SaveFile {
    fn new(
        sender: String,
        parent_window: String,
        title: String,
        handle: String,
        options: &HashMap<String, OwnedValue>,
    ) -> SaveFile {
        let mut option_keys: Vec<String> = options.keys().cloned().collect();
        option_keys.sort();
        SaveFile {
            sender,
            parent_window,
            title,
            handle,
            handle_token: string_option(options, "handle_token"),
            accept_label: string_option(options, "accept_label"),
            modal: bool_option(options, "modal"),
            current_name: string_option(options, "current_name"),
            current_folder: path_option(options, "current_folder"),
            current_file: path_option(options, "current_file"),
            filters: filters_option(options),
            option_keys,
        }
    }

    /// The glob patterns of every filter, e.g. `["*.csv"]`.
    pub fn globs(&self) -> Vec<&str> {
        self.filters
            .iter()
            .flat_map(|(_, patterns)| patterns)
            .filter(|(kind, _)| *kind == 0)
            .map(|(_, pattern)| pattern.as_str())
            .collect()
    }
}

#[derive(Default)]
struct State {
    /// The answer to every dialog from now on; with none, a dialog stays open.
    answer: Option<Answer>,
    calls: Vec<OpenFile>,
    saves: Vec<SaveFile>,
    /// `(handle, response)` for each Response emitted.
    responses: Vec<(String, u32)>,
    /// Handles whose Request was closed by the caller before the answer.
    closed: Vec<String>,
    /// For callers that send no `handle_token`: the portal then makes one up.
    tokens: u32,
}

struct FileChooser {
    state: Arc<Mutex<State>>,
}

#[zbus::interface(name = "org.freedesktop.portal.FileChooser")]
impl FileChooser {
    async fn open_file(
        &self,
        #[zbus(header)] header: Header<'_>,
        #[zbus(connection)] conn: &zbus::Connection,
        #[zbus(object_server)] server: &ObjectServer,
        parent_window: String,
        title: String,
        options: HashMap<String, OwnedValue>,
    ) -> zbus::fdo::Result<OwnedObjectPath> {
        let sender = header.sender().map(|s| s.to_string()).unwrap_or_default();
        let (handle, path) = self.request(&sender, &options, server).await?;
        let call = OpenFile::new(sender, parent_window, title, handle.clone(), &options);
        let answer = {
            let mut state = self.state.lock().unwrap();
            state.calls.push(call);
            state.answer.clone()
        };
        self.answer_later(conn, handle, answer);
        Ok(path)
    }

    async fn save_file(
        &self,
        #[zbus(header)] header: Header<'_>,
        #[zbus(connection)] conn: &zbus::Connection,
        #[zbus(object_server)] server: &ObjectServer,
        parent_window: String,
        title: String,
        options: HashMap<String, OwnedValue>,
    ) -> zbus::fdo::Result<OwnedObjectPath> {
        let sender = header.sender().map(|s| s.to_string()).unwrap_or_default();
        let (handle, path) = self.request(&sender, &options, server).await?;
        let call = SaveFile::new(sender, parent_window, title, handle.clone(), &options);
        let answer = {
            let mut state = self.state.lock().unwrap();
            state.saves.push(call);
            state.answer.clone()
        };
        if let Some(Answer::Pick(files)) = &answer {
            assert_eq!(files.len(), 1, "a save dialog answers with one file");
        }
        self.answer_later(conn, handle, answer);
        Ok(path)
    }

    #[zbus(property, name = "version")]
    fn version(&self) -> u32 {
        VERSION
    }
}

impl FileChooser {
    /// Puts up the Request object for a dialog at the handle the spec says; returns the handle.
    async fn request(
        &self,
        sender: &str,
        options: &HashMap<String, OwnedValue>,
        server: &ObjectServer,
    ) -> zbus::fdo::Result<(String, OwnedObjectPath)> {
        let token = string_option(options, "handle_token").unwrap_or_else(|| {
            let mut state = self.state.lock().unwrap();
            state.tokens += 1;
            format!("portal{}", state.tokens)
        });
        let handle = request_path(sender, &token);
        let path = OwnedObjectPath::try_from(handle.clone())
            .map_err(|e| zbus::fdo::Error::InvalidArgs(format!("handle_token {token:?}: {e}")))?;
        let request = Request {
            state: self.state.clone(),
            handle: handle.clone(),
        };
        server.at(&path, request).await?;
        Ok((handle, path))
    }

    /// The simulated user answers after looking at the dialog for a moment; with no answer
    /// set, the dialog stays open.
    fn answer_later(&self, conn: &zbus::Connection, handle: String, answer: Option<Answer>) {
        if let Some(answer) = answer {
            let conn = zbus::blocking::Connection::from(conn.clone());
            let state = self.state.clone();
            std::thread::spawn(move || {
                std::thread::sleep(USER_DELAY);
                respond(&conn, &state, &handle, &answer);
            });
        }
    }
}

/// The object behind a handle, for as long as its dialog is open.
struct Request {
    state: Arc<Mutex<State>>,
    handle: String,
}

#[zbus::interface(name = "org.freedesktop.portal.Request")]
impl Request {
    async fn close(&self, #[zbus(object_server)] server: &ObjectServer) -> zbus::fdo::Result<()> {
        self.state.lock().unwrap().closed.push(self.handle.clone());
        server.remove::<Request, _>(self.handle.as_str()).await?;
        Ok(())
    }
}

/// Emits the Response for `handle`, unless its Request was closed, and takes the Request down,
/// as the real portal does once a dialog is answered.
fn respond(conn: &zbus::blocking::Connection, state: &Mutex<State>, handle: &str, answer: &Answer) {
    if state.lock().unwrap().closed.iter().any(|h| h == handle) {
        return;
    }
    let (response, results): (u32, HashMap<&str, Value>) = match answer {
        Answer::Pick(files) => {
            let uris: Vec<String> = files.iter().map(|f| file_uri(f)).collect();
            (0, HashMap::from([("uris", Value::from(uris))]))
        }
        Answer::Cancel => (1, HashMap::new()),
    };
    // Broadcast like xdg-desktop-portal: the caller receives it through its match rule, which
    // names the sender by the portal's well-known name.
    conn.emit_signal(
        None::<&str>,
        handle,
        REQUEST_INTERFACE,
        "Response",
        &(response, results),
    )
    .unwrap_or_else(|e| panic!("cannot emit Response on {handle}: {e}"));
    state
        .lock()
        .unwrap()
        .responses
        .push((handle.to_owned(), response));
    let _ = conn.object_server().remove::<Request, _>(handle);
}

/// The running portal. Dropping it leaves the bus.
pub struct TestPortal {
    _conn: zbus::blocking::Connection,
    state: Arc<Mutex<State>>,
}

impl TestPortal {
    /// Starts serving on `bus`; the name is owned when this returns. Until [`Self::answer_with`],
    /// dialogs stay open.
    pub fn start(bus: &Bus) -> TestPortal {
        let state = Arc::new(Mutex::new(State::default()));
        let chooser = FileChooser {
            state: state.clone(),
        };
        let conn = bus.serve(NAME, PATH, chooser, "portal");
        TestPortal { _conn: conn, state }
    }

    /// How the user answers every dialog opened from now on.
    pub fn answer_with(&self, answer: Answer) {
        self.state.lock().unwrap().answer = Some(answer);
    }

    /// Every `OpenFile` call so far, oldest first.
    pub fn calls(&self) -> Vec<OpenFile> {
        self.state.lock().unwrap().calls.clone()
    }

    /// The `OpenFile` call number `index` (0-based), waiting for it.
    pub fn wait_for_call(&self, index: usize) -> OpenFile {
        wait_until(TIMEOUT, format!("OpenFile call #{}", index + 1), || {
            self.calls().get(index).cloned()
        })
    }

    /// Waits until the dialog of `call` has been answered, and returns the response code.
    pub fn wait_for_response(&self, call: &OpenFile) -> u32 {
        self.wait_for_response_on(&call.handle)
    }

    /// Every `SaveFile` call so far, oldest first.
    pub fn saves(&self) -> Vec<SaveFile> {
        self.state.lock().unwrap().saves.clone()
    }

    /// The `SaveFile` call number `index` (0-based), waiting for it.
    pub fn wait_for_save(&self, index: usize) -> SaveFile {
        wait_until(TIMEOUT, format!("SaveFile call #{}", index + 1), || {
            self.saves().get(index).cloned()
        })
    }

    /// Waits until the dialog at `handle` has been answered, and returns the response code.
    pub fn wait_for_response_on(&self, handle: &str) -> u32 {
        wait_until(TIMEOUT, format!("the Response on {handle}"), || {
            let state = self.state.lock().unwrap();
            let found = state.responses.iter().find(|(h, _)| *h == handle);
            found.map(|(_, response)| *response)
        })
    }

    /// The handles whose Request the caller closed.
    pub fn closed(&self) -> Vec<String> {
        self.state.lock().unwrap().closed.clone()
    }
}

/// The Request path for `sender`'s `token`, by the rule of the portal spec.
pub fn request_path(sender: &str, token: &str) -> String {
    let sender = sender.trim_start_matches(':').replace('.', "_");
    format!("{PATH}/request/{sender}/{token}")
}

/// `file://` and the path, every byte but unreserved ones and '/' percent-encoded (RFC 3986).
pub fn file_uri(path: &Path) -> String {
    let mut uri = String::from("file://");
    for &byte in path.as_os_str().as_bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            uri.push(char::from(byte));
        } else {
            uri.push_str(&format!("%{byte:02X}"));
        }
    }
    uri
}

fn string_option(options: &HashMap<String, OwnedValue>, key: &str) -> Option<String> {
    options
        .get(key)
        .and_then(|v| <&str>::try_from(v).ok())
        .map(str::to_owned)
}

fn bool_option(options: &HashMap<String, OwnedValue>, key: &str) -> Option<bool> {
    options.get(key).and_then(|v| bool::try_from(v).ok())
}

/// `a(sa(us))`; a malformed value counts as none, which a test asserting on filters will see.
fn filters_option(options: &HashMap<String, OwnedValue>) -> Vec<Filter> {
    options
        .get("filters")
        .and_then(|v| v.try_clone().ok())
        .and_then(|v| Vec::<Filter>::try_from(v).ok())
        .unwrap_or_default()
}

/// A path sent as `ay`, with the NUL terminator the spec asks for.
fn path_option(options: &HashMap<String, OwnedValue>, key: &str) -> Option<PathBuf> {
    let value = options.get(key)?.try_clone().ok()?;
    let mut bytes = Vec::<u8>::try_from(value).ok()?;
    if bytes.last() == Some(&0) {
        bytes.pop();
    }
    Some(PathBuf::from(OsString::from_vec(bytes)))
}
