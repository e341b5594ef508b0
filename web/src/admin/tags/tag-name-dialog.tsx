import { Form, Input, Modal } from 'antd';
import { useI18n } from '../../i18n/i18n-context';
import { testId } from '../ui/test-id';
import { useCreateTag, useRenameTag, type Tag } from './tags.queries';

interface TagNameDialogProps {
  /** null: create a new tag. */
  tag: Tag | null;
  onClose: () => void;
  onCreated: (tag: Tag) => void;
}

export function TagNameDialog({ tag, onClose, onCreated }: TagNameDialogProps) {
  const { t } = useI18n();
  const create = useCreateTag();
  const rename = useRenameTag();

  const submit = ({ name }: { name: string }) => {
    const trimmed = name.trim();
    if (tag) {
      rename.mutate({ id: tag.id, name: trimmed }, { onSuccess: onClose });
    } else {
      create.mutate(trimmed, {
        onSuccess: (created) => {
          onCreated(created);
          onClose();
        },
      });
    }
  };

  return (
    <Modal
      open
      title={tag ? t('tags.rename') : t('tags.create')}
      onCancel={onClose}
      okText={t('common.save')}
      okButtonProps={{ htmlType: 'submit', loading: create.isPending || rename.isPending, ...testId('tag-save') }}
      destroyOnHidden
      modalRender={(node) => (
        <Form name="tag" layout="vertical" initialValues={{ name: tag?.name ?? '' }} onFinish={submit}>
          {node}
        </Form>
      )}
    >
      <Form.Item name="name" label={t('tags.name')} rules={[{ required: true, whitespace: true, max: 32 }]}>
        <Input autoFocus data-testid="tag-name-input" />
      </Form.Item>
    </Modal>
  );
}
