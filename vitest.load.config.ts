import { defineConfig } from 'vitest/config';
import base from './vitest.config';

/**
 * `npm run test:load`: the load-and-consistency test at full size (issue 12 point 4), 1,000
 * deliveries unless `LOAD_DELIVERIES` says otherwise. `npm test` runs the same file at 100.
 * Spread rather than `mergeConfig`, which would add this include to the base's instead of replacing it.
 */
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: ['tests/integration/load-consistency.test.ts'],
    env: { ...base.test?.env, LOAD_DELIVERIES: process.env.LOAD_DELIVERIES ?? '1000' },
  },
});
