// @ts-check
// How often the weight views redraw: at most once every `ms` while frames keep coming
// (training at full speed sends one per animation frame), with a last redraw after the
// last frame so what stays on the screen is the newest.

/**
 * Wraps `draw` so that calls closer than `ms` apart are merged: the first runs at once,
 * later ones run once `ms` after the previous draw.
 * @param {() => void} draw
 * @param {number} ms
 * @param {() => number} [now]
 * @param {(run: () => void, wait: number) => unknown} [later]  runs `run` after `wait` ms
 * @returns {() => void}
 */
export function paced(draw, ms, now = () => performance.now(), later = (run, wait) => setTimeout(run, wait)) {
  let last = -Infinity;
  let timer = false;
  const run = () => {
    timer = false;
    last = now();
    draw();
  };
  return () => {
    if (timer) return;
    const wait = last + ms - now();
    if (wait <= 0) return run();
    timer = true;
    later(run, wait);
  };
}
