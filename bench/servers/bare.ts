import Fastify from 'fastify';

// The baseline: a bare Fastify route answering a JSON object of user/get's size, no database.
const app = Fastify({ logger: false });
const body = {
  errcode: 0,
  errmsg: 'ok',
  userid: 'u1',
  name: '张三',
  department: [2],
  position: '工程师',
  mobile: '13800000000',
};
app.get('/cgi-bin/user/get', async () => body);
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
process.stdout.write(
  `${JSON.stringify({ url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/cgi-bin/user/get?access_token=x&userid=u1` })}\n`,
);
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
