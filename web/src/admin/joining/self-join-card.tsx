import { Alert, App, Card, Flex, QRCode, Switch, Typography } from 'antd';
import { useI18n } from '../../i18n/i18n-context';
import { CopyButton } from '../ui/copy-button';
import { useSelfJoin } from './joining.queries';

/** The self-join switch and the org's QR code, which opens the member client's join page for this org. */
export function SelfJoinCard({ corpId }: { corpId: string }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { allowed, save } = useSelfJoin(corpId);
  const joinUrl = `${window.location.origin}/m/join?corpId=${encodeURIComponent(corpId)}`;

  return (
    <Card size="small" title={t('joining.selfJoin')} data-testid="self-join-card">
      <Flex vertical gap="middle">
        <Flex align="center" gap="small">
          <Switch
            checked={allowed}
            loading={save.isPending}
            onChange={(next) => save.mutate(next, { onSuccess: () => void message.success(t('joining.saved')) })}
            data-testid="self-join-switch"
          />
          <Typography.Text>{t('joining.selfJoinSwitch')}</Typography.Text>
        </Flex>
        <Alert type="info" showIcon title={t('joining.selfJoinNote')} data-testid="self-join-note" />
        <Flex gap="large" wrap align="center">
          <QRCode value={joinUrl} size={180} data-testid="org-qr" />
          <Flex vertical gap="small" style={{ minWidth: 0, flex: 1 }}>
            <Typography.Text strong>{t('joining.orgQr')}</Typography.Text>
            <Typography.Text type="secondary">{t('joining.orgQrHint')}</Typography.Text>
            <Typography.Text code style={{ wordBreak: 'break-all' }} data-testid="org-join-url">
              {joinUrl}
            </Typography.Text>
            <div>
              <CopyButton text={joinUrl} testId="org-join-url-copy" />
            </div>
          </Flex>
        </Flex>
      </Flex>
    </Card>
  );
}
