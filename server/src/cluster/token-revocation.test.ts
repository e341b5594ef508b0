import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken, resolveToken } from '../modules/access-tokens/index.js';
import { rotateAppSecret } from '../modules/apps/index.js';
import { setAppEnabled } from '../modules/apps/index.js';
import { rotateContactSecret } from '../modules/orgs/index.js';
import { openStore, type Store } from '../platform/db/database.js';
import { given } from '../testing/given.js';
import { createTestStore, type TestStore } from '../testing/test-store.js';

/**
 * Two processes' stores on one PostgreSQL database and no bus between them: each keeps its own token
 * resolutions, and a revocation made through one is refused through the other as soon as it is made (ADR 0004).
 */
describe('token revocation between the processes of one database', () => {
  let store: TestStore;
  /** The other process's store: its own pool and its own cache. */
  let other: Store;

  beforeAll(async () => {
    store = await createTestStore();
    other = openStore(store.url);
  });

  afterAll(async () => {
    await other?.close();
    await store?.drop();
  });

  /** A token the other process has resolved (and keeps). */
  async function resolvedElsewhere(corpId: string, secret: string) {
    const { accessToken } = await issueToken(store.db, corpId, secret);
    await resolveToken(other.db, accessToken);
    await resolveToken(other.db, accessToken);
    return accessToken;
  }

  it('refuses at once the tokens of a directory secret rotated through another process', async () => {
    const org = await given.org(store.db);
    const token = await resolvedElsewhere(org.corpId, org.contactSecret);
    await rotateContactSecret(store.db, org.orgId);
    await expect(resolveToken(other.db, token)).rejects.toMatchObject({ code: 'token.invalid' });
  });

  it('refuses at once the tokens of an app whose secret was rotated, or that was disabled, through another process', async () => {
    const org = await given.org(store.db);
    const rotated = await given.app(org.ctx);
    const rotatedToken = await resolvedElsewhere(org.corpId, rotated.secret);
    const disabled = await given.app(org.ctx);
    const disabledToken = await resolvedElsewhere(org.corpId, disabled.secret);

    await rotateAppSecret(org.ctx, rotated.app.agentId);
    await expect(resolveToken(other.db, rotatedToken)).rejects.toMatchObject({ code: 'token.invalid' });
    await setAppEnabled(org.ctx, disabled.app.agentId, false);
    await expect(resolveToken(other.db, disabledToken)).rejects.toMatchObject({ code: 'token.app_disabled' });
  });

  it("keeps accepting the tokens a revocation did not touch, another org's included", async () => {
    const org = await given.org(store.db);
    const bystander = await given.org(store.db);
    const kept = await resolvedElsewhere(bystander.corpId, bystander.contactSecret);
    const app = await given.app(org.ctx);
    const appToken = await resolvedElsewhere(org.corpId, app.secret);
    await rotateContactSecret(store.db, org.orgId);
    await expect(resolveToken(other.db, kept)).resolves.toMatchObject({ orgId: bystander.orgId });
    await expect(resolveToken(other.db, appToken)).resolves.toMatchObject({ orgId: org.orgId });
  });
});
