import autocannon from 'autocannon';
import { median, startServer } from './lib.js';

async function measure(script: string, seconds: number) {
  const server = await startServer(script);
  try {
    const url = String(server.ready.url);
    const check = await fetch(url);
    const text = await check.text();
    const body = JSON.parse(text) as { errcode?: number };
    if (body.errcode !== 0) throw new Error(`${script} answered ${text}`);
    // Every answer must be this one (an errcode such as 45009 comes with HTTP 200): others count as mismatches.
    await autocannon({ url, connections: 50, duration: 2, expectBody: text }); // warm-up
    const result = await autocannon({ url, connections: 50, duration: seconds, expectBody: text });
    if (result.non2xx > 0 || result.errors > 0 || result.mismatches > 0)
      throw new Error(
        `${script}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.mismatches} other answers`,
      );
    return { rps: result.requests.average, p99: result.latency.p99 };
  } finally {
    await server.stop();
  }
}

/** user/get against Enclave and a bare Fastify route, alternated, both in child processes. */
export async function benchUserGet(rounds = 3, seconds = 10) {
  const bare: number[] = [];
  const enclave: number[] = [];
  const enclaveP99: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    bare.push((await measure('bench/servers/bare.ts', seconds)).rps);
    const e = await measure('bench/servers/enclave.ts', seconds);
    enclave.push(e.rps);
    enclaveP99.push(e.p99);
    process.stderr.write(
      `  user/get round ${round + 1}: bare ${bare.at(-1)?.toFixed(0)} req/s, enclave ${e.rps.toFixed(0)} req/s\n`,
    );
  }
  return {
    bareRps: bare,
    enclaveRps: enclave,
    bareMedian: median(bare),
    enclaveMedian: median(enclave),
    ratio: median(enclave) / median(bare),
    enclaveP99Ms: median(enclaveP99),
  };
}
