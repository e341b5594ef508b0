import { DeleteOutlined, DragOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Popconfirm, Skeleton, Space, Tooltip, Tree, Typography, type TreeDataNode } from 'antd';
import { useMemo, useState } from 'react';
import { useI18n } from '../../i18n/i18n-context';
import { DepartmentDialog, type DepartmentDialogState } from './department-dialog';
import { buildDepartmentTree, type DepartmentNode } from './department-tree';
import { useDeleteDepartment, useDepartments, type Department } from './directory.queries';

function toTreeData(nodes: DepartmentNode[]): TreeDataNode[] {
  return nodes.map(({ department, children }) => ({
    key: department.id,
    title: (
      <span data-testid={`dept-node-${department.id}`}>
        {department.name}{' '}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          ({department.memberCount})
        </Typography.Text>
      </span>
    ),
    children: toTreeData(children),
  }));
}

interface DepartmentPanelProps {
  selected: Department | null;
  onSelect: (id: number) => void;
}

/** The department tree with add / rename / move / delete for the selected department. */
export function DepartmentPanel({ selected, onSelect }: DepartmentPanelProps) {
  const { t } = useI18n();
  const departments = useDepartments();
  const remove = useDeleteDepartment();
  const [dialog, setDialog] = useState<DepartmentDialogState | null>(null);
  const [collapsedKeys, setCollapsedKeys] = useState<ReadonlySet<number>>(new Set());

  const tree = useMemo(() => buildDepartmentTree(departments.data ?? []), [departments.data]);
  const treeData = useMemo(() => toTreeData(tree), [tree]);
  const expandedKeys = useMemo(
    () => (departments.data ?? []).map((d) => d.id).filter((id) => !collapsedKeys.has(id)),
    [departments.data, collapsedKeys],
  );
  const isEmpty = departments.isSuccess && departments.data.length === 0;

  const toolbar = (
    <Space size={4}>
      <Tooltip title={selected ? t('directory.addSubDepartment') : t('directory.addDepartment')}>
        <Button
          size="small"
          icon={<PlusOutlined />}
          onClick={() => setDialog({ mode: 'create', parent: selected })}
          data-testid="dept-add"
        />
      </Tooltip>
      <Tooltip title={t('directory.renameDepartment')}>
        <Button
          size="small"
          icon={<EditOutlined />}
          disabled={!selected}
          onClick={() => selected && setDialog({ mode: 'rename', department: selected })}
          data-testid="dept-rename"
        />
      </Tooltip>
      <Tooltip title={t('directory.move')}>
        <Button
          size="small"
          icon={<DragOutlined />}
          disabled={!selected || selected.parentId === 0}
          onClick={() => selected && setDialog({ mode: 'move', department: selected })}
          data-testid="dept-move"
        />
      </Tooltip>
      <Popconfirm
        title={t('directory.deleteDepartmentConfirm', { name: selected?.name ?? '' })}
        disabled={!selected}
        okButtonProps={{ danger: true, loading: remove.isPending }}
        onConfirm={() => selected && remove.mutateAsync(selected.id).catch(() => undefined)}
      >
        <Button
          size="small"
          danger
          icon={<DeleteOutlined />}
          disabled={!selected}
          aria-label={t('common.delete')}
          data-testid="dept-delete"
        />
      </Popconfirm>
    </Space>
  );

  return (
    <Card title={t('directory.departments')} extra={toolbar} size="small" styles={{ body: { padding: 8 } }}>
      <div data-testid="dept-tree" style={{ minHeight: 120, overflow: 'auto' }}>
        {departments.isPending && <Skeleton active paragraph={{ rows: 4 }} />}
        {isEmpty && <Empty description={t('directory.noDepartments')} />}
        {treeData.length > 0 && (
          <Tree
            blockNode
            treeData={treeData}
            selectedKeys={selected ? [selected.id] : []}
            expandedKeys={expandedKeys}
            onExpand={(_keys, { node, expanded }) => {
              const id = Number(node.key);
              setCollapsedKeys((prev) => {
                const next = new Set(prev);
                if (expanded) next.delete(id);
                else next.add(id);
                return next;
              });
            }}
            onSelect={(keys) => {
              const key = keys[0];
              if (key !== undefined) onSelect(Number(key));
            }}
          />
        )}
      </div>
      {dialog && <DepartmentDialog state={dialog} onClose={() => setDialog(null)} />}
    </Card>
  );
}
