import { ReloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useI18n } from '../../i18n/i18n-context';
import { formatTime } from '../ui/format-time';
import { useFailedJobs, useRetryJob, type FailedJob } from './jobs.queries';

/** Failed background jobs (imports, scheduled sends) with their error, and a retry for each. */
export function JobsPage() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const jobs = useFailedJobs();
  const retry = useRetryJob();

  const columns: TableColumnsType<FailedJob> = [
    { title: t('jobs.type'), dataIndex: 'type', width: 160, render: (type: string) => <Tag>{type}</Tag> },
    {
      title: t('jobs.error'),
      dataIndex: 'error',
      ellipsis: true,
      render: (error: string | null) => <Typography.Text type="danger">{error ?? ''}</Typography.Text>,
    },
    {
      title: t('jobs.attempts'),
      key: 'attempts',
      width: 110,
      render: (_value, job) => `${job.attempts} / ${job.maxAttempts}`,
    },
    {
      title: t('common.time'),
      dataIndex: 'updatedAt',
      width: 180,
      render: (ms: number) => formatTime(ms, locale),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 100,
      render: (_value, job) => (
        <Button
          size="small"
          loading={retry.isPending && retry.variables === job.id}
          onClick={() => retry.mutate(job.id, { onSuccess: () => void message.success(t('jobs.retried')) })}
          data-testid={`job-retry-${job.id}`}
        >
          {t('common.retry')}
        </Button>
      ),
    },
  ];

  return (
    <Card
      title={t('jobs.failed')}
      extra={
        <Button
          icon={<ReloadOutlined />}
          onClick={() => void jobs.refetch()}
          aria-label={t('common.refresh')}
          data-testid="jobs-refresh"
        />
      }
    >
      <div data-testid="jobs-table">
        <Table<FailedJob>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={jobs.data?.items ?? []}
          loading={jobs.isPending}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('jobs.empty')} /> }}
        />
      </div>
    </Card>
  );
}
