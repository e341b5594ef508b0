import { type Case, describeCgiBadInput, LONG, NUL } from '../testing/cgi-bad-input.js';

/** Field cases for an app's own settings, menu and images: agent/*, menu/*, media/uploadimg. */
const AGENT_ID: Case = {
  base: (s) => ({ agentid: s.agentId }),
  fields: { agentid: 'int' },
  required: ['agentid'],
  asApp: true,
};

const click = { type: 'click', name: 'Ok', key: 'k' };
/**
 * Each is a whole `button` array, wrong one level down (WeCom's 400xx menu codes, or 40058). A number where
 * text belongs is read as that text, as SDKs that serialise keys as numbers expect, so it is not here.
 */
const BAD_BUTTONS: unknown[] = [
  [{ ...click, type: {} }],
  [{ ...click, type: ['click'] }],
  [{ ...click, type: 5 }],
  [{ ...click, name: {} }],
  [{ ...click, name: ['a'] }],
  [{ ...click, name: LONG }],
  [{ ...click, name: NUL }],
  [{ ...click, key: {} }],
  [{ ...click, key: [] }],
  [{ ...click, key: LONG }],
  [{ type: 'view', name: 'v', url: {} }],
  [{ type: 'view', name: 'v', url: ['https://a.com'] }],
  [{ type: 'view', name: 'v', url: `https://a.com/${LONG}` }],
  [{ type: 'view_miniprogram', name: 'm', appid: {}, pagepath: 'p' }],
  [{ type: 'view_miniprogram', name: 'm', appid: 'wx1', pagepath: [] }],
  [{ type: 'view_miniprogram', name: 'm', appid: LONG, pagepath: 'p' }],
  [{ name: 'g', sub_button: 'x' }],
  [{ name: 'g', sub_button: {} }],
  [{ name: 'g', sub_button: [1] }],
  [{ name: 'g', sub_button: [null] }],
  [{ name: 'g', sub_button: [[click]] }],
  [{ name: 'g', sub_button: [{ ...click, name: {} }] }],
  [{ name: 'g', sub_button: [{ ...click, key: {} }] }],
  [{ name: 'g', sub_button: [{ name: 'h', sub_button: [click] }] }],
  [{ name: 'g', sub_button: Array(1000).fill(click) }],
];

const CASES: Record<string, Case[]> = {
  'GET agent/get': [AGENT_ID],
  'GET agent/list': [{ base: () => ({}), fields: {}, required: [], asApp: true }],
  'POST agent/set': [
    {
      base: (s) => ({
        agentid: s.agentId,
        name: 'Portal',
        description: 'The company portal',
        redirect_domain: 'portal.example.com',
        home_url: 'https://portal.example.com',
        report_location_flag: 1,
        isreportenter: 0,
        logo_mediaid: s.imageId,
      }),
      fields: {
        agentid: 'int',
        name: 'string',
        description: 'string',
        redirect_domain: 'string',
        home_url: 'string',
        report_location_flag: 'int',
        isreportenter: 'int',
        logo_mediaid: 'string',
      },
      required: ['agentid'],
      asApp: true,
      extra: (s) => [
        { agentid: s.agentId, report_location_flag: 2 },
        { agentid: s.agentId, isreportenter: '2' },
        { agentid: s.agentId, name: ' ' },
        { agentid: s.agentId, description: 'abc' },
        { agentid: s.agentId, home_url: 'javascript:alert(1)' },
        { agentid: s.agentId, redirect_domain: 'not a domain' },
        { agentid: s.agentId, logo_mediaid: 'nope' },
        // The seed's CSV is not an image; refused before anything is copied.
        { agentid: s.agentId, logo_mediaid: s.mediaId, name: 'Renamed' },
        { agentid: s.agentId + 1, name: 'Other app' },
      ],
    },
  ],
  'POST menu/create': [
    {
      base: (s) => ({
        agentid: s.agentId,
        button: [click, { name: 'Group', sub_button: [{ type: 'view', name: 'Web', url: 'https://a.com' }] }],
      }),
      fields: { agentid: 'int', button: 'objectList' },
      required: ['agentid', 'button'],
      asApp: true,
      extra: (s) => BAD_BUTTONS.map((button) => ({ agentid: s.agentId, button })),
    },
  ],
  'GET menu/get': [AGENT_ID],
  'GET menu/delete': [AGENT_ID],
  // The image itself is checked by the multipart cases; uploadimg takes no other field.
  'POST media/uploadimg': [{ base: () => ({}), fields: {}, required: [], asApp: true }],
};

describeCgiBadInput('apps', CASES, { minCalls: 150 });
