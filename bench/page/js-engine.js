// A plain JavaScript neural-network engine: the benchmark's second peer.
//
// It follows the published algorithm of TensorFlow Playground's network (what its
// users would otherwise run), written here from that description, not copied:
//
// - the network is a graph of objects: one node per neuron (input nodes included)
//   and one link object per connection, each holding its weight;
// - training presents one sample at a time: a forward pass node by node (a node's
//   total input is its bias plus the sum over its input links of weight x source
//   output; its output is the activation of that), then a backward pass from the
//   output error derivative down, node by node and link by link;
// - each sample's derivatives are added to accumulators on the nodes (bias) and the
//   links (weight), with a count; after a batch, every parameter moves by the
//   learning rate times its accumulated derivative divided by the count (the mean
//   over the batch), and the accumulators are cleared;
// - activation derivatives are computed from the node's total input (as there);
// - the error is the square error 1/2 (y - d)^2 per output, derivative y - d; or, with
//   a softmax output (the tables' classes), the cross-entropy -sum d log y, whose
//   derivative with respect to the outputs' total inputs is the same y - d.
//
// With the mean over the batch this is exactly our core's MSE step
// (E = 1/(2N) sum (y - d)^2, dE/dY = (Y - D)/N, W <- W - alpha dE/dW, crates/core/src/loss.rs
// and train.rs), so the two give the same update on the same weights and batch; the
// unit test tests/unit/js-engine.test.mjs checks that against the built wasm module.
// Batches are cut from the epoch's order like our core's: full batches, then a
// shorter last one, each applied at its end (TensorFlow Playground instead carries a
// partial batch over into the next epoch; with 250 points and batch 10 or 250 the two
// agree). Numbers are JavaScript doubles (f64); our core computes in f32.

/** Activations by the core's names: the output from the total input, and the derivative. */
export const ACTIVATIONS = {
  tanh: {
    output: (x) => Math.tanh(x),
    der: (x) => {
      const y = Math.tanh(x);
      return 1 - y * y;
    },
  },
  sigmoid: {
    output: (x) => 1 / (1 + Math.exp(-x)),
    der: (x) => {
      const y = 1 / (1 + Math.exp(-x));
      return y * (1 - y);
    },
  },
  relu: { output: (x) => Math.max(0, x), der: (x) => (x <= 0 ? 0 : 1) },
  linear: { output: (x) => x, der: () => 1 },
  // The layer's outputs are normalized after the forward pass (Network.forward); with
  // the cross-entropy, y - d is already the derivative at the total input.
  softmax: { output: (x) => x, der: () => 1 },
};

/** The input features by the core's names (crates/core/src/features.rs). */
export const FEATURES = {
  x1: (a) => a,
  x2: (a, b) => b,
  x1_squared: (a) => a * a,
  x2_squared: (a, b) => b * b,
  x1_x2: (a, b) => a * b,
  sin_x1: (a) => Math.sin(a),
  sin_x2: (a, b) => Math.sin(b),
};

/** The square error of one output and its derivative with respect to the output. */
const SQUARE = {
  error: (y, d) => 0.5 * (y - d) * (y - d),
  der: (y, d) => y - d,
};

class Link {
  constructor(source, dest, weight) {
    this.source = source;
    this.dest = dest;
    this.weight = weight;
    this.errorDer = 0;
    this.accErrorDer = 0;
    this.numAccumulatedDers = 0;
  }
}

class Node {
  constructor(activation, bias) {
    this.activation = activation;
    this.bias = bias;
    /** @type {Link[]} */
    this.inputLinks = [];
    /** @type {Link[]} */
    this.outputs = [];
    this.totalInput = 0;
    this.output = 0;
    this.outputDer = 0;
    this.inputDer = 0;
    this.accInputDer = 0;
    this.numAccumulatedDers = 0;
  }
}

/**
 * A multilayer perceptron as node and link objects.
 * `shape` = [inputs, hidden..., outputs]; `activation`, `outputActivation` are names
 * of ACTIVATIONS. Weights start uniform in [-0.5, 0.5] and biases at 0.1 (as the
 * published engine); `setWeights` loads any others.
 */
export class Network {
  constructor(shape, activation = 'tanh', outputActivation = 'tanh', random = Math.random) {
    const hidden = ACTIVATIONS[activation];
    const out = ACTIVATIONS[outputActivation];
    if (!hidden || !out) throw new Error(`unknown activation ${activation} or ${outputActivation}`);
    /** A softmax output with the cross-entropy error, or tanh/sigmoid/linear with the square error. */
    this.softmax = outputActivation === 'softmax';
    /** @type {Node[][]} layers of nodes, inputs first */
    this.layers = shape.map((width, l) => {
      const f = l === shape.length - 1 ? out : hidden;
      return Array.from({ length: width }, () => new Node(f, 0.1));
    });
    for (let l = 1; l < this.layers.length; l++) {
      for (const dest of this.layers[l]) {
        for (const source of this.layers[l - 1]) {
          const link = new Link(source, dest, random() - 0.5);
          source.outputs.push(link);
          dest.inputLinks.push(link);
        }
      }
    }
  }

  /** Forward pass for one row of inputs (features); the outputs are then in `outputs()`. */
  forward(inputs) {
    const first = this.layers[0];
    for (let i = 0; i < first.length; i++) first[i].output = inputs[i];
    for (let l = 1; l < this.layers.length; l++) {
      for (const node of this.layers[l]) {
        let total = node.bias;
        for (const link of node.inputLinks) total += link.weight * link.source.output;
        node.totalInput = total;
        node.output = node.activation.output(total);
      }
    }
    if (this.softmax) {
      const last = this.layers[this.layers.length - 1];
      let top = -Infinity;
      for (const node of last) top = Math.max(top, node.totalInput);
      let sum = 0;
      for (const node of last) sum += node.output = Math.exp(node.totalInput - top);
      for (const node of last) node.output /= sum;
    }
  }

  /** The outputs of the last forward pass. */
  outputs() {
    return this.layers[this.layers.length - 1].map((n) => n.output);
  }

  /** The square error (softmax: the cross-entropy) of the last forward pass against `targets`. */
  error(targets) {
    const last = this.layers[this.layers.length - 1];
    let e = 0;
    for (let j = 0; j < last.length; j++) {
      e += this.softmax ? (targets[j] > 0 ? -targets[j] * Math.log(Math.max(last[j].output, 1e-12)) : 0) : SQUARE.error(last[j].output, targets[j]);
    }
    return e;
  }

  /** Backward pass after `forward`: adds this sample's derivatives to the accumulators. */
  backward(targets) {
    const last = this.layers[this.layers.length - 1];
    for (let j = 0; j < last.length; j++) last[j].outputDer = SQUARE.der(last[j].output, targets[j]);
    for (let l = this.layers.length - 1; l >= 1; l--) {
      const layer = this.layers[l];
      for (const node of layer) {
        node.inputDer = node.outputDer * node.activation.der(node.totalInput);
        node.accInputDer += node.inputDer;
        node.numAccumulatedDers++;
        for (const link of node.inputLinks) {
          link.errorDer = node.inputDer * link.source.output;
          link.accErrorDer += link.errorDer;
          link.numAccumulatedDers++;
        }
      }
      if (l === 1) break; // input nodes need no derivative
      for (const node of this.layers[l - 1]) {
        let der = 0;
        for (const link of node.outputs) der += link.weight * link.dest.inputDer;
        node.outputDer = der;
      }
    }
  }

  /** Applies the accumulated mean derivatives with learning rate `rate` and clears them. */
  update(rate) {
    for (let l = 1; l < this.layers.length; l++) {
      for (const node of this.layers[l]) {
        if (node.numAccumulatedDers > 0) {
          node.bias -= (rate * node.accInputDer) / node.numAccumulatedDers;
          node.accInputDer = 0;
          node.numAccumulatedDers = 0;
        }
        for (const link of node.inputLinks) {
          if (link.numAccumulatedDers > 0) {
            link.weight -= (rate / link.numAccumulatedDers) * link.accErrorDer;
            link.accErrorDer = 0;
            link.numAccumulatedDers = 0;
          }
        }
      }
    }
  }

  /**
   * Forward and backward passes over the samples `order[start..start + rows)` of
   * `inputs` / `targets` (arrays of rows), accumulating their derivatives; returns
   * the sum of their square errors (before any update).
   */
  accumulate(inputs, targets, order, start, rows) {
    let e = 0;
    for (let k = start; k < start + rows; k++) {
      const i = order[k];
      this.forward(inputs[i]);
      e += this.error(targets[i]);
      this.backward(targets[i]);
    }
    return e;
  }

  /**
   * One update from the samples `order[start..start + rows)`; returns the batch's
   * mean square error 1/(2N) sum (y - d)^2 before the update.
   */
  trainBatch(inputs, targets, order, start, rows, rate) {
    const e = this.accumulate(inputs, targets, order, start, rows);
    this.update(rate);
    return e / rows;
  }

  /**
   * The accumulated mean derivatives (dE/dW of the batch so far) in the layout of
   * `weights()`: what `update` will apply.
   */
  gradients() {
    const mean = (acc, n) => (n > 0 ? acc / n : 0);
    const all = [];
    for (let l = 1; l < this.layers.length; l++) {
      const layer = this.layers[l];
      const inputs = this.layers[l - 1].length;
      for (let i = 0; i < inputs; i++) {
        for (const node of layer) {
          const link = node.inputLinks[i];
          all.push(mean(link.accErrorDer, link.numAccumulatedDers));
        }
      }
      for (const node of layer) all.push(mean(node.accInputDer, node.numAccumulatedDers));
    }
    return all;
  }

  /**
   * One epoch: every sample once in `order` (reshuffled first unless `shuffle` is
   * false), in batches of `batch` samples (the last may be shorter), one update each.
   */
  trainEpoch(inputs, targets, order, batch, rate, shuffle = true) {
    if (shuffle) shuffleInPlace(order);
    for (let s = 0; s < order.length; s += batch) {
      this.trainBatch(inputs, targets, order, s, Math.min(batch, order.length - s), rate);
    }
  }

  /** The mean square error 1/(2N) sum (y - d)^2 over all rows (our core's MSE). */
  loss(inputs, targets) {
    let e = 0;
    for (let i = 0; i < inputs.length; i++) {
      this.forward(inputs[i]);
      e += this.error(targets[i]);
    }
    return e / inputs.length;
  }

  /**
   * Every weight and bias in the layout of our core's `Playground.weights()`: per
   * layer, the weights row by row (input i, neuron j at i * neurons + j), then the biases.
   */
  weights() {
    const all = [];
    for (let l = 1; l < this.layers.length; l++) {
      const layer = this.layers[l];
      const inputs = this.layers[l - 1].length;
      for (let i = 0; i < inputs; i++) for (const node of layer) all.push(node.inputLinks[i].weight);
      for (const node of layer) all.push(node.bias);
    }
    return all;
  }

  /** Loads weights and biases in the layout of `weights()`. */
  setWeights(values) {
    let k = 0;
    for (let l = 1; l < this.layers.length; l++) {
      const layer = this.layers[l];
      const inputs = this.layers[l - 1].length;
      for (let i = 0; i < inputs; i++) for (const node of layer) node.inputLinks[i].weight = values[k++];
      for (const node of layer) node.bias = values[k++];
    }
    if (k !== values.length) throw new Error(`expected ${k} weights and biases, got ${values.length}`);
  }
}

/** Fisher-Yates shuffle in place with Math.random. */
export function shuffleInPlace(a) {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
  return a;
}

/**
 * Training rows from points `x1, x2, target` triples (as `Playground.points`): the
 * features' values per row, and one target per row coded for a two-class output with
 * range [lo, hi] (class 1 -> hi, class 0 -> lo).
 */
export function trainingRows(points, features, [lo, hi] = [-1, 1]) {
  const fs = features.map((f) => {
    if (!FEATURES[f]) throw new Error(`unknown feature ${f}`);
    return FEATURES[f];
  });
  const inputs = [];
  const targets = [];
  for (let p = 0; p < points.length; p += 3) {
    inputs.push(fs.map((f) => f(points[p], points[p + 1])));
    targets.push([points[p + 2] === 1 ? hi : lo]);
  }
  return { inputs, targets };
}

/**
 * The rows of a table run's training (`test` false) or test split from the core's data
 * view (`Playground.tableRowsJson`, read page by page: each row's encoded inputs and its
 * class name), with one-hot 0/1 targets in the order of the run's output names and each
 * row's class index.
 * @param {{tableRowsJson: (test: boolean, start: number, count: number, errorsOnly: boolean) => string, tableInfoJson: () => string}} pg
 * @param {boolean} test
 */
export function tableRows(pg, test) {
  const classes = JSON.parse(pg.tableInfoJson()).output_names;
  const inputs = [];
  const targets = [];
  const labels = [];
  for (let start = 0; ; ) {
    const page = JSON.parse(pg.tableRowsJson(test, start, 200, false));
    for (const row of page.rows) {
      const k = classes.indexOf(row.target);
      if (k < 0) throw new Error(`unknown class ${row.target}`);
      inputs.push(row.encoded.map(Number));
      targets.push(classes.map((/** @type {string} */ _, /** @type {number} */ j) => (j === k ? 1 : 0)));
      labels.push(k);
    }
    start += page.rows.length;
    if (page.rows.length === 0 || start >= page.matching) break;
  }
  return { inputs, targets, labels };
}
