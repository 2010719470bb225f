//! Native training benchmark of the core (f32), without a harness:
//!
//! ```text
//! cargo bench -p playground-core --bench train
//! ```
//!
//! For the default network (x1, x2; hidden 4, 2), a mid-size network (all seven
//! features; six hidden layers of 8) and the largest the limits allow (all seven
//! features; ten hidden layers of 32), each with mini-batches of 10 and the full batch
//! of the 250 training points, it prints epochs/s, sample-steps/s (one sample through
//! forward, backward and its share of the update), the multiply-adds each
//! sample-step needs and the implied GFLOP/s next to a nominal peak of the machine.
//! Every figure is the best of five runs of at least 0.6 s each, after a warm-up, with
//! the median beside it: this shared machine's speed switches between levels far
//! apart, and the best run is the least disturbed (`BENCH_QUICK=1`: one short run, a
//! smoke test only). It also times the output grid (`Trainer::fill_grid`) of the default
//! network, as the page draws it. With `BENCH_JSON=FILE` set it also writes the figures
//! to FILE as JSON (`scripts/bench.sh` puts them into `bench/results.md`).

use playground_core::{Config, Feature, Strategy, Trainer};
use serde_json::json;
use std::hint::black_box;
use std::time::Instant;

/// Shortest duration of one timed run, and timed runs per case.
#[derive(Clone, Copy)]
struct Timing {
    seconds: f64,
    runs: usize,
}
/// f32 floating-point operations per cycle and core assumed for the peak: two
/// 128-bit FMA pipes (4 lanes, 2 operations each), as on this Zen core, which also
/// executes AVX2 as two 128-bit halves; SSE and wasm simd128 have 128-bit lanes too.
const FLOPS_PER_CYCLE: f64 = 16.0;

struct Case {
    name: String,
    config: Config,
}

fn cases() -> Vec<Case> {
    let default = Config::default();
    let mid = Config { features: Feature::ALL.to_vec(), hidden_layers: vec![8; 6], ..Config::default() };
    let largest =
        Config { features: Feature::ALL.to_vec(), hidden_layers: vec![32; 10], ..Config::default() };
    let mut out = Vec::new();
    for (net, base) in
        [("default 2-4-2-1", &default), ("mid-size 7-8x6-1", &mid), ("largest 7-32x10-1", &largest)]
    {
        for (batch, strategy) in
            [("batch 10", Strategy::MiniBatch { size: 10 }), ("full batch", Strategy::FullBatch)]
        {
            out.push(Case { name: format!("{net}, {batch}"), config: Config { strategy, ..base.clone() } });
        }
    }
    out
}

/// Multiply-adds per sample-step: forward `Y W` (every layer), backward `Y^T Delta`
/// (every layer) and `Delta W^T` (every layer but the first), and the SGD update
/// `w -= alpha g` of every weight and bias once per batch, shared by its samples.
/// Bias additions, activations and their derivatives are not counted.
fn macs_per_sample_step(shape: &[usize], batch: usize) -> f64 {
    let products: Vec<usize> = shape.windows(2).map(|w| w[0] * w[1]).collect();
    let forward: usize = products.iter().sum();
    let weight_gradient = forward;
    let propagate: usize = products.iter().skip(1).sum();
    let parameters: usize = shape.windows(2).map(|w| (w[0] + 1) * w[1]).sum();
    (forward + weight_gradient + propagate) as f64 + parameters as f64 / batch as f64
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Epochs per second of `trainer.train` (best and median run), calibrated to runs of
/// at least `timing.seconds`.
fn epochs_per_second(trainer: &mut Trainer<f32>, timing: Timing) -> (f64, f64) {
    let mut clock = || 0.0;
    // Warm-up, and a first estimate of the rate.
    let mut epochs = 1u64;
    let rate = loop {
        let t = Instant::now();
        trainer.train(epochs, &mut clock);
        let s = t.elapsed().as_secs_f64();
        if s > 0.2 {
            break epochs as f64 / s;
        }
        epochs *= 2;
    };
    let epochs = ((rate * timing.seconds * 1.1).ceil() as u64).max(1);
    let rates = (0..timing.runs)
        .map(|_| {
            let t = Instant::now();
            let ran = trainer.train(epochs, &mut clock);
            assert_eq!(ran, epochs, "training stopped early: {:?}", trainer.stopped());
            ran as f64 / t.elapsed().as_secs_f64()
        })
        .collect::<Vec<_>>();
    (rates.iter().copied().fold(0.0, f64::max), median(rates))
}

/// Seconds of one `fill_grid` call over `width x height` cells (fastest of 15 groups).
fn grid_seconds(trainer: &mut Trainer<f32>, width: usize, height: usize) -> f64 {
    let mut out = vec![0.0f32; width * height * trainer.network().outputs()];
    let mut reps = 1usize;
    loop {
        let t = Instant::now();
        for _ in 0..reps {
            trainer.fill_grid(width, height, black_box(&mut out), None);
        }
        if t.elapsed().as_secs_f64() > 0.02 {
            break;
        }
        reps *= 2;
    }
    (0..15)
        .map(|_| {
            let t = Instant::now();
            for _ in 0..reps {
                trainer.fill_grid(width, height, black_box(&mut out), None);
            }
            t.elapsed().as_secs_f64() / reps as f64
        })
        .fold(f64::INFINITY, f64::min)
}

fn cpu_facts() -> (String, usize, Option<f64>) {
    let info = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let field = |key: &str| {
        info.lines()
            .find(|l| l.starts_with(key))
            .and_then(|l| l.split(':').nth(1))
            .map(|v| v.trim().to_string())
    };
    let model = field("model name").unwrap_or_else(|| "unknown CPU".to_string());
    let mhz = field("cpu MHz").and_then(|v| v.parse::<f64>().ok());
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    (model, cores, mhz)
}

fn main() {
    let quick = std::env::var_os("BENCH_QUICK").is_some();
    let timing = if quick { Timing { seconds: 0.2, runs: 1 } } else { Timing { seconds: 0.6, runs: 5 } };
    let Timing { seconds, runs } = timing;
    let (model, cores, mhz) = cpu_facts();
    println!("native f32 training benchmark (playground-core, release profile, one thread)");
    println!(
        "CPU: {model}, {cores} cores, {}",
        mhz.map_or("clock unknown".to_string(), |m| format!("{m:.0} MHz"))
    );
    let peak = mhz.map(|m| m * 1e6 * FLOPS_PER_CYCLE / 1e9);
    if let Some(p) = peak {
        println!(
            "nominal peak, one core: {FLOPS_PER_CYCLE} f32 FLOP/cycle (two 128-bit FMA pipes) = {p:.1} GFLOP/s"
        );
    }
    println!(
        "each figure: best of {runs} runs of >= {seconds} s after a warm-up (median beside); 1 multiply-add = 2 FLOP\n"
    );
    println!(
        "{:<30} {:>10} {:>10} {:>15} {:>12} {:>9} {:>8}",
        "case", "epochs/s", "(median)", "sample-steps/s", "MAC/sample", "GFLOP/s", "of peak"
    );
    let mut rows = Vec::new();
    for case in cases() {
        let mut trainer: Trainer<f32> = Trainer::new(&case.config).expect("valid benchmark config");
        let samples = trainer.training_matrices().0.nrows();
        let batch = trainer.batch_size();
        let shape = trainer.network().shape();
        let (eps, eps_median) = epochs_per_second(&mut trainer, timing);
        let sps = eps * samples as f64;
        let macs = macs_per_sample_step(&shape, batch);
        let gflops = sps * macs * 2.0 / 1e9;
        let of_peak = peak.map_or("-".to_string(), |p| format!("{:.1}%", 100.0 * gflops / p));
        println!(
            "{:<30} {:>10.0} {:>10.0} {:>15.0} {:>12.1} {:>9.3} {:>8}",
            case.name, eps, eps_median, sps, macs, gflops, of_peak
        );
        assert!(trainer.loss(playground_core::Split::Train).is_finite(), "{} diverged", case.name);
        rows.push(json!({
            "case": case.name,
            "epochs_per_s": eps,
            "epochs_per_s_median": eps_median,
            "sample_steps_per_s": sps,
            "macs_per_sample_step": macs,
            "gflops": gflops,
            "peak_fraction": peak.map(|p| gflops / p),
        }));
    }
    println!();
    let mut trainer: Trainer<f32> = Trainer::new(&Config::default()).expect("valid default config");
    let mut grids = Vec::new();
    for (w, h) in [(100, 100), (200, 200)] {
        let s = grid_seconds(&mut trainer, w, h);
        grids.push(json!({ "size": format!("{w}x{h}"), "seconds": s }));
        println!(
            "output grid {w}x{h}, default network: {:.3} ms ({:.1} M cells/s)",
            s * 1e3,
            (w * h) as f64 / s / 1e6
        );
    }
    if let Ok(path) = std::env::var("BENCH_JSON") {
        let all = json!({
            "cpu_model": model,
            "cores": cores,
            "cpu_mhz": mhz,
            "flops_per_cycle": FLOPS_PER_CYCLE,
            "peak_gflops": peak,
            "seconds_per_run": seconds,
            "runs": runs,
            "quick": quick,
            "cases": rows,
            "grid": grids,
        });
        std::fs::write(&path, format!("{all:#}\n")).expect("cannot write BENCH_JSON");
        println!("\nwrote {path}");
    }
}
