import { Button, DotLoading, ErrorBlock } from 'antd-mobile';
import type { ReactNode } from 'react';
import { useI18n } from '../../i18n/i18n-context';
import { isMissingRouteError } from '../api';
import { describeError } from '../../shared/describe-error';

export function Loading() {
  return (
    <div className="m-center">
      <DotLoading color="primary" />
    </div>
  );
}

export function EmptyState({ title, description }: { title: ReactNode; description?: ReactNode }) {
  return <ErrorBlock status="empty" title={title} description={description ?? ''} className="m-empty" />;
}

/** A failed load: "not available yet" when the server lacks the route, else the error and a retry. */
export function LoadError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useI18n();
  if (isMissingRouteError(error))
    return <EmptyState title={t('m.common.comingSoon')} description={t('m.common.comingSoonHint')} />;
  return (
    <ErrorBlock
      status="default"
      title={t('m.common.loadFailed')}
      description={describeError(error, t)}
      className="m-empty"
    >
      {onRetry && (
        <Button color="primary" size="small" onClick={onRetry}>
          {t('common.retry')}
        </Button>
      )}
    </ErrorBlock>
  );
}
