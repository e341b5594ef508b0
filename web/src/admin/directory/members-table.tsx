import { Button, Empty, Popconfirm, Space, Table, Tag, type TableColumnsType, type TablePaginationConfig } from 'antd';
import { useState, type ReactNode } from 'react';
import { useI18n } from '../../i18n/i18n-context';
import type { MessageKey } from '../../i18n/zh';
import {
  useDeleteMember,
  useSetMemberEnabled,
  type Member,
  type MemberKind,
  type MemberStatus,
} from './directory.queries';
import { MemberInviteDialog } from './member-invite-dialog';

const statusTag: Record<MemberStatus, { color: string; label: MessageKey }> = {
  invited: { color: 'gold', label: 'member.status.invited' },
  active: { color: 'green', label: 'member.status.active' },
  disabled: { color: 'default', label: 'member.status.disabled' },
};

const kindTag: Record<MemberKind, { color: string; label: MessageKey }> = {
  staff: { color: 'blue', label: 'member.kind.staff' },
  external: { color: 'purple', label: 'member.kind.external' },
};

interface MembersTableProps {
  members: Member[];
  loading: boolean;
  pagination: TablePaginationConfig | false;
  empty: ReactNode;
  onEdit: (member: Member) => void;
}

export function MembersTable({ members, loading, pagination, empty, onEdit }: MembersTableProps) {
  const { t } = useI18n();
  const setEnabled = useSetMemberEnabled();
  const remove = useDeleteMember();
  const [inviting, setInviting] = useState<Member | null>(null);

  const columns: TableColumnsType<Member> = [
    { title: t('member.name'), dataIndex: 'name', ellipsis: true },
    { title: t('member.userId'), dataIndex: 'userId', ellipsis: true },
    { title: t('member.position'), dataIndex: 'position', ellipsis: true, responsive: ['md'] },
    { title: t('member.mobile'), dataIndex: 'mobile', responsive: ['lg'] },
    { title: t('member.email'), dataIndex: 'email', ellipsis: true, responsive: ['lg'] },
    {
      title: t('member.status'),
      dataIndex: 'status',
      width: 100,
      render: (status: MemberStatus) => <Tag color={statusTag[status].color}>{t(statusTag[status].label)}</Tag>,
    },
    {
      title: t('member.kind'),
      dataIndex: 'kind',
      width: 100,
      responsive: ['sm'],
      render: (kind: MemberKind) => <Tag color={kindTag[kind].color}>{t(kindTag[kind].label)}</Tag>,
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 250,
      render: (_value, member) => {
        const enabled = member.status !== 'disabled';
        return (
          <Space size={0}>
            <Button
              type="link"
              size="small"
              onClick={() => onEdit(member)}
              data-testid={`member-edit-${member.userId}`}
            >
              {t('common.edit')}
            </Button>
            <Button
              type="link"
              size="small"
              onClick={() => setEnabled.mutate({ userId: member.userId, enabled: !enabled })}
              data-testid={`member-toggle-${member.userId}`}
            >
              {enabled ? t('member.disable') : t('member.enable')}
            </Button>
            <Button
              type="link"
              size="small"
              disabled={!enabled}
              onClick={() => setInviting(member)}
              data-testid={`member-invite-${member.userId}`}
            >
              {t('member.invite')}
            </Button>
            <Popconfirm
              title={t('member.deleteConfirm', { name: member.name })}
              okButtonProps={{ danger: true }}
              onConfirm={() => remove.mutateAsync(member.userId).catch(() => undefined)}
            >
              <Button type="link" size="small" danger data-testid={`member-delete-${member.userId}`}>
                {t('common.delete')}
              </Button>
            </Popconfirm>
          </Space>
        );
      },
    },
  ];

  return (
    <div data-testid="members-table">
      <Table<Member>
        rowKey="userId"
        size="middle"
        columns={columns}
        dataSource={members}
        loading={loading}
        pagination={pagination}
        locale={{ emptyText: empty }}
        scroll={{ x: 'max-content' }}
      />
      {inviting && <MemberInviteDialog member={inviting} onClose={() => setInviting(null)} />}
    </div>
  );
}

export function MembersEmpty({ description }: { description: string }) {
  return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={description} />;
}
