// Types of scripts/check-node.mjs for the TypeScript that imports it (the vitest configs, tests).
export declare const MINIMUM_NODE_MAJOR: number;
