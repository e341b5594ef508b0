import { LockOutlined, MailOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input } from 'antd';
import { useI18n } from '../../i18n/i18n-context';
import { describeError } from '../../shared/describe-error';
import { useSignIn } from './auth.queries';

interface SignInValues {
  email: string;
  password: string;
}

export function SignInForm() {
  const { t } = useI18n();
  const signIn = useSignIn();
  return (
    <Form<SignInValues>
      name="signin"
      layout="vertical"
      requiredMark={false}
      onFinish={(values) => signIn.mutate(values)}
    >
      {signIn.isError && (
        <Alert
          type="error"
          showIcon
          title={describeError(signIn.error, t)}
          style={{ marginBottom: 16 }}
          data-testid="signin-error"
        />
      )}
      <Form.Item
        name="email"
        label={t('auth.email')}
        rules={[{ required: true, type: 'email', message: t('auth.emailInvalid') }]}
      >
        <Input prefix={<MailOutlined />} autoComplete="username" autoFocus data-testid="signin-email" />
      </Form.Item>
      <Form.Item name="password" label={t('auth.password')} rules={[{ required: true, message: t('form.required') }]}>
        <Input.Password prefix={<LockOutlined />} autoComplete="current-password" data-testid="signin-password" />
      </Form.Item>
      <Button type="primary" htmlType="submit" block loading={signIn.isPending} data-testid="signin-submit">
        {t('auth.signIn')}
      </Button>
    </Form>
  );
}
