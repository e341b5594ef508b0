export * from './departments/departments.service.js';
export { DepartmentTree } from './departments/department-tree.js';
export { departmentErrors } from './departments/departments.errors.js';
export * from './members/members.service.js';
export * from './members/members.read.js';
export { memberErrors } from './members/members.errors.js';
export type * from './members/members.types.js';
export type {
  MemberCreatedPayload,
  MemberDeletedPayload,
  MemberFacts,
  MemberUpdatedPayload,
} from './members/members.events.js';
export { loadByIds as loadMembersByIds, idsByUserIds } from './members/members.repository.js';
export * from './tags/tags.service.js';
export { tagErrors } from './tags/tags.errors.js';
export { canWriteDirectory, managedRoot } from './directory.policy.js';
export { departmentRoutes } from './departments/departments.routes.js';
export { memberRoutes } from './members/members.routes.js';
export { tagRoutes } from './tags/tags.routes.js';
export { clientDirectoryRoutes } from './client-directory.routes.js';
export { forgetCachedMembers, onMembersWritten } from './members/member-cache.js';
export * from './import/index.js';
export { directoryModule } from './directory.module.js';
