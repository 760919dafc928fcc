/**
 * The Dockerfile, read (scripts/dockerfile.mjs) rather than built: test machines have no usable Docker engine.
 * (On the issue-13 machine, `apt-get install docker.io` gives a dockerd that runs containers, but Docker Hub is
 * unreachable, so node:22-slim cannot be pulled. The image was built and run there once, by hand, on a stand-in
 * base of the same shape (Debian bookworm minbase, Node 22, npm 10, user node 1000; NODE_IMAGE build argument):
 * health "healthy", /readyz 200, `docker stop` exit code 0.) What the runtime stage holds is tested by running it:
 * scripts/check-image.mjs rebuilds that stage in a temporary folder (its COPYs and RUNs as written, npm ci
 * included) and starts the server as a non-root user (.ci/run runs it; about a minute, so not in `npm test`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readDockerfile, stageCopies, stageEnv } from '../../scripts/dockerfile.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const { args, stages } = readDockerfile(join(ROOT, 'Dockerfile'));
const build = stages.find((s) => s.name === 'build')!;
const runtime = stages.at(-1)!;
const runs = (stage: typeof runtime) => stage.instructions.filter((i) => i.keyword === 'RUN').map((i) => i.args);
const last = (stage: typeof runtime, keyword: string) => stage.instructions.filter((i) => i.keyword === keyword).at(-1);

describe('Dockerfile', () => {
  it('has a build stage and a runtime stage, both on Node 22 slim', () => {
    expect(stages.map((s) => s.name)).toEqual(['build', 'runtime']);
    expect(args.NODE_IMAGE).toMatch(/^node:22(\.\d+)*-(bookworm-)?slim$/);
    for (const s of stages) expect(s.from).toBe(args.NODE_IMAGE);
    // The version the repository asks for (.nvmrc) is the image's.
    expect(readFileSync(join(ROOT, '.nvmrc'), 'utf8').trim()).toBe('22');
  });

  it('the build stage installs every dependency and runs npm run build', () => {
    const r = runs(build);
    expect(r.some((c) => /^npm ci\b/.test(c) && !c.includes('--omit=dev'))).toBe(true);
    expect(r.at(-1)).toBe('npm run build');
    // Everything the build reads is copied before it runs.
    const copied = stageCopies(build).flatMap((c) => c.sources);
    for (const f of ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'scripts/', 'src/', 'cards/']) expect(copied).toContain(f);
  });

  it('the runtime stage installs production dependencies without scripts, and never builds or runs TypeScript', () => {
    const r = runs(runtime);
    expect(r.some((c) => /^npm ci --omit=dev --ignore-scripts\b/.test(c))).toBe(true);
    expect(r.join('\n')).not.toMatch(/npm run build|\btsc\b|\btsx\b|npm ci(?![^&]*--ignore-scripts)/);
    const copies = stageCopies(runtime);
    expect(copies.find((c) => c.from === 'build')).toMatchObject({ sources: ['/app/dist/'], dest: 'dist/' });
    expect(copies.flatMap((c) => c.sources)).not.toContain('src/');
  });

  it('the runtime stage copies every file the compiled program reads outside dist/', () => {
    const sources = stageCopies(runtime).filter((c) => c.from === undefined).flatMap((c) => c.sources);
    // src/services.ts and src/probe-agent/version.ts read ../package.json (and it makes dist/*.js ES modules);
    // src/render/templates.ts imports ../../cards/*.json; the playground serves schemas/hostconfig-teams-light.json.
    expect(sources).toEqual(expect.arrayContaining(['package.json', 'cards/', 'schemas/hostconfig-teams-light.json']));
    for (const s of sources) expect(existsSync(join(ROOT, s)), `${s} exists in the repository`).toBe(true);
    const templates = readFileSync(join(ROOT, 'src/render/templates.ts'), 'utf8');
    expect(templates).toMatch(/'\.\.\/\.\.\/cards\/[a-z]+\.json'/);
    expect(readFileSync(join(ROOT, 'src/teams/playground/routes.ts'), 'utf8')).toContain("'hostconfig-teams-light.json'");
  });

  it('runs as a non-root user, exposes 3978 and checks /healthz with node itself', () => {
    const user = last(runtime, 'USER')?.args;
    expect(user).toBeDefined();
    expect(['root', '0', '0:0']).not.toContain(user);
    // USER comes before the command that starts the bot.
    const order = runtime.instructions.map((i) => i.keyword);
    expect(order.lastIndexOf('USER')).toBeLessThan(order.lastIndexOf('CMD'));
    expect(last(runtime, 'EXPOSE')?.args).toBe('3978');
    const hc = last(runtime, 'HEALTHCHECK')!;
    expect(hc.exec?.[0]).toBe('node');
    expect(hc.exec?.join(' ')).toContain('/healthz');
    expect(hc.args).not.toMatch(/\bcurl\b|\bwget\b/);
    expect(stageEnv(runtime).PORT ?? '3978').toBe('3978');
  });

  it('CMD runs the compiled server with node directly (exec form, no npm, no shell)', () => {
    const cmd = last(runtime, 'CMD')!;
    expect(cmd.exec).toEqual(['node', 'dist/index.js']);
    expect(stages.some((s) => s.instructions.some((i) => i.keyword === 'ENTRYPOINT'))).toBe(false);
    // dist/index.js is what the build makes of src/index.ts (tsconfig.build.json: rootDir src, outDir dist).
    const tsconfig = readFileSync(join(ROOT, 'tsconfig.build.json'), 'utf8');
    expect(tsconfig).toMatch(/"rootDir": "src"/);
    expect(tsconfig).toMatch(/"outDir": "dist"/);
    expect(existsSync(join(ROOT, 'src/index.ts'))).toBe(true);
  });

  it('.dockerignore keeps secrets, installs and build output out of the context', () => {
    const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim());
    for (const p of ['.git', '.env', 'node_modules', 'dist', 'data']) expect(ignored).toContain(p);
  });
});
