import { Flex, Modal } from 'antd';
import { useI18n } from '../../i18n/i18n-context';
import { SecretValue, ShownOnceWarning } from './secret-value';

interface SecretModalProps {
  title: string;
  secret: string | null;
  onClose: () => void;
}

/** Shows a freshly issued secret once; closing it forgets the value. */
export function SecretModal({ title, secret, onClose }: SecretModalProps) {
  const { t } = useI18n();
  return (
    <Modal
      open={secret !== null}
      title={title}
      onOk={onClose}
      onCancel={onClose}
      okText={t('secret.saved')}
      cancelButtonProps={{ style: { display: 'none' } }}
      mask={{ closable: false }}
      destroyOnHidden
    >
      <Flex vertical gap={16}>
        <ShownOnceWarning />
        {secret && <SecretValue label={t('secret.label')} value={secret} testId="secret-value" />}
      </Flex>
    </Modal>
  );
}
