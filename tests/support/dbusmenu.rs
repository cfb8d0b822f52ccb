//! A `com.canonical.dbusmenu` client: reads the app's tray menu as a tree (labels, enabled,
//! visible) and clicks items by label, as a tray host would.

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt::Write as _;

use zbus::zvariant::{OwnedValue, Value};

use super::wait::{wait_until, wait_until_with, TIMEOUT};

pub const INTERFACE: &str = "com.canonical.dbusmenu";

/// One menu entry and its submenu.
#[derive(Debug, Clone)]
pub struct MenuItem {
    pub id: i32,
    /// The label as sent, mnemonics included (`_Quit`).
    pub label: String,
    pub enabled: bool,
    pub visible: bool,
    /// `"standard"` or `"separator"`.
    pub kind: String,
    /// `"submenu"` for an item that opens a submenu.
    pub children_display: String,
    pub properties: HashMap<String, OwnedValue>,
    pub children: Vec<MenuItem>,
}

impl MenuItem {
    /// The label as a person reads it: mnemonic underscores removed.
    pub fn text(&self) -> String {
        strip_mnemonics(&self.label)
    }

    pub fn is_separator(&self) -> bool {
        self.kind == "separator"
    }

    pub fn is_submenu(&self) -> bool {
        self.children_display == "submenu" || !self.children.is_empty()
    }

    /// The items below this one that a person would see, in menu order (separators skipped).
    pub fn entries(&self) -> Vec<&MenuItem> {
        self.children
            .iter()
            .filter(|c| c.visible && !c.is_separator())
            .collect()
    }

    /// The first item anywhere below this one whose text is `label`.
    pub fn find(&self, label: &str) -> Option<&MenuItem> {
        self.find_where(&|item| item.text() == label)
    }

    /// The first item anywhere below this one matching `pred`, depth first.
    pub fn find_where(&self, pred: &dyn Fn(&MenuItem) -> bool) -> Option<&MenuItem> {
        self.path_where(pred).and_then(|path| path.last().copied())
    }

    /// The chain of items from a child of this one down to the first match of `pred`.
    pub fn path_where(&self, pred: &dyn Fn(&MenuItem) -> bool) -> Option<Vec<&MenuItem>> {
        for child in &self.children {
            if pred(child) {
                return Some(vec![child]);
            }
            if let Some(mut path) = child.path_where(pred) {
                path.insert(0, child);
                return Some(path);
            }
        }
        None
    }

    /// An indented listing of the tree, for failure messages.
    pub fn render(&self) -> String {
        let mut out = String::new();
        self.render_into(&mut out, 0);
        out
    }

    fn render_into(&self, out: &mut String, depth: usize) {
        for child in &self.children {
            let mut flags = Vec::new();
            if !child.enabled {
                flags.push("disabled");
            }
            if !child.visible {
                flags.push("hidden");
            }
            let text = if child.is_separator() {
                "---".to_owned()
            } else {
                format!("{:?}", child.text())
            };
            let _ = writeln!(
                out,
                "{:indent$}[{}] {text} {}",
                "",
                child.id,
                flags.join(","),
                indent = depth * 2
            );
            child.render_into(out, depth + 1);
        }
    }
}

/// `_File` → `File`, `a__b` → `a_b`.
pub fn strip_mnemonics(label: &str) -> String {
    let mut out = String::with_capacity(label.len());
    let mut chars = label.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '_' {
            if chars.peek() == Some(&'_') {
                chars.next();
                out.push('_');
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// A client for the menu at `bus_name` + `path`.
pub struct DbusMenu {
    conn: zbus::blocking::Connection,
    bus_name: String,
    path: String,
}

impl DbusMenu {
    pub fn new(conn: zbus::blocking::Connection, bus_name: &str, path: &str) -> DbusMenu {
        DbusMenu {
            conn,
            bus_name: bus_name.to_owned(),
            path: path.to_owned(),
        }
    }

    /// The whole menu: `AboutToShow(0)` (as a host does when opening it), then
    /// `GetLayout(0, -1, [])`. The root item holds the top-level entries as children.
    pub fn layout(&self) -> MenuItem {
        self.try_layout()
            .unwrap_or_else(|e| panic!("GetLayout on {}{}: {e}", self.bus_name, self.path))
    }

    pub fn try_layout(&self) -> zbus::Result<MenuItem> {
        let _ = self.about_to_show(0);
        let reply = self.call("GetLayout", &(0i32, -1i32, Vec::<String>::new()))?;
        type Node = (i32, HashMap<String, OwnedValue>, Vec<OwnedValue>);
        let (_revision, (id, props, children)): (u32, Node) = reply.body().deserialize()?;
        let children = children
            .iter()
            .map(|c| parse_item(c))
            .collect::<Result<_, _>>()?;
        Ok(item(id, props, children))
    }

    /// Sends `AboutToShow(id)`; hosts do this before showing a (sub)menu.
    pub fn about_to_show(&self, id: i32) -> zbus::Result<bool> {
        self.call("AboutToShow", &(id,))?.body().deserialize()
    }

    /// Clicks the item whose text is `label`, anywhere in the menu. Panics if it is missing,
    /// hidden or disabled: a person could not click it either.
    pub fn click(&self, label: &str) {
        let root = self.layout();
        let path = root.path_where(&|i| i.text() == label).unwrap_or_else(|| {
            panic!(
                "no menu item {label:?} in the tray menu:\n{}",
                root.render()
            )
        });
        let target = path.last().unwrap();
        assert!(
            path.iter().all(|i| i.visible) && target.enabled,
            "menu item {label:?} can't be clicked (hidden or disabled):\n{}",
            root.render()
        );
        for parent in &path[..path.len() - 1] {
            let _ = self.about_to_show(parent.id);
        }
        self.click_id(target.id);
    }

    /// Sends `Event(id, "clicked", 0, 0)` (data and X11 timestamp unused). The app may quit on a
    /// click before it answers (the bus then answers NoReply for it): that is no failure.
    pub fn click_id(&self, id: i32) {
        let timestamp = 0u32;
        match self.call("Event", &(id, "clicked", Value::from(0i32), timestamp)) {
            Ok(_) => {}
            Err(zbus::Error::MethodError(name, _, _))
                if name.as_str() == "org.freedesktop.DBus.Error.NoReply" => {}
            Err(e) => panic!("Event({id}, clicked) failed: {e}"),
        }
    }

    /// Waits until the menu has an item `label` that is visible with the given `enabled` state.
    pub fn wait_for_item(&self, label: &str, enabled: bool) -> MenuItem {
        let state = if enabled { "enabled" } else { "disabled" };
        let last = RefCell::new(String::from("(no menu read yet)\n"));
        wait_until_with(
            TIMEOUT,
            format!("tray menu item {label:?} to be {state}"),
            || {
                let root = self.try_layout().ok()?;
                *last.borrow_mut() = root.render();
                root.find_where(&|i| i.text() == label && i.visible && i.enabled == enabled)
                    .cloned()
            },
            || format!("last tray menu seen:\n{}", last.borrow()),
        )
    }

    /// Waits until `pred` holds for the menu, returning it.
    pub fn wait_for(&self, what: &str, pred: impl Fn(&MenuItem) -> bool) -> MenuItem {
        wait_until(TIMEOUT, format!("tray menu: {what}"), || {
            self.try_layout().ok().filter(|root| pred(root))
        })
    }

    fn call<B>(&self, method: &str, body: &B) -> zbus::Result<zbus::Message>
    where
        B: serde::Serialize + zbus::zvariant::DynamicType,
    {
        self.conn.call_method(
            Some(self.bus_name.as_str()),
            self.path.as_str(),
            Some(INTERFACE),
            method,
            body,
        )
    }
}

fn item(id: i32, properties: HashMap<String, OwnedValue>, children: Vec<MenuItem>) -> MenuItem {
    let string = |key: &str, default: &str| {
        properties
            .get(key)
            .and_then(|v| <&str>::try_from(v).ok().map(str::to_owned))
            .unwrap_or_else(|| default.to_owned())
    };
    let flag = |key: &str| {
        properties
            .get(key)
            .and_then(|v| bool::try_from(v).ok())
            .unwrap_or(true)
    };
    MenuItem {
        id,
        label: string("label", ""),
        enabled: flag("enabled"),
        visible: flag("visible"),
        kind: string("type", "standard"),
        children_display: string("children-display", ""),
        children,
        properties,
    }
}

fn unwrap_variant<'a>(value: &'a Value<'a>) -> &'a Value<'a> {
    match value {
        Value::Value(inner) => unwrap_variant(inner),
        other => other,
    }
}

fn bad(what: &str, value: &Value<'_>) -> zbus::Error {
    zbus::Error::Failure(format!(
        "malformed dbusmenu layout: expected {what}, got {value:?}"
    ))
}

/// One `(ia{sv}av)` child, as found inside the `av` of its parent.
fn parse_item(value: &Value<'_>) -> zbus::Result<MenuItem> {
    let value = unwrap_variant(value);
    let Value::Structure(s) = value else {
        return Err(bad("a (ia{sv}av) structure", value));
    };
    let [id, props, children] = s.fields() else {
        return Err(bad("three fields", value));
    };
    let Value::I32(id) = unwrap_variant(id) else {
        return Err(bad("an i32 id", id));
    };
    let Value::Dict(dict) = unwrap_variant(props) else {
        return Err(bad("an a{sv} of properties", props));
    };
    let Value::Array(children) = unwrap_variant(children) else {
        return Err(bad("an av of children", children));
    };
    let mut properties = HashMap::new();
    for (key, val) in dict.iter() {
        let Value::Str(key) = unwrap_variant(key) else {
            return Err(bad("a string key", key));
        };
        let val = OwnedValue::try_from(unwrap_variant(val).try_clone()?)?;
        properties.insert(key.to_string(), val);
    }
    let children = children
        .inner()
        .iter()
        .map(parse_item)
        .collect::<Result<_, _>>()?;
    Ok(item(*id, properties, children))
}
