import { Button, List, NavBar } from 'antd-mobile';
import { TeamOutline } from 'antd-mobile-icons';
import { useI18n } from '../../i18n/i18n-context';
import { goBack, navigate } from '../layout/member-route';
import { EmptyState, LoadError, Loading } from '../ui/page-states';
import { useDepartmentMembers, useDepartments } from './contacts.queries';
import { childDepartments, departmentPath } from './department-tree';
import { MemberListItem } from './member-list-item';

/** One department: its sub-departments, then its members a page at a time. */
export function DepartmentPage({ departmentId }: { departmentId: number }) {
  const { t } = useI18n();
  const departments = useDepartments();
  const members = useDepartmentMembers(departmentId);
  const all = departments.data ?? [];
  const path = departmentPath(all, departmentId);
  const current = path[path.length - 1];
  const children = childDepartments(all, departmentId);
  const loaded = members.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <div className="m-tab-page">
      <NavBar onBack={() => goBack({ name: 'contacts' })}>{current?.name ?? t('m.tab.contacts')}</NavBar>
      {path.length > 1 && (
        <div className="m-breadcrumb">
          {path.map((d, i) => (
            <span key={d.id}>
              {i > 0 && ' / '}
              <button
                type="button"
                className="m-link-button"
                onClick={() => navigate({ name: 'department', id: d.id })}
              >
                {d.name}
              </button>
            </span>
          ))}
        </div>
      )}
      <div className="m-scroll">
        {children.length > 0 && (
          <List>
            {children.map((d) => (
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
        {members.isPending ? (
          <Loading />
        ) : members.isError ? (
          <LoadError error={members.error} onRetry={() => void members.refetch()} />
        ) : loaded.length === 0 && children.length === 0 ? (
          <EmptyState title={t('m.contacts.emptyDepartment')} />
        ) : (
          <List
            header={
              loaded.length > 0 ? t('m.contacts.members', { count: members.data.pages[0]?.total ?? 0 }) : undefined
            }
          >
            {loaded.map((m) => (
              <MemberListItem key={m.userId} member={m} />
            ))}
          </List>
        )}
        {members.hasNextPage && (
          <div className="m-sheet-actions">
            <Button block fill="none" loading={members.isFetchingNextPage} onClick={() => void members.fetchNextPage()}>
              {t('m.common.loadMore')}
            </Button>
          </div>
        )}
      </div>
    </div>
  );
}
