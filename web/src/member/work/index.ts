export { AppFramePage } from './app-frame-page';
export { openApp, WorkPage } from './work-page';
export { useApp, useAppEvent, useApps } from './work.queries';
export type { MemberApp, MenuItem } from './work.queries';
export { ContactPickerSheet } from './contact-picker-sheet';
