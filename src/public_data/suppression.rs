//! Small-cell suppression of published counts (pure: no database, no web).
//!
//! The rule, as the public page states it:
//! 1. No count from 1 to 4 is published; such a cell is hidden.
//! 2. Every table publishes its total. A table whose total is 1 to 4 (or 0)
//!    is withheld as a whole.
//! 3. While only one cell is hidden, or the hidden cells all hold the same
//!    number, the smallest count still shown is hidden too (every count of
//!    that size, if several are equally small). If that runs out of counts,
//!    the table is withheld.
//!
//! Why that is enough, for a reader who knows the rule, the total and every
//! count shown: the rule never looks at which hidden cell holds which
//! number (primary cells are picked by size, complementary ones by size with
//! ties taken together, and the stopping test looks only at the hidden
//! numbers as a set). So swapping the numbers of two hidden cells gives a
//! table that publishes exactly the same page. Rule 3 leaves at least two
//! hidden cells holding different numbers, so every hidden cell could hold
//! at least two different numbers: none can be worked out by subtraction.

/// The smallest count published; 1 to `MIN_CELL - 1` is hidden.
pub const MIN_CELL: u64 = 5;

/// One cell as published.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cell {
    Shown(u64),
    Hidden,
}

/// A table as published: every cell, and the total; or nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Published {
    Table { cells: Vec<Cell>, total: u64 },
    Withheld,
}

/// Nothing hidden, or at least two hidden cells not all holding the same number.
fn safe(counts: &[u64], hidden: &[bool]) -> bool {
    let mut values = counts
        .iter()
        .zip(hidden)
        .filter(|(_, h)| **h)
        .map(|(c, _)| *c);
    match values.next() {
        None => true,
        Some(first) => values.any(|v| v != first),
    }
}

/// The smallest non-zero count still shown.
fn smallest_shown(counts: &[u64], hidden: &[bool]) -> Option<u64> {
    counts
        .iter()
        .zip(hidden)
        .filter(|(c, h)| **c > 0 && !**h)
        .map(|(c, _)| *c)
        .min()
}

/// Apply the rule to one table: `counts` are its cells (in display order),
/// `total` the number of reports it covers.
pub fn suppress(counts: &[u64], total: u64) -> Published {
    if total < MIN_CELL {
        return Published::Withheld;
    }
    let mut hidden: Vec<bool> = counts.iter().map(|c| (1..MIN_CELL).contains(c)).collect();
    while !safe(counts, &hidden) {
        let Some(m) = smallest_shown(counts, &hidden) else {
            return Published::Withheld;
        };
        for (h, c) in hidden.iter_mut().zip(counts) {
            *h |= *c == m;
        }
    }
    Published::Table {
        cells: counts
            .iter()
            .zip(&hidden)
            .map(|(c, h)| if *h { Cell::Hidden } else { Cell::Shown(*c) })
            .collect(),
        total,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn shown(p: &Published) -> Vec<Option<u64>> {
        match p {
            Published::Table { cells, .. } => cells
                .iter()
                .map(|c| match c {
                    Cell::Shown(n) => Some(*n),
                    Cell::Hidden => None,
                })
                .collect(),
            Published::Withheld => Vec::new(),
        }
    }

    /// Every way of filling `k` cells with values from 1 to `max` that add
    /// up to `sum`.
    fn fillings(k: usize, sum: u64, max: u64) -> Vec<Vec<u64>> {
        if k == 0 {
            return if sum == 0 {
                vec![Vec::new()]
            } else {
                Vec::new()
            };
        }
        let mut out = Vec::new();
        for v in 1..=max.min(sum) {
            for mut rest in fillings(k - 1, sum - v, max) {
                rest.insert(0, v);
                out.push(rest);
            }
        }
        out
    }

    /// An attacker who knows the rule, the published cells and the total
    /// (cells adding up to it): every table that publishes the same thing.
    /// Returns, per hidden position, the set of values it could hold.
    fn attack(published: &Published) -> Vec<(usize, std::collections::BTreeSet<u64>)> {
        let Published::Table { cells, total } = published else {
            return Vec::new();
        };
        let holes: Vec<usize> = (0..cells.len())
            .filter(|i| cells[*i] == Cell::Hidden)
            .collect();
        let shown_sum: u64 = cells
            .iter()
            .map(|c| match c {
                Cell::Shown(n) => *n,
                Cell::Hidden => 0,
            })
            .sum();
        let mut seen: Vec<(usize, std::collections::BTreeSet<u64>)> =
            holes.iter().map(|i| (*i, Default::default())).collect();
        for fill in fillings(holes.len(), total - shown_sum, *total) {
            let mut world: Vec<u64> = cells
                .iter()
                .map(|c| match c {
                    Cell::Shown(n) => *n,
                    Cell::Hidden => 0,
                })
                .collect();
            for (i, v) in holes.iter().zip(&fill) {
                world[*i] = *v;
            }
            if suppress(&world, *total) == *published {
                for ((_, set), v) in seen.iter_mut().zip(&fill) {
                    set.insert(*v);
                }
            }
        }
        seen
    }

    #[test]
    fn a_lone_small_cell_takes_the_next_smallest_with_it() {
        let p = suppress(&[40, 2, 9, 7], 58);
        assert_eq!(shown(&p), vec![Some(40), None, Some(9), None]);
    }

    #[test]
    fn two_small_cells_that_could_only_be_ones_take_a_third() {
        // 1 + 1 hidden: the reader would know both are 1.
        let p = suppress(&[1, 1, 8, 30], 40);
        assert_eq!(shown(&p), vec![None, None, None, Some(30)]);
    }

    #[test]
    fn two_small_cells_with_room_to_vary_are_enough() {
        let p = suppress(&[3, 2, 8, 30], 43);
        assert_eq!(shown(&p), vec![None, None, Some(8), Some(30)]);
    }

    #[test]
    fn equal_hidden_counts_take_the_next_smallest_and_ties_go_together() {
        // 4 + 4 hidden beside a 5: the reader could tell both are 4.
        assert_eq!(shown(&suppress(&[5, 4, 4], 13)), vec![None, None, None]);
        let p = suppress(&[9, 3, 9, 20], 41);
        assert_eq!(shown(&p), vec![None, None, None, Some(20)]);
    }

    #[test]
    fn a_small_total_withholds_the_table() {
        assert_eq!(suppress(&[3, 1], 4), Published::Withheld);
        assert_eq!(suppress(&[], 0), Published::Withheld);
        assert_eq!(suppress(&[1], 1), Published::Withheld);
    }

    #[test]
    fn five_ones_cannot_be_protected_and_are_withheld() {
        assert_eq!(suppress(&[1, 1, 1, 1, 1], 5), Published::Withheld);
    }

    #[test]
    fn nothing_small_nothing_hidden() {
        let p = suppress(&[5, 0, 12], 17);
        assert_eq!(shown(&p), vec![Some(5), Some(0), Some(12)]);
    }

    #[test]
    fn a_single_report_from_one_place_is_not_shown() {
        // 30 reports from one state, 1 from another.
        let p = suppress(&[30, 1], 31);
        assert_eq!(shown(&p), vec![None, None]);
        assert!(!attack(&p).iter().any(|(_, s)| s.len() < 2));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// For random tables whose cells add up to the total: no published
        /// count is from 1 to 4, and an attacker who knows the rule finds at
        /// least two possible values for every hidden cell.
        #[test]
        fn no_hidden_cell_is_recoverable_from_the_total(
            counts in proptest::collection::vec(
                prop_oneof![3 => 0u64..6, 2 => 0u64..16], 1..7)
        ) {
            let total: u64 = counts.iter().sum();
            let p = suppress(&counts, total);
            match &p {
                Published::Withheld => {}
                Published::Table { cells, total: t } => {
                    prop_assert_eq!(*t, total);
                    prop_assert!(*t >= MIN_CELL);
                    for (c, n) in cells.iter().zip(&counts) {
                        if let Cell::Shown(v) = c {
                            prop_assert_eq!(v, n);
                            prop_assert!(*v == 0 || *v >= MIN_CELL);
                        }
                    }
                    for (i, values) in attack(&p) {
                        prop_assert!(values.contains(&counts[i]), "the true value is possible");
                        prop_assert!(values.len() >= 2, "cell {} of {:?} is recoverable: {:?}", i, counts, values);
                    }
                }
            }
        }

        /// On bigger tables too: never exactly one hidden cell, never hidden
        /// cells all holding the same number, no shown count from 1 to 4.
        #[test]
        fn hidden_cells_are_never_alone_or_all_alike(
            counts in proptest::collection::vec(0u64..200, 1..30)
        ) {
            let total: u64 = counts.iter().sum();
            if let Published::Table { cells, .. } = suppress(&counts, total) {
                let hidden: Vec<u64> = cells.iter().zip(&counts)
                    .filter(|(c, _)| **c == Cell::Hidden).map(|(_, n)| *n).collect();
                prop_assert!(hidden.len() != 1);
                if let Some(first) = hidden.first() {
                    prop_assert!(hidden.iter().any(|v| v != first), "{:?}", counts);
                }
                for c in &cells {
                    prop_assert!(!matches!(c, Cell::Shown(1..=4)));
                }
            }
        }
    }
}
