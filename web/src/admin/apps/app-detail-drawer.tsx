import { Alert, Descriptions, Drawer, Empty, Flex, Spin, Switch, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../i18n/i18n-context';
import { describeError } from '../../shared/describe-error';
import { AppCallbackTab } from './app-callback-tab';
import { AppMessagesTab } from './app-messages-tab';
import { AppScopeForm } from './app-scope-form';
import { AppSettingsForm } from './app-settings-form';
import { useAppDetails, useSetAppEnabled, type AppDetails } from './apps.queries';

interface AppDetailDrawerProps {
  agentId: number;
  onClose: () => void;
}

/**
 * One app: settings, visible scope, its menu (read-only; apps set menus through the open API), where its
 * events go (callback), and messages sent as it.
 */
export function AppDetailDrawer({ agentId, onClose }: AppDetailDrawerProps) {
  const { t } = useI18n();
  const details = useAppDetails(agentId);
  const app = details.data;
  const [tab, setTab] = useState('settings');

  return (
    <Drawer
      open
      title={app ? app.name : agentId}
      size={560}
      onClose={onClose}
      destroyOnHidden
      extra={app && <EnabledSwitch app={app} />}
    >
      {details.isPending && <Spin />}
      {details.isError && <Alert type="error" showIcon title={describeError(details.error, t)} />}
      {app && (
        <Flex vertical gap="middle" data-testid="app-detail-drawer">
          <Descriptions size="small" column={1}>
            <Descriptions.Item label="AgentId">{app.agentId}</Descriptions.Item>
          </Descriptions>
          <Tabs
            activeKey={tab}
            onChange={setTab}
            items={[
              { key: 'settings', label: t('apps.settings'), children: <AppSettingsForm app={app} /> },
              { key: 'scope', label: t('apps.scope'), children: <AppScopeForm app={app} /> },
              { key: 'menu', label: t('apps.menu'), children: <MenuView app={app} /> },
              {
                key: 'callback',
                label: <span data-testid="app-tab-callback">{t('apps.callback')}</span>,
                children: <AppCallbackTab agentId={app.agentId} active={tab === 'callback'} />,
              },
              {
                key: 'messages',
                label: <span data-testid="app-tab-messages">{t('apps.messages')}</span>,
                children: <AppMessagesTab agentId={app.agentId} />,
              },
            ]}
          />
        </Flex>
      )}
    </Drawer>
  );
}

function EnabledSwitch({ app }: { app: AppDetails }) {
  const { t } = useI18n();
  const setEnabled = useSetAppEnabled(app.agentId);
  return (
    <Switch
      checked={app.isEnabled}
      loading={setEnabled.isPending}
      onChange={(enabled) => setEnabled.mutate(enabled)}
      checkedChildren={t('apps.enabled')}
      unCheckedChildren={t('apps.disabled')}
      data-testid={`app-toggle-${app.agentId}`}
    />
  );
}

function MenuView({ app }: { app: AppDetails }) {
  const { t } = useI18n();
  if (!app.menu) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('apps.noMenu')} />;
  return (
    <Flex vertical gap="small">
      <Typography.Text type="secondary">{t('apps.menuHint')}</Typography.Text>
      <pre data-testid="app-menu-json" style={{ margin: 0, overflow: 'auto', maxHeight: 400 }}>
        {JSON.stringify(app.menu, null, 2)}
      </pre>
    </Flex>
  );
}
