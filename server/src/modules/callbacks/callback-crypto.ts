export * from '@enclave/sdk/crypto';
