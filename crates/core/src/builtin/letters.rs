//! Letters: the 26 capital letters of a 5 × 7 bitmap font drawn here, each placed on a
//! 7 × 9 canvas (one pixel of margin) shifted by −1, 0 or 1 pixel in each direction,
//! with every pixel flipped with probability `noise`. Inputs are the 63 pixels
//! (`pixel_row_col`, 1 on and 0 off); the target is the letter (26 classes).

use crate::table::{Column, ColumnKind, Table, Target};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// Glyph width in pixels.
pub const GLYPH_WIDTH: usize = 5;
/// Glyph height in pixels.
pub const GLYPH_HEIGHT: usize = 7;
/// Canvas width: the glyph and a pixel of margin on each side.
pub const WIDTH: usize = GLYPH_WIDTH + 2;
/// Canvas height.
pub const HEIGHT: usize = GLYPH_HEIGHT + 2;
/// Rows per letter in the built-in table.
pub const PER_LETTER: usize = 40;
/// Probability that a pixel is flipped in the built-in table.
pub const NOISE: f64 = 0.02;

/// The font: for each letter A–Z, seven rows of five pixels (`#` on, `.` off).
pub const FONT: [[&str; GLYPH_HEIGHT]; 26] = [
    [".###.", "#...#", "#...#", "#####", "#...#", "#...#", "#...#"], // A
    ["####.", "#...#", "#...#", "####.", "#...#", "#...#", "####."], // B
    [".###.", "#...#", "#....", "#....", "#....", "#...#", ".###."], // C
    ["####.", "#...#", "#...#", "#...#", "#...#", "#...#", "####."], // D
    ["#####", "#....", "#....", "####.", "#....", "#....", "#####"], // E
    ["#####", "#....", "#....", "####.", "#....", "#....", "#...."], // F
    [".###.", "#...#", "#....", "#.###", "#...#", "#...#", ".####"], // G
    ["#...#", "#...#", "#...#", "#####", "#...#", "#...#", "#...#"], // H
    [".###.", "..#..", "..#..", "..#..", "..#..", "..#..", ".###."], // I
    ["..###", "...#.", "...#.", "...#.", "...#.", "#..#.", ".##.."], // J
    ["#...#", "#..#.", "#.#..", "##...", "#.#..", "#..#.", "#...#"], // K
    ["#....", "#....", "#....", "#....", "#....", "#....", "#####"], // L
    ["#...#", "##.##", "#.#.#", "#.#.#", "#...#", "#...#", "#...#"], // M
    ["#...#", "#...#", "##..#", "#.#.#", "#..##", "#...#", "#...#"], // N
    [".###.", "#...#", "#...#", "#...#", "#...#", "#...#", ".###."], // O
    ["####.", "#...#", "#...#", "####.", "#....", "#....", "#...."], // P
    [".###.", "#...#", "#...#", "#...#", "#.#.#", "#..#.", ".##.#"], // Q
    ["####.", "#...#", "#...#", "####.", "#.#..", "#..#.", "#...#"], // R
    [".####", "#....", "#....", ".###.", "....#", "....#", "####."], // S
    ["#####", "..#..", "..#..", "..#..", "..#..", "..#..", "..#.."], // T
    ["#...#", "#...#", "#...#", "#...#", "#...#", "#...#", ".###."], // U
    ["#...#", "#...#", "#...#", "#...#", "#...#", ".#.#.", "..#.."], // V
    ["#...#", "#...#", "#...#", "#.#.#", "#.#.#", "#.#.#", ".#.#."], // W
    ["#...#", "#...#", ".#.#.", "..#..", ".#.#.", "#...#", "#...#"], // X
    ["#...#", "#...#", ".#.#.", "..#..", "..#..", "..#..", "..#.."], // Y
    ["#####", "....#", "...#.", "..#..", ".#...", "#....", "#####"], // Z
];

/// Whether pixel `(row, col)` of the glyph of letter `letter` (0 is A) is on.
pub fn glyph_pixel(letter: usize, row: usize, col: usize) -> bool {
    FONT[letter][row].as_bytes()[col] == b'#'
}

/// The canvas of `letter` shifted by `(dy, dx)` (each in −1..=1), row by row: 1 on, 0 off.
pub fn canvas(letter: usize, dy: isize, dx: isize) -> [f64; WIDTH * HEIGHT] {
    let mut out = [0.0; WIDTH * HEIGHT];
    for row in 0..GLYPH_HEIGHT {
        for col in 0..GLYPH_WIDTH {
            if glyph_pixel(letter, row, col) {
                let (y, x) = ((row as isize + 1 + dy) as usize, (col as isize + 1 + dx) as usize);
                out[y * WIDTH + x] = 1.0;
            }
        }
    }
    out
}

/// `per_letter` rows of each letter drawn from `seed`: a random shift, then each pixel
/// flipped with probability `noise`.
pub fn table(seed: u64, per_letter: usize, noise: f64) -> Table {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut pixels: Vec<Vec<Option<f64>>> = vec![Vec::new(); WIDTH * HEIGHT];
    let mut classes = Vec::new();
    for _ in 0..per_letter {
        for letter in 0..26 {
            let (dy, dx) = (rng.random_range(-1i32..=1) as isize, rng.random_range(-1i32..=1) as isize);
            for (p, &v) in pixels.iter_mut().zip(canvas(letter, dy, dx).iter()) {
                let flip = rng.random::<f64>() < noise;
                p.push(Some(if flip { 1.0 - v } else { v }));
            }
            classes.push(Some(letter as f64));
        }
    }
    let inputs = pixels
        .into_iter()
        .enumerate()
        .map(|(i, cells)| Column::numeric(&format!("pixel_{}_{}", i / WIDTH, i % WIDTH), cells))
        .collect();
    let levels = (b'A'..=b'Z').map(|c| (c as char).to_string()).collect();
    let target = Column {
        name: "letter".to_string(),
        kind: ColumnKind::Categorical { levels, ordered: false },
        cells: classes,
    };
    Table { inputs, target: Target::Classes(target) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_glyph_is_seven_by_five_and_they_all_differ() {
        for (i, g) in FONT.iter().enumerate() {
            assert!(g
                .iter()
                .all(|row| row.len() == GLYPH_WIDTH && row.bytes().all(|b| b == b'#' || b == b'.')));
            for h in &FONT[..i] {
                assert_ne!(g, h, "letter {} repeats an earlier one", (b'A' + i as u8) as char);
            }
        }
        let a = canvas(0, 0, 0);
        assert_eq!(a[WIDTH + 2], 1.0, "A's top bar starts one pixel in");
        assert_eq!(a[WIDTH + 1], 0.0);
        assert_eq!(canvas(0, -1, -1)[1], 1.0, "shifted up-left by one");
    }
}
