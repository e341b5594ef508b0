import { Alert, Flex, Typography } from 'antd';
import { useI18n } from '../../i18n/i18n-context';

interface SecretValueProps {
  label: string;
  value: string;
  testId: string;
}

/** One copyable value (corpId, secret) in a monospace box. */
export function SecretValue({ label, value, testId }: SecretValueProps) {
  return (
    <Flex vertical gap={4}>
      <Typography.Text type="secondary">{label}</Typography.Text>
      <Typography.Text code copyable={{ text: value }} style={{ wordBreak: 'break-all' }}>
        <span data-testid={testId}>{value}</span>
      </Typography.Text>
    </Flex>
  );
}

/** The warning that goes with a secret that the server will never show again. */
export function ShownOnceWarning() {
  const { t } = useI18n();
  return <Alert type="warning" showIcon title={t('secret.shownOnceTitle')} description={t('secret.shownOnceHint')} />;
}
