import { App, Button, Form, Select } from 'antd';
import { useI18n } from '../../i18n/i18n-context';
import { DepartmentSelect, MemberPicker } from '../directory';
import { useSetAppScope, useTagOptions, type AppDetails, type AppScopeInput } from './apps.queries';

/** Who can see and be messaged by the app: members, departments (with their sub-departments) and tags. */
export function AppScopeForm({ app }: { app: AppDetails }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const save = useSetAppScope(app.agentId);
  const tags = useTagOptions();

  const submit = (values: Partial<AppScopeInput>) =>
    save.mutate(
      { userIds: values.userIds ?? [], departmentIds: values.departmentIds ?? [], tagIds: values.tagIds ?? [] },
      { onSuccess: () => void message.success(t('apps.saved')) },
    );

  return (
    <Form<Partial<AppScopeInput>>
      name="app-scope"
      layout="vertical"
      initialValues={{
        userIds: app.scope.memberUserIds,
        departmentIds: app.scope.departmentIds,
        tagIds: app.scope.tagIds,
      }}
      onFinish={submit}
    >
      <Form.Item name="departmentIds" label={t('apps.scopeDepartments')}>
        <DepartmentSelect<number[]> multiple testId="app-scope-departments" />
      </Form.Item>
      <Form.Item name="userIds" label={t('apps.scopeMembers')}>
        <MemberPicker testId="app-scope-members" />
      </Form.Item>
      <Form.Item name="tagIds" label={t('apps.scopeTags')}>
        <Select<number[]>
          mode="multiple"
          data-testid="app-scope-tags"
          loading={tags.isPending}
          options={(tags.data ?? []).map((tag) => ({ value: tag.id, label: tag.name }))}
          optionFilterProp="label"
          placeholder={t('apps.scopeTags')}
        />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="app-scope-save">
        {t('common.save')}
      </Button>
    </Form>
  );
}
