export { DevicesPage } from './devices-page';
export { MePage } from './me-page';
