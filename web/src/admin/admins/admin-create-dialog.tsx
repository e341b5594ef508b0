import { Form, Input, Modal, Radio } from 'antd';
import { useI18n } from '../../i18n/i18n-context';
import { DepartmentSelect } from '../directory';
import { testId } from '../ui/test-id';
import { useCreateAdmin, type CreateAdminInput } from './admins.queries';

const MIN_PASSWORD = 8;

export function AdminCreateDialog({ onClose }: { onClose: () => void }) {
  const { t } = useI18n();
  const create = useCreateAdmin();

  const submit = (values: CreateAdminInput) => {
    const input: CreateAdminInput = {
      name: values.name.trim(),
      email: values.email.trim(),
      password: values.password,
      role: values.role,
    };
    if (values.role === 'department_admin') input.departmentId = values.departmentId;
    create.mutate(input, { onSuccess: onClose });
  };

  return (
    <Modal
      open
      title={t('admins.add')}
      onCancel={onClose}
      okText={t('common.create')}
      okButtonProps={{ htmlType: 'submit', loading: create.isPending, ...testId('admin-save') }}
      destroyOnHidden
      modalRender={(node) => (
        <Form<CreateAdminInput> name="admin" layout="vertical" initialValues={{ role: 'admin' }} onFinish={submit}>
          {node}
        </Form>
      )}
    >
      <Form.Item name="name" label={t('admins.name')} rules={[{ required: true, whitespace: true, max: 64 }]}>
        <Input autoFocus data-testid="admin-name-input" />
      </Form.Item>
      <Form.Item name="email" label={t('auth.email')} rules={[{ required: true, type: 'email' }]}>
        <Input autoComplete="off" data-testid="admin-email-input" />
      </Form.Item>
      <Form.Item
        name="password"
        label={t('auth.password')}
        rules={[{ required: true, min: MIN_PASSWORD, message: t('auth.passwordTooShort', { min: MIN_PASSWORD }) }]}
      >
        <Input.Password autoComplete="new-password" data-testid="admin-password-input" />
      </Form.Item>
      <Form.Item name="role" label={t('admins.role')}>
        <Radio.Group
          data-testid="admin-role"
          options={[
            { value: 'admin', label: t('admins.role.admin') },
            { value: 'department_admin', label: t('admins.role.department_admin') },
          ]}
        />
      </Form.Item>
      <Form.Item noStyle dependencies={['role']}>
        {({ getFieldValue }) =>
          getFieldValue('role') === 'department_admin' && (
            <Form.Item
              name="departmentId"
              label={t('admins.department')}
              tooltip={t('admins.departmentHint')}
              rules={[{ required: true, message: t('form.required') }]}
            >
              <DepartmentSelect<number> testId="admin-department" />
            </Form.Item>
          )
        }
      </Form.Item>
    </Modal>
  );
}
