//! Two computers: sitting counted once, a break only when away from both.

use super::*;
