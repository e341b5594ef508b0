import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEnclave } from '../../server/src/app.js';
import { loadConfig } from '../../server/src/config.js';
import { createDemoOrg } from '../../server/src/modules/orgs/demo.js';

// Enclave in one process on a fresh SQLite file, with the demo org; prints the user/get URL with a token.
const dir = mkdtempSync(join(tmpdir(), 'enclave-bench-'));
const enclave = await createEnclave(
  loadConfig({
    ENCLAVE_DATA_DIR: dir,
    ENCLAVE_LOG_LEVEL: 'warn',
    ENCLAVE_PORT: '0',
    ENCLAVE_HOST: '127.0.0.1',
    ENCLAVE_DEMO: '0',
    // The benchmark measures user/get, not WeCom's frequency limit (10,000 a minute would answer 45009 after
    // half a second of this load).
    ENCLAVE_LIMIT_API_PER_MINUTE: '1000000000',
    ENCLAVE_LIMIT_API_PER_HOUR: '1000000000',
  }),
);
const { org } = await createDemoOrg(enclave.store.db);
const token = await enclave.app.inject({
  url: `/cgi-bin/gettoken?corpid=${org.corpId}&corpsecret=${org.contactSecret}`,
});
const accessToken = (token.json() as { access_token: string }).access_token;
await enclave.app.listen({ port: 0, host: '127.0.0.1' });
const address = enclave.app.server.address();
const port = typeof address === 'object' && address ? address.port : 0;
process.stdout.write(
  `${JSON.stringify({ url: `http://127.0.0.1:${port}/cgi-bin/user/get?access_token=${accessToken}&userid=user001` })}\n`,
);
process.once('SIGTERM', () => void enclave.close().then(() => process.exit(0)));
