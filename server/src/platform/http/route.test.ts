import { MemberAppList } from '@enclave/contracts';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/database.js';
import { checkResponses, defineRoute, registerRoutes } from './route.js';

/** The menu as WeCom stores it (`button` / `sub_button`): what GET /api/client/apps once answered. */
const WECOM_MENU = { button: [{ name: '更多', sub_button: [{ type: 'view', name: '主页', url: 'https://a.test/' }] }] };
const app = { agentId: 1000002, name: '打卡', description: '', homeUrl: '', logoUrl: null };

let server: FastifyInstance;
beforeAll(async () => {
  server = Fastify();
  const unused = () => Promise.reject(new Error('no session here'));
  registerRoutes(server, { db: {} as Db, requireAdmin: unused, requireMember: unused }, [
    defineRoute({
      method: 'GET',
      url: '/old-menu',
      principal: 'public',
      response: MemberAppList,
      handler: () => ({ items: [{ ...app, menu: WECOM_MENU }] }),
    }),
    defineRoute({
      method: 'GET',
      url: '/menu',
      principal: 'public',
      response: MemberAppList,
      handler: () => ({
        items: [{ ...app, menu: [{ name: '更多', items: [{ type: 'click', name: '打卡', key: 'k' }] }] }],
      }),
    }),
  ]);
  await server.ready();
});
afterEach(() => checkResponses(false));
afterAll(async () => server.close());

describe('answers checked against their contract (ENCLAVE_CHECK_RESPONSES)', () => {
  it('answers 500 naming what differs when an answer is outside its contract: the old menu shape', async () => {
    checkResponses(true);
    const response = await server.inject('/old-menu');
    expect(response.statusCode).toBe(500);
    const body = response.json() as { code: string; message: string; details: { issues: { path: unknown[] }[] } };
    expect(body.code).toBe('internal');
    expect(body.message).toContain('GET /old-menu answered outside its contract');
    expect(body.details.issues.map((i) => i.path.join('.'))).toEqual(['items.0.menu']);
  });

  it('lets an answer inside its contract through as it is', async () => {
    checkResponses(true);
    const response = await server.inject('/menu');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ items: [{ menu: [{ name: '更多' }] }] });
  });

  it('checks nothing when off (production): the answer goes out unchanged', async () => {
    const response = await server.inject('/old-menu');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ items: [{ ...app, menu: WECOM_MENU }] });
  });
});
