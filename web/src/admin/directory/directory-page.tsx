import { SearchOutlined, UserAddOutlined } from '@ant-design/icons';
import { Button, Card, Col, Flex, Input, Row, Switch, Typography, type InputRef } from 'antd';
import { useEffect, useRef, useState, type RefObject } from 'react';
import { useI18n } from '../../i18n/i18n-context';
import { useDebouncedValue } from '../ui/use-debounced-value';
import { DepartmentPanel } from './department-panel';
import { buildDepartmentTree } from './department-tree';
import { useDepartments, useMemberSearch, useMembers, type Member } from './directory.queries';
import { MemberDrawer } from './member-drawer';
import { MembersEmpty, MembersTable } from './members-table';

const PAGE_SIZES = [20, 50, 100];
const SEARCH_DEBOUNCE_MS = 200;

function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** "/" anywhere outside a text field focuses the search box. */
function useSlashToFocus(ref: RefObject<InputRef | null>) {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey || isTypingTarget(event.target)) return;
      event.preventDefault();
      ref.current?.focus();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [ref]);
}

export function DirectoryPage() {
  const { t } = useI18n();
  const departments = useDepartments();
  const [pickedId, setPickedId] = useState<number | null>(null);
  const [recursive, setRecursive] = useState(false);
  const [page, setPage] = useState({ current: 1, pageSize: 20 });
  const [query, setQuery] = useState('');
  const [editing, setEditing] = useState<{ member: Member | null } | null>(null);
  const searchRef = useRef<InputRef>(null);
  useSlashToFocus(searchRef);

  const list = departments.data ?? [];
  // The picked department if it still exists, else the first root.
  const selected = list.find((d) => d.id === pickedId) ?? buildDepartmentTree(list)[0]?.department ?? null;

  const debouncedQuery = useDebouncedValue(query.trim(), SEARCH_DEBOUNCE_MS);
  const isSearching = debouncedQuery.length > 0;
  const members = useMembers({
    departmentId: selected?.id ?? null,
    recursive,
    limit: page.pageSize,
    offset: (page.current - 1) * page.pageSize,
  });
  const search = useMemberSearch(debouncedQuery);

  const selectDepartment = (id: number) => {
    setPickedId(id);
    setPage((p) => ({ ...p, current: 1 }));
    setQuery('');
  };

  const emptyHint = isSearching
    ? t('directory.noSearchResults', { q: debouncedQuery })
    : selected
      ? t('directory.noMembersHint')
      : t('directory.noDepartmentSelected');

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} md={9} lg={7}>
        <DepartmentPanel selected={selected} onSelect={selectDepartment} />
      </Col>
      <Col xs={24} md={15} lg={17}>
        <Card size="small">
          <Flex gap={12} wrap align="center" style={{ marginBottom: 12 }}>
            <Input
              ref={searchRef}
              allowClear
              prefix={<SearchOutlined />}
              placeholder={t('directory.searchPlaceholder')}
              value={query}
              onChange={(e) => setQuery(e.target.value)}
              onKeyDown={(e) => e.key === 'Escape' && setQuery('')}
              style={{ flex: '1 1 240px', maxWidth: 420 }}
              data-testid="member-search"
            />
            <Flex gap={8} align="center" style={{ flex: '1 1 auto' }}>
              <Switch
                size="small"
                checked={recursive}
                disabled={isSearching}
                onChange={(checked) => {
                  setRecursive(checked);
                  setPage((p) => ({ ...p, current: 1 }));
                }}
                data-testid="include-subdepartments"
              />
              <Typography.Text type={isSearching ? 'secondary' : undefined}>
                {t('directory.includeSubDepartments')}
              </Typography.Text>
            </Flex>
            <Button
              type="primary"
              icon={<UserAddOutlined />}
              onClick={() => setEditing({ member: null })}
              data-testid="member-add"
            >
              {t('member.add')}
            </Button>
          </Flex>
          <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 8 }}>
            {isSearching
              ? t('directory.searchResultsFor', { q: debouncedQuery })
              : selected
                ? t('directory.membersOf', { name: selected.name })
                : ''}
          </Typography.Text>
          <MembersTable
            members={(isSearching ? search.data?.items : members.data?.items) ?? []}
            loading={isSearching ? search.isFetching : members.isFetching}
            pagination={
              isSearching
                ? { pageSize: 20, hideOnSinglePage: true }
                : {
                    current: page.current,
                    pageSize: page.pageSize,
                    total: members.data?.total ?? 0,
                    pageSizeOptions: PAGE_SIZES,
                    showSizeChanger: true,
                    showTotal: (total) => t('common.total', { total }),
                    onChange: (current, pageSize) =>
                      setPage((p) => ({ current: pageSize === p.pageSize ? current : 1, pageSize })),
                  }
            }
            empty={<MembersEmpty description={emptyHint} />}
            onEdit={(member) => setEditing({ member })}
          />
        </Card>
      </Col>
      {editing && (
        <MemberDrawer
          member={editing.member}
          defaultDepartmentId={selected?.id ?? null}
          onClose={() => setEditing(null)}
        />
      )}
    </Row>
  );
}
