import { Select, Spin } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../i18n/i18n-context';
import { useDebouncedValue } from '../ui/use-debounced-value';
import { useMemberSearch } from './directory.queries';

interface MemberPickerProps {
  value?: string[];
  onChange?: (userIds: string[]) => void;
  testId?: string;
}

/** Pick members by userId, searching by name, pinyin, initials, mobile, email or userId. */
export function MemberPicker({ value, onChange, testId }: MemberPickerProps) {
  const { t } = useI18n();
  const [query, setQuery] = useState('');
  const debounced = useDebouncedValue(query, 200);
  const search = useMemberSearch(debounced, 20);
  const options = (debounced.trim() ? (search.data?.items ?? []) : []).map((m) => ({
    value: m.userId,
    label: `${m.name} (${m.userId})`,
  }));

  return (
    <Select<string[]>
      mode="multiple"
      data-testid={testId}
      value={value}
      onChange={(userIds) => onChange?.(userIds)}
      options={options}
      showSearch={{ filterOption: false, onSearch: setQuery }}
      onOpenChange={(open) => !open && setQuery('')}
      notFoundContent={search.isFetching ? <Spin size="small" /> : t('directory.typeToSearch')}
      placeholder={t('tags.pickMembers')}
      style={{ width: '100%' }}
    />
  );
}
