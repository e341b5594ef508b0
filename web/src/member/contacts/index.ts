export { ContactsPage } from './contacts-page';
export { DepartmentPage } from './department-page';
export { ProfilePage } from './profile-page';
export { useMemberCard, useMemberSearch } from './contacts.queries';
export type { MemberCard } from './contacts.queries';
