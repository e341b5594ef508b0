import { App, Button, Checkbox, Form, Input } from 'antd';
import { useI18n } from '../../i18n/i18n-context';
import { useUpdateAppSettings, type AppDetails, type AppSettingsInput } from './apps.queries';

const HTTP_URL = /^https?:\/\/\S+$/i;

/** Edits what WeCom's agent/set changes: name, description, logo, home page, trusted domain, reporting flags. */
export function AppSettingsForm({ app }: { app: AppDetails }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const update = useUpdateAppSettings(app.agentId);

  // Send only what changed: an app created without a description must stay saveable without one.
  const submit = (values: AppSettingsInput) => {
    const input: AppSettingsInput = {
      ...values,
      name: values.name.trim(),
      description: values.description.trim(),
      squareLogoUrl: values.squareLogoUrl?.trim() || null,
      homeUrl: values.homeUrl.trim(),
      redirectDomain: values.redirectDomain.trim(),
    };
    const current: AppSettingsInput = { ...app, squareLogoUrl: app.squareLogoUrl || null };
    const changed = Object.fromEntries(
      Object.entries(input).filter(([key, value]) => current[key as keyof AppSettingsInput] !== value),
    ) as Partial<AppSettingsInput>;
    update.mutate(changed, { onSuccess: () => void message.success(t('apps.saved')) });
  };

  const urlRule = { pattern: HTTP_URL, message: t('apps.urlHint') };

  return (
    <Form<AppSettingsInput>
      name="app-settings"
      layout="vertical"
      initialValues={{
        name: app.name,
        description: app.description,
        squareLogoUrl: app.squareLogoUrl,
        homeUrl: app.homeUrl,
        redirectDomain: app.redirectDomain,
        reportLocation: app.reportLocation,
        reportEnter: app.reportEnter,
        externalContacts: app.externalContacts,
      }}
      onFinish={submit}
    >
      <Form.Item name="name" label={t('apps.name')} rules={[{ required: true, whitespace: true, max: 32 }]}>
        <Input data-testid="app-settings-name" />
      </Form.Item>
      <Form.Item name="description" label={t('apps.description')} rules={[{ min: 4, max: 120 }]}>
        <Input.TextArea rows={2} data-testid="app-settings-description" />
      </Form.Item>
      <Form.Item name="squareLogoUrl" label={t('apps.logoUrl')} rules={[urlRule]}>
        <Input placeholder="https://" data-testid="app-settings-logo" />
      </Form.Item>
      <Form.Item name="homeUrl" label={t('apps.homeUrl')} rules={[urlRule]}>
        <Input placeholder="https://" data-testid="app-settings-home-url" />
      </Form.Item>
      <Form.Item name="redirectDomain" label={t('apps.redirectDomain')} extra={t('apps.redirectDomainHint')}>
        <Input placeholder="app.example.com" data-testid="app-settings-redirect-domain" />
      </Form.Item>
      <Form.Item name="reportLocation" valuePropName="checked">
        <Checkbox data-testid="app-settings-report-location">{t('apps.reportLocation')}</Checkbox>
      </Form.Item>
      <Form.Item name="reportEnter" valuePropName="checked">
        <Checkbox data-testid="app-settings-report-enter">{t('apps.reportEnter')}</Checkbox>
      </Form.Item>
      <Form.Item name="externalContacts" valuePropName="checked" extra={t('apps.externalContactsHint')}>
        <Checkbox data-testid="app-settings-external-contacts">{t('apps.externalContacts')}</Checkbox>
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={update.isPending} data-testid="app-settings-save">
        {t('common.save')}
      </Button>
    </Form>
  );
}
