import { Button, List, NavBar, Popup, Tag, Toast } from 'antd-mobile';
import { lazy, Suspense, useState } from 'react';
import { useI18n } from '../../i18n/i18n-context';
import type { MemberSession } from '../auth';
import { NameAvatar } from '../chats/conversation-avatar';
import { useOpenDirect } from '../chats/chats.queries';
import { rememberDmPeer } from '../chats/dm-peers';
import { goBack, navigate } from '../layout/member-route';
import { describeError } from '../../shared/describe-error';
import { LoadError, Loading } from '../ui/page-states';
import { useMemberCard } from './contacts.queries';
import { toVCard } from './vcard';

const CardQr = lazy(() => import('./card-qr'));

/** A member's profile: who they are, their e-business card, and "send message". */
export function ProfilePage({ userId, session }: { userId: string; session: MemberSession }) {
  const { t } = useI18n();
  const card = useMemberCard(userId);
  const openDirect = useOpenDirect();
  const [showCard, setShowCard] = useState(false);

  const message = () =>
    openDirect.mutate(userId, {
      onSuccess: ({ conversation }) => {
        rememberDmPeer(conversation, userId);
        navigate({ name: 'chat', conversation });
      },
      onError: (error) => Toast.show({ icon: 'fail', content: describeError(error, t) }),
    });

  const member = card.data;
  return (
    <div className="m-tab-page">
      <NavBar onBack={() => goBack({ name: 'contacts' })}>{t('m.profile.title')}</NavBar>
      <div className="m-scroll">
        {card.isPending ? (
          <Loading />
        ) : card.isError || !member ? (
          <LoadError error={card.error} onRetry={() => void card.refetch()} />
        ) : (
          <>
            <div className="m-profile-head">
              <NameAvatar name={member.name} imageUrl={member.avatar || undefined} size={64} />
              <div>
                <div className="m-profile-name">
                  {member.name}
                  {member.kind === 'external' && (
                    <Tag color="warning" fill="outline">
                      {t('m.profile.external')}
                    </Tag>
                  )}
                </div>
                <div className="m-muted">{member.position}</div>
              </div>
            </div>
            <List>
              {member.kind === 'external' && member.externalCorpName && (
                <List.Item extra={member.externalCorpName}>{t('m.profile.company')}</List.Item>
              )}
              <List.Item extra={member.departments.map((d) => d.name).join('、') || '—'}>
                {t('m.profile.department')}
              </List.Item>
              {member.mobile && (
                <List.Item extra={<a href={`tel:${member.mobile}`}>{member.mobile}</a>}>
                  {t('m.profile.mobile')}
                </List.Item>
              )}
              {member.email && (
                <List.Item extra={<a href={`mailto:${member.email}`}>{member.email}</a>}>
                  {t('m.profile.email')}
                </List.Item>
              )}
              <List.Item onClick={() => setShowCard(true)}>{t('m.profile.card')}</List.Item>
            </List>
            <div className="m-sheet-actions">
              <Button
                block
                color="primary"
                data-testid="profile-message"
                loading={openDirect.isPending}
                onClick={message}
              >
                {t('m.profile.message')}
              </Button>
            </div>
            <Popup visible={showCard} onMaskClick={() => setShowCard(false)} bodyClassName="m-sheet">
              <div className="m-business-card">
                <div className="m-profile-name">{member.name}</div>
                <div className="m-muted">{[member.position, session.org.name].filter(Boolean).join(' · ')}</div>
                <Suspense fallback={<Loading />}>
                  <CardQr value={toVCard(member, session.org.name)} />
                </Suspense>
                <div className="m-muted">{t('m.profile.cardHint')}</div>
              </div>
            </Popup>
          </>
        )}
      </div>
    </div>
  );
}
