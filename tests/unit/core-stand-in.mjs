// A stand-in for the core's validation (the bindings' validate()), shared by the tests
// of www/schema/link-codec.js: it refuses a few things the way the core does
// (crates/core/src/config.rs validate), every problem with its field (and one with none).

/** The core's verdict on one configuration, as validate() of the bindings gives it. */
export function verdict(config) {
  const problems = [];
  if (!(config.learning_rate > 0 && config.learning_rate <= 10)) {
    problems.push({ field: 'learning_rate', message: `must be above 0 and at most 10, got ${config.learning_rate}` });
  }
  if (!(config.data.noise >= 0 && config.data.noise <= 1)) problems.push({ field: 'data.noise', message: 'must be in [0, 1]' });
  if (config.hidden_layers.some((n) => !(n >= 1 && n <= 8))) problems.push({ field: 'hidden_layers', message: 'widths are 1 to 8' });
  const { task, classes, samples, regression } = config.data;
  const counted = ['spiral', 'blobs', 'custom'].includes(task); // the tasks whose classes apply
  if (counted && !(Number.isInteger(classes) && classes >= 2 && classes <= 6)) problems.push({ field: 'data.classes', message: 'must be a whole number from 2 to 6' });
  if (task === 'custom' && !samples?.length) problems.push({ field: 'data.samples', message: 'no points' });
  if (task === 'custom' && !regression && samples?.some((s) => !(Number.isInteger(s.target) && s.target >= 0 && s.target < Math.max(classes, 2)))) {
    problems.push({ field: 'data.samples', message: 'a point has an invalid label' });
  }
  if (config.loss === 'softmax_cross_entropy' && !['softmax', undefined].includes(config.output_activation?.kind)) {
    problems.push({ message: 'softmax cross-entropy needs the softmax output' }); // names no field
  }
  return problems.length ? { config: null, problems } : { config: { ...structuredClone(config), checked: true }, problems: [] };
}

/** The worker's `validate` request: many configurations at once, asynchronously. */
export function makeValidate() {
  const calls = [];
  const validate = async (configs) => {
    calls.push(configs.length);
    return configs.map(verdict);
  };
  return { validate, calls };
}
