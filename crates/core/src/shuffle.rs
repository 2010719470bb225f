//! The order of the training samples in an epoch: a uniformly random permutation,
//! drawn exactly as `rand`'s `SliceRandom::shuffle` draws it (the same permutation from
//! the same generator state, so every seeded run keeps its numbers; tested against
//! it), in fewer instructions.
//!
//! The Fisher–Yates shuffle swaps position `i` (from 1 up) with a uniform index in
//! `0..=i`. To use fewer random numbers, `rand` draws one `u32` below the product
//! `(i + 1)(i + 2)...(i + c)` of as many bounds as fit in 32 bits and takes the
//! indices of the next `c` positions from it as digits, the last one undivided.
//! Which positions each draw serves and the product it is drawn below depend only
//! on the order's length: [`Shuffle`] works them out once per training set, where
//! `rand` works them out again in every epoch, position by position (with the
//! shuffle stream's vector code, [`crate::chacha`], the default network trains 5 %
//! more epochs per second in Chromium; the shuffle had been a tenth of its epoch).

use rand::Rng;

/// The shuffle of orders of one length, with where its draws fall worked out once.
#[derive(Clone, Debug)]
pub(crate) struct Shuffle {
    /// The length of the orders it shuffles.
    len: usize,
    /// The draws, in order.
    draws: Vec<Draw>,
}

impl Shuffle {
    /// The shuffle of orders of `len` entries (fewer than `u32::MAX`).
    pub(crate) fn new(len: usize) -> Self {
        let len32 =
            u32::try_from(len).ok().filter(|&l| l < u32::MAX).expect("an order shorter than u32::MAX");
        let mut draws = Vec::new();
        // Position 0 can only stay.
        let mut first = 1;
        while first < len32 {
            let (product, count) = chunk(first + 1);
            let left = len32 - first;
            let (divided, rest) = if count <= left { (count - 1, true) } else { (left, false) };
            draws.push(Draw { product, first, divided, rest });
            first += count.min(left);
        }
        Shuffle { len, draws }
    }

    /// Puts `order` (of the length this shuffle is for) in a uniformly random order
    /// drawn from `rng`: the permutation `order.shuffle(rng)` gives, with the same
    /// numbers drawn.
    pub(crate) fn apply<T, R: Rng>(&self, order: &mut [T], rng: &mut R) {
        assert_eq!(order.len(), self.len, "an order of the shuffle's length");
        for &Draw { product, first, divided, rest } in &self.draws {
            let mut value = rng.random_range(..product);
            let (first, end) = (first as usize, (first + divided) as usize);
            for i in first..end {
                // The digit for position `i` (bound `i + 1`): one division for quotient
                // and remainder.
                let bound = i as u32 + 1;
                let quotient = value / bound;
                let digit = value - quotient * bound;
                value = quotient;
                // A digit is below its bound: `min` only tells the compiler so.
                order.swap(i, (digit as usize).min(i));
            }
            if rest {
                order.swap(end, (value as usize).min(end));
            }
        }
    }
}

/// One `u32` drawn in a shuffle, and the positions it serves.
#[derive(Clone, Copy, Debug)]
struct Draw {
    /// The product of the bounds of its positions: it is drawn below that.
    product: u32,
    /// The first position whose index it gives.
    first: u32,
    /// How many positions (from `first` on) take a digit divided off.
    divided: u32,
    /// Whether the next position takes the undivided rest (not in a draw cut short
    /// by the order's end).
    rest: bool,
}

/// The product of the bounds `d, d + 1, ...` while it fits in a `u32`, and their
/// count (`d >= 2`).
fn chunk(d: u32) -> (u32, u32) {
    let (mut product, mut next) = (d, d + 1);
    while let Some(p) = product.checked_mul(next) {
        product = p;
        next += 1;
    }
    (product, next - d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::seq::SliceRandom;
    use rand::SeedableRng;
    use rand_chacha::ChaCha12Rng;

    #[test]
    fn draws_the_permutation_of_rands_shuffle_from_the_same_state() {
        for len in (0..300).chain([1_000, 4_097, 20_000]) {
            for seed in 0..4 {
                let (mut ours, mut theirs) =
                    (ChaCha12Rng::seed_from_u64(seed), ChaCha12Rng::seed_from_u64(seed));
                let shuffle = Shuffle::new(len);
                let mut got: Vec<usize> = (0..len).collect();
                let mut expected = got.clone();
                for _ in 0..3 {
                    shuffle.apply(&mut got, &mut ours);
                    expected.shuffle(&mut theirs);
                    assert_eq!(got, expected, "{len} entries, seed {seed}");
                }
                assert_eq!(ours.random::<u64>(), theirs.random::<u64>(), "the same numbers drawn");
            }
        }
    }
}
