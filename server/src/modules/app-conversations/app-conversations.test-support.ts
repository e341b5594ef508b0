/** Tests only: a member's last reported location, written as the client's report would. */
export { saveLocation } from './app-conversations.repository.js';
