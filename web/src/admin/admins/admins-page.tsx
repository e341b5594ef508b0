import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Table, Tag } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../i18n/i18n-context';
import type { AdminRole } from '../auth';
import { useDepartments } from '../directory';
import { AdminCreateDialog } from './admin-create-dialog';
import { useAdmins, type OrgAdmin } from './admins.queries';

const ROLE_COLORS: Record<AdminRole, string> = { owner: 'gold', admin: 'blue', department_admin: 'cyan' };

export function AdminsPage() {
  const { t } = useI18n();
  const admins = useAdmins();
  const departments = useDepartments();
  const [creating, setCreating] = useState(false);
  const departmentName = (id: number | null) =>
    id === null ? '' : (departments.data?.find((d) => d.id === id)?.name ?? `#${id}`);

  return (
    <Card
      size="small"
      title={t('nav.admins')}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="admin-add">
          {t('admins.add')}
        </Button>
      }
    >
      <div data-testid="admins-table">
        <Table<OrgAdmin>
          rowKey="id"
          loading={admins.isPending}
          dataSource={admins.data ?? []}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} /> }}
          columns={[
            { title: t('admins.name'), dataIndex: 'name' },
            { title: t('auth.email'), dataIndex: 'email' },
            {
              title: t('admins.role'),
              dataIndex: 'role',
              render: (role: AdminRole) => <Tag color={ROLE_COLORS[role]}>{t(`admins.role.${role}`)}</Tag>,
            },
            {
              title: t('admins.department'),
              dataIndex: 'departmentId',
              render: (id: number | null) => departmentName(id),
            },
          ]}
        />
      </div>
      {creating && <AdminCreateDialog onClose={() => setCreating(false)} />}
    </Card>
  );
}
