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
    // The pinned SDK supports Node 20; its notice about future releases is noise in test output.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
