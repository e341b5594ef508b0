import { Button, Dialog, Input, List, NavBar, Tag, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useI18n } from '../../i18n/i18n-context';
import type { MemberSession } from '../auth';
import { goBack, navigate } from '../layout/member-route';
import { describeError } from '../../shared/describe-error';
import { Loading, LoadError } from '../ui/page-states';
import { nativeTestId } from '../ui/test-id';
import { ContactPickerSheet } from '../work/contact-picker-sheet';
import { useGroup, useUpdateGroup } from './chats.queries';

type GroupChange = { name?: string; addUserIds?: string[]; removeUserIds?: string[]; owner?: string };

/** A group's settings: rename, members (add; the owner removes and hands over), leave. */
export function GroupSettingsPage({ groupId, session }: { groupId: string; session: MemberSession }) {
  const { t } = useI18n();
  const me = session.member.userId;
  const group = useGroup(groupId);
  const update = useUpdateGroup(groupId);
  const [draft, setDraft] = useState<string | null>(null);
  const [picking, setPicking] = useState(false);
  const conversation = `group:${groupId}`;

  if (group.isPending) return <Loading />;
  if (group.isError) return <LoadError error={group.error} onRetry={() => void group.refetch()} />;
  const info = group.data;
  const isOwner = info.owner === me;
  const name = draft ?? info.name;

  const change = (body: GroupChange, then?: () => void) =>
    update.mutate(body, {
      onSuccess: () => {
        Toast.show({ icon: 'success', content: t('m.group.saved') });
        then?.();
      },
      onError: (error) => Toast.show({ icon: 'fail', content: describeError(error, t) }),
    });
  const confirm = async (content: string, body: GroupChange, then?: () => void) => {
    if (await Dialog.confirm({ content })) change(body, then);
  };
  const rename = () => {
    const value = name.trim();
    if (value && value !== info.name) change({ name: value }, () => setDraft(null));
  };

  return (
    <div className="m-tab-page" data-testid="group-settings">
      <NavBar onBack={() => goBack({ name: 'chat', conversation })}>{t('m.group.settings')}</NavBar>
      <div className="m-scroll">
        <List header={t('m.group.rename')}>
          <List.Item
            extra={
              <Button
                size="small"
                color="primary"
                data-testid="group-rename-save"
                disabled={!name.trim() || name.trim() === info.name}
                loading={update.isPending}
                onClick={rename}
              >
                {t('m.group.save')}
              </Button>
            }
          >
            <Input
              ref={nativeTestId('group-rename')}
              value={name}
              onChange={setDraft}
              onEnterPress={rename}
              maxLength={50}
              placeholder={t('m.group.namePlaceholder')}
            />
          </List.Item>
        </List>
        <List header={t('m.group.members', { count: info.members.length })}>
          {info.members.map((m) => (
            <List.Item
              key={m.userId}
              data-testid={`group-member-${m.userId}`}
              extra={
                isOwner && m.userId !== me ? (
                  <div className="m-row-actions">
                    <Button
                      size="mini"
                      data-testid={`group-owner-${m.userId}`}
                      onClick={() => void confirm(t('m.group.makeOwnerConfirm', { name: m.name }), { owner: m.userId })}
                    >
                      {t('m.group.makeOwner')}
                    </Button>
                    <Button
                      size="mini"
                      color="danger"
                      fill="outline"
                      data-testid={`group-remove-${m.userId}`}
                      onClick={() =>
                        void confirm(t('m.group.removeConfirm', { name: m.name }), { removeUserIds: [m.userId] })
                      }
                    >
                      {t('m.group.remove')}
                    </Button>
                  </div>
                ) : null
              }
            >
              {m.name}
              {m.userId === me && <span className="m-muted"> ({t('m.group.you')})</span>}{' '}
              {m.userId === info.owner && (
                <Tag color="primary" fill="outline">
                  {t('m.group.owner')}
                </Tag>
              )}
            </List.Item>
          ))}
          <List.Item data-testid="group-add" onClick={() => setPicking(true)}>
            + {t('m.group.add')}
          </List.Item>
        </List>
        <div className="m-sheet-actions">
          <Button
            block
            color="danger"
            data-testid="group-leave"
            onClick={() =>
              void confirm(t('m.group.leaveConfirm'), { removeUserIds: [me] }, () => navigate({ name: 'chats' }))
            }
          >
            {t('m.group.leave')}
          </Button>
        </div>
      </div>
      {picking && (
        <ContactPickerSheet
          options={{ mode: 'multi', types: ['user'], fromDepartmentId: 0 }}
          onDone={(picked) => {
            setPicking(false);
            const present = new Set(info.members.map((m) => m.userId));
            const ids = (picked?.userList ?? []).map((u) => u.id).filter((id) => !present.has(id));
            if (ids.length > 0) change({ addUserIds: ids });
          }}
        />
      )}
    </div>
  );
}
