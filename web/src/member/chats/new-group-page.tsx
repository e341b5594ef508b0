import { Button, CheckList, Form, Input, NavBar, SearchBar, Tag, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useI18n } from '../../i18n/i18n-context';
import { useMemberSearch } from '../contacts/contacts.queries';
import { goBack, navigate } from '../layout/member-route';
import { describeError } from '../../shared/describe-error';
import { useDebouncedValue } from '../ui/use-debounced-value';
import { useCreateGroup } from './chats.queries';

/** Starts a group chat: a name and members found by search. */
export function NewGroupPage() {
  const { t } = useI18n();
  const [name, setName] = useState('');
  const [query, setQuery] = useState('');
  const [picked, setPicked] = useState<Map<string, string>>(new Map());
  const search = useMemberSearch(useDebouncedValue(query, 300));
  const create = useCreateGroup();

  const toggle = (userId: string, memberName: string) =>
    setPicked((current) => {
      const next = new Map(current);
      if (next.has(userId)) next.delete(userId);
      else next.set(userId, memberName);
      return next;
    });

  const submit = () =>
    create.mutate(
      { name: name.trim(), userIds: [...picked.keys()] },
      {
        onSuccess: ({ conversation }) => navigate({ name: 'chat', conversation }),
        onError: (error) => Toast.show({ icon: 'fail', content: describeError(error, t) }),
      },
    );

  return (
    <div className="m-tab-page">
      <NavBar onBack={() => goBack({ name: 'chats' })}>{t('m.group.new')}</NavBar>
      <div className="m-scroll">
        <Form layout="horizontal">
          <Form.Item label={t('m.group.name')}>
            <Input value={name} onChange={setName} placeholder={t('m.group.namePlaceholder')} maxLength={50} />
          </Form.Item>
        </Form>
        <div className="m-picked">
          {[...picked].map(([userId, memberName]) => (
            <Tag key={userId} color="primary" fill="outline" onClick={() => toggle(userId, memberName)}>
              {memberName} ×
            </Tag>
          ))}
        </div>
        <div className="m-search">
          <SearchBar value={query} onChange={setQuery} placeholder={t('m.contacts.searchPlaceholder')} />
        </div>
        <CheckList multiple value={[...picked.keys()]}>
          {(search.data ?? []).map((m) => (
            <CheckList.Item key={m.userId} value={m.userId} onClick={() => toggle(m.userId, m.name)}>
              {m.name}
              <span className="m-muted"> {m.position}</span>
            </CheckList.Item>
          ))}
        </CheckList>
        <div className="m-sheet-actions">
          <Button
            block
            color="primary"
            disabled={picked.size === 0 || !name.trim()}
            loading={create.isPending}
            onClick={submit}
          >
            {t('m.group.create', { count: picked.size })}
          </Button>
        </div>
      </div>
    </div>
  );
}
