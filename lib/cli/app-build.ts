import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

// What a production build depends on. A fingerprint of their paths, sizes and mtimes is
// written beside the build, so `steplens start` rebuilds only when one of them changed.
const BUILD_INPUTS = ['app', 'components', 'lib', 'next.config.js', 'package.json', 'package-lock.json', 'tsconfig.json'];
const SKIP = new Set(['node_modules', '.next', 'generated']);
const FINGERPRINT_FILE = join('.next', 'steplens-source-fingerprint');

export function nextBin(root: string): string {
  return join(root, 'node_modules', 'next', 'dist', 'bin', 'next');
}

/** Runs `next <args>` in the foreground; resolves with its exit code. */
export function runNext(root: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return runNode(root, [nextBin(root), ...args], env);
}

/**
 * Runs `node <argv>` in the foreground (in `root`, sharing the terminal), passing SIGINT and
 * SIGTERM on; resolves with its exit code.
 */
export function runNode(root: string, argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, argv, { cwd: root, env, stdio: 'inherit' });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(code ?? (signal ? 128 : 1));
    });
  });
}

export function sourceFingerprint(root: string): string {
  const hash = createHash('sha256');
  const visit = (path: string) => {
    if (!existsSync(path)) return;
    const stat = statSync(path);
    if (stat.isDirectory()) {
      for (const entry of readdirSync(path).sort()) if (!SKIP.has(entry)) visit(join(path, entry));
    } else {
      hash.update(`${relative(root, path)}\0${stat.size}\0${stat.mtimeMs}\n`);
    }
  };
  for (const input of BUILD_INPUTS) visit(join(root, input));
  return hash.digest('hex');
}

export function buildIsCurrent(root: string): boolean {
  const fingerprintFile = join(root, FINGERPRINT_FILE);
  if (!existsSync(join(root, '.next', 'BUILD_ID')) || !existsSync(fingerprintFile)) return false;
  return readFileSync(fingerprintFile, 'utf8').trim() === sourceFingerprint(root);
}

/** `next build`, then records the fingerprint of what was built. */
export async function buildApp(root: string): Promise<number> {
  const fingerprint = sourceFingerprint(root);
  const code = await runNext(root, ['build']);
  if (code === 0) writeFileSync(join(root, FINGERPRINT_FILE), `${fingerprint}\n`);
  return code;
}
