//! The lecture's animals table: size (small < medium < large), fur (none < short <
//! long) and whether the animal talks (no < yes) → cat, dog, parrot or carp.
//!
//! All three inputs are ordered, so their default code is the slide's ordinal one:
//! small / medium / large → −1 / 0 / 1, none / short / long → −1 / 0 / 1, no / yes →
//! −1 / 1; with a tanh output the classes are coded ±1 one-hot (cat → [1, −1, −1, −1]).
//! The first four rows are the slide's; the others follow the same rules: cats are
//! small or medium with short fur, or small with long fur; dogs large, or medium with
//! long fur; parrots have no fur and talk; carp have no fur and do not talk.

use crate::table::{Column, Table, Target};

/// The sizes, lowest first.
pub const SIZES: [&str; 3] = ["small", "medium", "large"];
/// The furs, lowest first.
pub const FURS: [&str; 3] = ["none", "short", "long"];
/// Whether it talks, lowest first.
pub const TALKS: [&str; 2] = ["no", "yes"];
/// The classes, in the slide's output order.
pub const CLASSES: [&str; 4] = ["cat", "dog", "parrot", "carp"];

/// The rows: size, fur, talks, class. The first four are the slide's.
pub const ROWS: [[&str; 4]; 36] = [
    ["small", "short", "no", "cat"],
    ["large", "long", "no", "dog"],
    ["small", "none", "yes", "parrot"],
    ["medium", "short", "no", "cat"],
    ["small", "none", "no", "carp"],
    ["small", "long", "no", "cat"],
    ["large", "short", "no", "dog"],
    ["medium", "long", "no", "dog"],
    ["medium", "none", "yes", "parrot"],
    ["large", "none", "yes", "parrot"],
    ["medium", "none", "no", "carp"],
    ["large", "none", "no", "carp"],
    ["small", "short", "no", "cat"],
    ["large", "long", "no", "dog"],
    ["small", "none", "yes", "parrot"],
    ["medium", "short", "no", "cat"],
    ["small", "none", "no", "carp"],
    ["small", "long", "no", "cat"],
    ["large", "short", "no", "dog"],
    ["medium", "long", "no", "dog"],
    ["medium", "none", "yes", "parrot"],
    ["large", "none", "yes", "parrot"],
    ["medium", "none", "no", "carp"],
    ["large", "none", "no", "carp"],
    ["small", "short", "no", "cat"],
    ["large", "long", "no", "dog"],
    ["small", "none", "yes", "parrot"],
    ["medium", "short", "no", "cat"],
    ["small", "none", "no", "carp"],
    ["small", "long", "no", "cat"],
    ["large", "short", "no", "dog"],
    ["medium", "long", "no", "dog"],
    ["medium", "none", "yes", "parrot"],
    ["large", "none", "yes", "parrot"],
    ["medium", "none", "no", "carp"],
    ["large", "none", "no", "carp"],
];

/// The animals table.
pub fn table() -> Table {
    let column = |name: &str, levels: &[&str], ordered: bool, j: usize| {
        let cells: Vec<Option<&str>> = ROWS.iter().map(|r| Some(r[j])).collect();
        // Every cell above is one of its column's levels.
        Column::categorical(name, levels, ordered, &cells)
            .unwrap_or_else(|_| Column::numeric(name, Vec::new()))
    };
    Table {
        inputs: vec![
            column("size", &SIZES, true, 0),
            column("fur", &FURS, true, 1),
            column("talks", &TALKS, true, 2),
        ],
        target: Target::Classes(column("class", &CLASSES, false, 3)),
    }
}
