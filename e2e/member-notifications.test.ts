import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendAppMessage } from '../server/src/modules/messaging/index.js';
import { launchBrowser, type Running, startEnclave } from './harness.js';
import { MEMBER_COOKIE, PHONE, signInMember } from './member-session.js';

/** Message notifications go through the client's service worker, which opens the conversation on a click. */
describe('member notifications', () => {
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

  it('shows a new app message while the page is in the background, through the service worker', async () => {
    const session = await signInMember(running, 'user005');
    context = await browser.newContext({ ...PHONE, permissions: ['notifications'] });
    await context.addCookies([
      { name: MEMBER_COOKIE, value: session.cookie.slice(MEMBER_COOKIE.length + 1), url: running.baseUrl },
    ]);
    // The member switched to another app: the page is hidden.
    await context.addInitScript(
      "Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });",
    );
    const app = running.demo.app.app;
    const ctx = { db: running.enclave.store.db, orgId: running.demo.org.orgId, actor: { kind: 'system' as const } };
    const send = (content: string) =>
      sendAppMessage(ctx, { app, audience: { userIds: ['user005'] }, msgType: 'text', payload: { content } });
    await send('欢迎使用');
    const page = await context.newPage();
    await page.goto(`${running.baseUrl}/m/#/chats`);
    // The service worker takes control of the page once it is active (clients.claim()).
    const controlled = () => page.evaluate<boolean>('Boolean(navigator.serviceWorker.controller)');
    await expect.poll(controlled, { timeout: 15_000 }).toBe(true);
    // The app's conversation shows: the client is signed in and synced.
    await page.getByTestId(`chat-item-app:${app.agentId}`).waitFor({ timeout: 15_000 });
    await send('今晚八点系统维护');

    const shown = () =>
      page.evaluate<{ title: string; body: string; tag: string; hash: string }[]>(`
        navigator.serviceWorker.getRegistration('/m/')
          .then((r) => (r ? r.getNotifications() : []))
          .then((list) => list.map((n) => ({ title: n.title, body: n.body, tag: n.tag, hash: n.data && n.data.hash })))
      `);
    // One notification per conversation (its tag): the newest message replaces the earlier one.
    await expect.poll(shown, { timeout: 10_000 }).toEqual([
      {
        title: expect.any(String),
        body: expect.stringContaining('今晚八点系统维护'),
        tag: `app:${app.agentId}`,
        hash: `#/chat/${encodeURIComponent(`app:${app.agentId}`)}`,
      },
    ]);
  });
});
