import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type Running, startEnclave } from './harness.js';
import { MEMBER_COOKIE, PHONE } from './member-session.js';

/**
 * The member client at /m/, driven in real browsers (one context per member, each with its own cookies
 * and IndexedDB inbox) against a real Enclave with the demo org, the demo app 公告 sending over real HTTP.
 */

type Person = { userId: string; name: string; mobile: string; memberId: number; pinyin: string };

/** The browser globals the journeys read inside the page (the e2e project has no DOM types). */
type InPage = {
  navigator: { onLine: boolean };
  getComputedStyle(element: unknown): { backgroundImage: string; userSelect: string };
  getSelection(): { toString(): string } | null;
};

describe('member client', () => {
  let running: Running;
  let browser: Browser;
  let corpId: string;
  let agentId: number;
  /** A: 张伟 (user001, pinyin zhangwei); B: 王芳 (user002, wangfang), from the demo directory. */
  let memberA: Person;
  let memberB: Person;
  /**
   * Session tokens by userId. A member may ask for a code once a minute, so each member signs in once and
   * later journeys reuse the session in fresh browser contexts (a second device with the same cookie).
   */
  const sessions = new Map<string, string>();
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    [running, browser] = await Promise.all([startEnclave(), launchBrowser()]);
    const db = running.enclave.store.db;
    corpId = running.demo.org.corpId;
    agentId = running.demo.app.app.agentId;
    await db.updateTable('orgs').set({ allow_self_join: 1 }).where('id', '=', running.demo.org.orgId).execute();
    const person = async (userId: string, pinyin: string): Promise<Person> => {
      const row = await db
        .selectFrom('members')
        .select(['id', 'name', 'mobile'])
        .where('org_id', '=', running.demo.org.orgId)
        .where('user_id', '=', userId)
        .executeTakeFirstOrThrow();
      return { userId, name: row.name, mobile: row.mobile ?? '', memberId: row.id, pinyin };
    };
    memberA = await person('user001', 'zhangwei');
    memberB = await person('user002', 'wangfang');
  });

  afterAll(async () => {
    // Contexts a failed journey left open, then the browser and the server.
    await Promise.all(contexts.map((c) => c.close().catch(() => undefined)));
    await browser?.close();
    await running?.close();
  });

  // ---- helpers -------------------------------------------------------------------------------------

  const db = () => running.enclave.store.db;

  async function lastOutboxId(): Promise<number> {
    const row = await db()
      .selectFrom('dev_outbox')
      .select((eb) => eb.fn.max('id').as('id'))
      .executeTakeFirst();
    return Number(row?.id ?? 0);
  }

  /** The 6-digit code the development sender "texted" to `mobile` after outbox row `afterId`. */
  async function codeSentTo(mobile: string, afterId: number): Promise<string> {
    let body = '';
    await expect
      .poll(async () => {
        const row = await db()
          .selectFrom('dev_outbox')
          .select('body')
          .where('recipient', '=', mobile)
          .where('id', '>', afterId)
          .orderBy('id', 'desc')
          .executeTakeFirst();
        body = row?.body ?? '';
        return body;
      })
      .toMatch(/^\d{6}\b/);
    return body.slice(0, 6);
  }

  async function newClient(): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
    const context = await browser.newContext(PHONE);
    contexts.push(context);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    return { context, page, errors };
  }

  /** Signs in through the sign-in page with the code from the outbox; remembers the session. */
  async function signInThroughUi(page: Page, who: Person) {
    await page.goto(`${running.baseUrl}/m/signin?corpId=${encodeURIComponent(corpId)}`);
    await page.getByTestId('signin-login').fill(who.mobile);
    const before = await lastOutboxId();
    await page.getByTestId('signin-send-code').click();
    const code = await codeSentTo(who.mobile, before);
    await page.getByTestId('signin-code').fill(code);
    await page.getByTestId('signin-submit').click();
    await page.getByTestId('tab-chats').waitFor();
    expect(new URL(page.url()).pathname).toBe('/m/');
    const cookie = (await page.context().cookies()).find((c) => c.name === MEMBER_COOKIE);
    expect(cookie?.value).toBeTruthy();
    sessions.set(who.userId, cookie?.value ?? '');
  }

  /** A session for `who` (signing in over HTTP the first time), as the member cookie. */
  async function sessionOf(who: Person): Promise<string> {
    const known = sessions.get(who.userId);
    if (known) return known;
    const post = (path: string, body: unknown) =>
      fetch(`${running.baseUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const before = await lastOutboxId();
    expect((await post('/api/client/codes', { corpId, login: who.mobile })).status).toBe(200);
    const code = await codeSentTo(who.mobile, before);
    const response = await post('/api/client/session', { corpId, login: who.mobile, code });
    expect(response.status).toBe(200);
    const token = response.headers
      .getSetCookie()
      .map((c) => new RegExp(`^${MEMBER_COOKIE}=([^;]+)`).exec(c)?.[1])
      .find(Boolean);
    if (!token) throw new Error('sign-in set no member cookie');
    sessions.set(who.userId, token);
    return token;
  }

  /** A fresh browser context signed in as `who` by cookie, on the chats tab. */
  async function openClient(who: Person) {
    const client = await newClient();
    await client.context.addCookies([{ name: MEMBER_COOKIE, value: await sessionOf(who), url: running.baseUrl }]);
    await client.page.goto(`${running.baseUrl}/m/`);
    await client.page.getByTestId('tab-chats').waitFor();
    return client;
  }

  let token = '';
  /** The demo app's access token (gettoken with its secret), over real HTTP. */
  async function appToken(): Promise<string> {
    if (token) return token;
    const url = new URL('/cgi-bin/gettoken', running.baseUrl);
    url.searchParams.set('corpid', corpId);
    url.searchParams.set('corpsecret', running.demo.app.secret);
    const body = (await (await fetch(url)).json()) as { errcode: number; access_token: string };
    expect(body.errcode).toBe(0);
    token = body.access_token;
    return token;
  }

  /** message/send as the demo app; returns the msgid. */
  async function appSend(message: Record<string, unknown>): Promise<string> {
    const url = new URL('/cgi-bin/message/send', running.baseUrl);
    url.searchParams.set('access_token', await appToken());
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ agentid: agentId, ...message }),
    });
    const body = (await response.json()) as { errcode: number; errmsg: string; msgid: string; invaliduser: string };
    expect(body).toMatchObject({ errcode: 0, invaliduser: '' });
    return body.msgid;
  }

  const appText = (touser: string, content: string, extra: Record<string, unknown> = {}) =>
    appSend({ touser, msgtype: 'text', text: { content }, ...extra });

  /** The rendered message rows of the open conversation (delivered ones: pending bubbles have no test id). */
  const rows = (page: Page): Locator => page.getByTestId('message-list').locator('[data-testid^="message-"]');

  /** The texts of the open conversation's delivered messages, top to bottom. */
  const renderedTexts = (page: Page) => rows(page).locator('.m-text').allTextContents();

  const conversationOf = (page: Page) => decodeURIComponent(new URL(page.url()).hash.replace(/^#\/chat\//, ''));

  /** Marks the page so a reload (which would lose the mark) can be told from live updates. */
  const markPage = (page: Page) =>
    page.evaluate(() => {
      (globalThis as { journeyMark?: string }).journeyMark = 'no reload';
    });
  const pageMark = (page: Page) => page.evaluate(() => (globalThis as { journeyMark?: string }).journeyMark);

  // ---- journeys ------------------------------------------------------------------------------------

  it('lets two members chat in real time, with read receipts', async () => {
    const a = await newClient();
    const b = await newClient();
    try {
      await signInThroughUi(a.page, memberA);
      await signInThroughUi(b.page, memberB);
      await markPage(b.page);

      // A finds B by pinyin, opens the profile and starts the direct chat.
      await a.page.getByTestId('tab-contacts').click();
      await a.page.getByTestId('contacts-search').fill(memberB.pinyin);
      await a.page.getByTestId(`member-item-${memberB.userId}`).click();
      await a.page.getByTestId('profile-message').click();
      await expect.poll(() => conversationOf(a.page)).toMatch(/^dm:\d+:\d+$/);
      const conversation = conversationOf(a.page);

      const hello = `你好王芳，周会改到三点 ${Date.now()}`;
      await a.page.getByTestId('composer-input').fill(hello);
      await a.page.getByTestId('composer-send').click();
      await rows(a.page).filter({ hasText: hello }).waitFor();

      // B, on the chats tab all along, sees the conversation and the message arrive.
      const item = b.page.getByTestId(`chat-item-${conversation}`);
      await item.waitFor();
      await expect.poll(() => item.textContent()).toContain(hello);
      await expect.poll(() => item.textContent()).toContain(memberA.name);
      await item.click();
      await rows(b.page).filter({ hasText: hello }).waitFor();

      // Opening it marked A's message read for B, on the server.
      await expect
        .poll(() =>
          db()
            .selectFrom('inbox_entries')
            .innerJoin('messages', 'messages.id', 'inbox_entries.message_id')
            .select(['inbox_entries.read_at'])
            .where('inbox_entries.member_id', '=', memberB.memberId)
            .where('inbox_entries.conversation', '=', conversation)
            .where('messages.payload', 'like', `%${hello}%`)
            .executeTakeFirst(),
        )
        .toEqual({ read_at: expect.any(Number) });

      const reply = `收到，三点见 ${Date.now()}`;
      await b.page.getByTestId('composer-input').fill(reply);
      await b.page.getByTestId('composer-send').click();
      await rows(b.page).filter({ hasText: reply }).waitFor();

      // A sees the reply under their message.
      await rows(a.page).filter({ hasText: reply }).waitFor();
      await expect.poll(() => renderedTexts(a.page)).toEqual([hello, reply]);
      await expect.poll(() => renderedTexts(b.page)).toEqual([hello, reply]);

      // A's receipts: B under "read", nobody unread.
      await rows(a.page).filter({ hasText: hello }).locator('.m-bubble').click();
      const read = a.page.getByTestId('receipts-read');
      await read.waitFor();
      await expect.poll(() => read.textContent()).toContain(memberB.name);
      expect(await read.textContent()).toContain('已读 1');
      expect(await a.page.getByTestId('receipts-unread').textContent()).not.toContain(memberB.name);

      expect(await pageMark(b.page)).toBe('no reload');
      expect([...a.errors, ...b.errors]).toEqual([]);
    } finally {
      await Promise.all([a.context.close(), b.context.close()]);
    }
  });

  it('catches up after going offline: five app messages, in order, once each', async () => {
    const b = await openClient(memberB);
    try {
      const conversation = `app:${agentId}`;
      const first = `离线前的通知 ${Date.now()}`;
      await appText(memberB.userId, first);
      await b.page.getByTestId(`chat-item-${conversation}`).click();
      await rows(b.page).filter({ hasText: first }).waitFor();
      await markPage(b.page);

      await b.context.setOffline(true);
      await expect.poll(() => b.page.evaluate(() => (globalThis as unknown as InPage).navigator.onLine)).toBe(false);
      const stamp = Date.now();
      const contents = [1, 2, 3, 4, 5].map((n) => `第${n}条离线通知 #${n} ${stamp}`);
      for (const content of contents) await appText(memberB.userId, content);

      // Nothing reaches an offline client; back online, it reconnects and syncs from its last seq.
      expect(await renderedTexts(b.page)).toEqual([first]);
      await b.context.setOffline(false);
      const fromFirst = (texts: string[]) => texts.slice(texts.indexOf(first));
      await expect.poll(async () => fromFirst(await renderedTexts(b.page))).toEqual([first, ...contents]);

      // Nothing shows twice, and the inbox order is the server's.
      const seqs = await rows(b.page).evaluateAll((els) => els.map((el) => el.getAttribute('data-testid')));
      expect(new Set(seqs).size).toBe(seqs.length);
      const stored = await db()
        .selectFrom('inbox_entries')
        .select('seq')
        .where('member_id', '=', memberB.memberId)
        .where('conversation', '=', conversation)
        .where('kind', '=', 'message')
        .orderBy('seq')
        .execute();
      expect(seqs.slice(-6)).toEqual(stored.slice(-6).map((r) => `message-${r.seq}`));
      expect(await pageMark(b.page)).toBe('no reload');
      expect(b.errors).toEqual([]);
    } finally {
      await b.context.close();
    }
  });

  it('shows the menu an SDK set with menu/create under the app conversation, and a tap reaches the app', async () => {
    // The shape WeCom SDKs send: `button` with `sub_button` (once, this blanked the client).
    const url = new URL('/cgi-bin/menu/create', running.baseUrl);
    url.searchParams.set('access_token', await appToken());
    url.searchParams.set('agentid', String(agentId));
    const created = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        button: [
          { type: 'click', name: '今日鱼价', key: 'PRICE' },
          { name: '服务', sub_button: [{ type: 'view', name: '鱼病诊断', url: 'https://doctor.example/ask' }] },
        ],
      }),
    });
    expect(((await created.json()) as { errcode: number }).errcode).toBe(0);
    await appText(memberB.userId, `菜单已更新 ${Date.now()}`);
    const b = await openClient(memberB);
    try {
      await b.page.getByTestId(`chat-item-app:${agentId}`).click();
      const price = b.page.getByTestId('app-menu-0');
      await expect.poll(() => price.textContent()).toBe('今日鱼价');
      const reported = b.page.waitForResponse((r) => r.url().endsWith(`/api/client/apps/${agentId}/events`));
      await price.click();
      expect((await reported).status()).toBe(200);
      await b.page.getByTestId('app-menu-1').click();
      await b.page.getByText('鱼病诊断').waitFor();
      expect(await b.page.getByTestId('page-error').count()).toBe(0);
      expect(b.errors).toEqual([]);
    } finally {
      await b.context.close();
    }
  });

  it('delivers an app broadcast (@all) to both members', async () => {
    const [a, b] = await Promise.all([openClient(memberA), openClient(memberB)]);
    try {
      const notice = `全员通知：周五下午大扫除 ${Date.now()}`;
      await appText('@all', notice);
      for (const client of [a, b]) {
        const item = client.page.getByTestId(`chat-item-app:${agentId}`);
        await expect.poll(() => item.textContent()).toContain(notice);
        expect(await item.textContent()).toContain('公告');
        await item.click();
        await rows(client.page).filter({ hasText: notice }).waitFor();
      }
      const reached = await db()
        .selectFrom('inbox_entries')
        .innerJoin('messages', 'messages.id', 'inbox_entries.message_id')
        .innerJoin('members', 'members.id', 'inbox_entries.member_id')
        .select('members.user_id')
        .where('messages.payload', 'like', `%${notice}%`)
        .execute();
      expect(reached.map((r) => r.user_id)).toEqual(expect.arrayContaining([memberA.userId, memberB.userId]));
      expect([...a.errors, ...b.errors]).toEqual([]);
    } finally {
      await Promise.all([a.context.close(), b.context.close()]);
    }
  });

  it('shows a confidential message with the reader’s watermark and no way to copy it', async () => {
    const b = await openClient(memberB);
    try {
      const plain = `普通消息 ${Date.now()}`;
      const secret = `保密：三季度预算草案 ${Date.now()}`;
      await appText(memberB.userId, plain);
      await appText(memberB.userId, secret, { safe: 1 });
      await b.page.getByTestId(`chat-item-app:${agentId}`).click();
      const plainRow = rows(b.page).filter({ hasText: plain });
      const secretRow = rows(b.page).filter({ hasText: secret });
      await secretRow.waitFor();

      // The watermark covers the bubble and carries the reader's name and userid.
      const watermark = secretRow.getByTestId('watermark');
      await watermark.waitFor({ state: 'attached' });
      const background = await watermark.evaluate(
        (el) => (globalThis as unknown as InPage).getComputedStyle(el).backgroundImage,
      );
      const svg = decodeURIComponent(background);
      expect(svg).toContain(`${memberB.name} ${memberB.userId}`);
      const bubble = secretRow.locator('.m-bubble');
      const [markBox, bubbleBox] = await Promise.all([watermark.boundingBox(), bubble.boundingBox()]);
      expect(markBox).toEqual(bubbleBox);
      expect(await plainRow.getByTestId('watermark').count()).toBe(0);
      expect(await secretRow.textContent()).toContain('保密消息');

      // It can't be selected, copied or given a context menu; the plain one can, for contrast.
      const style = (el: unknown) => (globalThis as unknown as InPage).getComputedStyle(el).userSelect;
      expect(await bubble.evaluate(style)).toBe('none');
      expect(await plainRow.locator('.m-bubble').evaluate(style)).not.toBe('none');

      const prevented = (row: Locator, type: 'contextmenu' | 'copy') =>
        row.locator('.m-text').evaluate((el, eventType) => {
          const event = new Event(eventType, { bubbles: true, cancelable: true });
          el.dispatchEvent(event);
          return event.defaultPrevented;
        }, type);
      expect(await prevented(secretRow, 'contextmenu')).toBe(true);
      expect(await prevented(secretRow, 'copy')).toBe(true);
      expect(await prevented(plainRow, 'contextmenu')).toBe(false);
      expect(await prevented(plainRow, 'copy')).toBe(false);

      const selected = async (row: Locator) => {
        await row.locator('.m-text').click({ clickCount: 3 });
        return b.page.evaluate(() => (globalThis as unknown as InPage).getSelection()?.toString() ?? '');
      };
      expect(await selected(plainRow)).toContain(plain);
      expect(await selected(secretRow)).not.toContain(secret);

      // A right-click or a tap on it opens nothing that forwards or copies.
      await bubble.click({ button: 'right' });
      await bubble.click();
      expect(await b.page.getByRole('button', { name: /转发|复制|forward|copy/i }).count()).toBe(0);
      expect(await b.page.getByText(/转发|复制/).count()).toBe(0);
      expect(await b.page.locator('.adm-popup, .adm-action-sheet, .adm-popover').count()).toBe(0);

      const row = await db()
        .selectFrom('messages')
        .select('is_confidential')
        .where('payload', 'like', `%${secret}%`)
        .executeTakeFirstOrThrow();
      expect(row.is_confidential).toBe(1);
      expect(b.errors).toEqual([]);
    } finally {
      await b.context.close();
    }
  });
});
