/** `define` entries: each worker's bundled CommonJS source as a JSON string literal. */
export function workerDefines(root: string): Promise<Record<string, string>>;

/** esbuild options for the Node entries (Electron main, host, CLI). */
export function nodeEntryOptions(root: string): Promise<{
  outExtension: Record<string, string>;
  bundle: true;
  platform: 'node';
  format: 'cjs';
  target: string;
  external: string[];
  define: Record<string, string>;
}>;
