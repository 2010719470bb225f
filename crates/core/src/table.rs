//! A table: the lecture's form of a dataset. Named input columns, each numeric or
//! categorical, and a target: classes with names, or one or several numbers.
//!
//! A table holds the raw values as read (a categorical cell holds its level's index);
//! a missing cell is `None`. Turning a table into the matrices `X` and `D` the network
//! trains on (splitting, handling missing cells, encoding, scaling) is
//! [`crate::encoding`]'s job. The 2-D tasks are tables too ([`Table::plane`]): two
//! numeric columns `x1`, `x2`.

use crate::error::Error;
use crate::limits::{MAX_LEVELS, MAX_TABLE_CLASSES, MAX_TABLE_COLUMNS, MAX_TABLE_ROWS, MAX_TABLE_TARGETS};
use serde::{Deserialize, Serialize};

/// What the targets of a dataset are.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Targets {
    /// Class labels `0..classes`.
    Classes {
        /// Number of classes (at least 2).
        classes: usize,
    },
    /// Real-valued targets.
    Regression,
}

/// One labelled point of the plane.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Sample {
    /// First coordinate.
    pub x1: f64,
    /// Second coordinate.
    pub x2: f64,
    /// Class index (as a number) for classification, target value for regression.
    pub target: f64,
}

/// The texts that mean a missing cell (compared ignoring case, after trimming).
pub const MISSING: [&str; 5] = ["", "na", "n/a", "nan", "?"];

/// Whether a cell's text means missing.
pub fn is_missing(cell: &str) -> bool {
    let c = cell.trim();
    MISSING.iter().any(|m| c.eq_ignore_ascii_case(m))
}

/// What a column holds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ColumnKind {
    /// Real numbers.
    Numeric,
    /// One of a few named levels. `ordered`: the levels have an order (small < medium <
    /// large, listed in that order), so an ordinal code `-1 ... 1` means something;
    /// otherwise they are nominal (red, blue, green).
    Categorical {
        /// The level names; a cell holds an index into this list.
        levels: Vec<String>,
        /// Whether the list is in a meaningful order (ordinal) or not (nominal).
        ordered: bool,
    },
}

/// One column: its name, what it holds, and a cell per row (`None`: missing; for a
/// categorical column the level's index, as a number).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Column {
    /// The column's name (the header of its file).
    pub name: String,
    /// Numeric or categorical.
    pub kind: ColumnKind,
    /// One cell per row: the number, or the level's index; `None` when missing.
    pub cells: Vec<Option<f64>>,
}

impl Column {
    /// A numeric column.
    pub fn numeric(name: &str, cells: Vec<Option<f64>>) -> Column {
        Column { name: name.to_string(), kind: ColumnKind::Numeric, cells }
    }

    /// A categorical column of `levels` (`ordered`: ordinal), cells given by level name;
    /// a name not among the levels is refused.
    pub fn categorical(
        name: &str,
        levels: &[&str],
        ordered: bool,
        cells: &[Option<&str>],
    ) -> Result<Column, Error> {
        let cells = cells
            .iter()
            .map(|c| match c {
                None => Ok(None),
                Some(v) => levels
                    .iter()
                    .position(|l| l == v)
                    .map(|i| Some(i as f64))
                    .ok_or_else(|| Error::column(None, name, format!("{v:?} is not one of its levels"))),
            })
            .collect::<Result<_, _>>()?;
        let levels = levels.iter().map(|l| l.to_string()).collect();
        Ok(Column { name: name.to_string(), kind: ColumnKind::Categorical { levels, ordered }, cells })
    }

    /// The level names of a categorical column (empty for a numeric one).
    pub fn levels(&self) -> &[String] {
        match &self.kind {
            ColumnKind::Categorical { levels, .. } => levels,
            ColumnKind::Numeric => &[],
        }
    }

    /// Whether the column is categorical.
    pub fn is_categorical(&self) -> bool {
        matches!(self.kind, ColumnKind::Categorical { .. })
    }

    /// The cell of row `r` as text: the number, the level's name, or empty when missing.
    pub fn text(&self, r: usize) -> String {
        match (self.cells.get(r).copied().flatten(), &self.kind) {
            (None, _) => String::new(),
            (Some(v), ColumnKind::Numeric) => format!("{v}"),
            (Some(v), ColumnKind::Categorical { levels, .. }) => {
                levels.get(v as usize).cloned().unwrap_or_default()
            }
        }
    }
}

/// What the network should learn to output for each row.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Target {
    /// A class per row: a categorical column whose levels are the class names.
    Classes(Column),
    /// One number per row and column: one column is regression, several are
    /// multi-output regression. Every column is numeric.
    Numbers(Vec<Column>),
}

impl Target {
    /// The target's columns (one for classes).
    pub fn columns(&self) -> &[Column] {
        match self {
            Target::Classes(c) => std::slice::from_ref(c),
            Target::Numbers(cs) => cs,
        }
    }

    /// The class names (empty for numbers).
    pub fn class_names(&self) -> &[String] {
        match self {
            Target::Classes(c) => c.levels(),
            Target::Numbers(_) => &[],
        }
    }

    /// The kind of targets, as the plane's datasets have it (several numbers are
    /// [`Targets::Regression`] too).
    pub fn targets(&self) -> Targets {
        match self {
            Target::Classes(c) => Targets::Classes { classes: c.levels().len() },
            Target::Numbers(_) => Targets::Regression,
        }
    }
}

/// A table: input columns and a target, all with the same number of rows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Table {
    /// The input columns, in order.
    pub inputs: Vec<Column>,
    /// The target column(s).
    pub target: Target,
}

impl Table {
    /// Number of rows.
    pub fn rows(&self) -> usize {
        self.target.columns().first().map_or(0, |c| c.cells.len())
    }

    /// Checks the table is whole: at least one input, every column as long as the
    /// target, names unique and not empty, categorical cells valid level indices,
    /// numbers finite, and the limits ([`MAX_TABLE_ROWS`], [`MAX_TABLE_COLUMNS`],
    /// [`MAX_LEVELS`], [`MAX_TABLE_CLASSES`], [`MAX_TABLE_TARGETS`]) kept.
    pub fn check(&self) -> Result<(), Error> {
        let n = self.rows();
        if self.inputs.is_empty() {
            return Err(Error::whole("a table needs at least one input column"));
        }
        if n > MAX_TABLE_ROWS {
            return Err(Error::whole(format!(
                "the table has {n} rows; at most {MAX_TABLE_ROWS} are allowed"
            )));
        }
        let columns = self.inputs.len() + self.target.columns().len();
        if columns > MAX_TABLE_COLUMNS {
            return Err(Error::whole(format!(
                "the table has {columns} columns; at most {MAX_TABLE_COLUMNS} are allowed"
            )));
        }
        match &self.target {
            Target::Classes(c) => {
                let k = c.levels().len();
                if !(2..=MAX_TABLE_CLASSES).contains(&k) {
                    return Err(Error::column(
                        None,
                        &c.name,
                        format!("a class target needs 2 to {MAX_TABLE_CLASSES} classes, found {k}"),
                    ));
                }
            }
            Target::Numbers(cs) => {
                if cs.is_empty() || cs.len() > MAX_TABLE_TARGETS {
                    return Err(Error::whole(format!(
                        "a numeric target has 1 to {MAX_TABLE_TARGETS} columns, found {}",
                        cs.len()
                    )));
                }
                if let Some(c) = cs.iter().find(|c| c.is_categorical()) {
                    return Err(Error::column(None, &c.name, "a numeric target column must be numeric"));
                }
            }
        }
        let all: Vec<&Column> = self.inputs.iter().chain(self.target.columns()).collect();
        for (i, c) in all.iter().enumerate() {
            if c.name.trim().is_empty() {
                return Err(Error::whole(format!("column {} has no name", i + 1)));
            }
            if all[..i].iter().any(|d| d.name == c.name) {
                return Err(Error::column(None, &c.name, "two columns have this name"));
            }
            if c.cells.len() != n {
                return Err(Error::column(
                    None,
                    &c.name,
                    format!("has {} cells, the table {n} rows", c.cells.len()),
                ));
            }
            let levels = c.levels().len();
            if levels > MAX_LEVELS {
                return Err(Error::column(
                    None,
                    &c.name,
                    format!("has {levels} levels; a categorical column has at most {MAX_LEVELS}"),
                ));
            }
            for (r, v) in c.cells.iter().enumerate() {
                let ok = match (v, &c.kind) {
                    (None, _) => true,
                    (Some(v), ColumnKind::Numeric) => v.is_finite(),
                    (Some(v), ColumnKind::Categorical { .. }) => {
                        v.fract() == 0.0 && *v >= 0.0 && (*v as usize) < levels
                    }
                };
                if !ok {
                    return Err(Error::column(
                        None,
                        &c.name,
                        format!("row {}: {v:?} is not a valid cell", r + 1),
                    ));
                }
            }
        }
        Ok(())
    }

    /// The points of the plane as a table: numeric columns `x1`, `x2` and the target
    /// (`label`: classes named "0", "1", ... for classification, one number for
    /// regression). Every existing 2-D task trains through this form.
    pub fn plane(samples: &[Sample], targets: Targets) -> Table {
        let column = |name: &str, f: fn(&Sample) -> f64| {
            Column::numeric(name, samples.iter().map(|s| Some(f(s))).collect())
        };
        let target = match targets {
            Targets::Classes { classes } => Target::Classes(Column {
                name: "label".to_string(),
                kind: ColumnKind::Categorical {
                    levels: (0..classes).map(|c| c.to_string()).collect(),
                    ordered: false,
                },
                cells: samples.iter().map(|s| Some(s.target)).collect(),
            }),
            Targets::Regression => Target::Numbers(vec![column("label", |s| s.target)]),
        };
        Table { inputs: vec![column("x1", |s| s.x1), column("x2", |s| s.x2)], target }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_names_the_column_at_fault() {
        let size = Column::categorical("size", &["small", "large"], true, &[Some("small"), Some("large")])
            .expect("levels");
        let class =
            Column::categorical("class", &["cat", "dog"], false, &[Some("cat"), None]).expect("levels");
        let mut t = Table { inputs: vec![size], target: Target::Classes(class) };
        assert_eq!(t.check(), Ok(()));
        assert_eq!(t.inputs[0].text(1), "large");
        t.inputs.push(Column::numeric("size", vec![Some(1.0), Some(2.0)]));
        assert_eq!(t.check().expect_err("twice").first().column.as_deref(), Some("size"));
        t.inputs[1] = Column::numeric("w", vec![Some(1.0), Some(f64::NAN)]);
        assert_eq!(t.check().expect_err("NaN").first().column.as_deref(), Some("w"));
        t.inputs[1] = Column::numeric("w", vec![Some(1.0)]);
        assert!(t.check().expect_err("short").to_string().contains("has 1 cells"));
        let err = Column::categorical("fur", &["short"], false, &[Some("long")]).expect_err("no such level");
        assert_eq!(err.first().column.as_deref(), Some("fur"));
    }

    #[test]
    fn the_plane_is_a_table_of_two_numeric_columns() {
        let s = [Sample { x1: 1.0, x2: -2.0, target: 1.0 }, Sample { x1: 0.5, x2: 3.0, target: 0.0 }];
        let t = Table::plane(&s, Targets::Classes { classes: 2 });
        assert_eq!(t.check(), Ok(()));
        assert_eq!(t.inputs[1].cells, [Some(-2.0), Some(3.0)]);
        assert_eq!(t.target.class_names(), ["0", "1"]);
        let r = Table::plane(&s, Targets::Regression);
        assert_eq!(r.target.targets(), Targets::Regression);
    }
}
