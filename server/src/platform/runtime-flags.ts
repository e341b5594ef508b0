/**
 * The Node.js flags every Enclave process runs with: `npm start` (server/package.json), `npm run cluster`,
 * the child processes of the tests and the benchmarks, and the service unit in docs/cluster.md
 * (runtime-flags.test.ts keeps those in step with this list).
 *
 * `--max-semi-space-size=32`: a broadcast allocates a frame per socket (10,000 at a time); with V8's default
 * young generation (16 MiB semi-spaces on 64-bit) that triggers scavenges every few milliseconds. 32 MiB
 * halves them: 20 back-to-back `@all` broadcasts to 10,000 sockets went from ~34,500 to ~36,500
 * deliveries/s on the benchmark machine, for at most 32 MiB more memory (docs/benchmarks.md).
 */
export const NODE_FLAGS = ['--max-semi-space-size=32'] as const;
