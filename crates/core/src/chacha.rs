//! The shuffle stream's generator: ChaCha with 12 rounds, word for word what
//! `rand_chacha`'s `ChaCha12Rng` gives from the same seed (tested against it, with its
//! word positions), so every seeded run keeps its order of the samples.
//!
//! Why not `ChaCha12Rng` itself: in WebAssembly its blocks are computed one 32-bit
//! word at a time (its vector code is for x86 only): 3.8 % of an epoch of the
//! default network in a Chromium profile, 2.5 % with this code. Here the four blocks of a refill are computed side by side, word
//! `j` of all four in one vector (four lanes), with wasm simd128; elsewhere the same
//! code runs on arrays of four words.
//!
//! ChaCha (Bernstein, 2008) keeps sixteen 32-bit words: four constants, the key (8
//! words), the block counter (2 words) and the stream number (2 words, 0 here).
//! A block is that state after 12 rounds (six column rounds, each followed by a
//! diagonal one, of four quarter rounds each), plus the state itself.

use rand::rand_core::block::{BlockRng, BlockRngCore};
use rand::rand_core::RngCore;
use rand::SeedableRng;
use rand_chacha::ChaCha12Rng;

/// Words per block.
const BLOCK_WORDS: usize = 16;
/// Blocks computed at once (one per vector lane), and so per refill.
const BLOCKS: usize = 4;
/// ChaCha's constant words ("expand 32-byte k").
const SIGMA: [u32; 4] = [0x6170_7865, 0x3320_646e, 0x7962_2d32, 0x6b20_6574];
/// Double rounds (a column round and a diagonal round) of ChaCha12.
const DOUBLE_ROUNDS: usize = 6;

/// A ChaCha12 generator: `ChaCha12Rng`'s numbers, word positions and refills.
#[derive(Clone, Debug)]
pub struct ChaCha12(BlockRng<Core>);

impl ChaCha12 {
    /// The generator `ChaCha12Rng::seed_from_u64(seed)` is (the same key, stream 0).
    pub fn seed_from_u64(seed: u64) -> Self {
        let key = ChaCha12Rng::seed_from_u64(seed).get_seed();
        let key =
            std::array::from_fn(|i| u32::from_le_bytes(key[4 * i..4 * i + 4].try_into().expect("4 bytes")));
        ChaCha12(BlockRng::new(Core { key, block: 0 }))
    }

    /// Words drawn so far: `ChaCha12Rng::get_word_pos`.
    pub fn get_word_pos(&self) -> u128 {
        let index = self.0.index() as u64;
        let buffer_start = self.0.core.block.wrapping_sub(BLOCKS as u64);
        let block = buffer_start.wrapping_add(index / BLOCK_WORDS as u64);
        u128::from(block) * BLOCK_WORDS as u128 + u128::from(index % BLOCK_WORDS as u64)
    }

    /// Moves to word `position` of the stream: `ChaCha12Rng::set_word_pos`.
    pub fn set_word_pos(&mut self, position: u128) {
        self.0.core.block = (position / BLOCK_WORDS as u128) as u64;
        self.0.generate_and_set((position % BLOCK_WORDS as u128) as usize);
    }
}

impl RngCore for ChaCha12 {
    fn next_u32(&mut self) -> u32 {
        self.0.next_u32()
    }

    fn next_u64(&mut self) -> u64 {
        self.0.next_u64()
    }

    fn fill_bytes(&mut self, dest: &mut [u8]) {
        self.0.fill_bytes(dest)
    }
}

/// The key and the next block's counter.
#[derive(Clone, Debug)]
struct Core {
    key: [u32; 8],
    block: u64,
}

/// The words of one refill: four blocks, each as four runs of four words.
#[derive(Clone, Debug, Default)]
struct Words([[[u32; 4]; BLOCK_WORDS / 4]; BLOCKS]);

impl AsRef<[u32]> for Words {
    fn as_ref(&self) -> &[u32] {
        self.0.as_flattened().as_flattened()
    }
}

impl AsMut<[u32]> for Words {
    fn as_mut(&mut self) -> &mut [u32] {
        self.0.as_flattened_mut().as_flattened_mut()
    }
}

impl BlockRngCore for Core {
    type Item = u32;
    type Results = Words;

    /// Blocks `block .. block + 4`, in order; the counter moves on by four.
    fn generate(&mut self, results: &mut Words) {
        let counters: [u64; BLOCKS] = std::array::from_fn(|b| self.block.wrapping_add(b as u64));
        let low = Lanes::from(counters.map(|c| c as u32));
        let high = Lanes::from(counters.map(|c| (c >> 32) as u32));
        let state: [Lanes; BLOCK_WORDS] = std::array::from_fn(|j| match j {
            0..4 => Lanes::splat(SIGMA[j]),
            4..12 => Lanes::splat(self.key[j - 4]),
            12 => low,
            13 => high,
            _ => Lanes::splat(0),
        });
        let mut x = state;
        for _ in 0..DOUBLE_ROUNDS {
            for [a, b, c, d] in [[0, 4, 8, 12], [1, 5, 9, 13], [2, 6, 10, 14], [3, 7, 11, 15]] {
                quarter_round(&mut x, a, b, c, d);
            }
            for [a, b, c, d] in [[0, 5, 10, 15], [1, 6, 11, 12], [2, 7, 8, 13], [3, 4, 9, 14]] {
                quarter_round(&mut x, a, b, c, d);
            }
        }
        // Vector `j` holds word `j` of the four blocks: four vectors transposed give
        // four words of each block, written at once.
        for (run, (words, start)) in x.chunks_exact(4).zip(state.chunks_exact(4)).enumerate() {
            let sums = std::array::from_fn(|i| words[i].add(start[i]));
            for (block, lanes) in results.0.iter_mut().zip(Lanes::transpose(sums)) {
                lanes.store(&mut block[run]);
            }
        }
        self.block = self.block.wrapping_add(BLOCKS as u64);
    }
}

/// ChaCha's quarter round on words `a, b, c, d` (of all four blocks at once).
#[inline(always)]
fn quarter_round(x: &mut [Lanes; BLOCK_WORDS], a: usize, b: usize, c: usize, d: usize) {
    x[a] = x[a].add(x[b]);
    x[d] = x[d].xor(x[a]).rotate_left::<16>();
    x[c] = x[c].add(x[d]);
    x[b] = x[b].xor(x[c]).rotate_left::<12>();
    x[a] = x[a].add(x[b]);
    x[d] = x[d].xor(x[a]).rotate_left::<8>();
    x[c] = x[c].add(x[d]);
    x[b] = x[b].xor(x[c]).rotate_left::<7>();
}

use lanes::Lanes;

/// Four 32-bit words as one wasm simd128 vector.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod lanes {
    use core::arch::wasm32::*;

    /// Four 32-bit words, one per block.
    #[derive(Clone, Copy, Debug)]
    pub struct Lanes(v128);

    impl Lanes {
        /// The same word in every lane.
        #[inline(always)]
        pub fn splat(word: u32) -> Self {
            Lanes(u32x4_splat(word))
        }

        /// Lane by lane sums (wrapping).
        #[inline(always)]
        pub fn add(self, other: Self) -> Self {
            Lanes(i32x4_add(self.0, other.0))
        }

        /// Lane by lane exclusive or.
        #[inline(always)]
        pub fn xor(self, other: Self) -> Self {
            Lanes(v128_xor(self.0, other.0))
        }

        /// Each word rotated left by `N` bits (two shifts and an or: wasm has no
        /// vector rotation; for 16 and 8 bits a byte shuffle would do, but measured
        /// slower in Chromium).
        #[inline(always)]
        pub fn rotate_left<const N: u32>(self) -> Self {
            Lanes(v128_or(u32x4_shl(self.0, N), u32x4_shr(self.0, 32 - N)))
        }

        /// Four vectors transposed: lane `i` of vector `j` becomes lane `j` of vector `i`.
        #[inline(always)]
        pub fn transpose([a, b, c, d]: [Self; 4]) -> [Self; 4] {
            let ab_low = i32x4_shuffle::<0, 4, 1, 5>(a.0, b.0);
            let ab_high = i32x4_shuffle::<2, 6, 3, 7>(a.0, b.0);
            let cd_low = i32x4_shuffle::<0, 4, 1, 5>(c.0, d.0);
            let cd_high = i32x4_shuffle::<2, 6, 3, 7>(c.0, d.0);
            [
                Lanes(i64x2_shuffle::<0, 2>(ab_low, cd_low)),
                Lanes(i64x2_shuffle::<1, 3>(ab_low, cd_low)),
                Lanes(i64x2_shuffle::<0, 2>(ab_high, cd_high)),
                Lanes(i64x2_shuffle::<1, 3>(ab_high, cd_high)),
            ]
        }

        /// Writes the four words to `to`.
        #[inline(always)]
        pub fn store(self, to: &mut [u32; 4]) {
            // One 16-byte store once compiled.
            *to = [
                u32x4_extract_lane::<0>(self.0),
                u32x4_extract_lane::<1>(self.0),
                u32x4_extract_lane::<2>(self.0),
                u32x4_extract_lane::<3>(self.0),
            ];
        }
    }

    impl From<[u32; 4]> for Lanes {
        #[inline(always)]
        fn from(w: [u32; 4]) -> Self {
            Lanes(u32x4(w[0], w[1], w[2], w[3]))
        }
    }
}

/// Four 32-bit words as an array (native builds and tests).
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
mod lanes {
    /// Four 32-bit words, one per block.
    #[derive(Clone, Copy, Debug)]
    pub struct Lanes([u32; 4]);

    impl Lanes {
        /// The same word in every lane.
        #[inline(always)]
        pub fn splat(word: u32) -> Self {
            Lanes([word; 4])
        }

        /// Lane by lane sums (wrapping).
        #[inline(always)]
        pub fn add(self, other: Self) -> Self {
            Lanes(std::array::from_fn(|i| self.0[i].wrapping_add(other.0[i])))
        }

        /// Lane by lane exclusive or.
        #[inline(always)]
        pub fn xor(self, other: Self) -> Self {
            Lanes(std::array::from_fn(|i| self.0[i] ^ other.0[i]))
        }

        /// Each word rotated left by `N` bits.
        #[inline(always)]
        pub fn rotate_left<const N: u32>(self) -> Self {
            Lanes(self.0.map(|w| w.rotate_left(N)))
        }

        /// Four vectors transposed: lane `i` of vector `j` becomes lane `j` of vector `i`.
        #[inline(always)]
        pub fn transpose(rows: [Self; 4]) -> [Self; 4] {
            std::array::from_fn(|i| Lanes(std::array::from_fn(|j| rows[j].0[i])))
        }

        /// Writes the four words to `to`.
        #[inline(always)]
        pub fn store(self, to: &mut [u32; 4]) {
            *to = self.0;
        }
    }

    impl From<[u32; 4]> for Lanes {
        #[inline(always)]
        fn from(w: [u32; 4]) -> Self {
            Lanes(w)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::Rng;

    #[test]
    fn draws_the_words_of_rand_chachas_generator() {
        for seed in [0, 1, 42, u64::MAX] {
            let (mut ours, mut theirs) = (ChaCha12::seed_from_u64(seed), ChaCha12Rng::seed_from_u64(seed));
            for i in 0..1_000 {
                assert_eq!(ours.get_word_pos(), theirs.get_word_pos(), "seed {seed}, draw {i}");
                match i % 3 {
                    0 => assert_eq!(ours.next_u32(), theirs.next_u32(), "seed {seed}, draw {i}"),
                    1 => assert_eq!(ours.next_u64(), theirs.next_u64(), "seed {seed}, draw {i}"),
                    _ => assert_eq!(ours.random_range(..1_000_003u32), theirs.random_range(..1_000_003u32)),
                }
            }
        }
    }

    #[test]
    fn moves_to_a_word_position_as_rand_chachas_generator_does() {
        let (mut ours, mut theirs) = (ChaCha12::seed_from_u64(7), ChaCha12Rng::seed_from_u64(7));
        // Inside a refill, at a block's and a refill's edge, far out, and where the
        // counter's low word carries into its high word.
        for position in [5, 16, 63, 64, 65, 1_000_003, (1u128 << 36) - 7, u128::from(u64::MAX) * 16 + 3] {
            ours.set_word_pos(position);
            theirs.set_word_pos(position);
            assert_eq!(ours.get_word_pos(), theirs.get_word_pos(), "at {position}");
            let (a, b): (Vec<u32>, Vec<u32>) = (0..100).map(|_| (ours.next_u32(), theirs.next_u32())).unzip();
            assert_eq!(a, b, "the words from {position}");
        }
    }
}
