import { describe, expect, it } from 'vitest';
import { errorsEn } from '../web/src/i18n/errors-en.ts';
import { errorsZh } from '../web/src/i18n/errors-zh.ts';
import { isOpenApiOnly, serverErrorCodes } from './error-codes.ts';

/** Every error code the admin console or the member client can be answered with reads in both languages. */
describe('error codes of the client and admin API', () => {
  const codes = serverErrorCodes();
  const shown = [...codes].filter(([, sites]) => !isOpenApiOnly(sites)).map(([code]) => code);

  it('are found in the server source: code tables, inline codes and the HTTP edge', () => {
    expect(shown).toEqual(
      expect.arrayContaining([
        'department.has_members', // departments.errors.ts
        'admin.bad_credentials', // inline in admins.service.ts
        'join.code_invalid', // member-auth.errors.ts
        'callback.verify_failed',
        'job.duplicate_userid', // an import row's code
        'media.invalid_image', // a table outside an .errors.ts file
        'request.too_large', // written by platform/http itself
      ]),
    );
    expect(codes.has('request.rate_limited') && !shown.includes('request.rate_limited'), 'open-api only').toBe(true);
  });

  it('each have a Chinese and an English text', () => {
    const untranslated = (table: Record<string, string>) =>
      shown.filter((code) => !Object.hasOwn(table, `errors.${code}`)).map((code) => `${code} (${where(code)})`);
    expect(untranslated(errorsZh), 'missing in web/src/i18n/errors-zh.ts').toEqual([]);
    expect(untranslated(errorsEn), 'missing in web/src/i18n/errors-en.ts').toEqual([]);
  });

  it('use the same placeholders in both languages', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    const zh: Record<string, string> = errorsZh;
    for (const [key, text] of Object.entries(errorsEn))
      expect(placeholders(text), key).toEqual(placeholders(zh[key] ?? ''));
  });

  const where = (code: string) =>
    (codes.get(code) ?? [])
      .slice(0, 2)
      .map((site) => `${site.file}:${site.line}`)
      .join(', ');
});
