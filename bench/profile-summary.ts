/** The parts of a V8 CPU profile (`Profiler.stop`, a `.cpuprofile` file) a summary reads. */
export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  /** Microseconds before each sample. */
  timeDeltas: number[];
}

/** Where the profiled process spent its CPU, by self time, idle left out. */
export interface ProfileSummary {
  /** Sampled time not idle, in ms. */
  activeMs: number;
  /** By package (`@smithy/core`), project folder (`project:render`), `node` for Node's own code, or V8's bucket. */
  byPackage: [string, number][];
  /** By function, named with its file. */
  byFunction: [string, number][];
}

/** Where a frame's code lives: the package, the project's top folder, Node itself, or V8's own name for it. */
export function ownerOf(url: string, functionName: string): string {
  // The innermost package: a copy nested in another package belongs to itself.
  const at = url.lastIndexOf('node_modules/');
  if (at !== -1) {
    const [scope = '', name = ''] = url.slice(at + 'node_modules/'.length).split('/');
    return scope.startsWith('@') ? `${scope}/${name}` : scope;
  }
  const inProject = /\/(shared|functions|local|bench)\/([^/]+)\//.exec(url);
  if (inProject) return `project:${inProject[2]}`;
  if (url.startsWith('node:') || url.startsWith('internal/')) return 'node';
  if (url === '') return functionName.startsWith('RegExp:') ? '(regexp)' : functionName || '(native)';
  return url.split('/').slice(-2).join('/');
}

/** Self time of a profile by package and by function, largest first, idle left out. */
export function summariseProfile(profile: CpuProfile): ProfileSummary {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const byPackage = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let active = 0;
  profile.samples.forEach((id, index) => {
    const node = nodes.get(id);
    const micros = profile.timeDeltas[index] ?? 0;
    if (!node || node.callFrame.functionName === '(idle)') return;
    active += micros;
    const { url, functionName, lineNumber } = node.callFrame;
    const owner = ownerOf(url, functionName);
    byPackage.set(owner, (byPackage.get(owner) ?? 0) + micros);
    const name = url
      ? `${functionName || '(anonymous)'} ${url.split('/').slice(-2).join('/')}:${lineNumber + 1}`
      : owner;
    byFunction.set(name, (byFunction.get(name) ?? 0) + micros);
  });
  const largestFirst = (totals: Map<string, number>): [string, number][] =>
    [...totals].map(([key, micros]): [string, number] => [key, micros / 1000]).sort((a, b) => b[1] - a[1]);
  return {
    activeMs: active / 1000,
    byPackage: largestFirst(byPackage),
    byFunction: largestFirst(byFunction),
  };
}
