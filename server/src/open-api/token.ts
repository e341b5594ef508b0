import { issueToken } from '../modules/access-tokens/index.js';
import { defineCgi } from './cgi.js';

export const tokenApi = [
  defineCgi({
    method: 'GET',
    path: 'gettoken',
    auth: 'none',
    handler: async ({ db, query }) => {
      const { accessToken, expiresIn } = await issueToken(
        db,
        query.string('corpid', { max: 64 }),
        query.string('corpsecret', { max: 128 }),
      );
      return { access_token: accessToken, expires_in: expiresIn };
    },
  }),
];
