//! unknot's icon for its notifications, sent as the `image-data` hint: the pixels travel with
//! the notification, so it shows with no icon theme installed and no file to keep in place
//! (an `app_icon` name needs an installed theme icon, an `image-path` a file that outlives the
//! notification). dunst, GNOME Shell and KDE Plasma all draw `image-data`.

use std::io::Cursor;
use std::sync::OnceLock;

use serde::Serialize;
use zbus::zvariant::Type;

/// The tray's own mark, 64×64 RGBA.
const PNG: &[u8] = include_bytes!("../../../../icons/tray-normal.png");

/// The spec's raw image, `(iiibiiay)`. Serialized straight from here: a `zvariant::Value`
/// would hold every byte as a `Value` of its own, about 50 times the pixels' size.
#[derive(Debug, Serialize, Type)]
pub struct Image {
    width: i32,
    height: i32,
    row_stride: i32,
    has_alpha: bool,
    bits_per_sample: i32,
    channels: i32,
    rgba: Vec<u8>,
}

/// unknot's icon for the `image-data` hint, or `None` if the embedded PNG cannot be read.
/// Decoded when the first notification goes out, and kept: every notification carries it.
pub fn image() -> Option<&'static Image> {
    static IMAGE: OnceLock<Option<Image>> = OnceLock::new();
    IMAGE
        .get_or_init(|| match decode(PNG) {
            Ok(image) => Some(image),
            Err(e) => {
                log::warn!("notifications go without unknot's icon: {e}");
                None
            }
        })
        .as_ref()
}

#[derive(Debug, thiserror::Error)]
enum IconError {
    #[error("cannot decode the embedded icon: {0}")]
    Decode(#[from] png::DecodingError),
    #[error("the embedded icon is not 8-bit RGBA")]
    Format,
}

fn decode(bytes: &[u8]) -> Result<Image, IconError> {
    let mut decoder = png::Decoder::new(Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::EXPAND);
    let mut reader = decoder.read_info()?;
    let mut rgba = vec![0; reader.output_buffer_size().ok_or(IconError::Format)?];
    let frame = reader.next_frame(&mut rgba)?;
    if frame.color_type != png::ColorType::Rgba || frame.bit_depth != png::BitDepth::Eight {
        return Err(IconError::Format);
    }
    rgba.truncate(frame.buffer_size());
    let side = |n: u32| i32::try_from(n).map_err(|_| IconError::Format);
    Ok(Image {
        width: side(frame.width)?,
        height: side(frame.height)?,
        row_stride: side(frame.width)? * 4,
        has_alpha: true,
        bits_per_sample: 8,
        channels: 4,
        rgba,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_icon_is_64_px_rgba_with_a_matching_stride() {
        let image = image().expect("decodes");
        assert_eq!((image.width, image.height, image.row_stride), (64, 64, 256));
        assert_eq!(image.rgba.len(), 64 * 256);
        assert_eq!(Image::SIGNATURE.to_string(), "(iiibiiay)");
    }
}
