import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // DynamoDB Local and the S3 server start once per run; every test file gets its own table and bucket.
    globalSetup: ['tests/support/global-setup.ts'],
    // Each file's tables in a DynamoDB Local database of their own region (decision 0047).
    setupFiles: ['tests/support/emulator-region.ts'],
    testTimeout: 30_000,
    hookTimeout: 90_000,
    pool: 'forks',
    // Two files at once even on two cores (Vitest's default there is one): much of a file's time is spent
    // waiting on DynamoDB Local, the S3 server or a browser. Measured one run after the other here: 507 s against 769 s.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // The pinned SDK supports Node 20; its notice about future releases is noise in test output.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
