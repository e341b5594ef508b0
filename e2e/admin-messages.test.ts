import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueJob } from '../server/src/platform/jobs/jobs.js';
import { signInToConsole as signIn, tableRows } from './console.js';
import { launchBrowser, type Running, startEnclave } from './harness.js';

/** The console's app message screens in a real browser: send, receipts by name, 定时, 定点, failed jobs. */

describe('admin console: app messages', () => {
  let running: Running;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    [running, browser] = await Promise.all([startEnclave(), launchBrowser()]);
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    await signIn(page, running.baseUrl);
  });

  afterAll(async () => {
    await browser?.close();
    await running?.close();
  });

  const db = () => running.enclave.store.db;
  const app = () => running.demo.app.app;

  /** A fresh load of the apps page (a hash change alone would keep the last test's drawers open). */
  async function openMessagesTab() {
    await page.goto('about:blank');
    await page.goto(`${running.baseUrl}/#apps`);
    await page.getByTestId(`app-detail-${app().agentId}`).click();
    await page.getByTestId('app-tab-messages').click();
    await page.getByTestId('message-composer').waitFor();
  }

  it('sends to everyone, then names who has read it and who has not', async () => {
    await openMessagesTab();
    await page.getByTestId('message-audience-all').check();
    await page.getByTestId('message-content').fill('周五下午三点全员大会');
    await page.getByTestId('message-send').click();
    await page.getByTestId('message-result').waitFor();

    const message = await db()
      .selectFrom('messages')
      .select(['id', 'msg_id', 'recipient_count'])
      .where('app_id', '=', app().id)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(message.recipient_count).toBeGreaterThan(5);
    // Two recipients read it in their clients.
    const readers = await db()
      .selectFrom('inbox_entries')
      .innerJoin('members', 'members.id', 'inbox_entries.member_id')
      .select(['members.id', 'members.name'])
      .where('inbox_entries.message_id', '=', message.id)
      .orderBy('members.id')
      .limit(2)
      .execute();
    await db()
      .updateTable('inbox_entries')
      .set({ read_at: Date.now() })
      .where('message_id', '=', message.id)
      .where(
        'member_id',
        'in',
        readers.map((r) => r.id),
      )
      .execute();

    await page.getByTestId('messages-refresh').click();
    const count = page.getByTestId(`message-read-${message.msg_id}`);
    await expect.poll(() => count.textContent()).toBe(`已读 2 / ${message.recipient_count}`);
    await count.click();
    const state = page.getByTestId('receipts-state');
    await state.getByText(`未读 ${message.recipient_count - 2}`).waitFor();
    await expect
      .poll(async () => (await tableRows(page, 'receipts-list')).length)
      .toBe(Math.min(20, message.recipient_count - 2));
    const unreadNames = (await tableRows(page, 'receipts-list')).map((cells) => cells[0]);
    for (const reader of readers) expect(unreadNames).not.toContain(reader.name);

    await state.getByText('已读 2').click();
    await expect
      .poll(async () => (await tableRows(page, 'receipts-list')).map((cells) => cells[0]).sort())
      .toEqual(readers.map((r) => r.name).sort());
    await page.keyboard.press('Escape');
  });

  it('schedules a send for tomorrow, lists it and cancels it; nothing reaches an inbox', async () => {
    await openMessagesTab();
    await page.getByTestId('message-audience-all').check();
    await page.getByTestId('message-content').fill('明天的提醒');
    const tomorrow = new Date(Date.now() + 24 * 3600_000);
    const pad = (n: number) => String(n).padStart(2, '0');
    const typed = `${tomorrow.getFullYear()}-${pad(tomorrow.getMonth() + 1)}-${pad(tomorrow.getDate())} 09:30`;
    const picker = page.getByTestId('message-send-at');
    await picker.click();
    await picker.fill(typed);
    await picker.press('Enter');
    await page.getByTestId('message-send').click();
    await page.getByTestId('message-scheduled').waitFor();

    const schedule = await db()
      .selectFrom('message_schedules')
      .selectAll()
      .where('app_id', '=', app().id)
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow();
    const sendAt = new Date(Number(schedule.send_at));
    expect([sendAt.getDate(), sendAt.getHours(), sendAt.getMinutes()]).toEqual([tomorrow.getDate(), 9, 30]);
    const id = String(schedule.id);
    await page.getByTestId(`schedule-status-${id}`).waitFor();
    expect(await page.getByTestId(`schedule-status-${id}`).textContent()).toBe('待发送');

    await page.getByTestId(`schedule-cancel-${id}`).click();
    await page.locator('.ant-popconfirm .ant-btn-primary').click();
    await expect.poll(() => page.getByTestId(`schedule-status-${id}`).textContent()).toBe('已取消');
    const cancelled = await db()
      .selectFrom('message_schedules')
      .select(['status', 'msg_id'])
      .where('id', '=', schedule.id)
      .executeTakeFirstOrThrow();
    expect(cancelled).toEqual({ status: 'cancelled', msg_id: null });
    const job = await db().selectFrom('jobs').select('status').where('id', '=', schedule.job_id).executeTakeFirst();
    expect(job).toBeUndefined();
  });

  it('sends to the members last seen near a point (定点) and to nobody else', async () => {
    const members = await db()
      .selectFrom('members')
      .select(['id', 'org_id'])
      .where('org_id', '=', running.demo.org.orgId)
      .orderBy('id')
      .limit(3)
      .execute();
    const now = Date.now();
    // Two at 通威's pond in 成都 (a few hundred metres apart), one in 北京.
    const spots = [
      [30.5728, 104.0668],
      [30.5745, 104.0681],
      [39.9042, 116.4074],
    ];
    for (const [i, m] of members.entries()) {
      const [lat, lng] = spots[i] as [number, number];
      await db()
        .insertInto('member_locations')
        .values({ member_id: m.id, org_id: m.org_id, lat, lng, precision: 30, reported_at: now })
        .execute();
    }

    await openMessagesTab();
    await page.getByTestId('message-audience-all').check();
    await page.getByTestId('message-content').fill('鱼塘附近的成员请注意：今晚降温');
    await page.getByTestId('message-near').check();
    await page.getByTestId('message-near-lat').fill('30.5730');
    await page.getByTestId('message-near-lng').fill('104.0670');
    await page.getByTestId('message-near-radius').fill('1000');
    await page.getByTestId('message-near-age').fill('60');
    await page.getByTestId('message-send').click();
    await page.getByTestId('message-result').waitFor();
    expect(await page.getByTestId('message-result').textContent()).toContain('已发送给 2 人');

    const message = await db()
      .selectFrom('messages')
      .select('id')
      .where('app_id', '=', app().id)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    const reached = await db()
      .selectFrom('inbox_entries')
      .select('member_id')
      .where('message_id', '=', message.id)
      .orderBy('member_id')
      .execute();
    expect(reached.map((r) => r.member_id)).toEqual(members.slice(0, 2).map((m) => m.id));
  });

  it('lists failed jobs and runs one again on retry', async () => {
    const jobId = await enqueueJob(db(), running.demo.org.orgId, 'e2e.failing', { note: 'x' });
    await db()
      .updateTable('jobs')
      .set({ status: 'failed', last_error: 'receiver said no', attempts: 5 })
      .where('id', '=', jobId)
      .execute();
    await page.goto('about:blank');
    await page.goto(`${running.baseUrl}/#jobs`);
    await page.getByTestId(`job-retry-${jobId}`).waitFor();
    const rows = await tableRows(page, 'jobs-table');
    expect(rows.some((cells) => cells.some((c) => c.includes('receiver said no')))).toBe(true);
    await page.getByTestId(`job-retry-${jobId}`).click();
    await expect
      .poll(async () => {
        const job = await db().selectFrom('jobs').select('status').where('id', '=', jobId).executeTakeFirstOrThrow();
        return job.status;
      })
      .not.toBe('failed');
    await expect.poll(() => page.getByTestId(`job-retry-${jobId}`).count()).toBe(0);
  });
});
