import { Button, Form, NavBar, Result, Selector, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useI18n } from '../../i18n/i18n-context';
import { ApiError } from '../api';
import { describeError } from '../../shared/describe-error';
import { Loading } from '../ui/page-states';
import { useAcceptInvite, useInvite, useSendInviteCode } from './auth.queries';
import { CodeField } from './code-field';

const RESEND_MS = 60_000;

/** `/join?invite=TOKEN`: the invited member confirms a code sent to their listed mobile or email. */
export function JoinInvitePage() {
  const { t } = useI18n();
  const token = new URLSearchParams(window.location.search).get('invite') ?? '';
  const invite = useInvite(token);
  const sendCode = useSendInviteCode(token);
  const accept = useAcceptInvite(token);
  const [channel, setChannel] = useState<'sms' | 'email' | null>(null);
  const [code, setCode] = useState('');
  const [resendAt, setResendAt] = useState<number | null>(null);

  if (!token) return <Result status="error" title={t('m.join.invalid')} description={t('m.join.invalidHint')} />;
  if (invite.isPending) return <Loading />;
  if (invite.isError) {
    return <Result status="error" title={t('m.join.invalid')} description={describeError(invite.error, t)} />;
  }
  const { org, member, channels } = invite.data;
  const chosen = channel ?? channels[0]?.channel ?? null;

  const send = () => {
    if (!chosen) return;
    sendCode.mutate(chosen, {
      onSuccess: () => {
        setResendAt(Date.now() + RESEND_MS);
        // At the top: a centred toast sits over the code field and the submit button, swallowing taps for 2 s.
        Toast.show({ icon: 'success', content: t('m.auth.codeSent'), position: 'top' });
      },
      onError: (error) => {
        if (error instanceof ApiError && error.code === 'join.code_too_soon') {
          setResendAt(Date.now() + RESEND_MS);
          Toast.show({ content: t('m.auth.tooSoon') });
        } else Toast.show({ icon: 'fail', content: describeError(error, t) });
      },
    });
  };

  const submit = () =>
    accept.mutate(code, {
      onSuccess: () => window.location.assign('/m/'),
      onError: (error) => Toast.show({ icon: 'fail', content: describeError(error, t) }),
    });

  return (
    <div className="m-auth-page">
      <NavBar backIcon={false}>{t('m.join.title')}</NavBar>
      <div className="m-auth-hero">
        <img src="/favicon.svg" alt="" width={56} height={56} />
        <h1>{org.name}</h1>
        <p>{t('m.join.greeting', { name: member.name, org: org.name })}</p>
      </div>
      <Form
        layout="vertical"
        footer={
          <Button
            block
            color="primary"
            size="large"
            data-testid="signin-submit"
            loading={accept.isPending}
            disabled={code.length !== 6}
            onClick={submit}
          >
            {t('m.auth.join')}
          </Button>
        }
      >
        <Form.Item label={t('m.join.channel')}>
          {channels.length === 0 ? (
            <span className="m-muted">{t('m.join.noChannel')}</span>
          ) : (
            <Selector
              columns={1}
              value={chosen ? [chosen] : []}
              onChange={(v) => v[0] && setChannel(v[0])}
              options={channels.map((c) => ({
                value: c.channel,
                label: `${c.channel === 'sms' ? t('m.join.sms') : t('m.join.email')} ${c.to}`,
              }))}
            />
          )}
        </Form.Item>
        <Form.Item label={t('m.auth.code')}>
          <CodeField
            value={code}
            onChange={setCode}
            onSend={send}
            sending={sendCode.isPending}
            resendAt={resendAt}
            disabled={!chosen}
          />
        </Form.Item>
      </Form>
    </div>
  );
}
