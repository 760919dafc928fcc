/**
 * What the simulated engineers do: war-room channels on circuits of the demo world, a mix of typed commands
 * and clicks on the buttons of the cards they got, and the Teams activities that carry them (a channel
 * message that @mentions the bot, or an `adaptiveCard/action` invoke from an Action.Execute button).
 */
import { messageActivity } from '../client.ts';
import { loadDemoWorld } from '../../src/emulator/world.ts';

export interface SpecInfo {
  name: string;
  id: string;
  calls: 'none' | 'azure' | 'probe';
  aliases: string[];
}

/** A button of a card: Action.Execute with its verb and data (data.command is the command to run). */
export interface Button {
  title: string;
  verb: string;
  data: { command: string };
}

export interface Room {
  /** The channel's conversation id. */
  id: string;
  name: string;
  teamId: string;
  channelId: string;
  /** The circuit this war room is about: most questions name it. */
  incident: string;
}

export interface World {
  circuits: string[];
  connections: string[];
}

/** Circuit and connection names of the embedded demo world (what the bot in demo mode answers about). */
export function demoWorld(): World {
  const w = loadDemoWorld();
  return { circuits: w.circuits.map((c) => c.name), connections: w.connections.map((c) => c.name) };
}

/** `count` war-room channels in one team, each on its own circuit (the restricted one only as a side question). */
export function warRooms(count: number, world: World, tag: string): Room[] {
  const incidents = world.circuits.filter((c) => !c.startsWith('restricted'));
  return Array.from({ length: count }, (_, i) => ({
    id: `19:war-room-${i + 1}-${tag}@thread.tacv2`,
    name: `war room ${i + 1}`,
    teamId: `19:netops-team-${tag}@thread.tacv2`,
    channelId: `19:war-room-${i + 1}-${tag}@thread.tacv2`,
    incident: incidents[i % incidents.length]!,
  }));
}

/** Typed commands and how often each is chosen; `click` presses a button of the user's last card. */
export const MIX = [
  { kind: 'bgp status', weight: 22 },
  { kind: 'arp table', weight: 14 },
  { kind: 'routes summary', weight: 14 },
  { kind: 'circuits', weight: 8 },
  { kind: 'help', weight: 7 },
  { kind: 'fastpath', weight: 7 },
  { kind: 'click', weight: 28 },
] as const;
export type Choice = (typeof MIX)[number]['kind'];

/** Share of the questions in a war room that name its incident circuit (the rest: any circuit). */
export const ON_INCIDENT = 0.7;

export function pick<T>(xs: readonly T[], random = Math.random): T {
  return xs[Math.floor(random() * xs.length)]!;
}

export function choose(random = Math.random): Choice {
  const total = MIX.reduce((a, m) => a + m.weight, 0);
  let x = random() * total;
  for (const m of MIX) {
    x -= m.weight;
    if (x < 0) return m.kind;
  }
  return MIX[0].kind;
}

/** The text an engineer types for a command of the mix. */
export function typed(kind: Exclude<Choice, 'click'>, room: Room, world: World, random = Math.random): string {
  const circuit = random() < ON_INCIDENT ? room.incident : pick(world.circuits, random);
  switch (kind) {
    case 'bgp status':
      return `bgp status ${circuit}`;
    case 'arp table':
      return `arp table ${circuit} primary`;
    case 'routes summary':
      return `routes summary ${circuit}`;
    case 'fastpath':
      return `fastpath ${pick(world.connections, random)}`;
    case 'circuits':
    case 'help':
      return kind;
  }
}

/** The command spec a command text runs (longest name or alias it starts with). */
export function specOf(text: string, specs: readonly SpecInfo[]): SpecInfo | undefined {
  const t = text.trim().toLowerCase().replace(/\s+/g, ' ');
  let best: { spec: SpecInfo; len: number } | undefined;
  for (const spec of specs) {
    for (const n of [spec.name, ...spec.aliases]) {
      const name = n.toLowerCase();
      if ((t === name || t.startsWith(`${name} `)) && name.length > (best?.len ?? -1)) best = { spec, len: name.length };
    }
  }
  return best?.spec;
}

/**
 * Buttons an engineer in a channel may press here: commands on Azure or on none. Not the probe-agent ones (no
 * agents in the demo), nor operator-only or 1:1-only ones (service key, audit).
 */
export function clickable(buttons: readonly Button[], specs: readonly SpecInfo[]): Button[] {
  return buttons.filter((b) => {
    const spec = specOf(b.data.command, specs);
    return spec !== undefined && spec.calls !== 'probe' && spec.name !== 'service key' && spec.name !== 'audit';
  });
}

/** Every Action.Execute in a card (body and actions, nested action sets included). */
export function buttonsOf(card: unknown): Button[] {
  const out: Button[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as { type?: unknown; title?: unknown; verb?: unknown; data?: { command?: unknown } };
      if (o.type === 'Action.Execute' && typeof o.verb === 'string' && typeof o.data?.command === 'string') {
        out.push({ title: String(o.title ?? ''), verb: o.verb, data: { command: o.data.command } });
      }
      for (const x of Object.values(v)) walk(x);
    }
  };
  walk(card);
  return out;
}

const BOT_MENTION = '<at>NetOps</at>';

/** A channel message from `user` that @mentions the bot, as Teams delivers it. */
export function channelMessage(room: Room, serviceUrl: string, user: number, text: string): Record<string, unknown> {
  return {
    ...messageActivity({ conversationId: room.id, serviceUrl, user }, `${BOT_MENTION} ${text}`),
    conversation: { id: room.id, conversationType: 'channel', isGroup: true, tenantId: 'tenant-1', name: room.name },
    channelData: { tenant: { id: 'tenant-1' }, team: { id: room.teamId }, channel: { id: room.channelId } },
    entities: [{ type: 'mention', text: BOT_MENTION, mentioned: { id: '28:netops-bot', name: 'NetOps' } }],
  };
}

/** A click on an Action.Execute button of card `cardId`: an adaptiveCard/action invoke. */
export function cardClick(room: Room, serviceUrl: string, user: number, cardId: string, button: Button): Record<string, unknown> {
  const { text: _text, entities: _entities, ...base } = channelMessage(room, serviceUrl, user, '');
  return {
    ...base,
    type: 'invoke',
    name: 'adaptiveCard/action',
    replyToId: cardId,
    value: { action: { type: 'Action.Execute', title: button.title, verb: button.verb, data: button.data }, trigger: 'manual' },
  };
}
