/** Every command the bot knows, in the order `help` lists them. One file per command. */
import { aboutSpec } from './about.ts';
import { circuitsSpec } from './circuits.ts';
import { helpSpec } from './help.ts';
import type { CommandSpec } from './types.ts';

export const COMMANDS: readonly CommandSpec[] = [helpSpec, circuitsSpec, aboutSpec];
