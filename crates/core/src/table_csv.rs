//! Tables as CSV files, as spreadsheets write them: a header row of names, then one
//! row per line; comma, semicolon or tab between fields (detected from the header
//! line); fields may be quoted (`"a, b"`, `""` for a quote); a UTF-8 byte-order mark
//! is skipped; empty lines are skipped. Reading uses the `csv` crate.
//!
//! Each column's type is detected over all rows (numeric when every present cell is a
//! finite number, else nominal with its levels in order of first appearance) and can
//! be overridden ([`CsvOptions::types`]). A cell that is empty, `NA`, `N/A`, `NaN` or
//! `?` is missing. The limits of [`crate::limits`] (size, rows, columns, levels,
//! values) are enforced with a message naming them; every problem names its line and
//! column.

use crate::error::Error;
use crate::limits::{MAX_LEVELS, MAX_TABLE_BYTES, MAX_TABLE_COLUMNS, MAX_TABLE_ROWS, MAX_TABLE_VALUE};
use crate::table::{is_missing, Column, ColumnKind, Table, Target};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What a column holds, when the detected type is not wanted.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ColumnType {
    /// Numbers.
    Numeric,
    /// Unordered levels (in order of first appearance; numbers sorted by value).
    Nominal,
    /// Ordered levels: `levels` in their order (every cell must be one of them), or,
    /// if empty, in order of first appearance.
    Ordinal {
        /// The levels, lowest first.
        #[serde(default)]
        levels: Vec<String>,
    },
}

/// Which columns are what.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CsvOptions {
    /// Types by column name, overriding detection.
    pub types: BTreeMap<String, ColumnType>,
    /// The target columns: empty means the last column. Several must all be numeric
    /// (multi-output regression).
    pub targets: Vec<String>,
    /// The input columns, in order; `None` means every column that is not a target.
    pub inputs: Option<Vec<String>>,
    /// Whether a numeric target is classes (its distinct values become the class
    /// names), as digits' 0..9. A text target is always classes.
    pub classes: bool,
}

/// The delimiter of `header` (the first line): of comma, semicolon and tab the one
/// found most often outside quotes (a comma on a tie or when none is found).
pub fn detect_delimiter(header: &str) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for ch in header.chars() {
        match ch {
            '"' => quoted = !quoted,
            ',' if !quoted => counts[0] += 1,
            ';' if !quoted => counts[1] += 1,
            '\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).max_by_key(|&i| (counts[i], 3 - i)).unwrap_or(0);
    [b',', b';', b'\t'][best]
}

/// A finite number no larger than [`MAX_TABLE_VALUE`] in size, if `cell` is one.
fn number(cell: &str) -> Option<f64> {
    cell.trim().parse::<f64>().ok().filter(|v| v.is_finite())
}

/// The raw text of a file: a header and rows of cells, each row with its line.
struct Raw {
    names: Vec<String>,
    rows: Vec<Vec<String>>,
    lines: Vec<usize>,
}

/// Lines of a text by byte offset, counted from the last offset asked (offsets only
/// grow as a file is read). The `csv` crate's own line count runs short after a CRLF
/// (it gives a record's start at the line ending before it), so lines are counted
/// here: from offset `b`, line endings are skipped to the record's first byte, and its
/// line is one more than the `\n`s before that byte.
struct LineCounter<'a> {
    text: &'a [u8],
    at: usize,
    newlines: usize,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a str) -> Self {
        LineCounter { text: text.as_bytes(), at: 0, newlines: 0 }
    }

    /// The 1-based line of byte `b`.
    fn line_at(&mut self, b: usize) -> usize {
        let mut end = b.min(self.text.len());
        while end < self.text.len() && matches!(self.text[end], b'\r' | b'\n') {
            end += 1;
        }
        if end < self.at {
            self.at = 0;
            self.newlines = 0;
        }
        self.newlines += self.text[self.at..end].iter().filter(|&&c| c == b'\n').count();
        self.at = end;
        self.newlines + 1
    }
}

/// Reads the header and the rows, refusing a file over [`MAX_TABLE_BYTES`], more than
/// [`MAX_TABLE_ROWS`] rows or [`MAX_TABLE_COLUMNS`] columns, a row whose number of
/// fields differs from the header's, and an unnamed or repeated column.
fn read_raw(text: &str) -> Result<Raw, Error> {
    if text.len() > MAX_TABLE_BYTES {
        return Err(Error::whole(format!(
            "the file is too large ({} bytes); a table has at most {MAX_TABLE_BYTES} bytes (5 MB)",
            text.len()
        )));
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(detect_delimiter(first))
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut names: Option<Vec<String>> = None;
    let mut rows = Vec::new();
    let mut lines = Vec::new();
    let mut counter = LineCounter::new(text);
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(1, |p| counter.line_at(p.byte() as usize));
            Error::line(line.max(1), format!("cannot read the row: {e}"))
        })?;
        let line = record.position().map_or(0, |p| counter.line_at(p.byte() as usize));
        let cells: Vec<String> = record.iter().map(|c| c.trim().to_string()).collect();
        if cells.len() == 1 && cells[0].is_empty() {
            continue; // a line of spaces (a row of empty cells, "a,,", is a row)
        }
        let Some(header) = names.as_ref() else {
            if cells.len() > MAX_TABLE_COLUMNS {
                return Err(Error::line(
                    line,
                    format!(
                        "the header has {} columns; a table has at most {MAX_TABLE_COLUMNS}",
                        cells.len()
                    ),
                ));
            }
            for (i, name) in cells.iter().enumerate() {
                if name.is_empty() {
                    return Err(Error::line(line, format!("column {} of the header has no name", i + 1)));
                }
                if cells[..i].contains(name) {
                    return Err(Error::column(Some(line), name, "this name appears twice in the header"));
                }
            }
            names = Some(cells);
            continue;
        };
        if cells.len() != header.len() {
            return Err(Error::line(
                line,
                format!("this row has {} fields, the header has {}", cells.len(), header.len()),
            ));
        }
        if rows.len() == MAX_TABLE_ROWS {
            return Err(Error::line(
                line,
                format!("more than {MAX_TABLE_ROWS} rows; a table has at most {MAX_TABLE_ROWS}"),
            ));
        }
        rows.push(cells);
        lines.push(line);
    }
    let Some(names) = names else {
        return Err(Error::whole("the file is empty: a table needs a header row of column names"));
    };
    if rows.is_empty() {
        return Err(Error::whole("the file has a header but no rows"));
    }
    Ok(Raw { names, rows, lines })
}

/// Builds column `j` of `raw` as `ty` (or as detected), naming the line and column of
/// a cell that does not fit.
fn column(raw: &Raw, j: usize, ty: Option<&ColumnType>) -> Result<Column, Error> {
    let name = &raw.names[j];
    let cells =
        || raw.rows.iter().zip(&raw.lines).map(|(r, &l)| (r[j].as_str(), l)).filter(|(c, _)| !is_missing(c));
    let all_numbers = cells().all(|(c, _)| number(c).is_some());
    let ty = ty.cloned().unwrap_or(if all_numbers { ColumnType::Numeric } else { ColumnType::Nominal });
    let levels: Vec<String> = match &ty {
        ColumnType::Numeric => {
            let out = column_cells(raw, j, |c, line| {
                let v = number(c)
                    .ok_or_else(|| Error::column(Some(line), name, format!("{c:?} is not a number")))?;
                if v.abs() > MAX_TABLE_VALUE {
                    return Err(Error::column(
                        Some(line),
                        name,
                        format!(
                            "{c} is too large; numbers in a table are at most {MAX_TABLE_VALUE:e} in size"
                        ),
                    ));
                }
                Ok(v)
            })?;
            return Ok(Column::numeric(name, out));
        }
        ColumnType::Ordinal { levels } if !levels.is_empty() => levels.clone(),
        _ => {
            let mut levels: Vec<String> = Vec::new();
            for (c, line) in cells() {
                if !levels.iter().any(|l| l == c) {
                    if levels.len() == MAX_LEVELS {
                        return Err(Error::column(
                            Some(line),
                            name,
                            format!("more than {MAX_LEVELS} different values; a categorical column has at most {MAX_LEVELS} levels"),
                        ));
                    }
                    levels.push(c.to_string());
                }
            }
            if all_numbers && ty == ColumnType::Nominal {
                levels.sort_by(|a, b| number(a).unwrap_or(0.0).total_cmp(&number(b).unwrap_or(0.0)));
            }
            levels
        }
    };
    let out = column_cells(raw, j, |c, line| {
        let i = levels.iter().position(|l| l == c).ok_or_else(|| {
            Error::column(Some(line), name, format!("{c:?} is not one of its levels {levels:?}"))
        })?;
        Ok(i as f64)
    })?;
    let ordered = matches!(ty, ColumnType::Ordinal { .. });
    Ok(Column { name: name.clone(), kind: ColumnKind::Categorical { levels, ordered }, cells: out })
}

/// The cells of column `j` of `raw`: `None` where missing, else `value(text, line)`.
fn column_cells(
    raw: &Raw,
    j: usize,
    value: impl Fn(&str, usize) -> Result<f64, Error>,
) -> Result<Vec<Option<f64>>, Error> {
    raw.rows
        .iter()
        .zip(&raw.lines)
        .map(|(row, &line)| {
            let c = row[j].as_str();
            if is_missing(c) {
                Ok(None)
            } else {
                value(c, line).map(Some)
            }
        })
        .collect()
}

/// Every column of CSV text as detected, with no roles (a user's file before the
/// target and inputs are chosen: [`crate::own_table::preview`]).
pub fn read_columns(text: &str) -> Result<Vec<Column>, Error> {
    let raw = read_raw(text)?;
    (0..raw.names.len()).map(|j| column(&raw, j, None)).collect()
}

/// Reads a table from CSV text, with the columns' roles and types from `options`.
pub fn read_table(text: &str, options: &CsvOptions) -> Result<Table, Error> {
    let raw = read_raw(text)?;
    let index = |name: &String| {
        raw.names
            .iter()
            .position(|n| n == name)
            .ok_or_else(|| Error::column(None, name, "the file has no such column"))
    };
    for name in options.types.keys() {
        index(name)?;
    }
    let targets: Vec<usize> = if options.targets.is_empty() {
        vec![raw.names.len() - 1]
    } else {
        options.targets.iter().map(index).collect::<Result<_, _>>()?
    };
    let inputs: Vec<usize> = match &options.inputs {
        Some(names) => names.iter().map(index).collect::<Result<_, _>>()?,
        None => (0..raw.names.len()).filter(|j| !targets.contains(j)).collect(),
    };
    if let Some(&j) = inputs.iter().find(|j| targets.contains(j)) {
        return Err(Error::column(None, &raw.names[j], "a column cannot be both an input and the target"));
    }
    if inputs.is_empty() {
        return Err(Error::whole("a table needs at least one input column besides the target"));
    }
    let build = |j: usize| column(&raw, j, options.types.get(&raw.names[j]));
    let input_columns = inputs.iter().map(|&j| build(j)).collect::<Result<Vec<_>, _>>()?;
    let target = if let [j] = targets[..] {
        let ty = options.types.get(&raw.names[j]);
        let ty = if options.classes && ty.is_none() { Some(&ColumnType::Nominal) } else { ty };
        let c = column(&raw, j, ty)?;
        if c.is_categorical() {
            Target::Classes(c)
        } else {
            Target::Numbers(vec![c])
        }
    } else {
        let cs = targets.iter().map(|&j| build(j)).collect::<Result<Vec<_>, _>>()?;
        if let Some(c) = cs.iter().find(|c| c.is_categorical()) {
            return Err(Error::column(None, &c.name, "with several target columns each must be numeric"));
        }
        Target::Numbers(cs)
    };
    let table = Table { inputs: input_columns, target };
    table.check()?;
    Ok(table)
}

/// Writes a header and rows of text fields as CSV, comma-separated, fields quoted
/// where needed; the header's names always quoted, so a name holding a semicolon or a
/// tab cannot change the delimiter [`read_table`] detects.
pub(crate) fn write_rows(header: Vec<String>, rows: impl IntoIterator<Item = Vec<String>>) -> String {
    let write = |style: csv::QuoteStyle, rows: &mut dyn Iterator<Item = Vec<String>>| {
        let mut writer = csv::WriterBuilder::new().quote_style(style).from_writer(Vec::new());
        for row in rows {
            // Writing to memory cannot fail.
            let _ = writer.write_record(&row);
        }
        String::from_utf8(writer.into_inner().unwrap_or_default()).unwrap_or_default()
    };
    let mut text = write(csv::QuoteStyle::Always, &mut std::iter::once(header));
    text.push_str(&write(csv::QuoteStyle::Necessary, &mut rows.into_iter()));
    text
}

/// The table as CSV: a header of its input and target columns, then every row as
/// read (levels by name, missing cells empty). [`read_table`] reads it back.
pub fn write_table(table: &Table) -> String {
    let columns: Vec<&Column> = table.inputs.iter().chain(table.target.columns()).collect();
    let header = columns.iter().map(|c| c.name.clone()).collect();
    let rows = (0..table.rows()).map(|r| columns.iter().map(|c| c.text(r)).collect());
    write_rows(header, rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<Table, Error> {
        read_table(text, &CsvOptions::default())
    }

    #[test]
    fn spreadsheet_variants_read_the_same() {
        let comma = "size,weight,class\nsmall,1.5,cat\nlarge,20,dog\n";
        let expected = read(comma).expect("comma");
        for variant in [
            "\u{feff}size,weight,class\nsmall,1.5,cat\nlarge,20,dog\n",
            "size;weight;class\r\nsmall;1.5;cat\r\nlarge;20;dog\r\n",
            "size\tweight\tclass\nsmall\t1.5\tcat\nlarge\t20\tdog",
            "\"size\",\"weight\",\"class\"\n\"small\",\"1.5\",\"cat\"\n\n\"large\", 20 ,dog\n",
        ] {
            assert_eq!(read(variant).as_ref(), Ok(&expected), "{variant:?}");
        }
        let quoted = read("name,x,y\n\"Smith, J.\",1,2\n\"say \"\"hi\"\"\",3,4\n").expect("quoted");
        assert_eq!(quoted.inputs[0].levels(), ["Smith, J.", "say \"hi\""]);
        assert_eq!(quoted.target, Target::Numbers(vec![Column::numeric("y", vec![Some(2.0), Some(4.0)])]));
    }

    #[test]
    fn types_are_detected_over_all_rows_and_can_be_overridden() {
        let text = "a,b,c,d\n1,x,,0\n2,3,NA,1\n?,4,5,1\n";
        let t = read(text).expect("reads");
        assert_eq!(t.inputs[0].kind, ColumnKind::Numeric, "a missing cell does not make a column text");
        assert!(t.inputs[1].is_categorical(), "one text cell on row 1 makes b categorical");
        assert_eq!(t.inputs[0].cells, [Some(1.0), Some(2.0), None]);
        assert_eq!(t.inputs[2].cells, [None, None, Some(5.0)]);
        assert_eq!(t.target.targets(), crate::Targets::Regression);
        let classes =
            read_table(text, &CsvOptions { classes: true, ..CsvOptions::default() }).expect("classes");
        assert_eq!(classes.target.class_names(), ["0", "1"]);
        let mut types = BTreeMap::new();
        types.insert("a".to_string(), ColumnType::Ordinal { levels: vec!["2".into(), "1".into()] });
        let t = read_table(text, &CsvOptions { types, ..CsvOptions::default() }).expect("ordinal");
        assert_eq!(t.inputs[0].cells, [Some(1.0), Some(0.0), None]);
        let mut types = BTreeMap::new();
        types.insert("b".to_string(), ColumnType::Numeric);
        let err =
            read_table(text, &CsvOptions { types, ..CsvOptions::default() }).expect_err("x is no number");
        assert_eq!((err.first().line, err.first().column.as_deref()), (Some(2), Some("b")));
        assert_eq!(err.to_string(), "line 2, column \"b\": \"x\" is not a number");
    }

    #[test]
    fn malformed_files_are_refused_naming_line_and_column() {
        let err = read("a,b,c\n1,2,3\n4,5\n").expect_err("short row");
        assert_eq!(err.first().line, Some(3));
        assert!(err.to_string().contains("2 fields, the header has 3"), "{err}");
        let err = read("a,a,c\n1,2,3\n").expect_err("twice");
        assert_eq!((err.first().line, err.first().column.as_deref()), (Some(1), Some("a")));
        let err = read("a,,c\n1,2,3\n").expect_err("unnamed");
        assert!(err.to_string().contains("column 2 of the header has no name"), "{err}");
        let err = read("a,b\n1e13,1\n2,2\n").expect_err("too large");
        assert_eq!((err.first().line, err.first().column.as_deref()), (Some(2), Some("a")));
        assert!(err.to_string().contains("1e12"), "{err}");
        assert!(read("").is_err() && read("a,b\n").is_err());
        let err = read("a,b\n1,x\n").expect_err("one class");
        assert_eq!(err.first().column.as_deref(), Some("b"));
        let err =
            read_table("a,b\n1,2\n", &CsvOptions { targets: vec!["z".into()], ..CsvOptions::default() })
                .expect_err("no such target");
        assert_eq!(err.first().column.as_deref(), Some("z"));
        let long = format!("a,b\n{}", "1,2\n".repeat(MAX_TABLE_ROWS + 1));
        let err = read(&long).expect_err("rows");
        assert_eq!(err.first().line, Some(MAX_TABLE_ROWS + 2));
        assert!(err.to_string().contains("20000"), "{err}");
        let huge = "a,b\n".to_string() + &"1,2\n".repeat(MAX_TABLE_BYTES / 4 + 1);
        assert!(read(&huge).expect_err("bytes").to_string().contains("5 MB"));
        let levels = format!("a,b\n{}", (0..=MAX_LEVELS).map(|i| format!("l{i},{i}\n")).collect::<String>());
        let err = read(&levels).expect_err("levels");
        assert_eq!(err.first().column.as_deref(), Some("a"));
    }

    #[test]
    fn lines_are_named_alike_with_lf_and_crlf_endings() {
        for text in ["a,b\nx,1\n2,3\n", "a,b\r\nx,1\r\n2,3\r\n", "\u{feff}a;b\r\n\r\nx;1\r\n"] {
            let mut types = BTreeMap::new();
            types.insert("a".to_string(), ColumnType::Numeric);
            let err = read_table(text, &CsvOptions { types, ..CsvOptions::default() }).expect_err("x");
            let line = if text.contains("\r\n\r\n") { 3 } else { 2 };
            assert_eq!(err.first().line, Some(line), "{text:?}: {err}");
        }
        let err = read("a;b\r\n1;1\r\n2;2\r\n3\r\n").expect_err("short");
        assert_eq!(err.first().line, Some(4), "{err}");
    }

    #[test]
    fn a_written_table_reads_back_the_same() {
        let text = "size,fur,\"a, b\",risk\nsmall,,1.25,3\nlarge,\"long\",-2,4.5\nsmall,short,7,NA\n";
        let t = read(text).expect("reads");
        let again = read(&write_table(&t)).expect("reads its own output");
        assert_eq!(again, t);
    }
}
