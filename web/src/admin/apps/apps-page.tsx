import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Popconfirm, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../i18n/i18n-context';
import { SecretModal } from '../ui/secret-modal';
import { AppCreateDialog } from './app-create-dialog';
import { AppDetailDrawer } from './app-detail-drawer';
import { useApps, useRotateAppSecret, type AdminApp } from './apps.queries';

export function AppsPage() {
  const { t } = useI18n();
  const apps = useApps();
  const rotate = useRotateAppSecret();
  const [creating, setCreating] = useState(false);
  const [openAgentId, setOpenAgentId] = useState<number | null>(null);
  const [secret, setSecret] = useState<{ title: string; value: string } | null>(null);

  return (
    <Card
      size="small"
      title={t('nav.apps')}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="app-create">
          {t('apps.create')}
        </Button>
      }
    >
      <div data-testid="apps-table">
        <Table<AdminApp>
          rowKey="agentId"
          loading={apps.isPending}
          dataSource={apps.data ?? []}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('apps.emptyHint')} /> }}
          columns={[
            { title: 'AgentId', dataIndex: 'agentId', width: 120 },
            { title: t('apps.name'), dataIndex: 'name' },
            { title: t('apps.description'), dataIndex: 'description', ellipsis: true, responsive: ['md'] },
            {
              title: t('apps.directoryAccess'),
              dataIndex: 'canWriteDirectory',
              render: (can: boolean) =>
                can ? <Tag color="orange">{t('apps.readWrite')}</Tag> : <Tag>{t('apps.readOnly')}</Tag>,
            },
            {
              title: t('member.status'),
              dataIndex: 'isEnabled',
              render: (enabled: boolean) =>
                enabled ? <Tag color="green">{t('apps.enabled')}</Tag> : <Tag>{t('apps.disabled')}</Tag>,
            },
            {
              title: t('common.actions'),
              key: 'actions',
              render: (_value, app) => (
                <Space size={0}>
                  <Button
                    type="link"
                    size="small"
                    onClick={() => setOpenAgentId(app.agentId)}
                    data-testid={`app-detail-${app.agentId}`}
                  >
                    {t('apps.details')}
                  </Button>
                  <Popconfirm
                    title={t('apps.rotateConfirm')}
                    description={t('apps.rotateHint')}
                    onConfirm={() =>
                      rotate
                        .mutateAsync(app.agentId)
                        .then(({ secret: value }) =>
                          setSecret({ title: t('apps.newSecretOf', { name: app.name }), value }),
                        )
                        .catch(() => undefined)
                    }
                  >
                    <Button type="link" size="small" data-testid={`app-rotate-${app.agentId}`}>
                      {t('apps.rotateSecret')}
                    </Button>
                  </Popconfirm>
                </Space>
              ),
            },
          ]}
        />
      </div>
      {creating && (
        <AppCreateDialog
          onClose={() => setCreating(false)}
          onCreated={(value) => {
            setCreating(false);
            setSecret({ title: t('apps.createdSecret'), value });
          }}
        />
      )}
      {openAgentId !== null && <AppDetailDrawer agentId={openAgentId} onClose={() => setOpenAgentId(null)} />}
      <SecretModal title={secret?.title ?? ''} secret={secret?.value ?? null} onClose={() => setSecret(null)} />
    </Card>
  );
}
