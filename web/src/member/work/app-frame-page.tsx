import { NavBar } from 'antd-mobile';
import { MessageOutline } from 'antd-mobile-icons';
import { useRef } from 'react';
import { useI18n } from '../../i18n/i18n-context';
import { goBack, navigate } from '../layout/member-route';
import { EmptyState, Loading } from '../ui/page-states';
import { useAppBridge } from './use-app-bridge';
import { useApps } from './work.queries';

/** An app's web page inside the client, under a back bar, with the JS bridge (use-app-bridge.tsx). */
export function AppFramePage({ agentId }: { agentId: number }) {
  const { t } = useI18n();
  const apps = useApps();
  const app = apps.data?.find((a) => a.agentId === agentId);
  const url = app?.homeUrl && /^https?:\/\//i.test(app.homeUrl) ? app.homeUrl : null;
  // A page on Enclave's own origin must not get allow-same-origin: with scripts it could lift its sandbox.
  const sameOrigin = url !== null && new URL(url).origin === window.location.origin;
  const sandbox = `allow-scripts allow-forms allow-popups allow-downloads${sameOrigin ? '' : ' allow-same-origin'}`;
  const frame = useRef<HTMLIFrameElement>(null);
  const bridge = useAppBridge(frame, app, url);
  return (
    <div className="m-frame-page">
      <NavBar
        onBack={() => goBack({ name: 'work' })}
        right={
          <MessageOutline
            fontSize={22}
            aria-label={t('m.app.conversation')}
            onClick={() => navigate({ name: 'chat', conversation: `app:${agentId}` })}
          />
        }
      >
        {app?.name ?? ''}
      </NavBar>
      {apps.isPending ? (
        <Loading />
      ) : url ? (
        <iframe
          ref={frame}
          className="m-frame"
          src={url}
          title={app?.name ?? ''}
          sandbox={sandbox}
          referrerPolicy="strict-origin-when-cross-origin"
        />
      ) : (
        <EmptyState title={t('m.app.noPage')} />
      )}
      {bridge}
    </div>
  );
}
