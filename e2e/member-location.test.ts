import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type Running, startEnclave } from './harness.js';
import { MEMBER_COOKIE, PHONE, signInMember } from './member-session.js';

/** Sharing one's location from the member client (with consent), for 定点 sends; and taking it back. */
describe('member location sharing', () => {
  let running: Running;
  let browser: Browser;
  let context: BrowserContext | undefined;

  beforeAll(async () => {
    [running, browser] = await Promise.all([startEnclave(), launchBrowser()]);
  });
  afterAll(async () => {
    await context?.close().catch(() => undefined);
    await browser?.close();
    await running?.close();
  });

  it('shares only after the member agrees, reaches a 定点 send, and is deleted when switched off', async () => {
    const session = await signInMember(running, 'user004');
    const db = running.enclave.store.db;
    const member = await db
      .selectFrom('members')
      .select('id')
      .where('user_id', '=', 'user004')
      .executeTakeFirstOrThrow();
    const stored = () =>
      db.selectFrom('member_locations').select(['lat', 'lng']).where('member_id', '=', member.id).execute();

    // The browser knows where it is (成都) and may tell; the member still decides in the client.
    context = await browser.newContext({
      ...PHONE,
      geolocation: { latitude: 30.5728, longitude: 104.0668, accuracy: 25 },
      permissions: ['geolocation'],
    });
    await context.addCookies([
      { name: MEMBER_COOKIE, value: session.cookie.slice(MEMBER_COOKIE.length + 1), url: running.baseUrl },
    ]);
    const page = await context.newPage();
    await page.goto(`${running.baseUrl}/m/#/me`);
    const toggle = page.getByTestId('me-share-location');
    await toggle.waitFor();
    expect(await toggle.getAttribute('aria-checked')).toBe('false');

    // Declining the consent dialog shares nothing.
    await toggle.click();
    await page.locator('.adm-dialog').getByText('取消').click();
    expect(await stored()).toEqual([]);
    expect(await toggle.getAttribute('aria-checked')).toBe('false');

    await toggle.click();
    await page.locator('.adm-dialog').getByText('确定').click();
    await expect.poll(stored).toEqual([{ lat: 30.5728, lng: 104.0668 }]);
    await expect.poll(() => toggle.getAttribute('aria-checked')).toBe('true');

    // An app's 定点 send near the pond reaches this member.
    const app = running.demo.app.app;
    const { sendAppMessage } = await import('../server/src/modules/messaging/index.js');
    const ctx = { db, orgId: running.demo.org.orgId, actor: { kind: 'system' as const } };
    const near = { latitude: 30.573, longitude: 104.067, radiusMeters: 300, maxAgeMinutes: 10 };
    const sent = await sendAppMessage(ctx, {
      app,
      audience: { all: true, near },
      msgType: 'text',
      payload: { content: '鱼塘附近降温' },
    });
    expect(sent.recipients).toBe(1);

    // The choice survives a reload (it belongs to this device), and switching off deletes the location.
    await page.reload();
    await expect.poll(() => page.getByTestId('me-share-location').getAttribute('aria-checked')).toBe('true');
    await page.getByTestId('me-share-location').click();
    await expect.poll(stored).toEqual([]);
    await expect.poll(() => page.getByTestId('me-share-location').getAttribute('aria-checked')).toBe('false');
  });
});
