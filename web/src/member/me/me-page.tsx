import { Button, Dialog, List, NavBar, Switch, Toast } from 'antd-mobile';
import { BellOutline, EnvironmentOutline, GlobalOutline, LockOutline } from 'antd-mobile-icons';
import { useState } from 'react';
import { useI18n } from '../../i18n/i18n-context';
import { useSignOut, type MemberSession } from '../auth';
import { NameAvatar } from '../chats/conversation-avatar';
import { navigate } from '../layout/member-route';
import { notificationPermission, requestNotificationPermission } from '../pwa/notifications';
import { useInboxStore } from '../sync';
import { isSharingLocation, locationSupported, startSharingLocation, stopSharingLocation } from './location-sharing';

/** The me tab: profile, devices, language, notifications, location sharing and sign-out. */
export function MePage({ session }: { session: MemberSession }) {
  const { t, locale, setLocale } = useI18n();
  const signOut = useSignOut();
  const store = useInboxStore();
  const [permission, setPermission] = useState(notificationPermission);
  const { member, org } = session;
  const [sharing, setSharing] = useState(isSharingLocation);
  const [locationBusy, setLocationBusy] = useState(false);

  const toggleLocation = async (on: boolean) => {
    if (on && !(await Dialog.confirm({ title: t('m.me.location'), content: t('m.me.locationConsent') }))) return;
    setLocationBusy(true);
    try {
      if (on) await startSharingLocation();
      else await stopSharingLocation();
      setSharing(on);
      Toast.show({ content: t(on ? 'm.me.locationOn' : 'm.me.locationOff') });
    } catch {
      setSharing(isSharingLocation());
      Toast.show({ content: t('m.me.locationFailed') });
    } finally {
      setLocationBusy(false);
    }
  };

  const enableNotifications = async () => {
    const result = await requestNotificationPermission();
    setPermission(result);
    if (result === 'denied') Toast.show({ content: t('m.me.notificationsDenied') });
  };

  const confirmSignOut = async () => {
    if (!(await Dialog.confirm({ content: t('m.me.signOutConfirm') }))) return;
    // This device keeps no messages once signed out.
    await store.clear();
    signOut.mutate(undefined, { onSettled: () => window.location.replace('/m/') });
  };

  return (
    <div className="m-tab-page">
      <NavBar backIcon={false}>{t('m.tab.me')}</NavBar>
      <div className="m-scroll">
        <div className="m-profile-head">
          <NameAvatar name={member.name} imageUrl={member.avatar || undefined} size={64} />
          <div>
            <div className="m-profile-name">{member.name}</div>
            <div className="m-muted">{[member.position, org.name].filter(Boolean).join(' · ')}</div>
            <div className="m-muted">{member.userId}</div>
          </div>
        </div>
        <List>
          <List.Item onClick={() => navigate({ name: 'member', userId: member.userId })}>{t('m.me.myCard')}</List.Item>
          <List.Item prefix={<LockOutline />} onClick={() => navigate({ name: 'devices' })}>
            {t('m.me.devices')}
          </List.Item>
          <List.Item
            prefix={<GlobalOutline />}
            extra={
              <span className="m-lang">
                <Button size="mini" color={locale === 'zh' ? 'primary' : 'default'} onClick={() => setLocale('zh')}>
                  中文
                </Button>
                <Button size="mini" color={locale === 'en' ? 'primary' : 'default'} onClick={() => setLocale('en')}>
                  English
                </Button>
              </span>
            }
          >
            {t('m.me.language')}
          </List.Item>
          <List.Item
            prefix={<BellOutline />}
            description={
              permission === 'unsupported' ? t('m.me.notificationsUnsupported') : t('m.me.notificationsHint')
            }
            extra={
              <Switch
                checked={permission === 'granted'}
                disabled={permission === 'unsupported' || permission === 'granted'}
                onChange={(on) => void (on && enableNotifications())}
              />
            }
          >
            {t('m.me.notifications')}
          </List.Item>
          <List.Item
            prefix={<EnvironmentOutline />}
            description={locationSupported() ? t('m.me.locationHint') : t('m.me.locationUnsupported')}
            extra={
              <Switch
                data-testid="me-share-location"
                checked={sharing}
                loading={locationBusy}
                disabled={!locationSupported()}
                onChange={(on) => void toggleLocation(on)}
              />
            }
          >
            {t('m.me.location')}
          </List.Item>
        </List>
        <div className="m-sheet-actions">
          <Button block color="danger" fill="outline" loading={signOut.isPending} onClick={() => void confirmSignOut()}>
            {t('m.me.signOut')}
          </Button>
        </div>
      </div>
    </div>
  );
}
