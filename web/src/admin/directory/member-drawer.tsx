import { Button, Drawer, Flex, Form, Input, Radio, Select } from 'antd';
import { useI18n } from '../../i18n/i18n-context';
import { DepartmentSelect } from './department-select';
import { useCreateMember, useUpdateMember, type Member } from './directory.queries';
import { MOBILE_PATTERN, toFormValues, toMemberInput, USER_ID_PATTERN, type MemberFormValues } from './member-form';

interface MemberDrawerProps {
  /** null: add a new member. */
  member: Member | null;
  defaultDepartmentId: number | null;
  onClose: () => void;
}

/** Add or edit a member. Each input carries name="<field>" and data-testid="member-<field>". */
export function MemberDrawer({ member, defaultDepartmentId, onClose }: MemberDrawerProps) {
  const { t } = useI18n();
  const create = useCreateMember();
  const update = useUpdateMember();
  const pending = create.isPending || update.isPending;

  const submit = (values: MemberFormValues) => {
    const input = toMemberInput(values, member);
    if (member) update.mutate({ userId: member.userId, input }, { onSuccess: onClose });
    else create.mutate(input, { onSuccess: onClose });
  };

  const field = (name: keyof MemberFormValues) => ({ name, 'data-testid': `member-${name}` });

  return (
    <Drawer
      open
      title={member ? t('member.editTitle', { name: member.name }) : t('member.addTitle')}
      size={520}
      onClose={onClose}
      destroyOnHidden
    >
      <Form<MemberFormValues>
        name="member"
        layout="vertical"
        initialValues={toFormValues(member, defaultDepartmentId)}
        onFinish={submit}
        data-testid="member-form"
      >
        <Form.Item
          name="userId"
          label={t('member.userId')}
          tooltip={member ? t('member.userIdChangeHint') : t('member.userIdHint')}
          rules={[
            { required: true, message: t('form.required') },
            { pattern: USER_ID_PATTERN, message: t('member.userIdInvalid') },
          ]}
        >
          <Input autoFocus autoComplete="off" {...field('userId')} />
        </Form.Item>
        <Form.Item name="name" label={t('member.name')} rules={[{ required: true, whitespace: true, max: 64 }]}>
          <Input autoComplete="off" {...field('name')} />
        </Form.Item>
        <Flex gap={12} wrap>
          <Form.Item
            name="mobile"
            label={t('member.mobile')}
            style={{ flex: '1 1 200px' }}
            rules={[{ pattern: MOBILE_PATTERN, message: t('member.mobileInvalid') }]}
          >
            <Input inputMode="tel" autoComplete="off" {...field('mobile')} />
          </Form.Item>
          <Form.Item name="email" label={t('member.email')} style={{ flex: '1 1 200px' }} rules={[{ type: 'email' }]}>
            <Input inputMode="email" autoComplete="off" {...field('email')} />
          </Form.Item>
        </Flex>
        <Flex gap={12} wrap>
          <Form.Item name="position" label={t('member.position')} style={{ flex: '1 1 200px' }}>
            <Input {...field('position')} />
          </Form.Item>
          <Form.Item name="alias" label={t('member.alias')} style={{ flex: '1 1 200px' }}>
            <Input {...field('alias')} />
          </Form.Item>
        </Flex>
        <Form.Item name="gender" label={t('member.gender')}>
          <Select
            data-testid="member-gender"
            options={[
              { value: 0, label: t('member.gender.unknown') },
              { value: 1, label: t('member.gender.male') },
              { value: 2, label: t('member.gender.female') },
            ]}
          />
        </Form.Item>
        <Form.Item
          name="departments"
          label={t('member.departments')}
          rules={[{ required: true, type: 'array', min: 1, message: t('member.departmentsRequired') }]}
        >
          <DepartmentSelect<number[]> multiple testId="member-departments" />
        </Form.Item>
        <Form.Item name="kind" label={t('member.kind')}>
          <Radio.Group
            data-testid="member-kind"
            options={[
              { value: 'staff', label: t('member.kind.staff') },
              { value: 'external', label: t('member.kind.external') },
            ]}
          />
        </Form.Item>
        <Form.Item noStyle dependencies={['kind']}>
          {({ getFieldValue }) =>
            getFieldValue('kind') === 'external' && (
              <>
                <Form.Item
                  name="externalCorpName"
                  label={t('member.externalCorpName')}
                  rules={[{ required: true, whitespace: true, max: 64 }]}
                >
                  <Input {...field('externalCorpName')} />
                </Form.Item>
                <Form.Item
                  name="externalScope"
                  label={t('member.externalScope')}
                  tooltip={t('member.externalScopeHint')}
                >
                  <DepartmentSelect<number[]> multiple testId="member-externalScope" />
                </Form.Item>
              </>
            )
          }
        </Form.Item>
        <Flex gap={8} justify="flex-end">
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" htmlType="submit" loading={pending} data-testid="member-save">
            {t('common.save')}
          </Button>
        </Flex>
      </Form>
    </Drawer>
  );
}
