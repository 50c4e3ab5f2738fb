//! The cap's place in a grid. When `share.cap` is varied, anywhere in the key order, the cases
//! that differ only in the cap form one *combination* of the other keys' values: the engine
//! runs once per combination and fills its cap column from [`crate::engine::cap_sweep`],
//! while rows are still written in grid order (SPEC §6.19, the last key varying fastest).

use std::ops::Range;

/// Case `index = (high × values + cap) × stride + low`, where `cap` is the position of the cap
/// value, `stride` the number of cases between two caps of one combination (the product of the
/// sizes of the keys after the cap) and `high × stride + low` the combination.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CapAxis {
    /// Where `share.cap` stands among the varied keys.
    pub position: usize,
    /// How many cap values the grid has (at least 1).
    pub values: u64,
    /// The product of the sizes of the keys after the cap (at least 1).
    pub stride: u64,
}

impl CapAxis {
    /// The axis of a grid with these key sizes, the cap at `position`.
    pub fn new(sizes: &[u64], position: usize) -> CapAxis {
        CapAxis {
            position,
            values: sizes.get(position).copied().unwrap_or(1).max(1),
            stride: sizes
                .get(position + 1..)
                .map_or(1, |s| s.iter().product::<u64>().max(1)),
        }
    }

    /// The combination and the cap position of case `index`.
    pub fn split(self, index: u64) -> (u64, u64) {
        let block = self.values * self.stride;
        let combination = index / block * self.stride + index % self.stride;
        (combination, index / self.stride % self.values)
    }

    /// The case of `combination` with the cap at position `cap`: the inverse of [`Self::split`].
    pub fn join(self, combination: u64, cap: u64) -> u64 {
        (combination / self.stride * self.values + cap) * self.stride + combination % self.stride
    }

    /// For a case of `range` that is the first of its combination inside `range`, how many
    /// cases of `range` share its combination; `None` for any other case. Each combination is
    /// then built and validated once, and its warnings count for all its cases.
    pub fn first_in(self, index: u64, range: &Range<u64>) -> Option<u64> {
        let (_, cap) = self.split(index);
        let first = cap == 0 || index - range.start < self.stride;
        // Later caps of the combination are `stride` apart, up to the last cap or the range end.
        let in_range = (range.end - index).div_ceil(self.stride);
        first.then(|| in_range.min(self.values - cap))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_and_join_walk_the_grid_in_order() {
        // Keys of sizes 2, 3 (the cap), 2: index = (high × 3 + cap) × 2 + low.
        // Case 0..12 in order: high 0: (cap 0: low 0, 1), (cap 1: 0, 1), (cap 2: 0, 1); high 1: …
        // Combination = high × 2 + low, so case 7 = (1 × 3 + 0) × 2 + 1 is combination 3, cap 0.
        let axis = CapAxis::new(&[2, 3, 2], 1);
        assert_eq!((axis.values, axis.stride), (3, 2));
        assert_eq!(axis.split(7), (3, 0));
        assert_eq!(axis.split(4), (0, 2)); // (0 × 3 + 2) × 2 + 0
        for index in 0..12 {
            let (combination, cap) = axis.split(index);
            assert!(combination < 4 && cap < 3);
            assert_eq!(axis.join(combination, cap), index);
        }
    }

    #[test]
    fn cap_first_or_last() {
        // Cap last (sizes 4, 5): stride 1, combination = index / 5.
        let last = CapAxis::new(&[4, 5], 1);
        assert_eq!(last.split(13), (2, 3));
        // Cap first (sizes 5, 4): stride 4, combination = index % 4.
        let first = CapAxis::new(&[5, 4], 0);
        assert_eq!(first.split(13), (1, 3));
    }

    #[test]
    fn first_case_of_each_combination_in_a_range_counts_its_cases() {
        // Sizes 2, 3 (cap), 2 again; every case of the range belongs to exactly one first case,
        // whose count is the number of range cases of its combination, checked by brute force.
        let axis = CapAxis::new(&[2, 3, 2], 1);
        for start in 0..12 {
            for end in start..=12 {
                let range = start..end;
                let mut total = 0;
                for index in range.clone() {
                    let (combination, _) = axis.split(index);
                    let brute = range
                        .clone()
                        .filter(|&i| axis.split(i).0 == combination)
                        .collect::<Vec<_>>();
                    match axis.first_in(index, &range) {
                        Some(n) => {
                            assert_eq!(brute[0], index, "{range:?}");
                            assert_eq!(n, brute.len() as u64, "{range:?} {index}");
                            total += n;
                        }
                        None => assert_ne!(brute[0], index, "{range:?}"),
                    }
                }
                assert_eq!(total, end - start);
            }
        }
    }
}
