import { Grid, NavBar, PullToRefresh } from 'antd-mobile';
import { useI18n } from '../../i18n/i18n-context';
import { NameAvatar } from '../chats/conversation-avatar';
import { navigate } from '../layout/member-route';
import { EmptyState, LoadError, Loading } from '../ui/page-states';
import { useApps, type MemberApp } from './work.queries';

/** Opens an app: its web page when it has one, else its conversation. */
export function openApp(app: MemberApp): void {
  if (app.homeUrl) navigate({ name: 'app', agentId: app.agentId });
  else navigate({ name: 'chat', conversation: `app:${app.agentId}` });
}

/** The workbench tab: the apps this member may use, asked for again each time the tab opens. */
export function WorkPage() {
  const { t } = useI18n();
  const apps = useApps({ fresh: true });
  return (
    <div className="m-tab-page">
      <NavBar backIcon={false}>{t('m.tab.work')}</NavBar>
      <div className="m-scroll">
        <PullToRefresh onRefresh={async () => void (await apps.refetch())}>
          {apps.isPending ? (
            <Loading />
          ) : apps.isError ? (
            <LoadError error={apps.error} onRetry={() => void apps.refetch()} />
          ) : apps.data.length === 0 ? (
            <EmptyState title={t('m.work.empty')} description={t('m.work.emptyHint')} />
          ) : (
            <Grid columns={4} gap={8} className="m-app-grid">
              {apps.data.map((app) => (
                <Grid.Item key={app.agentId} onClick={() => openApp(app)} data-testid={`app-item-${app.agentId}`}>
                  <div className="m-app-tile">
                    <NameAvatar name={app.name} imageUrl={app.logoUrl || undefined} size={44} />
                    <span className="m-ellipsis">{app.name}</span>
                  </div>
                </Grid.Item>
              ))}
            </Grid>
          )}
        </PullToRefresh>
      </div>
    </div>
  );
}
