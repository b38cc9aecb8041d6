//! Parsing of what people type, shared by the engine's checks and the app's fields so
//! that a bad value gets the same clear message everywhere.

use rust_decimal::Decimal;
use std::str::FromStr;

/// A whole number of units or months, as typed (`"250"`, `" 1,000 "`).
pub fn parse_count(input: &str) -> Result<u32, String> {
    let s = input.trim().replace(',', "");
    if s.is_empty() {
        return Err("enter a whole number".into());
    }
    if s.starts_with('-') {
        return Err("must not be negative".into());
    }
    if s.contains('.') || s.contains('e') || s.contains('E') {
        return Err("must be a whole number, without a fraction".into());
    }
    if !s.bytes().all(|b| b.is_ascii_digit() || b == b'+') {
        return Err(format!("\"{}\" is not a number", input.trim()));
    }
    s.trim_start_matches('+')
        .parse::<u32>()
        .map_err(|_| format!("is too large: at most {}", u32::MAX))
}

/// A decimal amount or rate, as typed (`"10.00"`, `"0.12"`). Never via `f64`.
pub fn parse_decimal(input: &str) -> Result<Decimal, String> {
    let s = input.trim().replace(',', "");
    if s.is_empty() {
        return Err("enter a number".into());
    }
    if !s
        .bytes()
        .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-' || b == b'+')
    {
        return Err(format!("\"{}\" is not a number", input.trim()));
    }
    Decimal::from_str(&s).map_err(|_| {
        let digits = s.bytes().filter(u8::is_ascii_digit).count();
        if digits > 28 {
            "is too large to compute with exactly".to_string()
        } else {
            format!("\"{}\" is not a number", input.trim())
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_reject_what_is_not_a_whole_non_negative_number() {
        assert_eq!(parse_count(" 1,000 "), Ok(1000));
        assert_eq!(parse_count("+5"), Ok(5));
        assert!(parse_count("").unwrap_err().contains("whole number"));
        assert!(parse_count("abc").unwrap_err().contains("not a number"));
        assert!(parse_count("-3").unwrap_err().contains("negative"));
        assert!(parse_count("2.5").unwrap_err().contains("fraction"));
        assert!(parse_count("1000000000000000000000000000000")
            .unwrap_err()
            .contains("too large"));
        assert!(parse_count("1e30").unwrap_err().contains("fraction"));
    }

    #[test]
    fn decimals_are_exact_and_bounded() {
        assert_eq!(parse_decimal("10.05").unwrap().to_string(), "10.05");
        assert!(parse_decimal("ten").is_err());
        assert!(parse_decimal("1000000000000000000000000000000")
            .unwrap_err()
            .contains("too large"));
        assert!(parse_decimal("").is_err());
    }
}
