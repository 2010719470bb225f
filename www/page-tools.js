// The page's tools beyond training: your own data (data-io.js), model files
// (model-io.js), weight editing in the diagram (diagram-interact.js), and the link:
// every setting written to the address bar as it changes (url-state.js), a notice for
// settings a link got wrong, the "Share / lesson link" panel that hides chosen controls
// for a class, the large-text switch, and the plane's axis values.

import { installDataTools } from './data-io.js';
import { installModelTools } from './model-io.js';
import { installDiagramTools } from './diagram-interact.js';
import { linkQuery, writeLink, configFields } from './url-state.js';
import { checkboxPill } from './controls.js';

const $ = (id) => document.getElementById(id);

/**
 * Controls a lesson link can hide (`hide=loss,layers`): each names the elements it
 * covers; a choice is offered only when its elements are on the page.
 */
const HIDEABLE = [
  { key: 'dataset', label: 'Dataset', targets: ['.datasets'] },
  { key: 'classes', label: 'Classes', targets: ['#classes'] },
  { key: 'ratio', label: 'Training ratio', targets: ['#train-percent'] },
  { key: 'noise', label: 'Noise', targets: ['#noise'] },
  { key: 'points', label: 'Points', targets: ['#points'] },
  { key: 'seed', label: 'Seed', targets: ['.seed-row'] },
  { key: 'owndata', label: 'Own data', targets: ['.own-data', '#point-tools'] },
  { key: 'features', label: 'Features', targets: ['.features'] },
  { key: 'layers', label: 'Layers', targets: ['.panel.network .stepper', '#layer-controls'] },
  { key: 'activation', label: 'Activation', targets: ['#activation', '#steepness', '#layer-activations'] },
  { key: 'loss', label: 'Loss', targets: ['#loss'] },
  { key: 'lr', label: 'Learning rate', targets: ['#learning-rate'] },
  { key: 'batch', label: 'Batch', targets: ['#strategy', '#batch-size'] },
  { key: 'optimizer', label: 'Optimizer', targets: ['#optimizer', '#momentum', '#adam-beta1', '#adam-beta2'] },
  { key: 'regularization', label: 'Regularization', targets: ['#regularization', '#reg-rate'] },
  { key: 'schedule', label: 'LR schedule', targets: ['#schedule', '#schedule-every', '#schedule-factor'] },
  { key: 'init', label: 'Initialization', targets: ['#init', '#init-scale'] },
  { key: 'stopping', label: 'Stopping', targets: ['.more-settings .stops'] },
  { key: 'more', label: 'All "More settings"', targets: ['#more-toggle', '#more-settings'] },
  { key: 'speed', label: 'Speed', targets: ['#speed'] },
  { key: 'model', label: 'Model files', targets: ['.tools-bar .tool-group'] },
];

/** The page settings a link carries, with their values when absent. */
const PAGE_DEFAULTS = { test: '0', disc: '0', log: '1', big: '0' };
const CHECKBOXES = { test: 'show-test', disc: 'discretize', log: 'loss-log', big: 'large-text' };

/** FNV-1a over the bit patterns of a Float32Array. */
function floatHash(values) {
  const bits = new Uint32Array(values.buffer, values.byteOffset, values.length);
  let h = 0x811c9dc5;
  for (let i = 0; i < bits.length; i++) {
    h ^= bits[i];
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16);
}

/** The elements a hide key covers: each control's whole field where it has one. */
function hideTargets(entry) {
  const out = [];
  for (const selector of entry.targets) {
    for (const el of document.querySelectorAll(selector)) out.push(el.closest('.field') ?? el);
  }
  return out;
}

/** Writes tick values along the plane's axes, from -extent to extent. */
function drawAxes(extent) {
  const step = extent / 3;
  const ticks = [];
  for (let i = -3; i <= 3; i++) ticks.push(Number((i * step).toPrecision(6)));
  const label = (v) => String(v).replace('-', '−');
  const x = document.querySelector('.plot-frame .axis-x');
  const y = document.querySelector('.plot-frame .axis-y');
  if (!x || !y) return;
  const tick = (v, vertical) => {
    const span = document.createElement('span');
    span.className = 'tick';
    span.textContent = label(v);
    const at = `${((v + extent) / (2 * extent)) * 100}%`;
    if (vertical) span.style.bottom = at;
    else span.style.left = at;
    return span;
  };
  const title = (text) => {
    const span = document.createElement('span');
    span.className = 'axis-title';
    span.textContent = text;
    return span;
  };
  x.replaceChildren(...ticks.map((v) => tick(v, false)), title('x1'));
  y.replaceChildren(...ticks.map((v) => tick(v, true)), title('x2'));
  x.classList.add('ticked');
  y.classList.add('ticked');
}

export function installTools({ worker, send, view, controls, link, networkView, applyConfig }) {
  const limits = view.limits;
  const initialCustom =
    link.config.data.task === 'custom'
      ? { samples: link.config.data.samples ?? [], regression: Boolean(link.config.data.regression), classes: link.config.data.classes }
      : null;
  const data = installDataTools({ worker, send, view, controls, limits, applyConfig, initial: initialCustom });
  const model = installModelTools({ worker, send, controls });
  const diagram = installDiagramTools({ worker, send, view, networkView });
  const defaults = link.defaults;
  const speedDefault = $('speed').value;
  let config = null; // the current run's configuration (the core's)
  let dropped = [];
  let gridHash = '';
  let gridRun = 0;
  let lastGrid = null; // a copy of the last output grid, for `outputAt` (tests)
  let hidden = [];

  drawAxes(limits.extent);

  // ---- page settings from the link ----------------------------------------------------
  const invalid = [...link.invalid];
  const page = link.page;
  if (page.speed !== undefined) {
    const options = [...$('speed').options].map((o) => o.value);
    if (options.includes(page.speed)) {
      $('speed').value = page.speed;
      $('speed').dispatchEvent(new Event('change'));
    } else invalid.push('speed');
  }
  for (const [key, id] of Object.entries(CHECKBOXES)) {
    if (page[key] === undefined) continue;
    if (page[key] !== '0' && page[key] !== '1') {
      invalid.push(key);
      continue;
    }
    const box = $(id);
    if (box.checked !== (page[key] === '1')) {
      box.checked = page[key] === '1';
      box.dispatchEvent(new Event('change'));
    }
  }
  if (page.hide !== undefined) {
    const keys = page.hide === '' ? [] : page.hide.split(',');
    const known = keys.filter((k) => HIDEABLE.some((e) => e.key === k));
    if (known.length !== keys.length) invalid.push('hide');
    hidden = known;
  }
  applyHidden();
  document.documentElement.classList.toggle('large-text', $('large-text').checked);

  // ---- the notice -----------------------------------------------------------------------
  const notes = [...link.notes];
  if (invalid.length) notes.unshift(`Some settings in the link were invalid and were reset: ${invalid.join(', ')}.`);
  $('link-notice-text').textContent = notes.join(' ');
  $('link-notice').hidden = notes.length === 0;
  $('link-notice-close').addEventListener('click', () => {
    $('link-notice').hidden = true;
  });

  // ---- writing the link -----------------------------------------------------------------
  function pageSettings() {
    const out = {};
    if ($('speed').value !== speedDefault) out.speed = $('speed').value;
    for (const [key, id] of Object.entries(CHECKBOXES)) {
      const v = $(id).checked ? '1' : '0';
      if (v !== PAGE_DEFAULTS[key]) out[key] = v;
    }
    if (hidden.length) out.hide = hidden.join(',');
    return out;
  }

  function update() {
    if (!config) return;
    const result = linkQuery({ config, defaults, limits, page: pageSettings() });
    dropped = result.dropped;
    let query = result.query;
    if (dropped.includes('pts')) query += '&pts=omitted';
    writeLink(query);
    showShare();
  }

  /** Fields of the link's configuration that the first run does not have (the controls could not hold them). */
  function lost(run) {
    const text = (field, c) => {
      try {
        return field.encode(field.get(c));
      } catch {
        return undefined;
      }
    };
    return configFields(limits)
      .filter((f) => text(f, link.config) !== text(f, run))
      .map((f) => f.key);
  }

  let firstRun = true;
  worker.addEventListener('message', (event) => {
    const msg = event.data;
    if (msg?.type === 'config' && msg.ok) {
      config = msg.config;
      if (firstRun && location.search) {
        const keys = lost(config);
        if (keys.length) {
          notes.push(`The page could not keep these settings of the link: ${keys.join(', ')}.`);
          $('link-notice-text').textContent = notes.join(' ');
          $('link-notice').hidden = false;
        }
      }
      firstRun = false;
      update();
    } else if (msg?.type === 'frame' && msg.changed && msg.grid && msg.run === view.run?.id) {
      gridHash = floatHash(msg.grid);
      gridRun = msg.run;
      lastGrid = { values: msg.grid.slice(), width: msg.width, height: msg.height, outputs: msg.outputs };
    }
  });
  for (const id of ['speed', ...Object.values(CHECKBOXES)]) $(id).addEventListener('change', update);
  $('large-text').addEventListener('change', () => {
    document.documentElement.classList.toggle('large-text', $('large-text').checked);
  });

  // ---- lesson links -----------------------------------------------------------------------
  function applyHidden() {
    for (const entry of HIDEABLE) {
      const on = hidden.includes(entry.key);
      for (const el of hideTargets(entry)) el.classList.toggle('lesson-hidden', on);
    }
    document.body.dataset.hidden = hidden.join(',');
  }

  const choices = $('hide-choices');
  const offered = HIDEABLE.filter((entry) => hideTargets(entry).length > 0);
  choices.replaceChildren(
    ...offered.map((entry) => {
      const { label, input } = checkboxPill(`hide-${entry.key}`, entry.key, entry.label);
      input.checked = hidden.includes(entry.key);
      input.addEventListener('change', showShare);
      return label;
    }),
  );

  function lessonLink() {
    const ticked = offered.filter((e) => $(`hide-${e.key}`).checked).map((e) => e.key);
    const params = location.search
      .slice(1)
      .split('&')
      .filter((p) => p && !p.startsWith('hide='));
    if (ticked.length) params.push(`hide=${ticked.join(',')}`);
    return `${location.origin}${location.pathname}${params.length ? `?${params.join('&')}` : ''}`;
  }

  function showShare() {
    const url = lessonLink();
    $('share-link').value = url;
    $('open-link').href = url;
    const n = data.custom()?.samples.length ?? 0;
    $('share-message').textContent = dropped.includes('pts')
      ? `Your ${n} points are too many for a link: the link opens with the default data. Share them with Export CSV.`
      : '';
  }

  $('copy-link').addEventListener('click', async () => {
    const url = lessonLink();
    $('share-link').value = url;
    try {
      await navigator.clipboard.writeText(url);
      $('share-message').textContent = 'Link copied.';
    } catch {
      $('share-link').select();
      const copied = document.execCommand?.('copy');
      $('share-message').textContent = copied ? 'Link copied.' : 'Select the link and copy it (Ctrl+C).';
    }
  });

  return {
    decorate: data.decorate,
    snapshot: () => ({
      ...data.snapshot(),
      ...model.snapshot(),
      ...diagram.snapshot(),
      gridHash,
      gridRun,
      linkInvalid: [...invalid],
      linkNotice: $('link-notice').hidden ? '' : $('link-notice-text').textContent,
      hidden: [...hidden],
      largeText: document.documentElement.classList.contains('large-text'),
      /** The outputs the last grid holds for the cell at (x1, x2). */
      outputAt(x1, x2) {
        if (!lastGrid) return null;
        const { values, width, height, outputs } = lastGrid;
        const e = limits.extent;
        const col = Math.min(width - 1, Math.max(0, Math.floor(((x1 + e) / (2 * e)) * width)));
        const row = Math.min(height - 1, Math.max(0, Math.floor(((e - x2) / (2 * e)) * height)));
        const at = (row * width + col) * outputs;
        return Array.from(values.subarray(at, at + outputs));
      },
    }),
  };
}
