export { DepartmentSelect } from './department-select';
export { DirectoryPage } from './directory-page';
export { useDepartments, type Department } from './directory.queries';
export { MemberPicker } from './member-picker';
