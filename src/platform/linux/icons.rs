//! The tray icons, drawn in `icons/` and embedded as PNG.

use std::io::Cursor;

use tray_icon::Icon;

use crate::driver::TrayLook;

const NORMAL: &[u8] = include_bytes!("../../../icons/tray-normal.png");
const DUE: &[u8] = include_bytes!("../../../icons/tray-due.png");
const PAUSED: &[u8] = include_bytes!("../../../icons/tray-paused.png");

#[derive(Debug, thiserror::Error)]
pub enum IconError {
    #[error("cannot decode an embedded tray icon: {0}")]
    Decode(#[from] png::DecodingError),
    #[error("an embedded tray icon is not 8-bit RGBA")]
    Format,
    #[error(transparent)]
    Bad(#[from] tray_icon::BadIcon),
}

pub fn tray_icon(look: TrayLook) -> Result<Icon, IconError> {
    let bytes = match look {
        TrayLook::Normal => NORMAL,
        TrayLook::Due => DUE,
        TrayLook::Paused => PAUSED,
    };
    let (rgba, width, height) = decode(bytes)?;
    Ok(Icon::from_rgba(rgba, width, height)?)
}

fn decode(bytes: &[u8]) -> Result<(Vec<u8>, u32, u32), IconError> {
    let mut decoder = png::Decoder::new(Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::EXPAND);
    let mut reader = decoder.read_info()?;
    let mut rgba = vec![0; reader.output_buffer_size().ok_or(IconError::Format)?];
    let frame = reader.next_frame(&mut rgba)?;
    if frame.color_type != png::ColorType::Rgba || frame.bit_depth != png::BitDepth::Eight {
        return Err(IconError::Format);
    }
    rgba.truncate(frame.buffer_size());
    Ok((rgba, frame.width, frame.height))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_tray_icon_decodes_to_64_px_rgba() {
        for bytes in [NORMAL, DUE, PAUSED] {
            let (rgba, w, h) = decode(bytes).expect("decodes");
            assert_eq!((w, h, rgba.len()), (64, 64, 64 * 64 * 4));
        }
    }
}
