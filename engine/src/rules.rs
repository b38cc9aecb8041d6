//! The rules the engine implements, by id (`docs/rules.md` says each at length).
//!
//! A [`Rule`] is a value, not a string: results, problems and explanations carry it, the
//! app turns it into a control that shows [`Rule::text`], and a test checks that every
//! rule has a text here and a section in `docs/rules.md`. The texts are kept short on
//! purpose: they ship in the app's wasm.

use serde::{Serialize, Serializer};
use std::fmt;

macro_rules! rules {
    ($($id:ident: $title:literal => $text:literal;)*) => {
        /// A rule id of `docs/rules.md` (T1, M3, P2, F3, …).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[repr(u8)]
        pub enum Rule { $($id),* }

        impl Rule {
            /// Every rule, in the order of `docs/rules.md`.
            pub const ALL: &'static [Rule] = &[$(Rule::$id),*];

            /// The id as written in the rules: `"F3"`.
            pub fn id(self) -> &'static str {
                match self { $(Rule::$id => stringify!($id)),* }
            }

            /// A few words naming the rule: "Transaction fee".
            pub fn title(self) -> &'static str {
                match self { $(Rule::$id => $title),* }
            }

            /// What the rule says, in one or two sentences.
            pub fn text(self) -> &'static str {
                match self { $(Rule::$id => $text),* }
            }
        }
    };
}

rules! {
    T1: "Billing months" => "Time is counted in whole billing months from month 1, the quote's first month, up to its horizon (36 by default, at most 240). Billing is monthly, with no proration of part months.";
    T2: "Calendar start" => "A quote can name the calendar month its month 1 is (YYYY-MM); tables then show real months, and quotes in a portfolio line up by calendar month.";
    T3: "Quantity changes" => "A transaction's quantity, Step-Up units and SA-covered devices can change from a given month. It stays one transaction: one charge row a month at that month's figures, the same first year and the same Partner of Record. A quantity of 0 bills nothing that month.";
    T4: "Eligibility over time" => "Each of a partner's eligibility conditions (membership, partner agreement, assessment) is a list of month ranges, so it can lapse and be renewed.";
    T5: "EA true-up" => "The qualified count can change at each EA anniversary (EA years are months 1-12, 13-24, … of the EA); each EA year's price level comes from its count, and a year without a count keeps the previous one.";
    T6: "Moving to an EA" => "A plan \"MOSP, then EA from month X\" prices the months before X on MOSP (bands, POR fees) and the months from X on an EA (levels by EA year counted from X, no POR fees).";
    M1: "Exact money" => "Money is exact decimal, never floating point. A price book names one currency, and amounts are rounded to its minor unit (2 places for USD, 0 for JPY).";
    M2: "Rounding" => "Rounding is half away from zero: 1.605 becomes 1.61, not 1.60.";
    M3: "Charge row" => "What the customer pays for one transaction in one month is round(unit price x quantity). Unit prices keep every place; only the row is rounded.";
    M4: "Fee row" => "What one partner earns from one transaction in one month for one fee type is round(rate x charge row).";
    M5: "Totals are sums" => "Every total is the sum of the rows it totals: a month of its rows, a year of its months, the horizon of its years.";
    C1: "Price book" => "Prices are data in a price book with an id, a version, a currency, an effective date and, for every figure, its source and whether it is verified. Any figure can be overridden per quote, or a whole book loaded.";
    C2: "Per user or per device" => "Services are licensed per user or per device, as monthly subscriptions.";
    C3: "Catalogue" => "The price book lists the services that can be bought: BPOS Standard Suite and its four parts, BPOS Deskless Worker Suite, Windows Intune and the MDOP add-on.";
    C4: "Suites" => "A suite bundles services. When a quote buys every part of a suite separately for the same users, the app shows what the suite would save.";
    P1: "Two ways to buy" => "Without an Enterprise Agreement, services are bought on the online subscription program (MOSP) with volume bands; with an EA, EAS, Government EA or Campus/School Agreement, through the agreement at its price level.";
    P2: "MOSP volume bands" => "On MOSP the band is set per service from that service's total units in the month (1-249, 250-2,399, 2,400-5,999, 6,000-14,999, 15,000+), and the band's price applies to every unit.";
    P3: "Minimum quantity" => "A service may have a minimum (5 users for BPOS, 1 device for Windows Intune) in every month in which any of it is bought.";
    P4: "EA price level" => "On an EA the price level comes from the qualified users or devices: A from 250, B from 2,400, C from 6,000, D from 15,000. Below 250 an EA is not available; its figures are shown as a what-if at level A.";
    P5: "Step-Up" => "On an EA, units already covered by on-premises licences with active Software Assurance pay the lower Step-Up price; the level discount applies to both prices.";
    P6: "Comparison" => "The same quote is priced on each way to buy: first month, last month, first year and the whole horizon, with the difference and which one is cheaper.";
    I1: "Windows Intune" => "Windows Intune is licensed per device with no minimum, bought on MOSP or through an EA.";
    I2: "Intune volume price" => "Windows Intune's volume discount starts at 250 devices and then applies to every device.";
    I3: "Client SA credit" => "Each Intune device covered by Windows Client Software Assurance gets a monthly credit off its price after the discount, never below zero, on both ways to buy.";
    I4: "MDOP add-on" => "MDOP is sold per device only with Windows Intune, never for more devices than Intune has in the same month.";
    I5: "One row with the credit" => "A transaction with SA-covered devices is still one charge row a month: round(price x uncovered + credited price x covered).";
    F1: "Fees on MOSP only" => "Partner of Record fees are earned on purchases through the customer portal (MOSP). EA purchases earn none in this model.";
    F2: "Eligibility" => "A partner earns a fee for a month only if in that month it has an active partner network membership, an accepted partner agreement (MOSPA) and a passed assessment. Otherwise the fee goes to nobody.";
    F3: "Transaction fee" => "12% of what the customer pays for a transaction in its first 12 months, to the partner who was Partner of Record when it started, for the whole year, even if the customer changes partner.";
    F4: "Residual fee" => "6% of what the customer pays for a transaction each month, to that month's Partner of Record, for as long as the customer stays: it does not end after year 1 or 3.";
    F5: "18% then 6%" => "So a partner who stays Partner of Record earns 18% of the first year's payments, then 6%.";
    F6: "Changing partner" => "The customer can change the Partner of Record from any month, per service or per transaction; a transaction's own choice wins over its service's. Months without one earn nobody a fee.";
    F7: "Added seats" => "Seats added later are a new transaction, with their own first year and their own Partner of Record.";
    F8: "Cancellation" => "A customer who cancels at a month pays nothing from that month on, and no fees or partner services accrue.";
    F9: "Fee terms are figures" => "The fee rates (12%, 6%) and the first year's length (12 months) are price-book figures with their sources, not constants.";
    S1: "Partner services" => "A partner can add its own service lines (customisation, migration and integration, managed services, other) at its own prices: a fixed or per-unit amount once in a month, or each month over months a to b; units can follow a transaction's quantity.";
    S2: "Service rows" => "A service row is one line in one month, round(price x units); the customer's view shows licences, partner services and their sum.";
    S3: "Partner earnings" => "A partner earns its Partner of Record fees plus its service rows. Fee eligibility does not touch service revenue; a cancellation stops every line.";
    V1: "Portfolio" => "A portfolio is a set of quotes in one currency, lined up by calendar month: each partner's transaction fees, residual fees, services revenue and forfeited fees per month, per customer and in total, each a sum of the quotes' own rows.";
    V2: "Attention list" => "Soonest first: forfeited fees, first years ending within 3 months (fees fall from 18% to 6%), eligibility conditions ending within 3 months, and volume cliffs.";
    V3: "Open from the portfolio" => "A customer's quote opens from the portfolio in the calculator, and the way back returns to the portfolio.";
    R1: "Fee statement" => "A fee statement lists what a partner was paid. Reconciled against the expected fee rows, each line is equal, paid with a difference, expected but not paid, or paid but not expected, compared to the cent.";
    R2: "Bad statement lines" => "A statement line that cannot be read is listed with its line number and reason; the good lines are still reconciled.";
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl Serialize for Rule {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

impl std::str::FromStr for Rule {
    type Err = ();
    fn from_str(s: &str) -> Result<Rule, ()> {
        Rule::ALL.iter().copied().find(|r| r.id() == s).ok_or(())
    }
}

/// A set of rules, as a bit set: a row carries the rules that produced it without an
/// allocation per row. Iterates in [`Rule::ALL`] order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Rules(u64);

impl Rules {
    pub const fn new() -> Rules {
        Rules(0)
    }

    /// A `const fn`, so that a constant set is made once, when the program is built.
    pub const fn of(rules: &[Rule]) -> Rules {
        let (mut set, mut i) = (Rules::new(), 0);
        while i < rules.len() {
            set = set.with(rules[i]);
            i += 1;
        }
        set
    }

    pub const fn with(self, r: Rule) -> Rules {
        Rules(self.0 | 1 << r as u8)
    }

    pub fn contains(self, r: Rule) -> bool {
        self.0 & (1 << r as u8) != 0
    }

    pub fn union(self, other: Rules) -> Rules {
        Rules(self.0 | other.0)
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn iter(self) -> impl Iterator<Item = Rule> {
        Rule::ALL.iter().copied().filter(move |&r| self.contains(r))
    }
}

impl Serialize for Rules {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_has_a_title_and_a_text_and_round_trips_by_id() {
        assert!(Rule::ALL.len() < 64, "Rules is a u64 bit set");
        for &r in Rule::ALL {
            assert!(!r.title().is_empty() && r.text().len() > 20, "{r}");
            assert_eq!(r.id().parse::<Rule>(), Ok(r));
        }
        assert_eq!("Z9".parse::<Rule>(), Err(()));
    }

    #[test]
    fn a_rule_set_keeps_the_documented_order() {
        let s = Rules::of(&[Rule::F4, Rule::M4, Rule::F1]);
        assert_eq!(s.iter().collect::<Vec<_>>(), [Rule::M4, Rule::F1, Rule::F4]);
        assert!(s.contains(Rule::F1) && !s.contains(Rule::F3));
        assert_eq!(serde_json::to_string(&s).unwrap(), r#"["M4","F1","F4"]"#);
    }
}
