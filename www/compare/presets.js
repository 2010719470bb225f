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
 * @property {string[]} [solve] runs whose weights are then solved by least squares
 */

/** @type {Preset[]} */
export const PRESETS = [
  {
    id: 'sse-vs-cross-entropy',
    title: 'SSE vs cross-entropy',
    caption: 'Both outputs are sigmoids started with large weights: where a sigmoid saturates, SSE\'s gradient f\'(ξ)(y − d) vanishes and A crawls, while cross-entropy\'s y − d keeps B learning.',
    base: { data: 'xor', layers: '4', act: 'tanh:1', out: 'sigmoid:1', loss: 'sse', lr: '0.03', init: 'small_uniform:2', batch: 'full_batch' },
    runs: [{ loss: 'binary_cross_entropy' }],
  },
  {
    id: 'online-vs-batch',
    title: 'Online vs mini-batch vs full batch',
    caption: 'Per epoch, online learning makes one update per sample and full batch one in all: by epochs online looks fastest; switch the x axis to updates and to seconds to see what each update costs.',
    base: { data: 'circle', layers: '4,2', batch: 'online', lr: '0.03' },
    runs: [{ batch: 'mini_batch:10' }, { batch: 'full_batch' }],
    axis: 'epochs',
  },
  {
    id: 'steepness',
    title: 'Steepness λ = 1 vs 4',
    caption: 'A steeper sigmoid f(λξ) switches faster but saturates sooner: B starts quicker, then its neurons stick at 0 or 1.',
    base: { data: 'circle', layers: '4', act: 'sigmoid:1', lr: '0.1' },
    runs: [{ act: 'sigmoid:4' }],
  },
  {
    id: 'activations',
    title: 'tanh vs ReLU vs sigmoid',
    caption: 'The same network with three activations: compare how fast the loss falls and the shape of the boundary each one draws.',
    base: { data: 'spiral', layers: '8,8', act: 'tanh:1', lr: '0.03', features: 'x1,x2,sin_x1,sin_x2' },
    runs: [{ act: 'relu' }, { act: 'sigmoid:1' }],
  },
  {
    id: 'l2',
    title: 'No regularization vs L2',
    caption: 'Few noisy points and a big network: A fits the noise and its test loss climbs back up; L2 keeps B\'s weights small and its test loss low.',
    base: { data: 'gaussian', noise: '0.5', points: '40', layers: '8,8,8', lr: '0.1', init: 'he', act: 'relu', train: '0.5' },
    runs: [{ reg: 'l2:0.03' }],
  },
  {
    id: 'least-squares',
    title: 'Gradient descent vs least squares',
    caption: 'A linear network: A walks down the error surface step by step, B jumps straight to the minimum with W = (XᵀX)⁻¹XᵀD.',
    base: { data: 'plane', layers: '0', act: 'linear', out: 'linear', loss: 'mse', lr: '0.001', noise: '0.2' },
    runs: [{}],
    solve: ['B'],
  },
  {
    id: 'decay',
    title: 'Constant vs decaying learning rate',
    caption: 'A large constant α keeps jumping around the minimum; decaying α_t = α_0 0.99^t lets B settle into it.',
    base: { data: 'circle', layers: '4,2', lr: '1', batch: 'mini_batch:10' },
    runs: [{ schedule: 'exponential:0.99' }],
  },
  {
    id: 'optimizers',
    title: 'Gradient descent vs momentum vs Adam',
    caption: 'The same gradients, three update rules: momentum keeps some speed between steps, Adam scales each weight\'s step by its own gradient history.',
    base: { data: 'spiral', layers: '8,8', lr: '0.01', features: 'x1,x2,sin_x1,sin_x2' },
    runs: [{ opt: 'momentum:0.9' }, { opt: 'adam:0.9:0.999:1e-8' }],
  },
];
