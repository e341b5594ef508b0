import { ReloadOutlined } from '@ant-design/icons';
import { Button, Empty, Flex, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../i18n/i18n-context';
import { formatTime } from '../ui/format-time';
import { useAppMessages, type AppMessage } from './apps.queries';
import { MessageReceiptsDrawer } from './message-receipts-drawer';

/** One line about a message: its text, its markdown, or its card's title. */
function summaryOf(message: AppMessage): string {
  const payload = message.payload ?? {};
  const text = typeof payload.content === 'string' ? payload.content : payload.title;
  return typeof text === 'string' ? text : message.msgType;
}

/** The app's recent messages with how many of their recipients read them; a count opens who read it. */
export function AppMessagesList({ agentId }: { agentId: number }) {
  const { t, locale } = useI18n();
  const messages = useAppMessages(agentId);
  const [receiptsOf, setReceiptsOf] = useState<string | null>(null);

  const columns: TableColumnsType<AppMessage> = [
    {
      title: t('messages.content'),
      key: 'summary',
      ellipsis: true,
      render: (_value, message) => (
        <Space size={4} style={{ maxWidth: 260 }}>
          <Tag>{message.msgType}</Tag>
          {message.isConfidential && <Tag color="orange">{t('messages.confidentialTag')}</Tag>}
          {message.recalled && <Tag>{t('messages.recalled')}</Tag>}
          <Typography.Text ellipsis delete={message.recalled}>
            {summaryOf(message)}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: t('messages.readColumn'),
      key: 'read',
      width: 130,
      render: (_value, message) => (
        <Typography.Link data-testid={`message-read-${message.msgId}`} onClick={() => setReceiptsOf(message.msgId)}>
          {t('messages.read', { read: message.readCount, total: message.recipientCount })}
        </Typography.Link>
      ),
    },
    {
      title: t('common.time'),
      dataIndex: 'createdAt',
      width: 170,
      render: (ms: number) => formatTime(ms, locale),
    },
  ];

  return (
    <Flex vertical gap="small">
      <Flex justify="space-between" align="center">
        <Typography.Text strong>{t('messages.recent')}</Typography.Text>
        <Button
          size="small"
          icon={<ReloadOutlined />}
          onClick={() => void messages.refetch()}
          aria-label={t('common.refresh')}
          data-testid="messages-refresh"
        />
      </Flex>
      <div data-testid="messages-list">
        <Table<AppMessage>
          rowKey="msgId"
          size="small"
          columns={columns}
          dataSource={messages.data?.items ?? []}
          loading={messages.isPending}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          scroll={{ x: 'max-content' }}
          locale={{
            emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('messages.noMessages')} />,
          }}
        />
      </div>
      <MessageReceiptsDrawer agentId={agentId} msgId={receiptsOf} onClose={() => setReceiptsOf(null)} />
    </Flex>
  );
}
