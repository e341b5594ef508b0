import { CheckOutlined, CopyOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n/i18n-context';
import { copyText } from './copy-text';

/** A button that copies `text` and says so for a moment. */
export function CopyButton({ text, testId }: { text: string; testId?: string }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const timer = window.setTimeout(() => setCopied(false), 2000);
    return () => window.clearTimeout(timer);
  }, [copied]);
  return (
    <Button
      icon={copied ? <CheckOutlined /> : <CopyOutlined />}
      onClick={() => void copyText(text).then(setCopied)}
      data-testid={testId}
    >
      {copied ? t('common.copied') : t('common.copy')}
    </Button>
  );
}
