// Shared jest setup: ts-jest in ESM mode, decided once for the whole repo.
// Why ESM: @noble/* 2.x ship ESM only, so tests must load real ES modules
// (run with `node --experimental-vm-modules`); see README "Testing".
import { createDefaultEsmPreset } from 'ts-jest';

const preset = createDefaultEsmPreset({ tsconfig: '<rootDir>/tsconfig.test.json' });

/** @type {import('jest').Config} */
export default {
  ...preset,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  // Source files import siblings as `./x.js` (NodeNext); map them back to the .ts source.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  extensionsToTreatAsEsm: ['.ts'],
  testTimeout: 30_000,
};
