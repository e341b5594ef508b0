import { authorizeUrl, browse, codeOf } from '../modules/oauth/oauth.test-support.js';
import { type Case, describeCgiBadInput, type Seed } from '../testing/cgi-bad-input.js';
import { signInMember } from '../testing/member-session.js';
import type { TestServer } from '../testing/test-server.js';

/** Field cases for OAuth's code exchange and member details (auth/*, user/getuser*) and JS-SDK tickets. */

/**
 * Makes app.example.com the seed app's trusted domain (agent/set), signs u1 in as a browser does and walks
 * them through authorize twice for the seed app (snsapi_privateinfo): one code is traded for a user_ticket,
 * the other stays live for the code exchange.
 */
async function mintCodes(server: TestServer, s: Seed): Promise<Partial<Seed>> {
  const browser = await signInMember(server, s.corpId, s.orgId, '13500000001');
  const trusted = await server.cgi('agent/set', {
    token: s.appToken,
    body: { agentid: s.agentId, redirect_domain: 'app.example.com' },
  });
  if (trusted.errcode !== 0) throw new Error(`agent/set: ${JSON.stringify(trusted)}`);
  const mint = async () => {
    const url = authorizeUrl({
      appid: s.corpId,
      redirect_uri: 'https://app.example.com/cb',
      agentid: s.agentId,
      scope: 'snsapi_privateinfo',
    });
    return codeOf(await browse(server, url, browser)).code;
  };
  const traded = await server.cgi('auth/getuserinfo', { token: s.appToken, query: { code: await mint() } });
  if (typeof traded.user_ticket !== 'string') throw new Error(`no user_ticket: ${JSON.stringify(traded)}`);
  return { code: await mint(), userTicket: traded.user_ticket };
}

const DETAIL: Case = {
  base: (s) => ({ user_ticket: s.userTicket }),
  fields: { user_ticket: 'string' },
  required: ['user_ticket'],
  asApp: true,
  extra: (s) => [{ user_ticket: 'nosuchticket' }, { user_ticket: s.code }, { user_ticket: 12345 }],
};

const CASES: Record<string, Case[]> = {
  'GET auth/getuserinfo': [
    {
      base: (s) => ({ code: s.code }),
      fields: { code: 'string' },
      required: ['code'],
      asApp: true,
      extra: (s) => [{ code: 'nosuchcode' }, { code: s.userTicket }, { code: `${s.code}x` }],
    },
  ],
  'GET user/getuserinfo': [
    {
      base: (s) => ({ code: s.code, agentid: s.agentId }),
      fields: { code: 'string', agentid: 'int' },
      required: ['code'],
      asApp: true,
      // Another app's agentid is refused before the code is looked at, so the code stays live.
      extra: (s) => [{ code: 'nosuchcode' }, { code: s.code, agentid: s.agentId + 1 }],
    },
  ],
  'POST auth/getuserdetail': [DETAIL],
  'POST user/getuserdetail': [DETAIL],
  'GET get_jsapi_ticket': [{ base: () => ({}), fields: {}, required: [], asApp: true }],
  'GET ticket/get': [
    {
      base: () => ({ type: 'agent_config' }),
      fields: { type: 'string' },
      required: ['type'],
      asApp: true,
      extra: () => [{ type: 'nonsense' }, { type: 'jsapi' }],
    },
  ],
};

describeCgiBadInput('oauth', CASES, { minCalls: 40, extend: mintCodes });
