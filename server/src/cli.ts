import { parseArgs } from 'node:util';
import { loadConfig } from './config.js';
import { openStore } from './platform/db/database.js';
import { migrateToLatest } from './platform/db/migrator.js';
import { randomToken } from './platform/secrets.js';
import { createApp } from './modules/apps/index.js';
import { createOrg, findOrgByCorpId, listDevMail } from './modules/orgs/index.js';
import { DomainError } from './platform/errors.js';

const USAGE = `usage:
  enclave org create --name NAME [--admin-email E] [--admin-password P] [--json]
  enclave app create --corpid C --name N [--directory-write] [--json]
  enclave dev-mail [--json]      the newest mails kept without SMTP (sign-up links), newest first
Works on the database ENCLAVE_DATABASE_URL names (default: sqlite:./data/enclave.db).`;

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      corpid: { type: 'string' },
      'admin-email': { type: 'string' },
      'admin-password': { type: 'string' },
      'directory-write': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  const [noun, verb] = positionals;
  if (values.help || !noun || (!verb && noun !== 'dev-mail')) fail(USAGE);
  const store = openStore(loadConfig().databaseUrl);
  try {
    await migrateToLatest(store.db);
    let output: Record<string, unknown>;
    if (noun === 'dev-mail' && !verb) {
      const mails = await listDevMail(store.db);
      if (!values.json) {
        if (loadConfig().smtpUrl) process.stdout.write('ENCLAVE_SMTP_URL is set: mail goes out by SMTP, not here.\n');
        for (const mail of mails) {
          const at = new Date(mail.created_at).toISOString();
          process.stdout.write(`--- ${at}  to ${mail.recipient}\n${mail.subject}\n\n${mail.body}\n`);
        }
        if (mails.length === 0) process.stdout.write('no mail\n');
        return;
      }
      output = { mails };
    } else if (noun === 'org' && verb === 'create') {
      if (!values.name) fail('--name is required');
      const password = values['admin-password'] ?? randomToken(12);
      const email =
        values['admin-email'] ??
        `owner-${randomToken(6)
          .toLowerCase()
          .replace(/[^a-z0-9]/g, 'x')}@enclave.local`;
      const org = await createOrg(store.db, { name: values.name, owner: { name: 'Owner', email, password } });
      output = {
        corpid: org.corpId,
        contact_secret: org.contactSecret,
        admin: { email: org.owner.email, password, name: org.owner.name, role: org.owner.role },
      };
    } else if (noun === 'app' && verb === 'create') {
      if (!values.corpid || !values.name) fail('--corpid and --name are required');
      const org = await findOrgByCorpId(store.db, values.corpid);
      if (!org) fail(`no org has corpid ${values.corpid}`);
      const { app, secret } = await createApp(
        { db: store.db, orgId: org.id, actor: { kind: 'system' } },
        { name: values.name, canWriteDirectory: values['directory-write'] },
      );
      output = { agentid: app.agentId, secret };
    } else {
      fail(USAGE);
    }
    process.stdout.write(values.json ? `${JSON.stringify(output)}\n` : `${JSON.stringify(output, null, 2)}\n`);
  } catch (error) {
    if (error instanceof DomainError) fail(`${error.code}: ${error.message}`);
    throw error;
  } finally {
    await store.close();
  }
}

await main(process.argv.slice(2));
