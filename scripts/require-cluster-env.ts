/** `npm run test:cluster` says what it needs instead of vitest's "No projects matched the filter". */
if (!process.env.ENCLAVE_TEST_DATABASE_URL) {
  process.stderr.write(
    [
      'the cluster tests start Enclave processes on PostgreSQL, NATS and Redis; they need',
      '  ENCLAVE_TEST_DATABASE_URL=postgres://… (a server where each test file makes and drops its own database),',
      '  NATS on nats://127.0.0.1:4222 and Redis on redis://127.0.0.1:6379, e.g.',
      '  ENCLAVE_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run test:cluster',
      '',
    ].join('\n'),
  );
  process.exit(1);
}
