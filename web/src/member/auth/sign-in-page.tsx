import { Button, Form, Input, NavBar, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useI18n } from '../../i18n/i18n-context';
import { ApiError } from '../api';
import { describeError } from '../../shared/describe-error';
import { nativeTestId } from '../ui/test-id';
import { useRequestCode, useSignIn } from './auth.queries';
import { CodeField } from './code-field';
import { safeNext } from './safe-next';

const LAST_CORP_KEY = 'enclave.member.corpId';
const RESEND_MS = 60_000;

function rememberedCorpId(): string {
  try {
    return window.localStorage.getItem(LAST_CORP_KEY) ?? '';
  } catch {
    return '';
  }
}

/**
 * Signing in with a code sent to one's listed mobile or email (`/m/signin`), and joining by the org's
 * QR code (`/m/join?corpId=…`): the same two calls; joining only reads differently.
 */
export function SignInPage({ mode }: { mode: 'signin' | 'join' }) {
  const { t } = useI18n();
  const params = new URLSearchParams(window.location.search);
  const fixedCorpId = params.get('corpId') ?? '';
  const [corpId, setCorpId] = useState(fixedCorpId || rememberedCorpId());
  const [login, setLogin] = useState('');
  const [code, setCode] = useState('');
  const [resendAt, setResendAt] = useState<number | null>(null);
  const requestCode = useRequestCode();
  const signIn = useSignIn();

  const send = () => {
    if (!corpId.trim() || !login.trim()) {
      Toast.show({ content: t('m.auth.fillLogin') });
      return;
    }
    requestCode.mutate(
      { corpId: corpId.trim(), login: login.trim() },
      {
        onSuccess: () => {
          setResendAt(Date.now() + RESEND_MS);
          // At the top: a centred toast sits over the code field and the submit button, swallowing taps for 2 s.
          Toast.show({ icon: 'success', content: t('m.auth.codeSent'), position: 'top' });
        },
        onError: (error) => {
          if (error instanceof ApiError && error.status === 429) setResendAt(Date.now() + RESEND_MS);
        },
      },
    );
  };

  const submit = () => {
    signIn.mutate(
      { corpId: corpId.trim(), login: login.trim(), code },
      {
        onSuccess: () => {
          try {
            window.localStorage.setItem(LAST_CORP_KEY, corpId.trim());
          } catch {
            // not remembered; the member types it next time
          }
          window.location.assign(safeNext(params.get('next'), window.location.origin));
        },
        onError: (error) => Toast.show({ icon: 'fail', content: describeError(error, t) }),
      },
    );
  };

  return (
    <div className="m-auth-page">
      <NavBar backIcon={false}>{mode === 'join' ? t('m.auth.joinTitle') : t('m.auth.signInTitle')}</NavBar>
      <div className="m-auth-hero">
        <img src="/favicon.svg" alt="" width={56} height={56} />
        <h1>Enclave</h1>
        <p>{mode === 'join' ? t('m.auth.joinHint') : t('m.auth.signInHint')}</p>
      </div>
      <Form
        layout="vertical"
        footer={
          <Button
            block
            color="primary"
            size="large"
            data-testid="signin-submit"
            loading={signIn.isPending}
            disabled={code.length !== 6 || !login.trim() || !corpId.trim()}
            onClick={submit}
          >
            {mode === 'join' ? t('m.auth.join') : t('m.auth.signIn')}
          </Button>
        }
      >
        {!fixedCorpId && (
          <Form.Item label={t('m.auth.corpId')}>
            <Input ref={nativeTestId('signin-corp')} value={corpId} onChange={setCorpId} placeholder="ww…" />
          </Form.Item>
        )}
        <Form.Item label={t('m.auth.login')}>
          <Input
            ref={nativeTestId('signin-login')}
            value={login}
            onChange={setLogin}
            placeholder={t('m.auth.loginPlaceholder')}
            autoComplete="username"
          />
        </Form.Item>
        <Form.Item label={t('m.auth.code')}>
          <CodeField
            value={code}
            onChange={setCode}
            onSend={send}
            sending={requestCode.isPending}
            resendAt={resendAt}
          />
        </Form.Item>
      </Form>
    </div>
  );
}
