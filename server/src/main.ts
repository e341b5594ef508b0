import { createEnclave } from './app.js';
import { loadConfig } from './config.js';
import { createDemoOrg, DEMO_ADMIN } from './modules/orgs/index.js';

const config = loadConfig();
const enclave = await createEnclave(config);
const { app, store, logger } = enclave;

// The last line of defence: nothing a client sends may end the process. Every promise on a request path is
// handled (lint: no-floating-promises); should one slip through, it is logged as the bug it is, and the
// process keeps serving everyone else.
process.on('unhandledRejection', (reason) => {
  logger.error({ err: reason }, 'unhandled promise rejection (a bug: it should have been handled where it arose)');
});

let demoNote = '';
if (config.demo) {
  const hasOrg = await store.db.selectFrom('orgs').select('id').limit(1).executeTakeFirst();
  if (!hasOrg) {
    const { org, app: demoApp } = await createDemoOrg(store.db);
    demoNote = [
      `  demo org "${org.name}" created: corpid ${org.corpId}`,
      `  directory secret (shown once): ${org.contactSecret}`,
      `  app "${demoApp.app.name}" agentid ${demoApp.app.agentId}, secret (shown once): ${demoApp.secret}`,
    ].join('\n');
  }
}
const demoAdmin = await store.db
  .selectFrom('admins')
  .select('id')
  .where('email', '=', DEMO_ADMIN.email)
  .executeTakeFirst();

await app.listen({ port: config.port, host: config.host });
const shown = config.host === '0.0.0.0' ? 'localhost' : config.host;
const lines = [
  '',
  `Enclave is running on http://${shown}:${config.port}  (store: ${store.dialect})`,
  demoNote,
  demoAdmin
    ? `  sign in to the admin console at http://${shown}:${config.port}/ as ${DEMO_ADMIN.email} / ${DEMO_ADMIN.password}`
    : `  create your org at http://${shown}:${config.port}/ (sign up)`,
  '',
].filter((l) => l !== '');
process.stdout.write(`${lines.join('\n')}\n`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    logger.info({ signal }, 'shutting down');
    enclave.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}
