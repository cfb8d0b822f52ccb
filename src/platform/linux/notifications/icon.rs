//! unknot's icon for its notifications, sent as the `image-data` hint: the pixels travel with
//! the notification, so it shows with no icon theme installed and no file to keep in place
//! (an `app_icon` name needs an installed theme icon, an `image-path` a file that outlives the
//! notification). dunst, GNOME Shell and KDE Plasma all draw `image-data`.

use std::sync::OnceLock;

use serde::Serialize;
use zbus::zvariant::Type;

use crate::platform::linux::icons::{largest_rgba, IconError, Rgba};

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
        .get_or_init(|| match decode() {
            Ok(image) => Some(image),
            Err(e) => {
                log::warn!("notifications go without unknot's icon: {e}");
                None
            }
        })
        .as_ref()
}

fn decode() -> Result<Image, IconError> {
    let Rgba {
        width,
        height,
        data,
    } = largest_rgba()?;
    Ok(Image {
        width,
        height,
        row_stride: width * 4,
        has_alpha: true,
        bits_per_sample: 8,
        channels: 4,
        rgba: data,
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
