import { createServer } from 'node:http';

/**
 * No framework at all: node:http reads a POST body and answers `?bytes=` of JSON, prepared once.
 * What Node's own HTTP costs a cached quote on this machine: the ceiling of any app that runs on it.
 */
const answers = new Map<string, Buffer>();
createServer((req, res) => {
  const url = req.url ?? '/';
  let answer = answers.get(url);
  if (!answer) {
    const bytes = Number(new URL(url, 'http://x').searchParams.get('bytes') ?? 2);
    answers.set(url, (answer = Buffer.from(JSON.stringify({ pad: 'x'.repeat(Math.max(0, bytes - 10)) }))));
  }
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': answer.length });
    res.end(answer);
  });
}).listen(Number(process.env.PORT), '127.0.0.1', () => console.log('READY'));
