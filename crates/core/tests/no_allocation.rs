//! The training hot loop allocates nothing: buffers are sized when a run is built.
//! A counting global allocator watches every epoch, and checks that inspecting a run
//! (activity, hidden space) allocates nothing per sample. Only the measuring thread's
//! allocations count: the test harness's own threads allocate at any time.
#![allow(unsafe_code)] // a GlobalAlloc implementation is unsafe by definition

use playground_core::*;
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    /// Whether this thread is inside [`allocations_during`].
    static COUNTING: Cell<bool> = const { Cell::new(false) };
}

fn count() {
    if COUNTING.try_with(Cell::get).unwrap_or(false) {
        ALLOCATIONS.fetch_add(1, Ordering::SeqCst);
    }
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count();
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count();
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn allocations_during(f: impl FnOnce()) -> usize {
    let before = ALLOCATIONS.load(Ordering::SeqCst);
    COUNTING.with(|c| c.set(true));
    f();
    COUNTING.with(|c| c.set(false));
    ALLOCATIONS.load(Ordering::SeqCst) - before
}

#[test]
fn epochs_grids_and_losses_allocate_nothing() {
    // One test function: the counter is global, so nothing else may run beside it.
    let configs = [
        Config::default(),
        Config {
            features: Feature::ALL.to_vec(),
            hidden_layers: vec![8; 6],
            strategy: Strategy::Online,
            optimizer: Optimizer::Adam { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
            regularization: Regularization::L2 { rate: 0.001 },
            ..Config::default()
        },
        Config {
            data: DataConfig { task: Task::Spiral, classes: 3, points: 301, ..DataConfig::default() },
            loss: Loss::SoftmaxCrossEntropy,
            strategy: Strategy::MiniBatch { size: 7 },
            optimizer: Optimizer::Momentum { momentum: 0.9 },
            stopping: Stopping {
                patience: Some(1000),
                min_weight_change: Some(1e-12),
                ..Stopping::default()
            },
            ..Config::default()
        },
        Config {
            strategy: Strategy::Online,
            optimizer: Optimizer::RmsProp { decay: 0.9, epsilon: 1e-8 },
            ..Config::default()
        },
        Config { optimizer: Optimizer::AdaGrad { epsilon: 1e-8 }, ..Config::default() },
    ];
    for config in configs {
        let mut t: Trainer<f32> = Trainer::new(&config).expect("valid");
        let mut grid = vec![0.0; 100 * 100 * t.network().outputs()];
        let count = allocations_during(|| {
            t.train(20, &mut || 0.0);
            t.loss(Split::Train);
            t.loss(Split::Test);
            t.fill_grid(100, 100, &mut grid, None);
        });
        assert_eq!(count, 0, "{} allocations in 20 epochs of {:?}", count, config.strategy);
        assert_eq!(t.epoch(), 20);
    }

    // Inspecting a run allocates its results, never per sample: as many allocations
    // for 1000 training points as for 100.
    let inspections = |points: usize| {
        let data = DataConfig { points: 2 * points, ..DataConfig::default() };
        let mut t: Trainer<f32> =
            Trainer::new(&Config { data, hidden_layers: vec![5, 3], ..Config::default() }).expect("valid");
        allocations_during(|| {
            t.activity();
            t.stall_hint();
            t.hidden_space(0, Axes::Principal).expect("layer 0");
            t.hidden_space(1, Axes::Neurons(0, 2)).expect("layer 1");
        })
    };
    assert_eq!(inspections(100), inspections(1000));
}
