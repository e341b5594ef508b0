import type { Page } from 'playwright-core';
import { DEMO_ADMIN } from '../server/src/modules/orgs/demo.js';

/** Signs an admin in to the console at `baseUrl`: the demo org's owner unless `admin` names another. */
export async function signInToConsole(
  page: Page,
  baseUrl: string,
  admin: { email: string; password: string } = DEMO_ADMIN,
): Promise<void> {
  await page.goto(baseUrl);
  await page.getByTestId('signin-email').fill(admin.email);
  await page.getByTestId('signin-password').fill(admin.password);
  await page.getByTestId('signin-submit').click();
  await page.getByTestId('org-name').waitFor();
}

/** The text of every cell of the rows of the antd table inside `wrapper`. */
export async function tableRows(page: Page, wrapper: string): Promise<string[][]> {
  return page
    .getByTestId(wrapper)
    .locator('tbody tr.ant-table-row')
    .evaluateAll((rows) =>
      rows.map((row) => [...row.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? '')),
    );
}
