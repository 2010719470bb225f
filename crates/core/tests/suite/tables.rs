//! Tables end to end: the built-in tables load and train through the same trainer as
//! the plane; least squares recovers the weather's law; backpropagation matches
//! finite differences on one-hot inputs and on multi-output regression.

use crate::common::{BREAST_CANCER, DIGITS, IRIS, WINE};
use crate::finite_differences;

use finite_differences::max_relative_error;
use nalgebra::DMatrix;
use playground_core::builtin::{animals, letters, weather};
use playground_core::encoding::{fit, prepare, ConstantColumns, Encoding, TableConfig};
use playground_core::evaluation::write_encoded;
use playground_core::table_csv::{read_table, write_table};
use playground_core::*;

fn builtin(b: Builtin) -> Table {
    let text = match b {
        Builtin::Iris => IRIS,
        Builtin::Wine => WINE,
        Builtin::BreastCancer => BREAST_CANCER,
        Builtin::Digits => DIGITS,
        _ => return b.generate(7).expect("generated"),
    };
    b.from_csv(text).expect("the shipped file reads")
}

/// A trainer of `T` on `table`, split and encoded by `tables` with `seed`.
fn trainer<T: Real>(config: Config, table: Table, tables: &TableConfig) -> Trainer<T> {
    let prepared = prepare(table, tables, config.seed).expect("prepares");
    Trainer::with_dataset(config.validate().expect("valid config"), Dataset::from_table(prepared))
}

fn classifier(hidden: Vec<usize>, learning_rate: f64, strategy: Strategy) -> Config {
    Config {
        seed: 3,
        hidden_layers: hidden,
        activation: Activation::Tanh { steepness: 1.0 },
        loss: Loss::SoftmaxCrossEntropy,
        learning_rate,
        optimizer: Optimizer::Adam { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
        strategy,
        ..Config::default()
    }
}

#[test]
fn every_builtin_table_loads_with_its_stated_shape() {
    let shapes = [
        (Builtin::Animals, 36, 3, 3, 4),
        (Builtin::Weather, weather::ROWS, 3, 3, 0),
        (Builtin::Letters, 26 * letters::PER_LETTER, 63, 63, 26),
        (Builtin::Iris, 150, 4, 4, 3),
        (Builtin::Wine, 178, 13, 13, 3),
        (Builtin::BreastCancer, 569, 30, 30, 2),
        (Builtin::Digits, 1797, 64, 64, 10),
    ];
    for (b, rows, columns, _, classes) in shapes {
        let t = builtin(b);
        assert_eq!(
            (t.rows(), t.inputs.len(), t.target.class_names().len()),
            (rows, columns, classes),
            "{b:?}"
        );
        // Export and read back: the same table.
        let again = read_table(&write_table(&t), &b.csv_options()).expect("reads its export");
        assert_eq!(again, t, "{b:?} round-trips");
    }
    assert_eq!(builtin(Builtin::Iris).inputs[0].name, "sepal length (cm)");
    assert_eq!(builtin(Builtin::Iris).target.class_names(), ["setosa", "versicolor", "virginica"]);
    assert_eq!(builtin(Builtin::Digits).target.class_names()[9], "9");
    // Digits: the corner pixels are 0 in (nearly) every image: constant columns go.
    let p = prepare(builtin(Builtin::Digits), &TableConfig::default(), 1).expect("prepares");
    assert!(p.encoder.width() < 64 && p.issues.iter().any(|i| i.to_string().contains("pixel_0_0")));
}

#[test]
fn digits_train_to_95_percent_test_accuracy() {
    let mut t: Trainer<f32> = trainer(
        classifier(vec![32], 0.003, Strategy::MiniBatch { size: 32 }),
        builtin(Builtin::Digits),
        &TableConfig::default(),
    );
    assert_eq!(t.network().inputs(), p_width(Builtin::Digits));
    assert_eq!(t.network().outputs(), 10);
    t.train(40, &mut || 0.0);
    let acc = t.metrics(Split::Test).accuracy.expect("classes");
    assert!(acc >= 0.95, "digits test accuracy {acc}");
}

fn p_width(b: Builtin) -> usize {
    prepare(builtin(b), &TableConfig::default(), 3).expect("prepares").encoder.width()
}

/// Iris's 45 test rows: 93 % is at most 3 errors. Which rows land in the test split
/// matters more than training does, so every one of eight seeds (split and weights)
/// must reach it, and their mean 95 %.
#[test]
fn iris_trains_to_93_percent_test_accuracy() {
    let mut accuracies = Vec::new();
    for seed in 1..=8 {
        let config = Config { seed, ..classifier(vec![8], 0.01, Strategy::MiniBatch { size: 8 }) };
        let mut t: Trainer<f32> = trainer(config, builtin(Builtin::Iris), &TableConfig::default());
        t.train(150, &mut || 0.0);
        accuracies.push(t.metrics(Split::Test).accuracy.expect("classes"));
    }
    let mean = accuracies.iter().sum::<f64>() / accuracies.len() as f64;
    assert!(accuracies.iter().all(|&a| a >= 0.93) && mean >= 0.95, "iris test accuracies {accuracies:?}");
}

#[test]
fn animals_letters_wine_and_breast_cancer_are_learned() {
    for (b, hidden, epochs, least) in [
        (Builtin::Animals, vec![], 200, 1.0),
        (Builtin::Letters, vec![32], 60, 0.8),
        (Builtin::Wine, vec![8], 100, 0.9),
        (Builtin::BreastCancer, vec![8], 60, 0.9),
    ] {
        let mut t: Trainer<f32> = trainer(
            classifier(hidden, 0.01, Strategy::MiniBatch { size: 10 }),
            builtin(b),
            &TableConfig::default(),
        );
        t.train(epochs, &mut || 0.0);
        let acc = t.metrics(Split::Test).accuracy.expect("classes");
        assert!(acc >= least, "{b:?} test accuracy {acc}");
    }
}

#[test]
fn least_squares_on_weather_recovers_the_law() {
    let config = Config {
        seed: 5,
        hidden_layers: vec![],
        output_activation: Some(Activation::Linear),
        loss: Loss::Mse,
        ..Config::default()
    };
    let mut t: Trainer<f64> = trainer(config, weather::table(5, weather::ROWS), &TableConfig::default());
    t.solve_least_squares().expect("solvable");
    let table = t.dataset().table.as_deref().expect("a table");
    let layer = &t.network().layers[0];
    let (a, c) = table.encoder.linear_in_units(&layer.weights, &layer.bias);
    // Standard errors here are about 0.012 (pressure, temperature) and 0.03 (wind).
    let law = [weather::PRESSURE, weather::WIND, weather::TEMPERATURE];
    for (i, (got, want)) in a.column(0).iter().zip(law).enumerate() {
        let tolerance = if i == 1 { 0.12 } else { 0.05 };
        assert!((got - want).abs() < tolerance, "coefficient {i}: {got} against the law's {want}");
    }
    let at = |p: f64, w: f64, t: f64| c[(0, 0)] + a[(0, 0)] * p + a[(1, 0)] * w + a[(2, 0)] * t;
    let centre = (1013.0, 7.5, 12.5);
    let err = at(centre.0, centre.1, centre.2) - weather::law(centre.0, centre.1, centre.2);
    assert!(err.abs() < 0.5, "prediction at the centre off by {err}");
    // The network's output on a training row, read back in the target's units, is the
    // map in own units applied to the raw row.
    let row = table.train.rows[0];
    let raw: Vec<f64> = table.table.inputs.iter().map(|c| c.cells[row].expect("no gaps")).collect();
    let (x, _) = t.training_matrices();
    let coded = (x.row(0) * &layer.weights + &layer.bias)[(0, 0)];
    let readout = table.encoder.target.unscale(0, coded);
    assert!(
        (readout - at(raw[0], raw[1], raw[2])).abs() < 1e-9,
        "{readout} against {}",
        at(raw[0], raw[1], raw[2])
    );
}

#[test]
fn gradients_match_finite_differences_on_one_hot_inputs() {
    let mut tables = TableConfig::default();
    for (name, encoding) in
        [("size", Encoding::OneHot), ("fur", Encoding::OneHotSigned), ("talks", Encoding::OneHot)]
    {
        tables.encodings.insert(name.to_string(), encoding);
    }
    for (loss, output) in [
        (Loss::SoftmaxCrossEntropy, None),
        (Loss::Mse, Some(Activation::Tanh { steepness: 1.0 })),
        (Loss::Sse, Some(Activation::Sigmoid { steepness: 1.0 })),
    ] {
        let config = Config {
            seed: 2,
            hidden_layers: vec![4],
            activation: Activation::Tanh { steepness: 1.0 },
            loss,
            output_activation: output,
            regularization: Regularization::L2 { rate: 0.01 },
            init: Init::SmallUniform { scale: 0.5 },
            ..Config::default()
        };
        let mut t: Trainer<f64> = trainer(config, animals::table(), &tables);
        assert_eq!(t.network().inputs(), 3 + 3 + 2, "one input per level");
        assert_eq!(t.network().outputs(), 4);
        let e = max_relative_error(&mut t);
        assert!(e < 1e-6, "{loss:?}: relative error {e:e}");
    }
}

#[test]
fn gradients_match_finite_differences_on_multi_output_regression() {
    // Weather with a second target: the risk and a made-up "humidity" from the same inputs.
    let mut table = weather::table(4, 60);
    let risk = table.target.columns()[0].clone();
    let humidity = Column::numeric(
        "humidity",
        table.inputs[0]
            .cells
            .iter()
            .zip(&table.inputs[2].cells)
            .map(|(p, t)| Some(p.unwrap_or(0.0) * 0.1 - t.unwrap_or(0.0)))
            .collect(),
    );
    table.target = Target::Numbers(vec![risk, humidity]);
    let tables = TableConfig { target_scaling: Encoding::ZScore, ..TableConfig::default() };
    for loss in [Loss::Mse, Loss::Sse, Loss::Sae] {
        let config = Config {
            seed: 9,
            hidden_layers: vec![5, 3],
            activation: Activation::Sigmoid { steepness: 1.0 },
            loss,
            init: Init::SmallUniform { scale: 0.5 },
            ..Config::default()
        };
        let mut t: Trainer<f64> = trainer(config, table.clone(), &tables);
        assert_eq!(t.network().outputs(), 2);
        assert_eq!(
            t.network().layers.last().map(|l| l.activation),
            Some(Activation::Linear),
            "regression output"
        );
        let e = max_relative_error(&mut t);
        assert!(e < 1e-6, "{loss:?}: relative error {e:e}");
    }
}

#[test]
fn the_plane_trains_as_a_table_bit_for_bit() {
    // The plane's points coded through the table path give the matrices the features
    // would: x1, x2 as they are, features computed from them.
    let config = Config {
        features: vec![Feature::X1, Feature::X2, Feature::X1Squared, Feature::SinX2],
        ..Config::default()
    };
    let t: Trainer<f64> = Trainer::new(&config).expect("valid");
    let (x, d) = t.training_matrices();
    for (r, s) in t.dataset().train.iter().enumerate() {
        let want = [s.x1, s.x2, s.x1 * s.x1, s.x2.sin()];
        assert_eq!(x.row(r).iter().copied().collect::<Vec<_>>(), want);
        assert_eq!(d[(r, 0)], if s.target == 1.0 { 1.0 } else { -1.0 });
    }
    // And a table of two numeric columns x1, x2 coded as they are is the same data.
    let all: Vec<Sample> = t.dataset().train.clone();
    let table = Table::plane(&all, t.dataset().targets);
    let p = fit(table, &TableConfig::plane(), (0..all.len()).collect(), Vec::new()).expect("fits");
    assert_eq!(
        p.train.inputs.column(0).iter().copied().collect::<Vec<_>>(),
        all.iter().map(|s| s.x1).collect::<Vec<_>>()
    );
    assert!(TableConfig::plane().constant == ConstantColumns::Keep);
}

#[test]
fn the_encoded_matrix_exports_as_csv() {
    let p = prepare(animals::table(), &TableConfig::default(), 1).expect("prepares");
    let csv = write_encoded(&p, true, Activation::Tanh { steepness: 1.0 });
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some(
            "\"size\",\"fur\",\"talks\",\"target: cat\",\"target: dog\",\"target: parrot\",\"target: carp\""
        )
    );
    assert_eq!(csv.lines().count(), 1 + p.train.rows.len());
    let row: Vec<f64> = lines.next().expect("a row").split(',').map(|v| v.parse().expect("number")).collect();
    assert_eq!(row.len(), 7);
    assert!(row.iter().all(|v| [-1.0, 0.0, 1.0].contains(v)));
    let m = DMatrix::from_row_slice(1, 7, &row);
    assert_eq!(m.row(0).iter().skip(3).filter(|&&v| v == 1.0).count(), 1, "one class on");
}
