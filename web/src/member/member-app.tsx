import './react19-render';
import './member.css';
import { QueryClient, QueryClientProvider, useQueryClient } from '@tanstack/react-query';
import { Button, ConfigProvider, ErrorBlock, Toast } from 'antd-mobile';
import enUS from 'antd-mobile/es/locales/en-US';
import zhCN from 'antd-mobile/es/locales/zh-CN';
import { useCallback, useEffect, useState } from 'react';
import { I18nProvider, useI18n } from '../i18n/i18n-context';
import { ApiError, isSignedOutError } from './api';
import { JoinInvitePage, sessionKey, SignInPage, useSession } from './auth';
import { MemberShell } from './layout/member-shell';
import { registerServiceWorker } from './pwa/register-sw';
import { SyncProvider } from './sync';
import { describeError } from '../shared/describe-error';
import { Loading } from './ui/page-states';

declare module '@tanstack/react-query' {
  interface Register {
    queryMeta: { silent?: boolean };
    mutationMeta: { silent?: boolean };
  }
}

/** The member client: `/m/` (signed in), `/m/signin`, `/m/join` (org QR code) and `/join?invite=…`. */
export function MemberApp() {
  useEffect(() => registerServiceWorker(), []);
  return (
    <I18nProvider>
      <LocalizedApp />
    </I18nProvider>
  );
}

function LocalizedApp() {
  const { locale } = useI18n();
  return (
    <ConfigProvider locale={locale === 'zh' ? zhCN : enUS}>
      <QueryRoot />
    </ConfigProvider>
  );
}

function QueryRoot() {
  const [client] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          queries: {
            staleTime: 30_000,
            refetchOnWindowFocus: false,
            retry: (count, error) =>
              !(error instanceof ApiError && error.status > 0 && error.status < 500) && count < 2,
          },
        },
      }),
  );
  return (
    <QueryClientProvider client={client}>
      <ErrorToasts />
      <Entry />
    </QueryClientProvider>
  );
}

/** Failed requests: a 401 shows sign-in; others toast describeError's text unless marked silent. */
function ErrorToasts() {
  const queryClient = useQueryClient();
  const { t } = useI18n();
  useEffect(() => {
    const report = (error: unknown, silent: boolean | undefined) => {
      if (isSignedOutError(error)) queryClient.setQueryData(sessionKey, null);
      else if (!silent) Toast.show({ icon: 'fail', content: describeError(error, t) });
    };
    const stopQueries = queryClient.getQueryCache().subscribe((event) => {
      if (event.type === 'updated' && event.action.type === 'error')
        report(event.action.error, event.query.meta?.silent);
    });
    const stopMutations = queryClient.getMutationCache().subscribe((event) => {
      if (event.type === 'updated' && event.action.type === 'error') {
        report(event.action.error, event.mutation.meta?.silent);
      }
    });
    return () => {
      stopQueries();
      stopMutations();
    };
  }, [queryClient, t]);
  return null;
}

function Entry() {
  const path = window.location.pathname;
  if (path === '/join' || path.startsWith('/join/')) return <JoinInvitePage />;
  if (path.startsWith('/m/signin')) return <SignInPage mode="signin" />;
  if (path.startsWith('/m/join')) return <SignInPage mode="join" />;
  return <SessionGate />;
}

function SessionGate() {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const session = useSession();
  const signedOut = useCallback(() => queryClient.setQueryData(sessionKey, null), [queryClient]);

  if (session.isPending) return <Loading />;
  if (session.isError) {
    return (
      <ErrorBlock status="disconnected" title={t('error.sessionLoad')} description={describeError(session.error, t)}>
        <Button color="primary" onClick={() => void session.refetch()}>
          {t('common.retry')}
        </Button>
      </ErrorBlock>
    );
  }
  if (!session.data) return <SignInPage mode="signin" />;
  const { member, org } = session.data;
  return (
    <SyncProvider
      key={`${org.corpId}:${member.userId}`}
      memberKey={`${org.corpId}:${member.userId}`}
      onUnauthorized={signedOut}
    >
      <MemberShell session={session.data} />
    </SyncProvider>
  );
}
