//! The continuous distributions of SPEC §7.3 as quantile functions: a draw is `F⁻¹(u)` of the
//! path's uniform, in f64 (the SPEC's one place a drawn value is binary floating point; it is
//! turned into the key's exact grammar afterwards). Parameters are in the key's unit: money in
//! currency units, rates and scales as fractions, dates and integers as whole days or units.
//! Inverse CDFs of the normal and beta distributions come from `statrs`, not hand-written
//! special functions. (`discrete` works on exact weights and lives with the draws.)

use statrs::distribution::{Beta, ContinuousCDF, Normal};
use statrs::statistics::Distribution as _;

/// A continuous distribution, its parameters checked (min < max, min <= mode <= max, sd > 0,
/// median > 0, sigma > 0): each constructor says which one is wrong.
#[derive(Clone, Debug)]
pub enum Continuous {
    Uniform {
        min: f64,
        max: f64,
    },
    Triangular {
        min: f64,
        mode: f64,
        max: f64,
    },
    /// Beta-PERT with λ = 4: `min + (max − min) × Beta(α, β)`,
    /// α = 1 + 4 (mode − min) / (max − min), β = 1 + 4 (max − mode) / (max − min).
    Pert {
        min: f64,
        max: f64,
        beta: Beta,
    },
    /// Plain, or truncated to [min, max] by mapping u onto [F(min), F(max)].
    Normal {
        normal: Normal,
        bounds: Option<(f64, f64)>,
    },
    /// `median × e^(sigma · Z)`.
    LogNormal {
        median: f64,
        sigma: f64,
    },
}

/// A parameter that does not make a distribution: which one, and what it must be.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BadParameter {
    pub parameter: &'static str,
    pub expected: &'static str,
}

fn bad(parameter: &'static str, expected: &'static str) -> BadParameter {
    BadParameter {
        parameter,
        expected,
    }
}

impl Continuous {
    pub fn uniform(min: f64, max: f64) -> Result<Continuous, BadParameter> {
        ordered(min, max)?;
        Ok(Continuous::Uniform { min, max })
    }

    pub fn triangular(min: f64, mode: f64, max: f64) -> Result<Continuous, BadParameter> {
        ordered(min, max)?;
        mode_inside(min, mode, max)?;
        Ok(Continuous::Triangular { min, mode, max })
    }

    pub fn pert(min: f64, mode: f64, max: f64) -> Result<Continuous, BadParameter> {
        ordered(min, max)?;
        mode_inside(min, mode, max)?;
        let (a, b) = (
            1.0 + 4.0 * (mode - min) / (max - min),
            1.0 + 4.0 * (max - mode) / (max - min),
        );
        let beta = Beta::new(a, b).map_err(|_| bad("mode", "a mode that gives finite shapes"))?;
        Ok(Continuous::Pert { min, max, beta })
    }

    pub fn normal(
        mean: f64,
        sd: f64,
        bounds: Option<(f64, f64)>,
    ) -> Result<Continuous, BadParameter> {
        if !(sd > 0.0 && sd.is_finite()) {
            return Err(bad("sd", "a standard deviation > 0"));
        }
        if let Some((min, max)) = bounds {
            ordered(min, max)?;
        }
        let normal = Normal::new(mean, sd).map_err(|_| bad("mean", "a finite mean"))?;
        if let Some(bounds) = bounds {
            let (a, b) = truncated_mass(&normal, bounds);
            if b - a <= 0.0 {
                return Err(bad(
                    "min",
                    "bounds where the normal has probability (within about 37 sd of the mean)",
                ));
            }
        }
        Ok(Continuous::Normal { normal, bounds })
    }

    pub fn lognormal(median: f64, sigma: f64) -> Result<Continuous, BadParameter> {
        if !(median > 0.0 && median.is_finite()) {
            return Err(bad("median", "a median > 0"));
        }
        if !(sigma > 0.0 && sigma.is_finite()) {
            return Err(bad("sigma", "a sigma > 0"));
        }
        Ok(Continuous::LogNormal { median, sigma })
    }

    /// The values a draw can take: `[min, max]`, a truncated normal's bounds, a plain
    /// normal's mean ± 8.3 sd (SPEC §7.3: beyond it a draw is rarer than 1 in 10^16), and by
    /// the same rule a lognormal's median × e^(±8.3 sigma) — its true support (0, ∞) would
    /// leave every bounded key's range, `revenue.scale=lognormal(1,0.25)` included.
    pub fn support(&self) -> (f64, f64) {
        match self {
            Continuous::Uniform { min, max } | Continuous::Triangular { min, max, .. } => {
                (*min, *max)
            }
            Continuous::Pert { min, max, .. } => (*min, *max),
            Continuous::Normal { normal, bounds } => bounds.unwrap_or_else(|| {
                use statrs::statistics::Distribution;
                let mean = normal.mean().unwrap_or(0.0);
                let sd = normal.std_dev().unwrap_or(0.0);
                (mean - 8.3 * sd, mean + 8.3 * sd)
            }),
            Continuous::LogNormal { median, sigma } => {
                (median * (-8.3 * sigma).exp(), median * (8.3 * sigma).exp())
            }
        }
    }

    /// `F⁻¹(u)`, with u clamped strictly inside (0, 1): to [2^-64, 1 − 2^-53]. The sampler's
    /// uniforms all lie inside (they are at least 2^-54), so only the support's ends
    /// (`u` = 0 or 1) are clamped; and statrs' inverse beta panics for u below about 10^-200,
    /// while 2^-64 is safe for every PERT (checked over 2.2 million shapes and uniforms).
    pub fn quantile(&self, u: f64) -> f64 {
        // NaN never comes from the sampler; a caller's NaN is the median, not a panic.
        let u = if u.is_nan() { 0.5 } else { u };
        let u = u.clamp(SMALLEST_U, 1.0 - f64::EPSILON / 2.0);
        match self {
            Continuous::Uniform { min, max } => min + (max - min) * u,
            Continuous::Triangular { min, mode, max } => {
                let (width, left, right) = (max - min, mode - min, max - mode);
                if u * width < left {
                    min + (u * width * left).sqrt()
                } else {
                    max - ((1.0 - u) * width * right).sqrt()
                }
            }
            Continuous::Pert { min, max, beta } => min + (max - min) * beta.inverse_cdf(u),
            Continuous::Normal { normal, bounds } => match bounds {
                None => normal.inverse_cdf(u),
                Some((lo, hi)) => {
                    let (a, b) = truncated_mass(normal, (*lo, *hi));
                    if upper_tail(normal, *lo) {
                        // Reflected about the mean (see `truncated_mass`): u = 0 is still min.
                        let mean = 2.0 * normal.mean().unwrap_or(0.0);
                        (mean - normal.inverse_cdf(a + (1.0 - u) * (b - a))).clamp(*lo, *hi)
                    } else {
                        normal.inverse_cdf(a + u * (b - a)).clamp(*lo, *hi)
                    }
                }
            },
            Continuous::LogNormal { median, sigma } => {
                let z = Normal::standard().inverse_cdf(u);
                median * (sigma * z).exp()
            }
        }
    }
}

/// `[F(min), F(max)]` of a truncated normal (SPEC §7.3), computed where f64 resolves it: when
/// min lies above the mean, F near 1 keeps no digits of the tail, so the interval is taken
/// reflected about the mean, `[F(2m − max), F(2m − min)]`, near 0 — the same mapping of u by
/// symmetry, F(2m − t) = 1 − F(t), with the tail's precision kept.
fn truncated_mass(normal: &Normal, (lo, hi): (f64, f64)) -> (f64, f64) {
    if upper_tail(normal, lo) {
        let m2 = 2.0 * normal.mean().unwrap_or(0.0);
        (normal.cdf(m2 - hi), normal.cdf(m2 - lo))
    } else {
        (normal.cdf(lo), normal.cdf(hi))
    }
}

fn upper_tail(normal: &Normal, lo: f64) -> bool {
    lo > normal.mean().unwrap_or(0.0)
}

/// 2^-64: see [`Continuous::quantile`].
const SMALLEST_U: f64 = 1.0 / 18_446_744_073_709_551_616.0;

fn ordered(min: f64, max: f64) -> Result<(), BadParameter> {
    if min.is_finite() && max.is_finite() && min < max {
        Ok(())
    } else {
        Err(bad("max", "a max above min"))
    }
}

fn mode_inside(min: f64, mode: f64, max: f64) -> Result<(), BadParameter> {
    if (min..=max).contains(&mode) {
        Ok(())
    } else {
        Err(bad("mode", "a mode between min and max"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::montecarlo::sampling::{Sampler, Sampling};

    /// 20,000 Latin-hypercube draws: every stratum of 1/20,000 holds one, so the empirical
    /// quantiles sit within a stratum of the true ones and the mean within a few parts in 10^4
    /// (a wrong formula is off by far more).
    fn draws(d: &Continuous) -> Vec<f64> {
        let n = 20_000;
        let sampler = Sampler::new(3, n, Sampling::Lhs);
        let mut x: Vec<f64> = (0..n).map(|i| d.quantile(sampler.u(i, 0))).collect();
        x.sort_by(f64::total_cmp);
        x
    }

    fn mean(x: &[f64]) -> f64 {
        x.iter().sum::<f64>() / x.len() as f64
    }

    /// The nearest-rank quantile (the ⌈q·n⌉-th smallest), as `mc_summary.csv` takes them.
    fn quantile(x: &[f64], q: f64) -> f64 {
        x[((q * x.len() as f64).ceil() as usize).max(1) - 1]
    }

    fn close(got: f64, want: f64, tolerance: f64, what: &str) {
        assert!((got - want).abs() <= tolerance, "{what}: {got} vs {want}");
    }

    #[test]
    fn uniform_and_triangular_match_their_closed_forms() {
        let x = draws(&Continuous::uniform(20.0, 60.0).unwrap());
        close(mean(&x), 40.0, 0.01, "uniform mean");
        close(quantile(&x, 0.1), 24.0, 0.01, "uniform P10");
        close(quantile(&x, 0.9), 56.0, 0.01, "uniform P90");
        // Triangular(0, 3, 10): mean (0 + 3 + 10) / 3; F(x) = x² / 30 below the mode, so
        // P10 = √3; above it 1 − (10 − x)² / 70, so P90 = 10 − √7.
        let x = draws(&Continuous::triangular(0.0, 3.0, 10.0).unwrap());
        close(mean(&x), 13.0 / 3.0, 0.005, "triangular mean");
        close(quantile(&x, 0.1), 3f64.sqrt(), 0.005, "triangular P10");
        close(
            quantile(&x, 0.9),
            10.0 - 7f64.sqrt(),
            0.005,
            "triangular P90",
        );
    }

    #[test]
    fn pert_has_the_mean_min_plus_four_modes_plus_max_over_six() {
        // PERT(20, 38, 60): mean (20 + 4 × 38 + 60) / 6 = 38.666…
        let x = draws(&Continuous::pert(20.0, 38.0, 60.0).unwrap());
        close(
            mean(&x),
            (20.0 + 4.0 * 38.0 + 60.0) / 6.0,
            0.01,
            "PERT mean",
        );
        assert!(x.first().is_some_and(|&v| v >= 20.0) && x.last().is_some_and(|&v| v <= 60.0));
    }

    #[test]
    fn normal_and_lognormal_have_their_mean_median_and_tails() {
        // Normal(100, 15): P10 and P90 at 100 ∓ 1.2815516 × 15.
        let x = draws(&Continuous::normal(100.0, 15.0, None).unwrap());
        close(mean(&x), 100.0, 0.05, "normal mean");
        close(
            quantile(&x, 0.1),
            100.0 - 1.281_551_6 * 15.0,
            0.05,
            "normal P10",
        );
        close(
            quantile(&x, 0.9),
            100.0 + 1.281_551_6 * 15.0,
            0.05,
            "normal P90",
        );
        // Truncated to [90, 130]: every draw inside.
        let t = draws(&Continuous::normal(100.0, 15.0, Some((90.0, 130.0))).unwrap());
        assert!(t.iter().all(|v| (90.0..=130.0).contains(v)));
        // Lognormal(1, 0.25): median 1, P90 = e^(0.25 × 1.2815516).
        let x = draws(&Continuous::lognormal(1.0, 0.25).unwrap());
        close(quantile(&x, 0.5), 1.0, 0.001, "lognormal median");
        close(
            quantile(&x, 0.9),
            (0.25f64 * 1.281_551_6).exp(),
            0.002,
            "lognormal P90",
        );
    }

    #[test]
    fn bad_parameters_are_named() {
        assert_eq!(Continuous::uniform(5.0, 5.0).unwrap_err().parameter, "max");
        assert_eq!(
            Continuous::triangular(0.0, 11.0, 10.0)
                .unwrap_err()
                .parameter,
            "mode"
        );
        assert_eq!(
            Continuous::normal(0.0, 0.0, None).unwrap_err().parameter,
            "sd"
        );
        assert_eq!(
            Continuous::lognormal(0.0, 1.0).unwrap_err().parameter,
            "median"
        );
        assert_eq!(
            Continuous::lognormal(1.0, -1.0).unwrap_err().parameter,
            "sigma"
        );
    }
}
