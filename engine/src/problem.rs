//! Validation problems: where (a JSON path), what (a sentence a customer understands)
//! and which rule. Validation always gathers every problem, never just the first.

use serde::de::DeserializeOwned;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// JSON path of the offending value, e.g. `$.transactions[2].quantity`.
    pub path: String,
    pub message: String,
    /// The RULES.md id the value breaks, when one does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<&'static str>,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.rule {
            Some(r) => write!(f, "{}: {} ({r})", self.path, self.message),
            None => write!(f, "{}: {}", self.path, self.message),
        }
    }
}

#[derive(Debug, Default)]
pub(crate) struct Problems(Vec<Problem>);

impl Problems {
    pub fn push(
        &mut self,
        path: impl Into<String>,
        message: impl Into<String>,
        rule: &'static str,
    ) {
        self.0.push(Problem {
            path: path.into(),
            message: message.into(),
            rule: Some(rule),
        });
    }
    pub fn push_plain(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.0.push(Problem {
            path: path.into(),
            message: message.into(),
            rule: None,
        });
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn into_vec(self) -> Vec<Problem> {
        self.0
    }
}

/// Deserializes JSON, turning a syntax or type error into a problem at the JSON path
/// where it happened (serde alone reports only a line and column).
pub(crate) fn parse_json<T: DeserializeOwned>(json: &str) -> Result<T, Vec<Problem>> {
    let de = &mut serde_json::Deserializer::from_str(json);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let path = if path == "." {
            "$".to_string()
        } else {
            format!("$.{path}")
        };
        vec![Problem {
            path,
            message: e.into_inner().to_string(),
            rule: None,
        }]
    })
}
