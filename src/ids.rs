//! DOM ids of the quote's fields, and which field an engine problem's JSON path names.
//!
//! Both live here so the field a problem is shown at and the error summary's link to it
//! can never disagree. Ids are built from the quote's own ids (stable when rows move),
//! escaped so any id from an imported quote still makes a valid, space-free DOM id.

use licalc_engine::Quote;

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

pub fn partner(id: &str, field: &str) -> String {
    format!("partner-{}-{field}", key(id))
}

pub fn por_scope(i: usize) -> String {
    format!("por-{i}-scope")
}

pub fn por_change(i: usize, j: usize, field: &str) -> String {
    format!("por-{i}-change-{j}-{field}")
}

pub fn figure(figure_key: &str) -> String {
    format!("figure-{}", key(figure_key))
}

pub const CUSTOMER_QUALIFIED: &str = "customer-qualified";
pub const CUSTOMER_CANCEL: &str = "customer-cancel";
pub const HORIZON_MONTHS: &str = "horizon-months";
pub const IMPORT: &str = "import-json";

/// `$.transactions[12].quantity` -> `("transactions", 12, "quantity")`.
fn indexed<'a>(path: &'a str, list: &str) -> Option<(usize, &'a str)> {
    let rest = path
        .strip_prefix("$.")?
        .strip_prefix(list)?
        .strip_prefix('[')?;
    let (i, rest) = rest.split_once(']')?;
    Some((i.parse().ok()?, rest.strip_prefix('.').unwrap_or(rest)))
}

/// The DOM id of the field showing the value at this JSON path, if the app has one.
/// Problems with no field (a duplicated id in an imported quote, a price book made
/// invalid by overrides) are listed in the error summary only.
pub fn for_path(q: &Quote, path: &str) -> Option<String> {
    match path {
        "$.customer.qualified" => return Some(CUSTOMER_QUALIFIED.into()),
        "$.customer.cancel_month" => return Some(CUSTOMER_CANCEL.into()),
        "$.horizon_months" => return Some(HORIZON_MONTHS.into()),
        _ => {}
    }
    if let Some((i, field)) = indexed(path, "transactions") {
        let t = q.transactions.get(i)?;
        return match field {
            "service" | "quantity" | "start_month" | "end_month" | "step_up_units"
            | "sa_covered_devices" => Some(transaction(&t.id, field)),
            // The whole transaction (a warning about it): its first field.
            "" => Some(transaction(&t.id, "service")),
            _ => None,
        };
    }
    if let Some((i, field)) = indexed(path, "partners") {
        let p = q.partners.get(i)?;
        let f = match field {
            "eligibility.membership.from_month" => "membership-from",
            "eligibility.membership.to_month" => "membership-to",
            "eligibility.agreement.from_month" => "agreement-from",
            "eligibility.agreement.to_month" => "agreement-to",
            "eligibility.assessment_passed_month" => "assessment",
            _ => return None,
        };
        return Some(partner(&p.id, f));
    }
    if let Some((i, field)) = indexed(path, "por") {
        if field.starts_with("scope") || field == "changes" {
            return Some(por_scope(i));
        }
        let changes = format!("$.{field}");
        let (j, f) = indexed(&changes, "changes")?;
        return match f {
            "from_month" => Some(por_change(i, j, "month")),
            "partner" => Some(por_change(i, j, "partner")),
            _ => None,
        };
    }
    if let Some((i, "value")) = indexed(path, "overrides") {
        return q.overrides.get(i).map(|o| figure(&o.figure));
    }
    None
}

/// Where a JSON path points, in words, for the error summary: "Transaction t2, quantity".
pub fn place(q: &Quote, path: &str) -> String {
    let words = |s: &str| s.replace("eligibility.", "").replace(['_', '.'], " ");
    if let Some((i, field)) = indexed(path, "transactions") {
        let id = q
            .transactions
            .get(i)
            .map_or_else(|| format!("{}", i + 1), |t| t.id.clone());
        if field.is_empty() {
            return format!("Transaction {id}");
        }
        return format!("Transaction {id}, {}", words(field));
    }
    if let Some((i, field)) = indexed(path, "partners") {
        let name = q.partners.get(i).map_or_else(
            || format!("{}", i + 1),
            |p| {
                if p.name.trim().is_empty() {
                    p.id.clone()
                } else {
                    p.name.clone()
                }
            },
        );
        return format!("Partner {name}, {}", words(field));
    }
    if let Some((i, field)) = indexed(path, "por") {
        let changes = format!("$.{field}");
        let rest = match indexed(&changes, "changes") {
            Some((j, f)) => format!("change {}, {}", j + 1, words(f)),
            None => words(field),
        };
        return format!("POR assignment {}, {rest}", i + 1);
    }
    if let Some((i, _)) = indexed(path, "overrides") {
        return q.overrides.get(i).map_or_else(
            || "Price book override".to_string(),
            |o| format!("Price book figure {}", o.figure),
        );
    }
    match path {
        "$.customer.qualified" => "Qualified users or devices".into(),
        "$.customer.cancel_month" => "Cancellation month".into(),
        "$.horizon_months" => "Horizon".into(),
        "$.overrides" => "Price book overrides".into(),
        "$.price_book" => "Price book".into(),
        "$" | "" => "Quote".into(),
        p => p.trim_start_matches("$.").to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_map_to_the_fields_that_show_them() {
        let q = Quote::default_quote();
        assert_eq!(
            for_path(&q, "$.transactions[1].quantity").as_deref(),
            Some("tx-t2-quantity")
        );
        assert_eq!(for_path(&q, "$.transactions[9].quantity"), None);
        assert_eq!(for_path(&q, "$.transactions[0].id"), None);
        assert_eq!(
            for_path(&q, "$.partners[1].eligibility.agreement.to_month").as_deref(),
            Some("partner-fabrikam-agreement-to")
        );
        assert_eq!(
            for_path(&q, "$.por[1].changes[1].from_month").as_deref(),
            Some("por-1-change-1-month")
        );
        assert_eq!(
            for_path(&q, "$.por[0].scope.service").as_deref(),
            Some("por-0-scope")
        );
        assert_eq!(
            for_path(&q, "$.customer.cancel_month").as_deref(),
            Some("customer-cancel")
        );
        assert_eq!(for_path(&q, "$.format"), None);
        assert_eq!(
            place(&q, "$.transactions[1].start_month"),
            "Transaction t2, start month"
        );
        assert_eq!(
            place(&q, "$.por[1].changes[0].from_month"),
            "POR assignment 2, change 1, from month"
        );
        // A warning about a whole transaction (F6: no POR) leads to its first field.
        assert_eq!(
            for_path(&q, "$.transactions[0]").as_deref(),
            Some("tx-t1-service")
        );
        assert_eq!(place(&q, "$.transactions[0]"), "Transaction t1");
    }

    #[test]
    fn keys_are_safe_and_distinct() {
        assert_eq!(key("t1"), "t1");
        assert_ne!(key("a b"), key("a-b"));
        assert!(!key("a b\"c").contains(' '));
    }
}
