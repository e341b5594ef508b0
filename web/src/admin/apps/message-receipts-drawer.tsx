import { Drawer, Empty, Segmented, Table, Typography } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../i18n/i18n-context';
import { formatTime } from '../ui/format-time';
import { useMessageReceipts, type MessageReceipts } from './apps.queries';

const PAGE_SIZE = 20;

type Row = MessageReceipts['items'][number];

/** Who has read an app message and who has not, by name, a page at a time (unread first: who to chase). */
export function MessageReceiptsDrawer(props: { agentId: number; msgId: string | null; onClose: () => void }) {
  const { t, locale } = useI18n();
  const [state, setState] = useState<'read' | 'unread'>('unread');
  const [page, setPage] = useState(1);
  const receipts = useMessageReceipts(props.agentId, props.msgId, state, page, PAGE_SIZE);
  const data = receipts.data;
  const total = data ? (state === 'read' ? data.read : data.unread) : 0;

  return (
    <Drawer
      open={props.msgId !== null}
      onClose={() => {
        setState('unread');
        setPage(1);
        props.onClose();
      }}
      title={t('messages.receipts')}
      size="large"
      destroyOnHidden
    >
      <Segmented
        data-testid="receipts-state"
        value={state}
        onChange={(value) => {
          setState(value as 'read' | 'unread');
          setPage(1);
        }}
        options={[
          { value: 'unread', label: t('messages.receiptsUnread', { count: data?.unread ?? 0 }) },
          { value: 'read', label: t('messages.receiptsRead', { count: data?.read ?? 0 }) },
        ]}
        style={{ marginBottom: 12 }}
      />
      <div data-testid="receipts-list">
        <Table<Row>
          rowKey="userId"
          size="small"
          loading={receipts.isFetching}
          dataSource={data?.items ?? []}
          columns={[
            { title: t('messages.receiptName'), dataIndex: 'name' },
            {
              title: t('messages.receiptUserId'),
              dataIndex: 'userId',
              render: (id: string) => <Typography.Text type="secondary">{id}</Typography.Text>,
            },
            ...(state === 'read'
              ? [
                  {
                    title: t('messages.receiptReadAt'),
                    dataIndex: 'readAt',
                    render: (ms: number | null) => (ms === null ? '' : formatTime(ms, locale)),
                  },
                ]
              : []),
          ]}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total,
            hideOnSinglePage: true,
            showSizeChanger: false,
            onChange: setPage,
          }}
          locale={{
            emptyText: (
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description={t(state === 'read' ? 'messages.receiptsEmptyRead' : 'messages.receiptsEmptyUnread')}
              />
            ),
          }}
        />
      </div>
    </Drawer>
  );
}
