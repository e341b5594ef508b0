import { TreeSelect } from 'antd';
import { useMemo } from 'react';
import { useI18n } from '../../i18n/i18n-context';
import { buildDepartmentTree, collectSubtreeIds, toTreeSelectData } from './department-tree';
import { useDepartments } from './directory.queries';

interface DepartmentSelectProps<V> {
  value?: V;
  onChange?: (value: V) => void;
  multiple?: boolean;
  placeholder?: string;
  /** This department and its descendants can't be chosen (moving a department under itself). */
  excludeSubtreeOf?: number;
  testId?: string;
}

/** Department picker for forms (single or multiple), fed by the departments query. */
export function DepartmentSelect<V extends number | number[]>(props: DepartmentSelectProps<V>) {
  const { t } = useI18n();
  const departments = useDepartments();
  const { excludeSubtreeOf } = props;
  const treeData = useMemo(() => {
    const list = departments.data ?? [];
    const disabled = excludeSubtreeOf === undefined ? undefined : collectSubtreeIds(list, excludeSubtreeOf);
    return toTreeSelectData(buildDepartmentTree(list), disabled);
  }, [departments.data, excludeSubtreeOf]);

  return (
    <TreeSelect<V>
      data-testid={props.testId}
      value={props.value}
      onChange={(value) => props.onChange?.(value)}
      treeData={treeData}
      multiple={props.multiple}
      loading={departments.isPending}
      placeholder={props.placeholder ?? t('directory.chooseDepartment')}
      treeDefaultExpandAll
      showSearch={{ treeNodeFilterProp: 'title' }}
      allowClear
      style={{ width: '100%' }}
    />
  );
}
