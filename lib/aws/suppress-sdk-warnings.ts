// The SDK prints a multi-line NodeVersionSupportWarning on Node < 22 when a client is created
// (DESIGN.md §3). It reaches process.emitWarning as a string starting with its name; only that
// one warning is dropped, every other warning still goes through.

let installed = false;

function isNodeVersionWarning(warning: unknown): boolean {
  if (typeof warning === 'string') return warning.startsWith('NodeVersionSupportWarning');
  if (warning instanceof Error) return warning.name === 'NodeVersionSupportWarning' || warning.message.startsWith('NodeVersionSupportWarning');
  return false;
}

export function suppressSdkNodeVersionWarning(): void {
  if (installed) return;
  installed = true;
  const original = process.emitWarning.bind(process) as (...args: unknown[]) => void;
  const filtered = (warning: unknown, ...rest: unknown[]): void => {
    const type = typeof rest[0] === 'string' ? rest[0] : (rest[0] as { type?: unknown } | undefined)?.type;
    if (isNodeVersionWarning(warning) || type === 'NodeVersionSupportWarning') return;
    original(warning, ...rest);
  };
  process.emitWarning = filtered as typeof process.emitWarning;
}
