import { type Case, describeCgiBadInput, LONG, NUL } from '../testing/cgi-bad-input.js';

/** Field cases for what an app sends: message/send, message/recall and its group chats (appchat/*). */

/** Message bodies wrong inside their payload; each is merged into a send that is otherwise fine. */
const BAD_PAYLOADS: Record<string, unknown>[] = [
  { msgtype: 'text', text: { content: {} } },
  { msgtype: 'text', text: { content: ['hi'] } },
  { msgtype: 'text', text: { content: true } },
  { msgtype: 'text', text: { content: '' } },
  { msgtype: 'text', text: { content: LONG } },
  { msgtype: 'text', text: { content: NUL } },
  { msgtype: 'text', text: {} },
  { msgtype: 'text', text: undefined },
  { msgtype: 'markdown', markdown: { content: { a: 1 } } },
  { msgtype: 'textcard', textcard: { title: [], description: 'd', url: 'https://a.com' } },
  { msgtype: 'textcard', textcard: { title: 't', description: 'd', url: {} } },
  { msgtype: 'textcard', textcard: { title: 't', description: 'd', url: `https://a.com/${LONG}` } },
  { msgtype: 'news', news: { articles: 'x' } },
  { msgtype: 'news', news: { articles: [null] } },
  { msgtype: 'news', news: { articles: [{ title: {}, url: 'https://a.com' }] } },
  { msgtype: 'news', news: { articles: Array(9).fill({ title: 't', url: 'https://a.com' }) } },
  { msgtype: 'image', image: { media_id: {} } },
  { msgtype: 'image', image: { media_id: LONG } },
  { msgtype: 'file', file: { media_id: 'nope' } },
  { msgtype: 'nonsense', nonsense: { content: 'x' } },
  { msgtype: 'TEXT', TEXT: { content: 'x' } },
  { msgtype: '__proto__', text: { content: 'x' } },
  { msgtype: 'constructor', text: { content: 'x' } },
];

const CHAT_BASE = (chatid: string) => ({ chatid, msgtype: 'text', text: { content: 'hi' } });

const CASES: Record<string, Case[]> = {
  'POST message/send': [
    {
      base: (s) => ({ touser: 'u1', toparty: '2', msgtype: 'text', agentid: s.agentId, text: { content: 'hi' } }),
      fields: {
        touser: 'stringList',
        toparty: 'stringList',
        totag: 'stringList',
        msgtype: 'string',
        agentid: 'int',
        text: 'object',
        safe: 'int',
        enable_duplicate_check: 'int',
        duplicate_check_interval: 'int',
        near: 'object',
      },
      required: ['msgtype', 'agentid', 'text'],
      asApp: true,
      extra: (s) => [
        ...BAD_PAYLOADS.map((p) => ({ touser: 'u1', agentid: s.agentId, ...p })),
        { touser: 'ghost', msgtype: 'text', agentid: s.agentId, text: { content: 'hi' } },
        { toparty: 'abc', msgtype: 'text', agentid: s.agentId, text: { content: 'hi' } },
        { toparty: '1|-2', msgtype: 'text', agentid: s.agentId, text: { content: 'hi' } },
        { totag: '99999999999999999999', msgtype: 'text', agentid: s.agentId, text: { content: 'hi' } },
        { touser: Array(1001).fill('u1').join('|'), msgtype: 'text', agentid: s.agentId, text: { content: 'hi' } },
        { touser: 'u1', msgtype: 'text', agentid: s.agentId + 1, text: { content: 'hi' } },
        { touser: 'u1', msgtype: 'text', agentid: s.agentId, text: { content: 'hi' }, safe: 3 },
        ...[1, Math.floor(Date.now() / 1000) - 10, Math.floor(Date.now() / 1000) + 400 * 86400, 'abc', -1, LONG].map(
          (send_time) => ({ touser: 'u1', msgtype: 'text', agentid: s.agentId, text: { content: 'hi' }, send_time }),
        ),
        ...[
          { latitude: 'x', longitude: 1, radius: 10 },
          { latitude: 91, longitude: 1, radius: 10 },
          { latitude: 1, longitude: 181, radius: 10 },
          { latitude: 1, longitude: 1, radius: 50_001 },
          { latitude: 1, longitude: 1, radius: 10, max_age: 0 },
          { latitude: 1, longitude: 1 },
        ].map((near) => ({ touser: 'u1', msgtype: 'text', agentid: s.agentId, text: { content: 'hi' }, near })),
      ],
    },
  ],
  'POST message/schedule/list': [{ base: () => ({}), fields: {}, required: [], asApp: true }],
  'POST message/schedule/cancel': [
    {
      base: (s) => ({ schedule_id: s.scheduleId }),
      fields: { schedule_id: 'string' },
      required: ['schedule_id'],
      asApp: true,
      extra: () => [{ schedule_id: 'nosuchschedule' }, { schedule_id: 'a'.repeat(24) }],
    },
  ],
  'POST message/recall': [
    {
      base: (s) => ({ msgid: s.msgId }),
      fields: { msgid: 'string' },
      required: ['msgid'],
      asApp: true,
      extra: () => [{ msgid: 'nosuchmessage' }, { msgid: 12345 }],
    },
  ],
  'POST appchat/create': [
    {
      base: () => ({ chatid: 'newchat', name: 'New chat', owner: 'u2', userlist: ['u1', 'u2', 'u3'] }),
      // WeCom cuts a long chat name to 50 characters rather than refusing it.
      fields: { chatid: 'string', name: 'text', owner: 'string', userlist: 'stringList' },
      required: ['userlist'],
      asApp: true,
      extra: (s) => [
        { chatid: s.chatId, userlist: ['u1', 'u2'] },
        { chatid: 'not-alnum', userlist: ['u1', 'u2'] },
        { chatid: 'x'.repeat(33), userlist: ['u1', 'u2'] },
        { userlist: ['u1'] },
        { userlist: ['u1', 'u1'] },
        { userlist: ['u1', 'ghost'] },
        { userlist: 'u1|ghost' },
        { owner: 'u3', userlist: ['u1', 'u2'] },
        { name: 'a\u0001b', userlist: ['u1', 'u2'] },
      ],
    },
  ],
  'POST appchat/update': [
    {
      base: (s) => ({ chatid: s.chatId, name: 'Renamed', owner: 'u2', add_user_list: ['u3'], del_user_list: ['u1'] }),
      fields: {
        chatid: 'string',
        name: 'text',
        owner: 'string',
        add_user_list: 'stringList',
        del_user_list: 'stringList',
      },
      required: ['chatid'],
      asApp: true,
      extra: (s) => [
        { chatid: 'nosuchchat', name: 'x' },
        { chatid: s.chatId, owner: 'u3' },
        { chatid: s.chatId, owner: 'ghost' },
        { chatid: s.chatId, del_user_list: ['u1', 'u2'] },
        { chatid: s.chatId, add_user_list: ['ghost'] },
        { chatid: s.chatId, add_user_list: ['u3'], del_user_list: ['u1', 'u2'] },
        { chatid: s.chatId, add_user_list: Array.from({ length: 501 }, (_, i) => `x${i}`) },
        { chatid: s.chatId, name: 'a\u0001b' },
      ],
    },
  ],
  'GET appchat/get': [
    {
      base: (s) => ({ chatid: s.chatId }),
      fields: { chatid: 'string' },
      required: ['chatid'],
      asApp: true,
      extra: () => [{ chatid: 'nosuchchat' }, { chatid: 'bad id!' }],
    },
  ],
  'POST appchat/send': [
    {
      base: (s) => ({ ...CHAT_BASE(s.chatId), safe: 0 }),
      fields: { chatid: 'string', msgtype: 'string', text: 'object', safe: 'int' },
      required: ['chatid', 'msgtype', 'text'],
      asApp: true,
      extra: (s) => [
        ...BAD_PAYLOADS.map((p) => ({ chatid: s.chatId, ...p })),
        { ...CHAT_BASE('nosuchchat') },
        { ...CHAT_BASE(s.chatId), safe: 2 },
      ],
    },
  ],
};

describeCgiBadInput('messaging', CASES, {
  minCalls: 300,
  extend: async (server, seed) => {
    const reply = await server.cgi('message/send', {
      token: seed.appToken,
      body: {
        touser: 'u1',
        msgtype: 'text',
        agentid: seed.agentId,
        text: { content: 'later' },
        send_time: Math.floor(Date.now() / 1000) + 3600,
      },
    });
    return { scheduleId: reply.schedule_id as string };
  },
});
