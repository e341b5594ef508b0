import { Alert, Flex, Modal, QRCode, Spin, Typography } from 'antd';
import { useEffect, useRef } from 'react';
import { useI18n } from '../../i18n/i18n-context';
import { CopyButton } from '../ui/copy-button';
import { describeError } from '../../shared/describe-error';
import { formatTime } from '../ui/format-time';
import { useCreateInvite, type Member } from './directory.queries';

/** Issues an invitation for a member on open and shows its link, a QR code of it, and when it expires. */
export function MemberInviteDialog({ member, onClose }: { member: Member; onClose: () => void }) {
  const { t, locale } = useI18n();
  const invite = useCreateInvite();
  const { mutate } = invite;
  // One invitation per opening, even when effects run twice (StrictMode).
  const requested = useRef<string | null>(null);
  useEffect(() => {
    if (requested.current === member.userId) return;
    requested.current = member.userId;
    mutate(member.userId);
  }, [member.userId, mutate]);

  const link = invite.data ? window.location.origin + invite.data.path : null;

  return (
    <Modal
      open
      title={t('invite.title', { name: member.name })}
      onCancel={onClose}
      footer={null}
      destroyOnHidden
      width={440}
    >
      {invite.isPending && (
        <Flex gap="small" align="center">
          <Spin size="small" />
          <Typography.Text type="secondary">{t('invite.creating')}</Typography.Text>
        </Flex>
      )}
      {invite.isError && (
        <Alert type="error" showIcon title={describeError(invite.error, t)} data-testid="invite-error" />
      )}
      {link && invite.data && (
        <Flex vertical gap="middle" align="center" data-testid="invite-dialog">
          <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
            {t('invite.hint')}
          </Typography.Paragraph>
          <QRCode value={link} size={200} data-testid="invite-qr" />
          <Flex vertical gap={4} style={{ width: '100%' }}>
            <Typography.Text type="secondary">{t('invite.link')}</Typography.Text>
            <Typography.Text code style={{ wordBreak: 'break-all' }} data-testid="invite-link">
              {link}
            </Typography.Text>
          </Flex>
          <Flex justify="space-between" align="center" style={{ width: '100%' }}>
            <Typography.Text type="secondary" data-testid="invite-expires">
              {t('invite.expires', { time: formatTime(invite.data.expiresAt, locale) })}
            </Typography.Text>
            <CopyButton text={link} testId="invite-copy" />
          </Flex>
        </Flex>
      )}
    </Modal>
  );
}
