/**
 * The Node.js flags every Enclave process runs with: `npm start` (server/package.json), `npm run cluster`,
 * the child processes of the tests and the benchmarks, and the service unit in docs/cluster.md
 * (runtime-flags.test.ts keeps those in step with this list).
 *
 * `--max-semi-space-size=64`: a broadcast allocates a frame per socket (10,000 at a time); with V8's default
 * young generation (16 MiB semi-spaces on 64-bit) that triggers scavenges every few milliseconds. Larger
 * semi-spaces mean fewer: 20 back-to-back `@all` broadcasts to 10,000 sockets went from ~34,500 (default) to
 * ~36,500 (32 MiB) and ~37,600 (64 MiB) deliveries/s on the benchmark machine. The young generation only
 * grows that far under such load; the cost is up to ~150 MiB more resident memory then (docs/benchmarks.md).
 */
export const NODE_FLAGS = ['--max-semi-space-size=64'] as const;
