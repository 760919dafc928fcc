// Types of scripts/build.mjs for the TypeScript that imports it (bench/startup.ts, tests).
export declare const DIST: string;
/** Why dist/ must be built, or undefined when it is up to date. */
export declare function staleness(): string | undefined;
export declare function build(opts?: { log?: (line: string) => void }): void;
export declare function ensureBuilt(opts?: { log?: (line: string) => void }): void;
export declare function ensureBuiltOrExit(): void;
