// Serves the built PWA (dist/) with the right MIME types and an SPA fallback to index.html.
// A file is opened before the answer starts, so one deleted or replaced meanwhile is either not
// found (404) or served whole from the open handle; read errors and clients that go away end that
// one response (pipeline destroys both ends), never the process.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { extname, join, normalize, sep } from 'node:path';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.wasm': 'application/wasm',
  '.csv': 'text/csv; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/** Resolves a URL path inside `root`, or null when it would escape it. */
function resolveInside(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0]);
  } catch {
    return null;
  }
  const path = normalize(join(root, decoded));
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep) ? path : null;
}

async function fileAt(path: string): Promise<string | null> {
  try {
    const s = await stat(path);
    if (s.isFile()) return path;
    if (s.isDirectory()) return fileAt(join(path, 'index.html'));
  } catch {
    /* not found */
  }
  return null;
}

/** Returns a request handler serving files under `root`. */
export function staticFiles(root: string): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const rootDir = normalize(root);
  return async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    const urlPath = req.url ?? '/';
    const target = resolveInside(rootDir, urlPath);
    if (!target) {
      res.writeHead(400).end('bad path');
      return;
    }
    let file = await fileAt(target);
    // SPA fallback: unknown paths without an extension get the app shell.
    if (!file && extname(urlPath.split('?')[0]) === '') file = await fileAt(join(rootDir, 'index.html'));
    if (!file) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    let handle: FileHandle;
    try {
      handle = await open(file, 'r');
      if (!(await handle.stat()).isFile()) {
        await handle.close();
        throw new Error('not a file any more');
      }
    } catch {
      // Gone (or replaced by a folder) between the lookup and the open.
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    const immutable = file.includes(`${sep}assets${sep}`);
    res.writeHead(200, {
      'Content-Type': MIME[extname(file)] ?? 'application/octet-stream',
      'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      'X-Content-Type-Options': 'nosniff',
    });
    if (req.method === 'HEAD') {
      await handle.close();
      res.end();
      return;
    }
    try {
      await pipeline(handle.createReadStream(), res);
    } catch {
      // The client went away or the read failed: pipeline has destroyed the response (and closed
      // the handle with the stream); there is nothing left to answer.
      res.destroy();
    }
  };
}
