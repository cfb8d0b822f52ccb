//! Reading the text files people edit (config, exercises) so that no file can hold up the
//! caller: a FIFO, socket or device in a file's place is refused at once instead of waiting for
//! a writer, and bytes that are not UTF-8 are located like any other mistake.

use std::fs::{File, OpenOptions};
use std::io::{self, Read};
use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
use std::path::Path;

use crate::text_location::Location;

/// Why a text file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// It could not be opened or read, or it is not a regular file.
    #[error("cannot read: {0}")]
    Io(#[from] io::Error),
    /// It was read, but is not UTF-8 from the byte at `location` on.
    #[error("{message}")]
    NotUtf8 { location: Location, message: String },
}

/// The whole file at `path` as text. Symbolic links are followed (dotfile managers link the
/// config from elsewhere); what they lead to must be a regular file.
pub fn read_text(path: &Path) -> Result<String, ReadError> {
    let bytes = read_regular(path)?;
    String::from_utf8(bytes).map_err(|error| {
        let bad = error.as_bytes()[error.utf8_error().valid_up_to()];
        let location = Location::of_invalid_utf8(error.as_bytes(), &error.utf8_error());
        ReadError::NotUtf8 {
            location,
            message: format!("not valid UTF-8 (byte 0x{bad:02x}); save the file as UTF-8"),
        }
    })
}

fn read_regular(path: &Path) -> io::Result<Vec<u8>> {
    // O_NONBLOCK: opening a FIFO for reading otherwise waits for a writer. It changes nothing
    // for a regular file, whose reads never wait on the flag.
    let mut file: File = OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)?;
    let kind = file.metadata()?.file_type();
    let what = if kind.is_file() {
        None
    } else if kind.is_dir() {
        Some("a folder")
    } else if kind.is_fifo() {
        Some("a FIFO (named pipe)")
    } else if kind.is_socket() {
        Some("a socket")
    } else if kind.is_char_device() || kind.is_block_device() {
        Some("a device")
    } else {
        Some("something other than a file")
    };
    if let Some(what) = what {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("it is {what}, not a regular file"),
        ));
    }
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes)?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;

    use super::*;

    fn mkfifo(path: &Path) {
        let c = CString::new(path.as_os_str().as_bytes()).expect("no NUL");
        // SAFETY: `c` is a valid NUL-terminated path for the duration of the call.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0, "mkfifo");
    }

    #[test]
    fn a_fifo_is_refused_at_once() {
        let dir = tempfile::tempdir().expect("temp dir");
        let fifo = dir.path().join("config.toml");
        mkfifo(&fifo);
        let error = read_text(&fifo).expect_err("a FIFO is no file");
        assert_eq!(
            error.to_string(),
            "cannot read: it is a FIFO (named pipe), not a regular file"
        );
    }

    #[test]
    fn a_folder_is_refused() {
        let dir = tempfile::tempdir().expect("temp dir");
        let error = read_text(dir.path()).expect_err("a folder is no file");
        assert_eq!(
            error.to_string(),
            "cannot read: it is a folder, not a regular file"
        );
    }

    #[test]
    fn bad_utf8_is_located() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("x.toml");
        std::fs::write(&file, b"a = 1\nb = \"\xc0\"\n").expect("write");
        match read_text(&file) {
            Err(ReadError::NotUtf8 { location, message }) => {
                assert_eq!((location.line(), location.column()), (2, 6));
                assert_eq!(
                    message,
                    "not valid UTF-8 (byte 0xc0); save the file as UTF-8"
                );
            }
            other => panic!("{other:?}"),
        }
    }
}
