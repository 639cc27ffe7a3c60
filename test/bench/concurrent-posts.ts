/**
 * Run as its own process by the webhook bench: Meta's deliveries come from outside our
 * process, so the sender's own work must not share the runtime's event loop. Reads
 * `{url, warmUrl, method, posts: [{body, headers}]}` from the file named by argv[2], opens one
 * keep-alive connection per post (warmed with a GET), sends every post at once and prints
 * `[{status, ms}]` in the same order.
 */
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';

interface Job {
  url: string;
  warmUrl: string;
  method: 'POST' | 'GET';
  posts: { body: string; headers: Record<string, string> }[];
}

const job = JSON.parse(readFileSync(process.argv[2] ?? '', 'utf8')) as Job;
const agent = new Agent({ keepAlive: true, maxSockets: job.posts.length });

function send(url: string, method: string, body?: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; ms: number }>((resolve, reject) => {
    const started = performance.now();
    const req = request(url, { method, agent, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

(async () => {
  await Promise.all(job.posts.map(() => send(job.warmUrl, 'GET')));
  const answers = await Promise.all(
    job.posts.map((p) =>
      send(job.url, job.method, job.method === 'GET' ? undefined : p.body, {
        ...p.headers,
        ...(job.method === 'GET' ? {} : { 'content-length': String(Buffer.byteLength(p.body)) }),
      }).catch(() => ({ status: 0, ms: Number.NaN })),
    ),
  );
  process.stdout.write(JSON.stringify(answers));
})();
