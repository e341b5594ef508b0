import { List, NavBar, SearchBar } from 'antd-mobile';
import { TeamOutline } from 'antd-mobile-icons';
import { useState } from 'react';
import { useI18n } from '../../i18n/i18n-context';
import { navigate } from '../layout/member-route';
import { EmptyState, LoadError, Loading } from '../ui/page-states';
import { nativeTestId } from '../ui/test-id';
import { useDebouncedValue } from '../ui/use-debounced-value';
import { useDepartments, useMemberSearch } from './contacts.queries';
import { rootDepartments } from './department-tree';
import { MemberListItem } from './member-list-item';

/** The contacts tab: search by name, pinyin, initials, mobile or email; else the department tree. */
export function ContactsPage() {
  const { t } = useI18n();
  const [query, setQuery] = useState('');
  const debounced = useDebouncedValue(query.trim(), 300);
  const departments = useDepartments();
  const search = useMemberSearch(debounced);

  return (
    <div className="m-tab-page">
      <NavBar backIcon={false}>{t('m.tab.contacts')}</NavBar>
      <div className="m-search">
        <SearchBar
          ref={nativeTestId('contacts-search')}
          value={query}
          onChange={setQuery}
          placeholder={t('m.contacts.searchPlaceholder')}
        />
      </div>
      <div className="m-scroll">
        {debounced ? (
          search.isError ? (
            <LoadError error={search.error} />
          ) : search.isPending ? (
            <Loading />
          ) : search.data.length === 0 ? (
            <EmptyState title={t('m.contacts.noMatch')} />
          ) : (
            <List>
              {search.data.map((m) => (
                <MemberListItem key={m.userId} member={m} />
              ))}
            </List>
          )
        ) : departments.isPending ? (
          <Loading />
        ) : departments.isError ? (
          <LoadError error={departments.error} onRetry={() => void departments.refetch()} />
        ) : departments.data.length === 0 ? (
          <EmptyState title={t('m.contacts.empty')} />
        ) : (
          <List header={t('m.contacts.departments')}>
            {rootDepartments(departments.data).map((d) => (
              <List.Item
                key={d.id}
                prefix={<TeamOutline fontSize={22} />}
                extra={d.memberCount}
                onClick={() => navigate({ name: 'department', id: d.id })}
              >
                {d.name}
              </List.Item>
            ))}
          </List>
        )}
      </div>
    </div>
  );
}
