import { describe, expect, it } from 'vitest';
import { sendAppMessage } from '../server/src/modules/messaging/index.js';
import { enclaveAndBrowser } from './harness.js';
import { MEMBER_COOKIE, PHONE, signInMember } from './member-session.js';

/**
 * What the member client does with the device: sharing the location (with consent) for 定点 sends, and
 * message notifications through the service worker, which opens the conversation on a click.
 */
describe('member client on the device', () => {
  const env = enclaveAndBrowser();

  it('shares only after the member agrees, reaches a 定点 send, and is deleted when switched off', async () => {
    const session = await signInMember(env.running, 'user004');
    const db = env.running.enclave.store.db;
    const member = await db
      .selectFrom('members')
      .select('id')
      .where('user_id', '=', 'user004')
      .executeTakeFirstOrThrow();
    const stored = () =>
      db.selectFrom('member_locations').select(['lat', 'lng']).where('member_id', '=', member.id).execute();

    // The browser knows where it is (成都) and may tell; the member still decides in the client.
    const context = await env.browser.newContext({
      ...PHONE,
      geolocation: { latitude: 30.5728, longitude: 104.0668, accuracy: 25 },
      permissions: ['geolocation'],
    });
    env.contexts.push(context);
    await context.addCookies([
      { name: MEMBER_COOKIE, value: session.cookie.slice(MEMBER_COOKIE.length + 1), url: env.running.baseUrl },
    ]);
    const page = await context.newPage();
    await page.goto(`${env.running.baseUrl}/m/#/me`);
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
    const app = env.running.demo.app.app;
    const ctx = { db, orgId: env.running.demo.org.orgId, actor: { kind: 'system' as const } };
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

  it('shows a new app message while the page is in the background, through the service worker', async () => {
    const session = await signInMember(env.running, 'user005');
    const context = await env.browser.newContext({ ...PHONE, permissions: ['notifications'] });
    env.contexts.push(context);
    await context.addCookies([
      { name: MEMBER_COOKIE, value: session.cookie.slice(MEMBER_COOKIE.length + 1), url: env.running.baseUrl },
    ]);
    // The member switched to another app: the page is hidden.
    await context.addInitScript(
      "Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });",
    );
    const app = env.running.demo.app.app;
    const ctx = {
      db: env.running.enclave.store.db,
      orgId: env.running.demo.org.orgId,
      actor: { kind: 'system' as const },
    };
    const send = (content: string) =>
      sendAppMessage(ctx, { app, audience: { userIds: ['user005'] }, msgType: 'text', payload: { content } });
    await send('欢迎使用');
    const page = await context.newPage();
    await page.goto(`${env.running.baseUrl}/m/#/chats`);
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

  it('sends a pasted link as a card, and records a voice message while the button is held', async () => {
    const session = await signInMember(env.running, 'user006');
    const direct = await fetch(`${env.running.baseUrl}/api/client/chats/direct`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: session.cookie, 'x-csrf-token': session.csrf },
      body: JSON.stringify({ userId: 'user007' }),
    });
    const { conversation } = (await direct.json()) as { conversation: string };
    const context = await env.browser.newContext({ ...PHONE, permissions: ['microphone'] });
    env.contexts.push(context);
    await context.addCookies([
      { name: MEMBER_COOKIE, value: session.cookie.slice(MEMBER_COOKIE.length + 1), url: env.running.baseUrl },
    ]);
    const page = await context.newPage();
    await page.goto(`${env.running.baseUrl}/m/#/chat/${encodeURIComponent(conversation)}`);
    // A pasted web address goes out as a link card.
    await page.getByTestId('composer-input').fill('https://example.com/notice/42');
    await page.getByTestId('composer-send').click();
    await page.locator('.m-linkcard', { hasText: 'example.com/notice/42' }).waitFor();

    const button = page.getByTestId('composer-voice');
    await button.waitFor();
    expect(await button.getAttribute('aria-disabled')).toBe('false');

    // Hold for a second and a half (the fake microphone plays a tone), then release on the button.
    const box = await button.boundingBox();
    if (!box) throw new Error('the voice button has no box');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.getByTestId('voice-recording').waitFor();
    await page.waitForTimeout(1500);
    await page.mouse.up();

    const db = env.running.enclave.store.db;
    const voice = () =>
      db
        .selectFrom('messages')
        .innerJoin('members', 'members.id', 'messages.sender_member_id')
        .select(['messages.msg_type', 'messages.payload'])
        .where('members.user_id', '=', 'user006')
        .where('messages.msg_type', '=', 'voice')
        .execute();
    await expect.poll(async () => (await voice()).length, { timeout: 10_000 }).toBe(1);
    const [sent] = await voice();
    const mediaId = (JSON.parse(sent?.payload ?? '{}') as { media_id?: string }).media_id ?? '';
    // The recording was uploaded: a webm of a second and a half is some kilobytes, not an empty file.
    const media = await fetch(`${env.running.baseUrl}/api/client/media/${encodeURIComponent(mediaId)}`, {
      headers: { cookie: session.cookie },
    });
    expect(media.status).toBe(200);
    expect(media.headers.get('content-type')).toContain('audio/webm');
    expect((await media.arrayBuffer()).byteLength).toBeGreaterThan(2000);
  });
});
