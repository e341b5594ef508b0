import { Button, Card, Flex, Result, Spin } from 'antd';
import { useEffect, useRef } from 'react';
import { useI18n } from '../../i18n/i18n-context';
import { describeError } from '../../shared/describe-error';
import { SecretValue, ShownOnceWarning } from '../ui/secret-value';
import { useConfirmSignUp } from './auth.queries';

const CONFIRM_ROUTE = /^#\/signup\/confirm\?(.*)$/;

/** The token of a sign-up link (`/admin/#/signup/confirm?token=…`), or undefined on any other page. */
export function signUpConfirmToken(hash = window.location.hash): string | undefined {
  const query = CONFIRM_ROUTE.exec(hash)?.[1];
  return query === undefined ? undefined : (new URLSearchParams(query).get('token') ?? '');
}

/** The page a sign-up link opens: creates the org, shows its corpId and directory secret once, then the console. */
export function SignUpConfirm({ token }: { token: string }) {
  const { t } = useI18n();
  const confirm = useConfirmSignUp();
  const sent = useRef(false);
  useEffect(() => {
    // Once: a link is spent by its first use (React's development double effect must not spend it twice).
    if (sent.current) return;
    sent.current = true;
    confirm.mutate(token);
  }, [confirm, token]);

  let content;
  if (confirm.data) {
    content = (
      <Flex vertical gap={16} data-testid="signup-done">
        <ShownOnceWarning />
        <SecretValue label={t('auth.corpId')} value={confirm.data.corpId} testId="signup-corp-id" />
        <SecretValue label={t('auth.contactSecret')} value={confirm.data.contactSecret} testId="signup-secret" />
        <Button type="primary" block onClick={() => void confirm.enterConsole()} data-testid="signup-continue">
          {t('auth.enterConsole')}
        </Button>
      </Flex>
    );
  } else if (confirm.isError) {
    content = (
      <Result
        status="error"
        title={describeError(confirm.error, t)}
        data-testid="signup-confirm-failed"
        extra={
          <Button type="primary" onClick={() => (window.location.hash = '/')}>
            {t('auth.backToSignIn')}
          </Button>
        }
      />
    );
  } else {
    content = (
      <Flex vertical align="center" gap={16}>
        <Spin size="large" />
        {t('auth.confirming')}
      </Flex>
    );
  }
  return (
    <Flex vertical align="center" justify="center" style={{ minHeight: '100vh', padding: 16, background: '#f5f7fa' }}>
      <Card style={{ width: '100%', maxWidth: 400 }}>{content}</Card>
    </Flex>
  );
}
