// Lint is type-aware and enforces the layers of ../shared/DESIGN.md:
// shared/ is pure, electron/core never touches Electron, the renderer never
// touches Node, and only electron/shell and the preload speak IPC.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeModules = ['node:*', 'fs', 'fs/*', 'path', 'os', 'crypto', 'child_process', 'http', 'https', 'net', 'stream', 'util', 'url', 'zlib', 'worker_threads'];

const restrict = (patterns, message) => ['error', { patterns: [{ group: patterns, message }] }];

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', '.tsbuild/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['*.js', '*.mjs', 'build/*.mjs', 'bin/*.cjs'] }, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/consistent-type-definitions': ['error', 'type'],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      // Handler tables implement an async contract; many entries need no await.
      '@typescript-eslint/require-await': 'off',
      'no-restricted-properties': [
        'error',
        { object: 'it', property: 'only', message: 'A focused test hides the rest of the suite.' },
        { object: 'describe', property: 'only', message: 'A focused test hides the rest of the suite.' },
        { object: 'test', property: 'only', message: 'A focused test hides the rest of the suite.' },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', require: 'readonly', __dirname: 'readonly', module: 'writable' } },
  },
  {
    // CommonJS launchers (the package bin) load the bundle with require().
    files: ['**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Playwright fixtures must destructure their (possibly empty) dependencies.
    files: ['test/e2e/**/*.ts'],
    rules: { 'no-empty-pattern': 'off' },
  },
  {
    files: ['shared/**/*.ts'],
    rules: { 'no-restricted-imports': restrict([...nodeModules, 'electron', 'react', 'react-dom', 'lowdb', 'lowdb/*'], 'shared/ is pure TypeScript: no Node, Electron, React or storage.') },
  },
  {
    files: ['electron/core/**/*.ts', 'electron/core-process/**/*.ts', 'electron/host/**/*.ts', 'electron/cli/**/*.ts', 'electron/cli.ts'],
    rules: { 'no-restricted-imports': restrict(['electron', 'react', 'react-dom', '**/renderer/**'], 'electron/core, host and cli are plain Node: never import Electron or the renderer.') },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    rules: { 'no-restricted-imports': restrict([...nodeModules, 'electron', 'lowdb', 'lowdb/*', '**/electron/**'], 'The renderer talks to the core only through renderer/src/api.') },
  },
  {
    files: ['electron/**/*.ts'],
    ignores: ['electron/shell/ipc.ts', 'electron/preload.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "ImportSpecifier[imported.name=/^ipc(Main|Renderer)$/]", message: 'Only electron/shell/ipc.ts and preload.ts speak IPC.' },
      ],
    },
  },
);
