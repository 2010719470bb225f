//! A table of the user's own: a CSV file with a header row, imported in the page. The
//! configuration names it by its content hash ([`crate::content_hash`]) and says which
//! column is the target, which are inputs and which types override the detected ones
//! ([`OwnTable`], in `data.table.own` with `kind: "own"`); the text itself is kept by
//! the page (in the browser's IndexedDB) and given to the core like a built-in file's
//! ([`crate::Trainer::with_table_text`]). Before the roles are chosen, [`preview`]
//! reads the file and lists its columns as detected.

use crate::content_hash::{content_hash, is_content_hash};
use crate::encoding::Prepared;
use crate::error::Error;
use crate::limits::MAX_TABLE_COLUMNS;
use crate::table::{Column, ColumnKind, Table};
use crate::table_csv::{detect_delimiter, read_columns, read_table, write_rows, ColumnType, CsvOptions};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Longest name of an own table's file kept in a configuration (longer is cut).
pub const MAX_FILE_NAME: usize = 120;

/// The user's own table of a run: which file (by content hash) and the roles and
/// types of its columns.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OwnTable {
    /// The file's content hash: SHA-256 of its text's UTF-8 bytes, 64 lowercase hex
    /// digits ([`content_hash`]).
    pub hash: String,
    /// The file's name, for people (not checked against anything).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// The target column: classes if categorical, else one number (regression).
    pub target: String,
    /// The input columns, in order.
    pub inputs: Vec<String>,
    /// Types by column name overriding the detected ones (numeric, nominal, ordinal).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub types: BTreeMap<String, ColumnType>,
}

impl OwnTable {
    /// Checks what can be checked without the file: the hash is a content hash, there
    /// is a target and at least one input, no column is listed twice or is both an
    /// input and the target, and every type names a column that is used. Whether the
    /// columns exist is checked when the text is read ([`OwnTable::read`]).
    pub fn check(&self) -> Result<(), Error> {
        if !is_content_hash(&self.hash) {
            return Err(Error::field(
                "own.hash",
                "must be a content hash: 64 lowercase hexadecimal digits (SHA-256)",
            ));
        }
        if self.name.chars().count() > MAX_FILE_NAME {
            return Err(Error::field("own.name", format!("at most {MAX_FILE_NAME} characters")));
        }
        if self.target.is_empty() {
            return Err(Error::field("own.target", "choose the target column"));
        }
        if self.inputs.is_empty() {
            return Err(Error::field("own.inputs", "choose at least one input column"));
        }
        if self.inputs.len() > MAX_TABLE_COLUMNS {
            return Err(Error::field("own.inputs", format!("at most {MAX_TABLE_COLUMNS} input columns")));
        }
        for (i, name) in self.inputs.iter().enumerate() {
            if name == &self.target {
                return Err(Error::column(None, name, "a column cannot be both an input and the target"));
            }
            if self.inputs[..i].contains(name) {
                return Err(Error::column(None, name, "this input column is listed twice"));
            }
        }
        if let Some(name) = self.types.keys().find(|n| **n != self.target && !self.inputs.contains(n)) {
            return Err(Error::column(None, name, "has a type but is neither an input nor the target"));
        }
        Ok(())
    }

    /// How its text is read: the target, the inputs and the types given.
    pub fn csv_options(&self) -> CsvOptions {
        CsvOptions {
            types: self.types.clone(),
            targets: vec![self.target.clone()],
            inputs: Some(self.inputs.clone()),
            classes: false,
        }
    }

    /// Reads the table from `text`, after checking that it is this table's file (its
    /// content hash) and the roles fit ([`OwnTable::check`]). Errors name the line and
    /// the column (an unknown column: "the file has no such column").
    pub fn read(&self, text: &str) -> Result<Table, Error> {
        self.check()?;
        let hash = content_hash(text);
        if hash != self.hash {
            return Err(Error::whole(format!(
                "this file is not the table of this run: its content hash is {}…, the run's table has {}…",
                &hash[..12],
                &self.hash[..12.min(self.hash.len())]
            )));
        }
        read_table(text, &self.csv_options())
    }
}

/// One column of a file as detected, for choosing its role and type.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ColumnPreview {
    /// Its name, from the header.
    pub name: String,
    /// `"numeric"` when every present cell is a finite number, else `"nominal"`.
    pub detected: &'static str,
    /// Its levels in order of first appearance (numbers sorted), empty for numbers.
    pub levels: Vec<String>,
    /// How many of its cells are missing (empty, `NA`, `N/A`, `NaN`, `?`).
    pub missing: usize,
}

/// A file as read before its roles are chosen.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TablePreview {
    /// Its content hash ([`content_hash`]).
    pub hash: String,
    /// Its rows (without the header).
    pub rows: usize,
    /// The separator found: `"comma"`, `"semicolon"` or `"tab"`.
    pub separator: &'static str,
    /// Every column, in the file's order.
    pub columns: Vec<ColumnPreview>,
}

/// Reads `text` as a table and lists its columns as detected, or refuses it naming the
/// line and the column (and any limit it breaks).
pub fn preview(text: &str) -> Result<TablePreview, Error> {
    let columns = read_columns(text)?;
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first = body.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let separator = match detect_delimiter(first) {
        b';' => "semicolon",
        b'\t' => "tab",
        _ => "comma",
    };
    let rows = columns.first().map_or(0, |c| c.cells.len());
    let columns = columns.iter().map(column_preview).collect();
    Ok(TablePreview { hash: content_hash(text), rows, separator, columns })
}

fn column_preview(c: &Column) -> ColumnPreview {
    let (detected, levels) = match &c.kind {
        ColumnKind::Numeric => ("numeric", Vec::new()),
        ColumnKind::Categorical { levels, .. } => ("nominal", levels.clone()),
    };
    ColumnPreview {
        name: c.name.clone(),
        detected,
        levels,
        missing: c.cells.iter().filter(|v| v.is_none()).count(),
    }
}

/// The encoded matrix of a prepared table as CSV: per row its table row (1-based), its
/// split, the inputs the network sees (named as the diagram names them, "fur = short")
/// and the target as in the table (class name, or number in its units): training rows
/// first, then test rows.
pub fn encoded_csv(prepared: &Prepared) -> String {
    let targets = prepared.table.target.columns();
    let mut header = vec!["row".to_string(), "split".to_string()];
    header.extend(prepared.encoder.input_names());
    header.extend(targets.iter().map(|c| c.name.clone()));
    let mut rows = Vec::with_capacity(prepared.train.rows.len() + prepared.test.rows.len());
    for (name, e) in [("train", &prepared.train), ("test", &prepared.test)] {
        for (r, &row) in e.rows.iter().enumerate() {
            let mut cells = vec![(row + 1).to_string(), name.to_string()];
            cells.extend(e.inputs.row(r).iter().map(|v| v.to_string()));
            cells.extend(targets.iter().map(|c| c.text(row)));
            rows.push(cells);
        }
    }
    write_rows(header, rows)
}
