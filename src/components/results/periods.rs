//! The periods every plan is compared over (P6), and reading a plan's figures.

use crate::state::AppState;
use licalc_engine::describe::Fmt;
use licalc_engine::{Compared, PathKind, QuoteResult};
use rust_decimal::Decimal;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Period {
    FirstMonth,
    #[cfg(feature = "partner")]
    LastMonth,
    FirstYear,
    Horizon,
}

impl Period {
    #[cfg(feature = "partner")]
    /// In the order the cards show them.
    pub const ALL: [Period; 4] = [
        Period::FirstMonth,
        Period::LastMonth,
        Period::FirstYear,
        Period::Horizon,
    ];

    pub fn compared(self, r: &QuoteResult) -> &Compared {
        match self {
            Period::FirstMonth => &r.comparison.first_month,
            #[cfg(feature = "partner")]
            Period::LastMonth => &r.comparison.last_month,
            Period::FirstYear => &r.comparison.first_year,
            Period::Horizon => &r.comparison.horizon,
        }
    }

    /// A plan's figure for the period.
    pub fn of(self, r: &QuoteResult, kind: PathKind) -> Option<Decimal> {
        let c = self.compared(r);
        match kind {
            PathKind::Mosp => Some(c.mosp),
            PathKind::Ea => Some(c.ea),
            PathKind::Switch => c.switch,
        }
    }

    /// A plan's figure for the period as money, empty where the plan has none.
    pub fn money(self, state: AppState, kind: PathKind) -> String {
        state.read(|r| {
            self.of(r, kind)
                .map(|v| state.fmt().money(v))
                .unwrap_or_default()
        })
    }

    #[cfg(feature = "partner")]
    /// The name used in accessible labels: "first-year total".
    pub fn total_name(self) -> &'static str {
        match self {
            Period::FirstMonth => "first-month total",
            Period::LastMonth => "last-month total",
            Period::FirstYear => "first-year total",
            Period::Horizon => "horizon total",
        }
    }

    #[cfg(feature = "partner")]
    pub fn dom(self) -> &'static str {
        match self {
            Period::FirstMonth => "first-month",
            Period::LastMonth => "last-month",
            Period::FirstYear => "first-year",
            Period::Horizon => "horizon",
        }
    }

    #[cfg(feature = "partner")]
    /// The visible label: "First year (months 1–12)".
    pub fn label(self, horizon: u32) -> String {
        match self {
            Period::FirstMonth => "First month".into(),
            Period::LastMonth => format!("Month {horizon} (the last)"),
            Period::FirstYear if horizon < 12 => format!("First {horizon} months"),
            Period::FirstYear => "First year (months 1–12)".into(),
            Period::Horizon => format!("Horizon ({horizon} months)"),
        }
    }

    #[cfg(feature = "partner")]
    /// The months the period covers.
    pub fn months(self, horizon: u32) -> (u32, u32) {
        match self {
            Period::FirstMonth => (1, 1),
            Period::LastMonth => (horizon, horizon),
            Period::FirstYear => (1, horizon.min(12)),
            Period::Horizon => (1, horizon),
        }
    }
}

pub fn dom(kind: PathKind) -> &'static str {
    match kind {
        PathKind::Mosp => "mosp",
        PathKind::Ea => "ea",
        PathKind::Switch => "switch",
    }
}
