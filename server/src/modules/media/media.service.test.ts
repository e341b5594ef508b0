import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { LocalBlobStorage } from '../../platform/storage/storage.js';
import { given } from '../../testing/given.js';
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
