//! The built-in tables: the lecture's animals, weather and letters, generated here,
//! and four real data sets from scikit-learn's package (iris, wine, breast cancer,
//! digits), shipped as CSV files beside the page (`www/data/tables/`, with their
//! sources and citations in the README there) and read with [`Builtin::from_csv`].

pub mod animals;
pub mod letters;
pub mod weather;

use crate::error::Error;
use crate::param::Choice;
use crate::table::Table;
use crate::table_csv::{read_table, ColumnType, CsvOptions};
use serde::{Deserialize, Serialize};

/// A built-in table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Builtin {
    /// The lecture's animals: size, fur, talks → cat / dog / parrot / carp.
    Animals,
    /// The lecture's weather: pressure, wind, temperature → precipitation risk.
    Weather,
    /// Bitmap capital letters A–Z with pixel noise and shifts.
    Letters,
    /// Iris plants (Fisher): 4 measurements → 3 species.
    Iris,
    /// Wine recognition: 13 chemical analyses → 3 cultivars.
    Wine,
    /// Breast cancer Wisconsin (diagnostic): 30 features → malignant / benign.
    BreastCancer,
    /// Handwritten digits: 8 × 8 images → 0..9.
    Digits,
    /// A table of the user's own: a CSV file imported in the page, named by its content
    /// hash, with its columns' roles and types in [`crate::TableChoice::own`]. Not
    /// built in (it is not in [`Builtin::ALL`]); its text is given like a file's.
    Own,
}

impl Builtin {
    /// Every built-in table, in the order a picker lists them.
    pub const ALL: [Builtin; 7] = [
        Builtin::Animals,
        Builtin::Weather,
        Builtin::Letters,
        Builtin::Iris,
        Builtin::Wine,
        Builtin::BreastCancer,
        Builtin::Digits,
    ];

    /// The tables as choices of the configuration's `data.table`, in [`Builtin::ALL`]'s
    /// order, each with one line on what it is and where it comes from.
    pub const CHOICES: &'static [Choice] = &[
        Choice::new("animals", "Animals", "The lecture's animals: size, fur and talks → cat, dog, parrot or carp (categorical inputs).").group("table"),
        Choice::new("weather", "Weather", "The lecture's weather: pressure, wind and temperature → precipitation risk, a known linear law plus noise.").group("table"),
        Choice::new("letters", "Letters", "Capital letters A–Z drawn on a 7 × 5 bitmap font, shifted and with pixel noise: 26 classes, 63 pixels.").group("table"),
        Choice::new("iris", "Iris", "Iris plants (R.A. Fisher, 1936; UCI, via scikit-learn): 4 measurements → 3 species.").group("table"),
        Choice::new("wine", "Wine", "Wine recognition (Forina et al.; UCI, via scikit-learn): 13 analyses → 3 cultivars.").group("table"),
        Choice::new("breast_cancer", "Breast cancer", "Breast cancer Wisconsin (Wolberg, Street, Mangasarian, 1995; UCI, via scikit-learn): 30 features → malignant or benign.").group("table"),
        Choice::new("digits", "Digits", "Handwritten digits (Alpaydin, 1998; UCI, via scikit-learn): 8 × 8 images → 0..9, 1,797 rows.").group("table"),
        Choice::new("own", "Your table", "A CSV file of your own, imported in this page and kept in this browser under its content hash.").group("custom"),
    ];

    /// Whether it is the user's own table ([`Builtin::Own`]).
    pub fn is_own(self) -> bool {
        self == Builtin::Own
    }

    /// Its id (as in a configuration).
    pub fn id(self) -> &'static str {
        match self {
            Builtin::Animals => "animals",
            Builtin::Weather => "weather",
            Builtin::Letters => "letters",
            Builtin::Iris => "iris",
            Builtin::Wine => "wine",
            Builtin::BreastCancer => "breast_cancer",
            Builtin::Digits => "digits",
            Builtin::Own => "own",
        }
    }

    /// One line: what it is and where it comes from (its entry of [`Builtin::CHOICES`]).
    pub fn description(self) -> &'static str {
        Builtin::CHOICES[self as usize].help
    }

    /// Whether its target is numbers (regression): weather's precipitation risk; every
    /// other built-in table has classes.
    pub fn is_regression(self) -> bool {
        self == Builtin::Weather
    }

    /// The data file beside the page (`www/data/tables/<file>`), for the real data sets;
    /// `None` for the generated ones.
    pub fn file(self) -> Option<&'static str> {
        match self {
            Builtin::Iris => Some("iris.csv"),
            Builtin::Wine => Some("wine.csv"),
            Builtin::BreastCancer => Some("breast_cancer.csv"),
            Builtin::Digits => Some("digits.csv"),
            _ => None,
        }
    }

    /// How its CSV (its file, or its export) is read: the last column is the target;
    /// classes, digits' 0..9 too, except weather's numbers; animals' inputs ordinal
    /// with the slide's order.
    pub fn csv_options(self) -> CsvOptions {
        match self {
            Builtin::Weather => CsvOptions::default(),
            Builtin::Animals => {
                let ordinal = |levels: &[&str]| ColumnType::Ordinal {
                    levels: levels.iter().map(|l| l.to_string()).collect(),
                };
                let types = [
                    ("size", ordinal(&animals::SIZES)),
                    ("fur", ordinal(&animals::FURS)),
                    ("talks", ordinal(&animals::TALKS)),
                ];
                CsvOptions {
                    types: types.into_iter().map(|(n, t)| (n.to_string(), t)).collect(),
                    ..CsvOptions::default()
                }
            }
            _ => CsvOptions { classes: true, ..CsvOptions::default() },
        }
    }

    /// Reads the table from its file's text ([`Builtin::file`]).
    pub fn from_csv(self, text: &str) -> Result<Table, Error> {
        read_table(text, &self.csv_options())
    }

    /// Generates the table from `seed`, for the generated ones (`None` for files and
    /// the user's own table).
    pub fn generate(self, seed: u64) -> Option<Table> {
        match self {
            Builtin::Animals => Some(animals::table()),
            Builtin::Weather => Some(weather::table(seed, weather::ROWS)),
            Builtin::Letters => Some(letters::table(seed, letters::PER_LETTER, letters::NOISE)),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_match_the_serde_names_and_each_table_has_a_source() {
        for b in Builtin::ALL {
            assert_eq!(serde_json::to_value(b).expect("json"), serde_json::json!(b.id()));
            assert_eq!(Builtin::CHOICES[b as usize].id, b.id(), "the choices list the tables in order");
            assert!(b.file().is_some() != b.generate(1).is_some(), "{b:?}: a file or a generator");
            if let Some(t) = b.generate(1) {
                assert_eq!(t.check(), Ok(()), "{b:?}");
                assert_eq!(
                    t.target.targets() == crate::table::Targets::Regression,
                    b.is_regression(),
                    "{b:?}"
                );
            }
        }
    }
}
