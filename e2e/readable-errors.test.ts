import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_ADMIN } from '../server/src/modules/orgs/demo.js';
import { signInToConsole } from './console.js';
import { enclaveAndBrowser } from './harness.js';
import { PHONE } from './member-session.js';

/**
 * Errors a person can read (issue 11 point 5): what the server refuses, shown in Chinese in a zh-CN browser,
 * never the server's English message.
 */

const DESKTOP = { locale: 'zh-CN', viewport: { width: 1280, height: 900 } } as const;
const FINANCE_ADMIN = { name: '财务部管理员', email: 'finance-admin@demo.enclave', password: 'finance-admin-1' };

describe('errors a person can read', () => {
  const env = enclaveAndBrowser();
  const db = () => env.running.enclave.store.db;
  const orgId = () => env.running.demo.org.orgId;

  async function newPage(options: typeof DESKTOP | typeof PHONE): Promise<{ page: Page; errors: string[] }> {
    const context = await env.browser.newContext(options);
    env.contexts.push(context);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    return { page, errors };
  }

  async function departmentId(name: string): Promise<number> {
    const row = await db()
      .selectFrom('departments')
      .select('id')
      .where('org_id', '=', orgId())
      .where('name', '=', name)
      .executeTakeFirstOrThrow();
    return row.id;
  }

  /** Every text the page shows, to check no server message slipped through. */
  const bodyText = async (page: Page) => (await page.locator('body').textContent()) ?? '';

  it('says in Chinese that the admin password is wrong', async () => {
    const { page, errors } = await newPage(DESKTOP);
    await page.goto(env.running.baseUrl);
    await page.getByTestId('signin-email').fill(DEMO_ADMIN.email);
    await page.getByTestId('signin-password').fill('not-the-password');
    await page.getByTestId('signin-submit').click();
    const error = page.getByTestId('signin-error');
    await error.waitFor();
    expect(await error.textContent()).toBe('邮箱或密码错误');
    expect(await bodyText(page)).not.toContain('email or password is wrong');
    expect(errors).toEqual([]);
  });

  it('says how many members keep a department from being deleted', async () => {
    const { page, errors } = await newPage(DESKTOP);
    await signInToConsole(page, env.running.baseUrl);
    const finance = await departmentId('财务部'); // 郭燕, 何平 and 韩冰, no sub-departments
    await page.getByTestId(`dept-node-${finance}`).click();
    await page.getByTestId('dept-delete').click();
    await page.locator('.ant-popconfirm-buttons .ant-btn-dangerous').click();
    const toast = page.locator('.ant-message [role=alert]');
    await toast.waitFor();
    expect(await toast.textContent()).toBe('这个部门还有 3 名成员，请先将成员移出');
    expect(await bodyText(page)).not.toContain('move or remove them first');
    expect(errors).toEqual([]);
  });

  it('tells a department admin in Chinese that apps are not theirs to open', async () => {
    // The owner adds a department admin for 财务部 through the admin API.
    const { page: owner } = await newPage(DESKTOP);
    await signInToConsole(owner, env.running.baseUrl);
    const finance = await departmentId('财务部');
    const status = await owner.evaluate(
      async ([admin, department]) => {
        const session = (await (await fetch('/api/admin/session')).json()) as { csrfToken: string };
        const response = await fetch('/api/admin/admins', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken },
          body: JSON.stringify({ ...admin, role: 'department_admin', departmentId: department }),
        });
        return response.status;
      },
      [FINANCE_ADMIN, finance] as const,
    );
    expect(status).toBe(200);

    const { page, errors } = await newPage(DESKTOP);
    await signInToConsole(page, env.running.baseUrl, FINANCE_ADMIN);
    await page.getByTestId('nav-apps').click();
    const agentId = env.running.demo.app.app.agentId;
    await page.getByTestId(`app-detail-${agentId}`).click();
    await expect.poll(() => bodyText(page)).toContain('你没有管理这个应用的权限');
    expect(await bodyText(page)).not.toContain('only app managers');
    expect(errors).toEqual([]);
  });

  it('says in Chinese that a member typed the wrong code', async () => {
    const { page, errors } = await newPage(PHONE);
    const member = await db()
      .selectFrom('members')
      .select('mobile')
      .where('org_id', '=', orgId())
      .where('user_id', '=', 'user003')
      .executeTakeFirstOrThrow();
    const mobile = member.mobile ?? '';
    await page.goto(`${env.running.baseUrl}/m/signin?corpId=${encodeURIComponent(env.running.demo.org.corpId)}`);
    await page.getByTestId('signin-login').fill(mobile);
    await page.getByTestId('signin-send-code').click();
    let sent = '';
    await expect
      .poll(async () => {
        const row = await db()
          .selectFrom('dev_outbox')
          .select('body')
          .where('recipient', '=', mobile)
          .executeTakeFirst();
        sent = row?.body.slice(0, 6) ?? '';
        return sent;
      })
      .toMatch(/^\d{6}$/);
    await page.getByTestId('signin-code').fill(sent === '000000' ? '111111' : '000000');
    await page.getByTestId('signin-submit').click();
    const toast = page.locator('.adm-toast-main');
    await expect.poll(() => toast.textContent()).toContain('验证码错误或已过期，请重新获取');
    expect(await bodyText(page)).not.toContain('the code is wrong');
    expect(errors).toEqual([]);
  });
});
