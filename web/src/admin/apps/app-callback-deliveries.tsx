import { ReloadOutlined } from '@ant-design/icons';
import { Button, Empty, Flex, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useI18n } from '../../i18n/i18n-context';
import type { MessageKey } from '../../i18n/zh';
import { formatTime } from '../ui/format-time';
import { useCallbackDeliveries, type CallbackDelivery, type DeliveryStatus } from './apps.queries';

const REFRESH_MS = 5_000;

const statusTag: Record<DeliveryStatus, { color: string; label: MessageKey }> = {
  pending: { color: 'gold', label: 'callback.status.pending' },
  delivered: { color: 'green', label: 'callback.status.delivered' },
  failed: { color: 'red', label: 'callback.status.failed' },
};

/** The app's newest callback deliveries; refreshes every 5 s while its tab shows. */
export function AppCallbackDeliveries({ agentId, active }: { agentId: number; active: boolean }) {
  const { t, locale } = useI18n();
  const deliveries = useCallbackDeliveries(agentId, active ? REFRESH_MS : false);

  const columns: TableColumnsType<CallbackDelivery> = [
    {
      title: t('member.status'),
      dataIndex: 'status',
      width: 90,
      render: (status: DeliveryStatus) => (
        <Tag color={statusTag[status].color} data-testid={`callback-delivery-status-${status}`}>
          {t(statusTag[status].label)}
        </Tag>
      ),
    },
    {
      title: t('callback.event'),
      dataIndex: 'eventType',
      render: (type: string, row) => (
        <Tooltip title={row.eventKey}>
          <Typography.Text code>{type}</Typography.Text>
        </Tooltip>
      ),
    },
    { title: t('callback.attempts'), dataIndex: 'attempts', width: 80, align: 'right' },
    {
      title: t('callback.lastError'),
      dataIndex: 'lastError',
      ellipsis: { showTitle: true },
      render: (error: string | null) => (error ? <Typography.Text type="danger">{error}</Typography.Text> : '—'),
    },
    {
      title: t('callback.createdAt'),
      dataIndex: 'createdAt',
      render: (ms: number) => formatTime(ms, locale),
    },
    {
      title: t('callback.deliveredAt'),
      key: 'when',
      render: (_value, row) =>
        row.status === 'delivered' ? (
          formatTime(row.deliveredAt, locale)
        ) : row.nextAttemptAt ? (
          <Typography.Text type="secondary">{formatTime(row.nextAttemptAt, locale)}</Typography.Text>
        ) : (
          '—'
        ),
    },
  ];

  return (
    <Flex vertical gap="small">
      <Flex justify="space-between" align="center">
        <Typography.Text strong>{t('callback.deliveries')}</Typography.Text>
        <Flex align="center" gap="small">
          <Typography.Text type="secondary">{t('callback.autoRefresh')}</Typography.Text>
          <Button
            size="small"
            icon={<ReloadOutlined />}
            onClick={() => void deliveries.refetch()}
            aria-label={t('common.refresh')}
            data-testid="callback-deliveries-refresh"
          />
        </Flex>
      </Flex>
      <div data-testid="callback-deliveries">
        <Table<CallbackDelivery>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={deliveries.data?.items ?? []}
          loading={deliveries.isPending}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          scroll={{ x: 'max-content' }}
          locale={{
            emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('callback.noDeliveries')} />,
          }}
        />
      </div>
    </Flex>
  );
}
