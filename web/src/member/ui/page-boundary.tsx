import { Button, ErrorBlock, Space } from 'antd-mobile';
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { useI18n } from '../../i18n/i18n-context';
import { goBack, type MemberRoute } from '../layout/member-route';

type Props = { children: ReactNode; fallbackRoute: MemberRoute };

/**
 * One page of the client that fails to render (unexpected data, a bug) shows its error in its own area with
 * a way back and a retry; the tab bar and every other page keep working. The client never goes blank.
 */
export function PageBoundary({ children, fallbackRoute }: Props) {
  const { t } = useI18n();
  return (
    <Boundary
      fallback={(error, reset) => (
        <ErrorBlock
          status="default"
          title={t('m.common.pageFailed')}
          description={t('m.common.pageFailedHint', { message: error.message })}
          className="m-empty"
          data-testid="page-error"
        >
          <Space>
            <Button size="small" onClick={() => goBack(fallbackRoute)}>
              {t('m.common.back')}
            </Button>
            <Button color="primary" size="small" onClick={reset}>
              {t('common.retry')}
            </Button>
          </Space>
        </ErrorBlock>
      )}
    >
      {children}
    </Boundary>
  );
}

type BoundaryProps = { children: ReactNode; fallback: (error: Error, reset: () => void) => ReactNode };

class Boundary extends Component<BoundaryProps, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: unknown) {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo) {
    console.error('page failed to render', error, info.componentStack);
  }

  override render() {
    const { error } = this.state;
    return error ? this.props.fallback(error, () => this.setState({ error: null })) : this.props.children;
  }
}
