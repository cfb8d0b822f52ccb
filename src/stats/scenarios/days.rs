//! One computer: days, DST, midnight, crashes, old lines, reminders, the streak.

use super::*;
