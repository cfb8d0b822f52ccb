//! The config file: parsing, validation and the embedded default.
