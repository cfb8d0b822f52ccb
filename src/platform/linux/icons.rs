//! The tray icons, drawn for each size in `icons/` and embedded as PNG. A host picks the size
//! that fits its panel from all of them, so none is scaled into a blur.

use std::io::Cursor;

use crate::driver::TrayLook;

// The sizes drawn (see icons/draw-tray.py), in pixels: the common panel heights and their
// HiDPI doubles.
macro_rules! look {
    ($look:literal) => {
        [
            include_bytes!(concat!("../../../icons/tray-", $look, "-16.png")).as_slice(),
            include_bytes!(concat!("../../../icons/tray-", $look, "-22.png")).as_slice(),
            include_bytes!(concat!("../../../icons/tray-", $look, "-24.png")).as_slice(),
            include_bytes!(concat!("../../../icons/tray-", $look, "-32.png")).as_slice(),
            include_bytes!(concat!("../../../icons/tray-", $look, "-48.png")).as_slice(),
            include_bytes!(concat!("../../../icons/tray-", $look, "-64.png")).as_slice(),
        ]
    };
}

const NORMAL: [&[u8]; 6] = look!("normal");
const DUE: [&[u8]; 6] = look!("due");
const PAUSED: [&[u8]; 6] = look!("paused");

#[derive(Debug, thiserror::Error)]
pub enum IconError {
    #[error("cannot decode an embedded icon: {0}")]
    Decode(#[from] png::DecodingError),
    #[error("an embedded icon is not 8-bit RGBA")]
    Format,
}

/// Every size of `look`, as the StatusNotifierItem `IconPixmap` wants it: ARGB32 in network
/// byte order.
pub fn pixmaps(look: TrayLook) -> Result<Vec<ksni::Icon>, IconError> {
    let files = match look {
        TrayLook::Normal => NORMAL,
        TrayLook::Due => DUE,
        TrayLook::Paused => PAUSED,
    };
    files.iter().map(|bytes| argb(bytes)).collect()
}

/// The largest normal icon, which notifications carry.
pub fn largest_rgba() -> Result<Rgba, IconError> {
    rgba(NORMAL[NORMAL.len() - 1])
}

/// Decoded pixels: 8-bit RGBA, row after row.
pub struct Rgba {
    pub width: i32,
    pub height: i32,
    pub data: Vec<u8>,
}

fn rgba(bytes: &[u8]) -> Result<Rgba, IconError> {
    let mut decoder = png::Decoder::new(Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::EXPAND);
    let mut reader = decoder.read_info()?;
    let mut data = vec![0; reader.output_buffer_size().ok_or(IconError::Format)?];
    let frame = reader.next_frame(&mut data)?;
    if frame.color_type != png::ColorType::Rgba || frame.bit_depth != png::BitDepth::Eight {
        return Err(IconError::Format);
    }
    data.truncate(frame.buffer_size());
    let size = |n: u32| i32::try_from(n).map_err(|_| IconError::Format);
    Ok(Rgba {
        width: size(frame.width)?,
        height: size(frame.height)?,
        data,
    })
}

fn argb(bytes: &[u8]) -> Result<ksni::Icon, IconError> {
    let Rgba {
        width,
        height,
        mut data,
    } = rgba(bytes)?;
    for pixel in data.chunks_exact_mut(4) {
        pixel.rotate_right(1);
    }
    Ok(ksni::Icon {
        width,
        height,
        data,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SIZES: [u32; 6] = [16, 22, 24, 32, 48, 64];

    #[test]
    fn every_look_offers_every_size() {
        for look in [TrayLook::Normal, TrayLook::Due, TrayLook::Paused] {
            let icons = pixmaps(look).expect("decodes");
            let sizes: Vec<(i32, i32, usize)> = icons
                .iter()
                .map(|i| (i.width, i.height, i.data.len()))
                .collect();
            let want: Vec<(i32, i32, usize)> = SIZES
                .iter()
                .map(|&s| (s as i32, s as i32, (s * s * 4) as usize))
                .collect();
            assert_eq!(sizes, want, "{look:?}");
        }
    }

    #[test]
    fn pixels_are_argb_in_network_order() {
        // The 64 px normal icon: its head is opaque teal #52796f, its corners transparent.
        let icons = pixmaps(TrayLook::Normal).expect("decodes");
        let big = icons.last().expect("a 64 px icon");
        let at = |x: usize, y: usize| {
            let i = (y * 64 + x) * 4;
            &big.data[i..i + 4]
        };
        assert_eq!(at(0, 0)[0], 0, "a transparent corner");
        assert_eq!(at(32, 12), [0xff, 0x52, 0x79, 0x6f], "the head");
    }
}
