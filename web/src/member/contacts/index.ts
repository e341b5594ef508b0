export { ContactsPage } from './contacts-page';
export { DepartmentPage } from './department-page';
export { ProfilePage } from './profile-page';
export { useDepartments, useMemberCard, useMemberSearch } from './contacts.queries';
export type { Department, MemberCard } from './contacts.queries';
