//! The built-in challenges: the lecture's exercises from easy to hard, each a
//! [`Challenge`] written as JSON (its start lists only what differs from the default
//! configuration). Every one is checked by a test to be unsolved at its start and
//! solved by a reference solution within its limits.

use super::Challenge;

/// A built-in challenge: an id (as a link names it) and its JSON.
pub struct BuiltinChallenge {
    /// Its id, stable across versions.
    pub id: &'static str,
    /// The challenge as JSON ([`Challenge::from_json`]).
    pub json: &'static str,
}

impl BuiltinChallenge {
    /// The challenge (every built-in one is valid: a test reads them all).
    pub fn challenge(&self) -> Challenge {
        Challenge::from_json(self.json).expect("a built-in challenge is valid")
    }

    /// The built-in challenge named `id`.
    pub fn find(id: &str) -> Option<&'static BuiltinChallenge> {
        BUILTIN.iter().find(|b| b.id == id)
    }
}

/// The fields a student may change in most challenges: how training runs, not what
/// the network is.
macro_rules! training_fields {
    () => {
        r#""learning_rate", "optimizer", "strategy", "schedule", "init", "seed""#
    };
}

/// Every built-in challenge, from easy to hard.
pub const BUILTIN: &[BuiltinChallenge] = &[
    BuiltinChallenge {
        id: "xor",
        json: concat!(
            r#"{"title": "XOR with three hidden neurons",
            "hint": "One hidden neuron draws one line; XOR's four quadrants need a few lines combined.",
            "teaches": "A hidden layer makes a problem that no single line separates separable.",
            "start": {"data": {"task": "xor"}, "hidden_layers": [1]},
            "open": ["hidden_layers", "activation", "#,
            training_fields!(),
            r#"],
            "limits": {"max_hidden_neurons": 3, "max_hidden_layers": 1, "max_epochs": 2000},
            "goal": {"measure": "test_accuracy", "target": 0.95}}"#
        ),
    },
    BuiltinChallenge {
        id: "circle_features",
        json: concat!(
            r#"{"title": "The circle without a hidden layer",
            "hint": "A single layer draws only straight lines in its inputs; choose inputs in which the circle is a straight line.",
            "teaches": "Input features can do what hidden layers do: x1² + x2² = r² is linear in x1² and x2².",
            "start": {"data": {"task": "circle"}, "hidden_layers": []},
            "open": ["features", "#,
            training_fields!(),
            r#"],
            "limits": {"max_hidden_layers": 0, "max_epochs": 1000},
            "goal": {"measure": "test_accuracy", "target": 0.95}}"#
        ),
    },
    BuiltinChallenge {
        id: "fewer_epochs",
        json: r#"{"title": "The circle in 40 epochs",
            "hint": "Full batch makes one update per epoch; smaller batches make many.",
            "teaches": "Mini-batches update the weights many times per pass over the data, so they need far fewer epochs.",
            "start": {"data": {"task": "circle"}, "strategy": {"kind": "full_batch"}},
            "open": ["strategy", "learning_rate"],
            "limits": {"max_epochs": 40},
            "goal": {"measure": "test_accuracy", "target": 0.95}}"#,
    },
    BuiltinChallenge {
        id: "cross_entropy",
        json: r#"{"title": "Letters where the squared error crawls",
            "hint": "Only the loss and the output activation may change. Which loss keeps a strong gradient when a sigmoid output is confidently wrong?",
            "teaches": "With sigmoid or softmax outputs, cross-entropy cancels the flat ends of the activation that slow the squared error down.",
            "start": {"data": {"table": {"kind": "letters", "code": {}}}, "hidden_layers": [20],
                      "output_activation": {"kind": "sigmoid", "steepness": 1.0}, "loss": "mse"},
            "open": ["loss", "output_activation"],
            "limits": {"max_epochs": 100},
            "goal": {"measure": "test_accuracy", "target": 0.6}}"#,
    },
    BuiltinChallenge {
        id: "dead_relu",
        json: concat!(
            r#"{"title": "Revive a network of dead ReLU neurons",
            "hint": "A learning rate that is too large pushes ReLU neurons where they output 0 for every point, and then they never learn again.",
            "teaches": "Dead ReLU neurons get no gradient; a smaller learning rate, another start or a leaky ReLU keeps them alive.",
            "start": {"data": {"task": "circle"}, "hidden_layers": [6, 6],
                      "activation": {"kind": "relu"}, "learning_rate": 3.0},
            "open": ["activation", "#,
            training_fields!(),
            r#"],
            "limits": {"max_epochs": 1000},
            "goal": {"measure": "test_accuracy", "target": 0.95}}"#
        ),
    },
    BuiltinChallenge {
        id: "overfitting",
        json: r#"{"title": "Stop overfitting 40 noisy points",
            "hint": "A big network learns the noise of a small training set. Penalize large weights, or stop when the test loss stops improving.",
            "teaches": "L2 regularization and early stopping keep a network from fitting noise; the test loss shows it.",
            "start": {"data": {"task": "gaussian", "points": 80, "noise": 0.6}, "features": ["x1", "x2", "x1_squared", "x2_squared", "x1_x2", "sin_x1", "sin_x2"],
                      "hidden_layers": [12, 12], "loss": "binary_cross_entropy", "optimizer": {"kind": "adam", "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8},
                      "learning_rate": 0.03},
            "open": ["regularization", "stopping.patience", "stopping.min_train_loss"],
            "limits": {"max_epochs": 2000},
            "goal": {"measure": "test_loss", "target": 0.5, "at_end": true}}"#,
    },
    BuiltinChallenge {
        id: "least_squares",
        json: concat!(
            r#"{"title": "Gradient descent as good as least squares",
            "hint": "The linear network's best weights have a closed form; gradient descent gets there only with a fitting learning rate.",
            "teaches": "For a linear network with the squared error, gradient descent converges to the least-squares solution.",
            "start": {"data": {"task": "plane", "noise": 0.2}, "hidden_layers": [], "learning_rate": 0.0001},
            "open": ["#,
            training_fields!(),
            r#"],
            "limits": {"max_epochs": 200},
            "goal": {"measure": "test_r_squared", "target": 0.955}}"#
        ),
    },
    BuiltinChallenge {
        id: "spiral",
        json: concat!(
            r#"{"title": "The spiral with 16 hidden neurons",
            "hint": "Only x1 and x2 as inputs: the hidden layers must bend the plane themselves. Try more than one layer.",
            "teaches": "Depth lets a few neurons compose the many folds a spiral needs.",
            "start": {"data": {"task": "spiral"}},
            "open": ["hidden_layers", "activation", "regularization", "#,
            training_fields!(),
            r#"],
            "limits": {"max_hidden_neurons": 16, "max_epochs": 3000},
            "goal": {"measure": "test_accuracy", "target": 0.95}}"#
        ),
    },
    BuiltinChallenge {
        id: "letters_linear",
        json: concat!(
            r#"{"title": "26 letters with no hidden layer",
            "hint": "One neuron per letter, each a template over the 63 pixels; softmax with cross-entropy suits many classes.",
            "teaches": "A single layer is a set of templates: each output neuron's weights show the letter it looks for.",
            "start": {"data": {"table": {"kind": "letters", "code": {}}}, "hidden_layers": [], "loss": "mse"},
            "open": ["loss", "output_activation", "#,
            training_fields!(),
            r#"],
            "limits": {"max_hidden_layers": 0, "max_epochs": 300},
            "goal": {"measure": "test_accuracy", "target": 0.6}}"#
        ),
    },
    BuiltinChallenge {
        id: "weather_law",
        json: concat!(
            r#"{"title": "The weather's law from its data",
            "hint": "A linear network on pressure, wind and temperature: its weights become the law's coefficients once the fit is good.",
            "teaches": "Multivariate linear regression: the least-squares weights are the law behind noisy data.",
            "start": {"data": {"table": {"kind": "weather", "code": {}}}, "hidden_layers": [], "learning_rate": 0.0001},
            "open": ["#,
            training_fields!(),
            r#"],
            "limits": {"max_epochs": 100},
            "goal": {"measure": "test_r_squared", "target": 0.95}}"#
        ),
    },
];
