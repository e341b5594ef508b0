import { MailOutlined, MessageOutlined } from '@ant-design/icons';
import { Card, Empty, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useI18n } from '../../i18n/i18n-context';
import { formatTime } from '../ui/format-time';
import { useDevOutbox, type DevOutboxItem } from './joining.queries';

const REFRESH_MS = 3_000;

/** The verification code in a sent text: its first run of 4 to 8 digits. */
export function codeOf(item: Pick<DevOutboxItem, 'subject' | 'body'>): string | null {
  return /\b(\d{4,8})\b/.exec(item.body)?.[1] ?? /\b(\d{4,8})\b/.exec(item.subject)?.[1] ?? null;
}

/** What the development sender "sent" when no SMTP or SMS provider is configured; refreshes every 3 s. */
export function DevOutboxCard() {
  const { t, locale } = useI18n();
  const outbox = useDevOutbox(REFRESH_MS);
  const items = [...(outbox.data?.items ?? [])].sort((a, b) => b.createdAt - a.createdAt || b.id - a.id);

  const columns: TableColumnsType<DevOutboxItem> = [
    {
      title: t('joining.code'),
      key: 'code',
      width: 150,
      render: (_value, item) => {
        const code = codeOf(item);
        return code ? (
          <Typography.Text
            copyable={{ text: code }}
            strong
            style={{ fontSize: 22, fontFamily: 'monospace', letterSpacing: 2 }}
            data-testid={`dev-outbox-code-${item.id}`}
          >
            {code}
          </Typography.Text>
        ) : (
          '—'
        );
      },
    },
    {
      title: t('joining.recipient'),
      key: 'recipient',
      render: (_value, item) => (
        <Tag icon={item.channel === 'sms' ? <MessageOutlined /> : <MailOutlined />}>
          {t(item.channel === 'sms' ? 'joining.channel.sms' : 'joining.channel.email')} · {item.recipient}
        </Tag>
      ),
    },
    {
      title: t('joining.message'),
      key: 'message',
      ellipsis: true,
      responsive: ['md'],
      render: (_value, item) => (
        <Typography.Text type="secondary" ellipsis={{ tooltip: item.body }} style={{ maxWidth: 360 }}>
          {item.subject ? `${item.subject} — ${item.body}` : item.body}
        </Typography.Text>
      ),
    },
    { title: t('common.time'), dataIndex: 'createdAt', width: 180, render: (ms: number) => formatTime(ms, locale) },
  ];

  return (
    <Card
      size="small"
      title={t('joining.outbox')}
      extra={<Typography.Text type="secondary">{t('joining.outboxHint')}</Typography.Text>}
    >
      <div data-testid="dev-outbox">
        <Table<DevOutboxItem>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={items}
          loading={outbox.isPending}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: 'max-content' }}
          locale={{
            emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('joining.outboxEmpty')} />,
          }}
        />
      </div>
    </Card>
  );
}
