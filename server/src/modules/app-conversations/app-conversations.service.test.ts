import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalBlobStorage } from '../../platform/storage/storage.js';
import { startCallbackReceiver, type ReceiverOptions } from '../../testing/callback-receiver.js';
import { given } from '../../testing/given.js';
import { createTestStore, type TestStore } from '../../testing/test-store.js';
import { setAppEnabled, setAppMenu, setAppScope, updateAppSettings } from '../apps/index.js';
import { CallbackDispatcher, setCallback } from '../callbacks/index.js';
import { uploadMedia } from '../media/index.js';
import { listInbox } from '../messaging/index.js';
import { findMemberLocation, postMessageToApp, reportEventToApp } from './app-conversations.service.js';

const KEYS = { token: 'QDG6eK', encodingAesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C' };
const ORIGIN = { origin: 'https://enclave.test' };
const silent = pino({ level: 'silent' });

let store: TestStore;
let storage: LocalBlobStorage;
beforeAll(async () => {
  store = await createTestStore();
  storage = new LocalBlobStorage(join(store.dataDir, 'media'));
});
afterAll(async () => store.drop());

async function givenMemberAndApp(options: Partial<ReceiverOptions> = {}) {
  const org = await given.org(store.db);
  const { app } = await given.app(org.ctx);
  const receiver = await startCallbackReceiver({ ...KEYS, ...options });
  const system = given.as(org.ctx, { kind: 'system' });
  await setCallback(system, app.agentId, { url: receiver.url, ...KEYS });
  const member = await given.member(org.ctx, { userId: `zhang${Date.now() % 1e6}` });
  const asMember = given.as(org.ctx, { kind: 'member', memberId: member.id, userId: member.userId });
  /** Delivers what is queued; returns what the app received since. */
  const received = async () => {
    const before = receiver.received.length;
    await new CallbackDispatcher(store.db, silent).drain();
    // Deliveries go out in parallel, so the app may hear them in any order: sort by type for comparing.
    const kind = (f: Record<string, unknown>) => String(f.Event ?? f.MsgType);
    return receiver.received
      .slice(before)
      .map((r) => r.fields)
      .sort((a, b) => kind(a).localeCompare(kind(b)));
  };
  return { ...org, system, app, receiver, member, asMember, received };
}

describe('a member messaging an app', () => {
  it('reaches the app as WeCom message XML, one type at a time, and shows in the member’s own conversation', async () => {
    const o = await givenMemberAndApp();
    const upload = (type: string) =>
      uploadMedia(o.asMember, storage, {
        type,
        filename: `a.${type}`,
        contentType: 'application/octet-stream',
        data: Buffer.from(type),
      });
    const image = await upload('image');
    const voice = await upload('voice');
    await postMessageToApp(o.asMember, o.app.agentId, { msgType: 'text', content: '你好' }, ORIGIN);
    await postMessageToApp(o.asMember, o.app.agentId, { msgType: 'image', mediaId: image.mediaId }, ORIGIN);
    await postMessageToApp(
      o.asMember,
      o.app.agentId,
      { msgType: 'voice', mediaId: voice.mediaId, format: 'speex' },
      ORIGIN,
    );
    await postMessageToApp(
      o.asMember,
      o.app.agentId,
      { msgType: 'location', latitude: 23.134521, longitude: 113.358803, scale: 20, label: '广州塔' },
      ORIGIN,
    );
    await postMessageToApp(
      o.asMember,
      o.app.agentId,
      {
        msgType: 'link',
        title: '周报',
        description: '本周',
        url: 'https://example.com/r',
        picUrl: 'https://example.com/p.png',
      },
      ORIGIN,
    );
    const common = {
      ToUserName: o.corpId,
      FromUserName: o.member.userId,
      CreateTime: expect.stringMatching(/^\d+$/),
      MsgId: expect.stringMatching(/^\d+$/),
      AgentID: String(o.app.agentId),
    };
    const fields = await o.received();
    expect(fields).toEqual([
      {
        ...common,
        MsgType: 'image',
        PicUrl: `https://enclave.test/cgi-bin/media/get?media_id=${image.mediaId}`,
        MediaId: image.mediaId,
      },
      {
        ...common,
        MsgType: 'link',
        Title: '周报',
        Description: '本周',
        Url: 'https://example.com/r',
        PicUrl: 'https://example.com/p.png',
      },
      {
        ...common,
        MsgType: 'location',
        Location_X: '23.134521',
        Location_Y: '113.358803',
        Scale: '20',
        Label: '广州塔',
      },
      { ...common, MsgType: 'text', Content: '你好' },
      { ...common, MsgType: 'voice', MediaId: voice.mediaId, Format: 'speex' },
    ]);
    expect(new Set(fields.map((f) => f.MsgId)).size).toBe(5);
    const inbox = await listInbox(o.ctx, o.member.id, 0);
    expect(inbox.map((e) => e.conversation)).toEqual(Array(5).fill(`app:${o.app.agentId}`));
    expect(inbox[0]?.message.payload).toEqual({ content: '你好', from: 'member' });
    expect(inbox[3]?.message.payload).toMatchObject({ latitude: 23.134521, label: '广州塔', from: 'member' });
    await o.receiver.close();
  });

  it('brings a passive reply back to the member', async () => {
    const o = await givenMemberAndApp({
      reply: (r) =>
        `<xml><ToUserName><![CDATA[${String(r.fields.FromUserName)}]]></ToUserName><FromUserName><![CDATA[${r.receiveId}]]></FromUserName><CreateTime>1</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[收到: ${String(r.fields.Content)}]]></Content></xml>`,
    });
    await postMessageToApp(o.asMember, o.app.agentId, { msgType: 'text', content: '价格?' }, ORIGIN);
    await o.received();
    const inbox = await listInbox(o.ctx, o.member.id, 0);
    expect(inbox.map((e) => e.message.payload)).toEqual([
      { content: '价格?', from: 'member' },
      { content: '收到: 价格?' },
    ]);
    await o.receiver.close();
  });

  it("refuses a member outside the app's range, and a disabled app", async () => {
    const o = await givenMemberAndApp();
    const sales = await given.department(o.ctx, 'Sales');
    await setAppScope(o.system, o.app.agentId, { memberIds: [], departmentIds: [sales.id], tagIds: [] });
    await expect(
      postMessageToApp(o.asMember, o.app.agentId, { msgType: 'text', content: 'hi' }, ORIGIN),
    ).rejects.toMatchObject({ code: 'app_conversation.out_of_scope', kind: 'forbidden' });
    await setAppScope(o.system, o.app.agentId, { memberIds: [o.member.id], departmentIds: [], tagIds: [] });
    await setAppEnabled(o.system, o.app.agentId, false);
    await expect(
      postMessageToApp(o.asMember, o.app.agentId, { msgType: 'text', content: 'hi' }, ORIGIN),
    ).rejects.toMatchObject({ code: 'app_conversation.app_disabled', kind: 'forbidden' });
    expect(await o.received()).toEqual([]);
    expect(await listInbox(o.ctx, o.member.id, 0)).toEqual([]);
    await o.receiver.close();
  });

  it('refuses media of another org and media of the wrong type', async () => {
    const o = await givenMemberAndApp();
    const other = await given.org(store.db);
    const foreign = await uploadMedia(other.ctx, storage, {
      type: 'image',
      filename: 'x.png',
      contentType: 'image/png',
      data: Buffer.from('x'),
    });
    await expect(
      postMessageToApp(o.asMember, o.app.agentId, { msgType: 'image', mediaId: foreign.mediaId }, ORIGIN),
    ).rejects.toMatchObject({ code: 'media.not_found' });
    const file = await uploadMedia(o.asMember, storage, {
      type: 'file',
      filename: 'x.txt',
      contentType: 'text/plain',
      data: Buffer.from('x'),
    });
    await expect(
      postMessageToApp(o.asMember, o.app.agentId, { msgType: 'image', mediaId: file.mediaId }, ORIGIN),
    ).rejects.toMatchObject({ code: 'app_conversation.media_type' });
    await o.receiver.close();
  });
});

describe('events the member client reports', () => {
  it('forwards enter_agent and LOCATION only to an app that asked for them, and keeps the location', async () => {
    const o = await givenMemberAndApp();
    const location = { event: 'LOCATION' as const, latitude: 31.2304, longitude: 121.4737, precision: 30 };
    expect(await reportEventToApp(o.asMember, o.app.agentId, { event: 'enter_agent' })).toEqual({ forwarded: false });
    expect(await reportEventToApp(o.asMember, o.app.agentId, location)).toEqual({ forwarded: false });
    expect(await findMemberLocation(store.db, o.orgId, o.member.id)).toBeNull();
    expect(await o.received()).toEqual([]);
    await updateAppSettings(o.system, o.app.agentId, { reportEnter: true, reportLocation: true });
    expect(await reportEventToApp(o.asMember, o.app.agentId, { event: 'enter_agent' })).toEqual({ forwarded: true });
    expect(await reportEventToApp(o.asMember, o.app.agentId, location)).toEqual({ forwarded: true });
    const common = {
      ToUserName: o.corpId,
      FromUserName: o.member.userId,
      CreateTime: expect.stringMatching(/^\d+$/),
      MsgType: 'event',
      AgentID: String(o.app.agentId),
    };
    expect(await o.received()).toEqual([
      { ...common, Event: 'enter_agent', EventKey: '' },
      { ...common, Event: 'LOCATION', Latitude: '31.2304', Longitude: '121.4737', Precision: '30' },
    ]);
    expect(await findMemberLocation(store.db, o.orgId, o.member.id)).toMatchObject({
      latitude: 31.2304,
      longitude: 121.4737,
      precision: 30,
      reportedAt: expect.any(Number),
    });
    await o.receiver.close();
  });

  it("forwards menu events that name an item of the app's menu, and refuses the others", async () => {
    const o = await givenMemberAndApp();
    await setAppMenu(o.system, o.app.agentId, [
      { name: '今日', type: 'click', key: 'V1001_TODAY' },
      { name: '官网', type: 'view', url: 'https://example.com/' },
      {
        name: '工具',
        items: [
          { name: '扫码', type: 'scancode_push', key: 'SCAN' },
          { name: '拍照', type: 'pic_photo_or_album', key: 'PIC' },
          { name: '位置', type: 'location_select', key: 'WHERE' },
        ],
      },
    ]);
    const report = (event: Parameters<typeof reportEventToApp>[2]) =>
      reportEventToApp(o.asMember, o.app.agentId, event);
    await report({ event: 'click', eventKey: 'V1001_TODAY' });
    await report({ event: 'view', eventKey: 'https://example.com/' });
    await report({ event: 'scancode_push', eventKey: 'SCAN', scanType: 'qrcode', scanResult: 'hello' });
    await report({ event: 'pic_photo_or_album', eventKey: 'PIC', picMd5Sums: ['1b5f7c23b5bf75682a53e7b6d163e185'] });
    await report({
      event: 'location_select',
      eventKey: 'WHERE',
      latitude: 23.1,
      longitude: 113.3,
      label: '天河',
      poiname: '塔',
    });
    await expect(report({ event: 'click', eventKey: 'NOPE' })).rejects.toMatchObject({
      code: 'app_conversation.menu_item_unknown',
    });
    await expect(
      report({ event: 'scancode_waitmsg', eventKey: 'SCAN', scanType: 'qrcode', scanResult: 'x' }),
    ).rejects.toMatchObject({
      code: 'app_conversation.menu_item_unknown',
    });
    await expect(report({ event: 'view', eventKey: 'https://evil.example/' })).rejects.toMatchObject({
      code: 'app_conversation.menu_item_unknown',
    });
    const fields = await o.received();
    expect(fields.map((f) => [f.Event, f.EventKey])).toEqual([
      ['click', 'V1001_TODAY'],
      ['location_select', 'WHERE'],
      ['pic_photo_or_album', 'PIC'],
      ['scancode_push', 'SCAN'],
      ['view', 'https://example.com/'],
    ]);
    expect(fields[3]?.ScanCodeInfo).toEqual({ ScanType: 'qrcode', ScanResult: 'hello' });
    expect(fields[2]?.SendPicsInfo).toEqual({
      Count: '1',
      PicList: { item: { PicMd5Sum: '1b5f7c23b5bf75682a53e7b6d163e185' } },
    });
    expect(fields[1]?.SendLocationInfo).toEqual({
      Location_X: '23.1',
      Location_Y: '113.3',
      Scale: '15',
      Label: '天河',
      Poiname: '塔',
    });
    await o.receiver.close();
  });
});
