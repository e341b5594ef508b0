export { importRoutes } from './import.routes.js';
export { getImport, registerImportJobs, startImport, type ImportServices } from './import.jobs.js';
export { importMembers } from './member-import.js';
export { replaceDepartments } from './department-import.js';
export { exportMembersCsv } from './export.js';
