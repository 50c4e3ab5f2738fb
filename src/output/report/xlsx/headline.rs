//! The headline as formulas over the Summary's live cells, worded like
//! [`crate::output::report::headline`]: `compact` (`$38.0B`), `grouped` (`38,000,000,000.00`)
//! and `percent` (`19.01%`) rebuilt with `TEXT()` and the half-even rounding of the Rust
//! versions, so the recalculated sentence reads exactly as revshare's for the same inputs.

use super::{half_even_to, literal};
use crate::output::format::currency_prefix;

/// Where the sentences find their figures: Summary cell addresses (`$B$12`).
pub struct Cells {
    pub paid: String,
    pub foregone: String,
    pub npv: String,
    pub hit_date: String,
    /// Accrued plus what was paid before (SPEC §7.2): what the cap is measured against.
    pub binding_threshold: String,
    pub effective_rate: String,
}

/// `x` as [`crate::output::format::compact`] writes it: the largest of T, B, M, K that `|x|`
/// reaches, one decimal below 100 of the unit, none from 100 on or without a unit.
pub fn compact(x: &str, currency: &str) -> String {
    let mut formula = format!("TEXT({},\"0\")", half_even_to(x, 0));
    for (divisor, suffix) in [("1E3", "K"), ("1E6", "M"), ("1E9", "B"), ("1E12", "T")] {
        let scaled = format!("({x})/{divisor}");
        let shown = format!(
            "IF(ABS({scaled})<100,TEXT({},\"0.0\"),TEXT({},\"0\"))&\"{suffix}\"",
            half_even_to(&scaled, 1),
            half_even_to(&scaled, 0)
        );
        formula = format!("IF(ABS({x})>={divisor},{shown},{formula})");
    }
    format!("{}&{formula}", literal(&currency_prefix(currency)))
}

/// `x` as [`crate::output::format::grouped`] writes it: `1,234.50`.
pub fn grouped(x: &str) -> String {
    format!("TEXT({x},\"#,##0.00\")")
}

/// A rate as [`crate::output::format::percent`] writes it: two decimals at most, no trailing
/// zeros (`20%`, `19.01%`); a number joined to text takes exactly that shortest form.
pub fn percent(x: &str) -> String {
    format!("({})&\"%\"", half_even_to(&format!("({x})*100"), 2))
}

/// Compact and exact: `$1.5B (1,500,000,000.00 USD)`.
fn both(x: &str, currency: &str) -> String {
    format!(
        "{}&\" (\"&{}&{}",
        compact(x, currency),
        grouped(x),
        literal(&format!(" {currency})"))
    )
}

/// Who pays whom how much, and its present value.
pub fn paid(cells: &Cells, subject: Option<&str>, scenario: &str, currency: &str) -> String {
    let paid = both(&cells.paid, currency);
    let npv = both(&cells.npv, currency);
    let opening = match subject {
        Some(subject) => format!("{}&{paid}&\" in total", literal(&format!("{subject} "))),
        None => format!(
            "{}&{paid}&\" is paid in total",
            literal(&format!("{scenario}: "))
        ),
    };
    format!("={opening}, worth \"&{npv}&\" at the valuation date.\"")
}

/// What the cap leaves on the table; empty when nothing is foregone.
pub fn foregone(cells: &Cells, currency: &str) -> String {
    let f = &cells.foregone;
    format!(
        "=IF(ROUND({f}*100,0)=0,\"\",{}&\" is foregone above the cap.\")",
        both(f, currency)
    )
}

/// Whether and when the cap is reached, or that the share is uncapped.
pub fn cap(cells: &Cells, currency: &str) -> String {
    let hit = &cells.hit_date;
    let cap = compact("Cap", currency);
    // How far the cap is from reached counts what was paid before, as revshare's sentence does.
    let short = compact(&format!("Cap-{}", cells.binding_threshold), currency);
    format!(
        "=IF(ISBLANK(Cap),\"The share is uncapped.\",IF({hit}<>\"\",\"The \"&{cap}&\" cap is reached on \"&IF(ISNUMBER({hit}),TEXT({hit},\"yyyy-mm-dd\"),{hit})&\".\",\"The \"&{cap}&\" cap is not reached (\"&{short}&\" short).\"))"
    )
}

/// Paid as a share of qualifying revenue, `—` when there is none.
pub fn rate(cells: &Cells) -> String {
    let r = &cells.effective_rate;
    format!(
        "=\"Effective rate: \"&IF({r}=\"\",\"—\",{})&\" of qualifying revenue.\"",
        percent(r)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compact_picks_the_largest_unit_first() {
        let f = compact("B9", "USD");
        assert!(f.starts_with("\"$\"&IF(ABS(B9)>=1E12,"), "{f}");
        // Units nest from T outwards to the plain number.
        let t = f.find("1E12").unwrap();
        let k = f.find("1E3").unwrap();
        assert!(t < k);
    }
}
