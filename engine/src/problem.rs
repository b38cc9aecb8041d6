//! Problems: where (a [`JsonPath`]), what (a [`ProblemKind`] with the figures it needs)
//! and which [`Rule`]. Validation gathers every problem, never just the first; the words
//! for each are in `describe`, so nothing here is English and nobody branches on text.

use crate::input::InputError;
use crate::limits::MAX_DOCUMENT_BYTES;
use crate::path::{offset_of, scan, JsonPath};
use crate::rules::Rule;
use serde::de::DeserializeOwned;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: JsonPath,
    pub kind: ProblemKind,
    /// The rule the value breaks, when one does.
    pub rule: Option<Rule>,
}

/// Which document a format number belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Document {
    Quote,
    PriceBook,
}

/// A required value that is missing or blank.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Missing {
    BookId,
    BookVersion,
    ServiceName,
    TransactionId,
    PartnerId,
    ServiceLineId,
    Source,
}

/// What kind of list entries must increase.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Ordered {
    Bands,
    Levels,
    PorChanges,
    QuantityChanges,
    TrueUps,
}

/// Which of a transaction's counts is too large for its quantity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Counted {
    StepUp,
    Covered,
    StepUpAndCovered,
}

/// A kind of thing with an id, for "used twice" and "unknown".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Thing {
    Service,
    Level,
    Transaction,
    Partner,
    ServiceLine,
    Figure,
}

/// Why a fee statement is refused whole (R2), serialized as `reason` and its fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum StatementRefusal {
    /// The text cannot be read as CSV (the CSV reader's detail).
    NotCsv { detail: String },
    /// The header line lacks one of the statement's columns.
    MissingColumn { column: String },
    /// The header line names a column that is not one of the statement's.
    UnknownColumn { column: String },
}

/// A value one of the engine's own types refuses while it is read. serde carries an
/// error only as text, so the refusal travels as a marker (a tag and the value as
/// written, no words) that [`parse_json`] turns back into its typed [`ProblemKind`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// Not a calendar month `YYYY-MM` from 1900-01 to 9999-12 (T2).
    CalendarMonth,
    /// Not a currency code the engine knows (M1).
    Currency,
}

/// Starts a [`Refusal`]'s marker in a serde error.
const REFUSAL: &str = "licalc-refusal:";

/// How much of a refused value the problem keeps.
const REFUSED_CHARS: usize = 20;

impl Refusal {
    fn tag(self) -> &'static str {
        match self {
            Refusal::CalendarMonth => "calendar_month",
            Refusal::Currency => "currency",
        }
    }

    /// The serde error refusing `text` (its first characters).
    pub(crate) fn error<E: serde::de::Error>(self, text: &str) -> E {
        let text: String = text.chars().take(REFUSED_CHARS).collect();
        E::custom(format_args!("{REFUSAL}{}:{text}", self.tag()))
    }

    /// The problem a serde error's text stands for, when it is a refusal's marker.
    fn read(detail: &str) -> Option<ProblemKind> {
        let (tag, text) = detail.strip_prefix(REFUSAL)?.split_once(':')?;
        let text = text.to_string();
        match tag {
            "calendar_month" => Some(ProblemKind::BadCalendarMonth { text }),
            "currency" => Some(ProblemKind::UnknownCurrency { text }),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum ProblemKind {
    /// The JSON does not parse, or a value has the wrong type (serde's detail).
    Json {
        detail: String,
    },
    NotUtf8,
    TrailingData,
    /// A fee statement whose header is not the documented one, or that is not CSV (R2).
    Statement {
        #[serde(flatten)]
        refusal: StatementRefusal,
    },
    /// A document over [`MAX_DOCUMENT_BYTES`]; reported at its longest string.
    DocumentTooLarge {
        bytes: usize,
        limit: usize,
    },
    TooLong {
        length: usize,
        limit: usize,
    },
    TooMany {
        count: usize,
        limit: usize,
    },
    UnsupportedFormat {
        document: Document,
        found: u32,
        supported: u32,
    },
    Missing {
        what: Missing,
    },
    BadId {
        id: String,
    },
    Duplicate {
        what: Thing,
        id: String,
    },
    Unknown {
        what: Thing,
        id: String,
    },
    BadDate {
        text: String,
    },
    BadCalendarMonth {
        text: String,
    },
    /// A currency code not in the engine's list (M1), as written.
    UnknownCurrency {
        text: String,
    },
    BadValue {
        value: String,
        error: InputError,
    },
    NoBands,
    FirstBandNotOne,
    NoLevels,
    BadLevelName,
    NotIncreasing {
        what: Ordered,
        value: u32,
        previous: u32,
    },
    FirstYearZero,
    NoServices,
    StepUpAboveFull,
    SuiteContainsItself,
    ComponentIsSuite {
        id: String,
    },
    ComponentUnit {
        id: String,
    },
    RequiresItself,
    HorizonOutOfRange {
        max: u32,
    },
    /// A month outside `1..=horizon` (or the range the field allows).
    MonthOutOfRange {
        month: u32,
        first: u32,
        last: u32,
    },
    MonthZero,
    EndBeforeStart {
        end: u32,
        start: u32,
    },
    NoStepUpPrice {
        service: String,
    },
    NoSaCredit {
        service: String,
    },
    ExceedsQuantity {
        what: Counted,
        count: u32,
        quantity: u32,
        month: u32,
    },
    BelowMinimum {
        service: String,
        minimum: u32,
        device: bool,
        month: u32,
        has: u64,
    },
    AddOnWithoutBase {
        service: String,
        base: String,
        month: u32,
    },
    AddOnExceedsBase {
        service: String,
        base: String,
        month: u32,
        has: u64,
        base_has: u64,
    },
    DuplicateScope,
    NoPorChanges,
    /// A quote override that is not a valid value for its figure.
    BadOverride {
        figure: String,
        error: InputError,
    },
    /// The overrides together make the price book invalid.
    BookInvalidWithOverrides {
        problem: Box<Problem>,
    },
    NegativeAmount,
    TooLargeToCompute,
    /// Warning: the quote was made with another price book than it is priced with.
    OtherPriceBook {
        made_with: String,
        priced_with: String,
    },
    /// Warning: months in which a billed transaction has no Partner of Record.
    NoPorMonths {
        transaction: String,
        months: Vec<(u32, u32)>,
    },
}

impl Problem {
    pub fn new(path: JsonPath, kind: ProblemKind, rule: Rule) -> Problem {
        Problem {
            path,
            kind,
            rule: Some(rule),
        }
    }

    pub fn plain(path: JsonPath, kind: ProblemKind) -> Problem {
        Problem {
            path,
            kind,
            rule: None,
        }
    }
}

/// Collects problems; validation pushes every one it finds.
#[derive(Debug, Default)]
pub(crate) struct Problems(Vec<Problem>);

impl Problems {
    pub fn push(&mut self, path: JsonPath, kind: ProblemKind, rule: Rule) {
        self.0.push(Problem::new(path, kind, rule));
    }

    pub fn push_plain(&mut self, path: JsonPath, kind: ProblemKind) {
        self.0.push(Problem::plain(path, kind));
    }

    /// A text longer than `limit` characters.
    pub fn check_len(&mut self, path: impl FnOnce() -> JsonPath, text: &str, limit: usize) {
        // Bytes bound characters from above: only count them when it could matter.
        if text.len() > limit {
            let length = text.chars().count();
            if length > limit {
                self.push_plain(path(), ProblemKind::TooLong { length, limit });
            }
        }
    }

    /// A month or count that must be above the one before it (`previous`, none for the
    /// first): a `NotIncreasing` problem when it is not. Says whether it was one, so a
    /// caller checks an out-of-order value no further.
    pub fn check_increasing(
        &mut self,
        path: impl FnOnce() -> JsonPath,
        what: Ordered,
        value: u32,
        previous: Option<u32>,
        rule: Rule,
    ) -> bool {
        let Some(previous) = previous.filter(|&previous| value <= previous) else {
            return false;
        };
        let kind = ProblemKind::NotIncreasing {
            what,
            value,
            previous,
        };
        self.push(path(), kind, rule);
        true
    }

    /// A list with more than `limit` entries.
    pub fn check_count(&mut self, path: impl FnOnce() -> JsonPath, count: usize, limit: usize) {
        if count > limit {
            self.push_plain(path(), ProblemKind::TooMany { count, limit });
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn into_vec(self) -> Vec<Problem> {
        self.0
    }
}

/// Deserializes a JSON document strictly: at most [`MAX_DOCUMENT_BYTES`], nothing after
/// the value, no duplicate keys (serde's derive refuses them in structs), unknown fields
/// refused by the types. A failure is one problem at the JSON path where it happened,
/// found by scanning the text only then.
pub(crate) fn parse_json<T: DeserializeOwned>(json: &str) -> Result<T, Vec<Problem>> {
    if json.len() > MAX_DOCUMENT_BYTES {
        let at = scan(json, usize::MAX)
            .longest
            .map(|(p, _)| p)
            .unwrap_or_default();
        return Err(vec![Problem::plain(
            at,
            ProblemKind::DocumentTooLarge {
                bytes: json.len(),
                limit: MAX_DOCUMENT_BYTES,
            },
        )]);
    }
    let mut de = serde_json::Deserializer::from_str(json);
    let parsed = T::deserialize(&mut de).and_then(|v| de.end().map(|()| v));
    parsed.map_err(|e| {
        let detail = e.to_string();
        // serde_json appends " at line L column C"; the path says where instead.
        let detail = match detail.rfind(" at line ") {
            Some(i) => detail[..i].to_string(),
            None => detail,
        };
        let offset = offset_of(json, e.line(), e.column());
        let mut path = scan(json, offset).at_offset.unwrap_or_default();
        let kind = if detail.starts_with("trailing characters") {
            path = JsonPath::root();
            ProblemKind::TrailingData
        } else {
            // A missing field is reported at the end of its object: the object is the place.
            if detail.starts_with("missing field") {
                let mut segs = path.segs().to_vec();
                if matches!(segs.last(), Some(crate::path::Seg::Key(_))) {
                    segs.pop();
                }
                path = segs.into_iter().fold(JsonPath::root(), |p, s| match s {
                    crate::path::Seg::Key(k) => p.key_owned(k.into_owned()),
                    crate::path::Seg::Index(i) => p.index(i),
                });
            }
            // A calendar month (T2) or a currency (M1) gets its own code, with the text
            // as written.
            Refusal::read(&detail).unwrap_or(ProblemKind::Json { detail })
        };
        vec![Problem::plain(path, kind)]
    })
}

/// A document read as bytes (a file): UTF-8 or a problem saying it is not.
pub fn utf8(bytes: &[u8]) -> Result<&str, Vec<Problem>> {
    std::str::from_utf8(bytes)
        .map_err(|_| vec![Problem::plain(JsonPath::root(), ProblemKind::NotUtf8)])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    struct T {
        #[serde(rename = "a")]
        _a: u32,
        #[serde(rename = "list")]
        _list: Vec<Item>,
    }
    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    struct Item {
        #[serde(rename = "id")]
        _id: String,
        #[serde(rename = "n")]
        _n: u32,
    }

    #[test]
    fn check_increasing_refuses_a_value_not_above_the_previous_and_says_so() {
        let mut p = Problems::default();
        let at = || JsonPath::field("x");
        assert!(!p.check_increasing(at, Ordered::Bands, 5, None, Rule::P2));
        assert!(!p.check_increasing(at, Ordered::Bands, 5, Some(4), Rule::P2));
        assert!(p.check_increasing(at, Ordered::Bands, 5, Some(5), Rule::P2));
        assert!(p.check_increasing(at, Ordered::Bands, 3, Some(5), Rule::P2));
        let kinds: Vec<_> = p.into_vec().into_iter().map(|p| p.kind).collect();
        assert_eq!(
            kinds,
            [(5, 5), (3, 5)].map(|(value, previous)| ProblemKind::NotIncreasing {
                what: Ordered::Bands,
                value,
                previous
            })
        );
    }

    fn err(json: &str) -> (String, ProblemKind) {
        let p = parse_json::<T>(json).unwrap_err().remove(0);
        (p.path.to_string(), p.kind)
    }

    #[test]
    fn a_parse_failure_is_located_by_its_json_path() {
        let (path, kind) = err(r#"{"a": 1, "list": [{"id": "x", "n": 1}, {"id": "y", "n": -4}]}"#);
        assert_eq!(path, "$.list[1].n");
        assert!(matches!(kind, ProblemKind::Json { detail } if detail.contains("-4")));
        let (path, _) = err(r#"{"a": 1, "list": [{"id": "x"}]}"#);
        assert_eq!(
            path, "$.list[0]",
            "a missing field is reported at its object"
        );
        let (path, _) = err(r#"{"a": 1, "list": [], "b": 2}"#);
        assert_eq!(path, "$.b", "an unknown field at its own name");
    }

    #[test]
    fn trailing_data_and_duplicate_keys_are_refused() {
        let (path, kind) = err(r#"{"a": 1, "list": []} garbage {"#);
        assert_eq!((path.as_str(), kind), ("$", ProblemKind::TrailingData));
        let (path, kind) = err(r#"{"a": 1, "a": 2, "list": []}"#);
        assert_eq!(path, "$.a");
        assert!(matches!(kind, ProblemKind::Json { detail } if detail.contains("duplicate field")));
        assert!(parse_json::<T>(r#"{"a": 1, "list": []}   "#).is_ok());
    }

    #[test]
    fn an_oversized_document_is_refused_at_its_longest_string_without_parsing() {
        let big = "x".repeat(MAX_DOCUMENT_BYTES);
        let json = format!(r#"{{"a": 1, "list": [{{"id": "{big}", "n": 1}}]}}"#);
        let started = std::time::Instant::now();
        let p = parse_json::<T>(&json).unwrap_err().remove(0);
        assert_eq!(p.path.to_string(), "$.list[0].id");
        assert!(matches!(
            p.kind,
            ProblemKind::DocumentTooLarge {
                limit: MAX_DOCUMENT_BYTES,
                ..
            }
        ));
        assert!(started.elapsed().as_secs() < 2);
    }

    #[test]
    fn bytes_that_are_not_utf8_are_a_problem() {
        assert_eq!(
            utf8(b"{\"a\": \xff}").unwrap_err()[0].kind,
            ProblemKind::NotUtf8
        );
    }

    #[test]
    fn t2_a_bad_calendar_month_has_its_own_code_at_its_path() {
        let e = crate::Quote::from_json(r#"{"format": 2, "start": "2011-13", "customer": {"name": "x"}, "horizon_months": 12, "transactions": []}"#).unwrap_err();
        assert_eq!(
            e[0].kind,
            ProblemKind::BadCalendarMonth {
                text: "2011-13".into()
            }
        );
        assert_eq!(e[0].path.to_string(), "$.start");
    }
}
