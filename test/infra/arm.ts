/**
 * A small reader for the ARM JSON templates in infra/: it finds every template expression ("[...]" strings and
 * property names), parses it, and evaluates it against given parameter values and a fake deployment context
 * (resource group, subscription, cloud, and the runtime values `reference()` would return). Only the template
 * functions infra/ uses are implemented, each as Azure Resource Manager documents it; an unknown function is an
 * error, so a misspelt function name fails the tests instead of the deployment.
 */
import { createHash } from 'node:crypto';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Template = {
  $schema: string;
  contentVersion: string;
  parameters?: Record<string, { type: string; defaultValue?: Json; [k: string]: Json | undefined }>;
  variables?: Record<string, Json>;
  resources: Resource[];
  outputs?: Record<string, { type: string; value: Json }>;
  [k: string]: unknown;
};
export type Resource = {
  type: string;
  apiVersion: string;
  name: string;
  [k: string]: Json | undefined;
};

/** "[...]" is an expression; "[[" escapes a literal "[". */
export function isExpression(s: string): boolean {
  return s.startsWith('[') && s.endsWith(']') && !s.startsWith('[[');
}

// ---- parsing ---------------------------------------------------------------------------------------------

export type Node =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'call'; name: string; args: Node[] }
  | { kind: 'property'; target: Node; name: string }
  | { kind: 'index'; target: Node; index: Node };

export class ExpressionError extends Error {}

/** Brackets and parentheses must pair up outside string literals, and string literals must be closed. */
export function checkBalanced(body: string): string | undefined {
  const stack: string[] = [];
  let inString = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (inString) {
      if (c === "'") {
        if (body[i + 1] === "'") i++; // '' is an escaped quote
        else inString = false;
      }
      continue;
    }
    if (c === "'") inString = true;
    else if (c === '(' || c === '[') stack.push(c);
    else if (c === ')' || c === ']') {
      const open = stack.pop();
      if (open !== (c === ')' ? '(' : '[')) return `unbalanced "${c}" at ${i}`;
    }
  }
  if (inString) return 'unterminated string literal';
  if (stack.length) return `unclosed "${stack[stack.length - 1]}"`;
  return undefined;
}

export function parseExpression(expression: string): Node {
  if (!isExpression(expression)) throw new ExpressionError(`not an expression: ${expression}`);
  const src = expression.slice(1, -1);
  const problem = checkBalanced(src);
  if (problem) throw new ExpressionError(`${problem} in ${expression}`);
  let pos = 0;
  const ws = () => {
    while (pos < src.length && /\s/.test(src[pos]!)) pos++;
  };
  const expect = (c: string) => {
    ws();
    if (src[pos] !== c) throw new ExpressionError(`expected "${c}" at ${pos} in ${expression}`);
    pos++;
  };
  const primary = (): Node => {
    ws();
    const c = src[pos];
    if (c === "'") {
      let value = '';
      pos++;
      for (;;) {
        if (pos >= src.length) throw new ExpressionError(`unterminated string in ${expression}`);
        if (src[pos] === "'") {
          if (src[pos + 1] === "'") {
            value += "'";
            pos += 2;
            continue;
          }
          pos++;
          break;
        }
        value += src[pos++];
      }
      return { kind: 'string', value };
    }
    const num = /^-?\d+/.exec(src.slice(pos));
    if (num) {
      pos += num[0].length;
      return { kind: 'number', value: Number(num[0]) };
    }
    const id = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(pos));
    if (!id) throw new ExpressionError(`unexpected "${c}" at ${pos} in ${expression}`);
    pos += id[0].length;
    expect('(');
    const args: Node[] = [];
    ws();
    if (src[pos] === ')') pos++;
    else {
      for (;;) {
        args.push(postfix());
        ws();
        if (src[pos] === ',') {
          pos++;
          continue;
        }
        expect(')');
        break;
      }
    }
    return { kind: 'call', name: id[0], args };
  };
  const postfix = (): Node => {
    let node = primary();
    for (;;) {
      ws();
      if (src[pos] === '.') {
        pos++;
        const id = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(pos));
        if (!id) throw new ExpressionError(`expected a property name at ${pos} in ${expression}`);
        pos += id[0].length;
        node = { kind: 'property', target: node, name: id[0] };
      } else if (src[pos] === '[') {
        pos++;
        const index = postfix();
        expect(']');
        node = { kind: 'index', target: node, index };
      } else return node;
    }
  };
  const node = postfix();
  ws();
  if (pos !== src.length) throw new ExpressionError(`trailing text at ${pos} in ${expression}`);
  return node;
}

/** Every function name called anywhere in the expression. */
export function functionsIn(node: Node, into = new Set<string>()): Set<string> {
  if (node.kind === 'call') {
    into.add(node.name);
    node.args.forEach((a) => functionsIn(a, into));
  } else if (node.kind === 'property') functionsIn(node.target, into);
  else if (node.kind === 'index') {
    functionsIn(node.target, into);
    functionsIn(node.index, into);
  }
  return into;
}

/** Literal first arguments of calls to `fn` (e.g. every name passed to parameters()). */
export function namesPassedTo(node: Node, fn: string, into = new Set<string>()): Set<string> {
  if (node.kind === 'call') {
    if (node.name === fn && node.args[0]?.kind === 'string') into.add(node.args[0].value);
    node.args.forEach((a) => namesPassedTo(a, fn, into));
  } else if (node.kind === 'property') namesPassedTo(node.target, fn, into);
  else if (node.kind === 'index') {
    namesPassedTo(node.target, fn, into);
    namesPassedTo(node.index, fn, into);
  }
  return into;
}

// ---- walking ---------------------------------------------------------------------------------------------

/**
 * Every expression in a template (values and property names), except inside nested deployments whose
 * expressions are evaluated in their own (inner) scope: those come back as separate templates.
 */
export function expressionsOf(template: Template): { expressions: string[]; innerTemplates: Template[] } {
  const expressions: string[] = [];
  const innerTemplates: Template[] = [];
  const walk = (value: unknown, path: string[]) => {
    if (typeof value === 'string') {
      if (isExpression(value)) expressions.push(value);
      return;
    }
    if (Array.isArray(value)) {
      value.forEach((v, i) => walk(v, [...path, String(i)]));
      return;
    }
    if (value && typeof value === 'object') {
      const obj = value as Record<string, unknown>;
      const inner =
        obj.type === 'Microsoft.Resources/deployments' &&
        (obj.properties as { expressionEvaluationOptions?: { scope?: string } } | undefined)?.expressionEvaluationOptions?.scope === 'inner';
      for (const [k, v] of Object.entries(obj)) {
        if (isExpression(k)) expressions.push(k);
        if (inner && k === 'properties') {
          const { template: innerTemplate, ...rest } = v as { template: Template };
          innerTemplates.push(innerTemplate);
          walk(rest, [...path, k]);
          continue;
        }
        walk(v, [...path, k]);
      }
    }
  };
  walk(template, []);
  return { expressions, innerTemplates };
}

/** Every resource, nested deployments' inner resources included. */
export function allResources(template: Template): Resource[] {
  const out: Resource[] = [];
  for (const r of template.resources) {
    out.push(r);
    const inner = (r.properties as { template?: Template } | undefined)?.template;
    if (r.type === 'Microsoft.Resources/deployments' && inner) out.push(...allResources(inner));
  }
  return out;
}

/** Declared variable names, copy-loop variables included. */
export function declaredVariables(template: Template): string[] {
  const names: string[] = [];
  for (const [k, v] of Object.entries(template.variables ?? {})) {
    if (k === 'copy' && Array.isArray(v)) names.push(...v.map((c) => (c as { name: string }).name));
    else names.push(k);
  }
  return names;
}

// ---- evaluation ------------------------------------------------------------------------------------------

export interface Context {
  parameters: Record<string, Json>;
  resourceGroup: { id: string; name: string; location: string };
  subscription: { id: string; subscriptionId: string; tenantId: string };
  /** environment(): the cloud's endpoints. */
  environment: Json;
  /** What reference(resourceId) returns at deployment time, by resource id. */
  references: Record<string, Json>;
}

/** The ARM template functions the evaluator knows; every name is one Azure Resource Manager documents. */
export const KNOWN_FUNCTIONS = new Set([
  'parameters', 'variables', 'format', 'string', 'json', 'if', 'empty', 'not', 'concat', 'toLower', 'replace',
  'take', 'uniqueString', 'guid', 'resourceGroup', 'subscription', 'tenant', 'environment', 'deployment',
  'resourceId', 'subscriptionResourceId', 'extensionResourceId', 'reference', 'listKeys', 'createArray',
  'createObject', 'max', 'length', 'copyIndex', 'null', 'true', 'false',
]);

/** `loops` gives copyIndex() its value per copy loop name ('' for the resource's own copy loop). */
export function evaluate(expression: string, template: Template, ctx: Context, loops: Record<string, number> = {}): Json {
  const cache = new Map<string, Json>();
  const variable = (name: string): Json => {
    if (cache.has(name)) return cache.get(name)!;
    const vars = template.variables ?? {};
    let value: Json;
    if (name in vars && name !== 'copy') value = resolve(vars[name]!);
    else {
      const loop = ((vars.copy as Json[] | undefined) ?? []).find((c) => (c as { name: string }).name === name) as
        | { name: string; count: Json; input: Json }
        | undefined;
      if (!loop) throw new ExpressionError(`variables('${name}') is not declared`);
      const count = resolve(loop.count) as number;
      value = Array.from({ length: count }, (_, i) => resolve(loop.input, { [name]: i }));
    }
    cache.set(name, value);
    return value;
  };
  const parameter = (name: string): Json => {
    if (name in ctx.parameters) return ctx.parameters[name]!;
    const declared = template.parameters?.[name];
    if (!declared) throw new ExpressionError(`parameters('${name}') is not declared`);
    if (declared.defaultValue === undefined) throw new ExpressionError(`parameters('${name}') has no value and no default`);
    return resolve(declared.defaultValue);
  };
  const resolve = (value: Json, loops: Record<string, number> = {}): Json => {
    if (typeof value === 'string') return isExpression(value) ? run(parseExpression(value), loops) : value.replace(/^\[\[/, '[');
    if (Array.isArray(value)) return value.map((v) => resolve(v, loops));
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v, loops)]));
    return value;
  };
  const run = (node: Node, loops: Record<string, number>): Json => {
    switch (node.kind) {
      case 'string':
        return node.value;
      case 'number':
        return node.value;
      case 'property': {
        const target = run(node.target, loops);
        if (!target || typeof target !== 'object' || Array.isArray(target) || !(node.name in target)) {
          throw new ExpressionError(`no property "${node.name}" in ${JSON.stringify(target)}`);
        }
        return target[node.name]!;
      }
      case 'index': {
        const target = run(node.target, loops);
        const index = run(node.index, loops);
        if (Array.isArray(target) && typeof index === 'number') return target[index]!;
        if (target && typeof target === 'object' && typeof index === 'string') return (target as Record<string, Json>)[index]!;
        throw new ExpressionError(`cannot index ${JSON.stringify(target)} with ${JSON.stringify(index)}`);
      }
      case 'call':
        break;
    }
    const name = node.name;
    if (!KNOWN_FUNCTIONS.has(name)) throw new ExpressionError(`unknown template function ${name}()`);
    if (name === 'if') {
      // Only the branch taken is evaluated, as ARM does.
      return run(node.args[0]!, loops) ? run(node.args[1]!, loops) : run(node.args[2]!, loops);
    }
    const a = node.args.map((n) => run(n, loops));
    const str = (i: number) => {
      if (typeof a[i] !== 'string') throw new ExpressionError(`${name}(): argument ${i + 1} is not a string`);
      return a[i] as string;
    };
    const typedId = (prefix: string, type: string, names: Json[]) => {
      const segments = type.split('/');
      const parts = [`${prefix}/providers/${segments[0]}`];
      segments.slice(1).forEach((s, i) => parts.push(`${s}/${String(names[i])}`));
      if (names.length !== segments.length - 1) throw new ExpressionError(`${name}(): ${type} needs ${segments.length - 1} name(s)`);
      return parts.join('/');
    };
    switch (name) {
      case 'parameters':
        return parameter(str(0));
      case 'variables':
        return variable(str(0));
      case 'copyIndex': {
        const loop = typeof a[0] === 'string' ? a[0] : '';
        if (!(loop in loops)) throw new ExpressionError(`copyIndex('${loop}') outside its loop`);
        return loops[loop]!;
      }
      case 'format':
        return str(0).replace(/\{(\d+)\}/g, (_, i: string) => String(a[Number(i) + 1]));
      case 'string':
        return typeof a[0] === 'string' ? a[0] : JSON.stringify(a[0]);
      case 'json':
        return JSON.parse(str(0)) as Json;
      case 'empty':
        return a[0] === null || a[0] === '' || (Array.isArray(a[0]) && a[0].length === 0) || (typeof a[0] === 'object' && a[0] !== null && Object.keys(a[0]).length === 0);
      case 'not':
        return !a[0];
      case 'concat':
        return Array.isArray(a[0]) ? (a as Json[][]).flat() : a.map(String).join('');
      case 'toLower':
        return str(0).toLowerCase();
      case 'replace':
        return str(0).split(str(1)).join(str(2));
      case 'take':
        return typeof a[0] === 'string' ? a[0].slice(0, a[1] as number) : (a[0] as Json[]).slice(0, a[1] as number);
      case 'length':
        return typeof a[0] === 'string' || Array.isArray(a[0]) ? a[0].length : Object.keys(a[0] as object).length;
      case 'max':
        return Math.max(...(a as number[]));
      case 'uniqueString':
        // ARM: a 13-character base-32 hash of the arguments, lower-case letters and digits.
        return BigInt(`0x${createHash('sha256').update(a.join('-')).digest('hex').slice(0, 16)}`).toString(32).padStart(13, '0').slice(0, 13);
      case 'guid': {
        const h = createHash('sha256').update(a.join('-')).digest('hex');
        return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
      }
      case 'resourceGroup':
        return ctx.resourceGroup;
      case 'subscription':
        return ctx.subscription;
      case 'tenant':
        return { tenantId: ctx.subscription.tenantId };
      case 'environment':
        return ctx.environment;
      case 'deployment':
        return { name: 'test', location: ctx.resourceGroup.location };
      case 'resourceId':
        return typedId(ctx.resourceGroup.id, str(0), a.slice(1));
      case 'subscriptionResourceId':
        return typedId(ctx.subscription.id, str(0), a.slice(1));
      case 'extensionResourceId':
        return typedId(str(0), str(1), a.slice(2));
      case 'reference': {
        const id = str(0);
        if (!(id in ctx.references)) throw new ExpressionError(`reference(): no runtime value given for ${id}`);
        return ctx.references[id]!;
      }
      case 'listKeys':
        return { primarySharedKey: 'workspace-shared-key' };
      case 'createArray':
        return a;
      case 'null':
        return null;
      case 'true':
        return true;
      case 'false':
        return false;
      case 'createObject': {
        const obj: Record<string, Json> = {};
        for (let i = 0; i < a.length; i += 2) obj[String(a[i])] = a[i + 1]!;
        return obj;
      }
    }
    throw new ExpressionError(`${name}() is known but not implemented`);
  };
  return resolve(expression, loops);
}

/** Evaluates a whole value (object, array or string) of the template. */
export function evaluateValue(value: Json, template: Template, ctx: Context, loops: Record<string, number> = {}): Json {
  if (typeof value === 'string') return evaluate(value, template, ctx, loops);
  if (Array.isArray(value)) return value.map((v) => evaluateValue(v, template, ctx, loops));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [isExpression(k) ? String(evaluate(k, template, ctx, loops)) : k, evaluateValue(v, template, ctx, loops)]),
    );
  }
  return value;
}
