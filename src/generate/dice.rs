//! The random choices synthetic reports are made of: weighted picks, yes/no
//! with a probability, small distinct subsets, and where in the period a
//! report falls. Everything is drawn from one seeded generator, so a seed
//! gives the same reports (ids and times aside).

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

pub struct Dice(StdRng);

impl Dice {
    pub fn seeded(seed: u64) -> Self {
        Self(StdRng::seed_from_u64(seed))
    }

    /// True with probability `p` (0 never, 1 always).
    pub fn chance(&mut self, p: f64) -> bool {
        self.0.gen::<f64>() < p
    }

    /// A number in `0.0..1.0`.
    pub fn unit(&mut self) -> f64 {
        self.0.gen()
    }

    /// A whole number in `lo..=hi`.
    pub fn between(&mut self, lo: u32, hi: u32) -> u32 {
        if hi <= lo {
            return lo;
        }
        self.0.gen_range(lo..=hi)
    }

    /// One of `items` with probability proportional to its weight. The
    /// tables are constants in this module's callers and never empty.
    pub fn weighted<T: Copy>(&mut self, items: &[(T, u32)]) -> T {
        let total: u32 = items.iter().map(|(_, w)| w).sum();
        let mut left = self.0.gen_range(0..total.max(1));
        for (item, w) in items {
            if left < *w {
                return *item;
            }
            left -= w;
        }
        items[items.len() - 1].0
    }

    /// One of `items`, each as likely.
    pub fn one<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.0.gen_range(0..items.len())]
    }

    /// Between `min` and `max` distinct items drawn by weight, in table order.
    pub fn some<T: Copy + PartialEq>(
        &mut self,
        items: &[(T, u32)],
        min: usize,
        max: usize,
    ) -> Vec<T> {
        let want = self.between(min as u32, max.min(items.len()) as u32) as usize;
        let mut left: Vec<(T, u32)> = items.to_vec();
        let mut picked = Vec::with_capacity(want);
        while picked.len() < want && left.iter().any(|(_, w)| *w > 0) {
            let item = self.weighted(&left);
            left.retain(|(x, _)| *x != item);
            picked.push(item);
        }
        picked.sort_by_key(|p| items.iter().position(|(x, _)| x == p));
        picked
    }
}

/// Where in the period (0 = start, 1 = now) the report at quantile `u`
/// falls when reports grow steadily, three times as many at the end as at
/// the start: the inverse of the CDF `(x + x²) / 2` of the density `1 + 2x`
/// (normalised). Monotone, so reports numbered in order are received in order.
pub fn growth_position(u: f64) -> f64 {
    let u = u.clamp(0.0, 1.0);
    ((1.0 + 8.0 * u).sqrt() - 1.0) / 2.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weighted_picks_follow_the_weights() {
        let mut d = Dice::seeded(1);
        let table = [('a', 1), ('b', 3), ('z', 0)];
        let b = (0..40_000).filter(|_| d.weighted(&table) == 'b').count();
        let share = b as f64 / 40_000.0;
        assert!((0.73..0.77).contains(&share), "b drawn {share}");
        assert!(
            (0..1000).all(|_| d.weighted(&table) != 'z'),
            "weight 0 never drawn"
        );
    }

    #[test]
    fn chance_matches_its_probability_and_its_edges() {
        let mut d = Dice::seeded(2);
        let hits = (0..40_000).filter(|_| d.chance(0.2)).count() as f64 / 40_000.0;
        assert!((0.19..0.21).contains(&hits), "{hits}");
        assert!((0..1000).all(|_| !d.chance(0.0)));
        assert!((0..1000).all(|_| d.chance(1.0)));
    }

    #[test]
    fn subsets_are_distinct_in_range_and_in_table_order() {
        let mut d = Dice::seeded(3);
        let table = [(1, 5), (2, 1), (3, 1), (4, 0)];
        for _ in 0..2000 {
            let s = d.some(&table, 1, 3);
            assert!((1..=3).contains(&s.len()), "{s:?}");
            assert!(s.windows(2).all(|w| w[0] < w[1]), "{s:?}");
            assert!(!s.contains(&4), "weight 0 never drawn");
        }
        assert!(d.some(&table, 0, 0).is_empty());
    }

    #[test]
    fn same_seed_same_draws() {
        let (mut a, mut b) = (Dice::seeded(7), Dice::seeded(7));
        let xs: Vec<u32> = (0..100).map(|_| a.between(0, 1000)).collect();
        let ys: Vec<u32> = (0..100).map(|_| b.between(0, 1000)).collect();
        assert_eq!(xs, ys);
        assert_eq!(a.between(5, 5), 5);
        assert_eq!(a.between(5, 2), 5, "empty range gives its start");
    }

    #[test]
    fn growth_is_monotone_bounded_and_back_loaded() {
        assert_eq!(growth_position(0.0), 0.0);
        assert!((growth_position(1.0) - 1.0).abs() < 1e-12);
        let xs: Vec<f64> = (0..=1000)
            .map(|i| growth_position(i as f64 / 1000.0))
            .collect();
        assert!(xs.windows(2).all(|w| w[0] <= w[1]));
        // Fewer than half the reports fall in the first half of the period:
        // CDF(0.5) = (0.5 + 0.25) / 2 = 0.375.
        assert!((growth_position(0.375) - 0.5).abs() < 1e-9);
        assert_eq!(growth_position(-1.0), 0.0);
        assert!((growth_position(2.0) - 1.0).abs() < 1e-12);
    }
}
