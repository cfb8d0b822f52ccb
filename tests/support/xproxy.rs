//! A pass-through proxy in front of the test's Xvfb, as a display of its own (`:N`, with the
//! lock file and socket an X server has, so that no X server takes the number). It forwards every byte both ways, except that it can hide
//! extensions: a QueryExtension for a hidden name reaches the real server under a name no server
//! has, so the server itself answers "not present", as an X server built without it would
//! (Xvfb cannot turn SYNC off). It also counts the requests each client makes.

use std::io::{Read, Write};
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// The core protocol's QueryExtension opcode.
const QUERY_EXTENSION: u8 = 98;

pub struct XProxy {
    number: u32,
    requests: Arc<Mutex<Vec<Arc<AtomicUsize>>>>,
}

impl XProxy {
    /// Takes a free display number and forwards its clients to the X server at `display` (`:N`).
    pub fn start(display: &str, hide: &[&str]) -> XProxy {
        let target = display
            .strip_prefix(':')
            .and_then(|d| d.split('.').next())
            .unwrap_or_else(|| panic!("the proxy takes a local display (:N), not {display:?}"));
        let server = PathBuf::from(format!("/tmp/.X11-unix/X{target}"));
        let (number, listener) = take_display();
        let hide: Arc<Vec<Vec<u8>>> =
            Arc::new(hide.iter().map(|h| h.as_bytes().to_vec()).collect());
        let requests = Arc::new(Mutex::new(Vec::new()));
        let counts = requests.clone();
        std::thread::spawn(move || {
            for client in listener.incoming() {
                let Ok(client) = client else { return };
                let Ok(upstream) = UnixStream::connect(&server) else {
                    continue;
                };
                let count = Arc::new(AtomicUsize::new(0));
                counts.lock().expect("request counts").push(count.clone());
                let (Ok(client_read), Ok(upstream_read)) =
                    (client.try_clone(), upstream.try_clone())
                else {
                    continue;
                };
                let hide = hide.clone();
                std::thread::spawn(move || {
                    let _ = forward_requests(client_read, upstream, &hide, &count);
                });
                std::thread::spawn(move || {
                    let _ = copy(upstream_read, client);
                });
            }
        });
        XProxy { number, requests }
    }

    /// The DISPLAY value for clients of the proxy.
    pub fn display(&self) -> String {
        format!(":{}", self.number)
    }

    /// How many requests each client made so far, in the order they connected.
    pub fn requests(&self) -> Vec<usize> {
        self.requests
            .lock()
            .expect("request counts")
            .iter()
            .map(|c| c.load(Ordering::SeqCst))
            .collect()
    }
}

impl Drop for XProxy {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(socket(self.number));
        let _ = std::fs::remove_file(lock(self.number));
    }
}

fn socket(number: u32) -> PathBuf {
    PathBuf::from(format!("/tmp/.X11-unix/X{number}"))
}

fn lock(number: u32) -> PathBuf {
    PathBuf::from(format!("/tmp/.X{number}-lock"))
}

/// A display number nobody has, claimed as X servers do: its lock file made exclusively
/// (holding our pid, so that a server finding it after a crash sees it is stale), then its
/// socket.
fn take_display() -> (u32, UnixListener) {
    let _ = std::fs::create_dir_all("/tmp/.X11-unix");
    for number in 300..600 {
        let Ok(mut file) = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(lock(number))
        else {
            continue;
        };
        let _ = writeln!(file, "{:>10}", std::process::id());
        let _ = std::fs::remove_file(socket(number));
        match UnixListener::bind(socket(number)) {
            Ok(listener) => return (number, listener),
            Err(_) => {
                let _ = std::fs::remove_file(lock(number));
            }
        }
    }
    panic!("no free X display number for the proxy between :300 and :600");
}

/// Server to client: every byte as it comes.
fn copy(mut from: UnixStream, mut to: UnixStream) -> std::io::Result<()> {
    let mut buf = [0u8; 65536];
    loop {
        let n = from.read(&mut buf)?;
        if n == 0 {
            let _ = to.shutdown(std::net::Shutdown::Both);
            return Ok(());
        }
        to.write_all(&buf[..n])?;
    }
}

/// Client to server, one request at a time: the connection setup, then requests framed by
/// their length field (0 there means BIG-REQUESTS' 32-bit length follows).
fn forward_requests(
    mut from: UnixStream,
    mut to: UnixStream,
    hide: &[Vec<u8>],
    count: &AtomicUsize,
) -> std::io::Result<()> {
    let result = (|| {
        let mut setup = [0u8; 12];
        from.read_exact(&mut setup)?;
        let big_endian = setup[0] == b'B';
        let u16_at = |b: &[u8], i: usize| {
            let pair = [b[i], b[i + 1]];
            if big_endian {
                u16::from_be_bytes(pair)
            } else {
                u16::from_le_bytes(pair)
            }
        };
        let auth = pad(u16_at(&setup, 6).into()) + pad(u16_at(&setup, 8).into());
        let mut rest = vec![0u8; auth];
        from.read_exact(&mut rest)?;
        to.write_all(&setup)?;
        to.write_all(&rest)?;
        loop {
            let mut head = [0u8; 4];
            from.read_exact(&mut head)?;
            let mut request = head.to_vec();
            let words = match u16_at(&head, 2) {
                0 => {
                    let mut long = [0u8; 4];
                    from.read_exact(&mut long)?;
                    request.extend_from_slice(&long);
                    let words = if big_endian {
                        u32::from_be_bytes(long)
                    } else {
                        u32::from_le_bytes(long)
                    };
                    words as usize
                }
                words => usize::from(words),
            };
            let mut body = vec![0u8; (words * 4).saturating_sub(request.len())];
            from.read_exact(&mut body)?;
            request.extend_from_slice(&body);
            if head[0] == QUERY_EXTENSION && request.len() >= 8 {
                let len = usize::from(u16_at(&request, 4));
                if let Some(name) = request.get_mut(8..8 + len) {
                    if hide.iter().any(|h| h == name) {
                        name.fill(b'_');
                    }
                }
            }
            count.fetch_add(1, Ordering::SeqCst);
            to.write_all(&request)?;
        }
    })();
    let _ = to.shutdown(std::net::Shutdown::Both);
    result
}

fn pad(len: usize) -> usize {
    len.div_ceil(4) * 4
}
