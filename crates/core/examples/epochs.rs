//! Trains one of the benchmark's networks for a given number of epochs and exits: a
//! fixed amount of work for an instruction counter (`bench/count.sh` runs it under
//! callgrind at two epoch counts and takes the difference, so start-up cancels out).
//!
//! ```text
//! cargo run --release -p playground-core --example epochs -- default 10 200
//! ```
//!
//! Arguments: the network (`default` 2-4-2-1, `mid` 7-8x6-1, `largest` 7-32x10-1), the
//! batch size (`full` for the whole set) and the epochs; the configuration is the
//! benchmark's (`bench/page/bench.js`: circle, 500 points half for training, tanh, MSE,
//! SGD at 0.03).

use playground_core::{Config, Trainer};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [net, batch, epochs] = &args[..] else {
        eprintln!("usage: epochs default|mid|largest BATCH|full EPOCHS");
        std::process::exit(2);
    };
    let (features, hidden) = match net.as_str() {
        "default" => (r#"["x1","x2"]"#, "[4,2]"),
        "mid" => (r#"["x1","x2","x1_squared","x2_squared","x1_x2","sin_x1","sin_x2"]"#, "[8,8,8,8,8,8]"),
        _ => (
            r#"["x1","x2","x1_squared","x2_squared","x1_x2","sin_x1","sin_x2"]"#,
            "[32,32,32,32,32,32,32,32,32,32]",
        ),
    };
    let strategy = if batch == "full" {
        r#"{"kind":"full_batch"}"#.to_string()
    } else {
        format!(r#"{{"kind":"mini_batch","size":{batch}}}"#)
    };
    let json = format!(
        r#"{{"seed":1,"data":{{"task":"circle","points":500,"noise":0,"train_fraction":0.5}},
        "features":{features},"hidden_layers":{hidden},"activation":{{"kind":"tanh","steepness":1}},
        "output_activation":{{"kind":"tanh","steepness":1}},"loss":"mse","learning_rate":0.03,
        "strategy":{strategy},"optimizer":{{"kind":"sgd"}}}}"#
    );
    let config = Config::from_json(&json).expect("valid configuration");
    let mut trainer: Trainer<f32> = Trainer::new(&config).expect("valid configuration");
    let epochs: u64 = epochs.parse().expect("a number of epochs");
    let ran = trainer.train(epochs, &mut || 0.0);
    println!("{ran} epochs, train loss {}", trainer.loss(playground_core::Split::Train));
}
