// @ts-check
// Canvas sizing shared by every view.

/**
 * Sizes a canvas's backing store to its CSS size times the device pixel ratio and
 * returns its context scaled to CSS pixels, with the CSS size.
 * @param {HTMLCanvasElement} canvas
 * @returns {{ctx: CanvasRenderingContext2D, w: number, h: number}}
 */
export function fitCanvas(canvas) {
  const dpr = window.devicePixelRatio || 1;
  const size = kept.get(canvas) ?? { w: canvas.clientWidth, h: canvas.clientHeight };
  const w = Math.max(1, Math.round(size.w * dpr));
  const h = Math.max(1, Math.round(size.h * dpr));
  if (canvas.width !== w || canvas.height !== h) {
    canvas.width = w;
    canvas.height = h;
  }
  const ctx = /** @type {CanvasRenderingContext2D} */ (canvas.getContext('2d'));
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  return { ctx, w: size.w, h: size.h };
}

/** CSS sizes of the canvases given to keepSize, as their ResizeObserver last saw them. */
const kept = new WeakMap();
/** @type {WeakMap<Element, () => void>} what to do when a kept canvas changes size */
const onResize = new WeakMap();
/** @type {ResizeObserver|null} */
let observer = null;

/**
 * Keeps the CSS size of `canvas` as a ResizeObserver reports it, so fitCanvas does not
 * read the layout: reading it after another part of the page changed lays the whole
 * page out again, once per canvas, and a page that draws many canvases per frame (compare
 * mode's cards) spends its frames doing that. `resized` is called once the size is first
 * known and whenever it changes (a drawing made before then may have the wrong size).
 * @param {HTMLCanvasElement} canvas
 * @param {() => void} resized
 */
export function keepSize(canvas, resized) {
  observer ??= new ResizeObserver((entries) => {
    for (const { target } of entries) {
      const size = { w: target.clientWidth, h: target.clientHeight };
      const before = kept.get(target);
      kept.set(target, size);
      if (!before || before.w !== size.w || before.h !== size.h) onResize.get(target)?.();
    }
  });
  onResize.set(canvas, resized);
  observer.observe(canvas);
}
