import { describe } from 'vitest';
import { countersContract } from '../testing/counters-contract.js';
import { MemoryCounters } from './counters.js';

describe('counters in one process', () => {
  const counters = new MemoryCounters();
  let n = 0;
  countersContract(
    () => counters,
    (name) => `${name}:${(n += 1)}`,
  );
});
