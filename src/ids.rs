//! DOM ids of the quote's fields, and which field an engine problem's JSON path names.
//!
//! Both live here so the field a problem is shown at and the error summary's link to it
//! can never disagree. Paths are matched by their typed segments, never their text. Ids
//! are built from the quote's own ids (stable when rows move), escaped so any id from an
//! imported quote still makes a valid, space-free DOM id.

use crate::mode::Mode;
use licalc_engine::path::{JsonPath, Part};
use licalc_engine::{PriceBook, Quote, Unit};

/// `[A-Za-z0-9-]` kept, anything else as `_` and its code point: distinct ids stay distinct.
pub fn key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii_alphanumeric() || c == '-' {
            out.push(c);
        } else {
            out.push_str(&format!("_{:x}_", c as u32));
        }
    }
    out
}

pub fn transaction(id: &str, field: &str) -> String {
    format!("tx-{}-{field}", key(id))
}

pub fn change(id: &str, j: usize, field: &str) -> String {
    format!("tx-{}-change-{j}-{field}", key(id))
}

#[cfg(feature = "partner")]
pub fn partner(id: &str, field: &str) -> String {
    format!("partner-{}-{field}", key(id))
}

pub fn range(partner_id: &str, condition: &str, j: usize, field: &str) -> String {
    format!("partner-{}-{condition}-{j}-{field}", key(partner_id))
}

pub fn por_scope(i: usize) -> String {
    format!("por-{i}-scope")
}

pub fn por_change(i: usize, j: usize, field: &str) -> String {
    format!("por-{i}-change-{j}-{field}")
}

pub fn service_line(id: &str, field: &str) -> String {
    format!("svc-{}-{field}", key(id))
}

pub fn true_up(j: usize, field: &str) -> String {
    format!("trueup-{j}-{field}")
}

pub fn figure(figure_key: &str) -> String {
    format!("figure-{}", key(figure_key))
}

pub const CUSTOMER_QUALIFIED: &str = "customer-qualified";
pub const CUSTOMER_CANCEL: &str = "customer-cancel";
pub const HORIZON_MONTHS: &str = "horizon-months";
#[cfg(feature = "partner")]
pub const START: &str = "quote-start";
pub const SWITCH_MONTH: &str = "switch-month";

/// The customer form's fields (customer mode).
pub mod form {
    pub const USERS: &str = "cf-users";
    pub const PCS: &str = "cf-pcs";
    pub const QUALIFIED: &str = "cf-qualified";
    pub const SA_PCS: &str = "cf-sa-pcs";
    pub const STEP_UP: &str = "cf-step-up";
}

/// The DOM id of the field showing the value at this JSON path in this mode, if the
/// app has one. Problems with no field (a duplicated id in an opened quote, a price
/// book made invalid by overrides) are listed in the error summary only.
pub fn for_path(q: &Quote, book: &PriceBook, path: &JsonPath, mode: Mode) -> Option<String> {
    let parts = path.parts();
    if mode == Mode::Customer {
        return for_form(q, book, &parts);
    }
    use Part::{Index as I, Key as K};
    Some(match parts.as_slice() {
        [K("customer"), K("qualified")] => CUSTOMER_QUALIFIED.into(),
        [K("customer"), K("cancel_month")] => CUSTOMER_CANCEL.into(),
        [K("customer"), K("true_ups"), I(j), K(f)] => true_up(*j, f),
        [K("horizon_months")] => HORIZON_MONTHS.into(),
        [K("switch_month")] => SWITCH_MONTH.into(),
        [K("transactions"), I(i), rest @ ..] => {
            let t = &q.transactions.get(*i)?.id;
            match rest {
                [] => transaction(t, "service"),
                [K(
                    f @ ("service" | "quantity" | "start_month" | "end_month" | "step_up_units"
                    | "sa_covered_devices"),
                )] => transaction(t, f),
                [K("changes"), I(j), K(f)] => change(t, *j, f),
                _ => return None,
            }
        }
        [K("partners"), I(i), K("eligibility"), K(c), I(j), K(f)] => {
            let f = if *f == "from_month" { "from" } else { "to" };
            range(&q.partners.get(*i)?.id, c, *j, f)
        }
        [K("por"), I(i), K("scope"), ..] | [K("por"), I(i), K("changes")] => por_scope(*i),
        [K("por"), I(i), K("changes"), I(j), K("from_month")] => por_change(*i, *j, "month"),
        [K("por"), I(i), K("changes"), I(j), K("partner")] => por_change(*i, *j, "partner"),
        [K("services"), I(i), rest @ ..] => {
            let id = &q.services.get(*i)?.id;
            match rest {
                [K("price"), K(f), ..] => service_line(id, f),
                [K(f)] => service_line(id, f),
                _ => service_line(id, "partner"),
            }
        }
        [K("overrides"), I(i), ..] => figure(&q.overrides.get(*i)?.figure),
        _ => return None,
    })
}

/// Customer mode shows a short form: the quote's counts map onto its few fields.
fn for_form(q: &Quote, book: &PriceBook, parts: &[Part]) -> Option<String> {
    use Part::{Index as I, Key as K};
    let device = |i: &usize| {
        q.transactions
            .get(*i)
            .and_then(|t| book.service(&t.service))
            .is_some_and(|s| s.unit == Unit::Device)
    };
    Some(
        match parts {
            [K("customer"), K("qualified")] => form::QUALIFIED,
            [K("transactions"), I(i), .., K("quantity")] if device(i) => form::PCS,
            [K("transactions"), I(_), .., K("quantity")] => form::USERS,
            [K("transactions"), I(_), .., K("sa_covered_devices")] => form::SA_PCS,
            [K("transactions"), I(_), .., K("step_up_units")] => form::STEP_UP,
            _ => return None,
        }
        .to_string(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(q: &Quote, path: &str) -> Option<String> {
        for_path(
            q,
            &PriceBook::default_book(),
            &path.parse().unwrap(),
            Mode::Partner,
        )
    }

    #[test]
    fn paths_map_to_the_fields_that_show_them() {
        let q = Quote::example();
        assert_eq!(
            at(&q, "$.transactions[1].quantity").as_deref(),
            Some("tx-t2-quantity")
        );
        assert_eq!(at(&q, "$.transactions[9].quantity"), None);
        assert_eq!(at(&q, "$.transactions[0].id"), None);
        assert_eq!(
            at(&q, "$.transactions[0].changes[2].quantity").as_deref(),
            Some("tx-t1-change-2-quantity")
        );
        assert_eq!(
            at(&q, "$.partners[1].eligibility.agreement[0].to_month").as_deref(),
            Some("partner-fabrikam-agreement-0-to")
        );
        assert_eq!(
            at(&q, "$.por[1].changes[1].from_month").as_deref(),
            Some("por-1-change-1-month")
        );
        assert_eq!(
            at(&q, "$.por[0].scope.service").as_deref(),
            Some("por-0-scope")
        );
        assert_eq!(at(&q, "$.por[0].changes").as_deref(), Some("por-0-scope"));
        assert_eq!(
            at(&q, "$.customer.cancel_month").as_deref(),
            Some("customer-cancel")
        );
        assert_eq!(at(&q, "$.format"), None);
        // A warning about a whole transaction (F6: no POR) leads to its first field.
        assert_eq!(
            at(&q, "$.transactions[0]").as_deref(),
            Some("tx-t1-service")
        );
    }

    #[test]
    fn in_customer_mode_counts_map_to_the_short_form() {
        let q = Quote::example();
        let book = PriceBook::default_book();
        let at = |p: &str| for_path(&q, &book, &p.parse().unwrap(), Mode::Customer);
        assert_eq!(
            at("$.transactions[0].quantity").as_deref(),
            Some(form::USERS)
        );
        assert_eq!(at("$.transactions[1].quantity").as_deref(), Some(form::PCS));
        assert_eq!(
            at("$.transactions[1].sa_covered_devices").as_deref(),
            Some(form::SA_PCS)
        );
        assert_eq!(at("$.por[0].scope"), None);
    }

    #[test]
    fn keys_are_safe_and_distinct() {
        assert_eq!(key("t1"), "t1");
        assert_ne!(key("a b"), key("a-b"));
        assert!(!key("a b\"c").contains(' '));
    }
}
