import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OutboxRelay } from '../../platform/outbox/relay.js';
import { startCallbackReceiver } from '../../testing/callback-receiver.js';
import { given } from '../../testing/given.js';
import { createTestStore, type TestStore } from '../../testing/test-store.js';
import { setAppScope, type AppScope } from '../apps/index.js';
import {
  addToTag,
  createTag,
  deleteDepartment,
  deleteMembers,
  removeFromTag,
  setMemberEnabled,
  updateDepartment,
  updateMember,
} from '../directory/index.js';
import { setCallback } from './callbacks.service.js';
import { CallbackDispatcher } from './dispatcher.js';
import { onContactChanged } from './on-contact-changed.js';

const KEYS = { token: 'QDG6eK', encodingAesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C' };
const silent = pino({ level: 'silent' });

let store: TestStore;
beforeAll(async () => {
  store = await createTestStore();
});
afterAll(async () => store.drop());

const open: { close: () => Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((r) => r.close()));
});

/** An org whose apps listen for callbacks; `heard` relays, delivers and returns an app's change_contact XML. */
async function givenOrg() {
  const org = await given.org(store.db);
  const system = given.as(org.ctx, { kind: 'system' });
  const relay = new OutboxRelay(store.db, silent);
  relay.register(onContactChanged);
  const dispatcher = new CallbackDispatcher(store.db, silent);
  const listen = async (scope?: AppScope) => {
    const { app } = await given.app(org.ctx);
    if (scope) await setAppScope(system, app.agentId, scope);
    const receiver = await startCallbackReceiver(KEYS);
    open.push(receiver);
    await setCallback(system, app.agentId, { url: receiver.url, ...KEYS });
    return { app, receiver };
  };
  const heard = async (...listeners: Awaited<ReturnType<typeof listen>>[]) => {
    await relay.drain();
    await dispatcher.drain();
    return listeners.map(({ receiver }) =>
      receiver.received
        .splice(0)
        .filter((r) => r.fields.Event === 'change_contact')
        // The time is the event's; everything else is asserted to the byte.
        .map((r) => r.xml.replace(/<CreateTime>\d+<\/CreateTime>/, '')),
    );
  };
  /** A decrypted change_contact as WeCom writes it (wecom-api.md §7.6), without its CreateTime. */
  const xml = (inner: string) =>
    `<xml><ToUserName><![CDATA[${org.corpId}]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName>` +
    `<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[change_contact]]></Event>${inner}</xml>`;
  return { ...org, system, listen, heard, xml };
}

/**
 * Deliveries run side by side (dispatcher concurrency), so an app hears a batch of changes in no set order, as
 * from WeCom: compared as sets.
 */
function expectHeard(heard: string[][], expected: string[][]) {
  expect(heard.map((events) => [...events].sort())).toEqual(expected.map((events) => [...events].sort()));
}

const EXTATTR = {
  attrs: [
    { type: 0, name: '爱好', text: { value: '旅游' } },
    { type: 1, name: '卡号', web: { url: 'https://work.weixin.qq.com', title: '企业微信' } },
  ],
};

describe('create_user', () => {
  it('carries every field of the member, in WeCom’s order, numbers and the mobile bare', async () => {
    const o = await givenOrg();
    const sales = await given.department(o.ctx, 'Sales');
    const support = await given.department(o.ctx, 'Support');
    const app = await o.listen();
    await o.heard(app);
    await given.member(o.ctx, {
      userId: 'zhangsan',
      name: '张三',
      departments: [
        { id: sales.id, order: 0, isLeader: true },
        { id: support.id, order: 0, isLeader: false },
      ],
      mainDepartmentId: support.id,
      position: '产品经理',
      mobile: '13800000000',
      gender: 1,
      email: 'zhangsan@gzdev.com',
      avatar: 'https://example.com/a.png',
      alias: 'san',
      telephone: '020-123456',
      address: '广州市',
      extattr: EXTATTR,
    });
    const [events] = await o.heard(app);
    expect(events).toEqual([
      o.xml(
        '<ChangeType>create_user</ChangeType><UserID><![CDATA[zhangsan]]></UserID><Name><![CDATA[张三]]></Name>' +
          `<Department><![CDATA[${sales.id},${support.id}]]></Department><MainDepartment>${support.id}</MainDepartment>` +
          '<IsLeaderInDept><![CDATA[1,0]]></IsLeaderInDept><Position><![CDATA[产品经理]]></Position>' +
          '<Mobile>13800000000</Mobile><Gender>1</Gender><Email><![CDATA[zhangsan@gzdev.com]]></Email>' +
          '<Status>4</Status><Avatar><![CDATA[https://example.com/a.png]]></Avatar><Alias><![CDATA[san]]></Alias>' +
          '<Telephone><![CDATA[020-123456]]></Telephone><Address><![CDATA[广州市]]></Address>' +
          '<ExtAttr><Item><Name><![CDATA[爱好]]></Name><Type>0</Type><Text><Value><![CDATA[旅游]]></Value></Text></Item>' +
          '<Item><Name><![CDATA[卡号]]></Name><Type>1</Type><Web><Title><![CDATA[企业微信]]></Title>' +
          '<Url><![CDATA[https://work.weixin.qq.com]]></Url></Web></Item></ExtAttr>',
      ),
    ]);
  });
});

describe('update_user', () => {
  async function givenMember() {
    const o = await givenOrg();
    const sales = await given.department(o.ctx, 'Sales');
    const support = await given.department(o.ctx, 'Support');
    const member = await given.member(o.ctx, {
      userId: 'lisi',
      mobile: '13800000001',
      departments: [{ id: sales.id, order: 0, isLeader: false }],
    });
    const app = await o.listen();
    await o.heard(app);
    return { ...o, sales, support, member, app };
  }

  it('carries only the fields that changed', async () => {
    const o = await givenMember();
    await updateMember(o.ctx, 'lisi', { position: '顾问', alias: 'si' });
    expectHeard(await o.heard(o.app), [
      [
        o.xml(
          '<ChangeType>update_user</ChangeType><UserID><![CDATA[lisi]]></UserID>' +
            '<Position><![CDATA[顾问]]></Position><Alias><![CDATA[si]]></Alias>',
        ),
      ],
    ]);
  });

  it('carries a new mobile bare, and an emptied email as an empty element', async () => {
    const o = await givenMember();
    await updateMember(o.ctx, 'lisi', { mobile: '13900000002', email: null });
    expectHeard(await o.heard(o.app), [
      [
        o.xml(
          '<ChangeType>update_user</ChangeType><UserID><![CDATA[lisi]]></UserID>' +
            '<Mobile>13900000002</Mobile><Email><![CDATA[]]></Email>',
        ),
      ],
    ]);
  });

  it('carries a department change with MainDepartment and IsLeaderInDept', async () => {
    const o = await givenMember();
    await updateMember(o.ctx, 'lisi', {
      departments: [
        { id: o.sales.id, order: 0, isLeader: false },
        { id: o.support.id, order: 0, isLeader: true },
      ],
      mainDepartmentId: o.support.id,
    });
    expectHeard(await o.heard(o.app), [
      [
        o.xml(
          '<ChangeType>update_user</ChangeType><UserID><![CDATA[lisi]]></UserID>' +
            `<Department><![CDATA[${o.sales.id},${o.support.id}]]></Department>` +
            `<MainDepartment>${o.support.id}</MainDepartment><IsLeaderInDept><![CDATA[0,1]]></IsLeaderInDept>`,
        ),
      ],
    ]);
  });

  it('names the old userid in UserID and the new one in NewUserID', async () => {
    const o = await givenMember();
    await updateMember(o.ctx, 'lisi', { newUserId: 'lisi2', name: '李四' });
    expectHeard(await o.heard(o.app), [
      [
        o.xml(
          '<ChangeType>update_user</ChangeType><UserID><![CDATA[lisi]]></UserID>' +
            '<NewUserID><![CDATA[lisi2]]></NewUserID><Name><![CDATA[李四]]></Name>',
        ),
      ],
    ]);
  });

  it('tells a disabled member as Status 2, and says nothing when nothing an app sees changed', async () => {
    const o = await givenMember();
    await setMemberEnabled(o.ctx, 'lisi', false);
    await updateMember(o.ctx, 'lisi', { position: o.member.position });
    expectHeard(await o.heard(o.app), [
      [o.xml('<ChangeType>update_user</ChangeType><UserID><![CDATA[lisi]]></UserID><Status>2</Status>')],
    ]);
  });
});

describe('what an app may see', () => {
  it('tells an app only of members in its visible scope, and of their departments only those in it', async () => {
    const o = await givenOrg();
    const sales = await given.department(o.ctx, 'Sales');
    const support = await given.department(o.ctx, 'Support');
    const whole = await o.listen();
    const salesApp = await o.listen({ memberIds: [], departmentIds: [sales.id], tagIds: [] });
    await o.heard(whole, salesApp);
    await given.member(o.ctx, {
      userId: 'seller',
      name: 'S',
      departments: [
        { id: support.id, order: 0, isLeader: true },
        { id: sales.id, order: 0, isLeader: false },
      ],
      mainDepartmentId: support.id,
    });
    await given.member(o.ctx, { userId: 'helper', departments: [{ id: support.id, order: 0, isLeader: false }] });
    const [toWhole, toSales] = await o.heard(whole, salesApp);
    expect(toWhole?.map((x) => /<UserID><!\[CDATA\[(\w+)/.exec(x)?.[1]).sort()).toEqual(['helper', 'seller']);
    expect(toSales).toHaveLength(1);
    expect(toSales?.[0]).toContain(
      `<UserID><![CDATA[seller]]></UserID><Name><![CDATA[S]]></Name><Department><![CDATA[${sales.id}]]></Department>` +
        '<IsLeaderInDept><![CDATA[0]]></IsLeaderInDept><Position>',
    );

    await updateMember(o.ctx, 'helper', { position: 'x' });
    await deleteMembers(o.ctx, ['seller', 'helper']);
    const [later, laterSales] = await o.heard(whole, salesApp);
    expect(later).toHaveLength(3);
    expect(laterSales).toEqual([o.xml('<ChangeType>delete_user</ChangeType><UserID><![CDATA[seller]]></UserID>')]);
  });

  it('tells an app whose scope names a tag of the tag’s members, also when they are deleted', async () => {
    const o = await givenOrg();
    const tag = await createTag(o.ctx, { name: 'VIP' });
    const tagged = await given.member(o.ctx, { userId: 'tagged' });
    await given.member(o.ctx, { userId: 'plain' });
    await addToTag(o.ctx, tag.id, { userIds: ['tagged'], departmentIds: [] });
    const tagApp = await o.listen({ memberIds: [], departmentIds: [], tagIds: [tag.id] });
    await o.heard(tagApp);
    await updateMember(o.ctx, 'tagged', { position: 'a' });
    await updateMember(o.ctx, 'plain', { position: 'a' });
    await deleteMembers(o.ctx, [tagged.userId, 'plain']);
    expectHeard(await o.heard(tagApp), [
      [
        o.xml(
          '<ChangeType>update_user</ChangeType><UserID><![CDATA[tagged]]></UserID><Position><![CDATA[a]]></Position>',
        ),
        o.xml('<ChangeType>delete_user</ChangeType><UserID><![CDATA[tagged]]></UserID>'),
      ],
    ]);
  });

  it("tells no app of another org's changes", async () => {
    const o = await givenOrg();
    const app = await o.listen();
    await o.heard(app);
    const other = await given.org(store.db);
    await given.member(other.ctx, { userId: 'stranger' });
    await given.department(other.ctx, 'Elsewhere');
    expectHeard(await o.heard(app), [[]]);
  });
});

describe('party events', () => {
  it('create_party, update_party with only what changed, delete_party, as WeCom writes them', async () => {
    const o = await givenOrg();
    const app = await o.listen();
    await o.heard(app);
    const ops = await given.department(o.ctx, 'Ops');
    const other = await given.department(o.ctx, 'Other');
    await updateDepartment(o.ctx, { id: ops.id, name: 'Operations' });
    await updateDepartment(o.ctx, { id: ops.id, parentId: other.id });
    await updateDepartment(o.ctx, { id: ops.id, order: 7 });
    await deleteDepartment(o.ctx, ops.id);
    expectHeard(await o.heard(app), [
      [
        o.xml(
          `<ChangeType>create_party</ChangeType><Id>${ops.id}</Id><Name><![CDATA[Ops]]></Name>` +
            '<ParentId><![CDATA[1]]></ParentId><Order>0</Order>',
        ),
        o.xml(
          `<ChangeType>create_party</ChangeType><Id>${other.id}</Id><Name><![CDATA[Other]]></Name>` +
            '<ParentId><![CDATA[1]]></ParentId><Order>0</Order>',
        ),
        o.xml(`<ChangeType>update_party</ChangeType><Id>${ops.id}</Id><Name><![CDATA[Operations]]></Name>`),
        o.xml(`<ChangeType>update_party</ChangeType><Id>${ops.id}</Id><ParentId><![CDATA[${other.id}]]></ParentId>`),
        o.xml(`<ChangeType>delete_party</ChangeType><Id>${ops.id}</Id>`),
      ],
    ]);
  });

  it('tells an app only of departments in its visible scope', async () => {
    const o = await givenOrg();
    const sales = await given.department(o.ctx, 'Sales');
    const salesApp = await o.listen({ memberIds: [], departmentIds: [sales.id], tagIds: [] });
    await o.heard(salesApp);
    const east = await given.department(o.ctx, 'East', sales.id);
    await given.department(o.ctx, 'Elsewhere');
    await deleteDepartment(o.ctx, east.id);
    expectHeard(await o.heard(salesApp), [
      [
        o.xml(
          `<ChangeType>create_party</ChangeType><Id>${east.id}</Id><Name><![CDATA[East]]></Name>` +
            `<ParentId><![CDATA[${sales.id}]]></ParentId><Order>0</Order>`,
        ),
        o.xml(`<ChangeType>delete_party</ChangeType><Id>${east.id}</Id>`),
      ],
    ]);
  });
});

describe('update_tag', () => {
  it('lists the members and departments added or removed, not the unknown ones', async () => {
    const o = await givenOrg();
    const sales = await given.department(o.ctx, 'Sales');
    await given.member(o.ctx, { userId: 'wangwu' });
    const tag = await createTag(o.ctx, { name: 'VIP' });
    const app = await o.listen();
    await o.heard(app);
    await addToTag(o.ctx, tag.id, { userIds: ['wangwu', 'nobody'], departmentIds: [sales.id, 9999] });
    await removeFromTag(o.ctx, tag.id, { userIds: ['wangwu'], departmentIds: [] });
    expectHeard(await o.heard(app), [
      [
        o.xml(
          `<ChangeType><![CDATA[update_tag]]></ChangeType><TagId>${tag.id}</TagId>` +
            `<AddUserItems><![CDATA[wangwu]]></AddUserItems><AddPartyItems><![CDATA[${sales.id}]]></AddPartyItems>`,
        ),
        o.xml(
          `<ChangeType><![CDATA[update_tag]]></ChangeType><TagId>${tag.id}</TagId>` +
            '<DelUserItems><![CDATA[wangwu]]></DelUserItems><DelPartyItems><![CDATA[]]></DelPartyItems>',
        ),
      ],
    ]);
  });
});
