/** Fuzzes the sale's entry points on real Redis (see run-entry.ts for the property). */
import { describe } from 'vitest';
import { fuzzEntries } from './run-entry.js';

describe('fuzzing the sale', () => {
  fuzzEntries('fuzz-sale', [
    'new FlashSale',
    'preload',
    'tryPurchase',
    'confirm',
    'cancel',
    'expire',
    'restock',
    'stats',
    'userStatus',
    'reservation',
  ]);
});
