import { Alert, Card, Col, Empty, Progress, Row, Statistic, Table } from 'antd';
import { useI18n } from '../../i18n/i18n-context';
import type { Translate } from '../../i18n/i18n-context';
import type { MessageKey } from '../../i18n/zh';
import { describeErrorCode, describeField } from '../../shared/describe-error';
import type { ImportJob, ImportSummary, MemberImportFailure } from './import.queries';

const summaryFields: { key: keyof ImportSummary; label: MessageKey; color?: string }[] = [
  { key: 'created', label: 'import.created', color: '#389e0d' },
  { key: 'updated', label: 'import.updated', color: '#1677ff' },
  { key: 'unchanged', label: 'import.unchanged' },
  { key: 'deleted', label: 'import.deleted', color: '#d46b08' },
  { key: 'failed', label: 'import.failed', color: '#cf1322' },
];

/** Progress while the job runs, then the summary and the per-row report. */
export function ImportResult({ job }: { job: ImportJob }) {
  const { t } = useI18n();
  const failed = job.status === 'failed' || job.error !== null;
  const percent = Math.round(job.status === 'done' ? 100 : job.percentage);
  const progressStatus = failed ? 'exception' : job.status === 'done' ? 'success' : 'active';

  return (
    <Card size="small" title={t('import.jobTitle')} style={{ marginTop: 16 }}>
      <Progress
        percent={percent}
        status={progressStatus}
        data-testid="import-progress"
        format={(value) => `${value ?? 0}% (${job.processed}/${job.total})`}
      />
      {failed && (
        <Alert
          type="error"
          showIcon
          title={(job.error && describeErrorCode(job.error.code, {}, t)) ?? t('import.jobFailed')}
          style={{ marginTop: 12 }}
          data-testid="import-error"
        />
      )}
      {job.summary && (
        <Row gutter={[16, 16]} style={{ marginTop: 16 }} data-testid="import-summary">
          {summaryFields.map(({ key, label, color }) => (
            <Col key={key} xs={12} sm={8} md={4}>
              <Statistic
                title={t(label)}
                value={job.summary?.[key] ?? 0}
                styles={{ content: color ? { color } : undefined }}
                data-testid={`import-summary-${key}`}
              />
            </Col>
          ))}
        </Row>
      )}
      {job.status === 'done' && !failed && (
        <div data-testid="import-report" style={{ marginTop: 16 }}>
          <Table<MemberImportFailure>
            size="small"
            rowKey={(r) => `${r.row}:${r.field}:${r.code}`}
            dataSource={job.report.filter(isMemberRow)}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('import.noProblems')} /> }}
            columns={[
              { title: t('import.row'), dataIndex: 'row', width: 80 },
              { title: t('member.userId'), dataIndex: 'userId' },
              {
                title: t('import.field'),
                dataIndex: 'field',
                render: (field?: string) => (field ? describeField(field, t) : ''),
              },
              { title: t('import.message'), key: 'message', render: (_value, r) => describeRow(r, t) },
            ]}
          />
        </div>
      )}
    </Card>
  );
}

/** The console imports members; a department tree replacement's rows (by party id) are not its to show. */
const isMemberRow = (row: ImportJob['report'][number]): row is MemberImportFailure => 'row' in row;

/** A failed row in words: its code translated, naming its field; the server's English only in the console. */
function describeRow(row: MemberImportFailure, t: Translate): string {
  const text = describeErrorCode(row.code, row.field ? { field: row.field } : {}, t);
  if (text !== undefined) return text;
  console.warn(`untranslated import row error ${row.code}: ${row.message}`);
  return t('error.status.invalid');
}
