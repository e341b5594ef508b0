import { QueryClient, QueryClientProvider, useQueryClient } from '@tanstack/react-query';
import { App, Button, ConfigProvider, Flex, Result, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useEffect, useState } from 'react';
import { I18nProvider, useI18n } from '../i18n/i18n-context';
import { ApiError, isSignedOutError } from './api';
import { AuthScreen, sessionKey, SignUpConfirm, signUpConfirmToken, useSession } from './auth';
import { AdminLayout } from './layout/admin-layout';
import { describeError } from '../shared/describe-error';

/** Queries and mutations may opt out of the global error toast with `meta: { silent: true }`. */
declare module '@tanstack/react-query' {
  interface Register {
    queryMeta: { silent?: boolean };
    mutationMeta: { silent?: boolean };
  }
}

export function AdminApp() {
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
      <App>
        <QueryRoot />
      </App>
    </ConfigProvider>
  );
}

function QueryRoot() {
  const [client] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          queries: {
            staleTime: 10_000,
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
      <AuthGate />
    </QueryClientProvider>
  );
}

/**
 * The one place failed requests are reported: a 401 signs the console out, anything else shows what
 * describeError makes of it, unless the query or mutation has `meta: { silent: true }` and shows it itself.
 */
function ErrorToasts() {
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const { t } = useI18n();

  useEffect(() => {
    const report = (error: unknown, silent: boolean | undefined) => {
      if (isSignedOutError(error)) queryClient.setQueryData(sessionKey, null);
      else if (!silent) void message.error(describeError(error, t));
    };
    const stopQueries = queryClient.getQueryCache().subscribe((event) => {
      if (event.type === 'updated' && event.action.type === 'error') {
        report(event.action.error, event.query.meta?.silent);
      }
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
  }, [queryClient, message, t]);

  return null;
}

/**
 * A sign-up link → its confirm page; signed out → sign-in / sign-up; signed in → the console. A 401 anywhere
 * resets the session to null.
 */
function AuthGate() {
  const { t } = useI18n();
  const session = useSession();
  const [confirmToken, setConfirmToken] = useState(() => signUpConfirmToken());
  useEffect(() => {
    const follow = () => setConfirmToken(signUpConfirmToken());
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, []);
  if (confirmToken !== undefined) return <SignUpConfirm token={confirmToken} />;
  if (session.isPending) {
    return (
      <Flex align="center" justify="center" style={{ minHeight: '100vh' }}>
        <Spin size="large" />
      </Flex>
    );
  }
  if (session.isError) {
    return (
      <Result
        status="warning"
        title={t('error.sessionLoad')}
        subTitle={describeError(session.error, t)}
        extra={
          <Button type="primary" onClick={() => void session.refetch()}>
            {t('common.retry')}
          </Button>
        }
      />
    );
  }
  if (!session.data) return <AuthScreen />;
  return <AdminLayout session={session.data} />;
}
