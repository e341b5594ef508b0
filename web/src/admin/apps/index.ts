export { AppsPage } from './apps-page';
