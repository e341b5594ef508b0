import { Checkbox, Form, Input, Modal } from 'antd';
import { useI18n } from '../../i18n/i18n-context';
import { testId } from '../ui/test-id';
import { useCreateApp, type CreateAppInput } from './apps.queries';

interface AppCreateDialogProps {
  onClose: () => void;
  onCreated: (secret: string) => void;
}

export function AppCreateDialog({ onClose, onCreated }: AppCreateDialogProps) {
  const { t } = useI18n();
  const create = useCreateApp();

  const submit = (values: CreateAppInput) => {
    const input = { ...values, name: values.name.trim(), description: values.description?.trim() ?? '' };
    create.mutate(input, { onSuccess: ({ secret }) => onCreated(secret) });
  };

  return (
    <Modal
      open
      title={t('apps.create')}
      onCancel={onClose}
      okText={t('common.create')}
      okButtonProps={{ htmlType: 'submit', loading: create.isPending, ...testId('app-save') }}
      destroyOnHidden
      modalRender={(node) => (
        <Form<CreateAppInput>
          name="app"
          layout="vertical"
          initialValues={{ name: '', description: '', canWriteDirectory: false }}
          onFinish={submit}
        >
          {node}
        </Form>
      )}
    >
      <Form.Item name="name" label={t('apps.name')} rules={[{ required: true, whitespace: true, max: 64 }]}>
        <Input autoFocus data-testid="app-name-input" />
      </Form.Item>
      <Form.Item name="description" label={t('apps.description')} rules={[{ max: 256 }]}>
        <Input data-testid="app-description-input" />
      </Form.Item>
      <Form.Item name="canWriteDirectory" valuePropName="checked" extra={t('apps.canWriteDirectoryHint')}>
        <Checkbox data-testid="app-can-write-directory">{t('apps.canWriteDirectory')}</Checkbox>
      </Form.Item>
    </Modal>
  );
}
