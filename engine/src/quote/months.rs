//! Months: the calendar month a quote starts in (T2), and a transaction's billed months
//! cut into runs where its figures stay the same (T1, T3, F8).

use super::Transaction;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// T2: a calendar month, written `YYYY-MM` in JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CalendarMonth {
    /// Months since January of year 0: comparisons and arithmetic are plain integers.
    index: u32,
}

impl CalendarMonth {
    /// The earliest month accepted: January 1900.
    pub const MIN: CalendarMonth = CalendarMonth { index: 1900 * 12 };

    /// `month` is 1-12; years 1900-9999 (a quote is about prices people paid or will pay).
    pub fn new(year: u32, month: u32) -> Option<CalendarMonth> {
        ((1900..=9999).contains(&year) && (1..=12).contains(&month)).then(|| CalendarMonth {
            index: year * 12 + month - 1,
        })
    }

    pub fn year(self) -> u32 {
        self.index / 12
    }

    /// 1 (January) to 12.
    pub fn month(self) -> u32 {
        self.index % 12 + 1
    }

    pub fn plus(self, months: u32) -> CalendarMonth {
        CalendarMonth {
            index: self.index.saturating_add(months),
        }
    }

    /// Months from `self` to `later` (negative when `later` is earlier).
    pub fn months_until(self, later: CalendarMonth) -> i64 {
        i64::from(later.index) - i64::from(self.index)
    }
}

impl fmt::Display for CalendarMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year(), self.month())
    }
}

impl std::str::FromStr for CalendarMonth {
    type Err = ();
    fn from_str(s: &str) -> Result<CalendarMonth, ()> {
        let (y, m) = s.split_once('-').ok_or(())?;
        if y.len() != 4 || m.len() != 2 || !(y.bytes().chain(m.bytes())).all(|b| b.is_ascii_digit())
        {
            return Err(());
        }
        CalendarMonth::new(y.parse().map_err(|_| ())?, m.parse().map_err(|_| ())?).ok_or(())
    }
}

impl Serialize for CalendarMonth {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// A bad month is refused typed: `parse_json` makes it a `bad_calendar_month` problem.
impl<'de> Deserialize<'de> for CalendarMonth {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse()
            .map_err(|()| crate::problem::Refusal::CalendarMonth.error(&s))
    }
}

/// Consecutive billed months of one transaction with the same figures (T3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Segment {
    pub from: u32,
    pub to: u32,
    pub quantity: u32,
    pub step_up: u32,
    pub covered: u32,
}

/// The billed months of `t` (from its start to its end or the horizon, before a
/// cancellation), cut where a change takes effect.
pub(crate) fn segments(t: &Transaction, horizon: u32, cancel: Option<u32>) -> Vec<Segment> {
    let first = t.start_month.max(1);
    let mut last = t.last_month(horizon);
    if let Some(c) = cancel {
        last = last.min(c.saturating_sub(1));
    }
    if first > last {
        return Vec::new();
    }
    let mut out = Vec::with_capacity(t.changes.len() + 1);
    let mut current = Segment {
        from: first,
        to: last,
        quantity: t.quantity,
        step_up: t.step_up_units,
        covered: t.sa_covered_devices,
    };
    for c in &t.changes {
        // Validation refuses changes out of order or outside the transaction's months;
        // one after a cancellation simply never takes effect.
        if c.from_month <= current.from || c.from_month > last {
            continue;
        }
        out.push(Segment {
            to: c.from_month - 1,
            ..current
        });
        current = Segment {
            from: c.from_month,
            to: last,
            quantity: c.quantity,
            step_up: c.step_up_units.unwrap_or(current.step_up),
            covered: c.sa_covered_devices.unwrap_or(current.covered),
        };
    }
    out.push(current);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quote::QuantityChange;

    #[test]
    fn t2_calendar_months_read_write_and_count() {
        let m: CalendarMonth = "2011-03".parse().unwrap();
        assert_eq!((m.year(), m.month()), (2011, 3));
        assert_eq!(m.plus(10).to_string(), "2012-01");
        assert_eq!(m.months_until("2010-12".parse().unwrap()), -3);
        for bad in [
            "2011-13", "2011-00", "11-03", "2011-3", "2011/03", "x", "1899-12",
        ] {
            assert!(bad.parse::<CalendarMonth>().is_err(), "{bad}");
        }
        assert_eq!(serde_json::to_string(&m).unwrap(), "\"2011-03\"");
        assert!(serde_json::from_str::<CalendarMonth>("\"2011-13\"").is_err());
    }

    #[test]
    fn t3_segments_follow_the_schedule_end_and_cancellation() {
        let mut t = Transaction::new("t", "bpos-standard", 100);
        t.step_up_units = 40;
        t.changes = vec![
            QuantityChange::new(7, 60),
            QuantityChange {
                step_up_units: Some(0),
                ..QuantityChange::new(10, 0)
            },
        ];
        let s = segments(&t, 12, None);
        let got: Vec<_> = s
            .iter()
            .map(|s| (s.from, s.to, s.quantity, s.step_up))
            .collect();
        assert_eq!(got, [(1, 6, 100, 40), (7, 9, 60, 40), (10, 12, 0, 0)]);
        // F8: a cancellation at month 8 bills months 1-7.
        let got: Vec<_> = segments(&t, 12, Some(8))
            .iter()
            .map(|s| (s.from, s.to))
            .collect();
        assert_eq!(got, [(1, 6), (7, 7)]);
        t.end_month = Some(5);
        assert_eq!(segments(&t, 12, None).len(), 1);
        t.start_month = 6;
        assert!(segments(&t, 12, None).is_empty());
    }
}
