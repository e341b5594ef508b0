export * from './access-tokens.service.js';
