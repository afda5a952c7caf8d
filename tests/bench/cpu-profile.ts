/**
 * Summarises a V8 .cpuprofile: self time by function and by module (npm package, our source
 * file, or Node internals). A native function (no JS source: a C++ binding such as sqlite3's
 * `run` or the HTTP parser) is charged to the module of the JS frame that called it.
 * Main-thread samples only: SQLite queries and WebCrypto work run on libuv threads.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileRow {
  name: string;
  ms: number;
  /** Share of the busy (non-idle) main-thread time. */
  share: number;
}

export interface ProfileSummary {
  wallMs: number;
  busyMs: number;
  byModule: ProfileRow[];
  byFunction: ProfileRow[];
}

const ROOT = path.resolve(import.meta.dirname, '../..');

/** The npm package, repo file or Node area a frame belongs to. */
export function moduleOf(url: string, functionName: string): string {
  if (url === '') {
    if (functionName === '(program)') return '(program: V8/native, unattributed)';
    return functionName.startsWith('(') ? functionName : '(native, no JS caller)';
  }
  if (url.startsWith('node:')) {
    const area = url.replace(/^node:(internal\/)?/, '').split('/')[0]!;
    return `node:${area.replace(/^_/, '')}`;
  }
  const file = url.startsWith('file://') ? new URL(url).pathname : url;
  const inModules = file.lastIndexOf('/node_modules/');
  if (inModules >= 0) {
    const parts = file.slice(inModules + '/node_modules/'.length).split('/');
    return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
  }
  return path.relative(ROOT, file);
}

function where(frame: ProfileNode['callFrame']): string {
  const file = frame.url.startsWith('file://') ? new URL(frame.url).pathname : frame.url;
  const inModules = file.lastIndexOf('/node_modules/');
  const shown =
    inModules >= 0
      ? file.slice(inModules + '/node_modules/'.length)
      : file.startsWith('/')
        ? path.relative(ROOT, file)
        : file;
  return `${shown}:${frame.lineNumber + 1}`;
}

export function summariseProfile(file: string, top = 12): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  // timeDeltas[i] is the gap before sample i: sample i lasts until sample i + 1.
  for (let i = 0; i < profile.samples.length; i += 1) {
    const duration = profile.timeDeltas[i + 1] ?? 0;
    selfUs.set(profile.samples[i]!, (selfUs.get(profile.samples[i]!) ?? 0) + duration);
  }
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  /** The nearest JS frame (one with a source URL) at or above a node. */
  const jsFrameOf = (id: number): ProfileNode['callFrame'] | null => {
    for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) {
      const frame = nodes.get(at)!.callFrame;
      if (frame.url) return frame;
    }
    return null;
  };
  const byModule = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let busyUs = 0;
  for (const [id, us] of selfUs) {
    const frame = nodes.get(id)!.callFrame;
    if (frame.functionName === '(idle)' || frame.functionName === '(root)') continue;
    busyUs += us;
    const pseudo = frame.functionName.startsWith('(');
    const caller = frame.url || pseudo ? null : jsFrameOf(id);
    const module = caller
      ? moduleOf(caller.url, caller.functionName)
      : moduleOf(frame.url, frame.functionName);
    byModule.set(module, (byModule.get(module) ?? 0) + us);
    const label = frame.url
      ? `\`${frame.functionName || '(anonymous)'}\` ${where(frame)}`
      : caller
        ? `\`${frame.functionName || '(anonymous)'}\` (native) ← ${where(caller)}`
        : frame.functionName || '(anonymous)';
    byFunction.set(label, (byFunction.get(label) ?? 0) + us);
  }
  const rows = (map: Map<string, number>) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, ms: us / 1000, share: us / busyUs }));
  return {
    wallMs: (profile.endTime - profile.startTime) / 1000,
    busyMs: busyUs / 1000,
    byModule: rows(byModule),
    byFunction: rows(byFunction),
  };
}
