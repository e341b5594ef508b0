import { configDefaults, defineConfig } from 'vitest/config';

const postgres = process.env.ENCLAVE_TEST_DATABASE_URL;
/** Several Enclave processes on PostgreSQL and NATS (CI starts both); they need the database, so run with it. */
const CLUSTER_TESTS = 'server/src/cluster/**/*.test.ts';
/** Workspace packages are tested from source: their `source` export condition, not their built `dist`. */
const FROM_SOURCE = {
  resolve: { conditions: ['source', 'module', 'node', 'development|production'] },
  ssr: {
    resolve: { conditions: ['source', 'module', 'node', 'development|production'], externalConditions: ['source'] },
  },
};

/**
 * The server suite runs on SQLite always and, when ENCLAVE_TEST_DATABASE_URL names a PostgreSQL server
 * (CI), a second time on PostgreSQL, and then the cluster tests run too. Browser journeys run once.
 */
export default defineConfig({
  test: {
    projects: [
      {
        ...FROM_SOURCE,
        test: {
          name: 'server-sqlite',
          include: ['server/src/**/*.test.ts', 'packages/**/src/**/*.test.ts', 'scripts/**/*.test.ts'],
          exclude: [...configDefaults.exclude, CLUSTER_TESTS],
          env: { ENCLAVE_TEST_STORE: 'sqlite' },
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      ...(postgres
        ? [
            {
              ...FROM_SOURCE,
              test: {
                name: 'server-postgres',
                include: ['server/src/**/*.test.ts'],
                exclude: [...configDefaults.exclude, CLUSTER_TESTS],
                env: { ENCLAVE_TEST_STORE: 'postgres' },
                testTimeout: 30_000,
                hookTimeout: 60_000,
              },
            },
            {
              ...FROM_SOURCE,
              test: {
                name: 'cluster',
                include: [CLUSTER_TESTS],
                env: { ENCLAVE_TEST_STORE: 'postgres' },
                testTimeout: 30_000,
                hookTimeout: 60_000,
              },
            },
          ]
        : []),
      {
        test: {
          name: 'web',
          root: 'web',
          include: ['src/**/*.test.ts'],
        },
      },
      {
        ...FROM_SOURCE,
        test: {
          name: 'e2e',
          include: ['e2e/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
