//! A tray host's view of the app's StatusNotifierItem: its properties and its menu.

use zbus::zvariant::{OwnedObjectPath, Value};

use super::dbusmenu::DbusMenu;
use super::watcher::Item;

pub const INTERFACE: &str = "org.kde.StatusNotifierItem";

/// One `(iiay)` icon image: width, height, ARGB32 pixels in network byte order.
pub type Pixmap = (i32, i32, Vec<u8>);

/// The `ToolTip` property: `(s icon_name, a(iiay) icon_pixmap, s title, s description)`.
#[derive(Debug, Clone)]
pub struct ToolTip {
    pub icon_name: String,
    pub icon_pixmap: Vec<Pixmap>,
    pub title: String,
    pub description: String,
}

pub struct Tray {
    conn: zbus::blocking::Connection,
    item: Item,
}

impl Tray {
    pub fn new(conn: zbus::blocking::Connection, item: Item) -> Tray {
        Tray { conn, item }
    }

    /// Where the item was registered.
    pub fn item(&self) -> &Item {
        &self.item
    }

    /// The item property `name`, converted to `T`.
    pub fn try_property<T>(&self, name: &str) -> zbus::Result<T>
    where
        T: for<'a> TryFrom<Value<'a>, Error = zbus::zvariant::Error>,
    {
        let reply = self.conn.call_method(
            Some(self.item.bus_name.as_str()),
            self.item.path.as_str(),
            Some("org.freedesktop.DBus.Properties"),
            "Get",
            &(INTERFACE, name),
        )?;
        let body = reply.body();
        let value: Value<'_> = body.deserialize()?;
        let value = match value {
            Value::Value(inner) => *inner,
            other => other,
        };
        Ok(T::try_from(value)?)
    }

    pub fn property<T>(&self, name: &str) -> T
    where
        T: for<'a> TryFrom<Value<'a>, Error = zbus::zvariant::Error>,
    {
        self.try_property(name).unwrap_or_else(|e| {
            panic!(
                "cannot read tray item property {name} at {}: {e}",
                self.item.id()
            )
        })
    }

    pub fn title(&self) -> String {
        self.property("Title")
    }

    /// `Passive`, `Active` or `NeedsAttention`.
    pub fn status(&self) -> String {
        self.property("Status")
    }

    pub fn icon_name(&self) -> String {
        self.property("IconName")
    }

    pub fn icon_pixmap(&self) -> Vec<Pixmap> {
        self.property("IconPixmap")
    }

    pub fn tooltip(&self) -> ToolTip {
        let (icon_name, icon_pixmap, title, description): (String, Vec<Pixmap>, String, String) =
            self.property("ToolTip");
        ToolTip {
            icon_name,
            icon_pixmap,
            title,
            description,
        }
    }

    /// The object path of the item's dbusmenu.
    pub fn menu_path(&self) -> String {
        let path: OwnedObjectPath = self.property("Menu");
        path.to_string()
    }

    /// A client for the item's menu.
    pub fn menu(&self) -> DbusMenu {
        DbusMenu::new(self.conn.clone(), &self.item.bus_name, &self.menu_path())
    }

    /// Left click on the icon: `Activate(x, y)`.
    pub fn activate(&self) -> zbus::Result<()> {
        self.conn.call_method(
            Some(self.item.bus_name.as_str()),
            self.item.path.as_str(),
            Some(INTERFACE),
            "Activate",
            &(0i32, 0i32),
        )?;
        Ok(())
    }
}
