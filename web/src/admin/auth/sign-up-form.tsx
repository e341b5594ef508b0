import { Alert, Button, Form, Input, Result } from 'antd';
import { useI18n } from '../../i18n/i18n-context';
import { describeError } from '../../shared/describe-error';
import { useSignUp, type SignUpInput } from './auth.queries';

const MIN_PASSWORD = 8;

/**
 * Asks for an org; the answer is the same whether the email is free or not: check your mail (its link creates
 * the org, see SignUpConfirm, or it says the email has an org already).
 */
export function SignUpForm() {
  const { t } = useI18n();
  const signUp = useSignUp();

  if (signUp.data) {
    return (
      <Result
        status="success"
        title={t('auth.checkEmail')}
        subTitle={t('auth.checkEmailHint', { email: signUp.data.email })}
        data-testid="signup-check-email"
      />
    );
  }

  return (
    <Form<SignUpInput>
      name="signup"
      layout="vertical"
      requiredMark={false}
      onFinish={(values) => signUp.mutate(values)}
    >
      {signUp.isError && (
        <Alert type="error" showIcon title={describeError(signUp.error, t)} style={{ marginBottom: 16 }} />
      )}
      <Form.Item name="orgName" label={t('auth.orgName')} rules={[{ required: true, whitespace: true, max: 64 }]}>
        <Input autoFocus data-testid="signup-org-name" />
      </Form.Item>
      <Form.Item name="name" label={t('auth.yourName')} rules={[{ required: true, whitespace: true, max: 64 }]}>
        <Input autoComplete="name" data-testid="signup-name" />
      </Form.Item>
      <Form.Item
        name="email"
        label={t('auth.email')}
        rules={[{ required: true, type: 'email', message: t('auth.emailInvalid') }]}
      >
        <Input autoComplete="username" data-testid="signup-email" />
      </Form.Item>
      <Form.Item
        name="password"
        label={t('auth.password')}
        rules={[{ required: true, min: MIN_PASSWORD, message: t('auth.passwordTooShort', { min: MIN_PASSWORD }) }]}
      >
        <Input.Password autoComplete="new-password" data-testid="signup-password" />
      </Form.Item>
      <Button type="primary" htmlType="submit" block loading={signUp.isPending} data-testid="signup-submit">
        {t('auth.createOrg')}
      </Button>
    </Form>
  );
}
