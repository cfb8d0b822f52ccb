//! The notification server as unknot knows it: whether there is one (running, or startable by
//! the bus), who it is, and what it can do. Capabilities are asked once per server: a new owner
//! of the name may be another program.

use super::look::Capabilities;

#[derive(Debug, Default)]
pub struct Server {
    /// False until the first look at the bus.
    known: bool,
    /// The unique name of the connection that owns the notifications name.
    owner: Option<String>,
    /// The bus can start one (a D-Bus activatable server such as dunst).
    activatable: bool,
    capabilities: Option<(Capabilities, Option<String>)>,
}

/// What a change of owner means here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// Nothing for us: the same owner.
    None,
    /// Another program owns the name (or one owns it again): what was on screen is gone.
    NewServer { was_present: bool },
    /// Nobody owns it now.
    Left { still_present: bool },
}

impl Server {
    pub fn known(&self) -> bool {
        self.known
    }

    /// Running, or the bus would start one on the first call.
    pub fn present(&self) -> bool {
        self.owner.is_some() || self.activatable
    }

    pub fn owner(&self) -> Option<&str> {
        self.owner.as_deref()
    }

    pub fn found(&mut self, owner: Option<String>, activatable: bool) {
        self.known = true;
        self.owner = owner;
        self.activatable = activatable;
    }

    /// Whether a server runs or can be started is to be asked again.
    pub fn forget(&mut self) {
        self.known = false;
    }

    /// A call found no server at all (none runs, none can be started).
    pub fn gone(&mut self) {
        self.known = true;
        self.owner = None;
        self.activatable = false;
        self.capabilities = None;
    }

    pub fn owner_changed(&mut self, new: Option<String>) -> Change {
        if new == self.owner {
            return Change::None;
        }
        let was_present = self.present();
        self.owner = new;
        if self.owner.is_none() {
            return Change::Left {
                still_present: self.present(),
            };
        }
        Change::NewServer { was_present }
    }

    /// The capabilities of the server that owns the name now, if asked already.
    pub fn capabilities(&self) -> Option<&Capabilities> {
        match (&self.capabilities, &self.owner) {
            (Some((caps, Some(from))), Some(owner)) if from == owner => Some(caps),
            _ => None,
        }
    }

    /// `from`: the connection that answered. An answer proves it owns the name, even when
    /// the bus's NameOwnerChanged (after starting it) is still on its way.
    pub fn set_capabilities(&mut self, caps: Capabilities, from: Option<String>) {
        if self.owner.is_none() {
            self.owner = from.clone();
        }
        // An answer with no sender (not on a bus): good for whoever owns the name now.
        let from = from.or_else(|| self.owner.clone());
        self.capabilities = Some((caps, from));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn caps() -> Capabilities {
        Capabilities::from_list(&["actions".into()])
    }

    #[test]
    fn capabilities_hold_for_the_server_that_gave_them() {
        let mut server = Server::default();
        server.found(Some(":1.5".into()), false);
        server.set_capabilities(caps(), Some(":1.5".into()));
        assert_eq!(server.capabilities(), Some(&caps()));
        assert_eq!(
            server.owner_changed(Some(":1.9".into())),
            Change::NewServer { was_present: true }
        );
        assert_eq!(server.capabilities(), None, "asked again of a new server");
    }

    #[test]
    fn an_activatable_server_counts_as_present_and_is_known_by_its_answer() {
        let mut server = Server::default();
        server.found(None, true);
        assert!(server.present());
        server.set_capabilities(caps(), Some(":1.7".into()));
        assert_eq!(server.owner(), Some(":1.7"));
        // The bus's NameOwnerChanged for the start arrives after the answer.
        assert_eq!(server.owner_changed(Some(":1.7".into())), Change::None);
        assert_eq!(
            server.owner_changed(None),
            Change::Left {
                still_present: true
            }
        );
    }

    #[test]
    fn with_no_server_it_waits_until_one_appears() {
        let mut server = Server::default();
        server.found(None, false);
        assert!(!server.present());
        assert_eq!(
            server.owner_changed(Some(":1.3".into())),
            Change::NewServer { was_present: false }
        );
        assert!(server.present());
    }
}
