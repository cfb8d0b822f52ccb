//! The exercise page: one self-contained HTML file per exercise, opened in the default browser
//! when the user asks how to do the suggested exercise. A routine's page (`routine/`) and the
//! statistics page (`stats/`) are written the same way.

mod error;
mod escape;
mod render;
pub mod routine;
pub mod stats;
mod write;

pub use error::PageError;
pub use escape::escape;
pub use render::render;
pub use write::write;

#[cfg(test)]
mod tests;
