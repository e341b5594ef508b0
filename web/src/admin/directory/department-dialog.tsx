import { Form, Input, InputNumber, Modal } from 'antd';
import { useI18n } from '../../i18n/i18n-context';
import { testId } from '../ui/test-id';
import { DepartmentSelect } from './department-select';
import { useCreateDepartment, useUpdateDepartment, type Department } from './directory.queries';

export type DepartmentDialogState =
  | { mode: 'create'; parent: Department | null }
  | { mode: 'rename'; department: Department }
  | { mode: 'move'; department: Department };

interface Values {
  name?: string;
  order?: number;
  parentId?: number;
}

interface DepartmentDialogProps {
  state: DepartmentDialogState;
  onClose: () => void;
}

/** Add a sub-department, rename one (and set its order), or move it under a new parent. */
export function DepartmentDialog({ state, onClose }: DepartmentDialogProps) {
  const { t } = useI18n();
  const create = useCreateDepartment();
  const update = useUpdateDepartment();
  const pending = create.isPending || update.isPending;

  const title =
    state.mode === 'create'
      ? state.parent
        ? t('directory.addSubDepartmentOf', { name: state.parent.name })
        : t('directory.addDepartment')
      : state.mode === 'rename'
        ? t('directory.renameDepartment')
        : t('directory.moveDepartment', { name: state.department.name });

  const initialValues: Values =
    state.mode === 'create'
      ? { name: '', order: 0 }
      : state.mode === 'rename'
        ? { name: state.department.name, order: state.department.order }
        : { parentId: state.department.parentId || undefined };

  const submit = (values: Values) => {
    if (state.mode === 'create') {
      const input = { name: (values.name ?? '').trim(), parentId: state.parent?.id ?? 0, order: values.order };
      create.mutate(input, { onSuccess: onClose });
    } else if (state.mode === 'rename') {
      update.mutate(
        { id: state.department.id, name: (values.name ?? '').trim(), order: values.order },
        { onSuccess: onClose },
      );
    } else if (values.parentId !== undefined) {
      update.mutate({ id: state.department.id, parentId: values.parentId }, { onSuccess: onClose });
    }
  };

  return (
    <Modal
      open
      title={title}
      onCancel={onClose}
      okText={t('common.save')}
      okButtonProps={{ htmlType: 'submit', loading: pending, ...testId('dept-save') }}
      destroyOnHidden
      modalRender={(node) => (
        <Form<Values> name="department" layout="vertical" initialValues={initialValues} onFinish={submit}>
          {node}
        </Form>
      )}
    >
      {state.mode === 'move' ? (
        <Form.Item name="parentId" label={t('directory.newParent')} rules={[{ required: true }]}>
          <DepartmentSelect<number> excludeSubtreeOf={state.department.id} testId="dept-parent-select" />
        </Form.Item>
      ) : (
        <>
          <Form.Item
            name="name"
            label={t('directory.departmentName')}
            rules={[{ required: true, whitespace: true, max: 64 }]}
          >
            <Input autoFocus data-testid="dept-name-input" />
          </Form.Item>
          <Form.Item name="order" label={t('directory.order')} tooltip={t('directory.orderHint')}>
            <InputNumber min={0} precision={0} style={{ width: '100%' }} data-testid="dept-order-input" />
          </Form.Item>
        </>
      )}
    </Modal>
  );
}
