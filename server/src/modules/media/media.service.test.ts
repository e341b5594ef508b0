import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { LocalBlobStorage } from '../../platform/storage/storage.js';
import { given } from '../../testing/given.js';
import { countStoredFiles } from '../../testing/snapshot.js';
import { createTestStore, type TestStore } from '../../testing/test-store.js';
import { findMedia, MEDIA_TTL_MS, purgeExpiredMedia, readMediaBuffer, uploadMedia } from './media.service.js';

let store: TestStore;
let storage: LocalBlobStorage;
beforeAll(async () => {
  store = await createTestStore();
  storage = new LocalBlobStorage(join(store.dataDir, 'media'));
});
afterAll(async () => store.drop());

describe('temporary media', () => {
  it('keeps an upload three days, then purges its row and its blob', async () => {
    const { ctx } = await given.org(store.db);
    const media = await uploadMedia(ctx, storage, {
      type: 'file',
      filename: '名单.csv',
      contentType: 'text/csv',
      data: Buffer.from('a,b\n'),
    });
    expect((await readMediaBuffer(ctx, storage, media.mediaId)).toString()).toBe('a,b\n');
    expect(await purgeExpiredMedia(store.db, storage)).toBe(0);
    const row = await findMedia(ctx, media.mediaId);
    expect(await purgeExpiredMedia(store.db, storage, media.createdAt + MEDIA_TTL_MS + 1)).toBe(1);
    await expect(findMedia(ctx, media.mediaId)).rejects.toMatchObject({ code: 'media.not_found' });
    await expect(storage.open(row.storage_key)).rejects.toThrow();
  });

  it("refuses another org's media id", async () => {
    const mine = await given.org(store.db);
    const theirs = await given.org(store.db);
    const media = await uploadMedia(theirs.ctx, storage, {
      type: 'image',
      filename: 'x.png',
      contentType: 'image/png',
      data: Buffer.from('12345678'),
    });
    await expect(findMedia(mine.ctx, media.mediaId)).rejects.toMatchObject({ code: 'media.not_found' });
  });
});

describe('what an upload is stored as', () => {
  const upload = (ctx: Parameters<typeof uploadMedia>[0], filename: string, contentType = 'text/plain') =>
    uploadMedia(ctx, storage, { type: 'file', filename, contentType, data: Buffer.from('abc') });

  it('stores a Content-Type that is not a media type as application/octet-stream, so it can be served back', async () => {
    const { ctx } = await given.org(store.db);
    const cases: [string, string][] = [
      ['image/pn\u0001g', 'application/octet-stream'],
      ['text/plain\r\nx-injected: 1', 'application/octet-stream'],
      ['', 'application/octet-stream'],
      ['nonsense', 'application/octet-stream'],
      ['image/\u00e9', 'application/octet-stream'],
      ['Image/PNG', 'image/png'],
      ['application/vnd.ms-excel', 'application/vnd.ms-excel'],
    ];
    for (const [claimed, stored] of cases) {
      const media = await upload(ctx, 'a.bin', claimed);
      expect((await findMedia(ctx, media.mediaId)).content_type, JSON.stringify(claimed)).toBe(stored);
    }
  });

  it('refuses a file name with a NUL, a control character or half a surrogate pair, storing nothing', async () => {
    const { ctx } = await given.org(store.db);
    const files = countStoredFiles(store.dataDir);
    for (const name of ['a\u0000b.txt', 'a\u0001b.txt', 'a\nb.txt', 'a\u007fb.txt', 'a\u0085b.txt', 'a\ud800b.txt']) {
      await expect(upload(ctx, name), JSON.stringify(name)).rejects.toMatchObject({ code: 'media.invalid_filename' });
    }
    expect(countStoredFiles(store.dataDir)).toBe(files);
    const rows = await store.db.selectFrom('media').select('id').where('org_id', '=', ctx.orgId).execute();
    expect(rows).toEqual([]);
  });

  it('cuts a long file name at 255 whole characters, never inside a surrogate pair', async () => {
    const { ctx } = await given.org(store.db);
    const media = await upload(ctx, `${'a'.repeat(254)}😀😀.txt`);
    const stored = (await findMedia(ctx, media.mediaId)).filename;
    expect(stored).toBe(`${'a'.repeat(254)}😀`);
  });

  it('leaves no blob behind when its row cannot be written', async () => {
    const { ctx } = await given.org(store.db);
    const files = countStoredFiles(store.dataDir);
    const closed = await createTestStore();
    await closed.close();
    await expect(upload({ ...ctx, db: closed.db }, 'a.txt')).rejects.toThrow();
    expect(countStoredFiles(store.dataDir)).toBe(files);
    await closed.drop();
  });
});
