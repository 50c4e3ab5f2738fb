//! The money axis: a round top and one unit for every label, so a deck reads `$10B`, not
//! `$10,000,000,000`.

/// A round top for the money axis: 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 × 10^k at or above `v`.
pub fn nice_ceiling(v: f64) -> f64 {
    if !v.is_finite() || v <= 0.0 {
        return 1.0;
    }
    let magnitude = 10f64.powf(v.log10().floor());
    [1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0]
        .into_iter()
        .map(|m| m * magnitude)
        .find(|c| *c >= v * (1.0 - 1e-12))
        .unwrap_or(10.0 * magnitude)
}

/// One unit for every label on an axis, chosen from the axis maximum: `$10B`, `$250M`, `$40K`.
#[derive(Clone, Copy, Debug)]
pub struct AxisUnit {
    divisor: f64,
    suffix: &'static str,
}

impl AxisUnit {
    pub fn for_max(max: f64) -> Self {
        let (divisor, suffix) = [(1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")]
            .into_iter()
            .find(|(d, _)| max >= *d)
            .unwrap_or((1.0, ""));
        Self { divisor, suffix }
    }

    /// `$1.5B`; whole numbers without decimals; at most two decimals, trailing zeros dropped.
    pub fn format(&self, v: f64, currency: &str) -> String {
        let scaled = v / self.divisor;
        let text = format!("{scaled:.2}");
        let text = text.trim_end_matches('0').trim_end_matches('.');
        if text == "0" || text == "-0" {
            return format!("{currency}0");
        }
        format!("{currency}{text}{}", self.suffix)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_ceilings() {
        assert_eq!(nice_ceiling(0.0), 1.0);
        assert_eq!(nice_ceiling(f64::NAN), 1.0);
        assert_eq!(nice_ceiling(38.0e9), 40.0e9);
        assert_eq!(nice_ceiling(41.0e9), 50.0e9);
        assert_eq!(nice_ceiling(1.1e9), 1.2e9);
        assert_eq!(nice_ceiling(100.0), 100.0);
    }

    #[test]
    fn axis_labels_share_one_unit() {
        let unit = AxisUnit::for_max(40e9);
        assert_eq!(unit.format(0.0, "$"), "$0");
        assert_eq!(unit.format(1.5e9, "$"), "$1.5B");
        assert_eq!(unit.format(250e6, "$"), "$0.25B");
        assert_eq!(AxisUnit::for_max(300e6).format(250e6, "$"), "$250M");
        assert_eq!(AxisUnit::for_max(50e3).format(40e3, "€"), "€40K");
        assert_eq!(AxisUnit::for_max(0.5).format(0.25, "$"), "$0.25");
    }
}
