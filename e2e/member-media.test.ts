import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type Running, startEnclave } from './harness.js';
import { MEMBER_COOKIE, PHONE, type Session, signInMember } from './member-session.js';

/** Pictures and files in a 1:1 chat, through the member client's buttons and the member media route. */

const PNG_1PX = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

describe('member media', () => {
  let running: Running;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    [running, browser] = await Promise.all([startEnclave(), launchBrowser()]);
    await running.enclave.store.db.updateTable('orgs').set({ allow_self_join: 1 }).execute();
  });
  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close().catch(() => undefined)));
    await browser?.close();
    await running?.close();
  });

  const signIn = (userId: string) => signInMember(running, userId);

  async function open(session: Session, conversation: string): Promise<{ page: Page; errors: string[] }> {
    const context = await browser.newContext(PHONE);
    contexts.push(context);
    const value = session.cookie.slice(MEMBER_COOKIE.length + 1);
    await context.addCookies([{ name: MEMBER_COOKIE, value, url: running.baseUrl }]);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${running.baseUrl}/m/#/chat/${encodeURIComponent(conversation)}`);
    await page.getByTestId('composer-input').waitFor();
    return { page, errors };
  }

  it('sends a previewed picture and a file; the other member sees the picture and can download the file', async () => {
    const [a, b] = [await signIn('user001'), await signIn('user002')];
    const opened = await fetch(`${running.baseUrl}/api/client/chats/direct`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: a.cookie, 'x-csrf-token': a.csrf },
      body: JSON.stringify({ userId: 'user002' }),
    });
    const { conversation } = (await opened.json()) as { conversation: string };
    const pa = await open(a, conversation);
    const pb = await open(b, conversation);

    await pa.page
      .getByTestId('composer-image-input')
      .setInputFiles({ name: 'dot.png', mimeType: 'image/png', buffer: PNG_1PX });
    await pa.page.getByTestId('composer-preview').waitFor();
    await pa.page.locator('.adm-dialog-footer').getByText('发送').click();
    const image = pb.page.locator('[data-testid^="message-image-"]');
    await image.waitFor();
    const width = () => image.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth);
    await expect.poll(width).toBe(1);

    await pa.page.getByTestId('composer-file-input').setInputFiles({
      name: '季度报告.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('quarterly numbers'),
    });
    const file = pb.page.locator('[data-testid^="message-file-"]');
    await file.waitFor();
    expect(await file.textContent()).toContain('季度报告.txt');
    const href = (await file.getAttribute('href')) ?? '';
    expect(href).toMatch(/^\/api\/client\/media\//);
    const got = await fetch(`${running.baseUrl}${href}`, { headers: { cookie: b.cookie } });
    expect(await got.text()).toBe('quarterly numbers');
    expect([...pa.errors, ...pb.errors]).toEqual([]);
  });
});
