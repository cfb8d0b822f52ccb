//! unknot's icon for its notifications, sent as the `image-data` hint: the pixels travel with
//! the notification, so it shows with no icon theme installed and no file to keep in place
//! (an `app_icon` name needs an installed theme icon, an `image-path` a file that outlives the
//! notification). dunst, GNOME Shell and KDE Plasma all draw `image-data`.

use std::io::Cursor;
use std::sync::OnceLock;

use zbus::zvariant::{Structure, Value};

/// The tray's own mark, 64×64 RGBA.
const PNG: &[u8] = include_bytes!("../../../../icons/tray-normal.png");

struct Pixels {
    width: i32,
    height: i32,
    rgba: Vec<u8>,
}

/// The `image-data` hint's value (`(iiibiiay)`), or `None` if the embedded PNG cannot be read.
/// Decoded on first use, never at start.
pub fn image_data() -> Option<Value<'static>> {
    static PIXELS: OnceLock<Option<Pixels>> = OnceLock::new();
    let pixels = PIXELS
        .get_or_init(|| match decode(PNG) {
            Ok(pixels) => Some(pixels),
            Err(e) => {
                log::warn!("notifications go without unknot's icon: {e}");
                None
            }
        })
        .as_ref()?;
    let structure = Structure::from((
        pixels.width,
        pixels.height,
        // Row stride, alpha, bits per sample, channels.
        pixels.width * 4,
        true,
        8i32,
        4i32,
        pixels.rgba.clone(),
    ));
    Some(Value::from(structure))
}

#[derive(Debug, thiserror::Error)]
enum IconError {
    #[error("cannot decode the embedded icon: {0}")]
    Decode(#[from] png::DecodingError),
    #[error("the embedded icon is not 8-bit RGBA")]
    Format,
}

fn decode(bytes: &[u8]) -> Result<Pixels, IconError> {
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
    Ok(Pixels {
        width: side(frame.width)?,
        height: side(frame.height)?,
        rgba,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_icon_is_64_px_rgba_with_a_matching_stride() {
        let pixels = decode(PNG).expect("decodes");
        assert_eq!((pixels.width, pixels.height), (64, 64));
        assert_eq!(pixels.rgba.len(), 64 * 64 * 4);
        let value = image_data().expect("an image-data value");
        assert_eq!(value.value_signature().to_string(), "(iiibiiay)");
    }
}
