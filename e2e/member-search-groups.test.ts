import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { enclaveAndBrowser } from './harness.js';
import { MEMBER_COOKIE, PHONE, type Session, signInMember } from './member-session.js';

/** Message search on the chats tab and the group settings page, in the member client. */

describe('member search and group settings', () => {
  const env = enclaveAndBrowser();

  const signIn = (userId: string) => signInMember(env.running, userId);

  async function call<T>(session: Session, method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${env.running.baseUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', cookie: session.cookie, 'x-csrf-token': session.csrf },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    expect(response.status, `${method} ${path}`).toBeLessThan(300);
    return (await response.json()) as T;
  }

  async function open(session: Session, hash: string): Promise<{ page: Page; errors: string[] }> {
    const context = await env.browser.newContext(PHONE);
    env.contexts.push(context);
    const value = session.cookie.slice(MEMBER_COOKIE.length + 1);
    await context.addCookies([{ name: MEMBER_COOKIE, value, url: env.running.baseUrl }]);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${env.running.baseUrl}/m/${hash}`);
    return { page, errors };
  }

  it('finds a message by a Chinese substring and opens the conversation at it; manages the group', async () => {
    const a = await signIn('user001');
    const group = await call<{ conversation: string; id: string }>(a, 'POST', '/api/client/chats/groups', {
      name: '预算小组',
      userIds: ['user002', 'user003'],
    });
    const text = `明天下午讨论季度预算 ${Date.now()}`;
    const path = `/api/client/conversations/${encodeURIComponent(group.conversation)}/messages`;
    await call(a, 'POST', path, { msgType: 'text', payload: { content: text } });
    const found = await call<{ items: { seq: number }[] }>(a, 'GET', '/api/client/messages/search?q=季度预算');
    const seq = found.items[0]?.seq ?? 0;
    expect(seq).toBeGreaterThan(0);

    const { page, errors } = await open(a, '#/chats');
    const search = page.getByTestId('message-search');
    await search.click();
    await page.getByText('请输入至少 1 个字符').waitFor();
    await search.fill('季度预算');
    const result = page.getByTestId(`search-result-${seq}`);
    await result.waitFor();
    expect(await result.locator('mark').textContent()).toBe('季度预算');
    await search.fill('没有这种内容xyz');
    await page.getByText('没有找到包含').waitFor();
    await search.fill('季度预算');
    await result.click();
    await expect
      .poll(() => page.evaluate(() => (globalThis as unknown as { location: { hash: string } }).location.hash))
      .toContain(`seq=${seq}`);
    await page.getByTestId(`message-${seq}`).waitFor();
    await page.getByTestId('composer-voice').waitFor();

    // Group settings from the conversation's header: rename, remove a member, hand over, all as owner.
    await page.getByTestId('group-settings-open').click();
    await page.getByTestId('group-settings').waitFor();
    await page.getByTestId('group-rename').fill('季度预算小组');
    await page.getByTestId('group-rename-save').click();
    const info = () =>
      call<{ name: string; owner: string; members: { userId: string }[] }>(
        a,
        'GET',
        `/api/client/chats/groups/${group.id}`,
      );
    await expect.poll(async () => (await info()).name).toBe('季度预算小组');

    await page.getByTestId('group-remove-user003').click();
    await page.locator('.adm-dialog-button-bold').click();
    await expect.poll(async () => (await info()).members.map((m) => m.userId)).not.toContain('user003');

    await page.getByTestId('group-owner-user002').click();
    await page.locator('.adm-dialog-button-bold').click();
    await expect.poll(async () => (await info()).owner).toBe('user002');
    // No longer the owner: the owner-only buttons are gone.
    await expect.poll(() => page.getByTestId('group-remove-user002').count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
