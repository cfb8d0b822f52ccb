//! What can go wrong writing a page.

use std::io;
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum PageError {
    /// The id becomes the file name; one that could leave the folder is refused.
    #[error("exercise id {0:?} cannot be a file name")]
    BadId(String),
    #[error("cannot create the page folder {}: {source}", path.display())]
    CreateDir { path: PathBuf, source: io::Error },
    #[error("cannot write the page {}: {source}", path.display())]
    Write { path: PathBuf, source: io::Error },
}
