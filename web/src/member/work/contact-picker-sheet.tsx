import { Button, List, Popup, SearchBar } from 'antd-mobile';
import { CheckOutline } from 'antd-mobile-icons';
import { useEffect, useMemo, useState } from 'react';
import { useI18n } from '../../i18n/i18n-context';
import { NameAvatar } from '../chats/conversation-avatar';
import { useDepartments, useMemberSearch, type Department } from '../contacts/contacts.queries';
import type { ContactOptions, PickedContacts } from './bridge-host';

type User = PickedContacts['userList'][number];
type Dept = PickedContacts['departmentList'][number];

/** The department and those under it (the whole org for 0). */
function subtree(all: Department[], rootId: number): Department[] {
  if (rootId === 0) return all;
  const keep = new Set([rootId]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const d of all) {
      if (keep.has(d.parentId) && !keep.has(d.id)) {
        keep.add(d.id);
        grew = true;
      }
    }
  }
  return all.filter((d) => keep.has(d.id));
}

/**
 * The bridge's selectEnterpriseContact: search people (the contacts search) and departments, pick one
 * (single: a tap answers) or several (multi: Done answers). `onDone(null)` is a cancel.
 */
export function ContactPickerSheet({
  options,
  onDone,
}: {
  options: ContactOptions;
  onDone: (picked: PickedContacts | null) => void;
}) {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const [debounced, setDebounced] = useState('');
  useEffect(() => {
    const timer = window.setTimeout(() => setDebounced(q.trim()), 250);
    return () => window.clearTimeout(timer);
  }, [q]);
  const users = useMemberSearch(options.types.includes('user') ? debounced : '');
  const departments = useDepartments();
  const [picked, setPicked] = useState<PickedContacts>({ userList: [], departmentList: [] });

  const deptMatches = useMemo(() => {
    if (!options.types.includes('department')) return [];
    const all = subtree(departments.data ?? [], options.fromDepartmentId);
    const needle = debounced.toLowerCase();
    return all.filter((d) => needle === '' || d.name.toLowerCase().includes(needle)).slice(0, 50);
  }, [departments.data, debounced, options.types, options.fromDepartmentId]);

  const isUserPicked = (id: string) => picked.userList.some((u) => u.id === id);
  const isDeptPicked = (id: number) => picked.departmentList.some((d) => d.id === id);
  const pickUser = (user: User) => {
    if (options.mode === 'single') return onDone({ userList: [user], departmentList: [] });
    setPicked((p) => ({
      ...p,
      userList: isUserPicked(user.id) ? p.userList.filter((u) => u.id !== user.id) : [...p.userList, user],
    }));
  };
  const pickDept = (dept: Dept) => {
    if (options.mode === 'single') return onDone({ userList: [], departmentList: [dept] });
    setPicked((p) => ({
      ...p,
      departmentList: isDeptPicked(dept.id)
        ? p.departmentList.filter((d) => d.id !== dept.id)
        : [...p.departmentList, dept],
    }));
  };
  const count = picked.userList.length + picked.departmentList.length;
  const tick = <CheckOutline color="var(--adm-color-primary)" />;

  return (
    <Popup visible onMaskClick={() => onDone(null)} bodyStyle={{ height: '80vh', overflowY: 'auto' }} destroyOnClose>
      <div className="m-sheet-head">
        <Button fill="none" onClick={() => onDone(null)}>
          {t('m.bridge.cancel')}
        </Button>
        <strong>{t('m.bridge.contactsTitle')}</strong>
        {options.mode === 'multi' ? (
          <Button fill="none" color="primary" disabled={count === 0} onClick={() => onDone(picked)}>
            {t('m.bridge.done', { count })}
          </Button>
        ) : (
          <span />
        )}
      </div>
      <div className="m-search">
        <SearchBar value={q} onChange={setQ} placeholder={t('m.bridge.contactsSearch')} />
      </div>
      {options.types.includes('user') && (
        <List header={t('m.bridge.members')}>
          {debounced === '' ? (
            <List.Item>{t('m.bridge.searchHint')}</List.Item>
          ) : (
            (users.data ?? []).map((m) => (
              <List.Item
                key={m.userId}
                data-testid={`bridge-user-${m.userId}`}
                prefix={<NameAvatar name={m.name} imageUrl={m.avatar || undefined} size={32} />}
                extra={isUserPicked(m.userId) ? tick : undefined}
                onClick={() => pickUser({ id: m.userId, name: m.name, avatar: m.avatar })}
              >
                {m.name}
              </List.Item>
            ))
          )}
        </List>
      )}
      {deptMatches.length > 0 && (
        <List header={t('m.bridge.departments')}>
          {deptMatches.map((d) => (
            <List.Item
              key={d.id}
              extra={isDeptPicked(d.id) ? tick : undefined}
              onClick={() => pickDept({ id: d.id, name: d.name })}
            >
              {d.name}
            </List.Item>
          ))}
        </List>
      )}
    </Popup>
  );
}
