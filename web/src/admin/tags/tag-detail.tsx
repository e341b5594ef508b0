import { ApartmentOutlined, DeleteOutlined, EditOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Empty,
  Flex,
  Form,
  Popconfirm,
  Skeleton,
  Space,
  Table,
  Tag as AntTag,
  Typography,
} from 'antd';
import { useI18n } from '../../i18n/i18n-context';
import { DepartmentSelect, MemberPicker, useDepartments } from '../directory';
import { useAddTagMembers, useDeleteTag, useRemoveTagMembers, useTag, type Tag } from './tags.queries';

interface TagDetailProps {
  tagId: number;
  onRename: (tag: Tag) => void;
  onDeleted: () => void;
}

interface AddValues {
  userIds?: string[];
  departmentIds?: number[];
}

/** One tag: its members and departments, with add and remove. */
export function TagDetail({ tagId, onRename, onDeleted }: TagDetailProps) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const detail = useTag(tagId);
  const departments = useDepartments();
  const add = useAddTagMembers(tagId);
  const remove = useRemoveTagMembers(tagId);
  const deleteTag = useDeleteTag();
  const [form] = Form.useForm<AddValues>();

  if (detail.isPending)
    return (
      <Card>
        <Skeleton active />
      </Card>
    );
  if (!detail.data)
    return (
      <Card>
        <Empty />
      </Card>
    );
  const { tag, members, departmentIds } = detail.data;
  const departmentName = (id: number) => departments.data?.find((d) => d.id === id)?.name ?? `#${id}`;

  const submit = (values: AddValues) => {
    const input = { userIds: values.userIds ?? [], departmentIds: values.departmentIds ?? [] };
    if (input.userIds.length === 0 && input.departmentIds.length === 0) return;
    add.mutate(input, {
      onSuccess: (result) => {
        form.resetFields();
        const invalid = [...(result.invalidUserIds ?? []), ...(result.invalidDepartmentIds ?? []).map(departmentName)];
        if (invalid.length > 0) void message.warning(t('tags.someInvalid', { items: invalid.join(', ') }));
        else void message.success(t('tags.added'));
      },
    });
  };

  return (
    <Card
      title={<span data-testid="tag-title">{tag.name}</span>}
      extra={
        <Space>
          <Button icon={<EditOutlined />} onClick={() => onRename(tag)} data-testid="tag-rename">
            {t('common.rename')}
          </Button>
          <Popconfirm
            title={t('tags.deleteConfirm', { name: tag.name })}
            okButtonProps={{ danger: true }}
            onConfirm={() => deleteTag.mutateAsync(tag.id).then(onDeleted, () => undefined)}
          >
            <Button danger icon={<DeleteOutlined />} data-testid="tag-delete">
              {t('common.delete')}
            </Button>
          </Popconfirm>
        </Space>
      }
    >
      <Form<AddValues> form={form} name="tag-members" layout="vertical" onFinish={submit}>
        <Flex gap={12} wrap align="flex-end">
          <Form.Item name="userIds" label={t('tags.addMembers')} style={{ flex: '2 1 240px', marginBottom: 12 }}>
            <MemberPicker testId="tag-member-picker" />
          </Form.Item>
          <Form.Item
            name="departmentIds"
            label={t('tags.addDepartments')}
            style={{ flex: '1 1 200px', marginBottom: 12 }}
          >
            <DepartmentSelect<number[]> multiple testId="tag-department-picker" />
          </Form.Item>
          <Button
            type="primary"
            htmlType="submit"
            loading={add.isPending}
            style={{ marginBottom: 12 }}
            data-testid="tag-add"
          >
            {t('common.add')}
          </Button>
        </Flex>
      </Form>

      <Typography.Title level={5}>{t('tags.departments')}</Typography.Title>
      <Flex wrap gap={8} style={{ marginBottom: 16 }} data-testid="tag-departments">
        {departmentIds.length === 0 && <Typography.Text type="secondary">{t('tags.noDepartments')}</Typography.Text>}
        {departmentIds.map((id) => (
          <AntTag
            key={id}
            icon={<ApartmentOutlined />}
            closable
            onClose={(e) => {
              e.preventDefault();
              remove.mutate({ userIds: [], departmentIds: [id] });
            }}
          >
            {departmentName(id)}
          </AntTag>
        ))}
      </Flex>

      <Typography.Title level={5}>{t('tags.members')}</Typography.Title>
      <div data-testid="tag-members">
        <Table
          rowKey="userId"
          size="small"
          dataSource={members}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('tags.noMembers')} /> }}
          columns={[
            { title: t('member.name'), dataIndex: 'name' },
            { title: t('member.userId'), dataIndex: 'userId' },
            {
              title: t('common.actions'),
              key: 'actions',
              width: 100,
              render: (_value, member) => (
                <Button
                  type="link"
                  size="small"
                  danger
                  onClick={() => remove.mutate({ userIds: [member.userId], departmentIds: [] })}
                >
                  {t('common.remove')}
                </Button>
              ),
            },
          ]}
        />
      </div>
    </Card>
  );
}
