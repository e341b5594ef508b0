import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { given } from '../../testing/given.js';
import { createTestStore, type TestStore } from '../../testing/test-store.js';
import { forgetTokens, issueToken, resolveToken, revokeTokens } from './access-tokens.service.js';

describe('resolving access tokens', () => {
  let store: TestStore;

  beforeAll(async () => {
    store = await createTestStore();
  });

  afterAll(async () => {
    await store?.drop();
  });

  it('does not keep a resolution whose lookup was on its way when this process forgot', async () => {
    const org = await given.org(store.db);
    const { accessToken } = await issueToken(store.db, org.corpId, org.contactSecret);
    // The race: the lookup reads the token, a revocation commits and this process forgets, then the lookup's
    // answer comes back. Here the forget comes first and the revocation's rows after, so nothing else forgets
    // (on PostgreSQL the epoch check would still refuse it; on SQLite only not keeping the answer does).
    const inFlight = resolveToken(store.db, accessToken);
    forgetTokens(store.db);
    await expect(inFlight).resolves.toMatchObject({ orgId: org.orgId });
    await revokeTokens(store.db, org.orgId, null);
    await expect(resolveToken(store.db, accessToken)).rejects.toMatchObject({ code: 'token.invalid' });
  });

  it("revokes the directory secret's tokens or one app's, and no other", async () => {
    const org = await given.org(store.db);
    const { app, secret } = await given.app(org.ctx);
    const directory = (await issueToken(store.db, org.corpId, org.contactSecret)).accessToken;
    const ofApp = (await issueToken(store.db, org.corpId, secret)).accessToken;
    await revokeTokens(store.db, org.orgId, app.id);
    forgetTokens(store.db);
    await expect(resolveToken(store.db, ofApp)).rejects.toMatchObject({ code: 'token.invalid' });
    await expect(resolveToken(store.db, directory)).resolves.toMatchObject({ orgId: org.orgId });
    await revokeTokens(store.db, org.orgId, null);
    forgetTokens(store.db);
    await expect(resolveToken(store.db, directory)).rejects.toMatchObject({ code: 'token.invalid' });
  });
});
