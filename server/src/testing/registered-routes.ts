import type { FastifyInstance } from 'fastify';

/**
 * Every `METHOD /url` the server has registered (HEAD left out), read back from Fastify's route tree, so a test
 * that enumerates route arrays can prove it missed none that someone wired into the app since.
 */
export function registeredRoutes(app: FastifyInstance): string[] {
  const out: string[] = [];
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^((?:[│ ] {3})*)[├└]── (.*?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!match) continue;
    const depth = (match[1] ?? '').length / 4;
    stack.length = depth;
    // The root, `└── /`, sits at depth 0; each child line names only what it adds to its parent's path.
    const path = `${stack[depth - 1] ?? ''}${match[2] ?? ''}`;
    stack[depth] = path;
    for (const method of (match[3] ?? '').split(', ').filter((m) => m !== '' && m !== 'HEAD')) {
      out.push(`${method} ${path.startsWith('/') ? path : `/${path}`}`);
    }
  }
  return out.sort();
}
