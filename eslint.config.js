import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const hostTimeAndRandomness = {
  'no-restricted-globals': ['error',
    { name: 'setTimeout', message: 'src/sim runs on simulated time: ask the kernel for a timer.' },
    { name: 'setInterval', message: 'src/sim runs on simulated time: ask the kernel for a timer.' },
    { name: 'requestAnimationFrame', message: 'src/sim must not use host timers.' },
    { name: 'performance', message: 'src/sim must not read the host clock.' },
    { name: 'Date', message: 'src/sim must not read the host clock: use simulated time.' },
  ],
  'no-restricted-properties': ['error',
    { object: 'Math', property: 'random', message: 'src/sim takes randomness only from seeded streams (kernel/rng.ts).' },
    { object: 'Date', property: 'now', message: 'src/sim must not read the host clock.' },
    { object: 'performance', property: 'now', message: 'src/sim must not read the host clock.' },
  ],
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src/sim/**/*.ts'],
    ignores: ['src/sim/**/*.test.ts'],
    rules: hostTimeAndRandomness,
  },
);
