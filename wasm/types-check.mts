// types-check.mts: never run; tsc (scripts/test's typecheck step) reads it to prove that
// the JavaScript modules provide what polarcad.d.ts declares. './polarcad.js' resolves to
// the hand-written polarcad.d.ts, './polarcad.mjs' to the code and its JSDoc types, so
// the assignment fails to typecheck when the two drift apart.
import type * as Declared from './polarcad.js';
import * as Implemented from './polarcad.mjs';

export const implementationMatchesDeclarations: typeof Declared = Implemented;
