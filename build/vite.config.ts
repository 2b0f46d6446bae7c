import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = path.resolve(import.meta.dirname, '..', 'renderer');

/** The renderer bundle: relative URLs so it loads from app://outpost/ and from the loopback host alike. */
export default defineConfig({
  root,
  base: './',
  plugins: [react()],
  build: {
    outDir: path.resolve(import.meta.dirname, '..', 'dist', 'renderer'),
    emptyOutDir: true,
    target: 'chrome120',
    sourcemap: true,
  },
});
