// Types of scripts/dockerfile.mjs for test/deploy/dockerfile.test.ts.
export interface Instruction {
  keyword: string;
  args: string;
  line: number;
  flags: Record<string, string>;
  exec?: string[];
}
export interface Stage {
  name: string | undefined;
  from: string;
  instructions: Instruction[];
}
export declare function parseDockerfile(text: string): { args: Record<string, string>; stages: Stage[] };
export declare function readDockerfile(path: string): { args: Record<string, string>; stages: Stage[] };
export declare function stageEnv(stage: Stage): Record<string, string>;
export declare function stageCopies(stage: Stage): { from: string | undefined; sources: string[]; dest: string; line: number }[];
