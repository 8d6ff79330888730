import { defineConfig } from 'vitest/config';

// Two projects; `npm test` runs both.
// - `unit` (npm run test:unit, the fast loop): no Java, no network, no emulator, no bundling. Its files
//   share their workers' module cache (isolate: false), so a file that patches a shared module
//   (aws-sdk-client-mock) restores it in afterAll.
// - `integration`: test/integration/, against one DynamoDB Local and one SQS emulator that the global
//   setup starts for the run, and only when this project runs; test/cdk/, which synthesizes the
//   stacks and bundles every function with esbuild (seconds of CPU per file); and test/web/, which builds
//   the web app and drives it in Chromium against a local stack of its own.
export default defineConfig({
  test: {
    environment: 'node',
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/integration/**', 'test/cdk/**', 'test/web/**'],
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'test/cdk/**/*.test.ts', 'test/web/**/*.test.ts'],
          globalSetup: ['test/support/global-setup.ts'],
        },
      },
    ],
  },
});
