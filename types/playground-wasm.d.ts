// The page's wasm module (crates/wasm, built into www/pkg by scripts/setup.sh's
// build_page with --no-typescript, so it does not exist before the build). Declared
// here so that type checking does not depend on the build: the export names are
// checked (an import of a binding that does not exist fails at load time in the
// browser), their types are kept loose. Keep the names in step with the
// #[wasm_bindgen] items of crates/wasm/src/lib.rs.
declare module '*/pkg/playground_wasm.js' {
  /** Loads and instantiates the wasm module (fetches playground_wasm_bg.wasm by default). */
  export default function init(moduleOrPath?: any): Promise<any>;
  export function initSync(module: any): any;
  /** Installs the panic hook (also run when the module is instantiated). */
  export function start(): void;
  /** The table of every configuration field, as JSON. */
  export function schema(): string;
  /** `{"problems": [...], "config": {...} | null}` as JSON. */
  export function validate(configJson: string): string;
  /** The default configuration as JSON. */
  export function defaultConfig(): string;
  /** `{"samples": [...], "regression": bool, "classes": n}` as JSON; throws on bad CSV. */
  export function parseCsv(text: string): string;
  /** One training run. */
  export class Playground {
    constructor(configJson: string);
    /** A run from a model file, at its epoch with its training state; throws on a bad file. */
    static fromModel(json: string): Playground;
    /** What loading an older model file could not restore, or undefined. */
    loadNotice(): string | undefined;
    free(): void;
    [member: string]: any;
  }
}
