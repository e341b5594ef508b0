export { JoiningPage } from './joining-page';
