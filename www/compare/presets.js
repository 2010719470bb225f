// @ts-check
// The lecture's experiments as one-click comparisons. Each preset sets up run A (a
// dataset and a network that show the effect well) and gives runs B, C, D their
// differences; `caption` says what to watch. Values are written as in a link
// (schema/link-codec.js), keyed by the link's short names, so a preset reads like the
// link it becomes.

/**
 * @typedef {object} Preset
 * @property {string} id
 * @property {string} title
 * @property {string} caption   what to watch, in one sentence
 * @property {Record<string, string>} base  run A's settings (link keys and texts) over the defaults
 * @property {Array<Record<string, string>>} runs  the differences of B, C, D (link keys and texts)
 * @property {string} [axis]    the loss chart's x axis to start with
 * @property {boolean} [logX]   start with that axis on a log scale
 * @property {import('../views/chart-series.js').Measure} [measure]  what the chart draws of
 *   every run to start with (default: its own loss): the measure the caption's claim is about
 * @property {string[]} [solve] runs whose weights are then solved by least squares
 */

/** @type {Preset[]} */
export const PRESETS = [
  {
    id: 'sse-vs-cross-entropy',
    title: 'Squared error vs cross-entropy',
    caption: 'Sigmoid outputs started with large weights, both losses means over the batch, the same α: A\'s squared-error term f\'(ξ)(y − d)/N carries the sigmoid\'s slope (at most ¼, near 0 where it saturates), B\'s cross-entropy term (y − d)/N has no such factor. The two losses are not on one scale, so the chart draws one measure for both, the mean squared error of the outputs (the loss A minimizes, times 2): B\'s falls faster than A\'s even on A\'s own measure, and B\'s accuracy leads. (SSE is N × MSE: like α × N.)',
    base: { data: 'xor', layers: '4', act: 'tanh:1', out: 'sigmoid:1', loss: 'mse', lr: '0.3', init: 'small_uniform:2', batch: 'full_batch' },
    runs: [{ loss: 'binary_cross_entropy' }],
    measure: 'error',
  },
  {
    id: 'online-vs-batch',
    title: 'Online vs mini-batch vs full batch',
    caption: 'Per epoch online learning makes 250 updates (one per sample), mini-batch 25 and full batch 1. By updates (log axis) mini-batch and full batch fall alike and each of their updates does more than an online one; by epochs online falls fastest. Batch is the efficient one per sample: one matrix product for many rows, so an epoch costs full batch a fraction of what it costs online (seconds are each run\'s own compute). But online makes far more updates per second, and on this small task it still reaches the lowest loss by seconds.',
    base: { data: 'circle', layers: '4,2', batch: 'online', lr: '0.03' },
    runs: [{ batch: 'mini_batch:10' }, { batch: 'full_batch' }],
    axis: 'updates',
    logX: true,
  },
  {
    id: 'steepness',
    title: 'Steepness λ = 1 vs 4',
    caption: 'A steeper sigmoid f(λξ) has λ times the slope, so at the same α B takes larger steps: on this circle B\'s loss mostly ends lower than A\'s, and where the steps overshoot it jumps.',
    base: { data: 'circle', layers: '4', act: 'sigmoid:1', lr: '0.1' },
    runs: [{ act: 'sigmoid:4' }],
  },
  {
    id: 'activations',
    title: 'tanh vs ReLU vs sigmoid',
    caption: 'The same network with three activations: tanh and ReLU bring the loss down within a few hundred epochs, the sigmoid (slope at most ¼, outputs around ½ rather than 0) lags far behind; compare the boundary each one draws.',
    base: { data: 'spiral', layers: '8,8', act: 'tanh:1', lr: '0.03', features: 'x1,x2,sin_x1,sin_x2' },
    runs: [{ act: 'relu' }, { act: 'sigmoid:1' }],
  },
  {
    id: 'l2',
    title: 'No regularization vs L2',
    caption: 'Few noisy training points (40) and a big network: A fits the noise (its training loss falls far below its test loss) and its test loss climbs far above its minimum; L2 keeps B\'s weights small and its test loss near its own minimum.',
    base: { data: 'gaussian', noise: '0.8', points: '400', layers: '8,8,8', lr: '0.1', init: 'he', act: 'relu', out: 'sigmoid:1', loss: 'binary_cross_entropy', train: '0.1' },
    runs: [{ reg: 'l2:0.03' }],
  },
  {
    id: 'least-squares',
    title: 'Gradient descent vs least squares',
    caption: 'A linear network: A walks down the error surface step by step, B jumps straight to the minimum with W = (XᵀX)⁻¹XᵀD, the loss A never goes below.',
    base: { data: 'plane', layers: '0', act: 'linear', out: 'linear', loss: 'mse', lr: '0.001', noise: '0.2' },
    runs: [{}],
    solve: ['B'],
  },
  {
    id: 'decay',
    title: 'Constant vs decaying learning rate',
    caption: 'Noisy classes, so mini-batch gradients never agree: a large constant α = 1 keeps A\'s loss jumping around the minimum; decaying α_t = α_0 0.99^t lets B settle below it (after about 500 epochs α_t is so small that B all but stops).',
    base: { data: 'circle', noise: '0.5', layers: '4,2', lr: '1', batch: 'mini_batch:10' },
    runs: [{ schedule: 'exponential:0.99' }],
  },
  {
    id: 'optimizers',
    title: 'Gradient descent vs momentum vs Adam',
    caption: 'The same α, three update rules: Adam, which scales each weight\'s step by its own gradient history, reaches the lowest loss, mostly by orders of magnitude; but near the minimum its step α·m/√v stays about α however small the gradient, so a weight overshoots and its loss can spike back up by many orders of magnitude (here around epochs 1,200–2,300) before it falls again. Momentum, which keeps some speed between steps, mostly ends below plain gradient descent.',
    base: { data: 'spiral', layers: '8,8', lr: '0.01', features: 'x1,x2,sin_x1,sin_x2' },
    runs: [{ opt: 'momentum:0.9' }, { opt: 'adam:0.9:0.999:1e-8' }],
  },
  // The lecture's table experiments: each trains a fixed number of epochs (a stopping
  // limit), and its caption is checked at that epoch in its own numbers.
  {
    id: 'letters-sse-vs-cross-entropy',
    title: 'Letters: SSE vs cross-entropy',
    caption: 'Letters, 16 tanh neurons, the same α = 0.3, 200 epochs: A sums squared errors over sigmoid outputs, B uses softmax and cross-entropy. A\'s large summed gradients drive its hidden neurons into saturation (|y| near 1 on almost every row, where tanh\'s slope is near 0), and its loss jumps up again and again and stays high; B\'s loss falls smoothly and its test accuracy ends at least 15 points above A\'s. The chart draws accuracy, one measure for both.',
    base: { table: 'letters', layers: '16', act: 'tanh:1', out: 'sigmoid:1', loss: 'sse', lr: '0.3', batch: 'mini_batch:10', epochs: '200' },
    runs: [{ out: 'softmax', loss: 'softmax_cross_entropy' }],
    measure: 'accuracy',
  },
  {
    id: 'letters-batch',
    title: 'Letters: online vs mini-batch vs full batch',
    caption: 'Letters, 100 epochs at α = 0.1: per epoch online makes 520 updates (one per training row), mini-batch 52 and full batch 1. By updates (log axis) each mini-batch update does more than an online one: at 5,200 updates mini-batch\'s loss is below online\'s. By epochs online falls fastest and full batch has barely moved. By each run\'s own compute seconds (axis "seconds") batch is the efficient one: ten or 520 rows go through one matrix product, so an epoch costs mini-batch and full batch a fraction of what it costs online.',
    base: { table: 'letters', layers: '16', act: 'tanh:1', out: 'softmax', loss: 'softmax_cross_entropy', lr: '0.1', batch: 'online', epochs: '100' },
    runs: [{ batch: 'mini_batch:10' }, { batch: 'full_batch' }],
    axis: 'updates',
    logX: true,
  },
  {
    id: 'animals-hidden-layer',
    title: 'Animals: no hidden layer vs one',
    caption: 'The lecture\'s animals in the slide\'s ordinal code, softmax and cross-entropy, full batch, 600 epochs: in this code the four classes are almost linearly separable, so A (no hidden layer: each output a weighted sum of size, fur and talks) and B (8 tanh neurons first) both classify every training animal correctly by epoch 300. B\'s hidden layer combines the inputs before the outputs do, so it fits more sharply: at epoch 600 its loss is under a third of A\'s.',
    base: { table: 'animals', layers: '0', out: 'softmax', loss: 'softmax_cross_entropy', lr: '0.1', batch: 'full_batch', epochs: '600' },
    runs: [{ layers: '8' }],
  },
  {
    id: 'animals-encoding',
    title: 'Animals: ordinal vs one-hot code',
    caption: 'The same animals and the same network without a hidden layer, 600 epochs: A codes each column as one input with its levels at −1, 0, 1 (ordinal), B as one input per level, ±1 (one-hot, the slide\'s Red → [1, −1, −1]). B gets a weight for every level instead of one slope per column, so by epoch 100 it classifies every training animal correctly while A does not yet, and at epoch 600 its loss is under a third of A\'s.',
    base: { table: 'animals', layers: '0', out: 'softmax', loss: 'softmax_cross_entropy', lr: '0.1', batch: 'full_batch', epochs: '600' },
    runs: [{ code: '{"encodings":{"size":"one_hot_signed","fur":"one_hot_signed","talks":"one_hot_signed"}}' }],
  },
  {
    id: 'weather-least-squares',
    title: 'Weather: gradient descent vs least squares',
    caption: 'The lecture\'s multivariate linear regression (pressure, wind, temperature → precipitation risk), a linear network: A walks down the error surface, B jumps to its minimum with W = (XᵀX)⁻¹XᵀD. B starts at the loss A never goes below; A comes within 1 % of it within 150 epochs (its card says by which), and both end with the same R² on the test rows.',
    base: { table: 'weather', layers: '0', act: 'linear', out: 'linear', loss: 'mse', lr: '0.01', batch: 'mini_batch:10', epochs: '150' },
    runs: [{}],
    solve: ['B'],
  },
];
