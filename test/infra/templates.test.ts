/**
 * The deployment templates in infra/ (ARM JSON; infra/README.md says why not Bicep): what they deploy is read
 * and, where it matters, evaluated with test/infra/arm.ts against a fake deployment, and the environment they
 * give the container is fed to the bot's own loadConfig(). Each check is a function returning its problems, so
 * the same check is also run on a broken copy of a template to show it can fail.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import {
  allResources,
  checkBalanced,
  type Context,
  declaredVariables,
  evaluate,
  evaluateValue,
  expressionsOf,
  functionsIn,
  isExpression,
  type Json,
  KNOWN_FUNCTIONS,
  namesPassedTo,
  parseExpression,
  type Resource,
  type Template,
} from './arm.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const read = (p: string) => readFileSync(join(root, p), 'utf8');
const main = JSON.parse(read('infra/main.json')) as Template;
const subRole = JSON.parse(read('infra/subscription-role.json')) as Template;
const clone = <T>(v: T): T => structuredClone(v);

/**
 * Resource type + API version -> where in github.com/Azure/azure-rest-api-specs (specification/…) that version
 * is defined; each property the templates set was checked against that file. A new type or version must be
 * added here with its spec.
 */
const API_VERSIONS: Record<string, string> = {
  'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31':
    'specification/msi/resource-manager/Microsoft.ManagedIdentity/stable/2023-01-31/ManagedIdentity.json',
  'Microsoft.OperationalInsights/workspaces@2022-10-01':
    'specification/operationalinsights/resource-manager/Microsoft.OperationalInsights/stable/2022-10-01/Workspaces.json',
  'Microsoft.Storage/storageAccounts@2023-05-01':
    'specification/storage/resource-manager/Microsoft.Storage/stable/2023-05-01/storage.json',
  'Microsoft.Storage/storageAccounts/blobServices@2023-05-01':
    'specification/storage/resource-manager/Microsoft.Storage/stable/2023-05-01/blob.json',
  'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01':
    'specification/storage/resource-manager/Microsoft.Storage/stable/2023-05-01/blob.json',
  'Microsoft.Authorization/roleAssignments@2022-04-01':
    'specification/authorization/resource-manager/Microsoft.Authorization/stable/2022-04-01/authorization-RoleAssignmentsCalls.json',
  'Microsoft.Authorization/roleDefinitions@2022-04-01':
    'specification/authorization/resource-manager/Microsoft.Authorization/stable/2022-04-01/authorization-RoleDefinitionsCalls.json',
  'Microsoft.App/managedEnvironments@2025-01-01':
    'specification/app/resource-manager/Microsoft.App/stable/2025-01-01/ManagedEnvironments.json',
  'Microsoft.App/containerApps@2025-01-01':
    'specification/app/resource-manager/Microsoft.App/stable/2025-01-01/ContainerApps.json (+ CommonDefinitions.json: Template, Container, ContainerAppProbe, Scale, Secret)',
  'Microsoft.BotService/botServices@2022-09-15':
    'specification/botservice/resource-manager/Microsoft.BotService/stable/2022-09-15/botservice.json (BotProperties)',
  'Microsoft.BotService/botServices/channels@2022-09-15':
    'specification/botservice/resource-manager/Microsoft.BotService/stable/2022-09-15/botservice.json (MsTeamsChannel)',
  'Microsoft.Resources/deployments@2024-03-01':
    'specification/resources/resource-manager/Microsoft.Resources/stable/2024-03-01/resources.json',
};

const ROLE = {
  blobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe',
  tableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3',
};
const PORT = 3978;

// ---- the fake deployment ----------------------------------------------------------------------------------

const SUB = '11111111-2222-3333-4444-555555555555';
const OTHER_SUB = '66666666-7777-8888-9999-000000000000';
const TENANT = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
const RG = `/subscriptions/${SUB}/resourceGroups/rg-netops`;
const IDENTITY_ID = `${RG}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/netops-id`;
const CLIENT_ID = '0c1d2e3f-0000-4000-8000-00000000c1d0';
const PRINCIPAL_ID = '0c1d2e3f-0000-4000-8000-00000000b1d0';
const FQDN = 'netops-app.happy-rock-1234.westeurope.azurecontainerapps.io';

function context(parameters: Record<string, Json>): Context {
  return {
    parameters,
    resourceGroup: { id: RG, name: 'rg-netops', location: 'westeurope' },
    subscription: { id: `/subscriptions/${SUB}`, subscriptionId: SUB, tenantId: TENANT },
    environment: {
      name: 'AzureCloud',
      resourceManager: 'https://management.azure.com/',
      suffixes: { storage: 'core.windows.net', acrLoginServer: '.azurecr.io' },
    },
    references: {
      [IDENTITY_ID]: { clientId: CLIENT_ID, principalId: PRINCIPAL_ID, tenantId: TENANT },
      [`${RG}/providers/Microsoft.App/containerApps/netops-app`]: { configuration: { ingress: { fqdn: FQDN } } },
      [`${RG}/providers/Microsoft.OperationalInsights/workspaces/netops-logs`]: { customerId: 'workspace-customer-id' },
    },
  };
}
const REQUIRED_MAIN = { containerImage: 'netopsacr.azurecr.io/netops-bot:0.1.0', azureSubscriptionIds: `${SUB},${OTHER_SUB}` };

// ---- helpers ------------------------------------------------------------------------------------------------

function resourcesOfType(t: Template, type: string): Resource[] {
  return allResources(t).filter((r) => r.type === type);
}
function one(t: Template, type: string): Resource {
  const found = resourcesOfType(t, type);
  expect(found, type).toHaveLength(1);
  return found[0]!;
}
type ContainerApp = {
  identity: { type: string; userAssignedIdentities: Record<string, Json> };
  properties: {
    configuration: {
      ingress: { external: boolean; targetPort: Json; allowInsecure: boolean; transport: string };
      registries: Json;
      secrets: Array<{ name: string; value: Json }>;
    };
    template: {
      containers: Array<{
        env: Array<{ name: string; value?: Json; secretRef?: string }>;
        probes: Array<{ type: string; httpGet: { path: string; port: Json; scheme?: string } }>;
      }>;
      scale: { minReplicas: Json; maxReplicas: Json };
    };
  };
};
const containerApp = (t: Template) => one(t, 'Microsoft.App/containerApps') as unknown as ContainerApp;

/** The container's environment as the bot would see it, secrets resolved from the app's secrets. */
function containerEnv(t: Template, parameters: Record<string, Json>): Record<string, string> {
  const ctx = context(parameters);
  const app = containerApp(t);
  const secrets = Object.fromEntries(app.properties.configuration.secrets.map((s) => [s.name, evaluateValue(s.value, t, ctx)]));
  const env: Record<string, string> = {};
  for (const e of app.properties.template.containers[0]!.env) {
    const value = e.secretRef !== undefined ? secrets[e.secretRef] : evaluateValue(e.value ?? null, t, ctx);
    if (value === undefined) throw new Error(`${e.name}: secret ${e.secretRef} is not defined`);
    env[e.name] = String(value);
  }
  return env;
}

/** The README's custom role, parsed from its JSON block so the template cannot drift from it. */
function readmeRole(): { Name: string; Description: string; Actions: string[]; NotActions: string[] } {
  const readme = read('README.md');
  const at = readme.indexOf('A custom role with exactly what the bot reads');
  expect(at, 'README: the custom role paragraph').toBeGreaterThan(0);
  const block = /```json\n([\s\S]*?)```/.exec(readme.slice(at));
  expect(block, 'README: the custom role JSON block').not.toBeNull();
  return JSON.parse(block![1]!) as { Name: string; Description: string; Actions: string[]; NotActions: string[] };
}

// ---- checks (each returns its problems) ---------------------------------------------------------------------

function expressionProblems(t: Template): string[] {
  const problems: string[] = [];
  const check = (tpl: Template) => {
    const { expressions, innerTemplates } = expressionsOf(tpl);
    for (const e of expressions) {
      const unbalanced = checkBalanced(e.slice(1, -1));
      if (unbalanced) {
        problems.push(`${unbalanced}: ${e}`);
        continue;
      }
      try {
        for (const fn of functionsIn(parseExpression(e))) if (!KNOWN_FUNCTIONS.has(fn)) problems.push(`unknown function ${fn}(): ${e}`);
      } catch (err) {
        problems.push((err as Error).message);
      }
    }
    innerTemplates.forEach(check);
  };
  check(t);
  return problems;
}

/** parameters('x') and variables('x'): every reference declared, every declaration used; per scope. */
function referenceProblems(t: Template): string[] {
  const problems: string[] = [];
  const check = (tpl: Template, where: string) => {
    const { expressions, innerTemplates } = expressionsOf(tpl);
    const used = { parameters: new Set<string>(), variables: new Set<string>() };
    for (const e of expressions) {
      const node = parseExpression(e);
      namesPassedTo(node, 'parameters', used.parameters);
      namesPassedTo(node, 'variables', used.variables);
    }
    const declared = { parameters: Object.keys(tpl.parameters ?? {}), variables: declaredVariables(tpl) };
    for (const kind of ['parameters', 'variables'] as const) {
      for (const name of used[kind]) if (!declared[kind].includes(name)) problems.push(`${where}: ${kind}('${name}') is not declared`);
      for (const name of declared[kind]) if (!used[kind].has(name)) problems.push(`${where}: ${kind} ${name} is declared but never used`);
    }
    innerTemplates.forEach((inner, i) => check(inner, `${where} > nested template ${i + 1}`));
  };
  check(t, 'template');
  return problems;
}

function apiVersionProblems(t: Template): string[] {
  return allResources(t)
    .map((r) => `${r.type}@${r.apiVersion}`)
    .filter((key) => !(key in API_VERSIONS))
    .map((key) => `${key} is not in the allow-list of checked API versions`);
}

/** Plain-text secrets: a secret-looking parameter must be secure with an empty default; no secret in env. */
function secretProblems(t: Template): string[] {
  const problems: string[] = [];
  const secretName = /secret|password|token|key|agents|connection/i;
  const check = (tpl: Template) => {
    for (const [name, p] of Object.entries(tpl.parameters ?? {})) {
      const secure = /^secure(string|object)$/i.test(p.type);
      if (secretName.test(name) && !secure) problems.push(`parameter ${name} looks like a secret but is ${p.type}, not securestring`);
      if (secure && p.defaultValue !== undefined && p.defaultValue !== '' && !(typeof p.defaultValue === 'object' && p.defaultValue && Object.keys(p.defaultValue).length === 0)) {
        problems.push(`parameter ${name} is secure but has a default value`);
      }
      if (!secure && typeof p.defaultValue === 'string' && !isExpression(p.defaultValue) && /^[A-Za-z0-9+/]{32,}={0,2}$/.test(p.defaultValue)) {
        problems.push(`parameter ${name} has a key-like default`);
      }
    }
    for (const [name, o] of Object.entries(tpl.outputs ?? {})) {
      const node = typeof o.value === 'string' && isExpression(o.value) ? parseExpression(o.value) : undefined;
      const params = node ? namesPassedTo(node, 'parameters') : new Set<string>();
      for (const p of params) if (/^secure/i.test(tpl.parameters?.[p]?.type ?? '')) problems.push(`output ${name} returns secure parameter ${p}`);
      if (node && functionsIn(node).has('listKeys')) problems.push(`output ${name} returns keys`);
    }
  };
  check(t);
  for (const app of resourcesOfType(t, 'Microsoft.App/containerApps') as unknown as ContainerApp[]) {
    for (const e of app.properties.template.containers.flatMap((c) => c.env)) {
      if (/password|secret|connection_?string|token|probe_agents$/i.test(e.name) && e.secretRef === undefined) {
        problems.push(`environment variable ${e.name} holds a secret as a plain value (use a Container Apps secret)`);
      }
      const v = typeof e.value === 'string' && isExpression(e.value) ? parseExpression(e.value) : undefined;
      for (const p of v ? namesPassedTo(v, 'parameters') : []) {
        if (/^secure/i.test(t.parameters?.[p]?.type ?? '')) problems.push(`environment variable ${e.name} is secure parameter ${p} in plain text`);
      }
    }
  }
  return problems;
}

/** Probes, port, ingress and replicas of the container app, with the parameters' defaults. */
function containerAppProblems(t: Template): string[] {
  const problems: string[] = [];
  const ctx = context(REQUIRED_MAIN);
  const app = containerApp(t);
  const ev = (v: Json) => evaluateValue(v, t, ctx);
  const probes = app.properties.template.containers[0]!.probes;
  const probe = (type: string) => probes.find((p) => p.type === type);
  for (const [type, path] of [['Liveness', '/healthz'], ['Readiness', '/readyz']] as const) {
    const p = probe(type);
    if (!p) problems.push(`no ${type} probe`);
    else {
      if (p.httpGet?.path !== path) problems.push(`${type} probe path is ${p.httpGet?.path}, not ${path}`);
      if (ev(p.httpGet?.port ?? null) !== PORT) problems.push(`${type} probe port is ${JSON.stringify(ev(p.httpGet?.port ?? null))}, not ${PORT}`);
    }
  }
  const ingress = app.properties.configuration.ingress;
  if (ev(ingress.targetPort) !== PORT) problems.push(`ingress targetPort is not ${PORT}`);
  if (ingress.external !== true) problems.push('ingress is not external');
  if (ingress.allowInsecure !== false) problems.push('ingress allows plain HTTP');
  const min = ev(app.properties.template.scale.minReplicas);
  const max = ev(app.properties.template.scale.maxReplicas);
  if (typeof min !== 'number' || min < 2) problems.push(`minReplicas defaults to ${JSON.stringify(min)}, fewer than 2`);
  if (typeof max !== 'number' || typeof min !== 'number' || max < min) problems.push(`maxReplicas ${JSON.stringify(max)} < minReplicas`);
  const env = containerEnv(t, REQUIRED_MAIN);
  if (env.PORT !== String(PORT)) problems.push(`PORT is ${env.PORT}, not ${PORT}`);
  return problems;
}

// ---- tests --------------------------------------------------------------------------------------------------

describe('infra templates: well-formed', () => {
  it('are ARM deployment templates for a resource group and a subscription', () => {
    expect(main.$schema).toBe('https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#');
    expect(subRole.$schema).toBe('https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#');
    expect(main.contentVersion).toBe('1.0.0.0');
    expect(subRole.contentVersion).toBe('1.0.0.0');
  });

  it('every expression has balanced brackets and quotes and calls only real template functions', () => {
    expect(expressionProblems(main)).toEqual([]);
    expect(expressionProblems(subRole)).toEqual([]);
    const { expressions } = expressionsOf(main);
    expect(expressions.length).toBeGreaterThan(50);
  });

  it('finds an unbalanced or misspelt expression', () => {
    const broken = clone(main);
    broken.variables!.appName = "[format('{0}-app', parameters('namePrefix')]";
    broken.variables!.identityName = "[formatt('{0}-id', parameters('namePrefix'))]";
    broken.variables!.workspaceName = "[format('{0}-logs, parameters('namePrefix'))]";
    const problems = expressionProblems(broken);
    expect(problems.some((p) => /unbalanced|unclosed/.test(p) && p.includes('-app'))).toBe(true);
    expect(problems.some((p) => p.includes('unknown function formatt()'))).toBe(true);
    expect(problems.some((p) => p.includes('-logs'))).toBe(true);
  });

  it('every parameter and variable referenced is declared, and every one declared is used', () => {
    expect(referenceProblems(main)).toEqual([]);
    expect(referenceProblems(subRole)).toEqual([]);
  });

  it('finds an undeclared or unused parameter and variable, in nested templates too', () => {
    const broken = clone(main);
    broken.parameters!.unused = { type: 'string', defaultValue: '' };
    broken.variables!.appName = "[format('{0}-app', parameters('namePrefx'))]";
    delete broken.variables!.acrPull;
    expect(referenceProblems(broken)).toEqual(
      expect.arrayContaining([
        "template: parameters('namePrefx') is not declared",
        'template: parameters unused is declared but never used',
        "template: variables('acrPull') is not declared",
      ]),
    );
    const brokenSub = clone(subRole);
    const nested = resourcesOfType(brokenSub, 'Microsoft.Resources/deployments')[0]!;
    delete (nested.properties as { template: Template }).template.parameters!.principalId;
    expect(referenceProblems(brokenSub)).toContain("template > nested template 1: parameters('principalId') is not declared");
  });

  it('every resource type and API version is one checked against azure-rest-api-specs', () => {
    expect(apiVersionProblems(main)).toEqual([]);
    expect(apiVersionProblems(subRole)).toEqual([]);
    const used = new Set([...allResources(main), ...allResources(subRole)].map((r) => `${r.type}@${r.apiVersion}`));
    // The allow-list documents only what is used.
    expect([...used].sort()).toEqual(Object.keys(API_VERSIONS).sort());
    const broken = clone(main);
    one(broken, 'Microsoft.App/containerApps').apiVersion = '2019-01-01';
    expect(apiVersionProblems(broken)).toEqual(['Microsoft.App/containerApps@2019-01-01 is not in the allow-list of checked API versions']);
  });

  it('every dependsOn names a resource of the template', () => {
    const ctx = context(REQUIRED_MAIN);
    const ids = new Set(
      main.resources.map((r) => {
        const name = String(evaluateValue(r.name, main, ctx));
        const scope = r.scope ? `${RG}/providers/${String(evaluateValue(r.scope, main, ctx))}` : RG;
        const segments = r.type.split('/');
        const names = name.split('/');
        return `${scope}/providers/${segments[0]}/${segments.slice(1).map((s, i) => `${s}/${names[i]}`).join('/')}`;
      }),
    );
    for (const r of main.resources) {
      for (const d of (r.dependsOn as string[] | undefined) ?? []) {
        expect(ids, `${r.type} dependsOn ${d}`).toContain(evaluate(d, main, ctx));
      }
    }
  });

  it('no secret is a plain parameter default or a plain environment variable', () => {
    expect(secretProblems(main)).toEqual([]);
    expect(secretProblems(subRole)).toEqual([]);
    const env = containerEnv(main, REQUIRED_MAIN);
    for (const name of ['MicrosoftAppPassword', 'AZURE_CLIENT_SECRET', 'NETOPS_STORAGE_CONNECTION_STRING']) expect(env).not.toHaveProperty(name);
    // The probe agents' tokens reach the bot only through a Container Apps secret.
    const app = containerApp(main);
    expect(app.properties.template.containers[0]!.env.find((e) => e.name === 'NETOPS_PROBE_AGENTS')).toEqual({ name: 'NETOPS_PROBE_AGENTS', secretRef: 'probe-agents' });

    const broken = clone(main);
    broken.parameters!.probeAgents = { type: 'string', defaultValue: '' };
    broken.parameters!.storageKey = { type: 'securestring', defaultValue: 'c2VjcmV0LXN0b3JhZ2Uta2V5LXZhbHVlLTEyMzQ1Njc4OTA=' };
    const brokenEnv = containerApp(broken).properties.template.containers[0]!.env;
    brokenEnv.push({ name: 'MicrosoftAppPassword', value: '[parameters(\'storageKey\')]' });
    expect(secretProblems(broken)).toEqual(
      expect.arrayContaining([
        'parameter probeAgents looks like a secret but is string, not securestring',
        'parameter storageKey is secure but has a default value',
        'environment variable MicrosoftAppPassword holds a secret as a plain value (use a Container Apps secret)',
        'environment variable MicrosoftAppPassword is secure parameter storageKey in plain text',
      ]),
    );
  });
});

describe('infra/main.json: what it deploys', () => {
  const ctx = context(REQUIRED_MAIN);
  const ev = (v: Json) => evaluateValue(v, main, ctx);

  it('a user-assigned managed identity', () => {
    expect(ev(one(main, 'Microsoft.ManagedIdentity/userAssignedIdentities').name)).toBe('netops-id');
  });

  it('a storage account: StorageV2, HTTPS only, TLS 1.2, no shared key, no public blob access; the baselines container', () => {
    const sa = one(main, 'Microsoft.Storage/storageAccounts') as Resource & { properties: Record<string, Json> };
    expect(sa.kind).toBe('StorageV2');
    expect(sa.properties).toMatchObject({
      supportsHttpsTrafficOnly: true,
      minimumTlsVersion: 'TLS1_2',
      allowSharedKeyAccess: false,
      allowBlobPublicAccess: false,
    });
    const name = String(ev(sa.name));
    expect(name).toMatch(/^[a-z0-9]{3,24}$/);
    const container = one(main, 'Microsoft.Storage/storageAccounts/blobServices/containers');
    expect(ev(container.name)).toBe(`${name}/default/netops-baselines`);
    expect(container.properties).toEqual({ publicAccess: 'None' });
    const blob = one(main, 'Microsoft.Storage/storageAccounts/blobServices') as Resource & { properties: Record<string, Json> };
    expect(blob.properties.deleteRetentionPolicy).toMatchObject({ enabled: true });
  });

  it('the identity gets Storage Blob Data Contributor and Storage Table Data Contributor on the account, as a ServicePrincipal', () => {
    const assignments = resourcesOfType(main, 'Microsoft.Authorization/roleAssignments').map(
      (r) => ({ scope: ev(r.scope ?? null), condition: r.condition, ...(ev(r.properties as Json) as object) }) as Record<string, Json | undefined>,
    );
    const storageName = String(ev(one(main, 'Microsoft.Storage/storageAccounts').name));
    for (const role of [ROLE.blobDataContributor, ROLE.tableDataContributor]) {
      const a = assignments.find((x) => x.roleDefinitionId === `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${role}`);
      expect(a, role).toBeDefined();
      expect(a).toMatchObject({ scope: `Microsoft.Storage/storageAccounts/${storageName}`, principalId: PRINCIPAL_ID, principalType: 'ServicePrincipal' });
      expect(a!.condition).toBeUndefined();
    }
  });

  it('the container app runs as the identity, probes /healthz and /readyz on 3978, 2 replicas or more by default', () => {
    expect(containerAppProblems(main)).toEqual([]);
    const app = containerApp(main);
    expect(app.identity.type).toBe('UserAssigned');
    expect(Object.keys(ev(app.identity.userAssignedIdentities as Json) as object)).toEqual([IDENTITY_ID]);
    expect(ev(main.parameters!.minReplicas!.defaultValue!)).toBe(2);
    expect(ev(app.properties.configuration.registries)).toEqual([]);
    // With a registry in the resource group: pulled with the identity, no password.
    const withAcr = evaluateValue(app.properties.configuration.registries, main, context({ ...REQUIRED_MAIN, registryName: 'netopsacr' }));
    expect(withAcr).toEqual([{ server: 'netopsacr.azurecr.io', identity: IDENTITY_ID }]);
    const acrPull = resourcesOfType(main, 'Microsoft.Authorization/roleAssignments').find((r) => String(r.scope).includes('ContainerRegistry'))!;
    expect(evaluate(String(acrPull.condition), main, ctx)).toBe(false);
    expect(evaluate(String(acrPull.condition), main, context({ ...REQUIRED_MAIN, registryName: 'netopsacr' }))).toBe(true);
    expect(evaluateValue(acrPull.properties as Json, main, ctx)).toMatchObject({
      roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/7f951dda-4ed3-4680-a7ca-43fe172d538d`,
      principalId: PRINCIPAL_ID,
      principalType: 'ServicePrincipal',
    });
  });

  it('finds a wrong probe, port or replica count', () => {
    const broken = clone(main);
    const app = containerApp(broken);
    app.properties.template.containers[0]!.probes = app.properties.template.containers[0]!.probes.filter((p) => p.type !== 'Readiness');
    app.properties.template.containers[0]!.probes[0]!.httpGet.path = '/health';
    broken.parameters!.minReplicas!.defaultValue = 1;
    broken.variables!.port = 8080;
    expect(containerAppProblems(broken)).toEqual(
      expect.arrayContaining([
        'no Readiness probe',
        'Liveness probe path is /health, not /healthz',
        'Liveness probe port is 8080, not 3978',
        'ingress targetPort is not 3978',
        'minReplicas defaults to 1, fewer than 2',
        'PORT is 8080, not 3978',
      ]),
    );
  });

  it("the container's environment is what the bot needs, and the bot's own configuration loader accepts it", () => {
    const env = containerEnv(main, REQUIRED_MAIN);
    expect(env).toMatchObject({
      MicrosoftAppType: 'UserAssignedMSI',
      MicrosoftAppId: CLIENT_ID,
      MicrosoftAppTenantId: TENANT,
      AZURE_CLIENT_ID: CLIENT_ID, // DefaultAzureCredential picks the user-assigned identity
      AZURE_SUBSCRIPTION_IDS: `${SUB},${OTHER_SUB}`,
      AZURE_ARM_ENDPOINT: 'https://management.azure.com/',
      ALLOWED_TENANT_IDS: TENANT,
      NETOPS_PROBE_AGENTS: '[]',
    });
    const storageName = String(ev(one(main, 'Microsoft.Storage/storageAccounts').name));
    expect(env.NETOPS_STORAGE_ACCOUNT_URL).toBe(`https://${storageName}.blob.core.windows.net`);

    // Every variable is one the bot documents (.env.example) or reads (src/config.ts) — no typo goes unseen.
    const documented = new Set([...read('.env.example').matchAll(/^#?\s*([A-Za-z_][A-Za-z0-9_]*)=/gm)].map((m) => m[1]!));
    const configSource = read('src/config.ts');
    for (const name of Object.keys(env)) expect(documented.has(name) || configSource.includes(`${name}:`), name).toBe(true);

    const config = loadConfig(env);
    expect(config.localMode).toBe(false);
    expect(config.port).toBe(PORT);
    expect(config.bot).toMatchObject({ appType: 'UserAssignedMSI', appId: CLIENT_ID, tenantId: TENANT });
    expect(config.azure).toMatchObject({ mode: 'live', endpoint: 'https://management.azure.com', subscriptionIds: [SUB, OTHER_SUB] });
    expect(config.allowedTenantIds).toEqual([TENANT]);
    expect(config.probeAgents).toEqual([]);
    // Shared state on the account, with the managed identity (no connection string); the table endpoint is
    // derived from the blob endpoint by the bot's configuration.
    expect(config.storage).toMatchObject({
      kind: 'azure',
      blobUrl: `https://${storageName}.blob.core.windows.net`,
      tableUrl: `https://${storageName}.table.core.windows.net`,
      namespace: 'netops',
    });
    expect(config.storage).not.toHaveProperty('connectionString');
    // The container the template creates is the one the bot uses.
    const namespace = (config.storage as { namespace: string }).namespace;
    expect(ev(one(main, 'Microsoft.Storage/storageAccounts/blobServices/containers').name)).toBe(`${storageName}/default/${namespace}-baselines`);
    expect(ev(main.outputs!.storageTableUrl!.value)).toBe(`https://${storageName}.table.core.windows.net`);

    // Probe agents given as a parameter arrive as the secret's value and parse.
    const agents = '[{"name":"tokyo-dc","url":"https://10.9.0.5:8765","token":"0123456789abcdef0123","site":"Tokyo DC"}]';
    const withAgents = loadConfig(containerEnv(main, { ...REQUIRED_MAIN, probeAgents: agents }));
    expect(withAgents.probeAgents.map((a) => a.name)).toEqual(['tokyo-dc']);
  });

  it('the Azure Bot is UserAssignedMSI with the identity, its endpoint is the app over HTTPS, and its Teams channel is on', () => {
    const bot = one(main, 'Microsoft.BotService/botServices');
    expect(bot.location).toBe('global');
    expect(ev(bot.properties as Json)).toMatchObject({
      msaAppType: 'UserAssignedMSI',
      msaAppId: CLIENT_ID,
      msaAppTenantId: TENANT,
      msaAppMSIResourceId: IDENTITY_ID,
      endpoint: `https://${FQDN}/api/messages`,
    });
    // The bot's app id and the container's MicrosoftAppId are the same value: a mismatch is the classic 401.
    const env = containerEnv(main, REQUIRED_MAIN);
    expect((ev(bot.properties as Json) as { msaAppId: string }).msaAppId).toBe(env.MicrosoftAppId);
    const custom = evaluateValue(bot.properties as Json, main, context({ ...REQUIRED_MAIN, messagingHost: 'netops.contoso.com' }));
    expect(custom).toMatchObject({ endpoint: 'https://netops.contoso.com/api/messages' });

    const channel = one(main, 'Microsoft.BotService/botServices/channels');
    expect(String(ev(channel.name))).toMatch(/^[^/]+\/MsTeamsChannel$/);
    expect(String(ev(channel.name)).split('/')[0]).toBe(ev(bot.name));
    expect(channel.properties).toEqual({ channelName: 'MsTeamsChannel', properties: { isEnabled: true } });
  });

  it('the container app has logs in a Log Analytics workspace, its key never in an output', () => {
    const envr = one(main, 'Microsoft.App/managedEnvironments');
    expect(ev(envr.properties as Json)).toMatchObject({
      appLogsConfiguration: { destination: 'log-analytics', logAnalyticsConfiguration: { customerId: 'workspace-customer-id' } },
    });
    expect(JSON.stringify(main.outputs)).not.toMatch(/listKeys|sharedKey/i);
  });

  it('joins a VNet only when a subnet is given (to reach probe agents on private addresses)', () => {
    const envr = one(main, 'Microsoft.App/managedEnvironments');
    expect((ev(envr.properties as Json) as { vnetConfiguration: Json }).vnetConfiguration).toBeNull();
    const subnet = `${RG}/providers/Microsoft.Network/virtualNetworks/hub/subnets/aca`;
    expect(evaluateValue(envr.properties as Json, main, context({ ...REQUIRED_MAIN, infrastructureSubnetId: subnet }))).toMatchObject({
      vnetConfiguration: { infrastructureSubnetId: subnet, internal: false },
    });
  });
});

describe('infra/subscription-role.json: the least-privilege role on every subscription', () => {
  const role = readmeRole();
  const params = { principalId: PRINCIPAL_ID, subscriptionIds: [SUB, OTHER_SUB] };
  const ctx = context(params);
  const definition = one(subRole, 'Microsoft.Authorization/roleDefinitions');
  const props = evaluateValue(definition.properties as Json, subRole, ctx) as {
    roleName: string;
    description: string;
    type: string;
    permissions: Array<{ actions: string[]; notActions: string[] }>;
    assignableScopes: string[];
  };

  it("has exactly the README's actions, name and description", () => {
    expect(role.Actions.length).toBeGreaterThanOrEqual(19);
    expect(props.permissions).toHaveLength(1);
    expect(props.permissions[0]!.actions).toEqual(role.Actions);
    expect(props.permissions[0]!.notActions).toEqual(role.NotActions);
    expect(props.roleName).toBe(role.Name);
    expect(props.description).toBe(role.Description);
    expect(props.type).toBe('CustomRole');
  });

  it('one role definition, assignable on every subscription given', () => {
    expect(props.assignableScopes).toEqual([`/subscriptions/${SUB}`, `/subscriptions/${OTHER_SUB}`]);
    expect(String(evaluateValue(definition.name, subRole, ctx))).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it('a nested deployment per subscription assigns it to the identity as a ServicePrincipal', () => {
    const nested = one(subRole, 'Microsoft.Resources/deployments') as Resource & {
      copy: { count: Json };
      subscriptionId: Json;
      properties: { parameters: Record<string, { value: Json }>; template: Template };
    };
    expect(evaluate(String(nested.copy.count), subRole, ctx)).toBe(2);
    // copyIndex() of the resource's own loop: one deployment per subscription, each named after it.
    const perCopy = [0, 1].map((i) => ({
      subscriptionId: evaluateValue(nested.subscriptionId, subRole, ctx, { '': i }),
      name: evaluateValue(nested.name, subRole, ctx, { '': i }),
    }));
    expect(perCopy).toEqual([
      { subscriptionId: SUB, name: `netops-reader-${SUB}` },
      { subscriptionId: OTHER_SUB, name: `netops-reader-${OTHER_SUB}` },
    ]);
    expect(nested.dependsOn).toEqual(["[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', variables('roleDefinitionName'))]"]);

    const passed = Object.fromEntries(Object.entries(nested.properties.parameters).map(([k, v]) => [k, evaluateValue(v.value, subRole, ctx)]));
    expect(passed).toEqual({ principalId: PRINCIPAL_ID, roleDefinitionName: evaluateValue(definition.name, subRole, ctx) });

    const inner = nested.properties.template;
    const innerCtx = context(passed);
    const assignment = one(inner, 'Microsoft.Authorization/roleAssignments');
    expect(evaluateValue(assignment.properties as Json, inner, innerCtx)).toMatchObject({
      roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${String(passed.roleDefinitionName)}`,
      principalId: PRINCIPAL_ID,
      principalType: 'ServicePrincipal',
    });
  });

  it('drifts from the README are caught', () => {
    const broken = clone(subRole);
    (broken.variables!.actions as string[]).push('Microsoft.Network/*/write');
    const brokenProps = evaluateValue(one(broken, 'Microsoft.Authorization/roleDefinitions').properties as Json, broken, ctx) as typeof props;
    expect(brokenProps.permissions[0]!.actions).not.toEqual(role.Actions);
  });
});

describe('docs/deploy.md runs these templates', () => {
  const doc = () => read('docs/deploy.md');

  it('deploys main.json with every parameter that has no default', () => {
    const command = /az deployment group create(?:[^\n]*\\\n)*[^\n]*/.exec(doc());
    expect(command, 'az deployment group create').not.toBeNull();
    expect(command![0]).toContain('infra/main.json');
    const required = Object.entries(main.parameters!).filter(([, p]) => p.defaultValue === undefined).map(([k]) => k);
    expect(required.sort()).toEqual(['azureSubscriptionIds', 'containerImage']);
    for (const name of required) expect(command![0]).toContain(`${name}=`);
  });

  it('deploys subscription-role.json with the identity from main.json and the subscription list', () => {
    const command = /az deployment sub create(?:[^\n]*\\\n)*[^\n]*/.exec(doc());
    expect(command, 'az deployment sub create').not.toBeNull();
    expect(command![0]).toContain('infra/subscription-role.json');
    for (const name of Object.keys(subRole.parameters!).filter((k) => subRole.parameters![k]!.defaultValue === undefined)) {
      expect(command![0]).toContain(`${name}=`);
    }
    expect(doc()).toContain('identityPrincipalId');
    for (const output of ['identityClientId', 'botDomain']) expect(main.outputs).toHaveProperty(output);
  });
});
