//! The result panels' figures on real table runs: confusion matrices whose cells hold
//! the rows they count and agree with the metrics, predicted against actual in the
//! target's units agreeing with the metrics' RMSE and R², and the weather table's
//! coefficients three ways.

use playground_core::results::{LeastSquaresReport, Results};
use playground_core::*;

fn config(json: &str) -> ValidConfig {
    Config::from_json(json).unwrap_or_else(|e| panic!("{json}: {e}"))
}

#[test]
fn animals_confusion_cells_partition_each_split_and_match_the_metrics() {
    let c = config(
        r#"{"data": {"table": {"kind": "animals"}}, "hidden_layers": [6], "loss": "softmax_cross_entropy",
            "optimizer": {"kind": "adam"}, "learning_rate": 0.05}"#,
    );
    let mut t: Trainer<f32> = Trainer::build(c).expect("animals");
    t.train(30, &mut || 0.0);
    let Some(Results::Classes { classes, train, test }) = t.results() else { panic!("classes") };
    assert_eq!(classes, ["cat", "dog", "parrot", "carp"]);
    let table = t.dataset().table.clone().expect("table");
    for (split, confusion, encoded) in
        [(Split::Train, &train, &table.train), (Split::Test, &test, &table.test)]
    {
        let m = t.metrics(split);
        assert_eq!(Some(confusion.counts.clone()), m.confusion, "{split:?}: the metrics' matrix");
        let mut rows: Vec<usize> = confusion.rows.iter().flatten().flatten().copied().collect();
        rows.sort_unstable();
        let mut expected = encoded.rows.clone();
        expected.sort_unstable();
        assert_eq!(rows, expected, "{split:?}: every row in exactly one cell");
        for (a, row) in confusion.rows.iter().enumerate() {
            for (p, cell) in row.iter().enumerate() {
                assert_eq!(cell.len() as u32, confusion.counts[a][p]);
                for r in cell {
                    let i = encoded.rows.iter().position(|x| x == r).expect("in split");
                    assert_eq!(encoded.classes[i], a, "row {r} is of its cell's actual class");
                }
            }
            let total: u32 = confusion.counts[a].iter().sum();
            if total > 0 {
                assert_eq!(confusion.recall[a], Some(f64::from(confusion.counts[a][a]) / f64::from(total)));
            }
        }
    }
}

#[test]
fn weather_predictions_are_in_units_and_agree_with_the_metrics() {
    let c = config(
        r#"{"data": {"table": {"kind": "weather"}}, "hidden_layers": [], "loss": "mse",
            "learning_rate": 0.1, "strategy": {"kind": "full_batch"}}"#,
    );
    let mut t: Trainer<f64> = Trainer::build(c).expect("weather");
    t.train(100, &mut || 0.0);
    let Some(Results::Numbers { names, train, test }) = t.results() else { panic!("numbers") };
    assert_eq!(names, ["precipitation risk (%)"]);
    for (split, p) in [(Split::Train, &train), (Split::Test, &test)] {
        let m = t.metrics(split);
        assert_eq!(p.predicted[0].len(), p.rows.len());
        let fit = &p.fits[0];
        assert!((fit.rmse - m.outputs[0].rmse).abs() < 1e-9, "{fit:?} vs {:?}", m.outputs[0]);
        assert!((fit.r_squared - m.outputs[0].r_squared).abs() < 1e-9);
        // By hand from the pairs: RMSE = sqrt(mean (d - y)^2).
        let n = p.rows.len() as f64;
        let sse: f64 = p.predicted[0].iter().zip(&p.actual[0]).map(|(y, d)| (d - y) * (d - y)).sum();
        assert!((fit.rmse - (sse / n).sqrt()).abs() < 1e-9);
        // Actual values are the table's raw risks (percent, not the scaled code).
        let table = &t.dataset().table.as_ref().expect("table").table;
        let Table { target: table::Target::Numbers(cols), .. } = table else { panic!("numbers") };
        let raw = cols[0].cells[p.rows[0]].expect("a value");
        assert!((p.actual[0][0] - raw).abs() < 1e-9, "{} vs raw {raw}", p.actual[0][0]);
    }
}

#[test]
fn least_squares_on_weather_recovers_the_law_and_gradient_descent_approaches_it() {
    let c = config(
        r#"{"data": {"table": {"kind": "weather"}}, "hidden_layers": [], "loss": "mse",
            "learning_rate": 0.1, "strategy": {"kind": "full_batch"}}"#,
    );
    let mut t: Trainer<f64> = Trainer::build(c).expect("weather");
    t.train(3000, &mut || 0.0);
    let LeastSquaresReport { inputs, law, closed_form, gradient_descent, .. } =
        t.least_squares_report().expect("linear network on weather");
    assert_eq!(inputs.len(), 3);
    // Noise sd 2 over ~300 rows spanning 36 hPa, 15 m/s, 35 °C: standard errors of the
    // slopes are below 0.02; allow 0.05.
    for (i, (&a, &l)) in closed_form.weights.iter().zip(&law.weights).enumerate() {
        assert!((a - l).abs() < 0.05, "input {i}: closed form {a} vs law {l}");
    }
    for (i, (&g, &a)) in gradient_descent.weights.iter().zip(&closed_form.weights).enumerate() {
        assert!((g - a).abs() < 0.05, "input {i}: gradient descent {g} vs closed form {a}");
    }
    // Solving puts the closed form into the network: then the two agree exactly.
    t.solve_least_squares().expect("solves");
    let after = t.least_squares_report().expect("report");
    for (g, a) in after.gradient_descent.weights.iter().zip(&after.closed_form.weights) {
        assert!((g - a).abs() < 1e-9, "{g} vs {a}");
    }
    assert!((after.gradient_descent.intercept - after.closed_form.intercept).abs() < 1e-6);
    // Refused elsewhere, saying why.
    let hidden = config(r#"{"data": {"table": {"kind": "weather"}}, "hidden_layers": [3], "loss": "mse"}"#);
    let e = Trainer::<f32>::build(hidden).expect("builds").least_squares_report().expect_err("hidden layer");
    assert!(e.to_string().contains("linear network"), "{e}");
    let animals = config(r#"{"data": {"table": {"kind": "animals"}}}"#);
    let e = Trainer::<f32>::build(animals).expect("builds").least_squares_report().expect_err("animals");
    assert!(e.to_string().contains("weather"), "{e}");
}
