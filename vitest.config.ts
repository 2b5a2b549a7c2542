import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Servers bind ports and browsers are heavy: keep files from crowding two cores.
    fileParallelism: true,
    maxWorkers: 2,
  },
});
