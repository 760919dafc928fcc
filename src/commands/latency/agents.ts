/**
 * `agents`: the configured probe agents with their health, checked in parallel: name, site, host (never the
 * URL's path or credentials, never the token), status and version. An agent that does not answer is listed
 * as such, with the reason; the command itself succeeds.
 */
import type { AgentClient, AgentHealth } from '../../probes/agent-client.ts';
import { isAgentError } from '../../probes/agent-client.ts';
import { newResult } from '../result.ts';
import type { CommandSpec } from '../types.ts';
import { agentErrorMessage, noAgentsResult, probesOf } from './shared.ts';

type Probe = { agent: AgentClient; ok: true; health: AgentHealth } | { agent: AgentClient; ok: false; kind: string; message: string };

export const agentsSpec: CommandSpec = {
  name: 'agents',
  id: 'agents',
  aliases: ['probe agents', 'latency agents', 'list agents', 'agent list'],
  params: [],
  examples: ['agents'],
  sideEffects: false,
  calls: 'probe',
  working: (_args, t) => t('latency:working.agents'),
  async run(_args, ctx) {
    const { t } = ctx;
    const dir = probesOf(ctx).agents;
    if (dir.size === 0) return noAgentsResult('agents', t);
    const checks: Probe[] = await Promise.all(
      dir.all().map(async (agent): Promise<Probe> => {
        try {
          return { agent, ok: true, health: await agent.health(ctx.signal) };
        } catch (e) {
          if (ctx.signal?.aborted) throw e;
          if (isAgentError(e)) return { agent, ok: false, kind: e.kind, message: agentErrorMessage(e, agent, t) };
          throw e;
        }
      }),
    );
    const rows = checks.map((c) => {
      const status = c.ok
        ? [
            c.health.status === 'ok' ? t('latency:agents.ok') : c.health.status,
            ...(c.health.busy !== undefined && c.health.limits?.maxConcurrent !== undefined ? [t('latency:agents.busy', { busy: c.health.busy, max: c.health.limits.maxConcurrent })] : []),
          ].join('\n')
        : t(`latency:agents.status.${c.kind}`, { defaultValue: c.kind });
      return [c.agent.name, c.agent.site ?? (c.ok ? c.health.site : undefined) ?? '—', c.agent.host, status, c.ok ? (c.health.version ?? '—') : '—'];
    });
    const down = checks.filter((c): c is Extract<Probe, { ok: false }> => !c.ok);
    const healthy = checks.filter((c) => c.ok);
    const first = dir.first()!;
    const followUps = healthy.length > 0 ? [{ title: t('latency:follow.helpLatency'), command: 'help latency' }] : [];
    return newResult('agents', {
      tables: [
        {
          title: t('latency:agents.title', { count: checks.length }),
          columns: [t('latency:agents.col.name'), t('latency:agents.col.site'), t('latency:agents.col.host'), t('latency:agents.col.status'), t('latency:agents.col.version')],
          rows,
          note: t('latency:agents.defaultNote', { agent: first.name }),
        },
      ],
      notes: down.map((c) => c.message),
      partial: down.length > 0,
      followUps,
      data: {
        agents: checks.map((c) =>
          c.ok
            ? { name: c.agent.name, site: c.agent.site, host: c.agent.host, status: c.health.status, version: c.health.version, busy: c.health.busy, limits: c.health.limits, uptimeSeconds: c.health.uptimeSeconds }
            : { name: c.agent.name, site: c.agent.site, host: c.agent.host, status: c.kind },
        ),
      },
    });
  },
};
