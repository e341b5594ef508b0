import { Button, Card, Flex, Typography } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../i18n/i18n-context';
import { LanguageSwitch } from '../ui/language-switch';
import { SignInForm } from './sign-in-form';
import { SignUpForm } from './sign-up-form';

/** The signed-out page: sign in, or create a new org. */
export function AuthScreen() {
  const { t } = useI18n();
  const [mode, setMode] = useState<'signin' | 'signup'>('signin');
  return (
    <Flex vertical align="center" justify="center" style={{ minHeight: '100vh', padding: 16, background: '#f5f7fa' }}>
      <Card style={{ width: '100%', maxWidth: 400 }}>
        <Flex justify="space-between" align="center" style={{ marginBottom: 16 }}>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {mode === 'signin' ? t('auth.signInTitle') : t('auth.signUpTitle')}
          </Typography.Title>
          <LanguageSwitch />
        </Flex>
        {mode === 'signin' ? <SignInForm /> : <SignUpForm />}
        <Flex justify="center" style={{ marginTop: 16 }}>
          <Button
            type="link"
            onClick={() => setMode(mode === 'signin' ? 'signup' : 'signin')}
            data-testid={mode === 'signin' ? 'goto-signup' : 'goto-signin'}
          >
            {mode === 'signin' ? t('auth.noAccount') : t('auth.haveAccount')}
          </Button>
        </Flex>
      </Card>
    </Flex>
  );
}
