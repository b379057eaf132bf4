/**
 * Loading the package's embedded WebAssembly modules (hand-written `.wat`,
 * assembled with wabt and kept as base64): one loader and one growable byte
 * view for all of them.
 */

const PAGE = 65536;

/** A module's exports: its memory and the functions named when loading it. */
export type WasmExports<N extends string> = { readonly memory: WebAssembly.Memory } & {
  readonly [K in N]: (...args: never[]) => unknown;
};

/**
 * Instantiates an embedded module.
 * @param base64 - the module's bytes
 * @param functions - the exported functions it must have
 * @returns its exports, or null where it cannot load (no WebAssembly, an engine
 *   without the features it uses, a Content-Security-Policy that forbids
 *   compiling it, or an export missing); callers then fall back to JavaScript
 */
export function instantiateEmbedded<N extends string>(
  base64: string,
  functions: readonly N[],
): WasmExports<N> | null {
  try {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const exports = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports;
    if (!(exports.memory instanceof WebAssembly.Memory)) return null;
    if (functions.some((name) => typeof exports[name] !== 'function')) return null;
    return exports as unknown as WasmExports<N>;
  } catch {
    return null;
  }
}

/** A loaded module: the functions `F`, its memory, and a growable byte view of that memory. */
export type EmbeddedModule<F> = F & { readonly memory: WebAssembly.Memory; readonly heap: WasmHeap };

/**
 * A loader for an embedded module: it instantiates the module on its first
 * call and remembers the outcome (a module that cannot load is not tried again).
 * @param base64 - the module's bytes
 * @param functions - the exported functions it must have, typed by `F`
 * @returns the loader, which gives the module or null (callers then fall back to JavaScript)
 */
export function lazyEmbedded<F extends Record<string, (...args: never[]) => unknown>>(
  base64: string,
  functions: readonly (keyof F & string)[],
): () => EmbeddedModule<F> | null {
  let loaded: EmbeddedModule<F> | null | undefined;
  return () => {
    if (loaded === undefined) {
      const wasm = instantiateEmbedded(base64, functions);
      loaded = wasm && { ...(wasm as unknown as F), memory: wasm.memory, heap: new WasmHeap(wasm.memory) };
    }
    return loaded;
  };
}

/** A module's memory as bytes, grown on demand (growing replaces the buffer, so the view follows it). */
export class WasmHeap {
  readonly #memory: WebAssembly.Memory;
  #bytes = new Uint8Array(0);

  constructor(memory: WebAssembly.Memory) {
    this.#memory = memory;
  }

  /** The memory's bytes, at least `need` of them. */
  withRoom(need: number): Uint8Array {
    const memory = this.#memory;
    if (memory.buffer.byteLength < need) memory.grow(Math.ceil((need - memory.buffer.byteLength) / PAGE));
    if (this.#bytes.buffer !== memory.buffer) this.#bytes = new Uint8Array(memory.buffer);
    return this.#bytes;
  }
}
