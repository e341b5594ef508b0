import { TabBar } from 'antd-mobile';
import { AppOutline, MessageOutline, TeamOutline, UserOutline } from 'antd-mobile-icons';
import { useMemo } from 'react';
import { useI18n } from '../../i18n/i18n-context';
import type { MemberSession } from '../auth';
import {
  ChatsPage,
  ConversationPage,
  GroupSettingsPage,
  NewGroupPage,
  summarizeConversations,
  totalUnread,
  useMutedSet,
} from '../chats';
import { ContactsPage, DepartmentPage, ProfilePage } from '../contacts';
import { DevicesPage, MePage } from '../me';
import { useMessageNotifications } from '../pwa/notifications';
import { useLocationReports } from '../me/location-sharing';
import { useInbox } from '../sync';
import { PageBoundary } from '../ui/page-boundary';
import { AppFramePage, WorkPage } from '../work';
import { homeTabOf, navigate, tabOf, useMemberRoute, type MemberRoute, type TabName } from './member-route';

/** The signed-in client: one page at a time from the hash, with the tab bar on the four tab pages. */
export function MemberShell({ session }: { session: MemberSession }) {
  const { t } = useI18n();
  const route = useMemberRoute();
  const inbox = useInbox();
  const muted = useMutedSet();
  const me = session.member.userId;
  const unread = useMemo(
    () => totalUnread(summarizeConversations(inbox.entries, me), muted),
    [inbox.entries, me, muted],
  );
  useMessageNotifications(me, muted);
  useLocationReports();
  const tab = tabOf(route);

  const tabs: { key: TabName; title: string; icon: React.ReactNode; badge?: number }[] = [
    { key: 'chats', title: t('m.tab.chats'), icon: <MessageOutline />, badge: unread },
    { key: 'contacts', title: t('m.tab.contacts'), icon: <TeamOutline /> },
    { key: 'work', title: t('m.tab.work'), icon: <AppOutline /> },
    { key: 'me', title: t('m.tab.me'), icon: <UserOutline /> },
  ];

  return (
    <div className="m-shell">
      <div className="m-page">
        <PageBoundary key={JSON.stringify(route)} fallbackRoute={{ name: homeTabOf(route) }}>
          {renderPage(route, session)}
        </PageBoundary>
      </div>
      {tab && (
        <TabBar activeKey={tab} onChange={(key) => navigate({ name: key as TabName })} className="m-tabbar" safeArea>
          {tabs.map((item) => (
            <TabBar.Item
              key={item.key}
              icon={item.icon}
              badge={item.badge ? (item.badge > 99 ? '99+' : item.badge) : undefined}
              title={<span data-testid={`tab-${item.key}`}>{item.title}</span>}
            />
          ))}
        </TabBar>
      )}
    </div>
  );
}

function renderPage(route: MemberRoute, session: MemberSession) {
  switch (route.name) {
    case 'chats':
      return <ChatsPage session={session} />;
    case 'chat':
      return (
        <ConversationPage
          key={route.conversation}
          conversation={route.conversation}
          focusSeq={route.seq}
          session={session}
        />
      );
    case 'group':
      return <GroupSettingsPage key={route.id} groupId={route.id} session={session} />;
    case 'new-group':
      return <NewGroupPage />;
    case 'contacts':
      return <ContactsPage />;
    case 'department':
      return <DepartmentPage key={route.id} departmentId={route.id} />;
    case 'member':
      return <ProfilePage key={route.userId} userId={route.userId} session={session} />;
    case 'work':
      return <WorkPage />;
    case 'app':
      return <AppFramePage key={route.agentId} agentId={route.agentId} />;
    case 'me':
      return <MePage session={session} />;
    case 'devices':
      return <DevicesPage />;
  }
}
