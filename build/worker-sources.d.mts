/** `define` entries: each worker's bundled CommonJS source as a JSON string literal. */
export function workerDefines(root: string): Promise<Record<string, string>>;
