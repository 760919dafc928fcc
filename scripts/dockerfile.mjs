/**
 * A small Dockerfile reader for the repository's own Dockerfile (test/deploy/dockerfile.test.ts and
 * scripts/check-image.mjs): instructions with their line continuations joined, grouped into stages, global ARG
 * defaults substituted in FROM, exec-form (JSON) arguments parsed. Enough for what those two need, not a full
 * implementation of the Dockerfile grammar (no heredocs, no escape directive).
 */
import { readFileSync } from 'node:fs';

/**
 * @typedef {{ keyword: string, args: string, line: number, flags: Record<string, string>, exec?: string[] }} Instruction
 * @typedef {{ name: string | undefined, from: string, instructions: Instruction[] }} Stage
 */

/** `--from=build --chown=x` at the start of the arguments, and the rest. */
function splitFlags(args) {
  const flags = {};
  let rest = args;
  for (let m = rest.match(/^--([a-z-]+)=(\S+)\s+/); m; m = rest.match(/^--([a-z-]+)=(\S+)\s+/)) {
    flags[m[1]] = m[2];
    rest = rest.slice(m[0].length);
  }
  return { flags, rest };
}

function execForm(text) {
  if (!text.startsWith('[')) return undefined;
  try {
    const v = JSON.parse(text);
    return Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : undefined;
  } catch {
    return undefined;
  }
}

/** @returns {{ args: Record<string, string>, stages: Stage[] }} */
export function parseDockerfile(text) {
  const instructions = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const start = i;
    let line = lines[i];
    if (/^\s*(#.*)?$/.test(line)) continue;
    while (/\\\s*$/.test(line) && i + 1 < lines.length) {
      line = line.replace(/\\\s*$/, ' ');
      i++;
      // Comment lines inside a continuation are dropped, as Docker does.
      if (!/^\s*#/.test(lines[i])) line += lines[i].trim();
    }
    const m = line.trim().match(/^(\S+)\s*(.*)$/);
    const keyword = m[1].toUpperCase();
    const { flags, rest } = splitFlags(m[2].trim());
    const ins = { keyword, args: rest, line: start + 1, flags };
    const exec = execForm(keyword === 'HEALTHCHECK' ? rest.replace(/^CMD\s+/, '') : rest);
    if (exec && ['CMD', 'ENTRYPOINT', 'RUN', 'HEALTHCHECK'].includes(keyword)) ins.exec = exec;
    instructions.push(ins);
  }
  const args = {};
  const stages = [];
  for (const ins of instructions) {
    if (ins.keyword === 'FROM') {
      const m = ins.args.match(/^(\S+)(?:\s+AS\s+(\S+))?$/i);
      const from = m[1].replace(/\$\{(\w+)\}|\$(\w+)/g, (_, a, b) => args[a ?? b] ?? '');
      stages.push({ name: m[2], from, instructions: [] });
    } else if (stages.length === 0 && ins.keyword === 'ARG') {
      const [name, value = ''] = ins.args.split('=');
      args[name] = value;
    } else if (stages.length > 0) {
      stages.at(-1).instructions.push(ins);
    }
  }
  return { args, stages };
}

export function readDockerfile(path) {
  return parseDockerfile(readFileSync(path, 'utf8'));
}

/** ENV instructions of a stage, as a map (`ENV A=1 B=2` and `ENV A 1`). */
export function stageEnv(stage) {
  const env = {};
  for (const ins of stage.instructions.filter((i) => i.keyword === 'ENV')) {
    const pairs = ins.args.match(/(\w+)=("[^"]*"|\S+)/g);
    if (pairs) for (const p of pairs) env[p.slice(0, p.indexOf('='))] = p.slice(p.indexOf('=') + 1).replace(/^"|"$/g, '');
    else {
      const [k, ...v] = ins.args.split(/\s+/);
      env[k] = v.join(' ');
    }
  }
  return env;
}

/** COPY instructions of a stage: sources (relative to the context or to the stage named by --from) and the destination. */
export function stageCopies(stage) {
  return stage.instructions
    .filter((i) => i.keyword === 'COPY')
    .map((i) => {
      const parts = i.exec ?? i.args.split(/\s+/);
      return { from: i.flags.from, sources: parts.slice(0, -1), dest: parts.at(-1), line: i.line };
    });
}
