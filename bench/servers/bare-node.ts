import { createServer } from 'node:http';

/**
 * No framework at all: node:http reads a POST body and answers `?bytes=` of JSON. What Node's own
 * HTTP costs a cached quote on this machine, the ceiling of any app that runs on it.
 */
const answers = new Map<number, Buffer>();
createServer((req, res) => {
  const bytes = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('bytes') ?? 2);
  let answer = answers.get(bytes);
  if (!answer) answers.set(bytes, (answer = Buffer.from(JSON.stringify({ pad: 'x'.repeat(Math.max(0, bytes - 10)) }))));
  const chunks: Buffer[] = [];
  req.on('data', (b: Buffer) => chunks.push(b));
  req.on('end', () => {
    JSON.parse(Buffer.concat(chunks).toString('utf8'));
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': answer.length });
    res.end(answer);
  });
}).listen(Number(process.env.PORT), '127.0.0.1', () => console.log('READY'));
