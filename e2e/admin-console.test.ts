import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pinyin } from 'pinyin-pro';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInToConsole as signIn, tableRows } from './console.js';
import { launchBrowser, type Running, startEnclave } from './harness.js';

/** The admin console, driven in a real browser against a real Enclave with the demo org. */

const NEW_DEPARTMENT = '测试部';
const NEW_MEMBER = { userId: 'ouyang.mingyue', name: '欧阳明月', mobile: '13712345678', initials: 'oymy' };

const SURNAMES = [...'王李赵钱孙周吴郑冯陈褚卫蒋沈韩杨朱秦尤许'];
const GIVEN_FIRST = [...'子思雨浩宇欣梓俊嘉晨'];
const GIVEN_SECOND = [...'轩涵然怡博琪萱'];
const IMPORT_ROWS = 200;
/** 0-based indexes of the rows made bad on purpose; the file line is index + 2 (the header is line 1). */
const BAD_MOBILE_ROW = 57;
const MISSING_NAME_ROW = 133;

type ImportRow = { name: string; userId: string; mobile: string; email: string };

/** 200 members with distinct Chinese names, in 研发部 (id 2); two rows are invalid. */
function importRows(): ImportRow[] {
  return Array.from({ length: IMPORT_ROWS }, (_, i) => {
    const name = `${SURNAMES[i % 20]}${GIVEN_FIRST[Math.floor(i / 20)]}${GIVEN_SECOND[i % 7]}`;
    const row = {
      name,
      userId: `imp${String(i).padStart(3, '0')}`,
      mobile: `1590000${String(i).padStart(4, '0')}`,
      email: `imp${i}@e2e.enclave`,
    };
    if (i === BAD_MOBILE_ROW) row.mobile = '12-abc';
    if (i === MISSING_NAME_ROW) row.name = '';
    return row;
  });
}

function toCsv(rows: ImportRow[]): Buffer {
  const lines = [
    '姓名,帐号,手机号,邮箱,所在部门',
    ...rows.map((r) => [r.name, r.userId, r.mobile, r.email, '2'].join(',')),
  ];
  // With a BOM, as spreadsheet programs save UTF-8 CSV.
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

function syllables(name: string): string[] {
  return pinyin(name, { toneType: 'none', type: 'array', surname: 'head' }).map((s) => s.toLowerCase());
}

function initialsOf(name: string): string {
  return syllables(name)
    .map((s) => s[0])
    .join('');
}

/**
 * An imported name whose initials no other name's initials or full pinyin start with, so a search for them
 * has exactly one hit and the row can't be pushed onto a second results page.
 */
function uniquelyFoundByInitials(rows: ImportRow[], otherNames: string[]): ImportRow & { initials: string } {
  const names = [...rows.map((r) => r.name), ...otherNames].filter(Boolean);
  const keys = names.map((n) => ({ name: n, terms: [initialsOf(n), syllables(n).join('')] }));
  for (const row of rows.slice(100)) {
    if (!row.name) continue;
    const initials = initialsOf(row.name);
    const hits = keys.filter((k) => k.terms.some((term) => term.startsWith(initials)));
    if (hits.length === 1) return { ...row, initials };
  }
  throw new Error('no imported name has unique initials');
}

describe('admin console', () => {
  let running: Running;
  let browser: Browser;

  beforeAll(async () => {
    [running, browser] = await Promise.all([startEnclave(), launchBrowser()]);
  });

  afterAll(async () => {
    await browser?.close();
    await running?.close();
  });

  it('creates a department and a member, imports 200 members with a report, and finds one by pinyin initials', async () => {
    const { baseUrl, enclave, demo } = running;
    const db = enclave.store.db;
    const orgId = demo.org.orgId;
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));

    try {
      // Sign in as the demo admin.
      await signIn(page, baseUrl);
      await expect.poll(() => page.getByTestId('org-name').textContent()).toBe(demo.org.name);

      // Create 测试部 under the root (selected by default).
      await page.getByTestId('dept-tree').getByTestId('dept-node-1').waitFor();
      await page.getByTestId('dept-add').click();
      await page.getByTestId('dept-name-input').fill(NEW_DEPARTMENT);
      await page.getByTestId('dept-save').click();
      await page.getByTestId('dept-name-input').waitFor({ state: 'detached' });
      await expect
        .poll(() =>
          db
            .selectFrom('departments')
            .select(['id', 'parent_id', 'name'])
            .where('org_id', '=', orgId)
            .where('name', '=', NEW_DEPARTMENT)
            .executeTakeFirst(),
        )
        .toMatchObject({ parent_id: 1, name: NEW_DEPARTMENT });
      const { id: departmentId } = await db
        .selectFrom('departments')
        .select('id')
        .where('org_id', '=', orgId)
        .where('name', '=', NEW_DEPARTMENT)
        .executeTakeFirstOrThrow();

      // Add 欧阳明月 to it: selecting the department makes it the new member's default department.
      await page.getByTestId(`dept-node-${departmentId}`).click();
      await page.getByTestId('member-add').click();
      await page.getByTestId('member-userId').fill(NEW_MEMBER.userId);
      await page.getByTestId('member-name').fill(NEW_MEMBER.name);
      await page.getByTestId('member-mobile').fill(NEW_MEMBER.mobile);
      await page.getByTestId('member-save').click();
      await page.getByTestId('member-form').waitFor({ state: 'detached' });
      await page.getByTestId('members-table').locator(`tr[data-row-key="${NEW_MEMBER.userId}"]`).waitFor();

      const member = await db
        .selectFrom('members')
        .select(['id', 'name', 'mobile', 'main_department_id'])
        .where('org_id', '=', orgId)
        .where('user_id', '=', NEW_MEMBER.userId)
        .executeTakeFirstOrThrow();
      expect(member).toMatchObject({
        name: NEW_MEMBER.name,
        mobile: NEW_MEMBER.mobile,
        main_department_id: departmentId,
      });
      const memberships = await db
        .selectFrom('member_departments')
        .select('department_id')
        .where('org_id', '=', orgId)
        .where('member_id', '=', member.id)
        .execute();
      expect(memberships.map((m) => m.department_id)).toEqual([departmentId]);

      // Import 200 members; two rows are bad.
      const rows = importRows();
      await page.getByTestId('nav-import').click();
      await expect.poll(() => new URL(page.url()).hash).toBe('#/import');
      await expect.poll(() => page.getByTestId('import-mode-sync').isChecked()).toBe(true);
      await page
        .locator('[data-testid=import-upload] input[type=file]')
        .setInputFiles({ name: 'members.csv', mimeType: 'text/csv', buffer: toCsv(rows) });

      await page.getByTestId('import-summary').waitFor({ timeout: 60_000 });
      await expect
        .poll(() => page.getByTestId('import-progress').textContent())
        .toContain(`100% (${IMPORT_ROWS}/${IMPORT_ROWS})`);
      const summary = async (key: string) =>
        page.getByTestId(`import-summary-${key}`).locator('.ant-statistic-content').textContent();
      expect(await summary('created')).toBe(String(IMPORT_ROWS - 2));
      expect(await summary('updated')).toBe('0');
      expect(await summary('unchanged')).toBe('0');
      expect(await summary('deleted')).toBe('0');
      expect(await summary('failed')).toBe('2');

      await page.getByTestId('import-report').locator('tbody tr.ant-table-row').first().waitFor();
      const report = await tableRows(page, 'import-report');
      // Each failed row in Chinese: the column as the template names it, and why, from the row's code.
      expect(report).toEqual([
        [String(BAD_MOBILE_ROW + 2), rows[BAD_MOBILE_ROW]?.userId, '手机号', '手机号格式不正确'],
        [String(MISSING_NAME_ROW + 2), rows[MISSING_NAME_ROW]?.userId, '姓名', '姓名须为 1 到 64 个字符'],
      ]);

      const imported = await db
        .selectFrom('members')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('org_id', '=', orgId)
        .where('user_id', 'like', 'imp%')
        .executeTakeFirstOrThrow();
      expect(Number(imported.n)).toBe(IMPORT_ROWS - 2);
      const rejected = await db
        .selectFrom('members')
        .select('user_id')
        .where('org_id', '=', orgId)
        .where('user_id', 'in', [rows[BAD_MOBILE_ROW]?.userId ?? '', rows[MISSING_NAME_ROW]?.userId ?? ''])
        .execute();
      expect(rejected).toEqual([]);

      // Find members by pinyin initials: one imported, and 欧阳明月 (a compound surname).
      const demoNames = await db.selectFrom('members').select('name').where('org_id', '=', orgId).execute();
      const target = uniquelyFoundByInitials(
        rows,
        demoNames.map((m) => m.name).filter((n) => !rows.some((r) => r.name === n)),
      );
      await page.getByTestId('nav-directory').click();
      const search = page.getByTestId('member-search');
      await search.waitFor();
      await page.locator('body').press('/');
      await expect.poll(() => search.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
      await page.keyboard.type(target.initials);
      const table = page.getByTestId('members-table');
      await table.locator(`tr[data-row-key="${target.userId}"]`).waitFor();
      await expect
        .poll(() => tableRows(page, 'members-table'))
        .toEqual([expect.arrayContaining([target.name, target.userId])]);

      await search.fill(NEW_MEMBER.initials);
      await table.locator(`tr[data-row-key="${NEW_MEMBER.userId}"]`).waitFor();
      await expect
        .poll(() => tableRows(page, 'members-table'))
        .toEqual([expect.arrayContaining([NEW_MEMBER.name, NEW_MEMBER.userId])]);

      const shots = mkdtempSync(join(tmpdir(), 'enclave-e2e-shots-'));
      const screenshot = join(shots, 'admin-console.png');
      await page.screenshot({ path: screenshot, fullPage: true });
      console.info(`screenshot: ${screenshot}`);

      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('reports a refused import file as a failure, not as an empty success', async () => {
    const context = await browser.newContext({ locale: 'zh-CN' });
    const page = await context.newPage();
    try {
      await signIn(page, running.baseUrl);
      await page.getByTestId('nav-import').click();
      await page.locator('[data-testid=import-upload] input[type=file]').setInputFiles({
        name: 'no-userid.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from('姓名,手机号\r\n张三,13800000000\r\n'),
      });
      const error = page.getByTestId('import-error');
      await error.waitFor();
      await expect.poll(() => error.textContent()).toContain('帐号');
      expect(await page.getByTestId('import-report').count()).toBe(0);
    } finally {
      await context.close();
    }
  });

  it('shows Chinese for a zh-CN browser and English after the language switch', async () => {
    const context = await browser.newContext({ locale: 'zh-CN' });
    const page = await context.newPage();
    try {
      await page.goto(running.baseUrl);
      await page.getByText('登录管理后台').waitFor();
      expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');

      await page.getByTestId('language-switch').getByText('EN', { exact: true }).click();
      await page.getByText('Sign in to the console').waitFor();
      expect(await page.getByText('登录管理后台').count()).toBe(0);
      expect(await page.locator('html').getAttribute('lang')).toBe('en');

      // The choice sticks: the signed-in console is in English too.
      await signIn(page, running.baseUrl);
      await expect.poll(() => page.getByTestId('nav-directory').textContent()).toBe('Directory');
      await expect.poll(() => page.getByTestId('nav-import').textContent()).toBe('Import/Export');
      await expect.poll(() => page.getByTestId('signout').textContent()).toBe('Sign out');

      await page.getByTestId('language-switch').getByText('中文', { exact: true }).click();
      await expect.poll(() => page.getByTestId('nav-directory').textContent()).toBe('通讯录');
    } finally {
      await context.close();
    }
  });
});
