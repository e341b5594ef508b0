import { expect, it } from 'vitest';
import { appConversationRoutes } from '../modules/app-conversations/index.js';
import { setAppMenu } from '../modules/apps/index.js';
import { chatRoutes } from '../modules/chat/index.js';
import { memberMediaRoutes } from '../modules/media/index.js';
import { clientDirectoryRoutes } from '../modules/directory/index.js';
import { messageSearchRoutes } from '../modules/messaging/index.js';
import { type ApiSpec, describeApiBadInput, expectRefused } from '../testing/api-bad-input.js';
import { PNG } from '../testing/cgi-bad-input.js';
import { uploadMedia } from '../testing/open-api-calls.js';

/**
 * Every member client route but sign-in and OAuth validates: chats, conversations, the client directory and
 * the app conversations answer bad input with a 4xx `{code, message}` (never a 500) and change nothing.
 */
const at = { latitude: 31.23, longitude: 121.47 };
const VALID_BODY: ApiSpec['validBody'] = {
  'POST /api/client/chats/direct': () => ({ userId: 'u2' }),
  'POST /api/client/chats/groups': () => ({ name: 'New group', userIds: ['u2', 'u3'] }),
  'PATCH /api/client/chats/groups/:id': () => ({ name: 'Renamed', addUserIds: ['u3'], removeUserIds: [], owner: 'u1' }),
  'POST /api/client/conversations/:conversation/messages': () => ({
    msgType: 'text',
    payload: { content: 'hi' },
    mentions: ['u2'],
  }),
  'POST /api/client/conversations/:conversation/read': () => ({ upToSeq: 1 }),
  'PUT /api/client/conversations/:conversation/settings': () => ({ pinned: true, muted: false }),
  'POST /api/client/apps/:agentId/messages': (v) => [
    { msgType: 'text', content: 'hi' },
    { msgType: 'image', mediaId: v.imageId },
    { msgType: 'voice', mediaId: v.imageId, format: 'amr' },
    { msgType: 'location', ...at, scale: 15, label: 'Office' },
    { msgType: 'link', title: 'T', description: 'D', url: 'https://a.test/x', picUrl: 'https://a.test/p.png' },
  ],
  'POST /api/client/apps/:agentId/events': () => [
    { event: 'enter_agent' },
    { event: 'LOCATION', ...at, precision: 10 },
    { event: 'click', eventKey: 'seed' },
    { event: 'scancode_push', eventKey: 'scan', scanType: 'qrcode', scanResult: 'r' },
    { event: 'pic_sysphoto', eventKey: 'pic', picMd5Sums: ['abc'] },
    { event: 'location_select', eventKey: 'loc', ...at, scale: 15, label: 'L', poiname: 'P' },
  ],
  'PUT /api/client/location': () => ({ ...at, precision: 25 }),
};

describeApiBadInput('client', {
  routes: (server) => [
    ...chatRoutes,
    ...clientDirectoryRoutes,
    ...appConversationRoutes,
    ...messageSearchRoutes,
    ...memberMediaRoutes(server.enclave.services.storage),
  ],
  setup: async ({ server, member, ctx, values }) => {
    const post = async (url: string, body: object) => {
      const response = await member.request('POST', url, { body });
      if (response.statusCode !== 200) throw new Error(`seed ${url}: ${response.body}`);
      return response.json() as Record<string, string | number>;
    };
    const group = await post('/api/client/chats/groups', { name: 'Seed group', userIds: ['u2'] });
    const conversation = String(group.conversation);
    const sent = await post(`/api/client/conversations/${conversation}/messages`, {
      msgType: 'text',
      payload: { content: 'seed' },
    });
    await setAppMenu(ctx, values.agentId, [
      { type: 'click', name: 'Seed', key: 'seed' },
      {
        name: 'More',
        items: [
          { type: 'scancode_push', name: 'Scan', key: 'scan' },
          { type: 'pic_sysphoto', name: 'Pic', key: 'pic' },
          { type: 'location_select', name: 'Loc', key: 'loc' },
        ],
      },
    ]);
    const appToken = await server.token(values.corpId, values.appSecret);
    const image = await uploadMedia(server, appToken, { type: 'image', filename: 'a.png', data: PNG });
    const imageId = String(image.media_id);
    return { id: group.id as number, conversation, msgId: String(sent.msgId), imageId, mediaId: imageId };
  },
  paramOf: (url, name, v) => {
    if (url.startsWith('/api/client/departments/')) return '2';
    if (url.startsWith('/api/client/members/')) return 'u2';
    return String(v[name] ?? '');
  },
  validBody: VALID_BODY,
  validQuery: {
    'GET /api/client/departments/:id/members': () => ({ limit: '10', offset: '0' }),
    'GET /api/client/members/search': () => ({ q: 'U' }),
    'GET /api/client/messages/search': () => ({ q: '开会', limit: '5' }),
    'POST /api/client/media': () => ({ type: 'image' }),
  },
  queryKinds: {
    'GET /api/client/departments/:id/members': { limit: 'int', offset: 'int' },
    'GET /api/client/members/search': { q: 'string' },
    'GET /api/client/messages/search': { q: 'string', limit: 'int' },
    'POST /api/client/media': { type: 'enum' },
  },
  fine: { latitude: [-1, 1.5], longitude: [-1, 1.5], precision: [1.5, 1e20, 2 ** 53] },
  noInput: [
    'GET /api/client/conversations',
    'GET /api/client/apps',
    'GET /api/client/departments',
    'GET /api/client/location',
    'DELETE /api/client/location',
  ],
  minCalls: 900,
  more: (env) => {
    it('refuses messages and events a member may not send, changing nothing', async () => {
      const { member, values: v } = env();
      const before = await env().stateOf();
      const cases: [string, string, object][] = [
        ['POST', '/api/client/chats/direct', { userId: 'ghost' }],
        ['POST', '/api/client/chats/groups', { name: 'x', userIds: [] }],
        ['POST', '/api/client/chats/groups', { name: 'x', userIds: ['u2', 'ghost'] }],
        ['PATCH', `/api/client/chats/groups/${v.id}`, { addUserIds: ['ghost'] }],
        ['PATCH', `/api/client/chats/groups/${v.id}`, { owner: 'ghost' }],
        ['PATCH', '/api/client/chats/groups/999999', { name: 'x' }],
        ['POST', `/api/client/conversations/${v.conversation}/messages`, { msgType: 'nonsense', payload: {} }],
        ['POST', `/api/client/conversations/${v.conversation}/messages`, { msgType: 'text', payload: {} }],
        ['POST', '/api/client/conversations/dm:1:999999/messages', { msgType: 'text', payload: { content: 'x' } }],
        ['POST', `/api/client/apps/${v.agentId}/messages`, { msgType: 'image', mediaId: 'nosuchmedia' }],
        ['POST', `/api/client/apps/${v.agentId}/messages`, { msgType: 'text', content: '字'.repeat(1000) }],
        ['POST', '/api/client/apps/999999/messages', { msgType: 'text', content: 'hi' }],
        ['POST', `/api/client/apps/${v.agentId}/events`, { event: 'click', eventKey: 'nosuchkey' }],
        ['POST', `/api/client/apps/${v.agentId}/events`, { event: 'LOCATION', latitude: 91, longitude: 0 }],
      ];
      for (const [method, url, body] of cases) {
        expectRefused(await member.request(method, url, { body }), `${method} ${url} ${JSON.stringify(body)}`);
      }
      expect(await env().stateOf()).toEqual(before);
    });
  },
});
