import { defineConfig } from 'vitest/config';

/**
 * `npm run test:load`: the load-and-consistency test at full size (issue 12 point 4), 1,000
 * deliveries unless `LOAD_DELIVERIES` says otherwise; `npm test` runs the same file at 100. The
 * rest is vitest.config.ts's (repeated rather than imported: Vite's config loader warns about an
 * extensionless import, and `mergeConfig` would add this include to the base's, not replace it).
 */
export default defineConfig({
  test: {
    include: ['tests/integration/load-consistency.test.ts'],
    globalSetup: ['tests/support/global-setup.ts'],
    // Each file's tables in a DynamoDB Local database of their own region (decision 0047).
    setupFiles: ['tests/support/emulator-region.ts'],
    testTimeout: 30_000,
    hookTimeout: 90_000,
    pool: 'forks',
    env: {
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      LOAD_DELIVERIES: process.env.LOAD_DELIVERIES ?? '1000',
    },
  },
});
