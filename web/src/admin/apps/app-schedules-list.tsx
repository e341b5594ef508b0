import { Button, Empty, Flex, Modal, Popconfirm, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useI18n, type Translate } from '../../i18n/i18n-context';
import { formatTime } from '../ui/format-time';
import { SendAtPicker } from './app-message-options';
import {
  useCancelSchedule,
  useEditScheduleTime,
  useSchedules,
  type MessageSchedule,
  type ScheduleStatus,
} from './schedules.queries';

const statusColor: Record<ScheduleStatus, string> = {
  scheduled: 'blue',
  sent: 'green',
  cancelled: 'default',
  failed: 'red',
};

/** Who a scheduled message goes to, in one line. */
function audienceSummary(schedule: MessageSchedule, t: Translate): string {
  const a = schedule.audience;
  const who = a.all
    ? t('messages.all')
    : t('messages.audienceLists', {
        users: a.userIds?.length ?? 0,
        departments: a.departmentIds?.length ?? 0,
        tags: a.tagIds?.length ?? 0,
      });
  return a.near ? `${who} · ${t('messages.nearSummary', { radius: a.near.radiusMeters })}` : who;
}

function summaryOf(schedule: MessageSchedule): string {
  const payload = schedule.payload ?? {};
  const text = typeof payload.content === 'string' ? payload.content : payload.title;
  return typeof text === 'string' ? text : schedule.msgType;
}

/** The app's scheduled sends (定时): pending ones can be moved to another time or cancelled. */
export function AppSchedulesList({ agentId }: { agentId: number }) {
  const { t, locale } = useI18n();
  const schedules = useSchedules(agentId);
  const cancel = useCancelSchedule(agentId);
  const edit = useEditScheduleTime(agentId);
  const [editing, setEditing] = useState<MessageSchedule | null>(null);
  const [newTime, setNewTime] = useState<Dayjs | null>(null);

  const saveTime = () => {
    if (!editing || !newTime) return;
    edit.mutate({ id: editing.scheduleId, sendAt: newTime.valueOf() }, { onSuccess: () => setEditing(null) });
  };

  const columns: TableColumnsType<MessageSchedule> = [
    {
      title: t('messages.content'),
      key: 'summary',
      ellipsis: true,
      render: (_value, s) => (
        <Space size={4} style={{ maxWidth: 220 }}>
          <Tag color={statusColor[s.status]} data-testid={`schedule-status-${s.scheduleId}`}>
            {t(`messages.status.${s.status}`)}
          </Tag>
          <Typography.Text ellipsis title={s.error ?? undefined}>
            {summaryOf(s)}
          </Typography.Text>
        </Space>
      ),
    },
    { title: t('messages.audience'), key: 'audience', render: (_value, s) => audienceSummary(s, t) },
    {
      title: t('messages.sendTime'),
      dataIndex: 'sendAt',
      width: 170,
      render: (ms: number) => formatTime(ms, locale),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 160,
      render: (_value, s) =>
        s.status === 'scheduled' && (
          <Space size={0}>
            <Button
              type="link"
              size="small"
              onClick={() => {
                setNewTime(null);
                setEditing(s);
              }}
              data-testid={`schedule-edit-${s.scheduleId}`}
            >
              {t('messages.editTime')}
            </Button>
            <Popconfirm title={t('messages.cancelScheduleConfirm')} onConfirm={() => cancel.mutateAsync(s.scheduleId)}>
              <Button type="link" size="small" danger data-testid={`schedule-cancel-${s.scheduleId}`}>
                {t('messages.cancelSchedule')}
              </Button>
            </Popconfirm>
          </Space>
        ),
    },
  ];

  return (
    <Flex vertical gap="small">
      <Typography.Text strong>{t('messages.schedules')}</Typography.Text>
      <div data-testid="schedules-list">
        <Table<MessageSchedule>
          rowKey="scheduleId"
          size="small"
          columns={columns}
          dataSource={schedules.data?.items ?? []}
          loading={schedules.isPending}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          scroll={{ x: 'max-content' }}
          locale={{
            emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('messages.noSchedules')} />,
          }}
        />
      </div>
      <Modal
        open={editing !== null}
        title={t('messages.editTime')}
        onCancel={() => setEditing(null)}
        onOk={saveTime}
        okButtonProps={{ disabled: !newTime, 'data-testid': 'schedule-edit-save' }}
        confirmLoading={edit.isPending}
        destroyOnHidden
      >
        <Flex vertical gap="small">
          {editing && <Typography.Text type="secondary">{formatTime(editing.sendAt, locale)}</Typography.Text>}
          <SendAtPicker value={newTime} onChange={setNewTime} testId="schedule-edit-time" />
        </Flex>
      </Modal>
    </Flex>
  );
}
