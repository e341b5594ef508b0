import { describe, expect, it } from 'vitest';
import { enclaveAndBrowser } from './harness.js';

/**
 * Signing up for the console proves the email first (issue 10): the form says 请查收邮件 whether or not the email
 * is taken, the mailed link creates the org once, and a taken email is told by mail that it has an org.
 */

const DESKTOP = { locale: 'zh-CN', viewport: { width: 1280, height: 900 } } as const;

describe('console sign-up', () => {
  const env = enclaveAndBrowser();
  const db = () => env.running.enclave.store.db;

  const mailTo = async (recipient: string) => {
    const rows = await db()
      .selectFrom('dev_mail')
      .selectAll()
      .where('recipient', '=', recipient)
      .orderBy('id', 'desc')
      .execute();
    return rows[0];
  };

  async function signUp(email: string) {
    const context = await env.browser.newContext(DESKTOP);
    env.contexts.push(context);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(env.running.baseUrl);
    await page.getByTestId('goto-signup').click();
    await page.getByTestId('signup-org-name').fill('通威水产');
    await page.getByTestId('signup-name').fill('刘经理');
    await page.getByTestId('signup-email').fill(email);
    await page.getByTestId('signup-password').fill('tongwei-2015');
    await page.getByTestId('signup-submit').click();
    const checkEmail = page.getByTestId('signup-check-email');
    await checkEmail.waitFor();
    return { page, errors, shown: (await checkEmail.textContent()) ?? '' };
  }

  it('creates the org only from the mailed link, and lands in its console', async () => {
    const email = 'liu@tongwei.example';
    const { page, errors, shown } = await signUp(email);
    expect(shown).toContain('请查收邮件');
    expect(shown).toContain(email);
    expect(await db().selectFrom('admins').select('id').where('email', '=', email).execute()).toEqual([]);

    const mail = await mailTo(email);
    const link = /https?:\/\/\S+signup\/confirm\?token=\S+/.exec(mail?.body ?? '')?.[0];
    expect(link).toBeDefined();
    await page.goto(link as string);
    await page.getByTestId('signup-done').waitFor();
    expect(await page.getByTestId('signup-corp-id').textContent()).toMatch(/ww[0-9a-f]{16}/);
    await page.getByTestId('signup-continue').click();
    await page.getByText('通威水产').first().waitFor();
    expect(await db().selectFrom('admins').select('id').where('email', '=', email).execute()).toHaveLength(1);

    // The link works once.
    await page.goto(link as string);
    await page.getByTestId('signup-confirm-failed').waitFor();
    expect(await page.getByTestId('signup-confirm-failed').textContent()).toContain('注册链接无效');
    expect(errors).toEqual([]);
  });

  it('answers a taken email the same on the page, and tells its owner by mail', async () => {
    const taken = env.running.demo.org.owner.email;
    const { shown, errors } = await signUp(taken);
    expect(shown).toContain('请查收邮件');
    expect((await mailTo(taken))?.body).toContain('此邮箱已是 Enclave 上一个企业的管理员');
    expect(errors).toEqual([]);
  });
});
