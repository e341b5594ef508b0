import { Button, Dialog, List, NavBar, Tag } from 'antd-mobile';
import { useI18n } from '../../i18n/i18n-context';
import { useDevices, useEndDevice } from '../auth';
import { goBack } from '../layout/member-route';
import { formatDateTime } from '../ui/format-time';
import { LoadError, Loading } from '../ui/page-states';

/** Where this member is signed in; any other device can be signed out from here. */
export function DevicesPage() {
  const { t, locale } = useI18n();
  const devices = useDevices();
  const end = useEndDevice();

  const confirmEnd = async (id: number) => {
    if (await Dialog.confirm({ content: t('m.devices.signOutConfirm') })) end.mutate(id);
  };

  return (
    <div className="m-tab-page">
      <NavBar onBack={() => goBack({ name: 'me' })}>{t('m.me.devices')}</NavBar>
      <div className="m-scroll">
        {devices.isPending ? (
          <Loading />
        ) : devices.isError ? (
          <LoadError error={devices.error} onRetry={() => void devices.refetch()} />
        ) : (
          <List>
            {devices.data.map((d) => (
              <List.Item
                key={d.id}
                data-testid={`device-${d.id}`}
                description={t('m.devices.times', {
                  signedIn: formatDateTime(d.signedInAt, locale),
                  lastSeen: formatDateTime(d.lastSeenAt, locale),
                })}
                extra={
                  d.current ? (
                    <Tag color="success">{t('m.devices.current')}</Tag>
                  ) : (
                    <Button size="mini" color="danger" fill="outline" onClick={() => void confirmEnd(d.id)}>
                      {t('m.devices.signOut')}
                    </Button>
                  )
                }
              >
                <span className="m-device">{d.device}</span>
              </List.Item>
            ))}
          </List>
        )}
      </div>
    </div>
  );
}
