import { DownloadOutlined, FileTextOutlined, InboxOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Radio, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../i18n/i18n-context';
import { ImportResult } from './import-result';
import { downloadTemplate } from './import-template';
import { isFinished, useImportJob, useStartImport, type ImportMode } from './import.queries';

const EXPORT_URL = '/api/admin/export/members.csv';

export function ImportPage() {
  const { t } = useI18n();
  const [mode, setMode] = useState<ImportMode>('sync');
  const [jobId, setJobId] = useState<string | null>(null);
  const start = useStartImport();
  const job = useImportJob(jobId);
  const running = start.isPending || (jobId !== null && !isFinished(job.data?.status));

  const upload = (file: File) => {
    setJobId(null);
    start.mutate({ mode, file }, { onSuccess: ({ jobId: id }) => setJobId(id) });
  };

  return (
    <Flex vertical gap={16}>
      <Card
        size="small"
        title={t('import.title')}
        extra={
          <Button icon={<DownloadOutlined />} href={EXPORT_URL} download data-testid="export-members">
            {t('import.export')}
          </Button>
        }
      >
        <Flex vertical gap={16}>
          <Flex vertical gap={8}>
            <Typography.Text strong>{t('import.mode')}</Typography.Text>
            <Radio.Group value={mode} onChange={(e) => setMode(e.target.value as ImportMode)} disabled={running}>
              <Flex vertical gap={4}>
                <Radio value="sync" data-testid="import-mode-sync">
                  {t('import.modeSync')}
                </Radio>
                <Radio value="replace" data-testid="import-mode-replace">
                  {t('import.modeReplace')}
                </Radio>
              </Flex>
            </Radio.Group>
            {mode === 'replace' && <Alert type="warning" showIcon title={t('import.replaceWarning')} />}
          </Flex>
          <div data-testid="import-upload">
            <Upload.Dragger
              name="file"
              accept=".csv,text/csv"
              multiple={false}
              showUploadList={false}
              disabled={running}
              beforeUpload={(file) => {
                upload(file);
                return Upload.LIST_IGNORE;
              }}
            >
              <p className="ant-upload-drag-icon">
                <InboxOutlined />
              </p>
              <p className="ant-upload-text">{t('import.dropHint')}</p>
              <p className="ant-upload-hint">{t('import.formatHint')}</p>
            </Upload.Dragger>
          </div>
          <Typography.Link onClick={downloadTemplate} data-testid="import-template">
            <FileTextOutlined /> {t('import.downloadTemplate')}
          </Typography.Link>
        </Flex>
      </Card>
      {job.data && <ImportResult job={job.data} />}
    </Flex>
  );
}
