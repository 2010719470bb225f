//! The one error type of the core: what went wrong, and where (a configuration
//! field, a line of a file, or the input as a whole).
//!
//! An [`Error`] holds one or more [`Problem`]s: validating a configuration reports
//! every problem it finds at once, each naming its field, so the page can mark each
//! control without reading the message.

use serde::Serialize;
use std::fmt;

/// One problem: a message and the place it is about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// The configuration field, as a dotted path (`data.points`, `optimizer.beta1`), if
    /// the problem is about one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// The line of a file (1-based), if the problem is about one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// The column of a table (its name from the header), if the problem is about one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// What is wrong and what is allowed.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.field, self.line, &self.column) {
            (Some(field), _, _) => write!(f, "{field}: {}", self.message),
            (None, Some(line), Some(column)) => {
                write!(f, "line {line}, column \"{column}\": {}", self.message)
            }
            (None, Some(line), None) => write!(f, "line {line}: {}", self.message),
            (None, None, Some(column)) => write!(f, "column \"{column}\": {}", self.message),
            (None, None, None) => f.write_str(&self.message),
        }
    }
}

impl Problem {
    /// A problem with a configuration field (a dotted path).
    pub fn at(field: &str, message: impl Into<String>) -> Problem {
        Problem { field: Some(field.to_string()), line: None, column: None, message: message.into() }
    }
}

/// A refusal: one or more problems, in the order they were found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    /// Every problem found (never empty).
    pub problems: Vec<Problem>,
}

impl Error {
    /// A problem with a configuration field.
    pub fn field(field: &str, message: impl Into<String>) -> Error {
        Error::one(Problem::at(field, message))
    }

    /// A problem on a line of a file (1-based).
    pub fn line(line: usize, message: impl Into<String>) -> Error {
        Error::one(Problem { field: None, line: Some(line), column: None, message: message.into() })
    }

    /// A problem with the input as a whole.
    pub fn whole(message: impl Into<String>) -> Error {
        Error::one(Problem { field: None, line: None, column: None, message: message.into() })
    }

    /// A problem with a column of a table, on a line of its file (1-based) if known.
    pub fn column(line: Option<usize>, column: &str, message: impl Into<String>) -> Error {
        Error::one(Problem { field: None, line, column: Some(column.to_string()), message: message.into() })
    }

    fn one(problem: Problem) -> Error {
        Error { problems: vec![problem] }
    }

    /// The first problem (an error always has one).
    pub fn first(&self) -> &Problem {
        &self.problems[0]
    }

    /// The field of the first problem, if it names one.
    pub fn field_name(&self) -> Option<&str> {
        self.first().field.as_deref()
    }

    /// The same problems, each message prefixed by `context` (for example "The model's
    /// configuration is invalid: ").
    pub fn context(mut self, context: &str) -> Error {
        for p in &mut self.problems {
            p.message = format!("{context}{}", p.message);
        }
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.problems.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_the_place() {
        assert_eq!(Error::field("data.points", "too many").to_string(), "data.points: too many");
        assert_eq!(Error::line(3, "not a number").to_string(), "line 3: not a number");
        assert_eq!(Error::whole("empty").to_string(), "empty");
        assert_eq!(Error::column(Some(4), "fur", "odd").to_string(), "line 4, column \"fur\": odd");
        assert_eq!(Error::column(None, "fur", "odd").to_string(), "column \"fur\": odd");
        let two = Error {
            problems: [Error::field("a", "x"), Error::line(2, "y")].map(|e| e.first().clone()).to_vec(),
        };
        assert_eq!(two.to_string(), "a: x; line 2: y");
    }
}
