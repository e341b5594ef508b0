import { Alert, App, Button, Divider, Flex, Form, Input, Space, Spin, Typography, type FormRule } from 'antd';
import { useI18n } from '../../i18n/i18n-context';
import { describeError } from '../../shared/describe-error';
import { AppCallbackDeliveries } from './app-callback-deliveries';
import { useCallbackSettings, useSaveCallback, type CallbackSettings } from './apps.queries';
import { AES_KEY_LENGTH, TOKEN_LENGTH, randomAlphanumeric } from './random-key';

const HTTP_URL = /^https?:\/\/\S+$/i;

interface AppCallbackTabProps {
  agentId: number;
  /** Whether the tab is showing: the delivery log refreshes itself only then. */
  active: boolean;
}

/** Where the app's events go (URL, Token, EncodingAESKey), and what was delivered there. */
export function AppCallbackTab({ agentId, active }: AppCallbackTabProps) {
  const settings = useCallbackSettings(agentId);
  return (
    <Flex vertical gap="small">
      {settings.isPending && <Spin />}
      {settings.data && <CallbackForm agentId={agentId} initial={settings.data.callback} />}
      <Divider style={{ margin: '8px 0' }} />
      <AppCallbackDeliveries agentId={agentId} active={active} />
    </Flex>
  );
}

function CallbackForm({ agentId, initial }: { agentId: number; initial: CallbackSettings | null }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<CallbackSettings>();
  const save = useSaveCallback(agentId);

  const submit = (values: CallbackSettings) =>
    save.mutate(
      { url: values.url.trim(), token: values.token.trim(), encodingAesKey: values.encodingAesKey.trim() },
      { onSuccess: () => void message.success(t('callback.saved')) },
    );

  const generated = (field: 'token' | 'encodingAesKey', length: number) => (
    <Button
      onClick={() => {
        form.setFieldValue(field, randomAlphanumeric(length));
        void form.validateFields([field]);
      }}
      data-testid={`callback-generate-${field === 'token' ? 'token' : 'aes-key'}`}
    >
      {t('callback.generate')}
    </Button>
  );

  const keyField = (
    field: 'token' | 'encodingAesKey',
    label: string,
    rule: FormRule,
    length: number,
    testId: string,
  ) => (
    <Form.Item label={label} required>
      <Space.Compact style={{ width: '100%' }}>
        <Form.Item name={field} noStyle rules={[{ required: true, message: t('form.required') }, rule]}>
          <Input maxLength={length} showCount style={{ fontFamily: 'monospace' }} data-testid={testId} />
        </Form.Item>
        {generated(field, length)}
      </Space.Compact>
    </Form.Item>
  );

  return (
    <Form<CallbackSettings>
      form={form}
      name="app-callback"
      layout="vertical"
      initialValues={initial ?? { url: '', token: '', encodingAesKey: '' }}
      onFinish={submit}
      onValuesChange={() => save.isError && save.reset()}
    >
      <Typography.Paragraph type="secondary">{t('callback.hint')}</Typography.Paragraph>
      <Form.Item
        name="url"
        label={t('callback.url')}
        rules={[
          { required: true, message: t('form.required') },
          { pattern: HTTP_URL, message: t('apps.urlHint') },
        ]}
      >
        <Input placeholder="https://" data-testid="callback-url" />
      </Form.Item>
      {keyField(
        'token',
        t('callback.token'),
        { pattern: /^[A-Za-z0-9]{3,32}$/, message: t('callback.tokenInvalid') },
        TOKEN_LENGTH,
        'callback-token',
      )}
      {keyField(
        'encodingAesKey',
        t('callback.aesKey'),
        { pattern: /^[A-Za-z0-9]{43}$/, message: t('callback.aesKeyInvalid') },
        AES_KEY_LENGTH,
        'callback-aes-key',
      )}
      {save.isError && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('callback.saveFailed')}
          description={describeError(save.error, t)}
          data-testid="callback-error"
        />
      )}
      <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="callback-save">
        {t('common.save')}
      </Button>
    </Form>
  );
}
