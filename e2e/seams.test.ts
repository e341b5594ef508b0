import type { BrowserContext, Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { signInToConsole, tableRows } from './console.js';
import { enclaveAndBrowser } from './harness.js';
import { MEMBER_COOKIE, PHONE, signInMember } from './member-session.js';

/**
 * Who reaches what (issue 11, ADR 0020), as people meet it in zh-CN browsers: an external contact and an
 * internal app, a department admin and the development outbox, a member after the app's scope narrows.
 */

const DESKTOP = { locale: 'zh-CN', viewport: { width: 1280, height: 900 } } as const;
const MARKET_ADMIN = { name: '市场部管理员', email: 'market-admin@demo.enclave', password: 'market-admin-1' };

type Client = { page: Page; errors: string[] };

describe('who reaches what', () => {
  const env = enclaveAndBrowser();
  /** The demo org's owner in the console, signed in once for every journey. */
  let consolePage: Page;

  beforeAll(async () => {
    const context = await env.browser.newContext(DESKTOP);
    env.contexts.push(context);
    consolePage = await context.newPage();
    await signInToConsole(consolePage, env.running.baseUrl);
  });

  const db = () => env.running.enclave.store.db;
  const orgId = () => env.running.demo.org.orgId;
  const agentId = () => env.running.demo.app.app.agentId;

  async function memberRow(userId: string) {
    return db()
      .selectFrom('members')
      .select(['id', 'user_id as userId', 'name', 'mobile'])
      .where('org_id', '=', orgId())
      .where('user_id', '=', userId)
      .executeTakeFirstOrThrow();
  }

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

  async function newPage(options: typeof PHONE | typeof DESKTOP): Promise<Client & { context: BrowserContext }> {
    const context = await env.browser.newContext(options);
    env.contexts.push(context);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    return { context, page, errors };
  }

  /** Member cookies by userId: a member may ask for a code once a minute, so each signs in once. */
  const sessions = new Map<string, string>();

  /** `userId`'s member client on a phone, signed in over HTTP (once per member), on the chats tab. */
  async function openClient(userId: string): Promise<Client> {
    const session = sessions.get(userId) ?? (await signInMember(env.running, userId)).cookie;
    sessions.set(userId, session);
    const client = await newPage(PHONE);
    const value = session.slice(MEMBER_COOKIE.length + 1);
    await client.context.addCookies([{ name: MEMBER_COOKIE, value, url: env.running.baseUrl }]);
    await client.page.goto(`${env.running.baseUrl}/m/`);
    await client.page.getByTestId('tab-chats').waitFor();
    return client;
  }

  /** The demo app 公告 in the console's 应用 page, its drawer open on `tab`. */
  async function openApp(tab: string) {
    await consolePage.goto('about:blank');
    await consolePage.goto(`${env.running.baseUrl}/#apps`);
    await consolePage.getByTestId(`app-detail-${agentId()}`).click();
    await consolePage.getByTestId('app-detail-drawer').getByRole('tab', { name: tab, exact: true }).click();
  }

  /** Sends `content` to everyone as 公告 from the console; returns the stored message's id. */
  async function broadcast(content: string): Promise<number> {
    await openApp('消息');
    await consolePage.getByTestId('message-composer').waitFor();
    await consolePage.getByTestId('message-audience-all').check();
    await consolePage.getByTestId('message-content').fill(content);
    await consolePage.getByTestId('message-send').click();
    await consolePage.getByTestId('message-result').waitFor();
    const message = await db()
      .selectFrom('messages')
      .select('id')
      .where('payload', 'like', `%${content}%`)
      .executeTakeFirstOrThrow();
    return message.id;
  }

  async function recipientsOf(messageId: number): Promise<number[]> {
    const rows = await db()
      .selectFrom('inbox_entries')
      .select('member_id')
      .where('message_id', '=', messageId)
      .execute();
    return rows.map((r) => r.member_id);
  }

  /** An org-wide admin's 邀请 on `userId`'s row in 通讯录: the invitation link it shows. */
  async function inviteFromConsole(userId: string, name: string): Promise<string> {
    await consolePage.goto('about:blank');
    await consolePage.goto(`${env.running.baseUrl}/#directory`);
    await consolePage.getByTestId('member-search').fill(name);
    await consolePage.getByTestId('members-table').locator(`tr[data-row-key="${userId}"]`).waitFor();
    await consolePage.getByTestId(`member-invite-${userId}`).click();
    await consolePage.getByText(`邀请「${name}」加入`).waitFor();
    const link = (await consolePage.getByTestId('invite-link').textContent()) ?? '';
    expect(link).toContain('/join?invite=');
    return link;
  }

  /** The invitee opens the link on their phone and asks for a code; returns the code "texted" to them. */
  async function askForInviteCode(page: Page, link: string, invitee: { name: string; mobile: string | null }) {
    await page.goto(link);
    await page.getByText(invitee.name, { exact: false }).first().waitFor();
    const before = await lastOutboxId();
    await page.getByTestId('signin-send-code').click();
    return codeSentTo(invitee.mobile ?? '', before);
  }

  const workbenchApp = (page: Page): Locator => page.getByTestId(`app-item-${agentId()}`);
  const appChat = (page: Page): Locator => page.getByTestId(`chat-item-app:${agentId()}`);

  async function openWorkbench(page: Page) {
    await page.getByTestId('tab-work').click();
    await page.locator('.adm-nav-bar').getByText('工作台').waitFor();
  }

  it('keeps an internal app from an external contact until the admin opens it to external contacts', async () => {
    // 刘师傅 of 通威水产合作社 (external, sees 市场部) signs in on his phone; 徐强 of 市场部 is staff.
    const supplier = await memberRow('supplier001');
    const staff = await memberRow('user011');
    // He is listed as invited: the admin sends him the invitation link, he confirms the code on his phone.
    const contact = await newPage(PHONE);
    const link = await inviteFromConsole('supplier001', supplier.name);
    await contact.page.getByTestId('signin-code').fill(await askForInviteCode(contact.page, link, supplier));
    await contact.page.getByTestId('signin-submit').click();
    await contact.page.getByTestId('tab-chats').waitFor();
    expect(new URL(contact.page.url()).pathname).toBe('/m/');
    const colleague = await openClient('user011');

    // The workbench: 公告 for staff, nothing for the external contact.
    await openWorkbench(colleague.page);
    await expect.poll(() => workbenchApp(colleague.page).textContent()).toContain('公告');
    await openWorkbench(contact.page);
    await contact.page.getByText('还没有可用的应用').waitFor();
    expect(await workbenchApp(contact.page).count()).toBe(0);

    // A broadcast to everyone reaches staff and leaves the external contact out.
    await Promise.all([colleague, contact].map((c) => c.page.getByTestId('tab-chats').click()));
    const first = `全员通知：本周五盘点库存 ${Date.now()}`;
    const firstId = await broadcast(first);
    await expect.poll(() => appChat(colleague.page).textContent()).toContain(first);
    const firstReached = await recipientsOf(firstId);
    expect(firstReached).toContain(staff.id);
    expect(firstReached).not.toContain(supplier.id);
    expect(await appChat(contact.page).count()).toBe(0);

    // The admin opens 公告 to external contacts in its settings.
    await openApp('设置');
    const open = consolePage.getByTestId('app-settings-external-contacts');
    await consolePage.getByText('对外部联系人开放').waitFor();
    expect(await open.isChecked()).toBe(false);
    await open.check();
    await consolePage.getByTestId('app-settings-save').click();
    await consolePage.getByText('已保存').first().waitFor();
    await expect
      .poll(async () => {
        const app = await db()
          .selectFrom('apps')
          .select('external_contacts')
          .where('id', '=', env.running.demo.app.app.id)
          .executeTakeFirstOrThrow();
        return app.external_contacts;
      })
      .toBe(1);

    // Without reloading, the external contact finds 公告 on the workbench, and staff still do.
    await openWorkbench(contact.page);
    await expect.poll(() => workbenchApp(contact.page).textContent()).toContain('公告');
    await openWorkbench(colleague.page);
    await expect.poll(() => workbenchApp(colleague.page).textContent()).toContain('公告');

    // The next broadcast reaches both, titled with the app's name.
    await Promise.all([colleague, contact].map((c) => c.page.getByTestId('tab-chats').click()));
    const next = `全员通知：下周一起供应商可在线对账 ${Date.now()}`;
    const nextId = await broadcast(next);
    for (const client of [colleague, contact]) {
      await expect.poll(() => appChat(client.page).textContent()).toContain(next);
      expect(await appChat(client.page).textContent()).toContain('公告');
    }
    expect(await recipientsOf(nextId)).toEqual(expect.arrayContaining([staff.id, supplier.id]));
    await appChat(contact.page).click();
    await contact.page.getByTestId('message-list').getByText(next).waitFor();
    expect(await contact.page.getByTestId('message-list').getByText(first).count()).toBe(0);
    expect([...contact.errors, ...colleague.errors]).toEqual([]);
  });

  it("shows a department admin the development outbox's codes for their department's members only", async () => {
    // An org-wide admin invites 吴霞 (市场部) and 张伟 (研发部 › 前端组); each opens the link and asks for a code.
    const market = await memberRow('user010');
    const rnd = await memberRow('user001');
    for (const invitee of [market, rnd]) {
      const link = await inviteFromConsole(invitee.userId, invitee.name);
      const phone = await newPage(PHONE);
      await askForInviteCode(phone.page, link, invitee);
      expect(phone.errors).toEqual([]);
      await phone.context.close();
    }

    // The owner makes a department admin for 市场部 in 管理员.
    await consolePage.goto('about:blank');
    await consolePage.goto(`${env.running.baseUrl}/#admins`);
    await consolePage.getByTestId('admin-add').click();
    const dialog = consolePage.getByRole('dialog', { name: '添加管理员' });
    await dialog.getByTestId('admin-name-input').fill(MARKET_ADMIN.name);
    await dialog.getByTestId('admin-email-input').fill(MARKET_ADMIN.email);
    await dialog.getByTestId('admin-password-input').fill(MARKET_ADMIN.password);
    await dialog.getByText('部门管理员', { exact: true }).click();
    await dialog.getByTestId('admin-department').click();
    await consolePage.locator('.ant-select-tree').getByTitle('市场部', { exact: true }).click();
    await dialog.getByTestId('admin-save').click();
    await dialog.waitFor({ state: 'detached' });
    await consolePage.getByTestId('admins-table').getByText(MARKET_ADMIN.email).waitFor();

    // She signs in and opens 加入方式: 吴霞's code is there, 张伟's is not, nor anyone's outside 市场部.
    const admin = await newPage(DESKTOP);
    await signInToConsole(admin.page, env.running.baseUrl, MARKET_ADMIN);
    await admin.page.getByTestId('nav-joining').getByText('加入方式').click();
    const outbox = admin.page.getByTestId('dev-outbox');
    await outbox.getByText(market.mobile ?? '', { exact: false }).waitFor();
    const code = await codeSentTo(market.mobile ?? '', 0);
    const rows = await tableRows(admin.page, 'dev-outbox');
    expect(rows.some((cells) => cells[0] === code && (cells[1] ?? '').includes(market.mobile ?? ''))).toBe(true);
    expect(rows.some((cells) => cells.join(' ').includes(rnd.mobile ?? ''))).toBe(false);
    const marketMobiles = await db()
      .selectFrom('members')
      .innerJoin('member_departments', 'member_departments.member_id', 'members.id')
      .innerJoin('departments', 'departments.id', 'member_departments.department_id')
      .select('members.mobile')
      .where('members.org_id', '=', orgId())
      .where('departments.name', '=', '市场部')
      .execute();
    for (const [, recipient] of rows) {
      expect(marketMobiles.some((m) => m.mobile && recipient?.includes(m.mobile))).toBe(true);
    }

    // The owner, for contrast, sees both codes.
    await consolePage.goto('about:blank');
    await consolePage.goto(`${env.running.baseUrl}/#joining`);
    const all = consolePage.getByTestId('dev-outbox');
    await all.getByText(market.mobile ?? '', { exact: false }).waitFor();
    await all.getByText(rnd.mobile ?? '', { exact: false }).waitFor();
    expect(admin.errors).toEqual([]);
  });

  it("keeps an app's menu and workbench tile for a member still in its scope after the admin narrows it", async () => {
    // 公告 has a menu, set by the app over /cgi-bin as WeCom SDKs do.
    const url = (path: string, query: Record<string, string>) => {
      const u = new URL(path, env.running.baseUrl);
      for (const [k, v] of Object.entries(query)) u.searchParams.set(k, v);
      return u;
    };
    const token = (await (
      await fetch(
        url('/cgi-bin/gettoken', { corpid: env.running.demo.org.corpId, corpsecret: env.running.demo.app.secret }),
      )
    ).json()) as { access_token: string };
    const created = await fetch(
      url('/cgi-bin/menu/create', { access_token: token.access_token, agentid: String(agentId()) }),
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ button: [{ type: 'click', name: '本周排班', key: 'ROTA' }] }),
      },
    );
    expect(((await created.json()) as { errcode: number }).errcode).toBe(0);

    // 徐强 (市场部) has the client open; 李娜 (研发部 › 后端组) too.
    const inside = await openClient('user011');
    const outside = await openClient('user003');
    for (const client of [inside, outside]) {
      await openWorkbench(client.page);
      await expect.poll(() => workbenchApp(client.page).textContent()).toContain('公告');
    }

    // The admin narrows 公告's 可见范围 from the whole org to 市场部.
    await openApp('可见范围');
    const departments = consolePage.getByTestId('app-scope-departments');
    await departments.locator('.ant-select-selection-item-remove').click();
    await departments.click();
    // The open dropdown's tree (an earlier page's picker may still be in the DOM, hidden), and 市场部 in it
    // once it has opened; then the chip once chosen.
    const option = consolePage
      .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-tree')
      .getByTitle('市场部', { exact: true });
    await option.waitFor();
    await option.click();
    await consolePage.keyboard.press('Escape');
    await expect
      .poll(() => departments.locator('.ant-select-selection-item').allTextContents(), { timeout: 10_000 })
      .toEqual(['市场部']);
    const saved = consolePage.waitForResponse(
      (response) => response.url().endsWith('/scope') && response.request().method() !== 'GET',
    );
    await consolePage.getByTestId('app-scope-save').click();
    expect((await saved).status()).toBe(200);
    const market = await db()
      .selectFrom('departments')
      .select('id')
      .where('org_id', '=', orgId())
      .where('name', '=', '市场部')
      .executeTakeFirstOrThrow();
    await expect
      .poll(() =>
        db()
          .selectFrom('app_scopes')
          .select(['kind', 'ref_id'])
          .where('app_id', '=', env.running.demo.app.app.id)
          .execute(),
      )
      .toEqual([{ kind: 'department', ref_id: market.id }]);

    // Back on the workbench without reloading: 徐强 still has 公告 and its menu, 李娜 no longer has it.
    await inside.page.getByTestId('tab-chats').click();
    await openWorkbench(inside.page);
    await workbenchApp(inside.page).click();
    await expect.poll(() => inside.page.getByTestId('app-menu-0').textContent()).toBe('本周排班');
    expect(await inside.page.getByTestId('page-error').count()).toBe(0);
    await outside.page.getByTestId('tab-chats').click();
    await openWorkbench(outside.page);
    await outside.page.getByText('还没有可用的应用').waitFor();
    expect([...inside.errors, ...outside.errors]).toEqual([]);
  });
});
