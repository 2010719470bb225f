// The real page's benchmark cases, shared by bench/run.mjs and bench/page-fps.mjs: the
// networks opened by link at speed "max" and the compare-mode links.

const ALL_FEATURES = 'x1,x2,x1_squared,x2_squared,x1_x2,sin_x1,sin_x2';
/** The real page opened by link at speed "max" (batch 10, the default), per network. */
export const PAGE_NETWORKS = {
  default: { query: '?data=circle&seed=1&features=x1,x2&layers=4,2&speed=max', shape: [2, 4, 2, 1] },
  mid: { query: `?data=circle&seed=1&features=${ALL_FEATURES}&layers=8,8,8,8,8,8&speed=max`, shape: [7, 8, 8, 8, 8, 8, 8, 1] },
  largest: { query: `?data=circle&seed=1&features=${ALL_FEATURES}&layers=${Array(10).fill(32)}&speed=max`, shape: [7, ...Array(10).fill(32), 1] },
};

/** Compare mode at speed "max": four runs of the default network (A, and B, C, D differing in learning rate and batch), lockstep and race. */
export const FOUR_RUNS = '?data=circle&seed=1&features=x1,x2&layers=4,2&speed=max&B=lr~0.1&C=lr~0.01&D=batch~full_batch';
/** Two runs: A online and B in full batch, the pair whose cost per epoch differs most. */
export const ONLINE_VS_FULL = '?data=circle&layers=4,2&batch=online&lr=0.03&speed=max&B=batch~full_batch';
export const COMPARE_CASES = {
  lockstep: { query: FOUR_RUNS, runs: 4 },
  race: { query: `${FOUR_RUNS}&race=1`, runs: 4 },
  'lockstep, A online vs B full batch': { query: ONLINE_VS_FULL, runs: 2 },
  'race, A online vs B full batch': { query: `${ONLINE_VS_FULL}&race=1`, runs: 2 },
};
