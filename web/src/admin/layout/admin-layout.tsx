import {
  ApartmentOutlined,
  AppstoreOutlined,
  LogoutOutlined,
  MenuOutlined,
  ScheduleOutlined,
  SafetyCertificateOutlined,
  SwapOutlined,
  TagsOutlined,
  UserAddOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { Button, Drawer, Flex, Grid, Layout, Menu, Space, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { useI18n } from '../../i18n/i18n-context';
import type { MessageKey } from '../../i18n/zh';
import { AdminsPage } from '../admins';
import { AppsPage } from '../apps';
import { useSignOut, type Session } from '../auth';
import { DirectoryPage } from '../directory';
import { ImportPage } from '../import';
import { JobsPage } from '../jobs';
import { JoiningPage } from '../joining';
import { TagsPage } from '../tags';
import { LanguageSwitch } from '../ui/language-switch';
import { testId } from '../ui/test-id';
import { routeKeys, useHashRoute, type RouteKey } from './use-hash-route';

const pages: Record<RouteKey, { label: MessageKey; icon: ReactNode; render: (session: Session) => ReactNode }> = {
  directory: { label: 'nav.directory', icon: <ApartmentOutlined />, render: () => <DirectoryPage /> },
  tags: { label: 'nav.tags', icon: <TagsOutlined />, render: () => <TagsPage /> },
  import: { label: 'nav.import', icon: <SwapOutlined />, render: () => <ImportPage /> },
  apps: { label: 'nav.apps', icon: <AppstoreOutlined />, render: () => <AppsPage /> },
  joining: {
    label: 'nav.joining',
    icon: <UserAddOutlined />,
    render: (session) => <JoiningPage corpId={session.org.corpId} />,
  },
  admins: { label: 'nav.admins', icon: <SafetyCertificateOutlined />, render: () => <AdminsPage /> },
  jobs: { label: 'nav.jobs', icon: <ScheduleOutlined />, render: () => <JobsPage /> },
};

function Brand({ compact }: { compact: boolean }) {
  return (
    <Flex align="center" gap={8} style={{ height: 56, padding: compact ? '0 28px' : '0 24px', overflow: 'hidden' }}>
      <img src="/favicon.svg" alt="" width={24} height={24} />
      {!compact && <Typography.Text strong>Enclave</Typography.Text>}
    </Flex>
  );
}

/** Sider menu on wide screens (collapsible to icons), a drawer behind a menu button on narrow ones. */
export function AdminLayout({ session }: { session: Session }) {
  const { t } = useI18n();
  const [route, navigate] = useHashRoute();
  const signOut = useSignOut();
  const screens = Grid.useBreakpoint();
  const isNarrow = screens.lg === false;
  const [collapsed, setCollapsed] = useState(false);
  const [drawerOpen, setDrawerOpen] = useState(false);

  const menu = (
    <Menu
      mode="inline"
      style={{ borderInlineEnd: 'none' }}
      selectedKeys={[route]}
      items={routeKeys.map((key) => ({
        key,
        icon: pages[key].icon,
        label: t(pages[key].label),
        ...testId(`nav-${key}`),
      }))}
      onClick={({ key }) => {
        navigate(key as RouteKey);
        setDrawerOpen(false);
      }}
    />
  );

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {!isNarrow && (
        <Layout.Sider
          collapsible
          collapsed={collapsed}
          onCollapse={setCollapsed}
          theme="light"
          style={{ borderRight: '1px solid #f0f0f0' }}
        >
          <Brand compact={collapsed} />
          {menu}
        </Layout.Sider>
      )}
      {isNarrow && (
        <Drawer
          open={drawerOpen}
          placement="left"
          size={220}
          onClose={() => setDrawerOpen(false)}
          closable={false}
          styles={{ body: { padding: 0 } }}
        >
          <Brand compact={false} />
          {menu}
        </Drawer>
      )}
      <Layout>
        <Layout.Header
          style={{ background: '#fff', padding: '0 16px', borderBottom: '1px solid #f0f0f0', lineHeight: 'normal' }}
        >
          <Flex align="center" justify="space-between" gap={12} style={{ height: '100%' }}>
            <Flex align="center" gap={8} style={{ minWidth: 0 }}>
              {isNarrow && (
                <Button
                  type="text"
                  icon={<MenuOutlined />}
                  aria-label="menu"
                  onClick={() => setDrawerOpen(true)}
                  data-testid="menu-toggle"
                />
              )}
              <Typography.Text strong ellipsis data-testid="org-name">
                {session.org.name}
              </Typography.Text>
            </Flex>
            <Space size="middle">
              <LanguageSwitch />
              {!isNarrow && (
                <Typography.Text data-testid="admin-name">
                  <UserOutlined /> {session.admin.name}
                </Typography.Text>
              )}
              <Button
                icon={<LogoutOutlined />}
                onClick={() => signOut.mutate()}
                loading={signOut.isPending}
                aria-label={t('auth.signOut')}
                data-testid="signout"
              >
                {isNarrow ? null : t('auth.signOut')}
              </Button>
            </Space>
          </Flex>
        </Layout.Header>
        <Layout.Content style={{ padding: isNarrow ? 12 : 24 }}>{pages[route].render(session)}</Layout.Content>
      </Layout>
    </Layout>
  );
}
